"""The distributed runtime end to end: local feeds -> pollers -> Kafka -> Faust agents (Redis state) -> webhook."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from monitor.demo.server import SampleFeedServer
from tests.receiver import Receiver
from tests.services import wait_for_group

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

EXPECTED = {
    "North Korea troops: about 1,000 in Russia",
    "North Korea troops: about 2,500 in Russia (per South Korea's defence ministry); previously 1,000",
    # "Officials in Seoul said the number could rise to 5,000 by the end of the year": the total to come.
    "North Korea troops: planned 5,000 (per Officials in Seoul); previously 1,000",
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


_WORDS = ("river harbour bridge factory village council market winter harvest railway school clinic mountain "
          "border coast island valley highway airport stadium museum library garden forest desert lake").split()


def figure_article(n: int) -> dict[str, str]:
    """A distinct article (not a near-duplicate of the others) reporting a distinct troop figure."""
    rng = random.Random(n)
    filler = " ".join(f"Officials visited the {rng.choice(_WORDS)} and the {rng.choice(_WORDS)} near "
                      f"{rng.choice(_WORDS)} {rng.randint(1, 999)}." for _ in range(12))
    return {"id": f"fig-{n}", "url": f"https://wire.test/{n}", "source": f"wire-{n % 3}",
            "published": f"2030-01-01T{n // 60:02d}:{n % 60:02d}:00Z",
            "text": f"Seoul's spy agency said on Monday that Pyongyang has sent about {1000 + n * 10:,} soldiers "
                    f"to Russia. {filler}"}


async def produce(bootstrap: str, topic: str, records: list[tuple[bytes, bytes, int | None]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for key, value, partition in records:
            await producer.send_and_wait(topic, value, key=key, partition=partition)
    finally:
        await producer.stop()


async def test_kill_9_mid_stream_loses_nothing_and_duplicates_nothing(
    env: dict[str, str], kafka_bootstrap: str, unique_prefix: str, worker_log: Path, receiver: Receiver,
    workers: list[subprocess.Popen[bytes]],
) -> None:
    n = 30
    receiver.delay_s = 0.2  # slow receiver: the kill lands while deliveries are in flight
    workers.append(start_worker(env, worker_log, "--no-poll"))
    await produce(kafka_bootstrap, unique_prefix + "news.articles",
                  [(f"k{i}".encode(), json.dumps(figure_article(i)).encode(), None) for i in range(n)])
    try:
        await wait_for(lambda: len(receiver.requests) >= 5, 90, worker_log)
    except TimeoutError:
        pytest.fail(f"no alerts before the kill; worker log:\n{worker_log.read_text()[-6000:]}")
    os.killpg(workers[0].pid, signal.SIGKILL)
    workers[0].wait(timeout=30)
    workers.append(start_worker(env, worker_log, "--no-poll"))
    expected = {f"about {1000 + i * 10:,}" for i in range(n)}
    try:
        await wait_for(lambda: {s.split(": ", 1)[1].split(" in ")[0] for s in summaries(receiver)} >= expected,
                       150, worker_log)
    except TimeoutError:
        pytest.fail(f"{len(receiver.requests)} alerts after restart; log:\n{worker_log.read_text()[-6000:]}")
    await asyncio.sleep(3)
    ids = [r.headers["Idempotency-Key"] for r in receiver.requests]
    assert len(set(ids)) == n  # none lost
    # The one request in flight when the worker died may reach the receiver again (the worker could not record
    # it): it carries the same Idempotency-Key, so the receiver sees it as a repeat. Nothing else repeats.
    assert len(ids) - len(set(ids)) <= 1


async def test_redis_outage_is_ridden_out(env: dict[str, str], kafka_bootstrap: str, unique_prefix: str,
                                          worker_log: Path, receiver: Receiver, redis_service: object,
                                          workers: list[subprocess.Popen[bytes]]) -> None:
    workers.append(start_worker(env, worker_log, "--no-poll"))
    await produce(kafka_bootstrap, unique_prefix + "news.articles",
                  [(f"k{i}".encode(), json.dumps(figure_article(i)).encode(), None) for i in range(5)])
    await wait_for(lambda: len(receiver.requests) >= 5, 90, worker_log)
    redis_service.stop()  # type: ignore[attr-defined]
    await produce(kafka_bootstrap, unique_prefix + "news.articles",
                  [(f"k{i}".encode(), json.dumps(figure_article(i)).encode(), None) for i in range(5, 10)])
    await asyncio.sleep(4)
    redis_service.start()  # type: ignore[attr-defined]
    try:
        await wait_for(lambda: len(receiver.requests) >= 10, 120, worker_log)
    except TimeoutError:
        pytest.fail(f"{len(receiver.requests)} alerts after the outage; log:\n{worker_log.read_text()[-6000:]}")
    await asyncio.sleep(3)
    ids = [r.headers["Idempotency-Key"] for r in receiver.requests]
    assert len(ids) == len(set(ids)) == 10


async def test_two_workers_share_one_dedup_index(env: dict[str, str], kafka_bootstrap: str, unique_prefix: str,
                                                 worker_log: Path, receiver: Receiver,
                                                 workers: list[subprocess.Popen[bytes]]) -> None:
    workers.append(start_worker(env, worker_log, "--no-poll"))
    workers.append(start_worker(env, worker_log, "--no-poll"))
    await wait_for_group(kafka_bootstrap, env["MONITOR_KAFKA__APP_ID"], 2)  # both joined, partitions split
    original = figure_article(1)
    copy = dict(original, id="copy-1", url="https://elsewhere.test/copy", source="republisher",
                text="REPUBLISHED - " + original["text"] + " Comments are closed.")
    await produce(kafka_bootstrap, unique_prefix + "news.articles",
                  [(b"a", json.dumps(original).encode(), 0), (b"b", json.dumps(copy).encode(), 1)])
    consumer = AIOKafkaConsumer(unique_prefix + "news.enriched", bootstrap_servers=kafka_bootstrap,
                                auto_offset_reset="earliest", group_id=unique_prefix + "reader")
    await consumer.start()
    seen: dict[str, dict[str, object]] = {}
    try:
        async with asyncio.timeout(90):
            while len(seen) < 2:
                for msgs in (await consumer.getmany(timeout_ms=1000)).values():
                    for m in msgs:
                        doc = json.loads(m.value)
                        seen[doc["id"]] = doc
    except TimeoutError:
        pytest.fail(f"enriched so far: {list(seen)}; log:\n{worker_log.read_text()[-6000:]}")
    finally:
        await consumer.stop()
    dups = [d for d in seen.values() if d["duplicate_of"]]
    assert len(dups) == 1
    assert dups[0]["duplicate_of"] in ("fig-1", "copy-1")
    try:
        await wait_for(lambda: bool(receiver.requests), 60, worker_log)  # delivery follows enrichment
    except TimeoutError:
        pytest.fail(f"no alert delivered; enriched: {seen}; log:\n{worker_log.read_text()[-8000:]}")
    await asyncio.sleep(3)  # a second delivery (the duplicate alerting too) would have arrived by now
    assert len(receiver.requests) == 1


async def test_replay_is_idempotent(env: dict[str, str], kafka_bootstrap: str, unique_prefix: str, worker_log: Path,
                                    receiver: Receiver, workers: list[subprocess.Popen[bytes]]) -> None:
    archive = unique_prefix + "archive"
    await produce(kafka_bootstrap, archive,
                  [(f"k{i}".encode(), json.dumps(figure_article(100 + i)).encode(), None) for i in range(3)])
    workers.append(start_worker(env, worker_log, "--no-poll"))

    def replay(*extra: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "monitor", "replay", "--from", archive, "--to",
                               unique_prefix + "news.articles", *extra], env=env, capture_output=True, text=True,
                              check=False, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert "would send 3 record(s)" in replay("--dry-run")
    assert "sent 3 record(s)" in replay("--rate", "50", "--run-id", "first")
    try:
        await wait_for(lambda: len(receiver.requests) >= 3, 90, worker_log)
    except TimeoutError:
        pytest.fail(f"{len(receiver.requests)} alerts after replay; log:\n{worker_log.read_text()[-6000:]}")
    replay("--run-id", "second")
    await asyncio.sleep(8)
    assert len(receiver.requests) == 3
