# rampart:expect-lines 4
FROM alpine:3.20
# A tag can be moved: only a full commit id pins a Git source.
ADD https://github.com/moby/buildkit.git#v0.14.0 /src/buildkit
