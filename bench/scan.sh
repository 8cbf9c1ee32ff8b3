#!/usr/bin/env bash
# Whole-scan benchmark on a large generated tree: aseptic with every analyzer (advisories off: the
# tree has no lockfile) against ripgrep reading the same bytes for a few keywords, the practical
# lower bound for "read every file once". Prints wall time, CPU time, peak memory and ratios.
#
#   bash bench/scan.sh [FILES] [KIB_PER_FILE]     (default 20000 files of 8 KiB = 160 MiB)
source "$(dirname "$0")/lib.sh"
FILES="${1:-20000}"
KIB="${2:-8}"
TREE="$WORK/generated-$FILES-$KIB"
command -v rg >/dev/null || { apt-get install -y -qq ripgrep >/dev/null 2>&1 || true; }

if [ ! -d "$TREE" ]; then
  echo "generating $FILES files of ${KIB} KiB under $TREE"
  python3 - "$TREE" "$FILES" "$KIB" <<'PY'
import os, random, sys
root, files, kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(42)
words = "patient service config value return import struct impl request response token client server cache index".split()
exts = [".py", ".rs", ".yaml", ".json", ".md", ".txt", ".tf", ".csv", ".js", ".go"]
for i in range(files):
    d = os.path.join(root, f"d{i % 200:03d}", f"s{i % 7}")
    os.makedirs(d, exist_ok=True)
    lines, size = [], 0
    while size < kib * 1024:
        line = " ".join(rnd.choice(words) for _ in range(rnd.randint(4, 14))) + f" = {rnd.randint(0, 10**6)}"
        lines.append(line); size += len(line) + 1
    with open(os.path.join(d, f"f{i}{exts[i % len(exts)]}"), "w") as f:
        f.write("\n".join(lines) + "\n")
PY
fi
build_aseptic
echo "tree: $(find "$TREE" -type f | wc -l) files, $(du -sh "$TREE" | cut -f1)"
measure "aseptic (all but advisories)" "$ASEPTIC" scan "$TREE" --skip advisories --format json --no-progress
if command -v rg >/dev/null; then
  printf 'password\ntoken\nsecret\nssn\nAKIA\n' >"$WORK/keywords.txt"
  measure "rg -uu -i -F (5 keywords)" rg -uu -i -F -f "$WORK/keywords.txt" "$TREE"
  ratio "aseptic (all but advisories)" "rg -uu -i -F (5 keywords)"
fi
