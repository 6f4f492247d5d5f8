"""The golden questions: each must have a correct hit at rank 1 (or no hits, for no_answer).

Run `python bench/evaluate.py` for hit@1 and hit@3 per kind; this test shows which
questions a ranking change moved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.pages.ingest import ingest_manifest
from knowledge.render import hit_json
from knowledge.sample_data import load_sample_data
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
from knowledge.search.evaluation import load_golden, rank_of_first_correct
from knowledge.store import Store
from tests.conftest import INGESTED_AT, NOW, TESTS

GOLDEN = load_golden(TESTS / "golden" / "questions.jsonl")
# Browsing a committee's month lists its items in agenda order; these ask for an item
# further down that order, so rank 1 is not expected of them.
BROWSE_RANK_LIMIT = 5


@pytest.fixture(scope="module")
def golden_engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    store = Store(Path(tmp_path_factory.mktemp("golden")) / "golden.db")
    load_sample_data(store, now=INGESTED_AT)
    report = ingest_manifest(store, TESTS / "golden" / "pages" / "INDEX.tsv", now=INGESTED_AT)
    assert not report.errors
    return SearchEngine(store)


def test_golden_set_is_large_and_covers_every_kind() -> None:
    assert len(GOLDEN) >= 60
    assert {q.kind for q in GOLDEN} == {"topic", "inflection", "typo", "case_number", "committee_period",
                                         "amount_or_date_fact", "no_answer"}


@pytest.mark.parametrize("question", GOLDEN, ids=[q.id for q in GOLDEN])
def test_golden_question(golden_engine: SearchEngine, question) -> None:  # type: ignore[no-untyped-def]
    hits = [hit_json(h) for h in answer_question(golden_engine, question.q, now=NOW, limit=5).hits]
    rank = rank_of_first_correct(hits, question)
    limit = BROWSE_RANK_LIMIT if question.kind == "committee_period" else 1
    assert rank is not None and rank <= limit, f"{question.q!r}: got {[h['title'][:50] for h in hits]}"


def test_hit_at_one_is_at_least_ninety_percent(golden_engine: SearchEngine) -> None:
    ranks = [rank_of_first_correct([hit_json(h) for h in answer_question(golden_engine, q.q, now=NOW).hits], q)
             for q in GOLDEN]
    assert sum(1 for r in ranks if r in (0, 1)) / len(ranks) >= 0.9
