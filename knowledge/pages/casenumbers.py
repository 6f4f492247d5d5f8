"""Find and normalise case numbers (diarienummer) as the different hosts write them.

Every format is reduced to one key, SERIES:YEAR:SERIAL, so that `24RS3384-1`,
`RS/341/2023`, `RS 338:1-2020` and `RS 2022/713-2` can all be looked up however
a user types them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.models import CaseNumber

# Series that are words of their own in other references and never case series.
_NOT_SERIES = frozenset({"SOU", "DS", "PROP", "MT", "KL", "SFS", "AB", "NR", "KAP", "T", "ST", "AT"})


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


# Written forms in documents. Upper-case series only: lower-case runs are words.
_DOC_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("slash", re.compile(r"(?<![\w/])([A-ZÅÄÖ]{2,5})/(\d{1,6})/((?:19|20)\d{2})(?!\d)")),
    ("colon", re.compile(r"(?<![\w/])([A-ZÅÄÖ]{2,5}) ?(\d{1,6}):(\d{1,3})-((?:19|20)\d{2})(?!\d)")),
    # RS 912-2025, RS 912-2025-3: serial, then year, then an optional document number
    ("serialyear", re.compile(r"(?<![\w/-])([A-ZÅÄÖ]{2,5}) ?(\d{1,6})-((?:19|20)\d{2})(?:-(\d{1,4}))?(?![\d/:]|-\d)")),
    ("yearslash", re.compile(r"(?<![\w/])([A-ZÅÄÖ]{2,5}) ?((?:19|20)\d{2})/(\d{1,6})(?:-(\d{1,4}))?(?![\d/])")),
    ("compact", re.compile(r"(?<![\w/-])(\d{2})([A-ZÅÄÖ]{1,4})(\d{1,6})(?:-(\d{1,4}))?(?!\d)")),
]


def _build(style: str, groups: tuple[str | None, ...], raw: str) -> CaseNumber | None:
    if style == "slash":
        series, serial, year = groups[0], groups[1], groups[2]
        doc = None
    elif style == "colon":
        series, serial, doc_s, year = groups
        doc = int(doc_s) if doc_s else None
    elif style == "yearslash":
        series, year, serial, doc_s = groups
        doc = int(doc_s) if doc_s else None
    elif style == "serialyear":
        series, serial, year, doc_s = groups
        doc = int(doc_s) if doc_s else None
        if serial is not None and re.fullmatch(r"(?:19|20)\d{2}", serial):
            return None  # "EU 2021-2027" is a period, not a case
    else:
        year, series, serial, doc_s = groups
        doc = int(doc_s) if doc_s else None
    assert series is not None and serial is not None and year is not None
    series = series.upper()
    if series in _NOT_SERIES:
        return None
    return CaseNumber(raw=raw, series=series, year=_year(year), serial=int(serial), doc=doc, style=style)


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Return every case number written in a document text, in order, without repeats."""
    found: list[tuple[int, CaseNumber]] = []
    taken: list[tuple[int, int]] = []
    for style, pattern in _DOC_PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            case = _build(style, match.groups(), match.group())
            if case is not None:
                taken.append(span)
                found.append((span[0], case))
    seen: set[tuple[str, int | None]] = set()
    out: list[CaseNumber] = []
    for _, case in sorted(found, key=lambda pair: pair[0]):
        if (case.key, case.doc) not in seen:
            seen.add((case.key, case.doc))
            out.append(case)
    return out


@dataclass(frozen=True)
class CaseQuery:
    """A case number as a user typed it: series may be missing, doc is optional."""

    raw: str
    serial: int
    series: str | None = None
    year: int | None = None
    doc: int | None = None

    @property
    def key(self) -> str | None:
        """Return SERIES:YEAR:SERIAL when the query names all three."""
        if self.series and self.year:
            return f"{self.series}:{self.year}:{self.serial}"
        return None


# the document number after a dash, a colon or a space: "24rs446-6", "24rs446 6" (one to three digits, so "24rs446
# 2024" is no document)
_Q_COMPACT = re.compile(
    r"(?<![\w])(\d{2})[\s-]?([a-zåäö]{1,4})[\s-]?(\d{1,6})(?:\s?[-:]\s?(\d{1,4})|\s(\d{1,3}))?(?![\w])", re.I
)
_ISO_DATE = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_Q_SERIES_NUMS = re.compile(
    r"(?<![\w])([a-zåäö]{1,5})\s?[/ \-]?\s?(\d{1,6})\s?[/:\- ]\s?(\d{1,6})(?:\s?[-/ ]\s?(\d{1,6}))?(?![\w])", re.I
)
_DNR = r"(?:dnr|diarienummer|diarienr)"  # the words that say a case number follows
# a series and its serial without the year, as the whole question or after "dnr" ("rs 612", "dnr KKN113"):
# elsewhere a number after a committee's initials is an amount or a day ("RUN 50 miljoner", "rs 15 maj")
_Q_SERIES_SERIAL = re.compile(
    rf"(?<![\w])(?P<dnr>{_DNR}\.?\s*)?([a-zåäö]{{1,5}})\s?[/\-]?\s?(\d{{2,6}})(?![\w/:.\-])", re.I
)
_Q_DNR_SERIAL = re.compile(rf"\b(?:{_DNR}|ärende|ärendenummer)\.?\s*(\d{{2,6}})\b", re.I)
_Q_BARE = re.compile(r"^\s*(\d{3,6})\s*$")


def _is_year(value: str) -> bool:
    return len(value) == 4 and value[:2] in {"19", "20"}


def parse_case_query(text: str, *, known_series: Iterable[str] = ()) -> CaseQuery | None:
    """Read a loosely typed case number from a question, or None.

    `known_series` are the series in the store; a word only counts as a series when it
    is one of them, so "om 2023 113" is not read as a case number.
    """
    series_set = {s.upper() for s in known_series}
    match = _Q_COMPACT.search(text)
    if match and match.group(2).upper() in series_set | {"RS"}:
        year, series, serial, doc, spaced_doc = match.groups()
        doc = doc or spaced_doc
        return CaseQuery(match.group(), int(serial), series.upper(), _year(year), int(doc) if doc else None)
    for match in _Q_SERIES_NUMS.finditer(text):
        series, a, b, c = match.groups()
        if series.upper() not in series_set or _ISO_DATE.fullmatch(f"{a}-{b}-{c}"):
            continue  # "RUN 2023-06-13" is the committee's meeting of that day, not a case
        if _is_year(a) and not _is_year(b):
            return CaseQuery(match.group(), int(b), series.upper(), int(a), int(c) if c else None)
        if _is_year(b):
            return CaseQuery(match.group(), int(a), series.upper(), int(b), None)
        if c and _is_year(c):  # RS 338:1-2020
            return CaseQuery(match.group(), int(a), series.upper(), int(c), int(b))
    for match in _Q_SERIES_SERIAL.finditer(text):
        _, series, serial = match.groups()
        alone = not text[: match.start()].strip() and not text[match.end():].strip(" ?!.,")
        if (alone or match["dnr"]) and series.upper() in series_set and not _is_year(serial):
            return CaseQuery(match.group(), int(serial), series.upper())
    match = _Q_DNR_SERIAL.search(text) or _Q_BARE.search(text)
    if match:
        return CaseQuery(match.group(), int(match.group(1)))
    return None


def normalise_case_number(text: str) -> str | None:
    """Return the canonical form of a case number written in any known style, or None."""
    found = find_case_numbers(text.strip())
    if found:
        return found[0].canonical
    query = parse_case_query(text, known_series={"RS"})
    if query and query.key and query.series:
        case = CaseNumber(raw=text, series=query.series, year=query.year or 0, serial=query.serial, doc=query.doc)
        return case.canonical
    return None
