"""What every part of the store shares: the connection, its lock and transactions."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


class StoreBase:
    """The connection the store's parts run their SQL on; `Store` opens it."""

    conn: sqlite3.Connection
    lock: threading.RLock

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block of writes as one transaction: all of it is stored, or none."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read query under the connection lock."""
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read query under the connection lock. Internal to the store.

        Code outside `knowledge/store/` asks the store's typed methods instead; the
        remaining callers outside are moving their statements into store modules.
        """
        return self._rows(sql, params)


def placeholders(values: Sequence[Any]) -> str:
    """Return `?,?,…` for an IN clause over these values."""
    return ",".join("?" * len(values))


def content_hash(*parts: Any) -> str:
    """Return a short stable hash of the parts, to tell changed content from unchanged."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:16]
