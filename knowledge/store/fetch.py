"""What the store remembers about fetched pages, and the maintainer's view of its meetings.

Per URL: the validators the server gave (ETag, Last-Modified), a hash of the content,
when it was last fetched and checked, and how the last attempt went. A failed fetch
only records its status; it never touches the meeting stored from that page.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.store.base import StoreBase

FETCH_MIGRATION = """
CREATE TABLE fetch_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    fetched_at TEXT,
    checked_at TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    title TEXT,
    links TEXT
);
"""


@dataclass(frozen=True)
class FetchState:
    """What is known about one URL from earlier fetches."""

    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    fetched_at: str | None
    checked_at: str
    status: str  # ok | empty | error
    error: str | None = None
    title: str | None = None  # a listing page's heading
    links: str | None = None  # a listing page's links, as JSON [[url, text], …], reused after a 304


@dataclass(frozen=True)
class MeetingSummary:
    """One stored meeting as a maintainer lists it."""

    id: int
    organisation: str | None
    committee_slug: str | None
    committee_name: str | None
    meeting_date: str | None
    items: int
    url: str | None
    source_name: str | None
    last_fetched: str | None


class FetchStore(StoreBase):
    """The store's part for fetch state and for listing and forgetting meetings."""

    def fetch_state(self, url: str) -> FetchState | None:
        """Return what the store knows about one URL, or None when it was never fetched."""
        with self.lock:
            row = self.conn.execute("SELECT * FROM fetch_state WHERE url = ?", (url,)).fetchone()
        return FetchState(**dict(row)) if row else None

    def record_fetch(
        self,
        url: str,
        *,
        now: str,
        status: str,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        title: str | None = None,
        links: str | None = None,
    ) -> None:
        """Remember a successful fetch (200 or 304) of a URL with its validators."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO fetch_state (url, etag, last_modified, content_hash, fetched_at, checked_at, status,"
                " error, title, links) VALUES (:url, :etag, :lm, :hash, :now, :now, :status, NULL, :title, :links)"
                " ON CONFLICT(url) DO UPDATE SET etag = coalesce(excluded.etag, etag),"
                " last_modified = coalesce(excluded.last_modified, last_modified),"
                " content_hash = coalesce(excluded.content_hash, content_hash),"
                " title = coalesce(excluded.title, title), links = coalesce(excluded.links, links),"
                " fetched_at = excluded.fetched_at, checked_at = excluded.checked_at,"
                " status = excluded.status, error = NULL",
                {"url": url, "etag": etag, "lm": last_modified, "hash": content_hash, "now": now, "status": status,
                 "title": title, "links": links},
            )

    def record_fetch_error(self, url: str, error: str, *, now: str) -> None:
        """Remember that the last attempt at a URL failed, keeping its validators and content hash."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO fetch_state (url, checked_at, status, error) VALUES (?, ?, 'error', ?)"
                " ON CONFLICT(url) DO UPDATE SET checked_at = excluded.checked_at, status = 'error',"
                " error = excluded.error",
                (url, now, error),
            )

    def meeting_summaries(self, *, committee: str | None = None) -> list[MeetingSummary]:
        """Return every stored meeting (or one committee's), newest first, with item count and last fetch."""
        sql = (
            "SELECT m.id, m.organisation, m.committee_slug, m.committee_name, m.meeting_date, m.url,"
            " m.source_name, f.fetched_at AS last_fetched,"
            " (SELECT count(*) FROM items i WHERE i.meeting_id = m.id AND i.parent_id IS NULL) AS items"
            " FROM meetings m LEFT JOIN fetch_state f ON f.url = m.url"
        )
        params: tuple[str, ...] = ()
        if committee:
            sql += " WHERE m.committee_slug = ?"
            params = (committee.strip().lower(),)
        sql += " ORDER BY m.meeting_date DESC, m.organisation, m.committee_slug, m.id"
        with self.lock:
            rows = self.conn.execute(sql, params).fetchall()
        return [MeetingSummary(**dict(row)) for row in rows]

    def find_meeting(self, ref: str) -> MeetingSummary | None:
        """Return the meeting with this id or URL (a trailing slash does not matter), or None."""
        ref = ref.strip()
        with self.lock:
            if ref.isdigit():
                row = self.conn.execute("SELECT id FROM meetings WHERE id = ?", (int(ref),)).fetchone()
            else:
                row = self.conn.execute(
                    "SELECT id FROM meetings WHERE url = ? OR url = ? OR key = ?", (ref, ref.rstrip("/"), ref)
                ).fetchone()
        if not row:
            return None
        return next((m for m in self.meeting_summaries() if m.id == row["id"]), None)

    def forget_meeting(self, meeting_id: int) -> int:
        """Remove one meeting, its items and its fetch state in one transaction; return the items removed."""
        with self.transaction() as conn:
            row = conn.execute("SELECT url FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
            if row is None:
                return 0
            count = int(conn.execute("SELECT count(*) FROM items WHERE meeting_id = ?", (meeting_id,)).fetchone()[0])
            # Sub-entries first: their parents cascade to them, but the FTS triggers want every row deleted.
            conn.execute("DELETE FROM items WHERE meeting_id = ? AND parent_id IS NOT NULL", (meeting_id,))
            conn.execute("DELETE FROM items WHERE meeting_id = ?", (meeting_id,))
            conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
            if row["url"]:
                conn.execute("DELETE FROM fetch_state WHERE url = ?", (row["url"],))
            conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'generation'")
        return count
