"""`monitor demo` and the embedded runner end to end, on the bundled sample feeds."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from monitor.demo.run import run_demo
from monitor.demo.server import SampleFeedServer
from monitor.feeds.config import FeedConfig
from monitor.runtime.embedded import EmbeddedRunner
from monitor.settings import AlertSettings, FeedSettings, Settings
from monitor.state.sqlite import connect

pytestmark = pytest.mark.e2e


async def test_demo_prints_alerts_and_a_suppressed_duplicate() -> None:
    out = io.StringIO()
    alerts = await run_demo(out=out)
    text = out.getvalue()
    summaries = [a.summary for a in alerts]
    assert "North Korea troops: about 1,000 in Russia" in summaries
    assert ("North Korea troops: about 2,500 in Russia (per South Korea's defence ministry); previously 1,000"
            in summaries)
    assert "South Korea summoned the ambassador of Russia" in summaries
    assert "EU and South Korea issued a joint statement" in summaries
    assert len(summaries) == len(set(summaries)), "each fact alerts once"
    assert "suppressed, no alert" in text
    assert "/metrics" in text
    # The off-topic sample never alerts.
    assert not any("marathon" in a.summary.lower() for a in alerts)


async def _run_once(data: Path, server: SampleFeedServer) -> list[dict[str, object]]:
    settings = Settings(data_dir=data, metrics_port=0,
                        feeds=FeedSettings(min_interval_s=1, default_interval_s=5, max_interval_s=60),
                        alerts=AlertSettings(console=False, jsonl_path=Path("alerts.jsonl")))
    feeds = [FeedConfig(n, u, allow_private=True) for n, u in server.feed_urls().items()]
    runner = EmbeddedRunner(settings, feeds, poll_concurrency=1)
    import asyncio

    await runner.run(asyncio.Event(), once=True)
    path = data / "alerts.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_restart_over_the_same_data_dir_does_not_realert(tmp_path: Path) -> None:
    server = SampleFeedServer()
    await server.start()
    try:
        first = await _run_once(tmp_path, server)
        assert len(first) >= 5
        assert len({a["id"] for a in first}) == len(first)
        again = await _run_once(tmp_path, server)
        assert len(again) == len(first)  # nothing new appended
        # Even if the feed state is lost (items seen again), the dedup index and known facts hold.
        conn = connect(tmp_path / "state.db")
        conn.execute("DELETE FROM feed_state")
        conn.close()
        after_reset = await _run_once(tmp_path, server)
        assert len(after_reset) == len(first)
    finally:
        await server.stop()
