# rampart:expect-lines 3
# A registry port is not a tag.
FROM registry.example.com:5000/team/base
RUN echo hello
