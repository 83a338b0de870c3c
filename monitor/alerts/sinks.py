"""Alert sinks: console, JSONL file, generic webhook (HMAC-signed), Slack incoming webhook.

A sink sends one alert or raises :class:`~monitor.errors.DeliveryError`
(worth retrying; ``retry_after`` when the server said how long to wait) or
:class:`~monitor.errors.PermanentDeliveryError` (retrying cannot help).
Secrets (webhook secret, Slack URL) are SecretStr and never reach logs,
exception messages or ``repr``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, TextIO

import httpx
from pydantic import SecretStr

from monitor.errors import DeliveryError, PermanentDeliveryError
from monitor.httputil import retry_after_seconds
from monitor.models import Alert


class RetryableDeliveryError(DeliveryError):
    """A failure worth retrying; ``retry_after`` seconds when the server asked for a pause."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Sink(ABC):
    """Where alerts go. ``name`` labels metrics and dead letters."""

    name: str

    @abstractmethod
    async def send(self, alert: Alert) -> None: ...

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def _fact_line(alert: Alert) -> str:
    f = alert.fact
    if alert.kind == "troop_figure":
        bits = [f"actor={f.get('actor')}", f"value={f.get('value')}", f"qualifier={f.get('qualifier')}"]
    else:
        bits = [f"type={f.get('type')}", f"actors={','.join(f.get('actors', []))}",
                f"targets={','.join(f.get('targets', [])) or '-'}"]
    return " ".join(bits)


class ConsoleSink(Sink):
    """Readable one-line alerts on a terminal."""

    def __init__(self, stream: TextIO | None = None, *, name: str = "console") -> None:
        self.name = name
        self._stream = stream

    async def send(self, alert: Alert) -> None:
        stream = self._stream or sys.stdout
        sources = ", ".join(s.source or s.url or s.article_id for s in alert.sources) or alert.article_id
        topics = ",".join(alert.topics) or "-"
        stream.write(f"ALERT [{alert.kind}] [{topics}] {alert.summary} | {_fact_line(alert)} | sources: {sources}"
                     f" | story {alert.story} ({alert.story_sources} outlet(s))\n")
        stream.flush()


class JsonlSink(Sink):
    """One JSON object per line, appended and flushed per alert."""

    def __init__(self, path: Path, *, name: str = "jsonl") -> None:
        self.name = name
        self.path = path

    async def send(self, alert: Alert) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
                fh.flush()
        except OSError as exc:
            raise RetryableDeliveryError(f"{self.name}: cannot write {self.path}: {exc.strerror}") from None


async def _post(client: httpx.AsyncClient, sink: str, url: str, body: bytes, headers: dict[str, str]) -> None:
    """POST and classify the outcome. The URL never appears in errors (it may be a secret)."""
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.TimeoutException:
        raise RetryableDeliveryError(f"{sink}: timed out") from None
    except httpx.TransportError as exc:
        raise RetryableDeliveryError(f"{sink}: connection failed ({type(exc).__name__})") from None
    if response.status_code == 429 or response.status_code >= 500:
        raise RetryableDeliveryError(f"{sink}: HTTP {response.status_code}",
                                     retry_after=retry_after_seconds(response.headers.get("Retry-After")))
    if response.status_code >= 400:
        raise PermanentDeliveryError(f"{sink}: HTTP {response.status_code} (not retried)")


def sign(body: bytes, secret: SecretStr) -> str:
    """The ``X-Signature`` header value: ``sha256=<hex HMAC-SHA256 of the body>``."""
    return "sha256=" + hmac.new(secret.get_secret_value().encode(), body, hashlib.sha256).hexdigest()


class WebhookSink(Sink):
    """POST the alert's JSON; ``X-Signature`` HMAC over the exact body; ``Idempotency-Key`` = alert id."""

    def __init__(self, client: httpx.AsyncClient, url: str | SecretStr, secret: SecretStr | None = None, *,
                 name: str = "webhook") -> None:
        self.name = name
        self._client = client
        self._url = url if isinstance(url, SecretStr) else SecretStr(url)
        self._secret = secret

    async def send(self, alert: Alert) -> None:
        body = json.dumps(alert.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": alert.id, "X-Alert-Id": alert.id}
        if self._secret is not None:
            headers["X-Signature"] = sign(body, self._secret)
        await _post(self._client, self.name, self._url.get_secret_value(), body, headers)


_NOT_COUNT = {"planned": " planned", "expected": " expected"}


def slack_payload(alert: Alert) -> dict[str, Any]:
    """Block Kit message: summary, the fact, previous figures, sources with links, corroboration."""
    f = alert.fact
    if alert.kind == "troop_figure":
        fields = [("Actor", f.get("actor")), ("Figure", f"{f.get('value'):,}" if f.get("value") else "?"),
                  ("Qualifier", f.get("qualifier")), ("Location", f.get("location")),
                  ("Attribution", f.get("attribution"))]
    else:
        fields = [("Action", str(f.get("type", "")).replace("_", " ")), ("Actors", ", ".join(f.get("actors", []))),
                  ("Targets", ", ".join(f.get("targets", [])) or "-"), ("CAMEO", f.get("cameo"))]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": alert.summary[:150], "emoji": False}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"} for k, v in fields if v]},
    ]
    if alert.previous:
        # A plan or an expectation is marked as one: it counted no troops ("10,000 planned (2024-10-29)").
        prev = "; ".join(f"{p.get('value'):,}{_NOT_COUNT.get(str(p.get('qualifier')), '')} "
                         f"({str(p.get('first_seen', ''))[:10]})" for p in alert.previous if p.get("value") is not None)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": f"*Previously reported:* {prev}"}})
    links = []
    for s in alert.sources:
        label = (s.source or s.article_id).replace("|", "/").replace(">", ")")
        links.append(f"<{s.url}|{label}>" if s.url else label)
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "*Sources:* " + (", ".join(links) or "-")}})
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                   f"Story {alert.story}: corroborated by {alert.story_sources} outlet(s) · "
                   f"topics {', '.join(alert.topics) or '-'} · alert {alert.id}"}]})
    return {"text": alert.summary, "blocks": blocks}


class SlackSink(Sink):
    """Slack incoming webhook (the URL is the secret)."""

    def __init__(self, client: httpx.AsyncClient, url: SecretStr, *, name: str = "slack") -> None:
        self.name = name
        self._client = client
        self._url = url

    async def send(self, alert: Alert) -> None:
        body = json.dumps(slack_payload(alert), ensure_ascii=False).encode()
        await _post(self._client, self.name, self._url.get_secret_value(), body,
                    {"Content-Type": "application/json"})
