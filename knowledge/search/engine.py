"""Retrieve and rank items for a question.

Candidates come from the FTS5 index (bm25); each is then scored in Python on how much of the
question's weight it covers (its confidence, 0–1), where the words occur, and what the question
asked for. A word's weight is its rarity in the store times its specificity in general Swedish.
Every weight and threshold is in `knowledge.search.ranking.RANKING`; every statement in
`knowledge.store.search`.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.language.background import (
    ACCENT_MARGIN,
    compound_lemma,
    in_dictionary,
    is_abbreviation,
    is_cut_word,
    is_verb_form,
    lemma,
    specificity,
    zipf,
)
from knowledge.language.compounds import SUFFIXES, split_compound
from knowledge.language.periods import EARLIEST, Period
from knowledge.language.places import region_of_place
from knowledge.language.question import Catalog, CommitteeInfo, Question
from knowledge.language.text import (
    INITIALISM,
    PART,
    STOP_WORDS,
    fold,
    may_be_initialism,
    names_a_person_of,
    particle_root,
    stem,
    unmarked,
    words,
)
from knowledge.language.thesaurus import Rests, thesaurus
from knowledge.search.ranking import RANKING, Ranking
from knowledge.store import Store
from knowledge.store.search import MeetingPage, ScoringRow, SearchFilter, SearchStore

# The confidence an answer to a short question needs, for callers that filter scores themselves (the digest).
MIN_COVERAGE = RANKING.min_confidence


@dataclass(frozen=True)
class Alternative:
    """One way a question word can occur in the index."""

    term: str
    prefix: bool
    weight: float
    how: str  # exact | prefix | fuzzy | compound | synonym | utan å/ä/ö | stam
    label: str = ""  # the word as a person reads it, for a synonym
    # for one word of longer official terms, the stems of each term's other words ("nätverk" of
    # "trådlöst nätverk": ("trådlös",)): an item saying them too says the whole term
    rest: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class TermGroup:
    """A question word, the index terms that stand for it, and its weight; `parts` for compounds.

    `weight` is 0 for a word that is absent from the store but common in Swedish (ignored), and
    large for one absent and rare (the store has nothing on it).
    """

    word: str
    alternatives: tuple[Alternative, ...]
    weight: float
    parts: tuple[tuple[Alternative, ...], ...] = ()
    # the share of the word its last part carries alone when an item has that part as the head of a
    # compound of its own: an "utrymningstrappa" is what a "nödtrappa" is
    head_share: float = 0.0

    @property
    def known(self) -> bool:
        return bool(self.alternatives or self.parts)

    @property
    def idf(self) -> float:
        return self.weight


@dataclass
class Hit:
    """A ranked item with the reasons it matched and how sure the match is (0–1)."""

    item_id: int
    score: float
    why: list[str] = field(default_factory=list)
    parent_id: int | None = None
    confidence: float = 1.0
    coverage: float = 1.0  # the share of the question's words it matches, without the facets
    in_period: bool = False  # its meeting, a date it names or a year it is about is in the period asked for
    line: bool = False  # a line of its parent's list with no case number of its own


_EARLIER_TRIES = 3  # earlier years searched for a month or season said without its year


@dataclass(frozen=True)
class SearchResult:
    """The confident hits, best first; else up to three partial matches; and how the words were read."""

    hits: list[Hit]
    related: list[Hit]
    groups: list[TermGroup]
    # the period the hits are from when it is not the one asked: "i maj" with no meeting this May is last May's
    period: Period | None = None
    total: int = 0  # how many items answer in all, of which the hits are the first (0: not counted)
    meetings: int = 0  # how many meetings of the period asked the items are from (0: not counted)


_VOWELS = frozenset("aeiouyåäö")


class Vocabulary:
    """The index's terms with their document frequencies, for typo, prefix and compound matching."""

    def __init__(self, rows: list[tuple[str, int]], total: int) -> None:
        self.df = dict(rows)
        self.terms = sorted(self.df)
        self.total = max(total, 1)
        self.by_initial: dict[str, list[str]] = {}
        # the same words without å, ä and ö, for questions typed without them ("aldre" for "äldre")
        self.unaccented: dict[str, str] = {}
        for term in sorted(self.terms, key=lambda t: self.df[t]):
            if len(term) >= 3 and not term.isdigit():
                self.by_initial.setdefault(fold(term[0]), []).append(term)
                self.unaccented[fold(term)] = term
        # ... and as the start of longer words ("trafikforsorjnings" starts "trafikförsörjningsprogram")
        self._folded = sorted((folded, term) for folded, term in self.unaccented.items() if folded != term)

    def idf(self, df: int) -> float:
        """Return the inverse document frequency of a term found in `df` items."""
        return math.log(1 + (self.total - df + 0.5) / (df + 0.5))

    @property
    def max_idf(self) -> float:
        return self.idf(0)

    def prefix_df(self, prefix: str) -> int:
        """Return the summed frequency of terms starting with a prefix (an upper bound of items)."""
        lo = bisect.bisect_left(self.terms, prefix)
        hi = bisect.bisect_left(self.terms, prefix + "\uffff")
        return min(self.total, sum(self.df[t] for t in self.terms[lo:hi][:500]))

    def has_prefix(self, prefix: str) -> bool:
        i = bisect.bisect_left(self.terms, prefix)
        return i < len(self.terms) and self.terms[i].startswith(prefix)

    def continuations(self, prefix: str, limit: int) -> list[str]:
        """Return up to `limit` terms that start with a prefix and are longer than it."""
        lo = bisect.bisect_left(self.terms, prefix)
        hi = bisect.bisect_left(self.terms, prefix + "\uffff")
        return [t for t in self.terms[lo:min(hi, lo + limit + 1)] if t != prefix][:limit]

    def accented_prefix(self, prefix: str) -> str | None:
        """Return how the index writes a prefix typed without å, ä and ö, if a word with them starts so."""
        i = bisect.bisect_left(self._folded, (prefix,))
        if i < len(self._folded) and self._folded[i][0].startswith(prefix):
            return self._folded[i][1][: len(prefix)]
        return None

    def fuzzy(self, term: str) -> tuple[str, float] | None:
        """Return the closest index term to a misspelt one, with its similarity 0..1.

        A word too short to compare is only read with its last consonant doubled ("ul" is "ull"), the
        commonest slip in short Swedish words."""
        if len(term) < 4:
            doubled = term + term[-1:]
            if len(term) >= 2 and term[-1] not in _VOWELS and doubled in self.df:
                return doubled, len(term) / len(doubled)
            return None
        pool = [t for t in self.by_initial.get(fold(term[0]), ()) if abs(len(t) - len(term)) <= 2]
        cutoff = 88 if len(term) < 6 else 84 if len(term) < 8 else 80
        matches = process.extract(term, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        if not matches:
            return None
        best = max(matches, key=lambda m: (m[1], self.df.get(m[0], 0)))
        return best[0], best[1] / 100


def _resolve_stem(s: str, vocab: Vocabulary, ranking: Ranking = RANKING, *,
                  accents: bool = True, word: str = "") -> tuple[Alternative, ...]:
    """Find how a stem occurs in the index: exactly, as a prefix of compounds, or shortened.

    With `accents`, a stem may be a word typed without å, ä and ö; given the `word` it stems from, only
    when the word with them is the more common in Swedish ("lan" is "län", "tag" is no "tåg")."""
    if s in vocab.df:
        return (Alternative(s, len(s) >= 4, 1.0, "exact"),)
    accented = vocab.unaccented.get(s) if accents else None
    if accented and word.startswith(s):
        typed, read = zipf(word), zipf(accented + word[len(s):])
        # a common verb form is meant as typed: "vad stod på listan" is no "stöd"
        if read < typed + (ACCENT_MARGIN if typed else 0.0) or (is_verb_form(word) and typed >= _WORD_ZIPF):
            accented = None
    if accented and accented != s:
        return (Alternative(accented, len(accented) >= 4, ranking.unaccented, "utan å/ä/ö"),)
    if len(s) >= 4 and vocab.has_prefix(s) and not _starts_other_words(s, vocab):
        return (Alternative(s, True, 1.0, "prefix"),)
    accented = vocab.accented_prefix(s) if accents and len(s) >= ranking.min_accented_prefix else None
    if accented:
        return (Alternative(accented, True, ranking.unaccented, "utan å/ä/ö"),)
    # never into the ending of a person: "politiker" shortened is "politik"
    for cut in range(1, 0 if names_a_person_of(s) else 3):
        p = s[:-cut]
        if len(p) >= 6 and vocab.has_prefix(p):
            return (Alternative(p, True, ranking.prefix_shortened, "prefix"),)
    return ()


# Endings that make a word of the same root, as those that make no compound do: "vaccin" → "vaccination"
_WORD_ENDINGS = tuple(SUFFIXES) + ("ation", "ering", "iser", "ing", "nad", "skap", "isk", "ist", "itet", "iell", "ell",
                                   "ens", "ets")
# ... and the endings a stem keeps of its own forms: "museet" is "muse|et", "lasarett" "lasare|t", "redogörelse"
# "redogör|els"
_FORM_ENDINGS = frozenset(["a", "e", "t", "n", "s", "d", "r", "en", "et", "er", "ar", "or", "na", "ne", "at", "ad", "de",
                           "te", "ts", "ns", "els"])
_WORD_ZIPF = 3.0  # a word this common is a word of its own, and a compound's tail
_OTHER_WORDS_LIMIT = 1000  # a prefix starting more terms than this is productive: "vård", "buss"


@lru_cache(maxsize=4096)
def _own_continuation(word: str, rest: str) -> bool:
    """Return True when what follows a word in a term makes it the word inflected, derived or compounded: "regel"
    in "regelverk", "vaccin" in "vaccination", "normal" in "normalår", not "koll" in "kollektivavtal"."""
    if rest in _FORM_ENDINGS or rest.startswith(_WORD_ENDINGS) or rest == word[-1:]:  # "återkom|m"
        return True
    if zipf(rest) >= _WORD_ZIPF and (len(rest) > 2 or (len(rest) == 2 and in_dictionary(rest))):  # "normal|år"
        return True
    # a compound: the rest starts with a word, after a linking "s" ("regelverk", "hjälpmedel", "koll|s|plan")
    tails = (rest, rest[1:]) if rest[0] == "s" else (rest,)
    return any(zipf(tail[:i]) >= _WORD_ZIPF for tail in tails for i in range(3, len(tail) + 1))


def _starts_other_words(s: str, vocab: Vocabulary) -> bool:
    """A word of its own that the store has only as the start of other words: "koll" of "kollektivavtal",
    "förbi" of "förbindelse". A word clipped from a commoner one is that word: "info" is "information"."""
    common = zipf(s)
    if common < _WORD_ZIPF:
        return False  # a stem ("särskil", "lasare") starts its own forms
    rests = vocab.continuations(s, _OTHER_WORDS_LIMIT + 1)
    if len(rests) > _OTHER_WORDS_LIMIT:
        return False
    return not any(_own_continuation(s, t[len(s):]) or zipf(t) > common for t in rests)


def _split_compound(s: str, vocab: Vocabulary, ranking: Ranking = RANKING) -> tuple[tuple[Alternative, ...], ...]:
    """Split an unknown compound into two parts the index knows, longest head first."""
    for i in range(len(s) - 3, 1, -1):
        head, tail = s[:i], s[i:]
        if len(head) == 2 and len(tail) < 4:
            continue
        if head not in vocab.df:
            # a head may itself only occur inside compounds: "tarm" in "tarmscreening"
            if head.endswith("s") and len(head) > 4 and vocab.has_prefix(head[:-1]):
                head = head[:-1]
            elif not (len(head) >= 4 and vocab.has_prefix(head)):
                continue
        tail_alts = _resolve_stem(tail, vocab, ranking) or _resolve_stem(_lemma_stem(tail), vocab, ranking)
        if tail_alts and len(tail) >= 3:
            weight = ranking.compound
            return (
                (Alternative(head, len(head) >= 4, weight, "compound"),),
                tuple(Alternative(a.term, a.prefix, weight, "compound") for a in tail_alts),
            )
    return ()


def _head_share(word: str, ranking: Ranking) -> float:
    """The share of a compound its head alone carries, by how specific the head is in general Swedish: "trappa"
    says what a "nödtrappa" is, "plats" hardly what a "flygplats" is. 0 when the dictionary does not split it."""
    split = split_compound(word)
    if split is None:
        return 0.0
    return max(ranking.compound_single_part, ranking.head_alone * specificity(lemma(split[1])))


def _resolve_part(part: str, vocab: Vocabulary, ranking: Ranking = RANKING) -> tuple[Alternative, ...]:
    """How a part of a compound occurs in the index, by its stem or, when that is not found, by the stem of its
    dictionary form: the stemmer keeps the "-an" of "trappan", the dictionary form is "trappa"."""
    return _resolve_stem(stem(part), vocab, ranking) or _resolve_stem(_lemma_stem(part), vocab, ranking)


def _split_typed_compound(word: str, vocab: Vocabulary,
                          ranking: Ranking = RANKING) -> tuple[tuple[Alternative, ...], ...]:
    """Split a question's compound by general Swedish ("serviceresorna" → service + resorna)."""
    split = split_compound(word)
    if split is None:
        return ()
    parts = []
    for part in split:
        alts = _resolve_part(part, vocab, ranking)
        if not alts:
            return ()
        parts.append(tuple(Alternative(a.term, a.prefix, ranking.compound, "compound") for a in alts))
    return tuple(parts)


# How a hit in the period asked for shows in `why`.
_PERIOD_WHY = "period: "
# How a wanted fact shows in `why`.
_FACT_WHY = {"amount": "belopp", "date": "datum", "count": "antal"}
# How a word matched, as `why` says it to the user (chat, Telegram, digests)
_HOW_SAID = {"exact": "samma ord", "prefix": "annan form", "fuzzy": "rättad stavning", "compound": "sammansättning",
             "stam": "ordstam"}

# The letters that join the parts of a Swedish compound: "landsting-s-skatt", "sjuksköterske-facket".
_LINKING = frozenset("seaou")

# Endings that make a noun of a verb's stem: "satsning", "ändring", "anställd", "tillsättande".
_VERB_NOUNS = ("ning", "ing", "else", "ande", "are", "d", "t", "an")

# Derivational endings: "städning" is about what "städtjänster" are about, an "ändring" (of "ändra") what "ändrades" says.
_DERIVATIONS = ("ningar", "ningen", "ning", "ingar", "ingen", "ing", "ande", "else", "erna", "era")


# Endings that make an adjective of another meaning from a noun: "konst" → "konstig", "vikt" → "viktig".
_ADJECTIVE_ENDINGS = frozenset({"ig", "lig"})


def _lemma_stem(word: str) -> str:
    """Return the stem of the dictionary form of a word, for irregular forms ("museets" → museum)."""
    return stem(compound_lemma(word))


def _df(vocab: Vocabulary, alt: Alternative) -> int:
    return vocab.prefix_df(alt.term) if alt.prefix else vocab.df.get(alt.term, 0)


def _generality(official: str, asked: str, ranking: Ranking) -> float:
    """How much an official word says of the word asked for: less when it is more general in Swedish
    ("telefon" for "telefoni"), never under `synonym_floor`."""
    return max(ranking.synonym_floor, min(1.0, specificity(official) / specificity(asked)))


def _synonym_terms(official: str, vocab: Vocabulary, ranking: Ranking) -> tuple[Alternative, ...]:
    """How an official word occurs in the index: exactly, or as the start of longer words when
    it is long enough not to start unrelated ones ("scen" would match "scenario")."""
    whole = stem(official)
    # never a stem shortened to reach compounds: "skolko…" of "skolkort" starts "skolkonserter"
    return tuple(a for a in _resolve_stem(whole, vocab, ranking)
                 if a.how == "exact" or (a.how == "prefix" and a.term == whole
                                         and len(a.term) >= ranking.min_synonym_prefix))


def _specific_first_part(official: str, asked: str, ranking: Ranking) -> str | None:
    """The first part of an official compound when it names a thing of its own ("konst" of "konstinköp"),
    and the word asked for does not end like the compound ("elbilar" for "miljöbilar" is about cars) nor
    stand in its tail ("buss" of "region|busstrafik": "region" only says whose buses)."""
    split = split_compound(official)
    if split is None:
        return None
    first, tail = split[0], stem(split[1])
    asked_split = split_compound(asked) if asked else None
    # in any form: "länsmuseet" ends like "regionmuseum"
    asked_stems = {stem(asked), _lemma_stem(asked)} if asked else set()
    same_tail = any(a.endswith(tail) or (len(a) >= 3 and a in tail) for a in asked_stems) or (
        asked_split is not None and tail in {stem(asked_split[1]), _lemma_stem(asked_split[1])})
    general = max(zipf(first), zipf(lemma(first))) > ranking.first_part_max_zipf
    return first if len(first) >= 5 and not same_tail and not general else None


def _add_synonyms(into: list[Alternative], official: str, share: float, vocab: Vocabulary, ranking: Ranking,
                  asked: str = "", *, chained: bool = False, rests: Rests = frozenset()) -> None:
    """Add the store's terms for an official word, weighed by `share`, that `into` does not hold yet.

    An official compound the store does not use stands, weaker, for its specific first part: papers that
    do not say "konstinköp" say "inköp av konst"."""
    if rests and () not in rests:
        # one word of a longer official term stands for it only where the store says the term's other words:
        # "kollektivtrafiken" of "husdjur i kollektivtrafiken" is no answer in a store without "husdjur"
        rests = frozenset(rest for rest in rests
                          if all(vocab.has_prefix(w) or vocab.has_prefix(PART + w) for w in rest))
        if not rests:
            return
    terms = _synonym_terms(official, vocab, ranking)
    if not terms:
        part = _specific_first_part(official, asked, ranking)
        if part and chained and zipf(part) > zipf(asked):
            part = None
        if part:
            share *= ranking.compound
            official, terms = part, _synonym_terms(part, vocab, ranking)
    for alt in terms:
        if all(a.term != alt.term for a in into):
            rest = () if () in rests else tuple(sorted(rests))
            into.append(Alternative(alt.term, alt.prefix, share * alt.weight, "synonym", official, rest))


def _wholeness(rests: Rests, ranking: Ranking) -> float:
    """A whole official term says all of it; one word of a longer one ("vård" of "palliativ vård") a part."""
    return 1.0 if () in rests else ranking.partial_term


def _synonyms_of_parts(word: str, vocab: Vocabulary, ranking: Ranking) -> list[Alternative]:
    """Official words for the parts of an unknown compound: "husläkarmottagning" is a
    "husläkare" place, and the thesaurus knows "husläkare"."""
    split = split_compound(word)
    if split is None:
        return []
    out: list[Alternative] = []
    for part in reversed(split):  # the tail names the thing, the head what kind
        for official, rests in thesaurus().lookup_terms(part).items():
            share = ranking.synonym * ranking.compound * specificity(part) * _generality(official, word, ranking)
            _add_synonyms(out, official, share * _wholeness(rests, ranking), vocab, ranking, part, chained=True,
                          rests=rests)
    return out


_FRAME_STEMS = frozenset(stem(w) for w in STOP_WORDS if len(w) >= 5)  # not "vara" (to be), a stem of "varor"


def _says_nothing(word: str) -> bool:
    """A word of the question's frame, in any form ("frågorna", "besluten"), that says nothing of the topic."""
    return word in STOP_WORDS or stem(word) in _FRAME_STEMS


def resolve_word(word: str, vocab: Vocabulary, ranking: Ranking = RANKING) -> TermGroup:
    """Map one question word to index terms: exact, inflected, synonym, compound or typo, and weigh it."""
    s = stem(word)
    split = split_compound(word) if s not in vocab.df else None
    if split and _says_nothing(split[1]) and not _says_nothing(split[0]):
        # a compound whose tail says nothing of the topic is its head: "skogsfrågorna" is about "skog"
        head = resolve_word(split[0], vocab, ranking)
        if head.known:
            return replace(head, word=word)
    alternatives = list(_resolve_stem(s, vocab, ranking, word=word))
    if (alternatives and alternatives[0].how == "prefix" and is_verb_form(word)
            and not any(s + ending in vocab.df for ending in _VERB_NOUNS)):
        # a verb's stem starts nouns of its own ("satsa" → "satsning"), not others: "funkar" is no "funktion"
        alternatives = []
    lemma_stem = _lemma_stem(word)
    # the dictionary form when the stem is not found, or when it is spelt otherwise than the inflected
    # form and so starts other compounds: "tänderna" (tänd…) is "tand" of "tandvård", "reglerna" (regl…)
    # "regel" of "regelverk"
    other_spelling = not (lemma_stem.startswith(s) or s.startswith(lemma_stem))
    # the stemmer leaves some definite forms whole ("projektet", "kansliet", "skolan"): the store holds
    # them beside the bare form ("projek…", "kansli"), and the question means both
    left_whole = s == word and word.endswith(("et", "an")) and len(lemma_stem) >= 4 and s.startswith(lemma_stem)
    if lemma_stem != s and (not alternatives or alternatives[0].how != "exact" or other_spelling or left_whole):
        # "tand" is a word of its own, not "tänd" typed without ä
        alternatives.extend(a for a in _resolve_stem(lemma_stem, vocab, ranking, accents=not other_spelling)
                            if a.term not in {b.term for b in alternatives})
    if not alternatives:
        # a typo of a word of the store ("voteringsystem") before any looser reading
        corrected = vocab.fuzzy(s)
        if corrected and corrected[1] >= ranking.close_typo:
            term, similarity = corrected
            alternatives.append(Alternative(term, len(term) >= 5, ranking.fuzzy * similarity, "fuzzy"))
    if not alternatives:
        for ending in _DERIVATIONS:
            root = s[: -len(ending)]
            if s.endswith(ending) and len(root) >= 4 and vocab.has_prefix(root):
                alternatives.append(Alternative(root, True, ranking.derivation, "stam"))
                break
    if not alternatives:
        # the question's word extends a word of the store: "filmfestival" → "filmfest"
        for cut in range(len(s) - (3 if names_a_person_of(s) else 1), max(5, int(len(s) * 0.6)) - 1, -1):
            if s[:cut] in vocab.df:
                if s[cut:] in _ADJECTIVE_ENDINGS:
                    break  # "konstig" (strange) is a word of its own, not "konst"
                # "konserthall" is a hall, not a concert: a missing tail that is a word of its own
                # leaves only the head, which counts as one part of a compound
                rest = s[cut:]
                # after a linking letter too: "landstings|skatten", "sjukskötersk|e|facket"
                tail = word[cut:]
                tails = (tail, tail[1:]) if tail[:1] in _LINKING and len(tail) > 3 else (tail,)
                tail_is_word = len(rest) >= 3 and any(zipf(t) >= ranking.tail_word_zipf for t in tails)
                weight = ranking.compound * ranking.compound_single_part if tail_is_word else ranking.extension
                alternatives.append(Alternative(s[:cut], False, weight, "stam"))
                break
    for ending in ("ning", "ing"):
        # a noun of a verb is also said with the verb: "revidering" by "reviderade mål"
        root = s[: -len(ending)]
        if s.endswith(ending) and len(root) >= ranking.min_verb_root and alternatives and vocab.has_prefix(root):
            # ... as the index stems the verb, which may differ from the noun's root: "bemanna" is "beman"
            for verb in dict.fromkeys((root, stem(root + "a"))):
                if all(a.term != verb for a in alternatives) and vocab.has_prefix(verb):
                    alternatives.append(Alternative(verb, True, ranking.derivation, "stam"))
            break
    direct = list(alternatives)
    # the word, its dictionary form, or its compound's ("busstoppet", which the stemmer leaves whole, is "busstopp")
    said = thesaurus().lookup_terms(word) or thesaurus().lookup_terms(lemma(word))
    if not said and compound_lemma(word) != word:
        said = thesaurus().lookup_terms(compound_lemma(word))
    for official, rests in said.items():
        # a general official word ("bad", "fordon") says less than the specific word asked for, and one word
        # of a longer official term ("kirurgi" of "robotassisterad kirurgi") says only a part of it
        share = ranking.synonym * _generality(official, word, ranking) * _wholeness(rests, ranking)
        _add_synonyms(alternatives, official, share, vocab, ranking, word, rests=rests)
    parts: tuple[tuple[Alternative, ...], ...] = ()
    # only the head of a compound was found ("vårdplats" of "vårdplatsbristen"): its parts may be
    # written apart on the page ("brist på vårdplatser")
    weak = all(a.weight <= ranking.compound * ranking.compound_single_part for a in alternatives)
    if weak:
        parts = _split_compound(s, vocab, ranking) or _split_typed_compound(word, vocab, ranking)
    tail_only = False
    if not alternatives and not parts:
        # a compound names a kind of its tail: an "odlingsförening" the store does not know is a "förening",
        # a little
        split = split_compound(word)
        if split:
            alternatives.extend(Alternative(a.term, a.prefix, ranking.compound * ranking.compound_single_part, "compound")
                                for a in _resolve_part(split[1], vocab, ranking))
            tail_only = bool(alternatives)
    if not parts and (not alternatives or tail_only):
        alternatives.extend(_synonyms_of_parts(word, vocab, ranking))
    if not alternatives and not parts:
        corrected = vocab.fuzzy(s)
        if corrected:
            term, similarity = corrected
            alternatives.append(Alternative(term, len(term) >= 5, ranking.fuzzy * similarity, "fuzzy"))
    if parts and weak:
        # the compound itself is in no item: it weighs as an absent word, and only items holding
        # its parts together make up for it
        weight = _absent_weight(word, vocab, ranking)
    elif alternatives:
        # a word matched only through other words ("snöröjningsavtalet": avtal, avtalstid …) is as rare as the
        # most specific of them: the most common one would make an absent topic weigh as "avtal"
        df = max(_df(vocab, a) for a in direct) if direct else min(_df(vocab, a) for a in alternatives)
        weight = vocab.idf(df) * specificity(word) * (ranking.verb if is_verb_form(word) else 1.0)
    elif (max(zipf(word), zipf(fold(word)), zipf(lemma(word))) >= ranking.absent_common_zipf
          or is_verb_form(word) or is_abbreviation(word)):
        # a common word, a verb or a short form the store does not use: "ändå", "hände", "strök", "enl"; a form
        # is as common as its word ("hunden" as "hund")
        weight = 0.0
    else:
        # A specific word found nowhere in the store: items matching only the rest of the
        # question are not about what was asked.
        weight = _absent_weight(word, vocab, ranking)
    return TermGroup(word, tuple(alternatives), weight, parts, _head_share(word, ranking) if parts else 0.0)


def _weighed_words(groups: list[TermGroup]) -> int:
    """How many of the question's words weigh anything: how long the question is, for the confidence it needs."""
    return sum(1 for g in groups if g.weight > 0)


def _absent_weight(word: str, vocab: Vocabulary, ranking: Ranking) -> float:
    """The weight of a word found nowhere in the store: more than any word it has, by how specific it is."""
    return vocab.max_idf * (ranking.absent_factor if len(word) >= 5 else 1.0) * specificity(word)


def _known_or(group: TermGroup, fallback: TermGroup) -> TermGroup:
    return group if group.known else fallback


def _with_particle_noun(group: TermGroup, particle: str, vocab: Vocabulary, ranking: Ranking) -> TermGroup:
    """A particle verb is said as one noun in papers, the particle first: "byta ut" is "utbyte", "köpa in"
    "inköp", "bygga om" "ombyggnad"."""
    root = particle_root(group.word, particle)
    if len(root) < 5 or not vocab.has_prefix(root) or any(a.term == root for a in group.alternatives):
        return group
    weight = group.weight or vocab.idf(vocab.prefix_df(root)) * specificity(group.word) * ranking.verb
    return replace(group, alternatives=(*group.alternatives, Alternative(root, True, 1.0, "prefix")), weight=weight)


def _join_compounds(terms: tuple[str, ...], vocab: Vocabulary) -> list[str]:
    """Join two neighbouring words that the store writes as one ("uppdrags direktiv" → "uppdragsdirektiv")."""
    out: list[str] = []
    for word in dict.fromkeys(terms):
        if out and len(out[-1]) >= 3 and len(word) >= 3:
            joined = out[-1] + word
            if stem(joined) in vocab.df and stem(out[-1]) != stem(joined):
                out[-1] = joined
                continue
        out.append(word)
    return out


def resolve_phrase(text: str, official: tuple[str, ...], vocab: Vocabulary, ranking: Ranking = RANKING) -> TermGroup:
    """Map an everyday phrase of the thesaurus ("föda barn") to the index terms of its official words."""
    alternatives: list[Alternative] = []
    rarest = min(words(text), key=zipf)
    terms = thesaurus().phrase_terms(text)
    for word in official:
        # one word of a longer official term ("kollektivtrafiken" of "husdjur i kollektivtrafiken") is a part of it
        rests = terms.get(word, frozenset({()}))
        share = ranking.synonym * _generality(word, rarest, ranking) * _wholeness(rests, ranking)
        _add_synonyms(alternatives, word, share, vocab, ranking, rarest, rests=rests)
    if alternatives:
        weight = vocab.idf(max(_df(vocab, a) for a in alternatives)) * max(ranking.phrase_floor, specificity(rarest))
    else:
        # none of the official words is in the store: the phrase names a thing the store has nothing on
        weight = vocab.max_idf * max(ranking.phrase_floor, specificity(rarest))
    return TermGroup(text, tuple(alternatives), weight)


# "det följande året", "nästa år", "kommande år", "nästkommande år", as their stems stand in an item's terms (a
# compound's parts marked): one pass of the regex engine over the terms, as every candidate is read for it
_NEXT_YEAR = re.compile(
    rf"(?<!\S)[{PART}{INITIALISM}]?(?:följ|näst|komm|nästkomm) [{PART}{INITIALISM}]?(?:år|året|års)(?!\S)")


def _next_year(row: ScoringRow) -> str | None:
    """The year after the meeting when the item speaks of it ("skattesatsen för regionskatten under det följande
    året", decided in November): a budget, a tax or a plan for a year is decided the year before."""
    if row.meeting_date and (_NEXT_YEAR.search(row.body_terms) or _NEXT_YEAR.search(row.title_terms)):
        return str(int(row.meeting_date[:4]) + 1)
    return None


def _terms_in_order(row: ScoringRow) -> list[str]:
    """An item's index terms in text order, a compound's parts as words ("+tavl" is "tavl")."""
    return [unmarked(t) for t in (row.title_terms + " " + row.body_terms).split()]


def _without_echoes(groups: list[TermGroup]) -> list[TermGroup]:
    """Drop the synonyms of a question word that are another of its words: in "feriejobb för ungdomar",
    "feriejobb" → "ungdomar" would count "ungdomar" twice, so an item about young people would match all. A word left
    with none of its own ("doktorer" beside "läkare") says nothing more and is dropped."""
    said = {a.term for g in groups for a in g.alternatives if a.how != "synonym"}
    out = []
    for group in groups:
        own = {a.term for a in group.alternatives if a.how != "synonym"}
        kept = tuple(a for a in group.alternatives if a.how != "synonym" or a.term in own or a.term not in said)
        if group.alternatives and not kept and not group.parts:
            continue  # the word says again what another does ("läkare … doktorer"): not a word the items lack
        out.append(replace(group, alternatives=kept) if len(kept) < len(group.alternatives) else group)
    return out


def _adjacent(parts: tuple[tuple[Alternative, ...], ...], terms: list[str], *, gap: int) -> bool:
    """Return True when the parts of a compound occur together, each within `gap` terms of the last."""
    def matches(alts: tuple[Alternative, ...], term: str) -> bool:
        return any(term == a.term or (a.prefix and term.startswith(a.term)) for a in alts)

    # either order: "elavtal" is also "avtal för el"
    for ordered in (parts, parts[::-1]):
        for start, term in enumerate(terms):
            if not matches(ordered[0], term):
                continue
            at, ok = start, True
            for part in ordered[1:]:
                nxt = next((j for j in range(at + 1, min(len(terms), at + 1 + gap)) if matches(part, terms[j])), None)
                if nxt is None:
                    ok = False
                    break
                at = nxt
            if ok:
                return True
    return False


def _close(found: list[list[int]], window: int) -> bool:
    """Return True when positions of two different words lie within `window` terms of each other."""
    for i, first in enumerate(found):
        for second in found[i + 1:]:
            j = 0
            for p in first:
                while j < len(second) and second[j] < p - window:
                    j += 1
                if j < len(second) and abs(second[j] - p) <= window:
                    return True
    return False


_CONTRACT_WORDS = frozenset({"avtal", "avtalet", "avtalen", "avtalens", "kontrakt", "kontraktet", "kontrakten"})


class _SortedTerms:
    """The distinct terms of one item, for fast exact and prefix checks."""

    __slots__ = ("terms", "part_share")

    def __init__(self, text: str, part_share: float = 1.0) -> None:
        self.terms = sorted(set(text.split()))
        self.part_share = part_share

    def _found(self, term: str, prefix: bool) -> bool:
        i = bisect.bisect_left(self.terms, term)
        if i >= len(self.terms):
            return False
        return self.terms[i] == term or (prefix and self.terms[i].startswith(term))

    def match(self, alt: Alternative) -> float:
        """1 for a word of the item, `part_share` for a word only inside its compounds ("tavla" of
        "anslagstavla"), else 0."""
        if self._found(alt.term, alt.prefix) or self._initialism(alt):
            return 1.0
        return self.part_share if self._found(PART + alt.term, alt.prefix) else 0.0

    def has(self, alt: Alternative) -> bool:
        return self.match(alt) > 0

    def initials(self, alt: Alternative) -> bool:
        """Whether the alternative is found only as the initials of a name of the item ("usö")."""
        return not self._found(alt.term, alt.prefix) and self._initialism(alt)

    def _initialism(self, alt: Alternative) -> bool:
        return len(alt.term) < 5 and self._found(INITIALISM + alt.term, False)

    def inside(self, alt: Alternative) -> bool:
        """Whether the alternative is found only inside the item's compounds."""
        return not self._found(alt.term, alt.prefix) and self._found(PART + alt.term, alt.prefix)

    def weigh(self, alt: Alternative, ranking: Ranking) -> float:
        """How much of a question word an alternative matches here: its weight when the item holds it, made
        whole when the item also says the rest of the official term it is one word of, less when it does not."""
        found = self.match(alt)
        if not found or not alt.rest:
            return alt.weight * found
        if any(all(self._found(w, True) or self._found(PART + w, True) for w in rest) for rest in alt.rest):
            return alt.weight * found / ranking.partial_term
        return alt.weight * found * ranking.partial_alone


def _required_groups(groups: list[TermGroup], ranking: Ranking = RANKING) -> list[TermGroup]:
    """Return the fewest heaviest groups that any related item must match at least one of.

    An item matching none of them covers less than `related_confidence` of the question's weight,
    so asking the index only for these loses no item worth showing and skips the common words.
    """
    ordered = sorted(groups, key=lambda g: -g.weight)
    total = sum(g.weight for g in groups)
    required: list[TermGroup] = []
    rest = total
    for group in ordered:
        if rest < ranking.related_confidence * total:
            break
        required.append(group)
        rest -= group.weight
    return required


def fts_expression(groups: list[TermGroup], ranking: Ranking = RANKING, *, own_words: bool = False) -> str:
    """Return the FTS5 query for the words an answer must contain, or "" when none is in the index; with
    `own_words`, for the question's own words only, not their synonyms."""
    alts: list[Alternative] = []
    for group in _required_groups(groups, ranking):
        alts.extend(a for a in group.alternatives if not (own_words and a.how == "synonym"))
        for part in group.parts:
            alts.extend(part)
    if not alts:  # the heavy words are unknown: nothing can reach the confidence needed
        return ""
    return _any_of(alts)


def _any_of(alts: list[Alternative]) -> str:
    """The FTS5 query for an item holding any of the terms, each once: '"telefoni" OR "växel"*'."""
    return " OR ".join(f'"{a.term}"' + ("*" if a.prefix else "") for a in dict.fromkeys(alts))


def fts_all_expression(groups: list[TermGroup], ranking: Ranking = RANKING) -> str:
    """Return the FTS5 query for the items holding the question's two heaviest words (each in any of its forms),
    or "" when fewer than two of its words are in the index."""
    clauses = []
    for group in sorted(_required_groups(groups, ranking), key=lambda g: -g.weight):
        alts = [*group.alternatives, *(a for part in group.parts for a in part)]
        if alts:
            clauses.append(f"({_any_of(alts)})")
        if len(clauses) == 2:
            return " AND ".join(clauses)
    return ""


def _how(group: TermGroup, body: _SortedTerms) -> str:
    """Say how a question word matched an item, for `why`."""
    matched = [a for a in group.alternatives if body.has(a)]
    direct = sorted({"förkortning" if body.initials(a) else a.how for a in matched if a.how != "synonym"})
    if direct:
        return f"{group.word} ({'/'.join(dict.fromkeys(_HOW_SAID.get(how, how) for how in direct))})"
    synonyms = sorted({a.label for a in matched if a.how == "synonym"})
    if synonyms:
        return f"{group.word} → {', '.join(synonyms)} (synonym)"
    return f"{group.word} (delar)"


class SearchEngine:
    """Answer questions over one store; caches the vocabulary until the store changes."""

    def __init__(self, store: Store, ranking: Ranking = RANKING) -> None:
        self.store = store
        self.reads = SearchStore(store)
        self.ranking = ranking
        self._generation = -1
        self._vocab: Vocabulary | None = None
        self._catalog: Catalog | None = None
        self._title_words: list[str] = []
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        generation = self.reads.generation()
        if generation == self._generation and self._vocab is not None:
            return
        with self._lock:
            self._vocab = Vocabulary([(t.term, t.items) for t in self.reads.vocabulary()], self.reads.item_count())
            committees = tuple(CommitteeInfo(c.slug, c.name, c.organisation, c.aliases) for c in self.store.committees())
            self._catalog = Catalog(committees, self.reads.organisations(), self.reads.case_series())
            self._title_words = sorted({
                w for title in self.reads.top_level_titles()
                for w in words(title) if len(w) >= 5 and w not in STOP_WORDS and not w.isdigit()
            })
            self._generation = generation

    def warm_up(self) -> None:
        """Load the vocabulary, the lemmatiser, the word frequencies and the word lists now, so the first
        question is not slow."""
        self._refresh()
        _lemma_stem("förberedelse")
        zipf("förberedelse")
        thesaurus()
        region_of_place("umeå")
        is_abbreviation("enl")
        is_cut_word("sama")  # the dictionary's words and the common words, for summaries

    @property
    def vocabulary(self) -> Vocabulary:
        self._refresh()
        assert self._vocab is not None
        return self._vocab

    @property
    def title_words(self) -> list[str]:
        """Words of item titles as written, for suggestions a person can read."""
        self._refresh()
        return self._title_words

    @property
    def catalog(self) -> Catalog:
        self._refresh()
        assert self._catalog is not None
        return self._catalog

    def committee_names(self, slugs: tuple[str, ...] | list[str], organisation: str | None = None) -> tuple[str, ...]:
        """The display names of committees given by slug, each once; of one organisation when it is given."""
        names: list[str] = []
        for committee in self.catalog.committees:
            if committee.slug in slugs and committee.name not in names \
                    and (organisation is None or committee.organisation == organisation):
                names.append(committee.name)
        return tuple(names)

    def meeting_pages(self, question: Question, *, limit: int) -> tuple[list[MeetingPage], int]:
        """The meetings of the committees, region and period a question named, newest first, with how many
        there are in all."""
        where = self._filter(question, committees=True, period=True)
        return self.reads.meeting_pages(where, limit=limit), self.reads.meeting_count(where)

    # -- filters -------------------------------------------------------------------------

    @staticmethod
    def _filter(question: Question, *, committees: bool, period: bool) -> SearchFilter:
        return SearchFilter(
            committees=question.committees if committees else (),
            organisation=question.organisation,
            date_from=question.period.start.isoformat() if period and question.period else None,
            date_to=question.period.end.isoformat() if period and question.period else None,
            item_number=question.item_reference[1] if question.item_reference else None,
        )

    # -- the searches --------------------------------------------------------------------

    def term_groups(self, question: Question) -> list[TermGroup]:
        """Resolve the question's topic words against the index; drop common words it does not use."""
        vocab = self.vocabulary
        groups = [resolve_word(word, vocab, self.ranking) for word in _join_compounds(question.terms, vocab)]
        # a word read with å, ä and ö that the store does not know is taken as typed, a slip in a word of the
        # store: "lasaret" is "lasarett" here, not "läsåret"
        as_typed = dict(question.typed)
        groups = [g if g.known or g.word not in as_typed else _known_or(resolve_word(as_typed[g.word], vocab, self.ranking), g)
                  for g in groups]
        for verb, particle in question.particle_verbs:
            groups = [_with_particle_noun(g, particle, vocab, self.ranking) if g.word == verb else g for g in groups]
        # the verb of a particle verb that the store does not use says nothing of the topic, nor does a place
        # the store does not name once it has said the region
        groups = [g for g in groups if g.known or (g.word not in question.verbs and g.word not in question.places)]
        for text, official in question.phrases:
            phrase = resolve_phrase(text, official, vocab, self.ranking)
            inside = [n for n, g in enumerate(groups) if g.word in words(text)]
            if not inside:
                groups.append(phrase)
                continue
            # "gratis buss": the phrase's official words are one more way to match its rarest word
            n = min(inside, key=lambda i: zipf(groups[i].word))
            # an official word that is a word of the phrase itself ("bidrag" of "bidrag till glasögon") says
            # nothing of the rest of it
            said = {stem(w) for w in words(text)}
            extra = tuple(a for a in phrase.alternatives if all(a.term != b.term for b in groups[n].alternatives)
                          and stem(a.label) not in said)
            # a common word the store does not use ("hunden" of "ta med hunden") is no filler in a phrase that names a
            # thing, which the store has in other words or not at all: it weighs as that thing, which only the phrase's
            # whole official term says ("regionen äger" names no thing)
            word = groups[n].word
            named = (extra or not phrase.alternatives) and not (is_verb_form(word) or is_abbreviation(word))
            weight = groups[n].weight or (_absent_weight(word, vocab, self.ranking) if named else 0.0)
            groups[n] = replace(groups[n], alternatives=groups[n].alternatives + extra,
                                word=f"{groups[n].word} ({text})" if extra else groups[n].word, weight=weight)
            if extra:
                # a word of the phrase the store does not use ("utomlands" of "flyttat utomlands") is said
                # by the phrase's official words, not missing
                groups = [g for i, g in enumerate(groups) if i == n or i not in inside or g.alternatives]
        return _without_echoes([g for g in groups if g.weight > 0 or g.known])

    def search(self, question: Question, *, now: date, limit: int = 5) -> tuple[list[Hit], list[TermGroup]]:
        """Return the best hits for a question, best first, and how its words were read."""
        result = self.find(question, now=now, limit=limit)
        return result.hits, result.groups

    def find(self, question: Question, *, now: date, limit: int = 5) -> SearchResult:
        """Return the confident hits for a question, or related partial matches, and how its words were read.

        A month or season asked without its year ("vad gjorde servicenämnden i maj") is the latest one that has
        begun; when nothing of it answers, the same month or season of the years before that had a meeting of
        the committees and region asked about does, the latest first (at most `_EARLIER_TRIES` of them).
        """
        self._refresh()
        result = self._find(question, now=now, limit=limit)
        period = question.period
        if period is None or not period.recurring or period.upcoming or any(h.in_period for h in result.hits):
            return result
        dates = self.reads.meeting_dates(self._filter(question, committees=True, period=False))
        first_year = int(dates[-1][:4]) if dates else period.start.year
        tries = 0
        for years in range(1, period.start.year - first_year + 1):
            earlier = period.years_before(years)
            if not any(earlier.contains(day) for day in dates):
                continue
            found = self._find(replace(question, period=earlier), now=now, limit=limit)
            if any(h.in_period for h in found.hits):
                return replace(found, period=earlier)
            tries += 1
            if tries == _EARLIER_TRIES:
                break
        return result

    def _find(self, question: Question, *, now: date, limit: int) -> SearchResult:
        if question.intent == "case_lookup" and question.case:
            hits = self._case_lookup(question, limit=limit)
            if hits:
                return SearchResult(hits, [], [])
        groups = self.term_groups(question)
        if question.intent == "contract_expiry":
            contracts = self._contract_expiry(question, groups, now=now, limit=limit)
            if contracts is not None:
                return SearchResult(contracts, [], groups)
            # no contract of the topic asked about ends then: what the papers say of the topic and its contracts
        if (question.committees or question.period) and all(
                specificity(g.word) < self.ranking.filler_specificity for g in groups):
            groups = []  # "styrelsen i våras, nåt viktigt?": only filler besides the committee and period
        if not groups:
            if question.intent in {"browse", "latest"} or question.committees or question.period:
                return replace(self._browse(question, limit=limit), groups=groups)
            return SearchResult([], [], groups)
        return self._text_search(question, groups, limit=limit)

    def _case_lookup(self, question: Question, *, limit: int) -> list[Hit]:
        case = question.case
        assert case is not None
        r = self.ranking
        rows = self.reads.case_matches(key=case.key, serial=case.serial, year=case.year, series=case.series)
        if not rows:
            return []
        items = {i.id: i for i in self.store.get_items(list(dict.fromkeys(row.item_id for row in rows)))}
        child_parents = {i.parent_id for i in items.values() if i.parent_id}
        hits = []
        for row in rows:
            item = items.get(row.item_id)
            if item is None or item.id in child_parents:
                continue  # the sub-entry that holds the number is the answer, not its whole list
            score = r.case_base + (r.case_same_document if case.doc is not None and row.doc == case.doc else 0.0)
            score += r.case_sub_entry if item.parent_id else 0.0
            hits.append(Hit(item.id, score, [f"diarienummer {case.raw.strip()}"], item.parent_id))
        unique: dict[int, Hit] = {}
        for hit in sorted(hits, key=lambda h: -h.score):
            unique.setdefault(hit.item_id, hit)
        ranked = list(unique.values())
        if question.terms:
            groups = self.term_groups(question)
            scored = {h.item_id: h for h in self.score_candidates(question, groups, [h.item_id for h in ranked], {})}
            for hit in ranked:
                if hit.item_id in scored:
                    hit.score += scored[hit.item_id].score * r.case_topic_share
            ranked.sort(key=lambda h: -h.score)
        return ranked[:limit]

    def _contract_expiry(self, question: Question, groups: list[TermGroup], *, now: date,
                         limit: int) -> list[Hit] | None:
        """The items whose contract ends in the period asked about (from today on), about the topic asked about;
        None when the question names a topic and no such contract is about it."""
        # the words besides "avtal" (or "avtalet går ut") that say what the contract is about ("städ", "telefoni"),
        # not filler
        topic = [g for g in groups if not _CONTRACT_WORDS & set(g.word.split()) and g.weight > 0
                 and specificity(g.word) >= self.ranking.filler_specificity]
        start = question.period.start.isoformat() if question.period else now.isoformat()
        end = question.period.end.isoformat() if question.period else "9999-12-31"
        where = self._filter(question, committees=bool(question.committees), period=False)
        rows = self.reads.contract_ends(start[:7] if len(start) > 7 else start, end, where)
        rows = [row for row in rows if (question.period.contains(row.end) if question.period
                                        else row.end >= start[: len(row.end)])]
        if not rows:
            return None if topic else []
        ids = list(dict.fromkeys(row.item_id for row in rows))
        ends = {row.item_id: row.end for row in rows}
        needed = self.ranking.confidence_needed(_weighed_words(topic))
        about = {h.item_id for h in self.score_candidates(question, topic, ids, {})
                 if h.confidence >= needed} if topic else set(ids)
        if not about:
            return None
        # ordered by all the question's words: a text that says "avtal" is about its contract
        scored = {h.item_id: h for h in self.score_candidates(question, groups, ids, {})} if groups else {}
        hits = []
        for item_id in ids:
            if item_id not in about:
                continue
            base = scored.get(item_id)
            hit = Hit(item_id, self.ranking.contract_base + (base.score if base else 0.0),
                      [f"avtal löper ut {ends[item_id]}"], in_period=question.period is not None)
            if base:
                hit.why.extend(base.why)
            hits.append(hit)
        return dedupe_family(sorted(hits, key=lambda h: -h.score), self.ranking)[:limit]

    def _browse(self, question: Question, *, limit: int) -> SearchResult:
        """The items of the meetings asked about, in the order shown, with how many there are in all and, for a
        period, how many meetings it holds."""
        where = self._filter(question, committees=True, period=True)
        latest = question.intent == "latest" or bool(question.period and question.period.latest) or not question.period
        ids, total = self.reads.browse(where, latest=latest, limit=limit * self.ranking.browse_pool)
        if question.period and not latest and (not ids or "date" in question.wants):
            # items that name a date in the period ("mötet 7 sept flyttades"): when no meeting falls in it,
            # and first when the question asks for dates ("vilka datum fick nämnden i höstas")
            mentioning = self.reads.mentioning_dates(replace(where, date_from=None, date_to=None),
                                                     question.period.start.isoformat(),
                                                     question.period.end.isoformat(),
                                                     limit=limit * self.ranking.browse_pool,
                                                     of_meetings=question.period.upcoming)
            ids = list(dict.fromkeys(mentioning + ids))
            total = max(total, len(ids))
        if question.item_kinds and ids:
            # "vad informerades nämnden om": its information items first
            kind_of = self.reads.kinds_of(ids)
            ids = sorted(ids, key=lambda i: kind_of.get(i) not in question.item_kinds)
        if question.wants and ids:
            # "hur mycket …": the items that hold an amount (or a date) first, otherwise in browsing order
            kinds = set(question.wants)
            holding = {f.item_id for f in self.reads.facts_of(ids) if f.kind in kinds}
            ids = sorted(ids, key=lambda i: i not in holding)
        ids = ids[:limit]
        why = []
        if question.committees:
            names = self.committee_names(question.committees, question.organisation)
            why.append("nämnd: " + ", ".join(names or question.committees))
        if question.period and not question.period.latest:
            why.append(f"{_PERIOD_WHY}{question.period.label}")
        if latest:
            why.append("senaste mötet")
        # the filter kept only the period's items ("senaste mötet i maj": the latest of May's)
        in_period = question.period is not None and not question.period.upcoming and question.period.start != EARLIEST
        hits = [Hit(item_id, 1.0 - n * self.ranking.browse_step, list(why), in_period=in_period)
                for n, item_id in enumerate(ids)]
        counted = hits and question.period is not None and not question.period.latest
        return SearchResult(hits, [], [], total=total, meetings=self.reads.meeting_count(where) if counted else 0)

    def _candidates(self, question: Question, groups: list[TermGroup], expression: str) -> list[Hit]:
        where = self._filter(question, committees=question.committee_filter, period=False)
        # the committee, the period and the fact asked for lift their items, but only those the index returned:
        # in a large store the best matches of the whole store can crowd them out, so they are asked for too
        facets = []
        if question.period or (question.committees and not question.committee_filter):
            facets.append(self._filter(question, committees=True, period=True))
        if question.wants:
            facets.append(replace(where, fact_kinds=tuple(sorted(question.wants))))
        candidates = self.reads.full_text(expression, where, limit=self.ranking.candidates, lifts=tuple(facets),
                                          lift_limit=self.ranking.facet_candidates)
        ranks = {c.item_id: c.relevance for c in candidates}
        # the items holding the question's own words, which short items matching a general synonym ("park" for
        # "inkubator") can crowd out of the best matches, and those holding its two heaviest words, which in a large
        # store short items holding one of them many times can; no relevance above the others'
        own = fts_expression(groups, self.ranking, own_words=True)
        for extra in dict.fromkeys((own, fts_all_expression(groups, self.ranking))):
            if extra and extra != expression and ranks:
                floor = min(ranks.values())
                for c in self.reads.full_text(extra, where, limit=self.ranking.facet_candidates):
                    ranks.setdefault(c.item_id, min(floor, c.relevance))
        return dedupe_family(self.score_candidates(question, groups, list(ranks), ranks), self.ranking)

    def _text_search(self, question: Question, groups: list[TermGroup], *, limit: int) -> SearchResult:
        r = self.ranking
        if not any(g.known for g in groups):
            return SearchResult([], [], groups)
        # the words any related item must match at least one of, so the same candidates serve both
        expression = fts_expression(groups, r)
        scored = self._candidates(question, groups, expression) if expression else []
        needed = r.confidence_needed(_weighed_words(groups))
        confident = [h for h in scored if h.confidence >= needed]
        if question.period and not question.period.latest and not question.period.recurring:
            # a period said with its year ("2024", "förra året", "i våras") is part of the question: once items of
            # that period answer it, items of other times answer another question (a bare "i juni" may be what an
            # item is about)
            in_period = [h for h in confident if h.in_period]
            confident = in_period or confident
        if confident:
            best = confident[0].score
            kept = [h for h in confident if h.score >= best * r.relative_cutoff]
            return SearchResult(kept[:limit], [], groups, total=len(kept))
        # a partial match of the question's words: the committee or period alone does not make one
        related = [h for h in scored if h.coverage >= r.related_confidence][: r.related_limit]
        return SearchResult([], related, groups)

    def score_candidates(
        self, question: Question, groups: list[TermGroup], ids: list[int], ranks: dict[int, float]
    ) -> list[Hit]:
        """Score candidates on coverage of the question (their confidence), title matches, filters and facts.

        Items under the confidence an answer needs are kept (their `confidence` says so): the caller decides.
        """
        r = self.ranking
        rows = self.reads.scoring_rows(ids)
        if not rows:
            return []
        fact_kinds: dict[int, set[str]] = {}
        fact_dates: dict[int, list[str]] = {}
        if question.wants or question.period:
            for fact in self.reads.facts_of(ids):
                fact_kinds.setdefault(fact.item_id, set()).add(fact.kind)
                if fact.kind == "date":
                    fact_dates.setdefault(fact.item_id, []).append(fact.value)
        total = sum(g.weight for g in groups) or 1.0
        max_rank = max(ranks.values(), default=0.0) or 1.0
        hits = []
        # the question's own words (not synonyms), long enough to name a field, as a committee's slug spells them
        remit_terms = {fold(a.term) for g in groups for a in g.alternatives
                       if a.how in ("exact", "prefix") and len(a.term) >= 5}

        # a place says where, not what: it counts only beside a word of the topic ("sjukbil i skellefteå" is not
        # answered by any item naming Skellefteå)
        # ... and so does a name said by its initials ("usö"): a short word general Swedish hardly uses
        places = question.places | {g.word for g in groups if may_be_initialism(g.word)}
        topical = any(g.weight > 0 and g.word not in places for g in groups)
        # the period asked for, unless it asks for the latest meeting (which the filters give)
        period = question.period if question.period and not question.period.latest else None
        # a year asked is also the year an item is about: "budgetram 2026", decided in 2025
        years_asked = [Alternative(year, False, 1.0, "exact") for year in (period.whole_years if period else ())]
        years = {year.term for year in years_asked}
        for row in rows:
            title = _SortedTerms(row.title_terms)
            body = _SortedTerms(row.title_terms + " " + row.body_terms, r.part_match)
            matched = title_matched = 0.0
            place_matched = 0.0
            why: list[str] = []
            for group in groups:
                best = max((body.weigh(a, r) for a in group.alternatives), default=0.0)
                if group.parts:
                    part_weights = [max((body.weigh(a, r) for a in part), default=0.0) for part in group.parts]
                    # a compound counts when its parts are written together ("flyg plats"); "plats" alone,
                    # or "flyg…" and "plats" far apart, is not "flygplats"
                    together = all(part_weights) and _adjacent(group.parts, _terms_in_order(row), gap=r.compound_gap)
                    # the head alone says the kind of thing when it is the head of a compound of the item too:
                    # an "utrymningstrappa" answers a "nödtrappa"
                    sibling = group.head_share and any(body.inside(a) for a in group.parts[-1])
                    compound = min(part_weights) if together else max(
                        max(part_weights[:-1]) * r.compound_single_part,
                        part_weights[-1] * (group.head_share if sibling else r.compound_single_part),
                        min(part_weights) * r.parts_apart)
                    best = max(best, compound)
                if best:
                    matched += group.weight * best
                    place_matched += group.weight * best if group.word in places else 0.0
                    in_title = any(title.has(a) for a in group.alternatives if a.how != "synonym") or (
                        bool(group.parts) and all(any(title.has(a) for a in part) for part in group.parts)
                    )
                    title_matched += group.weight * best if in_title else 0.0
                    why.append(_how(group, body))
            coverage = matched / total
            facets = 0  # what the question asked for besides its words, and the item has
            # a heading the page gave says what the item is about; a title made of the text's first words
            # says less
            title_share = r.derived_title_share if row.title_derived else 1.0
            score = coverage + r.title_coverage * title_share * title_matched / total
            # bm25 favours short texts; a one-line entry or routine item gets none of it, so it never
            # outranks a substantive item of equal match
            if row.parent_id is None and row.kind != "routine":
                score += r.bm25 * ranks.get(row.item_id, 0.0) / max_rank
            if question.committees and row.committee_slug in question.committees:
                score += r.committee
                facets += 1
            elif row.committee_slug and any(term in row.committee_slug for term in remit_terms):
                score += r.remit
            in_period = period is not None and (
                period.contains(row.meeting_date)
                or any(period.contains(d) for d in fact_dates.get(row.item_id, ()))
                or any(body.has(year) for year in years_asked)
                or (bool(years) and _next_year(row) in years)
            )
            if period is not None and in_period:
                score += r.period
                facets += 1
                why.append(f"{_PERIOD_WHY}{period.label}")
            if question.intent == "decision":
                score += r.decision_shares.get(row.kind, -1.0) * r.decision_kind
            for kind in question.wants:
                if kind in fact_kinds.get(row.item_id, set()):
                    score += r.fact
                    facets += 1
                    why.append(_FACT_WHY[kind])
            # an item naming only the place is no answer, though it may be offered as related
            answers = matched > place_matched or not topical
            confidence = min(1.0, coverage + r.facet_confidence * facets) if matched and answers else 0.0
            # a routine item goes after the matters, unless its heading says what the question asks ("Inga nya
            # motioner har inkommit" for "har det kommit in några nya motioner")
            if row.kind == "routine" and not title_matched:
                score += r.routine
            if row.meeting_date:
                score += r.recency * (int(row.meeting_date[:4]) - 2000) / 30
            hits.append(Hit(row.item_id, round(score, 4), why, row.parent_id, round(confidence, 3), round(coverage, 3),
                            in_period, row.line))
        hits.sort(key=lambda h: -h.score)
        if any(g.alternatives for g in groups):
            self._lift_topical(hits, groups, {row.item_id: row for row in rows})
        return hits

    def _lift_topical(self, hits: list[Hit], groups: list[TermGroup], rows: dict[int, ScoringRow]) -> None:
        """Lift the best candidates that are about the question's words, not merely mentioning them: where two
        of the words stand close together (real text says them in one phrase), and where a word comes back
        (a text about a thing names it more than once)."""
        r = self.ranking
        total = sum(g.weight for g in groups) or 1.0
        for hit in hits[: r.proximity_candidates]:
            row = rows[hit.item_id]
            positions: dict[str, list[int]] = {}
            for n, term in enumerate(_terms_in_order(row)):
                positions.setdefault(term, []).append(n)
            found = []
            repeated = 0.0
            for group in groups:
                # each place once, however many of the group's alternatives match there ("telefoni" is also "telefon…")
                at = sorted({n for a in group.alternatives for term, ns in positions.items()
                             if term == a.term or (a.prefix and term.startswith(a.term)) for n in ns})
                if at:
                    found.append(at)
                    repeated += group.weight * min(1.0, (len(at) - 1) / r.repetition_full)
            lift = r.repetition * repeated / total
            if len(found) >= 2 and _close(found, r.proximity_window):
                lift += r.proximity
            hit.score = round(hit.score + lift, 4)
        hits.sort(key=lambda h: -h.score)


def dedupe_family(hits: list[Hit], ranking: Ranking = RANKING) -> list[Hit]:
    """Keep one of an item and its sub-entries: the sub-entry when it carries the match, and is a decision of its
    own (with its case number); the item when the sub-entry is a line of its text ("Skogen, rapportör …")."""
    by_id = {h.item_id: h for h in hits}
    drop: set[int] = set()
    for hit in hits:
        if hit.parent_id is not None and hit.parent_id in by_id:
            parent = by_id[hit.parent_id]
            if hit.score >= parent.score - ranking.sub_entry_margin and not hit.line:
                drop.add(parent.item_id)
            else:
                drop.add(hit.item_id)
    # several sub-entries of one list: keep them, they are separate decisions
    return [h for h in hits if h.item_id not in drop]
