"""SQLite-backed stores for the embedded runner (``monitor run``).

One database file in the data directory holds every store's table, so a
restart neither re-alerts nor forgets. WAL mode lets readers (``monitor``
inspection commands) work while the runner writes. The stores of one
connection share its transactions: the pipeline commits an article's dedup
entry, story and facts in one transaction (see :meth:`StateConnection.transaction`),
so a crash never leaves half an article in the state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from monitor.analysis.dedup import Candidates
from monitor.analysis.novelty import MAX_SOURCES, FactRecord, Observed, Sighting, same_targets
from monitor.analysis.stories import StoryState
from monitor.errors import StateError
from monitor.models import SourceRef


class StateConnection(sqlite3.Connection):
    """A connection whose stores share one lock and nest their transactions.

    A store's write runs in :meth:`transaction`; inside an outer transaction (the
    pipeline's, one per article) it joins that one instead of committing on its own.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), or a part of the enclosing one.

        An error rolls back the outermost transaction and surfaces as :class:`StateError`.
        """
        with self.lock:
            if self._depth == 0:
                try:
                    self.execute("BEGIN IMMEDIATE")
                except sqlite3.Error as exc:
                    raise StateError(f"state database: cannot begin a transaction: {exc}") from exc
            self._depth += 1
            try:
                yield
            except BaseException as exc:
                self._depth -= 1
                if self._depth == 0 and self.in_transaction:
                    self.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StateError(f"state database: {exc}") from exc
                raise
            self._depth -= 1
            if self._depth == 0:
                try:
                    self.execute("COMMIT")
                except sqlite3.Error as exc:
                    if self.in_transaction:
                        self.execute("ROLLBACK")
                    raise StateError(f"state database: cannot commit: {exc}") from exc


def connect(path: Path) -> StateConnection:
    """Open (creating if needed) the state database with sane pragmas."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30,
                               factory=StateConnection)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # Checkpoint the WAL every ~40 MB instead of ~4 MB: the dedup index and the facts write to
        # scattered pages, and a page rewritten many times between checkpoints is copied back once.
        conn.execute("PRAGMA wal_autocheckpoint=10000")
    except (OSError, sqlite3.Error) as exc:
        raise StateError(f"cannot open state database {path}: {exc}") from exc
    return conn


class SqliteFactStore:
    """:class:`~monitor.analysis.novelty.FactStore` in SQLite.

    A fact's record is kept without its sources; sources are rows of their own
    (at most MAX_SOURCES per fact), so corroborating a well-known fact adds a row
    instead of rewriting every source it has. Records written before that split
    still carry their sources inline; they are read first.
    """

    def __init__(self, conn: StateConnection) -> None:
        self._conn = conn
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS facts (
                fact_id TEXT PRIMARY KEY,
                key TEXT NOT NULL,
                actor TEXT,
                first_seen REAL NOT NULL,
                last_seen REAL NOT NULL,
                record TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS facts_key ON facts(key);
            CREATE INDEX IF NOT EXISTS facts_actor ON facts(actor, first_seen);
            CREATE INDEX IF NOT EXISTS facts_last_seen ON facts(last_seen);
            CREATE TABLE IF NOT EXISTS fact_sources (
                fact_id TEXT NOT NULL,
                article_id TEXT NOT NULL,
                ref TEXT NOT NULL,
                PRIMARY KEY (fact_id, article_id)
            );
            """
        )

    def observe(self, candidate: FactRecord, source: SourceRef, window: timedelta) -> tuple[FactRecord, bool]:
        with self._conn.transaction():
            record, is_new = self._observe(candidate, source, window)
            if not is_new:
                record.sources = self._sources(record)
        return record, is_new

    def observe_many(self, sightings: Sequence[Sighting], window: timedelta) -> list[Observed]:
        """Observe an article's facts in one transaction (see :func:`~monitor.analysis.novelty.observe_all`).

        Sources and history are read only for a fact that may alert: new, or first
        reported by this very article (a re-delivery).
        """
        out: list[Observed] = []
        with self._conn.transaction():
            for s in sightings:
                record, is_new = self._observe(s.candidate, s.source, window)
                history: list[FactRecord] = []
                if is_new or record.first_article == s.source.article_id:
                    if not is_new:
                        record.sources = self._sources(record)
                    if s.history_since is not None and s.candidate.actor:
                        # Read after the observation: it adds or touches only the figure of this value,
                        # which the caller leaves out of the history.
                        history = self.figures_for(s.candidate.actor, s.history_since)
                out.append(Observed(record, is_new, history))
        return out

    def _observe(self, candidate: FactRecord, source: SourceRef, window: timedelta) -> tuple[FactRecord, bool]:
        """The known same fact with ``source`` added (its sources not loaded), or the stored candidate."""
        at = candidate.last_seen
        conn = self._conn
        rows = conn.execute(
            "SELECT record FROM facts WHERE key = ? AND last_seen >= ? ORDER BY first_seen, fact_id",
            (candidate.key, (at - window).timestamp()),
        ).fetchall()
        for (raw,) in rows:
            data = json.loads(raw)
            targets = data.get("targets")
            if not same_targets(None if targets is None else tuple(targets), candidate.targets):
                continue
            known = FactRecord.from_dict(data)
            if at > known.last_seen:
                known.last_seen = at
                conn.execute("UPDATE facts SET last_seen = ?, record = ? WHERE fact_id = ?",
                             (at.timestamp(), json.dumps(known.to_dict()), known.fact_id))
            inline = known.sources  # records from before sources had their own rows
            if all(s.article_id != source.article_id for s in inline):
                conn.execute(
                    "INSERT OR IGNORE INTO fact_sources(fact_id, article_id, ref) SELECT ?, ?, ? "
                    "WHERE (SELECT COUNT(*) FROM fact_sources WHERE fact_id = ?) < ?",
                    (known.fact_id, source.article_id, json.dumps(source.to_dict()), known.fact_id,
                     MAX_SOURCES - len(inline)))
            return known, False
        stored = replace(candidate, sources=[])
        conn.execute(
            "INSERT OR REPLACE INTO facts(fact_id, key, actor, first_seen, last_seen, record) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (stored.fact_id, stored.key, stored.actor if stored.kind == "troop_figure" else None,
             stored.first_seen.timestamp(), stored.last_seen.timestamp(), json.dumps(stored.to_dict())),
        )
        conn.execute("DELETE FROM fact_sources WHERE fact_id = ?", (stored.fact_id,))
        conn.execute("INSERT INTO fact_sources(fact_id, article_id, ref) VALUES (?, ?, ?)",
                     (stored.fact_id, source.article_id, json.dumps(source.to_dict())))
        stored.sources = [source]
        return stored, True

    def _sources(self, record: FactRecord) -> list[SourceRef]:
        rows = self._conn.execute("SELECT ref FROM fact_sources WHERE fact_id = ? ORDER BY rowid",
                                  (record.fact_id,)).fetchall()
        return record.sources + [SourceRef.from_dict(json.loads(raw)) for (raw,) in rows]

    def figures_for(self, actor: str, since: datetime) -> list[FactRecord]:
        """The actor's figures (their sources not loaded: a history needs values and times)."""
        with self._conn.lock:
            rows = self._conn.execute(
                "SELECT record FROM facts WHERE actor = ? AND first_seen >= ? ORDER BY first_seen, fact_id",
                (actor, since.timestamp()),
            ).fetchall()
        return [FactRecord.from_dict(json.loads(raw)) for (raw,) in rows]

    def evict(self, before: datetime) -> int:
        with self._conn.transaction():
            ts = before.timestamp()
            self._conn.execute("DELETE FROM fact_sources WHERE fact_id IN "
                               "(SELECT fact_id FROM facts WHERE last_seen < ?)", (ts,))
            cur = self._conn.execute("DELETE FROM facts WHERE last_seen < ?", (ts,))
        return cur.rowcount

    def __len__(self) -> int:
        with self._conn.lock:
            (n,) = self._conn.execute("SELECT COUNT(*) FROM facts").fetchone()
        return int(n)


def _signed(key: int) -> int:
    """SQLite integers are signed 64-bit; our keys are unsigned."""
    return key - (1 << 64) if key >= (1 << 63) else key


class SqliteDedupStore:
    """:class:`~monitor.analysis.dedup.DedupStore` in SQLite (embedded runner)."""

    def __init__(self, conn: StateConnection) -> None:
        self._conn = conn
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS dedup_exact (key INTEGER PRIMARY KEY, article_id TEXT NOT NULL, at REAL);
            CREATE TABLE IF NOT EXISTS dedup_band (key INTEGER PRIMARY KEY, article_id TEXT NOT NULL, at REAL);
            CREATE TABLE IF NOT EXISTS dedup_article (article_id TEXT PRIMARY KEY, sig BLOB NOT NULL, at REAL);
            CREATE INDEX IF NOT EXISTS dedup_article_at ON dedup_article(at);
            CREATE INDEX IF NOT EXISTS dedup_exact_at ON dedup_exact(at);
            CREATE INDEX IF NOT EXISTS dedup_band_at ON dedup_band(at);
            """
        )

    def lookup(self, url_key: int | None, body_key: int, bands: Sequence[int]) -> Candidates:
        with self._conn.lock:
            def exact(key: int | None) -> str | None:
                if key is None:
                    return None
                row = self._conn.execute("SELECT article_id FROM dedup_exact WHERE key = ?", (_signed(key),)).fetchone()
                return str(row[0]) if row else None

            by_url, by_body = exact(url_key), exact(body_key)
            marks = ",".join("?" * len(bands))
            rows = self._conn.execute(
                f"SELECT DISTINCT a.article_id, a.sig FROM dedup_band b JOIN dedup_article a "  # noqa: S608
                f"ON a.article_id = b.article_id WHERE b.key IN ({marks}) ORDER BY a.at, a.article_id",
                [_signed(b) for b in bands]
            ).fetchall()
        return Candidates(by_url, by_body, [(str(r[0]), bytes(r[1])) for r in rows])

    def add(self, article_id: str, url_key: int | None, body_key: int, bands: Sequence[int], signature: bytes,
            at: datetime) -> None:
        ts = at.timestamp()
        with self._conn.transaction():
            keys = [k for k in (url_key, body_key) if k is not None]
            self._conn.executemany("INSERT OR REPLACE INTO dedup_exact VALUES (?, ?, ?)",
                                   [(_signed(k), article_id, ts) for k in keys])
            self._conn.executemany("INSERT OR REPLACE INTO dedup_band VALUES (?, ?, ?)",
                                   [(_signed(k), article_id, ts) for k in bands])
            self._conn.execute("INSERT OR REPLACE INTO dedup_article VALUES (?, ?, ?)", (article_id, signature, ts))

    def evict(self, before: datetime) -> int:
        ts = before.timestamp()
        with self._conn.transaction():
            self._conn.execute("DELETE FROM dedup_exact WHERE at < ?", (ts,))
            self._conn.execute("DELETE FROM dedup_band WHERE at < ?", (ts,))
            n = self._conn.execute("DELETE FROM dedup_article WHERE at < ?", (ts,)).rowcount
        return n

    def size(self) -> int:
        with self._conn.lock:
            (n,) = self._conn.execute("SELECT COUNT(*) FROM dedup_article").fetchone()
        return int(n)


class SqliteStoryStore:
    """:class:`~monitor.analysis.stories.StoryStore` in SQLite (embedded runner)."""

    def __init__(self, conn: StateConnection) -> None:
        self._conn = conn
        conn.executescript(
            """
            CREATE TABLE IF NOT EXISTS story (story_id TEXT PRIMARY KEY, state TEXT NOT NULL, last_seen REAL);
            CREATE TABLE IF NOT EXISTS story_term (term TEXT, story_id TEXT, PRIMARY KEY (term, story_id));
            CREATE TABLE IF NOT EXISTS story_article (article_id TEXT PRIMARY KEY, story_id TEXT, at REAL);
            CREATE INDEX IF NOT EXISTS story_last_seen ON story(last_seen);
            CREATE INDEX IF NOT EXISTS story_term_story ON story_term(story_id);
            """
        )

    def candidates(self, terms: Sequence[str], since: datetime) -> list[StoryState]:
        if not terms:
            return []
        marks = ",".join("?" * len(terms))
        with self._conn.lock:
            rows = self._conn.execute(
                f"SELECT s.state FROM story s WHERE s.last_seen >= ? AND s.story_id IN "  # noqa: S608
                f"(SELECT story_id FROM story_term WHERE term IN ({marks}))", [since.timestamp(), *terms]
            ).fetchall()
        return [StoryState.from_json(r[0]) for r in rows]

    def save(self, story: StoryState, article_id: str) -> None:
        with self._conn.transaction():
            self._conn.execute("INSERT OR REPLACE INTO story VALUES (?, ?, ?)",
                               (story.story_id, story.to_json(), story.last_seen.timestamp()))
            # Only the terms that changed: a growing story keeps most of its terms, and every row
            # rewritten is index pages written at commit.
            old = {r[0] for r in self._conn.execute("SELECT term FROM story_term WHERE story_id = ?",
                                                    (story.story_id,))}
            new = set(story.terms)
            self._conn.executemany("DELETE FROM story_term WHERE term = ? AND story_id = ?",
                                   [(t, story.story_id) for t in old - new])
            self._conn.executemany("INSERT OR IGNORE INTO story_term VALUES (?, ?)",
                                   [(t, story.story_id) for t in story.terms if t not in old])
            self._conn.execute("INSERT OR REPLACE INTO story_article VALUES (?, ?, ?)",
                               (article_id, story.story_id, story.last_seen.timestamp()))

    def story_of(self, article_id: str) -> StoryState | None:
        with self._conn.lock:
            row = self._conn.execute(
                "SELECT s.state FROM story_article a JOIN story s ON s.story_id = a.story_id WHERE a.article_id = ?",
                (article_id,)).fetchone()
        return StoryState.from_json(row[0]) if row else None

    def evict(self, before: datetime) -> int:
        ts = before.timestamp()
        with self._conn.transaction():
            old = [r[0] for r in self._conn.execute("SELECT story_id FROM story WHERE last_seen < ?", (ts,))]
            self._conn.executemany("DELETE FROM story_term WHERE story_id = ?", [(s,) for s in old])
            self._conn.execute("DELETE FROM story WHERE last_seen < ?", (ts,))
            self._conn.execute("DELETE FROM story_article WHERE at < ?", (ts,))
        return len(old)
