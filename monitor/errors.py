"""The project's exceptions: one root, a few families.

::

    MonitorError                 root: catch this to catch everything of ours
    ├── LocatedError             an error at FILE:LINE
    │   ├── ConfigError              a settings/YAML file is wrong (names file, line, reason)
    │   └── InputError               an input record/file cannot be used (names file, line, reason)
    ├── FeedError                fetching or parsing a feed failed
    │   └── UnsafeURLError       a URL resolves to a refused address (SSRF guard)
    ├── DeliveryError            an alert sink failed to deliver
    │   └── PermanentDeliveryError   a failure that retrying cannot fix (4xx other than 429)
    └── StateError               a state store (SQLite/Redis) failed
"""

from __future__ import annotations


class MonitorError(Exception):
    """Root of every exception this package raises on purpose."""


class LocatedError(MonitorError):
    """An error about a place in a file; ``str(err)`` reads ``FILE:LINE: reason``."""

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        where = f"{file}:{line}" if file and line is not None else (file or "")
        super().__init__(f"{where}: {reason}" if where else reason)


class ConfigError(LocatedError):
    """A configuration file or setting is invalid."""


class InputError(LocatedError):
    """An input record or file cannot be used."""


class FeedError(MonitorError):
    """Fetching or parsing a feed failed."""


class UnsafeURLError(FeedError):
    """A URL resolves to an address the SSRF guard refuses."""


class DeliveryError(MonitorError):
    """An alert sink failed to deliver an alert (may be retried)."""


class PermanentDeliveryError(DeliveryError):
    """A delivery failure that retrying cannot fix."""


class StateError(MonitorError):
    """A state store failed."""
