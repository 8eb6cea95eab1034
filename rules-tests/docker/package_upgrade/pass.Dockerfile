FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends --only-upgrade openssl \
    && rm -rf /var/lib/apt/lists/*
FROM alpine:3.20
RUN apk upgrade --no-cache openssl libcrypto3
FROM rockylinux:9
RUN yum update -y openssl && yum clean all
