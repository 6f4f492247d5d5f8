"""Split Swedish compounds into the words they are made of, weighted by general Swedish.

"ambulanssjukvården" → ambulans + sjukvården (+ sjuk + vården); "medborgarförslagen" → medborgare +
förslagen. A split is taken only when both parts are words general Swedish uses (wordfreq; a long
part may be rarer), a linking "s" is dropped from the head or a dropped "e"/"a" restored, and a word
that is itself more common than its parts is left whole ("verksamheten" is not "verk" + "samheten").
"""

from __future__ import annotations

from functools import lru_cache

from knowledge.language.background import lemma, zipf

MIN_WORD = 8  # shorter words are not split
MIN_HEAD = 3
MIN_TAIL = 4
SHORT_PART_ZIPF = 2.8  # a part under six letters must be at least this common in general Swedish
LONG_PART_ZIPF = 1.5  # a longer part may be rarer: "habilitering", "vårdplats"
LEXICAL_ZIPF = 3.0  # a part at least this common is a word of its own and is not split further
# Endings that make words, not compounds: "mottagningen" is not "mottagna" + "ingen".
SUFFIXES = frozenset(["orna", "arna", "erna", "ornas", "arnas", "ernas"] + ["ingen", "ingar", "ingarna", "ning", "ningen", "ningar", "ande", "ende", "andet", "heten", "het", "else", "lig", "lighet", "liga", "ligt"])
# Prefixes that make words, not compounds: "förslag" is not "för" + "slag", "medborgare" not "med" + "borgare".
PREFIXES = frozenset(
    ["för", "be", "ge", "miss", "sam", "samman", "med", "mot", "till", "upp", "in", "ut", "av", "an", "er", "om", "över", "under", "efter", "fram", "bort", "ned", "ner", "på", "vid", "genom", "åter", "när", "hel", "halv", "all", "o", "van", "and", "bi", "vi"]
)


def _is_word(part: str) -> float:
    """Return the part's Zipf frequency when it counts as a word, else 0."""
    z = zipf(part)
    return z if z >= (SHORT_PART_ZIPF if len(part) < 6 else LONG_PART_ZIPF) else 0.0


def _head_word(head: str) -> tuple[str, float]:
    """The head as a word: as written, with a dropped "e"/"a" restored, or without a linking "s"
    when general Swedish uses that more ("bostads" is "bostad", but "kurs" stays "kurs")."""
    variants = [head] if _is_word(head) else [head + "e", head + "a"]
    if head.endswith("s") and len(head) > MIN_HEAD + 1:
        variants.append(head[:-1])
    return max(((v, _is_word(v)) for v in variants), key=lambda pair: pair[1])


def _prefixes_only(head: str) -> bool:
    """Return True for a head made of prefixes alone ("för", "ange" = an + ge): a derived word starts there."""
    return head in PREFIXES or any(head[:i] in PREFIXES and _prefixes_only(head[i:]) for i in range(1, len(head)))


@lru_cache(maxsize=65536)
def split_compound(word: str) -> tuple[str, str] | None:
    """Return the best split of a compound into head and tail, or None for a word that is not one."""
    if len(word) < MIN_WORD or not word.isalpha():
        return None
    # an inflected form of a word that is not a compound is none either: "lägenheter" is not "läge" + "enheter"
    base = lemma(word)
    if base != word and base.isalpha() and zipf(base) >= LEXICAL_ZIPF and _best_split(base, whole=False) is None:
        return None
    return _best_split(word)


def _best_split(word: str, *, whole: bool = True) -> tuple[str, str] | None:
    """The best split of a word; not `whole`, also of a short or common one ("sjukhus", "sjukvård")."""
    min_tail = MIN_TAIL if whole else MIN_TAIL - 1
    if len(word) < (MIN_WORD if whole else MIN_HEAD + min_tail):
        return None
    best: tuple[float, str, str] | None = None
    # a word of its own ("sköterskor") is split only where its tail is the larger part ("sjuk|sköterskor")
    lexical = whole and zipf(word) >= LEXICAL_ZIPF
    for i in range(MIN_HEAD, len(word) - min_tail + 1):
        if lexical and 2 * (len(word) - i) <= len(word):
            break
        if _prefixes_only(word[:i]) or (word[i - 1] == "s" and word[: i - 1] in PREFIXES):
            continue
        if word[i:] in SUFFIXES or word[i:] in PREFIXES:  # "ledamot" is not "leda" + "mot"
            continue
        head, head_zipf = _head_word(word[:i])
        score = min(head_zipf, _is_word(word[i:]))
        if score > 0 and (best is None or score > best[0]):
            best = (score, head, word[i:])
    if best is None or (whole and zipf(word) > max(zipf(best[1]), zipf(best[2]))):
        return None
    return best[1], best[2]


@lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """Return every word inside a compound: head, tail and the parts of each, or ()."""
    split = split_compound(word)
    if split is None:
        return ()
    head, tail = split
    inner = [p for part in (head, tail) if zipf(part) < LEXICAL_ZIPF for p in compound_parts(part)]
    return tuple(dict.fromkeys((head, tail, *inner)))
