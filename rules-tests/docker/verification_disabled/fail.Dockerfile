# rampart:expect-lines 3,4,5,6,7,8
FROM debian:12-slim
RUN curl -fsSLk https://internal.example.com/tool -o /usr/local/bin/tool
RUN wget --no-check-certificate https://internal.example.com/tool.tgz
RUN apt-get update && apt-get install -y --allow-unauthenticated internal-tool
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
RUN pip install --no-cache-dir --trusted-host pypi.internal.example.com internal-lib
RUN git -c http.sslVerify=false clone https://git.internal.example.com/app.git
