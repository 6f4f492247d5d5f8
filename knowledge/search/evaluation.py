"""Score answers against a golden file of questions: hit@1 and hit@3 per kind of question."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class GoldQuestion:
    """One golden question: the text, its kind, and what a correct hit contains."""

    id: str
    q: str
    kind: str
    gold: tuple[dict[str, str], ...]


def load_golden(path: Path) -> list[GoldQuestion]:
    """Read a questions.jsonl file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(GoldQuestion(row["id"], row["q"], row["kind"], tuple(row["gold"])))
    return out


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def hit_matches(hit: dict[str, Any], gold: dict[str, str]) -> bool:
    """Return True when a hit is the page (or committee) the gold names and contains its text, whatever its
    case and however its lines are broken."""
    if gold.get("url") and (hit.get("url") or "").rstrip("/") != gold["url"].rstrip("/"):
        return False
    if not gold.get("url") and gold.get("committee") and hit.get("committee") != gold["committee"]:
        return False
    haystack = " ".join(str(hit.get(k) or "") for k in ("title", "text", "summary"))
    return _normalised(gold["contains"]) in _normalised(haystack)


def rank_of_first_correct(hits: list[dict[str, Any]], question: GoldQuestion) -> int | None:
    """Return the 1-based rank of the first correct hit, 0 for a correct empty answer, or None."""
    if not question.gold:
        return 0 if not hits else None
    for rank, hit in enumerate(hits, start=1):
        if any(hit_matches(hit, gold) for gold in question.gold):
            return rank
    return None


def evaluate(
    questions: Iterable[GoldQuestion], ask: Callable[[str], list[dict[str, Any]]]
) -> tuple[dict[str, dict[str, float]], list[tuple[GoldQuestion, int | None]]]:
    """Ask every question and return hit@1 / hit@3 per kind (and 'all'), with each rank."""
    ranks: list[tuple[GoldQuestion, int | None]] = []
    by_kind: dict[str, list[int | None]] = defaultdict(list)
    for question in questions:
        rank = rank_of_first_correct(ask(question.q), question)
        ranks.append((question, rank))
        by_kind[question.kind].append(rank)
        by_kind["all"].append(rank)
    table = {
        kind: {
            "n": len(values),
            "hit@1": sum(1 for r in values if r is not None and r <= 1) / len(values),
            "hit@3": sum(1 for r in values if r is not None and r <= 3) / len(values),
        }
        for kind, values in by_kind.items()
    }
    return table, ranks
