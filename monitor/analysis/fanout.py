"""Prepare articles in worker processes and hand them back in stream order.

:meth:`Pipeline.prepare <monitor.analysis.pipeline.Pipeline.prepare>` reads no
state, so it can run anywhere; :meth:`~monitor.analysis.pipeline.Pipeline.commit`
must see articles in order. :func:`prepared` runs the first over a pool of
spawned processes (chunks of articles, a bounded number in flight so memory
stays flat however long the input) and yields the results in input order, for
the caller to commit. With ``processes <= 1`` it prepares in this process.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from monitor.analysis.pipeline import Pipeline, PipelineConfig, Prepared
from monitor.gcutil import freeze_long_lived
from monitor.models import Article

_worker: Pipeline | None = None


def _start(config: PipelineConfig) -> None:
    global _worker
    _worker = Pipeline(config)
    freeze_long_lived()


def _prepare(chunk: list[Article]) -> list[Prepared]:
    assert _worker is not None, "worker process not initialised"
    return [_worker.prepare(a) for a in chunk]


def prepared(articles: Iterable[Article], pipeline: Pipeline, *, processes: int = 1,
             chunk: int = 64) -> Iterator[Prepared]:
    """``pipeline.prepare(a)`` for each article, in order, computed by ``processes`` worker processes.

    The workers build their own pipeline from ``pipeline.config`` (topics and
    lexicon included), so their results are the ones ``pipeline`` would give.
    """
    if processes <= 1:
        for a in articles:
            yield pipeline.prepare(a)
        return
    # Spawned, not forked: the caller may run threads (a progress bar, an event loop) whose locks
    # a fork would copy in a held state.
    ctx = multiprocessing.get_context("spawn")
    it = iter(articles)
    with ProcessPoolExecutor(processes, mp_context=ctx, initializer=_start, initargs=(pipeline.config,)) as pool:
        pending: deque[Future[list[Prepared]]] = deque()

        def submit() -> bool:
            batch = list(islice(it, chunk))
            if batch:
                pending.append(pool.submit(_prepare, batch))
            return bool(batch)

        for _ in range(processes * 4):  # enough to keep every worker busy while the caller commits
            if not submit():
                break
        while pending:
            done = pending.popleft().result()
            submit()
            yield from done
