FROM python:3.12-slim AS base
RUN pip install --no-cache-dir -r requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
RUN PIP_NO_CACHE_DIR=1 pip3 install gunicorn
RUN pip --version && pip download -d /wheels flask

FROM base
ENV PIP_NO_CACHE_DIR=1
RUN pip install uvicorn
