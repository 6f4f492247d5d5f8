"""Print hit@1 and hit@3 per kind of question for golden files, against the bundled sample data.

Usage: python bench/evaluate.py [QUESTIONS.jsonl ...] [--now 2025-06-30] [--verbose]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from knowledge.render import hit_json
from knowledge.sample_data import load_sample_data
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
from knowledge.search.evaluation import evaluate, load_golden
from knowledge.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = [ROOT / "tests/data/seed_questions.jsonl", ROOT / "tests/data/dev_questions.jsonl",
                 ROOT / "tests/golden/questions.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--now", type=date.fromisoformat, default=date(2025, 6, 30))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "eval.db")
        load_sample_data(store, now="2025-01-01T00:00:00+00:00")
        if (ROOT / "tests/golden/pages/INDEX.tsv").exists():
            from knowledge.pages.ingest import ingest_manifest

            ingest_manifest(store, ROOT / "tests/golden/pages/INDEX.tsv", now="2025-01-01T00:00:00+00:00")
        engine = SearchEngine(store)

        def ask(q: str) -> list[dict]:
            return [hit_json(h) for h in answer_question(engine, q, now=args.now, limit=5).hits]

        for path in args.files or [p for p in DEFAULT_FILES if p.exists()]:
            table, ranks = evaluate(load_golden(path), ask)
            print(f"== {path.name}")
            for kind, row in sorted(table.items()):
                print(f"  {kind:22s} n={row['n']:3d}  hit@1={row['hit@1']:.2f}  hit@3={row['hit@3']:.2f}")
            if args.verbose:
                for question, rank in ranks:
                    if rank != 1 and rank != 0:
                        print(f"    miss {question.id} rank={rank} {question.q}")
        store.close()


if __name__ == "__main__":
    main()
