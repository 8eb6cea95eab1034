# rampart:expect-lines 3
FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && apt-get clean
# Too late: the lists are already in the layer above.
RUN rm -rf /var/lib/apt/lists/*
