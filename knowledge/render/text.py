"""Plain text for the terminal: answers, hits, stored items, ingest reports and digests."""

from __future__ import annotations

import html
import re

from knowledge import texts
from knowledge.pages.ingest import IngestReport
from knowledge.render.cards import (
    build_card,
    build_cards,
    card_text,
    header_line,
    meeting_links_lines,
    nothing_found_line,
    small_talk_text,
)
from knowledge.search.answer import Answer, AnswerHit
from knowledge.store import Store, StoredItem


def render_hit_text(hit: AnswerHit, n: int | None = None, *, show_organisation: bool = False) -> str:
    """Render one hit as a plain-text card."""
    return card_text(build_card(hit, n, show_organisation=show_organisation))


def render_answer_text(answer: Answer) -> str:
    """Render an answer for a terminal: what was understood, then numbered cards."""
    lines = [answer.notice] if answer.notice else []
    if answer.small_talk:
        reply, examples = small_talk_text(answer)
        return "\n".join([*lines, reply, *(f"  {example}" for example in examples)])
    if not answer.hits and answer.related:
        lines.append(f"{nothing_found_line(answer, mark=False)} {texts.NO_SURE_ANSWER}")
        return "\n\n".join(["\n".join(lines), *(
            f"{card_text(build_card(hit, n, show_organisation=answer.several_organisations))}\n"
            f"   {texts.MATCHED}: {', '.join(hit.why)}" for n, hit in enumerate(answer.related, start=1))])
    if not answer.hits:
        lines.append(nothing_found_line(answer, mark=False))
        lines.extend(meeting_links_lines(answer, html_links=False))
        if answer.suggestions:
            lines.append(f"{texts.TRY} {', '.join(answer.suggestions)}")
        return "\n".join(lines)
    if answer.meetings_listed:  # "vilka möten hade servicenämnden 2024": the meetings, then their items
        lines.extend([*meeting_links_lines(answer, html_links=False), ""])
    lines.append(header_line(answer, mark=False))
    return "\n\n".join(["\n".join(lines), *(card_text(card) for card in build_cards(answer))])


def render_item_text(store: Store, item: StoredItem) -> str:
    """Render a stored item with its facts and sub-entries, for `namndbot show`."""
    facts = store.facts([item.id])[item.id]
    cases = store.case_numbers([item.id])[item.id]
    title_note = texts.TITLE_DERIVED_NOTE if item.title_derived else ""
    lines = [
        f"Ärende {item.id}: {item.title}{title_note}",
        f"Nämnd: {item.committee_name or item.committee_slug or '–'} ({item.organisation or texts.NO_ORGANISATION})",
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
    labels, roles = texts.FACT_LABELS, texts.DATE_ROLES
    for fact in facts:
        value = _kronor(fact.number) if fact.kind == "amount" and fact.number is not None else fact.value
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


def _kronor(number: float) -> str:
    """An amount as Swedish writes it: "-119 300 000 kr", "11,51 kr"."""
    text = f"{number:,.0f}" if number == int(number) or abs(number) >= 1000 else f"{number:,.2f}"
    return text.replace(",", " ").replace(".", ",").replace("-", "−") + " kr"


def render_ingest_report(report: IngestReport) -> str:
    """Summarise an ingest run in one line: meetings and items added, updated and unchanged."""
    return texts.INGEST_SUMMARY.format(
        added=report.count("added"), updated=report.count("updated"), unchanged=report.count("unchanged"),
        items_added=report.items_added, items_updated=report.items_updated, items_unchanged=report.items_unchanged,
    )


def html_to_plain(text: str) -> str:
    """Strip the Telegram HTML of a digest for the terminal."""
    return html.unescape(re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"\2 (\1)", re.sub(r"</?(b|i|code)>", "", text)))
