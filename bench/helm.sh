#!/usr/bin/env bash
# bench/helm.sh — Rampart against checkov and trivy on Helm charts, and what Rampart's
# in-process rendering costs.
#
# Usage (from anywhere):
#   bench/helm.sh [CORPUS_DIR...] [--before PATH] [--runs 5] [--no-checkov] [--no-trivy]
#                 [--skip-build] [--rampart PATH] [--work DIR]
#
# Corpus: fixtures/sample/helm plus each CORPUS_DIR (for instance checkouts of
# madhuakula/kubernetes-goat, kubernetes/examples and some public charts; public corpora stay
# outside this repository), copied to WORK/repo/<name>/ without .git.
#
# What it does:
#   1. Builds rampart in release mode unless --skip-build or --rampart PATH; installs checkov
#      and trivy from the hashed locks bench/requirements-{checkov,trivy}.txt.
#   2. Runs each tool on WORK/repo, --runs times after a warm-up, under GNU time:
#        rampart scan . -f json --fail-on none --no-config
#        rampart-before: the same with --before PATH (a build that did not render charts)
#        checkov -d . --framework helm kubernetes --quiet --compact -o json
#                (checkov renders charts with a `helm` binary; without one on PATH it cannot)
#        trivy config --skip-check-update --skip-version-check --disable-telemetry -f json .
#      and prints the median wall time, peak RSS, findings, and Rampart's count of files "not
#      scanned" as templates (Go templates outside charts, templates that cannot be rendered).
#   3. The cost of rendering: `rampart render .` (the walk, every chart and overlay rendered,
#      the objects printed, no rule run) is timed on WORK/repo and printed as a share of the
#      scan: an upper bound of what rendering adds to it, single-threaded where the scan is not.
#   4. Prints, per file, the rule IDs each tool reported, into WORK/by-file.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/helm.sh"
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"

WANT_TRIVY=1
BEFORE=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --before) need_arg "$@"; [[ -x "$2" ]] || die "--before $2 is not an executable"; BEFORE="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
corpus_options helm ${args[@]+"${args[@]}"}

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
repo="$WORK/repo"
rm -rf "$repo"
mkdir -p "$repo"
copy() { # DIR NAME
  mkdir -p "$repo/$2"
  cp -R "$1/." "$repo/$2/"
  rm -rf "$repo/$2/.git"
}
copy "$REPO_ROOT/fixtures/sample/helm" sample-chart
for d in ${DIRS[@]+"${DIRS[@]}"}; do
  copy "$d" "$(basename "$d")"
done

ensure_gnu_time
# shellcheck disable=SC2119  # no extra cargo arguments
resolve_rampart
find_peers
fresh_trivy_cache

"$RAMPART" render "$repo" > "$WORK/rendered.yaml" 2> "$WORK/render-diagnostics.txt" || die "rampart render failed"
log "$(grep -c '^# Source:' "$WORK/rendered.yaml" || true) objects rendered into $WORK/rendered.yaml"

run_tool() { # NAME DIR -> WORK/out-NAME.json, prints "median_wall peak_mb"
  local name="$1" dir="$2"
  local -a cmd
  case "$name" in
    rampart) cmd=("$RAMPART" scan . -f json --fail-on none --no-config --no-progress) ;;
    rampart-render) cmd=("$RAMPART" render .) ;;
    rampart-before) cmd=("$BEFORE" scan . -f json --fail-on none --no-config --no-progress) ;;
    checkov) cmd=("$CHECKOV" -d . --framework helm kubernetes --quiet --compact -o json) ;;
    trivy) cmd=("$TRIVY" config --skip-check-update --skip-version-check --disable-telemetry
                --cache-dir "$TRIVY_CACHE" -f json .) ;;
  esac
  time_runs "$dir" "$name" "${cmd[@]}"
}

counts() { # NAME -> "findings not_scanned_templates"
  python3 - "$WORK/out-$1.json" "$1" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("? ?"); sys.exit()
tool = sys.argv[2]
if tool.startswith("rampart"):
    templates = sum(1 for d in data.get("diagnostics", []) if d.get("not_scanned") and "template" in d.get("message", ""))
    print(len(data.get("findings", [])), templates)
elif tool == "checkov":
    parts = data if isinstance(data, list) else [data]
    print(sum(len(p.get("results", {}).get("failed_checks", [])) for p in parts), "-")
else:
    print(sum(1 for r in data.get("Results", []) for m in r.get("Misconfigurations", []) or [] if m.get("Status") == "FAIL"), "-")
PY
}

TOOLS=(rampart)
[[ -z "$BEFORE" ]] || TOOLS+=(rampart-before)
[[ -z "$CHECKOV" ]] || TOOLS+=(checkov)
[[ -z "$TRIVY" ]] || TOOLS+=(trivy)
echo "| tool | version | wall (median of $RUNS) | peak MB | findings | templates not scanned |"
echo "| --- | --- | --- | --- | --- | --- |"
declare -A wall_of
for t in "${TOOLS[@]}"; do
  read -r wall mb < <(run_tool "$t" "$repo")
  wall_of[$t]="$wall"
  case "$t" in
    rampart) v="$RAMPART_VERSION" ;;
    rampart-before) v="$("$BEFORE" --version | awk '{print $2}') (before)" ;;
    checkov) v="$CHECKOV_VERSION" ;;
    trivy) v="$TRIVY_VERSION" ;;
  esac
  read -r found templates < <(counts "$t")
  echo "| $t | $v | ${wall} s | $mb | $found | $templates |"
done
read -r render_wall _ < <(run_tool rampart-render "$repo")
echo
echo "rampart scan: ${wall_of[rampart]} s; rampart render (walk and rendering only): ${render_wall} s."
python3 -c "import sys; s, r = map(float, sys.argv[1:]); print(f'Rendering is at most {100 * r / s:.0f}% of the scan.' if s else '')" \
  "${wall_of[rampart]}" "$render_wall"
echo

python3 - "$SCRIPT_DIR" "$WORK" "${TOOLS[@]}" <<'PY' | tee "$WORK/by-file.md"
import sys
sys.path.insert(0, sys.argv[1])
from findings import by_file, table
work, tools = sys.argv[2], sys.argv[3:]
found = by_file(work, tools, lambda path: path.lstrip("/"))
table(found, tools, sorted(set().union(*(found[t].keys() for t in tools))), "file")
PY
