# rampart:expect-lines 2
FROM ubuntu:latest
RUN echo hello
