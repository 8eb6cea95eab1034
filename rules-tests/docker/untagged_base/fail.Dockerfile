# rampart:expect-lines 2
FROM ubuntu
RUN echo hello
