# syntax=docker/dockerfile:1
# The published image, ghcr.io/rampart-dev/rampart:VERSION: the release's own static Linux
# binaries (the bytes in the release archives and their SHA256SUMS), not a second build.
# .github/workflows/release.yml unpacks them into the build context as bin/amd64/rampart and
# bin/arm64/rampart and builds both platforms from this file; cosign signs the pushed digest.
#
#   docker run --rm -v "$PWD:/src:ro" ghcr.io/rampart-dev/rampart:VERSION scan .
#
# The base image is pinned by version tag, not by digest (DOCKER-005, LOW): this repository is
# built where no registry can be reached, so no digest could be verified here; pin it with the
# digest your registry reports (`docker buildx imagetools inspect IMAGE:TAG`) before publishing.
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETARCH
COPY --chmod=0755 bin/${TARGETARCH}/rampart /usr/local/bin/rampart
# distroless' nonroot user (65532); the scanner only reads the mounted sources.
USER 65532:65532
WORKDIR /src
# A CLI that runs and exits has no service to probe: HEALTHCHECK NONE says so explicitly
# (DOCKER-015 asks for a decision, and this is it).
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/rampart"]
CMD ["scan", "."]
