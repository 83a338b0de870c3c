"""Polling feeds on an adaptive schedule, with conditional GET, backoff and state.

Per feed: a 304 costs no parsing; a poll that finds new items shortens the
interval, a quiet one lengthens it (within bounds; never below the feed's TTL
or Cache-Control max-age); errors back off exponentially with jitter and mark
the feed unhealthy after a few, but it keeps being retried (slowly) forever;
429/503 honour Retry-After. New items go to ``on_article`` once each.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import re
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

from monitor.errors import UnsafeURLError
from monitor.feeds.config import FeedConfig
from monitor.feeds.fetch import Fetcher, FetchError
from monitor.feeds.fulltext import PageExtractor
from monitor.feeds.parse import ParseError, parse_feed
from monitor.metrics import Metrics
from monitor.models import Article
from monitor.settings import FeedSettings

log = logging.getLogger(__name__)
OnArticle = Callable[[Article], Awaitable[None]]
UNHEALTHY_AFTER = 3
SEEN_PER_FEED = 5000


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass(slots=True)
class FeedState:
    etag: str | None = None
    last_modified: str | None = None
    interval_s: float = 0.0
    failures: int = 0
    next_due: float = 0.0
    last_success: float | None = None
    last_error: str | None = None
    seen: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.failures < UNHEALTHY_AFTER


class FeedStateStore(Protocol):
    def load(self, name: str) -> FeedState | None: ...

    def save(self, name: str, state: FeedState) -> None: ...


class MemoryFeedState:
    def __init__(self) -> None:
        self._states: dict[str, FeedState] = {}

    def load(self, name: str) -> FeedState | None:
        return self._states.get(name)

    def save(self, name: str, state: FeedState) -> None:
        self._states[name] = state


class SqliteFeedState:
    """Validators, schedule and seen ids per feed, in the runner's SQLite file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        conn.execute("CREATE TABLE IF NOT EXISTS feed_state (name TEXT PRIMARY KEY, state TEXT NOT NULL)")

    def load(self, name: str) -> FeedState | None:
        with self._lock:
            row = self._conn.execute("SELECT state FROM feed_state WHERE name = ?", (name,)).fetchone()
        return FeedState(**json.loads(row[0])) if row else None

    def save(self, name: str, state: FeedState) -> None:
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO feed_state(name, state) VALUES (?, ?)",
                               (name, json.dumps(asdict(state))))


@dataclass(frozen=True, slots=True)
class PollResult:
    feed: str
    result: str  # ok | not_modified | error_* (the metrics label)
    new_items: int = 0


_MAX_AGE = re.compile(r"max-age=(\d+)")


class FeedScheduler:
    """Polls a set of feeds until stopped."""

    def __init__(self, feeds: Sequence[FeedConfig], fetcher: Fetcher, on_article: OnArticle, *,
                 settings: FeedSettings, state: FeedStateStore | None = None, metrics: Metrics | None = None,
                 clock: Clock | None = None, seed: int | None = None, concurrency: int = 32,
                 extractor: PageExtractor | None = None) -> None:
        self.feeds = {f.name: f for f in feeds}
        # Page extraction for summary-only items; the owner closes it (default: a thread, nothing to close).
        self.extractor = extractor or PageExtractor(0)
        self.fetcher = fetcher
        self.on_article = on_article
        self.settings = settings
        self.state: FeedStateStore = state or MemoryFeedState()
        self.metrics = metrics
        self.clock: Clock = clock or SystemClock()
        self._rng = random.Random(seed)
        self._limit = asyncio.Semaphore(concurrency)
        self._states: dict[str, FeedState] = {}
        if metrics:
            metrics.feeds_configured.set(len(self.feeds))

    def feed_state(self, name: str) -> FeedState:
        st = self._states.get(name)
        if st is None:
            st = self.state.load(name) or FeedState(interval_s=self._base_interval(self.feeds[name]))
            self._states[name] = st
        return st

    def _base_interval(self, feed: FeedConfig) -> float:
        return feed.interval_s or self.settings.default_interval_s

    def _bounded(self, seconds: float) -> float:
        return min(self.settings.max_interval_s, max(self.settings.min_interval_s, seconds))

    async def poll(self, feed: FeedConfig) -> PollResult:
        """Poll one feed now: fetch, parse, hand new items over, reschedule."""
        st = self.feed_state(feed.name)
        started = time.perf_counter()
        now = self.clock.now()
        try:
            resp = await self.fetcher.get(feed.url, allow_private=feed.allow_private, etag=st.etag,
                                          last_modified=st.last_modified)
            if resp.status == 304:
                result = PollResult(feed.name, "not_modified")
                st.interval_s = self._bounded(st.interval_s * 1.25)
            else:
                items, ttl = parse_feed(resp.body, feed_name=feed.name, base_url=resp.url)
                st.etag = resp.headers.get("etag") or None
                st.last_modified = resp.headers.get("last-modified") or None
                seen = set(st.seen)
                # Oldest first, so the pipeline sees a feed's stream in time order.
                fresh = sorted((i for i in items if i.article.id not in seen),
                               key=lambda i: i.article.published.timestamp() if i.article.published else float("inf"))
                # Pages of the next few items are fetched and extracted while this one is handed over
                # (analysed), in order; at most `ahead` are in flight.
                ahead = max(2, 2 * self.extractor.processes)
                pending: deque[asyncio.Task[Article]] = deque()
                started = 0
                try:
                    for item in fresh:
                        while started < len(fresh) and len(pending) < ahead:
                            nxt = fresh[started]
                            pending.append(asyncio.create_task(self._complete(feed, nxt.article, nxt.summary_only)))
                            started += 1
                        await self.on_article(await pending.popleft())
                        st.seen.append(item.article.id)
                        if self.metrics:
                            self.metrics.feed_items.labels(feed.name).inc()
                finally:
                    for task in pending:
                        task.cancel()
                del st.seen[:-SEEN_PER_FEED]
                st.interval_s = self._bounded(st.interval_s / 2 if fresh else st.interval_s * 1.5)
                floor = max(ttl or 0.0, self._max_age(resp.headers.get("cache-control")))
                st.interval_s = max(st.interval_s, min(floor, self.settings.max_interval_s))
                result = PollResult(feed.name, "ok", len(fresh))
            st.failures, st.last_success, st.last_error = 0, now, None
            st.next_due = now + st.interval_s
        except (FetchError, ParseError, UnsafeURLError) as exc:
            kind = exc.kind if isinstance(exc, FetchError | ParseError) else "error_unsafe"
            st.failures += 1
            st.last_error = f"{kind}: {exc}"
            retry_after = exc.retry_after if isinstance(exc, FetchError) else None
            backoff = min(self.settings.max_interval_s,
                          self._base_interval(feed) * 2 ** min(st.failures - 1, 10)) * (0.5 + self._rng.random() / 2)
            st.next_due = now + max(backoff, retry_after or 0.0)
            log.warning("feed %s poll failed: %s", feed.name, st.last_error,
                extra={"feed": feed.name, "error": st.last_error,
                                                   "failures": st.failures, "retry_in_s": round(st.next_due - now)})
            result = PollResult(feed.name, kind)
        self.state.save(feed.name, st)
        if self.metrics:
            m = self.metrics
            m.feed_polls.labels(feed.name, result.result).inc()
            m.feed_fetch_seconds.labels(feed.name).observe(time.perf_counter() - started)
            if st.last_success is not None:
                m.feed_last_success.labels(feed.name).set(st.last_success)
            m.feeds_unhealthy.set(sum(1 for n in self.feeds if not self.feed_state(n).healthy))
        return result

    @staticmethod
    def _max_age(header: str | None) -> float:
        m = _MAX_AGE.search(header or "")
        return float(m.group(1)) if m else 0.0

    async def _complete(self, feed: FeedConfig, article: Article, summary_only: bool) -> Article:
        """Fetch the page for summary-only items; keep the summary (and count it) when that fails."""
        want = feed.fulltext if feed.fulltext is not None else (self.settings.fulltext and summary_only)
        if not want or not article.url:
            if self.metrics:
                self.metrics.fulltext.labels("skipped").inc()
            return article
        try:
            resp = await self.fetcher.get(article.url, allow_private=feed.allow_private)
            page = await self.extractor.extract(resp.body, want_date=article.published is None)
        except (FetchError, UnsafeURLError) as exc:
            log.info("full text unavailable, keeping the summary", extra={"feed": feed.name, "article": article.id,
                                                                         "error": str(exc)})
            page = None
        except Exception as exc:  # a page the extractor chokes on must not cost the article
            log.warning("full-text extraction failed, keeping the summary",
                        extra={"feed": feed.name, "article": article.id, "error": f"{type(exc).__name__}: {exc}"})
            page = None
        if page is None or len(page.text) <= len(article.text):
            if self.metrics:
                self.metrics.fulltext.labels("failed").inc()
            return article
        if self.metrics:
            self.metrics.fulltext.labels("fetched").inc()
        return Article(id=article.id, text=page.text, url=article.url, title=article.title,
                       published=article.published or page.published, source=article.source)

    def next_wake(self) -> float:
        return min((self.feed_state(n).next_due for n in self.feeds), default=self.clock.now() + 60)

    async def run_once(self) -> list[PollResult]:
        """Poll every feed that is due now (concurrently, bounded)."""
        now = self.clock.now()
        due = [f for n, f in self.feeds.items() if self.feed_state(n).next_due <= now]

        async def one(feed: FeedConfig) -> PollResult:
            async with self._limit:
                return await self.poll(feed)

        return list(await asyncio.gather(*(one(f) for f in due)))

    async def run(self, stop: asyncio.Event) -> None:
        """Poll due feeds until ``stop`` is set; in-flight polls finish first."""
        while not stop.is_set():
            await self.run_once()
            delay = max(0.05, min(self.next_wake() - self.clock.now(), 30.0))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
