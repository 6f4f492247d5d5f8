"""Questions behind buttons: stored per chat under an unguessable token, forgotten after 48 hours."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from knowledge.store.base import StoreBase

QUERY_LIFETIME = timedelta(hours=48)
TOKEN_BYTES = 12  # 16 URL-safe characters: unguessable, and short enough for 64-byte callback data


def new_token() -> str:
    """Return a fresh unguessable token for callback data."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _cutoff(now: datetime) -> str:
    return (now - QUERY_LIFETIME).isoformat()


class QueryStore(StoreBase):
    """The questions a chat asked that its buttons (paging, examples) refer to."""

    def remember_query(self, chat_id: int, text: str, *, now: datetime, token: str | None = None) -> str:
        """Store a question for this chat and return its token; questions past their lifetime go."""
        token = token or new_token()
        with self.transaction() as conn:
            conn.execute("DELETE FROM queries WHERE created_at < ?", (_cutoff(now),))
            conn.execute("INSERT OR REPLACE INTO queries(token, chat_id, text, created_at) VALUES (?, ?, ?, ?)",
                         (token, chat_id, text, now.isoformat()))
        return token

    def recall_query(self, chat_id: int, token: str, *, now: datetime) -> str | None:
        """Return the question behind a token when it belongs to this chat and has not expired."""
        rows = self._rows("SELECT text FROM queries WHERE token = ? AND chat_id = ? AND created_at >= ?",
                          (token, chat_id, _cutoff(now)))
        return str(rows[0][0]) if rows else None

    def forget_expired_queries(self, *, now: datetime) -> int:
        """Delete every question past its lifetime; return how many."""
        with self.transaction() as conn:
            return conn.execute("DELETE FROM queries WHERE created_at < ?", (_cutoff(now),)).rowcount

    def count_queries(self, chat_id: int) -> int:
        """Return how many questions are stored for a chat."""
        return int(self._rows("SELECT count(*) FROM queries WHERE chat_id = ?", (chat_id,))[0][0])
