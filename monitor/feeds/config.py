"""The feed list (YAML): name, url, optional interval and per-feed flags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.errors import ConfigError
from monitor.yamlfile import line_of, load_yaml

DEFAULT_FEEDS = Path(__file__).with_name("default_feeds.yaml")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,62}$")


@dataclass(frozen=True, slots=True)
class FeedConfig:
    name: str  # bounded label for metrics and logs
    url: str
    interval_s: float | None = None
    allow_private: bool = False  # the SSRF guard refuses private addresses unless this is set
    fulltext: bool | None = None  # None: fetch the page when the item carries only a summary


def load_feeds(path: Path | None = None) -> list[FeedConfig]:
    """Load and validate a feeds file; errors name the file, the line and the reason."""
    path = path or DEFAULT_FEEDS
    file = str(path)
    data: Any = load_yaml(path, what="feeds")
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), list):
        raise ConfigError("expected a mapping with a 'feeds' list", file=file, line=line_of(data, 1))
    feeds: list[FeedConfig] = []
    names: set[str] = set()
    for entry in data["feeds"]:
        line = line_of(entry, line_of(data, 1))
        if not isinstance(entry, dict):
            raise ConfigError("each feed must be a mapping with name and url", file=file, line=line)
        unknown = set(entry) - {"name", "url", "interval", "allow_private", "fulltext", "__line__"}
        if unknown:
            raise ConfigError(f"unknown feed field {sorted(unknown)[0]!r}", file=file, line=line)
        name, url = entry.get("name"), entry.get("url")
        if not isinstance(name, str) or not _NAME.match(name):
            raise ConfigError(f"feed name must be lowercase letters, digits, '-', '_' or '.', got {name!r}",
                              file=file, line=line)
        if name in names:
            raise ConfigError(f"duplicate feed name {name!r}", file=file, line=line)
        parts = urlsplit(url) if isinstance(url, str) else None
        if not isinstance(url, str) or parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"feed {name!r}: url must be an http(s) URL, got {url!r}", file=file, line=line)
        interval = entry.get("interval")
        if interval is not None and (isinstance(interval, bool) or not isinstance(interval, int | float)
                                     or interval <= 0):
            raise ConfigError(f"feed {name!r}: interval must be a positive number of seconds", file=file, line=line)
        for flag in ("allow_private", "fulltext"):
            if flag in entry and not isinstance(entry[flag], bool):
                raise ConfigError(f"feed {name!r}: {flag} must be true or false", file=file, line=line)
        names.add(name)
        feeds.append(FeedConfig(name, url, float(interval) if interval else None,
                                bool(entry.get("allow_private", False)), entry.get("fulltext")))
    return feeds
