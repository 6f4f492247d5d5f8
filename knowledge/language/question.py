"""Understand a Swedish question: topic words, committee, organisation, period, case number, intent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz.distance import OSA

from knowledge.language.background import is_verb_form, lemma, restore_accents, zipf
from knowledge.language.committees import Alias, alias_matches, derive_aliases, names_a_meeting, organ_aliases
from knowledge.language.periods import MONTHS, Period, parse_period
from knowledge.language.places import region_of_place
from knowledge.language.text import (
    INTENT_WORDS,
    PARTICLE_PREFIXES,
    SPOKEN_WORDS,
    STOP_WORDS,
    expand_abbreviations,
    fold,
    is_stop_word,
    words,
)
from knowledge.language.thesaurus import thesaurus
from knowledge.pages.casenumbers import CaseQuery, parse_case_query
from knowledge.pages.sources import ORGANISATION_WORDS

MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class CommitteeInfo:
    """A committee the store knows, for recognising it in questions."""

    slug: str
    name: str
    organisation: str | None
    aliases: tuple[str, ...] = ()  # other names given to it, besides those derived from its name


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
    # True when the question asks what a committee's meeting did: the committee filters the items;
    # otherwise a named committee only lifts its own items ("vem valdes till ledamot i kulturnämnden").
    committee_filter: bool = False
    # Words used as the verb of a particle verb ("skära" in "skära ner på"): not a topic on their own.
    verbs: frozenset[str] = field(default_factory=frozenset)
    # Those verbs with their particles ("byta", "ut"): papers say them as one noun, "utbyte".
    particle_verbs: tuple[tuple[str, str], ...] = ()
    # Everyday phrases of the thesaurus ("föda barn") with the official words they stand for.
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Places that named the organisation ("gävle"): topic words when the store uses them, else said already.
    places: frozenset[str] = field(default_factory=frozenset)
    # Words read with å, ä and ö, with the word as typed: "lasaret" may be "läsåret" or a slip in "lasarett".
    typed: tuple[tuple[str, str], ...] = ()
    # The kinds of item asked for besides the topic ("vad informerades nämnden om i maj": information items)
    item_kinds: frozenset[str] = field(default_factory=frozenset)
    # A point of the agenda or a paragraph of the minutes asked for, as said: ("§", 16), ("punkt", 5)
    item_reference: tuple[str, int] | None = None
    # The meetings themselves are asked for: "vilka möten hade servicenämnden 2024"
    lists_meetings: bool = False

    @property
    def item(self) -> str | None:
        """The point of the agenda or paragraph of the minutes asked for, as said: "§ 16", "punkt 5"."""
        return "{} {}".format(*self.item_reference) if self.item_reference else None


# Matched against the question without å, ä and ö, so "loper ut" works like "löper ut".
_CONTRACT_EXPIRY = re.compile(r"loper ut|gar ut|upphor|utgar|slutar galla|avtalstiden slutar|tar slut")
# ... with the contract between the verb and its particle: "när går avtalet för leasing ut"
_CONTRACT_SPLIT = re.compile(r"\b(?:loper|gar)\s+(?:\w+\s+){0,6}?ut\b")
_CONTRACT = re.compile(r"avtal|kontrakt")
_DECISION = re.compile(r"\bbeslut\w*|\bbeslot|\bbestamde|\bbestamt|\bklubbade")
# The verbs that ask for a decision say what kind of answer is wanted, not its topic ("har de bestämt nåt om …");
# matched without å, ä and ö.
_DECISION_VERB = re.compile(r"beslut(?:a|ar|as|ade|ades|at|ats)|beslot|bestamd(?:e|es)|bestamts?|klubba(?:de|des|t|ts)")
_AMOUNT = re.compile(r"hur mycket|kostar|kostnad|belopp|\bpris|hur stor|hur stort|budget")
_COUNT = re.compile(r"hur manga|\bantal(?:et)?\b")
_WHEN = re.compile(r"vilka datum|vilket datum|\bdatum\b")
# "när" asks when at the start of a question or a clause, or right before its verb ("när öppnar den");
# "nu när fästingarna …", "när doktorn ringer" use it as a conjunction.
_WHEN_WORD = re.compile(r"(?<!\bnu )\bn[äa]r\b(?:\s+(\w+))?")
_AUXILIARIES = frozenset({"är", "ar", "var", "blir", "blev", "ska", "skall", "skulle", "kommer", "kom", "har", "hade",
                          "kan"})


def _asks_when(text: str) -> bool:
    lowered = text.lower()
    if _WHEN.search(fold(lowered)):
        return True
    for match in _WHEN_WORD.finditer(lowered):
        start = match.start()
        if start == 0 or lowered[:start].rstrip().endswith((",", ";", ":")):
            return True
        following = match.group(1)
        if following and (following in _AUXILIARIES or is_verb_form(following)):
            return True
    return False


_LATEST = re.compile(r"\bsenaste\b|\bsenast\b|\bnyaste\b")
# The question asks for the meetings themselves (folded): "vilka möten hade servicenämnden 2024", "hur många gånger
# sammanträdde styrelsen i fjol", "när hade patientnämnden möte i våras", "mötesdatum för kulturnämnden 2025"
_MEETING_NOUNS = r"(?:moten|motena|sammantraden|sammantradena)"
_MET = r"(?:motts|mottes|sammantradde|traffades|hade\b.*\b(?:mote|moten|sammantrade|sammantraden))"
_MEETING_LIST = re.compile(
    rf"\b(?:vilka|hur manga|alla)\b(?:\s+\w+){{0,2}}?\s+{_MEETING_NOUNS}\b"
    rf"|\b(?:nar|hur ofta|hur manga ganger)\b.*\b{_MET}\b"
    r"|\b(?:motes|sammantrades)(?:datum|datumen|dagar|dagarna|tider|tiderna)\b")
_MEETING_LIST_WORDS = re.compile(r"gang(?:er)?|(?:motes|sammantrades)\w+")  # "hur många gånger", "mötesdatum"
# The question is about what a meeting did, not about a topic the committee is part of.
_MEETING = re.compile(r"\b(?:mote[nt]?s?|motena|mots|mottes|traffas|traffades|sammantrad\w*|protokoll\w*|kallelse\w*|dagordning\w*|agenda\w*|foredragningslist\w*|hande|behandlade"
                      r"|diskuterade|avhandlade|beslutade|beslot|beslöt|tog\b.*\bupp|var uppe|kom upp|togs upp)\b")
MEETING_WORDS = frozenset({"mötet", "möte", "möten", "mötena", "sammanträde", "sammanträdet", "sammanträden",
                           "möts", "möttes", "träffas", "träffades", "sammanträder", "sammanträdde",
                           "dnr", "diarienummer"})
# A month or season compounded with a meeting ("decembermötet", "höstmötena"): the period and the meeting.
_SEASON_DEFINITE = {"vår": "våren", "sommar": "sommaren", "höst": "hösten", "vinter": "vintern"}
_PERIOD_MEETING = re.compile(rf"\b({'|'.join([*MONTHS, *_SEASON_DEFINITE])})(möte\w*|sammanträde\w*)\b", re.I)


def _split_period_meeting(text: str) -> str:
    return _PERIOD_MEETING.sub(
        lambda m: f"{_SEASON_DEFINITE.get(m.group(1).lower(), m.group(1))} {m.group(2)}", text)


# The papers of a meeting: beside a committee or a period they name the meeting ("protokoll servicenämnden mars
# 2022"), not a topic.
_MEETING_PAPERS = re.compile(r"(?:protokoll|kallelse|dagordning|agenda|föredragningslist|ärendelist|möteshandling|handlingar)\w*"
                             r"|(?:ärende|dagordnings)?punkt(?:er|en|erna)?")  # the agenda's points; not "punktlighet"
# What a meeting does with its items, in any tense ("behandlade", "diskuteras"); not "behandling" (treatment).
_MEETING_VERBS = re.compile(r"(?:be|av)handla(?:r|s|t|ts|de|des)?|diskutera(?:r|s|t|ts|de|des)?|dryfta(?:r|s|t|ts|de|des)?")
# Words that ask for what a meeting was told, not for a topic ("vad informerades styrelsen om i maj",
# "informationsärenden"): its information items; not "informationssäkerhet"
_INFORMATION_WORDS = re.compile(r"informera(?:r|s|t|ts|de|des)?|info|information(?:er|en|erna|särenden?|särendena"
                                r"|spunkt(?:en|er|erna)?)?")
# Particles of Swedish particle verbs ("drar ner på", "lägger ner", "slår ihop"): never topic words.
PARTICLES = frozenset({"ner", "ned", "bort", "igen", "tillbaka", "iväg", "undan", "ihop", "loss", "av"})
# Words that follow the verb of a particle verb ("skär ner", "drar in på", "satsar på").
VERB_PARTICLES = frozenset(PARTICLE_PREFIXES)
# Frames a chat question opens with, which ask whether or how, not about what: "stämmer det att …",
# "är det sant att …", "hur går det med …". Matched without å, ä and ö.
_FRAMES = re.compile(r"(?<!\w)(?:stammer det|ar det (?:sant|sa|riktigt)|hur gar det (?:med|for)|hur ligger det till med)"
                     r"(?: att)?(?!\w)")
_REFERENCE = re.compile(r"\b(SOU|Ds|[Pp]rop\.?)\s*(\d{4})(?:/\d{2})?:(\d+)", re.I)


def _form_of_stop_word(word: str) -> bool:
    """A form of a filler word is filler ("hittade", "kollar", "frågorna"), but a filler verb's bare stem is a noun
    that names a thing ("har koll på", "spel om pengar"): questions do not use the imperative."""
    base = lemma(word)
    return base in STOP_WORDS and not (base.endswith("a") and len(base) > 3 and word == base[:-1])


# A word this long that is one slip from an organisation's word names it too ("jämtand", "gävlebrog")
MIN_TYPO_ORGANISATION = 6


def misspelt_organisation(word: str) -> str | None:
    """The organisation a word names with one letter wrong, missing, extra or two swapped, when the word is no
    Swedish word of its own and names no other organisation that way."""
    folded = fold(word)
    if len(folded) < MIN_TYPO_ORGANISATION or zipf(word) >= 2.0:
        return None
    found = {org for form, org in ORGANISATION_WORDS.items()
             if len(form) >= MIN_TYPO_ORGANISATION and form[0] == folded[0]
             and OSA.distance(folded, form, score_cutoff=1) <= 1}
    return found.pop() if len(found) == 1 else None


def _committee_aliases(catalog: Catalog) -> list[tuple[Alias, str]]:
    """Every derived name of every committee in the catalog, longest first."""
    cached = _ALIAS_CACHE.get(catalog.committees)
    if cached is None:
        named = [(alias, c.slug) for c in catalog.committees for alias in derive_aliases(c.name, c.slug, c.aliases)]
        own = {alias for alias, _ in named}
        named += [(alias, slug) for alias, slug in organ_aliases([(c.name, c.slug) for c in catalog.committees])
                  if alias not in own]
        cached = sorted(named, key=lambda pair: -len(pair[0].tokens))
        if len(_ALIAS_CACHE) > 8:
            _ALIAS_CACHE.clear()
        _ALIAS_CACHE[catalog.committees] = cached
    return cached


_ALIAS_CACHE: dict[tuple[CommitteeInfo, ...], list[tuple[Alias, str]]] = {}


def find_committees(text: str, catalog: Catalog) -> tuple[tuple[str, ...], str]:
    """Return the committee slugs named in the text and the text without those words."""
    found, rest, _ = find_committee_mentions(text, catalog)
    return found, rest


# Words before a committee's name that make it what a question is about, not whose meeting it asks of, when it
# names another committee too: "info från regionens samverkansråd i utvecklingsnämnden"
_SUBJECT_WORDS = frozenset(["från", "fran", "om", "angående", "angaende", "gällande", "gallande", "kring"])


def find_committee_mentions(text: str, catalog: Catalog) -> tuple[tuple[str, ...], str, bool]:
    """Return the committee slugs named in the text, the text without them, and whether the question names
    whose meeting it asks of: a committee word compounded with a meeting word ("trafiknämndsmötet"), or one
    committee beside another that is the topic.

    Of two committees, one said after "från" or "om" is the topic and keeps its words in the text."""
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[a-zåäöéü0-9]+", text.lower())]
    folded = [fold(t) for t, _, _ in tokens]
    found: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    subjects: set[str] = set()
    meeting = False
    for alias, slug in _committee_aliases(catalog):
        k = len(alias.tokens)
        for i in range(len(folded) - k + 1):
            if alias_matches(alias, folded[i : i + k]):
                if slug not in found:
                    found.append(slug)
                spans.setdefault(slug, []).append((tokens[i][1], tokens[i + k - 1][2]))
                if i > 0 and folded[i - 1] in _SUBJECT_WORDS:
                    subjects.add(slug)
                meeting = meeting or names_a_meeting(folded[i + k - 1], alias.tokens[-1])
    if len(found) > 1 and subjects and len(subjects) < len(found):
        found = [slug for slug in found if slug not in subjects]
        meeting = True
    return tuple(found), _remove_spans(text, [span for slug in found for span in spans[slug]]), meeting


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


# A point of the agenda or a paragraph of the minutes: "§ 16", "§16", "paragraf 16", "punkt 5", "ärendepunkt 5"
_ITEM_REFERENCE = re.compile(
    r"(?i)(?:(§)\s*|(?<!\w)(paragraf|(?:ärende|dagordnings)?punkt)(?:en)?\s+)(\d{1,3})(?![\d:/,-]?\d)")


def _item_reference(text: str) -> tuple[tuple[str, int] | None, str]:
    """Return the point or paragraph a question names, as ("§", 16) or ("punkt", 5), and the text without it."""
    match = _ITEM_REFERENCE.search(text)
    if match is None:
        return None, text
    word = "§" if match.group(1) or match.group(2).lower() == "paragraf" else "punkt"
    return (word, int(match.group(3))), _remove_spans(text, [match.span()])


def parse_question(text: str, *, now: date, catalog: Catalog) -> Question:
    """Turn a question into its parts, relative to `now`."""
    truncated = len(text) > MAX_QUESTION_CHARS
    text = _split_period_meeting(expand_abbreviations(" ".join(text[:MAX_QUESTION_CHARS].split())))
    rest = text
    case = parse_case_query(rest, known_series=catalog.series)
    if case:
        rest = rest.replace(case.raw, " ")
    reference, rest = _item_reference(rest)
    committees, rest, meeting_compound = find_committee_mentions(rest, catalog)
    organisation = None
    for word in words(rest):
        org = ORGANISATION_WORDS.get(word) or misspelt_organisation(word)
        if org and org in catalog.organisations and organisation in {None, org}:
            organisation = org
            # ... with the county it names: "örebro län", "jämtlands län" ("örebro läns museum" keeps its word)
            rest = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?:\s+län)?(?!\w)", " ", rest)
    places: frozenset[str] = frozenset()
    named = {word: region for word in words(rest) if (region := region_of_place(word)) in catalog.organisations}
    if organisation is None and len(set(named.values())) == 1:
        # a municipality names its region ("sjukhuset i gävle"), unless the question names two regions' places;
        # the place stays a topic word
        organisation = next(iter(named.values()))
    if organisation is not None:
        # a place of the region asked about says where, as in "regionen i jämtland … till åre"
        places = frozenset(word for word, region in named.items() if region == organisation)
    references = _REFERENCE.findall(rest)
    rest = _REFERENCE.sub(" ", rest)
    period, rest = parse_period(rest, now=now)
    if len(fold(rest)) == len(rest):  # folding keeps the places of the letters
        rest = _remove_spans(rest, [m.span() for m in _FRAMES.finditer(fold(rest))])
    # read as the question's words are, with å, ä and ö where general Swedish writes them
    found_phrases = thesaurus().phrases(re.sub(r"[a-zåäö]+", lambda m: restore_accents(m.group()), rest.lower()))
    lowered = fold(text)
    wants = set()
    if _AMOUNT.search(lowered):
        wants.add("amount")
    if _asks_when(text):
        wants.add("date")
    if _COUNT.search(lowered):
        wants.add("count")
    if case:
        intent = "case_lookup"
    elif _CONTRACT_EXPIRY.search(lowered) or (_CONTRACT_SPLIT.search(lowered) and _CONTRACT.search(lowered)):
        intent = "contract_expiry"
    elif _LATEST.search(lowered) or (period is not None and period.latest):
        intent = "latest"
    elif _DECISION.search(lowered):
        intent = "decision"
    else:
        intent = "search"
    ignore = STOP_WORDS | SPOKEN_WORDS | INTENT_WORDS["latest"] | INTENT_WORDS["date"] | MEETING_WORDS
    if "amount" in wants:
        ignore |= INTENT_WORDS["amount"]
    if "count" in wants:
        ignore |= INTENT_WORDS["count"]
    if intent == "contract_expiry":
        ignore |= {"löper", "går", "upphör", "utgår", "slutar", "gälla", "tar", "slut", "loper", "gar", "upphor",
                   "utgar", "galla"}
    ignore |= PARTICLES
    lists_meetings = bool(_MEETING_LIST.search(lowered))
    sequence = words(rest)
    # before a particle ("drar ner"), or a verb before a preposition ("satsar på"); a noun before a
    # preposition ("taxi till lasarettet", "lokalvården på usö") is a topic
    verbs = frozenset(w for w, nxt in zip(sequence, sequence[1:], strict=False)
                      if nxt in VERB_PARTICLES and w not in VERB_PARTICLES and (nxt in PARTICLES or is_verb_form(w)))
    particle_verbs = tuple((w, nxt) for w, nxt in zip(sequence, sequence[1:], strict=False)
                           if w in verbs and nxt in VERB_PARTICLES)
    ignore |= {w for w in sequence if _DECISION_VERB.fullmatch(fold(w))}
    informed = {w for w in sequence if _INFORMATION_WORDS.fullmatch(w)}
    if committees or period:
        ignore |= {w for w in sequence if _MEETING_PAPERS.fullmatch(w) or _MEETING_VERBS.fullmatch(w)} | informed
    # a form of a frame word is the frame too: "informationer", "ärendena", "frågorna"
    # a word typed without å, ä and ö is read as general Swedish writes it ("hur lange galler" is "hur länge gäller")
    read = [(w, restore_accents(w)) for w in sequence if w not in ignore and len(w) > 1 and not w.isdigit()]
    read = [(w, r) for w, r in read
            if r not in ignore and not is_stop_word(r) and not is_stop_word(w) and not _form_of_stop_word(r)]
    if lists_meetings and all(_MEETING_LIST_WORDS.fullmatch(fold(r)) for _, r in read):
        read = []  # "hur många gånger", "mötesdatum" ask for the meetings; beside a topic they are one
    terms = tuple(r for _, r in read)
    typed = tuple(dict.fromkeys((r, w) for w, r in read if r != w))
    for kind, year, number in references:  # "SOU 2021:93": every part is a search word
        terms += (kind.lower().rstrip("."), year, number)
    if committees or period:
        # a phrase of the words that ask what a meeting did ("för information") is no topic
        found_phrases = [p for p in found_phrases
                         if not all(w in ignore or is_stop_word(w) or _form_of_stop_word(w) for w in words(p.text))]
    if not terms and not found_phrases and (committees or period or organisation) and intent in {"search", "decision"}:
        intent = "browse"
    return Question(
        text=text, terms=terms, committees=committees, organisation=organisation, period=period, case=case,
        intent=intent, wants=frozenset(wants), truncated=truncated,
        phrases=tuple((p.text, p.official) for p in found_phrases), verbs=verbs, places=places,
        particle_verbs=particle_verbs, typed=typed,
        item_kinds=frozenset({"information"} if informed and (committees or period) else ()),
        committee_filter=bool(committees) and (meeting_compound or not terms or bool(_MEETING.search(lowered))
                                               or reference is not None),
        item_reference=reference, lists_meetings=lists_meetings,
    )
