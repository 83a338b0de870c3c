"""Delivering alerts: per-sink queues, retries with backoff, rate limits, dead letters, idempotency.

Each sink has its own queue and worker, so a slow Slack never holds up the
webhook, and a burst of alerts waits its turn instead of being dropped. A
delivery is attempted until it succeeds, fails permanently (4xx), or runs out
of attempts; then the alert goes to the dead-letter file, from which
:func:`resend` delivers it later. A :class:`DeliveredStore` records what each
sink has delivered, so restarts, Kafka redeliveries and replays never send an
alert twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from monitor.alerts.sinks import RetryableDeliveryError, Sink
from monitor.errors import DeliveryError, InputError, PermanentDeliveryError, StateError
from monitor.metrics import Metrics
from monitor.models import Alert

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]


# --------------------------------------------------------------------------- idempotency


class DeliveredStore(Protocol):
    """What each sink delivered. ``claim`` is at-most-once: a claimed or delivered
    (sink, alert id) cannot be claimed again until the claim is released or its lease
    expires (a crashed worker's claim frees itself)."""

    async def claim(self, sink: str, alert_id: str, lease_s: float) -> bool: ...

    async def release(self, sink: str, alert_id: str) -> None: ...

    async def mark_delivered(self, sink: str, alert_id: str) -> None: ...

    async def is_delivered(self, sink: str, alert_id: str) -> bool: ...


class MemoryDeliveredStore:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._state: dict[tuple[str, str], float] = {}  # value: lease expiry, or inf when delivered
        self._clock = clock

    async def claim(self, sink: str, alert_id: str, lease_s: float) -> bool:
        now = self._clock()
        if self._state.get((sink, alert_id), 0.0) > now:
            return False
        self._state[(sink, alert_id)] = now + lease_s
        return True

    async def release(self, sink: str, alert_id: str) -> None:
        if self._state.get((sink, alert_id)) != float("inf"):
            self._state.pop((sink, alert_id), None)

    async def mark_delivered(self, sink: str, alert_id: str) -> None:
        self._state[(sink, alert_id)] = float("inf")

    async def is_delivered(self, sink: str, alert_id: str) -> bool:
        return self._state.get((sink, alert_id)) == float("inf")


class SqliteDeliveredStore:
    """Delivered ids in the embedded runner's SQLite state (survives restarts)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        conn.execute("CREATE TABLE IF NOT EXISTS delivered (sink TEXT, alert_id TEXT, until REAL, "
                     "PRIMARY KEY (sink, alert_id))")

    async def claim(self, sink: str, alert_id: str, lease_s: float) -> bool:
        now = time.time()
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO delivered(sink, alert_id, until) VALUES (?, ?, ?) "
                "ON CONFLICT(sink, alert_id) DO UPDATE SET until = excluded.until WHERE delivered.until <= ?",
                (sink, alert_id, now + lease_s, now),
            )
            return cur.rowcount == 1

    async def release(self, sink: str, alert_id: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM delivered WHERE sink = ? AND alert_id = ? AND until < 1e300",
                               (sink, alert_id))

    async def mark_delivered(self, sink: str, alert_id: str) -> None:
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO delivered(sink, alert_id, until) VALUES (?, ?, 1e308)",
                               (sink, alert_id))

    async def is_delivered(self, sink: str, alert_id: str) -> bool:
        with self._lock:
            row = self._conn.execute("SELECT until FROM delivered WHERE sink = ? AND alert_id = ?",
                                     (sink, alert_id)).fetchone()
        return bool(row and row[0] >= 1e300)


# --------------------------------------------------------------------------- dead letters


class DeadLetters:
    """A JSONL file of alerts a sink could not deliver (one record per line)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = asyncio.Lock()

    async def add(self, sink: str, alert: Alert, error: str, attempts: int) -> None:
        record = {"sink": sink, "alert": alert.to_dict(), "error": error, "attempts": attempts,
                  "at": datetime.now(UTC).isoformat()}
        async with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    def read(self) -> list[dict[str, object]]:
        if not self.path.exists():
            return []
        out = []
        for n, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError:
                    raise InputError("not a dead-letter record", file=str(self.path), line=n) from None
        return out

    def rewrite(self, records: Sequence[dict[str, object]]) -> None:
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        os.replace(tmp, self.path)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.read():
            out[str(r.get("sink"))] = out.get(str(r.get("sink")), 0) + 1
        return out


# --------------------------------------------------------------------------- dispatcher


class TokenBucket:
    """``rate`` deliveries per second with bursts of ``burst``."""

    def __init__(self, rate: float, burst: int, *, clock: Callable[[], float], sleep: Sleep) -> None:
        self.rate, self.burst = rate, float(burst)
        self._tokens = float(burst)
        self._clock, self._sleep = clock, sleep
        self._last = clock()

    async def take(self) -> None:
        while True:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            if self._tokens >= 1:
                self._tokens -= 1
                return
            await self._sleep((1 - self._tokens) / self.rate)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    base_s: float = 0.5
    max_s: float = 60.0
    lease_s: float = 300.0

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(self.max_s, retry_after)
        backoff: float = min(self.max_s, self.base_s * 2.0 ** (attempt - 1))
        return backoff * (0.5 + rng.random() / 2)  # jitter: spread retries of many alerts


class Dispatcher:
    """Fans alerts out to sinks; ``submit`` queues, ``deliver`` waits for the outcome."""

    def __init__(self, sinks: Sequence[Sink], *, delivered: DeliveredStore | None = None,
                 dead_letters: DeadLetters | None = None, policy: RetryPolicy | None = None,
                 rate_per_s: float = 5.0, burst: int = 10, metrics: Metrics | None = None,
                 sleep: Sleep = asyncio.sleep, clock: Callable[[], float] = time.monotonic,
                 seed: int | None = None) -> None:
        self.sinks = list(sinks)
        self.delivered: DeliveredStore = delivered or MemoryDeliveredStore()
        self.dead_letters = dead_letters
        self.policy = policy or RetryPolicy()
        self.metrics = metrics
        self._sleep, self._clock = sleep, clock
        self._rng = random.Random(seed)
        self._buckets = {s.name: TokenBucket(rate_per_s, burst, clock=clock, sleep=sleep) for s in self.sinks}
        self._queues: dict[str, asyncio.Queue[tuple[Alert, float, asyncio.Future[bool]]]] = {}
        self._workers: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        for sink in self.sinks:
            q: asyncio.Queue[tuple[Alert, float, asyncio.Future[bool]]] = asyncio.Queue()
            self._queues[sink.name] = q
            self._workers.append(asyncio.create_task(self._work(sink, q), name=f"deliver-{sink.name}"))

    async def submit(self, alert: Alert) -> list[asyncio.Future[bool]]:
        """Queue ``alert`` for every sink; the futures resolve True when delivered."""
        if not self._workers:
            await self.start()
        loop = asyncio.get_running_loop()
        futures = []
        for name, q in self._queues.items():
            fut: asyncio.Future[bool] = loop.create_future()
            q.put_nowait((alert, self._clock(), fut))
            futures.append(fut)
            del name
        return futures

    async def deliver(self, alert: Alert) -> bool:
        """Deliver to every sink (or dead-letter); True when every sink got it."""
        results = await asyncio.gather(*await self.submit(alert))
        return all(results)

    async def _work(self, sink: Sink, q: asyncio.Queue[tuple[Alert, float, asyncio.Future[bool]]]) -> None:
        while True:
            alert, queued_at, fut = await q.get()
            try:
                ok = await self._until_state_ok(sink, alert, queued_at)
            except Exception as exc:  # a bug in a sink must not kill the worker; the alert is dead-lettered
                log.exception("sink crashed", extra={"sink": sink.name, "alert": alert.id})
                await self._dead_letter(sink, alert, f"{type(exc).__name__}: {exc}", 1)
                ok = False
            if not fut.done():
                fut.set_result(ok)
            q.task_done()

    async def _until_state_ok(self, sink: Sink, alert: Alert, queued_at: float) -> bool:
        """Deliver, riding out an unavailable delivery store (Redis restarting): never dead-letter for that."""
        delay = 0.5
        while True:
            try:
                return await self.deliver_one(sink, alert, queued_at)
            except StateError as exc:
                if self.metrics:
                    self.metrics.redis_errors.labels("delivered").inc()
                log.warning("delivery store unavailable, retrying", extra={"sink": sink.name, "alert": alert.id,
                                                                           "error": str(exc)})
                await self._sleep(delay)
                delay = min(10.0, delay * 2)

    async def deliver_one(self, sink: Sink, alert: Alert, queued_at: float | None = None,
                          *, max_attempts: int | None = None, dead_letter: bool = True) -> bool:
        """One alert to one sink, with idempotency, rate limit and retries."""
        m = self.metrics
        waited = 0.0
        while not await self.delivered.claim(sink.name, alert.id, self.policy.lease_s):
            if await self.delivered.is_delivered(sink.name, alert.id):
                if m:
                    m.alert_deliveries.labels(sink.name, "skipped").inc()
                log.info("alert %s already delivered to %s, skipped", alert.id, sink.name,
                    extra={"sink": sink.name, "alert": alert.id})
                return True
            # Another worker holds the claim: wait for it to finish, or for its lease to lapse if it died.
            if waited > self.policy.lease_s * 2:
                raise StateError(f"{sink.name}: claim on alert {alert.id} never resolved")
            await self._sleep(1.0)
            waited += 1.0
        attempts = max_attempts or self.policy.max_attempts
        error = ""
        for attempt in range(1, attempts + 1):
            await self._buckets[sink.name].take()
            try:
                await sink.send(alert)
            except PermanentDeliveryError as exc:
                error = str(exc)
                break
            except DeliveryError as exc:
                error = str(exc)
                if attempt == attempts:
                    break
                if m:
                    m.alert_deliveries.labels(sink.name, "retried").inc()
                retry_after = exc.retry_after if isinstance(exc, RetryableDeliveryError) else None
                delay = self.policy.delay(attempt, self._rng, retry_after)
                log.warning("delivery failed, retrying", extra={"sink": sink.name, "alert": alert.id,
                                                                "attempt": attempt, "error": error, "delay_s": delay})
                await self._sleep(delay)
                continue
            await self.delivered.mark_delivered(sink.name, alert.id)
            if m:
                m.alert_deliveries.labels(sink.name, "delivered").inc()
                if queued_at is not None:
                    m.alert_delivery_seconds.labels(sink.name).observe(max(0.0, self._clock() - queued_at))
            log.info("alert %s delivered to %s", alert.id, sink.name,
                extra={"sink": sink.name, "alert": alert.id, "attempt": attempt})
            return True
        await self.delivered.release(sink.name, alert.id)
        if m:
            m.alert_deliveries.labels(sink.name, "failed").inc()
        if dead_letter:
            await self._dead_letter(sink, alert, error, attempts)
        return False

    async def _dead_letter(self, sink: Sink, alert: Alert, error: str, attempts: int) -> None:
        log.error("alert %s dead-lettered for %s: %s", alert.id, sink.name, error,
            extra={"sink": sink.name, "alert": alert.id, "error": error})
        if self.metrics:
            self.metrics.alert_deliveries.labels(sink.name, "dead_lettered").inc()
            self.metrics.dead_letters.labels(f"deliver-{sink.name}").inc()
        if self.dead_letters is not None:
            await self.dead_letters.add(sink.name, alert, error, attempts)
            if self.metrics:
                self.metrics.alert_dead_letters.labels(sink.name).inc()

    async def close(self) -> None:
        """Finish queued deliveries (retries included), then stop the workers."""
        for q in self._queues.values():
            await q.join()
        for w in self._workers:
            w.cancel()
        for w in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await w
        self._workers.clear()
        for sink in self.sinks:
            await sink.close()


@dataclass(frozen=True, slots=True)
class ResendReport:
    delivered: int
    failed: int
    unknown_sink: int


async def resend(dead_letters: DeadLetters, dispatcher: Dispatcher) -> ResendReport:
    """Deliver dead letters again; those that fail again (or name an unknown sink) stay in the file."""
    by_name = {s.name: s for s in dispatcher.sinks}
    keep: list[dict[str, object]] = []
    delivered = failed = unknown = 0
    for record in dead_letters.read():
        sink = by_name.get(str(record.get("sink")))
        alert_data = record.get("alert")
        if sink is None or not isinstance(alert_data, dict):
            unknown += 1
            keep.append(record)
            continue
        ok = await dispatcher.deliver_one(sink, Alert.from_dict(alert_data), dead_letter=False)
        if ok:
            delivered += 1
        else:
            failed += 1
            keep.append(record)
    dead_letters.rewrite(keep)
    if dispatcher.metrics:
        counts: dict[str, int] = {}
        for r in keep:
            counts[str(r.get("sink"))] = counts.get(str(r.get("sink")), 0) + 1
        for name in by_name:
            dispatcher.metrics.alert_dead_letters.labels(name).set(counts.get(name, 0))
    return ResendReport(delivered, failed, unknown)
