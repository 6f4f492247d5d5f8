"""Names a person may use for a committee, derived from its official name and slug.

For "Regionala utvecklingsnämnden" that is the full name, the slug, the last word alone
("utvecklingsnämnden"), the initialism ("RUN"), shorter compounds ("trafiknämnden" for
kollektivtrafiknämnd, "kulturnämnden" for kultur- och kompetensnämnd), the bare organ word for a
region's own board and assembly ("styrelsen", "fullmäktige"), and every form without å, ä and ö.
All forms are folded (lower case, no diacritics) token tuples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from knowledge.language.background import zipf
from knowledge.language.text import fold

# The words that end a committee's name: what kind of organ it is.
ORGAN_WORDS = ("namnd", "styrelse", "fullmaktige", "utskott", "beredning", "radet", "rad", "delegation", "direktion")
# Endings of the organ word: "nämnden", "nämndens", "styrelsen", "fullmäktiges".
INFLECTIONS = frozenset({"", "en", "ens", "s", "n", "ns", "et", "ets", "es", "e", "er", "erna", "ernas"})
# Compounds that name a committee's meeting or papers: "trafiknämndsmötet", "kulturnämndsprotokollet".
MEETING_TAILS = ("mote", "sammantrade", "protokoll", "kallelse", "dagordning", "handling", "beslut")
# Heads of an organ word that make the organ the region's own: "regionstyrelsen" is "styrelsen".
OWN_ORGAN_HEADS = ("region", "landstings", "landsting")


@dataclass(frozen=True)
class Alias:
    """One way of naming a committee, as folded tokens; an initialism must match a token exactly."""

    tokens: tuple[str, ...]
    exact: bool = False


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]


def _split_organ(word: str) -> tuple[str, str] | None:
    """Split "utvecklingsnamnd" into ("utvecklings", "namnd"); None when it names no organ."""
    for organ in ORGAN_WORDS:
        at = word.rfind(organ)
        if at >= 0 and word[at + len(organ):] in INFLECTIONS:
            return word[:at], organ
    return None


def _head_parts(head: str) -> list[str]:
    """Split the head of a compound into Swedish words: "kollektivtrafik" → ["kollektiv", "trafik"]."""
    stripped = head[:-1] if head.endswith("s") and len(head) > 4 else head
    best: tuple[float, int] | None = None
    for i in range(4, len(stripped) - 3):
        left, right = stripped[:i], stripped[i:]
        left_core = left[:-1] if left.endswith("s") and len(left) > 4 else left
        score = min(zipf(left_core), zipf(right))
        if score >= 3.0 and (best is None or score > best[0]):
            best = (score, i)
    if best is None:
        return [stripped] if stripped else []
    return [stripped[: best[1]], stripped[best[1]:]]


def derive_aliases(name: str, slug: str, given: tuple[str, ...] = ()) -> list[Alias]:
    """Return every way of naming one committee that this module knows, and the names `given` it."""
    aliases: dict[tuple[str, ...], Alias] = {}

    def add(tokens: list[str] | tuple[str, ...], *, exact: bool = False) -> None:
        key = tuple(tokens)
        if key and key not in aliases:
            aliases[key] = Alias(key, exact)

    slug_tokens = [t for t in slug.split("-") if t]  # "halso--och-sjukvardsnamnd" has an empty one
    name_tokens = _tokens(name) or slug_tokens
    # the name's last word as written, to split its head where å, ä and ö still say which words it is made of
    written = (re.findall(r"\w+", name.lower()) or [""])[-1]
    add(name_tokens)
    for other in given:
        add(_tokens(other), exact=len(_tokens(other)) == 1 and len(other) <= 5)
    add(slug_tokens)
    _add_field_first(name_tokens, add)
    for tokens in (name_tokens, slug_tokens):
        if not tokens:
            continue
        last = tokens[-1]
        split = _split_organ(last)
        if split is None:
            continue
        head, organ_word = split
        organ = organ_word
        base = head + organ_word
        add([*tokens[:-1], base])
        if len(tokens) > 1 and len(base) >= 9:
            add([base])  # "utvecklingsnämnden" for "regionala utvecklingsnämnden"
        link = "s" if head.endswith("s") else ""
        parts = [fold(p) for p in _head_parts(written[:len(head)] if fold(written) == last else head)]
        if len(parts) == 2 and len(parts[1]) >= 4:
            add([parts[1] + link + organ_word])  # "trafiknämnd" for "kollektivtrafiknämnd"
            add([parts[1] + organ_word])  # the link may go with the first word: "vårdnämnd" for "sjukvårdsnämnd"
        if head.rstrip("s") in OWN_ORGAN_HEADS:
            add([organ_word])  # "styrelsen", "fullmäktige"
        if "och" in tokens[:-1] and tokens[0] != "och":
            add([tokens[0] + organ_word])  # "kulturnämnden" for "kultur- och kompetensnämnd"
        words = [t for t in tokens[:-1] if t != "och"]
        own = head.rstrip("s") in OWN_ORGAN_HEADS
        # a compound's words give a letter each, or the compound one: "ktn" and "hsn" are both said
        for heads in ([p for p in parts if p], [head] if head else []):
            letters = "".join(w[0] for w in words) + "".join(h[0] for h in heads) + organ[0]
            if 3 <= len(letters) <= 5 or (own and len(letters) == 2):
                add([letters], exact=True)  # "run", "hsn", "ktn", "rs"
    return list(aliases.values())


def _add_field_first(tokens: list[str], add: Callable[[list[str]], None]) -> None:
    """Name an organ "for" a field by the compound Swedish makes of them: "utskottet för infrastruktur" is the
    "infrastrukturutskottet", "beredningen för demokrati" the "demokratiberedningen"."""
    if len(tokens) != 3 or tokens[1] != "for":
        return
    organ = next((o for o in ORGAN_WORDS if tokens[0].startswith(o) and tokens[0][len(o):] in INFLECTIONS), None)
    field = tokens[2]
    if organ is None or len(field) < 4:
        return
    if field.endswith(("het", "tet", "ing", "tion", "skap", "dom", "ande", "else")):
        add([field + "s" + organ])  # these endings take a linking s: "trafiksäkerhetsutskottet"
    elif field.endswith("a"):
        add([field[:-1] + "o" + organ])  # "folkhälsonämnden"
        add([field[:-1] + organ])  # "skolnämnden"
    else:
        add([field + organ])


def organ_aliases(committees: list[tuple[str, str]]) -> list[tuple[Alias, str]]:
    """The bare organ word of each (name, slug) whose kind of organ no other committee is: in a store with one
    council, "rådet" is that council; "nämnden" names none where there are several."""
    by_organ: dict[str, set[str]] = {}
    for name, slug in committees:
        tokens = _tokens(name) or slug.split("-")
        split = _split_organ(tokens[-1])
        if split is not None and split[0]:
            # "råd" is "rad" folded, a row: only "rådet" names the council
            organ = "radet" if split[1] in {"rad", "radet"} else split[1]
            by_organ.setdefault(organ, set()).add(slug)
    return [(Alias((organ,)), next(iter(slugs))) for organ, slugs in sorted(by_organ.items()) if len(slugs) == 1]


# A committee word this long is also read with one letter wrong, missing or extra ("servicenämden")
MIN_TYPO_WORD = 8


def token_matches(token: str, word: str) -> bool:
    """Return True when a question token is `word` inflected, or `word` + a meeting compound tail; a long word
    also with one slip of the keyboard before its ending."""
    if not token.startswith(word):
        if len(word) < MIN_TYPO_WORD or token[:3] != word[:3] or len(token) < len(word) - 1:
            return False
        return any(Levenshtein.distance(token[:cut], word, score_cutoff=1) <= 1
                   and _ending_matches(token[cut:]) for cut in (len(word) - 1, len(word), len(word) + 1))
    return _ending_matches(token[len(word):])


def _ending_matches(rest: str) -> bool:
    """Return True for what may follow a committee word: an inflection or a meeting compound tail."""
    if rest in INFLECTIONS:
        return True
    rest = rest[1:] if rest.startswith("s") else rest
    return any(rest.startswith(tail) for tail in MEETING_TAILS)


def alias_matches(alias: Alias, window: list[str]) -> bool:
    """Return True when folded question tokens say this alias."""
    if alias.exact:
        return list(alias.tokens) == window
    *first, last = alias.tokens
    return window[:-1] == first and token_matches(window[-1], last)


def names_a_meeting(token: str, word: str) -> bool:
    """Return True when the token is a committee word compounded with a meeting word ("trafiknämndsmötet")."""
    rest = token[len(word):] if token.startswith(word) else ""
    rest = rest[1:] if rest.startswith("s") else rest
    return bool(rest) and any(rest.startswith(tail) for tail in MEETING_TAILS)
