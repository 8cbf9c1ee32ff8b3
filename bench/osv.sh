#!/usr/bin/env bash
# OSV advisories: `aseptic scan --only advisories --osv-db` against a plain Python OSV matcher
# (bench/osv_match.py, standard library only) on the same pins and the same database.
#
#   bash bench/osv.sh [OSVDB]        (default ../shared/osv: PyPI and Go)
#
# The corpus is generated into bench/work/osv-repo/: a requirements.txt pinning every PyPI
# package the database knows, and a go.mod requiring every Go module it knows, each at a version
# taken from the package's own records (the first `introduced` that is not 0, else the first
# listed version), so most pins hit. Both tools load every record of both ecosystems; the
# finding counts are printed first, so a faster run is not a run that checks less.
source "$(dirname "$0")/lib.sh"
DB="$(cd "${1:-$ROOT/../shared/osv}" && pwd)"
RUNS="${RUNS:-5}"
REPO="$WORK/osv-repo"
rm -rf "$REPO"; mkdir -p "$REPO"
python3 - "$DB" "$REPO" <<'PY'
import json, os, re, sys
db, repo = sys.argv[1], sys.argv[2]
def pick(eco):
    seen = {}
    for f in sorted(os.listdir(os.path.join(db, eco))):
        try:
            r = json.load(open(os.path.join(db, eco, f)))
        except ValueError:
            continue
        for a in r.get("affected", []):
            p = a.get("package", {})
            n = p.get("name", "")
            if p.get("ecosystem") != eco or n in seen:
                continue
            v = next((e["introduced"] for g in a.get("ranges", []) for e in g.get("events", [])
                      if e.get("introduced", "0") != "0"), None) or (a.get("versions") or [None])[0]
            if v:
                seen[n] = v
    return seen
py = pick("PyPI")
with open(os.path.join(repo, "requirements.txt"), "w") as out:
    for n, v in sorted(py.items()):
        if re.match(r"^[A-Za-z0-9._-]+$", n) and re.match(r"^[0-9][0-9A-Za-z.!+-]*$", v):
            out.write(f"{n}=={v}\n")
go = pick("Go")
with open(os.path.join(repo, "go.mod"), "w") as out:
    out.write("module example.com/bench\n\ngo 1.21\n\nrequire (\n")
    for n, v in sorted(go.items()):
        if n not in ("stdlib", "toolchain") and re.match(r"^\d+\.\d+\.\d+", v):
            out.write(f"\t{n} v{v}\n")
    out.write(")\n")
PY
echo "corpus: $(wc -l <"$REPO/requirements.txt") PyPI pins, $(grep -c '^	' "$REPO/go.mod") Go requires;" \
  "database: $(ls "$DB/PyPI" | wc -l) PyPI + $(ls "$DB/Go" | wc -l) Go records"

build_aseptic
ASEPTIC_CMD=("$ASEPTIC" scan "$REPO" --only advisories --osv-db "$DB" --offline --no-progress --format json --max-db-age 100000)
PY_CMD=(python3 "$BENCH_DIR/osv_match.py" "$DB" "$REPO/requirements.txt" "$REPO/go.mod")
"${ASEPTIC_CMD[@]}" 2>/dev/null | python3 -c 'import json,sys; f=json.load(sys.stdin)["findings"]; print("aseptic findings:", len({(x["rule_id"], x["properties"]["package"], x["properties"]["version"]) for x in f}))' || true
"${PY_CMD[@]}" 2>&1 >/dev/null | sed 's/^/python matcher: /'
for i in $(seq "$RUNS"); do
  measure "aseptic-$i" "${ASEPTIC_CMD[@]}"
  measure "python-$i" "${PY_CMD[@]}"
done
median aseptic $(for i in $(seq "$RUNS"); do echo "aseptic-$i"; done)
median python $(for i in $(seq "$RUNS"); do echo "python-$i"; done)
ratio aseptic python
