"""monitor_consumer_lag{topic}: end offsets minus committed offsets, summed over a topic's partitions."""

from __future__ import annotations

from faust.sensors.prometheus import FaustMetrics
from faust.types import TP

from monitor.metrics import Metrics
from monitor.stream.app import LagMonitor


def test_lag_is_what_the_partitions_have_left_when_scraped() -> None:
    metrics = Metrics()
    monitor = LagMonitor(FaustMetrics.create(metrics.registry, "faust"), metrics)

    def lag(topic: str) -> float | None:
        return metrics.registry.get_sample_value("monitor_consumer_lag", {"topic": topic})

    monitor.track_tp_end_offset(TP("articles", 0), 10)
    monitor.track_tp_end_offset(TP("articles", 1), 5)
    monitor.track_tp_end_offset(TP("alerts", 0), 3)
    assert (lag("articles"), lag("alerts")) == (15, 3)
    monitor.on_tp_commit({TP("articles", 0): 4, TP("alerts", 0): 3})
    assert (lag("articles"), lag("alerts")) == (11, 0)
    monitor.track_tp_end_offset(TP("articles", 0), 12)  # more arrived
    assert lag("articles") == 13
