"""The data that flows through the monitor, with a stable JSON shape.

Plain frozen dataclasses (cheap to build millions of times in a backtest);
``to_dict()`` gives the JSON shape other tools read. Add fields, never rename.
"""

from __future__ import annotations

import dataclasses
import json
import operator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson

from monitor.errors import InputError

JSON = dict[str, Any]
T = TypeVar("T")


def fast_pickle(cls: type[T]) -> type[T]:
    """Pickle a slots dataclass as a call of the class with its field values.

    The state functions dataclasses generate for frozen slots classes look the fields up on every
    call; backtests send every article's results between processes, where that cost more than the
    values themselves.
    """
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    values = operator.attrgetter(*names)

    def __reduce__(self: T) -> tuple[type[T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


def parse_time(value: Any, *, what: str = "published") -> datetime | None:
    """Parse an ISO-8601 timestamp; naive times are taken as UTC.

    Raises :class:`InputError` naming ``what`` when the value is not a time.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(f"{what}: not an ISO-8601 time: {value!r}") from None
    else:
        raise InputError(f"{what}: expected an ISO-8601 string, got {type(value).__name__}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def format_time(dt: datetime | None) -> str | None:
    """ISO-8601 in UTC with a ``Z`` suffix, or None."""
    if dt is None:
        return None
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


@fast_pickle
@dataclass(frozen=True, slots=True)
class Article:
    """One news article as it enters the pipeline."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: datetime | None = None
    source: str | None = None

    def to_dict(self) -> JSON:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "text": self.text,
            "published": format_time(self.published),
            "source": self.source,
        }

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False).encode()

    @classmethod
    def from_dict(cls, data: Any, *, default_id: str | None = None) -> Article:
        """Build an article from its JSON shape; only ``text`` is required."""
        if not isinstance(data, dict):
            raise InputError(f"expected a JSON object, got {type(data).__name__}")
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError("article has no text" if text in (None, "") else "'text' must be a non-empty string")
        art_id = data.get("id", default_id)
        if art_id is None or art_id == "":
            raise InputError("article has no id")
        for key in ("url", "title", "source"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise InputError(f"'{key}' must be a string")
        return cls(
            id=str(art_id),
            text=text,
            url=data.get("url") or None,
            title=data.get("title") or None,
            published=parse_time(data.get("published")),
            source=data.get("source") or None,
        )

    @classmethod
    def from_json(cls, raw: bytes | str, *, default_id: str | None = None) -> Article:
        try:
            data = orjson.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"invalid JSON: {exc}") from None
        return cls.from_dict(data, default_id=default_id)


@fast_pickle
@dataclass(frozen=True, slots=True)
class TroopFigure:
    """A count of soldiers/troops/personnel mentioned in a sentence.

    ``value`` is the headline number (for a range, its upper bound); ``low``
    and ``high`` bound ranges; ``qualifier`` is one of exact, about, up to,
    more than, at least, fewer than, planned, expected, several (no figure).
    """

    value: int | None
    qualifier: str
    sentence: str
    low: int | None = None
    high: int | None = None
    actor: str | None = None
    location: str | None = None
    attribution: str | None = None
    historical: bool = False

    def to_dict(self) -> JSON:
        return {
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "actor": self.actor,
            "location": self.location,
            "attribution": self.attribution,
            "sentence": self.sentence,
            "historical": self.historical,
        }


@fast_pickle
@dataclass(frozen=True, slots=True)
class Casualties:
    """Killed / wounded / captured / missing counts: not troop figures."""

    kind: str
    value: int | None
    qualifier: str
    sentence: str
    low: int | None = None
    high: int | None = None
    actor: str | None = None
    location: str | None = None
    attribution: str | None = None
    historical: bool = False

    def to_dict(self) -> JSON:
        return {
            "kind": self.kind,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "actor": self.actor,
            "location": self.location,
            "attribution": self.attribution,
            "sentence": self.sentence,
            "historical": self.historical,
        }


@fast_pickle
@dataclass(frozen=True, slots=True)
class DiplomaticAction:
    """A diplomatic action of a closed vocabulary (see ``analysis/actions.yaml``)."""

    type: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    cameo: str
    sentence: str
    historical: bool = False

    def to_dict(self) -> JSON:
        return {
            "type": self.type,
            "actors": list(self.actors),
            "targets": list(self.targets),
            "cameo": self.cameo,
            "sentence": self.sentence,
            "historical": self.historical,
        }


@fast_pickle
@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a fact was seen: enough for a reader to follow the link."""

    article_id: str
    url: str | None
    source: str | None
    published: datetime | None

    def to_dict(self) -> JSON:
        return {
            "article_id": self.article_id,
            "url": self.url,
            "source": self.source,
            "published": format_time(self.published),
        }

    @classmethod
    def from_dict(cls, data: JSON) -> SourceRef:
        return cls(data["article_id"], data.get("url"), data.get("source"), parse_time(data.get("published")))


@dataclass(frozen=True, slots=True)
class Alert:
    """A new fact, to be delivered once.

    ``id`` is derived from the fact's identity, so the same fact always gets
    the same id (replays and redeliveries are idempotent by construction).
    """

    id: str
    kind: str  # "troop_figure" | "diplomatic_action"
    summary: str
    fact: JSON
    topics: tuple[str, ...]
    article_id: str
    url: str | None
    source: str | None
    story: str
    first_seen: datetime | None
    previous: tuple[JSON, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    story_sources: int = 1

    def to_dict(self) -> JSON:
        out: JSON = {"id": self.id, "kind": self.kind, "summary": self.summary}
        # The fact's identity at top level too, so consumers need not dig.
        if self.kind == "troop_figure":
            out["actor"] = self.fact.get("actor")
            out["value"] = self.fact.get("value")
        else:
            out["type"] = self.fact.get("type")
            out["actors"] = list(self.fact.get("actors", []))
            out["targets"] = list(self.fact.get("targets", []))
        out.update(
            {
                "fact": self.fact,
                "topics": list(self.topics),
                "article_id": self.article_id,
                "url": self.url,
                "source": self.source,
                "story": self.story,
                "story_sources": self.story_sources,
                "first_seen": format_time(self.first_seen),
                "previous": list(self.previous),
                "sources": [s.to_dict() for s in self.sources],
            }
        )
        return out

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False).encode()

    @classmethod
    def from_dict(cls, data: JSON) -> Alert:
        """Rebuild an alert from :meth:`to_dict` output (dead letters, Kafka)."""
        try:
            return cls(
                id=str(data["id"]),
                kind=str(data["kind"]),
                summary=str(data["summary"]),
                fact=dict(data["fact"]),
                topics=tuple(data.get("topics", [])),
                article_id=str(data["article_id"]),
                url=data.get("url"),
                source=data.get("source"),
                story=str(data.get("story", "")),
                first_seen=parse_time(data.get("first_seen"), what="first_seen"),
                previous=tuple(data.get("previous", [])),
                sources=tuple(
                    SourceRef(
                        article_id=str(s["article_id"]),
                        url=s.get("url"),
                        source=s.get("source"),
                        published=parse_time(s.get("published")),
                    )
                    for s in data.get("sources", [])
                ),
                story_sources=int(data.get("story_sources", 1)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not an alert record: {exc!r}") from None


@dataclass(slots=True)
class Analysis:
    """Everything the core found in one article: the ``monitor analyze`` line."""

    id: str
    topics: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    story: str = ""
    troop_figures: list[TroopFigure] = field(default_factory=list)
    casualties: list[Casualties] = field(default_factory=list)
    diplomatic_actions: list[DiplomaticAction] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    duplicate_kind: str | None = None  # "url" | "exact" | "near"

    def to_dict(self) -> JSON:
        return {
            "id": self.id,
            "topics": list(self.topics),
            "duplicate_of": self.duplicate_of,
            "duplicate_kind": self.duplicate_kind,
            "story": self.story,
            "troop_figures": [f.to_dict() for f in self.troop_figures],
            "casualties": [c.to_dict() for c in self.casualties],
            "diplomatic_actions": [a.to_dict() for a in self.diplomatic_actions],
            "alerts": [a.to_dict() for a in self.alerts],
        }
