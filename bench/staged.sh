#!/usr/bin/env bash
# Pre-commit latency: `aseptic scan --staged` with one staged file in a repository of 10,000
# files, against `git diff --cached --name-only` (the least any staged-files hook must do).
# Prints the best and median wall time of 20 runs of each.
#
#   bash bench/staged.sh [FILES]      (default 10000)
source "$(dirname "$0")/lib.sh"
FILES="${1:-10000}"
REPO="$WORK/staged-$FILES"
if [ ! -d "$REPO/.git" ]; then
  rm -rf "$REPO"; mkdir -p "$REPO"
  python3 - "$REPO" "$FILES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"pkg{i % 100:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"mod{i}.py"), "w") as f:
        f.write(f"def handler_{i}(request):\n    return request.get('value', {i})\n" * 20)
PY
  git -C "$REPO" init -q -b main
  git -C "$REPO" add -A
  git -C "$REPO" -c user.name=b -c user.email=b@example.test commit -qm init
fi
echo 'def changed(request):\n    return request.headers.get("x-token")' >"$REPO/pkg07/mod7.py"
git -C "$REPO" add pkg07/mod7.py
build_aseptic

bench() {
  local name="$1"; shift
  local times=()
  for _ in $(seq 20); do
    local s e
    s=$(date +%s%N)
    (cd "$REPO" && "$@" >/dev/null 2>&1) || true
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  IFS=$'\n' sorted=($(sort -n <<<"${times[*]}")); unset IFS
  printf '%-40s best %6.1f ms   median %6.1f ms\n' "$name" "$(echo "${sorted[0]} / 1000" | bc -l)" "$(echo "${sorted[10]} / 1000" | bc -l)"
}
echo "repository: $FILES files, 1 staged change"
bench "aseptic scan --staged" "$ASEPTIC" scan --staged --no-progress --skip advisories
bench "aseptic scan --staged (all analyzers)" "$ASEPTIC" scan --staged --no-progress --offline
bench "git diff --cached --name-only" git diff --cached --name-only
git -C "$REPO" reset -q --hard
