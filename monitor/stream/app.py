"""The Faust app: thin agents around the analysis core.

Built by :func:`create_app` from settings — there is no module-level app and
no hard-coded broker. Agents decode, call the core, produce, and apply the
per-message error policy: a message that cannot be processed is counted and
sent to a dead-letter topic with its error, and the stream goes on. A state
store that is down (Redis restarting) is not the message's fault: the agent
waits and retries the same message, so nothing is lost or skipped.
"""

from __future__ import annotations

import asyncio
import json
import logging
import traceback
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import faust
import orjson
from faust.sensors.prometheus import FaustMetrics, PrometheusMonitor
from faust.types import TP

from monitor.analysis.pipeline import Pipeline, Prepared
from monitor.errors import DeliveryError, InputError, StateError
from monitor.metrics import Metrics
from monitor.models import Alert, Analysis, Article
from monitor.settings import Settings
from monitor.stream.topics import TopicNames

log = logging.getLogger(__name__)

Deliver = Callable[[Alert], Awaitable[None]]
RETRY_MIN_S, RETRY_MAX_S = 0.2, 5.0


class LagMonitor(PrometheusMonitor):
    """Faust's Prometheus sensor, plus our bounded ``monitor_consumer_lag{topic}``."""

    def __init__(self, metrics: FaustMetrics, ours: Metrics, **kwargs: Any) -> None:
        super().__init__(metrics=metrics, **kwargs)
        self._ours = ours
        self._end: dict[TP, int] = {}
        self._read: dict[TP, int] = {}

    def _lag(self, topic: str) -> int:
        return sum(max(0, end - self._read.get(tp, 0)) for tp, end in self._end.items() if tp.topic == topic)

    def track_tp_end_offset(self, tp: TP, offset: int) -> None:
        super().track_tp_end_offset(tp, offset)
        if tp not in self._end:
            # Computed when scraped: end offsets arrive with every fetch, scrapes come every few seconds.
            self._ours.consumer_lag.labels(tp.topic).set_function(partial(self._lag, tp.topic))
        self._end[tp] = offset

    def on_tp_commit(self, tp_offsets: Any) -> None:
        super().on_tp_commit(tp_offsets)
        self._read.update(tp_offsets)


async def _retrying(what: str, fn: Callable[[], Awaitable[Any]], metrics: Metrics) -> Any:
    """Run ``fn`` until it stops failing with StateError (a store is down), backing off."""
    delay = RETRY_MIN_S
    while True:
        try:
            return await fn()
        except StateError as exc:
            metrics.redis_errors.labels(what).inc()
            log.warning("state store unavailable, retrying", extra={"stage": what, "error": str(exc)})
            await asyncio.sleep(delay)
            delay = min(RETRY_MAX_S, delay * 2)


def commit_batch(pipeline: Pipeline, batch: Sequence[Prepared]) -> list[Analysis | BaseException]:
    """Commit a batch in order: all at once (a few round trips to the shared stores), or, when that
    fails for another reason than a store being down, one article at a time, so that only the
    article at fault gets its error back (to be dead-lettered) and the others their analyses.

    A store being down (:class:`StateError`) is raised for the caller to wait and retry the batch.
    Committing an article again is harmless: the same analysis and alerts, no new state.
    """
    try:
        return list(pipeline.commit_many(batch))
    except StateError:
        raise
    except Exception as exc:
        if len(batch) == 1:
            return [exc]
        log.warning("batch commit failed, committing one by one", extra={"error": f"{type(exc).__name__}: {exc}"})
    out: list[Analysis | BaseException] = []
    for prepared in batch:
        try:
            out.append(pipeline.commit(prepared))
        except StateError:
            raise
        except Exception as exc:  # per-message policy: the caller dead-letters it
            out.append(exc)
    return out


def create_app(
    settings: Settings,
    *,
    pipeline: Pipeline,
    metrics: Metrics,
    deliver: Deliver | None = None,
    web_port: int | None = None,
) -> faust.App:
    """Build the worker's Faust app: analyse agent, and delivery agent when ``deliver`` is given."""
    k = settings.kafka
    names = TopicNames(k.topic_prefix)
    app = faust.App(
        k.app_id,
        broker=f"kafka://{k.bootstrap_servers}",
        key_serializer="raw",
        value_serializer="raw",
        store="memory://",
        topic_partitions=k.partitions,
        topic_replication_factor=k.replication_factor,
        table_standby_replicas=0,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger=k.producer_linger_ms / 1000,
        producer_max_batch_size=k.producer_max_batch_bytes,
        web_enabled=web_port is not None,
        web_port=web_port or 6066,
        web_host="127.0.0.1",
        datadir=str(settings.data_dir / "faust"),
        # Offsets are committed once a second (or every 1,000 messages): each commit is a write on the
        # broker, and a crash re-delivers at most that much, which the pipeline makes harmless.
        broker_commit_every=1000,
        broker_commit_interval=1.0,
        # A dead worker's partitions move after 10 s, not the default minute.
        broker_session_timeout=10.0,
        broker_heartbeat_interval=2.0,
        worker_redirect_stdouts=False,
    )
    faust_metrics = FaustMetrics.create(metrics.registry, "faust")
    app.monitor = LagMonitor(faust_metrics, metrics)

    articles = app.topic(names.articles, partitions=k.partitions)
    articles_dlq = app.topic(names.articles_dlq, partitions=k.partitions)
    enriched = app.topic(names.enriched, partitions=k.partitions)
    alerts = app.topic(names.alerts, partitions=k.partitions)
    alerts_dlq = app.topic(names.alerts_dlq, partitions=k.partitions)
    # One thread per stage: a batch is prepared (CPU, no state) in one and committed (mostly waiting on
    # Redis) in the other, each stage in order, and the event loop stays free for heartbeats, fetches
    # and producers.
    prepare_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare")
    commit_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="commit")

    async def dead_letter(topic: faust.TopicT, stage: str, event: faust.EventT[bytes], error: BaseException) -> None:
        metrics.dead_letters.labels(stage).inc()
        metrics.errors.labels(stage, type(error).__name__).inc()
        raw = event.value if isinstance(event.value, bytes) else json.dumps(event.value).encode()
        record = {
            "stage": stage,
            "error": f"{type(error).__name__}: {error}",
            "traceback": "".join(traceback.format_exception(error))[-4000:],
            "topic": event.message.topic,
            "partition": event.message.partition,
            "offset": event.message.offset,
            "value": raw.decode("utf-8", errors="replace"),
        }
        log.error("message dead-lettered", extra={"stage": stage, "offset": event.message.offset,
                                                   "error": record["error"]})
        await topic.send(key=event.key, value=json.dumps(record).encode())

    @app.agent(articles, name="analyze")
    async def analyze(stream: faust.StreamT[bytes]) -> None:
        loop = asyncio.get_running_loop()
        # Events come in small batches (acknowledged once the whole batch is done): what arrives while
        # one batch is analysed waits in the next. A crash mid-batch re-delivers it, which the
        # pipeline and the delivery keys make harmless.
        # take_events is on faust's Stream, not in its StreamT interface.
        async for batch in stream.take_events(  # type: ignore[attr-defined]
                k.analyze_batch, within=k.analyze_wait_ms / 1000):
            decoded: list[tuple[faust.EventT[bytes], Article]] = []
            for event in batch:
                try:
                    decoded.append((event, Article.from_json(event.value)))
                except InputError as exc:
                    await dead_letter(articles_dlq, "analyze", event, exc)
            # One hand-over to the preparing thread per batch, not one per article.
            outcomes = await loop.run_in_executor(prepare_pool, prepare_all, [article for _, article in decoded])
            ready: list[tuple[faust.EventT[bytes], Article, Prepared]] = []
            for (event, article), prepared in zip(decoded, outcomes, strict=True):
                if isinstance(prepared, BaseException):  # per-message policy: dead-letter and go on
                    await dead_letter(articles_dlq, "analyze", event, prepared)
                else:
                    ready.append((event, article, prepared))
            done = await commit(ready)
            for (event, article, _), outcome in zip(ready, done, strict=True):
                if isinstance(outcome, BaseException):
                    await dead_letter(articles_dlq, "analyze", event, outcome)
                    continue
                await enriched.send(key=article.id.encode(), value=orjson.dumps(outcome.to_dict()))
                for alert in outcome.alerts:
                    await alerts.send(key=alert.id.encode(), value=alert.to_json())

    def prepare_all(articles: list[Article]) -> list[Prepared | BaseException]:
        out: list[Prepared | BaseException] = []
        for article in articles:
            try:
                out.append(pipeline.prepare(article))
            except Exception as exc:
                out.append(exc)
        return out

    async def commit(ready: list[tuple[faust.EventT[bytes], Article, Prepared]]) -> list[Analysis | BaseException]:
        loop = asyncio.get_running_loop()
        batch = [prepared for _, _, prepared in ready]

        async def run() -> list[Analysis | BaseException]:
            return await loop.run_in_executor(commit_pool, commit_batch, pipeline, batch)

        return list(await _retrying("analyze", run, metrics))

    if deliver is not None:
        send = deliver

        @app.agent(alerts, name="deliver")
        async def delivery(stream: faust.StreamT[bytes]) -> None:
            async for event in stream.events():
                try:
                    alert = Alert.from_dict(json.loads(event.value))
                except (InputError, ValueError) as exc:
                    await dead_letter(alerts_dlq, "deliver", event, exc)
                    continue
                async def once(a: Alert = alert) -> None:
                    await send(a)

                try:
                    await _retrying("deliver", once, metrics)
                except DeliveryError as exc:
                    await dead_letter(alerts_dlq, "deliver", event, exc)

    return app
