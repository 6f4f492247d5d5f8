"""The region a place belongs to, from the municipalities of its county (places.tsv).

"sjukhuset i gävle" asks about Region Gävleborg as surely as "i gävleborg" does. Only municipalities
are listed (SCB's list), not villages, and none whose name is also a common word or a first name.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from knowledge.language.text import fold


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    text = resources.files("knowledge.language").joinpath("places.tsv").read_text(encoding="utf-8")
    places: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, region = (part.strip() for part in line.split("\t")[:2])
            for form in (name, name + "s"):  # "östersunds sjukhus"
                places[form] = region
                places[fold(form)] = region
    return places


def region_of_place(word: str) -> str | None:
    """Return the region of a municipality named by a word ("umeå", "gavle", "östersunds"), or None."""
    return _places().get(word.lower())
