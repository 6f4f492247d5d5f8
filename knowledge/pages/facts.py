"""Extract facts from an item's text: amounts, dates with their role, references, people."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from knowledge.language.periods import MONTH_SHORT, MONTHS
from knowledge.language.text import NUMBER_WORDS, sentences
from knowledge.models import Fact

# Raise when extraction changes: a store re-reads the facts of every item it holds (`refresh_facts`).
FACTS_VERSION = "3"

# A month's name or its short form ("3 okt. 2024", "1 jan 2025"), and what ends it: not a longer word, maybe a dot
_MONTH_RE = "|".join([*MONTHS, MONTH_SHORT])
_MONTH_END = r"(?!\w)\.?"


def _month(name: str) -> int:
    """The number of a month by its name or short form: "oktober", "okt", "Sept" → 10, 10, 9."""
    name = name.lower()
    return MONTHS.get(name) or next(n for full, n in MONTHS.items() if full.startswith(name))


_SCALE = {"miljon": 1e6, "miljoner": 1e6, "mnkr": 1e6, "mkr": 1e6, "miljard": 1e9, "miljarder": 1e9,
          "mdkr": 1e9, "mdr": 1e9, "tkr": 1e3, "tusen": 1e3, "msek": 1e6, "mdsek": 1e9, "tsek": 1e3}
# ... as a pattern, the longest first: "miljoner" before "miljon"
_SCALE_WORDS = "|".join(sorted(_SCALE, key=len, reverse=True))

_AMOUNT_RE = re.compile(
    r"(?<![\d,])(\d{1,3}(?:[  ]\d{3})+|\d+)(?:,(\d+))?\s*"
    rf"({_SCALE_WORDS})?\s*(kronor|kr\b|sek\b|:-)?",
    re.I,
)
# A minus sign right before an amount's number: "-119,3 mkr", "(−94,7 mkr)", "minus 13 mkr"
_MINUS = re.compile(r"(?:^|(?<=[\s(]))(?:-|−|minus\s)\s?$", re.I)
# Scales that say kronor by themselves: "2,5 mnkr", "12 MSEK"
_CURRENCY_SCALES = frozenset({"mnkr", "mkr", "mdkr", "tkr", "msek", "mdsek", "tsek"})
# "en" and "ett" are articles far more often than counts
_COUNT_WORDS = {word: number for word, number in NUMBER_WORDS.items() if number > 1}
# A count: a number and the word it counts ("1 341 stycken", "67 500 resor", "6 procent"); not an amount,
# a year, a date, a time of day, a paragraph or a case number.
COUNT_RE = re.compile(
    r"(?<![\w,.:/§-])(?<!§ )(?<!kl )(?<!kl\. )(\d{1,3}(?:[  ]\d{3})+|\d+|" + "|".join(_COUNT_WORDS) + r")"
    r"(,\d+)?\s+"
    rf"(?!(?:{_SCALE_WORDS}|sek|kronor|kr|januari|februari|mars|april|maj"
    rf"|juni|juli|augusti|september|oktober|november|december|{MONTH_SHORT}"
    r"|och|eller|till|kap\w*|paragraf|punkt|§)\b)"
    r"(%|[a-zåäö]{2,})",
    re.I,
)
_ISO_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
# "1/7 2024", "31.12.2025": a day and a month in digits, with the year
_DIGIT_DATE_RE = re.compile(
    r"(?<![\d/.:,-])([0-3]?\d)(?:/([01]?\d)(?:/|\s+)|\.([01]?\d)\.)((?:19|20)\d{2})(?![\d/.-]\d)")
_DAY_MONTH_RE = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_RE}){_MONTH_END}\s+((?:19|20)\d{{2}})", re.I)
# "7 september" with no year: the meeting's date tells which (`dates_in_year`).
_DAY_MONTH_NO_YEAR_RE = re.compile(rf"(?<![\d-])(\d{{1,2}})\s+({_MONTH_RE}){_MONTH_END}(?!\s+(?:19|20)\d{{2}})", re.I)
NO_YEAR = "--"  # the value of a date without its year: "--09-07", as ISO 8601 writes it
# A year on its own ("under 2020"), not part of a date, a case number, a reference or a span
_YEAR_RE = re.compile(r"(?<![\d/:–-])((?:19|20)\d{2})(?![\d/:–-])")
# A verb in the past right before a date: "beslutade den 18 oktober", "sammanträdde 5 mars", "hölls den 7 juni"
_PAST_BEFORE = re.compile(r"\b(?:\w+(?:ade|ades|dde|ddes|des|tes)|hölls|antogs|togs|gavs|skedde|beslöt)"
                          r"\s+(?:den\s+|i\s+|på\s+)?$", re.I)
# A line of a list of dates: "19 augusti", "tisdag 28 januari kl. 9.00"
_DAY_MONTH_LINE = re.compile(rf"(?:\w+dag(?:en)?\s+)?(?:den\s+)?\d{{1,2}}\s+(?:{_MONTH_RE}){_MONTH_END}[^.]{{0,30}}", re.I)
_MONTH_YEAR_RE = re.compile(rf"(?<![\d\w])({_MONTH_RE}){_MONTH_END}\s+((?:19|20)\d{{2}})", re.I)
# A date written as ISO or as "1 januari 2023", for the two ends of a period.
_ANY_DATE = rf"(?:(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+(?:{_MONTH_RE}){_MONTH_END}\s+(?:19|20)\d{{2}})"
# "från 2023-01-01 till 2025-12-31", "fr.o.m. 2023-10-01 t.o.m. 2025-09-30", "2023-10-01–2025-09-30"
_PERIOD_RE = re.compile(
    rf"(?:(?:från(?:\s+och\s+med)?|fr\.\s?o\.\s?m\.?)\s+)?({_ANY_DATE})"
    rf"\s*(?:–|—|-|till(?:\s+och\s+med)?|t\.\s?o\.\s?m\.?)\s*({_ANY_DATE})",
    re.I,
)
# Abbreviations whose dot would end a sentence before the date they introduce.
_ABBREVIATION_DOT = re.compile(rf"\b(t\.\s?o\.\s?m|fr\.\s?o\.\s?m|\d{{1,2}}\s+(?:{MONTH_SHORT}))\.(?=\s)", re.I)
_END_WORDS = re.compile(r"löper ut|går ut|upphör|slutdatum|slutar|gäller till|avtalet löper till|avslutas|t\.o\.m", re.I)
_START_WORDS = re.compile(r"avtalsstart|från och med|fr\.o\.m|startar|börjar gälla|träder i kraft|start", re.I)
_CONTRACT_RE = re.compile(r"\b(MT \d{4}-\d{3,4}[A-Z]?)\b")
_REFERENCE_RE = re.compile(r"\b((?:SOU|Ds) \d{4}:\d+|[Pp]rop\. \d{4}/\d{2}:\d+)")
_PERSON_RE = re.compile(r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?(?: [A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?)+")


def _amounts(sentence: str) -> list[Fact]:
    out = []
    for m in _AMOUNT_RE.finditer(sentence):
        whole, decimals, scale, currency = m.groups()
        if not currency and not (scale and scale.lower() in _CURRENCY_SCALES):
            continue
        if not scale and not currency:
            continue
        value = float(whole.replace(" ", "").replace(" ", "") + (f".{decimals}" if decimals else ""))
        value *= _SCALE.get((scale or "").lower(), 1)
        sign = _MINUS.search(sentence, max(0, m.start() - 12), m.start())
        if sign and not sentence[: sign.start()].rstrip()[-1:].isdigit():  # "1 400 - 2 000 kr" is a range
            value = -value
        out.append(Fact("amount", str(int(round(value))), number=value, snippet=sentence))
    return out


# Words that a number labels rather than counts: "fas 1 omfattar", "etapp 2 startar", "bilaga 3 visar"
_LABELS = frozenset({"fas", "etapp", "del", "steg", "nr", "nummer", "bilaga", "kapitel", "paragraf", "punkt",
                     "avsnitt", "version", "vecka", "kvartal", "tertial", "sida", "rad", "mål", "delmål", "område",
                     "kl", "klockan", "år"})


def _counts(sentence: str) -> list[Fact]:
    out = []
    for m in COUNT_RE.finditer(sentence):
        word, decimals = m.group(1).lower(), m.group(2) or ""
        digits = str(_COUNT_WORDS[word]) if word in _COUNT_WORDS else word.replace(" ", "").replace(" ", "")
        if len(digits) == 4 and digits.startswith(("19", "20")) and " " not in m.group(1):
            continue  # a year
        before = sentence[max(0, m.start() - 24): m.start()].split()
        if before and (before[-1].lower().rstrip(".") in _LABELS or before[-1][-1:].isdigit()):
            continue  # a label ("fas 1"), or a group of a longer number ("073-039 28 06")
        if len(digits) > 1 and digits.startswith("0"):
            continue  # "06" is part of a phone number or a code, not a count
        value = digits + decimals  # "8,6 %" is 8,6
        out.append(Fact("count", value, number=float(value.replace(",", ".")), snippet=sentence))
    return out


def _role(sentence: str, position: int, periods: dict[int, str] | None = None) -> str | None:
    """Return end or start for the date at `position`: its place in a period, else the nearest word before it."""
    if periods and position in periods:
        return periods[position]
    before = sentence[max(0, position - 60):position]
    ends = [m.end() for m in _END_WORDS.finditer(before)]
    starts = [m.end() for m in _START_WORDS.finditer(before)]
    if ends and (not starts or max(ends) >= max(starts)):
        return "end"
    if starts:
        return "start"
    return None


def _period_roles(sentence: str) -> dict[int, str]:
    """Return the positions of dates that open and close a period: start and end."""
    roles: dict[int, str] = {}
    for m in _PERIOD_RE.finditer(sentence):
        roles[m.start(1)] = "start"
        roles[m.start(2)] = "end"
    return roles


def _years_named(sentence: str) -> set[str]:
    """The years a sentence names on their own ("följande dagar under 2020"), not within dates."""
    if not _YEAR_RE.search(sentence):
        return set()
    return set(_YEAR_RE.findall(_ISO_DATE_RE.sub(" ", _DAY_MONTH_RE.sub(" ", sentence))))


def _dates(sentence: str, year: str | None = None) -> list[Fact]:
    """The dates of a sentence; one without a year takes `year`, of the list of dates it is a line of.

    The year a sentence names is no year of its dates: "budget 2024 fastställs den 28 november" is in 2023."""
    out = []
    taken: list[tuple[int, int]] = []
    periods = _period_roles(sentence)
    # whole dates, each written as its (year, month, day)
    for regex, ymd in ((_ISO_DATE_RE, lambda m: (m[1], m[2], m[3])), (_DIGIT_DATE_RE, lambda m: (m[4], m[2] or m[3], m[1])),
                       (_DAY_MONTH_RE, lambda m: (m[3], _month(m[2]), m[1]))):
        for m in regex.finditer(sentence):
            try:
                value = date(*(int(part) for part in ymd(m))).isoformat()
            except ValueError:
                continue
            taken.append(m.span())
            out.append(Fact("date", value, role=_role(sentence, m.start(), periods), snippet=sentence))
    for m in _DAY_MONTH_NO_YEAR_RE.finditer(sentence):
        month, day = _month(m.group(2)), int(m.group(1))
        try:
            date(2000, month, day)  # a leap year: 29 februari is a date
        except ValueError:
            continue
        role = _role(sentence, m.start(), periods)
        if year:
            out.append(Fact("date", f"{year}-{month:02d}-{day:02d}", role=role, snippet=sentence))
        else:
            past = bool(_PAST_BEFORE.search(sentence[max(0, m.start() - 40): m.start()]))
            out.append(Fact("date", f"{NO_YEAR}{month:02d}-{day:02d}", role=role, snippet=sentence, past=past))
    for m in _MONTH_YEAR_RE.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = f"{m.group(2)}-{_month(m.group(1)):02d}"
        out.append(Fact("date", value, role=_role(sentence, m.start()), snippet=sentence))
    return out


def _people(sentence: str) -> list[Fact]:
    if "informerar" not in sentence:
        return []
    head = sentence.split("informerar")[0]
    out = []
    for m in _PERSON_RE.finditer(head):
        parts = m.group().split()
        if len(parts) > 2:  # "Ekonomichef Peter Hansson": the title starts the run
            parts = parts[-2:]
        out.append(Fact("person", " ".join(parts), snippet=sentence))
    return out


def _in_year(value: str, meeting: date, *, past: bool = False) -> str | None:
    """The date of "--MM-DD" the meeting means: within three months before it or nine after (papers plan
    ahead more than they look back). A meeting in March that moves "11 oktober" means this October, one
    in December that plans "15 januari" next January, one in January that reports "5 december" last December.
    A date the text puts in the past ("beslutade den 18 oktober") is the last one before the meeting."""
    month, day = int(value[2:4]), int(value[5:7])
    candidates = []
    for year in (meeting.year - 1, meeting.year, meeting.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 februari in a year without it
            continue
    if not candidates:
        return None
    if past:
        before = [c for c in candidates if c <= meeting]
        return max(before).isoformat() if before else None
    for candidate in candidates:
        if -92 < (candidate - meeting).days <= 275:
            return candidate.isoformat()
    return min(candidates, key=lambda d: abs((d - meeting).days)).isoformat()


def dates_in_year(facts: tuple[Fact, ...], meeting_date: str | None) -> tuple[Fact, ...]:
    """Give dates written without a year the year the meeting's date implies; drop them when it is unknown."""
    if not any(f.kind == "date" and f.value.startswith(NO_YEAR) for f in facts):
        return facts
    meeting = date.fromisoformat(meeting_date) if meeting_date else None
    out: list[Fact] = []
    for fact in facts:
        if fact.kind == "date" and fact.value.startswith(NO_YEAR):
            value = _in_year(fact.value, meeting, past=fact.past) if meeting else None
            if value is None or any(f.kind == "date" and f.value == value for f in out):
                continue
            fact = replace(fact, value=value)
        out.append(fact)
    return tuple(out)


def extract_facts(text: str) -> list[Fact]:
    """Return the facts stated in a text, sentence by sentence, without repeats."""
    facts: list[Fact] = []
    # the year of a list of dates, from the line that opens it: "sammanträda följande dagar under 2020"
    list_year: str | None = None
    for sentence in sentences(_ABBREVIATION_DOT.sub(r"\1", text)):
        date_line = len(sentence) <= 60 and _DAY_MONTH_LINE.fullmatch(sentence) is not None
        dates = _dates(sentence, list_year if date_line else None)
        own = _years_named(sentence) if not dates else set()
        if len(own) == 1:
            list_year = next(iter(own))
        elif not date_line:
            list_year = None
        facts.extend(_amounts(sentence))
        facts.extend(_counts(sentence))
        facts.extend(dates)
        facts.extend(Fact("contract", m.group(1), snippet=sentence) for m in _CONTRACT_RE.finditer(sentence))
        facts.extend(Fact("reference", m.group(1), snippet=sentence) for m in _REFERENCE_RE.finditer(sentence))
        facts.extend(_people(sentence))
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for fact in facts:
        key = (fact.kind, fact.value, fact.role)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique
