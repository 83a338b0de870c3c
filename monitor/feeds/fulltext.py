"""Full text of an article page (trafilatura), for items that carry only a summary."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura


@dataclass(frozen=True, slots=True)
class PageText:
    text: str
    published: datetime | None


def _extract(html: str, want_date: bool) -> PageText | None:
    # fast: skip the slower fallback extractors; main-content extraction stays the same.
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True, fast=True)
    if not text:
        return None
    published = None
    if not want_date:  # metadata parsing costs as much again: only when the feed gave no date
        return PageText(text, None)
    meta = trafilatura.extract_metadata(html)
    date = getattr(meta, "date", None) if meta is not None else None
    if date:
        try:
            published = datetime.fromisoformat(str(date)).replace(tzinfo=UTC)
        except ValueError:
            published = None
    return PageText(text, published)


async def extract_page(body: bytes, *, want_date: bool = True) -> PageText | None:
    """Main text (and date) of an HTML page, off the event loop; None when nothing usable."""
    html = body.decode("utf-8", errors="replace")
    return await asyncio.to_thread(_extract, html, want_date)
