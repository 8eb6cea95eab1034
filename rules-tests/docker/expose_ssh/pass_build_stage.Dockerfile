# A build stage's EXPOSE does not reach the image that ships.
FROM alpine:3.20 AS tools
EXPOSE 22

FROM nginx:1.27
EXPOSE 8080
