"""Read meeting pages from files or a manifest and store them."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from knowledge.language.text import fold
from knowledge.models import MeetingSource, ParsedMeeting
from knowledge.pages.facts import FACTS_VERSION, dates_in_year, extract_facts
from knowledge.pages.parser import PageError, parse_meeting_page
from knowledge.pages.sources import (
    SourceError,
    committee_name_from_slug,
    guess_organisation,
    parse_date,
    parse_meeting_url,
)
from knowledge.store import Store, UpsertResult

# The same limit as for pages fetched by `sync`: a meeting page is a few hundred kB at most.
MAX_PAGE_BYTES = 5 * 1024 * 1024
# `<committee-slug>__<YYYY-MM-DD>.txt`, optionally `<org>__` first, as the bundled pages are named.
_FILE_NAME = re.compile(r"^(?:(?P<org>[a-z0-9]+)__)?(?P<slug>[a-z0-9-]+)__(?P<date>\d{4}-\d{2}-\d{2})\.txt$", re.I)
# A CSV/TSV field may hold a whole page; Python's default limit is 128 kB.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


class IngestError(ValueError):
    """A file that could not be ingested, with the reason in Swedish."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass
class IngestReport:
    """What one ingest run did, file by file."""

    results: list[tuple[str, UpsertResult]] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    def add(self, other: IngestReport) -> None:
        """Take in the results and errors of another run."""
        self.results.extend(other.results)
        self.errors.extend(other.errors)

    def count(self, status: str) -> int:
        """Return how many meetings ended with this status."""
        return sum(1 for _, r in self.results if r.status == status)

    @property
    def items_added(self) -> int:
        return sum(r.items_added for _, r in self.results)

    @property
    def items_updated(self) -> int:
        return sum(r.items_updated for _, r in self.results)

    @property
    def items_unchanged(self) -> int:
        return sum(r.items_unchanged for _, r in self.results)


def read_page_text(path: Path, *, limit: int = MAX_PAGE_BYTES) -> str:
    """Read a page file as UTF-8 text, or raise IngestError saying what is wrong with it.

    Only regular files are read (a symlink is followed, but not to a device, FIFO or
    directory), and the size is checked before reading.
    """
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise IngestError(name, "filen finns inte") from None
    except IsADirectoryError:
        raise IngestError(name, "är en mapp, inte en fil") from None
    except OSError as exc:
        raise IngestError(name, f"filen går inte att läsa ({exc.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IngestError(name, "är en mapp, inte en fil")
        raise IngestError(name, "är ingen vanlig fil (en enhet, FIFO eller socket)")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > limit:
            raise IngestError(name, f"filen är för stor för en mötessida (över {limit // (1024 * 1024)} MB)")
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise IngestError(name, f"filen går inte att läsa ({exc.strerror})") from None
    if len(data) > limit:
        raise IngestError(name, f"filen är för stor för en mötessida (över {limit // (1024 * 1024)} MB)")
    return decode_page(data, name)


def decode_page(data: bytes, name: str, *, encoding: str = "utf-8-sig") -> str:
    """Decode a page's bytes, refusing empty and binary content."""
    if not data.strip():
        raise IngestError(name, "filen är tom")
    if b"\x00" in data[:8192]:
        raise IngestError(name, "filen är binär, inte text")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(name, f"filen är inte {encoding.removesuffix('-sig').upper()}-text") from None


def source_for(
    *, url: str | None, committee: str | None, meeting_date: str | None, source_name: str
) -> MeetingSource:
    """Combine a URL (which wins) with committee and date given separately."""
    source = parse_meeting_url(url) if url else MeetingSource()
    return replace(
        source,
        committee_slug=source.committee_slug or (committee.strip().lower() if committee else None),
        meeting_date=source.meeting_date or (parse_date(meeting_date) if meeting_date else None),
        source_name=source_name,
    )


def slug_from_name(name: str) -> str:
    """Return the URL slug a platform gives a committee name: 'Hälso- och sjukvårdsnämnd' → 'halso-och-sjukvardsnamnd'."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(name)))


def source_from_file_name(name: str) -> tuple[str | None, str | None]:
    """Return committee slug and date from `[<org>__]<committee-slug>__<YYYY-MM-DD>.txt`, else (None, None)."""
    m = _FILE_NAME.match(name)
    if not m:
        return None, None
    try:
        return m.group("slug").lower(), parse_date(m.group("date"))
    except SourceError:
        return None, None


def ingest_text(
    store: Store,
    text: str,
    source: MeetingSource,
    *,
    name: str,
    now: str,
    as_new: bool = False,
    fallback_committee: str | None = None,
    fallback_date: str | None = None,
    committee_name: str | None = None,
) -> UpsertResult:
    """Parse one page's text and store it as the meeting `source` describes: the one path files and sync share.

    Committee and date come from the source (URL, options, manifest row), else the page's own
    header ("Möte YYYY-MM-DD" and the committee's name), else the fallbacks (a file name).
    A page with no items, or whose committee nothing tells, is refused and nothing is stored.
    """
    try:
        parsed = parse_meeting_page(text)
    except PageError as exc:
        raise IngestError(name, str(exc)) from None
    header_slug = slug_from_name(parsed.committee_name) if parsed.committee_name else None
    source = replace(
        source,
        committee_slug=source.committee_slug or header_slug or fallback_committee,
        meeting_date=source.meeting_date or parsed.meeting_date or fallback_date,
    )
    slug = source.committee_slug
    if not slug:
        raise IngestError(
            name, "det framgår inte vilken nämnd sidan gäller; ange --url, eller --committee och --date"
        )
    if source.organisation is None:
        source = replace(source, organisation=guess_organisation(text))
    if parsed.committee_name is None:
        parsed = replace(parsed, committee_name=committee_name or committee_name_from_slug(slug))
    parsed = _dates_in_meeting_year(parsed, source.meeting_date)
    refresh_facts(store)  # the store's other pages are read as this one is
    return store.upsert_meeting(source, parsed, now=now, as_new=as_new)


def refresh_facts(store: Store) -> int:
    """Read the facts of every stored item anew when an older version of this reading stored them; return how
    many items were read. Pages that have not changed are not parsed again, so their facts would stay as read."""
    return store.refresh_facts(FACTS_VERSION, lambda text, meeting_date: dates_in_year(tuple(extract_facts(text)),
                                                                                       meeting_date))


def _dates_in_meeting_year(parsed: ParsedMeeting, meeting_date: str | None) -> ParsedMeeting:
    """Give the dates a page writes without a year ("7 september") the year of the meeting's date."""
    items = tuple(
        replace(item, facts=dates_in_year(item.facts, meeting_date),
                entries=tuple(replace(e, facts=dates_in_year(e.facts, meeting_date)) for e in item.entries))
        for item in parsed.items
    )
    return replace(parsed, items=items)


def ingest_file(
    store: Store,
    path: Path,
    *,
    url: str | None = None,
    committee: str | None = None,
    meeting_date: str | None = None,
    now: str,
    as_new: bool = False,
) -> UpsertResult:
    """Parse one page file and store it; raise IngestError when it cannot be."""
    try:
        source = source_for(url=url, committee=committee, meeting_date=meeting_date, source_name=path.name)
    except SourceError as exc:
        raise IngestError(str(path), str(exc)) from None
    text = read_page_text(path)
    file_committee, file_date = source_from_file_name(path.name)
    return ingest_text(store, text, source, name=str(path), now=now, as_new=as_new,
                       fallback_committee=file_committee, fallback_date=file_date)


def store_page(store: Store, source: MeetingSource, text: str, *, now: str, as_new: bool = False) -> UpsertResult:
    """Parse a page's text and store it as `source` describes; raise IngestError when it cannot be."""
    return ingest_text(store, text, source, name=source.url or source.source_name or "sidan", now=now, as_new=as_new)


def ingest_files(
    store: Store,
    paths: list[Path],
    *,
    url: str | None = None,
    committee: str | None = None,
    meeting_date: str | None = None,
    now: str,
    as_new: bool = False,
) -> IngestReport:
    """Ingest several files with the same options; a bad file does not stop the good ones.
    A manifest among them (an INDEX.tsv given as a file) is read as a manifest."""
    report = IngestReport()
    for path in paths:
        if is_manifest(path):
            report.add(ingest_manifest(store, path, now=now, as_new=as_new))
            continue
        try:
            result = ingest_file(store, path, url=url, committee=committee, meeting_date=meeting_date, now=now,
                                 as_new=as_new)
            report.results.append((str(path), result))
        except IngestError as exc:
            report.errors.append(exc)
    return report


def is_manifest(path: Path) -> bool:
    """A .tsv or .csv file whose header names the column 'filename'."""
    if path.suffix.lower() not in {".tsv", ".csv"} or not path.is_file():
        return False
    try:
        with path.open("rb") as f:
            header = f.readline(4096).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    return "filename" in re.split(r"[\t,;]", header.strip().lower())


def read_manifest(manifest: Path) -> list[dict[str, str]]:
    """Read an INDEX.tsv manifest: a header, then filename, url and optionally committee_slug, meeting_date."""
    text = read_page_text(manifest)
    dialect = "excel-tab" if manifest.suffix.lower() != ".csv" else "excel"
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect))
    except csv.Error as exc:
        raise IngestError(str(manifest), f"manifestet går inte att läsa ({exc})") from None
    if not rows or "filename" not in rows[0]:
        raise IngestError(str(manifest), "manifestet saknar kolumnen 'filename' i rubrikraden")
    return rows


def ingest_manifest(store: Store, manifest: Path, *, now: str, as_new: bool = False) -> IngestReport:
    """Ingest every row of a manifest; rows with problems are reported, the rest stored."""
    report = IngestReport()
    try:
        rows = read_manifest(manifest)
    except IngestError as exc:
        report.errors.append(exc)
        return report
    for line, row in enumerate(rows, start=2):
        filename = (row.get("filename") or "").strip()
        if not filename:
            report.errors.append(IngestError(f"{manifest}:{line}", "raden saknar filnamn"))
            continue
        if Path(filename).is_absolute() or ".." in Path(filename).parts:
            report.errors.append(IngestError(f"{manifest}:{line}", f"sökvägen {filename!r} pekar utanför manifestets mapp"))
            continue
        path = manifest.parent / filename
        if not path.resolve().is_relative_to(manifest.parent.resolve()):
            report.errors.append(IngestError(f"{manifest}:{line}", f"sökvägen {filename!r} pekar utanför manifestets mapp"))
            continue
        try:
            result = ingest_file(
                store,
                path,
                url=(row.get("url") or "").strip() or None,
                committee=(row.get("committee_slug") or "").strip() or None,
                meeting_date=(row.get("meeting_date") or "").strip() or None,
                now=now,
                as_new=as_new,
            )
            report.results.append((str(path), result))
        except IngestError as exc:
            report.errors.append(exc)
    return report
