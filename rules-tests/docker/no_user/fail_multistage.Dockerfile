# rampart:expect-lines 7
# The build stage switches user, but only the final stage ships.
FROM golang:1.22 AS build
USER nobody
RUN go build -o /out/app .

FROM debian:12-slim AS runtime
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
