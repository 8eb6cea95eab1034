# rampart:expect-lines 5
FROM node:20-alpine
USER node
RUN npm ci
USER root
CMD ["node", "server.js"]
