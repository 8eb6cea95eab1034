FROM debian:12-slim
RUN curl -fsSLo /tmp/install.sh https://get.example.com \
    && echo "5f3d9c0e2b7f4a1c8e6d0b9a7c5e3f1d2b4a6c8e0f1d3b5a7c9e1f3d5b7a9c0e  /tmp/install.sh" | sha256sum -c - \
    && sh /tmp/install.sh \
    && rm /tmp/install.sh
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
