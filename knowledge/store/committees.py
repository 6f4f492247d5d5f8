"""Committees: one row per (organisation, slug), with the display name and the other names it goes by."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from knowledge.store.base import StoreBase

# Filled from the meetings already stored when the table is created.
COMMITTEES_MIGRATION = """
CREATE TABLE committees (
    id INTEGER PRIMARY KEY,
    organisation TEXT NOT NULL DEFAULT '',
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    UNIQUE (organisation, slug)
);
INSERT INTO committees (organisation, slug, name)
    SELECT coalesce(organisation, ''), committee_slug, coalesce(max(committee_name), committee_slug)
    FROM meetings WHERE committee_slug IS NOT NULL GROUP BY coalesce(organisation, ''), committee_slug;
ALTER TABLE meetings ADD COLUMN committee_id INTEGER REFERENCES committees(id);
UPDATE meetings SET committee_id = (
    SELECT c.id FROM committees c
    WHERE c.organisation = coalesce(meetings.organisation, '') AND c.slug = meetings.committee_slug
);
CREATE INDEX meetings_committee_id ON meetings(committee_id, meeting_date);
"""


@dataclass(frozen=True)
class Committee:
    """A committee of one organisation, as stored."""

    id: int
    organisation: str | None
    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommitteeSummary:
    """A committee in the store with its latest meeting."""

    slug: str
    name: str
    organisation: str | None
    latest_meeting: str | None
    meetings: int
    id: int = 0


def upsert_committee(conn: sqlite3.Connection, organisation: str | None, slug: str, name: str | None) -> int:
    """Add a committee or update its display name; return its id. Runs inside the caller's transaction."""
    org = organisation or ""
    row = conn.execute("SELECT id, name, aliases FROM committees WHERE organisation = ? AND slug = ?", (org, slug)).fetchone()
    if row is None:
        cursor = conn.execute(
            "INSERT INTO committees (organisation, slug, name) VALUES (?, ?, ?)", (org, slug, name or slug)
        )
        return int(cursor.lastrowid or 0)
    if name and name != row["name"]:
        # the name a page gives wins; the one it had stays findable as an alias
        aliases = (set(json.loads(row["aliases"])) | {row["name"]}) - {name}
        conn.execute("UPDATE committees SET name = ?, aliases = ? WHERE id = ?",
                     (name, json.dumps(sorted(aliases), ensure_ascii=False), row["id"]))
    return int(row["id"])


def _committee(row: sqlite3.Row) -> Committee:
    return Committee(row["id"], row["organisation"] or None, row["slug"], row["name"],
                     tuple(json.loads(row["aliases"])))


class CommitteeStore(StoreBase):
    """Read committees and keep their aliases."""

    def committees(self) -> list[Committee]:
        """Return every committee, by organisation and name."""
        return [_committee(r) for r in self._rows("SELECT * FROM committees ORDER BY organisation, name")]

    def committee(self, committee_id: int) -> Committee | None:
        """Return one committee by id, or None."""
        rows = self._rows("SELECT * FROM committees WHERE id = ?", (committee_id,))
        return _committee(rows[0]) if rows else None

    def find_committee(self, organisation: str | None, slug: str) -> Committee | None:
        """Return the committee of an organisation with this slug, or None."""
        rows = self._rows("SELECT * FROM committees WHERE organisation = ? AND slug = ?", (organisation or "", slug))
        return _committee(rows[0]) if rows else None

    def set_committee_aliases(self, committee_id: int, aliases: tuple[str, ...]) -> None:
        """Replace the other names a committee goes by (initialisms, short names)."""
        with self.transaction() as conn:
            conn.execute("UPDATE committees SET aliases = ? WHERE id = ?",
                         (json.dumps(sorted(set(aliases)), ensure_ascii=False), committee_id))

    def committee_summaries(self) -> list[CommitteeSummary]:
        """Return every committee that has meetings, with its latest meeting date, latest first."""
        rows = self._rows(
            "SELECT c.id, c.slug, c.name, c.organisation, max(m.meeting_date) AS latest, count(*) AS meetings"
            " FROM committees c JOIN meetings m ON m.committee_id = c.id"
            " GROUP BY c.id ORDER BY latest DESC NULLS LAST, c.name"
        )
        return [CommitteeSummary(r["slug"], r["name"], r["organisation"] or None, r["latest"], r["meetings"], r["id"])
                for r in rows]
