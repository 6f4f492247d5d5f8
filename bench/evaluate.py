"""Print hit@1 and hit@3 per kind of question for several question sets side by side.

Usage: python bench/evaluate.py [QUESTIONS.jsonl ...] [--now 2025-06-30] [--verbose]

Without files: the seed questions, the golden set (tests/golden), the dev set (tests/data) and, when
the shared folder beside the project holds it, the validation set (../shared/dev-pages/questions2.jsonl).
The validation set is read here only, never by the program or its tests. All sets are asked against one
store: the bundled sample data (the seed and dev pages) plus the golden pages.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.pages.ingest import ingest_manifest  # noqa: E402
from knowledge.render import hit_json  # noqa: E402
from knowledge.sample_data import load_sample_data  # noqa: E402
from knowledge.search.answer import answer_question  # noqa: E402
from knowledge.search.engine import SearchEngine  # noqa: E402
from knowledge.search.evaluation import evaluate, load_golden  # noqa: E402
from knowledge.store import Store  # noqa: E402

STAMP = "2025-01-01T00:00:00+00:00"
DEFAULT_FILES = {
    "seeds": ROOT / "tests/data/seed_questions.jsonl",
    "golden": ROOT / "tests/golden/questions.jsonl",
    "dev": ROOT / "tests/data/dev_questions.jsonl",
}
# The shared folder lies beside the project (../shared), or beside the folder of its work trees.
VALIDATION = [base / "shared/dev-pages/questions2.jsonl" for base in (ROOT.parent, ROOT.parent.parent)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--now", type=date.fromisoformat, default=date(2025, 6, 30))
    parser.add_argument("--verbose", action="store_true", help="list every question not right at rank 1")
    args = parser.parse_args()
    sets = {p.stem: p for p in args.files} if args.files else {k: p for k, p in DEFAULT_FILES.items() if p.exists()}
    if not args.files:
        found = [p for p in VALIDATION if p.exists()]
        if found:
            sets["validation"] = found[0]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "eval.db")
        load_sample_data(store, now=STAMP)
        ingest_manifest(store, ROOT / "tests/golden/pages/INDEX.tsv", now=STAMP)
        engine = SearchEngine(store)

        def ask(q: str) -> list[dict]:
            return [hit_json(h) for h in answer_question(engine, q, now=args.now, limit=5).hits]

        tables = {}
        for name, path in sets.items():
            table, ranks = evaluate(load_golden(path), ask)
            tables[name] = table
            if args.verbose:
                for question, rank in ranks:
                    if rank not in (0, 1):
                        print(f"  miss [{name}] {question.id} {question.kind} rank={rank} {question.q}")
        store.close()
    kinds = sorted({k for t in tables.values() for k in t} - {"all"}) + ["all"]
    print("hit@1 / hit@3 (n) per kind; one store of the sample data and the golden pages; now =", args.now)
    print("| kind | " + " | ".join(tables) + " |")
    print("|---|" + "---:|" * len(tables))
    for kind in kinds:
        cells = []
        for table in tables.values():
            row = table.get(kind)
            cells.append(f"{row['hit@1']:.2f} / {row['hit@3']:.2f} ({row['n']})" if row else "–")
        print(f"| {kind} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
