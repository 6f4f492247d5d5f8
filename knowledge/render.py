"""Render answers and items as plain text, Telegram HTML or JSON. Knows nothing of ranking."""

from __future__ import annotations

import html
from typing import Any

from knowledge import texts
from knowledge.cards import (
    build_card,
    build_cards,
    card_html,
    card_text,
    header_line,
    nothing_found_line,
    small_talk_text,
)
from knowledge.language.question import Question
from knowledge.search.answer import Answer, AnswerHit
from knowledge.store import Store, StoredItem


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


def render_answer_text(answer: Answer) -> str:
    """Render an answer for a terminal: what was understood, then numbered cards."""
    lines = [answer.notice] if answer.notice else []
    if answer.small_talk:
        reply, examples = small_talk_text(answer)
        return "\n".join([*lines, reply, *(f"  {example}" for example in examples)])
    if not answer.hits:
        lines.append(nothing_found_line(answer, mark=False))
        if answer.suggestions:
            lines.append(f"{texts.TRY} {', '.join(answer.suggestions)}")
        return "\n".join(lines)
    lines.append(header_line(answer, mark=False))
    return "\n\n".join(["\n".join(lines), *(card_text(card) for card in build_cards(answer))])


def render_hit_html(hit: AnswerHit, *, number: int | None = None, show_organisation: bool = False) -> str:
    """Render one hit as a Telegram HTML card, everything escaped."""
    return card_html(build_card(hit, number, show_organisation=show_organisation))


def render_answer_html(answer: Answer, *, offset: int = 0, count: int | None = None) -> str:
    """Render a page of an answer as Telegram HTML: the header line, then the numbered cards."""
    blocks = [html.escape(answer.notice)] if answer.notice else []
    blocks.append(header_line(answer))
    blocks.extend(card_html(card) for card in build_cards(answer, offset=offset, count=count))
    return "\n\n".join(blocks)


def render_no_hits_html(answer: Answer) -> str:
    """Render the reply to small talk or a question without hits: what was searched, what to try."""
    e = html.escape
    lines = [e(answer.notice)] if answer.notice else []
    if answer.small_talk:
        reply, examples = small_talk_text(answer)
        return "\n".join([*lines, e(reply), *(f"• {e(example)}" for example in examples)])
    lines.append(nothing_found_line(answer))
    if answer.suggestions:
        lines.append(f"{texts.TRY} " + ", ".join(f"<i>{e(s)}</i>" for s in answer.suggestions))
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
        f"Punkt: {item.number or '–'}   §: {item.paragraph or '–'}   Slag: {texts.KIND_LABELS.get(item.kind, item.kind)}",
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
    """Split a long text into messages under `limit`, at paragraph (else line, else word) boundaries."""
    parts: list[str] = []
    current = ""
    for paragraph in text.split("\n\n"):
        pieces = [paragraph] if len(paragraph) <= limit else _split_long(paragraph, limit)
        for piece in pieces:
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    parts.append(current)
                current = piece
    if current:
        parts.append(current)
    return parts or [""]


def _split_long(paragraph: str, limit: int) -> list[str]:
    out: list[str] = []
    current = ""
    for word in paragraph.replace("\n", " \n ").split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                out.append(current.strip())
            current = word[:limit]
    if current.strip():
        out.append(current.strip())
    return out
