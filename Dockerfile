# syntax=docker/dockerfile:1
# A small image of the scanner: `docker run --rm -v "$PWD:/src" rampart scan .`
#
# Two stages: the Rust toolchain builds the binary, and only the binary ships, on distroless
# (glibc and CA certificates, no shell, no package manager), as a non-root user.
#
# Base images are pinned by version tag, not by digest (DOCKER-005, LOW): this repository is
# built where no registry can be reached, so no digest could be verified, and a digest that
# was never checked would be a false assurance. Pin both with the digests your registry
# reports (`docker buildx imagetools inspect IMAGE:TAG`) when you publish the image.
# The builder's Debian release (bookworm) matches distroless' cc-debian12, so the binary
# finds the same glibc at run time.

FROM rust:1.94.0-slim-bookworm AS build
WORKDIR /src
# Sources only (see .dockerignore): build.rs embeds policies/ and rules-tests/ into the binary.
COPY Cargo.toml Cargo.lock build.rs ./
COPY scanner ./scanner
COPY policies ./policies
COPY rules-tests ./rules-tests
RUN cargo build --release --locked && cp target/release/rampart /rampart

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /rampart /usr/local/bin/rampart
# distroless' nonroot user (65532); the scanner only reads the mounted sources.
USER 65532:65532
WORKDIR /src
# A CLI that runs and exits has no service to probe: HEALTHCHECK NONE says so explicitly
# (DOCKER-015 asks for a decision, and this is it).
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/rampart"]
CMD ["scan", "."]
