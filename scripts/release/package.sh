#!/usr/bin/env bash
# Packs one platform's release archive, the layout scripts/action/install.sh and
# cargo-binstall (Cargo.toml's [package.metadata.binstall]) expect:
#   rampart-vVERSION-TARGET.tar.gz (zip for Windows) holding rampart-vVERSION-TARGET/ with the
#   binary, README.md and LICENSE.
# Entries are sorted and owned by 0:0, and GNU tar dates them at the commit, so on Linux the same
# binary packs to the same bytes.
#
# Usage: scripts/release/package.sh BINARY TARGET VERSION OUTDIR   (prints the archive's path)
set -euo pipefail
if [ "$#" -ne 4 ]; then
  echo "usage: $0 BINARY TARGET VERSION OUTDIR" >&2
  exit 2
fi
binary=$1
target=$2
version=$3
out=$4
root="$(cd "$(dirname "$0")/../.." && pwd)"
name="rampart-v$version-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/$name" "$out"
case "$target" in
  *-windows-*) exe=rampart.exe ;;
  *) exe=rampart ;;
esac
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/README.md" "$root/LICENSE" "$stage/$name/"
chmod 644 "$stage/$name/README.md" "$stage/$name/LICENSE"
out=$(cd "$out" && pwd)
epoch=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)

case "$target" in
  *-windows-*)
    archive="$out/$name.zip"
    rm -f "$archive"
    if command -v zip > /dev/null 2>&1; then
      (cd "$stage" && find "$name" -type f | LC_ALL=C sort | zip -q -X "$archive" -@)
    else
      (cd "$stage" && 7z a -tzip -bd "$archive" "$name" > /dev/null)
    fi
    ;;
  *)
    archive="$out/$name.tar.gz"
    # GNU tar on Linux; bsdtar (macOS) has no --sort, so the file list is sorted by hand.
    (cd "$stage" && find "$name" -type f | LC_ALL=C sort > "$stage/files")
    if tar --version 2>/dev/null | grep -q GNU; then
      tar -C "$stage" --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - -T "$stage/files" \
        | gzip -n -9 > "$archive"
    else
      tar -C "$stage" --uid 0 --gid 0 --numeric-owner -cf - -T "$stage/files" | gzip -n -9 > "$archive"
    fi
    ;;
esac
echo "$archive"
