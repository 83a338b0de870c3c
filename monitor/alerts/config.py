"""Alert sinks from a YAML file (in addition to the ones in settings).

Secrets never live in the file: a sink names the environment variable that
holds its URL or secret (``url_env``, ``secret_env``).

```yaml
sinks:
  - {type: console}
  - {type: jsonl, path: alerts.jsonl}
  - {type: webhook, name: ops-hook, url: "https://hooks.example/alerts", secret_env: OPS_HOOK_SECRET}
  - {type: slack, name: slack-ops, url_env: SLACK_OPS_WEBHOOK}
```
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from monitor.alerts.sinks import ConsoleSink, JsonlSink, Sink, SlackSink, WebhookSink
from monitor.errors import ConfigError
from monitor.yamlfile import line_of, load_yaml

TYPES = ("console", "jsonl", "webhook", "slack")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,40}$")


def _env(entry: dict[str, Any], key: str, file: str, line: int | None) -> SecretStr | None:
    var = entry.get(key)
    if var is None:
        return None
    value = os.environ.get(str(var))
    if not value:
        raise ConfigError(f"environment variable {var!r} (from {key}) is not set", file=file, line=line)
    return SecretStr(value)


def load_sinks(path: Path, client: httpx.AsyncClient, *, data_dir: Path) -> list[Sink]:
    file = str(path)
    data: Any = load_yaml(path, what="sinks")
    if not isinstance(data, dict) or not isinstance(data.get("sinks"), list):
        raise ConfigError("expected a mapping with a 'sinks' list", file=file, line=line_of(data, 1))
    sinks: list[Sink] = []
    names: set[str] = set()
    for entry in data["sinks"]:
        line = line_of(entry, line_of(data, 1))
        if not isinstance(entry, dict) or entry.get("type") not in TYPES:
            raise ConfigError(f"each sink needs a type, one of {', '.join(TYPES)}", file=file, line=line)
        kind = entry["type"]
        name = str(entry.get("name", kind))
        if not _NAME.match(name) or name in names:
            raise ConfigError(f"sink name {name!r} is invalid or used twice", file=file, line=line)
        if "url" in entry and kind == "slack":
            raise ConfigError("a Slack webhook URL is a secret: give url_env, not url", file=file, line=line)
        names.add(name)
        if kind == "console":
            sinks.append(ConsoleSink(name=name))
        elif kind == "jsonl":
            p = Path(str(entry.get("path", "alerts.jsonl")))
            sinks.append(JsonlSink(p if p.is_absolute() else data_dir / p, name=name))
        elif kind == "webhook":
            url = _env(entry, "url_env", file, line) or (SecretStr(str(entry["url"])) if entry.get("url") else None)
            if url is None:
                raise ConfigError("webhook sink needs url or url_env", file=file, line=line)
            sinks.append(WebhookSink(client, url, _env(entry, "secret_env", file, line), name=name))
        else:
            url = _env(entry, "url_env", file, line)
            if url is None:
                raise ConfigError("slack sink needs url_env", file=file, line=line)
            sinks.append(SlackSink(client, url, name=name))
    return sinks
