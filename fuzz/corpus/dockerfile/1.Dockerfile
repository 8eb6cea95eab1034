# rampart:expect-lines 3,4,5
FROM python:3.12-slim
ADD . /app
ADD ["config.yaml", "/etc/app/config.yaml"]
ADD --chown=app:app requirements.txt setup.py /app/
