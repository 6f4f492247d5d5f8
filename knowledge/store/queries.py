"""Questions stored behind buttons, so "Fler" and suggestion buttons work after a restart."""

from __future__ import annotations

from knowledge.store.base import StoreBase


class QueryStore(StoreBase):
    """Remember and recall the questions behind buttons."""

    def remember_query(self, text: str, *, now: str) -> int:
        """Store a question behind a button and return its id (the same id for the same text)."""
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO queries(text, created_at) VALUES (?, ?)", (text, now))
            return int(conn.execute("SELECT id FROM queries WHERE text = ?", (text,)).fetchone()[0])

    def recall_query(self, query_id: int) -> str | None:
        """Return the question stored under an id, or None."""
        rows = self._rows("SELECT text FROM queries WHERE id = ?", (query_id,))
        return rows[0][0] if rows else None
