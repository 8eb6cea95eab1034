# rampart:expect-lines 3,4
FROM alpine:3.20
ENV UPLOAD_URL=https://ci:Sup3rS3cret@artifacts.example.com/upload
RUN wget --header "Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ012345" https://api.github.com/repos/org/app/tarball
RUN echo "see https://example.com/docs"
