"""Build an answer: understand the question, search, and pick a summary sentence per hit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from rapidfuzz import fuzz, process

from knowledge import texts
from knowledge.conversation import glossary_entry, small_talk_kind
from knowledge.language.background import is_cut_word, zipf
from knowledge.language.periods import describe_period
from knowledge.language.question import MAX_QUESTION_CHARS, Question, parse_question
from knowledge.language.text import cut_at_word, fold, index_terms, sentences, unmarked, words
from knowledge.pages.casenumbers import find_case_numbers
from knowledge.pages.facts import COUNT_RE
from knowledge.search.engine import Hit, SearchEngine, TermGroup
from knowledge.store import StoredItem
from knowledge.store.overview import list_committees

SUMMARY_LIMIT = 300
_READ_AS = 0.8  # a sentence saying what a question word was read as, against 1 for the word itself
_DECISION_SENTENCE = re.compile(r"beslut|föreslås|föreslår|besluta|godkänn|fastställ|ska |tilldel|yrkar", re.I)
_AMOUNT_SENTENCE = re.compile(r"\d[\d  ,]*\s*(?:miljoner|miljarder|mnkr|mkr|kronor|kr\b|tkr)", re.I)
_DATE_SENTENCE = re.compile(r"\d{4}-\d{2}-\d{2}|\b\d{1,2} (?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)", re.I)


@dataclass(frozen=True)
class AnswerHit:
    """One item in an answer, ready to render."""

    item_id: int
    url: str | None
    organisation: str | None
    committee: str | None
    committee_name: str | None
    meeting_date: str | None
    number: int | None
    paragraph: int | None
    title: str
    summary: str
    case_numbers: tuple[str, ...]
    text: str
    score: float
    why: tuple[str, ...]
    kind: str
    parent_id: int | None = None
    parent_title: str | None = None
    confidence: float = 1.0  # share of the question's weight the item matches, 0–1


@dataclass(frozen=True)
class MeetingLink:
    """A meeting a question asked for, or of the committee and period it named when none of their items answers."""

    committee_name: str
    meeting_date: str
    url: str | None
    organisation: str | None = None


@dataclass(frozen=True)
class Answer:
    """What namndbot replies to one question."""

    question: str
    interpretation: Question
    hits: tuple[AnswerHit, ...]
    notice: str | None = None
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    small_talk: str | None = None  # greeting | thanks | who | committees | empty | no_topic | meaning: without a search
    committee_names: tuple[str, ...] = ()  # display names of the committees the question named
    several_organisations: bool = False  # the store holds more than one organisation: cards name theirs
    # When no hit is confident: up to three partial matches, each with what matched in `why`.
    related: tuple[AnswerHit, ...] = field(default_factory=tuple)
    # None of the hits is of the period asked for: they are what the store holds of the topic at other times
    outside_period: bool = False
    # None of the hits is of the committees asked for: other committees' items on the topic
    outside_committees: bool = False
    total: int = 0  # how many items answer in all, of which the hits are the first (0: not counted)
    meetings: int = 0  # how many meetings of the period asked the items are from (0: not counted)
    # The meetings asked for ("vilka möten hade servicenämnden 2024"), or, when nothing answers, of the committee
    # and period asked for: newest first
    meeting_links: tuple[MeetingLink, ...] = ()
    meetings_listed: int = 0  # how many meetings the question asked for there are (0: they were not asked for)


_COMPLETE_END = re.compile(r"[.!?…][”\"’)\]]*$")
# Words a sentence cannot end on: a line ending on one breaks off ("… Regionservice har").
_DANGLING = frozenset(["har", "hade", "är", "var", "av", "för", "och", "om", "att", "i", "på", "med", "till", "som", "från", "vid", "den", "det", "de", "en", "ett", "eller", "samt", "under", "efter", "mot", "inom", "hos", "över", "kommer", "ska", "skall", "kan", "blir", "bli", "vill", "får", "gällande", "avseende", "enligt"])
_LIST_LEAD = re.compile(r"^\s*(?:[-•–*·]+\s*|\d{1,3}[.)]\s+)")


def finish_sentence(text: str) -> str:
    """End a sentence properly: keep its full stop, add one to a heading, "…" where the text breaks off.

    A line that ends in a colon or a filler word ("… Regionservice har") is the start of something
    the summary does not show, so it gets "…"; a heading-like line ("Budget 2024") gets a full stop.
    """
    text = " ".join(text.split()).rstrip(" ,;–-")
    if not text or _COMPLETE_END.search(text):
        return text
    last = words(text)[-1:] if words(text) else []
    if text.endswith(":") or (last and (last[0] in _DANGLING or is_cut_word(text.rsplit(None, 1)[-1]))):
        return text.rstrip(" :") + "…"  # ... or in a word the page broke off: "Formerna för upphandling och sama"
    return text + "."


def _strip_case_numbers(text: str) -> str:
    """Remove case numbers and what is left of their brackets and separators from a line."""
    for case in find_case_numbers(text):
        text = text.replace(case.raw, " ")
    text = re.sub(r"\(\s*(?:dnr\.?)?[\s,;]*\)", " ", text, flags=re.I)
    text = re.sub(r"\b(?:dnr|diarienummer)\.?(?=\s*(?:[,.;)]|$))", " ", text, flags=re.I)
    text = re.sub(r"\s+([,.;:)])", r"\1", " ".join(text.split()))
    text = re.sub(r"^[\s,;:–-]+", "", text)  # "24RS446-7, sammanställning …" starts with its words
    return re.sub(r"[\s,;:–-]+(\.?)$", r"\1", text).strip()


def entry_sentence(item: StoredItem, *, limit: int = SUMMARY_LIMIT) -> str:
    """Turn a sub-entry's line into a sentence: capital letter, full stop, no list mark or case number.

    A delegation line ("-beslutat om initiering av upphandling …, 24RS1647-1") continues the
    sentence of its list's lead-in ("Förvaltningschefen för Regionservice har"), which is put back.
    """
    text = _strip_case_numbers(_LIST_LEAD.sub("", " ".join((item.body or item.title).split())))
    if not text:
        return finish_sentence(cut_at_word(item.title, limit))
    if text[0].islower() and "›" in item.context:
        lead = _LIST_LEAD.sub("", item.context.rsplit("›", 1)[1]).strip()
        lead_words = words(lead)
        if lead and lead[0].isupper() and lead_words and lead_words[-1] in _DANGLING:
            text = f"{lead} {text}"
    text = text[0].upper() + text[1:]
    if len(text) > limit:
        return cut_at_word(text, limit)
    return finish_sentence(text)


def _plain_terms(text: str) -> set[str]:
    """The index terms of a text, a compound's parts as words of their own ("sjukvård" of "ambulanssjukvården")."""
    return {unmarked(t) for t in index_terms(text)}


def _readings(groups: Sequence[TermGroup]) -> list[tuple[set[str], list[tuple[str, bool]]]]:
    """For each question word the search used: its own terms, and the index terms it was read as (a synonym,
    a compound part, another form), each with whether it is a prefix."""
    return [(_plain_terms(g.word), [(unmarked(a.term), a.prefix) for a in g.alternatives if a.weight > 0])
            for g in groups if g.weight > 0]


def _says(terms: set[str], readings: list[tuple[str, bool]]) -> bool:
    return any(t == term or (prefix and t.startswith(term)) for term, prefix in readings for t in terms)


def summarise(item: StoredItem, question: Question, groups: Sequence[TermGroup] = ()) -> str:
    """Pick the one or two sentences of an item that answer the question, at most 300 characters.

    A sentence that says a question word counts most; one that says what the search read a word as (the
    *organisationer* of *föreningar*) counts a little less. The summary is whole sentences; only a sentence
    longer than the limit is cut, at a word, with "…".
    """
    if item.parent_id is not None:
        return entry_sentence(item)
    if not item.body:
        text = " ".join(item.title.split())
        return cut_at_word(text, SUMMARY_LIMIT) if len(text) > SUMMARY_LIMIT else finish_sentence(text)
    wanted = _plain_terms(" ".join(question.terms))
    read_as = _readings(groups)
    best, best_score = "", -1.0
    candidates = [s for s in sentences(item.body) if len(words(s)) > 1] or sentences(item.body)  # not a lone "1."
    for n, sentence in enumerate(candidates):
        terms = _plain_terms(sentence)
        score = sum(1.0 for w in wanted if any(t.startswith(w[:6]) for t in terms))
        score += sum(_READ_AS for own, readings in read_as
                     if not any(t.startswith(w[:6]) for w in own for t in terms) and _says(terms, readings))
        if "amount" in question.wants and _AMOUNT_SENTENCE.search(sentence):
            score += 2
        if "count" in question.wants and COUNT_RE.search(sentence):
            score += 2
        if ("date" in question.wants or question.intent == "contract_expiry") and _DATE_SENTENCE.search(sentence):
            score += 2
        if question.intent == "decision" and _DECISION_SENTENCE.search(sentence):
            score += 0.5
        if item.title_derived and sentence.startswith(item.title.rstrip("…")):
            score -= 0.5  # the title already says it
        if not _COMPLETE_END.search(sentence):
            score -= 0.3  # a heading or a list's lead-in says less than a sentence
        score -= n * 0.01  # earlier sentences win ties
        if score > best_score:
            best, best_score = sentence, score
    index = candidates.index(best) if best in candidates else 0
    summary = _readable(candidates, index)
    if index < len(candidates) - 1 and len(summary) < 120 and _COMPLETE_END.search(best):
        following = _readable(candidates, index + 1)
        if len(summary) + 1 + len(following) <= SUMMARY_LIMIT:
            summary = f"{summary} {following}"
    return summary if len(summary) <= SUMMARY_LIMIT else cut_at_word(summary, SUMMARY_LIMIT)


def _readable(lines: list[str], index: int) -> str:
    """Make line `index` of a text read as a sentence on its own.

    A list line ("-beslutat om …, 24RS3384-1") continues its lead-in ("Förvaltningschefen … har"),
    which is put back, and loses its list mark and case number; a lead-in goes on with its first line.
    """
    line = _LIST_LEAD.sub("", lines[index]).strip()
    if line[:1].islower():
        for earlier in reversed(lines[max(0, index - 30): index]):
            lead = _LIST_LEAD.sub("", earlier).strip()
            if lead[:1].isupper() and finish_sentence(lead).endswith("…"):
                line = f"{lead} {_strip_case_numbers(line)}"
                break
        else:
            line = _strip_case_numbers(line)
    elif finish_sentence(line).endswith("…") and index < len(lines) - 1:
        following = _LIST_LEAD.sub("", lines[index + 1]).strip()
        if following[:1].islower():
            line = f"{line} {_strip_case_numbers(following)}"
    line = line[:1].upper() + line[1:]
    return finish_sentence(line) if len(line) <= SUMMARY_LIMIT else cut_at_word(line, SUMMARY_LIMIT)


MEETING_LINKS = 3  # meetings offered at most when nothing answers
MEETING_SUGGESTIONS = 2  # ... of which to browse by a button
MEETING_LIST_LIMIT = 12  # meetings listed at most when they are asked for
TYPO_ZIPF = 3.0  # a word at least this common in Swedish was meant as typed: no close word is offered for it


def _meeting_links(engine: SearchEngine, question: Question, *, limit: int) -> tuple[tuple[MeetingLink, ...], int]:
    """The meetings of the committees, region and period asked about, newest first, and how many there are."""
    pages, total = engine.meeting_pages(question, limit=limit)
    links = []
    for page in pages:
        names = engine.committee_names((page.committee_slug,), page.organisation) if page.committee_slug else ()
        links.append(MeetingLink(names[0] if names else page.committee_name or "", page.meeting_date, page.url,
                                 page.organisation))
    return tuple(links), total


def _lists_meetings(question: Question) -> bool:
    """The question asks which meetings there were, not what they took up: "vilka möten hade servicenämnden 2024"."""
    period = question.period
    return (question.lists_meetings and not question.terms and question.case is None
            and not (period is not None and (period.latest or period.upcoming)))


def _no_meetings(names: Sequence[str], question: Question) -> str:
    """Say that the meetings asked for are none: "Jag hittade inga möten i Hälso- och sjukvårdsnämnd under 2025."."""
    line = texts.NOTHING_MEETINGS
    if names:
        line += texts.NOTHING_SCOPE_IN.format(scope=" och ".join(names))
    if question.period is not None:
        line += texts.NOTHING_DURING.format(scope=describe_period(question.period))
    return line + "."


def _names_a_meeting(question: Question) -> bool:
    """The question names a committee and a period of its own: its meetings are where to read when nothing answers."""
    period = question.period
    return bool(question.committees) and period is not None and not (period.latest or period.upcoming)


def _suggestions(engine: SearchEngine, groups: list[TermGroup], question: Question,
                 meetings: Sequence[MeetingLink] = ()) -> tuple[str, ...]:
    """Offer what relates to the question: the meetings it named, close words that occur in the store for a word
    that is none of general Swedish (a typo, not "kommit"), the committee's latest meeting.

    Only words and display names a user can type are offered, never slugs; with nothing related,
    the example questions.
    """
    out = [f"{m.committee_name} {m.meeting_date}".strip() for m in meetings[:MEETING_SUGGESTIONS]]
    pool = engine.title_words
    asked = {g.word for g in groups}
    for group in groups:
        if len(group.word) >= 4 and zipf(group.word) < TYPO_ZIPF:
            for word, _, _ in process.extract(group.word, pool, scorer=fuzz.ratio, limit=2, score_cutoff=75):
                if word not in out and word not in asked:
                    out.append(word)
    for name in engine.committee_names(question.committees, question.organisation)[:1]:
        out.append(texts.SUGGEST_LATEST.format(committee=name.lower() if name.islower() else name))
    if not out:
        out.extend(texts.EXAMPLE_QUESTIONS[:2])
    return tuple(out[:3])


def answer_question(engine: SearchEngine, text: str, *, now: date, limit: int = 5) -> Answer:
    """Answer one question in Swedish: the best matching items with summaries, or suggestions."""
    # "vad är ett delegationsbeslut": what the word means, then the items that have one
    meaning, searched = glossary_entry(text or "") or (None, text or "")
    question = parse_question(searched, now=now, catalog=engine.catalog)
    notice = texts.TRUNCATED.format(limit=MAX_QUESTION_CHARS) if question.truncated else None
    notices = [n for n in (notice, meaning) if n]
    talk = None if meaning else small_talk_kind(text or "")
    if talk == "committees":
        return Answer(text, question, (), _committee_list(engine), small_talk=talk)
    if talk is not None:
        return Answer(text, question, (), notice, small_talk=talk)
    if not (question.terms or question.case or question.committees or question.period or question.organisation
            or question.intent == "latest"):
        return Answer(text, question, (), "\n".join(notices) or None, small_talk="meaning" if meaning else "no_topic")
    result = engine.find(question, now=now, limit=limit)
    if result.period is not None and question.period is not None:
        # nothing in the month asked for this year: the answer is the same month of an earlier year, and says so
        asked, found = (replace(p, latest=False) for p in (question.period, result.period))
        notices.append(texts.EARLIER_PERIOD.format(asked=describe_period(asked), found=describe_period(found)))
        question = replace(question, period=result.period)
    period = question.period
    outside = False
    if result.hits and period is not None and not (period.latest or period.upcoming) and question.case is None:
        outside = not any(h.in_period for h in result.hits)  # what the store holds of the topic at other times
        if outside:
            notices.append(texts.OUTSIDE_PERIOD.format(asked=describe_period(period)))
    answer_hits = build_hits(engine, result.hits, question, result.groups)
    names = distinct_names(engine.committee_names(question.committees, question.organisation))
    # a committee that is the subject, not the meeting ("vem är ordförande i servicenämnden"), may be answered by
    # others' items: the answer says so, and its header names no committee its items are not from
    elsewhere = bool(answer_hits) and bool(names) and question.case is None and not any(
        h.committee in question.committees for h in answer_hits)
    if elsewhere:
        notices.append(texts.OUTSIDE_COMMITTEES.format(asked=" och ".join(names)))
    related = build_hits(engine, result.related, question, result.groups) if not answer_hits else []
    meetings: tuple[MeetingLink, ...] = ()
    listed = 0
    if _lists_meetings(question):
        meetings, listed = _meeting_links(engine, question, limit=MEETING_LIST_LIMIT)
        if not listed and answer_hits:  # the items that answer are of other times, or speak of this one
            notices.append(_no_meetings(names, question))
    elif not (answer_hits or related) and _names_a_meeting(question):
        meetings, _ = _meeting_links(engine, question, limit=MEETING_LINKS)
    notice = "\n".join(notices) or None
    suggestions = () if answer_hits or related else _suggestions(engine, result.groups, question, meetings)
    return Answer(text, question, tuple(answer_hits), notice, suggestions, committee_names=names,
                  several_organisations=len(engine.catalog.organisations) > 1, related=tuple(related),
                  outside_period=outside, outside_committees=elsewhere, total=result.total if answer_hits else 0,
                  meetings=result.meetings if answer_hits else 0, meeting_links=meetings, meetings_listed=listed)


COMMITTEE_LIST_LIMIT = 30


def _committee_list(engine: SearchEngine) -> str:
    """The committees of the store with their latest meetings, latest first: "• Servicenämnd – Region Örebro län
    (2024-05-07)"."""
    committees = list_committees(engine.store)
    if not committees:
        return texts.COMMITTEES_EMPTY
    lines = [texts.COMMITTEE_LINE.format(name=c.name, organisation=c.organisation or "",
                                         date=c.latest_meeting or texts.NO_DATE)
             for c in committees[:COMMITTEE_LIST_LIMIT]]
    if len(committees) > COMMITTEE_LIST_LIMIT:  # a chat message has room for so many
        lines.append(texts.COMMITTEES_MORE.format(n=len(committees) - COMMITTEE_LIST_LIMIT))
    return "\n".join([texts.COMMITTEES_LIST, *lines])


def distinct_names(names: Sequence[str]) -> tuple[str, ...]:
    """The committees' names, each once: "Hälso- och sjukvårdsnämnd" and "…nämnden" of two regions are one name."""
    out: list[str] = []
    for name in names:
        if not any(fold(name).startswith(fold(n)) or fold(n).startswith(fold(name)) for n in out):
            out.append(name)
    return tuple(out)


def build_hits(engine: SearchEngine, hits: list[Hit], question: Question,
               groups: Sequence[TermGroup] = ()) -> list[AnswerHit]:
    """Turn ranked hits into answer entries with summaries and case numbers."""
    store = engine.store
    items = store.get_items([h.item_id for h in hits])
    cases = store.case_numbers([i.id for i in items])
    by_id = {h.item_id: h for h in hits}
    return [
        AnswerHit(
            item_id=item.id, url=item.url, organisation=item.organisation, committee=item.committee_slug,
            committee_name=item.committee_name, meeting_date=item.meeting_date, number=item.number,
            paragraph=item.paragraph, title=item.title, summary=summarise(item, question, groups),
            case_numbers=tuple(cases.get(item.id, ())), text=item.text, score=by_id[item.id].score,
            why=tuple(by_id[item.id].why), kind=item.kind, parent_id=item.parent_id, parent_title=item.parent_title,
            confidence=by_id[item.id].confidence,
        )
        for item in items
    ]
