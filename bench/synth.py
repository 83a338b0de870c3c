"""Synthetic news articles for benchmarks: varied, deterministic, ~3 KB each.

Sentences are assembled from templates with actors, numbers and filler so the
extractors do real work (some sentences carry troop figures or diplomatic
actions, most do not), and near-duplicates appear at a realistic rate.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from monitor.models import Article

ACTORS = ["North Korea", "South Korea", "Russia", "the European Union", "Ukraine", "Japan", "China",
          "the United States"]
DEMONYMS = ["North Korean", "South Korean", "Russian", "Ukrainian", "Japanese", "Chinese", "American"]
PLACES = ["Seoul", "Moscow", "Pyongyang", "Brussels", "Kyiv", "Tokyo", "Beijing", "Washington", "Kursk"]
FILLER = (
    "officials said the situation remained tense as markets watched closely and analysts weighed the outlook "
    "for regional security energy prices supply chains and trade talks while residents reported shortages of "
    "basic goods and local authorities promised more support for families affected by the storm and flooding "
    "in the north of the country where roads bridges and schools were damaged last weekend according to "
    "emergency services who said rescue teams would continue working through the night"
).split()
TEMPLATES = [
    "{d} troops numbering about {n:,} were deployed to {p}, officials in {p2} said on Monday.",
    "{a} condemned {b} over the latest missile launch near {p}.",
    "{a} and {b} issued a joint statement after talks in {p}.",
    "The foreign ministry of {a} summoned the {d} ambassador on Tuesday.",
    "{a} imposed sanctions on {b} over its military cooperation.",
    "Officials from {a} met their counterparts from {b} in {p} on Wednesday.",
    "{a} called on {b} to withdraw its troops immediately.",
    "Prices of rice rose by {k} percent in {p} this month, the statistics office said.",
    "The company said it would cut {n:,} jobs by the end of next year.",
]


def _filler(rng: random.Random, words: int, unique: bool = False) -> str:
    if unique:  # words drawn one by one: practically never the same sentence twice, as in real news
        out = [rng.choice(FILLER) for _ in range(words)]
    else:  # a window of the filler text: sentences recur across articles (caches keyed by sentence hit)
        start = rng.randrange(len(FILLER))
        out = [FILLER[(start + i) % len(FILLER)] for i in range(words)]
    out[0] = out[0].capitalize()
    return " ".join(out) + "."


def make_text(rng: random.Random, target_bytes: int = 3000, *, unique: bool = False) -> str:
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        if rng.random() < 0.35:
            a, b = rng.sample(ACTORS, 2)
            s = rng.choice(TEMPLATES).format(
                a=a, b=b, d=rng.choice(DEMONYMS), p=rng.choice(PLACES), p2=rng.choice(PLACES),
                n=rng.choice([500, 1500, 3000, 10000, 12000]) + rng.randrange(0, 5) * 100, k=rng.randrange(2, 30),
            )
            s = s[0].upper() + s[1:]
            if unique:  # a clause of filler keeps a template sentence from recurring
                s = s[:-1] + ", " + _filler(rng, rng.randrange(3, 7), unique=True).lower()
        else:
            s = _filler(rng, rng.randrange(12, 30), unique=unique)
        parts.append(s)
        size += len(s) + 1
        if rng.random() < 0.2:
            parts.append("\n")
    return " ".join(parts).replace(" \n ", "\n")


def articles(n: int, *, seed: int = 7, dup_rate: float = 0.05, start: datetime | None = None,
             spacing: timedelta = timedelta(seconds=20), unique: bool = False) -> Iterator[Article]:
    """``n`` articles in time order; about ``dup_rate`` of them republish an earlier text.

    By default sentences recur across articles (the benchmarks' history was measured so);
    ``unique`` makes nearly every sentence new, as in real news, where no cache keyed by
    sentence helps.
    """
    rng = random.Random(seed)
    start = start or datetime(2025, 1, 1, tzinfo=UTC)
    recent: list[str] = []
    for i in range(n):
        if recent and rng.random() < dup_rate:
            text = "Republished. " + rng.choice(recent) + " Comments are closed."
        else:
            text = make_text(rng, unique=unique)
            recent.append(text)
            if len(recent) > 200:
                recent.pop(0)
        yield Article(
            id=f"syn-{i}",
            text=text,
            url=f"https://synthetic.example/{i}",
            title=None,
            published=start + spacing * i,
            source=f"outlet-{i % 17}",
        )
