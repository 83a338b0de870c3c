"""The optional native kernels: the ``monitor_native`` extension, built from ``native/`` (Rust).

Each kernel computes exactly what its Python reference in this package
computes (the tests run both on the same texts and compare), only faster; the
Python code is the specification. Without the extension, or with a component
built ``native=False``, the Python code runs.
"""

from __future__ import annotations

try:
    import monitor_native as kernels
except ImportError:  # not built: the pure-Python path runs
    kernels = None  # type: ignore[assignment]


__all__ = ["available", "kernels"]


def available() -> bool:
    """Whether the native kernels are installed."""
    return kernels is not None
