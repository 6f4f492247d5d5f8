"""Telegram HTML: hits, the reply without hits, and long texts split into messages. Everything is escaped."""

from __future__ import annotations

import html

from knowledge import texts
from knowledge.fit import fit_html
from knowledge.language.text import cut_at_word
from knowledge.render.cards import (
    build_card,
    build_cards,
    card_html,
    header_line,
    meeting_links_lines,
    nothing_found_line,
    small_talk_text,
)
from knowledge.search.answer import Answer, AnswerHit, entry_sentence
from knowledge.store import StoredItem

TITLE_DISPLAY_LIMIT = 200  # a title longer than this is cut at a word, with "…"


def render_hit_html(hit: AnswerHit, *, number: int | None = None, show_organisation: bool = False) -> str:
    """Render one hit as a Telegram HTML card, everything escaped."""
    return card_html(build_card(hit, number, show_organisation=show_organisation))


def render_answer_html(answer: Answer, *, offset: int = 0, count: int | None = None) -> str:
    """Render a page of an answer as Telegram HTML: the header line, then the numbered cards."""
    blocks = [html.escape(answer.notice)] if answer.notice else []
    if offset == 0 and answer.meetings_listed:  # "vilka möten hade servicenämnden 2024": the meetings, then their items
        blocks.append("\n".join(meeting_links_lines(answer, html_links=True)))
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
    if answer.related:
        lines.append(f"{nothing_found_line(answer)} {e(texts.NO_SURE_ANSWER)}")
        several = answer.several_organisations
        for n, hit in enumerate(answer.related, start=1):
            lines.append(card_html(build_card(hit, n, show_organisation=several)))
            lines.append(f"<i>{e(texts.MATCHED)}: {e(', '.join(hit.why))}</i>")
        return "\n".join(lines)
    lines.append(nothing_found_line(answer))
    lines.extend(meeting_links_lines(answer, html_links=True))
    if answer.suggestions:  # the suggestions are the buttons under the message
        lines.append(texts.TRY)
    return "\n".join(lines)


def split_for_messages(text: str, *, limit: int = 4096) -> list[str]:
    """Split Telegram HTML into messages under `limit` as Telegram counts (see knowledge.fit)."""
    return fit_html(text, limit=limit)


def render_full_item_html(item: StoredItem, parent: StoredItem | None = None) -> str:
    """Render an item's whole text: a sub-entry reads as its sentence, followed by the list it belongs to."""
    e = html.escape
    heading = entry_sentence(item) if item.parent_id is not None else item.title
    place = ", ".join(p for p in (item.committee_name, item.organisation, item.meeting_date or texts.NO_DATE) if p)
    lines = [f"<b>{e(cut_at_word(heading, TITLE_DISPLAY_LIMIT))}</b>", f"<i>{e(place)}</i>"]
    if parent is not None:
        lines.append(f"{texts.PART_OF}: {e(cut_at_word(parent.title, TITLE_DISPLAY_LIMIT))}")
    text = parent.text if parent is not None else item.text
    link = f'\n\n<a href="{e(item.url, quote=True)}">{texts.LINK}</a>' if item.url else ""
    return "\n".join(lines) + f"\n\n{e(text)}{link}"
