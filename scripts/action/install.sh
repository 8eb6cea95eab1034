#!/usr/bin/env bash
# Installs one release of rampart for the runner's platform: downloads the release's
# SHA256SUMS and the platform's archive (or reuses the archive a cache kept), checks the
# archive against the sums, verifies its build provenance with `gh attestation verify` when
# `gh` and a token are there, and unpacks it. Prints the binary's path on stdout.
#
# The sums are downloaded on every run and the archive is always checked against them, so an
# archive restored from a cache another job could write is trusted only if it is the release's.
#
# Usage: install.sh VERSION DEST
# Environment:
#   RUNNER_OS, RUNNER_ARCH   the platform, as GitHub names it (Linux/macOS/Windows, X64/ARM64)
#   RELEASE_URL   base of the release downloads (VERSION's files are under vVERSION/);
#                 https only, plain http only on the loopback interface (tests, local mirrors)
#   ARCHIVE_CACHE directory of kept archives (optional)
#   ATTEST_REPO   owner/name whose attestations the archive must carry (with gh and GH_TOKEN)
# Exit codes: 0 installed, 3 the release does not exist (HTTP 404 on its SHA256SUMS), 1 any
# other failure, with a workflow error saying why.
set -euo pipefail

fail() {
  echo "::error title=Rampart install::$*" >&2
  exit 1
}

[ "$#" -eq 2 ] || fail "usage: install.sh VERSION DEST"
version=$1
dest=$2
release_url=${RELEASE_URL:-https://github.com/rampart-dev/rampart/releases/download}
release_url=${release_url%/}

case "$version" in
  "" | *[!0-9A-Za-z.+-]*) fail "not a version: '$version' (expected e.g. 0.2.0)" ;;
esac
case "$release_url" in
  https://*) proto='=https' ;;
  http://127.0.0.1[:/]* | http://localhost[:/]* | "http://[::1]"[:/]*) proto='=http' ;;
  *) fail "release-url must be an https:// URL (plain http only on the loopback interface): $release_url" ;;
esac

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
  macOS/X64) target=x86_64-apple-darwin ext=tar.gz ;;
  macOS/ARM64) target=aarch64-apple-darwin ext=tar.gz ;;
  Windows/X64) target=x86_64-pc-windows-msvc ext=zip ;;
  *) fail "Rampart publishes no binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}; set build-from-source: true to compile it (needs a Rust toolchain)" ;;
esac
name="rampart-v$version-$target"
archive="$name.$ext"

sha256() { if command -v sha256sum > /dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
# Prints the HTTP status; the body goes to $2. Redirects are followed (GitHub serves release
# files from another host) but never off https.
fetch() {
  curl --silent --show-error --location --proto "$proto" --proto-redir "$proto" --retry 3 \
    --connect-timeout 20 --max-time 300 --output "$2" --write-out '%{http_code}' "$1" || echo 000
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=$(fetch "$release_url/v$version/SHA256SUMS" "$work/SHA256SUMS")
case "$status" in
  200) ;;
  404)
    echo "rampart: no release v$version at $release_url (SHA256SUMS: HTTP 404)" >&2
    exit 3
    ;;
  *) fail "could not download $release_url/v$version/SHA256SUMS (HTTP $status)" ;;
esac
# `HASH  NAME` or `HASH *NAME` (binary mode), one per file.
expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$work/SHA256SUMS")
if [ -z "$expected" ]; then
  available=$(awk '{ sub(/^\*/, "", $2); printf "%s%s", sep, $2; sep = ", " }' "$work/SHA256SUMS")
  fail "release v$version has no archive for ${RUNNER_OS} ${RUNNER_ARCH} ($archive); it has: ${available:-nothing}. Set build-from-source: true to compile it instead"
fi
case "$expected" in
  *[!0-9a-f]* | "") fail "SHA256SUMS of v$version has a malformed line for $archive" ;;
esac
[ "${#expected}" -eq 64 ] || fail "SHA256SUMS of v$version has a malformed line for $archive"

cached="${ARCHIVE_CACHE:+$ARCHIVE_CACHE/$archive}"
if [ -n "$cached" ] && [ -f "$cached" ] && [ "$(sha256 "$cached")" = "$expected" ]; then
  echo "rampart: using the cached $archive (matches SHA256SUMS)" >&2
  cp "$cached" "$work/$archive"
else
  status=$(fetch "$release_url/v$version/$archive" "$work/$archive")
  [ "$status" = 200 ] || fail "could not download $release_url/v$version/$archive (HTTP $status)"
  actual=$(sha256 "$work/$archive")
  if [ "$actual" != "$expected" ]; then
    fail "$archive does not match the release's SHA256SUMS (expected $expected, got $actual): not installed"
  fi
  echo "rampart: downloaded $archive (matches SHA256SUMS)" >&2
  if [ -n "$cached" ]; then
    mkdir -p "$ARCHIVE_CACHE"
    cp "$work/$archive" "$cached"
  fi
fi

if command -v gh > /dev/null 2>&1 && [ -n "${GH_TOKEN:-}" ] && [ -n "${ATTEST_REPO:-}" ]; then
  gh attestation verify "$work/$archive" --repo "$ATTEST_REPO" > /dev/null \
    || fail "$archive has no valid build attestation from $ATTEST_REPO (gh attestation verify)"
  echo "rampart: build provenance verified (gh attestation verify --repo $ATTEST_REPO)" >&2
fi

rm -rf "$dest"
mkdir -p "$dest"
if [ "$ext" = zip ]; then
  # Git Bash on GitHub's Windows runners has unzip; 7-Zip is the runners' other unpacker.
  if command -v unzip > /dev/null 2>&1; then
    unzip -q "$work/$archive" -d "$dest"
  elif command -v 7z > /dev/null 2>&1; then
    7z x -bd -y "-o$dest" "$work/$archive" > /dev/null
  else
    fail "neither unzip nor 7z is installed to unpack $archive"
  fi
  bin="$dest/$name/rampart.exe"
else
  tar -xzf "$work/$archive" -C "$dest" --no-same-owner
  bin="$dest/$name/rampart"
fi
# The archive holds one directory with the binary as a regular file, never a link.
if [ -L "$bin" ] || [ ! -f "$bin" ]; then
  fail "$archive does not hold $name/$(basename "$bin") as a regular file"
fi
chmod +x "$bin"
reported=$("$bin" --version) || fail "the installed rampart does not run: $bin"
case "$reported" in
  "rampart $version" | "rampart $version "*) ;;
  *) fail "the binary in $archive reports '$reported', expected rampart $version" ;;
esac
echo "rampart: installed $reported" >&2
echo "$bin"
