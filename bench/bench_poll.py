"""Poll-cycle benchmark over 1,000 feeds served locally, and full-text throughput.

    .venv/bin/python bench/bench_poll.py [--feeds 1000] [--pages 300]

Prints: an all-changed cycle (fetch + parse), an all-unchanged cycle (every
feed answers 304), with wall time and CPU seconds, and articles/s through the
embedded path with full-text extraction of ~50 KB pages.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from monitor.feeds.config import FeedConfig
from monitor.feeds.fetch import Fetcher
from monitor.feeds.fulltext import PageExtractor
from monitor.feeds.poller import FeedScheduler
from monitor.models import Article
from monitor.settings import FeedSettings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_text

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


def page_html(ident: str) -> str:
    """A ~50 KB news page: navigation, scripts, sidebars and footer around a ~3.5 KB article."""
    rng = random.Random(ident)
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(300))
    script = "<script>var cfg = {" + ",".join(f'"k{i}": "{"x" * 40}"' for i in range(250)) + "};</script>"
    body = "".join(f"<p>{para}</p>" for para in make_text(rng, 3500).split("\n"))
    related = "".join(f'<li><a href="/p/r{i}">Related story number {i} about something else</a></li>'
                      for i in range(60))
    return (f"<html><head><title>{ident}</title>{script}</head><body><nav><ul>{nav}</ul></nav>"
            f"<article><h1>Story {ident}</h1>{body}</article><aside><h2>Related</h2><ul>{related}</ul></aside>"
            f"<footer>{'<p>Copyright 2030 Example News. All rights reserved.</p>' * 3}</footer></body></html>")


async def serve(pages: int) -> tuple[web.AppRunner, int]:
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
        run = request.match_info["run"]
        return web.Response(text=feed_xml(9000 + int(run), f"http://{request.host}", items=pages, summary_only=True),
                            content_type="application/rss+xml")

    pages_cache: dict[str, str] = {}

    async def article(request: web.Request) -> web.Response:
        ident = request.match_info["id"]
        if ident not in pages_cache:
            pages_cache[ident] = page_html(ident)
        return web.Response(text=pages_cache[ident], content_type="text/html")

    app = web.Application()
    app.router.add_get("/f/{n}.xml", feed)
    app.router.add_get("/summary/{run}.xml", summary_feed)
    app.router.add_get("/p/{id}", article)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


def _server_process(pages: int, ports: Any) -> None:
    async def run() -> None:
        _runner, port = await serve(pages)  # kept alive until the process is terminated
        ports.put(port)
        await asyncio.Event().wait()

    asyncio.run(run())


def start_server(pages: int) -> tuple[multiprocessing.process.BaseProcess, int]:
    """The feeds and pages are served from another process, so serving costs the client nothing."""
    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    proc = ctx.Process(target=_server_process, args=(pages, ports), daemon=True)
    proc.start()
    return proc, int(ports.get(timeout=60))


async def main(n_feeds: int, pages: int) -> None:
    server, port = start_server(pages)
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
    # Full text: summary-only items whose pages (~50 KB) are fetched and extracted (no analysis).
    from prometheus_client import CollectorRegistry

    from monitor.metrics import Metrics

    reg = CollectorRegistry()
    extractor = PageExtractor(1)
    full = FeedScheduler([FeedConfig("summary", f"http://127.0.0.1:{port}/summary/0.xml", allow_private=True,
                                     fulltext=True)], fetcher, on_article, settings=settings, metrics=Metrics(reg),
                         extractor=extractor)
    await extractor.extract(b"<html><body><p>warm</p></body></html>")  # start the worker outside the timing
    before = count
    t0 = time.perf_counter()
    await full.run_once()
    wall = time.perf_counter() - t0
    extractor.close()
    extracted = reg.get_sample_value("monitor_fulltext_total", {"result": "fetched"}) or 0.0
    print(f"full text only: {count - before} articles ({extracted:.0f} extracted) from ~50 KB pages in {wall:.2f}s = "
          f"{(count - before) / wall:,.0f} articles/s")
    await embedded(port, pages)
    await fetcher.close()
    server.terminate()


async def embedded(port: int, pages: int) -> None:
    """The embedded runner end to end: poll, fetch + extract ~50 KB pages, analyse, alert (to a file)."""
    from monitor.runtime.embedded import EmbeddedRunner
    from monitor.settings import AlertSettings, Settings

    for processes in (0, 1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp),
                                feeds=FeedSettings(per_host_concurrency=64, fulltext_processes=processes),
                                alerts=AlertSettings(console=False, jsonl_path=Path(tmp) / "alerts.jsonl",
                                                    rate_per_s=100_000))
            feeds = [FeedConfig("summary", f"http://127.0.0.1:{port}/summary/{processes + 1}.xml", allow_private=True,
                                fulltext=True)]
            runner = EmbeddedRunner(settings, feeds, serve_http=False)
            warm = PageExtractor(processes)
            await warm.extract(b"<html><body><p>warm</p></body></html>")  # interpreter start-up is not throughput
            warm.close()
            t0 = time.perf_counter()
            await runner.run(asyncio.Event(), once=True)
            wall = time.perf_counter() - t0
            alerts = len((Path(tmp) / "alerts.jsonl").read_text().splitlines())
            print(f"embedded end to end (full text + analysis + {alerts} alerts to a file), {processes} extraction "
                  f"process(es): {runner.processed} articles in {wall:.2f}s = {runner.processed / wall:,.0f} "
                  f"articles/s ({runner.failed} failed)")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--feeds", type=int, default=1000)
    p.add_argument("--pages", type=int, default=300)
    args = p.parse_args()
    asyncio.run(main(args.feeds, args.pages))
