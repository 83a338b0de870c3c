"""Feed polling against a real local HTTP server: validators, schedule, hostile feeds, SSRF, full text."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from prometheus_client import CollectorRegistry

from monitor.errors import ConfigError, UnsafeURLError
from monitor.feeds.config import DEFAULT_FEEDS, FeedConfig, load_feeds
from monitor.feeds.fetch import Fetcher, check_url, is_public
from monitor.feeds.fulltext import PageExtractor
from monitor.feeds.poller import FeedScheduler, SqliteFeedState
from monitor.metrics import Metrics
from monitor.models import Article
from monitor.settings import FeedSettings
from monitor.state.sqlite import connect

pytestmark = pytest.mark.integration
PUB = format_datetime(datetime(2030, 1, 2, 9, tzinfo=UTC))
LONG = " ".join(["The envoy said talks with Seoul would continue next week."] * 20)


def rss(items: list[tuple[str, str]], ttl: int | None = None) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>{PUB}</pubDate>"
        f"<description>{t}: {LONG if 'short' not in link else 'A summary.'}</description></item>"
        for t, link in items
    )
    ttl_tag = f"<ttl>{ttl}</ttl>" if ttl else ""
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{ttl_tag}{body}</channel></rss>'


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>http://x.test/1</link>
</item></channel></rss>"""


class FeedServer:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.conditional: list[str | None] = []
        self.items = [("First", "/page/a"), ("Second", "/page/b")]
        self._runner: web.AppRunner | None = None
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/etag.xml":
            self.conditional.append(request.headers.get("If-None-Match"))
            if request.headers.get("If-None-Match") == '"v1"':
                return web.Response(status=304)
            return web.Response(text=rss([(t, self.url(p)) for t, p in self.items], ttl=None),
                                headers={"ETag": '"v1"'}, content_type="application/rss+xml")
        if path == "/lm.xml":
            if request.headers.get("If-Modified-Since") == PUB:
                return web.Response(status=304)
            return web.Response(text=rss([("X", self.url("/page/x"))]), headers={"Last-Modified": PUB})
        if path == "/ttl.xml":
            return web.Response(text=rss([("T", self.url(f"/page/t{self.hits[path]}"))], ttl=120))
        if path == "/bozo.xml":
            return web.Response(text="<rss><channel><item><title>broken", content_type="application/rss+xml")
        if path == "/bomb.xml":
            return web.Response(text=BOMB, content_type="application/rss+xml")
        if path == "/big.xml":
            resp = web.StreamResponse()
            await resp.prepare(request)
            chunk = b"<!-- " + b"x" * (1 << 20) + b" -->"
            try:
                for _ in range(50):
                    await resp.write(chunk)
            except (ConnectionResetError, ConnectionError):
                pass
            return resp
        if path == "/hang.xml":
            await asyncio.sleep(3)
            return web.Response(text="late")
        if path.startswith("/loop"):
            return web.Response(status=302, headers={"Location": f"/loop{self.hits[path]}"})
        if path == "/busy.xml":
            return web.Response(status=429, headers={"Retry-After": "900"})
        if path == "/summary.xml":
            return web.Response(text=rss([("S1", self.url("/page/short-ok")), ("S2", self.url("/page/short-404"))]))
        if path == "/many.xml":
            return web.Response(text=rss([(f"M{i}", self.url(f"/page/short-slow-{i}")) for i in range(6)]))
        if path.startswith("/page/short-slow-"):
            i = int(path.rsplit("-", 1)[1])
            await asyncio.sleep((6 - i) * 0.03)  # later items are served first
            paras = "".join(f"<p>Item {i}, paragraph {k}: the envoys met again in Brussels to discuss the sanctions "
                            f"package and the timetable for the next round.</p>" for k in range(8))
            return web.Response(text=f"<html><body><article><h1>Item {i}</h1>{paras}</article></body></html>",
                                content_type="text/html")
        if path == "/page/short-ok":
            paras = "".join(f"<p>Paragraph {i}: the foreign ministers met in Seoul and agreed on a new "
                            f"partnership covering security and trade for the coming years.</p>" for i in range(8))
            return web.Response(text=f"<html><head><title>T</title></head><body><nav>Menu</nav><article>"
                                     f"<h1>Full story</h1>{paras}</article></body></html>", content_type="text/html")
        return web.Response(status=404)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()


class FakeClock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += seconds


SETTINGS = FeedSettings(min_interval_s=60, max_interval_s=3600, default_interval_s=300, read_timeout_s=1.0,
                        connect_timeout_s=1.0, max_response_bytes=2 * 1024 * 1024, max_redirects=3)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    s = FeedServer()
    await s.start()
    yield s
    await s.stop()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    f = Fetcher(SETTINGS)
    yield f
    await f.close()


def scheduler(server: FeedServer, fetcher: Fetcher, path: str, got: list[Article], **kw: object) -> FeedScheduler:
    feed = FeedConfig("local", server.url(path), allow_private=True, fulltext=kw.pop("fulltext", False))  # type: ignore[arg-type]

    async def on_article(a: Article) -> None:
        got.append(a)

    return FeedScheduler([feed], fetcher, on_article, settings=SETTINGS, clock=kw.pop("clock", FakeClock()),  # type: ignore[arg-type]
                         seed=1, **kw)  # type: ignore[arg-type]


async def test_etag_304_no_reparse_and_no_duplicates(server: FeedServer, fetcher: Fetcher) -> None:
    got: list[Article] = []
    reg = CollectorRegistry()
    s = scheduler(server, fetcher, "/etag.xml", got, metrics=Metrics(reg))
    feed = s.feeds["local"]
    assert (await s.poll(feed)).new_items == 2
    assert (await s.poll(feed)).result == "not_modified"
    assert server.conditional == [None, '"v1"']
    assert [a.title for a in got] == ["First", "Second"]
    assert got[0].published == datetime(2030, 1, 2, 9, tzinfo=UTC)
    assert reg.get_sample_value("monitor_feed_polls_total", {"feed": "local", "result": "not_modified"}) == 1


async def test_last_modified(server: FeedServer, fetcher: Fetcher) -> None:
    got: list[Article] = []
    s = scheduler(server, fetcher, "/lm.xml", got)
    assert (await s.poll(s.feeds["local"])).result == "ok"
    assert (await s.poll(s.feeds["local"])).result == "not_modified"


async def test_adaptive_interval_and_ttl(server: FeedServer, fetcher: Fetcher) -> None:
    got: list[Article] = []
    clock = FakeClock()
    s = scheduler(server, fetcher, "/etag.xml", got, clock=clock)
    feed = s.feeds["local"]
    await s.poll(feed)
    busy = s.feed_state("local").interval_s
    assert busy == 150  # new items: polled twice as often (300 -> 150)
    await s.poll(feed)  # 304: quieter
    assert s.feed_state("local").interval_s > busy
    t = scheduler(server, fetcher, "/ttl.xml", got, clock=clock)
    await t.poll(t.feeds["local"])
    assert t.feed_state("local").interval_s >= 7200 or t.feed_state("local").interval_s == SETTINGS.max_interval_s


async def test_backoff_unhealthy_and_recovery(server: FeedServer, fetcher: Fetcher) -> None:
    got: list[Article] = []
    clock = FakeClock()
    reg = CollectorRegistry()
    s = scheduler(server, fetcher, "/missing.xml", got, clock=clock, metrics=Metrics(reg))
    feed = s.feeds["local"]
    delays = []
    for _ in range(4):
        r = await s.poll(feed)
        assert r.result == "error_http"
        delays.append(s.feed_state("local").next_due - clock.now())
    assert delays[-1] > delays[0]  # exponential backoff
    assert not s.feed_state("local").healthy
    assert reg.get_sample_value("monitor_feeds_unhealthy") == 1
    # The feed is never given up: once the server serves it, it recovers.
    s.feeds["local"] = FeedConfig("local", server.url("/etag.xml"), allow_private=True, fulltext=False)
    assert (await s.poll(s.feeds["local"])).result == "ok"
    assert s.feed_state("local").healthy


async def test_retry_after_on_429(server: FeedServer, fetcher: Fetcher) -> None:
    clock = FakeClock()
    s = scheduler(server, fetcher, "/busy.xml", [], clock=clock)
    r = await s.poll(s.feeds["local"])
    assert r.result == "error_ratelimited"
    assert s.feed_state("local").next_due - clock.now() >= 900


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/bozo.xml", "error_parse"), ("/big.xml", "error_too_large"), ("/hang.xml", "error_timeout"),
     ("/loop", "error_http")],
)
async def test_hostile_feeds_are_counted_and_survived(server: FeedServer, fetcher: Fetcher, path: str,
                                                      kind: str) -> None:
    reg = CollectorRegistry()
    s = scheduler(server, fetcher, path, [], metrics=Metrics(reg))
    assert (await s.poll(s.feeds["local"])).result == kind
    assert reg.get_sample_value("monitor_feed_polls_total", {"feed": "local", "result": kind}) == 1


async def test_entity_expansion_does_no_harm(server: FeedServer, fetcher: Fetcher) -> None:
    got: list[Article] = []
    s = scheduler(server, fetcher, "/bomb.xml", got)
    r = await s.poll(s.feeds["local"])
    assert r.result in ("ok", "error_parse")
    assert all(len(a.text) < 100_000 for a in got)


async def test_ssrf_guard(server: FeedServer, fetcher: Fetcher) -> None:
    assert not is_public("127.0.0.1")
    assert not is_public("10.1.2.3")
    assert not is_public("169.254.169.254")
    assert not is_public("::1")
    assert is_public("93.184.216.34")
    with pytest.raises(UnsafeURLError):
        await check_url("http://169.254.169.254/latest/meta-data/", allow_private=False)
    with pytest.raises(UnsafeURLError):
        await check_url("file:///etc/passwd", allow_private=True)
    # A loopback feed without the explicit flag is refused before any request is made.
    s = FeedScheduler([FeedConfig("local", server.url("/etag.xml"))], fetcher, _noop, settings=SETTINGS,
                      clock=FakeClock())
    assert (await s.poll(s.feeds["local"])).result == "error_unsafe"
    assert "/etag.xml" not in server.hits


async def _noop(article: Article) -> None:
    return None


async def test_fulltext_and_fallback(server: FeedServer, fetcher: Fetcher) -> None:
    got: list[Article] = []
    reg = CollectorRegistry()
    s = scheduler(server, fetcher, "/summary.xml", got, fulltext=None, metrics=Metrics(reg))
    await s.poll(s.feeds["local"])
    by_title = {a.title: a for a in got}
    assert "Paragraph 7" in by_title["S1"].text
    assert "Menu" not in by_title["S1"].text
    assert by_title["S2"].text == "S2: A summary."
    assert reg.get_sample_value("monitor_fulltext_total", {"result": "fetched"}) == 1
    assert reg.get_sample_value("monitor_fulltext_total", {"result": "failed"}) == 1


@pytest.mark.parametrize("processes", [0, 1])
async def test_fulltext_ahead_keeps_feed_order(server: FeedServer, fetcher: Fetcher, processes: int) -> None:
    # Pages are fetched and extracted ahead (in worker processes when asked) but handed over in feed order.
    got: list[Article] = []
    extractor = PageExtractor(processes)
    try:
        s = scheduler(server, fetcher, "/many.xml", got, fulltext=None, extractor=extractor)
        assert (await s.poll(s.feeds["local"])).new_items == 6
    finally:
        extractor.close()
    assert [a.title for a in got] == [f"M{i}" for i in range(6)]
    for i, a in enumerate(got):
        assert f"Item {i}, paragraph 7" in a.text


async def test_extractor_keeps_none_for_unusable_pages() -> None:
    extractor = PageExtractor(1)
    try:
        assert await extractor.extract(b"\x00\x01 not html at all") is None
        page = await extractor.extract(b"<html><body><article><p>" + b"Seoul and Brussels signed a pact. " * 20
                                       + b"</p></article></body></html>", want_date=False)
    finally:
        extractor.close()
    assert page is not None
    assert "signed a pact" in page.text
    assert page.published is None


async def test_state_persists_in_sqlite(server: FeedServer, fetcher: Fetcher, tmp_path: Path) -> None:
    got: list[Article] = []
    conn = connect(tmp_path / "state.db")
    s = scheduler(server, fetcher, "/etag.xml", got, state=SqliteFeedState(conn))
    await s.poll(s.feeds["local"])
    s2 = scheduler(server, fetcher, "/etag.xml", got, state=SqliteFeedState(connect(tmp_path / "state.db")))
    assert (await s2.poll(s2.feeds["local"])).result == "not_modified"
    assert len(got) == 2


def test_default_feeds_load() -> None:
    feeds = load_feeds(DEFAULT_FEEDS)
    assert len(feeds) >= 10
    assert all(f.url.startswith("https://") and not f.allow_private for f in feeds)


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("feeds:\n  - {name: a, url: 'ftp://x'}\n", 2, "http(s) URL"),
        ("feeds:\n  - {name: a, url: 'https://x.test'}\n  - {name: a, url: 'https://y.test'}\n", 3, "duplicate"),
        ("feeds:\n  - name: a\n    url: https://x.test\n    interval: -5\n", 2, "interval"),
        ("feeds:\n  - {name: A B, url: 'https://x.test'}\n", 2, "feed name"),
        ("feeds: [\n", 2, "invalid YAML"),
    ],
)
def test_bad_feeds_file(tmp_path: Path, content: str, line: int, reason: str) -> None:
    f = tmp_path / "feeds.yaml"
    f.write_text(content)
    with pytest.raises(ConfigError) as exc:
        load_feeds(f)
    assert exc.value.line == line
    assert reason in str(exc.value)
    assert str(f) in str(exc.value)


async def test_one_shared_client() -> None:
    async with httpx.AsyncClient() as client:
        f = Fetcher(SETTINGS, client)
        assert f.client is client
        await f.close()
        assert not client.is_closed
