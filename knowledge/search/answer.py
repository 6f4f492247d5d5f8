"""Build an answer: understand the question, search, and pick a summary sentence per hit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from knowledge import texts
from knowledge.language.question import MAX_QUESTION_CHARS, Question, parse_question
from knowledge.language.text import cut_at_word, index_terms, sentences
from knowledge.search.engine import Hit, SearchEngine, TermGroup
from knowledge.store import StoredItem

SUMMARY_LIMIT = 300
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
class Answer:
    """What namndbot replies to one question."""

    question: str
    interpretation: Question
    hits: tuple[AnswerHit, ...]
    notice: str | None = None
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    # When no hit is confident: up to three partial matches, each with what matched in `why`.
    related: tuple[AnswerHit, ...] = field(default_factory=tuple)


def summarise(item: StoredItem, question: Question) -> str:
    """Pick the one or two sentences of an item that answer the question, at most 300 characters."""
    if item.parent_id is not None or not item.body:
        return cut_at_word(item.body or item.title, SUMMARY_LIMIT)
    wanted = set(index_terms(" ".join(question.terms)))
    best, best_score = "", -1.0
    candidates = sentences(item.body)
    for n, sentence in enumerate(candidates):
        terms = set(index_terms(sentence))
        score = sum(1.0 for w in wanted if any(t.startswith(w[:6]) for t in terms))
        if "amount" in question.wants and _AMOUNT_SENTENCE.search(sentence):
            score += 2
        if ("date" in question.wants or question.intent == "contract_expiry") and _DATE_SENTENCE.search(sentence):
            score += 2
        if question.intent == "decision" and _DECISION_SENTENCE.search(sentence):
            score += 0.5
        if item.title_derived and sentence.startswith(item.title.rstrip("…")):
            score -= 0.5  # the title already says it
        score -= n * 0.01  # earlier sentences win ties
        if score > best_score:
            best, best_score = sentence, score
    summary = best
    index = candidates.index(best) if best in candidates else -1
    if 0 <= index < len(candidates) - 1 and len(summary) < 120:
        summary = f"{summary} {candidates[index + 1]}"
    return cut_at_word(summary, SUMMARY_LIMIT)


def _suggestions(engine: SearchEngine, groups: list[TermGroup]) -> tuple[str, ...]:
    """Offer close words from the store's titles, then committee names."""
    out: list[str] = []
    pool = engine.title_words
    for group in groups:
        if len(group.word) >= 4:
            for word, _, _ in process.extract(group.word, pool, scorer=fuzz.ratio, limit=2, score_cutoff=60):
                if word not in out and word != group.word:
                    out.append(word)
    for committee in engine.catalog.committees:
        if len(out) >= 3:
            break
        if committee.name.lower() not in {o.lower() for o in out}:
            out.append(committee.name)
    return tuple(out[:3])


def answer_question(engine: SearchEngine, text: str, *, now: date, limit: int = 5) -> Answer:
    """Answer one question in Swedish: the best matching items with summaries, or suggestions."""
    question = parse_question(text or "", now=now, catalog=engine.catalog)
    notice = texts.TRUNCATED.format(limit=MAX_QUESTION_CHARS) if question.truncated else None
    if not question.text.strip():
        return Answer(text, question, (), texts.EMPTY_QUESTION)
    if not (question.terms or question.case or question.committees or question.period or question.organisation
            or question.intent == "latest"):
        return Answer(text, question, (), notice or texts.NO_WORDS, _suggestions(engine, []))
    result = engine.find(question, now=now, limit=limit)
    answer_hits = build_hits(engine, result.hits, question)
    related = build_hits(engine, result.related, question) if not answer_hits else []
    suggestions = () if answer_hits or related else _suggestions(engine, result.groups)
    return Answer(text, question, tuple(answer_hits), notice, suggestions, tuple(related))


def build_hits(engine: SearchEngine, hits: list[Hit], question: Question) -> list[AnswerHit]:
    """Turn ranked hits into answer entries with summaries and case numbers."""
    store = engine.store
    items = store.get_items([h.item_id for h in hits])
    cases = store.case_numbers([i.id for i in items])
    by_id = {h.item_id: h for h in hits}
    return [
        AnswerHit(
            item_id=item.id, url=item.url, organisation=item.organisation, committee=item.committee_slug,
            committee_name=item.committee_name, meeting_date=item.meeting_date, number=item.number,
            paragraph=item.paragraph, title=item.title, summary=summarise(item, question),
            case_numbers=tuple(cases.get(item.id, ())), text=item.text, score=by_id[item.id].score,
            why=tuple(by_id[item.id].why), kind=item.kind, parent_id=item.parent_id, parent_title=item.parent_title,
            confidence=by_id[item.id].confidence,
        )
        for item in items
    ]
