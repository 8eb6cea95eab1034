FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/app .

# rampart:expect-lines 5
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
