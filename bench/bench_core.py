"""Throughput of the whole analysis core on one core, and the memory of its dedup index.

    .venv/bin/python bench/bench_core.py [--articles 5000] [--index-articles 100000] [--texts DIR] [--pure-python]

Prints articles/s for the pipeline (clean, dedup, topics, figures, actions,
stories, novelty) on ~3 KB synthetic articles (once with sentences that recur
across articles, once with nearly every sentence new), the ratio to a baseline that
only JSON-decodes the same articles, and bytes per indexed article in the
near-duplicate index at 100,000 articles (tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
if "--pure-python" in sys.argv:  # before the analysis modules load and set up their kernels
    os.environ["MONITOR_NATIVE"] = "0"

from synth import articles

from monitor.analysis import native
from monitor.analysis.dedup import Deduplicator
from monitor.analysis.pipeline import Pipeline
from monitor.analysis.text import clean
from monitor.models import Article


def real_texts(directory: Path, n: int) -> list[str]:
    """``n`` articles cycling the ``*.txt`` files of a directory (each a fresh id, URL and time)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt files in {directory}")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    # A varying first line keeps the copies from being exact duplicates of each other.
    return [Article(id=f"real-{i}", text=f"Edition {i}.\n" + texts[i % len(texts)],
                    url=f"https://real.example/{i}", title=None, published=start + timedelta(minutes=i),
                    source=f"outlet-{i % 17}").to_json() for i in range(n)]


def bench_pipeline(n: int, texts: Path | None = None, *, unique: bool = False) -> None:
    raw = real_texts(texts, n) if texts is not None else [a.to_json() for a in articles(n, unique=unique)]
    avg = sum(len(r) for r in raw) / len(raw)
    t0 = time.perf_counter()
    for r in raw:
        json.loads(r)
    baseline = time.perf_counter() - t0

    pipeline = Pipeline()
    pipeline.process(Article.from_json(raw[0]))  # warm caches (lexicons, regexes)
    t0 = time.perf_counter()
    alerts = 0
    for r in raw[1:]:
        alerts += len(pipeline.process(Article.from_json(r)).alerts)
    elapsed = time.perf_counter() - t0
    rate = (n - 1) / elapsed
    label = f"pipeline on {texts}" if texts else "pipeline, unique sentences" if unique else "pipeline"
    label += " (native kernels)" if native.available() else " (pure Python)"
    print(f"{label}: {n - 1} articles of {avg:,.0f} bytes in {elapsed:.2f}s = {rate:,.0f} articles/s "
          f"({elapsed / (n - 1) * 1e3:.3f} ms/article, {alerts} alerts)")
    print(f"baseline json-decode only: {n / baseline:,.0f} articles/s; pipeline costs "
          f"{(elapsed / (n - 1)) / (baseline / n):,.0f}x a decode")


def bench_index_memory(n: int) -> None:
    bodies = [(a.id, a.url, clean(a.text), a.published) for a in articles(n, dup_rate=0.0,
                                                                          spacing=timedelta(seconds=5))]
    dedup = Deduplicator(window=timedelta(days=3650))
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    t0 = time.perf_counter()
    for art_id, url, body, published in bodies:
        assert published is not None
        dedup.check(art_id, url, body, published)
    elapsed = time.perf_counter() - t0
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    print(f"dedup index: {n:,} articles, {grown / n:,.0f} bytes/article (tracemalloc), "
          f"{n / elapsed:,.0f} checks/s with tracing on")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--index-articles", type=int, default=100_000)
    parser.add_argument("--texts", type=Path, help="cycle the .txt articles of this directory (not synthetic ones)")
    parser.add_argument("--pure-python", action="store_true",
                        help="without the native kernels (same results; sets MONITOR_NATIVE=0)")
    args = parser.parse_args()
    bench_pipeline(args.articles, args.texts)
    if args.texts is None:
        # Real news rarely repeats a sentence; the default synthetic text does, and caches keyed by
        # sentence (lexicon mentions, time expressions) then hit. This run shows the cost without that.
        bench_pipeline(args.articles, unique=True)
    if args.texts is not None:
        return
    bench_index_memory(args.index_articles)


if __name__ == "__main__":
    main()
