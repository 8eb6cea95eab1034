ARG BASE
FROM ${BASE}
RUN echo hello
