"""prepare/commit: the stateless half can run anywhere (other processes, any order) without changing results."""

from __future__ import annotations

import json
import os
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.analysis.fanout import prepared
from monitor.analysis.novelty import MemoryFactStore
from monitor.analysis.pipeline import Pipeline, PipelineConfig, Stores
from monitor.analysis.stories import MemoryStoryStore
from monitor.analysis.topics import TopicSet
from monitor.backtest import PARALLEL_FROM, worker_processes
from monitor.demo.server import load_samples
from monitor.errors import InputError
from monitor.models import Analysis, Article
from tests.copies import original_and_copy

T0 = datetime(2030, 6, 1, 12, tzinfo=UTC)


def stream() -> list[Article]:
    """The demo's articles, their republications, and undated ones (placed at the stream's clock)."""
    items = sorted((i for f in load_samples(now=T0).values() for i in f), key=lambda i: i.published)
    arts = [Article(id=i.id, text=i.text, url=f"https://samples.test/{i.id}", title=i.title, published=i.published,
                    source=i.feed) for i in items]
    republished = [Article(id=f"{a.id}-copy", text="Republished from the wire. " + a.text + " Comments are closed.",
                           url=f"https://mirror.test/{a.id}", title=a.title,
                           published=(a.published or T0) + timedelta(hours=1), source="mirror") for a in arts]
    # Undated: "in June" must be read against the stream's clock, which only the committing side knows.
    undated = [Article(id="undated-1", text="North Korea and Russia signed a defence treaty in June, officials said."),
               Article(id="undated-2", text="Moscow, 3 June 2030 - Russia and North Korea signed a treaty on Monday.")]
    return arts + republished[:3] + undated + republished[3:]


def dump(analyses: list[Analysis]) -> str:
    return json.dumps([a.to_dict() for a in analyses], sort_keys=True, default=str)


def test_prepare_then_commit_is_process() -> None:
    arts = stream()
    whole = Pipeline()
    split = Pipeline()
    expected = [whole.process(a) for a in arts]
    got = [split.commit(split.prepare(a)) for a in arts]
    assert dump(got) == dump(expected)
    assert any(a.duplicate_of for a in got)  # the stream exercises state
    assert any(a.alerts for a in got)
    # Prepared without a date, committed at the stream's clock (June 2030): "in June" is this June, news.
    undated = next(a for a in got if a.id == "undated-1")
    assert [(x.type, x.historical) for x in undated.diplomatic_actions] == [("sign_agreement", False)]
    undated_article = next(a for a in arts if a.id == "undated-1")
    assert split.prepare(undated_article).diplomatic_actions[0].historical  # as read without any date


def test_prepare_reads_no_state() -> None:
    arts = stream()
    fresh = Pipeline()
    used = Pipeline()
    for a in arts:
        used.process(a)  # a pipeline with history prepares exactly like a fresh one
    for a in arts:
        mine, theirs = used.prepare(a), fresh.prepare(a)
        mine.seconds = theirs.seconds = 0.0
        assert mine == theirs
        assert pickle.loads(pickle.dumps(mine)) == mine  # crosses process boundaries intact


def test_worker_processes_give_the_same_results(tmp_path: Path) -> None:
    arts = stream()
    path = tmp_path / "narrow.yaml"
    path.write_text("topics:\n  - id: japan-only\n    groups: {j: {entities: [Japan]}}\n"
                    "    rules: [{all_of: [j], within: sentence, score: 1}]\n    min_score: 1\n")
    for topics in (None, TopicSet.load(path)):
        one = Pipeline(PipelineConfig(topics=topics))
        expected = [one.process(a) for a in arts]
        many = Pipeline(PipelineConfig(topics=topics))
        # Small chunks: results of several workers come back out of order and must be put back in order.
        got = [many.commit(p) for p in prepared(arts, many, processes=2, chunk=3)]
        assert [a.id for a in got] == [a.id for a in arts]
        assert dump(got) == dump(expected)


def test_process_count() -> None:
    assert worker_processes(3, 10) == 3
    assert worker_processes(None, PARALLEL_FROM - 1) == 1
    assert worker_processes(None, PARALLEL_FROM) == len(os.sched_getaffinity(0))  # one per usable CPU
    with pytest.raises(InputError, match="at least 1"):
        worker_processes(0, 10)


def test_compared_runs_share_preparation_without_changing_results(tmp_path: Path) -> None:
    from monitor.backtest import Run

    arts = stream()
    path = tmp_path / "narrow.yaml"
    path.write_text("topics:\n  - id: japan-only\n    groups: {j: {entities: [Japan]}}\n"
                    "    rules: [{all_of: [j], within: sentence, score: 1}]\n    min_score: 1\n")
    narrow = TopicSet.load(path)
    together = Run.many(arts, [narrow, None], processes=1)
    alone = [Run.of(arts, narrow, processes=1), Run.of(arts, None, processes=1)]
    for a, b in zip(together, alone, strict=True):
        assert dump(a.analyses) == dump(b.analyses)
    # The two rule sets do differ on this stream: the comparison has something to show.
    assert dump(together[0].analyses) != dump(together[1].analyses)
    assert len(together[1].alerts) > len(together[0].alerts)


def test_commit_many_on_memory_stores_is_commit_one_by_one() -> None:
    arts = stream()
    one_by_one = Pipeline()
    expected = dump([one_by_one.process(a) for a in arts])
    p = Pipeline()
    assert dump(p.commit_many([p.prepare(a) for a in arts])) == expected
    assert p.commit_many([]) == []


def test_a_batch_that_fails_is_committed_one_by_one_and_only_the_culprit_fails() -> None:
    """The workers' batch commit: an article whose commit raises gets its error back (to be
    dead-lettered) and every other article of the batch its analysis, as if committed alone."""
    from monitor.errors import StateError
    from monitor.stream.app import commit_batch

    class Faulty(Pipeline):
        broken = "bad"

        def commit(self, prepared):  # type: ignore[no-untyped-def]
            if prepared.article.id == self.broken:
                raise ValueError("cannot commit this one")
            return super().commit(prepared)

    arts = stream()
    bad = Article(id="bad", text="Russia condemned the sanctions, officials said.", published=T0)
    batch = [*arts[:5], bad, *arts[5:]]
    clean = Pipeline()
    expected = [clean.process(a) for a in arts]  # the same stream without the culprit
    p = Faulty()
    got = commit_batch(p, [p.prepare(a) for a in batch])
    errors = [x for x in got if isinstance(x, BaseException)]
    assert len(errors) == 1
    assert isinstance(got[5], ValueError)

    def decisions(analyses: list[Analysis]) -> list[tuple[object, ...]]:
        # The articles before the culprit were committed twice (in the failed batch, then alone): a
        # re-delivery, whose alerts come again with the same ids (and the sources known by then).
        return [(a.id, a.story, a.duplicate_of, tuple(a.topics), tuple(sorted(al.id for al in a.alerts)))
                for a in analyses]

    assert decisions([x for x in got if isinstance(x, Analysis)]) == decisions(expected)
    # A store that is down is not the article's fault: raised for the caller to wait and retry.
    def down(prepared: object) -> Analysis:
        raise StateError("redis: connection refused")

    p.commit = down  # type: ignore[method-assign]
    with pytest.raises(StateError):
        commit_batch(p, [p.prepare(a) for a in arts[:3]])


def test_a_copy_whose_facts_land_before_its_originals_does_not_take_the_alert() -> None:
    """Two workers share the fact and story stores. Dedup is atomic, so the original is indexed first,
    but the worker with the copy may reach the fact and story steps first. The original must still
    alert (with the copy as a corroborating source), and both must end up in one story."""
    facts, stories = MemoryFactStore(), MemoryStoryStore()
    worker_a = Pipeline(stores=Stores(facts=facts, stories=stories))
    worker_b = Pipeline(stores=Stores(facts=facts, stories=stories))
    original, copy = original_and_copy(T0)
    # Worker B's dedup step runs after worker A's: it knows the original (the shared index would).
    worker_b.dedup.check_fingerprint(original.id, worker_b.prepare(original).fingerprint, T0)
    from_copy = worker_b.commit(worker_b.prepare(copy))  # B's later steps run first...
    from_original = worker_a.commit(worker_a.prepare(original))  # ...then A's
    assert from_copy.duplicate_of == "orig"
    assert not from_copy.alerts
    assert from_original.duplicate_of is None
    figures = [a for a in from_original.alerts if a.kind == "troop_figure"]
    assert figures, "the original lost its alert to its copy"
    assert {s.article_id for s in figures[0].sources} == {"orig", "copy"}
    assert from_original.story == from_copy.story
    # The same alerts as when the original's steps come first, in one process.
    alone = Pipeline()
    expected = alone.process(original)
    assert alone.process(copy).duplicate_of == "orig"
    assert [(a.id, a.summary) for a in from_original.alerts] == [(a.id, a.summary) for a in expected.alerts]


def test_a_headline_of_two_sentences_is_read_as_two() -> None:
    article = Article(id="h", title="NORTH KOREA SENDS 1,500 TROOPS TO RUSSIA?? SEOUL SUMMONS RUSSIAN ENVOY",
                      text="The ministry gave no details on Monday.", published=datetime(2024, 10, 21, tzinfo=UTC))
    prepared_article = Pipeline().prepare(article)
    assert prepared_article.sentences[:2] == ["NORTH KOREA SENDS 1,500 TROOPS TO RUSSIA??",
                                              "SEOUL SUMMONS RUSSIAN ENVOY"]
    summons = [(a.actors, a.targets) for a in prepared_article.diplomatic_actions if a.type == "summon_ambassador"]
    assert summons == [(("South Korea",), ("Russia",))]  # not North Korea's, named in the sentence before


def test_background_acts_make_no_topic() -> None:
    text = ("Russian President Vladimir Putin and Iranian President Masoud Pezeshkian signed a partnership treaty in "
            "the Kremlin on Friday, pledging closer cooperation in energy and trade. The agreement runs to 47 articles "
            "and covers transport, finance and culture. Unlike the pact Moscow signed with North Korea in June 2024, "
            "it does not require either country to come to the other's aid. Officials said trade had grown by a "
            "fifth last year, and both sides promised new rail links. Iranian officials said the treaty would help "
            "shield the two economies from Western pressure. Talks also covered a gas pipeline through "
            "Azerbaijan and payments in national currencies. Pezeshkian was making his first official visit to Moscow "
            "since taking office. Analysts in Tehran said the agreement was more symbolic than binding. A joint "
            "commission on transport will meet in the spring to plan a new rail corridor. Russian officials said "
            "more than 40 companies had signed up for a trade fair in Tehran in March. The ruble and the rial both "
            "rose slightly after the ceremony. Iranian state television showed the two presidents touring a "
            "technology exhibition.")
    published = datetime(2025, 1, 17, tzinfo=UTC)
    analysis = Pipeline().process(Article(id="iran", text=text, published=published))
    assert ("sign_agreement", ("North Korea", "Russia"), True) in {
        (a.type, a.actors, a.historical) for a in analysis.diplomatic_actions}
    assert "north-korea-russia" not in analysis.topics  # one background sentence is not the article's news


def test_the_title_is_read_as_the_headline() -> None:
    article = Article(
        id="h1", title="North Korea to send 6,000 military builders and deminers to Kursk",
        text="North Korea will send 1,000 sappers to clear mines in Russia's Kursk region and 5,000 military "
             "construction workers to rebuild roads, a Russian official said on Tuesday.",
        published=datetime(2030, 6, 17, 12, tzinfo=UTC))
    prepared = Pipeline().prepare(article)
    assert sorted(f.value for f in prepared.troop_figures) == [1000, 5000]
