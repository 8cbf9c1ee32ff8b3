# Shared helpers for the benchmark scripts (sourced, not run).
#
# measure NAME CMD...   runs CMD once under /usr/bin/time and records wall seconds, CPU seconds
#                       (user + system) and peak RSS (MiB) in the arrays below; stdout of CMD is
#                       discarded. Exit codes 0 and 1 count as success (1 = findings).
# median NAME RUNS...    records in NAME the median wall and CPU (and peak RSS) of the runs
#                       measured as RUNS... (so runs of two commands can alternate).
# ratio A B             prints B/A for wall and CPU, i.e. how many times more the peer B needs.

set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$BENCH_DIR/work"
mkdir -p "$WORK"
declare -A WALL CPU RSS

build_aseptic() {
  (cd "$ROOT" && cargo build --release --locked --quiet)
  ASEPTIC="$ROOT/target/release/aseptic"
}

measure() {
  local name="$1"; shift
  local t="$WORK/.time.$$"
  set +e
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$@" >/dev/null 2>"$WORK/.stderr.$$"
  local code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "$name failed with exit $code:" >&2
    tail -5 "$WORK/.stderr.$$" >&2
  fi
  read -r wall user sys rss_kb < <(tail -1 "$t")
  WALL[$name]=$wall
  CPU[$name]=$(echo "$user + $sys" | bc -l)
  RSS[$name]=$(echo "scale=1; $rss_kb / 1024" | bc -l)
  printf '%-28s wall %8.2fs  cpu %8.2fs  peak %8.1f MiB\n' "$name" "${WALL[$name]}" "${CPU[$name]}" "${RSS[$name]}"
  rm -f "$t" "$WORK/.stderr.$$"
}

median() {
  local name="$1"; shift
  local n=$# mid=$(( ($# - 1) / 2 ))
  local w c r
  w=$(for k in "$@"; do echo "${WALL[$k]}"; done | sort -g | sed -n "$((mid + 1))p")
  c=$(for k in "$@"; do echo "${CPU[$k]}"; done | sort -g | sed -n "$((mid + 1))p")
  r=$(for k in "$@"; do echo "${RSS[$k]}"; done | sort -g | sed -n "$((mid + 1))p")
  WALL[$name]=$w; CPU[$name]=$c; RSS[$name]=$r
  printf '%-28s wall %8.2fs  cpu %8.2fs  peak %8.1f MiB  (median of %d)\n' "$name" "$w" "$c" "$r" "$n"
}

ratio() {
  local a="$1" b="$2"
  local w c
  w=$(echo "scale=2; ${WALL[$b]} / (${WALL[$a]} + 0.001)" | bc -l)
  c=$(echo "scale=2; ${CPU[$b]} / (${CPU[$a]} + 0.001)" | bc -l)
  printf '%s vs %s: %sx wall, %sx cpu\n' "$b" "$a" "$w" "$c"
}
