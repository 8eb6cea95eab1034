#!/usr/bin/env bash
# bench/gitlab.sh — Rampart against checkov on GitLab CI pipelines.
#
# Usage (from anywhere):
#   bench/gitlab.sh [CORPUS_DIR...] [--runs 5] [--no-checkov] [--skip-build] [--rampart PATH]
#                   [--work DIR]
#
# Corpus: the pattern pipelines of scanner/tests/data/gitlab-incidents, plus every `*.yml` /
# `*.yaml` under each CORPUS_DIR (for instance GitLab's own CI templates, read from a checkout
# of gitlab-org/gitlab; public corpora stay outside this repository), each copied to
# WORK/repo/<name>/.gitlab-ci.yml, so every tool sees one repository of pipelines. (zizmor
# reads GitHub workflows only.)
#
# What it does:
#   1. Builds rampart in release mode unless --skip-build or --rampart PATH; installs checkov
#      from the hashed lock bench/requirements-checkov.txt (into $CHECKOV_VENV).
#   2. Runs each tool on WORK/repo, --runs times after a warm-up, under GNU time:
#        rampart scan . -f json --fail-on none --no-config
#        checkov -d . --framework gitlab_ci --quiet --compact -o json
#      and prints the median wall time and peak RSS of each.
#   3. Prints, per pipeline, the rule IDs each tool reported (Rampart's GITLAB-NNN, checkov's
#      CKV_GITLABCI ids), and writes the table to WORK/by-file.md, so that every difference can
#      be read off and explained.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/gitlab.sh"
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"

corpus_options gitlab "$@"

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
repo="$WORK/repo"
rm -rf "$repo"
mkdir -p "$repo"
copy() { # DIR PREFIX
  local f rel
  while IFS= read -r -d '' f; do
    rel="${f#"$1"/}"
    rel="${rel%/.gitlab-ci.yml}"
    rel="${rel%.gitlab-ci.yml}"
    rel="${rel%.yml}"
    rel="${rel%.yaml}"
    mkdir -p "$repo/$2${rel//\//__}"
    cp -- "$f" "$repo/$2${rel//\//__}/.gitlab-ci.yml"
  done < <(find "$1" -type f \( -name '*.yml' -o -name '*.yaml' \) -print0 | LC_ALL=C sort -z)
}
copy "$REPO_ROOT/scanner/tests/data/gitlab-incidents" "incident__"
for d in ${DIRS[@]+"${DIRS[@]}"}; do
  copy "$d" "$(basename "$d")__"
done
count=$(find "$repo" -type f -name .gitlab-ci.yml | wc -l | tr -d ' ')
log "$count pipelines in $repo"

ensure_gnu_time
# shellcheck disable=SC2119  # no extra cargo arguments
resolve_rampart
find_peers

run_tool() { # NAME -> WORK/out-NAME.json, prints "median_wall peak_mb"
  local name="$1"
  local -a cmd
  case "$name" in
    rampart) cmd=("$RAMPART" scan . -f json --fail-on none --no-config --no-progress) ;;
    checkov) cmd=("$CHECKOV" -d . --framework gitlab_ci --quiet --compact -o json) ;;
  esac
  time_runs "$repo" "$name" "${cmd[@]}"
}

TOOLS=(rampart)
[[ -z "$CHECKOV" ]] || TOOLS+=(checkov)
echo "| tool | version | pipelines | wall (median of $RUNS) | peak MB |"
echo "| --- | --- | --- | --- | --- |"
for t in "${TOOLS[@]}"; do
  read -r wall mb < <(run_tool "$t")
  case "$t" in
    rampart) v="$RAMPART_VERSION" ;;
    checkov) v="$CHECKOV_VERSION" ;;
  esac
  echo "| $t | $v | $count | ${wall} s | $mb |"
done
echo

python3 - "$SCRIPT_DIR" "$WORK" "${TOOLS[@]}" <<'PY' | tee "$WORK/by-file.md"
import os, sys
from collections import defaultdict
sys.path.insert(0, sys.argv[1])
from findings import by_file, table
work, tools = sys.argv[2], sys.argv[3:]

def name(path):
    parts = path.replace("\\", "/").strip("/").split("/")
    return parts[-2] if len(parts) >= 2 else parts[-1]

found = by_file(work, tools, name)
files = sorted(d for d in os.listdir(os.path.join(work, "repo")) if os.path.isfile(os.path.join(work, "repo", d, ".gitlab-ci.yml")))
table(found, tools, files, "pipeline")
print()
for t in tools:
    flagged = sum(1 for fn in files if found[t].get(fn))
    print(f"{t}: {flagged} of {len(files)} pipelines with a finding")
    rules = defaultdict(int)
    for fn in files:
        for rule in found[t].get(fn, ()):
            rules[rule] += 1
    print("  " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))
PY
