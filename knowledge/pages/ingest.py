"""Read meeting pages from files or a manifest and store them."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

from knowledge.models import MeetingSource
from knowledge.pages.parser import PageError, parse_meeting_page
from knowledge.pages.sources import (
    SourceError,
    committee_name_from_slug,
    guess_organisation,
    parse_date,
    parse_meeting_url,
)
from knowledge.store import Store, UpsertResult

MAX_PAGE_BYTES = 20 * 1024 * 1024


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


def read_page_text(path: Path) -> str:
    """Read a page file as UTF-8 text, or raise IngestError saying what is wrong with it."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(name, "filen finns inte") from None
    except IsADirectoryError:
        raise IngestError(name, "är en mapp, inte en fil") from None
    except OSError as exc:
        raise IngestError(name, f"filen går inte att läsa ({exc.strerror})") from None
    if not data.strip():
        raise IngestError(name, "filen är tom")
    if len(data) > MAX_PAGE_BYTES:
        raise IngestError(name, "filen är för stor för en mötessida (över 20 MB)")
    if b"\x00" in data[:8192]:
        raise IngestError(name, "filen är binär, inte text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(name, "filen är inte UTF-8-text") from None


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
    try:
        return store_page(store, source, text, now=now, as_new=as_new)
    except PageError as exc:
        raise IngestError(str(path), str(exc)) from None


def store_page(store: Store, source: MeetingSource, text: str, *, now: str, as_new: bool = False) -> UpsertResult:
    """Parse a page's text and store it, with what the URL and the page say about the meeting.

    Raises PageError when the text is not a meeting page.
    """
    parsed = parse_meeting_page(text)
    if source.organisation is None:
        source = replace(source, organisation=guess_organisation(text))
    if parsed.committee_name is None and source.committee_slug:
        parsed = replace(parsed, committee_name=committee_name_from_slug(source.committee_slug))
    return store.upsert_meeting(source, parsed, now=now, as_new=as_new)


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
    """Ingest several files with the same options; a bad file does not stop the good ones."""
    report = IngestReport()
    for path in paths:
        try:
            result = ingest_file(store, path, url=url, committee=committee, meeting_date=meeting_date, now=now,
                                 as_new=as_new)
            report.results.append((str(path), result))
        except IngestError as exc:
            report.errors.append(exc)
    return report


def read_manifest(manifest: Path) -> list[dict[str, str]]:
    """Read an INDEX.tsv manifest: a header, then filename, url and optionally committee_slug, meeting_date."""
    text = read_page_text(manifest)
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
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
        path = manifest.parent / filename
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
