"""What every surface shows alike: what was understood of a question, and where an item comes from."""

from __future__ import annotations

from knowledge import texts
from knowledge.language.question import Question
from knowledge.search.answer import AnswerHit


def describe_interpretation(question: Question) -> str:
    """Say in Swedish what was understood of a question."""
    parts = []
    if question.case:
        parts.append(f"{texts.LABEL_CASE} {question.case.raw.strip()}")
    if question.terms:
        parts.append(f"{texts.LABEL_TERMS} ”{' '.join(question.terms)}”")
    if question.committees:
        parts.append(f"{texts.LABEL_COMMITTEE} {', '.join(question.committees)}")
    if question.organisation:
        parts.append(f"{texts.LABEL_ORGANISATION} {question.organisation}")
    if question.period:
        parts.append(f"{texts.LABEL_PERIOD} {question.period.start}–{question.period.end}")
    if question.intent not in {"search", "browse", "case_lookup"}:
        parts.append(texts.INTENT_LABELS[question.intent])
    return ", ".join(parts) or "–"


def where(hit: AnswerHit) -> str:
    place = hit.committee_name or hit.committee or ""
    when = hit.meeting_date or texts.NO_DATE
    number = f"§ {hit.paragraph}" if hit.paragraph else (f"punkt {hit.number}" if hit.number else "")
    return ", ".join(p for p in (place, when, number) if p)
