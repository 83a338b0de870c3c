"""Novelty: decide which facts are new, remember them, and build alerts.

Sameness (the project's rule):

* two troop figures are the same fact when actor and value are equal
  (the qualifier does not matter);
* two diplomatic actions are the same fact when the type and the actor set
  are equal and the target sets overlap or are both empty.

A fact is new when no same fact was seen within the window (by published
time); a repeat adds a corroborating source instead of alerting. Historical
facts (background) neither alert nor count as seen.

Facts live behind :class:`FactStore`, whose one write operation,
:meth:`FactStore.observe`, is atomic per fact: the Redis version runs it as a
Lua script so two workers never both decide that one fact is new.
"""

from __future__ import annotations

import hashlib
import re
from bisect import insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from monitor.models import JSON, DiplomaticAction, SourceRef, TroopFigure, format_time, parse_time

MAX_SOURCES = 20  # sources kept per fact: enough to trace, bounded in memory


@dataclass(slots=True)
class FactRecord:
    """What the store keeps about one known fact."""

    fact_id: str
    kind: str  # "troop_figure" | "diplomatic_action"
    key: str  # identity without targets: fig|actor|value or act|type|actors
    targets: tuple[str, ...] | None  # None for figures (no target rule)
    first_seen: datetime
    last_seen: datetime
    first_article: str
    actor: str | None = None
    value: int | None = None
    sources: list[SourceRef] = field(default_factory=list)
    # A figure's qualifier when first seen: the history marks a plan as one ("10,000 (planned)").
    qualifier: str | None = None

    def to_dict(self) -> JSON:
        return {
            "fact_id": self.fact_id,
            "kind": self.kind,
            "key": self.key,
            "targets": None if self.targets is None else list(self.targets),
            "first_seen": format_time(self.first_seen),
            "last_seen": format_time(self.last_seen),
            "first_article": self.first_article,
            "actor": self.actor,
            "value": self.value,
            "sources": [s.to_dict() for s in self.sources],
            "qualifier": self.qualifier,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> FactRecord:
        first_seen = parse_time(data["first_seen"])
        last_seen = parse_time(data["last_seen"])
        if first_seen is None or last_seen is None:
            raise ValueError("fact record without first_seen/last_seen")
        targets = data.get("targets")
        return cls(
            fact_id=data["fact_id"],
            kind=data["kind"],
            key=data["key"],
            targets=None if targets is None else tuple(targets),
            first_seen=first_seen,
            last_seen=last_seen,
            first_article=data["first_article"],
            actor=data.get("actor"),
            value=data.get("value"),
            sources=[SourceRef.from_dict(s) for s in data.get("sources", [])],
            qualifier=data.get("qualifier"),
        )


def _seen_order(record: FactRecord) -> tuple[datetime, str]:
    return record.first_seen, record.fact_id


def same_targets(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> bool:
    """Targets match when both are absent/empty or they share at least one actor."""
    if a is None or b is None:
        return a is None and b is None
    if not a and not b:
        return True
    return bool(set(a) & set(b))


class FactStore(Protocol):
    """Known facts, windowed by time. Implementations: memory, SQLite, Redis."""

    def observe(self, candidate: FactRecord, source: SourceRef, window: timedelta) -> tuple[FactRecord, bool]:
        """Atomically: if a same fact was seen within ``window`` before ``candidate.last_seen``,
        add ``source`` to it and return ``(known, False)``; else store ``candidate`` and
        return ``(candidate, True)``. When several known facts qualify (their targets each overlap
        the candidate's), the known one is the first seen, then the one with the smallest id."""
        ...

    def figures_for(self, actor: str, since: datetime) -> list[FactRecord]:
        """Troop-figure facts for ``actor`` first seen at or after ``since``, oldest first."""
        ...

    def evict(self, before: datetime) -> int:
        """Forget facts last seen before ``before``; returns how many."""
        ...


@dataclass(frozen=True, slots=True)
class Sighting:
    """One fact seen in one article, to be observed; for a troop figure, ``history_since`` asks for the
    actor's figures first seen since then (the caller drops those of the figure's own value)."""

    candidate: FactRecord
    source: SourceRef
    history_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class Observed:
    record: FactRecord
    is_new: bool
    history: list[FactRecord]


def observe_all(store: FactStore, sightings: Sequence[Sighting], window: timedelta) -> list[Observed]:
    """Observe an article's facts in order, each seeing the ones before it.

    A store with ``observe_many`` (Redis) does it in one atomic round trip. For
    a repeat first reported by another article (which never alerts) it may
    leave the record's ``sources`` and the history empty; everywhere else the
    result is the same as observing one fact at a time.
    """
    many = getattr(store, "observe_many", None)
    if many is not None:
        return list(many(sightings, window))
    out = []
    for s in sightings:
        history = store.figures_for(s.candidate.actor, s.history_since) \
            if s.history_since is not None and s.candidate.actor else []
        record, is_new = store.observe(s.candidate, s.source, window)
        out.append(Observed(record, is_new, history))
    return out


class MemoryFactStore:
    """In-process :class:`FactStore` (the embedded runner and backtests)."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[FactRecord]] = {}
        self._figures: dict[str, list[FactRecord]] = {}

    def observe(self, candidate: FactRecord, source: SourceRef, window: timedelta) -> tuple[FactRecord, bool]:
        at = candidate.last_seen
        # Each key's facts are kept in (first seen, id) order: the first that qualifies is the known one.
        for known in self._by_key.get(candidate.key, ()):
            if at - known.last_seen <= window and same_targets(known.targets, candidate.targets):
                if at > known.last_seen:
                    known.last_seen = at
                if len(known.sources) < MAX_SOURCES and all(s.article_id != source.article_id for s in known.sources):
                    known.sources.append(source)
                return known, False
        stored = replace(candidate, sources=[source])
        insort(self._by_key.setdefault(candidate.key, []), stored, key=_seen_order)
        if stored.kind == "troop_figure" and stored.actor:
            self._figures.setdefault(stored.actor, []).append(stored)
        return stored, True

    def figures_for(self, actor: str, since: datetime) -> list[FactRecord]:
        return [r for r in self._figures.get(actor, ()) if r.first_seen >= since]

    def evict(self, before: datetime) -> int:
        removed = 0
        for key in list(self._by_key):
            kept = [r for r in self._by_key[key] if r.last_seen >= before]
            removed += len(self._by_key[key]) - len(kept)
            if kept:
                self._by_key[key] = kept
            else:
                del self._by_key[key]
        for actor in list(self._figures):
            kept = [r for r in self._figures[actor] if r.last_seen >= before]
            if kept:
                self._figures[actor] = kept
            else:
                del self._figures[actor]
        return removed

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())


def figure_key(figure: TroopFigure) -> str:
    return f"fig|{figure.actor}|{figure.value}"


def figure_value(key: str) -> int:
    """The value of a :func:`figure_key`."""
    return int(key.rsplit("|", 1)[1])


def action_key(action: DiplomaticAction) -> str:
    return f"act|{action.type}|{'+'.join(sorted(action.actors))}"


def fact_id(key: str, targets: Iterable[str] | None, first_article: str) -> str:
    """A stable alert id: the fact's identity plus the article that first reported it.

    Replaying the same stream gives the same ids (idempotent delivery); the
    same fact re-emerging after its window closed gets a new id.
    """
    raw = f"{key}|{','.join(sorted(targets)) if targets is not None else '-'}|{first_article}"
    return hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()


def _names(items: Iterable[str]) -> str:
    items = list(items)
    if not items:
        return "unknown"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def summarize_action(action: DiplomaticAction) -> str:
    """One line for Slack: the type's ``summary`` template from ``actions.yaml``."""
    from monitor.analysis.actions import summary_template  # the vocabulary is data; load it lazily

    template = summary_template(action.type, targeted=bool(action.targets)) \
        or "{actors}: " + action.type.replace("_", " ") + " {targets}"
    if not action.targets and "{targets}" in template:
        # No target named: end the line before it, without its dangling preposition ("imposed sanctions
        # on", "summoned the ambassador of"), rather than print a sentence with a hole.
        head = template.split("{targets}", 1)[0].split()
        while head and head[-1].lower() in _DANGLING:
            head.pop()
        template = " ".join(head)
    text = template.format(actors=_names(action.actors), targets=_names(action.targets))
    return " ".join(text.split())


_DANGLING = frozenset({"on", "of", "to", "that", "against", "with", "from", "in", "for", "at", "by", "and", ":"})


def summarize_figure(figure: TroopFigure, previous: list[FactRecord]) -> str:
    qual = "" if figure.qualifier in ("exact", "", "range") else f"{figure.qualifier} "
    value = f"{figure.value:,}" if figure.value is not None else "?"
    if figure.low is not None and figure.high is not None and figure.low != figure.high:
        value = f"{figure.low:,}–{figure.high:,}"  # "1,000–2,000", not "range 2,000"
    # "1,500 more troops", "rotated about 5,000 of its soldiers out of Kursk": an addition or a withdrawal, not
    # how many there are.
    change = _change(figure)
    if change:
        value += f" {change}"
    # A count whose article does not say whose troops: no "None troops".
    text = f"{figure.actor} troops: {qual}{value}" if figure.actor else f"Troops (whose not stated): {qual}{value}"
    if figure.location:
        text += f" in {figure.location}"
    if figure.attribution:
        text += f" (per {figure.attribution})"
    if previous:
        chain = " → ".join(f"{r.value:,}" + (f" ({r.qualifier})" if r.qualifier in _NOT_COUNTS else "")
                           for r in previous[-3:] if r.value is not None)
        text += f"; previously {chain}"
    return text


def _change(figure: TroopFigure) -> str | None:
    """ "more" when the sentence counts troops added ("1,500 more", "an additional 3,000", "a further 1,000 to
    1,500"), "withdrawn" when it counts troops pulled out; None for a count of those there."""
    if figure.value is None:
        return None
    sentence = figure.sentence
    for m in _value_pattern(figure.low if figure.low is not None else figure.value).finditer(sentence):
        end = m.end()
        if figure.low is not None and figure.high is not None:  # past the range's upper bound
            upper = _value_pattern(figure.high).search(sentence, m.end(), m.end() + 20)
            end = upper.end() if upper else end
        if _MORE_AFTER.match(sentence, end) or _MORE_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
            return "more"
        if (_OUT_VERB_BEFORE.search(sentence, max(0, m.start() - 40), m.start()) and _OUT_AFTER.match(sentence, end)) \
                or _OUT_PASSIVE.match(sentence, end):
            return "withdrawn"
    return None


def _value_pattern(value: int) -> re.Pattern[str]:
    """A number as news prints it: "1,500", "1500", "1 500", "1.5 million"."""
    grouped = f"{value:,}"
    forms = {re.escape(grouped), str(value), re.escape(grouped.replace(",", " "))}
    if value >= 1_000_000 and value % 100_000 == 0:
        forms.add(re.escape(f"{value / 1_000_000:g}") + r"\s+million")
    return re.compile(rf"(?<![\d.,])(?:{'|'.join(sorted(forms, key=len, reverse=True))})(?![\d])")


_MORE_AFTER = re.compile(r"(?:\s+(?:more|additional|extra|fresh|new|further)\b|-strong\s+(?:reinforcement|new))",
                         re.IGNORECASE)
_MORE_BEFORE = re.compile(
    r"\b(?:additional|another|a\s+further|further|an\s+extra|extra|a\s+fresh|fresh\s+batch\s+of|reinforcements?\s+of"
    r"|an\s+additional)\s+(?:(?:about|around|some|roughly|nearly|up\s+to|over|more\s+than|at\s+least|as\s+many\s+as"
    r"|an\s+estimated)\s+)?$", re.IGNORECASE)
# Pulled out: a verb of withdrawal before the count and "out", "back" or "from" after it ("rotated about 5,000 of
# its soldiers out of Kursk"), or the passive after it ("2,000 troops have been withdrawn from").
_OUT_VERB_BEFORE = re.compile(
    r"\b(?:withdr[ae]w\w*|pull(?:ed|ing|s)?|rotat(?:ed|ing|es)|evacuat\w+|brought|bringing|moved|moving)\s+"
    r"(?:(?:back|out|home)\s+)?(?:(?:about|around|some|roughly|nearly|up\s+to|over|more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE)
_OUT_AFTER = re.compile(r"[^.;]{0,40}?\b(?:out\s+of|back\s+(?:from|to)|home|from)\b", re.IGNORECASE)
_OUT_PASSIVE = re.compile(r"[^.;]{0,50}?\b(?:withdrawn|pulled\s+(?:out|back)|rotated\s+out|evacuated)\b", re.IGNORECASE)


# Qualifiers of a figure that counts no troops yet: a history shows them as what they are.
_NOT_COUNTS = frozenset({"planned", "expected"})
