"""Pollers for the distributed runtime: each feed polled by exactly one worker at a time.

The feed list lives in a compacted topic (``news.feeds``, keyed by feed name).
Pollers join one consumer group on it; the partitions a worker is assigned
decide which feeds it polls, and a rebalance (a worker joins, leaves or dies)
moves feeds with their partitions. Feed state (validators, schedule, seen ids)
is kept in Redis so it moves with the feed. New articles are produced to
``news.articles`` keyed by canonical URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import asdict
from typing import Any, cast

import redis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient

from monitor.feeds.config import FeedConfig
from monitor.feeds.fetch import Fetcher
from monitor.feeds.fulltext import PageExtractor
from monitor.feeds.poller import FeedScheduler, FeedState
from monitor.metrics import Metrics
from monitor.models import Article
from monitor.settings import Settings
from monitor.stream.topics import TopicNames

log = logging.getLogger(__name__)


class RedisFeedState:
    """Feed state in Redis (sync client): it follows a feed to whichever worker polls it."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._r = client
        self._p = prefix

    def load(self, name: str) -> FeedState | None:
        try:
            raw = self._r.get(f"{self._p}feed:{name}")
        except redis.RedisError:
            log.warning("feed state unavailable; starting fresh", extra={"feed": name})
            return None
        return FeedState(**json.loads(cast(bytes, raw))) if raw else None

    def save(self, name: str, state: FeedState) -> None:
        try:
            self._r.set(f"{self._p}feed:{name}", json.dumps(asdict(state)), ex=30 * 86400)
        except redis.RedisError:
            log.warning("feed state not saved", extra={"feed": name})


async def publish_feeds(settings: Settings, feeds: list[FeedConfig]) -> None:
    """Write the feed list to the compacted feeds topic (idempotent: same key, same value)."""
    names = TopicNames(settings.kafka.topic_prefix)
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers, acks="all")
    await producer.start()
    try:
        for f in feeds:
            await producer.send_and_wait(names.feeds, json.dumps(asdict(f)).encode(), key=f.name.encode())
    finally:
        await producer.stop()


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, owner: DistributedPoller) -> None:
        self.owner = owner

    async def on_partitions_revoked(self, revoked: Any) -> None:
        self.owner.assigned = set()
        self.owner.changed.set()

    async def on_partitions_assigned(self, assigned: Any) -> None:
        self.owner.assigned = {tp.partition for tp in assigned}
        self.owner.changed.set()


class DistributedPoller:
    """Polls the feeds of the partitions this worker owns and produces their articles."""

    def __init__(self, settings: Settings, *, metrics: Metrics, redis_client: redis.Redis) -> None:
        self.settings = settings
        self.names = TopicNames(settings.kafka.topic_prefix)
        self.metrics = metrics
        self.redis = redis_client
        self.assigned: set[int] = set()
        self.changed = asyncio.Event()
        self.catalogue: dict[str, tuple[int, FeedConfig]] = {}

    async def _read_catalogue(self) -> None:
        """Read the whole compacted feeds topic (it is small) into name -> (partition, config)."""
        k = self.settings.kafka
        admin = AIOKafkaAdminClient(bootstrap_servers=k.bootstrap_servers)
        await admin.start()
        try:
            described = await admin.describe_topics([self.names.feeds])
        finally:
            await admin.close()
        parts = [p["partition"] for d in described for p in d.get("partitions", [])]
        reader = AIOKafkaConsumer(bootstrap_servers=k.bootstrap_servers, enable_auto_commit=False,
                                  auto_offset_reset="earliest")
        await reader.start()
        try:
            tps = [TopicPartition(self.names.feeds, p) for p in parts]
            if not tps:
                return
            reader.assign(tps)
            # Explicit offsets: seek_to_beginning() is lazy and can race with position().
            starts = await reader.beginning_offsets(tps)
            for tp in tps:
                reader.seek(tp, starts[tp])
            ends = await reader.end_offsets(tps)
            pending = {tp for tp in tps if ends[tp] > 0}
            while pending:
                batch = await reader.getmany(timeout_ms=1000)
                for tp, msgs in batch.items():
                    for m in msgs:
                        if m.key is None:
                            continue
                        if m.value is None:
                            self.catalogue.pop(m.key.decode(), None)
                        else:
                            self.catalogue[m.key.decode()] = (tp.partition, FeedConfig(**json.loads(m.value)))
                    if msgs and msgs[-1].offset + 1 >= ends[tp]:
                        pending.discard(tp)
                if not batch:
                    for tp in list(pending):
                        if await reader.position(tp) >= ends[tp]:
                            pending.discard(tp)
        finally:
            await reader.stop()

    def my_feeds(self) -> list[FeedConfig]:
        return [cfg for part, cfg in self.catalogue.values() if part in self.assigned]

    async def run(self, stop: asyncio.Event) -> None:
        k = self.settings.kafka
        producer = AIOKafkaProducer(bootstrap_servers=k.bootstrap_servers, acks="all", enable_idempotence=True)
        group = AIOKafkaConsumer(bootstrap_servers=k.bootstrap_servers, group_id=f"{k.app_id}-pollers",
                                 enable_auto_commit=False, auto_offset_reset="latest")
        await producer.start()
        await group.start()
        group.subscribe([self.names.feeds], listener=_Listener(self))
        fetcher = Fetcher(self.settings.feeds)

        async def on_article(article: Article) -> None:
            key = (article.url or article.id).encode()
            await producer.send_and_wait(self.names.articles, article.to_json(), key=key)

        scheduler = FeedScheduler([], fetcher, on_article, settings=self.settings.feeds,
                                  state=RedisFeedState(self.redis, self.settings.redis.key_prefix),
                                  metrics=self.metrics,
                                  extractor=PageExtractor(self.settings.feeds.fulltext_processes))
        try:
            while not stop.is_set():
                await group.getmany(timeout_ms=200)  # keeps the group membership alive; records unused
                if self.changed.is_set():
                    self.changed.clear()
                    await self._read_catalogue()
                    mine = self.my_feeds()
                    scheduler.feeds = {f.name: f for f in mine}
                    self.metrics.feeds_configured.set(len(mine))
                    log.info("feed assignment: partitions %s, feeds %s", sorted(self.assigned), sorted(scheduler.feeds),
                             extra={"partitions": sorted(self.assigned), "feeds": sorted(scheduler.feeds)})
                await scheduler.run_once()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=0.5)
        finally:
            await group.stop()
            await producer.stop()
            await fetcher.close()
            scheduler.extractor.close()
