"""End-to-end throughput and latency through Kafka + Faust workers + Redis, on this machine.

    .venv/bin/python bench/bench_stream.py [--articles 3000] [--rate 100] [--seconds 20]

Starts a real Kafka (KRaft) and Redis with deploy/local, then:
  1. sustained articles/s with 1 and with 2 workers (workers started and their consumer group
     stable first, then the articles produced at once; first to last record in news.enriched, read
     once the workers have committed every offset, so that no reader competes with them for the cores);
  2. ingest -> enriched latency p50/p99 at a fixed produce rate (Kafka timestamps);
  3. Redis commands per article (INFO commandstats, commands inside scripts included) and
     round trips per article (counted on the client: the pipeline with the Redis stores, in process,
     one article at a time and in the workers' batches);
  4. CPU per article by process (workers, Kafka broker, Redis server) over the steady middle of each
     run, read from /proc: their sum bounds what this machine can sustain (cores / CPU per article).

A warm-up run goes first so the broker's JIT compilation is not counted against the measured runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth import articles  # noqa: E402

from tests.services import free_port, wait_for_group  # noqa: E402


def sh(*args: str) -> None:
    subprocess.run([str(a) for a in args], check=True, capture_output=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads (children excluded)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """Samples the CPU time of the workers, the broker and Redis once a second while a run goes on."""

    def __init__(self, procs: list[subprocess.Popen[bytes]], broker: int, redis_pid: int) -> None:
        self.pids = {"workers": [p.pid for p in procs], "kafka": [broker], "redis": [redis_pid],
                     "benchmark": [os.getpid()]}
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            self.samples.append((time.monotonic(),
                                 {k: sum(map(cpu_seconds, pids)) for k, pids in self.pids.items()}))
            await asyncio.sleep(1)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def stop(self) -> None:
        if self._task:
            self._task.cancel()

    def per_article_ms(self, rate: float) -> dict[str, float]:
        """CPU ms per article of each process over the middle of the run (start-up and tail left out)."""
        if len(self.samples) < 5:
            return {}
        t0, t1 = self.samples[0][0], self.samples[-1][0]
        a = next(s for s in self.samples if s[0] >= t0 + (t1 - t0) * 0.3)
        b = next(s for s in self.samples if s[0] >= t0 + (t1 - t0) * 0.8)
        seconds = b[0] - a[0]
        return {k: (b[1][k] - a[1][k]) / seconds / rate * 1000 for k in a[1]} if seconds > 0 else {}


def service_pids(tmp: Path) -> tuple[int, int]:
    return int((tmp / "kafka/kafka.pid").read_text()), int((tmp / "redis/redis.pid").read_text())


def redis_calls(port: int) -> int:
    stats = redis.Redis(port=port).info("commandstats")
    return sum(int(v["calls"]) for v in stats.values())


async def produce(bootstrap: str, topic: str, payloads: list[bytes], rate: float | None = None) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    try:
        start = time.monotonic()
        for i, p in enumerate(payloads):
            if rate:
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            await producer.send(topic, p, key=str(i).encode())
        await producer.flush()
    finally:
        await producer.stop()


async def read_all(bootstrap: str, topic: str, n: int, timeout: float) -> list[tuple[bytes, int]]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                enable_auto_commit=False, group_id=None)
    await consumer.start()
    out: list[tuple[bytes, int]] = []
    try:
        deadline = time.monotonic() + timeout
        while len(out) < n and time.monotonic() < deadline:
            for msgs in (await consumer.getmany(timeout_ms=500)).values():
                out += [(m.key or b"", m.timestamp) for m in msgs]
    finally:
        await consumer.stop()
    return out


async def wait_consumed(bootstrap: str, group: str, topic: str, n: int, timeout: float) -> None:
    """Until the group has committed offsets past all ``n`` records of ``topic`` (checked twice a second)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            offsets = await admin.list_consumer_group_offsets(group)
            if sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset > 0) >= n:
                return
            await asyncio.sleep(0.5)
        raise TimeoutError(f"{group} did not consume {n} records of {topic} in {timeout:.0f}s")
    finally:
        await admin.close()


def workers(n: int, env: dict[str, str], log: Path) -> list[subprocess.Popen[bytes]]:
    fh = log.open("ab")
    return [subprocess.Popen([sys.executable, "-m", "monitor", "worker", "--no-poll"], env=env, stdout=fh, stderr=fh,
                             start_new_session=True) for _ in range(n)]


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def env_for(prefix: str, bootstrap: str, redis_port: int, tmp: Path) -> dict[str, str]:
    (tmp / "nofeeds.yaml").write_text("feeds: []\n")
    return {**os.environ, "MONITOR_KAFKA__BOOTSTRAP_SERVERS": bootstrap, "MONITOR_KAFKA__TOPIC_PREFIX": prefix,
            "MONITOR_KAFKA__APP_ID": prefix + "app", "MONITOR_KAFKA__PARTITIONS": "4",
            "MONITOR_REDIS__URL": f"redis://127.0.0.1:{redis_port}/0", "MONITOR_REDIS__KEY_PREFIX": prefix,
            "MONITOR_ALERTS__CONSOLE": "false", "MONITOR_METRICS_PORT": "0", "MONITOR_DATA_DIR": str(tmp / prefix),
            "MONITOR_FEEDS__FEEDS_FILE": str(tmp / "nofeeds.yaml"), "MONITOR_LOG_LEVEL": "WARNING"}


async def throughput(n_workers: int, n: int, bootstrap: str, redis_port: int, tmp: Path,
                     label: str = "") -> tuple[float, float]:
    prefix = f"b{n_workers}w{label}{int(time.time())}."
    env = env_for(prefix, bootstrap, redis_port, tmp)
    payloads = [a.to_json() for a in articles(n, seed=n_workers)]
    procs = workers(n_workers, env, tmp / "workers.log")
    # Every worker in the group with its partitions before the articles arrive: the run measures the
    # steady state, not the rebalance that a second worker joining late would cause mid-run.
    await wait_for_group(bootstrap, env["MONITOR_KAFKA__APP_ID"], n_workers)
    calls0 = redis_calls(redis_port)
    t0 = time.monotonic()
    meter = CpuMeter(procs, *service_pids(tmp))
    meter.start()
    await produce(bootstrap, prefix + "news.articles", payloads)
    # The enriched records are read once the workers are done (their timestamps give the rate): a reader
    # running alongside would take CPU from the workers on the same cores.
    await wait_consumed(bootstrap, env["MONITOR_KAFKA__APP_ID"], prefix + "news.articles", n, timeout=900)
    meter.stop()
    got = await read_all(bootstrap, prefix + "news.enriched", n, timeout=120)
    # Time from the first to the last enriched record.
    stamps = sorted(ts for _, ts in got)
    elapsed = (stamps[-1] - stamps[0]) / 1000 if len(stamps) > 1 else time.monotonic() - t0
    stop(procs)
    if label == "warm-up":
        return len(got) / elapsed, 0.0
    rtt = (redis_calls(redis_port) - calls0) / max(1, len(got))
    rate = len(got) / elapsed
    print(f"{n_workers} worker(s): {len(got)} articles in {elapsed:.1f}s = {rate:,.0f} articles/s "
          f"sustained; {rtt:.1f} Redis commands per article")
    cpu = meter.per_article_ms(rate)
    if cpu:
        harness = cpu.pop("benchmark")
        total = sum(cpu.values())
        cores = len(os.sched_getaffinity(0))
        print(f"  CPU per article: {', '.join(f'{k} {v:.2f} ms' for k, v in cpu.items())}; total {total:.2f} ms, "
              f"so {cores} cores sustain at most ~{cores * 1000 / total:,.0f} articles/s at these costs "
              f"(besides: this benchmark's producer {harness:.2f} ms)")
    return rate, rtt


async def latency(rate: float, seconds: float, bootstrap: str, redis_port: int, tmp: Path) -> None:
    prefix = f"lat{int(time.time())}."
    env = env_for(prefix, bootstrap, redis_port, tmp)
    procs = workers(1, env, tmp / "workers.log")
    await asyncio.sleep(15)  # worker up and in its group
    n = int(rate * seconds)
    await produce(bootstrap, prefix + "news.articles", [a.to_json() for a in articles(n, seed=99)], rate=rate)
    produced = dict(await read_all(bootstrap, prefix + "news.articles", n, timeout=60))
    enriched = await read_all(bootstrap, prefix + "news.enriched", n, timeout=300)
    stop(procs)
    by_id = dict(enriched)
    lat = []
    # news.articles is keyed by index; news.enriched by article id "syn-<index>": match them.
    for key, ts in produced.items():
        e = by_id.get(f"syn-{key.decode()}".encode())
        if e is not None:
            lat.append((e - ts) / 1000)
    lat.sort()
    p50 = statistics.median(lat)
    p99 = lat[int(len(lat) * 0.99) - 1]
    print(f"latency at {rate:.0f} articles/s for {seconds:.0f}s, 1 worker: ingest->enriched p50 {p50 * 1000:.0f} ms, "
          f"p99 {p99 * 1000:.0f} ms ({len(lat)} articles)")


def round_trips(n: int, redis_port: int) -> None:
    """Requests the Redis stores send per article (a script or a MULTI block is one), counted client-side:
    one article at a time, and in the batches the workers commit."""
    from redis.connection import AbstractConnection

    from monitor.analysis.pipeline import Pipeline, Stores
    from monitor.settings import KafkaSettings
    from monitor.state.redis_facts import RedisFactStore
    from monitor.state.redis_stores import RedisDedupStore, RedisStoryStore

    client = redis.Redis(port=redis_port)
    sent = 0
    original = AbstractConnection.send_packed_command

    def counting(self: AbstractConnection, command: object, check_health: bool = True) -> None:
        nonlocal sent
        sent += 1
        original(self, command, check_health)  # type: ignore[arg-type]

    counts = []
    analyze_batch = KafkaSettings().analyze_batch
    for batch in (1, analyze_batch):
        prefix = f"rt{batch}-{int(time.time())}:"
        pipeline = Pipeline(stores=Stores(dedup=RedisDedupStore(client, prefix=prefix),
                                          stories=RedisStoryStore(client, prefix=prefix),
                                          facts=RedisFactStore(client, prefix=prefix)))
        stream = list(articles(n, seed=3))
        sent = 0
        AbstractConnection.send_packed_command = counting  # type: ignore[method-assign]
        try:
            for i in range(0, n, batch):
                pipeline.commit_many([pipeline.prepare(a) for a in stream[i:i + batch]])
        finally:
            AbstractConnection.send_packed_command = original  # type: ignore[method-assign]
        counts.append(sent / n)
    print(f"Redis round trips per article (client side, {n} articles): {counts[0]:.1f} one at a time, "
          f"{counts[1]:.2f} in batches of {analyze_batch} (as the workers commit)")


async def main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-stream-"))
    kport, rport = free_port(), free_port()
    sh(str(ROOT / "deploy/local/setup.sh"))
    sh(str(ROOT / "deploy/local/kafka.sh"), "start", str(tmp / "kafka"), str(kport))
    sh(str(ROOT / "deploy/local/redis.sh"), "start", str(tmp / "redis"), str(rport))
    bootstrap = f"127.0.0.1:{kport}"
    try:
        round_trips(1000, rport)
        # The broker's JIT compiles its hot paths during the first minute of traffic; a long-running
        # production broker has done that long ago.
        await throughput(1, args.articles, bootstrap, rport, tmp, label="warm-up")
        await throughput(1, args.articles, bootstrap, rport, tmp)
        await throughput(2, args.articles, bootstrap, rport, tmp)
        await latency(args.rate, args.seconds, bootstrap, rport, tmp)
    finally:
        sh(str(ROOT / "deploy/local/kafka.sh"), "stop", str(tmp / "kafka"))
        sh(str(ROOT / "deploy/local/redis.sh"), "stop", str(tmp / "redis"))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--articles", type=int, default=3000)
    p.add_argument("--rate", type=float, default=100.0)
    p.add_argument("--seconds", type=float, default=20.0)
    asyncio.run(main(p.parse_args()))
