# rampart:expect-lines 3
FROM ubuntu:24.04 AS base
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*

FROM base
COPY app /usr/local/bin/app
CMD ["app"]
