# rampart:expect-lines 3,5,6
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 git && rm -rf /var/lib/apt/lists/*
FROM alpine:3.20 AS tools
RUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.5-r0
RUN python3 -m pip install --no-cache-dir -r requirements.txt requests flask==3.0.3
