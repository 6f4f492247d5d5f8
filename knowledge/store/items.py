"""Meetings, items, sub-entries, case numbers and facts: writing a parsed page and reading it back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from knowledge.language.text import TERMS_VERSION, index_terms
from knowledge.models import AgendaItem, CaseNumber, Fact, ItemKind, MeetingSource, ParsedMeeting, full_text
from knowledge.store.base import StoreBase, content_hash, placeholders
from knowledge.store.committees import upsert_committee


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
    kind: ItemKind
    body: str
    context: str
    seq: int
    url: str | None
    organisation: str | None
    committee_slug: str | None
    committee_name: str | None
    meeting_date: str | None
    parent_title: str | None = None
    committee_id: int | None = None  # the committee row: organisation and slug together

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


@dataclass(frozen=True)
class StoreCounts:
    """How many meetings, items and sub-entries the store holds."""

    meetings: int
    items: int
    entries: int

    def __getitem__(self, name: str) -> int:
        """Return a count by name, as `counts()["items"]`."""
        return int(getattr(self, name))


ITEM_COLUMNS = """
    i.id, i.meeting_id, i.parent_id, i.position, i.number, i.paragraph, i.title, i.title_derived, i.kind,
    i.body, i.context, i.seq, m.url, m.organisation, m.committee_slug, m.committee_name, m.meeting_date,
    p.title AS parent_title, m.committee_id
"""
ITEM_FROM = "items i JOIN meetings m ON m.id = i.meeting_id LEFT JOIN items p ON p.id = i.parent_id"


def row_to_item(row: sqlite3.Row) -> StoredItem:
    """Turn a row selected with ITEM_COLUMNS into a StoredItem."""
    return StoredItem(**{**dict(row), "title_derived": bool(row["title_derived"]), "kind": ItemKind(row["kind"])})


def meeting_key(source: MeetingSource) -> str:
    """Return the identity of a meeting: its URL, else committee and date, else the file name."""
    if source.url:
        return source.url
    committee = source.committee_slug or "okänd-nämnd"
    if source.meeting_date:
        return f"{committee}/{source.meeting_date}"
    return f"{committee}/fil:{source.source_name}"


class ItemStore(StoreBase):
    """Write parsed meetings and read items, case numbers and facts."""

    def upsert_meeting(
        self, source: MeetingSource, parsed: ParsedMeeting, *, now: str, as_new: bool = False
    ) -> UpsertResult:
        """Store one parsed meeting page: add it, update what changed, or leave it as it is.

        Items keep their ids across re-ingests. With `as_new`, every item is stamped as
        newly ingested, so digests see it again.
        """
        key = meeting_key(source)
        committee_slug = source.committee_slug
        committee_name = parsed.committee_name or source.committee_name
        meeting_date = source.meeting_date or parsed.meeting_date
        meeting_hash = content_hash(source, committee_name, meeting_date, [_item_hash(i) for i in parsed.items])
        with self.transaction() as conn:
            row = conn.execute("SELECT id, content_hash FROM meetings WHERE key = ?", (key,)).fetchone()
            if row is None and committee_slug and meeting_date:
                row = _adopt_meeting(conn, source, key, committee_slug, meeting_date)
                if row is not None and row["key"] != key:  # a page without URL for a meeting stored with one
                    key = row["key"]
                    source = replace(source, url=row["url"], host=row["host"], organisation=row["organisation"])
                    meeting_hash = content_hash(source, committee_name, meeting_date,
                                                [_item_hash(i) for i in parsed.items])
            if row and row["content_hash"] == meeting_hash and not as_new:
                count = conn.execute(
                    "SELECT count(*) FROM items WHERE meeting_id = ? AND parent_id IS NULL", (row["id"],)
                ).fetchone()[0]
                return UpsertResult(row["id"], "unchanged", items_unchanged=count)
            committee_id = (
                upsert_committee(conn, source.organisation, committee_slug, committee_name) if committee_slug else None
            )
            values = {
                "key": key, "url": source.url, "host": source.host, "organisation": source.organisation,
                "committee_slug": committee_slug, "committee_name": committee_name, "meeting_date": meeting_date,
                "source_name": source.source_name, "content_hash": meeting_hash, "updated_at": now,
                "committee_id": committee_id,
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
            counts = _store_items(conn, meeting_id, key, parsed.items, now=now, as_new=as_new)
            conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'generation'")
        return UpsertResult(meeting_id, status, *counts)

    def refresh_terms(self) -> int:
        """Index every item anew when it was indexed by another version of the stemmer; return how many.

        The index terms are computed in Python (`index_terms`), so a store written by an older
        version would not find the words a question is now read as."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'terms_version'").fetchone()
        if row is not None and row[0] == TERMS_VERSION:
            return 0
        with self.transaction() as conn:
            rows = conn.execute("SELECT id, title, context, body FROM items").fetchall()
            conn.executemany(
                "UPDATE items SET title_terms = ?, body_terms = ? WHERE id = ?",
                [(" ".join(index_terms(r["title"])), " ".join(index_terms(f"{r['context']}\n{r['body']}")), r["id"])
                 for r in rows],
            )
            conn.execute("INSERT INTO meta(key, value) VALUES ('terms_version', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (TERMS_VERSION,))
        return len(rows)

    def refresh_facts(self, version: str, read: Callable[[str, str | None], Sequence[Fact]]) -> int:
        """Read every item's facts anew, by `read(text, meeting_date)`, when another `version` of the reading
        stored them; return how many items were read.

        A page's facts come from its items' text, which the store keeps; a page that has not changed is not
        read again, so without this its amounts and dates would keep an older reading."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'facts_version'").fetchone()
        if row is not None and row[0] == version:
            return 0
        with self.transaction() as conn:
            rows = conn.execute("SELECT i.id, i.parent_id, i.title, i.title_derived, i.body, m.meeting_date"
                                " FROM items i JOIN meetings m ON m.id = i.meeting_id").fetchall()
            conn.execute("DELETE FROM facts")
            for r in rows:
                text = r["body"] if r["parent_id"] else full_text(r["title"], bool(r["title_derived"]), r["body"])
                facts = read(text, r["meeting_date"])
                conn.executemany("INSERT INTO facts(item_id, kind, value, role, number, snippet)"
                                 " VALUES (:item_id, :kind, :value, :role, :number, :snippet)",
                                 _fact_rows(r["id"], facts))
            conn.execute("INSERT INTO meta(key, value) VALUES ('facts_version', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (version,))
        return len(rows)

    def current_seq(self) -> int:
        """Return the ingest sequence number of the newest item: 'new' means above a subscriber's mark."""
        return int(self._rows("SELECT value FROM counters WHERE name = 'seq'")[0][0])

    def generation(self) -> int:
        """Return a number that changes whenever the searchable content changes."""
        return int(self._rows("SELECT value FROM counters WHERE name = 'generation'")[0][0])

    def get_items(self, ids: Sequence[int]) -> list[StoredItem]:
        """Return the items with these ids, in the order given."""
        if not ids:
            return []
        rows = self._rows(f"SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE i.id IN ({placeholders(ids)})", list(ids))
        by_id = {row["id"]: row_to_item(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def get_item(self, item_id: int) -> StoredItem | None:
        """Return one item, or None."""
        found = self.get_items([item_id])
        return found[0] if found else None

    def children(self, item_id: int) -> list[StoredItem]:
        """Return the sub-entries of an item, in order."""
        ids = [r[0] for r in self._rows("SELECT id FROM items WHERE parent_id = ? ORDER BY id", (item_id,))]
        return self.get_items(ids)

    def case_numbers(self, item_ids: Sequence[int]) -> dict[int, list[str]]:
        """Return the canonical case numbers of each item."""
        out: dict[int, list[str]] = {i: [] for i in item_ids}
        for row in self._rows_of_items("SELECT item_id, canonical FROM case_numbers WHERE item_id IN ({}) ORDER BY rowid",
                                       item_ids):
            if row["canonical"] not in out[row["item_id"]]:
                out[row["item_id"]].append(row["canonical"])
        return out

    def facts(self, item_ids: Sequence[int]) -> dict[int, list[Fact]]:
        """Return the extracted facts of each item."""
        out: dict[int, list[Fact]] = {i: [] for i in item_ids}
        for row in self._rows_of_items(
                "SELECT item_id, kind, value, role, number, snippet FROM facts WHERE item_id IN ({})", item_ids):
            out[row["item_id"]].append(Fact(row["kind"], row["value"], row["role"], row["number"], row["snippet"]))
        return out

    def _rows_of_items(self, sql: str, item_ids: Sequence[int]) -> list[sqlite3.Row]:
        """Run a query whose `IN ({})` takes the item ids; no ids, no rows."""
        return self._rows(sql.format(placeholders(item_ids)), list(item_ids)) if item_ids else []

    def counts(self) -> StoreCounts:
        """Return how many meetings, items and sub-entries the store holds."""
        row = self._rows(
            "SELECT (SELECT count(*) FROM meetings) AS meetings,"
            " (SELECT count(*) FROM items WHERE parent_id IS NULL) AS items,"
            " (SELECT count(*) FROM items WHERE parent_id IS NOT NULL) AS entries"
        )[0]
        return StoreCounts(row["meetings"], row["items"], row["entries"])


def _next_seq(conn: sqlite3.Connection) -> int:
    conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'")
    return int(conn.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0])


def _store_items(
    conn: sqlite3.Connection, meeting_id: int, key: str, items: Sequence[AgendaItem], *, now: str, as_new: bool
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
            rows.append((f"{item_key}.{n}", item_key, entry.title, not entry.title_given, entry.text, entry.context,
                         entry.case_numbers, entry.facts))
        for row_key, parent_key, title, derived, body, context, cases, facts in rows:
            wanted.add(row_key)
            row_hash = content_hash(item.number, item.paragraph, item.kind, title, derived, body, context)
            parent_id = existing[parent_key][0] if parent_key else None
            record = {
                "meeting_id": meeting_id, "parent_id": parent_id, "position": item.position,
                "number": item.number, "paragraph": item.paragraph, "title": title,
                "title_derived": int(derived), "kind": str(ItemKind.ENTRY if parent_key else item.kind), "body": body,
                "context": context, "content_hash": row_hash,
                "title_terms": " ".join(index_terms(title)),
                "body_terms": " ".join(index_terms(f"{context}\n{body}")),
            }
            if row_key in existing:
                item_id, old_hash = existing[row_key]
                if old_hash == row_hash and not as_new:
                    unchanged += parent_key is None
                    continue
                # A changed item is news for the digest: it gets a new sequence number, keeping its id.
                fresh = {"seq": _next_seq(conn), **({"first_seen": now} if as_new else {})}
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
                    {**record, "key": row_key, "seq": _next_seq(conn), "now": now},
                )
                item_id = int(cursor.lastrowid or 0)
                existing[row_key] = (item_id, row_hash)
                added += parent_key is None
            db.table("case_numbers").insert_all(_case_rows(item_id, cases))
            db.table("facts").insert_all(_fact_rows(item_id, facts))
    stale = {k: item_id for k, (item_id, _) in existing.items() if k not in wanted}
    for item_id in stale.values():
        conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
    removed = sum(1 for k in stale if "." not in k.rsplit("#", 1)[-1])
    return added, updated, unchanged, removed


def _adopt_meeting(
    conn: sqlite3.Connection, source: MeetingSource, key: str, committee_slug: str, meeting_date: str
) -> sqlite3.Row | None:
    """Find the one meeting stored for the same committee and date under the other identity.

    A page ingested first without its URL and then with it (or the other way round) is one
    meeting: with a URL the stored meeting and its items take the URL as their key; without
    one the stored URL stays.
    """
    org = source.organisation
    where = "url IS NULL" if source.url else "url IS NOT NULL"
    rows = conn.execute(
        f"SELECT id, key, url, host, organisation, content_hash FROM meetings WHERE {where}"
        " AND committee_slug = ? AND meeting_date = ? AND (? IS NULL OR organisation IS NULL OR organisation = ?)",
        (committee_slug, meeting_date, org, org),
    ).fetchall()
    if len(rows) != 1:
        return None
    row = rows[0]
    if source.url:
        conn.execute("UPDATE items SET key = ? || substr(key, ?) WHERE meeting_id = ?",
                     (key, len(row["key"]) + 1, row["id"]))
        conn.execute("UPDATE meetings SET key = ? WHERE id = ?", (key, row["id"]))
        return conn.execute("SELECT id, key, url, host, organisation, content_hash FROM meetings WHERE id = ?",
                            (row["id"],)).fetchone()
    return row


def _item_hash(item: AgendaItem) -> str:
    return content_hash(item.position, item.number, item.paragraph, item.title, item.body, str(item.kind),
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
