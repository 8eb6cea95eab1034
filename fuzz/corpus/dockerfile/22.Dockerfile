# syntax=docker/dockerfile:1
# rampart:expect-lines 4
FROM alpine:3.20
RUN <<EOF
set -eu
apk add --no-cache curl
curl -fsSL https://example.com/install.sh | /bin/sh
EOF
