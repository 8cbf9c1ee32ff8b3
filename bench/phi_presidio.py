"""Runs Microsoft Presidio's pattern recognizers, with its no-op NLP engine (no spaCy model), over
every file under a directory, and prints files, bytes, results, wall and CPU seconds as one JSON
line.

Used by bench/phi.sh to compare throughput with `aseptic scan --only phi` on the same corpus.
Files are read as UTF-8 (invalid bytes replaced) and analyzed one at a time, in chunks of at most
100 KB on line boundaries, as Presidio is meant to be fed text.
"""

import json
import os
import sys
import time

import tldextract

# Presidio's email recognizer calls tldextract, which would fetch the public suffix list from the
# network on first use; use the snapshot bundled with tldextract instead (no network here).
tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NoOpNlpEngine


def chunks(text, size=100_000):
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            nl = text.rfind("\n", start, end)
            if nl > start:
                end = nl + 1
        yield text[start:end]
        start = end


def main(root):
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}])
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp, languages=["en"])
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp)
    names = sorted({r.name for r in registry.recognizers})
    # Warm up (first-use initialisation is not throughput).
    analyzer.analyze(text="mail jane@corp.io or call 617-432-8811 on 2024-03-02", language="en")
    files = []
    for d, _, fs in os.walk(root):
        for f in fs:
            files.append(os.path.join(d, f))
    files.sort()
    total_bytes = 0
    results = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    for p in files:
        with open(p, "rb") as fh:
            data = fh.read()
        if b"\0" in data[:8192]:
            continue
        total_bytes += len(data)
        text = data.decode("utf-8", errors="replace")
        for c in chunks(text):
            results += len(analyzer.analyze(text=c, language="en"))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    print(json.dumps({"files": len(files), "bytes": total_bytes, "results": results,
                      "seconds": seconds, "cpu_seconds": cpu_seconds, "recognizers": names}))


if __name__ == "__main__":
    main(sys.argv[1])
