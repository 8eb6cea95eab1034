# rampart:expect-lines 5
FROM node:20-alpine AS base
CMD ["node"]
FROM base
ENTRYPOINT /usr/local/bin/docker-entrypoint.sh
