"""Plain data types that cross module borders."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ItemKind(StrEnum):
    """What an agenda item is; the values are stored in the items table."""

    DECISION = "decision"
    INFORMATION = "information"
    REPORT = "report"  # delegation decisions and items reported for information
    ROUTINE = "routine"  # opening, approval of the minutes; never triggers a digest
    ENTRY = "entry"  # one line of a listed item, stored with a parent


class Intent(StrEnum):
    """What a question asks for."""

    SEARCH = "search"
    BROWSE = "browse"
    CASE_LOOKUP = "case_lookup"
    CONTRACT_EXPIRY = "contract_expiry"
    LATEST = "latest"
    DECISION = "decision"


class SubscriptionKind(StrEnum):
    """What a subscription follows; the values are stored in the subscriptions table."""

    TOPIC = "topic"
    COMMITTEE = "committee"
    CASE = "case"


@dataclass(frozen=True)
class CaseNumber:
    """One case number as written, with its normalised parts."""

    raw: str
    series: str
    year: int
    serial: int
    doc: int | None = None
    style: str = "compact"

    @property
    def key(self) -> str:
        """Return SERIES:YEAR:SERIAL, the form every lookup goes through."""
        return f"{self.series}:{self.year}:{self.serial}"

    @property
    def canonical(self) -> str:
        """Return the number in the house style of the host that wrote it."""
        doc = f"-{self.doc}" if self.doc is not None else ""
        if self.style == "compact":
            return f"{self.year % 100:02d}{self.series}{self.serial}{doc}"
        if self.style == "slash":
            return f"{self.series}/{self.serial}/{self.year}"
        if self.style == "colon":
            return f"{self.series} {self.serial}:{self.doc or 1}-{self.year}"
        if self.style == "serialyear":
            return f"{self.series} {self.serial}-{self.year}{doc}"
        return f"{self.series} {self.year}/{self.serial}{doc}"


@dataclass(frozen=True)
class Fact:
    """One extracted fact. `value` is kronor for amounts, an ISO date or month for dates."""

    kind: str  # amount | date | contract | reference | person
    value: str
    role: str | None = None  # for dates: end | start | None
    number: float | None = None
    snippet: str = ""
    # a date without its year that the text puts before the meeting ("beslutade den 18 oktober"); not stored
    past: bool = False


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
    committee_name: str | None = None  # readable name from the slug; a name the page gives wins


@dataclass(frozen=True)
class SubEntry:
    """One line of a listed item: a delegation decision, a report, a motion."""

    text: str
    context: str
    case_numbers: tuple[CaseNumber, ...] = ()
    facts: tuple[Fact, ...] = ()
    title: str = ""  # a short title derived from the text; the store keeps it
    title_given: bool = False  # the title is the entry's own heading line, not its first words


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item (ärende) of a meeting, as parsed from a page."""

    position: int
    title: str
    title_derived: bool
    body: str
    kind: ItemKind
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
    committee_name: str | None = None  # as the page names it
    meeting_date: str | None = None
    warnings: tuple[str, ...] = field(default=())
