# rampart:expect-lines 4,5
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN python3 -m pip install --upgrade pip setuptools
