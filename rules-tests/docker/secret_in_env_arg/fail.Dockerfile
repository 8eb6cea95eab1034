# rampart:expect-lines 3,4,5,6
FROM node:20-alpine
ENV DB_PASSWORD=hunter2
ARG GITHUB_TOKEN=ghp_exampleexampleexample
ENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMIexampleKEY
ENV apiKey="abc123" NODE_ENV=production
