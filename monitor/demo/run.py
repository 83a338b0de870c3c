"""``monitor demo``: the monitor on bundled sample feeds, offline, in under a minute.

Serves the project's sample feeds (``samples.yaml``, written for the demo and
marked as samples) from a local HTTP server, runs the embedded monitor against
them with a temporary data directory, prints each alert as it fires (figure
alerts show the previous known figure) and each duplicate it suppresses, then
exits; ``--follow`` keeps it running.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from monitor.alerts.sinks import Sink
from monitor.demo.server import SampleFeedServer
from monitor.feeds.config import FeedConfig
from monitor.metrics import Metrics
from monitor.models import Alert, Analysis, Article
from monitor.runtime.embedded import EmbeddedRunner
from monitor.settings import AlertSettings, FeedSettings, Settings


class DemoSink(Sink):
    """Prints alerts for a person reading the terminal."""

    name = "demo"

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.alerts: list[Alert] = []

    async def send(self, alert: Alert) -> None:
        self.alerts.append(alert)
        src = alert.sources[0].source if alert.sources else alert.source
        self.out.write(f"  ALERT  {alert.summary}  [{', '.join(alert.topics)}] (source: {src})\n")
        self.out.flush()


async def run_demo(*, follow: bool = False, metrics_port: int = 0, data_dir: Path | None = None,
                   out: TextIO | None = None) -> list[Alert]:
    """Run the demo; returns the alerts it printed (tests assert on them)."""
    out = out or sys.stdout
    server = SampleFeedServer()
    await server.start()
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="monitor-demo-")
        data_dir = Path(tmp.name)
    settings = Settings(
        data_dir=data_dir, metrics_port=metrics_port,
        feeds=FeedSettings(min_interval_s=5, default_interval_s=10, max_interval_s=60),
        alerts=AlertSettings(console=False),
    )
    feeds = [FeedConfig(name, url, allow_private=True) for name, url in server.feed_urls().items()]
    sink = DemoSink(out)

    async def show(article: Article, analysis: Analysis) -> None:
        if analysis.duplicate_of:
            out.write(f"  dup    {article.title!r} duplicates {analysis.duplicate_of} "
                      f"({analysis.duplicate_kind}): suppressed, no alert\n")
        else:
            tags = ", ".join(analysis.topics) or "no topic"
            out.write(f"  news   {article.title!r} [{tags}]\n")
        out.flush()

    # One feed at a time: the wire is read before the site that republishes it, as a newcomer would expect.
    runner = EmbeddedRunner(settings, feeds, metrics=Metrics(), sinks=[sink], on_analysis=show, poll_concurrency=1)
    out.write(f"Sample feeds (demo data, not real news) at {server.base_url}; data in {data_dir}\n")
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop, once=not follow))
    while (runner.status is None or runner.status.port is None) and not task.done():
        await asyncio.sleep(0.01)
    if runner.status is not None and runner.status.port is not None:
        out.write(f"Metrics at {runner.status.url}/metrics, health at {runner.status.url}/healthz\n")
    out.flush()
    try:
        await task
    finally:
        stop.set()
        await server.stop()
        if tmp is not None:
            tmp.cleanup()
    out.write(f"Done: {runner.processed} articles, {len(sink.alerts)} alerts.\n")
    return sink.alerts
