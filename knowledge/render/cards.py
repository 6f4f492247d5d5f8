"""Answers as a phone shows them: one line of what was understood, then numbered cards.

The same cards serve every surface: `render` turns them into Telegram HTML or plain text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from knowledge import texts
from knowledge.language.background import in_dictionary, is_abbreviation, lemma, specificity
from knowledge.language.compounds import split_compound
from knowledge.language.periods import describe_period
from knowledge.language.question import Question
from knowledge.language.text import cut_at_word, fold
from knowledge.pages.casenumbers import find_case_numbers
from knowledge.search.answer import Answer, AnswerHit
from knowledge.search.ranking import RANKING
from knowledge.store.agenda import MeetingAgenda


@dataclass(frozen=True)
class Card:
    """One hit, ready to show: a numbered heading, where it is from, what it says, its case numbers."""

    number: int | None  # None: a card on its own (inline mode), not one of a numbered list
    heading: str
    where: str
    summary: str | None
    case_numbers: tuple[str, ...]
    url: str | None
    item_id: int


def short_organisation(name: str | None) -> str:
    """Return an organisation's short name: "Region Örebro län" → "Örebro län"."""
    return (name or "").removeprefix("Region ").strip()


def parent_label(hit: AnswerHit) -> str:
    """Name the list a sub-entry belongs to: "Delegationsbeslut", "Anmälningsärende", else its title."""
    title = hit.parent_title or ""
    lowered = title.lower()
    for marker, label in texts.PARENT_LABELS:
        if marker in lowered:
            return label
    if title.endswith("…") or len(title) > 40:  # a heading made from the list's first sentence says little
        return texts.SUB_ENTRY
    return title


PARENT_LEAD_LIMIT = 120  # a list's lead-in under one of its lines, cut at a word


def _lead_of_list(hit: AnswerHit) -> bool:
    """Whether a sub-entry's list is named only by its first sentence, which the card then shows."""
    return hit.parent_id is not None and parent_label(hit) == texts.SUB_ENTRY


def _where(hit: AnswerHit, *, show_organisation: bool) -> str:
    committee = hit.committee_name or ""
    if show_organisation and hit.organisation:
        committee = f"{committee} ({short_organisation(hit.organisation)})".strip()
    place = f"{committee} {hit.meeting_date or texts.NO_DATE}".strip()
    if hit.parent_id is not None and (label := parent_label(hit)) and label != texts.SUB_ENTRY:
        place = f"{label}, {place}"  # a list named by its lead-in shows it under the line instead
    if hit.paragraph:
        place += texts.HEADER_SEP + texts.PARAGRAPH.format(n=hit.paragraph)
    elif hit.number:
        place += texts.HEADER_SEP + texts.POINT.format(n=hit.number)
    return place


def _same_words(a: str) -> str:
    return " ".join(re.findall(r"\w+", fold(a)))


def build_card(hit: AnswerHit, number: int | None, *, show_organisation: bool) -> Card:
    """Build the card of one hit; a sub-entry's heading is its decision as a sentence, said once."""
    heading, summary = hit.title, hit.summary or None
    if hit.parent_id is not None:
        # a line of a list says what it is only with the list's lead-in: "Skogen, rapportör …" is one of the
        # reporters the committee appoints
        heading = hit.summary or hit.title
        summary = f"{texts.PART_OF}: {cut_at_word(hit.parent_title or '', PARENT_LEAD_LIMIT)}" if _lead_of_list(hit) else None
    elif summary:
        title_words, summary_words = _same_words(hit.title.rstrip("…")), _same_words(summary)
        if summary_words.startswith(title_words) or title_words.startswith(summary_words):
            heading, summary = (summary if hit.title.endswith("…") else hit.title), None
    return Card(number=number, heading=heading, where=_where(hit, show_organisation=show_organisation),
                summary=summary, case_numbers=hit.case_numbers, url=hit.url, item_id=hit.item_id)


def build_cards(answer: Answer, *, offset: int = 0, count: int | None = None) -> list[Card]:
    """Build the numbered cards of an answer's hits from `offset` (numbering continues across pages)."""
    hits = answer.hits[offset: None if count is None else offset + count]
    return [build_card(hit, n, show_organisation=answer.several_organisations)
            for n, hit in enumerate(hits, start=offset + 1)]


def _from_latest(question: Question) -> bool:
    """Whether the header says "från senaste mötet": the latest meeting asked for, with no topic."""
    return question.intent == "latest" and not question.terms


def _scope(answer: Answer, *, period: bool = True, committees: bool = True) -> list[str]:
    where, when = _where_and_when(answer, period=period, committees=committees)
    item = answer.interpretation.item
    return [*where, *when, *([item] if item else [])]


def _where_and_when(answer: Answer, *, period: bool = True, committees: bool = True) -> tuple[list[str], list[str]]:
    """The committees and region asked about, and the period."""
    question = answer.interpretation
    where = [" och ".join(answer.committee_names)] if answer.committee_names and committees else []
    if question.organisation:
        where.append(short_organisation(question.organisation))
    when = []
    if period and question.period and not (question.period.latest and _from_latest(question)):
        when.append(describe_period(question.period))  # the header already says "från senaste mötet"
    return where, when


def _as_in_running_text(word: str) -> str:
    """Return a word capitalised only as the start of a sentence as running text writes it: "Telefonin" →
    "telefonin", "Kolonialvaror" → "kolonialvaror"; a name the dictionary writes with a capital ("Anna") stays."""
    if not (word[:1].isupper() and word[1:].islower()) or in_dictionary(word):
        return word
    lower = word.lower()
    return lower if in_dictionary(lower) or in_dictionary(lemma(lower)) or split_compound(lower) else word


def _topic(question: Question, *, mark: bool) -> str | None:
    if not question.terms:
        return None
    # the words that say what about, without the chat's filler ("dom", "typ", "nåt") and short forms ("enl")
    said = [t for t in question.terms if specificity(t) >= RANKING.filler_specificity and not is_abbreviation(t)]
    if not said and (question.committees or question.period):
        return None  # only filler beside the committee or period: the meetings were browsed ("vad har RS haft")
    # each word as the question wrote it: "Anna Nordqvist", "T5", not "anna nordqvist"
    typed = {word.lower(): word for word in re.findall(r"\w+", question.text)}
    first = re.match(r"\W*(\w+)", question.text)
    if first:  # a phone writes the first letter of a message as a capital
        typed[first.group(1).lower()] = _as_in_running_text(first.group(1))
    topic = " ".join(typed.get(term, term) for term in said or question.terms)
    return f"<i>{html.escape(topic)}</i>" if mark else topic


def _case_as_found(answer: Answer) -> str:
    """Say the case number asked for the way the store writes it ("24 rs 3384" → "24RS3384")."""
    query = answer.interpretation.case
    assert query is not None
    for hit in answer.hits:
        for canonical in hit.case_numbers:
            found = find_case_numbers(canonical)
            if found and (found[0].series, found[0].year, found[0].serial) == (query.series, query.year, query.serial):
                asked_without_doc = query.doc is None and found[0].doc is not None
                if asked_without_doc and found[0].style in {"compact", "yearslash"}:
                    return canonical.rsplit("-", 1)[0]  # 24RS1647-1 was asked for as 24RS1647
                return canonical
    return query.raw.strip()


def header_line(answer: Answer, *, mark: bool = True) -> str:
    """Say what was understood and found: "3 ärenden om <i>telefoni</i> · Servicenämnd · 2024"."""
    question = answer.interpretation
    n = len(answer.hits)
    first = texts.COUNT_ONE if n == 1 else texts.COUNT_MANY.format(n=n)
    if answer.total > n:  # "5 av 23 ärenden": more answer than are shown
        first = texts.COUNT_OF.format(n=n, total=answer.total)
    if answer.meetings > 1:  # "… från 3 möten": a period of several meetings was browsed
        first += " " + texts.FROM_MEETINGS.format(n=answer.meetings)
    topic = _topic(question, mark=mark)
    if question.case is not None:
        case = _case_as_found(answer)
        first += " " + texts.HEADER_CASE.format(case=html.escape(case) if mark else case)
    elif _from_latest(question):
        # the latest meeting of each committee asked about, or of every committee when none is named
        meetings = {(h.committee, h.meeting_date) for h in answer.hits}
        first += " " + (texts.HEADER_LATEST if len(meetings) <= 1 else texts.HEADER_LATEST_MANY)
    elif question.intent == "contract_expiry":
        first += " " + texts.HEADER_CONTRACTS
    elif topic:
        first += " " + texts.HEADER_TOPIC.format(topic=topic)
    scope = [html.escape(p) if mark else p
             for p in _scope(answer, period=not answer.outside_period, committees=not answer.outside_committees)]
    return texts.HEADER_SEP.join([first, *scope])


def nothing_found_line(answer: Answer, *, mark: bool = True) -> str:
    """Say in words what was searched: "Jag hittade inget om <i>simhallar</i> i Servicenämnd under 2024."."""
    question = answer.interpretation
    topic = _topic(question, mark=mark)
    if question.case is not None:
        case = question.case.raw.strip()
        line = texts.NOTHING_CASE.format(case=html.escape(case) if mark else case)
    elif topic:
        line = texts.NOTHING_ABOUT.format(topic=topic)
    elif question.period is not None and question.period.upcoming:
        # "när möts servicenämnden nästa gång": no meeting ahead is published yet
        scope = " ".join(_scope(answer, period=False))
        line = texts.NOTHING_UPCOMING
        if scope:
            line += texts.NOTHING_UPCOMING_FOR.format(scope=html.escape(scope) if mark else scope)
        return line + "."
    elif question.item is not None:
        line = texts.NOTHING_ITEM.format(reference=question.item)
    elif question.lists_meetings and not answer.meeting_links:
        line = texts.NOTHING_MEETINGS
    else:
        line = texts.NOTHING_IN
    return line + _in_and_during(answer, mark=mark) + "."


def _in_and_during(answer: Answer, *, mark: bool) -> str:
    """Say where and when was searched: " i Servicenämnd under 2024"."""
    where, when = _where_and_when(answer)
    said = ""
    for parts, phrase in ((where, texts.NOTHING_SCOPE_IN), (when, texts.NOTHING_DURING)):
        if parts:
            said += phrase.format(scope=html.escape(" ".join(parts)) if mark else " ".join(parts))
    return said


def meeting_links_lines(answer: Answer, *, html_links: bool) -> list[str]:
    """The meetings a question asked for ("vilka möten hade servicenämnden 2024": how many, each with its page), or
    named when none of their items answers (where to read for oneself)."""
    listed = answer.meetings_listed
    links = answer.meeting_links if listed else tuple(m for m in answer.meeting_links if m.url)
    if not links:
        return []
    e = html.escape if html_links else str
    if listed:
        head = texts.MEETINGS_LISTED_ONE if listed == 1 else texts.MEETINGS_LISTED.format(n=listed)
        lines = [head + _in_and_during(answer, mark=html_links) + ":"]
    else:
        lines = [texts.MEETINGS_ASKED_MANY if len(links) > 1 else texts.MEETINGS_ASKED]
    several = len({m.organisation for m in links}) > 1  # "Regionstyrelse (Gävleborg)", "Regionstyrelsen (Jämtland …)"
    for m in links:
        name = f"{m.committee_name} ({short_organisation(m.organisation)})" if several and m.organisation else m.committee_name
        said = e(texts.MEETING_ASKED_LINE.format(committee=name, date=m.meeting_date).strip())
        if not m.url:
            lines.append(f"• {said}")
            continue
        link = f'<a href="{html.escape(m.url, quote=True)}">{texts.MEETING_LINK}</a>' if html_links else m.url
        lines.append(f"• {said}: {link}")
    if listed > len(links):
        lines.append(texts.MEETINGS_LISTED_MORE.format(n=listed - len(links)))
    return lines


HEADING_LIMIT = 200  # a title longer than this is cut at a word, with "…"


def card_html(card: Card) -> str:
    """Render a card as Telegram HTML, everything escaped."""
    e = html.escape
    number = f"{card.number}. " if card.number is not None else ""
    lines = [f"<b>{number}{e(cut_at_word(card.heading, HEADING_LIMIT))}</b>", f"<i>{e(card.where)}</i>"]
    if card.summary:
        lines.append(e(card.summary))
    if card.case_numbers:
        lines.append(f"{texts.CASE_NUMBERS} <code>{e(', '.join(card.case_numbers))}</code>")
    lines.append(f'<a href="{e(card.url, quote=True)}">{texts.LINK}</a>' if card.url else e(texts.NO_LINK))
    return "\n".join(lines)


def card_text(card: Card) -> str:
    """Render a card as plain text for a terminal."""
    number = f"{card.number}. " if card.number is not None else ""
    lines = [f"{number}{card.heading}", f"   {card.where}"]
    if card.summary:
        lines.append(f"   {card.summary}")
    if card.case_numbers:
        lines.append(f"   {texts.CASE_NUMBERS} {', '.join(card.case_numbers)}")
    lines.append(f"   {card.url or texts.NO_LINK}")
    return "\n".join(lines)


def small_talk_text(answer: Answer) -> tuple[str, tuple[str, ...]]:
    """Return the friendly reply to small talk and the two example questions it offers."""
    return texts.SMALL_TALK[answer.small_talk or "empty"], texts.EXAMPLE_QUESTIONS[:2]


def agenda_html(agenda: MeetingAgenda) -> str:
    """Render a meeting and its items in agenda order: which meeting, then one numbered line per item."""
    e = html.escape
    lines = [texts.SENASTE_HEADER.format(
        committee=e(agenda.committee_name or ""), organisation=e(agenda.organisation or ""),
        date=e(agenda.meeting_date or texts.NO_DATE))]
    for n, item in enumerate(agenda.items, start=1):
        paragraph = f" ({texts.PARAGRAPH.format(n=item.paragraph)})" if item.paragraph else ""
        lines.append(f"{item.number or n}. {e(cut_at_word(item.title, 160))}{paragraph}")
    lines.append(f'<a href="{e(agenda.url, quote=True)}">{texts.MEETING_LINK}</a>' if agenda.url else e(texts.NO_LINK))
    return "\n".join(lines)
