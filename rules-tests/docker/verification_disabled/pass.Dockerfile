FROM debian:12-slim
RUN curl -fsSLO https://example.com/tool.tar.gz
RUN curl -fsSL -H "Authorization: Bearer none" -o /tmp/x https://example.com/x
RUN curl -sLo kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl
RUN wget -q https://example.com/tool.tgz
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
RUN pip install --no-cache-dir --index-url https://pypi.example.com/simple internal-lib
