"""One frozen settings object for the whole monitor.

Values come from (highest first) explicit arguments, environment variables
with the ``MONITOR_`` prefix (nested with ``__``, e.g.
``MONITOR_KAFKA__BOOTSTRAP_SERVERS``), a ``.env`` file, and the defaults here.
Secrets are :class:`~pydantic.SecretStr`, so printing settings never shows them.
Each section belongs to one part of the system; add fields to your section.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnalysisSettings(_Section):
    """The pure core: windows and thresholds."""

    topics_file: Path | None = None  # None: the packaged monitor/topics.yaml
    window_days: float = Field(14.0, gt=0, description="dedup and novelty window on published time")
    story_window_days: float = Field(3.0, gt=0)
    near_duplicate_threshold: float = Field(0.5, gt=0, le=1)


class FeedSettings(_Section):
    """Feed polling and HTTP fetching."""

    feeds_file: Path | None = None  # None: the packaged default feed list
    min_interval_s: float = Field(60.0, gt=0)
    max_interval_s: float = Field(3600.0, gt=0)
    default_interval_s: float = Field(300.0, gt=0)
    connect_timeout_s: float = Field(10.0, gt=0)
    read_timeout_s: float = Field(20.0, gt=0)
    max_response_bytes: int = Field(5 * 1024 * 1024, gt=0)
    max_redirects: int = Field(5, ge=0)
    per_host_concurrency: int = Field(2, ge=1)
    fulltext: bool = True
    # Threads by default: lxml releases the GIL while parsing, and on a 2-core machine a process pool measured
    # slower (pickling, hand-offs); more processes pay off only with spare cores (see bench/bench_poll.py).
    fulltext_processes: int = Field(0, ge=0, description="worker processes extracting page text (0: threads)")
    user_agent: str = "news-monitor/0.1 (+https://example.invalid/news-monitor)"


class AlertSettings(_Section):
    """Alert sinks. Secrets stay SecretStr end to end."""

    sinks_file: Path | None = None
    console: bool = True
    jsonl_path: Path | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    slack_webhook_url: SecretStr | None = None
    max_attempts: int = Field(5, ge=1)
    backoff_base_s: float = Field(0.5, gt=0)
    backoff_max_s: float = Field(60.0, gt=0)
    rate_per_s: float = Field(1.0, gt=0)
    dead_letter_path: Path | None = None


class KafkaSettings(_Section):
    bootstrap_servers: str = "localhost:9092"
    topic_prefix: str = ""
    partitions: int = Field(4, ge=1)
    replication_factor: int = Field(1, ge=1)
    app_id: str = "news-monitor"
    # How long a worker's producer waits to fill a batch: a few milliseconds of latency buy far fewer,
    # larger produce requests (less broker CPU per article).
    producer_linger_ms: int = Field(5, ge=0, le=1000)
    producer_max_batch_bytes: int = Field(262_144, ge=1024)
    # The analyse agent takes up to this many articles at once, or what arrived within analyze_wait_ms:
    # each batch costs a few Redis scripts and thread hand-overs whatever its size, so under load large
    # batches are cheaper per article (the README has the figures), while at a trickle a batch is the
    # one or two articles of its wait.
    analyze_batch: int = Field(128, ge=1, le=1024)
    analyze_wait_ms: int = Field(10, ge=0, le=1000)


class RedisSettings(_Section):
    url: SecretStr = SecretStr("redis://localhost:6379/0")
    key_prefix: str = "monitor:"


class Settings(BaseSettings):
    """All settings. Build with ``Settings()``; it is frozen afterwards."""

    model_config = SettingsConfigDict(
        env_prefix="MONITOR_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
        frozen=True,
    )

    data_dir: Path = Path("./data")
    log_level: str = "INFO"
    metrics_host: str = "127.0.0.1"
    metrics_port: int = Field(9464, ge=0, le=65535)
    # Read by monitor.analysis.native itself when the analysis modules load (environment only, not .env):
    # listed here so it is documented and shown with the rest.
    native: bool = Field(True, description="use the native kernels (native/) when installed; 0: pure Python")
    analysis: AnalysisSettings = AnalysisSettings()
    feeds: FeedSettings = FeedSettings()
    alerts: AlertSettings = AlertSettings()
    kafka: KafkaSettings = KafkaSettings()
    redis: RedisSettings = RedisSettings()
