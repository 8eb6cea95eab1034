#!/usr/bin/env bash
# bench/run.sh — time Rampart against checkov on the same generated Kubernetes corpora.
#
# Usage (from the repo root):
#   bench/run.sh [--sizes 1,1000] [--runs 3] [--checkov-runs 1] [--docker-per-100 5]
#                [--seed 42] [--work DIR] [--no-checkov] [--checkov-budget 600]
#                [--checkov-timeout 3600] [--skip-build] [--rampart PATH]
#
# What it does:
#   1. Builds rampart in release mode (`cargo build --release`) into $CARGO_TARGET_DIR
#      (default: $HOME/.cache/rampart-target), unless --skip-build or --rampart PATH.
#   2. Installs checkov from the hashed lock bench/requirements-checkov.txt into a virtualenv
#      at $CHECKOV_VENV (default: $HOME/.cache/rampart-bench/checkov-venv), again when the lock
#      changes.
#      It runs offline with --skip-download.
#   3. Installs GNU time (Debian package `time`) if /usr/bin/time is missing.
#   4. For each size N in --sizes, generates a corpus with bench/gen_k8s.py (N manifest
#      files under team-XX/app-YY/, plus N*docker-per-100/100 Dockerfiles; seeded, so every
#      run scans the same bytes) and times, on that same directory:
#        rampart scan DIR -f json --fail-on none
#        checkov -d DIR --framework kubernetes dockerfile --skip-download --quiet --compact -o json
#      with `/usr/bin/time -f '%e %U %S %M'`: wall time, user+sys CPU time and peak RSS (of
#      the largest single process: checkov's worker processes are not summed). stdout goes to
#      a file (instead of /dev/null) so that findings can be counted. Each metric is the
#      median over --runs runs (rampart, default 3) or --checkov-runs runs (default 1).
#   5. Prints a table (tool, corpus, files, wall, CPU, peak MB, findings, parse errors, and
#      checkov/rampart ratios) and writes it as Markdown to bench/results/latest.md.
#
# Findings: rampart's `summary.findings`; for checkov the sum of `summary.failed` over its
# per-framework reports (a dict for one framework, a list for several). Parse errors:
# rampart's `summary.errors`, checkov's `summary.parsing_errors`; both must be 0 on a
# generated corpus, so a non-zero count is printed as a warning.
#
# checkov is slow on large inputs: once one of its runs takes longer than --checkov-budget
# seconds (default 600), it is skipped for larger corpora (and the table says so); a single
# run is killed after --checkov-timeout seconds (default 3600).
#
# Environment: CARGO_TARGET_DIR, CHECKOV_VENV, BENCH_WORK (same as --work; default
# ${TMPDIR:-/tmp}/rampart-bench). Needs bash, python3, cargo; apt-get (as root) only if
# /usr/bin/time is missing.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/run.sh"
# die, log, usage, need_arg, is_uint, count_json
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"

SIZES="1,1000"
RUNS=3
CHECKOV_RUNS=1
DOCKER_PER_100=5
SEED=42
WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/rampart-bench}"
WITH_CHECKOV=1
CHECKOV_BUDGET=600
CHECKOV_TIMEOUT=3600
SKIP_BUILD=0
RAMPART=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) need_arg "$@"; SIZES="$2"; shift 2 ;;
    --runs) need_arg "$@"; RUNS="$2"; shift 2 ;;
    --checkov-runs) need_arg "$@"; CHECKOV_RUNS="$2"; shift 2 ;;
    --docker-per-100) need_arg "$@"; DOCKER_PER_100="$2"; shift 2 ;;
    --seed) need_arg "$@"; SEED="$2"; shift 2 ;;
    --work) need_arg "$@"; WORK="$2"; shift 2 ;;
    --no-checkov) WITH_CHECKOV=0; shift ;;
    --checkov-budget) need_arg "$@"; CHECKOV_BUDGET="$2"; shift 2 ;;
    --checkov-timeout) need_arg "$@"; CHECKOV_TIMEOUT="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --rampart) need_arg "$@"; RAMPART="$2"; SKIP_BUILD=1; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

[[ "$SIZES" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--sizes must be a comma-separated list of file counts, e.g. 1,1000,5000"
for v in "$RUNS" "$CHECKOV_RUNS"; do is_uint "$v" && [[ "$v" -ge 1 ]] || die "--runs and --checkov-runs must be integers >= 1"; done
for v in "$DOCKER_PER_100" "$SEED" "$CHECKOV_BUDGET" "$CHECKOV_TIMEOUT"; do is_uint "$v" || die "numeric option expected, got '$v'"; done
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
for n in "${SIZE_LIST[@]}"; do [[ "$n" -ge 1 ]] || die "sizes must be >= 1"; done

command -v python3 >/dev/null || die "python3 is required"

# --- tools -------------------------------------------------------------------------------

TIME_BIN=/usr/bin/time
if [[ ! -x "$TIME_BIN" ]]; then
  log "installing GNU time (Debian package 'time')"
  SUDO=""
  [[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
  command -v apt-get >/dev/null || die "/usr/bin/time is missing and apt-get is not available: install GNU time"
  $SUDO apt-get update -qq || die "apt-get update failed"
  $SUDO apt-get install -y -qq time >/dev/null || die "apt-get install time failed"
  [[ -x "$TIME_BIN" ]] || die "/usr/bin/time still missing after installing 'time'"
fi
"$TIME_BIN" -f '%e' true 2>/dev/null || die "$TIME_BIN is not GNU time (no -f support)"

if [[ -z "$RAMPART" ]]; then
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rampart-target}"
  RAMPART="$CARGO_TARGET_DIR/release/rampart"
fi
if [[ "$SKIP_BUILD" -eq 0 ]]; then
  command -v cargo >/dev/null || die "cargo is required to build rampart (or pass --rampart PATH)"
  log "building rampart (release) into $CARGO_TARGET_DIR"
  (cd "$REPO_ROOT" && cargo build --release) || die "cargo build --release failed"
fi
[[ -x "$RAMPART" ]] || die "no rampart binary at $RAMPART (build it, or pass --rampart PATH)"

CHECKOV=""
if [[ "$WITH_CHECKOV" -eq 1 ]]; then
  CHECKOV="$(find_tool checkov "${CHECKOV_VENV:-$HOME/.cache/rampart-bench/checkov-venv}" "$REPO_ROOT/bench/requirements-checkov.txt")"
  "$CHECKOV" --version >/dev/null 2>&1 || die "checkov at $CHECKOV does not run"
fi

RAMPART_VERSION="$("$RAMPART" --version 2>/dev/null || echo unknown)"
CHECKOV_VERSION="$([[ -n "$CHECKOV" ]] && "$CHECKOV" --version 2>/dev/null || echo "not run")"

# --- measuring ---------------------------------------------------------------------------

mkdir -p "$WORK" "$SCRIPT_DIR/results"
RAW="$WORK/runs.tsv"   # tool size files run wall user sys maxrss_kb findings parse_errors status
: >"$RAW"

run_one() {
  local tool="$1" size="$2" files="$3" run="$4" dir="$5"
  local out="$WORK/out-$tool-$size.json" err="$WORK/err-$tool-$size.txt" tf="$WORK/time-$tool-$size.txt"
  local rc=0 cmd
  if [[ "$tool" == rampart ]]; then
    cmd=("$RAMPART" scan "$dir" -f json --fail-on none)
  else
    cmd=(timeout --kill-after=30 "$CHECKOV_TIMEOUT" "$CHECKOV" -d "$dir" --framework kubernetes dockerfile
         --skip-download --quiet --compact -o json)
  fi
  "$TIME_BIN" -f '%e %U %S %M' -o "$tf" "${cmd[@]}" >"$out" 2>"$err" || rc=$?
  if [[ "$tool" == checkov && ( "$rc" -eq 124 || "$rc" -eq 137 ) ]]; then
    log "checkov run killed after ${CHECKOV_TIMEOUT}s on the $size-file corpus"
    printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\ttimeout\n' "$tool" "$size" "$files" "$run" >>"$RAW"
    return 3
  fi
  # rampart exits 0 with --fail-on none; checkov exits 1 when a check fails.
  if [[ "$rc" -ne 0 && ! ( "$tool" == checkov && "$rc" -eq 1 ) ]]; then
    echo "--- $tool stderr (last 20 lines) ---" >&2
    tail -n 20 "$err" >&2
    die "$tool exited with status $rc on $dir (command: ${cmd[*]})"
  fi
  local t findings_errors
  t="$(tail -n 1 "$tf")"
  findings_errors="$(count_json "$tool" "$out" /dev/null)" || die "could not count $tool findings"
  read -r wall user sys rss <<<"$t"
  read -r findings perrors <<<"$findings_errors"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tok\n' \
    "$tool" "$size" "$files" "$run" "$wall" "$user" "$sys" "$rss" "$findings" "$perrors" >>"$RAW"
  log "$(printf '%-8s %6s files  run %d: wall %6.2fs  cpu %6.2fs  peak %6.1f MB  findings %s  parse errors %s' \
    "$tool" "$files" "$run" "$wall" "$(echo "$user $sys" | awk '{print $1+$2}')" \
    "$(echo "$rss" | awk '{print $1/1024}')" "$findings" "$perrors")"
  if [[ "$perrors" != 0 ]]; then
    log "WARNING: $tool reported $perrors parse error(s) on $dir; see $out"
  fi
}

LOAD_START="$(uptime)"
log "machine: $(nproc) cores; $LOAD_START"
log "rampart: $RAMPART ($RAMPART_VERSION); checkov: ${CHECKOV:-skipped} ($CHECKOV_VERSION)"

checkov_skip_reason=""
for size in "${SIZE_LIST[@]}"; do
  dockerfiles=$(( size * DOCKER_PER_100 / 100 ))
  dir="$WORK/corpus-$size"
  rm -rf "$dir"
  log "generating corpus: $size manifest files + $dockerfiles Dockerfiles (seed $SEED) in $dir"
  python3 "$SCRIPT_DIR/gen_k8s.py" --out "$dir" --files "$size" --dockerfiles "$dockerfiles" --seed "$SEED" \
    || die "corpus generation failed"
  files=$(( size + dockerfiles ))

  "$RAMPART" scan "$dir" -f json --fail-on none >/dev/null 2>&1 \
    || die "warm-up rampart scan failed on $dir"   # warm the page cache for both tools
  for run in $(seq 1 "$RUNS"); do run_one rampart "$size" "$files" "$run" "$dir"; done

  if [[ -z "$CHECKOV" ]]; then
    continue
  fi
  if [[ -n "$checkov_skip_reason" ]]; then
    printf 'checkov\t%s\t%s\t0\t-\t-\t-\t-\t-\t-\tskipped\n' "$size" "$files" >>"$RAW"
    log "skipping checkov on the $size-file corpus: $checkov_skip_reason"
    continue
  fi
  for run in $(seq 1 "$CHECKOV_RUNS"); do
    if ! run_one checkov "$size" "$files" "$run" "$dir"; then
      checkov_skip_reason="a run was killed after ${CHECKOV_TIMEOUT}s on $size files"
      break
    fi
    last_wall="$(awk -F'\t' 'END{print $5}' "$RAW")"
    if awk -v w="$last_wall" -v b="$CHECKOV_BUDGET" 'BEGIN{exit !(w > b)}'; then
      checkov_skip_reason="one run took ${last_wall}s (> ${CHECKOV_BUDGET}s) on $size files"
      break
    fi
  done
done
LOAD_END="$(uptime)"

# --- report ------------------------------------------------------------------------------

RESULTS="$SCRIPT_DIR/results/latest.md"
python3 - "$RAW" "$RESULTS" "$LOAD_START" "$LOAD_END" "$RAMPART_VERSION" "$CHECKOV_VERSION" \
  "$SEED" "$DOCKER_PER_100" "$RUNS" "$CHECKOV_RUNS" "$(nproc)" <<'PY'
import datetime, statistics, sys
raw, out, load_start, load_end, rv, cv, seed, dper, runs, cruns, ncpu = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(raw, encoding="utf-8") if l.strip()]
groups = {}
order = []
for tool, size, files, run, wall, user, sys_, rss, findings, perr, status in rows:
    key = (tool, int(size))
    if key not in groups:
        groups[key] = {"files": int(files), "ok": [], "status": status}
        order.append(key)
    g = groups[key]
    if status == "ok":
        g["ok"].append((float(wall), float(user) + float(sys_), int(rss) / 1024, int(findings), int(perr)))
    else:
        g["status"] = status

def med(xs):
    return statistics.median(xs)

summary = {}
for key in order:
    g = groups[key]
    if g["ok"]:
        w = med([r[0] for r in g["ok"]]); c = med([r[1] for r in g["ok"]]); m = med([r[2] for r in g["ok"]])
        f = g["ok"][-1][3]; e = g["ok"][-1][4]
        summary[key] = (w, c, m, f, e, len(g["ok"]))

header = ["tool", "corpus", "files", "runs", "wall s", "cpu s", "peak MB", "findings", "parse errors", "wall ratio", "cpu ratio"]
table = []
for tool, size in order:
    g = groups[(tool, size)]
    corpus = f"k8s-{size}"
    if (tool, size) in summary:
        w, c, m, f, e, n = summary[(tool, size)]
        ratio_w = ratio_c = ""
        if tool == "rampart" and ("checkov", size) in summary:
            cw, cc = summary[("checkov", size)][:2]
            ratio_w = f"{cw / w:.1f}x faster" if w > 0 else ""
            ratio_c = f"{cc / c:.1f}x less" if c > 0 else ""
        table.append([tool, corpus, str(g["files"]), str(n), f"{w:.2f}", f"{c:.2f}", f"{m:.1f}", str(f), str(e), ratio_w, ratio_c])
    else:
        why = {"skipped": "skipped (previous size over budget)", "timeout": "killed: over the timeout"}.get(g["status"], g["status"])
        table.append([tool, corpus, str(g["files"]), "0", "-", "-", "-", "-", "-", why, ""])

widths = [max(len(header[i]), *(len(r[i]) for r in table)) for i in range(len(header))]
def line(cells):
    return "  ".join(c.rjust(widths[i]) if i >= 2 else c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()
print()
print(line(header))
print(line(["-" * w for w in widths]))
for r in table:
    print(line(r))
print()
print(f"load at start: {load_start.strip()}")
print(f"load at end:   {load_end.strip()}")

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
md = [
    "# Rampart vs checkov",
    "",
    f"Generated by `bench/run.sh` on {now}. Machine: {ncpu} cores.",
    f"rampart: `{rv}`; checkov: `{cv}`. Corpus: `bench/gen_k8s.py --seed {seed}`, N manifest files "
    f"plus N*{dper}/100 Dockerfiles. Medians of {runs} rampart run(s) and {cruns} checkov run(s).",
    "",
    "Commands (stdout to a file, to count findings):",
    "",
    "```",
    "rampart scan DIR -f json --fail-on none",
    "checkov -d DIR --framework kubernetes dockerfile --skip-download --quiet --compact -o json",
    "```",
    "",
    "| " + " | ".join(header) + " |",
    "|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|",
]
md += ["| " + " | ".join(c if c else " " for c in r) + " |" for r in table]
md += [
    "",
    "wall ratio: checkov wall time / rampart wall time; cpu ratio: checkov CPU time / rampart CPU time "
    "(user+sys). Peak MB is the peak RSS of the largest single process (GNU time `%M`).",
    "",
    f"Load at start: `{load_start.strip()}`  ",
    f"Load at end: `{load_end.strip()}`",
    "",
]
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(md))
print(f"wrote {out}")
PY
