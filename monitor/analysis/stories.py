"""Story grouping: articles about one event, from different outlets, share a story id.

An article is described by its salient terms: proper names anywhere in the
text (people, places, organisations) and content words of the title and lead.
Terms are weighted by rarity in the stream (inverse document frequency), so
"North Korea" says little and "Zinoviev" or "strategic dialogue" says a lot.
An article joins the open story (updated within the window) whose terms cover
the largest weighted share of its own, if that share reaches the threshold;
otherwise it opens a new story. Story ids derive from the first article's id.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from monitor.analysis.entities import EntityLexicon, default_lexicon

MAX_STORY_TERMS = 80
LEAD_SENTENCES = 3
NAME_WEIGHT, LEAD_WEIGHT, ACTOR_WEIGHT = 2.0, 1.0, 0.5

_NAME_WORD = re.compile(r"\b[A-Z][a-zA-Z'-]{2,}")
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset(
    """this that with from have been were will would could should their there they them then than what when where
    which while said says also after before about into over under more most some such only other others these
    those being very just like year years month months week weeks today monday tuesday wednesday thursday friday
    saturday sunday january february march april june july august september october november december news
    according told reported report reports official officials people government minister ministry foreign
    country countries state states president spokesperson statement added including since during against between
    among across amid still even however because although though first last next many much made make makes
    the and for but not are was has had its his her our your you who whom whose how why all any each both""".split()
)


@dataclass(slots=True)
class StoryState:
    story_id: str
    first_seen: datetime
    last_seen: datetime
    terms: dict[str, int] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    articles: int = 0

    def to_json(self) -> str:
        return json.dumps({"story_id": self.story_id, "first_seen": self.first_seen.isoformat(),
                           "last_seen": self.last_seen.isoformat(), "terms": self.terms,
                           "sources": sorted(self.sources), "articles": self.articles})

    @classmethod
    def from_json(cls, raw: str | bytes) -> StoryState:
        d = json.loads(raw)
        return cls(d["story_id"], datetime.fromisoformat(d["first_seen"]), datetime.fromisoformat(d["last_seen"]),
                   d["terms"], set(d["sources"]), d["articles"])


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    story_id: str
    is_new: bool
    sources: int  # distinct outlets that reported the story so far


class StoryStore(Protocol):
    def candidates(self, terms: Sequence[str], since: datetime) -> list[StoryState]: ...

    def save(self, story: StoryState, article_id: str) -> None: ...

    def story_of(self, article_id: str) -> StoryState | None: ...

    def evict(self, before: datetime) -> int: ...


class MemoryStoryStore:
    """In-memory stories with an inverted term index, bounded by the window."""

    def __init__(self) -> None:
        self._stories: dict[str, StoryState] = {}
        self._index: dict[str, set[str]] = {}
        self._articles: dict[str, tuple[str, datetime]] = {}

    def candidates(self, terms: Sequence[str], since: datetime) -> list[StoryState]:
        ids: set[str] = set()
        for t in terms:
            ids |= self._index.get(t, set())
        found = [self._stories[i] for i in ids if i in self._stories]
        return [s for s in found if s.last_seen >= since]

    def save(self, story: StoryState, article_id: str) -> None:
        self._stories[story.story_id] = story
        for t in story.terms:
            self._index.setdefault(t, set()).add(story.story_id)
        self._articles[article_id] = (story.story_id, story.last_seen)

    def story_of(self, article_id: str) -> StoryState | None:
        hit = self._articles.get(article_id)
        return self._stories.get(hit[0]) if hit else None

    def evict(self, before: datetime) -> int:
        old = [sid for sid, s in self._stories.items() if s.last_seen < before]
        for sid in old:
            for t in self._stories.pop(sid).terms:
                members = self._index.get(t)
                if members is not None:
                    members.discard(sid)
                    if not members:
                        del self._index[t]
        for aid in [a for a, (_, at) in self._articles.items() if at < before]:
            del self._articles[aid]
        return len(old)

    def __len__(self) -> int:
        return len(self._stories)


def story_id_for(article_id: str) -> str:
    return "story-" + hashlib.blake2b(article_id.encode(), digest_size=6).hexdigest()


class StoryGrouper:
    """Assigns articles to stories (state in a :class:`StoryStore`)."""

    def __init__(self, store: StoryStore | None = None, *, window: timedelta = timedelta(days=3),
                 threshold: float = 0.2, lexicon: EntityLexicon | None = None) -> None:
        self.store: StoryStore = store if store is not None else MemoryStoryStore()
        self.window = window
        self.threshold = threshold
        self.lexicon = lexicon or default_lexicon()
        self._df: dict[str, int] = {}
        self._docs = 0
        self._last_evict: datetime | None = None

    def terms(self, sentences: Sequence[str], title: str | None = None) -> dict[str, float]:
        """The salient terms of an article with their kind's weight.

        Proper names say most about an event (who, where), lead words say what
        happened, and actors alone say little (they recur across events).
        """
        out: dict[str, float] = {}
        lead = ([title] if title else []) + list(sentences[:LEAD_SENTENCES])
        for s in lead:
            for w in _WORD.findall(s.lower()):
                if w.endswith("'s"):
                    w = w[:-2]
                if w not in _STOP:
                    out[w] = LEAD_WEIGHT
        for s in sentences:
            mentions = self.lexicon.find(s)
            for mention in mentions:
                out["@" + mention.entity] = ACTOR_WEIGHT
            for m in _NAME_WORD.finditer(s):
                # Words inside an actor's name ("South Korea's", "Kim Jong Un") are the actor, not a new name.
                if any(x.start <= m.start() < x.end for x in mentions):
                    continue
                w = m.group(0).lower()
                if w.endswith("'s"):
                    w = w[:-2]
                w = w.strip("'-")
                if w not in _STOP and len(w) > 2:
                    out[w] = NAME_WEIGHT
        return out

    def _idf(self, term: str) -> float:
        return math.log((self._docs + 1) / (self._df.get(term, 0) + 1)) + 1.0

    def assign(self, article_id: str, sentences: Sequence[str], *, title: str | None, published: datetime,
               source: str | None) -> StoryAssignment:
        known = self.store.story_of(article_id)
        if known is not None:  # re-processing the same article: same story
            return StoryAssignment(known.story_id, False, len(known.sources) or 1)
        terms = self.terms(sentences, title)
        self._docs += 1
        if len(self._df) > 300_000:
            self._df.clear()  # bounded; IDF re-learns quickly
        for t in terms:
            self._df[t] = self._df.get(t, 0) + 1
        weights = {t: kind * self._idf(t) for t, kind in terms.items()}
        total = sum(weights.values()) or 1.0
        probe = [t for t in terms if not t.startswith("@")]
        best: tuple[float, StoryState] | None = None
        for story in self.store.candidates(probe, published - self.window):
            if abs((published - story.last_seen).total_seconds()) > self.window.total_seconds():
                continue
            score = sum(w for t, w in weights.items() if t in story.terms) / total
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, story)
        if best is None:
            story = StoryState(story_id_for(article_id), published, published)
            is_new = True
        else:
            story, is_new = best[1], False
        story.last_seen = max(story.last_seen, published)
        for t in terms:
            story.terms[t] = story.terms.get(t, 0) + 1
        if len(story.terms) > MAX_STORY_TERMS:
            keep = sorted(story.terms.items(), key=lambda kv: (-kv[1], -self._idf(kv[0]), kv[0]))[:MAX_STORY_TERMS]
            story.terms = dict(keep)
        if source:
            story.sources.add(source)
        story.articles += 1
        self.store.save(story, article_id)
        self._evict(published)
        return StoryAssignment(story.story_id, is_new, len(story.sources) or 1)

    def join(self, original_id: str, article_id: str, source: str | None, published: datetime) -> StoryAssignment:
        """A duplicate joins its original's story (counting its outlet); a new story if the original is gone."""
        story = self.store.story_of(original_id)
        if story is None:
            return self.assign(article_id, [], title=None, published=published, source=source)
        if source:
            story.sources.add(source)
        story.articles += 1
        story.last_seen = max(story.last_seen, published)
        self.store.save(story, article_id)
        return StoryAssignment(story.story_id, False, len(story.sources) or 1)

    def _evict(self, now: datetime) -> None:
        if self._last_evict is None or now - self._last_evict >= timedelta(hours=1):
            self._last_evict = now
            # Keep article->story links for the novelty window's sake a little longer than stories.
            self.store.evict(now - self.window * 2)
