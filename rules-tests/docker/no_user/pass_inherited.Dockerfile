# The final stage is built FROM a stage that already switched to a non-root user.
FROM alpine:3.20 AS base
RUN adduser -D -u 10001 app
USER 10001

FROM base AS final
COPY app /app
CMD ["/app"]
