# rampart:expect-lines 3,6
FROM debian:12-slim
RUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*

FROM alpine:3.20
RUN apk upgrade --no-cache
