# rampart:expect-lines 3,5,6,7
FROM alpine:3.20
RUN apk add --no-cache --allow-untrusted /tmp/internal.apk
FROM rockylinux:9
RUN dnf install -y --nogpgcheck internal-tool
RUN npm config set strict-ssl false
RUN GIT_SSL_NO_VERIFY=1 git clone https://git.internal.example.com/app.git
