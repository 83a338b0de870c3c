"""The distributed runtime end to end: local feeds -> pollers -> Kafka -> Faust agents (Redis state) -> webhook."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from monitor.demo.server import SampleFeedServer
from tests.receiver import Receiver

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

EXPECTED = {
    "North Korea troops: about 1,000 in Russia",
    "North Korea troops: about 2,500 in Russia; previously 1,000",
    "South Korea summoned the ambassador of Russia",
    "EU and South Korea issued a joint statement",
    "EU and South Korea met",
    "EU and South Korea condemned North Korea",
    "EU and South Korea demanded that North Korea withdraw troops",
}


@pytest.fixture
async def feeds() -> AsyncIterator[SampleFeedServer]:
    s = SampleFeedServer()
    await s.start()
    yield s
    await s.stop()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = Receiver()
    await r.start()
    yield r
    await r.stop()


@pytest.fixture
def env(tmp_path: Path, kafka_bootstrap: str, redis_url: str, unique_prefix: str, feeds: SampleFeedServer,
        receiver: Receiver) -> dict[str, str]:
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text("feeds:\n" + "".join(
        f"  - {{name: {n}, url: '{u}', allow_private: true}}\n" for n, u in feeds.feed_urls().items()))
    return {
        **os.environ,
        "MONITOR_KAFKA__BOOTSTRAP_SERVERS": kafka_bootstrap,
        "MONITOR_KAFKA__TOPIC_PREFIX": unique_prefix,
        "MONITOR_KAFKA__APP_ID": unique_prefix + "app",
        "MONITOR_KAFKA__PARTITIONS": "2",
        "MONITOR_REDIS__URL": redis_url,
        "MONITOR_REDIS__KEY_PREFIX": unique_prefix,
        "MONITOR_ALERTS__CONSOLE": "false",
        "MONITOR_ALERTS__WEBHOOK_URL": receiver.url,
        "MONITOR_ALERTS__WEBHOOK_SECRET": "e2e-secret",
        "MONITOR_FEEDS__FEEDS_FILE": str(feeds_file),
        "MONITOR_FEEDS__MIN_INTERVAL_S": "1",
        "MONITOR_FEEDS__DEFAULT_INTERVAL_S": "2",
        "MONITOR_DATA_DIR": str(tmp_path / "data"),
        "MONITOR_METRICS_PORT": "0",
        "MONITOR_LOG_LEVEL": "INFO",
    }


@pytest.fixture
def worker_log(tmp_path: Path) -> Path:
    return tmp_path / "worker.log"


def start_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    fh = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "monitor", "worker", *args], env=env, stdout=fh, stderr=fh,
                            start_new_session=True)


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait(timeout=30)


async def wait_for(cond: object, timeout: float, log: Path) -> None:
    async with asyncio.timeout(timeout):
        while not cond():  # type: ignore[operator]
            await asyncio.sleep(0.5)


def summaries(receiver: Receiver) -> list[str]:
    return [r.json()["summary"] for r in receiver.requests]


async def test_feeds_to_webhook_exactly_once(env: dict[str, str], receiver: Receiver, worker_log: Path,
                                            workers: list[subprocess.Popen[bytes]]) -> None:
    workers.append(start_worker(env, worker_log))
    try:
        await wait_for(lambda: set(summaries(receiver)) >= EXPECTED, 45, worker_log)
    except TimeoutError:
        pytest.fail(f"alerts so far: {summaries(receiver)}\nworker log:\n{worker_log.read_text()[-6000:]}")
    await asyncio.sleep(5)  # later polls and redeliveries must not add anything
    got = summaries(receiver)
    assert sorted(got) == sorted(EXPECTED)
    ids = [r.headers["Idempotency-Key"] for r in receiver.requests]
    assert len(ids) == len(set(ids))


async def test_malformed_message_goes_to_dead_letter_topic(env: dict[str, str], kafka_bootstrap: str,
                                                          unique_prefix: str, worker_log: Path, receiver: Receiver,
                                                          workers: list[subprocess.Popen[bytes]]) -> None:
    workers.append(start_worker(env, worker_log, "--no-poll"))
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    good = {"id": "good-1", "text": "Japan's foreign ministry summoned the Chinese ambassador on Tuesday over "
                                    "North Korea's missile cooperation with Russia.",
            "published": "2030-01-01T00:00:00Z", "source": "wire"}
    try:
        await producer.send_and_wait(unique_prefix + "news.articles", b"{not json", key=b"bad")
        await producer.send_and_wait(unique_prefix + "news.articles", json.dumps(good).encode(), key=b"good")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(unique_prefix + "news.articles.dlq", bootstrap_servers=kafka_bootstrap,
                                auto_offset_reset="earliest", group_id=unique_prefix + "dlq-reader")
    await consumer.start()
    try:
        record = None
        async with asyncio.timeout(120):
            while record is None:
                batch = await consumer.getmany(timeout_ms=1000)
                for msgs in batch.values():
                    for m in msgs:
                        record = json.loads(m.value)
    except TimeoutError:
        pytest.fail(f"no dead letter; worker log:\n{worker_log.read_text()[-6000:]}")
    finally:
        await consumer.stop()
    assert record["value"] == "{not json"
    assert "invalid JSON" in record["error"]
    # The stream went on: the good article after it was analysed and alerted.
    await wait_for(lambda: any("summoned" in s for s in summaries(receiver)), 60, worker_log)
