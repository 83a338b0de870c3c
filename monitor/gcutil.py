"""Keep the garbage collector off what a process builds once and keeps for its whole life."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_long_lived() -> None:
    """Collect once, then move every live object into the collector's permanent generation.

    Lexicons, compiled patterns, the Faust app, an input read whole: full collections would
    walk them again and again without ever freeing them (in a worker they showed as pauses in
    the middle of batches). Objects created afterwards are collected as usual.
    """
    gc.collect()
    gc.freeze()


@contextmanager
def frozen() -> Iterator[None]:
    """:func:`freeze_long_lived` for the duration of a long computation in a process that goes on
    afterwards: what was frozen is handed back to the collector at the end."""
    freeze_long_lived()
    try:
        yield
    finally:
        gc.unfreeze()
