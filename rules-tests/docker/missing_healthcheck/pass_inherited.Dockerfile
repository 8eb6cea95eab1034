FROM nginx:1.27 AS base
HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1

FROM base
COPY site /usr/share/nginx/html
