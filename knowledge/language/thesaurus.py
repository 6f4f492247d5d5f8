"""Everyday words for the official terms of the documents, from the data file thesaurus.tsv.

Each line of the file is one concept group: `domain <TAB> official|terms <TAB> everyday|words`.
A word of a group (everyday or official) stands for the group's official terms; a multi-word
official term is represented by its most specific word ("ortopedisk klinik" → "ortopedisk").
Words are looked up as typed, by their stem and without å, ä and ö; an everyday phrase is found
without the question word it starts with.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import Levenshtein

from knowledge.language.background import compound_lemma, lemma, specificity, zipf
from knowledge.language.text import STOP_WORDS, fold, stem, words

FOLDED_MAX_ZIPF = 3.0  # a plain word more common than this is read as typed, not as å/ä/ö left out


@dataclass(frozen=True)
class ConceptGroup:
    """Official terms and the everyday words people use for them, in one domain."""

    domain: str
    official: tuple[str, ...]
    everyday: tuple[str, ...]


def parse_thesaurus(text: str) -> list[ConceptGroup]:
    """Read the thesaurus format; comment and blank lines are skipped."""
    groups = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        domain, official, everyday = (line.split("\t") + ["", ""])[:3]
        groups.append(ConceptGroup(
            domain.strip(),
            tuple(t.strip().lower() for t in official.split("|") if t.strip()),
            tuple(t.strip().lower() for t in everyday.split("|") if t.strip()),
        ))
    return groups


PHRASE_GAP = 2  # words that may stand between two words of a phrase
GENERAL_HEAD = 0.5  # a last word less specific than this does not stand for its phrase
# Prepositions, which never stand for a phrase ("glasögonbidrag för barn")
_PREPOSITIONS = frozenset({"av", "för", "från", "i", "inom", "med", "mot", "om", "på", "till", "utan", "vid", "åt", "över"})


def _specific_part(token: str) -> str:
    parts = [w for w in words(token) if len(w) >= 3 and w not in STOP_WORDS] or words(token) or [token]
    return min(parts, key=zipf)


def key_word(term: str) -> str | None:
    """The word that stands for a term in the index: the term itself, or its last content word
    ("regionala flygplatser" → "flygplatser"), unless that word is general or the phrase has a preposition,
    when the phrase's most specific word does ("glasögonbidrag för barn" → "glasögonbidrag", "upphandling av
    lokalvård" → "lokalvård")."""
    # a compound written with a hyphen is named by its most specific part: "tbe-vaccination" by "tbe"
    content = _content_words(term)
    if not content:
        return None
    # the last word of a phrase with a preposition names where or for whom, not what: "kamerabevakning i
    # kollektivtrafiken" is camera surveillance, not public transport
    prepositional = any(t in _PREPOSITIONS for t in term.lower().split()[1:-1])
    if not prepositional and specificity(content[-1]) >= GENERAL_HEAD:
        return content[-1]
    return min(content, key=zipf)


def _content_words(term: str) -> list[str]:
    tokens = [_specific_part(t) for t in term.lower().split()]
    return [w for w in tokens if w not in STOP_WORDS and w not in _PREPOSITIONS and len(w) > 1]


def rest_of_term(term: str, word: str) -> tuple[str, ...]:
    """The stems of the words of a term besides the word that stands for it: ("trådlös",) for "nätverk" of
    "trådlöst nätverk", () for a one-word term."""
    return tuple(stem(w) for w in _content_words(term) if w != word)


# What else an item must say for an official word to be the whole official term: one tuple of stems per
# term the word stands for, () when the word is a term of its own.
Rests = frozenset[tuple[str, ...]]


@dataclass(frozen=True)
class PhraseMatch:
    """An everyday phrase found in a question: where it is, what it said, and what it stands for."""

    start: int
    end: int
    text: str
    official: tuple[str, ...]


def _phrase_key(tokens: list[str]) -> tuple[str, ...]:
    """Phrases match by their words' stems, without å, ä and ö: "vanlig människa" is "vanliga människor"."""
    return tuple(fold(stem(t)) for t in tokens)


MIN_STEM_KEY = 4  # a shorter stem is shared by unrelated words
_STEM_KEYS = ("s:", "fs:")
# the endings of a word's own forms and near derivations
_FORMS = frozenset({"s", "n", "en", "et", "na", "r", "ar", "er", "or", "rna", "arna", "erna", "orna", "ns", "ens",
                    "ets", "e", "a", "are", "t", "de", "ade"})


def _readings(word: str) -> set[str]:
    """A word and its dictionary forms, without å, ä and ö: the verb's and the noun's ("pris", "prisa")."""
    return {fold(word), fold(lemma(word)), fold(compound_lemma(word))}


MIN_SLIP_LENGTH = 7  # a word this long with one letter wrong is a slip ("livrädare"); a shorter one another word


def _same_word(asked: str, source: str) -> bool:
    """Whether a word is a form of another (or they share a dictionary form), or it with one slip: "bussarna" of
    "bussar", "livrädare" of "livräddare", not "magen" of "mager"."""
    if fold(asked) == fold(source) or _readings(asked) & _readings(source):
        return True
    short, long = sorted((fold(asked), fold(source)), key=len)
    if len(short) >= MIN_SLIP_LENGTH and Levenshtein.distance(short, long) <= 1:
        return True
    return long.startswith(short) and long[len(short):] in _FORMS


# The question words an everyday phrase may start with ("vad får politikerna betalt"): they say how it is
# asked, and people ask it in other ways ("hur mkt får politikerna betalt"), so the phrase is found without them
_QUESTION_WORDS = frozenset({"hur", "var", "vad", "vart", "varför", "vem", "vilka", "vilken", "vilket", "när"})
_HOW_MUCH = frozenset({"mycket", "många", "länge", "ofta", "lång", "långt", "mkt"})


def _unasked(tokens: list[str]) -> list[str]:
    """The words of an everyday phrase after its question word, when at least two are left: "vad får
    politikerna betalt" → "får politikerna betalt", "hur mycket tjänar politiker" → "tjänar politiker"."""
    rest = tokens[1:] if tokens and tokens[0] in _QUESTION_WORDS else tokens
    if tokens[:1] == ["hur"] and rest[:1] and rest[0] in _HOW_MUCH:
        rest = rest[1:]
    return rest if len(rest) >= 2 else tokens


class Thesaurus:
    """Look up the official terms for a question word."""

    def __init__(self, groups: list[ConceptGroup]) -> None:
        self.groups = groups
        # key → official word → the rest of the official terms it stands for: "kirurgi" of "robotassisterad
        # kirurgi" is one word of several, and a match on it a part of the term unless "robotassist…" is there too
        self._by_key: dict[str, dict[str, Rests]] = {}
        # ... but a stem key → the words it was made from, each with what it stands for: "papper" shares the stem
        # "papp" with "pappa" and "papp" (a thousand kronor), and is neither
        self._by_stem: dict[str, dict[str, dict[str, Rests]]] = {}
        self._phrases: dict[tuple[str, ...], dict[str, Rests]] = {}
        # ... and the words each phrase key was made from: "för mager" and "för magen" share a key, not a meaning
        self._phrase_words: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for group in groups:
            # a group of a frame word ("beslut", "fråga", "nämnd") says what is asked, not about what: its everyday
            # phrases ("tog beslut") are the frame too
            frame = bool(group.official) and group.official[0] in STOP_WORDS
            whole: dict[str, Rests] = {}
            for term in group.official:
                word = key_word(term)
                if word:
                    whole[word] = whole.get(word, frozenset()) | {rest_of_term(term, word)}
            for term in (*group.everyday, *group.official):
                said = _unasked(words(term))
                tokens = _phrase_key(said)
                if len(tokens) > 1:
                    if frame and term not in group.official:
                        continue
                    self._phrase_words.setdefault(tokens, []).append(tuple(said))
                    entry = self._phrases.setdefault(tokens, {})
                    for official, rests in whole.items():
                        entry[official] = entry.get(official, frozenset()) | rests
                    if term not in group.official:
                        continue  # an everyday phrase is matched as a phrase only
                for key in self._keys(term):
                    if key.startswith(_STEM_KEYS):
                        found = self._by_stem.setdefault(key, {}).setdefault(term, {})
                    else:
                        found = self._by_key.setdefault(key, {})
                    for official, rests in whole.items():
                        if official != term:
                            found[official] = found.get(official, frozenset()) | rests
        self._stems = sorted(k for k in self._by_stem if k.startswith("s:"))
        # the phrases by their first word, longest first
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self._phrases, key=len, reverse=True):
            self._by_first.setdefault(phrase[0], []).append(phrase)
        self._longest_phrase = max((len(t) for t in self._phrases), default=0)

    @staticmethod
    def _keys(word: str) -> set[str]:
        keys = {word, "f:" + fold(word)}
        if len(stem(word)) >= MIN_STEM_KEY:  # "ungar" is not keyed "ung", which "unga" (young) shares
            keys |= {"s:" + stem(word), "fs:" + stem(fold(word))}
        return keys

    def lookup_terms(self, word: str) -> dict[str, Rests]:
        """Return the official words a question word stands for, most specific first, each with the rest of
        its official terms: {()} for a whole term, {("robotassist",)} for "kirurgi" of "robotassisterad kirurgi".

        A word typed without å, ä and ö is also looked up among the folded forms; one typed with
        them is not ("strök" is not "stroke")."""
        plain = fold(word) == word and zipf(word) < FOLDED_MAX_ZIPF  # "tag" is a word, not "tåg" typed plain
        found = self._gather([word, "f:" + word] if plain else [word])
        if not found:
            found = self._gather_forms(["s:" + stem(word), "fs:" + stem(word)] if plain else ["s:" + stem(word)], word)
        if not found and len(word) >= 7:
            # another form of the same word: "kardiologen" (kardiolog) for "kardiologi"
            key = "s:" + stem(word)
            i = bisect.bisect_left(self._stems, key)
            keys = []
            while i < len(self._stems) and self._stems[i].startswith(key) and len(self._stems[i]) - len(key) <= 2:
                keys.append(self._stems[i])
                i += 1
            found = self._gather_forms(keys)
        found.pop(word, None)
        return {official: found[official] for official in sorted(found, key=lambda w: (zipf(w), w))}

    def phrase_terms(self, text: str) -> dict[str, Rests]:
        """Return the official words an everyday phrase found in a question stands for, each with the rest of
        its official terms, as `lookup_terms` does for a word."""
        return dict(self._phrases.get(_phrase_key(words(text)), {}))

    def _gather_forms(self, keys: list[str], word: str | None = None) -> dict[str, Rests]:
        """What the words of the thesaurus under stem keys stand for; with `word`, only those that are forms of it:
        "bussarna" of "bussar", not "papper" of "pappa"."""
        asked = _readings(word) if word else set()
        found: dict[str, Rests] = {}
        for key in keys:
            for source, officials in self._by_stem.get(key, {}).items():
                # the same word by its dictionary forms ("priserna" of "pris"), or one of its own forms or
                # derivations ("tänderna" of "tänder", "fiskare" of "fisk"), but not a shorter word ("papp" of "papper")
                rest = source[len(word):] if word and source.startswith(word) else None
                if word and not (asked & _readings(source) or rest in _FORMS):
                    continue
                for official, rests in officials.items():
                    found[official] = found.get(official, frozenset()) | rests
        return found

    def _gather(self, keys: list[str]) -> dict[str, Rests]:
        found: dict[str, Rests] = {}
        for key in keys:
            for official, rests in self._by_key.get(key, {}).items():
                found[official] = found.get(official, frozenset()) | rests
        return found

    def phrases(self, text: str) -> list[PhraseMatch]:
        """Find the everyday phrases of the thesaurus in a text ("ställa frågor", "föda barn"), longest first."""
        tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[a-zåäöéü0-9]+", text.lower())]
        folded = list(_phrase_key([t for t, _, _ in tokens]))
        found: list[PhraseMatch] = []
        taken: set[int] = set()
        for size in range(min(self._longest_phrase, len(tokens)), 1, -1):
            for i in range(len(tokens) - size + 1):
                window = tuple(folded[i : i + size])
                if taken & set(range(i, i + size)):
                    continue
                official = self._phrases.get(window)
                if official is None or not self._says_phrase(window, [t for t, _, _ in tokens[i : i + size]]):
                    continue
                taken.update(range(i, i + size))
                start, end = tokens[i][1], tokens[i + size - 1][2]
                found.append(PhraseMatch(start, end, text[start:end], tuple(sorted(official))))
        return found + self._split_phrases(tokens, folded, taken)

    def _says_phrase(self, key: tuple[str, ...], said: list[str]) -> bool:
        """Whether the words of a question are those of a phrase of the key, each in one of its forms: "vanliga
        människor" of "vanlig människa", not "för magen" of "för mager"."""
        return any(all(_same_word(a.lower(), b) for a, b in zip(said, source, strict=True))
                   for source in self._phrase_words.get(key, ()))

    def _split_phrases(self, tokens: list[tuple[str, int, int]], folded: list[str], taken: set[int]) -> list[PhraseMatch]:
        """Phrases whose words other words split ("köper regionen in", "lägga ner hela bb"): Swedish puts
        the subject and adverbs between a verb and the rest; at most PHRASE_GAP words between two of its words."""
        found = []
        for i, first in enumerate(folded):
            if i in taken:
                continue
            for key in self._by_first.get(first, ()):
                at = [i]
                for word in key[1:]:
                    nxt = next((j for j in range(at[-1] + 1, min(len(folded), at[-1] + 2 + PHRASE_GAP))
                                if folded[j] == word and j not in taken), None)
                    if nxt is None:
                        break
                    at.append(nxt)
                # filler words alone are a phrase only when written together: "andra nämnderna missköter sig"
                # is no "ändra sig"
                if (len(at) == len(key) and at[-1] - at[0] >= len(key)
                        and not all(tokens[j][0] in STOP_WORDS for j in at)
                        and self._says_phrase(key, [tokens[j][0] for j in at])):
                    taken.update(at)
                    said = " ".join(tokens[j][0] for j in at)
                    found.append(PhraseMatch(tokens[i][1], tokens[at[-1]][2], said, tuple(sorted(self._phrases[key]))))
                    break
        return found


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The thesaurus shipped with the package."""
    text = resources.files("knowledge.language").joinpath("thesaurus.tsv").read_text(encoding="utf-8")
    return Thesaurus(parse_thesaurus(text))
