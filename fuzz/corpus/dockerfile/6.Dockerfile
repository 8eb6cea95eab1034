# rampart:expect-lines 3,4
FROM alpine:3.20
RUN apk add curl
RUN apk update && apk add --virtual .build-deps gcc musl-dev
