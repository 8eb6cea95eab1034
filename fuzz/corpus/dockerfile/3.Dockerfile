# rampart:expect-lines 3,4,5
FROM alpine:3.20
ADD https://example.com/releases/tool-1.2.3.tar.gz /tmp/
ADD ["https://example.com/install.sh", "/install.sh"]
ADD --chown=1000 http://example.com/config.json /etc/app/
