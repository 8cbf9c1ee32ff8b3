#!/usr/bin/env bash
# Seeds every fuzz target's corpus from the repository's fixtures and runs each target for
# MINUTES minutes (default 10), one after another, then prints one line of figures per target.
#
#   fuzz/run.sh 10                 # every target, 10 minutes each
#   TARGETS="hcl rust" fuzz/run.sh 2
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). SANITIZER defaults to
# `none`: the code under test is safe Rust, and without AddressSanitizer a run makes several times
# more executions; set SANITIZER=address to look for memory errors in dependencies' unsafe code.
# Crashes land in fuzz/artifacts/<target>/; each one fixed becomes a case in tests/hostile.rs.
set -euo pipefail

MINUTES="${1:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$here"
SANITIZER="${SANITIZER:-none}"
ALL="hcl yaml json xml hl7 dicom csv sql rust cargo_lock git_log config rules"
TARGETS="${TARGETS:-$ALL}"

# seed TARGET PREFIX_BYTE FILE...: copies each file into the target's corpus, after an optional
# first byte (the targets that pick a file name from their first byte).
seed() {
    local target="$1" prefix="$2"
    shift 2
    mkdir -p "corpus/$target"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        local name
        name="seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
        if [ -n "$prefix" ]; then
            { printf "\\x$prefix"; cat "$f"; } >"corpus/$target/$name"
        else
            cp "$f" "corpus/$target/$name"
        fi
    done
}

files() { find "$repo/fixtures" "$@" -type f 2>/dev/null; }

mapfile -t tf < <(files \( -name '*.tf' -o -name '*.tfvars' \))
seed hcl "" "${tf[@]}"
mapfile -t k8s < <(files \( -name '*.yaml' -o -name '*.yml' \) -not -path '*workflows*')
seed yaml 00 "${k8s[@]}"
mapfile -t wf < <(files -path '*workflows*' -name '*.y*ml')
seed yaml 01 "${wf[@]}"
mapfile -t json < <(files \( -name '*.json' -o -name '*.ndjson' -o -name '*.jsonl' \))
seed json 00 "${json[@]}"
mapfile -t xml < <(files \( -name '*.xml' -o -name '*.ccda' -o -name '*.cda' \))
seed xml 00 "${xml[@]}"
mapfile -t hl7 < <(files -name '*.hl7')
seed hl7 "" "${hl7[@]}"
mapfile -t csv < <(files \( -name '*.csv' -o -name '*.tsv' \))
seed csv 00 "${csv[@]}"
mapfile -t sql < <(files -name '*.sql')
seed sql "" "${sql[@]}"
mapfile -t rs < <(files -name '*.rs'; find "$repo/src" -name '*.rs' -size -64k)
seed rust "" "${rs[@]}"
mapfile -t locks < <(files -name 'Cargo.lock'; echo "$repo/Cargo.lock")
seed cargo_lock "" "${locks[@]}"
mapfile -t toml < <(files -name '*.toml')
seed config "" "${toml[@]}"
mapfile -t rules < <(find "$repo/rules" -name '*.toml' | head -200; files -name '*.toml')
seed rules "" "${rules[@]}"
# DICOM: the target adds the preamble and magic; one explicit-VR element names a patient.
mkdir -p corpus/dicom
printf '\x02\x00\x10\x00UI\x14\x001.2.840.10008.1.2.1\x00\x10\x00\x10\x00PN\x08\x00DOE^JANE\x10\x00\x30\x00DA\x08\x0019700101' \
    >corpus/dicom/seed-explicit-vr
# The git log parser: this repository's own recent history, in the form --history reads.
mkdir -p corpus/git_log
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$repo" -c core.quotePath=false log -p -U0 --no-color --no-textconv --no-ext-diff \
        --format='%x00commit %H %cs' -n 5 | head -c 200000 >corpus/git_log/seed-log || true
fi

cargo +nightly fuzz build -s "$SANITIZER" $TARGETS

summary=()
for t in $TARGETS; do
    mkdir -p "artifacts/$t"
    log="artifacts/$t/last-run.log"
    set +e
    cargo +nightly fuzz run -s "$SANITIZER" "$t" "corpus/$t" -- \
        -max_total_time=$((MINUTES * 60)) -timeout=30 -rss_limit_mb=2048 \
        -max_len=262144 -print_final_stats=1 >"$log" 2>&1
    status=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
    crashes=$(find "artifacts/$t" -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' | wc -l)
    summary+=("$t: ${execs} executions, coverage ${cov} edges, ${crashes} crash/oom/timeout input(s), exit ${status}")
done
printf '%s\n' "${summary[@]}"
