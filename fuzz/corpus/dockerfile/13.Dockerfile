FROM debian:12-slim
RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99-no-recommends
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
