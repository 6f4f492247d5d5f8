"""A meeting's agenda: the meeting and its items in the order the page lists them, for /senaste."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.store.db import Store
from knowledge.store.items import ITEM_COLUMNS, ITEM_FROM, StoredItem, row_to_item


@dataclass(frozen=True)
class MeetingAgenda:
    """One meeting with its top-level items in agenda order."""

    meeting_id: int
    committee_name: str | None
    organisation: str | None
    meeting_date: str | None
    url: str | None
    items: tuple[StoredItem, ...]


def latest_agenda(store: Store, *, committee_slugs: Sequence[str] = (), organisation: str | None = None
                  ) -> MeetingAgenda | None:
    """Return the latest meeting of the given committees (of the whole store without any), with its items."""
    where: list[str] = []
    params: list[str] = []
    if committee_slugs:
        where.append(f"committee_slug IN ({','.join('?' * len(committee_slugs))})")
        params.extend(committee_slugs)
    if organisation:
        where.append("organisation = ?")
        params.append(organisation)
    rows = store.query(
        "SELECT id, committee_name, organisation, meeting_date, url FROM meetings"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY meeting_date DESC NULLS LAST, id DESC LIMIT 1", params)
    if not rows:
        return None
    meeting = rows[0]
    items = store.query(
        f"SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE i.meeting_id = ? AND i.parent_id IS NULL ORDER BY i.position",
        (meeting["id"],))
    return MeetingAgenda(meeting["id"], meeting["committee_name"], meeting["organisation"], meeting["meeting_date"],
                         meeting["url"], tuple(row_to_item(r) for r in items))

