FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*
RUN echo "app ALL=(ALL) NOPASSWD: /usr/bin/systemctl" > /etc/sudoers.d/app
USER ubuntu
