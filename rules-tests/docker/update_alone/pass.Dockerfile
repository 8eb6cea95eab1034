FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
FROM alpine:3.20
RUN apk update && apk add curl && rm -rf /var/cache/apk/*
