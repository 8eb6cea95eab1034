# rampart:expect-lines 3
ARG BASE=node:latest
FROM ${BASE} AS app
CMD ["node"]
