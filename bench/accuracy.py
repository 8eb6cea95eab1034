#!/usr/bin/env python3
"""The analysis of bench/accuracy.sh: every Checkov and Trivy finding, set against Rampart's.

Usage (from anywhere):
  python3 bench/accuracy.py [FINDINGS_TSV] [--examples 3] [--peer-ids FILE] [--doc FILE]

FINDINGS_TSV (default bench/results/compare-findings.tsv) is what bench/compare.sh writes: one
row per finding per tool, `corpus, tool, file, line, resource, check_id, title`. For each
(corpus, file), each peer finding is one of:

  agreed       the peer check maps (policies/peer-ids.yaml) to Rampart rules, and Rampart
               reports one of them in the same file;
  missed       it maps, and Rampart reports none of them in that file: a lead for a Rampart
               defect (a miss, or a mapping that is wrong), counted but not a failure;
  decided      it is listed under `unmapped:` with the reason Rampart does not report it, which
               docs/rule-decisions.md shows at the anchor TOOL-ID;
  unexplained  neither: the script lists it and exits 1.

Checkov IDs are looked up in the `checkov` section. Trivy writes `AWS-0089` (older versions
`AVD-AWS-0089`, or `KSV001`), normalised to the AVD form `AVD-AWS-0089` the `trivy` section
uses; an ID that is not of that form is looked up as a tfsec long ID, as Trivy itself accepts.
A decided check whose row is missing from docs/rule-decisions.md (the document is stale) also
fails: run `python3 bench/rule_decisions.py`.

Prints a Markdown report on stdout: per tool and corpus the counts, then the missed findings by
Rampart rule (count, the peer checks, up to --examples locations), the decided ones by peer
check (count, reason, link) and the unexplained ones. Exit status: 0, or 1 when a peer check is
unexplained (or its decision is missing from the document), 2 on bad input.
"""

import argparse
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rule_decisions import DOC, PEER_IDS, REPO_ROOT, anchor, load_peer_ids  # noqa: E402

PEERS = ("checkov", "trivy")
AVD = re.compile(r"^(?:AVD-)?([A-Z]+)-?([0-9]+)$")


def trivy_id(check):
    """Trivy's ID in the AVD form of policies/peer-ids.yaml: AWS-0089 -> AVD-AWS-0089,
    KSV001 -> AVD-KSV-0001; None when it is not of that form (a tfsec long ID, a custom check)."""
    m = AVD.match(check)
    if not m:
        return None
    return f"AVD-{m.group(1)}-{m.group(2).zfill(4)}"


class Table:
    def __init__(self, peer_ids):
        self.mapped = {t: peer_ids.get(t, {}) for t in ("checkov", "tfsec", "trivy", "cfn-nag")}
        self.unmapped = peer_ids.get("unmapped", {})

    def judge(self, tool, check):
        """(canonical id, section it is found in, Rampart rules or None, reason or None)."""
        if tool == "trivy":
            avd = trivy_id(check)
            keys = [("trivy", avd)] if avd else [("trivy", check), ("tfsec", check)]
        else:
            keys = [(tool, check)]
        for section, key in keys:
            if key in self.mapped.get(section, {}):
                return key, section, self.mapped[section][key], None
        for section, key in keys:
            if key in self.unmapped.get(section, {}):
                return key, section, None, self.unmapped[section][key]
        return keys[0][1], keys[0][0], None, None


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:7] != ["corpus", "tool", "file", "line", "resource", "check_id", "title"]:
            raise ValueError(f"{path} is not a bench/compare.sh findings TSV (header {header})")
        for n, line in enumerate(f, 2):
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 7:
                raise ValueError(f"{path}:{n}: {len(cells)} columns, 7 expected")
            rows.append(cells[:7])
    return rows


def shown(path):
    """A path as given relative to the current directory when it is below it, else absolute."""
    rel = os.path.relpath(os.path.abspath(path))
    return os.path.abspath(path) if rel.startswith("..") else rel


def doc_anchors(path):
    try:
        with open(path, encoding="utf-8") as f:
            return set(re.findall(r'<a id="([^"]+)"></a>', f.read()))
    except OSError:
        return set()


def main():
    ap = argparse.ArgumentParser(description="Peer findings vs Rampart's, per file (see the module docstring).")
    ap.add_argument("tsv", nargs="?", default=os.path.join(REPO_ROOT, "bench", "results", "compare-findings.tsv"))
    ap.add_argument("--examples", type=int, default=3, help="example locations per missed rule (3)")
    ap.add_argument("--peer-ids", default=PEER_IDS, help="policies/peer-ids.yaml")
    ap.add_argument("--doc", default=DOC, help="docs/rule-decisions.md")
    args = ap.parse_args()

    try:
        rows = read_tsv(args.tsv)
        table = Table(load_peer_ids(args.peer_ids))
    except (OSError, ValueError) as e:
        print(f"bench/accuracy.py: {e}", file=sys.stderr)
        return 2
    anchors = doc_anchors(args.doc)
    doc_link = os.path.relpath(args.doc, REPO_ROOT) if args.doc.startswith(REPO_ROOT) else args.doc

    rampart = collections.defaultdict(set)  # (corpus, file) -> Rampart rule IDs reported there
    for corpus, tool, file, _line, _res, check, _title in rows:
        if tool == "rampart":
            rampart[(corpus, file)].add(check)

    counts = collections.defaultdict(collections.Counter)  # (tool, corpus) -> verdict -> n
    missed = collections.defaultdict(list)      # Rampart rules -> [(tool, check, corpus, file, line)]
    decided = collections.defaultdict(list)     # (section, check) -> [(tool, corpus, file)]
    reasons = {}
    unexplained = collections.defaultdict(list)  # (tool, check) -> [(corpus, file, line, title)]
    stale = set()
    corpora = []
    for corpus, tool, file, line, _res, check, title in rows:
        if corpus not in corpora:
            corpora.append(corpus)
        if tool not in PEERS:
            continue
        key, section, rules, reason = table.judge(tool, check)
        if rules is not None:
            if rampart[(corpus, file)] & set(rules):
                verdict = "agreed"
            else:
                verdict = "missed"
                missed[tuple(rules)].append((tool, key, corpus, file, line))
        elif reason is not None:
            verdict = "decided"
            decided[(section, key)].append((tool, corpus, file))
            reasons[(section, key)] = reason
            if anchor(section, key) not in anchors:
                stale.add((section, key))
        else:
            verdict = "unexplained"
            unexplained[(tool, key)].append((corpus, file, line, title))
        counts[(tool, corpus)][verdict] += 1

    verdicts = ("agreed", "missed", "decided", "unexplained")
    out = ["# Peer findings vs Rampart, per file", "",
           f"From `{shown(args.tsv)}`. A peer finding is *agreed* when Rampart reports one of the "
           "rules its check maps to (policies/peer-ids.yaml) in the same file, *missed* when it reports none "
           "of them there, *decided* when the check is listed in docs/rule-decisions.md, *unexplained* "
           "otherwise.", "",
           "| tool | corpus | peer findings | agreed | missed | decided | unexplained |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for tool in PEERS:
        per = [(c, counts[(tool, c)]) for c in corpora if (tool, c) in counts]
        if not per:
            continue
        total = sum((c for _, c in per), collections.Counter())
        for corpus, c in per + ([("**all**", total)] if len(per) > 1 else []):
            out.append(f"| {tool} | {corpus} | {sum(c.values())} | " + " | ".join(str(c[v]) for v in verdicts) + " |")

    out += ["", f"## Missed: Rampart rules that did not fire where a mapped peer check did ({sum(map(len, missed.values()))})",
            "", "Leads for Rampart defects: a rule that should have fired, or a mapping in policies/peer-ids.yaml "
            "that is wrong. Per file, so a finding in a local module Rampart reports at the module call counts "
            "as missed.", ""]
    if missed:
        out += ["| Rampart rule | missed | peer checks | examples |", "| --- | ---: | --- | --- |"]
        for rules, hits in sorted(missed.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            checks = collections.Counter(f"{t} {c}" for t, c, *_ in hits)
            # Distinct files first, then more lines of them.
            seen, first, rest = set(), [], []
            for _t, _c, corpus, file, line in hits:
                loc = f"`{corpus}/{file}:{line}`"
                (rest if (corpus, file) in seen else first).append(loc)
                seen.add((corpus, file))
            examples = list(dict.fromkeys(first + rest))[:args.examples]
            out.append(f"| {', '.join(rules)} | {len(hits)} | "
                       + ", ".join(f"{c} ×{n}" for c, n in checks.most_common()) + f" | {', '.join(examples)} |")
    else:
        out.append("None.")

    out += ["", f"## Decided: peer checks Rampart does not report, with the reason ({sum(map(len, decided.values()))})", ""]
    if decided:
        out += ["| peer check | findings | files | decision |", "| --- | ---: | ---: | --- |"]
        for (section, key), hits in sorted(decided.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            files = len({(c, f) for _, c, f in hits})
            link = f"{doc_link}#{anchor(section, key)}"
            label = f"{hits[0][0]} {key}" + (f" (as {section})" if section != hits[0][0] else "")
            why = " ".join(reasons[(section, key)].split()).replace("|", "\\|")
            out.append(f"| {label} | {len(hits)} | {files} | {why} ([decision]({link})) |")
    else:
        out.append("None.")

    out += ["", f"## Unexplained: peer checks neither mapped nor decided ({len(unexplained)} checks)", ""]
    if unexplained:
        out += ["Map each to the Rampart rule that judges the same thing, or add it with its reason to `unmapped:` "
                "in policies/peer-ids.yaml and run `python3 bench/rule_decisions.py`.", "",
                "| peer check | findings | title | example |", "| --- | ---: | --- | --- |"]
        for (tool, key), hits in sorted(unexplained.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            corpus, file, line, title = hits[0]
            out.append(f"| {tool} {key} | {len(hits)} | {title.replace('|', '/')} | `{corpus}/{file}:{line}` |")
    else:
        out.append("None.")
    if missed:
        out += ["", "<details><summary>Every missed finding</summary>", ""]
        for rules, hits in sorted(missed.items()):
            for tool, key, corpus, file, line in sorted(hits, key=lambda h: (h[2], h[3], int(h[4] or 0), h[0], h[1])):
                out.append(f"- missed: {tool} {key} → {', '.join(rules)} at `{corpus}/{file}:{line}`")
        out += ["", "</details>"]
    print("\n".join(out))

    status = 0
    if unexplained:
        print(f"bench/accuracy.py: {len(unexplained)} peer check(s) neither mapped nor explained: "
              + " ".join(f"{t}:{c}" for t, c in sorted(unexplained)), file=sys.stderr)
        status = 1
    if stale:
        print(f"bench/accuracy.py: {doc_link} has no row for " + " ".join(f"{t}:{c}" for t, c in sorted(stale))
              + ": run python3 bench/rule_decisions.py", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
