FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
ADD https://github.com/moby/buildkit.git#d5a0c6a1fbc6a2b0d4f1a5b3c9e7f8a6b2c4d1e0 /src/buildkit
ADD rootfs.tar.gz /
COPY app /app
