"""A meeting's agenda: the meeting and its items in the order the page lists them, for /senaste."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.store.db import ITEM_COLUMNS, ITEM_FROM, Store, StoredItem, _row_to_item


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
                         meeting["url"], tuple(_row_to_item(r) for r in items))


@dataclass(frozen=True)
class CommitteeChoice:
    """A committee of one organisation, named by one of its meetings (an id that fits in a button)."""

    meeting_id: int
    slug: str
    name: str
    organisation: str | None


def committee_choices(store: Store) -> list[CommitteeChoice]:
    """Return each (organisation, committee) once, by organisation and name, with its latest meeting's id."""
    rows = store.query(
        "SELECT max(id) AS meeting_id, committee_slug, max(committee_name) AS name, organisation FROM meetings"
        " WHERE committee_slug IS NOT NULL GROUP BY organisation, committee_slug"
        " ORDER BY organisation NULLS LAST, name, committee_slug")
    return [CommitteeChoice(r["meeting_id"], r["committee_slug"], r["name"] or r["committee_slug"], r["organisation"])
            for r in rows]


def committee_choice(store: Store, meeting_id: int) -> CommitteeChoice | None:
    """Return the committee of one meeting, as a choice."""
    rows = store.query("SELECT id, committee_slug, committee_name, organisation FROM meetings WHERE id = ?"
                       " AND committee_slug IS NOT NULL", (meeting_id,))
    if not rows:
        return None
    r = rows[0]
    return CommitteeChoice(r["id"], r["committee_slug"], r["committee_name"] or r["committee_slug"], r["organisation"])
