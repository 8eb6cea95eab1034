ARG BASE_IMAGE=node:20-alpine
FROM ${BASE_IMAGE}
ARG GITHUB_TOKEN
ARG NPM_TOKEN=""
ENV DB_PASSWORD_FILE=/run/secrets/db_password
ENV TOKENIZERS_PARALLELISM=false
ENV PASSWORD_MIN_LENGTH=12 JWT_SECRET_PATH=/etc/app/jwt
ENV SSH_PRIVATE_KEY_PATH=/home/app/.ssh/id_ed25519
ARG API_KEY_HEADER=X-Api-Key
RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci
