"""The Redis stores behave like the in-memory ones: same analysis of the same stream."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from monitor.analysis.dedup import Deduplicator, DedupStore, Fingerprint, MemoryDedupStore
from monitor.analysis.pipeline import Pipeline, PipelineConfig, Stores
from monitor.demo.server import load_samples
from monitor.models import Article
from monitor.state.redis_facts import RedisFactStore
from monitor.state.redis_stores import RedisDedupStore, RedisStoryStore
from monitor.state.sqlite import SqliteDedupStore, connect
from tests.copies import original_and_copy

pytestmark = pytest.mark.integration


def sample_articles() -> list[Article]:
    now = datetime(2030, 6, 1, 12, tzinfo=UTC)
    items = [i for feed in load_samples(now=now).values() for i in feed]
    items.sort(key=lambda i: i.published)
    return [Article(id=i.id, text=i.text, url=f"https://samples.test/{i.id}", title=i.title, published=i.published,
                    source=i.feed) for i in items]


def summary(p: Pipeline, articles: list[Article]) -> list[tuple[object, ...]]:
    out = []
    for a in articles:
        r = p.process(a)
        out.append((r.id, tuple(r.topics), r.duplicate_of, tuple(sorted(x.id for x in r.alerts))))
    return out


def full(p: Pipeline, articles: list[Article]) -> list[str]:
    return [json.dumps(p.process(a).to_dict(), sort_keys=True, default=str) for a in articles]


def test_redis_stores_match_memory(redis_url: str, unique_prefix: str) -> None:
    arts = sample_articles()
    expected = summary(Pipeline(), arts)
    client = redis.Redis.from_url(redis_url)
    stores = Stores(dedup=RedisDedupStore(client, prefix=unique_prefix), stories=RedisStoryStore(client,
                    prefix=unique_prefix), facts=RedisFactStore(client, prefix=unique_prefix))
    got = summary(Pipeline(stores=stores), arts)
    assert got == expected
    assert any(dup for _, _, dup, _ in got), "the samples include a duplicate"
    # A second worker sharing the same Redis sees the same index and facts: nothing is new to it.
    other = Pipeline(stores=Stores(dedup=RedisDedupStore(client, prefix=unique_prefix),
                                   stories=RedisStoryStore(client, prefix=unique_prefix),
                                   facts=RedisFactStore(client, prefix=unique_prefix)))
    again = [dict(zip(("id", "topics", "dup", "alerts"), row, strict=True)) for row in summary(other, [
        Article(id=a.id + "-copy", text=a.text, url=None, title=a.title, published=a.published + timedelta(hours=1),
                source="elsewhere") for a in arts])]
    assert all(row["dup"] is not None for row in again)
    assert all(row["alerts"] == () for row in again)
    client.close()


def test_batched_round_trips_give_the_same_analysis(redis_url: str, unique_prefix: str) -> None:
    """One script per article for facts and one for story lookup: every field of every analysis
    (alert sources, previous figures, stories) as with memory stores, re-deliveries included."""
    arts = sample_articles()
    # A republished story (more sources for its facts), then re-deliveries of articles that
    # first reported facts: their alerts come again, the same, with all their sources.
    copies = [Article(id=a.id + "-copy", text="From the wire: " + a.text, url=f"https://mirror.test/{a.id}",
                      title=a.title, published=a.published + timedelta(minutes=5), source="mirror")
              for a in arts if a.published is not None]
    stream = arts + copies + arts[:4]
    expected = full(Pipeline(), stream)
    client = redis.Redis.from_url(redis_url)
    stores = Stores(dedup=RedisDedupStore(client, prefix=unique_prefix), stories=RedisStoryStore(client,
                    prefix=unique_prefix), facts=RedisFactStore(client, prefix=unique_prefix))
    assert full(Pipeline(stores=stores), stream) == expected
    redelivered = [json.loads(x) for x in expected[-4:]]
    assert any(a["alerts"] for a in redelivered)
    assert any(al["previous"] for a in map(json.loads, expected) for al in a["alerts"])
    client.close()


def test_batched_observe_is_atomic_between_workers(redis_url: str, unique_prefix: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from monitor.analysis.novelty import FactRecord, Sighting, fact_id
    from monitor.models import SourceRef

    at = datetime(2030, 6, 1, tzinfo=UTC)

    def observe(n: int) -> list[bool]:
        store = RedisFactStore(redis.Redis.from_url(redis_url), prefix=unique_prefix)
        sightings = []
        for value in (5000, 7000):
            key = f"fig|North Korea|{value}"
            cand = FactRecord(fact_id(key, None, f"a{n}"), "troop_figure", key, None, at, at, f"a{n}",
                              actor="North Korea", value=value)
            sightings.append(Sighting(cand, SourceRef(f"a{n}", None, None, None), history_since=at - timedelta(1)))
        return [o.is_new for o in store.observe_many(sightings, timedelta(days=14))]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(observe, range(16)))
    assert [r[0] for r in results].count(True) == 1
    assert [r[1] for r in results].count(True) == 1


def test_fact_observe_is_atomic_between_workers(redis_url: str, unique_prefix: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from monitor.analysis.novelty import FactRecord, fact_id
    from monitor.models import SourceRef

    at = datetime(2030, 6, 1, tzinfo=UTC)

    def observe(n: int) -> bool:
        store = RedisFactStore(redis.Redis.from_url(redis_url), prefix=unique_prefix)
        cand = FactRecord(fact_id("fig|North Korea|5000", None, f"a{n}"), "troop_figure", "fig|North Korea|5000", None,
                          at, at, f"a{n}", actor="North Korea", value=5000)
        return store.observe(cand, SourceRef(f"a{n}", None, None, None), timedelta(days=14))[1]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(observe, range(16)))
    assert results.count(True) == 1


def test_single_observe_returns_every_source(redis_url: str, unique_prefix: str) -> None:
    from monitor.analysis.novelty import FactRecord, fact_id
    from monitor.models import SourceRef

    at = datetime(2030, 6, 1, tzinfo=UTC)
    store = RedisFactStore(redis.Redis.from_url(redis_url), prefix=unique_prefix)
    key = "act|condemn|South Korea"
    results = []
    for n in range(3):
        cand = FactRecord(fact_id(key, ("Russia",), f"a{n}"), "diplomatic_action", key, ("Russia",),
                          at + timedelta(hours=n), at + timedelta(hours=n), f"a{n}")
        results.append(store.observe(cand, SourceRef(f"a{n}", f"https://x.test/{n}", "x", None), timedelta(days=14)))
    assert [new for _, new in results] == [True, False, False]
    record = results[-1][0]
    assert record.first_article == "a0"
    assert [s.article_id for s in record.sources] == ["a0", "a1", "a2"]
    assert record.last_seen == at + timedelta(hours=2)


@pytest.mark.parametrize("kind", ["memory", "sqlite", "redis"])
def test_equally_similar_candidates_resolve_to_the_earliest(kind: str, redis_url: str, unique_prefix: str,
                                                            tmp_path: Path) -> None:
    """Two indexed articles match a third equally well: every store names the earliest published,
    whatever order they were indexed in, so a backtest (memory), the embedded runner (SQLite) and
    the workers (Redis) agree on ``duplicate_of``."""
    client = redis.Redis.from_url(redis_url)
    store: DedupStore = {
        "memory": lambda: MemoryDedupStore(),
        "sqlite": lambda: SqliteDedupStore(connect(tmp_path / "state.db")),
        "redis": lambda: RedisDedupStore(client, prefix=unique_prefix),
    }[kind]()
    dedup = Deduplicator(store)
    sig = dedup.fingerprint(None, "one signature shared by every article in this test " * 5).signature
    t0 = datetime(2030, 6, 1, tzinfo=UTC)
    bands_a, bands_b = list(range(1, 17)), list(range(101, 117))
    # Indexed out of published order: the later one first. Same signature, disjoint band keys.
    for body_key, article_id, bands, at in ((1, "later", bands_b, t0 + timedelta(hours=2)),
                                            (2, "earlier", bands_a, t0)):
        assert dedup.check_fingerprint(article_id, Fingerprint(None, body_key, bands, sig), at).duplicate_of is None
    probe = Fingerprint(None, 7, bands_b[:8] + bands_a[8:], sig)
    result = dedup.check_fingerprint("probe", probe, t0 + timedelta(hours=3))
    assert (result.duplicate_of, result.kind, result.similarity) == ("earlier", "near", 1.0)
    client.close()


class RoundTrips:
    """Counts the requests a Redis client sends (a script call or a MULTI block is one)."""

    def __init__(self) -> None:
        self.sent = 0

    def __enter__(self) -> RoundTrips:
        from redis.connection import AbstractConnection

        self._original = original = AbstractConnection.send_packed_command
        counter = self

        def counting(conn: AbstractConnection, command: object, check_health: bool = True) -> None:
            counter.sent += 1
            original(conn, command, check_health)  # type: ignore[arg-type]

        AbstractConnection.send_packed_command = counting  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        from redis.connection import AbstractConnection

        AbstractConnection.send_packed_command = self._original  # type: ignore[method-assign]


def redis_pipeline(client: redis.Redis, prefix: str, config: PipelineConfig | None = None) -> Pipeline:
    return Pipeline(config, Stores(dedup=RedisDedupStore(client, prefix=prefix),
                                   stories=RedisStoryStore(client, prefix=prefix),
                                   facts=RedisFactStore(client, prefix=prefix)))


def in_batches(p: Pipeline, stream: list[Article], size: int) -> list[str]:
    out = []
    for i in range(0, len(stream), size):
        batch = [p.prepare(a) for a in stream[i:i + size]]
        out += [json.dumps(r.to_dict(), sort_keys=True, default=str) for r in p.commit_many(batch)]
    return out


@pytest.mark.parametrize("size", [2, 5, 64])
def test_committing_in_batches_gives_the_same_analyses(size: int, redis_url: str, unique_prefix: str) -> None:
    """commit_many on the Redis stores: every field of every analysis as one article at a time on
    memory stores (duplicates of an original in the same batch or an earlier one, stories that grow
    within a batch, facts repeated and re-delivered), in a handful of round trips per batch."""
    arts = sample_articles()
    copies = [Article(id=a.id + "-copy", text="From the wire: " + a.text, url=f"https://mirror.test/{a.id}",
                      title=a.title, published=a.published + timedelta(minutes=5), source="mirror")
              for a in arts if a.published is not None]
    stream = arts + copies + arts[:4]
    assert len(stream) <= 64  # the largest batch holds the whole stream: originals and copies together
    expected = full(Pipeline(), stream)
    client = redis.Redis.from_url(redis_url)
    p = redis_pipeline(client, unique_prefix)
    p.commit_many([])  # nothing to do, nothing sent
    in_batches(p, stream[:1], size)  # loads the scripts, which costs a round trip or two the first time
    other = redis_pipeline(client, unique_prefix + "b.")
    with RoundTrips() as trips:
        got = in_batches(other, stream, size)
    assert got == expected
    assert sum(1 for x in got if json.loads(x)["duplicate_of"]) >= len(copies)
    batches = -(-len(stream) // size)
    # Dedup, story snapshot, story save, facts: four per batch (a batch with no facts needs three).
    assert batches * 3 <= trips.sent <= batches * 4
    client.close()


def test_every_key_expires_whether_committed_one_at_a_time_or_in_batches(redis_url: str, unique_prefix: str) -> None:
    """Redis memory stays bounded without a sweeper: every key the stores write carries a TTL (the
    dedup index's time order excepted: the stores trim it by eviction), and batching writes the same keys."""
    arts = sample_articles()
    copies = [Article(id=a.id + "-copy", text="From the wire: " + a.text, url=f"https://mirror.test/{a.id}",
                      title=a.title, published=a.published + timedelta(minutes=5), source="mirror")
              for a in arts if a.published is not None]
    stream = arts + copies[:2] + arts[:1]  # most facts are seen once: they take the path that creates them
    client = redis.Redis.from_url(redis_url)
    written = []
    for size in (1, 8):
        prefix = f"{unique_prefix}{size}."
        in_batches(redis_pipeline(client, prefix), stream, size)
        keys = {k.decode()[len(prefix):]: client.ttl(k) for k in client.scan_iter(match=prefix + "*", count=1000)}
        assert any(k.startswith("facts:") for k in keys)
        assert any(k.startswith("src:") for k in keys)
        assert any(k.startswith("db:") for k in keys)
        assert [k for k, ttl in keys.items() if ttl <= 0] == ["dindex"]
        written.append(set(keys))
    assert written[0] == written[1]
    client.close()


def test_batches_evict_the_dedup_index_as_one_at_a_time(redis_url: str, unique_prefix: str) -> None:
    """A stream longer than the dedup window: the batch script evicts where one article at a time would
    (between the articles of a batch), and decides the same."""
    base = sample_articles()
    start = datetime(2030, 6, 1, tzinfo=UTC)
    # The sample texts again and again, 20 minutes apart, with a one-hour window.
    stream = [Article(id=f"r{i}", text=a.text, url=None, title=a.title, published=start + timedelta(minutes=20 * i),
                      source="wire") for i, a in enumerate(base * 3)]
    config = PipelineConfig(window=timedelta(hours=1))
    client = redis.Redis.from_url(redis_url)
    p = redis_pipeline(client, unique_prefix, config)
    one_at_a_time = [json.dumps(p.process(a).to_dict(), sort_keys=True, default=str) for a in stream]
    batched = in_batches(redis_pipeline(client, unique_prefix + "b.", config), stream, 7)
    assert batched == one_at_a_time
    assert any(json.loads(x)["duplicate_of"] for x in batched)
    # The time index (which orders equally similar candidates) keeps the same articles: only the last hour's.
    kept = client.zrange(f"{unique_prefix}dindex", 0, -1)
    assert kept == client.zrange(f"{unique_prefix}b.dindex", 0, -1)
    indexed = sum(1 for x in batched if not json.loads(x)["duplicate_of"])
    assert len(kept) < indexed  # older entries were evicted
    client.close()


def test_fact_store_keeps_non_ascii_ids_and_sources(redis_url: str, unique_prefix: str) -> None:
    """Sightings travel to the script as one JSON argument: ids, sources and targets in any script
    (Hangul, Cyrillic, an emoji outside the BMP) come back exactly."""
    from monitor.analysis.novelty import FactRecord, Sighting, fact_id
    from monitor.models import SourceRef

    store = RedisFactStore(redis.Redis.from_url(redis_url), prefix=unique_prefix)
    at = datetime(2030, 6, 1, tzinfo=UTC)
    key = "act|condemn|대한민국"
    seen = []
    for n in range(2):
        article = f"기사-{n}-\U0001F600"
        cand = FactRecord(fact_id(key, ("Россия",), article), "diplomatic_action", key, ("Россия",),
                          at + timedelta(hours=n), at + timedelta(hours=n), article)
        seen += store.observe_many([Sighting(cand, SourceRef(article, "https://x.test/한", "연합뉴스", None))],
                                   timedelta(days=14))
    assert [o.is_new for o in seen] == [True, False]
    assert seen[0].record.first_article == "기사-0-\U0001F600"
    assert seen[0].record.targets == ("Россия",)
    assert [s.source for s in seen[0].record.sources] == ["연합뉴스"]


def test_a_copy_whose_facts_land_first_leaves_the_alert_to_its_original(redis_url: str, unique_prefix: str) -> None:
    """Two workers on one Redis: the original is indexed first (dedup is atomic), but the worker holding
    its copy reaches the fact step first. The original still raises the alert, with both sources, under
    the id one worker alone would give it."""
    t0 = datetime(2030, 6, 1, 12, tzinfo=UTC)
    original, copy = original_and_copy(t0)
    client = redis.Redis.from_url(redis_url)
    worker_a, worker_b = redis_pipeline(client, unique_prefix), redis_pipeline(client, unique_prefix)
    first = worker_a.prepare(original)
    worker_a.dedup.check_fingerprint(original.id, first.fingerprint, t0)  # A's dedup step...
    from_copy = worker_b.commit_many([worker_b.prepare(copy)])[0]  # ...then all of B's steps...
    from_original = worker_a.commit_many([first])[0]  # ...then A's other steps
    assert from_copy.duplicate_of == "orig"
    assert not from_copy.alerts
    assert from_original.duplicate_of is None
    alone = Pipeline()
    expected = alone.process(original)
    assert expected.alerts
    assert [(a.id, a.summary) for a in from_original.alerts] == [(a.id, a.summary) for a in expected.alerts]
    assert {s.article_id for s in from_original.alerts[0].sources} == {"orig", "copy"}
    assert from_original.story == from_copy.story
    client.close()


def _fields(record: object) -> tuple[object, ...]:
    from monitor.analysis.novelty import FactRecord

    assert isinstance(record, FactRecord)
    return (record.fact_id, record.kind, record.key, record.targets, record.first_seen, record.last_seen,
            record.first_article, record.actor, record.value)


def test_repeats_come_back_as_the_memory_store_knows_them(redis_url: str, unique_prefix: str) -> None:
    """No record travels to or from the script: the caller rebuilds each from its candidate and the
    fact's meta field, and every field equals what the in-memory store returns; the sources too for a
    fact that may alert (new, or a re-delivery of its first article), none for the other repeats."""
    import random

    from monitor.analysis.novelty import FactRecord, MemoryFactStore, Sighting, fact_id, observe_all
    from monitor.models import SourceRef

    rng = random.Random(7)
    t0 = datetime(2030, 6, 1, 12, 0, 0, 250001, tzinfo=UTC)
    window = timedelta(days=14)
    memory, store = MemoryFactStore(), RedisFactStore(redis.Redis.from_url(redis_url), prefix=unique_prefix)
    batches = []
    for n in range(40):
        article = f"a{n % 30}"  # the last ten are re-deliveries of earlier articles
        at = t0 + timedelta(hours=n % 30, microseconds=n)
        sightings = []
        for typ in rng.sample(["condemn", "visit", "meeting"], 2):
            targets = tuple(rng.sample(["Russia", "Ukraine", "대한민국"], rng.randint(0, 2)))
            key = f"act|{typ}|North Korea"
            sightings.append(Sighting(FactRecord(fact_id(key, targets, article), "diplomatic_action", key, targets,
                                                 at, at, article), SourceRef(article, None, "x", at)))
        value = rng.choice([1500, 3000])
        key = f"fig|North Korea|{value}"
        sightings.append(Sighting(FactRecord(fact_id(key, None, article), "troop_figure", key, None, at, at, article,
                                             actor="North Korea", value=value), SourceRef(article, None, "x", at),
                                  history_since=at - window))
        batches.append(sightings)
    light = whole = 0
    for sightings in batches:
        got = observe_all(store, sightings, window)
        want = observe_all(memory, sightings, window)
        assert [o.is_new for o in got] == [o.is_new for o in want]
        for g, w, s in zip(got, want, sightings, strict=True):
            assert _fields(g.record) == _fields(w.record)
            may_alert = g.is_new or w.record.first_article == s.source.article_id
            if may_alert:
                whole += 1
                assert [x.article_id for x in g.record.sources] == [x.article_id for x in w.record.sources]
            else:
                light += 1
                assert g.record.sources == []
                assert g.history == []
    assert light > 50
    assert whole > 10


def test_facts_recorded_before_the_meta_field_carried_the_first_sighting_still_count(
        redis_url: str, unique_prefix: str) -> None:
    """A fact stored by an earlier version ("<last>|<targets>" alone in its meta field) is still the same
    fact: a repeat corroborates it, and its first article's re-delivery gets its record and sources."""
    from monitor.analysis.novelty import FactRecord, Sighting, fact_id
    from monitor.models import SourceRef

    client = redis.Redis.from_url(redis_url)
    store = RedisFactStore(client, prefix=unique_prefix)
    at = datetime(2030, 6, 1, 12, tzinfo=UTC)
    key = "act|condemn|South Korea"

    def sighting(article: str, hours: int) -> Sighting:
        when = at + timedelta(hours=hours)
        return Sighting(FactRecord(fact_id(key, ("Russia",), article), "diplomatic_action", key, ("Russia",),
                                   when, when, article), SourceRef(article, None, "x", when))

    old = sighting("a0", 0).candidate
    old_record = FactRecord(old.fact_id, old.kind, old.key, old.targets, old.first_seen, old.last_seen,
                            old.first_article, sources=[])
    client.hset(f"{unique_prefix}facts:{key}", mapping={
        f"meta:{old.fact_id}": f"{at.timestamp()!r}|Russia", f"rec:{old.fact_id}": json.dumps(old_record.to_dict())})
    client.rpush(f"{unique_prefix}src:{old.fact_id}", json.dumps(SourceRef("a0", None, "x", at).to_dict()))
    client.sadd(f"{unique_prefix}src:{old.fact_id}:ids", "a0")

    repeat, redelivery = store.observe_many([sighting("a1", 1), sighting("a0", 2)], timedelta(days=14))
    assert not repeat.is_new
    assert not redelivery.is_new
    assert repeat.record.fact_id == redelivery.record.fact_id == old.fact_id
    assert repeat.record.first_article == redelivery.record.first_article == "a0"
    assert [s.article_id for s in redelivery.record.sources] == ["a0", "a1"]
    assert redelivery.record.last_seen == at + timedelta(hours=2)
    meta = client.hget(f"{unique_prefix}facts:{key}", f"meta:{old.fact_id}")
    assert meta == f"{(at + timedelta(hours=2)).timestamp()!r}|Russia".encode()  # the old format kept

    # A troop figure stored the old way is in its actor's history, beside one stored now.
    old_fig = FactRecord(fact_id("fig|North Korea|1500", None, "f0"), "troop_figure", "fig|North Korea|1500", None,
                         at, at, "f0", actor="North Korea", value=1500)
    client.hset(f"{unique_prefix}facts:{old_fig.key}", mapping={
        f"meta:{old_fig.fact_id}": f"{at.timestamp()!r}|-", f"rec:{old_fig.fact_id}": json.dumps(old_fig.to_dict())})
    client.zadd(f"{unique_prefix}figs:North Korea", {f"{old_fig.key}\t{old_fig.fact_id}": at.timestamp()})

    def figure(value: int, article: str, hours: int) -> Sighting:
        when = at + timedelta(hours=hours)
        key = f"fig|North Korea|{value}"
        return Sighting(FactRecord(fact_id(key, None, article), "troop_figure", key, None, when, when, article,
                                   actor="North Korea", value=value), SourceRef(article, None, "x", when),
                        history_since=at - timedelta(days=1))

    [first] = store.observe_many([figure(3000, "f1", 1)], timedelta(days=14))
    [second] = store.observe_many([figure(5000, "f2", 2)], timedelta(days=14))
    assert first.is_new
    assert second.is_new
    assert [(r.value, r.first_article, r.first_seen) for r in second.history] == [
        (1500, "f0", at), (3000, "f1", at + timedelta(hours=1)), (5000, "f2", at + timedelta(hours=2))]
    assert [(r.value, r.first_article) for r in store.figures_for("North Korea", at)] == [
        (1500, "f0"), (3000, "f1"), (5000, "f2")]
    client.close()


def test_a_facts_keys_get_their_ttl_again_when_due_and_its_sources_stay_capped(
        redis_url: str, unique_prefix: str) -> None:
    """A repeat refreshes its fact's TTLs once the last refresh is older than the store's interval, not on
    every sighting; a key refreshed that long ago still outlives the window. The sources stay the
    first MAX_SOURCES articles, each counted once."""
    from monitor.analysis.novelty import MAX_SOURCES, FactRecord, Sighting, fact_id
    from monitor.models import SourceRef

    client = redis.Redis.from_url(redis_url)
    window = timedelta(days=14)
    store = RedisFactStore(client, prefix=unique_prefix, ttl=timedelta(days=15))
    every = store._refresh_every(15 * 86400, window)
    assert 0 < every <= 3600
    at = datetime(2030, 6, 1, 12, tzinfo=UTC)
    key = "act|visit|Russia"

    def sighting(n: int) -> Sighting:
        when = at + timedelta(minutes=n)
        return Sighting(FactRecord(fact_id(key, ("North Korea",), f"a{n}"), "diplomatic_action", key,
                                   ("North Korea",), when, when, f"a{n}"), SourceRef(f"a{n}", None, "x", when))

    [first] = store.observe_many([sighting(0)], window)
    fid = first.record.fact_id
    keys = [f"{unique_prefix}facts:{key}", f"{unique_prefix}src:{fid}", f"{unique_prefix}src:{fid}:ids"]
    assert all(client.ttl(k) > 15 * 86400 - 60 for k in keys)
    for k in keys:  # as if time had passed since the last refresh...
        client.expire(k, 1000)
    store.observe_many([sighting(1)], window)
    assert all(client.ttl(k) <= 1000 for k in keys)  # ...but less than the interval: no refresh
    meta_field = f"meta:{fid}"
    head, first_s, refreshed, count, first_a = client.hget(keys[0], meta_field).decode().split("\t", 4)
    assert (count, first_a) == ("2", "a0")
    client.hset(keys[0], meta_field, "\t".join([head, first_s, str(int(refreshed) - every), count, first_a]))
    store.observe_many([sighting(2)], window)
    assert all(client.ttl(k) > 15 * 86400 - 60 for k in keys)  # due: refreshed

    for n in range(3, MAX_SOURCES + 5):
        store.observe_many([sighting(n)], window)
    again = store.observe_many([sighting(4), sighting(0)], window)  # a repeat, then a re-delivery of the first
    assert [o.is_new for o in again] == [False, False]
    assert [s.article_id for s in again[1].record.sources] == [f"a{n}" for n in range(MAX_SOURCES)]
    assert client.hget(keys[0], meta_field).decode().split("\t")[3] == str(MAX_SOURCES)
    assert again[1].record.last_seen == at + timedelta(minutes=MAX_SOURCES + 4)
    client.close()


def test_a_plan_stays_a_plan_in_the_figure_history(redis_url: str, unique_prefix: str) -> None:
    """A planned figure's qualifier is kept with it in Redis, through repeats and re-deliveries: a later
    figure's alert reads "previously 3,000 → 10,000 (planned)", as with memory stores."""
    at = datetime(2030, 6, 1, 12, tzinfo=UTC)
    texts = [
        "North Korea has sent 3,000 troops to Russia, South Korea's spy agency said, and the number is expected "
        "to increase to 10,000 by December, it said.",
        "A later report repeated that the deployment could increase to 10,000 troops by December.",
        "North Korea now has about 11,000 troops in Russia, the Pentagon said on Monday.",
    ]
    arts = [Article(id=f"plan-{n}", text=t, title="North Korea troops in Russia", published=at + timedelta(days=n),
                    source=f"outlet-{n}", url=f"https://plans.test/{n}") for n, t in enumerate(texts)]
    stream = [*arts, arts[2]]  # the last one again: a re-delivery alerts the same
    expected = full(Pipeline(), stream)
    client = redis.Redis.from_url(redis_url)
    stores = Stores(dedup=RedisDedupStore(client, prefix=unique_prefix), stories=RedisStoryStore(client,
                    prefix=unique_prefix), facts=RedisFactStore(client, prefix=unique_prefix))
    assert full(Pipeline(stores=stores), stream) == expected
    summaries = [al["summary"] for al in json.loads(expected[2])["alerts"]]
    assert any(s.endswith("previously 3,000 → 10,000 (planned)") for s in summaries), summaries
    assert json.loads(expected[3])["alerts"] == json.loads(expected[2])["alerts"]
    client.close()
