# rampart:expect-lines 4
FROM node:20-alpine
WORKDIR /usr/src
WORKDIR app
