# bench/lib.sh — helpers shared by bench/compare.sh and bench/scale.sh. Sourced, not run.
#
# The sourcing script sets BENCH_SCRIPT (its name in messages), SCRIPT_DIR and REPO_ROOT before
# sourcing, and later the globals the helpers read: RAMPART, SKIP_BUILD, WITH_CHECKOV,
# WITH_TRIVY, WORK, TIMEOUT (and TRIVY_CACHE, see fresh_trivy_cache).
#
#   die MSG / log MSG          error exit / progress line, both on stderr
#   usage                      prints the sourcing script's header comment (its --help)
#   need_arg OPT "$@" / is_uint V   option parsing checks
#   ensure_gnu_time            sets TIME_BIN=/usr/bin/time, installing Debian's `time` if missing
#   resolve_rampart [ARG...]   builds rampart (`cargo build --release ARG...`) unless SKIP_BUILD;
#                              sets RAMPART (absolute) and RAMPART_VERSION
#   find_tool NAME VENV LOCK   prints the path of NAME, installing the hashed LOCK into VENV if needed
#   find_peers                 sets CHECKOV, CHECKOV_VERSION, TRIVY, TRIVY_VERSION (empty path
#                              and "not run" for a tool switched off)
#   fresh_trivy_cache          sets TRIVY_CACHE=WORK/trivy-cache and empties it
#   tool_cmd TOOL PATH [file]  sets CMD to the tool's command line on PATH (a directory, or with
#                              `file`, one file)
#   time_cmd DIR OUT ERR TF    runs "${CMD[@]}" in DIR under GNU time and `timeout TIMEOUT`;
#                              stdout to OUT, stderr to ERR, "wall user sys maxrss_kb" to TF;
#                              returns the command's status (124/137: killed on the timeout)
#   count_json TOOL OUT ERR    prints "FINDINGS PARSE_ERRORS" of one tool's JSON output
# shellcheck shell=bash
# shellcheck disable=SC2034  # the *_VERSION, TIME_BIN, TRIVY_CACHE globals are for the sourcing script

die() { echo "$BENCH_SCRIPT: error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

usage() {
  local main="${BASH_SOURCE[${#BASH_SOURCE[@]}-1]}"
  sed -n '2,/^set -euo/p' "$main" | sed '$d' | sed 's/^# \{0,1\}//'
}

need_arg() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value"; }
is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

ensure_gnu_time() {
  TIME_BIN=/usr/bin/time
  if [[ ! -x "$TIME_BIN" ]]; then
    log "installing GNU time (Debian package 'time')"
    local SUDO=""
    [[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
    command -v apt-get >/dev/null || die "/usr/bin/time is missing and apt-get is not available: install GNU time"
    $SUDO apt-get update -qq || die "apt-get update failed"
    $SUDO apt-get install -y -qq time >/dev/null || die "apt-get install time failed"
    [[ -x "$TIME_BIN" ]] || die "/usr/bin/time still missing after installing 'time'"
  fi
  "$TIME_BIN" -f '%e' true 2>/dev/null || die "$TIME_BIN is not GNU time (no -f support)"
}

resolve_rampart() {
  if [[ -z "$RAMPART" ]]; then
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rampart-target}"
    RAMPART="$CARGO_TARGET_DIR/release/rampart"
  fi
  if [[ "$SKIP_BUILD" -eq 0 ]]; then
    command -v cargo >/dev/null || die "cargo is required to build rampart (or pass --rampart PATH)"
    log "building rampart (release) into $CARGO_TARGET_DIR"
    (cd "$REPO_ROOT" && cargo build --release "$@") || die "cargo build --release${*:+ $*} failed"
  fi
  [[ -x "$RAMPART" ]] || die "no rampart binary at $RAMPART (build it, or pass --rampart PATH)"
  RAMPART="$(cd "$(dirname "$RAMPART")" && pwd)/$(basename "$RAMPART")"   # the tools run in each corpus
  RAMPART_VERSION="$("$RAMPART" --version 2>/dev/null || echo unknown)"
}

find_tool() {
  local name="$1" venv="$2" lock="$3" want
  # Never the one on PATH: peers are compared at the version the lock pins.
  # The venv remembers the hash of the lock it came from, and is rebuilt when the lock changes.
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [[ ! -x "$venv/bin/$name" || "$(cat "$venv/lock.sha256" 2>/dev/null)" != "$want" ]]; then
    log "installing $name into $venv (pinned: ${lock#"$REPO_ROOT"/})"
    rm -rf "$venv"
    python3 -m venv "$venv" >&2 || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps --require-hashes -r "$lock" >&2 \
      || die "pip install -r $lock failed"
    [[ -x "$venv/bin/$name" ]] || die "installing $lock did not give $venv/bin/$name"
    echo "$want" > "$venv/lock.sha256"
  fi
  echo "$venv/bin/$name"
}

find_peers() {
  CHECKOV=""
  CHECKOV_VERSION="not run"
  if [[ "$WITH_CHECKOV" -eq 1 ]]; then
    CHECKOV="$(find_tool checkov "${CHECKOV_VENV:-$HOME/.cache/rampart-bench/checkov-venv}" "$REPO_ROOT/bench/requirements-checkov.txt")"
    CHECKOV_VERSION="$("$CHECKOV" --version 2>/dev/null)" || die "checkov at $CHECKOV does not run"
  fi
  TRIVY=""
  TRIVY_VERSION="not run"
  if [[ "$WITH_TRIVY" -eq 1 ]]; then
    TRIVY="$(find_tool trivy "${TRIVY_VENV:-$HOME/.cache/rampart-bench/trivy-venv}" "$REPO_ROOT/bench/requirements-trivy.txt")"
    TRIVY_VERSION="$("$TRIVY" --version 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)"
    [[ -n "$TRIVY_VERSION" ]] || die "trivy at $TRIVY does not run"
  fi
}

# A fresh cache directory: never a checks bundle an earlier online run may have left.
fresh_trivy_cache() {
  TRIVY_CACHE="$WORK/trivy-cache"
  rm -rf "$TRIVY_CACHE"
}

tool_cmd() {
  local file=0
  [[ "${3:-}" != file ]] || file=1
  case "$1" in
    rampart) CMD=("$RAMPART" scan "$2" -f json --fail-on none) ;;
    checkov)
      if [[ "$file" -eq 1 ]]; then
        CMD=("$CHECKOV" -f "$2" --skip-download --quiet --compact -o json)
      else
        CMD=("$CHECKOV" -d "$2" --framework terraform cloudformation kubernetes dockerfile
             --skip-download --quiet --compact -o json)
      fi ;;
    trivy) CMD=("$TRIVY" config --skip-check-update --skip-version-check --disable-telemetry
                --cache-dir "$TRIVY_CACHE" --timeout 60m -f json "$2") ;;
    *) die "tool_cmd: unknown tool $1" ;;
  esac
}

time_cmd() {
  local dir="$1" out="$2" err="$3" tf="$4" rc=0
  (cd "$dir" && "$TIME_BIN" -f '%e %U %S %M' -o "$tf" timeout --kill-after=30 "$TIMEOUT" "${CMD[@]}") \
    >"$out" 2>"$err" || rc=$?
  return "$rc"
}

count_json() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys
tool, path, err = sys.argv[1:]
try:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"cannot read {tool} JSON output {path}: {e}")
if tool == "rampart":
    s = data["summary"]
    print(s["findings"], s["errors"])
elif tool == "checkov":
    reports = data if isinstance(data, list) else [data]
    failed = errors = 0
    for r in reports:
        s = r.get("summary", r)  # an empty scan prints a bare summary
        failed += int(s.get("failed", 0))
        errors += int(s.get("parsing_errors", 0))
    print(failed, errors)
else:
    fails = sum(1 for r in data.get("Results") or [] for m in r.get("Misconfigurations") or []
                if m.get("Status") == "FAIL")
    bad = set()
    with open(err, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "\tERROR\t" in line or "\tWARN\t" in line:
                if re.search(r"(?i)error parsing|failed to parse|parse error", line):
                    m = re.search(r'file_path="([^"]*)"', line)
                    bad.add(m.group(1) if m else line)
    print(fails, len(bad))
PY
}

# time_runs DIR NAME CMD...: run CMD in DIR RUNS times after a warm-up under GNU time, its output
# in WORK/out-NAME.json; prints "median_wall peak_mb".
time_runs() {
  local dir="$1" name="$2" i walls=() rss=0 wall maxrss
  shift 2
  for ((i = 0; i <= RUNS; i++)); do
    (cd "$dir" && "$TIME_BIN" -f '%e %U %S %M' -o "$WORK/time-$name" "$@" > "$WORK/out-$name.json" 2> "$WORK/err-$name.txt") || true
    # GNU time says "Command exited with non-zero status N" first when the tool fails (findings).
    read -r wall _ _ maxrss < <(tail -n 1 "$WORK/time-$name")
    # The first run warms the caches and is not counted.
    if [[ $i -gt 0 ]]; then
      walls+=("$wall")
      ((maxrss > rss)) && rss=$maxrss
    fi
  done
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$((rss / 1024))"
}

# corpus_options NAME ARGS...: the options of the scripts that compare tools on corpus
# directories (bench/workflows.sh, bench/gitlab.sh, bench/kustomize.sh). Sets DIRS, RUNS,
# WITH_CHECKOV, WITH_TRIVY (1 only for scripts that set WANT_TRIVY=1 before, unless --no-trivy),
# SKIP_BUILD, RAMPART and WORK (default $BENCH_WORK, else $TMPDIR/rampart-NAME).
corpus_options() {
  # shellcheck disable=SC2034  # read by the calling script
  {
    DIRS=()
    RUNS=5
    WITH_CHECKOV=1
    WITH_TRIVY="${WANT_TRIVY:-0}"
    SKIP_BUILD=0
    RAMPART=""
    WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/rampart-$1}"
  }
  shift
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --runs) need_arg "$@"; is_uint "$2" || die "--runs needs a number"; RUNS="$2"; shift 2 ;;
      --no-checkov) WITH_CHECKOV=0; shift ;;
      --no-trivy) WITH_TRIVY=0; shift ;;
      --skip-build) SKIP_BUILD=1; shift ;;
      --rampart) need_arg "$@"; RAMPART="$2"; SKIP_BUILD=1; shift 2 ;;
      --work) need_arg "$@"; WORK="$2"; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      -*) die "unknown option $1 (see --help)" ;;
      *) [[ -d "$1" ]] || die "$1 is not a directory"; DIRS+=("$(cd "$1" && pwd)"); shift ;;
    esac
  done
}
