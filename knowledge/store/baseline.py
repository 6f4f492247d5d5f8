"""The benchmark's baselines in SQL: raw page text, and plain FTS5 bm25 over the item text.

They are what the store is measured against, kept here because the store owns every statement.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from knowledge.store.base import StoreBase


class RawPageIndex:
    """Raw page text in one FTS5 table, one transaction a page: the ingest baseline."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS pages USING fts5(url, text)")

    def add(self, url: str | None, text: str) -> None:
        """Store one page as it is."""
        self.conn.execute("BEGIN")
        self.conn.execute("INSERT INTO pages VALUES (?, ?)", (url, text))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class PlainIndexStore(StoreBase):
    """Plain FTS5 bm25 over each item's title and body, without any of the store's own terms."""

    def build_plain_index(self) -> list[tuple[int, str]]:
        """(Re)build the plain index; return every item's id and text, for other baselines."""
        with self.transaction() as conn:
            conn.execute("DROP TABLE IF EXISTS plain_fts")
            conn.execute("CREATE VIRTUAL TABLE plain_fts USING fts5(text)")
            conn.execute("INSERT INTO plain_fts(rowid, text) SELECT id, title || ' ' || body FROM items")
        return [(r[0], r[1]) for r in self._rows("SELECT id, title || ' ' || body FROM items")]

    def plain_search(self, expression: str, *, limit: int = 5) -> list[int]:
        """Return the ids of the best items for an FTS5 expression, by bm25."""
        rows = self._rows("SELECT rowid FROM plain_fts WHERE plain_fts MATCH ? ORDER BY rank LIMIT ?", (expression, limit))
        return [r[0] for r in rows]
