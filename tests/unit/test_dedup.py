"""Exact and near-duplicate detection, the window, and determinism."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

from monitor.analysis.dedup import Deduplicator, MemoryDedupStore, canonical_url, minhash, similarity
from monitor.analysis.text import clean

T0 = datetime(2030, 5, 1, 9, tzinfo=UTC)
WIRE = (
    "The defence ministers of two neighbouring states met in the capital on Thursday and agreed to set up a "
    "hotline to avoid clashes at sea, a joint communique said. The agreement follows a series of incidents in "
    "disputed waters over the past year, including a collision between a coast guard vessel and a fishing boat. "
    "Both sides said they would hold regular talks at the level of deputy ministers and invite observers to "
    "naval exercises. Analysts said the deal was modest but could lower the risk of accidental escalation, "
    "which has worried shipping companies and insurers operating in the region for months."
)
OTHER_SAME_EVENT = (
    "A new military hotline will link the two navies after their defence chiefs met on Thursday, officials "
    "said. The move comes after a tense year at sea. Critics in parliament called the agreement too little, "
    "too late, and demanded that the government publish the full text of the communique."
)


def test_canonical_url() -> None:
    assert canonical_url("HTTPS://www.Example.com:443/News/story/?utm_source=x&b=2&a=1&fbclid=z#top") == (
        "https://example.com/News/story?a=1&b=2"
    )
    assert canonical_url("http://example.com:8080/a") == "http://example.com:8080/a"


def test_url_duplicate() -> None:
    d = Deduplicator()
    assert d.check("a", "https://news.test/x?utm_medium=rss", WIRE, T0).duplicate_of is None
    r = d.check("b", "https://www.news.test/x", "completely different text here", T0)
    assert (r.duplicate_of, r.kind) == ("a", "url")


def test_exact_body_duplicate_ignores_case_and_punctuation() -> None:
    d = Deduplicator()
    d.check("a", None, WIRE, T0)
    r = d.check("b", None, WIRE.upper().replace(",", ""), T0)
    assert (r.duplicate_of, r.kind) == ("a", "exact")


def test_near_duplicate_with_different_framing() -> None:
    d = Deduplicator()
    d.check("wire", "https://a.test/1", clean(WIRE), T0)
    republished = clean(
        "CAPITAL CITY - " + WIRE.replace("neighbouring", "neighboring").replace("defence", "defense")
        + "\nLeave a comment below!\nCopyright 2030 Republisher Inc. All rights reserved."
    )
    r = d.check("copy", "https://b.test/2", republished, T0 + timedelta(hours=3))
    assert r.kind == "near"
    assert r.duplicate_of == "wire"
    assert r.similarity is not None
    assert r.similarity > 0.7


def test_same_event_other_article_is_not_a_duplicate() -> None:
    d = Deduplicator()
    d.check("wire", None, WIRE, T0)
    assert d.check("other", None, OTHER_SAME_EVENT, T0).duplicate_of is None
    assert similarity(minhash(WIRE).tobytes(), minhash(OTHER_SAME_EVENT).tobytes()) < 0.3


def test_an_article_never_duplicates_itself() -> None:
    d = Deduplicator()
    d.check("a", "https://a.test/1", WIRE, T0)
    assert d.check("a", "https://a.test/1", WIRE, T0).duplicate_of is None  # a redelivered message


def test_window_evicts_old_entries() -> None:
    store = MemoryDedupStore()
    d = Deduplicator(store, window=timedelta(days=14))
    d.check("old", None, WIRE, T0)
    assert store.size() == 1
    later = T0 + timedelta(days=15)
    assert d.check("new", None, WIRE, later).duplicate_of is None
    assert store.size() == 1  # the old entry is gone, the new one indexed


def test_signature_is_deterministic_across_processes() -> None:
    here = minhash(WIRE).tobytes().hex()
    code = f"from monitor.analysis.dedup import minhash; print(minhash({WIRE!r}).tobytes().hex())"
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout.strip()
    assert here == there


def test_compact_index_merges_and_evicts() -> None:
    from monitor.analysis.dedup import body_key

    store = MemoryDedupStore(merge_every=16)  # merges every other article: exercises the numpy arrays
    d = Deduplicator(store, window=timedelta(days=1))
    for i in range(40):
        result = d.check(f"a{i}", f"https://x.test/{i}", f"unique {i} " * 30, T0 + timedelta(hours=i))
        assert result.duplicate_of is None
    # Exact and URL matches are found whether the key sits in the recent dict or the merged arrays.
    assert d.check("u", "https://x.test/3", "other text", T0 + timedelta(hours=41)).duplicate_of is None  # evicted
    assert d.check("v", "https://x.test/39", "other text", T0 + timedelta(hours=41)).duplicate_of == "a39"
    r = d.check("w", None, "unique 30 " * 30, T0 + timedelta(hours=42))
    assert (r.duplicate_of, r.kind) == ("a30", "exact")
    assert store.size() < 40
    assert body_key("x") == body_key("X")


def test_cutting_evicted_slots_changes_no_lookup() -> None:
    """The store drops evicted slots in bulk now and then: a store that does it after every eviction
    and one that never does answer every lookup alike, through a stream much longer than the window
    (near-duplicates of recent and of evicted articles, republished texts, out-of-order times)."""
    import random

    rng = random.Random(9)
    eager, lazy = MemoryDedupStore(merge_every=64), MemoryDedupStore(merge_every=64)
    eager._COMPACT_FROM, lazy._COMPACT_FROM = 1, 10**9
    stores = [Deduplicator(s, window=timedelta(hours=6)) for s in (eager, lazy)]
    topics = [f"topic {t} " + " ".join(f"w{t}x{k}" for k in range(40)) for t in range(30)]
    found = 0
    for i in range(600):
        text = f"{rng.choice(topics)} item {i % 50}"
        url = f"https://x.test/{rng.randrange(300)}"
        at = T0 + timedelta(minutes=10 * i + rng.randrange(-30, 30))
        a, b = (d.check(f"a{i}", url, text, at) for d in stores)
        assert a == b
        found += a.duplicate_of is not None
        assert eager.size() == lazy.size()
    assert len(eager._ids) < len(lazy._ids) // 2  # one cut its lists, the other kept every slot
    assert 0 < found < 600
