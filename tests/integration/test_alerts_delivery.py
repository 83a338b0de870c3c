"""Alert delivery against real local HTTP receivers: HMAC, idempotency, retries, dead letters, Slack."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from monitor.alerts.dispatcher import (
    DeadLetters,
    Dispatcher,
    RetryPolicy,
    SqliteDeliveredStore,
    resend,
)
from monitor.alerts.sinks import ConsoleSink, JsonlSink, SlackSink, WebhookSink, slack_payload
from monitor.metrics import Metrics
from monitor.models import Alert, SourceRef
from monitor.state.sqlite import connect
from tests.receiver import Receiver

pytestmark = pytest.mark.integration
SECRET = SecretStr("s3cret-for-tests")


def make_alert(n: int = 1) -> Alert:
    return Alert(
        id=f"alert-{n}", kind="troop_figure", summary=f"North Korea troops: about {n},000 in Russia",
        fact={"value": n * 1000, "qualifier": "about", "actor": "North Korea", "location": "Russia"},
        topics=("north-korea-russia",), article_id=f"art-{n}", url=f"https://news.test/{n}", source="news.test",
        story="story-1", first_seen=datetime(2030, 1, 1, tzinfo=UTC),
        previous=({"value": 500, "first_seen": "2029-12-20T00:00:00+00:00", "article_id": "art-0"},
                  {"value": 5000, "qualifier": "planned", "first_seen": "2029-12-20T00:00:00+00:00",
                   "article_id": "art-0"}),
        sources=(SourceRef(f"art-{n}", f"https://news.test/{n}", "news.test", None),), story_sources=3,
    )


class FakeSleep:
    """Records requested sleeps instead of waiting: retries are tested without real time."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(2.0)) as c:
        yield c


async def test_webhook_signature_and_idempotency_key(receiver: Receiver, client: httpx.AsyncClient) -> None:
    d = Dispatcher([WebhookSink(client, receiver.url, SECRET)], sleep=FakeSleep())
    assert await d.deliver(make_alert())
    (req,) = receiver.requests
    expected = hmac.new(SECRET.get_secret_value().encode(), req.body, hashlib.sha256).hexdigest()
    assert req.headers["X-Signature"] == f"sha256={expected}"
    assert req.headers["Idempotency-Key"] == "alert-1"
    assert req.json()["id"] == "alert-1"
    assert req.json()["sources"][0]["url"] == "https://news.test/1"
    # The same alert again is not sent again.
    assert await d.deliver(make_alert())
    assert len(receiver.requests) == 1
    await d.close()


async def test_5xx_then_success_is_retried_and_delivered_once(receiver: Receiver,
                                                              client: httpx.AsyncClient) -> None:
    receiver.script = [500, 503]
    sleep = FakeSleep()
    reg = CollectorRegistry()
    d = Dispatcher([WebhookSink(client, receiver.url, SECRET)], sleep=sleep, metrics=Metrics(reg), seed=1)
    assert await d.deliver(make_alert())
    assert len(receiver.requests) == 3
    assert len(sleep.calls) == 2
    assert sleep.calls[1] > sleep.calls[0] * 0.9  # exponential backoff (with jitter)
    assert reg.get_sample_value("monitor_alert_deliveries_total", {"sink": "webhook", "result": "retried"}) == 2
    assert reg.get_sample_value("monitor_alert_deliveries_total", {"sink": "webhook", "result": "delivered"}) == 1
    await d.close()


async def test_429_retry_after_is_honoured(receiver: Receiver, client: httpx.AsyncClient) -> None:
    receiver.script = [(429, {"Retry-After": "7"})]
    sleep = FakeSleep()
    d = Dispatcher([WebhookSink(client, receiver.url)], sleep=sleep)
    assert await d.deliver(make_alert())
    assert 7.0 in sleep.calls
    await d.close()


async def test_4xx_is_not_retried_and_goes_to_dead_letters_then_resend(
    receiver: Receiver, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    receiver.script = [400]
    dlq = DeadLetters(tmp_path / "dead.jsonl")
    d = Dispatcher([WebhookSink(client, receiver.url)], sleep=FakeSleep(), dead_letters=dlq)
    assert not await d.deliver(make_alert())
    assert len(receiver.requests) == 1
    (record,) = dlq.read()
    assert record["sink"] == "webhook"
    assert "HTTP 400" in str(record["error"])
    report = await resend(dlq, d)
    assert (report.delivered, report.failed) == (1, 0)
    assert dlq.read() == []
    assert len(receiver.requests) == 2
    await d.close()


async def test_exhausted_retries_dead_letter_and_failed_resend_keeps_it(
    receiver: Receiver, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    receiver.script = [500] * 10
    dlq = DeadLetters(tmp_path / "dead.jsonl")
    d = Dispatcher([WebhookSink(client, receiver.url)], sleep=FakeSleep(), dead_letters=dlq,
                   policy=RetryPolicy(max_attempts=3))
    assert not await d.deliver(make_alert())
    assert len(receiver.requests) == 3
    report = await resend(dlq, d)
    assert report.failed == 1
    assert len(dlq.read()) == 1
    await d.close()


async def test_timeout_is_retried(client: httpx.AsyncClient) -> None:
    slow = Receiver(delay_s=3.0)
    await slow.start()
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(0.3)) as fast_client:
            d = Dispatcher([WebhookSink(fast_client, slow.url)], sleep=FakeSleep(), policy=RetryPolicy(max_attempts=2))
            assert not await d.deliver(make_alert())
            assert len(slow.requests) == 2
            await d.close()
    finally:
        await slow.stop()


async def test_burst_under_rate_limit_delivers_every_alert_once(receiver: Receiver,
                                                               client: httpx.AsyncClient) -> None:
    sleep = FakeSleep()
    d = Dispatcher([WebhookSink(client, receiver.url)], sleep=sleep, rate_per_s=1000.0, burst=5)
    await d.start()
    futures = [f for n in range(50) for f in await d.submit(make_alert(n))]
    await d.close()
    assert all(f.result() for f in futures)
    ids = [r.headers["Idempotency-Key"] for r in receiver.requests]
    assert sorted(ids) == sorted(f"alert-{n}" for n in range(50))


async def test_restart_with_sqlite_store_does_not_redeliver(receiver: Receiver, client: httpx.AsyncClient,
                                                            tmp_path: Path) -> None:
    conn = connect(tmp_path / "state.db")
    d1 = Dispatcher([WebhookSink(client, receiver.url)], delivered=SqliteDeliveredStore(conn))
    assert await d1.deliver(make_alert())
    await d1.close()
    conn.close()
    d2 = Dispatcher([WebhookSink(client, receiver.url)], delivered=SqliteDeliveredStore(connect(tmp_path / "state.db")))
    assert await d2.deliver(make_alert())
    assert len(receiver.requests) == 1
    await d2.close()


async def test_slack_block_kit_payload(receiver: Receiver, client: httpx.AsyncClient) -> None:
    d = Dispatcher([SlackSink(client, SecretStr(receiver.url))])
    assert await d.deliver(make_alert(3))
    payload = receiver.requests[0].json()
    assert payload == slack_payload(make_alert(3))
    assert payload["text"] == "North Korea troops: about 3,000 in Russia"
    types = [b["type"] for b in payload["blocks"]]
    assert types[0] == "header"
    assert types[-1] == "context"
    text = json.dumps(payload)
    assert "<https://news.test/3|news.test>" in text
    assert "Previously reported:* 500 (2029-12-20); 5,000 planned (2029-12-20)" in text
    assert "corroborated by 3 outlet(s)" in text
    for block in payload["blocks"]:
        for item in block.get("fields", []) + ([block["text"]] if "text" in block else []):
            assert item["type"] in ("mrkdwn", "plain_text")
    await d.close()


async def test_secrets_never_logged_or_repr(client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sink = SlackSink(client, SecretStr("http://127.0.0.1:9/services/XXXXSECRETXXXX"))
    d = Dispatcher([sink], sleep=FakeSleep(), policy=RetryPolicy(max_attempts=2))
    assert not await d.deliver(make_alert())
    assert "XXXXSECRETXXXX" not in caplog.text
    assert "XXXXSECRETXXXX" not in repr(sink)
    await d.close()


async def test_console_and_jsonl_sinks(tmp_path: Path) -> None:
    out = io.StringIO()
    path = tmp_path / "alerts.jsonl"
    d = Dispatcher([ConsoleSink(out), JsonlSink(path)])
    assert await d.deliver(make_alert(2))
    line = out.getvalue()
    assert line.startswith("ALERT [troop_figure] [north-korea-russia] North Korea troops: about 2,000 in Russia")
    assert "sources: news.test" in line
    assert json.loads(path.read_text())["id"] == "alert-2"
    await d.close()
