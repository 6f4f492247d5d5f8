"""How common a word is in general Swedish, from wordfreq's Swedish frequency list.

A question word that every Swedish text uses ("nåt", "typ", "blev") says little about the topic,
however rare it is in the store; a word that is rare in Swedish and absent from the store says
that the store has nothing on what was asked.
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import sysconfig
from functools import lru_cache
from pathlib import Path

# Zipf frequencies: 7 is "och", 6 "blev", 5 "pengar", 4 "flygplats", 3 "telefoni", 0 unseen.
COMMON_ZIPF = 5.6  # at or above: a filler word, weighs FILLER_FLOOR of a rare one
RARE_ZIPF = 3.8  # at or below: fully specific
FILLER_FLOOR = 0.12


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # loads its Swedish table (0.7 s) on first use

    return get_frequency_dict("sv")


def zipf(word: str) -> float:
    """Return the word's Zipf frequency in Swedish (0 for a word wordfreq has not seen)."""
    frequency = _frequencies().get(word)
    return round(math.log10(frequency * 1e9), 2) if frequency else 0.0


def specificity(word: str) -> float:
    """Return how much a word says about a topic, from FILLER_FLOOR (very common) to 1 (rare).

    A rare form of a common word says as little as the word: "anställds" is "anställd"."""
    z = zipf(word)
    if z < COMMON_ZIPF:
        z = max(z, zipf(lemma(word)))
    if z <= RARE_ZIPF:
        return 1.0
    if z >= COMMON_ZIPF:
        return FILLER_FLOOR
    share = (COMMON_ZIPF - z) / (COMMON_ZIPF - RARE_ZIPF)
    return FILLER_FLOOR + (1.0 - FILLER_FLOOR) * share


# Letters a question typed without å, ä and ö may stand for, and how much more common (Zipf) the word
# with them must be to be read so: "lange" is "länge", "galler" "gäller", but "tag" stays "tag".
_ACCENTED = {"a": "aåä", "o": "oö"}
ACCENT_GAIN = 1.4
ACCENT_MARGIN = 0.3  # ... and how much more common than the next reading ("vard": vård or värd)
_MAX_ACCENT_LETTERS = 4


@lru_cache(maxsize=8192)
def restore_accents(word: str) -> str:
    """Return a word typed without å, ä and ö as general Swedish writes it, when that reading is much more
    common than the word as typed and clearly the likeliest one; else the word itself."""
    places = [i for i, c in enumerate(word) if c in _ACCENTED]
    if not places or len(places) > _MAX_ACCENT_LETTERS or any(c in "åäö" for c in word):
        return word
    readings = []
    for letters in itertools.product(*(_ACCENTED[word[i]] for i in places)):
        chars = list(word)
        for i, c in zip(places, letters, strict=True):
            chars[i] = c
        reading = "".join(chars)
        if reading != word:
            readings.append((zipf(reading), reading))
    readings.sort(reverse=True)
    best, runner_up = readings[0], readings[1][0] if len(readings) > 1 else 0.0
    if best[0] >= zipf(word) + ACCENT_GAIN and best[0] >= runner_up + ACCENT_MARGIN:
        return best[1]
    return word


MAX_ABBREVIATION = 6  # longer entries with a full stop are names at the end of a sentence


@lru_cache(maxsize=1)
def _dictionary_entries() -> frozenset[str]:
    """The entries of Hunspell's Swedish dictionary (hunspell-sv), without their affix flags."""
    # the package installs its files under the environment's data folder, or the user's for `pip install --user`
    roots = [sysconfig.get_path("data"), sysconfig.get_path("data", f"{os.name}_user")]
    for root in roots:
        try:
            lines = (Path(root) / "share" / "hunspell" / "sv_SE.dic").read_text(encoding="utf-8").splitlines()
            break
        except OSError:
            continue
    else:
        return frozenset()
    return frozenset(line.split("/", 1)[0] for line in lines[1:])


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """The short forms the dictionary lists with a full stop: "enl.", "inkl.", "avd."."""
    return frozenset(entry[:-1].lower() for entry in _dictionary_entries()
                     if entry.endswith(".") and entry[:-1].isalpha() and len(entry) <= MAX_ABBREVIATION + 1)


def in_dictionary(word: str) -> bool:
    """Return True for an entry of the dictionary as written: "telefoni", "Anna", "Karlskoga"."""
    return word in _dictionary_entries()


def is_abbreviation(word: str) -> bool:
    """Return True for a short form of general Swedish, typed with or without its full stop ("enl", "inkl")."""
    return word in _abbreviations()


CUT_WORD_ZIPF = 3.0  # a word broken off is rarer than this, and the start of a word this common


@lru_cache(maxsize=1)
def _common_words() -> list[str]:
    return sorted(word for word, frequency in _frequencies().items() if frequency >= 10 ** (CUT_WORD_ZIPF - 9))


def is_cut_word(word: str) -> bool:
    """Return True for a word broken off, as a page's excerpt ends: no word of the dictionary and rare in general
    Swedish, but the start of a common word ("sama" of "samarbete", "novembe" of "november")."""
    if (len(word) < 3 or not word.isalpha() or not word.islower() or zipf(word) >= CUT_WORD_ZIPF
            or is_abbreviation(word) or in_dictionary(word) or in_dictionary(word.capitalize())):
        return False
    common = _common_words()
    i = bisect.bisect_right(common, word)
    return i < len(common) and common[i].startswith(word)


def is_swedish_word(word: str, *, min_zipf: float = 2.5) -> bool:
    """Return True when general Swedish uses the word at least this often."""
    return zipf(word) >= min_zipf


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """Return the dictionary form of a word ("sköterskorna" → "sköterska"), from simplemma's Swedish data."""
    import simplemma  # loads its Swedish dictionary on first use

    return str(simplemma.lemmatize(word, lang="sv")).lower()


@lru_cache(maxsize=8192)
def compound_lemma(word: str) -> str:
    """Return the dictionary form of a word, of a compound by its last word when the dictionary lacks the
    compound: "trafikförsörjningsprogrammet" → "trafikförsörjningsprogram" (by "programmet" → "program")."""
    base = lemma(word)
    if base != word:
        return base
    for cut in range(3, len(word) - 3):  # the longest tail first: "programmet", not "ammet"
        tail = word[cut:]
        tail_base = lemma(tail)
        if tail_base != tail and zipf(tail) > 0:
            return word[:cut] + tail_base
    return word


VERB_PRESENT_ZIPF = 2.5  # a present tense this common makes a dictionary form in -a a verb


@lru_cache(maxsize=8192)
def is_verb_form(word: str) -> bool:
    """Return True when a word is a form of a verb ("strök", "flyttat", "satsar").

    A verb's dictionary form ends in a vowel and general Swedish uses its present tense
    ("stryka" → "stryker", "flytta" → "flyttar"), more than a plural in -or ("skola" → "skolor").
    A verb tells what was done, a noun what it was done to: the noun names the topic."""
    base = lemma(word)
    # a verb's bare stem is its imperative, which questions do not use: "buss", "plan", "köp" are nouns
    if len(base) < 3 or base[-1] not in "aå" or word == base[:-1]:
        return False
    present = max(zipf(base + "r"), zipf(base[:-1] + "er") if base.endswith("a") else 0.0)
    plural = zipf(base[:-1] + "or") if base.endswith("a") else 0.0
    return present >= VERB_PRESENT_ZIPF and present >= plural + 0.5
