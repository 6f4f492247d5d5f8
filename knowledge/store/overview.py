"""What the store holds, for /start, /namnder and /om."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.store.db import Store


@dataclass(frozen=True)
class CommitteeSummary:
    """A committee in the store with its latest meeting."""

    slug: str
    name: str
    organisation: str | None
    latest_meeting: str | None
    meetings: int


@dataclass(frozen=True)
class StoreOverview:
    """Counts, date range and freshness of the store."""

    meetings: int
    items: int
    first_date: str | None
    last_date: str | None
    last_ingested: str | None
    organisations: tuple[str, ...]


def list_committees(store: Store) -> list[CommitteeSummary]:
    """Return every committee with its latest meeting date, latest first."""
    rows = store.query(
        "SELECT committee_slug, max(committee_name) AS name, organisation, max(meeting_date) AS latest,"
        " count(*) AS meetings FROM meetings WHERE committee_slug IS NOT NULL"
        " GROUP BY committee_slug, organisation ORDER BY latest DESC NULLS LAST, name"
    )
    return [CommitteeSummary(r["committee_slug"], r["name"] or r["committee_slug"], r["organisation"], r["latest"],
                             r["meetings"]) for r in rows]


def overview(store: Store) -> StoreOverview:
    """Summarise the store."""
    row = store.query(
        "SELECT count(*) AS meetings, min(meeting_date) AS first, max(meeting_date) AS last,"
        " max(updated_at) AS ingested FROM meetings"
    )[0]
    items = store.query("SELECT count(*) FROM items WHERE parent_id IS NULL")[0][0]
    organisations = tuple(r[0] for r in store.query(
        "SELECT DISTINCT organisation FROM meetings WHERE organisation IS NOT NULL ORDER BY 1"))
    return StoreOverview(row["meetings"], items, row["first"], row["last"], row["ingested"], organisations)
