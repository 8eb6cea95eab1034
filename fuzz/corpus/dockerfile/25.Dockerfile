# rampart:expect-lines 3,4
FROM python:3.12-slim
ENTRYPOINT ["python"]
CMD ["app.py"]
COPY . /app
ENTRYPOINT ["python3"]
CMD ["main.py"]
