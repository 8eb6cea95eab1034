FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl git \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get -o APT::Install-Recommends=false install -y make \
    && rm -rf /var/lib/apt/lists/*
# An apt-get line inside a comment is not a command:
# RUN apt-get install -y curl
