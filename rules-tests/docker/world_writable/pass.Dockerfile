FROM debian:12-slim
RUN mkdir -p /tmp/shared && chmod 1777 /tmp/shared
RUN chmod 755 /usr/local/bin/app && chmod +x /entrypoint.sh && chmod g+w /app
RUN chmod -R g=u /app && chmod o-w /etc/app
COPY --chmod=0755 entrypoint.sh /entrypoint.sh
RUN chmod a+rwxt /var/spool/shared
