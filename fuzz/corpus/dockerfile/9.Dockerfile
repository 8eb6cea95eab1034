# rampart:expect-lines 3
FROM ubuntu:24.04
RUN ["/bin/sh", "-c", "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"]
