FROM node:20-alpine
ARG APP_HOME=/srv/app
WORKDIR /usr/src/app
WORKDIR $APP_HOME
WORKDIR "/opt/my app"
