#!/usr/bin/env bash
# Throughput of `aseptic scan --only phi` against Microsoft Presidio's pattern recognizers (no NLP
# model: its no-op NLP engine) on the same corpus of 10 MB or more, in one run, and their ratio.
#
# The corpus: the generated negative corpus of tests/phi.rs (JSON schemas, Kubernetes YAML, CSVs of
# cities and measurements, server logs, a non-health library's user fixtures), the PHI fixtures, and
# tests, docs and data files of the crates in the local cargo registry. Nothing is fetched but
# presidio-analyzer from PyPI. Usage: bench/phi.sh [WORK_DIR]   (run once; it takes minutes)
# PHI_BENCH_MB sets the corpus size (default 12): Presidio needs about 16 s of CPU per MB.
# PHI_BENCH_REUSE=1 keeps a corpus already in WORK_DIR; ASEPTIC=path/to/binary skips the release
# build. Both wall and CPU seconds are reported: on a loaded machine the CPU ratio is the fair one.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${1:-$(mktemp -d)}"
CORPUS="$WORK/corpus"
TARGET_MB="${PHI_BENCH_MB:-12}"
if [ "${PHI_BENCH_REUSE:-0}" = 1 ] && [ -d "$CORPUS" ]; then
  echo "== reusing the corpus in $CORPUS"
else
  rm -rf "$CORPUS"
  mkdir -p "$CORPUS"

  echo "== corpus in $CORPUS"
  # The generated part is 7/12 of the corpus (7 MB of the default 12).
  PHI_CORPUS_DIR="$CORPUS/generated" PHI_CORPUS_BYTES=$((TARGET_MB * 7 * 1024 * 1024 / 12)) \
    cargo test -q --test main phi::write_corpus_for_bench -- --ignored --exact >/dev/null
  cp -r fixtures/phi "$CORPUS/phi-fixtures"
  python3 - "$CORPUS/registry" "$TARGET_MB" "$CORPUS" <<'PY'
import os, shutil, sys
dest, target_mb, corpus = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def size(d):
    return sum(os.path.getsize(os.path.join(a, f)) for a, _, fs in os.walk(d) for f in fs)
need = target_mb * 1024 * 1024 - size(corpus)
src = os.path.join(os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo")), "registry", "src")
exts = (".json", ".yaml", ".yml", ".csv", ".tsv", ".txt", ".md", ".toml", ".xml", ".log", ".rs")
files = []
for a, _, fs in os.walk(src):
    for f in fs:
        p = os.path.join(a, f)
        if f.endswith(exts) and os.path.getsize(p) < 1024 * 1024:
            files.append(p)
files.sort()
# Test data first, then the rest, until the corpus is big enough.
files.sort(key=lambda p: 0 if ("/tests/" in p or "/testdata/" in p or "/examples/" in p) else 1)
copied = 0
for p in files:
    if copied >= need:
        break
    rel = os.path.relpath(p, src)
    out = os.path.join(dest, rel)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    shutil.copyfile(p, out)
    copied += os.path.getsize(p)
print(f"registry files: {copied} bytes")
PY
fi
BYTES=$(du -sb "$CORPUS" | cut -f1)
echo "corpus: $BYTES bytes, $(find "$CORPUS" -type f | wc -l) files"

echo "== presidio-analyzer (PyPI) in $WORK/venv"
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q presidio-analyzer
fi
"$WORK/venv/bin/pip" show presidio-analyzer | grep -E '^(Name|Version)'

echo "== aseptic (release)"
if [ -z "${ASEPTIC:-}" ]; then
  cargo build -q --release
  ASEPTIC=target/release/aseptic
fi

time_aseptic() {
  python3 - "$ASEPTIC" "$CORPUS" "$@" <<'PY'
import json, resource, subprocess, sys, time
exe, corpus, *extra = sys.argv[1:]
best = cpu_best = None
for _ in range(3):
    t = time.perf_counter()
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([exe, "scan", corpus, "--only", "phi", "-f", "json", "--no-progress",
                          "--no-ignore", "--fail-on", "none", *extra], capture_output=True, check=True)
    dt = time.perf_counter() - t
    c2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (c2.ru_utime - c.ru_utime) + (c2.ru_stime - c.ru_stime)
    best = dt if best is None else min(best, dt)
    cpu_best = cpu if cpu_best is None else min(cpu_best, cpu)
r = json.loads(out.stdout)
print(json.dumps({"seconds": best, "cpu_seconds": cpu_best, "findings": len(r["findings"]),
                  "bytes": r["stats"]["bytes_scanned"], "files": r["stats"]["files_scanned"]}))
PY
}

A1=$(time_aseptic -j 1)
AN=$(time_aseptic)
echo "aseptic -j1:  $A1"
echo "aseptic -jN:  $AN"
echo "== presidio (single process, pattern recognizers, no-op NLP engine)"
P=$("$WORK/venv/bin/python" bench/phi_presidio.py "$CORPUS" 2>/dev/null | tail -1)
echo "presidio:     $P"

python3 - "$A1" "$AN" "$P" <<'PY'
import json, sys
a1, an, p = (json.loads(x) for x in sys.argv[1:])
mb = lambda r: r["bytes"] / 1024 / 1024
print(f"throughput: aseptic -j1 {mb(a1)/a1['seconds']:.1f} MB/s, aseptic -jN {mb(an)/an['seconds']:.1f} MB/s, "
      f"presidio {mb(p)/p['seconds']:.2f} MB/s")
print(f"ratio (same corpus, one thread each): {p['seconds']/a1['seconds']:.0f}x; all cores: {p['seconds']/an['seconds']:.0f}x")
print(f"CPU seconds: aseptic -j1 {a1['cpu_seconds']:.2f}, presidio {p['cpu_seconds']:.1f}; "
      f"CPU ratio {p['cpu_seconds']/a1['cpu_seconds']:.0f}x")
print(f"results: aseptic {a1['findings']} findings (PHI fixtures included), presidio {p['results']} results")
PY
