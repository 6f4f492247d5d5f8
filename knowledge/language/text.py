"""Swedish text helpers: tokenising, stemming, folding and stop words."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

import Stemmer

from knowledge.language.background import is_verb_form, lemma, zipf
from knowledge.language.compounds import compound_parts, split_compound

_STEMMER = Stemmer.Stemmer("swedish")

WORD_RE = re.compile(r"[0-9a-zåäöéüæø]+(?:[-:/][0-9a-zåäöéüæø]+)*", re.IGNORECASE)
_SUBWORD = re.compile(r"[-:/]")  # between the words of one match: "hälso-", "2022/713"
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9”\"(])")

# Words that carry no topic: question words, filler, function words and the
# generic words of the domain that every item shares.
STOP_WORDS = frozenset(
    ["a", "alla", "allt", "alltså", "andra", "annan", "annat", "att", "av", "bara", "blev", "bli", "blir", "de", "dem", "den", "denna", "deras", "dess", "det", "detta", "dig", "din", "du", "där", "efter", "eftersom", "ej", "eller", "en", "ett", "fanns", "finns", "fick", "for", "fram", "från", "få", "får", "gick", "gjorde", "gjordes", "gör", "hade", "han", "har", "hela", "helt", "hon", "hos", "hur", "här", "i", "icke", "in", "inom", "inte", "jag", "just", "kan", "kanske", "kommer", "kunde", "man", "med", "mellan", "men", "mer", "mest", "mig", "min", "mina", "mot", "mycket", "måste", "ned", "ni", "nu", "när", "någon", "något", "några", "och", "om", "oss", "på", "samma", "sedan", "sig", "sin", "sina", "själv", "ska", "skall", "skulle", "som", "så", "sådan", "till", "tills", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför", "varit", "vem", "vi", "vid", "vilka", "vilken", "vilket", "vill", "väl", "åt", "än", "är", "även", "över", "beslutade", "beslutades", "beslutat", "besluta", "beslutar", "beslutet", "beslut", "besluten", "nämnden", "nämnd", "nämnder", "nämnderna", "regionen", "region", "regionens", "berätta", "berättar", "visa", "visar", "info", "information", "hitta", "sök", "söker", "veta", "vet", "finns", "ärende", "ärenden", "ärendet", "fråga", "frågan", "frågor", "tyckte", "tycker", "sagt", "sa", "säger", "hände", "händer", "hålls", "hölls", "gäller", "någonting", "nåt", "hej", "tack", "snälla", "för", "än", "dock", "också", "även", "redan", "ännu", "åka", "åker", "få", "fått", "ge", "ger", "gav", "göra", "gjort", "ta", "tagit", "tog", "spela", "spelar", "roll", "handlar", "hänt", "bra", "stor", "stora", "liten", "lilla", "egen", "egna", "många", "flera", "vilket", "vilken", "vilka", "kolla", "undrar", "vill", "framöver", "framledes", "fortsättningsvis", "numera", "nuförtiden", "snart", "äntligen",
     # the passive forms of the verbs above ("vad togs upp", "vad gjordes")
     "tas", "togs", "tagits", "ges", "gavs", "getts", "görs", "gjorts", "sägs", "sades", "visas", "visades"]
)

# Spoken spellings of filler words, which questions use and papers do not ("har dom", "nån gång", "sånt");
# in a paper "dom" is a court's ruling, so these are filler in questions only.
SPOKEN_WORDS = frozenset(["dom", "nån", "nånting", "nåra", "sån", "sånt", "såna", "mej", "dej", "sej", "va"])

# Words that steer the interpretation but are not topic words.
INTENT_WORDS = {
    "amount": frozenset({"kostar", "kosta", "kostade", "kostnad", "kostnaden", "belopp",
                         "beloppet", "mycket", "summa", "kronor", "kr", "dyr", "dyrt", "stort", "stor"}),
    "date": frozenset({"när", "datum", "datumet", "dag", "dagar", "vilka", "tidpunkt"}),
    "count": frozenset({"många", "antal", "antalet"}),
    "latest": frozenset({"senaste", "senast", "nyaste", "sista"}),
}


# Swedish number words, as questions and papers write small numbers ("för tre år sedan", "åtta halvdagar").
NUMBER_WORDS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
                "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "trettio": 30, "hundra": 100}


# Short forms of chat Swedish, written out before a question is read ("hur mkt" is "hur mycket").
# "nr" before a number stays: "motion nr 14" names a document.
CHAT_ABBREVIATIONS = {
    "mkt": "mycket", "nr": "nummer", "tel": "telefon", "tfn": "telefon", "ngn": "någon", "ngt": "något",
    "ngr": "några", "nån": "någon", "pga": "på grund av", "iaf": "i alla fall", "ev": "eventuellt",
    "ang": "angående", "tex": "till exempel", "dvs": "det vill säga", "osv": "och så vidare",
    "resp": "respektive", "o": "och",
}
_ABBREVIATION_RE = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(map(re.escape, CHAT_ABBREVIATIONS), key=len, reverse=True)) + r")(?![\w])(?!\s*\d)",
    re.IGNORECASE,
)


def expand_abbreviations(text: str) -> str:
    """Write out the short forms of chat Swedish: "hur mkt kostar ngt" → "hur mycket kostar något"."""
    return _ABBREVIATION_RE.sub(lambda m: CHAT_ABBREVIATIONS[m.group(1).lower()], text)


def is_stop_word(word: str) -> bool:
    """Return True for a filler word, also when typed without å, ä and ö ("for", "nar")."""
    return word in STOP_WORDS or word in _FOLDED_STOP_WORDS


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so 'Hälso- och sjukvårdsnämnd' ~ 'halso- och sjukvardsnamnd'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_FOLDED_STOP_WORDS = frozenset(fold(w) for w in STOP_WORDS) - {"ar", "om", "as"}


def _subwords(word: str) -> list[str]:
    """The words of one match of WORD_RE: "hälso-" is "hälso", "2022/713" is "2022" and "713"."""
    return [part for part in _SUBWORD.split(word) if part] if _SUBWORD.search(word) else [word]


def words(text: str) -> list[str]:
    """Split text into lower-case words, keeping internal hyphens as separate words."""
    return [part for match in WORD_RE.finditer(text.lower()) for part in _subwords(match.group())]


# Endings Snowball strips that make another word: "hemlig" is not "hem", "viktig" not "vikt",
# "lägenhet" not "lägen", "kallelse" not "kall". The stem keeps them.
_KEPT_ENDINGS = ("lighet", "ighet", "lig", "het", "els", "ig")
# Bump when `stem` or `index_terms` changes: a store indexed with another version is indexed anew.
TERMS_VERSION = "12"

# The parties of the Riksdag by the letters the papers put after a member's name: "Per Lund (V)".
PARTIES = {"S": "socialdemokraterna", "M": "moderaterna", "V": "vänsterpartiet", "SD": "sverigedemokraterna",
           "C": "centerpartiet", "L": "liberalerna", "KD": "kristdemokraterna", "MP": "miljöpartiet"}
_PARTY_RE = re.compile(r"\((" + "|".join(PARTIES) + r")\)")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the stem of one lower-case Swedish word: Snowball's, keeping derivational endings."""
    s = str(_STEMMER.stemWord(word))
    rest = word[len(s):] if word.startswith(s) else ""
    # a person of an "-ik" word is not the "-ik": "politikerna" are politiker, not politik ("butikerna" are butiker)
    if s.endswith("ik") and rest.startswith("er") and lemma(word).endswith("iker"):
        return s + "er"
    for ending in _KEPT_ENDINGS:
        if rest.startswith(ending):
            return s + ending
    return s


def names_a_person_of(s: str) -> bool:
    """Return True for a stem that `stem` kept as a person ("politiker"): shortened, it is the other word."""
    return s.endswith("iker")


# Marks the part of a compound among the index terms ("anslagstavl +anslag +tavl"): the full-text index
# reads "+" as a separator and finds the part, the scoring tells it from the word written on its own.
PART = "+"
# Marks an initialism made of a name ("=usö" after "Universitetssjukhuset Örebro"), likewise: found as "usö", told
# from the word written so.
INITIALISM = "="


def unmarked(term: str) -> str:
    """An index term without its marker: "+tavl" and "=usö" are "tavl" and "usö"."""
    return term.lstrip(PART + INITIALISM)


# Initialisms of names: a name of two or three words, the first capitalised, is also said by their first letters, a
# compound's by those of its parts ("Universitetssjukhuset Örebro" is "usö", "Norrlands universitetssjukhus" "nus").
_NAME_GAPS = frozenset({"och", "i"})  # "Hälso- och sjukvårdsnämnden" is "hsn"
_SENTENCE_BREAKS = frozenset(".!?:;•\n")  # what ends a sentence, a line or a list entry
_INITIALISM_LENGTHS = range(3, 5)  # letters
_INITIALISM_MAX_ZIPF = 3.0  # a word of general Swedish this common ("har", "ivf") is no initialism made here


def may_be_initialism(word: str) -> bool:
    """A word that may be the initials of a name: "usö", "nus"; not "ivf", a word of general Swedish."""
    return len(word) in _INITIALISM_LENGTHS and word.isalpha() and zipf(word) < _INITIALISM_MAX_ZIPF


def _initials(word: str) -> tuple[str, ...]:
    """A word's first letter, and a compound's parts' too: "Norrlands" may be "n" or "nl", as a name may be."""
    lower = word.lower()
    split = split_compound(lower) or split_compound(lemma(lower))
    return (lower[0], split[0][0] + split[1][0]) if split else (lower[0],)


def _initialisms_ending(pieces: list[str], opens: list[bool], end: int) -> list[str]:
    """The initialisms of the names of two or three words that end with `pieces[end]`; `opens` tells the words
    that open a sentence, where a capital says nothing of a name unless the next word has one too."""
    out: list[str] = []
    names: list[str] = []
    for n in range(end, -1, -1):
        piece = pieces[n]
        if piece.lower() in _NAME_GAPS and names and not opens[n]:
            continue
        # a word in capitals is an initialism already; digits, one letter and a small word are no name
        if (not piece.isalpha() or len(piece) < 2 or piece.isupper() or len(names) == 3
                or (piece.lower() in STOP_WORDS and piece.islower())):
            break
        names.insert(0, piece)
        if len(names) >= 2 and piece[0].isupper() and (not opens[n] or names[1][0].isupper()):
            out.extend(letters for letters in map("".join, itertools.product(*map(_initials, names)))
                       if may_be_initialism(letters) and letters not in out)
        if opens[n]:
            break
    return out


# Particles of Swedish particle verbs ("lägger ner", "köper in", "satsar på") and the first part of the nouns papers
# make of them: "lägga ner" is a "nedläggning", "följa upp" an "uppföljning", "bygga ut" an "utbyggnad".
PARTICLE_PREFIXES = {**{p: p for p in ("upp", "ut", "in", "ned", "av", "om", "till", "fram", "bort", "på", "ihop",
                                       "igen", "tillbaka", "iväg", "undan", "loss")}, "ner": "ned"}
_NOUN_ENDINGS = ("ning", "ing", "nad", "ande", "else", "e", "")  # ... as general Swedish writes such a noun
_PARTICLE_NOUN_ZIPF = 2.0


def particle_root(verb: str, particle: str) -> str:
    """The start of the noun of a particle verb: "följs", "upp" → "uppfölj"."""
    return PARTICLE_PREFIXES[particle] + stem(lemma(verb))


@lru_cache(maxsize=16384)
def particle_noun(verb: str, particle: str) -> str | None:
    """The stem of the noun of a particle verb of a text ("följs upp" → "uppfölj"), when the word is a verb and
    general Swedish has the noun; else None. A noun in -ande is none: "yttrande av" is no "avyttring"."""
    if verb.endswith(("ande", "ende")) or not is_verb_form(verb):
        return None
    root = particle_root(verb, particle)
    return root if any(zipf(root + ending) >= _PARTICLE_NOUN_ZIPF for ending in _NOUN_ENDINGS) else None


def index_terms(text: str) -> list[str]:
    """Stems of the topic words of a text, in order, as stored in the search index.

    A compound is followed by the stems of its parts, so that its head, tail and inner words
    match a question on their own ("sjukvård" finds "ambulanssjukvården"). A party's letters after a name are
    followed by the party's name, and a name by its initialisms.
    """
    out: list[str] = []
    # a party's letters are indexed with its name too: "yrkande från (V)" answers a question on "vänsterpartiet"
    text = _PARTY_RE.sub(lambda m: f"({m.group(1)} {PARTIES[m.group(1)]})", text)
    pieces: list[str] = []
    opens: list[bool] = []  # the word opens a sentence, a line or a list entry
    last = -1
    for match in WORD_RE.finditer(text):
        parts = _subwords(match.group())
        pieces += parts
        opens += [last < 0 or not _SENTENCE_BREAKS.isdisjoint(text[last:match.start()])] + [False] * (len(parts) - 1)
        last = match.end()
    capital = -5  # where the last word with a capital was: a name starts with one
    for n, piece in enumerate(pieces):
        w = piece.lower()
        if not (w in STOP_WORDS or (len(w) < 2 and not w.isdigit())):
            out.append(stem(w))
            out.extend(PART + stem(part) for part in compound_parts(w) if part not in STOP_WORDS)
            if n + 1 < len(pieces) and pieces[n + 1] in PARTICLE_PREFIXES and (noun := particle_noun(w, pieces[n + 1])):
                out.append(noun)
        if capital >= n - 4:
            out.extend(INITIALISM + letters for letters in _initialisms_ending(pieces, opens, n))
        # a capital that opens a sentence starts a name only before another ("Universitetssjukhuset Örebro har")
        if piece[0].isupper() and (not opens[n] or any(p[0].isupper() for p in pieces[n + 1:n + 3])):
            capital = n
    return out


def sentences(text: str) -> list[str]:
    """Split a text into sentences and list lines, dropping empty ones."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            out.extend(s.strip() for s in SENTENCE_END_RE.split(line) if s.strip())
    return out


def cut_at_word(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """Shorten text to at most `limit` characters, cutting at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    cut = text[:room]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:–-") + ellipsis
