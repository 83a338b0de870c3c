"""SQLite-backed stores for the embedded runner (``monitor run``).

One database file in the data directory holds every store's table, so a
restart neither re-alerts nor forgets. WAL mode lets readers (``monitor``
inspection commands) work while the runner writes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from monitor.analysis.dedup import Candidates
from monitor.analysis.novelty import MAX_SOURCES, FactRecord, same_targets
from monitor.analysis.stories import StoryState
from monitor.errors import StateError
from monitor.models import SourceRef


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the state database with sane pragmas."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    except (OSError, sqlite3.Error) as exc:
        raise StateError(f"cannot open state database {path}: {exc}") from exc
    return conn


class SqliteFactStore:
    """:class:`~monitor.analysis.novelty.FactStore` in SQLite."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
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
            """
        )

    def observe(self, candidate: FactRecord, source: SourceRef, window: timedelta) -> tuple[FactRecord, bool]:
        at = candidate.last_seen
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                rows = self._conn.execute(
                    "SELECT record FROM facts WHERE key = ? AND last_seen >= ? ORDER BY first_seen",
                    (candidate.key, (at - window).timestamp()),
                ).fetchall()
                for (raw,) in rows:
                    known = FactRecord.from_dict(json.loads(raw))
                    if not same_targets(known.targets, candidate.targets):
                        continue
                    known.last_seen = max(known.last_seen, at)
                    if len(known.sources) < MAX_SOURCES and all(s.article_id != source.article_id
                                                                for s in known.sources):
                        known.sources.append(source)
                    self._conn.execute(
                        "UPDATE facts SET last_seen = ?, record = ? WHERE fact_id = ?",
                        (known.last_seen.timestamp(), json.dumps(known.to_dict()), known.fact_id),
                    )
                    self._conn.execute("COMMIT")
                    return known, False
                stored = FactRecord.from_dict(candidate.to_dict())
                stored.sources = [source]
                self._conn.execute(
                    "INSERT OR REPLACE INTO facts(fact_id, key, actor, first_seen, last_seen, record) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (stored.fact_id, stored.key, stored.actor if stored.kind == "troop_figure" else None,
                     stored.first_seen.timestamp(), stored.last_seen.timestamp(), json.dumps(stored.to_dict())),
                )
                self._conn.execute("COMMIT")
                return stored, True
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise StateError(f"fact store: {exc}") from exc

    def figures_for(self, actor: str, since: datetime) -> list[FactRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT record FROM facts WHERE actor = ? AND first_seen >= ? ORDER BY first_seen",
                (actor, since.timestamp()),
            ).fetchall()
        return [FactRecord.from_dict(json.loads(raw)) for (raw,) in rows]

    def evict(self, before: datetime) -> int:
        with self._lock:
            cur = self._conn.execute("DELETE FROM facts WHERE last_seen < ?", (before.timestamp(),))
        return cur.rowcount

    def __len__(self) -> int:
        with self._lock:
            (n,) = self._conn.execute("SELECT COUNT(*) FROM facts").fetchone()
        return int(n)


def _signed(key: int) -> int:
    """SQLite integers are signed 64-bit; our keys are unsigned."""
    return key - (1 << 64) if key >= (1 << 63) else key


class SqliteDedupStore:
    """:class:`~monitor.analysis.dedup.DedupStore` in SQLite (embedded runner)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
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
        with self._lock:
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
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            keys = [k for k in (url_key, body_key) if k is not None]
            self._conn.executemany("INSERT OR REPLACE INTO dedup_exact VALUES (?, ?, ?)",
                                   [(_signed(k), article_id, ts) for k in keys])
            self._conn.executemany("INSERT OR REPLACE INTO dedup_band VALUES (?, ?, ?)",
                                   [(_signed(k), article_id, ts) for k in bands])
            self._conn.execute("INSERT OR REPLACE INTO dedup_article VALUES (?, ?, ?)", (article_id, signature, ts))
            self._conn.execute("COMMIT")

    def evict(self, before: datetime) -> int:
        ts = before.timestamp()
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("DELETE FROM dedup_exact WHERE at < ?", (ts,))
            self._conn.execute("DELETE FROM dedup_band WHERE at < ?", (ts,))
            n = self._conn.execute("DELETE FROM dedup_article WHERE at < ?", (ts,)).rowcount
            self._conn.execute("COMMIT")
        return n

    def size(self) -> int:
        with self._lock:
            (n,) = self._conn.execute("SELECT COUNT(*) FROM dedup_article").fetchone()
        return int(n)


class SqliteStoryStore:
    """:class:`~monitor.analysis.stories.StoryStore` in SQLite (embedded runner)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()
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
        with self._lock:
            rows = self._conn.execute(
                f"SELECT s.state FROM story s WHERE s.last_seen >= ? AND s.story_id IN "  # noqa: S608
                f"(SELECT story_id FROM story_term WHERE term IN ({marks}))", [since.timestamp(), *terms]
            ).fetchall()
        return [StoryState.from_json(r[0]) for r in rows]

    def save(self, story: StoryState, article_id: str) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("INSERT OR REPLACE INTO story VALUES (?, ?, ?)",
                               (story.story_id, story.to_json(), story.last_seen.timestamp()))
            self._conn.execute("DELETE FROM story_term WHERE story_id = ?", (story.story_id,))
            self._conn.executemany("INSERT OR IGNORE INTO story_term VALUES (?, ?)",
                                   [(t, story.story_id) for t in story.terms])
            self._conn.execute("INSERT OR REPLACE INTO story_article VALUES (?, ?, ?)",
                               (article_id, story.story_id, story.last_seen.timestamp()))
            self._conn.execute("COMMIT")

    def story_of(self, article_id: str) -> StoryState | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT s.state FROM story_article a JOIN story s ON s.story_id = a.story_id WHERE a.article_id = ?",
                (article_id,)).fetchone()
        return StoryState.from_json(row[0]) if row else None

    def evict(self, before: datetime) -> int:
        ts = before.timestamp()
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            old = [r[0] for r in self._conn.execute("SELECT story_id FROM story WHERE last_seen < ?", (ts,))]
            self._conn.executemany("DELETE FROM story_term WHERE story_id = ?", [(s,) for s in old])
            self._conn.execute("DELETE FROM story WHERE last_seen < ?", (ts,))
            self._conn.execute("DELETE FROM story_article WHERE at < ?", (ts,))
            self._conn.execute("COMMIT")
        return len(old)
