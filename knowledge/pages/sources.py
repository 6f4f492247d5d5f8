"""What a meeting page URL says: host, organisation, committee and date."""

from __future__ import annotations

import re
from datetime import date

from knowledge.language.text import fold
from knowledge.models import MeetingSource

ORGANISATIONS = {
    "politiskamoten.regionorebrolan.se": "Region Örebro län",
    "meetingsplus.vll.se": "Region Västerbotten",
    "forum.regionjh.se": "Region Jämtland Härjedalen",
    "meetingsplus.regionjh.se": "Region Jämtland Härjedalen",
    "moten.lg.se": "Region Gävleborg",
}

# Words of an organisation's name that name no place.
_NOT_PLACES = frozenset({"region", "län", "landsting", "landstinget"})


def _organisation_words() -> dict[str, str]:
    """Words a user may use for an organisation in a question, derived from its name and host.

    The places of its name and their genitives ("jämtlands"), the initials of a name of three words or more
    ("rjh", "röl") and of two places or more ("jh"), and the name its host gives it when that is not a short
    abbreviation ("vll", "regionjh"); each also typed without å, ä and ö."""
    found: dict[str, str] = {}
    for host, org in ORGANISATIONS.items():
        names = org.lower().split()
        places = [w for w in names if w not in _NOT_PLACES]
        forms = {*places, *(place + "s" for place in places)}
        if len(names) >= 3:
            forms.add("".join(w[0] for w in names))
        if len(places) >= 2:
            forms.add("".join(w[0] for w in places))
        label = host.split(".")[-2]
        if len(label) >= 3:
            forms.add(label)
        for form in forms:
            found[form] = found[fold(form)] = org
    return found


ORGANISATION_WORDS = _organisation_words()

_URL_RE = re.compile(
    r"^https?://(?P<host>[a-z0-9.-]+)(?::\d+)?/(?:[a-z]{2}/)?committees/(?P<slug>[a-z0-9-]+)/mote-(?P<date>\d{4}-\d{2}-\d{2})/?(?:[?#].*)?$",
    re.I,
)


class SourceError(ValueError):
    """A URL, committee or date given for a page that cannot be right."""


def parse_date(value: str) -> str:
    """Check an ISO date and return it; raise SourceError for an impossible one."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise SourceError(f"omöjligt datum: {value!r}") from exc


def parse_meeting_url(url: str) -> MeetingSource:
    """Read host, organisation, committee and date from a meeting page URL."""
    m = _URL_RE.match(url.strip())
    if not m:
        raise SourceError(
            f"okänd URL-form: {url!r} (väntade https://VÄRD/[sv/]committees/<nämnd>/mote-ÅÅÅÅ-MM-DD)"
        )
    host = m.group("host").lower()
    return MeetingSource(
        url=url.strip(),
        host=host,
        organisation=ORGANISATIONS.get(host, host),
        committee_slug=m.group("slug").lower(),
        meeting_date=parse_date(m.group("date")),
        committee_name=committee_name_from_slug(m.group("slug").lower()),
    )


_SLUG_WORDS = [
    ("namnd", "nämnd"), ("halso", "hälso"), ("sjukvard", "sjukvård"), ("fullmaktige", "fullmäktige"),
    ("tillvaxt", "tillväxt"), ("samverkansrad", "samverkansråd"), ("raddning", "räddning"),
    ("overgripande", "övergripande"), ("-for-", " för "), ("lan", "län"),
]


def committee_name_from_slug(slug: str) -> str:
    """Guess a readable Swedish committee name from its slug: 'halso-och-sjukvardsnamnd' → 'Hälso- och sjukvårdsnämnd'."""
    name = slug
    for plain, swedish in _SLUG_WORDS:
        name = re.sub(r"\blan\b", "län", name) if plain == "lan" else name.replace(plain, swedish)
    name = re.sub(r"^(\w+)-och-", r"\1- och ", name)
    name = name.replace("-", " ").replace("  och", "- och")
    return name[:1].upper() + name[1:]


def guess_organisation(text: str) -> str | None:
    """Name the organisation a page without URL belongs to, from the region it mentions most."""
    counts = {org: text.count(org) for org in set(ORGANISATIONS.values())}
    best = max(counts, key=lambda org: counts[org])
    ranked = sorted(counts.values(), reverse=True)
    return best if ranked[0] >= 2 and ranked[0] >= 2 * ranked[1] else None
