"""SQLite-backed stores for the embedded runner (``monitor run``).

One database file in the data directory holds every store's table, so a
restart neither re-alerts nor forgets. WAL mode lets readers (``monitor``
inspection commands) work while the runner writes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

from monitor.analysis.novelty import MAX_SOURCES, FactRecord, same_targets
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
