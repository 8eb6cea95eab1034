ARG REGISTRY_PASSWORD=s3cr3t
# rampart:expect-lines 1
FROM alpine:3.20
RUN echo building
