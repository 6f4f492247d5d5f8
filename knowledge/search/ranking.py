"""Every ranking weight and threshold of the search, documented in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Ranking:
    """How items are scored for a question.

    A question word weighs its inverse document frequency in the store times its specificity in
    general Swedish (`knowledge.language.background`). An item's confidence is the share of the
    question's weight it matches (0–1); the additions below order items but do not make an item
    more certain, except the facets (`facet_confidence`).
    """

    # -- confidence --------------------------------------------------------------------
    min_confidence: float = 0.5  # an item matching less of the question's weight is not an answer
    # ... but a long question says more than any item: each word the asker adds to frame it ("blir det billigare
    # att ställa bilen när man ska till doktorn") is one more no paper uses. From this many weighed words on,
    # each further one lowers the share needed by `long_question_step`, down to `long_question_floor`.
    long_question: int = 4
    long_question_step: float = 0.05
    long_question_floor: float = 0.4
    # Each facet the question asked for and the item has (its committee, its period, the amount or
    # date wanted) adds this to the confidence of an item that matches some of the words.
    facet_confidence: float = 0.1
    related_confidence: float = 0.2  # ... but from this share on it may be offered as related
    related_limit: int = 3  # how many related items at most
    relative_cutoff: float = 0.55  # hits scoring under this share of the best are dropped
    candidates: int = 200  # candidates taken from the full-text index
    facet_candidates: int = 50  # ... and of those in the committee or period, or holding the fact, asked for
    # A word found nowhere in the store weighs this many times the rarest word of the store,
    # scaled by its specificity: "ivf" empties the answer, "typ" does not.
    absent_factor: float = 1.5
    # An absent word at least this common in general Swedish (Zipf) is ignored: "hände", "ändå".
    absent_common_zipf: float = 4.6
    verb: float = 0.7  # a verb the store uses weighs this share: questions say what was done in other words
    # Beside a committee or a period, words this general (specificity, 0–1) are filler and the
    # question browses the meetings: "styrelsen i våras, nåt viktigt?".
    filler_specificity: float = 0.3
    # -- how a question word was matched, as a share of an exact match -------------------
    prefix_shortened: float = 0.95  # a stem shortened by a letter or two to reach compounds
    unaccented: float = 0.95  # typed without å, ä and ö
    min_accented_prefix: int = 6  # ... as the start of longer words from this length on
    derivation: float = 0.8  # "städning" matched by "städ…"
    min_verb_root: int = 6  # a noun of a verb ("revidering") is also its verb ("reviderade") from this length on
    extension: float = 0.8  # "filmfestival" matched by "filmfest"
    fuzzy: float = 0.85  # times the similarity of a typo-corrected word: one slip in a long word is nearly the word
    close_typo: float = 0.9  # a correction this similar is tried before stems, compounds and synonyms
    compound: float = 0.8  # matched through the parts of a compound
    # one word of a longer official term ("nätverk" of "trådlöst nätverk") …
    partial_term: float = 0.8
    partial_alone: float = 0.6  # … times this when the item does not say the term's other words
    part_match: float = 0.8  # a word found only inside an item's compounds: "tavla" in "anslagstavla"
    compound_single_part: float = 0.2  # one part of a compound alone: "plats" is not "flygplats"
    # ... but a head the item has as the head of a compound of its own says what kind of thing it is, by how
    # specific it is: an "utrymningstrappa" answers a "nödtrappa", a "personalparkering" hardly a "cykelparkering"
    head_alone: float = 0.5
    parts_apart: float = 0.4  # ... and all its parts in the item, but apart: "klimathänsyn" in "beakta klimatet … med hänsyn till"
    synonym: float = 0.8  # through the thesaurus: below a direct match (times the official word's
    # specificity over the asked word's, so a general official word says less)
    synonym_floor: float = 0.75  # ... but at least this share of it
    first_part_max_zipf: float = 4.7  # an official compound's first part this common is too general to stand for it
    min_synonym_prefix: int = 6  # an official word's stem shorter than this matches whole words only
    compound_gap: int = 5  # the parts of a compound count when at most this many terms apart
    tail_word_zipf: float = 3.0  # "konserthall" → "konsert": a left-over tail this common is a word
    # -- additions to the score --------------------------------------------------------
    title_coverage: float = 0.35  # the matched words are in the title
    derived_title_share: float = 0.5  # ... of that, for a title made of the text's first words
    bm25: float = 0.15  # FTS5 relevance, rescaled to 0..1 within the candidates
    committee: float = 0.35  # the item is from a committee the question named
    # a word of the question names the field of the item's committee ("kollektivtrafiken" →
    # kollektivtrafiknämnden): the committee that handles a matter writes most about it
    remit: float = 0.1
    period: float = 0.15  # the meeting (or a date in the item) falls in the period asked about
    decision_kind: float = 0.10  # "vad beslutades": decision items over information items, times
    # these shares per kind of item (other kinds: -1)
    decision_shares: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"decision": 1.0, "report": 0.0, "entry": 0.5}))
    phrase_floor: float = 0.5  # an everyday phrase weighs at least this share of its idf
    fact: float = 0.20  # the item has the kind of fact asked for (amount, date)
    proximity: float = 0.1  # two of the question's words stand within `proximity_window` terms
    proximity_window: int = 6
    proximity_candidates: int = 20  # how many of the best candidates are checked for it (and for repetition)
    repetition: float = 0.15  # the question's words come back in the item (times the share of their weight) …
    repetition_full: int = 2  # … fully from this many repeats on
    routine: float = -0.2  # approval of the minutes and similar routine items, unless their heading holds a question word
    recency: float = 0.02  # tie-breaker: later meetings first (per 30 years)
    # -- case numbers ------------------------------------------------------------------
    case_base: float = 2.0  # an item holding the case number asked for
    case_same_document: float = 0.2  # ... with the same document number
    case_sub_entry: float = 0.1  # ... the line of a list that holds it, over the list
    case_topic_share: float = 0.5  # share of the topic score added when words follow the number
    # -- browsing ----------------------------------------------------------------------
    browse_step: float = 0.01  # browsed items score 1, 0.99, 0.98 … in the order shown
    contract_base: float = 1.0  # an item whose contract ends in the period asked about, before its topic score
    browse_pool: int = 4  # items read per item shown, to put those holding a wanted fact first
    # -- families ----------------------------------------------------------------------
    sub_entry_margin: float = 0.05  # a sub-entry replaces its parent when scoring within this of it

    def confidence_needed(self, words: int) -> float:
        """The share of the question's weight an item must match to answer a question of this many weighed words."""
        longer = max(0, words - self.long_question)
        return max(min(self.long_question_floor, self.min_confidence),
                   self.min_confidence - self.long_question_step * longer)


RANKING = Ranking()
