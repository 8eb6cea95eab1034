# rampart:expect-lines 5
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server \
    && rm -rf /var/lib/apt/lists/*
EXPOSE 80 22/tcp
CMD ["/usr/sbin/sshd", "-D"]
