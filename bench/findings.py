"""What each tool reported, by file: the per-file tables of bench/workflows.sh, bench/gitlab.sh
and bench/kustomize.sh, read from the JSON each tool wrote to WORK/out-TOOL.json.

Imported by those scripts (not run on its own): `by_file(work, tools, key)` maps every tool to
{file key: set of rule IDs}, `key` turning a reported path into the table's file name;
`table(found, tools, files, label)` prints the Markdown table.
"""

import json
import os
from collections import defaultdict


def load(work, tool):
    try:
        with open(os.path.join(work, f"out-{tool}.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _rampart(report):
    for f in report.get("findings", []):
        yield f["file"], f["rule_id"]


def _checkov(report):
    for part in report if isinstance(report, list) else [report]:
        for f in part.get("results", {}).get("failed_checks", []):
            yield f["file_path"], f["check_id"]


def _trivy(report):
    for res in report.get("Results", []):
        for m in res.get("Misconfigurations", []) or []:
            if m.get("Status") == "FAIL":
                yield res["Target"], m["ID"]


def _zizmor(report):
    for f in report:
        for loc in f.get("locations", []):
            symbolic = loc.get("symbolic", {})
            local = symbolic.get("key", {}).get("Local", {})
            path = local.get("verbatim_path") or local.get("given_path")
            if path and symbolic.get("kind") != "Related":
                yield path, f["ident"]


READERS = {"rampart": _rampart, "rampart-before": _rampart, "checkov": _checkov, "trivy": _trivy, "zizmor": _zizmor}


def by_file(work, tools, key):
    found = {t: defaultdict(set) for t in tools}
    for t in tools:
        report = load(work, t)
        if report is None:
            continue
        for path, rule in READERS[t](report):
            found[t][key(path)].add(rule)
    return found


def table(found, tools, files, label):
    print(f"| {label} | " + " | ".join(tools) + " |")
    print("| --- | " + " | ".join("---" for _ in tools) + " |")
    for fn in files:
        cells = [", ".join(sorted(found[t].get(fn, ()))) or "·" for t in tools]
        print(f"| {fn} | " + " | ".join(cells) + " |")
