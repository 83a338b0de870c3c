"""The embedded runner (``monitor run``): pollers, the analysis core and alert sinks in one process.

No broker: new articles go straight from the pollers to the pipeline, alerts
to the dispatcher. All state (dedup index, stories, known facts, delivered
alert ids, feed validators) lives in one SQLite file in the data directory,
so a restart neither re-alerts nor forgets. An article that cannot be
analysed is counted, logged and written to ``dead_articles.jsonl``; the rest
goes on.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import traceback
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from monitor.alerts.dispatcher import DeadLetters, Dispatcher, RetryPolicy, SqliteDeliveredStore
from monitor.alerts.sinks import ConsoleSink, JsonlSink, Sink, SlackSink, WebhookSink
from monitor.analysis.pipeline import Pipeline, PipelineConfig, Stores
from monitor.errors import ConfigError
from monitor.feeds.config import FeedConfig
from monitor.feeds.fetch import Fetcher
from monitor.feeds.fulltext import PageExtractor
from monitor.feeds.poller import Clock, FeedScheduler, SqliteFeedState
from monitor.gcutil import frozen
from monitor.metrics import Metrics
from monitor.models import Analysis, Article
from monitor.runtime.http import StatusServer
from monitor.settings import AlertSettings, Settings
from monitor.state.sqlite import SqliteDedupStore, SqliteFactStore, SqliteStoryStore, connect

log = logging.getLogger(__name__)
OnAnalysis = Callable[[Article, Analysis], Awaitable[None]]


def build_sinks(settings: AlertSettings, client: httpx.AsyncClient, *, data_dir: Path) -> list[Sink]:
    """Sinks from settings: console, JSONL file, webhook, Slack (any combination)."""
    sinks: list[Sink] = []
    if settings.console:
        sinks.append(ConsoleSink())
    if settings.jsonl_path is not None:
        path = settings.jsonl_path if settings.jsonl_path.is_absolute() else data_dir / settings.jsonl_path
        sinks.append(JsonlSink(path))
    if settings.webhook_url:
        sinks.append(WebhookSink(client, settings.webhook_url, settings.webhook_secret))
    if settings.slack_webhook_url is not None:
        sinks.append(SlackSink(client, settings.slack_webhook_url))
    if settings.sinks_file is not None:
        from monitor.alerts.config import load_sinks

        taken = {s.name for s in sinks}
        for sink in load_sinks(settings.sinks_file, client, data_dir=data_dir):
            if sink.name in taken:
                raise ConfigError(f"sink name {sink.name!r} already used by the settings",
                                  file=str(settings.sinks_file))
            sinks.append(sink)
    return sinks


class EmbeddedRunner:
    """One process: poll, analyse, alert. ``await runner.run(stop)`` until ``stop`` is set."""

    def __init__(self, settings: Settings, feeds: Sequence[FeedConfig], *, metrics: Metrics | None = None,
                 sinks: Sequence[Sink] | None = None, on_analysis: OnAnalysis | None = None,
                 clock: Clock | None = None, serve_http: bool = True, poll_concurrency: int = 32) -> None:
        self.settings = settings
        self.feeds = list(feeds)
        self.metrics = metrics or Metrics()
        self._sinks = list(sinks) if sinks is not None else None
        self._on_analysis = on_analysis
        self._clock = clock
        self._serve_http = serve_http
        self._poll_concurrency = poll_concurrency
        data = settings.data_dir
        data.mkdir(parents=True, exist_ok=True)
        # One connection per thread: the analysis thread's stores and the event loop's (deliveries, feed
        # state) must not share one, or a statement's row count can be read after the other thread's
        # statement (SQLite reports changes per connection). WAL lets the two work side by side.
        self.conn = connect(data / "state.db")
        self.io_conn = connect(data / "state.db")
        self.pipeline = Pipeline(
            PipelineConfig.from_settings(settings.analysis),
            Stores(dedup=SqliteDedupStore(self.conn), stories=SqliteStoryStore(self.conn),
                   facts=SqliteFactStore(self.conn), transaction=self.conn.transaction),
            metrics=self.metrics,
        )
        self.dead_articles = data / "dead_articles.jsonl"
        self.dead_letters = DeadLetters(settings.alerts.dead_letter_path or data / "dead_letters.jsonl")
        # One analysis thread: the core is stateful and ordered; the event loop stays free for I/O.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        self.status: StatusServer | None = None
        self.scheduler: FeedScheduler | None = None
        self.dispatcher: Dispatcher | None = None
        self.processed = 0
        self.failed = 0
        self._pending = 0

    def health(self) -> dict[str, Any]:
        sched = self.scheduler
        unhealthy = [n for n in sched.feeds if not sched.feed_state(n).healthy] if sched else []
        return {"ok": True, "feeds": len(self.feeds), "unhealthy_feeds": unhealthy, "processed": self.processed,
                "failed": self.failed}

    async def _on_article(self, article: Article) -> None:
        started = time.monotonic()
        loop = asyncio.get_running_loop()
        # The embedded runner's "lag": articles fetched but not yet analysed.
        self._pending += 1
        self.metrics.consumer_lag.labels("embedded").set(self._pending)
        try:
            analysis = await loop.run_in_executor(self._executor, self.pipeline.process, article)
        except Exception as exc:  # per-article policy: count, keep for inspection, go on
            self._pending -= 1
            self.failed += 1
            self.metrics.errors.labels("analyze", type(exc).__name__).inc()
            self.metrics.dead_letters.labels("analyze").inc()
            log.exception("article failed analysis", extra={"article": article.id, "feed": article.source})
            with self.dead_articles.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"article": article.to_dict(), "error": f"{type(exc).__name__}: {exc}",
                                     "traceback": traceback.format_exc()[-4000:]}) + "\n")
            return
        finally_pending = self._pending = self._pending - 1
        self.metrics.consumer_lag.labels("embedded").set(finally_pending)
        self.processed += 1
        log.info("article analysed", extra={"article": article.id, "feed": article.source,
                                            "duplicate_of": analysis.duplicate_of, "alerts": len(analysis.alerts)})
        if self._on_analysis is not None:
            await self._on_analysis(article, analysis)
        assert self.dispatcher is not None
        for alert in analysis.alerts:
            self.metrics.ingest_to_alert_seconds.observe(time.monotonic() - started)
            await self.dispatcher.submit(alert)

    async def start(self, client: httpx.AsyncClient) -> None:
        s = self.settings
        sinks = self._sinks if self._sinks is not None else build_sinks(s.alerts, client, data_dir=s.data_dir)
        self.dispatcher = Dispatcher(
            sinks, delivered=SqliteDeliveredStore(self.io_conn), dead_letters=self.dead_letters,
            policy=RetryPolicy(max_attempts=s.alerts.max_attempts, base_s=s.alerts.backoff_base_s,
                               max_s=s.alerts.backoff_max_s),
            rate_per_s=s.alerts.rate_per_s, metrics=self.metrics,
        )
        await self.dispatcher.start()
        from monitor.analysis.actions import action_types

        self.metrics.init_labels(feeds=[f.name for f in self.feeds], sinks=[k.name for k in sinks],
                                 topics=list(self.pipeline.topics.ids), action_types=action_types())
        self.metrics.consumer_lag.labels("embedded").set(0)
        fetcher = Fetcher(s.feeds, client)
        self.scheduler = FeedScheduler(self.feeds, fetcher, self._on_article, settings=s.feeds,
                                       state=SqliteFeedState(self.io_conn), metrics=self.metrics, clock=self._clock,
                                       concurrency=self._poll_concurrency,
                                       extractor=PageExtractor(s.feeds.fulltext_processes))
        if self._serve_http:
            self.status = StatusServer(self.metrics, self.health, host=s.metrics_host, port=s.metrics_port)
            await self.status.start()
            log.info("serving /metrics and /healthz", extra={"url": self.status.url})
        self.metrics.up.labels("run").set(1)

    async def run(self, stop: asyncio.Event, *, once: bool = False) -> None:
        """Poll until ``stop`` (or one cycle with ``once``); then drain deliveries and close."""
        fs = self.settings.feeds
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(fs.read_timeout_s, connect=fs.connect_timeout_s),
            follow_redirects=False, headers={"User-Agent": fs.user_agent},
        ) as client:
            await self.start(client)
            assert self.scheduler is not None
            try:
                with frozen():  # lexicons, patterns and clients live as long as the run
                    if once:
                        await self.scheduler.run_once()
                    else:
                        await self.scheduler.run(stop)
            finally:
                await self.close()

    async def close(self) -> None:
        if self.dispatcher is not None:
            await self.dispatcher.close()
        if self.status is not None:
            await self.status.stop()
        self.metrics.up.labels("run").set(0)
        if self.scheduler is not None:
            self.scheduler.extractor.close()
        self._executor.shutdown(wait=True)
        self.conn.close()
        self.io_conn.close()
