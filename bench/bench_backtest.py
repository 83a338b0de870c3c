"""Backtest throughput from a real Kafka topic: read, merge, analyse (and score).

    .venv/bin/python bench/bench_backtest.py [--articles 10000] [--processes 1,2]

Starts a local Kafka with deploy/local, fills a topic with synthetic articles,
then times reading the range and the whole backtest, once per process count
(articles prepared in that many worker processes, committed in order by one).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_stream import produce, sh  # noqa: E402
from synth import articles  # noqa: E402

from monitor.backtest import backtest, read_topic  # noqa: E402
from tests.services import free_port  # noqa: E402


async def main(n: int, counts: list[int]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-backtest-"))
    port = free_port()
    sh(str(ROOT / "deploy/local/setup.sh"))
    sh(str(ROOT / "deploy/local/kafka.sh"), "start", str(tmp / "kafka"), str(port))
    bootstrap = f"127.0.0.1:{port}"
    try:
        await produce(bootstrap, "history", [a.to_json() for a in articles(n, seed=5)])
        for processes in counts:
            t0 = time.perf_counter()
            arts, errors = await read_topic(bootstrap, "history", None, None)
            read_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            report = backtest(arts, processes=processes)
            total = time.perf_counter() - t0
            print(f"{processes} process(es): read {len(arts):,} articles from Kafka in {read_s:.1f}s "
                  f"({len(arts) / read_s:,.0f}/s); backtest end to end {total:.1f}s = {len(arts) / total:,.0f} "
                  f"articles/s (analysis {time.perf_counter() - t1:.1f}s; {report['summary']['alerts']} alerts; "
                  f"{len(errors)} errors)", flush=True)
            del arts, report
    finally:
        sh(str(ROOT / "deploy/local/kafka.sh"), "stop", str(tmp / "kafka"))


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--articles", type=int, default=10000)
    p.add_argument("--processes", default="1,2", help="comma-separated process counts to measure")
    args = p.parse_args()
    asyncio.run(main(args.articles, [int(x) for x in args.processes.split(",")]))
