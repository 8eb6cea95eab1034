FROM node:20-alpine
CMD exec node /app/server.js
