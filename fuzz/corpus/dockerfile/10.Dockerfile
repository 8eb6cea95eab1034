# syntax=docker/dockerfile:1
# rampart:expect-lines 4
FROM ubuntu:24.04
RUN <<EOF
set -eux
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get -q install -y \
    build-essential
rm -rf /var/lib/apt/lists/*
EOF
