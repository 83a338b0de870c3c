# The monitor image: `monitor worker`, `monitor poll`, `monitor run` from one image.

# The native kernels (native/, Rust) as a wheel; the image runs without them too, only slower.
FROM python:3.11.10-slim AS native
RUN apt-get update && apt-get install -y --no-install-recommends curl gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/* \
    && curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain 1.95.0
ENV PATH=/root/.cargo/bin:$PATH MATURIN_PEP517_ARGS=--locked
COPY native /native
RUN pip wheel --no-cache-dir --no-deps -w /wheels /native

FROM python:3.11.10-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY --from=native /wheels /wheels
RUN pip install --no-cache-dir --no-deps /wheels/*.whl
COPY pyproject.toml README.md ./
COPY monitor ./monitor
RUN pip install --no-cache-dir --no-deps . && useradd --system --uid 10001 monitor
USER monitor
ENV MONITOR_DATA_DIR=/data MONITOR_METRICS_HOST=0.0.0.0
EXPOSE 9464
ENTRYPOINT ["monitor"]
CMD ["worker"]
