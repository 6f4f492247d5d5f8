"""Everyday words for the official terms of the documents, from the data file thesaurus.tsv.

Each line of the file is one concept group: `domain <TAB> official|terms <TAB> everyday|words`.
A word of a group (everyday or official) stands for the group's official terms; a multi-word
official term is represented by its most specific word ("ortopedisk klinik" → "ortopedisk").
Words are looked up as typed, by their stem and without å, ä and ö.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from knowledge.language.background import zipf
from knowledge.language.text import STOP_WORDS, fold, stem, words


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


def key_word(term: str) -> str | None:
    """The word that stands for a term in the index: the term itself, or its rarest topic word."""
    candidates = [w for w in words(term) if w not in STOP_WORDS and len(w) > 1]
    if not candidates:
        return None
    return min(candidates, key=lambda w: (zipf(w), -len(w)))


class Thesaurus:
    """Look up the official terms for a question word."""

    def __init__(self, groups: list[ConceptGroup]) -> None:
        self.groups = groups
        self._by_key: dict[str, set[str]] = {}
        for group in groups:
            officials = [w for w in (key_word(t) for t in group.official) if w]
            for term in (*group.everyday, *group.official):
                if " " in term.strip() and term not in group.official:
                    continue  # everyday phrases are not single question words
                for key in self._keys(term):
                    self._by_key.setdefault(key, set()).update(o for o in officials if o != term)

    @staticmethod
    def _keys(word: str) -> set[str]:
        return {word, fold(word), "s:" + stem(word), "s:" + stem(fold(word))}

    def lookup(self, word: str) -> tuple[str, ...]:
        """Return the official words a question word stands for, most specific first, or ()."""
        found: set[str] = set()
        for key in (word, fold(word)):
            found |= self._by_key.get(key, set())
        if not found:
            for key in ("s:" + stem(word), "s:" + stem(fold(word))):
                found |= self._by_key.get(key, set())
        found.discard(word)
        return tuple(sorted(found, key=lambda w: (zipf(w), w)))


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The thesaurus shipped with the package."""
    text = resources.files("knowledge.language").joinpath("thesaurus.tsv").read_text(encoding="utf-8")
    return Thesaurus(parse_thesaurus(text))
