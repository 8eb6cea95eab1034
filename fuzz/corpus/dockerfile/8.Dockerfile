# rampart:expect-lines 3
FROM debian:12-slim
RUN apt-get update && apt-get install -y curl git && rm -rf /var/lib/apt/lists/*
