"""The analysis pipeline: one article in, one :class:`~monitor.models.Analysis` out.

clean → dedup → sentences → topics → figures/casualties → actions → story →
novelty → alerts. Pure and deterministic given its stores: the embedded
runner, the Kafka agents and backtests all call :meth:`Pipeline.process`.
State lives behind the stores' small interfaces (memory by default; SQLite or
Redis implementations plug in for the runtimes).

:meth:`Pipeline.process` is :meth:`~Pipeline.prepare` then
:meth:`~Pipeline.commit`. ``prepare`` reads no state (cleaning, fingerprints,
sentences, topics, extraction, story terms: nearly all the CPU), so any number
of processes can run it; ``commit`` decides duplicates, stories and novelty
against the stores and must see articles in stream order. A backtest fans
``prepare`` out over processes and commits in order: the results are the same
as one process.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from monitor.analysis import text as textmod
from monitor.analysis.actions import extract_actions
from monitor.analysis.dedup import Deduplicator, DedupStore, Fingerprint
from monitor.analysis.entities import EntityLexicon, default_lexicon
from monitor.analysis.figures import extract_figures
from monitor.analysis.novelty import (
    FactRecord,
    FactStore,
    MemoryFactStore,
    Observed,
    Sighting,
    action_key,
    fact_id,
    figure_key,
    observe_all,
    summarize_action,
    summarize_figure,
)
from monitor.analysis.stories import StoryAssignment, StoryGrouper, StoryStore
from monitor.analysis.temporal import infer_published
from monitor.analysis.topics import TopicSet
from monitor.metrics import Metrics
from monitor.models import (
    Alert,
    Analysis,
    Article,
    Casualties,
    DiplomaticAction,
    SourceRef,
    TroopFigure,
    fast_pickle,
)
from monitor.settings import AnalysisSettings


def fact_sentences(*facts: Sequence[TroopFigure | Casualties | DiplomaticAction]) -> dict[str, set[str]]:
    """The sentences the extractors found facts in, each with the actors its facts involve: whose troops, where
    they went, who reported them, who acted and at whom (see :meth:`TopicSet.scores`)."""
    out: dict[str, set[str]] = {}
    for found in facts:
        for f in found:
            if f.historical:
                # "Unlike the pact Moscow signed with North Korea in June 2024, ...", "weeks after the NIS had reported
                # that about 11,000 North Korean soldiers were in Russia": background, not news.
                continue
            involved = out.setdefault(f.sentence, set())
            if isinstance(f, DiplomaticAction):
                involved.update(f.actors)
                # (Not whom a third party condemns: "the EU firmly condemns North Korea's military cooperation with
                # Russia", said once in a story on the EU and Seoul, is a passing mention of that pair.)
                if f.type != "condemn":
                    involved.update(f.targets)
            elif isinstance(f, TroopFigure):
                # "Pyongyang has sent about 1,010 soldiers to Russia": the sender and where they went.
                involved.update(x for x in (f.actor, f.attribution, f.location) if x)
            else:
                involved.update(x for x in (f.actor, f.attribution) if x)
    return out


@dataclass(slots=True)
class Stores:
    """The pipeline's state. ``None`` members get in-memory defaults."""

    dedup: DedupStore | None = None
    stories: StoryStore | None = None
    facts: FactStore | None = None
    # Makes one article's state changes atomic where the stores can (one SQLite transaction); the
    # shared Redis stores make each step atomic on their own instead.
    transaction: Callable[[], AbstractContextManager[object]] = nullcontext


@dataclass(slots=True)
class PipelineConfig:
    window: timedelta = timedelta(days=14)
    story_window: timedelta = timedelta(days=3)
    near_duplicate_threshold: float = 0.5
    alert_untagged: bool = False  # alert on facts in articles no topic matched
    topics: TopicSet | None = None
    lexicon: EntityLexicon | None = None
    # Use the native kernels when installed (same results). False makes this pipeline's own steps run
    # their Python code, for side-by-side tests; MONITOR_NATIVE=0 turns every kernel off.
    native: bool = True
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: AnalysisSettings, *, topics: TopicSet | None = None) -> PipelineConfig:
        return cls(
            window=timedelta(days=settings.window_days),
            story_window=timedelta(days=settings.story_window_days),
            near_duplicate_threshold=settings.near_duplicate_threshold,
            topics=topics if topics is not None else TopicSet.load(settings.topics_file),
        )


@fast_pickle
@dataclass(slots=True)
class Prepared:
    """What :meth:`Pipeline.prepare` found in one article, before any state is consulted.

    Picklable, so worker processes can hand it back to the process that commits.
    """

    article: Article
    dated: datetime | None  # the article's time, or the dateline its text prints; the extraction used it
    fingerprint: Fingerprint
    sentences: list[str]
    topics: list[str]
    troop_figures: list[TroopFigure]
    casualties: list[Casualties]
    diplomatic_actions: list[DiplomaticAction]
    story_terms: dict[str, float]
    seconds: float  # CPU time spent preparing (for the processing-time metric)


class Pipeline:
    """Stateful analysis of a stream of articles (state in the given stores)."""

    def __init__(self, config: PipelineConfig | None = None, stores: Stores | None = None,
                 *, metrics: Metrics | None = None) -> None:
        self.config = config = config or PipelineConfig()
        stores = stores or Stores()
        self.lexicon = config.lexicon or default_lexicon()
        self.topics = config.topics or TopicSet.load(lexicon=self.lexicon)
        self.dedup = Deduplicator(stores.dedup, threshold=config.near_duplicate_threshold, window=config.window,
                                  native=config.native)
        self.stories = StoryGrouper(stores.stories, window=config.story_window, lexicon=self.lexicon,
                                    native=config.native)
        self.facts: FactStore = stores.facts if stores.facts is not None else MemoryFactStore()
        self._transaction = stores.transaction
        self.metrics = metrics
        # The stream's clock: the latest published time seen. An article with no
        # time is placed at it, so results depend only on the input order.
        self._clock: datetime | None = None
        self._last_evict: datetime | None = None
        self._size_at = -math.inf  # when the index-size gauge was last refreshed (monotonic seconds)
        # Stores that take a whole batch of articles per step (see commit_many).
        self._batches = all(hasattr(store, name) for store, name in (
            (self.dedup.store, "check_and_add_many"), (self.stories.store, "snapshot"),
            (self.facts, "observe_many")))

    def start_clock(self, when: datetime) -> None:
        """Start the stream's clock at ``when`` (before any article): undated articles at the head of
        the stream are then placed at the stream's time, not at the wall clock's."""
        if self._clock is None:
            self._clock = when

    def _when(self, article: Article, dated: datetime | None) -> datetime:
        when = dated
        if article.published is None and when is not None and self._clock is not None \
                and when < self._clock - self.config.window:
            # Undated input (a .txt file, a feed without dates): the page's own dateline
            # if it prints one, unless that is older than the window.
            when = None
        if when is None:
            return self._clock if self._clock is not None else datetime.now(UTC)
        if self._clock is None or when > self._clock:
            self._clock = when
        return when

    def process(self, article: Article) -> Analysis:
        """Analyse one article and update state; returns everything found."""
        return self.commit(self.prepare(article))

    def prepare(self, article: Article) -> Prepared:
        """Everything about one article that needs no state. Safe to run in any process, in any order."""
        started = time.perf_counter()
        dated = article.published if article.published is not None else infer_published(article.text)
        body = textmod.clean(article.text, title=article.title, use_native=self.config.native)
        fingerprint = self.dedup.fingerprint(article.url, body)
        sents, headline, speakers = self._sentences(article, body)
        home = self.lexicon.home_of(article.source, article.url)
        figures, casualties = extract_figures(sents, published=dated, lexicon=self.lexicon, headline=headline,
                                              home=home)
        actions = extract_actions(sents, published=dated, lexicon=self.lexicon, use_native=self.config.native,
                                  home=home, speakers=speakers,
                                  official=home is not None and self.lexicon.official(article.source, article.url))
        return Prepared(
            article=article,
            dated=dated,
            fingerprint=fingerprint,
            sentences=sents,
            # A topic named in one sentence of a long article is its news when that sentence holds a fact.
            topics=self.topics.tag(sents, title=article.title, use_native=self.config.native,
                                   facts=fact_sentences(figures, casualties, actions)),
            troop_figures=figures,
            casualties=casualties,
            diplomatic_actions=actions,
            story_terms=self.stories.terms(sents, article.title),
            seconds=time.perf_counter() - started,
        )

    def _sentences(self, article: Article, body: str) -> tuple[list[str], int, list[str | None]]:
        """The article's sentences, its headline first, how many of them the headline is, and each one's
        speaker label in a transcript (:func:`textmod.sentences_and_speakers`)."""
        sents, speakers = textmod.sentences_and_speakers(body, use_native=self.config.native)
        if not article.title:
            return sents, 0, speakers
        title = textmod.normalize(article.title)
        if not sents or title not in sents[0]:
            # A headline of two sentences is two: "NORTH KOREA SENDS TROOPS TO RUSSIA?? SEOUL SUMMONS RUSSIAN ENVOY".
            heads = textmod.sentences(title, use_native=self.config.native) or [title]
            sents[:0] = heads
            speakers[:0] = [None] * len(heads)
            return sents, len(heads), speakers
        return sents, int(sents[0] == title), speakers

    def commit(self, prepared: Prepared) -> Analysis:
        """Decide duplicates, story and novelty for a prepared article, in stream order, and update state."""
        started = time.perf_counter()
        article = prepared.article
        result, when = self._start(prepared)
        with self._transaction():
            dup = self.dedup.check_fingerprint(article.id, prepared.fingerprint, when)
            result.duplicate_of, result.duplicate_kind = dup.duplicate_of, dup.kind
            story = self._story(prepared, result, when)
            facts, sightings, novel = self._sightings(result, article, when)
            seen = observe_all(self.facts, sightings, self.config.window)
            result.alerts = self._alerts(result, article, facts, sightings, seen, story.sources, novel)
            self._evict(when)
        if self.metrics is not None:
            self._count(result, story.is_new, prepared.seconds + time.perf_counter() - started)
        return result

    def commit_many(self, batch: Sequence[Prepared]) -> list[Analysis]:
        """:meth:`commit` for prepared articles in stream order: the same analyses, the same state.

        With stores that take a batch at once (the Redis ones: ``check_and_add_many``,
        ``snapshot``/``save_many`` and ``observe_many``) each step runs once for the whole batch:
        a handful of round trips instead of a few per article. Each step of an article depends
        only on that step for the articles before it and on the earlier steps of the same article,
        so running the steps one after the other over the batch decides what one article at a
        time would. Other stores commit article by article.
        """
        if not batch or not self._batches:
            return [self.commit(p) for p in batch]
        started = time.perf_counter()
        starts = [self._start(p) for p in batch]
        with self._transaction():
            dups = self.dedup.check_many([(p.article.id, p.fingerprint, when) for p, (_, when) in zip(
                batch, starts, strict=True)])
            for (result, _), dup in zip(starts, dups, strict=True):
                result.duplicate_of, result.duplicate_kind = dup.duplicate_of, dup.kind
            ids = [p.article.id for p in batch] + [d.duplicate_of for d in dups if d.duplicate_of is not None]
            # A duplicate's terms too: it is assigned by them when its original has no story (yet).
            probes = [t for p in batch for t in self.stories.probe_terms(p.story_terms)]
            with self.stories.batched(ids, probes):
                stories = [self._story(p, result, when) for p, (result, when) in zip(batch, starts, strict=True)]
            found = [self._sightings(result, p.article, when) for p, (result, when) in zip(batch, starts,
                                                                                           strict=True)]
            seen = observe_all(self.facts, [s for _, sightings, _ in found for s in sightings], self.config.window)
            at = 0
            for p, (result, when), story, (facts, sightings, novel) in zip(batch, starts, stories, found, strict=True):
                result.alerts = self._alerts(result, p.article, facts, sightings, seen[at:at + len(sightings)],
                                             story.sources, novel)
                at += len(sightings)
                self._evict(when)
        if self.metrics is not None:
            share = (time.perf_counter() - started) / len(batch)
            for p, (result, _), story in zip(batch, starts, stories, strict=True):
                self._count(result, story.is_new, p.seconds + share)
        return [result for result, _ in starts]

    def _start(self, prepared: Prepared) -> tuple[Analysis, datetime]:
        """The analysis as prepared, and the article's place in the stream's time."""
        article = prepared.article
        when = self._when(article, prepared.dated)
        result = Analysis(id=article.id, topics=prepared.topics, troop_figures=prepared.troop_figures,
                          casualties=prepared.casualties, diplomatic_actions=prepared.diplomatic_actions)
        if when != prepared.dated:
            # An undated article placed at the stream's clock: "in June" is read against that time.
            home = self.lexicon.home_of(article.source, article.url)
            result.troop_figures, result.casualties = extract_figures(prepared.sentences, published=when,
                                                                      lexicon=self.lexicon, home=home)
            result.diplomatic_actions = extract_actions(prepared.sentences, published=when, lexicon=self.lexicon,
                                                        use_native=self.config.native, home=home)
        return result, when

    def _story(self, prepared: Prepared, result: Analysis, when: datetime) -> StoryAssignment:
        article = prepared.article
        if result.duplicate_of is not None:
            story = self.stories.join(result.duplicate_of, article.id, article.source, when,
                                      title=article.title, terms=prepared.story_terms)
        else:
            story = self.stories.assign(article.id, prepared.sentences, title=article.title, published=when,
                                        source=article.source, terms=prepared.story_terms)
        result.story = story.story_id
        return story

    def _sightings(self, result: Analysis, article: Article, when: datetime
                   ) -> tuple[list[TroopFigure | DiplomaticAction], list[Sighting], list[tuple[str, str, str]]]:
        """The article's facts to observe, their sightings, and the metric labels of those it skips."""
        window = self.config.window
        source = SourceRef(article.id, article.url, article.source, article.published)
        # A duplicate's facts are its original's: workers that share state may observe the copy's facts
        # before the original's (the dedup step is atomic, the later steps are not one transaction
        # with it), and a fact first recorded for the copy would rob the original of its alert.
        origin = result.duplicate_of or article.id
        novel: list[tuple[str, str, str]] = []  # for metrics: (kind, type, novelty)
        sightings: list[Sighting] = []
        facts: list[TroopFigure | DiplomaticAction] = []
        for fig in result.troop_figures:
            if fig.historical or fig.value is None or not fig.actor:
                novel.append(("troop_figure", "troops", "historical" if fig.historical else "incomplete"))
                continue
            key = figure_key(fig)
            sightings.append(Sighting(
                FactRecord(fact_id(key, None, origin), "troop_figure", key, None, when, when, origin,
                           actor=fig.actor, value=fig.value, qualifier=fig.qualifier),
                source, history_since=when - window))
            facts.append(fig)
        for act in result.diplomatic_actions:
            if act.historical:
                novel.append(("diplomatic_action", act.type, "historical"))
                continue
            key = action_key(act)
            sightings.append(Sighting(
                FactRecord(fact_id(key, act.targets, origin), "diplomatic_action", key, act.targets,
                           when, when, origin),
                source))
            facts.append(act)
        return facts, sightings, novel

    def _alerts(self, result: Analysis, article: Article, facts: list[TroopFigure | DiplomaticAction],
                sightings: list[Sighting], observed: Sequence[Observed], story_sources: int,
                novel: list[tuple[str, str, str]]) -> list[Alert]:
        may_alert = result.duplicate_of is None and (bool(result.topics) or self.config.alert_untagged)
        # A roundup page tagged for one item ("North Korea: ...") also reports others ("The EU sanctioned
        # Iran Air"): only facts that involve an actor of the article's topics, or whose sentence names one,
        # alert ("Japan summoned the Chinese ambassador over North Korea's missile cooperation" does). Actors
        # of a context group do not count (Ukraine, for North Korea-Russia: "Zelensky met Duda" is no alert).
        relevant = frozenset().union(*(t.alert_entities for t in self.topics.topics if t.id in result.topics)) \
            if result.topics else None
        alerts: list[Alert] = []
        alerted: set[str] = set()  # one alert per fact, however often the article repeats it
        for fact, sighting, seen in zip(facts, sightings, observed, strict=True):
            record = seen.record
            # Re-processing the article that first reported a fact (a redelivered
            # Kafka message after a crash) must raise the same alert again, not
            # treat it as a repeat: the alert id is the same, and delivery is
            # idempotent per id, so nothing is sent twice and nothing is lost.
            # (A duplicate's sightings carry its original's id, so only an original counts that way.)
            is_new = seen.is_new or (result.duplicate_of is None
                                     and record.first_article == sighting.candidate.first_article)
            if isinstance(fact, TroopFigure):
                novel.append(("troop_figure", "troops", "new" if is_new else "corroborated"))
                if is_new and may_alert and record.fact_id not in alerted and self._on_topic(fact, relevant):
                    alerted.add(record.fact_id)
                    # Known before this article: its own other figures (the increment beside the new total) are
                    # not history, and which of them a worker records first must not change the alert.
                    # Figures first seen at one time (one article's) in a fixed order, whichever store kept them:
                    # by value, as a chain reads ("3,000 → 10,000 (planned)").
                    # Not figures first reported after this article's time (a stream replayed out of order, a
                    # late article): "previously" is what was known then.
                    at = sighting.candidate.last_seen
                    previous = sorted((r for r in seen.history if r.value != fact.value
                                       and r.first_article != record.first_article and r.first_seen <= at),
                                      key=lambda r: (r.first_seen, r.value or 0))
                    alerts.append(self._alert(
                        record, "troop_figure", summarize_figure(fact, previous), fact.to_dict(), result, article,
                        story_sources, previous=tuple({"value": r.value, "qualifier": r.qualifier,
                                                       "first_seen": r.first_seen.isoformat(),
                                                       "article_id": r.first_article} for r in previous)))
            else:
                novel.append(("diplomatic_action", fact.type, "new" if is_new else "corroborated"))
                if is_new and may_alert and record.fact_id not in alerted and self._on_topic(fact, relevant):
                    alerted.add(record.fact_id)
                    alerts.append(self._alert(record, "diplomatic_action", summarize_action(fact), fact.to_dict(),
                                              result, article, story_sources))
        if self.metrics is not None:
            for kind, typ, nov in novel:
                self.metrics.facts.labels(kind, typ, nov).inc()
        return alerts

    def _on_topic(self, fact: TroopFigure | DiplomaticAction, relevant: frozenset[str] | None) -> bool:
        """Whether a fact involves an actor of the article's topics, or its sentence names one (always,
        with no topics to go by)."""
        if relevant is None or (isinstance(fact, TroopFigure) and fact.actor is None):
            return True  # a count the article does not say whose is about the troops it is about
        involved = (fact.actor,) if isinstance(fact, TroopFigure) else (*fact.actors, *fact.targets)
        return not relevant.isdisjoint(involved) or any(m.entity in relevant for m in self.lexicon.find(fact.sentence))

    def _alert(self, record: FactRecord, kind: str, summary: str, fact: dict[str, object], result: Analysis,
               article: Article, story_sources: int, previous: tuple[dict[str, object], ...] = ()) -> Alert:
        return Alert(
            id=record.fact_id,
            kind=kind,
            summary=summary,
            fact=fact,
            topics=tuple(result.topics),
            article_id=article.id,
            url=article.url,
            source=article.source,
            story=result.story,
            first_seen=record.first_seen,
            previous=previous,
            sources=tuple(record.sources),
            story_sources=story_sources,
        )

    def _evict(self, when: datetime) -> None:
        # Evict at most once per simulated hour: cheap in a backtest, bounded memory live.
        if self._last_evict is not None and when - self._last_evict < timedelta(hours=1):
            return
        self._last_evict = when
        self.facts.evict(when - self.config.window)

    def _count(self, result: Analysis, new_story: bool, seconds: float) -> None:
        m = self.metrics
        assert m is not None
        m.articles_ingested.inc()
        m.processing_seconds.observe(seconds)
        if result.duplicate_kind:
            m.duplicates.labels(result.duplicate_kind).inc()
        if new_story:
            m.stories.inc()
        for topic in result.topics:
            m.articles_tagged.labels(topic).inc()
        for alert in result.alerts:
            for topic in alert.topics or ("none",):
                m.alerts_fired.labels(alert.kind, topic).inc()
            if alert.kind == "troop_figure" and alert.fact.get("actor") and alert.fact.get("value") is not None:
                m.troop_figure_latest.labels(str(alert.fact["actor"])).set(float(alert.fact["value"]))
        now = time.monotonic()
        if now - self._size_at >= 1.0:  # a round trip for shared stores: once a second is enough for a gauge
            self._size_at = now
            m.dedup_index_size.set(self.dedup.size())
