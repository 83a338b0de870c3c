"""Novelty rules and the fact-store contract (memory and SQLite)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.analysis.novelty import (
    MAX_SOURCES,
    FactRecord,
    FactStore,
    MemoryFactStore,
    Sighting,
    action_key,
    fact_id,
    figure_key,
    observe_all,
    same_targets,
    summarize_action,
    summarize_figure,
)
from monitor.errors import StateError
from monitor.models import DiplomaticAction, SourceRef, TroopFigure
from monitor.state.sqlite import SqliteFactStore, connect

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)
WINDOW = timedelta(days=14)


def src(article: str) -> SourceRef:
    return SourceRef(article, f"https://news.example/{article}", "example", T0)


def action_fact(typ: str, actors: tuple[str, ...], targets: tuple[str, ...], article: str, at: datetime) -> FactRecord:
    act = DiplomaticAction(typ, actors, targets, "000", "s")
    key = action_key(act)
    return FactRecord(fact_id(key, targets, article), "diplomatic_action", key, targets, at, at, article)


def figure_fact(actor: str, value: int, article: str, at: datetime) -> FactRecord:
    key = figure_key(TroopFigure(value=value, qualifier="about", sentence="s", actor=actor))
    return FactRecord(fact_id(key, None, article), "troop_figure", key, None, at, at, article, actor=actor, value=value)


@pytest.fixture(params=["memory", "sqlite"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], FactStore]]:
    if request.param == "memory":
        store = MemoryFactStore()
        yield lambda: store
    else:
        conn = connect(tmp_path / "state.db")
        yield lambda: SqliteFactStore(conn)
        conn.close()


def test_same_targets_rule() -> None:
    assert same_targets((), ())
    assert same_targets(("North Korea",), ("North Korea", "Russia"))
    assert not same_targets(("North Korea",), ("Russia",))
    assert not same_targets((), ("Russia",))
    assert same_targets(None, None)


def test_action_repeat_with_overlapping_targets_corroborates(make_store: Callable[[], FactStore]) -> None:
    store = make_store()
    first, new = store.observe(
        action_fact("demand_withdrawal", ("EU", "South Korea"), ("North Korea", "Russia"), "a1", T0), src("a1"), WINDOW
    )
    assert new
    again, new2 = store.observe(
        action_fact("demand_withdrawal", ("EU", "South Korea"), ("North Korea",), "a2", T0 + timedelta(hours=5)),
        src("a2"),
        WINDOW,
    )
    assert not new2
    assert again.fact_id == first.fact_id
    assert [s.article_id for s in again.sources] == ["a1", "a2"]


def test_different_actor_set_or_disjoint_targets_is_new(make_store: Callable[[], FactStore]) -> None:
    store = make_store()
    assert store.observe(action_fact("condemn", ("South Korea",), ("North Korea",), "a1", T0), src("a1"), WINDOW)[1]
    assert store.observe(
        action_fact("condemn", ("EU", "South Korea"), ("North Korea",), "a2", T0), src("a2"), WINDOW
    )[1]
    assert store.observe(action_fact("condemn", ("South Korea",), ("Russia",), "a3", T0), src("a3"), WINDOW)[1]
    # Both empty target sets are the same fact.
    assert store.observe(action_fact("meeting", ("EU", "South Korea"), (), "a4", T0), src("a4"), WINDOW)[1]
    assert not store.observe(action_fact("meeting", ("EU", "South Korea"), (), "a5", T0), src("a5"), WINDOW)[1]


def test_window_expiry_makes_a_fact_new_again_with_a_new_id(make_store: Callable[[], FactStore]) -> None:
    store = make_store()
    first, _ = store.observe(figure_fact("North Korea", 1500, "a1", T0), src("a1"), WINDOW)
    later = T0 + WINDOW + timedelta(days=1)
    again, new = store.observe(figure_fact("North Korea", 1500, "a9", later), src("a9"), WINDOW)
    assert new
    assert again.fact_id != first.fact_id


def test_figures_for_actor_history(make_store: Callable[[], FactStore]) -> None:
    store = make_store()
    store.observe(figure_fact("North Korea", 1500, "a1", T0), src("a1"), WINDOW)
    store.observe(figure_fact("North Korea", 3000, "a2", T0 + timedelta(days=1)), src("a2"), WINDOW)
    store.observe(figure_fact("Russia", 700, "a3", T0), src("a3"), WINDOW)
    values = [r.value for r in store.figures_for("North Korea", T0 - WINDOW)]
    assert values == [1500, 3000]
    assert store.figures_for("North Korea", T0 + timedelta(hours=1))[0].value == 3000


def test_evict(make_store: Callable[[], FactStore]) -> None:
    store = make_store()
    store.observe(figure_fact("North Korea", 1500, "a1", T0), src("a1"), WINDOW)
    store.observe(figure_fact("North Korea", 3000, "a2", T0 + timedelta(days=20)), src("a2"), WINDOW)
    assert store.evict(T0 + timedelta(days=10)) == 1
    assert [r.value for r in store.figures_for("North Korea", T0 - WINDOW)] == [3000]


def test_sqlite_store_survives_reopen(tmp_path: Path) -> None:
    conn = connect(tmp_path / "s.db")
    SqliteFactStore(conn).observe(figure_fact("North Korea", 1500, "a1", T0), src("a1"), WINDOW)
    conn.close()
    store = SqliteFactStore(connect(tmp_path / "s.db"))
    record, new = store.observe(figure_fact("North Korea", 1500, "a2", T0 + timedelta(days=1)), src("a2"), WINDOW)
    assert not new
    assert record.first_article == "a1"


def test_sources_are_capped_and_counted_once(make_store: Callable[[], FactStore]) -> None:
    store = make_store()
    for i in range(MAX_SOURCES + 5):
        store.observe(figure_fact("North Korea", 1500, f"a{i}", T0 + timedelta(minutes=i)), src(f"a{i}"), WINDOW)
    # The same article again adds nothing; the list keeps the first MAX_SOURCES in order.
    record, new = store.observe(figure_fact("North Korea", 1500, "a3", T0 + timedelta(hours=2)), src("a3"), WINDOW)
    assert not new
    assert [s.article_id for s in record.sources] == [f"a{i}" for i in range(MAX_SOURCES)]
    assert record.last_seen == T0 + timedelta(hours=2)


def test_observe_all_reads_sources_and_history_when_a_fact_may_alert(make_store: Callable[[], FactStore]) -> None:
    store = make_store()
    since = T0 - WINDOW
    first = observe_all(store, [Sighting(figure_fact("North Korea", 1500, "a1", T0), src("a1"), since)], WINDOW)[0]
    assert first.is_new
    assert [s.article_id for s in first.record.sources] == ["a1"]
    seen = observe_all(store, [
        Sighting(figure_fact("North Korea", 3000, "a2", T0 + timedelta(days=1)), src("a2"), since),
        Sighting(figure_fact("North Korea", 1500, "a2", T0 + timedelta(days=1)), src("a2"), since),
    ], WINDOW)
    assert [(o.is_new, o.record.first_article) for o in seen] == [(True, "a2"), (False, "a1")]
    assert [r.value for r in seen[0].history if r.value != 3000] == [1500]
    # A re-delivery of the first article: the record it first reported, with all its sources.
    again = observe_all(store, [Sighting(figure_fact("North Korea", 1500, "a1", T0), src("a1"), since)], WINDOW)[0]
    assert (again.is_new, again.record.first_article) == (False, "a1")
    assert [s.article_id for s in again.record.sources] == ["a1", "a2"]


def test_sqlite_reads_records_that_carry_their_sources_inline(tmp_path: Path) -> None:
    """State written before sources had their own rows still corroborates and keeps its sources."""
    conn = connect(tmp_path / "s.db")
    store = SqliteFactStore(conn)
    legacy = figure_fact("North Korea", 1500, "a1", T0)
    legacy.sources = [src("a1"), src("a0")]
    conn.execute("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)",
                 (legacy.fact_id, legacy.key, "North Korea", T0.timestamp(), T0.timestamp(),
                  json.dumps(legacy.to_dict())))
    record, new = store.observe(figure_fact("North Korea", 1500, "a2", T0 + timedelta(hours=1)), src("a2"), WINDOW)
    assert not new
    assert [s.article_id for s in record.sources] == ["a1", "a0", "a2"]
    record, _ = store.observe(figure_fact("North Korea", 1500, "a0", T0 + timedelta(hours=2)), src("a0"), WINDOW)
    assert [s.article_id for s in record.sources] == ["a1", "a0", "a2"]


def test_sqlite_article_transaction_rolls_back_every_store(tmp_path: Path) -> None:
    """The pipeline commits an article in one transaction: an error part-way leaves nothing behind."""
    conn = connect(tmp_path / "s.db")
    store = SqliteFactStore(conn)
    seen_inside: list[int] = []

    def article() -> None:
        with conn.transaction():
            store.observe(figure_fact("North Korea", 1500, "a1", T0), src("a1"), WINDOW)
            seen_inside.append(len(store))
            raise RuntimeError("failed after the first write")

    with pytest.raises(RuntimeError):
        article()
    assert seen_inside == [1]
    assert len(store) == 0
    assert store.observe(figure_fact("North Korea", 1500, "a2", T0), src("a2"), WINDOW)[1]
    # Errors from SQLite itself surface as the project's StateError.
    with pytest.raises(StateError), conn.transaction():
        conn.execute("INSERT INTO no_such_table VALUES (1)")
    assert not conn.in_transaction


def test_fact_ids_are_stable_and_distinct() -> None:
    assert fact_id("fig|North Korea|1500", None, "a1") == fact_id("fig|North Korea|1500", None, "a1")
    assert fact_id("fig|North Korea|1500", None, "a1") != fact_id("fig|North Korea|3000", None, "a1")
    assert fact_id("act|condemn|EU", ("Russia",), "a1") != fact_id("act|condemn|EU", ("China",), "a1")


def test_summaries_read_well() -> None:
    act = DiplomaticAction("summon_ambassador", ("South Korea",), ("Russia",), "114", "s")
    assert summarize_action(act) == "South Korea summoned the ambassador of Russia"
    meet = DiplomaticAction("meeting", ("EU", "South Korea"), (), "040", "s")
    assert summarize_action(meet) == "EU and South Korea met"
    # No target named: the line ends before it, without a dangling preposition or a hole.
    assert summarize_action(DiplomaticAction("sanctions", ("EU",), (), "163", "s")) == "EU imposed sanctions"
    assert summarize_action(DiplomaticAction("condemn", ("EU",), (), "111", "s")) == "EU issued a condemnation"
    assert summarize_action(DiplomaticAction("demand_withdrawal", ("NATO",), (), "106", "s")) == \
        "NATO demanded a withdrawal of troops"
    assert summarize_action(DiplomaticAction("appeal", ("Ukraine",), (), "020", "s")) == "Ukraine issued an appeal"
    fig = TroopFigure(value=3000, qualifier="exact", sentence="s", actor="North Korea", location="Russia")
    prev = [figure_fact("North Korea", 1500, "a1", T0)]
    assert summarize_figure(fig, prev) == "North Korea troops: 3,000 in Russia; previously 1,500"
    spread = TroopFigure(value=12000, low=10000, high=12000, qualifier="range", sentence="s", actor="North Korea")
    assert summarize_figure(spread, []) == "North Korea troops: 10,000–12,000"
    up_to = TroopFigure(value=12000, low=10000, high=12000, qualifier="up to", sentence="s", actor="North Korea")
    assert summarize_figure(up_to, []) == "North Korea troops: up to 10,000–12,000"
    whose = TroopFigure(value=11000, qualifier="about", sentence="s", actor=None, location="Moscow")
    assert summarize_figure(whose, []) == "Troops (whose not stated): about 11,000 in Moscow"


def test_of_several_known_facts_a_repeat_corroborates_the_first_seen(make_store: Callable[[], FactStore]) -> None:
    """The candidate's targets overlap two known facts: every store picks the first seen (then the
    smallest id), whatever order they were stored in, so memory, SQLite and Redis agree."""
    store = make_store()
    later = action_fact("condemn", ("South Korea",), ("Russia",), "a1", T0 + timedelta(hours=1))
    earlier = action_fact("condemn", ("South Korea",), ("Ukraine",), "a2", T0)
    assert store.observe(later, src("a1"), WINDOW)[1]
    assert store.observe(earlier, src("a2"), WINDOW)[1]
    both = action_fact("condemn", ("South Korea",), ("Russia", "Ukraine"), "a3", T0 + timedelta(hours=2))
    record, new = store.observe(both, src("a3"), WINDOW)
    assert not new
    assert record.fact_id == earlier.fact_id
    # Seen at the same instant: the smaller id.
    tied = [action_fact("visit", ("Russia",), (t,), a, T0) for t, a in (("China", "b1"), ("Iran", "b2"))]
    for fact in tied:
        assert store.observe(fact, src(fact.first_article), WINDOW)[1]
    record, new = store.observe(action_fact("visit", ("Russia",), ("China", "Iran"), "b3", T0), src("b3"), WINDOW)
    assert not new
    assert record.fact_id == min(f.fact_id for f in tied)


def test_a_plan_in_the_history_reads_as_one(make_store: Callable[[], FactStore]) -> None:
    """"3,000 now, to increase to 10,000 by December", then "about 11,000": the history shows the 10,000
    as the plan it was, from any store (the qualifier of the figure's first sighting is kept)."""
    store = make_store()
    for value, qualifier, article in ((3000, "exact", "a1"), (10000, "planned", "a1")):
        key = f"fig|North Korea|{value}"
        store.observe(FactRecord(fact_id(key, None, article), "troop_figure", key, None, T0, T0, article,
                                 actor="North Korea", value=value, qualifier=qualifier), src(article), WINDOW)
    # Seen again later as a count: still the plan it was first reported as (the same fact, first seen as one).
    key = "fig|North Korea|10000"
    store.observe(FactRecord(fact_id(key, None, "a2"), "troop_figure", key, None, T0 + timedelta(days=1),
                             T0 + timedelta(days=1), "a2", actor="North Korea", value=10000, qualifier="exact"),
                  src("a2"), WINDOW)
    history = store.figures_for("North Korea", T0 - WINDOW)
    assert [(r.value, r.qualifier) for r in history] == [(3000, "exact"), (10000, "planned")]
    fig = TroopFigure(value=11000, qualifier="about", sentence="s", actor="North Korea")
    assert summarize_figure(fig, history) == "North Korea troops: about 11,000; previously 3,000 → 10,000 (planned)"
    expected = TroopFigure(value=12000, qualifier="about", sentence="s", actor="North Korea")
    hoped = [replace(history[0], qualifier="expected"), replace(history[1], qualifier=None)]
    assert summarize_figure(expected, hoped) == "North Korea troops: about 12,000; previously 3,000 (expected) → 10,000"


def test_an_addition_or_a_withdrawal_reads_as_one() -> None:
    """"1,500 more troops" is not how many are there: the alert says so. Nor is a count pulled out."""
    def line(value: int, sentence: str, low: int | None = None, qualifier: str = "exact") -> str:
        return summarize_figure(TroopFigure(value=value, low=low, high=value if low else None, qualifier=qualifier,
                                            sentence=sentence, actor="North Korea"), [])

    assert line(1500, "North Korea sends 1,500 more troops to Russia after heavy losses") == \
        "North Korea troops: 1,500 more"
    assert line(3000, "North Korea has sent about 3,000 additional troops to Russia", qualifier="about") == \
        "North Korea troops: about 3,000 more"
    assert line(1500, "North Korea has sent a further 1,000 to 1,500 troops to Russia", low=1000, qualifier="range") \
        == "North Korea troops: 1,000–1,500 more"
    assert line(5000, "North Korea has rotated about 5,000 of its soldiers out of Russia's Kursk region",
                qualifier="about") == "North Korea troops: about 5,000 withdrawn"
    assert line(3000, "About 3,000 North Korean troops have been withdrawn from Kursk", qualifier="about") == \
        "North Korea troops: about 3,000 withdrawn"
    # Counts of those there, whatever words are near them.
    assert line(11000, "About 11,000 North Korean troops were sent to Russia, out of a planned 15,000",
                qualifier="about") == "North Korea troops: about 11,000"
    assert line(11000, "North Korea sent about 11,000 troops to Russia from its eastern bases", qualifier="about") \
        == "North Korea troops: about 11,000"
    assert line(12500, "bringing the total it has deployed to roughly 12,000 to 12,500", low=12000,
                qualifier="range") == "North Korea troops: 12,000–12,500"
