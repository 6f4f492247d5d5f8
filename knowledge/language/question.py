"""Understand a Swedish question: topic words, committee, organisation, period, case number, intent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from knowledge.language.text import INTENT_WORDS, STOP_WORDS, fold, is_stop_word, words
from knowledge.pages.casenumbers import CaseQuery, parse_case_query
from knowledge.pages.facts import MONTHS
from knowledge.pages.sources import ORGANISATION_WORDS

MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class Period:
    """An inclusive date range and how it was said."""

    start: date
    end: date
    label: str

    def contains(self, value: str | None) -> bool:
        """Return True when an ISO date (or YYYY-MM month) falls inside the period."""
        if not value:
            return False
        return self.start.isoformat()[: len(value)] <= value <= self.end.isoformat()[: len(value)]


@dataclass(frozen=True)
class CommitteeInfo:
    """A committee the store knows, for recognising it in questions."""

    slug: str
    name: str
    organisation: str | None


@dataclass(frozen=True)
class Catalog:
    """What the store holds that a question can name: committees, organisations, case series."""

    committees: tuple[CommitteeInfo, ...] = ()
    organisations: frozenset[str] = frozenset()
    series: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Question:
    """A question as understood, before any search."""

    text: str
    terms: tuple[str, ...]
    committees: tuple[str, ...] = ()
    organisation: str | None = None
    period: Period | None = None
    case: CaseQuery | None = None
    intent: str = "search"
    wants: frozenset[str] = field(default_factory=frozenset)
    truncated: bool = False


_ABBREVIATIONS = {
    "hsn": ("halso-och-sjukvard",),
    "rs": ("regionstyrelse",),
    "rf": ("regionfullmaktige",),
    "fullmäktige": ("regionfullmaktige",),
    "ktn": ("kollektivtrafiknamnd",),
    "run": ("regionala-utvecklingsnamnd",),
    "rtn": ("regional-tillvaxtnamnd",),
    "pn": ("patientnamnd",),
    "kkn": ("kultur-och-kompetensnamnd",),
    "styrelsen": ("regionstyrelse",),
}
# Matched against the question without å, ä and ö, so "loper ut" works like "löper ut".
_CONTRACT_EXPIRY = re.compile(r"loper ut|gar ut|upphor|utgar|slutar galla|avtalstiden slutar|tar slut")
_DECISION = re.compile(r"\bbeslut\w*|\bbeslot|\bbestamde|\bbestamt|\bklubbade")
_AMOUNT = re.compile(r"hur mycket|kostar|kostnad|belopp|\bpris|hur stor|hur stort|budget")
_WHEN = re.compile(r"\bnar\b|vilka datum|vilket datum|\bdatum\b")
_LATEST = re.compile(r"\bsenaste\b|\bsenast\b|\bnyaste\b")
_MONTH_RE = "|".join(MONTHS)
_REFERENCE = re.compile(r"\b(SOU|Ds|[Pp]rop\.?)\s*(\d{4})(?:/\d{2})?:(\d+)", re.I)


def _month_range(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return start, end


def parse_period(text: str, *, now: date) -> tuple[Period | None, str]:
    """Find a period in the text; return it and the text without the words that said it."""
    lower = text.lower()
    rules: list[tuple[str, object]] = [
        (r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)", "iso"),
        (rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_RE})\s+((?:19|20)\d{{2}})", "daymonth"),
        (rf"\b({_MONTH_RE})\s+((?:19|20)\d{{2}})\b", "monthyear"),
        (rf"\b(?:i\s+|under\s+)?({_MONTH_RE})(?:\s+månad)?\b", "month"),
        (r"\bi\s+v[åa]ras\b", "spring"),
        (r"\bi\s+somras\b", "summer"),
        (r"\bi\s+h[öo]stas\b", "autumn"),
        (r"\bi\s+vintras\b", "winter"),
        (r"\bf[öo]rra\s+[åa]ret\b|\bi\s+fjol\b", "lastyear"),
        (r"\bi\s+år\b|\bdetta\s+år\b|\bden\s+här\s+året\b", "thisyear"),
        (r"\bförra\s+månaden\b", "lastmonth"),
        (r"\b(?:den\s+här|denna)\s+månaden?\b", "thismonth"),
        (r"\bförra\s+veckan\b", "lastweek"),
        (r"\bför\s+(\w+)\s+(dagar|veckor|månader|år)\s+sedan\b|\bi\s*går\b", "relative"),
        (r"(?<![\d/:-])((?:19|20)\d{2})(?![\d/:-])", "year"),
    ]
    for pattern, kind in rules:
        m = re.search(pattern, lower)
        if not m:
            continue
        period = _period_from(kind, m, now=now)
        if period is None:
            continue
        cleaned = text[: m.start()] + " " + text[m.end():]
        return period, cleaned
    return None, text


def _period_from(kind: object, m: re.Match[str], *, now: date) -> Period | None:
    label = m.group(0).strip()
    try:
        if kind == "iso":
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return Period(day, day, label)
        if kind == "daymonth":
            day = date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
            return Period(day, day, label)
    except ValueError:
        return None
    if kind == "monthyear":
        return Period(*_month_range(int(m.group(2)), MONTHS[m.group(1)]), label)
    if kind == "month":
        month = MONTHS[m.group(1)]
        year = now.year if month <= now.month else now.year - 1
        return Period(*_month_range(year, month), label)
    if kind == "spring":
        year = now.year if now.month > 3 else now.year - 1
        return Period(date(year, 3, 1), date(year, 6, 30), label)
    if kind == "summer":
        year = now.year if now.month > 6 else now.year - 1
        return Period(date(year, 6, 1), date(year, 8, 31), label)
    if kind == "autumn":
        year = now.year if now.month > 8 else now.year - 1
        return Period(date(year, 9, 1), date(year, 12, 31), label)
    if kind == "winter":
        year = now.year if now.month > 2 else now.year - 1
        return Period(date(year - 1, 12, 1), date(year, 2, 28), label)
    if kind == "lastyear":
        return Period(date(now.year - 1, 1, 1), date(now.year - 1, 12, 31), label)
    if kind == "thisyear":
        return Period(date(now.year, 1, 1), date(now.year, 12, 31), label)
    if kind == "lastmonth":
        first = now.replace(day=1) - timedelta(days=1)
        return Period(*_month_range(first.year, first.month), label)
    if kind == "thismonth":
        return Period(*_month_range(now.year, now.month), label)
    if kind == "lastweek":
        monday = now - timedelta(days=now.weekday() + 7)
        return Period(monday, monday + timedelta(days=6), label)
    if kind == "relative":
        import dateparser  # slow to import; only questions with relative dates need it

        parsed = dateparser.parse(
            label, languages=["sv"],
            settings={"RELATIVE_BASE": datetime.combine(now, datetime.min.time()), "PREFER_DATES_FROM": "past"},
        )
        if parsed is None:
            return None
        unit = m.group(2) if m.lastindex else None
        if unit in {"månader", "år"}:
            return Period(*_month_range(parsed.year, parsed.month), label)
        return Period(parsed.date(), parsed.date(), label)
    if kind == "year":
        year = int(m.group(1))
        return Period(date(year, 1, 1), date(year, 12, 31), label)
    return None


def _committee_patterns(catalog: Catalog) -> list[tuple[list[str], str]]:
    patterns: list[tuple[list[str], str]] = []
    for committee in catalog.committees:
        patterns.append((committee.slug.split("-"), committee.slug))
        name_tokens = [t for t in re.split(r"[^a-z0-9]+", fold(committee.name)) if t]
        if name_tokens and name_tokens != committee.slug.split("-"):
            patterns.append((name_tokens, committee.slug))
        last = committee.slug.split("-")[-1]
        if len(last) >= 10 and committee.slug.count("-") >= 1:
            patterns.append(([last], committee.slug))
    return patterns


def find_committees(text: str, catalog: Catalog) -> tuple[tuple[str, ...], str]:
    """Return the committee slugs named in the text and the text without those words."""
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[a-zåäöéü0-9]+", text.lower())]
    folded = [fold(t) for t, _, _ in tokens]
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for pattern, slug in sorted(_committee_patterns(catalog), key=lambda p: -len(p[0])):
        k = len(pattern)
        for i in range(len(folded) - k + 1):
            window = folded[i : i + k]
            if window[:-1] == pattern[:-1] and window[-1].startswith(pattern[-1]) and len(window[-1]) - len(pattern[-1]) <= 5:
                if slug not in found:
                    found.append(slug)
                spans.append((tokens[i][1], tokens[i + k - 1][2]))
    for token, start, end in tokens:
        for prefix in _ABBREVIATIONS.get(token, ()):
            slugs = [c.slug for c in catalog.committees if c.slug.startswith(prefix)]
            if slugs:
                found.extend(s for s in slugs if s not in found)
                spans.append((start, end))
    return tuple(found), _remove_spans(text, spans)


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    return text


def parse_question(text: str, *, now: date, catalog: Catalog) -> Question:
    """Turn a question into its parts, relative to `now`."""
    truncated = len(text) > MAX_QUESTION_CHARS
    text = " ".join(text[:MAX_QUESTION_CHARS].split())
    rest = text
    case = parse_case_query(rest, known_series=catalog.series)
    if case:
        rest = rest.replace(case.raw, " ")
    committees, rest = find_committees(rest, catalog)
    organisation = None
    for word in words(rest):
        org = ORGANISATION_WORDS.get(word)
        if org and org in catalog.organisations and organisation in {None, org}:
            organisation = org
            rest = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", " ", rest)
    references = _REFERENCE.findall(rest)
    rest = _REFERENCE.sub(" ", rest)
    period, rest = parse_period(rest, now=now)
    lowered = fold(text)
    wants = set()
    if _AMOUNT.search(lowered):
        wants.add("amount")
    if _WHEN.search(lowered):
        wants.add("date")
    if case:
        intent = "case_lookup"
    elif _CONTRACT_EXPIRY.search(lowered):
        intent = "contract_expiry"
    elif _LATEST.search(lowered):
        intent = "latest"
    elif _DECISION.search(lowered):
        intent = "decision"
    else:
        intent = "search"
    ignore = STOP_WORDS | INTENT_WORDS["latest"] | INTENT_WORDS["date"] | {"mötet", "möte", "sammanträde",
                                                                           "sammanträdet", "dnr", "diarienummer"}
    if "amount" in wants:
        ignore |= INTENT_WORDS["amount"]
    if intent == "contract_expiry":
        ignore |= {"löper", "går", "upphör", "utgår", "slutar", "gälla", "tar", "slut", "loper", "gar", "upphor",
                   "utgar", "galla"}
    terms = tuple(w for w in words(rest) if w not in ignore and not is_stop_word(w) and len(w) > 1 and not w.isdigit())
    for kind, year, number in references:  # "SOU 2021:93": every part is a search word
        terms += (kind.lower().rstrip("."), year, number)
    if not terms and (committees or period or organisation) and intent in {"search", "decision"}:
        intent = "browse"
    return Question(
        text=text, terms=terms, committees=committees, organisation=organisation, period=period, case=case,
        intent=intent, wants=frozenset(wants), truncated=truncated,
    )
