#!/usr/bin/env bash
# bench/scale.sh — how Rampart's time grows, from one file (the pre-commit case) to generated
# corpora of growing size, with checkov and trivy beside it.
#
# Usage (from anywhere):
#   bench/scale.sh [--sizes 1000,5000,20000] [--runs 3] [--peer-runs 1] [--peer-max 5000]
#                  [--single-runs 20] [--single-peer-runs 3] [--seed 42] [--no-checkov]
#                  [--no-trivy] [--no-hyperfine] [--skip-build] [--rampart PATH] [--work DIR]
#                  [--timeout 3600]
#   bench/scale.sh --report-only [--work DIR]    redo the report from an earlier run's work dir
#
# What it does:
#   1. Builds rampart (`cargo build --release --locked`) into $CARGO_TARGET_DIR (default
#      $HOME/.cache/rampart-target), unless --skip-build or --rampart PATH. Finds or installs
#      checkov, trivy and GNU time as bench/compare.sh does (both use bench/lib.sh), and
#      installs hyperfine (Debian package `hyperfine`, apt-get as root, else with sudo) if it is
#      missing; if that fails, the single-file case is timed with GNU time instead.
#   2. For each size N in --sizes, generates a corpus of about N files with
#        bench/gen_iac.py WORK/corpus-iac-N-sSEED --files N --seed SEED    (default mix)
#      A corpus that an earlier run generated in the work directory with the same size, seed
#      and generator is reused (WORK/corpus-iac-N-sSEED.stamp holds the command and the sha256
#      of gen_iac.py and gen_k8s.py).
#   3. One file (the pre-commit case): picks one Kubernetes manifest, one Dockerfile, one
#      Terraform root module's main.tf and one CloudFormation template, each the file of median
#      size of its kind (ties: the first path) in the smallest corpus that has one. In the
#      corpus directory, with the path relative to it (as pre-commit passes staged files from
#      the repository root; the Terraform file is evaluated with its module directory, its
#      tfvars and the local modules it calls as context), it times process start to exit of
#        rampart scan FILE -f json --fail-on none
#        checkov -f FILE --skip-download --quiet --compact -o json
#        trivy config --skip-check-update --skip-version-check --disable-telemetry
#                --cache-dir WORK/trivy-cache --timeout 60m -f json FILE
#      with `hyperfine -N` (no shell in between; output through a pipe): rampart with 3 warm-up
#      runs and at least --single-runs runs (hyperfine adds runs up to its 3-second minimum),
#      checkov and trivy with 1 warm-up run and --single-peer-runs runs. It reports the median
#      and the minimum in ms, and each peer's median over rampart's. One more run of each,
#      under GNU time, gives the peak RSS and the findings. Without hyperfine (or with
#      --no-hyperfine) the same runs are made under GNU time, their wall clock taken around
#      each from bash's EPOCHREALTIME (which then includes the 1-2 ms start-up of time(1) and
#      timeout(1)).
#   4. Scaling: in each corpus directory, under `/usr/bin/time -f '%e %U %S %M'`:
#        rampart scan . -f json --fail-on none                   one untimed warm-up, --runs runs
#        RAYON_NUM_THREADS=1 rampart scan . -f json --fail-on none   --runs runs (one worker)
#        checkov -d . ... and trivy config ... .                 compare.sh's commands, no
#                                                                warm-up, --peer-runs runs,
#                                                                only if N <= --peer-max
#      It reports, per size, tool and thread count, the median wall time, CPU time (user+sys)
#      and peak RSS, files per second, that throughput over the smallest size's (1.00 is
#      linear; above 1, fixed start-up costs being spread), rampart's speed-up from one worker
#      thread to one per core, and each peer's wall and CPU time over rampart's. A peer killed
#      on the timeout is not run on larger corpora.
#   5. Prints a Markdown report (machine: cores, CPU model, memory, load average before and
#      after; tool versions; commands) on stdout and writes it to bench/results/scale-latest.md.
#      Raw measurements: WORK/scale-runs.tsv, WORK/single-runs.tsv, WORK/single-probe.tsv
#      (with WORK/scale-corpora.tsv, WORK/single-files.tsv and WORK/scale-report-args, what
#      --report-only reads); each tool's last output and stderr: WORK/out-*.json, WORK/err-*.txt.
#
# Options: --sizes N,N,... (1000,5000,20000); --runs N (3: rampart's timed runs per size and
# thread count); --peer-runs N (1); --peer-max N (5000; 0: no peer on any corpus, the
# single-file case still runs them); --single-runs N (20, the minimum for rampart);
# --single-peer-runs N (3); --seed S (42); --no-checkov; --no-trivy; --no-hyperfine;
# --skip-build; --rampart PATH (implies --skip-build); --work DIR (default
# ${TMPDIR:-/tmp}/rampart-scale); --timeout SECONDS (3600, per run).
#
# RAMPART_THREADS and RAYON_NUM_THREADS are unset for every run, so "default" is one worker per
# core. The machine may be shared: compare the load averages before and after.
#
# Environment: CARGO_TARGET_DIR, CHECKOV_VENV, TRIVY_VENV. Needs bash, python3, cargo; apt-get
# (as root) only if /usr/bin/time or hyperfine is missing.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/scale.sh"
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
RESULTS_DIR="$SCRIPT_DIR/results"

SIZES="1000,5000,20000"
RUNS=3
PEER_RUNS=1
PEER_MAX=5000
SINGLE_RUNS=20
SINGLE_PEER_RUNS=3
SEED=42
WITH_CHECKOV=1
WITH_TRIVY=1
USE_HYPERFINE=1
SKIP_BUILD=0
RAMPART=""
WORK="${TMPDIR:-/tmp}/rampart-scale"
TIMEOUT=3600
REPORT_ONLY=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) need_arg "$@"; SIZES="$2"; shift 2 ;;
    --runs) need_arg "$@"; RUNS="$2"; shift 2 ;;
    --peer-runs) need_arg "$@"; PEER_RUNS="$2"; shift 2 ;;
    --peer-max) need_arg "$@"; PEER_MAX="$2"; shift 2 ;;
    --single-runs) need_arg "$@"; SINGLE_RUNS="$2"; shift 2 ;;
    --single-peer-runs) need_arg "$@"; SINGLE_PEER_RUNS="$2"; shift 2 ;;
    --seed) need_arg "$@"; SEED="$2"; shift 2 ;;
    --no-checkov) WITH_CHECKOV=0; shift ;;
    --no-trivy) WITH_TRIVY=0; shift ;;
    --no-hyperfine) USE_HYPERFINE=0; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --rampart) need_arg "$@"; RAMPART="$2"; SKIP_BUILD=1; shift 2 ;;
    --work) need_arg "$@"; WORK="$2"; shift 2 ;;
    --timeout) need_arg "$@"; TIMEOUT="$2"; shift 2 ;;
    --report-only) REPORT_ONLY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

for v in "$SEED" "$PEER_MAX" "$TIMEOUT"; do is_uint "$v" || die "numeric option expected, got '$v'"; done
for opt in RUNS PEER_RUNS SINGLE_RUNS SINGLE_PEER_RUNS; do
  name="${opt,,}"
  if ! is_uint "${!opt}" || [[ "${!opt}" -lt 1 ]]; then
    die "--${name//_/-} must be an integer >= 1, got '${!opt}'"
  fi
done
[[ "$TIMEOUT" -ge 1 ]] || die "--timeout must be >= 1"
SIZE_LIST=()
IFS=',' read -r -a size_args <<<"$SIZES"
for n in "${size_args[@]}"; do
  if ! is_uint "$n" || [[ "$n" -lt 1 ]]; then
    die "--sizes takes positive integers separated by commas, got '$SIZES'"
  fi
  SIZE_LIST+=("$((10#$n))")
done
[[ ${#SIZE_LIST[@]} -ge 1 ]] || die "--sizes is empty"
mapfile -t SIZE_LIST < <(printf '%s\n' "${SIZE_LIST[@]}" | sort -n -u)
command -v python3 >/dev/null || die "python3 is required"
unset RAMPART_THREADS RAYON_NUM_THREADS

mkdir -p "$WORK" "$RESULTS_DIR"
WORK="$(cd "$WORK" && pwd)"

# report: renders the Markdown report from the work directory of a measuring run (the TSVs and
# scale-report-args); prints it and writes bench/results/scale-latest.md.
report() {
  local args=()
  mapfile -t args <"$WORK/scale-report-args"
  [[ ${#args[@]} -eq 18 ]] || die "$WORK/scale-report-args is damaged (rerun without --report-only)"
  python3 - "$WORK" "$RESULTS_DIR/scale-latest.md" "${args[@]}" <<'PY'
import collections, os, statistics, sys
(work, out_md, when, ncpu, cpu, mem_kb, kernel, load_start, load_end, rampart, rv, cv, tv, hv,
 seed, runs, peer_runs, peer_max, single_runs, single_peer_runs) = sys.argv[1:]
plural = lambda n, word: f"{n} {word}" + ("" if str(n) == "1" else "s")
med = statistics.median

def rows(name):
    path = os.path.join(work, name)
    return [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip()]

def fmt_ratio(a, b, word):
    return f"{a / b:.1f}x {word}" if b else ""

corpora = rows("scale-corpora.tsv")
picks = rows("single-files.tsv")
probe = {(k, t): r for k, t, *r in rows("single-probe.tsv")}
times = collections.defaultdict(list)
method = {}
for kind, tool, _run, wall, how in rows("single-runs.tsv"):
    times[(kind, tool)].append(float(wall) * 1000)
    method[(kind, tool)] = how

md = [
    "# Rampart scaling: one file to large corpora",
    "",
    f"Generated by `bench/scale.sh` on {when}.",
    "",
    f"- machine: {ncpu} cores ({cpu}), {int(mem_kb) / 1048576:.1f} GiB RAM, {kernel}",
    f"- load average before: `{load_start.strip()}`",
    f"- load average after: `{load_end.strip()}`",
    f"- rampart: `{rv}` (`{rampart}`)",
    f"- checkov: `{cv}`; trivy: `{tv}`" + (" (embedded checks bundle, offline)" if tv != "not run" else ""),
    f"- hyperfine: `{hv}`",
    "- corpora: " + ", ".join(f"`bench/gen_iac.py --files {n} --seed {seed}` ({f} files, {how})"
                              for n, _d, f, how in corpora),
]

# --- one file ----------------------------------------------------------------------------
md += ["", "## One file (the pre-commit case)", ""]
if not picks:
    md.append("No file picked.")
else:
    enabled = {"rampart": True, "checkov": cv != "not run", "trivy": tv != "not run"}
    tools = [t for t in ("rampart", "checkov", "trivy") if enabled[t]]
    how = sorted(set(method.values()))
    md += [
        "Process start to exit of one scan of one file, run in the corpus directory with the file's path "
        "relative to it. "
        + ("Timed with `hyperfine -N` (no shell): rampart with 3 warm-up runs and at least "
           f"{plural(single_runs, 'run')}, checkov and trivy with 1 warm-up run and {plural(single_peer_runs, 'run')}. "
           if "hyperfine" in how else
           f"Timed with GNU time (wall clock from bash's EPOCHREALTIME): rampart 3 warm-up runs and "
           f"{plural(single_runs, 'run')}, checkov and trivy 1 warm-up run and {plural(single_peer_runs, 'run')}. ")
        + "Peak MB, CPU ms and findings are from one more run under GNU time.",
        "",
        "| kind | file | tool | runs | median ms | min ms | cpu ms | peak MB | findings | median vs rampart |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    corpus_name = {d: f"iac-{n}" for n, d, _f, _h in corpora}
    for kind, root, rel, size, lines in picks:
        base = times.get((kind, "rampart"))
        first = True
        for tool in tools:
            t = times.get((kind, tool))
            if not t:
                md.append(f"| {kind if first else ''} | {'`' + rel + '`' if first else ''} | {tool} | 0 "
                          "| killed on the timeout |  |  |  |  |  |")
                first = False
                continue
            p = probe.get((kind, tool))
            cpu_ms = f"{(float(p[4]) + float(p[5])) * 1000:.0f}" if p else ""
            rss = f"{int(p[6]) / 1024:.1f}" if p else ""
            fnd = p[7] if p else ""
            ratio = fmt_ratio(med(t), med(base), "slower") if base and tool != "rampart" else ""
            label = f"`{rel}` ({corpus_name.get(root, root)}, {int(size) / 1024:.1f} KiB, {lines} lines)"
            shown_kind, label, first = (kind, label, False) if first else ("", "", False)
            md.append(f"| {shown_kind} | {label} | {tool} | {len(t)} | {med(t):.1f} | {min(t):.1f} | {cpu_ms} | {rss} "
                      f"| {fnd} | {ratio} |")
    md += ["", "The Terraform file is evaluated with its root module directory (variables, tfvars, the local "
           "modules it calls) as context, so its time includes reading those."]

# --- scaling -----------------------------------------------------------------------------
groups, order = {}, []
for size, files, tool, threads, run, wall, user, sys_, rss, fnd, perr, status in rows("scale-runs.tsv"):
    key = (int(size), tool, threads)
    g = groups.setdefault(key, {"files": int(files), "ok": [], "status": status})
    if key not in order:
        order.append(key)
    if status == "ok":
        g["ok"].append((float(wall), float(user) + float(sys_), int(rss) / 1024, int(fnd), int(perr)))
    else:
        g["status"] = status
summary = {}
for key, g in groups.items():
    ok = g["ok"]
    if ok:
        w, c, m = med([r[0] for r in ok]), med([r[1] for r in ok]), med([r[2] for r in ok])
        summary[key] = {"wall": w, "cpu": c, "mb": m, "fnd": ok[-1][3], "perr": ok[-1][4], "n": len(ok),
                        "fps": g["files"] / w if w > 0 else 0.0}
first_fps = {}
for key in sorted(summary):
    first_fps.setdefault((key[1], key[2]), (key[0], summary[key]["fps"]))

if cv == "not run" and tv == "not run":
    peers = "checkov and trivy not run"
elif peer_max == "0":
    peers = "checkov and trivy not run on corpora (`--peer-max 0`)"
else:
    peers = (f"checkov and trivy with compare.sh's commands, {plural(peer_runs, 'run')} each without warm-up, on corpora "
             f"of at most {peer_max} files (by `--files`)")
md += [
    "", "## Scaling with corpus size", "",
    f"`rampart scan . -f json --fail-on none` in each corpus directory (one untimed warm-up run, then "
    f"{plural(runs, 'run')} with the default thread count and {runs} with `RAYON_NUM_THREADS=1`); {peers}. "
    "Medians under GNU time; cpu is user+sys; peak MB is the peak RSS of the largest single "
    "process. Throughput vs smallest: files/s over the same tool's files/s on the smallest corpus it ran on "
    "(1.00 = linear).",
    "",
    "| size | files | tool | threads | runs | wall s | cpu s | cpu/wall | peak MB | files/s | throughput vs smallest "
    "| findings | parse errors | wall vs rampart | cpu vs rampart |",
    "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]
tool_rank = {"rampart": 0, "checkov": 1, "trivy": 2}
for key in sorted(order, key=lambda k: (k[0], tool_rank[k[1]], k[2] != "default")):
    size, tool, threads = key
    g = groups[key]
    shown_threads = f"default ({ncpu})" if tool == "rampart" and threads == "default" else (
        threads if tool == "rampart" else "own default")
    s = summary.get(key)
    if not s:
        state = {"timeout": "killed on the timeout", "skipped": "skipped: timed out on a smaller corpus"}.get(
            g["status"], g["status"])
        md.append(f"| {size} | {g['files']} | {tool} | {shown_threads} | 0 | {state} |  |  |  |  |  |  |  |  |  |")
        continue
    base_size, base_fps = first_fps[(tool, threads)]
    lin = f"{s['fps'] / base_fps:.2f}" if base_fps and base_size != size else ("1.00" if base_fps else "")
    ratios = ["", ""]
    rb = summary.get((size, "rampart", "default"))
    if tool != "rampart" and rb:
        ratios = [fmt_ratio(s["wall"], rb["wall"], "slower"), fmt_ratio(s["cpu"], rb["cpu"], "more")]
    util = f"{s['cpu'] / s['wall']:.2f}" if s["wall"] > 0 else ""
    md.append(f"| {size} | {g['files']} | {tool} | {shown_threads} | {s['n']} | {s['wall']:.2f} | {s['cpu']:.2f} "
              f"| {util} | {s['mb']:.1f} | {s['fps']:.0f} | {lin} | {s['fnd']} | {s['perr']} | {ratios[0]} | {ratios[1]} |")

cores = [(size, summary.get((size, "rampart", "1")), summary.get((size, "rampart", "default")))
         for size in sorted({k[0] for k in summary})]
cores = [c for c in cores if c[1] and c[2]]
if cores:
    md += ["", "## Core scaling (rampart)", "",
           f"Speed-up: median wall time with one worker thread (`RAYON_NUM_THREADS=1`) over the default "
           f"({ncpu} threads on {ncpu} cores; {ncpu}.00 would be perfect). Efficiency: speed-up / cores.", "",
           "| size | files | wall 1 thread s | wall default s | speed-up | efficiency | cpu 1 thread s | cpu default s |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size, one, dflt in cores:
        sp = one["wall"] / dflt["wall"] if dflt["wall"] > 0 else 0
        md.append(f"| {size} | {groups[(size, 'rampart', '1')]['files']} | {one['wall']:.2f} | {dflt['wall']:.2f} "
                  f"| {sp:.2f}x | {sp / int(ncpu) * 100:.0f}% | {one['cpu']:.2f} | {dflt['cpu']:.2f} |")

md += ["", "## Commands", "", "```",
       "rampart scan FILE -f json --fail-on none                         # one file, in the corpus directory",
       "checkov -f FILE --skip-download --quiet --compact -o json",
       "trivy config --skip-check-update --skip-version-check --disable-telemetry --cache-dir WORK/trivy-cache --timeout 60m -f json FILE",
       "rampart scan . -f json --fail-on none                            # corpora, in the corpus directory",
       "RAYON_NUM_THREADS=1 rampart scan . -f json --fail-on none",
       "checkov -d . --framework terraform cloudformation kubernetes dockerfile --skip-download --quiet --compact -o json",
       "trivy config --skip-check-update --skip-version-check --disable-telemetry --cache-dir WORK/trivy-cache --timeout 60m -f json .",
       "```", ""]
text = "\n".join(md)
with open(out_md, "w", encoding="utf-8") as f:
    f.write(text)
print(text)
print(f"wrote {out_md}", file=sys.stderr)
PY
}

if [[ "$REPORT_ONLY" -eq 1 ]]; then
  for f in scale-corpora.tsv single-files.tsv single-probe.tsv single-runs.tsv scale-runs.tsv scale-report-args; do
    [[ -f "$WORK/$f" ]] || die "no $WORK/$f: --report-only needs the work directory of an earlier run (--work DIR)"
  done
  report || die "report failed"
  exit 0
fi

# --- tools -------------------------------------------------------------------------------

ensure_gnu_time
resolve_rampart --locked
find_peers
fresh_trivy_cache
PEERS=()
[[ -z "$CHECKOV" ]] || PEERS+=(checkov)
[[ -z "$TRIVY" ]] || PEERS+=(trivy)

HYPERFINE=""
HYPERFINE_VERSION="not used"
if [[ "$USE_HYPERFINE" -eq 1 ]]; then
  if ! command -v hyperfine >/dev/null; then
    log "installing hyperfine (Debian package 'hyperfine')"
    SUDO=""
    [[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
    if command -v apt-get >/dev/null && $SUDO apt-get update -qq \
        && $SUDO apt-get install -y -qq hyperfine >/dev/null; then :; else
      log "could not install hyperfine: timing the single files with GNU time instead"
    fi
  fi
  if command -v hyperfine >/dev/null; then
    if hyperfine -N --runs 2 --style none true >/dev/null 2>&1; then
      HYPERFINE="$(command -v hyperfine)"
      HYPERFINE_VERSION="$("$HYPERFINE" --version | head -n 1)"
    else
      log "$(command -v hyperfine) has no -N (hyperfine 1.13 or later needed): using GNU time instead"
    fi
  fi
fi

# --- corpora -----------------------------------------------------------------------------

CORPORA_TSV="$WORK/scale-corpora.tsv"   # size dir files how
: >"$CORPORA_TSV"
gen_hash="$(cat "$SCRIPT_DIR/gen_iac.py" "$SCRIPT_DIR/gen_k8s.py" | sha256sum | cut -d' ' -f1)"
for n in "${SIZE_LIST[@]}"; do
  dir="$WORK/corpus-iac-$n-s$SEED"
  stamp="$dir.stamp"
  want="$(printf 'bench/gen_iac.py --files %s --seed %s\ngenerators sha256 %s\n' "$n" "$SEED" "$gen_hash")"
  if [[ -d "$dir" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    how=reused
    log "reusing corpus $dir"
  else
    how=generated
    rm -rf "$dir" "$dir.tmp" "$stamp"
    log "generating corpus: about $n files (seed $SEED) in $dir"
    python3 "$SCRIPT_DIR/gen_iac.py" "$dir.tmp" --files "$n" --seed "$SEED" --quiet || die "corpus generation failed"
    mv "$dir.tmp" "$dir"
    printf '%s\n' "$want" >"$stamp"
  fi
  printf '%s\t%s\t%s\t%s\n' "$n" "$dir" "$(find "$dir" -type f | wc -l | tr -d ' ')" "$how" >>"$CORPORA_TSV"
done

# --- measuring ---------------------------------------------------------------------------

# check_status TOOL RC ERR DIR: returns 3 if the run was killed on the timeout, dies if the tool
# failed (rampart exits 0 with --fail-on none, checkov 1 when a check fails, trivy config 0).
check_status() {
  local tool="$1" rc="$2" err="$3" dir="$4"
  if [[ "$rc" -eq 124 || "$rc" -eq 137 ]]; then
    log "$tool run killed after ${TIMEOUT}s in $dir"
    return 3
  fi
  if [[ "$rc" -ne 0 && ! ( "$tool" == checkov && "$rc" -eq 1 ) ]]; then
    echo "--- $tool stderr (last 20 lines) ---" >&2
    tail -n 20 "$err" >&2
    die "$tool exited with status $rc (command, in $dir: ${CMD[*]})"
  fi
}

# Picks the single files: prints "kind<TAB>corpus dir<TAB>path relative to it<TAB>bytes<TAB>lines".
pick_files() {
  python3 - "$@" <<'PY'
import os, sys
KINDS = ("kubernetes", "dockerfile", "terraform", "cloudformation")
def kind(rel):
    parts, name = rel.split("/"), os.path.basename(rel)
    if name == "Dockerfile" or name.endswith(".Dockerfile") or name == "Containerfile":
        return "dockerfile"
    if parts[0] == "k8s" and name.endswith((".yaml", ".yml", ".json")):
        return "kubernetes"
    if parts[0] == "tf" and "modules" not in parts and name == "main.tf":
        return "terraform"
    if parts[0] == "cfn" and name.endswith((".yaml", ".yml", ".json", ".template")):
        return "cloudformation"
    return None
for k in KINDS:
    for root in sys.argv[1:]:
        found = []
        for d, _, files in os.walk(root):
            for f in files:
                rel = os.path.relpath(os.path.join(d, f), root)
                if kind(rel) == k:
                    found.append((os.path.getsize(os.path.join(root, rel)), rel))
        if found:
            found.sort()
            size, rel = found[(len(found) - 1) // 2]
            with open(os.path.join(root, rel), "rb") as f:
                lines = f.read().count(b"\n")
            print(f"{k}\t{root}\t{rel}\t{size}\t{lines}")
            break
    else:
        print(f"no {k} file in any corpus: that kind is left out of the single-file case", file=sys.stderr)
PY
}

SINGLE_PROBE="$WORK/single-probe.tsv"   # kind tool path bytes lines wall user sys maxrss_kb findings parse_errors
SINGLE_RUNS_TSV="$WORK/single-runs.tsv" # kind tool run wall_s method
RAW="$WORK/scale-runs.tsv"              # size files tool threads run wall user sys maxrss_kb findings parse_errors status
: >"$SINGLE_PROBE"; : >"$SINGLE_RUNS_TSV"; : >"$RAW"

# single TOOL KIND DIR FILE BYTES LINES: one probe run under GNU time (peak RSS, findings), then
# the timed runs with hyperfine, or GNU time without it.
single() {
  local tool="$1" kind="$2" dir="$3" file="$4" bytes="$5" lines="$6"
  local tag="single-$tool-$kind" rc=0
  local out="$WORK/out-$tag.json" err="$WORK/err-$tag.txt" tf="$WORK/time-$tag.txt"
  tool_cmd "$tool" "$file" file
  time_cmd "$dir" "$out" "$err" "$tf" || rc=$?
  check_status "$tool" "$rc" "$err" "$dir" || return 0
  local wall user sys rss findings perrors counts
  read -r wall user sys rss <<<"$(tail -n 1 "$tf")"
  counts="$(count_json "$tool" "$out" "$err")" || die "could not count $tool findings"
  read -r findings perrors <<<"$counts"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$tool" "$file" "$bytes" "$lines" \
    "$wall" "$user" "$sys" "$rss" "$findings" "$perrors" >>"$SINGLE_PROBE"
  [[ "$perrors" == 0 ]] || log "WARNING: $tool reported $perrors parse error(s) on $file; see $out and $err"

  local warmup=1 runs="$SINGLE_PEER_RUNS" count_opt=--runs
  if [[ "$tool" == rampart ]]; then warmup=3; runs="$SINGLE_RUNS"; count_opt=--min-runs; fi
  if [[ -n "$HYPERFINE" ]]; then
    local json="$WORK/hyperfine-$tag.json" ignore=()
    [[ "$tool" != checkov ]] || ignore=(-i)   # checkov exits 1 when a check fails
    (cd "$dir" && "$HYPERFINE" -N --warmup "$warmup" "$count_opt" "$runs" --output pipe --style basic \
        "${ignore[@]+"${ignore[@]}"}" --export-json "$json" "$(printf '%q ' "${CMD[@]}")") \
      >"$WORK/hyperfine-$tag.txt" 2>&1 \
      || { tail -n 20 "$WORK/hyperfine-$tag.txt" >&2; die "hyperfine failed on $tool $file"; }
    python3 - "$json" "$kind" "$tool" >>"$SINGLE_RUNS_TSV" <<'PY' || die "cannot read $json"
import json, sys
path, kind, tool = sys.argv[1:]
for i, t in enumerate(json.load(open(path, encoding="utf-8"))["results"][0]["times"], 1):
    print(f"{kind}\t{tool}\t{i}\t{t:.6f}\thyperfine")
PY
  else
    local i t0 t1 us
    for ((i = 0; i < warmup; i++)); do time_cmd "$dir" /dev/null /dev/null "$tf" || true; done
    for ((i = 1; i <= runs; i++)); do
      rc=0
      t0="${EPOCHREALTIME:-}"
      time_cmd "$dir" /dev/null "$err" "$tf" || rc=$?
      t1="${EPOCHREALTIME:-}"
      check_status "$tool" "$rc" "$err" "$dir" || return 0
      if [[ -n "$t0" ]]; then   # microseconds; bash 5 (older bash: GNU time's 10 ms resolution)
        us=$(( 10#${t1/[.,]/} - 10#${t0/[.,]/} ))
        wall="$(printf '%d.%06d' $((us / 1000000)) $((us % 1000000)))"
      else
        read -r wall _ <<<"$(tail -n 1 "$tf")"
      fi
      printf '%s\t%s\t%s\t%s\tGNU time\n' "$kind" "$tool" "$i" "$wall" >>"$SINGLE_RUNS_TSV"
    done
  fi
  local n median min
  read -r n median min < <(python3 - "$SINGLE_RUNS_TSV" "$kind" "$tool" <<'PY'
import statistics, sys
path, kind, tool = sys.argv[1:]
t = [float(l.split("\t")[3]) * 1000 for l in open(path, encoding="utf-8") if l.split("\t")[:2] == [kind, tool]]
print(len(t), f"{statistics.median(t):.1f}", f"{min(t):.1f}")
PY
)
  log "$(printf '%-8s %-15s %3d runs: median %8.1f ms  min %8.1f ms  findings %s' \
    "$tool" "$kind" "$n" "$median" "$min" "$findings")"
}

# scale_run TOOL THREADS SIZE FILES RUN DIR: one timed run over a corpus; appends a row to $RAW;
# returns 3 on timeout. THREADS is "default" or 1 (RAYON_NUM_THREADS=1, rampart only).
scale_run() {
  local tool="$1" threads="$2" size="$3" files="$4" run="$5" dir="$6"
  local tag="$tool-$size-$threads" rc=0
  local out="$WORK/out-$tag.json" err="$WORK/err-$tag.txt" tf="$WORK/time-$tag.txt"
  tool_cmd "$tool" .
  [[ "$threads" == default ]] || CMD=(env "RAYON_NUM_THREADS=$threads" "${CMD[@]}")
  time_cmd "$dir" "$out" "$err" "$tf" || rc=$?
  if ! check_status "$tool" "$rc" "$err" "$dir"; then
    printf '%s\t%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\ttimeout\n' "$size" "$files" "$tool" "$threads" "$run" >>"$RAW"
    return 3
  fi
  local wall user sys rss findings perrors counts
  read -r wall user sys rss <<<"$(tail -n 1 "$tf")"
  counts="$(count_json "$tool" "$out" "$err")" || die "could not count $tool findings"
  read -r findings perrors <<<"$counts"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tok\n' \
    "$size" "$files" "$tool" "$threads" "$run" "$wall" "$user" "$sys" "$rss" "$findings" "$perrors" >>"$RAW"
  log "$(printf '%-8s %6s files  threads %-7s run %d: wall %7.2fs  cpu %7.2fs  peak %7.1f MB  findings %6s  parse errors %s' \
    "$tool" "$files" "$threads" "$run" "$wall" "$(echo "$user $sys" | awk '{print $1+$2}')" \
    "$(echo "$rss" | awk '{print $1/1024}')" "$findings" "$perrors")"
  [[ "$perrors" == 0 ]] || log "WARNING: $tool reported $perrors parse error(s) on $dir; see $out and $err"
}

LOAD_START="$(uptime)"
log "machine: $(nproc) cores; $LOAD_START"
log "rampart: $RAMPART ($RAMPART_VERSION); checkov: ${CHECKOV:-skipped} ($CHECKOV_VERSION); trivy: ${TRIVY:-skipped} ($TRIVY_VERSION); hyperfine: ${HYPERFINE:-not used}"

mapfile -t corpus_dirs < <(cut -f2 "$CORPORA_TSV")
PICKS="$WORK/single-files.tsv"
pick_files "${corpus_dirs[@]}" >"$PICKS" || die "could not pick the single files"
while IFS=$'\t' read -r -u 3 kind dir file bytes lines; do
  log "one file: $kind: $file ($bytes bytes, $lines lines) in $dir"
  for tool in rampart "${PEERS[@]+"${PEERS[@]}"}"; do
    single "$tool" "$kind" "$dir" "$file" "$bytes" "$lines"
  done
done 3<"$PICKS"

declare -A TIMED_OUT=()
while IFS=$'\t' read -r -u 3 size dir files _how; do
  # Warm-up: fills the page cache.
  tool_cmd rampart .
  (cd "$dir" && timeout --kill-after=30 "$TIMEOUT" "${CMD[@]}") >/dev/null 2>&1 || true
  for threads in default 1; do
    for run in $(seq 1 "$RUNS"); do
      scale_run rampart "$threads" "$size" "$files" "$run" "$dir" || break
    done
  done
  [[ "$size" -le "$PEER_MAX" ]] || continue
  for tool in "${PEERS[@]+"${PEERS[@]}"}"; do
    if [[ -n "${TIMED_OUT[$tool]:-}" ]]; then
      printf '%s\t%s\t%s\tdefault\t0\t-\t-\t-\t-\t-\t-\tskipped\n' "$size" "$files" "$tool" >>"$RAW"
      continue
    fi
    for run in $(seq 1 "$PEER_RUNS"); do
      scale_run "$tool" default "$size" "$files" "$run" "$dir" || { TIMED_OUT[$tool]=1; break; }
    done
  done
done 3<"$CORPORA_TSV"
LOAD_END="$(uptime)"

# --- report ------------------------------------------------------------------------------

cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
mem_kb="$(sed -n 's/^MemTotal:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/meminfo 2>/dev/null)"
printf '%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "${cpu_model:-unknown}" "${mem_kb:-0}" "$(uname -sr)" \
  "$LOAD_START" "$LOAD_END" "$RAMPART" "$RAMPART_VERSION" "$CHECKOV_VERSION" "$TRIVY_VERSION" "$HYPERFINE_VERSION" \
  "$SEED" "$RUNS" "$PEER_RUNS" "$PEER_MAX" "$SINGLE_RUNS" "$SINGLE_PEER_RUNS" >"$WORK/scale-report-args"
report || die "report failed"
