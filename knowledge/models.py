"""Plain data types that cross module borders."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from knowledge.pages.casenumbers import CaseNumber
from knowledge.pages.facts import Fact


def full_text(title: str, title_derived: bool, body: str) -> str:
    """Return an item's full text: the heading the page gave (not a derived one), then the body."""
    if title_derived or not title:
        return body
    return f"{title}\n\n{body}" if body else title


@dataclass(frozen=True)
class MeetingSource:
    """Where a meeting page came from and what is known about it before parsing."""

    url: str | None = None
    host: str | None = None
    organisation: str | None = None
    committee_slug: str | None = None
    meeting_date: str | None = None
    source_name: str = ""


@dataclass(frozen=True)
class SubEntry:
    """One line of a listed item: a delegation decision, a report, a motion."""

    text: str
    context: str
    case_numbers: tuple[CaseNumber, ...] = ()
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item (ärende) of a meeting, as parsed from a page."""

    position: int
    title: str
    title_derived: bool
    body: str
    kind: str  # decision | information | report | routine
    number: int | None = None
    paragraph: int | None = None
    case_numbers: tuple[CaseNumber, ...] = ()
    facts: tuple[Fact, ...] = ()
    entries: tuple[SubEntry, ...] = ()

    @property
    def text(self) -> str:
        """Return the item's full text: its heading when it has one, then its body."""
        return full_text(self.title, self.title_derived, self.body)


@dataclass(frozen=True)
class ParsedMeeting:
    """A meeting page turned into items, with what the page itself said about it."""

    items: tuple[AgendaItem, ...]
    committee_name: str | None = None
    meeting_date: str | None = None
    warnings: tuple[str, ...] = field(default=())


class SubscriptionKind(StrEnum):
    """What a subscription follows."""

    TOPIC = "topic"
    COMMITTEE = "committee"
    CASE = "case"
