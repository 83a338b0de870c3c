"""Parsing feeds (feedparser) into articles."""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from monitor.analysis.dedup import canonical_url
from monitor.errors import FeedError
from monitor.models import Article

#: Items shorter than this carry only a summary: fetch the page for the full text.
SUMMARY_CHARS = 600

_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)


_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


class ParseError(FeedError):
    kind = "error_parse"


@dataclass(frozen=True, slots=True)
class FeedItem:
    article: Article
    summary_only: bool
    ttl_s: float | None = None


def html_to_text(fragment: str) -> str:
    text = _SCRIPT.sub(" ", fragment)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def article_id(feed_name: str, link: str | None, guid: str | None) -> str:
    """Stable across polls and feeds: from the canonical link, else the feed's guid."""
    basis = canonical_url(link) if link else f"{feed_name}|{guid}"
    return "a-" + hashlib.blake2b(basis.encode(), digest_size=10).hexdigest()


def parse_feed(body: bytes, *, feed_name: str, base_url: str) -> tuple[list[FeedItem], float | None]:
    """Items of a feed body and the feed's TTL in seconds (RSS ``<ttl>`` minutes).

    A malformed feed (feedparser's bozo flag with no usable entries) raises ParseError.
    """
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        # A declared-vs-actual encoding mismatch is harmless; broken XML is not.
        if not isinstance(exc, _BENIGN) or not parsed.get("entries"):
            raise ParseError(f"malformed feed: {type(exc).__name__}: {str(exc)[:200]}")
    ttl: float | None = None
    raw_ttl = parsed.get("feed", {}).get("ttl")
    if raw_ttl and str(raw_ttl).strip().isdigit():
        ttl = float(raw_ttl) * 60
    items = []
    for entry in parsed.get("entries", []):
        link = entry.get("link")
        guid = entry.get("id") or entry.get("guid")
        if not link and not guid:
            continue
        content = entry.get("content")
        raw = content[0].get("value", "") if content else entry.get("summary", "") or entry.get("description", "")
        text = html_to_text(raw)
        title = html_to_text(entry.get("title", "")) or None
        items.append(FeedItem(
            Article(id=article_id(feed_name, link, guid), text=text or (title or ""),
                    url=canonical_url(link) if link else None, title=title, published=_time(entry),
                    source=feed_name),
            summary_only=len(text) < SUMMARY_CHARS,
        ))
    return items, ttl
