#!/usr/bin/env bash
# Seeds every fuzz target's corpus from the repository's fixtures and runs each target for
# MINUTES minutes (default 10), one after another, then prints one line of figures per target.
#
#   fuzz/run.sh 10                 # every target, 10 minutes each
#   TARGETS="hcl rust" fuzz/run.sh 2
#   JOBS=2 fuzz/run.sh 10          # two targets at a time
#   fuzz/run.sh seed               # only (re)build the seed corpora in fuzz/corpus/
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
ALL="hcl yaml json xml hl7 dicom csv sql rust cargo_lock git_log config rules lockfiles osv_record arm kustomize"
TARGETS="${TARGETS:-$ALL}"
JOBS="${JOBS:-1}"

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

# OSV lockfiles: the first byte picks the reader, in the order of fuzz_targets/lockfiles.rs.
lock_names=(package-lock.json yarn.lock pnpm-lock.yaml poetry.lock Pipfile.lock uv.lock pdm.lock
    requirements.txt go.mod gradle.lockfile pom.xml packages.lock.json)
for i in "${!lock_names[@]}"; do
    mapfile -t lf < <(files -name "${lock_names[$i]}")
    seed lockfiles "$(printf '%02x' "$i")" "${lf[@]}"
done
mapfile -t lf < <(files \( -name 'npm-shrinkwrap.json' \))
seed lockfiles 00 "${lf[@]}"
mapfile -t lf < <(files \( -name 'requirements*.txt' -o -name '*.gradle.lockfile' -o -name '*-gradle.lockfile' \))
for f in "${lf[@]}"; do
    case "$f" in *.txt) seed lockfiles 07 "$f" ;; *) seed lockfiles 09 "$f" ;; esac
done
mapfile -t osv < <(find "$repo/fixtures" -path '*osv*' -name '*.json' -not -path '*repo*' -type f)
seed osv_record "" "${osv[@]}"
mapfile -t arm < <(grep -rlE 'eploymentTemplate.json' "$repo/fixtures" --include='*.json' || true)
seed arm "" "${arm[@]}"
# Kustomize: each fixture tree with an overlay and a base becomes one input, its four files in
# the target's order, separated by NUL bytes.
mkdir -p corpus/kustomize
while IFS= read -r overlay; do
    tree="$(dirname "$(dirname "$(dirname "$overlay")")")"
    patch="$(find "$(dirname "$overlay")" -name '*.yaml' -not -name 'kustomization.yaml' | head -1)"
    base_manifest="$(find "$tree/base" -name '*.yaml' -not -name 'kustomization.yaml' | head -1)"
    [ -f "$tree/base/kustomization.yaml" ] || continue
    {
        cat "$overlay"
        printf '\0'
        if [ -n "$patch" ]; then cat "$patch"; fi
        printf '\0'
        cat "$tree/base/kustomization.yaml"
        printf '\0'
        if [ -n "$base_manifest" ]; then cat "$base_manifest"; fi
    } >"corpus/kustomize/seed-$(printf '%s' "$tree" | cksum | cut -d' ' -f1)"
done < <(find "$repo/fixtures" -path '*overlays/*/kustomization.yaml' -type f)

if [ "$MINUTES" = seed ]; then
    exit 0
fi

# `cargo fuzz build` takes one target or none (all of them).
if [ "$TARGETS" = "$ALL" ]; then
    cargo +nightly fuzz build -s "$SANITIZER"
else
    for t in $TARGETS; do
        cargo +nightly fuzz build -s "$SANITIZER" "$t"
    done
fi

# run TARGET: fuzzes it for MINUTES and writes its one-line figures to artifacts/TARGET/summary.
run() {
    local t="$1"
    mkdir -p "artifacts/$t"
    local log="artifacts/$t/last-run.log"
    local status=0
    local start=$SECONDS
    cargo +nightly fuzz run -s "$SANITIZER" "$t" "corpus/$t" -- \
        -max_total_time=$((MINUTES * 60)) -timeout=30 -rss_limit_mb=2048 \
        -max_len=262144 -print_final_stats=1 >"$log" 2>&1 || status=$?
    local execs cov ft crashes
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
    crashes=$(find "artifacts/$t" -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' | wc -l)
    echo "$t: $((SECONDS - start)) s, ${execs} executions, coverage ${cov} edges, ${ft} features, ${crashes} crash/oom/timeout input(s), exit ${status}" \
        >"artifacts/$t/summary"
}

for t in $TARGETS; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
        wait -n || true
    done
    run "$t" &
done
wait
for t in $TARGETS; do
    cat "artifacts/$t/summary"
done
