"""Full text of an article page (trafilatura), for items that carry only a summary.

Extraction is CPU-bound (a few milliseconds for a 50 KB page). It runs off the
event loop: in threads by default (lxml releases the GIL while it parses, so a
thread overlaps with analysis), or in worker processes when there are cores to
spare (``MONITOR_FEEDS__FULLTEXT_PROCESSES``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageText:
    text: str
    published: datetime | None


def _extract(html: str, want_date: bool) -> tuple[str, datetime | None] | None:
    # fast: skip the slower fallback extractors; main-content extraction stays the same.
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True, fast=True)
    if not text:
        return None
    if not want_date:  # metadata parsing costs as much again: only when the feed gave no date
        return text, None
    meta = trafilatura.extract_metadata(html)
    date = getattr(meta, "date", None) if meta is not None else None
    published = None
    if date:
        try:
            published = datetime.fromisoformat(str(date)).replace(tzinfo=UTC)
        except ValueError:
            published = None
    return text, published


def _warm() -> None:
    """Import and initialise trafilatura in a fresh worker before the first page arrives."""
    trafilatura.extract("<html><body><p>warm up</p></body></html>")


class PageExtractor:
    """Extracts main text off the event loop: in ``processes`` worker processes, or a thread when 0.

    Workers are started lazily (spawned, not forked: the parent runs an event
    loop and threads) and restarted if one dies; a page that kills its worker
    falls back to a thread once, so nothing is lost.
    """

    def __init__(self, processes: int = 0) -> None:
        self.processes = processes
        self._pool: Executor | None = None

    def _executor(self) -> Executor | None:
        if self.processes <= 0:
            return None
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.processes, mp_context=ctx, initializer=_warm)
        return self._pool

    async def extract(self, body: bytes, *, want_date: bool = True) -> PageText | None:
        """Main text (and date) of an HTML page; None when nothing usable."""
        html = body.decode("utf-8", errors="replace")
        pool = self._executor()
        if pool is None:
            found = await asyncio.to_thread(_extract, html, want_date)
        else:
            try:
                found = await asyncio.get_running_loop().run_in_executor(pool, _extract, html, want_date)
            except BrokenProcessPool:
                log.warning("full-text worker died; restarting the pool and extracting this page in a thread")
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
                found = await asyncio.to_thread(_extract, html, want_date)
        return PageText(*found) if found is not None else None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

