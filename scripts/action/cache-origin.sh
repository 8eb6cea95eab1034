#!/usr/bin/env bash
# Who saved the action's build cache entry KEY. The action saves its build only on push,
# schedule and workflow_dispatch events, whose cache scope is a branch or a tag; an entry under
# a pull request's ref (refs/pull/N/merge) was written by some job of that pull request, which
# can run the pull request's code, and so may hold a planted binary. On pull request events
# the action restores a build only when this prints "trusted", checked before and after the
# restore (a planted entry would be restored first: GitHub looks in the pull request's scope
# before the base branch's).
#
# Usage: cache-origin.sh KEY, with GITHUB_REPOSITORY, GITHUB_API_URL and RAMPART_TOKEN (a token
# with `actions: read`). Prints one line and exits 0:
#   trusted       every entry under KEY was saved by a branch or a tag
#   none          no entry under KEY
#   planted REF   an entry under KEY was saved by REF, not a branch or a tag
#   unknown WHY   the cache API could not say
set -euo pipefail

key=$1
if [ -z "${RAMPART_TOKEN:-}" ]; then
  echo "unknown: no token to ask the cache API"
  exit 0
fi
for tool in curl jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "unknown: $tool is not installed"
    exit 0
  fi
done
api="${GITHUB_API_URL:-https://api.github.com}"
# `key` is a prefix filter: entries under longer keys come back too and are left out below.
if ! body=$(curl --silent --show-error --fail --max-time 30 \
  -H "Authorization: Bearer $RAMPART_TOKEN" \
  -H "Accept: application/vnd.github+json" \
  -H "X-GitHub-Api-Version: 2022-11-28" \
  "$api/repos/$GITHUB_REPOSITORY/actions/caches?key=$key&per_page=100" 2>&1); then
  echo "unknown: the cache API refused ($(printf '%s' "$body" | tr -d '\r\n' | cut -c1-200)); the job needs the actions: read permission"
  exit 0
fi
if ! refs=$(printf '%s' "$body" | jq -r --arg key "$key" \
  'if (.total_count | type) == "number" and .total_count <= 100
   then .actions_caches[] | select(.key == $key) | .ref
   else error("not a list of at most 100 entries") end' 2>&1); then
  echo "unknown: unexpected answer from the cache API ($(printf '%s' "$refs" | tr -d '\r\n' | cut -c1-200))"
  exit 0
fi
if [ -z "$refs" ]; then
  echo "none"
  exit 0
fi
while IFS= read -r ref; do
  case "$ref" in
    refs/heads/* | refs/tags/*) ;;
    *)
      echo "planted $ref"
      exit 0
      ;;
  esac
done <<< "$refs"
echo "trusted"
