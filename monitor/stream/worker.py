"""``monitor worker`` / ``monitor poll``: the distributed runtime's processes.

A worker runs the Faust app (analyse and deliver agents), the pollers of the
feeds its partitions own, and the status server (/metrics, /healthz). State
is in Redis, shared by all workers; delivery is idempotent per alert id.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import faust
import httpx
import redis
import redis.asyncio as aioredis

from monitor.alerts.dispatcher import DeadLetters, Dispatcher, RetryPolicy
from monitor.analysis.pipeline import Pipeline, PipelineConfig, Stores
from monitor.feeds.config import load_feeds
from monitor.gcutil import freeze_long_lived
from monitor.metrics import Metrics
from monitor.models import Alert
from monitor.runtime.embedded import build_sinks
from monitor.runtime.http import StatusServer
from monitor.settings import Settings
from monitor.state.redis_facts import RedisFactStore
from monitor.state.redis_stores import RedisDedupStore, RedisDeliveredStore, RedisStoryStore
from monitor.stream.app import create_app
from monitor.stream.poller import DistributedPoller, publish_feeds
from monitor.stream.topics import ensure_topics

log = logging.getLogger(__name__)


def redis_client(settings: Settings) -> redis.Redis:
    return redis.Redis.from_url(settings.redis.url.get_secret_value(), socket_timeout=5, socket_connect_timeout=5,
                                health_check_interval=10)


def build_pipeline(settings: Settings, client: redis.Redis, metrics: Metrics) -> Pipeline:
    a, p = settings.analysis, settings.redis.key_prefix
    from datetime import timedelta

    window = timedelta(days=a.window_days)
    stores = Stores(
        dedup=RedisDedupStore(client, prefix=p, window=window, threshold=a.near_duplicate_threshold),
        stories=RedisStoryStore(client, prefix=p, ttl=timedelta(days=a.story_window_days * 2)),
        facts=RedisFactStore(client, prefix=p, ttl=window + timedelta(days=1)),
    )
    return Pipeline(PipelineConfig.from_settings(a), stores, metrics=metrics)


def build_worker(settings: Settings, *, poll: bool = True) -> faust.App:
    """The worker's Faust app with its start-up services attached."""
    metrics = Metrics()
    client = redis_client(settings)
    pipeline = build_pipeline(settings, client, metrics)
    ready = asyncio.Event()
    holder: dict[str, Any] = {}

    async def deliver(alert: Alert) -> None:
        await ready.wait()
        dispatcher: Dispatcher = holder["dispatcher"]
        await dispatcher.deliver(alert)

    app = create_app(settings, pipeline=pipeline, metrics=metrics, deliver=deliver)

    @app.task  # type: ignore[untyped-decorator]  # faust is untyped
    async def start_services() -> None:
        http = httpx.AsyncClient(timeout=10.0)
        sinks = build_sinks(settings.alerts, http, data_dir=settings.data_dir)
        holder["dispatcher"] = dispatcher = Dispatcher(
            sinks, delivered=RedisDeliveredStore(aioredis.from_url(settings.redis.url.get_secret_value()),
                                                 prefix=settings.redis.key_prefix),
            dead_letters=DeadLetters(settings.alerts.dead_letter_path or settings.data_dir / "dead_letters.jsonl"),
            # A short lease: a worker killed mid-send frees its claims quickly for the next owner.
            policy=RetryPolicy(max_attempts=settings.alerts.max_attempts, base_s=settings.alerts.backoff_base_s,
                               max_s=settings.alerts.backoff_max_s, lease_s=20.0),
            rate_per_s=settings.alerts.rate_per_s, metrics=metrics,
        )
        await dispatcher.start()
        from monitor.analysis.actions import action_types

        metrics.init_labels(sinks=[k.name for k in sinks], topics=list(pipeline.topics.ids),
                            action_types=action_types())
        status = StatusServer(metrics, lambda: {"ok": True, "role": "worker"}, host=settings.metrics_host,
                              port=settings.metrics_port)
        await status.start()
        metrics.up.labels("worker").set(1)
        log.info("worker ready", extra={"metrics": status.url})
        ready.set()
        if poll:
            await DistributedPoller(settings, metrics=metrics, redis_client=client).run(asyncio.Event())

    return app


def run_worker(settings: Settings, *, poll: bool = True) -> None:
    """Create topics, publish the feed list, then run a Faust worker until signalled."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(_prepare(settings))
    app = build_worker(settings, poll=poll)
    freeze_long_lived()
    worker = faust.Worker(app, loglevel=settings.log_level.lower(), quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()


async def _prepare(settings: Settings) -> None:
    await ensure_topics(settings.kafka)
    await publish_feeds(settings, load_feeds(settings.feeds.feeds_file))


def run_poller(settings: Settings) -> None:
    """Pollers alone (for deployments that separate them from analysis)."""
    metrics = Metrics()

    async def main() -> None:
        await _prepare(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        import signal

        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        status = StatusServer(metrics, lambda: {"ok": True, "role": "poller"}, host=settings.metrics_host,
                              port=settings.metrics_port)
        await status.start()
        try:
            await DistributedPoller(settings, metrics=metrics, redis_client=redis_client(settings)).run(stop)
        finally:
            await status.stop()

    asyncio.run(main())
