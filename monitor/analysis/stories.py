"""Story grouping: articles about one event, from different outlets, share a story id.

An article is described by its salient terms: proper names (people, places,
organisations: runs of capitalised words, whole and by last word), content
words of the title and lead, and the lexicon's actors. Names in the lead weigh
most, names further down less, actors least (they recur across events). Terms
are also weighted by rarity in the stream (inverse document frequency), so
"North Korea" says little and "Zinoviev" or "strategic dialogue" says a lot.
An article joins the open story (updated within the window) whose term vector
is most similar to its own (cosine), if that reaches the threshold; otherwise
it opens a new story. Story ids derive from the first article's id.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Protocol

from monitor.analysis import native
from monitor.analysis.entities import EntityLexicon, default_lexicon

MAX_STORY_TERMS = 80
TERM_UNITS = 2  # a story stores each term's summed weight in halves, as an integer
MAX_ARTICLE_TERMS = 40  # the most salient terms only, so long articles don't dilute the overlap
LEAD_SENTENCES = 3
NAME_WEIGHT, BODY_NAME_WEIGHT, LEAD_WEIGHT, ACTOR_WEIGHT = 2.0, 1.0, 1.0, 0.5
# One event shows in several words an article shares with the story, besides its actors: one place
# alone ("Kursk", where the whole war is) is not one event.
MIN_SHARED_TERMS = 3

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CAP_TOKEN = re.compile(r"(?<![A-Za-z'-])[A-Z][A-Za-z'-]*")
_OPENERS = (":", '"', "(", "'")  # a capital after these opens a quote or a clause, like a sentence start
_LOWER_WORD = re.compile(r"(?<![A-Za-z'-])[a-z][a-z'-]{3,}")
# Words of an actor's own name are the actor (counted once as "@Actor"); people are names.
# So are institutions: a ministry, an agency or a general staff reports on every event ("South Korea's Joint
# Chiefs of Staff said"); its name says whose, like the actor's.
_ACTOR_ROLES = frozenset({"name", "capital", "demonym", "institution"})
_STOP = frozenset(
    """this that with from have been were will would could should their there they them then than what when where
    which while said says also after before about into over under more most some such only other others these
    those being very just like year years month months week weeks today monday tuesday wednesday thursday friday
    saturday sunday january february march april june july august september october november december news
    according told reported report reports official officials people government minister ministry foreign
    country countries state states president spokesperson statement added including since during against between
    among across amid still even however because although though first last next many much made make makes
    the and for but not are was has had its his her our your you who whom whose how why all any each both
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    utc gmt edt est cdt cst pdt pst bst cet cest kst jst msk
    mr mrs ms dr deputy vice chief prime secretary general national international agency council committee
    office department affairs defense defence press update updated breaking live video photo read more
    earlier later time ambassador envoy spokesman spokeswoman senator governor mayor
    troop troops soldier soldiers force forces military war region fight fighting deploy deployment
    weapon weapons korean russian ukrainian killed kill wounded wound injured casualties casualty losses loss dead
    death deaths send sent sending dispatch dispatched additional reinforce reinforcements estimate estimated
    reuters reuter yonhap afp kcna tass ria novosti interfax kyodo xinhua bloomberg cnn bbc nhk ukrinform""".split()
)
# The last lines: the vocabulary every story of the monitored topics shares ("troops deployed to
# the Kursk region to fight"), and the wire services that report them all. A stream's own rarity
# weights learn that only after many articles; until then such words made unrelated reports of the
# same war, or from the same agency, look like one event.


def _title_case(text: str) -> bool:
    """A Headline In Title Case, whose capitals say nothing about names."""
    if _LOWER_WORD.search(text):
        return False
    return sum(1 for w in _TOKEN.findall(text) if len(w) > 3) >= 3


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    for a, b in spans:  # noqa: SIM110 - called for every token; any() over a generator costs ~2x
        if a <= pos < b:
            return True
    return False


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude, consistent suffix strip so "troops"/"troop" and "condemned"/"condemns" meet."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'-")
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# The same value from the same floating-point operations (tests compare them exactly).
_SIMILARITY = native.kernels.story_similarity if native.kernels is not None else None


_TERM_READER = native.kernels.TermReader(
    _STOP, _ACTOR_ROLES, LEAD_SENTENCES, MAX_ARTICLE_TERMS, (NAME_WEIGHT, BODY_NAME_WEIGHT, LEAD_WEIGHT, ACTOR_WEIGHT),
) if native.kernels is not None else None


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


class _TermIndex:
    """Stories by id and an inverted index from term to story ids: what a lookup by terms reads."""

    _stories: dict[str, StoryState]
    _index: dict[str, set[str]]

    def candidates(self, terms: Sequence[str], since: datetime) -> list[StoryState]:
        ids: set[str] = set()
        for t in terms:
            ids |= self._index.get(t, set())
        found = [self._stories[i] for i in ids if i in self._stories]
        return [s for s in found if s.last_seen >= since]

    def _put(self, story: StoryState) -> None:
        self._stories[story.story_id] = story
        for t in story.terms:
            self._index.setdefault(t, set()).add(story.story_id)


class MemoryStoryStore(_TermIndex):
    """In-memory stories with an inverted term index, bounded by the window."""

    def __init__(self) -> None:
        self._stories: dict[str, StoryState] = {}
        self._index: dict[str, set[str]] = {}
        self._articles: dict[str, tuple[str, datetime]] = {}
        # (last seen, story id) at each save, oldest first: eviction pops what fell out of the window
        # (skipping entries a later save superseded) instead of scanning every story.
        self._by_time: list[tuple[datetime, str]] = []
        self._links_by_time: list[tuple[datetime, str]] = []  # the same for article links

    def save(self, story: StoryState, article_id: str) -> None:
        self._put(story)
        self._articles[article_id] = (story.story_id, story.last_seen)
        heapq.heappush(self._by_time, (story.last_seen, story.story_id))
        heapq.heappush(self._links_by_time, (story.last_seen, article_id))

    def story_of(self, article_id: str) -> StoryState | None:
        hit = self._articles.get(article_id)
        return self._stories.get(hit[0]) if hit else None

    def evict(self, before: datetime) -> int:
        removed = 0
        heap = self._by_time
        while heap and heap[0][0] < before:
            _, sid = heapq.heappop(heap)
            story = self._stories.get(sid)
            if story is None or story.last_seen >= before:
                continue  # gone already, or saved again since (a later entry stands for it)
            del self._stories[sid]
            removed += 1
            for t in story.terms:
                members = self._index.get(t)
                if members is not None:
                    members.discard(sid)
                    if not members:
                        del self._index[t]
        links = self._links_by_time
        while links and links[0][0] < before:
            _, aid = heapq.heappop(links)
            hit = self._articles.get(aid)
            if hit is not None and hit[1] < before:  # not linked again since
                del self._articles[aid]
        return removed

    def __len__(self) -> int:
        return len(self._stories)


@dataclass(slots=True)
class StorySnapshot:
    """What a batch of articles can read from a shared store, fetched at once (see :class:`StoryOverlay`)."""

    links: dict[str, str]  # article id -> its story id, for the ids asked about that have one
    index: dict[str, set[str]]  # term -> ids of the stories indexed under it, for the terms asked about
    stories: dict[str, StoryState]  # every story those name that still exists


class StoryOverlay(_TermIndex):
    """A :class:`StoryStore` over a :class:`StorySnapshot`, recording what is saved.

    It answers as the shared store would after the saves made so far, for the articles and terms
    the snapshot was fetched for; the saves are written back in one go afterwards.
    """

    def __init__(self, snapshot: StorySnapshot) -> None:
        self._stories = snapshot.stories
        self._index = snapshot.index
        self._articles = snapshot.links
        self.saves: list[tuple[StoryState, str]] = []

    def save(self, story: StoryState, article_id: str) -> None:
        self._put(story)
        self._articles[article_id] = story.story_id
        self.saves.append((story, article_id))

    def story_of(self, article_id: str) -> StoryState | None:
        sid = self._articles.get(article_id)
        return self._stories.get(sid) if sid is not None else None

    def evict(self, before: datetime) -> int:
        return 0  # the shared store's keys expire on their own


def _shared_terms(probe: Sequence[str], story_terms: dict[str, int]) -> int:
    """How many distinct terms an article shares with a story: a name and its words count once ("kim jong",
    "jong" and "kim" are one name)."""
    shared = [t for t in probe if t in story_terms]
    if len(shared) < MIN_SHARED_TERMS:
        return len(shared)
    names = [t.split() for t in shared if " " in t]
    return sum(1 for t in shared if " " in t or not any(t in words for words in names))


def story_id_for(article_id: str) -> str:
    return "story-" + hashlib.blake2b(article_id.encode(), digest_size=6).hexdigest()


class StoryGrouper:
    """Assigns articles to stories (state in a :class:`StoryStore`)."""

    def __init__(self, store: StoryStore | None = None, *, window: timedelta = timedelta(days=3),
                 threshold: float = 0.12, lexicon: EntityLexicon | None = None, native: bool = True) -> None:
        self.store: StoryStore = store if store is not None else MemoryStoryStore()
        self.window = window
        self.threshold = threshold
        self.lexicon = lexicon or default_lexicon()
        # The native kernels when installed: the same terms (in the same order) and similarities.
        self._native = native
        self._df: dict[str, int] = {}
        self._docs = 0
        self._last_evict: datetime | None = None

    def terms(self, sentences: Sequence[str], title: str | None = None) -> dict[str, float]:
        """The salient terms of an article with their kind's weight (see :meth:`terms_python`)."""
        if self._native and _TERM_READER is not None:
            return _TERM_READER.terms([title, *sentences] if title else sentences, bool(title), self.lexicon.find)
        return self.terms_python(sentences, title)

    def terms_python(self, sentences: Sequence[str], title: str | None = None) -> dict[str, float]:
        """The salient terms of an article with their kind's weight.

        Proper names say most about an event (who, where), content words of the
        title and lead say what happened, and actors alone say little (they recur
        across events). A capitalised word opening a sentence counts as a name
        only when it is part of a longer name or is capitalised mid-sentence too
        ("Rising tensions..." is not a name; "Borrell said..." is when Borrell
        appears elsewhere). At most MAX_ARTICLE_TERMS terms are kept, names first.
        """
        # Insertion-ordered, so the order decides ties deterministically; the value says "named in the lead".
        names: dict[str, bool] = {}
        openers: dict[str, bool] = {}
        lead: dict[str, None] = {}
        actors: dict[str, None] = {}
        units = ([title] if title else []) + list(sentences)
        lead_units = len(units) - len(sentences) + LEAD_SENTENCES
        for i, s in enumerate(units):
            mentions = self.lexicon.find(s)
            covered = [(m.start, m.end) for m in mentions if m.role in _ACTOR_ROLES]
            for mention in mentions:
                actors["@" + mention.entity] = None
            in_lead = i < lead_units
            if in_lead:
                for m in _TOKEN.finditer(s):
                    if covered and _inside(m.start(), covered):
                        continue
                    lower = m.group(0).lower()
                    key = _stem(lower)
                    if len(key) > 3 and lower not in _STOP and key not in _STOP:
                        lead[key] = None
            if _title_case(s):
                continue
            # Names: runs of capitalised words joined by a space or a hyphen (only capitalised tokens are read).
            run: list[str] = []
            run_opens = False  # the name opens its sentence (or a quote)
            last_end = -2
            for m in _CAP_TOKEN.finditer(s):
                start = m.start()
                lower = m.group(0).lower()
                key = _stem(lower)
                if (covered and _inside(start, covered)) or len(key) <= 2 or lower in _STOP or key in _STOP:
                    self._name(run, run_opens, names, openers, in_lead)
                    run = []
                    continue
                if run and start == last_end + 1 and s[last_end] in " -":
                    run.append(key)
                else:
                    self._name(run, run_opens, names, openers, in_lead)
                    run = [key]
                    run_opens = not s[:start].strip() or s[max(0, start - 2): start].strip().endswith(_OPENERS)
                last_end = m.end()
            self._name(run, run_opens, names, openers, in_lead)
        out: dict[str, float] = {}
        for key, in_lead in names.items():
            out[key] = NAME_WEIGHT if in_lead or openers.get(key) else BODY_NAME_WEIGHT
        for key in lead:
            out.setdefault(key, LEAD_WEIGHT)
            if len(out) >= MAX_ARTICLE_TERMS:
                break
        if len(out) > MAX_ARTICLE_TERMS:
            out = dict(list(out.items())[:MAX_ARTICLE_TERMS])
        for key in actors:
            out[key] = ACTOR_WEIGHT
        return out

    @staticmethod
    def _name(run: list[str], opens: bool, names: dict[str, bool], openers: dict[str, bool], lead: bool) -> None:
        """Record a name read as capitalised words: the whole name and its last word.

        The last word alone lets "Borrell" meet "Josep Borrell"; hyphens are
        spaces so "Kim Yong-hyun" meets "Kim Yong Hyun".
        """
        if not run:
            return
        words = " ".join(run).replace("-", " ").split()
        keys = [words[-1]] if len(words) == 1 else [" ".join(words), words[-1]]
        # "Rising tensions..." opens a sentence: a name only if it is capitalised mid-sentence as well.
        found = openers if len(run) == 1 and opens else names
        for key in keys:
            found[key] = found.get(key, False) or lead

    def _idf(self, term: str) -> float:
        return math.log((self._docs + 1) / (self._df.get(term, 0) + 1)) + 1.0

    def similarity(self, terms: dict[str, float], story_terms: dict[str, int],
                   idf: dict[str, float] | None = None) -> float:
        """Cosine of the article's and the story's term vectors, each term weighted by its rarity.

        The story's vector sums its articles' (in TERM_UNITS), so terms most of
        its outlets used weigh most; the cosine keeps long and short articles,
        and young and grown stories, on one scale. ``idf`` memoises rarities
        while the stream's counts stay put (one article against all its
        candidate stories, which share most terms).
        """
        cache = idf if idf is not None else {}
        if self._native and _SIMILARITY is not None:
            return _SIMILARITY(terms, story_terms, self._df, self._docs + 1, cache)
        docs, df, log = self._docs + 1, self._df, math.log
        dot = art = sto = 0.0
        for t, kind in terms.items():
            i = cache.get(t)
            if i is None:
                i = cache[t] = log(docs / (df.get(t, 0) + 1)) + 1.0  # as _idf
            w = kind * i
            art += w * w
            units = story_terms.get(t)
            if units:
                dot += w * units * i
        if dot == 0.0:
            return 0.0
        for t, units in story_terms.items():
            i = cache.get(t)
            if i is None:
                i = cache[t] = log(docs / (df.get(t, 0) + 1)) + 1.0
            w = units * i
            sto += w * w
        return dot / math.sqrt(art * sto)

    def assign(self, article_id: str, sentences: Sequence[str], *, title: str | None, published: datetime,
               source: str | None, terms: dict[str, float] | None = None) -> StoryAssignment:
        """The story of a new article (``terms``: its :meth:`terms`, when already computed)."""
        if terms is None:
            terms = self.terms(sentences, title)
        probe = self.probe_terms(terms)
        since = published - self.window
        # A shared store answers both questions in one round trip.
        both = getattr(self.store, "story_or_candidates", None)
        found: list[StoryState] | None = None
        if both is not None:
            known, found = both(article_id, probe, since)
        else:
            known = self.store.story_of(article_id)
        if known is not None:
            # Re-processing the same article, or an original whose copy, committed first by another worker,
            # opened the story in its name (see join): the same story, with this outlet counted.
            if source and source not in known.sources:
                known.sources.add(source)
                self.store.save(known, article_id)
            return StoryAssignment(known.story_id, False, len(known.sources) or 1)
        self._docs += 1
        if len(self._df) > 300_000:
            self._df.clear()  # bounded; IDF re-learns quickly
        for t in terms:
            self._df[t] = self._df.get(t, 0) + 1
        best: tuple[float, StoryState] | None = None
        idf: dict[str, float] = {}  # counts are fixed from here to the end of this article's scoring
        for story in found if found is not None else self.store.candidates(probe, since):
            if abs((published - story.last_seen).total_seconds()) > self.window.total_seconds():
                continue
            score = self.similarity(terms, story.terms, idf)
            if score >= self.threshold and (best is None or score > best[0] or
                                            (score == best[0] and story.story_id < best[1].story_id)) \
                    and _shared_terms(probe, story.terms) >= MIN_SHARED_TERMS:
                best = (score, story)
        if best is None:
            story = StoryState(story_id_for(article_id), published, published)
            is_new = True
        else:
            story, is_new = best[1], False
        story.last_seen = max(story.last_seen, published)
        for t, kind in terms.items():
            story.terms[t] = story.terms.get(t, 0) + round(kind * TERM_UNITS)
        if len(story.terms) > MAX_STORY_TERMS:
            keep = sorted(story.terms.items(), key=lambda kv: (-kv[1], -self._idf(kv[0]), kv[0]))[:MAX_STORY_TERMS]
            story.terms = dict(keep)
        if source:
            story.sources.add(source)
        story.articles += 1
        self.store.save(story, article_id)
        self._evict(published)
        return StoryAssignment(story.story_id, is_new, len(story.sources) or 1)

    def join(self, original_id: str, article_id: str, source: str | None, published: datetime, *,
             title: str | None = None, terms: dict[str, float] | None = None) -> StoryAssignment:
        """A duplicate joins its original's story (counting its outlet).

        When the original has no story (gone from the window, or, with workers sharing state, not
        assigned yet) the duplicate is assigned by its own ``terms`` like a new article would be, in its
        original's name: the original, assigned later, is in the story its copy opened or found.
        """
        story = self.store.story_of(original_id)
        if story is None:
            # The copy opens (or finds) the story in its original's name, so the original, committed later,
            # is in it whatever terms it shares with the copy.
            opened = self.assign(original_id, [], title=title, published=published, source=source, terms=terms or {})
            story = self.store.story_of(original_id)
            if story is not None:
                self.store.save(story, article_id)
            return opened
        if source:
            story.sources.add(source)
        story.articles += 1
        story.last_seen = max(story.last_seen, published)
        self.store.save(story, article_id)
        return StoryAssignment(story.story_id, False, len(story.sources) or 1)

    @contextmanager
    def batched(self, article_ids: Iterable[str], terms: Iterable[str]) -> Iterator[None]:
        """Assign or join a batch of articles against one snapshot of a shared store.

        A store with ``snapshot`` and ``save_many`` (Redis) is read once for the batch's article ids
        (theirs and their originals') and probe terms, and written once when the block ends without
        an error; in between, :meth:`assign` and :meth:`join` see the batch's own saves, so the
        stories are the ones assigning one article at a time would give. Other stores are used as is.
        """
        store = self.store
        snapshot = getattr(store, "snapshot", None)
        if snapshot is None:
            yield
            return
        overlay = StoryOverlay(snapshot(sorted(set(article_ids)), sorted(set(terms))))
        self.store = overlay
        try:
            yield
        finally:
            self.store = store
        store.save_many(overlay.saves)  # type: ignore[attr-defined]

    @staticmethod
    def probe_terms(terms: Iterable[str]) -> list[str]:
        """The terms a story lookup goes by (actors recur across events: they find no story)."""
        return [t for t in terms if not t.startswith("@")]

    def _evict(self, now: datetime) -> None:
        if self._last_evict is None or now - self._last_evict >= timedelta(hours=1):
            self._last_evict = now
            # Keep article->story links for the novelty window's sake a little longer than stories.
            self.store.evict(now - self.window * 2)
