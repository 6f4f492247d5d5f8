"""Telegram HTML: hits, the reply without hits, and long texts split into messages. Everything is escaped."""

from __future__ import annotations

import html

from knowledge import texts
from knowledge.fit import fit_html
from knowledge.language.text import cut_at_word
from knowledge.render.common import describe_interpretation, where
from knowledge.search.answer import Answer, AnswerHit

TITLE_DISPLAY_LIMIT = 200  # a title longer than this is cut at a word, with "…"


def render_hit_html(hit: AnswerHit) -> str:
    """Render one hit as Telegram HTML, everything escaped."""
    e = html.escape
    lines = [f"<b>{e(cut_at_word(hit.title, TITLE_DISPLAY_LIMIT))}</b>", f"<i>{e(where(hit))}</i>"]
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


def split_for_messages(text: str, *, limit: int = 4096) -> list[str]:
    """Split Telegram HTML into messages under `limit` as Telegram counts (see knowledge.fit)."""
    return fit_html(text, limit=limit)
