FROM debian:12-slim
RUN chmod g+s /srv/shared && chmod 2775 /srv/team
RUN chmod 0755 /usr/local/bin/tool
RUN find / -perm /6000 -type f -exec chmod a-s {} + || true
RUN chmod u-s /usr/bin/passwd
