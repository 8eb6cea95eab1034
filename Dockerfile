# syntax=docker/dockerfile:1
# A small image of the scanner built from this checkout: `docker run --rm -v "$PWD:/src" rampart scan .`
# (Releases publish ghcr.io/rampart-dev/rampart from deploy/release.Dockerfile, which holds the
# released binaries themselves.)
#
# Two stages: Rust on Alpine (musl) builds one fully static binary, and only the binary ships,
# on distroless `static` (CA certificates and a passwd file; no libc, no shell, no package
# manager), as a non-root user.
#
# Base images are pinned by version tag, not by digest (DOCKER-005, LOW): this repository is
# built where no registry can be reached, so no digest could be verified, and a digest that
# was never checked would be a false assurance. Pin both with the digests your registry
# reports (`docker buildx imagetools inspect IMAGE:TAG`) when you publish the image.

FROM rust:1.94.0-alpine3.22 AS build
# A C compiler and musl's headers for the C parts (mimalloc, aws-lc), linked statically too.
# Not pinned to package versions (DOCKER-026, LOW): the pinned alpine3.22 base fixes the
# repository branch, which only takes security fixes, and Alpine drops superseded versions
# from its mirrors, so an exact pin would break the build at the next fix.
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
# Sources only (see .dockerignore): build.rs embeds policies/ and rules-tests/ into the binary.
COPY Cargo.toml Cargo.lock build.rs ./
COPY scanner ./scanner
COPY policies ./policies
COPY rules-tests ./rules-tests
RUN cargo build --release --locked && cp target/release/rampart /rampart

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /rampart /usr/local/bin/rampart
# distroless' nonroot user (65532); the scanner only reads the mounted sources.
USER 65532:65532
WORKDIR /src
# A CLI that runs and exits has no service to probe: HEALTHCHECK NONE says so explicitly
# (DOCKER-015 asks for a decision, and this is it).
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/rampart"]
CMD ["scan", "."]
