"""The optional native kernels: the ``monitor_native`` extension, built from ``native/`` (Rust).

Each kernel computes exactly what its Python reference in this package
computes (the tests run both on the same texts and compare), only faster; the
Python code is the specification. Without the extension, or with a component
built ``native=False``, the Python code runs.
"""

from __future__ import annotations

import os
import re

try:
    import monitor_native as kernels
except ImportError:  # not built: the pure-Python path runs
    kernels = None  # type: ignore[assignment]

# MONITOR_NATIVE=0 runs the Python code even where the kernels are installed: an escape hatch for
# operators, and how the benchmarks measure what the kernels save. Read once, before any kernel is
# set up (the analysis modules build theirs when they load).
if os.environ.get("MONITOR_NATIVE", "").strip().lower() in ("0", "false", "no", "off"):
    kernels = None  # type: ignore[assignment]


__all__ = ["available", "kernels", "pattern_text"]


def available() -> bool:
    """Whether the native kernels are installed."""
    return kernels is not None


def pattern_text(rx: re.Pattern[str]) -> str:
    """A compiled Python pattern as the native engine reads it: its text, case-insensitive ones with ``(?i)``.

    ValueError for flags the native side does not carry over (the caller keeps Python's engine then).
    """
    if rx.flags & ~(re.IGNORECASE | re.UNICODE):
        raise ValueError(f"flags of {rx.pattern!r} not supported")
    return ("(?i)" if rx.flags & re.IGNORECASE else "") + rx.pattern
