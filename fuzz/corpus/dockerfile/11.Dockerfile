# syntax=docker/dockerfile:1
# rampart:expect-lines 4,9
FROM debian:12-slim
RUN <<-EOT bash
	set -e
	apt-get update
	apt-get install -y curl
	EOT
RUN <<EOF
#!/bin/bash
apt-get install -y git
EOF
