"""Kafka topic names and their idempotent creation at start-up."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from monitor.errors import MonitorError
from monitor.settings import KafkaSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TopicNames:
    """Every topic the distributed runtime uses, with the configured prefix."""

    prefix: str = ""

    @property
    def articles(self) -> str:
        return f"{self.prefix}news.articles"

    @property
    def articles_dlq(self) -> str:
        return f"{self.prefix}news.articles.dlq"

    @property
    def enriched(self) -> str:
        return f"{self.prefix}news.enriched"

    @property
    def alerts(self) -> str:
        return f"{self.prefix}news.alerts"

    @property
    def alerts_dlq(self) -> str:
        return f"{self.prefix}news.alerts.dlq"

    @property
    def feeds(self) -> str:
        """Compacted: one record per feed, keyed by feed URL; its partitions spread feeds over pollers."""
        return f"{self.prefix}news.feeds"

    def all(self) -> tuple[str, ...]:
        return (self.articles, self.articles_dlq, self.enriched, self.alerts, self.alerts_dlq, self.feeds)


async def ensure_topics(settings: KafkaSettings, names: TopicNames | None = None) -> list[str]:
    """Create the topics that do not exist yet; returns the ones created."""
    names = names or TopicNames(settings.topic_prefix)
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, client_id=f"{settings.app_id}-admin")
    try:
        await admin.start()
    except KafkaError as exc:
        raise MonitorError(f"cannot reach Kafka at {settings.bootstrap_servers}: {exc}") from exc
    created: list[str] = []
    try:
        existing = set(await admin.list_topics())
        for name in names.all():
            if name in existing:
                continue
            configs = {"cleanup.policy": "compact"} if name == names.feeds else {}
            topic = NewTopic(name, settings.partitions, settings.replication_factor, topic_configs=configs)
            try:
                await admin.create_topics([topic])
                created.append(name)
            except TopicAlreadyExistsError:
                pass  # another worker won the race: fine, that is the point of idempotency
        if created:
            log.info("created topics", extra={"topics": created})
    finally:
        await admin.close()
    return created
