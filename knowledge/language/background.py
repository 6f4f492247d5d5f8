"""How common a word is in general Swedish, from wordfreq's Swedish frequency list.

A question word that every Swedish text uses ("nåt", "typ", "blev") says little about the topic,
however rare it is in the store; a word that is rare in Swedish and absent from the store says
that the store has nothing on what was asked.
"""

from __future__ import annotations

import math
from functools import lru_cache

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
    """Return how much a word says about a topic, from FILLER_FLOOR (very common) to 1 (rare)."""
    z = zipf(word)
    if z <= RARE_ZIPF:
        return 1.0
    if z >= COMMON_ZIPF:
        return FILLER_FLOOR
    share = (COMMON_ZIPF - z) / (COMMON_ZIPF - RARE_ZIPF)
    return FILLER_FLOOR + (1.0 - FILLER_FLOOR) * share


def is_swedish_word(word: str, *, min_zipf: float = 2.5) -> bool:
    """Return True when general Swedish uses the word at least this often."""
    return zipf(word) >= min_zipf
