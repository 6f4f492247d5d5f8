"""What the store holds, for /start, /namnder and /om."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.store.base import StoreBase
from knowledge.store.committees import CommitteeStore, CommitteeSummary


@dataclass(frozen=True)
class StoreOverview:
    """Counts, date range and freshness of the store."""

    meetings: int
    items: int
    first_date: str | None
    last_date: str | None
    last_ingested: str | None
    organisations: tuple[str, ...]


class OverviewStore(StoreBase):
    """Summarise what the store holds."""

    def overview(self) -> StoreOverview:
        """Return counts, date range, freshness and organisations of the store."""
        row = self._rows(
            "SELECT count(*) AS meetings, min(meeting_date) AS first, max(meeting_date) AS last,"
            " max(updated_at) AS ingested FROM meetings"
        )[0]
        items = self._rows("SELECT count(*) FROM items WHERE parent_id IS NULL")[0][0]
        organisations = tuple(r[0] for r in self._rows(
            "SELECT DISTINCT organisation FROM meetings WHERE organisation IS NOT NULL ORDER BY 1"))
        return StoreOverview(row["meetings"], items, row["first"], row["last"], row["ingested"], organisations)


def list_committees(store: CommitteeStore) -> list[CommitteeSummary]:
    """Return every committee with its latest meeting date, latest first."""
    return store.committee_summaries()


def overview(store: OverviewStore) -> StoreOverview:
    """Summarise the store."""
    return store.overview()


__all__ = ["CommitteeSummary", "StoreOverview", "list_committees", "overview"]
