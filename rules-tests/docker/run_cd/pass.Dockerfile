FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /out/app .
RUN git clone https://github.com/example/tool.git /tmp/tool && cd /tmp/tool && make install
