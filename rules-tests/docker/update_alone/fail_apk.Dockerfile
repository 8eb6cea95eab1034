# rampart:expect-lines 4
FROM node:20 AS build
FROM alpine:3.20
RUN apk update
RUN apk add --no-cache curl
