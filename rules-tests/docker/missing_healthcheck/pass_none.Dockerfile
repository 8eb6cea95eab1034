# Kubernetes probes the container: the health check is disabled on purpose.
FROM nginx:1.27
HEALTHCHECK NONE
