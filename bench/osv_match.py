"""A plain OSV matcher in Python (standard library only), the baseline for bench/osv.sh.

    python3 bench/osv_match.py DB requirements.txt go.mod

Reads `==` pins from requirements files and `require` lines from go.mod files, loads every record
of the PyPI and Go folders of DB (osv.dev's per-ecosystem archives, unpacked), and prints one
line per (advisory id, package, version) that affects a pin, then the count. Versions: a PEP 440
key like `packaging`'s for PyPI, SemVer precedence for Go. It does what aseptic's OSV matcher does
for these two ecosystems and nothing more (no lines, no notes, no severity).
"""
import json
import os
import re
import sys

PEP440 = re.compile(
    r"""^\s*v?(?:(?P<epoch>[0-9]+)!)?(?P<release>[0-9]+(?:\.[0-9]+)*)
    (?P<pre>[-_\.]?(?P<pre_l>a|b|c|rc|alpha|beta|pre|preview)[-_\.]?(?P<pre_n>[0-9]+)?)?
    (?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_\.]?(?P<post_l>post|rev|r)[-_\.]?(?P<post_n2>[0-9]+)?))?
    (?P<dev>[-_\.]?(?P<dev_l>dev)[-_\.]?(?P<dev_n>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
INF, NINF = (1, 0), (-1, 0)


def pep440_key(s):
    m = PEP440.match(s)
    if not m:
        return None
    release = [int(x) for x in m["release"].split(".")]
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    pre = None
    if m["pre_l"]:
        l = m["pre_l"].lower()
        l = {"alpha": "a", "beta": "b", "c": "rc", "pre": "rc", "preview": "rc"}.get(l, l)
        pre = ({"a": 0, "b": 1, "rc": 2}[l], int(m["pre_n"] or 0))
    post = None
    if m["post"]:
        post = int(m["post_n1"] or m["post_n2"] or 0)
    dev = int(m["dev_n"] or 0) if m["dev_l"] else None
    local = ()
    if m["local"]:
        local = tuple((1, int(p), "") if p.isdigit() else (0, 0, p.lower())
                      for p in re.split(r"[-_\.]", m["local"]))
    if pre is None and post is None and dev is not None:
        pre_k = (-1, 0)          # 1.0.dev1 sorts before 1.0a1
    elif pre is None:
        pre_k = (9, 0)           # a release sorts after its pre-releases
    else:
        pre_k = pre
    post_k = (-1,) if post is None else (post,)
    dev_k = (9,) if dev is None else (dev,)
    return (int(m["epoch"] or 0), tuple(release), pre_k, post_k, dev_k, local)


def semver_key(s):
    m = re.match(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$", s.strip())
    if not m:
        return None
    pre = m[4]
    if pre is None:
        pk = (1,)
    else:
        pk = (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")))
    return (int(m[1]), int(m[2]), int(m[3]), pk)


KEYS = {"PyPI": pep440_key, "Go": semver_key}


def norm(eco, name):
    return re.sub(r"[-_.]+", "-", name).lower() if eco == "PyPI" else name


def affected(eco, rec, name, version):
    key = KEYS[eco]
    v = key(version)
    if v is None or rec.get("withdrawn"):
        return False
    for a in rec.get("affected", []):
        p = a.get("package", {})
        if p.get("ecosystem") != eco or norm(eco, p.get("name", "")) != name:
            continue
        if version in a.get("versions", []):
            return True
        for r in a.get("ranges", []):
            if r.get("type") not in ("ECOSYSTEM", "SEMVER"):
                continue
            events = []
            for e in r.get("events", []):
                for kind in ("introduced", "fixed", "last_affected"):
                    if kind in e:
                        k = NINF if (kind == "introduced" and e[kind] == "0") else key(e[kind])
                        if k is not None:
                            events.append((k, kind))
            events.sort(key=lambda x: (x[0] != NINF, x[0] if x[0] != NINF else ()))
            hit = False
            for k, kind in events:
                if kind == "introduced" and (k == NINF or v >= k):
                    hit = True
                elif kind == "fixed" and k != NINF and v >= k:
                    hit = False
                elif kind == "last_affected" and k != NINF and v > k:
                    hit = False
            if hit:
                return True
    return False


def pins(paths):
    out = []
    for path in paths:
        text = open(path, encoding="utf-8").read()
        if path.endswith("go.mod"):
            for line in text.splitlines():
                f = line.split("//")[0].split()
                if len(f) >= 2 and f[0] not in ("module", "go", "require", ")", "toolchain"):
                    out.append(("Go", f[0], f[1]))
                elif len(f) >= 3 and f[0] == "require":
                    out.append(("Go", f[1], f[2]))
        else:
            for line in text.splitlines():
                m = re.match(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*===?\s*([^\s;#]+)", line)
                if m:
                    out.append(("PyPI", m[1], m[2]))
    return out


def main():
    db, files = sys.argv[1], sys.argv[2:]
    wanted = pins(files)
    index = {}
    for eco in sorted({e for e, _, _ in wanted}):
        d = os.path.join(db, eco)
        for f in sorted(os.listdir(d)):
            if not f.endswith(".json"):
                continue
            try:
                rec = json.load(open(os.path.join(d, f), encoding="utf-8"))
            except ValueError:
                continue
            for a in rec.get("affected", []):
                p = a.get("package", {})
                if p.get("ecosystem") == eco:
                    index.setdefault((eco, norm(eco, p.get("name", ""))), []).append(rec)
    hits = set()
    for eco, name, version in wanted:
        n = norm(eco, name)
        for rec in index.get((eco, n), []):
            if affected(eco, rec, n, version):
                hits.add((rec["id"], name, version))
    for h in sorted(hits):
        print("\t".join(h))
    print(f"{len(hits)} findings", file=sys.stderr)


if __name__ == "__main__":
    main()
