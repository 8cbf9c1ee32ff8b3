#!/usr/bin/env bash
# Benchmark and false-positive check for the rust analyzer.
#
# 1. Fetches the sources of 20 popular crates from crates.io with `cargo fetch` on a generated
#    manifest (cargo unpacks them into $CARGO_HOME/registry/src), copies the 20 crates' own sources
#    to $WORK/crates and runs `aseptic scan --only rust` over them, printing every finding.
# 2. Builds a tree of about 100 MB of Rust sources (every `.rs` file of every fetched crate,
#    copied as many times as needed) and times `--only rust` against `--only secrets` on it.
#
# Usage: bench/rust.sh [WORK_DIR]   (default: target/bench-rust). Needs network access once.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$ROOT/target/bench-rust}"
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
TARGET_MB="${TARGET_MB:-100}"
mkdir -p "$WORK"

CRATES=(reqwest hyper sqlx tokio rustls serde serde_json openssl native-tls rusqlite postgres
        diesel tracing log rand clap axum actix-web regex ureq)

echo "== building aseptic (release)"
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
BIN="$ROOT/target/release/aseptic"

echo "== fetching ${#CRATES[@]} crates"
FETCH="$WORK/fetch"
mkdir -p "$FETCH/src"
echo "" > "$FETCH/src/lib.rs"
{
  echo '[package]'
  echo 'name = "bench-fetch"'
  echo 'version = "0.0.0"'
  echo 'edition = "2021"'
  echo '[workspace]'
  echo '[dependencies]'
  for c in "${CRATES[@]}"; do
    case "$c" in
      sqlx) echo 'sqlx = { version = "*", features = ["postgres", "sqlite", "runtime-tokio"] }' ;;
      diesel) echo 'diesel = { version = "*", features = ["postgres", "sqlite"] }' ;;
      *) echo "$c = \"*\"" ;;
    esac
  done
} > "$FETCH/Cargo.toml"
(cd "$FETCH" && cargo generate-lockfile --quiet && cargo fetch --quiet)

# The resolved version of each crate, from the lockfile.
SRC_DIRS=$(ls -d "$CARGO_HOME"/registry/src/*/)
mkdir -p "$WORK/crates"
python3 - "$FETCH/Cargo.lock" "$WORK/crates" ${CRATES[@]} <<'PY' > "$WORK/crates.txt"
import sys, re
lock, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(lock).read()
pkgs = re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', text)
for n in names:
    vs = [v for (m, v) in pkgs if m == n]
    if vs:
        print(f"{n}-{sorted(vs)[-1]}")
PY
rm -rf "$WORK/crates"; mkdir -p "$WORK/crates"
while read -r nv; do
  for d in $SRC_DIRS; do
    if [ -d "$d/$nv" ]; then cp -r "$d/$nv" "$WORK/crates/"; break; fi
  done
done < "$WORK/crates.txt"
echo "crates: $(ls "$WORK/crates" | wc -l) ($(ls "$WORK/crates" | tr '\n' ' '))"
echo "rust files: $(find "$WORK/crates" -name '*.rs' | wc -l), $(du -sh "$WORK/crates" | cut -f1)"

echo "== findings of --only rust on the 20 crates"
set +e
"$BIN" scan "$WORK/crates" --only rust --format json --no-progress > "$WORK/findings.json"
set -e
python3 - "$WORK/findings.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    l = f["location"]
    print(f'{f["rule_id"]}  {l["path"]}:{l["start_line"]}  {f["message"]}')
    print(f'    {f["snippet"]}')
print(f'{len(d["findings"])} finding(s)')
notes = [n for n in d.get("notes", []) if n["level"] != "info"]
for n in notes:
    print(f'note {n["level"]}: {n.get("path", "")}: {n["message"]}')
PY

echo "== building a ${TARGET_MB} MB tree"
TREE="$WORK/tree"
if [ ! -f "$TREE/.complete-$TARGET_MB" ]; then
  rm -rf "$TREE"; mkdir -p "$TREE"
  # Every .rs file of every unpacked crate (sorted, so the tree is the same on every run),
  # copied in order, again and again if needed, until the tree holds TARGET_MB megabytes.
  python3 - "$CARGO_HOME/registry/src" "$TREE" "$TARGET_MB" <<'PY'
import os, shutil, sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = []
for root, dirs, names in os.walk(src):
    dirs.sort()
    for n in sorted(names):
        if n.endswith(".rs"):
            p = os.path.join(root, n)
            if os.path.getsize(p) < 1_000_000:
                files.append(p)
total, copy, limit = 0, 0, mb * 1_000_000
while total < limit:
    copy += 1
    for p in files:
        if total >= limit:
            break
        out = os.path.join(dst, f"c{copy}", os.path.relpath(p, src))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        shutil.copyfile(p, out)
        total += os.path.getsize(p)
PY
  touch "$TREE/.complete-$TARGET_MB"
fi
echo "tree: $(find "$TREE" -name '*.rs' | wc -l) files, $(find "$TREE" -name '*.rs' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1e6}') MB"

# Both analyzers, alternating, RUNS times each after one warm-up run of each (page cache):
# the machine is noisy, so the ratio is of the medians.
RUNS="${RUNS:-5}"
source "$ROOT/bench/lib.sh"
WORK="${1:-$ROOT/target/bench-rust}"
echo "== timing (threads: $(nproc), $RUNS runs each)"
for what in secrets rust; do
  "$BIN" scan "$TREE" --only "$what" --format json --no-progress > "$WORK/tree-$what.json" 2>/dev/null || true
  echo "$what: $(python3 -c "import json;print(len(json.load(open('$WORK/tree-$what.json'))['findings']))") finding(s)"
done
names_s=(); names_r=()
for i in $(seq "$RUNS"); do
  measure "secrets-$i" "$BIN" scan "$TREE" --only secrets --format json --no-progress
  measure "rust-$i" "$BIN" scan "$TREE" --only rust --format json --no-progress
  names_s+=("secrets-$i"); names_r+=("rust-$i")
done
median secrets "${names_s[@]}"
median rust "${names_r[@]}"
ratio secrets rust
