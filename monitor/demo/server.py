"""A local HTTP server for the bundled sample feeds (``monitor demo``, tests).

It renders ``samples.yaml`` as RSS 2.0 feeds at ``/feeds/<name>.xml`` and, for
items marked ``page: true``, an HTML article page at ``/pages/<id>.html`` (so
the full-text path runs too; every item has a page). Publication times are relative to the moment
the server starts. Everything here is sample data written for the project.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

SAMPLES = Path(__file__).with_name("samples.yaml")


@dataclass(frozen=True, slots=True)
class SampleItem:
    feed: str
    id: str
    title: str
    text: str
    published: datetime
    summary: str | None = None
    page: bool = False
    boilerplate: str | None = None


def load_samples(path: Path = SAMPLES, *, now: datetime | None = None) -> dict[str, list[SampleItem]]:
    now = now or datetime.now(UTC)
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    feeds: dict[str, list[SampleItem]] = {}
    for feed in data["feeds"]:
        feeds[feed["name"]] = [
            SampleItem(
                feed=feed["name"],
                id=item["id"],
                title=item["title"],
                text=" ".join(item["text"].split()),
                published=now - timedelta(minutes=int(item["minutes_ago"])),
                summary=item.get("summary"),
                page=bool(item.get("page", False)),
                boilerplate=item.get("boilerplate"),
            )
            for item in feed["items"]
        ]
    return feeds


def render_rss(name: str, items: list[SampleItem], base_url: str) -> str:
    entries = []
    for item in sorted(items, key=lambda i: i.published, reverse=True):
        link = f"{base_url}/pages/{item.id}.html"
        body = item.summary if item.page and item.summary else item.text
        entries.append(
            "<item>"
            f"<title>{html.escape(item.title)}</title>"
            f"<link>{html.escape(link)}</link>"
            f'<guid isPermaLink="false">{html.escape(item.id)}</guid>'
            f"<pubDate>{format_datetime(item.published)}</pubDate>"
            f"<description>{html.escape(body)}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{html.escape(name)} (sample data)</title><link>{base_url}</link>"
        "<description>Sample feed for the news-monitor demo. Not real news.</description>"
        + "".join(entries)
        + "</channel></rss>"
    )


def render_page(item: SampleItem) -> str:
    paragraphs = "".join(f"<p>{html.escape(s.strip())}.</p>" for s in item.text.rstrip(".").split(". "))
    extra = f'<footer><p>{html.escape(item.boilerplate)}</p></footer>' if item.boilerplate else ""
    return (
        "<!doctype html><html><head>"
        f"<title>{html.escape(item.title)}</title>"
        f'<meta property="article:published_time" content="{item.published.isoformat()}">'
        "</head><body><nav>Home | World | Sample section</nav><article>"
        f"<h1>{html.escape(item.title)}</h1>{paragraphs}</article>{extra}</body></html>"
    )


class SampleFeedServer:
    """Serves the sample feeds on 127.0.0.1 (an ephemeral port by default)."""

    def __init__(self, *, port: int = 0, now: datetime | None = None, samples: Path = SAMPLES) -> None:
        self.feeds = load_samples(samples, now=now)
        self._port = port
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self.requests = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def feed_urls(self) -> dict[str, str]:
        return {name: f"{self.base_url}/feeds/{name}.xml" for name in self.feeds}

    async def _feed(self, request: web.Request) -> web.Response:
        self.requests += 1
        name = request.match_info["name"]
        if name not in self.feeds:
            raise web.HTTPNotFound()
        body = render_rss(name, self.feeds[name], self.base_url)
        return web.Response(text=body, content_type="application/rss+xml")

    async def _page(self, request: web.Request) -> web.Response:
        self.requests += 1
        wanted = request.match_info["id"]
        for items in self.feeds.values():
            for item in items:
                if item.id == wanted:
                    return web.Response(text=render_page(item), content_type="text/html")
        raise web.HTTPNotFound()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feeds/{name}.xml", self._feed)
        app.router.add_get("/pages/{id}.html", self._page)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self._port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else self._port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
