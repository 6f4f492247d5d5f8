"""Render answers and items as plain text, Telegram HTML or JSON. Knows nothing of ranking."""

from __future__ import annotations

import html
from typing import Any

from knowledge import texts
from knowledge.fit import fit_html
from knowledge.language.question import Question
from knowledge.language.text import cut_at_word
from knowledge.search.answer import Answer, AnswerHit
from knowledge.store import Store, StoredItem

TITLE_DISPLAY_LIMIT = 200  # a title longer than this is cut at a word, with "…"


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
    }


def hit_json(hit: AnswerHit) -> dict[str, Any]:
    """Return one hit as the JSON answer shows it."""
    return {
        "item_id": hit.item_id, "url": hit.url, "organisation": hit.organisation, "committee": hit.committee,
        "committee_name": hit.committee_name, "meeting_date": hit.meeting_date, "number": hit.number,
        "paragraph": hit.paragraph, "title": hit.title, "summary": hit.summary,
        "case_numbers": list(hit.case_numbers), "text": hit.text, "score": hit.score, "why": list(hit.why),
        "kind": hit.kind, "parent_id": hit.parent_id, "parent_title": hit.parent_title,
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    """Return the whole answer as a JSON-ready dict."""
    return {
        "question": answer.question,
        "interpretation": interpretation_json(answer.interpretation),
        "hits": [hit_json(h) for h in answer.hits],
        "notice": answer.notice,
        "suggestions": list(answer.suggestions),
    }


def _where(hit: AnswerHit) -> str:
    place = hit.committee_name or hit.committee or ""
    when = hit.meeting_date or texts.NO_DATE
    number = f"§ {hit.paragraph}" if hit.paragraph else (f"punkt {hit.number}" if hit.number else "")
    return ", ".join(p for p in (place, when, number) if p)


def render_hit_text(hit: AnswerHit, n: int) -> str:
    """Render one hit as plain text."""
    lines = [f"{n}. {hit.title}", f"   {_where(hit)}"]
    if hit.parent_title:
        lines.append(f"   {texts.PART_OF}: {hit.parent_title}")
    if hit.case_numbers:
        lines.append(f"   {texts.CASE_NUMBERS}: {', '.join(hit.case_numbers)}")
    if hit.summary and hit.summary != hit.title:
        lines.append(f"   {hit.summary}")
    lines.append(f"   {hit.url or texts.NO_LINK}")
    return "\n".join(lines)


def render_answer_text(answer: Answer) -> str:
    """Render an answer for a terminal."""
    lines = []
    if answer.notice:
        lines.append(answer.notice)
    if not answer.hits:
        if answer.interpretation.text.strip():
            lines.append(texts.NO_HITS)
            lines.append(texts.UNDERSTOOD.format(what=describe_interpretation(answer.interpretation)))
        if answer.suggestions:
            lines.append(texts.SUGGEST.format(suggestions=", ".join(answer.suggestions)))
        return "\n".join(lines)
    lines.append(texts.HITS_HEADER.format(count=len(answer.hits)))
    lines.extend(render_hit_text(hit, n) for n, hit in enumerate(answer.hits, start=1))
    return "\n\n".join([lines[0], *lines[1:]]) if len(lines) > 1 else lines[0]


def render_hit_html(hit: AnswerHit) -> str:
    """Render one hit as Telegram HTML, everything escaped."""
    e = html.escape
    lines = [f"<b>{e(cut_at_word(hit.title, TITLE_DISPLAY_LIMIT))}</b>", f"<i>{e(_where(hit))}</i>"]
    if hit.parent_title:
        lines.append(f"{texts.PART_OF}: {e(cut_at_word(hit.parent_title, TITLE_DISPLAY_LIMIT))}")
    if hit.case_numbers:
        lines.append(f"{texts.CASE_NUMBERS}: <code>{e(', '.join(hit.case_numbers))}</code>")
    if hit.summary and hit.summary != hit.title:
        lines.append(e(hit.summary))
    if hit.url:
        lines.append(f'<a href="{e(hit.url, quote=True)}">{texts.LINK}</a>')
    return "\n".join(lines)


def render_no_hits_html(answer: Answer) -> str:
    """Render the reply to a question without hits: what was understood, what to try."""
    e = html.escape
    lines = []
    if answer.notice:
        lines.append(e(answer.notice))
    if answer.interpretation.text.strip():
        lines.append(texts.NO_HITS)
        lines.append(e(texts.UNDERSTOOD.format(what=describe_interpretation(answer.interpretation))))
    if answer.suggestions:
        lines.append(e(texts.SUGGEST.format(suggestions=", ".join(answer.suggestions))))
    return "\n".join(lines)


def render_item_text(store: Store, item: StoredItem) -> str:
    """Render a stored item with its facts and sub-entries, for `namndbot show`."""
    facts = store.facts([item.id])[item.id]
    cases = store.case_numbers([item.id])[item.id]
    title_note = " (rubrik härledd ur texten)" if item.title_derived else ""
    lines = [
        f"Ärende {item.id}: {item.title}{title_note}",
        f"Nämnd: {item.committee_name or item.committee_slug or '–'} ({item.organisation or 'okänd organisation'})",
        f"Datum: {item.meeting_date or texts.NO_DATE}",
        f"Punkt: {item.number or '–'}   §: {item.paragraph or '–'}   Typ: {item.kind}",
        f"Länk: {item.url or texts.NO_LINK}",
    ]
    if item.parent_id:
        lines.append(f"Del av ärende {item.parent_id}: {item.parent_title}")
    if item.context:
        lines.append(f"Sammanhang: {item.context}")
    if cases:
        lines.append(f"Diarienummer: {', '.join(cases)}")
    labels = {"amount": "Belopp", "date": "Datum i texten", "contract": "Avtalsnummer", "reference": "Hänvisning",
              "person": "Informerar"}
    roles = {"end": "slut", "start": "start"}
    for fact in facts:
        value = f"{int(fact.number):,} kr".replace(",", " ") if fact.kind == "amount" and fact.number else fact.value
        role = f" ({roles[fact.role]})" if fact.role in roles else ""
        lines.append(f"{labels.get(fact.kind, fact.kind)}: {value}{role}")
    lines.extend(["", item.text])
    children = store.children(item.id)
    if children:
        lines.append("")
        lines.append("Delposter:")
        for child in children:
            child_cases = store.case_numbers([child.id])[child.id]
            lines.append(f"  [{child.id}] {child.body.splitlines()[0][:100]}  {', '.join(child_cases)}")
    return "\n".join(lines)


def split_for_messages(text: str, *, limit: int = 4096) -> list[str]:
    """Split Telegram HTML into messages under `limit` as Telegram counts (see knowledge.fit)."""
    return fit_html(text, limit=limit)
