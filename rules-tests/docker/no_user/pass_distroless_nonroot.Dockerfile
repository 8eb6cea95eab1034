FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/app .

# The :nonroot distroless variant sets USER 65532 itself.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
