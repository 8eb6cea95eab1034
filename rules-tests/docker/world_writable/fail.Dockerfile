# rampart:expect-lines 3,4,5,6
FROM debian:12-slim
RUN mkdir -p /app/data && chmod -R 777 /app
COPY --chmod=666 config.yaml /etc/app/config.yaml
RUN find /srv -type d -exec chmod o+w {} +
RUN chmod a+rwx /usr/local/bin/entrypoint.sh
