"""The collector is kept off long-lived objects only for as long as asked."""

from __future__ import annotations

import gc
import weakref

from monitor.gcutil import frozen


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_frozen_objects_are_left_alone_until_handed_back() -> None:
    node = Node()
    gone = weakref.ref(node)
    with frozen():
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert gone() is not None  # frozen: a full collection does not even look at it
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None  # handed back: collected
