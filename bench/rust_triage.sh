#!/usr/bin/env bash
# Precision of the rust analyzer on real applications and services.
#
# 1. For each `owner/name <commit>` line of bench/corpus/rust.txt, scans CORPUS_DIR/owner+name
#    (a checkout of that commit; cloned from GitHub and checked out when it is missing) with
#    `aseptic scan --only rust`.
# 2. Joins every finding with its judgement in bench/triage/rust.tsv, by repository, rule, path
#    and fingerprint (the line is recorded for the reader; findings never carry values).
# 3. Prints each finding with its label, the counts per rule, the precision over judged
#    findings (TP / (TP + FP)) and the scan time per repository.
#
# Findings with no judgement are listed as `?` and make the script exit 1, so the triage file is
# kept complete; judgements with no finding any more are listed as `gone`.
#
# Usage: bench/rust_triage.sh [CORPUS_DIR] [ASEPTIC_BINARY]
#        (defaults: target/corpus-rust and target/release/aseptic, built when missing)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${1:-$ROOT/target/corpus-rust}"
BIN="${2:-$ROOT/target/release/aseptic}"
LIST="$ROOT/bench/corpus/rust.txt"
TRIAGE="$ROOT/bench/triage/rust.tsv"
OUT="$ROOT/target/rust-triage"
mkdir -p "$CORPUS" "$OUT"

if [ ! -x "$BIN" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
fi

while read -r repo commit; do
  [ -z "$repo" ] && continue
  dir="$CORPUS/${repo/\//+}"
  if [ ! -d "$dir" ]; then
    git clone --quiet --filter=blob:none "https://github.com/$repo" "$dir"
    git -C "$dir" checkout --quiet "$commit"
  fi
  start=$(date +%s.%N)
  "$BIN" scan "$dir" --only rust --format json --no-progress > "$OUT/${repo/\//+}.json" 2>/dev/null || true
  end=$(date +%s.%N)
  echo "$repo $(echo "$end - $start" | bc)" >> "$OUT/times.txt.new"
done < "$LIST"
mv "$OUT/times.txt.new" "$OUT/times.txt"

python3 - "$LIST" "$TRIAGE" "$OUT" <<'PY'
import collections, csv, json, os, sys
lst, triage, out = sys.argv[1:4]
labels = {}
with open(triage) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        labels[(row["repo"], row["rule"], row["path"], row["fingerprint"])] = row
seen, per_rule, unjudged = set(), collections.defaultdict(collections.Counter), 0
for line in open(lst):
    if not line.strip():
        continue
    repo = line.split()[0]
    report = json.load(open(os.path.join(out, repo.replace("/", "+") + ".json")))
    for f in report["findings"]:
        loc = f["location"]
        key = (repo, f["rule_id"], loc["path"], f["fingerprint"])
        seen.add(key)
        label = labels.get(key, {}).get("label", "?")
        unjudged += label == "?"
        per_rule[f["rule_id"]][label] += 1
        print(f'{label:3} {f["rule_id"]:12} {repo}:{loc["path"]}:{loc["start_line"]}  {f["fingerprint"]}')
for key in sorted(set(labels) - seen):
    print(f'gone {key[1]:12} {key[0]}:{key[2]}  {key[3]}')
tp = sum(c["TP"] for c in per_rule.values())
fp = sum(c["FP"] for c in per_rule.values())
for rule, c in sorted(per_rule.items()):
    print(f'{rule:12} TP {c["TP"]:3}  FP {c["FP"]:3}  unjudged {c["?"]:3}')
total = tp + fp
print(f'judged findings: {total}; precision: {tp}/{total} = {100 * tp / total:.1f}%' if total else 'no judged findings')
print(f'unjudged: {unjudged}')
sys.exit(1 if unjudged else 0)
PY
echo "scan time per repository (s): $(sort -k2 -n -r "$OUT/times.txt" | head -3 | tr '\n' ' ')"
