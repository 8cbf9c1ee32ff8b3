#!/usr/bin/env bash
# PHI precision on public health-tech repositories.
#
# Scans each repository of bench/corpus/phi.txt (`owner/name <commit>`) with `--only phi`, takes a
# deterministic sample of its findings at medium or above (up to PHI_TRIAGE_SAMPLE per repository,
# default 50, ordered by fingerprint), and joins them with the labels in bench/triage/phi.tsv
# (repo, rule, path, line, fingerprint, label, note; labels: real-looking, sample, synthetic,
# not-phi; the note names the class, never a value).
# Prints, per repository, the findings at medium or above, the sampled ones, their labels and the
# precision (real-looking / labelled). Sampled findings without a label are listed for triage, and
# so are findings labelled real-looking that are no longer reported (a lost true positive) and
# labelled findings that now start on another line of their file (their label may be stale).
#
# Usage: bench/phi_triage.sh [CORPUS_DIR]
#   CORPUS_DIR holds one checkout per repository, named owner+name (default bench/work/phi-corpus);
#   a missing one is cloned from GitHub and checked out at its commit. ASEPTIC=path/to/binary skips
#   the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${1:-bench/work/phi-corpus}"
SAMPLE="${PHI_TRIAGE_SAMPLE:-50}"
OUT="bench/work/phi-triage"
mkdir -p "$CORPUS" "$OUT"
if [ -z "${ASEPTIC:-}" ]; then
  cargo build --release --locked --quiet
  ASEPTIC="$PWD/target/release/aseptic"
fi

while read -r repo commit; do
  [ -z "$repo" ] && continue
  dir="$CORPUS/${repo/\//+}"
  if [ ! -d "$dir" ]; then
    git clone --quiet "https://github.com/$repo" "$dir"
    git -C "$dir" -c advice.detachedHead=false checkout --quiet "$commit"
  fi
  set +e
  (cd "$dir" && "$ASEPTIC" scan . --only phi -f json --no-progress) >"$OUT/${repo/\//+}.json" 2>/dev/null
  code=$?
  set -e
  if [ "$code" -gt 1 ]; then
    echo "$repo: scan failed with exit $code" >&2
  fi
done < bench/corpus/phi.txt

python3 - "$OUT" "$SAMPLE" bench/corpus/phi.txt bench/triage/phi.tsv <<'PY'
import csv, json, os, sys
out, sample, corpus, labels_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
labels = {}
rows = []
with open(labels_path) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        labels[(row["repo"], row["fingerprint"])] = row["label"]
        rows.append(row)
found = set()
by_key = {(r["repo"], r["fingerprint"]): r for r in rows}
changed = []
print(f"{'repository':45} {'med+':>5} {'sampled':>7} {'real':>5} {'sample':>6} {'synth':>5} {'not':>4} {'precision':>9}")
tot = {"n": 0, "s": 0, "real-looking": 0, "sample": 0, "synthetic": 0, "not-phi": 0}
unlabelled = []
for line in open(corpus):
    if not line.strip():
        continue
    repo = line.split()[0]
    path = os.path.join(out, repo.replace("/", "+") + ".json")
    try:
        findings = json.load(open(path))["findings"]
    except Exception:
        print(f"{repo:45} (no report)")
        continue
    med = [f for f in findings if f["severity"] in ("medium", "high", "critical")]
    found.update((repo, f["fingerprint"]) for f in med)
    picked = sorted(med, key=lambda f: f["fingerprint"])[:sample]
    counts = {"real-looking": 0, "sample": 0, "synthetic": 0, "not-phi": 0}
    for f in picked:
        lab = labels.get((repo, f["fingerprint"]))
        row = by_key.get((repo, f["fingerprint"]))
        if row is not None and (row["rule"], row["line"]) != (f["rule_id"], str(f["location"]["start_line"])):
            changed.append((repo, f["rule_id"], f["location"]["path"], f["location"]["start_line"], f["fingerprint"], row["line"]))
        if lab is None:
            unlabelled.append((repo, f["rule_id"], f["location"]["path"], f["location"]["start_line"], f["fingerprint"]))
        else:
            counts[lab] += 1
    labelled = sum(counts.values())
    prec = f"{100 * counts['real-looking'] / labelled:.0f}%" if labelled else "-"
    print(f"{repo:45} {len(med):5} {len(picked):7} {counts['real-looking']:5} {counts['sample']:6} {counts['synthetic']:5} {counts['not-phi']:4} {prec:>9}")
    tot["n"] += len(med)
    tot["s"] += len(picked)
    for k in counts:
        tot[k] += counts[k]
labelled = sum(tot[k] for k in ("real-looking", "sample", "synthetic", "not-phi"))
prec = f"{100 * tot['real-looking'] / labelled:.1f}%" if labelled else "-"
print(f"{'total':45} {tot['n']:5} {tot['s']:7} {tot['real-looking']:5} {tot['sample']:6} {tot['synthetic']:5} {tot['not-phi']:4} {prec:>9}")
lost = [r for r in rows if r["label"] == "real-looking" and (r["repo"], r["fingerprint"]) not in found]
if lost:
    print(f"\n{len(lost)} finding(s) labelled real-looking no longer reported at medium or above:")
    for r in lost:
        print("\t".join(r[k] for k in ("repo", "rule", "path", "line", "fingerprint")))
if changed:
    print(f"\n{len(changed)} labelled finding(s) now start elsewhere in their file (review the label; last column: the labelled line):")
    for c in changed:
        print("\t".join(str(x) for x in c))
if unlabelled:
    print(f"\n{len(unlabelled)} sampled finding(s) without a label (add them to {labels_path}):")
    for u in unlabelled:
        print("\t".join(str(x) for x in u))
PY
