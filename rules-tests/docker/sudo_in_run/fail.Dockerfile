# rampart:expect-lines 4,5
FROM ubuntu:24.04
USER ubuntu
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends make
RUN make build \
    && sudo -E make install
