# rampart:expect-lines 3,4,5
FROM debian:12-slim
RUN chmod u+s /usr/local/bin/ping-helper
RUN chmod 4755 /usr/local/bin/tool && chown root:root /usr/local/bin/tool
COPY --chmod=4755 helper /usr/local/bin/helper
