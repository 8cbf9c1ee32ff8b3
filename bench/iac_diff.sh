#!/usr/bin/env bash
# Differential check of the IaC analyzer against Checkov on public IaC repositories.
#
# bench/corpus/iac.txt lists the repositories (`owner/name <commit>`, one a line); their files are
# never committed. Check each one out at its commit under $CORPUS/<owner>+<name> first (default
# CORPUS=bench/work/corpus/iac). The script installs Checkov from PyPI into bench/work/venv when it
# is missing, builds aseptic in release mode, scans every repository with both tools (Checkov's
# results are cached in bench/work/iac_diff/, delete them to rerun), maps Checkov check ids to our
# rules through each rule's `peers.checkov`, and prints one line per (rule, repository) pair
# where either tool flags something: Checkov's count of flagged resources, ours, and whether they
# agree within max(1, 10%). aseptic runs with --no-ignore, as Checkov does not read .gitignore.
# Checkov gets CHECKOV_TIMEOUT seconds per repository (default 3600: the largest module
# collections take many minutes on a busy machine); a run that times out is not cached and the
# repository is reported as having no results.
# Pairs that disagree must have a line in bench/triage/iac.tsv; the
# script lists those that do not and exits 1 when there are any.
#
# Usage: bench/iac_diff.sh [--markdown]     (CORPUS=dir to point at the checkouts, OUT=dir for the
#        results, CHECKOV=path to use an installed Checkov)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/work
OUT=${OUT:-$WORK/iac_diff}
CORPUS=${CORPUS:-$WORK/corpus/iac}
CHECKOV=${CHECKOV:-$WORK/venv/bin/checkov}
CHECKOV_TIMEOUT=${CHECKOV_TIMEOUT:-3600}
mkdir -p "$OUT"

if [ ! -x "$CHECKOV" ]; then
  CHECKOV=$WORK/venv/bin/checkov
  echo "installing checkov into $WORK/venv (once)" >&2
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet --upgrade pip
  "$WORK/venv/bin/pip" install --quiet checkov
fi
cargo build --release --quiet
ASEPTIC=target/release/aseptic
"$ASEPTIC" rules --format json > "$OUT/rules.json"
# Which formats each Checkov check covers (its IaC column), so a rule's findings are compared only
# where a peer check exists.
[ -s "$OUT/checkov-checks.md" ] || "$CHECKOV" --list > "$OUT/checkov-checks.md"

while read -r repo commit; do
  [ -z "$repo" ] && continue
  dir="$CORPUS/${repo/\//+}"
  key="${repo/\//+}"
  if [ ! -d "$dir" ]; then
    echo "missing checkout: $dir ($repo $commit)" >&2
    continue
  fi
  "$ASEPTIC" scan --only iac --no-ignore --format json --fail-on none --threads 2 "$dir" > "$OUT/$key.aseptic.json" 2> /dev/null || true
  if [ ! -s "$OUT/$key.checkov.json" ]; then
    rc=0
    BC_SKIP_MAPPING=TRUE timeout "$CHECKOV_TIMEOUT" "$CHECKOV" -d "$dir" -o json --quiet --compact \
      --skip-download --framework terraform cloudformation kubernetes arm dockerfile github_actions \
      > "$OUT/$key.checkov.json" 2> "$OUT/$key.checkov.err" || rc=$?
    if [ "$rc" -eq 124 ]; then
      echo "checkov timed out after ${CHECKOV_TIMEOUT}s: $repo" >&2
      rm -f "$OUT/$key.checkov.json"
    fi
  fi
done < bench/corpus/iac.txt

python3 bench/iac_diff.py "$OUT" bench/corpus/iac.txt bench/triage/iac.tsv "$@"
