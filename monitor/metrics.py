"""Every Prometheus metric of the monitor, built against an injected registry.

Build one :class:`Metrics` per process (``Metrics(registry)``) and pass it
down; tests build their own against a fresh ``CollectorRegistry`` and read
values with ``registry.get_sample_value``. Labels are bounded: feed names come
from configuration, kinds/results/types from closed vocabularies; never an
article id or a URL.
"""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

NS = "monitor"

# Buckets in seconds: from sub-millisecond analysis to minutes-long delivery retries.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
FETCH_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60)


class Metrics:
    """The monitor's metrics. All attributes are prometheus_client collectors."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry

        # Feeds
        self.feed_polls = Counter(
            "feed_polls", "Feed polls by result (ok, not_modified, or an error kind).",
            ["feed", "result"], namespace=NS, registry=r,
        )
        self.feed_fetch_seconds = Histogram(
            "feed_fetch_seconds", "Time to fetch (and parse) one feed.",
            ["feed"], namespace=NS, registry=r, buckets=FETCH_BUCKETS,
        )
        self.feeds_unhealthy = Gauge(
            "feeds_unhealthy", "Feeds currently failing repeatedly (in backoff).", namespace=NS, registry=r,
        )
        self.feeds_configured = Gauge(
            "feeds_configured", "Feeds this process is responsible for polling.", namespace=NS, registry=r,
        )
        self.feed_last_success = Gauge(
            "feed_last_success_timestamp_seconds", "Unix time of the last successful poll of a feed.",
            ["feed"], namespace=NS, registry=r,
        )
        self.feed_items = Counter(
            "feed_items", "New items seen in a feed.", ["feed"], namespace=NS, registry=r,
        )

        # Articles
        self.articles_ingested = Counter(
            "articles_ingested", "Articles that entered the analysis pipeline.", namespace=NS, registry=r,
        )
        self.fulltext = Counter(
            "fulltext", "Full-text fetches by result (fetched, failed, skipped).",
            ["result"], namespace=NS, registry=r,
        )
        self.duplicates = Counter(
            "duplicates", "Duplicate articles by kind (url, exact, near).", ["kind"], namespace=NS, registry=r,
        )
        self.stories = Counter("stories", "New stories opened.", namespace=NS, registry=r)
        self.articles_tagged = Counter(
            "articles_tagged", "Articles tagged with a topic.", ["topic"], namespace=NS, registry=r,
        )

        # Facts
        self.facts = Counter(
            "facts", "Facts extracted by kind, type and novelty (new, corroborated, historical).",
            ["kind", "type", "novelty"], namespace=NS, registry=r,
        )

        # Alerts
        self.alerts_fired = Counter(
            "alerts_fired", "Alerts raised by the analysis core.", ["kind", "topic"], namespace=NS, registry=r,
        )
        self.alert_deliveries = Counter(
            "alert_deliveries",
            "Alert delivery attempts by sink and result (delivered, retried, failed, dead_lettered, skipped).",
            ["sink", "result"], namespace=NS, registry=r,
        )
        self.alert_delivery_seconds = Histogram(
            "alert_delivery_seconds", "From alert creation to successful delivery, per sink.",
            ["sink"], namespace=NS, registry=r, buckets=LATENCY_BUCKETS,
        )
        self.alert_dead_letters = Gauge(
            "alert_dead_letters", "Alerts waiting in the dead-letter store, per sink.",
            ["sink"], namespace=NS, registry=r,
        )

        # Pipeline
        self.processing_seconds = Histogram(
            "processing_seconds", "Analysis time of one article.", namespace=NS, registry=r,
            buckets=LATENCY_BUCKETS,
        )
        self.ingest_to_alert_seconds = Histogram(
            "ingest_to_alert_seconds", "From article ingestion to its alert being raised.",
            namespace=NS, registry=r, buckets=LATENCY_BUCKETS,
        )
        self.dead_letters = Counter(
            "dead_letters", "Messages sent to a dead-letter store, by stage.", ["stage"], namespace=NS, registry=r,
        )
        self.errors = Counter(
            "errors", "Errors handled and survived, by stage and kind.", ["stage", "kind"], namespace=NS, registry=r,
        )
        self.dedup_index_size = Gauge(
            "dedup_index_size", "Articles in the near-duplicate index window.", namespace=NS, registry=r,
        )
        self.redis_errors = Counter(
            "redis_errors", "Failed Redis operations, by operation.", ["op"], namespace=NS, registry=r,
        )
        self.consumer_lag = Gauge(
            "consumer_lag", "Messages behind the end of a topic, per topic.", ["topic"], namespace=NS, registry=r,
        )
        self.up = Gauge("up", "1 while the process is running.", ["role"], namespace=NS, registry=r)
        self.troop_figure_latest = Gauge(
            "troop_figure_latest", "The latest new troop figure alerted, per actor (lexicon names: bounded).",
            ["actor"], namespace=NS, registry=r,
        )

    def init_labels(self, *, feeds: Sequence[str] = (), sinks: Sequence[str] = (), topics: Sequence[str] = (),
                    action_types: Sequence[str] = ()) -> None:
        """Create the series of known label values at 0, so dashboards and alert rules see them before
        the first event (a rate over a counter that never moved is 0, not "no data")."""
        for feed in feeds:
            for result in FEED_RESULTS:
                self.feed_polls.labels(feed, result)
        for sink in sinks:
            for result in DELIVERY_RESULTS:
                self.alert_deliveries.labels(sink, result)
            self.alert_dead_letters.labels(sink).set(0)
            self.dead_letters.labels(f"deliver-{sink}")
        for topic in topics:
            self.articles_tagged.labels(topic)
            for kind in ("troop_figure", "diplomatic_action"):
                self.alerts_fired.labels(kind, topic)
        for kind in ("url", "exact", "near"):
            self.duplicates.labels(kind)
        for result in ("fetched", "failed", "skipped"):
            self.fulltext.labels(result)
        self.dead_letters.labels("analyze")
        for novelty in ("new", "corroborated", "historical"):
            self.facts.labels("troop_figure", "troops", novelty)
            for t in action_types:
                self.facts.labels("diplomatic_action", t, novelty)


FEED_RESULTS = ("ok", "not_modified", "error_timeout", "error_connect", "error_http", "error_parse",
                "error_too_large", "error_unsafe", "error_ratelimited")
DELIVERY_RESULTS = ("delivered", "retried", "failed", "dead_lettered", "skipped")
