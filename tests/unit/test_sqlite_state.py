"""The embedded runner's SQLite state: the same analyses as in-memory state, one transaction per article."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.analysis.novelty import Observed, Sighting
from monitor.analysis.pipeline import Pipeline, Stores
from monitor.models import Article
from monitor.state.sqlite import SqliteDedupStore, SqliteFactStore, SqliteStoryStore, StateConnection, connect
from tests.unit.test_pipeline_split import stream


def sqlite_pipeline(conn: StateConnection, facts: SqliteFactStore | None = None) -> Pipeline:
    facts = facts if facts is not None else SqliteFactStore(conn)  # not ``or``: an empty store is falsy
    return Pipeline(stores=Stores(dedup=SqliteDedupStore(conn), stories=SqliteStoryStore(conn), facts=facts,
                                  transaction=conn.transaction))


def full(p: Pipeline, articles: Sequence[Article]) -> list[str]:
    return [json.dumps(p.process(a).to_dict(), sort_keys=True, default=str) for a in articles]


def test_sqlite_state_gives_the_same_analyses_as_memory(tmp_path: Path) -> None:
    # The demo stream with republications and undated articles, then every article again (re-deliveries:
    # the same alerts, nothing a duplicate of itself), then copies from a later outlet (corroborations).
    arts = stream()
    later = [Article(id=a.id + "-later", text=a.text, url=None, title=a.title,
                     published=a.published + timedelta(days=1) if a.published else None, source="later")
             for a in arts]
    expected = full(Pipeline(), arts + arts + later)
    got = full(sqlite_pipeline(connect(tmp_path / "state.db")), arts + arts + later)
    assert got == expected
    assert any('"alerts": [{' in row for row in got), "the stream raises alerts"
    assert any('"duplicate_kind": "exact"' in row for row in got), "and has duplicates"


class FailingFacts(SqliteFactStore):
    """Fails once, after the dedup entry and the story of the article were written."""

    failed = False

    def observe_many(self, sightings: Sequence[Sighting], window: timedelta) -> list[Observed]:
        if not self.failed:
            self.failed = True
            raise RuntimeError("fact store failed")
        return super().observe_many(sightings, window)


def test_an_article_that_fails_half_way_leaves_no_state(tmp_path: Path) -> None:
    conn = connect(tmp_path / "state.db")
    facts = FailingFacts(conn)
    p = sqlite_pipeline(conn, facts)
    article = next(a for a in stream() if Pipeline().process(a).alerts)
    with pytest.raises(RuntimeError):
        p.process(article)
    counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("dedup_article", "story", "story_article", "facts", "fact_sources")]
    assert counts == [0, 0, 0, 0, 0]
    # Processed again (the runner retries), it is whole: new facts alert once, nothing is a duplicate.
    again = p.process(article)
    assert again.duplicate_of is None
    assert again.alerts
