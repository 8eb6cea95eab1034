# Root in the build stage does not ship.
FROM node:20 AS build
USER root
RUN npm ci && npm run build

FROM node:20-slim
COPY --from=build /app/dist /app
USER 1000:1000
CMD ["node", "/app/server.js"]
