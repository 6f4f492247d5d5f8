"""What every part of the store shares: the connection, its lock and transactions."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any


class StoreError(RuntimeError):
    """The database file cannot be used."""


class StoreWriteError(StoreError):
    """A write the file system refused (read-only file, full disk); the transaction was rolled back."""


# SQLite's primary result codes for a write the file system refused.
_WRITE_REFUSED = {8: "databasen är skrivskyddad", 10: "skrivfel på disken", 13: "disken är full"}


def write_refused(exc: sqlite3.Error) -> str | None:
    """Return why the file system refused a write, or None for any other database error."""
    code = getattr(exc, "sqlite_errorcode", None)
    return _WRITE_REFUSED.get(code & 0xFF) if isinstance(code, int) else None


class StoreBase:
    """The connection the store's parts run their SQL on; `Store` opens one per thread.

    No Python lock is held around SQLite: readers never wait for a writer (WAL), and a writer
    waits in SQLite's busy handler on its own thread's connection, never blocking other threads.
    """

    # Reads need no lock: each thread has its own connection. Kept for code that still says `with self.lock`.
    lock: AbstractContextManager[None] = nullcontext()

    @property
    def conn(self) -> sqlite3.Connection:  # opened per thread by Store
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block of writes as one transaction: all of it is stored, or none.

        `BEGIN IMMEDIATE` takes the write lock up front; while another writer holds it, SQLite's
        busy handler waits (up to the busy timeout) on this thread's connection only. A block
        inside another transaction on the same thread is part of that one.
        """
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            reason = write_refused(exc)
            if reason is None:
                raise
            where = getattr(self, "path", "")
            raise StoreWriteError(f"databasen {where} kunde inte skrivas: {reason}; inget ändrades") from exc

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read query on this thread's connection."""
        return self.conn.execute(sql, params).fetchall()

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read query on this thread's connection. Internal to the store.

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
