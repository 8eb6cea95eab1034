# rampart:expect-lines 6
FROM node:20 AS build
HEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1
RUN npm ci && npm run build

FROM nginx:1.27 AS web
COPY --from=build /app/dist /usr/share/nginx/html
