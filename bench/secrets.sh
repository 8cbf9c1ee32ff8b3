#!/usr/bin/env bash
# Secrets benchmark: `aseptic scan --only secrets` against detect-secrets and against ripgrep
# searching the rules' keywords as fixed strings (the practical lower bound: it reads the same
# bytes and does less work). Measures, in one run and on the same corpus, wall time, CPU time
# (user + sys) and peak RSS with /usr/bin/time -v, then prints the ratios.
#
# The corpus is built offline under bench/work/ (gitignored) from unpacked crate sources
# (~/.cargo/registry/src by default), copied until it holds >= 100 MB and >= 20,000 files.
# detect-secrets is far slower, so it scans every DS_EVERY-th file and its times are scaled up by
# the byte ratio (the report says so).
#
# Usage: bench/secrets.sh            (env: CORPUS_SOURCE, DS_EVERY=20, THREADS=all cores)
# This is not a test: run it by hand, once, on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
WORK=$REPO/bench/work/secrets
CORPUS=$WORK/corpus
SRC=${CORPUS_SOURCE:-$HOME/.cargo/registry/src}
DS_EVERY=${DS_EVERY:-20}
THREADS=${THREADS:-$(nproc)}
MIN_BYTES=$((100 * 1000 * 1000))
MIN_FILES=20000
mkdir -p "$WORK"

# --- corpus -------------------------------------------------------------------------------
count_files() { find "$CORPUS" -type f | wc -l; }
count_bytes() { du -sb "$CORPUS" | cut -f1; }
if [ ! -f "$CORPUS/.complete" ]; then
  [ -d "$SRC" ] || { echo "no corpus source at $SRC (set CORPUS_SOURCE)" >&2; exit 2; }
  rm -rf "$CORPUS"
  mkdir -p "$CORPUS"
  i=0
  while :; do
    i=$((i + 1))
    cp -R "$SRC" "$CORPUS/copy$i"
    if [ "$(count_bytes)" -ge "$MIN_BYTES" ] && [ "$(count_files)" -ge "$MIN_FILES" ]; then break; fi
  done
  touch "$CORPUS/.complete"
fi
FILES=$(count_files)
BYTES=$(count_bytes)

# --- tools --------------------------------------------------------------------------------
if ! command -v rg >/dev/null; then
  cargo install ripgrep || { apt-get install -y ripgrep; }
fi
if ! command -v detect-secrets >/dev/null; then
  python3 -m pip install --quiet detect-secrets
fi
cargo build --release --quiet
ASEPTIC=$REPO/target/release/aseptic

# The rules' keywords, one per line, for ripgrep.
python3 - "$REPO/rules/secrets" >"$WORK/keywords.txt" <<'EOF'
import pathlib, sys, tomllib
words = set()
for p in pathlib.Path(sys.argv[1]).rglob("*.toml"):
    words.update(tomllib.loads(p.read_text())["matcher"].get("keywords", []))
print("\n".join(sorted(words)))
EOF

# detect-secrets' subset: every DS_EVERY-th file, keeping its name (plugins look at extensions).
SUBSET=$WORK/ds-subset
if [ ! -f "$SUBSET/.complete" ]; then
  rm -rf "$SUBSET"
  mkdir -p "$SUBSET"
  find "$CORPUS" -type f ! -name .complete | sort | awk -v n="$DS_EVERY" 'NR % n == 0' |
    while IFS= read -r f; do
      d="$SUBSET/$(printf '%s' "$f" | md5sum | cut -c1-8)"
      mkdir -p "$d"
      cp "$f" "$d/"
    done
  touch "$SUBSET/.complete"
fi
SUBSET_BYTES=$(du -sb "$SUBSET" | cut -f1)

# --- measure ------------------------------------------------------------------------------
# measure NAME CMD...: runs CMD under /usr/bin/time -v; prints "wall cpu rss_kib".
measure() {
  local name=$1
  shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || true
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
    END { printf "%.2f %.2f %d\n", w, u + s, m }' "$WORK/$name.time"
}

# Warm the page cache so the first tool measured is not charged for disk reads.
rg -uu -c -F -i -f "$WORK/keywords.txt" "$CORPUS" >/dev/null 2>&1 || true

read -r A_WALL A_CPU A_RSS < <(measure aseptic "$ASEPTIC" scan "$CORPUS" --only secrets \
  --format json --no-ignore --no-progress --threads "$THREADS" --max-file-size 100M)
read -r R_WALL R_CPU R_RSS < <(measure ripgrep rg -uu -i -F -f "$WORK/keywords.txt" \
  --threads "$THREADS" "$CORPUS")
read -r D_WALL D_CPU D_RSS < <(measure detect-secrets detect-secrets scan --all-files "$SUBSET")

SCALE=$(awk -v a="$BYTES" -v b="$SUBSET_BYTES" 'BEGIN { printf "%.2f", a / b }')
DS_WALL=$(awk -v t="$D_WALL" -v s="$SCALE" 'BEGIN { printf "%.2f", t * s }')
DS_CPU=$(awk -v t="$D_CPU" -v s="$SCALE" 'BEGIN { printf "%.2f", t * s }')
FINDINGS=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/aseptic.out" 2>/dev/null || echo "?")

echo "corpus: $FILES files, $((BYTES / 1000000)) MB ($SRC, copied); threads: $THREADS; keywords: $(wc -l <"$WORK/keywords.txt")"
echo "detect-secrets scanned every ${DS_EVERY}th file ($((SUBSET_BYTES / 1000000)) MB); its times below are scaled by x$SCALE"
printf '%-16s %10s %10s %12s\n' tool "wall (s)" "cpu (s)" "peak RSS MiB"
printf '%-16s %10s %10s %12s\n' "aseptic" "$A_WALL" "$A_CPU" "$((A_RSS / 1024))"
printf '%-16s %10s %10s %12s\n' "ripgrep" "$R_WALL" "$R_CPU" "$((R_RSS / 1024))"
printf '%-16s %10s %10s %12s\n' "detect-secrets*" "$DS_WALL" "$DS_CPU" "$((D_RSS / 1024))"
awk -v a="$A_CPU" -v r="$R_CPU" -v d="$DS_CPU" 'BEGIN {
  printf "CPU: detect-secrets / aseptic = %.0fx (target >= 200x); aseptic / ripgrep = %.2fx (target <= 3x)\n", d / a, a / r }'
echo "aseptic findings: $FINDINGS"
