# rampart:expect-lines 3
FROM rockylinux:9
RUN dnf -y upgrade --refresh && dnf clean all
