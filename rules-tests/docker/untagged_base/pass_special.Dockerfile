# scratch, earlier stages, digests and unresolved ARGs are not "untagged".
ARG RUNTIME
FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM build AS test
RUN go test ./...
FROM alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5 AS certs
FROM ${RUNTIME} AS runtime
FROM scratch
COPY --from=build /out/app /app
