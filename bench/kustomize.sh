#!/usr/bin/env bash
# bench/kustomize.sh — Rampart against checkov and trivy on Kustomize overlays, and what
# Rampart's in-process build costs.
#
# Usage (from anywhere):
#   bench/kustomize.sh [CORPUS_DIR...] [--copies 1] [--runs 5] [--no-checkov] [--no-trivy]
#                      [--skip-build] [--rampart PATH] [--work DIR]
#
# Corpus: the overlays of scanner/tests/data/kustomize, plus each CORPUS_DIR (for instance a
# checkout of bridgecrewio/kustomizegoat; public corpora stay outside this repository), each
# copied --copies times to WORK/repo/<name>-<i>/ without its .git (a few overlays scan in a few
# milliseconds, below what a timer tells apart: copies make the build's cost measurable).
#
# What it does:
#   1. Builds rampart in release mode unless --skip-build or --rampart PATH; installs checkov
#      and trivy from the hashed locks bench/requirements-{checkov,trivy}.txt.
#   2. Runs each tool on WORK/repo, --runs times after a warm-up, under GNU time:
#        rampart scan . -f json --fail-on none --no-config
#        checkov -d . --framework kustomize kubernetes --skip-download --quiet --compact -o json
#                (checkov renders overlays with `kubectl kustomize`, which must be on PATH)
#        trivy config --skip-check-update --skip-version-check --disable-telemetry -f json .
#                (trivy does not render Kustomize: it reads the files as written)
#      and prints the median wall time, peak RSS and finding count of each.
#   3. The cost of building overlays in-process: renders every overlay Rampart builds with
#      `kubectl kustomize` into WORK/rendered/, times `rampart scan` there (the same objects,
#      no build) and prints the difference as a share of the scan of the sources.
#   4. Prints, per file, the rule IDs each tool reported, into WORK/by-file.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/kustomize.sh"
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"

WANT_TRIVY=1
COPIES=1
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --copies) need_arg "$@"; is_uint "$2" && [[ "$2" -ge 1 ]] || die "--copies needs a number >= 1"; COPIES="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
corpus_options kustomize ${args[@]+"${args[@]}"}
command -v kubectl > /dev/null || die "kubectl (Debian package kubectl) is needed to render the overlays"

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
repo="$WORK/repo"
rendered="$WORK/rendered"
rm -rf "$repo" "$rendered"
mkdir -p "$repo" "$rendered"
copy() { # DIR NAME
  local i
  for ((i = 1; i <= COPIES; i++)); do
    mkdir -p "$repo/$2-$i"
    cp -R "$1/." "$repo/$2-$i/"
    rm -rf "$repo/$2-$i/.git"
  done
}
copy "$REPO_ROOT/scanner/tests/data/kustomize" fixtures
for d in ${DIRS[@]+"${DIRS[@]}"}; do
  copy "$d" "$(basename "$d")"
done

ensure_gnu_time
# shellcheck disable=SC2119  # no extra cargo arguments
resolve_rampart
find_peers
fresh_trivy_cache

# The overlays Rampart builds are the kustomizations no other one uses: read them off its
# report (every finding and diagnostic names its overlay) and render each with kubectl.
"$RAMPART" scan "$repo" -f json --fail-on none --no-config --no-progress > "$WORK/overlays.json" || true
mapfile -t overlays < <(python3 - "$WORK/overlays.json" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
seen = set()
for f in report.get("findings", []):
    m = re.search(r"\(kustomize overlay (.+)\)$", f["message"])
    if m:
        seen.add(m.group(1))
print("\n".join(sorted(seen)))
PY
)
for o in "${overlays[@]}"; do
  rel="${o#"$repo"/}"
  kubectl kustomize "$repo/$rel" > "$rendered/${rel//\//__}.yaml" 2> /dev/null \
    || log "kubectl kustomize $rel failed; left out of the rendered set"
done
log "${#overlays[@]} overlays built, rendered into $rendered"

run_tool() { # NAME DIR -> WORK/out-NAME.json, prints "median_wall peak_mb"
  local name="$1" dir="$2"
  local -a cmd
  case "$name" in
    rampart | rampart-rendered) cmd=("$RAMPART" scan . -f json --fail-on none --no-config --no-progress) ;;
    checkov) cmd=("$CHECKOV" -d . --framework kustomize kubernetes --skip-download --quiet --compact -o json) ;;
    trivy) cmd=("$TRIVY" config --skip-check-update --skip-version-check --disable-telemetry
                --cache-dir "$TRIVY_CACHE" -f json .) ;;
  esac
  time_runs "$dir" "$name" "${cmd[@]}"
}

findings() { # NAME
  python3 - "$WORK/out-$1.json" "$1" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("?"); sys.exit()
tool = sys.argv[2]
if tool.startswith("rampart"):
    print(len(data.get("findings", [])))
elif tool == "checkov":
    parts = data if isinstance(data, list) else [data]
    print(sum(len(p.get("results", {}).get("failed_checks", [])) for p in parts))
else:
    print(sum(1 for r in data.get("Results", []) for m in r.get("Misconfigurations", []) or [] if m.get("Status") == "FAIL"))
PY
}

TOOLS=(rampart)
[[ -z "$CHECKOV" ]] || TOOLS+=(checkov)
[[ -z "$TRIVY" ]] || TOOLS+=(trivy)
echo "| tool | version | wall (median of $RUNS) | peak MB | findings |"
echo "| --- | --- | --- | --- | --- |"
declare -A wall_of
for t in "${TOOLS[@]}"; do
  read -r wall mb < <(run_tool "$t" "$repo")
  wall_of[$t]="$wall"
  case "$t" in
    rampart) v="$RAMPART_VERSION" ;;
    checkov) v="$CHECKOV_VERSION" ;;
    trivy) v="$TRIVY_VERSION" ;;
  esac
  echo "| $t | $v | ${wall} s | $mb | $(findings "$t") |"
done
read -r rendered_wall _ < <(run_tool rampart-rendered "$rendered")
echo
echo "Rampart on the sources: ${wall_of[rampart]} s; on the same overlays rendered by kubectl: ${rendered_wall} s."
python3 -c "import sys; s, r = map(float, sys.argv[1:]); print(f'In-process build: {max(s - r, 0):.3f} s, {100 * max(s - r, 0) / s:.0f}% of the scan.' if s else '')" \
  "${wall_of[rampart]}" "$rendered_wall"
echo

python3 - "$SCRIPT_DIR" "$WORK" "${TOOLS[@]}" <<'PY' | tee "$WORK/by-file.md"
import sys
sys.path.insert(0, sys.argv[1])
from findings import by_file, table
work, tools = sys.argv[2], sys.argv[3:]
found = by_file(work, tools, lambda path: path.lstrip("/"))
table(found, tools, sorted(set().union(*(found[t].keys() for t in tools))), "file")
PY
