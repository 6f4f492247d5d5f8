"""Telegram HTML: hits, the reply without hits, and long texts split into messages. Everything is escaped."""

from __future__ import annotations

import html

from knowledge import texts
from knowledge.render.common import describe_interpretation, where
from knowledge.search.answer import Answer, AnswerHit


def render_hit_html(hit: AnswerHit) -> str:
    """Render one hit as Telegram HTML, everything escaped."""
    e = html.escape
    lines = [f"<b>{e(hit.title)}</b>", f"<i>{e(where(hit))}</i>"]
    if hit.parent_title:
        lines.append(f"{texts.PART_OF}: {e(hit.parent_title)}")
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
    if answer.related:
        lines.append(texts.NO_SURE_ANSWER)
        for hit in answer.related:
            link = f' <a href="{e(hit.url, quote=True)}">{texts.LINK}</a>' if hit.url else ""
            lines.append(f"• <b>{e(hit.title)}</b> <i>{e(where(hit))}</i>{link}\n"
                         f"  {e(texts.MATCHED)}: {e(', '.join(hit.why))}")
        return "\n".join(lines)
    if answer.interpretation.text.strip():
        lines.append(texts.NO_HITS)
        lines.append(e(texts.UNDERSTOOD.format(what=describe_interpretation(answer.interpretation))))
    if answer.suggestions:
        lines.append(e(texts.SUGGEST.format(suggestions=", ".join(answer.suggestions))))
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
