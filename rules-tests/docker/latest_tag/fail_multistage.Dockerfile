# rampart:expect-lines 3
# Build stages count too: what they pull ends up in the image.
FROM golang:latest AS build
RUN go build -o /out/app .

FROM alpine:3.20
COPY --from=build /out/app /app
