"""The SQLite store: meetings, items, sub-entries, case numbers, facts and the FTS5 index.

One Store owns one connection. Writes run in transactions, so an interrupted ingest
leaves the previous data as it was. The schema is created and migrated by code.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from knowledge.language.text import index_terms
from knowledge.models import AgendaItem, MeetingSource, ParsedMeeting, full_text
from knowledge.pages.casenumbers import CaseNumber
from knowledge.pages.facts import Fact
from knowledge.pages.parser import derive_title
from knowledge.pages.sources import committee_name_from_slug

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
    # 4: the digest ledger claims before sending (state, lease, attempted parts, items, button token);
    # questions behind buttons belong to one chat, under an unguessable token, and expire.
    """
    ALTER TABLE deliveries ADD COLUMN lease_until REAL;
    ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
    ALTER TABLE deliveries ADD COLUMN parts_attempted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE deliveries ADD COLUMN item_ids TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE deliveries ADD COLUMN token TEXT;
    CREATE INDEX deliveries_chat ON deliveries(chat_id, status);
    CREATE UNIQUE INDEX deliveries_token ON deliveries(token);
    DROP TABLE queries;
    CREATE TABLE queries (
        token TEXT PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX queries_chat ON queries(chat_id);
    CREATE INDEX queries_created ON queries(created_at);
    """,
]


class StoreError(RuntimeError):
    """The database file cannot be used."""


@dataclass(frozen=True)
class StoredItem:
    """An item (or sub-entry) as read back from the store, with its meeting."""

    id: int
    meeting_id: int
    parent_id: int | None
    position: int
    number: int | None
    paragraph: int | None
    title: str
    title_derived: bool
    kind: str
    body: str
    context: str
    seq: int
    url: str | None
    organisation: str | None
    committee_slug: str | None
    committee_name: str | None
    meeting_date: str | None
    parent_title: str | None = None

    @property
    def text(self) -> str:
        """Return the full text: heading (when the page gave one) and body."""
        return full_text(self.title, self.title_derived, self.body)


@dataclass(frozen=True)
class UpsertResult:
    """What storing one meeting did."""

    meeting_id: int
    status: str  # added | updated | unchanged
    items_added: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_removed: int = 0


ITEM_COLUMNS = """
    i.id, i.meeting_id, i.parent_id, i.position, i.number, i.paragraph, i.title, i.title_derived, i.kind,
    i.body, i.context, i.seq, m.url, m.organisation, m.committee_slug, m.committee_name, m.meeting_date,
    p.title AS parent_title
"""
ITEM_FROM = "items i JOIN meetings m ON m.id = i.meeting_id LEFT JOIN items p ON p.id = i.parent_id"


def _row_to_item(row: sqlite3.Row) -> StoredItem:
    return StoredItem(**{**dict(row), "title_derived": bool(row["title_derived"])})


def meeting_key(source: MeetingSource) -> str:
    """Return the identity of a meeting: its URL, else committee and date, else the file name."""
    if source.url:
        return source.url
    committee = source.committee_slug or "okänd-nämnd"
    if source.meeting_date:
        return f"{committee}/{source.meeting_date}"
    return f"{committee}/fil:{source.source_name}"


def _hash(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


BUSY_TIMEOUT_SECONDS = 60.0  # longer than any single write transaction (one page of an ingest)


class Store:
    """Own the namndbot database: one SQLite connection per thread, WAL, short write transactions.

    Readers never wait for a writer (WAL); a writer waits in SQLite's busy handler, never
    behind a Python lock, so a long ingest in another process or thread does not stall reads.
    """

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()  # guards the list only, never held while SQLite waits
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block of writes as one transaction: all of it is stored, or none.

        `BEGIN IMMEDIATE` takes the write lock up front; while another writer holds it, SQLite's
        busy handler waits (up to the busy timeout) on this thread's own connection only.
        """
        conn = self.conn
        if conn.in_transaction:  # nested: part of the enclosing transaction
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

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
        return int(self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])

    # -- writing -----------------------------------------------------------------------

    def _next_seq(self, conn: sqlite3.Connection) -> int:
        conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'")
        return int(conn.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0])

    def upsert_meeting(
        self, source: MeetingSource, parsed: ParsedMeeting, *, now: str, as_new: bool = False
    ) -> UpsertResult:
        """Store one parsed meeting page: add it, update what changed, or leave it as it is.

        Items keep their ids across re-ingests. With `as_new`, every item is stamped as
        newly ingested, so digests see it again.
        """
        key = meeting_key(source)
        committee_slug = source.committee_slug
        committee_name = parsed.committee_name or (committee_name_from_slug(committee_slug) if committee_slug else None)
        meeting_date = source.meeting_date or parsed.meeting_date
        meeting_hash = _hash(source, committee_name, meeting_date, [_item_hash(i) for i in parsed.items])
        with self.transaction() as conn:
            row = conn.execute("SELECT id, content_hash FROM meetings WHERE key = ?", (key,)).fetchone()
            if row and row["content_hash"] == meeting_hash and not as_new:
                count = conn.execute(
                    "SELECT count(*) FROM items WHERE meeting_id = ? AND parent_id IS NULL", (row["id"],)
                ).fetchone()[0]
                return UpsertResult(row["id"], "unchanged", items_unchanged=count)
            values = {
                "key": key, "url": source.url, "host": source.host, "organisation": source.organisation,
                "committee_slug": committee_slug, "committee_name": committee_name, "meeting_date": meeting_date,
                "source_name": source.source_name, "content_hash": meeting_hash, "updated_at": now,
            }
            if row:
                meeting_id = row["id"]
                conn.execute(
                    "UPDATE meetings SET " + ", ".join(f"{k} = :{k}" for k in values) + " WHERE id = :id",
                    {**values, "id": meeting_id},
                )
                status = "updated"
            else:
                cursor = conn.execute(
                    "INSERT INTO meetings (" + ", ".join(values) + ", ingested_at) VALUES ("
                    + ", ".join(f":{k}" for k in values) + ", :now)",
                    {**values, "now": now},
                )
                meeting_id = int(cursor.lastrowid or 0)
                status = "added"
            counts = self._store_items(conn, meeting_id, key, parsed.items, now=now, as_new=as_new)
            conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'generation'")
        return UpsertResult(meeting_id, status, *counts)

    def _store_items(
        self, conn: sqlite3.Connection, meeting_id: int, key: str, items: Sequence[AgendaItem], *, now: str, as_new: bool
    ) -> tuple[int, int, int, int]:
        existing = {
            r["key"]: (r["id"], r["content_hash"])
            for r in conn.execute("SELECT id, key, content_hash FROM items WHERE meeting_id = ?", (meeting_id,))
        }
        wanted: set[str] = set()
        added = updated = unchanged = 0
        db = sqlite_utils.Database(conn)
        for item in items:
            item_key = f"{key}#{item.position}"
            rows: list[tuple[str, str | None, str, bool, str, str, tuple[CaseNumber, ...], tuple[Fact, ...]]] = [
                (item_key, None, item.title, item.title_derived, item.body, "", item.case_numbers, item.facts)
            ]
            for n, entry in enumerate(item.entries, start=1):
                title = derive_title(entry.text)
                rows.append((f"{item_key}.{n}", item_key, title, True, entry.text, entry.context,
                             entry.case_numbers, entry.facts))
            for row_key, parent_key, title, derived, body, context, cases, facts in rows:
                wanted.add(row_key)
                content_hash = _hash(item.number, item.paragraph, item.kind, title, derived, body, context)
                parent_id = existing[parent_key][0] if parent_key else None
                record = {
                    "meeting_id": meeting_id, "parent_id": parent_id, "position": item.position,
                    "number": item.number, "paragraph": item.paragraph, "title": title,
                    "title_derived": int(derived), "kind": "entry" if parent_key else item.kind, "body": body,
                    "context": context, "content_hash": content_hash,
                    "title_terms": " ".join(index_terms(title)),
                    "body_terms": " ".join(index_terms(f"{context}\n{body}")),
                }
                if row_key in existing:
                    item_id, old_hash = existing[row_key]
                    if old_hash == content_hash and not as_new:
                        unchanged += parent_key is None
                        continue
                    fresh = {"seq": self._next_seq(conn), "first_seen": now} if as_new else {}
                    conn.execute(
                        "UPDATE items SET " + ", ".join(f"{k} = :{k}" for k in {**record, **fresh}) + " WHERE id = :id",
                        {**record, **fresh, "id": item_id},
                    )
                    conn.execute("DELETE FROM case_numbers WHERE item_id = ?", (item_id,))
                    conn.execute("DELETE FROM facts WHERE item_id = ?", (item_id,))
                    updated += parent_key is None
                else:
                    cursor = conn.execute(
                        "INSERT INTO items (key, seq, first_seen, " + ", ".join(record) + ") VALUES (:key, :seq, :now, "
                        + ", ".join(f":{k}" for k in record) + ")",
                        {**record, "key": row_key, "seq": self._next_seq(conn), "now": now},
                    )
                    item_id = int(cursor.lastrowid or 0)
                    existing[row_key] = (item_id, content_hash)
                    added += parent_key is None
                db.table("case_numbers").insert_all(_case_rows(item_id, cases))
                db.table("facts").insert_all(_fact_rows(item_id, facts))
        stale = {k: item_id for k, (item_id, _) in existing.items() if k not in wanted}
        for item_id in stale.values():
            conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
        removed = sum(1 for k in stale if "." not in k.rsplit("#", 1)[-1])
        return added, updated, unchanged, removed

    # -- reading -----------------------------------------------------------------------

    def current_seq(self) -> int:
        """Return the ingest sequence number of the newest item: 'new' means above a subscriber's mark."""
        return int(self.query("SELECT value FROM counters WHERE name = 'seq'")[0][0])

    def generation(self) -> int:
        """Return a number that changes whenever the searchable content changes."""
        return int(self.conn.execute("SELECT value FROM counters WHERE name = 'generation'").fetchone()[0])

    def get_items(self, ids: Sequence[int]) -> list[StoredItem]:
        """Return the items with these ids, in the order given."""
        if not ids:
            return []
        placeholders = ",".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE i.id IN ({placeholders})", list(ids))
        by_id = {row["id"]: _row_to_item(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def get_item(self, item_id: int) -> StoredItem | None:
        """Return one item, or None."""
        found = self.get_items([item_id])
        return found[0] if found else None

    def children(self, item_id: int) -> list[StoredItem]:
        """Return the sub-entries of an item, in order."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM items WHERE parent_id = ? ORDER BY id", (item_id,))]
        return self.get_items(ids)

    def case_numbers(self, item_ids: Sequence[int]) -> dict[int, list[str]]:
        """Return the canonical case numbers of each item."""
        out: dict[int, list[str]] = {i: [] for i in item_ids}
        if not item_ids:
            return out
        placeholders = ",".join("?" * len(item_ids))
        rows = self.conn.execute(
            f"SELECT item_id, canonical FROM case_numbers WHERE item_id IN ({placeholders}) ORDER BY rowid",
            list(item_ids),
        ).fetchall()
        for row in rows:
            if row["canonical"] not in out[row["item_id"]]:
                out[row["item_id"]].append(row["canonical"])
        return out

    def facts(self, item_ids: Sequence[int]) -> dict[int, list[Fact]]:
        """Return the extracted facts of each item."""
        out: dict[int, list[Fact]] = {i: [] for i in item_ids}
        if not item_ids:
            return out
        placeholders = ",".join("?" * len(item_ids))
        rows = self.conn.execute(
            f"SELECT item_id, kind, value, role, number, snippet FROM facts WHERE item_id IN ({placeholders})",
            list(item_ids),
        ).fetchall()
        for row in rows:
            out[row["item_id"]].append(Fact(row["kind"], row["value"], row["role"], row["number"], row["snippet"]))
        return out

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        """Run a read query on this thread's connection."""
        return self.conn.execute(sql, params).fetchall()

    def counts(self) -> dict[str, int]:
        """Return how many meetings, items and sub-entries the store holds."""
        row = self.query(
            "SELECT (SELECT count(*) FROM meetings) AS meetings,"
            " (SELECT count(*) FROM items WHERE parent_id IS NULL) AS items,"
            " (SELECT count(*) FROM items WHERE parent_id IS NOT NULL) AS entries"
        )[0]
        return dict(row)


def _item_hash(item: AgendaItem) -> str:
    return _hash(item.position, item.number, item.paragraph, item.title, item.body, item.kind,
                 [e.text for e in item.entries])


def _case_rows(item_id: int, cases: Sequence[CaseNumber]) -> list[dict[str, Any]]:
    return [
        {"item_id": item_id, "raw": c.raw, "canonical": c.canonical, "key": c.key, "series": c.series,
         "year": c.year, "serial": c.serial, "doc": c.doc}
        for c in cases
    ]


def _fact_rows(item_id: int, facts: Sequence[Fact]) -> list[dict[str, Any]]:
    return [
        {"item_id": item_id, "kind": f.kind, "value": f.value, "role": f.role, "number": f.number,
         "snippet": f.snippet[:500]}
        for f in facts
    ]


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
