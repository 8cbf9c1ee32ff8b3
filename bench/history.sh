#!/usr/bin/env bash
# History scan: `aseptic scan --history` against `git log -p | rg` (ripgrep over the same patch
# text for the secrets rules' keywords) on a locally built repository of 10,000+ commits.
#
#   bash bench/history.sh [COMMITS]      (default 10000)
source "$(dirname "$0")/lib.sh"
COMMITS="${1:-10000}"
REPO="$WORK/history-$COMMITS"
if [ ! -d "$REPO/.git" ]; then
  rm -rf "$REPO"; mkdir -p "$REPO"
  git -C "$REPO" init -q -b main
  # git fast-import builds the whole history in one process, in seconds.
  python3 - "$COMMITS" <<'PY' | git -C "$REPO" fast-import --quiet
import random, sys
n = int(sys.argv[1])
rnd = random.Random(7)
words = "patient encounter claim service config handler request response cache token".split()
for i in range(n):
    path = f"src/m{i % 400}.py"
    body = "".join(
        f"def f{i}_{j}(x):\n    return x.get('{rnd.choice(words)}', {rnd.randint(0, 9999)})\n" for j in range(6)
    )
    if i % 1000 == 500:
        body += f'API_KEY = "AKIA{"".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))}"\n'
    data = body.encode()
    print("commit refs/heads/main")
    print(f"committer bench <bench@example.test> {1700000000 + i * 60} +0000")
    msg = f"change {i}".encode()
    print(f"data {len(msg)}"); sys.stdout.flush()
    sys.stdout.buffer.write(msg + b"\n")
    print(f"M 100644 inline {path}")
    print(f"data {len(data)}"); sys.stdout.flush()
    sys.stdout.buffer.write(data + b"\n")
PY
  git -C "$REPO" reset -q --hard main
fi
build_aseptic
echo "repository: $(git -C "$REPO" rev-list --count HEAD) commits"
# The secrets rules' keywords, read from the rule files.
python3 - "$ROOT/rules/secrets" >"$WORK/keywords.txt" <<'PY'
import sys, pathlib, tomllib
kw = set()
for p in pathlib.Path(sys.argv[1]).rglob("*.toml"):
    m = tomllib.loads(p.read_text()).get("matcher", {})
    kw.update(k.lower() for k in m.get("keywords", []))
print("\n".join(sorted(kw)))
PY
echo "keywords: $(wc -l <"$WORK/keywords.txt")"
measure "aseptic scan --history" "$ASEPTIC" scan "$REPO" --history --no-progress --format json
measure "git log -p | rg -i -F -f keywords" bash -c "git -C '$REPO' log -p -U0 --no-color | rg -i -F -f '$WORK/keywords.txt'"
ratio "aseptic scan --history" "git log -p | rg -i -F -f keywords"
