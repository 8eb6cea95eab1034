#!/usr/bin/env bash
# bench/accuracy.sh — every Checkov and Trivy finding, accounted for: the Rampart rule that
# should have fired, or the recorded decision why Rampart does not report it.
#
# Usage (from anywhere):
#   bench/accuracy.sh [DIR...] [--generate N] [--seed 42] [--mix tf=50,...] [--runs 1]
#                     [--skip-build] [--rampart PATH] [--work DIR] [--timeout 3600]
#                     [--examples 3]
#   bench/accuracy.sh --report-only [--work DIR]   redo the analysis from an earlier run's work dir
#   bench/accuracy.sh --tsv FILE                   analyse a findings TSV of bench/compare.sh
#
# Corpora: every DIR given (e.g. clones of bridgecrewio/terragoat, aws-cloudformation-templates,
# kustomizegoat), else fixtures/sample; plus, with --generate N, the generated corpus of
# bench/gen_iac.py (--generate, --seed and --mix are passed to bench/compare.sh as they are).
#
# What it does:
#   1. Runs bench/compare.sh on the corpora with Rampart, Checkov and Trivy (--runs 1 by
#      default: only the findings matter here), in WORK. compare.sh writes one normalised row
#      per finding per tool to bench/results/compare-findings.tsv; this script keeps a copy,
#      WORK/compare-findings.tsv.
#   2. Runs bench/accuracy.py on that TSV. Per corpus and file, each peer finding is
#        agreed       its check maps (policies/peer-ids.yaml) to Rampart rules and Rampart reports
#                     one of them in the same file;
#        missed       it maps, and Rampart reports none of them in that file: a lead for a
#                     Rampart defect, listed as "Rampart rule ← peer check at file:line";
#        decided      the check is in the `unmapped:` section of policies/peer-ids.yaml, whose
#                     reason docs/rule-decisions.md shows (linked by anchor);
#        unexplained  neither.
#      Trivy's IDs (AWS-0089) are read as the AVD IDs of the `trivy` section (AVD-AWS-0089); an ID
#      not of that form is looked up among the tfsec long IDs, as Trivy accepts them.
#   3. Prints a Markdown report (per tool and corpus: peer findings, agreed, missed, decided,
#      unexplained; the missed findings by Rampart rule with examples; the decided ones by peer
#      check with the reason; the unexplained ones) and writes it to WORK/accuracy.md.
#
# Exit status: 0 when every peer finding is agreed, missed or decided; 1 when a peer check is
# neither mapped nor explained (they are listed), or docs/rule-decisions.md lacks a decision's
# row (regenerate it: python3 bench/rule_decisions.py); missed findings do not fail the run.
#
# --report-only reruns only compare.sh's report step (it rebuilds the findings TSV from the
# tools' JSON outputs kept in WORK) and the analysis: seconds, to iterate on peer-ids.yaml.
# --tsv FILE analyses FILE alone. To record a decision, add the peer check with its reason to
# `unmapped:` in policies/peer-ids.yaml and run python3 bench/rule_decisions.py.
#
# Environment: as bench/compare.sh (CARGO_TARGET_DIR, CHECKOV_VENV, TRIVY_VENV); BENCH_WORK is
# the default of --work, else ${TMPDIR:-/tmp}/rampart-accuracy. Needs bash and python3 (with
# PyYAML if it has it; else $HOME/.cache/rampart-tools/venv/bin/python when that has it, else
# the script's own reader of the table's simple YAML).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/accuracy.sh"
# die, log, usage, need_arg, is_uint
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
FINDINGS_TSV="$SCRIPT_DIR/results/compare-findings.tsv"

COMPARE_ARGS=()
DIRS=()
RUNS=1
WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/rampart-accuracy}"
EXAMPLES=3
REPORT_ONLY=0
TSV=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --generate|--seed|--mix|--timeout|--rampart)
      need_arg "$@"; COMPARE_ARGS+=("$1" "$2"); shift 2 ;;
    --skip-build) COMPARE_ARGS+=("$1"); shift ;;
    --runs) need_arg "$@"; RUNS="$2"; shift 2 ;;
    --work) need_arg "$@"; WORK="$2"; shift 2 ;;
    --examples) need_arg "$@"; EXAMPLES="$2"; shift 2 ;;
    --report-only) REPORT_ONLY=1; shift ;;
    --tsv) need_arg "$@"; TSV="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --*) die "unknown argument: $1 (see --help)" ;;
    *) [[ -d "$1" ]] || die "not a directory: $1"; DIRS+=("$1"); shift ;;
  esac
done
is_uint "$RUNS" && [[ "$RUNS" -ge 1 ]] || die "--runs must be an integer >= 1"
is_uint "$EXAMPLES" || die "--examples needs a number"
if [[ -n "$TSV" && ( "$REPORT_ONLY" -eq 1 || ${#DIRS[@]} -gt 0 || ${#COMPARE_ARGS[@]} -gt 0 ) ]]; then
  die "--tsv analyses a findings TSV alone: no corpora, --report-only or compare.sh options with it"
fi
if [[ "$REPORT_ONLY" -eq 1 && ( ${#DIRS[@]} -gt 0 || ${#COMPARE_ARGS[@]} -gt 0 ) ]]; then
  die "--report-only takes only --work (the corpora and tools are those of the earlier run)"
fi

# python3 with PyYAML when there is one (bench/rule_decisions.py also reads the table without it).
PYTHON=python3
command -v python3 >/dev/null || die "python3 is required"
if ! python3 -c 'import yaml' 2>/dev/null && [[ -x "$HOME/.cache/rampart-tools/venv/bin/python" ]] \
  && "$HOME/.cache/rampart-tools/venv/bin/python" -c 'import yaml' 2>/dev/null; then
  PYTHON="$HOME/.cache/rampart-tools/venv/bin/python"
fi

# analyse TSV: the report on stdout and in WORK/accuracy.md (when WORK exists); accuracy.py's status.
analyse() {
  local tsv="$1" rc=0 md=/dev/null
  [[ -f "$tsv" ]] || die "no findings TSV at $tsv"
  [[ -z "$TSV" ]] && md="$WORK/accuracy.md"
  "$PYTHON" "$SCRIPT_DIR/accuracy.py" "$tsv" --examples "$EXAMPLES" | tee "$md" || rc=$?
  [[ "$md" == /dev/null ]] || log "report: $md"
  if [[ "$rc" -eq 1 ]]; then
    log "FAILED: peer checks above are neither mapped nor explained (see 'Unexplained')"
  elif [[ "$rc" -ne 0 ]]; then
    die "bench/accuracy.py failed (status $rc)"
  fi
  return "$rc"
}

if [[ -n "$TSV" ]]; then
  analyse "$TSV"
  exit $?
fi

if [[ "$REPORT_ONLY" -eq 1 ]]; then
  [[ -d "$WORK" ]] || die "no work directory $WORK: --report-only needs the one of an earlier run (--work DIR)"
  WORK="$(cd "$WORK" && pwd)"
  "$SCRIPT_DIR/compare.sh" --report-only --work "$WORK" >&2 || die "bench/compare.sh --report-only failed"
else
  [[ ${#DIRS[@]} -gt 0 ]] || [[ " ${COMPARE_ARGS[*]-} " == *" --generate "* ]] || DIRS=("$REPO_ROOT/fixtures/sample")
  mkdir -p "$WORK"
  WORK="$(cd "$WORK" && pwd)"
  log "running bench/compare.sh (rampart, checkov, trivy) in $WORK"
  # compare.sh prints its timing table on stdout: here it is progress, so it goes to stderr.
  "$SCRIPT_DIR/compare.sh" "${DIRS[@]+"${DIRS[@]}"}" "${COMPARE_ARGS[@]+"${COMPARE_ARGS[@]}"}" \
    --runs "$RUNS" --work "$WORK" >&2 || die "bench/compare.sh failed"
fi
cp "$FINDINGS_TSV" "$WORK/compare-findings.tsv"
analyse "$WORK/compare-findings.tsv"
