"""Poll-cycle benchmark over 1,000 feeds served locally, and full-text throughput.

    .venv/bin/python bench/bench_poll.py [--feeds 1000] [--pages 300]

Prints: an all-changed cycle (fetch + parse), an all-unchanged cycle (every
feed answers 304), with wall time and CPU seconds, and articles/s through the
embedded path with full-text extraction of ~50 KB pages.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, datetime
from email.utils import format_datetime

from aiohttp import web

from monitor.feeds.config import FeedConfig
from monitor.feeds.fetch import Fetcher
from monitor.feeds.poller import FeedScheduler
from monitor.models import Article
from monitor.settings import FeedSettings

PUB = format_datetime(datetime(2030, 1, 1, tzinfo=UTC))
PARA = ("<p>Officials from both governments met in the capital on Monday to discuss security cooperation, trade "
        "and the situation on the peninsula, according to a statement released after the talks.</p>")


def feed_xml(n: int, base: str, items: int = 10, summary_only: bool = False) -> str:
    body = "".join(
        f"<item><title>Feed {n} item {i}</title><link>{base}/p/{n}-{i}</link><guid>{n}-{i}</guid>"
        f"<pubDate>{PUB}</pubDate><description>{'Short summary.' if summary_only else PARA * 8}</description></item>"
        for i in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f{n}</title>{body}</channel></rss>'


async def serve(pages: int) -> tuple[web.AppRunner, int]:
    page = "<html><body><nav>menu</nav><article><h1>T</h1>" + PARA * 200 + "</article></body></html>"  # ~50 KB
    feeds: dict[str, str] = {}

    async def feed(request: web.Request) -> web.Response:
        n = request.match_info["n"]
        if request.headers.get("If-None-Match") == f'"{n}"':
            return web.Response(status=304)
        key = n
        if key not in feeds:
            feeds[key] = feed_xml(int(n), f"http://{request.host}")
        return web.Response(text=feeds[key], headers={"ETag": f'"{n}"'}, content_type="application/rss+xml")

    async def summary_feed(request: web.Request) -> web.Response:
        return web.Response(text=feed_xml(9999, f"http://{request.host}", items=pages, summary_only=True),
                            content_type="application/rss+xml")

    async def article(request: web.Request) -> web.Response:
        ident = request.match_info["id"]
        return web.Response(text=page.replace("<h1>T</h1>", f"<h1>Story {ident}</h1><p>Item {ident} says "
                                              f"{ident} troops moved.</p>"), content_type="text/html")

    app = web.Application()
    app.router.add_get("/f/{n}.xml", feed)
    app.router.add_get("/summary.xml", summary_feed)
    app.router.add_get("/p/{id}", article)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def main(n_feeds: int, pages: int) -> None:
    runner, port = await serve(pages)
    settings = FeedSettings(per_host_concurrency=64, fulltext=True)
    fetcher = Fetcher(settings)
    count = 0

    async def on_article(a: Article) -> None:
        nonlocal count
        count += 1

    feeds = [FeedConfig(f"f{i}", f"http://127.0.0.1:{port}/f/{i}.xml", allow_private=True, fulltext=False)
             for i in range(n_feeds)]
    sched = FeedScheduler(feeds, fetcher, on_article, settings=settings, concurrency=64)
    for label in ("all-changed (fetch+parse)", "all-unchanged (304)"):
        for name in sched.feeds:
            sched.feed_state(name).next_due = 0
        c0, t0 = time.process_time(), time.perf_counter()
        results = await sched.run_once()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        kinds = {r.result for r in results}
        print(f"{label}: {len(results)} feeds in {wall:.2f}s wall, {cpu:.2f}s CPU (results {sorted(kinds)}, "
              f"{count} new items so far)")
    # Full text: summary-only items whose pages (~50 KB) are fetched and extracted.
    from prometheus_client import CollectorRegistry

    from monitor.metrics import Metrics

    reg = CollectorRegistry()
    full = FeedScheduler([FeedConfig("summary", f"http://127.0.0.1:{port}/summary.xml", allow_private=True,
                                     fulltext=True)], fetcher, on_article, settings=settings, metrics=Metrics(reg))
    before = count
    t0 = time.perf_counter()
    await full.run_once()
    wall = time.perf_counter() - t0
    extracted = reg.get_sample_value("monitor_fulltext_total", {"result": "fetched"}) or 0.0
    print(f"full text: {count - before} articles ({extracted:.0f} extracted) with ~50 KB pages in {wall:.2f}s = "
          f"{(count - before) / wall:,.0f} articles/s")
    await fetcher.close()
    await runner.cleanup()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--pages", type=int, default=300)
    args = p.parse_args()
    asyncio.run(main(args.feeds, args.pages))
