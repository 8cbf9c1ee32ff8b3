#!/usr/bin/env python3
"""Differential harness for the secrets analyzer: aseptic against detect-secrets and trufflehog3.

Scans every repository listed in bench/corpus/secrets.txt (`owner/name <commit>` a line) at its
commit, plus the credential-store fixture tree (fixtures/secrets/stores/positive), with the three
tools, and lines their findings up by (repository, path, line). It writes, under
bench/work/secrets-diff/ (gitignored):

  peer-only.tsv     lines a peer reports and aseptic does not
  aseptic-only.tsv  lines aseptic reports and no peer does
  untriaged.tsv     reported lines without a label in bench/triage/secrets.tsv
  aseptic-lines.tsv every line aseptic reports, with its label (the precision sample)
  report.md         counts per repository, recall and precision per tool

Every line is identified by repository, path, line, rule and a fingerprint; no secret value is
ever written (the fingerprint of a peer's line is a digest of tool, path and line, not of the value).

Triage: label each line once in bench/triage/secrets.tsv (true = a real credential, false = not a
secret, too-severe = a secret but reported above its weight). Recall of a tool is the share of
lines labelled true (found by any tool) that it reports; precision is the share of its triaged
lines that are true. The high/critical precision of aseptic is computed on the triaged
high/critical lines.

Usage: bench/secrets_diff.py [--corpus-dir DIR] [--aseptic BIN] [--timeout SECONDS] [--peers-only]
  --corpus-dir: where the repositories are unpacked, one folder `owner+name` each; a missing one
                is cloned from GitHub at its commit (network). Default bench/work/secrets-diff/repos.
  --timeout:    seconds each peer may take on one repository (default 1200); a peer still running
                then is stopped and the report names it, so one slow peer does not stall the run.
                detect-secrets is then run again one top-level entry at a time, each with the same
                limit, so a large repository still counts.
  --peers-only: fill the peer cache (bench/work/secrets-diff/peer-cache) and stop.
  Peers: detect-secrets and trufflehog3 on PATH (pip install detect-secrets trufflehog3).
This is not a test: run it by hand.
"""

import argparse
import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work" / "secrets-diff"
CORPUS_LIST = REPO / "bench" / "corpus" / "secrets.txt"
TRIAGE = REPO / "bench" / "triage" / "secrets.tsv"
FIXTURE = ("fixture/stores", REPO / "fixtures" / "secrets" / "stores" / "positive")
TRIAGE_FIELDS = ["repo", "path", "line", "tool", "rule", "fingerprint", "label", "reason"]
LABELS = {"true", "false", "too-severe"}


def corpus(corpus_dir: Path):
    out = []
    for raw in CORPUS_LIST.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, commit = line.split()
        path = corpus_dir / name.replace("/", "+")
        if not path.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["git", "clone", "--quiet", f"https://github.com/{name}", str(path)],
                           check=True)
            subprocess.run(["git", "-C", str(path), "checkout", "--quiet", commit], check=True)
            shutil.rmtree(path / ".git")
        out.append((name, path))
    return out


def fp(*parts) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:16]


def run_aseptic(binary, name, root):
    # --no-ignore: the peers read every file, so aseptic does too.
    res = subprocess.run([binary, "scan", str(root), "--only", "secrets", "--format", "json",
                          "--offline", "--no-ignore"], capture_output=True, text=True)
    data = json.loads(res.stdout)
    findings = data["findings"] if isinstance(data, dict) else data
    # Locations are relative to the enclosing git repository: inside this one (the fixture
    # tree), strip the tree's own prefix so paths line up with the peers'.
    prefix = ""
    if Path(root).resolve().is_relative_to(REPO):
        prefix = str(Path(root).resolve().relative_to(REPO)) + "/"
    return [dict(tool="aseptic", repo=name, path=f["location"]["path"].removeprefix(prefix),
                 line=f["location"]["start_line"], end=f["location"]["end_line"],
                 rule=f["rule_id"], severity=f["severity"], fingerprint=f["fingerprint"])
            for f in findings]


class PeerTimeout(Exception):
    """A peer did not finish on one target within --timeout seconds."""


def run_peer(cmd, timeout, **kw):
    # Niced, in a process group of its own (both peers fork workers), and the whole group is
    # killed after `timeout` seconds so one slow peer on one repository does not stall the run;
    # the caller records the time-out.
    proc = subprocess.Popen(["nice", "-n", "10", *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kw)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PeerTimeout(cmd[0])
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run_detect_secrets(name, root, timeout):
    # One run over the repository; when that passes the time limit (detect-secrets took over
    # 1,200 s on lh-ehr's 8,000 files), one run per top-level entry, each with the same limit.
    # Paths stay relative to the repository root either way.
    try:
        results = detect_secrets_results(["."], root, timeout)
    except PeerTimeout:
        print(f"  detect-secrets: over {timeout} s on {name}; again, one top-level entry at a time",
              file=sys.stderr)
        results = {}
        for entry in sorted(os.listdir(root)):
            results.update(detect_secrets_results([entry], root, timeout))
    out = []
    for path, items in results.items():
        for it in items:
            out.append(dict(tool="detect-secrets", repo=name, path=path, line=it["line_number"],
                            end=it["line_number"], rule=it["type"], severity="",
                            fingerprint=fp("detect-secrets", name, path, it["line_number"],
                                           it["type"])))
    return out


def detect_secrets_results(paths, root, timeout):
    res = run_peer(["detect-secrets", "scan", "--all-files", *paths], timeout, cwd=root)
    return json.loads(res.stdout).get("results", {})


def run_trufflehog3(name, root, timeout):
    out_file = WORK / ("th-" + name.replace("/", "+") + ".json")
    try:
        run_peer(["trufflehog3", "-z", "--no-history", "-f", "JSON", "-o", str(out_file),
                  str(root)], timeout)
        data = json.loads(out_file.read_text() or "[]")
    finally:
        out_file.unlink(missing_ok=True)  # it holds the values; only locations are kept
    out = []
    for it in data:
        path = it["path"]
        line = int(it.get("line") or 0)
        rule = it["rule"]["id"]
        out.append(dict(tool="trufflehog3", repo=name, path=path, line=line, end=line, rule=rule,
                        severity=it["rule"].get("severity", "").lower(),
                        fingerprint=fp("trufflehog3", name, path, line, rule)))
    return out


def load_triage():
    labels = {}
    if TRIAGE.exists():
        with TRIAGE.open() as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["label"] not in LABELS:
                    sys.exit(f"{TRIAGE}: unknown label {row['label']!r}")
                labels[(row["repo"], row["path"], int(row["line"]))] = row
    return labels


def write_tsv(path, rows, extra=()):
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=TRIAGE_FIELDS + list(extra), delimiter="\t",
                           extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "label": r.get("label", ""), "reason": r.get("reason", "")})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-dir", type=Path, default=WORK / "repos")
    ap.add_argument("--aseptic", default=str(REPO / "target" / "release" / "aseptic"))
    ap.add_argument("--only", help="comma-separated repositories to scan (fills the peer cache)")
    ap.add_argument("--cached-only", action="store_true",
                    help="skip repositories whose peer results are not cached yet (listed)")
    ap.add_argument("--timeout", type=int, default=1200,
                    help="seconds each peer may take on one repository (default 1200); a peer "
                         "that takes longer is stopped, and the report names it")
    ap.add_argument("--peers-only", action="store_true",
                    help="only fill the peer cache (no aseptic run, no report)")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    targets = corpus(args.corpus_dir) + [FIXTURE]
    if args.only:
        targets = [t for t in targets if t[0] in args.only.split(",")]
    found = []
    cache = WORK / "peer-cache"
    cache.mkdir(exist_ok=True)
    if args.cached_only:
        def cached_name(t):
            return (cache / (t[0].replace("/", "+") + ".json")).exists()
        skipped = [t[0] for t in targets if not cached_name(t) and not t[0].startswith("fixture/")]
        targets = [t for t in targets if t[0] not in skipped]
        print(f"not cached, skipped: {', '.join(skipped) or 'none'}", file=sys.stderr)
    timed_out = {}  # target -> peers stopped at the time limit
    for name, root in targets:
        print(f"scanning {name}", file=sys.stderr)
        if not args.peers_only:
            found += run_aseptic(args.aseptic, name, root)
        # The peers do not change between runs: their findings (no values) are kept per target,
        # with the peers that were stopped at the time limit (their findings are missing).
        cached = cache / (name.replace("/", "+") + ".json")
        if cached.exists() and not name.startswith("fixture/"):
            entry = json.loads(cached.read_text())
            if isinstance(entry, list):  # the cache format before time limits
                entry = {"findings": entry, "timed_out": []}
        else:
            entry = {"findings": [], "timed_out": []}
            for peer in (run_detect_secrets, run_trufflehog3):
                try:
                    entry["findings"] += peer(name, root, args.timeout)
                except PeerTimeout as e:
                    print(f"  {e} stopped after {args.timeout} s on {name}", file=sys.stderr)
                    entry["timed_out"].append(str(e))
            cached.write_text(json.dumps(entry))
        found += entry["findings"]
        if entry["timed_out"]:
            timed_out[name] = entry["timed_out"]
    if args.peers_only:
        return

    # A line is reported by a tool when one of its findings starts there. A peer's line inside
    # one of aseptic's multi-line findings (a key block) counts as that finding's first line.
    spans = defaultdict(list)
    for f in found:
        if f["tool"] == "aseptic" and f["end"] > f["line"]:
            spans[(f["repo"], f["path"])].append((f["line"], f["end"]))
    lines = defaultdict(dict)  # (repo, path, line) -> tool -> finding
    # trufflehog3's `high-entropy` check flags every random-looking string (lockfile digests,
    # minified code, images in SVG/base64): tens of thousands of lines on this corpus. Those lines
    # are counted, not lined up; a sample of them is triaged like any other line.
    entropy_only = [f for f in found if f["tool"] == "trufflehog3" and f["rule"] == "high-entropy"]
    found = [f for f in found if not (f["tool"] == "trufflehog3" and f["rule"] == "high-entropy")]
    for f in found:
        if f["tool"] != "aseptic":
            for s, e in spans.get((f["repo"], f["path"]), []):
                if s <= f["line"] <= e:
                    f["line"] = s
        lines[(f["repo"], f["path"], f["line"])].setdefault(f["tool"], f)

    peer_only, aseptic_only = [], []
    for key, by in sorted(lines.items()):
        if "aseptic" not in by:
            peer_only.append(by.get("trufflehog3") or by["detect-secrets"])
        elif len(by) == 1:
            aseptic_only.append(by["aseptic"])
    write_tsv(WORK / "peer-only.tsv", peer_only)
    write_tsv(WORK / "aseptic-only.tsv", aseptic_only)

    triage = load_triage()
    # Every line aseptic reports, with its label: the sample for its precision.
    write_tsv(WORK / "aseptic-lines.tsv",
              [{**by["aseptic"], **{k: triage[key][k] for k in ("label", "reason")}}
               if key in triage else by["aseptic"]
               for key, by in sorted(lines.items()) if "aseptic" in by], extra=["severity"])
    untriaged = [by.get("aseptic") or next(iter(by.values()))
                 for key, by in sorted(lines.items()) if key not in triage]
    write_tsv(WORK / "untriaged.tsv", untriaged)

    # Recall and precision per tool over the triaged lines.
    # Only lines of the targets scanned in this run count (a partial run with --only).
    scanned = {name for name, _ in targets}
    truth = {k for k, r in triage.items()
             if r["label"] in ("true", "too-severe") and k[0] in scanned}
    report = ["# Secrets differential run", "",
              f"{len(targets)} targets; {len(lines)} distinct reported lines; "
              f"{len(peer_only)} peer-only; {len(aseptic_only)} aseptic-only; "
              f"{len(untriaged)} untriaged; trufflehog3 high-entropy lines counted apart: "
              f"{len(entropy_only)}.", "",
              "| tool | reported lines | triaged | true | false | recall | precision |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for tool in ("aseptic", "detect-secrets", "trufflehog3"):
        mine = {k for k, by in lines.items() if tool in by}
        judged = {k for k in mine if k in triage}
        tp = len(judged & truth)
        fp_ = len(judged - truth)
        recall = tp / len(truth) if truth else 0.0
        precision = tp / len(judged) if judged else 0.0
        report.append(f"| {tool} | {len(mine)} | {len(judged)} | {tp} | {fp_} | "
                      f"{recall:.2f} | {precision:.2f} |")
    hc = [k for k, by in lines.items()
          if "aseptic" in by and by["aseptic"]["severity"] in ("high", "critical") and k in triage]
    hc_true = [k for k in hc if triage[k]["label"] == "true"]
    report += ["", f"aseptic high/critical: {len(hc)} triaged, {len(hc_true)} true "
               f"({(len(hc_true) / len(hc) if hc else 0):.2f})", ""]
    # aseptic's false lines by class (rule and the triage reason), largest first, and the true
    # lines it misses by reason: what to fix next.
    classes = defaultdict(list)
    for k, by in lines.items():
        if "aseptic" in by and k in triage and k not in truth:
            classes[(by["aseptic"]["rule"], by["aseptic"]["severity"],
                     triage[k]["reason"])].append(k)
    report += ["aseptic false lines by class:", "", "| lines | rule | severity | why |",
               "| --- | --- | --- | --- |"]
    report += [f"| {len(ks)} | {rule} | {sev} | {why} |" for (rule, sev, why), ks in
               sorted(classes.items(), key=lambda c: (-len(c[1]), c[0]))]
    missed = defaultdict(int)
    for k in truth:
        if "aseptic" not in lines.get(k, {}):
            missed[triage[k]["reason"]] += 1
    report += ["", "true lines aseptic misses, by reason:", "", "| lines | why |", "| --- | --- |"]
    report += [f"| {n} | {why} |" for why, n in sorted(missed.items(), key=lambda m: -m[1])]
    report += ["",
               "| repository | aseptic | detect-secrets | trufflehog3 |", "| --- | --- | --- | --- |"]
    if timed_out:
        report[4:4] = ["Peers stopped at the time limit (their findings on that repository are "
                       "missing): " + "; ".join(f"{n}: {', '.join(t)}"
                                                for n, t in sorted(timed_out.items())), ""]
    per = defaultdict(lambda: defaultdict(int))
    for f in found:
        per[f["repo"]][f["tool"]] += 1
    for name, _ in targets:
        c = per[name]
        report.append(f"| {name} | {c['aseptic']} | {c['detect-secrets']} | {c['trufflehog3']} |")
    (WORK / "report.md").write_text("\n".join(report) + "\n")
    print("\n".join(report))


if __name__ == "__main__":
    main()
