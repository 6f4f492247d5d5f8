"""JSON: the answer as `namndbot ask --json` prints it, one object per question."""

from __future__ import annotations

from typing import Any

from knowledge.language.question import Question
from knowledge.search.answer import Answer, AnswerHit


def interpretation_json(question: Question) -> dict[str, Any]:
    """Return what was understood, as the JSON answer's `interpretation`."""
    return {
        "terms": list(question.terms),
        "committee": question.committees[0] if question.committees else None,
        "committees": list(question.committees),
        "organisation": question.organisation,
        "date_from": question.period.start.isoformat() if question.period else None,
        "date_to": question.period.end.isoformat() if question.period else None,
        "case_number": question.case.raw.strip() if question.case else None,
        "intent": question.intent,
        "wants": sorted(question.wants),
        "item": question.item,
    }


def hit_json(hit: AnswerHit) -> dict[str, Any]:
    """Return one hit as the JSON answer shows it."""
    return {
        # a page ingested without its address has none: "", a string like every other url
        "item_id": hit.item_id, "url": hit.url or "", "organisation": hit.organisation, "committee": hit.committee,
        "committee_name": hit.committee_name, "meeting_date": hit.meeting_date, "number": hit.number,
        "paragraph": hit.paragraph, "title": hit.title, "summary": hit.summary,
        "case_numbers": list(hit.case_numbers), "text": hit.text, "score": hit.score, "why": list(hit.why),
        "kind": hit.kind, "parent_id": hit.parent_id, "parent_title": hit.parent_title,
        "confidence": hit.confidence,
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    """Return the whole answer as a JSON-ready dict."""
    return {
        "question": answer.question,
        "interpretation": interpretation_json(answer.interpretation),
        "hits": [hit_json(h) for h in answer.hits],
        "total": max(answer.total, len(answer.hits)),
        "notice": answer.notice,
        "suggestions": list(answer.suggestions),
        "related": [hit_json(h) for h in answer.related],
        "meetings": [{"committee_name": m.committee_name, "meeting_date": m.meeting_date, "url": m.url or ""}
                     for m in answer.meeting_links],
        "meetings_total": answer.meetings_listed or len(answer.meeting_links),
    }
