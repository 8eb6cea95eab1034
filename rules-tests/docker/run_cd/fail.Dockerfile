# rampart:expect-lines 4
FROM golang:1.22
COPY . /src
RUN cd /src && go build -o /out/app .
