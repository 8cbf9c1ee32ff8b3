#!/usr/bin/env python3
"""Compares aseptic's IaC findings with Checkov's, per rule and repository (see iac_diff.sh).

Both tools are counted in flagged resources: Checkov's distinct (file, resource) pairs failing any
check id a rule lists in `peers.checkov`, except those marked "(related: ...)" (a Dockerfile instruction by its line, as Checkov names
every ADD of a file `Dockerfile.ADD`); our findings in the formats one of those checks covers
(`checkov --list`, saved by iac_diff.sh as checkov-checks.md: CKV2_AWS_11 is a Terraform check, so
a CloudFormation VPC without flow logs has no Checkov count to compare with); aseptic's distinct (file, resource) pairs of the rule,
where a Kubernetes container or pod spec counts as its workload (Checkov reports per workload)
and a base manifest rendered by several kustomize overlays counts once.
A pair agrees when the counts differ by at most max(1, 10% of Checkov's). Pairs that disagree are
looked up in the triage file (rule, repository, reason); the script prints them and the
agreement rate over the pairs where Checkov reports a count, and exits 1 when a disagreement has no
triage line.

Usage: iac_diff.py OUT_DIR CORPUS_LIST TRIAGE_TSV [--markdown]
"""
import collections
import csv
import json
import os
import sys


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def checkov_failures(report):
    """Yields (check_id, file, resource) of every failed check in a Checkov JSON report."""
    if report is None:
        return
    reports = report if isinstance(report, list) else [report]
    for r in reports:
        for c in (r.get("results") or {}).get("failed_checks", []):
            resource = c.get("resource", "")
            if r.get("check_type") == "dockerfile":
                # Checkov names every ADD (RUN, ...) instruction of a Dockerfile `Dockerfile.ADD`;
                # its line tells them apart, as each of ours is its own instruction.
                resource += "@%s" % (c.get("file_line_range") or [0])[0]
            yield c["check_id"], c.get("file_path", "").lstrip("/"), resource


def our_resource(finding):
    """The resource a finding belongs to, with containers and pod specs folded into workloads and
    a base manifest rendered by several kustomize overlays counted once (Checkov checks the file)."""
    logical = finding.get("logical_location") or ""
    if logical.startswith("kustomize:"):
        logical = logical.split(":", 2)[2]
    kind = (finding.get("properties") or {}).get("resource_kind", "")
    if kind == "Container":
        logical = logical.rsplit("/", 1)[0]
    return finding["location"]["path"], logical


def checkov_frameworks(path):
    """Check id -> the IaC frameworks Checkov has it for, from `checkov --list` (a Markdown table
    whose columns are number, Id, Type, Entity, Policy, IaC, link), or None when it is missing."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    out = collections.defaultdict(set)
    for line in lines:
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 7 and cells[2].startswith("CKV"):
            out[cells[2]].add(FRAMEWORKS.get(cells[6].lower(), cells[6].lower()))
    return out


# Checkov's IaC names for the formats aseptic reads (Bicep checks are ARM checks of compiled output).
FRAMEWORKS = {"bicep": "arm"}


def our_framework(finding):
    """The Checkov framework a finding's file belongs to, or None for one Checkov does not read."""
    rid = finding["rule_id"]
    path = finding["location"]["path"]
    kind = (finding.get("properties") or {}).get("resource_kind", "")
    if rid.startswith("IAC-K8S-"):
        return "kubernetes"
    if rid.startswith("IAC-DKR-"):
        return "dockerfile"
    if rid.startswith("IAC-GHA-"):
        return "github_actions"
    if path.endswith((".tf", ".tf.json", ".tfvars")):
        return "terraform"
    if kind.startswith("AWS::"):
        return "cloudformation"
    if kind.startswith("Microsoft."):
        return "arm"
    return None


def compared_peers(rule):
    """The Checkov ids a rule's counts are compared with: its `peers.checkov`, without those
    marked "(related: ...)", which check a weaker or different control."""
    out = []
    for entry in (rule.get("peers") or {}).get("checkov", []):
        cid, _, note = entry.partition(" ")
        if not note.lstrip().startswith("(related"):
            out.append(cid)
    return out


def agree(checkov, ours):
    return abs(checkov - ours) <= max(1, checkov // 10)


def main():
    out_dir, corpus, triage_path = sys.argv[1:4]
    markdown = "--markdown" in sys.argv[4:]
    rules = load_json(os.path.join(out_dir, "rules.json")) or []
    to_ours = collections.defaultdict(set)
    for r in rules:
        for cid in compared_peers(r):
            to_ours[cid].add(r["id"])
    mapped = {rid for ids in to_ours.values() for rid in ids}
    # A rule's findings count only in the formats one of its Checkov peers checks: CKV2_AWS_11
    # (VPC flow logs) is a Terraform check, so a CloudFormation VPC has no Checkov count to match.
    frameworks = checkov_frameworks(os.path.join(out_dir, "checkov-checks.md"))
    peer_formats = {}
    if frameworks is not None:
        for r in rules:
            ids = compared_peers(r)
            peer_formats[r["id"]] = set().union(*(frameworks.get(c, set()) for c in ids))

    triage = {}
    if os.path.exists(triage_path):
        with open(triage_path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                triage[(row["rule"], row["repository"])] = row["reason"]

    rows = []
    with open(corpus, encoding="utf-8") as f:
        repos = [l.split()[0] for l in f if l.strip()]
    for repo in repos:
        key = repo.replace("/", "+")
        ck = load_json(os.path.join(out_dir, key + ".checkov.json"))
        us = load_json(os.path.join(out_dir, key + ".aseptic.json"))
        if ck is None or us is None:
            print(f"# {repo}: no results (missing checkout or failed run)", file=sys.stderr)
            continue
        theirs = collections.defaultdict(set)
        for cid, path, res in checkov_failures(ck):
            for rid in to_ours.get(cid, ()):
                theirs[rid].add((path, res))
        ours = collections.defaultdict(set)
        for fnd in us.get("findings", []):
            rid = fnd["rule_id"]
            if rid not in mapped:
                continue
            fw = our_framework(fnd)
            if rid in peer_formats and fw is not None and fw not in peer_formats[rid]:
                continue
            ours[rid].add(our_resource(fnd))
        for rid in sorted(set(theirs) | set(ours)):
            c, a = len(theirs[rid]), len(ours[rid])
            rows.append((rid, repo, c, a, agree(c, a)))

    counted = [r for r in rows if r[2] > 0]
    agreeing = [r for r in counted if r[4]]
    missing = [r for r in rows if not r[4] and (r[0], r[1]) not in triage]
    if markdown:
        print("| rule | repository | Checkov | aseptic | agree | triage |")
        print("| --- | --- | ---: | ---: | --- | --- |")
    for rid, repo, c, a, ok in rows:
        reason = triage.get((rid, repo), "")
        if markdown:
            print(f"| {rid} | {repo} | {c} | {a} | {'yes' if ok else 'no'} | {reason} |")
        else:
            print(f"{rid:12} {repo:58} checkov {c:4} aseptic {a:4} {'agree' if ok else 'DIFF '} {reason}")
    rate = 100.0 * len(agreeing) / len(counted) if counted else 100.0
    print()
    print(
        f"{len(agreeing)} of {len(counted)} pairs where Checkov reports a count agree within "
        f"max(1, 10%): {rate:.1f}%; {len(rows) - len(counted)} pairs only aseptic flags; "
        f"{len(missing)} disagreements without a triage line"
    )
    for rid, repo, c, a, _ in missing:
        print(f"untriaged: {rid}\t{repo}\tcheckov {c}\taseptic {a}", file=sys.stderr)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
