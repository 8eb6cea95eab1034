# syntax=docker/dockerfile:1
FROM python:3.12-slim
# The body of a heredoc fed to python (or written to a file) is not shell.
RUN python3 <<PY
print("apt-get install -y curl")
PY
RUN cat <<EOF > /usr/local/share/README
Install with: apt-get install -y curl
EOF
RUN <<EOF
#!/usr/bin/env python3
import subprocess
print("apt-get install -y curl")
EOF
