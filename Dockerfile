# The monitor image: `monitor worker`, `monitor poll`, `monitor run` from one image.
FROM python:3.11.10-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY pyproject.toml README.md ./
COPY monitor ./monitor
RUN pip install --no-cache-dir --no-deps . && useradd --system --uid 10001 monitor
USER monitor
ENV MONITOR_DATA_DIR=/data MONITOR_METRICS_HOST=0.0.0.0
EXPOSE 9464
ENTRYPOINT ["monitor"]
CMD ["worker"]
