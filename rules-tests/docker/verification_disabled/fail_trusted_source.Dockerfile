# rampart:expect-lines 3
FROM debian:12-slim
RUN echo "deb [trusted=yes] http://apt.internal.example.com/ stable main" \
      > /etc/apt/sources.list.d/internal.list \
    && apt-get update && apt-get install -y --no-install-recommends internal-tool \
    && rm -rf /var/lib/apt/lists/*
