# rampart:expect-lines 3
FROM alpine:3.20 AS base
EXPOSE 20-25

FROM base
CMD ["/app"]
