FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold curl=7.88.1-10+deb12u5 \
 && rm -rf /var/lib/apt/lists/*
RUN apk add --no-cache -t .build-deps gcc=13.2.1_git20240309-r0 ./local.apk || true
RUN pip install --no-cache-dir -r requirements.txt -c constraints.txt ./dist/app-1.0-py3-none-any.whl "requests>=2.32,<3" git+https://example.com/lib.git $EXTRA
