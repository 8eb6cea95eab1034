FROM node:20-alpine
USER root
RUN apk add --no-cache tini
USER node
CMD ["node", "server.js"]
