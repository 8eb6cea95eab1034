#!/usr/bin/env bash
# bench/audit_aws.sh — time `rampart audit aws` against a local moto server seeded with many
# buckets and IAM users, and count the API requests it makes.
#
# Usage: bench/audit_aws.sh [--scale 200] [--concurrency 16] [--runs 3] [--skip-build]
#
# Starts `moto_server` on a free loopback port (moto and boto3 from $RAMPART_TOOLS/venv, as
# scripts/test.sh installs them), seeds it with scripts/moto_seed.py --scale N (N plain buckets
# and N plain users on top of the good and bad examples), then runs the release build of
# `rampart audit aws --endpoint-url ...` --runs times under /usr/bin/time and prints each run's
# wall time, CPU time, peak RSS and request count (RAMPART_AWS_STATS=1), then the table and
# compliance (cis-aws-3.0) output of the last run. moto answers from one Python process, so
# the numbers measure moto as much as rampart: compare runs, not with a real account.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=200 concurrency=16 runs=3 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --skip-build) build=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

TOOLS="${RAMPART_TOOLS:-$HOME/.cache/rampart-tools}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rampart-target}"
[ -x "$TOOLS/venv/bin/moto_server" ] || { echo "moto is missing: run scripts/test.sh once" >&2; exit 2; }
[ "$build" = 1 ] && cargo build --release --locked --quiet
rampart="$CARGO_TARGET_DIR/release/rampart"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$TOOLS/venv/bin/moto_server" -H 127.0.0.1 -p "$port" > /dev/null 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.2
done
"$TOOLS/venv/bin/python" scripts/moto_seed.py --endpoint "http://127.0.0.1:$port" --scale "$scale" > /dev/null

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent RAMPART_AWS_STATS=1
audit=("$rampart" audit aws --endpoint-url "http://127.0.0.1:$port" --no-config --no-progress
  --concurrency "$concurrency" --fail-on none)
out="$(mktemp -d)"
echo "moto seeded with --scale $scale; concurrency $concurrency"
echo "run  wall_s  cpu_s  peak_MB  requests"
for i in $(seq "$runs"); do
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" "${audit[@]}" -f json > "$out/report.json" 2> "$out/err"
  read -r wall user sys rss < "$out/time"
  requests="$(grep -o '[0-9]* AWS requests, [0-9]* resources' "$out/err" || true)"
  printf '%-4s %-7s %-6s %-8s %s\n' "$i" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$((rss / 1024))" "$requests"
done
echo
"${audit[@]}" -f table 2> /dev/null | tail -n 25
echo
"${audit[@]}" -f compliance --compliance cis-aws-3.0 2> /dev/null
rm -rf "$out"
