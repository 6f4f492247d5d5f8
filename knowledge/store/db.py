"""The store's connection, schema and migrations, and the `Store` composed of its parts.

A Store opens one connection per thread, in WAL mode: readers never wait for a writer, and
writers wait in SQLite (busy timeout 60 s), never behind a Python lock. Writes run in short
transactions (one page at a time), so an interrupted ingest leaves the previous data as it was. The schema is created and migrated by code; each
part of the store (items, committees, overview, stored questions) owns its SQL in a
module of its own: a class on `StoreBase` that `Store` lists among its bases. A new
table comes as a migration appended to MIGRATIONS and such a class.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from knowledge.store.base import StoreError, StoreWriteError
from knowledge.store.baseline import PlainIndexStore
from knowledge.store.committees import COMMITTEES_MIGRATION, CommitteeStore
from knowledge.store.deliveries import DELIVERIES_MIGRATION
from knowledge.store.fetch import FETCH_MIGRATION, FetchStore
from knowledge.store.items import ItemStore, StoredItem, UpsertResult, meeting_key
from knowledge.store.overview import OverviewStore
from knowledge.store.queries import QueryStore

MIGRATIONS: list[str] = [
    # 1: meetings, items (sub-entries are items with a parent), case numbers, facts, search index.
    """
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        url TEXT,
        host TEXT,
        organisation TEXT,
        committee_slug TEXT,
        committee_name TEXT,
        meeting_date TEXT,
        source_name TEXT,
        content_hash TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX meetings_committee ON meetings(committee_slug, meeting_date);
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
        key TEXT NOT NULL UNIQUE,
        position INTEGER NOT NULL,
        number INTEGER,
        paragraph INTEGER,
        title TEXT NOT NULL,
        title_derived INTEGER NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        context TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL,
        seq INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        title_terms TEXT NOT NULL,
        body_terms TEXT NOT NULL
    );
    CREATE INDEX items_meeting ON items(meeting_id);
    CREATE INDEX items_parent ON items(parent_id);
    CREATE INDEX items_seq ON items(seq);
    CREATE TABLE case_numbers (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        raw TEXT NOT NULL,
        canonical TEXT NOT NULL,
        key TEXT NOT NULL,
        series TEXT NOT NULL,
        year INTEGER NOT NULL,
        serial INTEGER NOT NULL,
        doc INTEGER
    );
    CREATE INDEX case_numbers_key ON case_numbers(key);
    CREATE INDEX case_numbers_serial ON case_numbers(serial, year);
    CREATE INDEX case_numbers_item ON case_numbers(item_id);
    CREATE TABLE facts (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        role TEXT,
        number REAL,
        snippet TEXT NOT NULL
    );
    CREATE INDEX facts_item ON facts(item_id);
    CREATE INDEX facts_kind ON facts(kind, role, value);
    CREATE VIRTUAL TABLE items_fts USING fts5(
        title_terms, body_terms, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
    );
    CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
        INSERT INTO items_fts(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
    END;
    CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END;
    CREATE TRIGGER items_au AFTER UPDATE OF title_terms, body_terms ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO items_fts(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
    END;
    CREATE VIRTUAL TABLE items_vocab USING fts5vocab(items_fts, 'row');
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO counters VALUES ('seq', 0), ('generation', 0);
    """,
    # 2: subscriptions and deliveries of the weekly digest.
    """
    CREATE TABLE subscribers (
        chat_id INTEGER PRIMARY KEY,
        active INTEGER NOT NULL DEFAULT 1,
        paused INTEGER NOT NULL DEFAULT 0,
        last_seq INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES subscribers(chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (chat_id, kind, value)
    );
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        run_key TEXT NOT NULL,
        chat_id INTEGER NOT NULL REFERENCES subscribers(chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
        upto_seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        parts_sent INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        UNIQUE (run_key, chat_id)
    );
    CREATE INDEX deliveries_status ON deliveries(status);
    """,
    # 3: questions behind buttons, so "Fler" and suggestion buttons work after a restart.
    """
    CREATE TABLE queries (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    """,
    # 4: committees keyed by (organisation, slug), filled from the meetings stored so far.
    COMMITTEES_MIGRATION,
    # 5: what each fetched page's server said last time (ETag, Last-Modified, content hash).
    FETCH_MIGRATION,
    # 6: the digest ledger claims before sending; questions behind buttons belong to one chat and expire.
    DELIVERIES_MIGRATION,
]

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 60.0  # longer than any single write transaction (one page of an ingest or a sync)


def check_database(path: Path) -> None:
    """Raise StoreError when an existing file is not a usable namndbot database; never write to it.

    Checked before the store opens the file for writing: the SQLite header, `PRAGMA quick_check`,
    the `meta` table a namndbot database has, and a schema version this code knows.
    """
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError(f"{path} är ingen databasfil (det är en mapp eller en specialfil)")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        if f.read(16) != SQLITE_HEADER:
            raise StoreError(f"{path} är ingen namndbot-databas (filen är inte en SQLite-databas)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"databasen {path} går inte att öppna: {exc}") from exc
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise StoreError(f"databasen {path} är skadad ({problems[0]}); återställ en säkerhetskopia")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if "meta" in tables else None
        if row is None:
            raise StoreError(f"{path} är ingen namndbot-databas (den saknar namndbots schemaversion)")
        if int(row[0]) > len(MIGRATIONS):
            raise StoreError(
                f"databasen {path} har schemaversion {row[0]}, nyare än den här versionen av namndbot "
                f"({len(MIGRATIONS)}); uppdatera namndbot"
            )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"databasen {path} är skadad ({exc}); återställ en säkerhetskopia") from exc
    finally:
        conn.close()


class Store(ItemStore, CommitteeStore, OverviewStore, QueryStore, FetchStore, PlainIndexStore):
    """Own one SQLite connection to the namndbot database."""

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()  # guards the list only, never held while SQLite waits
        check_database(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self._migrate()
            self.refresh_terms()
        except StoreError:
            raise
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"databasen {self.path} går inte att använda: {exc}") from exc

    @property
    def conn(self) -> sqlite3.Connection:
        """Return this thread's connection, opening it on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None,
                                   timeout=self.busy_timeout)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection of this store."""
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    def checkpoint(self) -> None:
        """Write the write-ahead log into the database file, before copying the file or measuring it."""
        with self.lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as conn:
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (str(number),),
                )

    @property
    def schema_version(self) -> int:
        """Return the schema version the database is at."""
        return int(self._rows("SELECT value FROM meta WHERE key = 'schema_version'")[0][0])


__all__ = ["MIGRATIONS", "Store", "StoreError", "StoreWriteError", "StoredItem", "UpsertResult", "meeting_key"]


def _statements(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
