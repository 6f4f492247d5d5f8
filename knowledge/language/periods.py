"""Find the time period in a Swedish question and the exact characters that said it.

Every phrase is matched against a table of compiled patterns, tried from the most specific to the least
specific; each pattern has a small builder that turns the match into an inclusive date span. Helper words
around a match ("i", "under", "år", "den", "sedan", "före" ...) are consumed as well, so that the caller can
drop every word that said the period from the search terms.

Decisions:
- Text is lowercased character by character (offsets never move); å, ä and ö in the patterns also match a
  plain a or o, so "i varas", "hosten" and "forra aret" work, while "detta är" is still not "detta år".
- Seasons follow the political terms: våren = 1 Jan-30 Jun, sommaren = 1 Jun-31 Aug, hösten = 1 Aug-31 Dec,
  vintern YYYY = 1 Dec (YYYY-1) to the end of February YYYY ("vintern 2023/2024" is the same as "vintern 2024").
- A month, day, season, quarter or half-year without a year is the most recent one that has started by now
  ("i maj", "den 7 december", "i höstas", "våren", "andra halvåret"); "i höst", "i sommar" and "i vinter" are
  the nearest one that has not ended yet. "i vår" is not read (it is usually "in our").
- "sedan X", "efter X", "från och med X" and "X och framåt" run from the start of X on; "före X" and
  "innan X" from 1900-01-01 to the day before X; "till och med X" from 1900-01-01 to the end of X.
- A bare four-digit year counts only between 1950 and ten years after now, and never next to "/", ":",
  "-digit", a reference word (SOU, dnr, RS, KKN, kl ...) or an amount or unit ("kr", "kronor", "personer" ...).
- "mar" alone is never a month; "jan", "jun", "jul" and "sep" need a year or a preceding "i"; a day before a
  month name ("7 mar") is always enough.
- "senaste/förra/sista mötet (sammanträdet, protokollet)" sets latest=True over 1900-01-01..now, "nästa/kommande
  möte" sets upcoming=True over now..now+2 years; with another period in the text that period's range is used.
- "i början/slutet/mitten av X" is consumed but keeps the whole of X (a safe superset for search).
- "nästa/till/inför/kommande" + season is the next one that has not started; "förra" + season the last one
  that has ended. "nyår"/"årsskiftet" is January of the year named, else of the coming year after "från",
  "efter", "till", "inför" (in January and February: this one), else of the nearest. "i julas" is the last
  December; "nyligen", "på sistone" and "den senaste tiden" are the last three months. "inför jul" is not
  read ("jul" is also July).
- Several periods in one text give the range that covers them all.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from knowledge import texts
from knowledge.language.text import NUMBER_WORDS

__all__ = ["EARLIEST", "LATEST", "MONTHS", "Period", "find_period", "parse_period"]

EARLIEST = date(1900, 1, 1)
# The open end of a period said "sedan X" or "X och framåt": everything from X on, what is planned too
LATEST = date(9999, 12, 31)

Span = tuple[date, date]
Builder = Callable[[re.Match[str], date], Span | None]


@dataclass(frozen=True)
class Period:
    """An inclusive date range and how it was said."""

    start: date
    end: date
    label: str
    latest: bool = False
    upcoming: bool = False
    recurring: bool = False  # a month or season said without its year ("i maj", "hösten"): any year's may be meant

    def contains(self, value: str | None) -> bool:
        """Return True when an ISO date (or YYYY-MM month, or YYYY) falls inside the period."""
        if not value:
            return False
        return self.start.isoformat()[: len(value)] <= value <= self.end.isoformat()[: len(value)]

    @property
    def open(self) -> bool:
        """True for a period with no start or no end: "före 2020", "sedan 2023"."""
        return self.start == EARLIEST or self.end == LATEST

    def years_before(self, years: int) -> Period:
        """The same span the given number of years earlier ("maj 2026" → "maj 2024"); a month keeps its last day."""
        end = _add_years(self.end, -years)
        if _is_month_end(self.end):
            end = _month_end(end.year, end.month)
        return replace(self, start=_add_years(self.start, -years), end=end)

    @property
    def whole_years(self) -> tuple[str, ...]:
        """The calendar years the period is made of ("2026", "2022–2023"), or () for a part of a year."""
        if (self.start.month, self.start.day, self.end.month, self.end.day) != (1, 1, 12, 31) or self.open:
            return ()
        return tuple(str(year) for year in range(self.start.year, self.end.year + 1))


MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
MONTH_NAMES = tuple(MONTHS)
_MONTH_BY_PREFIX = {name[:3]: number for name, number in MONTHS.items()}

_ORDINALS = {
    "forsta": 1, "1:a": 1, "andra": 2, "2:a": 2, "tredje": 3, "3:e": 3, "fjarde": 4, "4:e": 4, "senare": 2,
}  # fmt: skip
_PLAIN = str.maketrans("åäöé", "aaoe")
_NUMBERS = {word.translate(_PLAIN): number for word, number in NUMBER_WORDS.items()}


# --- pattern fragments (å/ä/ö are widened by _fold when compiled) -------------------------------------------

_L = r"(?<!\w)(?<!\w[/:.,\-–])"  # not glued to a word, nor to "1-", "2022/", "2020:"
_R = r"(?!\w)(?![/:.,\-–]\w)"
_YEAR4 = r"(?:19|20)\d\d"
_NUM = r"(?:\d{1,2}|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)"
MONTH_SHORT = "jan|febr|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec"  # the months written short, "maj" needs none
_ABBR = rf"(?:{MONTH_SHORT})\.?"
_FULL = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
_MONTH = rf"(?P<mon>{_FULL}|{_ABBR})"
_MONTH_BARE = rf"(?:(?P<mon>{_FULL}|(?:feb|apr|aug|sept|okt|nov|dec)\.?)|i\s+(?P<mon2>(?:jan|jun|jul|sep)\.?))"
_SEASON = r"(?P<season>vårterminen|våren|vår|sommaren|sommar|höstterminen|hösten|höst|vintern|vinter|vt|ht)"
_ORD4 = r"första|andra|tredje|fjärde|sista|1:a|2:a|3:e|4:e"
_QUARTER = rf"(?:(?P<qord>{_ORD4})\s+kvartalet|kvartal\s+(?P<qn>[1-4])|(?:q|kv\.?\s?)(?P<qq>[1-4]))"
_HALF = r"(?:(?P<hord>första|andra|sista|senare|1:a|2:a)\s+halvåret|halvår\s+(?P<hn>[12])|h(?P<hh>[12]))"
_REL_YEAR = (
    rf"(?:i\s*fjol|förra\s+år(?:et|ets)?|föregående\s+år(?:et)?|i\s+år|detta\s+år|(?:det\s+)?här\s+året"
    rf"|innevarande\s+år|nästa\s+år|kommande\s+år|(?:för\s+)?{_NUM}\s+år\s+(?:sedan|sen))"
)
_YEAR_ANY = rf"(?:\s*[-–]?\s*(?P<y4>{_YEAR4})|(?:\s*[-–'’´]\s?|\s+)(?P<yy>\d\d)|\s+(?P<rel>{_REL_YEAR}))"
_YEAR_MARKED = rf"(?:\s*[-–]?\s*(?P<y4>{_YEAR4})|\s*[-–'’´]\s?(?P<yy>\d\d)|\s+(?P<rel>{_REL_YEAR}))"
_DAY = r"(?P<d>[0-3]?\d)(?::?[ae])?"

_ISO_DATE = rf"(?P<y>{_YEAR4})-(?P<mo>[01]?\d)-(?P<d>[0-3]?\d)"
_YEAR_MONTH = rf"(?P<y>{_YEAR4})-(?P<mo>0[1-9]|1[0-2])"
_DIGIT_DATE = rf"(?P<d>[0-3]?\d)[/.](?P<mo>[01]?\d)(?:[/.]|\s*[-–]\s*|\s+)(?P<y>{_YEAR4})"
_DAY_MONTH = rf"{_DAY}\s+{_MONTH}(?:{_YEAR_MARKED})?"
_MONTH_POINT = rf"{_MONTH}(?:{_YEAR_ANY})?"
_SEASON_POINT = rf"{_SEASON}(?:{_YEAR_ANY})?"
_YEAR = rf"(?P<y>{_YEAR4})"
_NOW_WORDS = r"idag|i\s+dag|nu|dags\s+dato"
_MEETING = r"[\w-]*?(?:mötet|möte|sammanträdet|sammanträde)s?"


def _fold(pattern: str) -> str:
    """Let å, ä and ö in a pattern also match the plain letter typed without them."""
    return pattern.replace("å", "[åa]").replace("ä", "[äa]").replace("ö", "[öo]")


def _anon(pattern: str) -> str:
    """Turn the named groups of a fragment into plain groups, so it can be repeated in one pattern."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _plain(word: str) -> str:
    """Return a lowercase word without å, ä, ö."""
    return word.lower().translate(_PLAIN)


# --- date arithmetic ------------------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    """Return the last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> Span:
    """Return the first and last day of a month."""
    return date(year, month, 1), _month_end(year, month)


def _year_span(year: int) -> Span:
    """Return the first and last day of a year."""
    return date(year, 1, 1), date(year, 12, 31)


def _week_span(day: date) -> Span:
    """Return the Monday and Sunday of the week holding a day."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _add_months(day: date, months: int) -> date:
    """Move a date by whole months, keeping the day where the month allows it."""
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, index + 1, min(day.day, calendar.monthrange(year, index + 1)[1]))


def _add_years(day: date, years: int) -> date:
    """Move a date by whole years (29 February becomes the 28th)."""
    return _add_months(day, 12 * years)


def _season_span(season: str, year: int) -> Span:
    """Return the political-term span of a season in a year."""
    if season == "spring":
        return date(year, 1, 1), date(year, 6, 30)
    if season == "summer":
        return date(year, 6, 1), date(year, 8, 31)
    if season == "autumn":
        return date(year, 8, 1), date(year, 12, 31)
    return date(year - 1, 12, 1), _month_end(year, 2)


_SEASON_NAMES = {"spring": "våren", "summer": "sommaren", "autumn": "hösten", "winter": "vintern"}


def season_name(start: date, end: date) -> str | None:
    """Name a span that is a season as a person says it ("hösten 2022", "vintern 2023/24"), else None."""
    for season, name in _SEASON_NAMES.items():
        if _season_span(season, end.year) == (start, end):
            return f"{name} {start.year}/{end.year % 100:02d}" if season == "winter" else f"{name} {end.year}"
    return None


def _is_month_end(day: date) -> bool:
    return day.month != (day + timedelta(days=1)).month


def describe_period(period: Period) -> str:
    """Say a period the way a header line does: "2024", "maj 2024", "2024-03-01–2024-06-30"."""
    if period.upcoming:
        return texts.UPCOMING
    if period.latest:
        return texts.LATEST
    start, end = period.start, period.end
    if end == LATEST:
        return f"från {start.isoformat()}"
    if start == EARLIEST:
        return f"till {end.isoformat()}"
    years = period.whole_years
    if years:
        return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    if start.year == end.year and start.month == end.month and start.day == 1 and _is_month_end(end):
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    season = season_name(start, end)
    if season:
        return season
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()}–{end.isoformat()}"


def _recent(make: Callable[[int], Span], now: date) -> Span | None:
    """Return the latest span make(year) gives that has started by now."""
    for year in range(now.year + 1, now.year - 9, -1):
        try:
            span = make(year)
        except ValueError:
            continue
        if span[0] <= now:
            return span
    return None


def _coming(make: Callable[[int], Span], now: date) -> Span | None:
    """Return the earliest span make(year) gives that has not ended by now."""
    for year in range(now.year - 1, now.year + 3):
        span = make(year)
        if span[1] >= now:
            return span
    return None


# --- reading groups -------------------------------------------------------------------------------------------


def _number(word: str) -> int:
    """Read a digit or Swedish number word."""
    return int(word) if word.isdigit() else _NUMBERS[_plain(word)]


def _relative_year(text: str, now: date) -> int:
    """Read a year said relative to now ("i fjol", "nästa år", "för två år sen")."""
    plain = _plain(text)
    ago = re.search(r"(\w+)\s+ar\s+(?:sedan|sen)", plain)
    if ago:
        return now.year - _number(ago.group(1))
    if re.match(r"i\s*fjol|forra|foregaende", plain):
        return now.year - 1
    if re.match(r"nasta|kommande", plain):
        return now.year + 1
    return now.year


def _year_value(match: re.Match[str], now: date) -> int | None:
    """Return the year a match states, if any."""
    groups = match.groupdict()
    if groups.get("y4"):
        return int(groups["y4"])
    if groups.get("yy"):
        return 2000 + int(groups["yy"])
    if groups.get("rel"):
        return _relative_year(groups["rel"], now)
    return None


def _season_key(word: str) -> str:
    """Name the season a Swedish season word refers to."""
    plain = _plain(word)
    if plain.startswith(("var", "vt")):
        return "spring"
    if plain.startswith("som"):
        return "summer"
    if plain.startswith(("hos", "ht")):
        return "autumn"
    return "winter"


def _unit_maker(match: re.Match[str]) -> Callable[[int], Span]:
    """Return a function from year to span for the month, season, quarter or half-year in a match."""
    groups = match.groupdict()
    month = groups.get("mon") or groups.get("mon2")
    if month:
        number = _MONTH_BY_PREFIX[month[:3]]
        return lambda year: _month_span(year, number)
    if groups.get("season"):
        season = _season_key(groups["season"])
        return lambda year: _season_span(season, year)
    quarter = groups.get("qn") or groups.get("qq")
    if quarter or groups.get("qord"):
        q = int(quarter) if quarter else _ORDINALS.get(_plain(groups["qord"]), 4)
        return lambda year: (date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    half = groups.get("hn") or groups.get("hh")
    h = int(half) if half else _ORDINALS.get(_plain(groups.get("hord") or ""), 2)
    return lambda year: (date(year, 1, 1), date(year, 6, 30)) if h == 1 else (date(year, 7, 1), date(year, 12, 31))


# --- builders -------------------------------------------------------------------------------------------------


def _unit(match: re.Match[str], now: date) -> Span | None:
    """Build a month, season, quarter or half-year in the stated year, else the most recent one."""
    make = _unit_maker(match)
    year = _year_value(match, now)
    return _recent(make, now) if year is None else make(year)


def _coming_unit(match: re.Match[str], now: date) -> Span | None:
    """Build the nearest season that has not ended ("i höst", "i vinter")."""
    return _coming(_unit_maker(match), now)


def _next_unit(match: re.Match[str], now: date) -> Span | None:
    """Build the next season that has not started ("nästa vår", "till hösten", "inför vintern")."""
    make = _unit_maker(match)
    for year in range(now.year, now.year + 3):
        span = make(year)
        if span[0] > now:
            return span
    return None


def _previous_unit(match: re.Match[str], now: date) -> Span | None:
    """Build the last season that has ended ("förra hösten", "förra våren")."""
    make = _unit_maker(match)
    for year in range(now.year, now.year - 3, -1):
        span = make(year)
        if span[1] < now:
            return span
    return None


def _new_year(match: re.Match[str], now: date) -> Span | None:
    """Build January of the year a new year names: the one stated ("årsskiftet 2022/2023" is 2023), else
    the coming one after "från", "efter", "till", "inför" ("från nyår" is next January, unless the new year
    has just been), else the nearest."""
    if match["y2"]:
        year = int(match["y2"]) if len(match["y2"]) == 4 else 2000 + int(match["y2"])
    elif match["y1"]:
        year = int(match["y1"])
    elif match["ahead"]:
        year = now.year if now.month <= 2 else now.year + 1  # in January and February it has just been
    else:
        year = now.year + 1 if now.month >= 7 else now.year
    return _month_span(year, 1)


def _iso_date(match: re.Match[str], now: date) -> Span | None:
    """Build one day from year, month and day groups."""
    try:
        day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
    except ValueError:
        return None
    return day, day


def _year_month(match: re.Match[str], now: date) -> Span | None:
    """Build a month from a YYYY-MM match."""
    return _month_span(int(match["y"]), int(match["mo"]))


def _day_of_month(day: int, month: int, year: int | None, now: date) -> Span | None:
    """Build one day, in the given year or the most recent one not after now."""
    if year is None:
        return _recent(lambda y: (date(y, month, day), date(y, month, day)), now)
    try:
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def _day_month(match: re.Match[str], now: date) -> Span | None:
    """Build a day from "7 december (2023)"."""
    return _day_of_month(int(match["d"]), _MONTH_BY_PREFIX[match["mon"][:3]], _year_value(match, now), now)


def _day_slash(match: re.Match[str], now: date) -> Span | None:
    """Build a day from "den 7/12" (most recent such day)."""
    if not 1 <= int(match["mo"]) <= 12:
        return None
    return _day_of_month(int(match["d"]), int(match["mo"]), None, now)


def _day_range(match: re.Match[str], now: date) -> Span | None:
    """Build the days from "7-9 december (2023)"."""
    first, last = int(match["d1"]), int(match["d2"])
    month = _MONTH_BY_PREFIX[match["mon"][:3]]
    end = _day_of_month(last, month, _year_value(match, now), now)
    if end is None or not 1 <= first <= last:
        return None
    return date(end[0].year, month, first), end[1]


def _winter_span(match: re.Match[str], now: date) -> Span | None:
    """Build the winter from "vintern 2023/2024" or "vintern 2023-24"."""
    first, second = int(match["y1"]), int(match["y2"])
    second = second if second > 99 else 2000 + second
    return _season_span("winter", second) if second == first + 1 else None


def _year(match: re.Match[str], now: date) -> Span | None:
    """Build a bare year, if it is a plausible one."""
    year = int(match["y"])
    return _year_span(year) if 1950 <= year <= now.year + 10 else None


def _ago(match: re.Match[str], now: date) -> Span | None:
    """Build the calendar year, month, week or day "för N ... sedan"."""
    count, unit = _number(match["n"]), _plain(match["unit"])
    if unit.startswith("halv"):
        unit, count = "manader", 6 * count
    if unit.startswith("ar"):
        return _year_span(now.year - count)
    if unit.startswith("man"):
        moved = _add_months(now, -count)
        return _month_span(moved.year, moved.month)
    if unit.startswith("veck"):
        return _week_span(now - timedelta(weeks=count))
    day = now - timedelta(days=count)
    return day, day


def _rolling(match: re.Match[str], now: date, *, ahead: bool = False) -> Span | None:
    """Build the rolling window "de senaste tre månaderna" ending today, or with `ahead` "de närmaste tre
    månaderna" starting today (plural without a number is 3)."""
    unit = _plain(match["unit"])
    plural = unit.endswith(("en", "na")) and unit not in ("manaden", "veckan")
    count = _number(match["n"]) if match["n"] else (3 if plural else 1)
    sign = 1 if ahead else -1
    if unit.startswith("ar"):
        other = _add_years(now, sign * count)
    elif unit.startswith("man"):
        other = _add_months(now, sign * count)
    elif unit.startswith("veck"):
        other = now + sign * timedelta(weeks=count)
    else:
        other = now + sign * timedelta(days=count if match["n"] or not plural else 7)
    return (now, other - timedelta(days=1)) if ahead else (other + timedelta(days=1), now)


def _fixed(make: Callable[[date], Span]) -> Builder:
    """Wrap a function of now as a builder that ignores the match."""
    return lambda match, now: make(now)


def _point(text: str, now: date) -> Span | None:
    """Read one end of a range with the single-point patterns."""
    if re.fullmatch(_fold(_NOW_WORDS), text):
        return now, now
    for pattern, build in _POINTS:
        match = pattern.fullmatch(text)
        if match:
            return build(match, now)
    return None


def _range(match: re.Match[str], now: date) -> Span | None:
    """Build "mellan X och Y", "X-Y", "X till Y"; X without a year takes the year from Y."""
    last = _point(match["b"], now)
    if last is None:
        return None
    first = _point(match["a"], last[1])
    if first is None or first[0] > last[0]:
        return None
    return first[0], max(first[1], last[1])


# --- the rule table -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """A compiled pattern, the builder for its matches, and the kind of phrase it finds."""

    pattern: re.Pattern[str]
    build: Builder
    kind: str = "date"  # "date", "range", "latest" or "upcoming"
    part: str = ""  # "unit" for a month or season without its year, "year" for a bare year


def _rule(pattern: str, build: Builder, kind: str = "date", part: str = "") -> _Rule:
    """Compile a pattern between word boundaries into a rule."""
    return _Rule(re.compile(_L + "(?:" + _fold(pattern) + ")" + _R), build, kind, part)


_POINTS: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(_fold(pattern)), build)
    for pattern, build in [
        (_ISO_DATE, _iso_date),
        (_DAY_MONTH, _day_month),
        (_DIGIT_DATE, _iso_date),
        (_MONTH_POINT, _unit),
        (_SEASON_POINT, _unit),
        (_YEAR, _year),
    ]
]
_POINT = "|".join(_anon(p) for p in (_ISO_DATE, _DAY_MONTH, _DIGIT_DATE, _MONTH_POINT, _SEASON_POINT, _YEAR))
_SEP = r"\s*[-–—]\s*|\s+(?:(?:fram\s+)?till(?:\s+och\s+med)?|t\.?\s?o\.?\s?m\.?|och|samt|eller)\s+"

_RULES: list[_Rule] = [
    # meeting phrases: a flag, not a date
    _rule(rf"(?:det\s+|den\s+)?(?:senaste|förra|sista|föregående)\s+(?:{_MEETING}|protokollet|gången)",
          _fixed(lambda now: (EARLIEST, now)), "latest"),
    _rule(rf"(?:till\s+|inför\s+)?(?:nästa|kommande|nästkommande|närmaste)\s+(?:{_MEETING}(?:n|na)?|gång(?:en)?)",
          _fixed(lambda now: (now, _add_years(now, 2))), "upcoming"),
    # spans with two ends
    _rule(rf"vinter(?:n)?\s+(?P<y1>{_YEAR4})\s*[/–-]\s*(?P<y2>(?:19|20)?\d\d)", _winter_span),
    _rule(rf"(?P<d1>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)(?::?[ae])?\s+{_MONTH}(?:{_YEAR_MARKED})?", _day_range),
    _rule(rf"(?:mellan\s+)?(?:den\s+)?(?P<a>{_POINT})(?:{_SEP})(?:i\s+|den\s+)?(?P<b>{_POINT}|{_NOW_WORDS})",
          _range, "range"),
    # days
    _rule(_ISO_DATE, _iso_date),
    _rule(_YEAR_MONTH, _year_month),
    _rule(_DIGIT_DATE, _iso_date),
    _rule(r"den\s+(?P<d>[0-3]?\d)/(?P<mo>[01]?\d)", _day_slash),
    _rule(_DAY_MONTH, _day_month),
    # month, season, quarter or half-year with a year
    _rule(rf"(?:{_MONTH}|{_SEASON}|{_QUARTER}|{_HALF}){_YEAR_ANY}", _unit),
    # relative to now
    _rule(rf"(?:för\s+)?(?P<n>{_NUM})\s+(?P<unit>år|halvår|månader|månad|veckor|vecka|dagar|dag)\s+(?:sedan|sen)", _ago),
    _rule(rf"(?:de\s+|det\s+|den\s+)?(?:senaste|sista)\s+(?:(?P<n>{_NUM})\s+)?"
          r"(?P<unit>åren|året|månaderna|månaden|veckorna|veckan|dagarna|dygnet)", _rolling),
    _rule(rf"(?:de\s+|dom\s+)?(?:närmaste|kommande)\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>åren|månaderna|veckorna|dagarna)",
          lambda match, now: _rolling(match, now, ahead=True)),
    _rule(r"i\s*förrgår", _fixed(lambda now: (now - timedelta(days=2), now - timedelta(days=2)))),
    _rule(r"igår|i\s+går", _fixed(lambda now: (now - timedelta(days=1), now - timedelta(days=1)))),
    _rule(r"idag|i\s+dag", _fixed(lambda now: (now, now))),
    _rule(r"imorgon|i\s+morgon", _fixed(lambda now: (now + timedelta(days=1), now + timedelta(days=1)))),
    _rule(r"i\s*fjol|förra\s+år(?:et|ets)?|föregående\s+år(?:et)?|fjolåret",
          _fixed(lambda now: _year_span(now.year - 1))),
    _rule(r"i\s+år(?!\s*[-–]?\s*\d)|detta\s+år|(?:det\s+)?här\s+året|innevarande\s+år(?:et)?|årets",
          _fixed(lambda now: _year_span(now.year))),
    _rule(r"(?:nästa|kommande|nästkommande)\s+år(?:et|s)?", _fixed(lambda now: _year_span(now.year + 1))),
    _rule(r"(?:förra|föregående)\s+månad(?:en|ens)?",
          _fixed(lambda now: _month_span(_add_months(now, -1).year, _add_months(now, -1).month))),
    _rule(r"(?:denna|innevarande)\s+månad|den\s+här\s+månaden|(?<!gång\s)(?<!gånger\s)i\s+månaden",
          _fixed(lambda now: _month_span(now.year, now.month))),
    _rule(r"(?:nästa|kommande)\s+månad(?:en)?",
          _fixed(lambda now: _month_span(_add_months(now, 1).year, _add_months(now, 1).month))),
    _rule(r"(?:förra|föregående)\s+veckan?", _fixed(lambda now: _week_span(now - timedelta(weeks=1)))),
    _rule(r"denna\s+vecka|den\s+här\s+veckan|(?<!gång\s)(?<!gånger\s)i\s+veckan", _fixed(_week_span)),
    _rule(r"(?:nästa|kommande)\s+veckan?", _fixed(lambda now: _week_span(now + timedelta(weeks=1)))),
    # colloquial: the coming or the previous season, the new year, last Christmas, lately
    _rule(r"(?:nästa|till|inför|kommande)\s+(?P<season>våren|vår|sommaren|sommar|hösten|höst|vintern|vinter)",
          _next_unit),
    _rule(r"(?:förra|föregående)\s+(?P<season>våren|sommaren|hösten|vintern)", _previous_unit),
    _rule(rf"(?:(?:(?P<ahead>från|efter|till|inför)|vid|kring|runt|innan|före|under)\s+)?(?:nyår(?:et)?|årsskiftet)"
          rf"(?:\s+(?P<y1>{_YEAR4})(?:\s*/\s*(?P<y2>(?:19|20)?\d\d))?)?", _new_year),
    _rule(r"i\s+julas", lambda match, now: _recent(lambda year: _month_span(year, 12), now)),
    _rule(r"nyligen|på\s+sistone|(?:den\s+)?senaste\s+tiden|på\s+senare\s+tid",
          _fixed(lambda now: (_add_months(now, -3) + timedelta(days=1), now))),
    # seasons, quarters and half-years without a year
    _rule(rf"i\s+(?P<season>våras|somras|höstas|vintras)(?:{_YEAR_ANY})?", _unit),  # "i höstas 2022" too
    _rule(r"i\s+(?P<season>höst|sommar|vinter)", _coming_unit),
    _rule(rf"(?P<qord>{_ORD4})\s+kvartalet|kvartal\s+(?P<qn>[1-4])|q(?P<qq>[1-4])", _unit),
    _rule(r"(?P<hord>första|andra|sista|senare|1:a|2:a)\s+halvåret|halvår\s+(?P<hn>[12])", _unit),
    _rule(r"(?P<season>våren|sommaren|hösten|vintern)s?", _unit, part="unit"),
    # the least specific: a day and month, a bare year, a bare month
    _rule(_YEAR, _year, part="year"),
    _rule(_MONTH_BARE, _unit, part="unit"),
]  # fmt: skip

_PREFIX = re.compile(_fold(
    r"(?<!\w)(?:(?P<since>alltsedan|sedan|sen|efter|från\s+och\s+med|fr\.?\s?o\.?\s?m\.?)"
    r"|(?P<before>före|innan|tidigare\s+än)|(?P<through>till\s+och\s+med|t\.?\s?o\.?\s?m\.?|fram\s+till)"
    r"|(?P<sofar>hittills)|(?P<plain2>(?:i\s+)?(?:början|slutet|mitten)\s+av)"
    r"|(?P<plain>i|under|på|från|den|för|vid|per|inom|år|året|åren|månaden|kring|runt|omkring|ca|cirka))\s+$"
))  # fmt: skip
_SUFFIX = re.compile(_fold(
    r"\s+(?:(?P<since>och\s+(?:framåt|senare|därefter)|framåt)|(?P<through>och\s+(?:tidigare|bakåt|dessförinnan))"
    r"|(?P<plain>års))(?!\w)"
))  # fmt: skip
_REFERENCE_BEFORE = re.compile(_fold(
    r"(?:(?<!\w)(?:sou|dnr|rs|kkn|prop|ds|sfs|nr|kl|klockan|diarienr|diarienummer|ärende|ärendenummer|punkt"
    r"|bilaga|paragraf|kap)\.?:?|§)\s*$"
))  # fmt: skip
_AMOUNT_AFTER = re.compile(_fold(
    r"\s*(?:kr|kronor|kronors|sek|tkr|mkr|mnkr|mdkr|miljon(?:er)?|miljard(?:er)?|procent|%|euro|€|st|stycken"
    r"|invånare|personer|patienter|anställda|timmar|minuter|platser|meter|km|kvm)(?!\w)"
))  # fmt: skip


@dataclass(frozen=True)
class _Hit:
    """One consumed stretch of text and the span it said."""

    start: int
    end: int
    span: Span
    kind: str
    said: int  # where the words that say the period start: "för 2023" of "i för 2023" is "2023"
    part: str = ""  # the rule's part: a month or season without its year, or a bare year
    text: str = ""  # what the rule matched


def _lower(text: str) -> str:
    """Lowercase a text without changing its length."""
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _is_reference(lower: str, start: int, end: int) -> bool:
    """Tell whether a number-shaped match is part of a reference, a time of day or an amount."""
    if lower[start].isdigit() and _REFERENCE_BEFORE.search(lower, max(0, start - 20), start):
        return True
    return lower[end - 1].isdigit() and _AMOUNT_AFTER.match(lower, end) is not None


def _modifier_of(found: re.Match[str]) -> str | None:
    """Return the name of the modifier group a helper-word match hit, if any."""
    return next((name for name, value in found.groupdict().items() if value and not name.startswith("plain")), None)


def _widen(lower: str, start: int, end: int, hits: list[_Hit]) -> tuple[int, int, int, str | None]:
    """Extend a match over the helper words around it; return its new start and end, where the words that say
    something of the period start (not "i" or "under", but "sedan" and "i början av"), and the first modifier."""
    floor = max((h.end for h in hits if h.end <= start), default=0)
    ceiling = min((h.start for h in hits if h.start >= end), default=len(lower))
    modifier = None
    said = start
    for _ in range(4):
        found = _PREFIX.search(lower, floor, start)
        if not found:
            break
        start = found.start()
        if not found.group("plain"):
            said = start
        modifier = modifier or _modifier_of(found)
    for _ in range(2):
        found = _SUFFIX.match(lower, end, ceiling)
        if not found:
            break
        end = found.end()
        modifier = modifier or _modifier_of(found)
    return start, end, said, modifier


def _modify(span: Span, modifier: str | None, now: date) -> Span:
    """Apply "sedan", "före", "till och med" or "hittills" to a span."""
    start, end = span
    if modifier == "since":
        return start, LATEST
    if modifier == "before":
        return EARLIEST, start - timedelta(days=1)
    if modifier == "through":
        return EARLIEST, end
    if modifier == "sofar" and now >= start:
        return start, min(end, now)
    return span


def _overlaps(hits: list[_Hit], start: int, end: int) -> bool:
    """Tell whether a stretch overlaps one already consumed."""
    return any(start < h.end and h.start < end for h in hits)


def find_period(text: str, *, now: date, join: bool = True) -> tuple[Period | None, list[tuple[int, int]]]:
    """Find the period in a text and the character spans of every word that said it; with `join`, a month or
    season is of the year the text names apart from it."""
    lower = _lower(text)
    hits: list[_Hit] = []
    for rule in _RULES:
        for match in rule.pattern.finditer(lower):
            start, end = match.span()
            if _overlaps(hits, start, end) or _is_reference(lower, start, end):
                continue
            span = rule.build(match, now)
            if span is None:
                continue
            start, end, said, modifier = _widen(lower, start, end, hits)
            if rule.kind == "date":
                span = _modify(span, modifier, now)
            if span[0] <= span[1]:
                hits.append(_Hit(start, end, span, rule.kind, said, rule.part, match.group()))
    if not hits:
        return None, []
    hits.sort(key=lambda h: h.start)
    if join and sorted(h.part for h in hits) == ["unit", "year"]:
        # a month or season and, a few words away, the only year: "decembermötet i servicenämnden 2025"
        unit, year = sorted(hits, key=lambda h: h.part)
        joined, _ = find_period(f"{unit.text.removesuffix('s')} {year.text}", now=now, join=False)
        if joined is not None:
            hits = sorted((replace(hit, span=(joined.start, joined.end)) for hit in hits), key=lambda h: h.start)
    spans = [(h.start, h.end) for h in hits]
    label = " ".join(" ".join(text[h.said:h.end].split()) for h in hits)
    latest = any(h.kind == "latest" for h in hits)
    upcoming = not latest and any(h.kind == "upcoming" for h in hits)
    dated = [h.span for h in hits if h.kind in ("date", "range")]
    if dated:
        first, last = min(s for s, _ in dated), max(e for _, e in dated)
    else:
        first, last = (EARLIEST, now) if latest else (now, _add_years(now, 2))
    # no year said with the month or season, nor joined from elsewhere in the text
    recurring = bool(dated) and all(h.part == "unit" for h in hits if h.kind in ("date", "range"))
    return Period(first, last, label, latest=latest, upcoming=upcoming, recurring=recurring), spans


def parse_period(text: str, *, now: date) -> tuple[Period | None, str]:
    """Find a period in the text; return it and the text with every word that said it removed (replaced by a space)."""
    period, spans = find_period(text, now=now)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return period, text
