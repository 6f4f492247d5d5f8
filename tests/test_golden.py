"""The golden questions, asked against the sample data and the golden pages.

Every question is a case of its own that reports its rank. The first set (g0xx), written with the
engine, must each have a correct hit at rank 1 (or no hits, for no_answer). The second set (g2xxx),
the third (g3xxx), the fourth (g4xxx: compounds whose first part no page uses), the fifth (g5xxx:
everyday words for what an item is about, words its page does not use), the sixth (g6xxx), the seventh
(g7xxx: 60 phone-style questions of the validation set's kinds over all the pages), the eighth (g8xxx: 60
more of them, on items no earlier question asked about), the ninth (g9xxx: 60 more, on passages no earlier
question used) and the tenth (g10xxx: 60 more, the same way), each written later the
same way before the changes that followed, by someone who had seen the pages but not the code, a third of
them colloquial or paraphrased, are judged as a set: hit@1 per kind and overall must stay at or above the
floors below; a miss of that set is reported as a skip with its rank.
Run `python bench/evaluate.py` for hit@1 and hit@3 per kind side by side with other sets.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.pages.ingest import ingest_manifest
from knowledge.render import hit_json
from knowledge.sample_data import load_sample_data
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
from knowledge.search.evaluation import GoldQuestion, load_golden, rank_of_first_correct
from knowledge.store import Store
from tests.conftest import INGESTED_AT, NOW, TESTS

GOLDEN = load_golden(TESTS / "golden" / "questions.jsonl")
# Browsing a committee's month lists its items in agenda order; these ask for an item
# further down that order, so rank 1 is not expected of them.
BROWSE_RANK_LIMIT = 5
# Floors of hit@1 for the questions judged as a set, per kind and overall: a little under what the
# engine reaches (0.79 overall over g2xxx and g3xxx; g2xxx scored 0.49 before the work that generalised it,
# g3xxx 0.80 when it was written; g4xxx 0.60 when it was written, 0.75 after; g5xxx 0.32 when it was
# written, 0.42 after; g6xxx, over the dev pages with the fewest questions, 0.76 when it was written, 0.78
# after; g7xxx 0.80 when it was written, 0.85 after; g8xxx 0.65 when it was written, 0.72 after; g9xxx 0.78
# when it was written, 0.83 after; g10xxx 0.70 when it was written, 0.75 after; g11xxx 0.80 when it was written,
# 0.82 after; g12xxx 0.73 when it was written, 0.77 after; g16xxx 0.85 when it was written; g17xxx, on the items
# no earlier question asked about, mostly routine points, 0.67 when it was written; g18xxx, in the validation set's
# mix of kinds, 0.85 when it was written, 0.87 after; g19xxx, mostly paraphrases, topics and absent topics, 0.75
# when it was written, 0.78 after; g20xxx, mostly paraphrases in the words of residents, 0.65 when it was written,
# 0.67 after; g21xxx, the validation set's mix of kinds with long chatty questions, 0.67 when it was written,
# 0.70 after), so a regression fails.
SET_FLOORS = {"all": 0.74, "paraphrase": 0.28, "topic": 0.64, "committee_period": 0.78, "compound": 0.8,
              "typo": 0.9, "inflection": 0.8, "amount_or_date_fact": 0.8, "case_number": 0.8,
              "no_answer": 0.95}


def judged_as_set(question: GoldQuestion) -> bool:
    return re.fullmatch(r"g(?:[2-9]|1[0-9]|2[01])\d{3}", question.id) is not None  # not the first set's g101 … g114


@pytest.fixture(scope="module")
def golden_engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    store = Store(Path(tmp_path_factory.mktemp("golden")) / "golden.db")
    load_sample_data(store, now=INGESTED_AT)
    report = ingest_manifest(store, TESTS / "golden" / "pages" / "INDEX.tsv", now=INGESTED_AT)
    assert not report.errors
    return SearchEngine(store)


@pytest.fixture(scope="module")
def ranks(golden_engine: SearchEngine) -> dict[str, int | None]:
    """The rank of the first correct hit of every golden question (0 = correctly empty)."""
    out: dict[str, int | None] = {}
    for question in GOLDEN:
        hits = [hit_json(h) for h in answer_question(golden_engine, question.q, now=NOW, limit=5).hits]
        out[question.id] = rank_of_first_correct(hits, question)
    return out


def test_golden_set_is_large_and_covers_every_kind() -> None:
    assert len(GOLDEN) >= 200
    assert {q.kind for q in GOLDEN} == {"topic", "inflection", "typo", "case_number", "committee_period",
                                         "amount_or_date_fact", "no_answer", "paraphrase", "compound"}
    second = [q for q in GOLDEN if judged_as_set(q)]
    assert sum(1 for q in second if q.kind in {"paraphrase", "topic"}) >= len(second) // 3


@pytest.mark.parametrize("question", GOLDEN, ids=[q.id for q in GOLDEN])
def test_golden_question(ranks: dict[str, int | None], question: GoldQuestion,
                         record_property: pytest.RecordProperty) -> None:
    rank = ranks[question.id]
    record_property("rank", rank)
    if judged_as_set(question):
        if rank not in (0, 1):
            pytest.skip(f"rank {rank}: {question.q!r} (judged with its kind in test_set_floors)")
        return
    limit = BROWSE_RANK_LIMIT if question.kind == "committee_period" else 1
    assert rank is not None and rank <= limit, f"{question.q!r}: rank {rank}"


@pytest.mark.parametrize("kind", sorted(SET_FLOORS))
def test_set_floors(ranks: dict[str, int | None], kind: str) -> None:
    questions = [q for q in GOLDEN if judged_as_set(q) and kind in {"all", q.kind}]
    right = [q for q in questions if ranks[q.id] in (0, 1)]
    share = len(right) / len(questions)
    misses = [f"{q.id} {q.q!r}: {ranks[q.id]}" for q in questions if q not in right]
    assert share >= SET_FLOORS[kind], f"hit@1 {share:.2f} < {SET_FLOORS[kind]}; misses: {misses}"


def test_first_set_hit_at_one_is_at_least_ninety_percent(ranks: dict[str, int | None]) -> None:
    first = [q for q in GOLDEN if not judged_as_set(q)]
    assert sum(1 for q in first if ranks[q.id] in (0, 1)) / len(first) >= 0.9
