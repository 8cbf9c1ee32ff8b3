#!/usr/bin/env bash
# Advisories: `aseptic scan --only advisories` against `cargo audit -n --no-yanked` (cargo-audit
# from crates.io) on one Cargo.lock of 500+ packages, with the same advisory database.
#
#   bash bench/advisories.sh [DB]        (default ../shared/advisory-db)
#
# The lockfile is generated once into bench/work/advisories-lock/ from a Cargo.toml that depends
# on many widely used crates (`cargo generate-lockfile`, offline when cargo's cache suffices,
# else it reads the crates.io index). Two aseptic runs are timed against the same cargo-audit run:
#   aseptic          the default: also yanked status from cargo's local index cache and, with the
#                    Cargo.toml beside the lockfile, `cargo metadata --no-deps` for dependency kinds;
#   aseptic (same)   the same work as `cargo audit --no-yanked`: the lockfile alone, yanked off.
source "$(dirname "$0")/lib.sh"
DB="$(cd "${1:-$ROOT/../shared/advisory-db}" && pwd)"
RUNS="${RUNS:-10}"

if ! command -v cargo-audit >/dev/null; then
  echo "installing cargo-audit from crates.io ..."
  cargo install cargo-audit --locked --quiet
fi

LOCKDIR="$WORK/advisories-lock"
if [ ! -f "$LOCKDIR/Cargo.lock" ]; then
  rm -rf "$LOCKDIR"; mkdir -p "$LOCKDIR/src"
  echo 'fn main() {}' >"$LOCKDIR/src/main.rs"
  cat >"$LOCKDIR/Cargo.toml" <<'TOML'
[package]
name = "bench-app"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
tokio = { version = "1", features = ["full"] }
axum = "0.7"
actix-web = "4"
reqwest = { version = "0.12", features = ["json", "blocking", "cookies", "gzip", "brotli"] }
hyper = { version = "1", features = ["full"] }
tonic = "0.12"
prost = "0.13"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_yaml = "0.9"
sqlx = { version = "0.8", features = ["runtime-tokio", "postgres", "mysql", "sqlite", "chrono", "uuid"] }
diesel = { version = "2", features = ["postgres", "chrono"] }
aws-config = "1"
aws-sdk-s3 = "1"
aws-sdk-dynamodb = "1"
aws-sdk-kms = "1"
openssl = "0.10"
rustls = "0.23"
clap = { version = "4", features = ["derive", "env"] }
tracing = "0.1"
tracing-subscriber = { version = "0.3", features = ["env-filter", "json"] }
chrono = "0.4"
time = "0.3"
uuid = { version = "1", features = ["v4"] }
regex = "1"
rayon = "1"
image = "0.25"
lettre = "0.11"
redis = { version = "0.27", features = ["tokio-comp"] }
jsonwebtoken = "9"
argon2 = "0.5"
handlebars = "6"
tera = "1"
config = "0.14"
opentelemetry = "0.27"
rdkafka = { version = "0.37", features = ["cmake-build"] }
mongodb = "3"
git2 = "0.19"
wasmtime = "27"
TOML
  (cd "$LOCKDIR" && { cargo generate-lockfile --offline --quiet 2>/dev/null || cargo generate-lockfile --quiet; })
fi
LOCK="$LOCKDIR/Cargo.lock"
PACKAGES=$(grep -c '^\[\[package\]\]' "$LOCK")
echo "lockfile: $PACKAGES packages; database: $(cat "$DB/SNAPSHOT.txt" 2>/dev/null | head -c 80 || echo "$DB")"
[ "$PACKAGES" -ge 500 ] || { echo "lockfile has fewer than 500 packages" >&2; exit 1; }

build_aseptic
echo "cargo-audit: $(cargo audit --version)"
ASEPTIC_CMD=("$ASEPTIC" scan "$LOCKDIR" --only advisories --advisory-db "$DB" --offline --no-progress --format json)
SAMEDIR="$WORK/advisories-lock-only"
rm -rf "$SAMEDIR"; mkdir -p "$SAMEDIR"; cp "$LOCK" "$SAMEDIR/"
printf '[advisories]\nyanked = false\n' >"$WORK/advisories-same.toml"
SAME_CMD=("$ASEPTIC" scan "$SAMEDIR" --config "$WORK/advisories-same.toml" --only advisories --advisory-db "$DB" --offline --no-progress --format json)
AUDIT_CMD=(cargo audit -n -d "$DB" --no-yanked -f "$LOCK" --json)

# What each finds (advisory ids), so a faster run is not a run that checks less.
"${ASEPTIC_CMD[@]}" 2>/dev/null | python3 -c 'import json,sys; print("aseptic ids:    ", sorted({f["rule_id"] for f in json.load(sys.stdin)["findings"] if f["rule_id"].startswith("RUSTSEC")}))' || true
"${AUDIT_CMD[@]}" 2>/dev/null | python3 -c '
import json,sys
d=json.load(sys.stdin)
ids={v["advisory"]["id"] for v in d["vulnerabilities"]["list"]}
for k,ws in d.get("warnings",{}).items():
    ids|={w["advisory"]["id"] for w in ws if w.get("advisory")}
print("cargo-audit ids:", sorted(ids))' || true

# CPU time and peak memory of one run each, then wall time over $RUNS runs.
measure "aseptic" "${ASEPTIC_CMD[@]}"
measure "aseptic (same)" "${SAME_CMD[@]}"
measure "cargo audit" "${AUDIT_CMD[@]}"
ratio "aseptic" "cargo audit"
ratio "aseptic (same)" "cargo audit"
# Wall time over $RUNS interleaved runs each: hyperfine when installed, else a loop.
if command -v hyperfine >/dev/null; then
  hyperfine -N -i -w 2 -r "$RUNS" --export-json "$WORK/advisories-hyperfine.json" \
    -n aseptic "${ASEPTIC_CMD[*]}" -n "aseptic (same)" "${SAME_CMD[*]}" -n "cargo audit" "${AUDIT_CMD[*]}" >/dev/null
  python3 - "$WORK/advisories-hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
c = r["cargo audit"]
for name in ("aseptic", "aseptic (same)", "cargo audit"):
    print(f"{name:16} mean wall {r[name]*1000:6.0f} ms")
for name in ("aseptic", "aseptic (same)"):
    print(f"cargo audit / {name}: {c/r[name]:.2f}x (above 1: aseptic is faster)")
PY
else
  declare -A SUM
  for _ in $(seq "$RUNS"); do
    for name in aseptic "aseptic (same)" "cargo audit"; do
      case "$name" in
        aseptic) cmd=("${ASEPTIC_CMD[@]}") ;;
        "aseptic (same)") cmd=("${SAME_CMD[@]}") ;;
        *) cmd=("${AUDIT_CMD[@]}") ;;
      esac
      start=$(date +%s%N); "${cmd[@]}" >/dev/null 2>&1 || true; end=$(date +%s%N)
      SUM[$name]=$(( ${SUM[$name]:-0} + end - start ))
    done
  done
  for name in aseptic "aseptic (same)" "cargo audit"; do
    echo "$name: mean wall $(( SUM[$name] / RUNS / 1000000 )) ms over $RUNS runs"
  done
  for name in aseptic "aseptic (same)"; do
    echo "cargo audit / $name: $(echo "scale=2; ${SUM["cargo audit"]} / ${SUM[$name]}" | bc -l)x"
  done
fi
