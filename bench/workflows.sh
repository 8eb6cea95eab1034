#!/usr/bin/env bash
# bench/workflows.sh — Rampart against zizmor and checkov on GitHub Actions workflows.
#
# Usage (from anywhere):
#   bench/workflows.sh [CORPUS_DIR...] [--runs 5] [--no-checkov] [--skip-build] [--rampart PATH]
#                      [--work DIR]
#
# Corpus: the incident-shaped workflows of scanner/tests/data/github-incidents, plus every
# `*.yml`/`*.yaml` under each CORPUS_DIR (for instance a checkout of actions/starter-workflows;
# public corpora stay outside this repository), copied into WORK/repo/.github/workflows/ with
# their directory in the name, so every tool sees one repository of workflows.
#
# What it does:
#   1. Builds rampart in release mode unless --skip-build or --rampart PATH; installs zizmor and
#      checkov from the hashed locks bench/requirements-zizmor.txt and requirements-checkov.txt
#      (into $ZIZMOR_VENV, default $HOME/.cache/rampart-bench/zizmor-venv, and $CHECKOV_VENV).
#   2. Runs each tool on WORK/repo, --runs times after a warm-up, under GNU time:
#        rampart scan . -f json --fail-on none --no-config
#        zizmor --offline --persona regular --format json .
#        checkov -d . --framework github_actions --quiet --compact -o json
#      and prints the median wall time and peak RSS of each.
#   3. Prints, per workflow, the rule IDs each tool reported (Rampart's GHA-NNN, zizmor's audit
#      names, checkov's CKV_GHA ids), and writes the table to WORK/by-file.md, so that every
#      difference can be read off and explained.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/workflows.sh"
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"

corpus_options workflows "$@"

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
repo="$WORK/repo"
rm -rf "$repo"
mkdir -p "$repo/.github/workflows"
copy() { # DIR PREFIX
  local f rel
  while IFS= read -r -d '' f; do
    rel="${f#"$1"/}"
    cp -- "$f" "$repo/.github/workflows/$2${rel//\//__}"
  done < <(find "$1" -type f \( -name '*.yml' -o -name '*.yaml' \) -print0 | LC_ALL=C sort -z)
}
copy "$REPO_ROOT/scanner/tests/data/github-incidents" "incident__"
for d in ${DIRS[@]+"${DIRS[@]}"}; do
  copy "$d" "$(basename "$d")__"
done
count=$(find "$repo/.github/workflows" -type f | wc -l | tr -d ' ')
log "$count workflows in $repo/.github/workflows"

ensure_gnu_time
# shellcheck disable=SC2119  # no extra cargo arguments
resolve_rampart
find_peers
ZIZMOR="$(find_tool zizmor "${ZIZMOR_VENV:-$HOME/.cache/rampart-bench/zizmor-venv}" "$REPO_ROOT/bench/requirements-zizmor.txt")"

run_tool() { # NAME -> WORK/out-NAME.json, prints "median_wall peak_mb"
  local name="$1"
  local -a cmd
  case "$name" in
    rampart) cmd=("$RAMPART" scan . -f json --fail-on none --no-config --no-progress) ;;
    zizmor) cmd=("$ZIZMOR" --offline --persona regular --format json --no-progress .) ;;
    checkov) cmd=("$CHECKOV" -d . --framework github_actions --quiet --compact -o json) ;;
  esac
  time_runs "$repo" "$name" "${cmd[@]}"
}

TOOLS=(rampart zizmor)
[[ -z "$CHECKOV" ]] || TOOLS+=(checkov)
echo "| tool | version | workflows | wall (median of $RUNS) | peak MB |"
echo "| --- | --- | --- | --- | --- |"
for t in "${TOOLS[@]}"; do
  read -r wall mb < <(run_tool "$t")
  case "$t" in
    rampart) v="$RAMPART_VERSION" ;;
    zizmor) v="$("$ZIZMOR" --version)" ;;
    checkov) v="$CHECKOV_VERSION" ;;
  esac
  echo "| $t | $v | $count | ${wall} s | $mb |"
done
echo

python3 - "$SCRIPT_DIR" "$WORK" "${TOOLS[@]}" <<'PY' | tee "$WORK/by-file.md"
import os, sys
sys.path.insert(0, sys.argv[1])
from findings import by_file, table
work, tools = sys.argv[2], sys.argv[3:]
found = by_file(work, tools, lambda path: os.path.basename(path.replace("\\", "/")))
files = sorted(os.listdir(os.path.join(work, "repo", ".github", "workflows")))
table(found, tools, files, "workflow")
print()
for t in tools:
    flagged = sum(1 for fn in files if found[t].get(fn))
    print(f"{t}: {flagged} of {len(files)} workflows with a finding")
PY
