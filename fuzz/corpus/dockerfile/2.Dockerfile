FROM python:3.12-slim
# Unpacking a local archive is what ADD is for.
ADD rootfs.tar.gz /
ADD vendor.tgz /opt/vendor/
# Remote sources are DOCKER-006's business.
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.bin /usr/local/bin/tool
# A variable may name an archive.
ARG BUNDLE
ADD ${BUNDLE} /opt/
COPY . /app
