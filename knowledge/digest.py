"""Subscriptions and the weekly digest: what each subscriber gets, rendered for a phone.

"New" means ingested after the subscriber's last delivered digest (items.seq), so pages
ingested late for an old meeting are still delivered, and nothing is delivered twice.
Each item appears once even when several subscriptions matched it; topic matches are
decided (and explained) by the search engine's own scoring, as an answer's `why` is.
Sending happens elsewhere (bot/digest_job.py); this module plans, and the store's ledger
(knowledge/store/deliveries.py) records.
"""

from __future__ import annotations

import heapq
import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from knowledge import texts
from knowledge.fit import fit_html
from knowledge.language.question import Question, find_committees, parse_question
from knowledge.language.text import cut_at_word, sentences
from knowledge.models import SubscriptionKind
from knowledge.pages.casenumbers import parse_case_query
from knowledge.search.answer import summarise
from knowledge.search.engine import MIN_COVERAGE, SearchEngine, dedupe_family, fts_expression
from knowledge.store import Store, StoredItem
from knowledge.store.deliveries import DeliveryLedger, PlannedDelivery
from knowledge.store.queries import new_token
from knowledge.store.subscriptions import Subscription, SubscriptionStore, TooManySubscriptions

MAX_ITEMS = 10  # in one digest, over all subscriptions
MAX_KEPT = 50  # items kept for the "Visa alla" button
MAX_SUBSCRIPTIONS = 20
TITLE_LIMIT = 90
SUMMARY_LIMIT = 160
MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Meeting formalities never belong in a digest, whatever kind the parser gave them.
_ROUTINE_TITLE = re.compile(r"justering|justerare|mötets öppnande|sammanträdets öppnande|sammanträdet öppnas|"
                            r"upprop|dagordning|föredragningslista|val av protokolljusterare", re.I)

__all__ = ["MAX_SUBSCRIPTIONS", "Subscription", "SubscriptionError", "SubscriptionKind"]


class SubscriptionError(ValueError):
    """A subscription request that cannot be followed, with the reason in Swedish."""


@dataclass(frozen=True)
class Match:
    """An item a subscription matched, and why (in the words of an answer's `why`)."""

    item_id: int
    why: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestEntry:
    """One item of a digest, with the subscriptions (1-based marks) that matched it."""

    item: StoredItem
    marks: tuple[int, ...]
    why: tuple[str, ...]
    case_number: str | None
    summary: str


@dataclass(frozen=True)
class Digest:
    """One subscriber's digest: every new item once, newest meeting first."""

    chat_id: int
    upto_seq: int
    week: int
    subscriptions: tuple[Subscription, ...]
    entries: tuple[DigestEntry, ...] = field(default_factory=tuple)  # the ones shown
    total: int = 0  # how many new items matched in all
    item_ids: tuple[int, ...] = ()  # the first MAX_KEPT of them, for "Visa alla"

    @property
    def empty(self) -> bool:
        return not self.entries

    @property
    def shown(self) -> tuple[DigestEntry, ...]:
        return self.entries[:MAX_ITEMS]

    @property
    def count(self) -> int:
        return max(self.total, len(self.entries))

    @property
    def more(self) -> int:
        return max(0, self.count - MAX_ITEMS)


def interpret_subscription(engine: SearchEngine, text: str, *, now: date) -> tuple[SubscriptionKind, str, str]:
    """Decide what a /prenumerera argument follows: (kind, value, label)."""
    text = " ".join(text.split())[:100]
    if not text:
        raise SubscriptionError(texts.SUB_USAGE)
    catalog = engine.catalog
    case = parse_case_query(text, known_series=catalog.series)
    if case and case.key:
        return SubscriptionKind.CASE, case.key, case.raw.strip()
    committees, rest = find_committees(text, catalog)
    if committees and not parse_question(rest, now=now, catalog=catalog).terms:
        return SubscriptionKind.COMMITTEE, ",".join(sorted(committees)), text
    question = parse_question(text, now=now, catalog=catalog)
    if not question.terms:
        raise SubscriptionError(texts.SUB_NO_WORDS)
    return SubscriptionKind.TOPIC, " ".join(question.terms).lower(), text


def add_subscription(store: Store, chat_id: int, kind: SubscriptionKind | str, value: str, label: str, *,
                     now: str) -> Subscription:
    """Follow something; following the same thing twice keeps one subscription."""
    try:
        return SubscriptionStore(store).add(chat_id, SubscriptionKind(kind), value, label, now=now,
                                            limit=MAX_SUBSCRIPTIONS)
    except TooManySubscriptions:
        raise SubscriptionError(texts.SUB_TOO_MANY.format(limit=MAX_SUBSCRIPTIONS)) from None


class DigestPlanner:
    """Compute digests for many subscribers at once, each distinct subscription matched once."""

    def __init__(self, engine: SearchEngine, *, today: date) -> None:
        self.engine = engine
        self.store = engine.store
        self.subscriptions = SubscriptionStore(engine.store)
        self.today = today

    def _question(self, sub_kind: SubscriptionKind, value: str) -> Question:
        text = value if sub_kind == SubscriptionKind.TOPIC else ""
        return parse_question(text, now=self.today, catalog=self.engine.catalog)

    def matches(self, kind: SubscriptionKind | str, value: str, *, after: int, upto: int) -> list[Match]:
        """Return the items with seq in (after, upto] a subscription matches, with why."""
        kind = SubscriptionKind(kind)
        if kind == SubscriptionKind.COMMITTEE:
            slugs = value.split(",")
            ids = self.subscriptions.new_items_of_committees(slugs, after=after, upto=upto)
            names = self.engine.committee_names(slugs) or tuple(slugs)
            return [Match(i, (f"nämnd: {', '.join(names)}",)) for i in ids]
        if kind == SubscriptionKind.CASE:
            ids = self.subscriptions.new_items_with_case(value, after=after, upto=upto)
            return [Match(i, (f"diarienummer {value}",)) for i in ids]
        question = self._question(kind, value)
        groups = self.engine.term_groups(question)
        if not any(g.known for g in groups):
            return []
        expression = fts_expression(groups)
        if not expression:
            return []
        candidates = self.subscriptions.new_items_matching(expression, after=after, upto=upto)
        hits = self.engine.score_candidates(question, groups, candidates, {})
        hits = [h for h in hits if h.score >= MIN_COVERAGE]
        return [Match(h.item_id, tuple(h.why)) for h in dedupe_family(hits)]

    def plan(self, *, chat_ids: Sequence[int] | None = None, skip: set[int] | None = None) -> list[Digest]:
        """Return the digest of every active, unpaused subscriber (or of the chats given)."""
        upto = self.store.current_seq()
        due = {c: subs for c, subs in self.subscriptions.due(chat_ids).items() if c not in (skip or set())}
        floor: dict[tuple[SubscriptionKind, str], int] = {}
        for subs in due.values():
            for d in subs:
                key = (d.subscription.kind, d.subscription.value)
                floor[key] = min(floor.get(key, d.last_seq), d.last_seq)
        # each distinct subscription is matched once, from the oldest point any subscriber needs
        matches = {key: self.matches(*key, after=after, upto=upto) for key, after in floor.items()}
        needed = sorted({m.item_id for ms in matches.values() for m in ms})
        keys_of = self.subscriptions.item_keys(needed)
        routine = {i for i, k in keys_of.items() if _ROUTINE_TITLE.search(k.title)}
        seqs = {i: k.seq for i, k in keys_of.items()}
        items: dict[int, StoredItem] = {}  # read only for the items a digest shows
        cases: dict[int, list[str]] = {}
        summaries: dict[int, str] = {}
        plain = self._question(SubscriptionKind.TOPIC, "")
        week = self.today.isocalendar()[1]
        # one order for every item (newest meeting first), and each subscription's new items in it,
        # computed once per (subscription, 'seen up to' mark) however many subscribers share them
        order = sorted(keys_of, key=lambda i: (-_date_number(keys_of[i].meeting_date), keys_of[i].position, i))
        rank = {i: n for n, i in enumerate(order)}
        why_of = {key: {m.item_id: m.why for m in ms} for key, ms in matches.items()}
        fresh: dict[tuple[tuple[SubscriptionKind, str], int], tuple[list[int], frozenset[int]]] = {}

        def new_for(key: tuple[SubscriptionKind, str], last_seq: int) -> tuple[list[int], frozenset[int]]:
            if (key, last_seq) not in fresh:
                ids = sorted((m.item_id for m in matches[key] if m.item_id in rank and m.item_id not in routine
                              and seqs.get(m.item_id, 0) > last_seq), key=rank.__getitem__)
                fresh[(key, last_seq)] = (ids, frozenset(ids))
            return fresh[(key, last_seq)]

        kept_by_chat = {}
        for chat_id, subs in due.items():
            keys = [(d.subscription.kind, d.subscription.value) for d in subs]
            lists = [new_for(key, d.last_seq) for key, d in zip(keys, subs, strict=True)]
            total = len(frozenset().union(*(found for _, found in lists))) if len(lists) > 1 else len(lists[0][0])
            kept = list(_unique(heapq.merge(*(ids for ids, _ in lists), key=rank.__getitem__), MAX_KEPT))
            kept_by_chat[chat_id] = (keys, lists, total, kept)
        shown_ids = sorted({i for _, _, _, kept in kept_by_chat.values() for i in kept[:MAX_ITEMS]})
        items.update((i.id, i) for i in self.store.get_items(shown_ids))
        cases.update(self.store.case_numbers(shown_ids))
        digests = []
        for chat_id, (keys, lists, total, kept) in kept_by_chat.items():
            entries = []
            for item_id in kept[:MAX_ITEMS]:  # the rest are explained when "Visa alla" asks
                if item_id not in summaries:
                    summaries[item_id] = _one_sentence(items[item_id], plain)
                marks = tuple(n for n, (_, found) in enumerate(lists, start=1) if item_id in found)
                why = tuple(dict.fromkeys(w for n in marks for w in why_of[keys[n - 1]].get(item_id, ())))
                entries.append(DigestEntry(items[item_id], marks, why, _first(cases.get(item_id)),
                                           summaries[item_id]))
            subscriptions = tuple(d.subscription for d in due[chat_id])
            digests.append(Digest(chat_id, upto, week, subscriptions, tuple(entries), total, tuple(kept)))
        return digests


def _unique(ids: Iterable[int], limit: int) -> Iterator[int]:
    seen: set[int] = set()
    for item_id in ids:
        if item_id not in seen:
            seen.add(item_id)
            yield item_id
            if len(seen) >= limit:
                return


def _first(values: Sequence[str] | None) -> str | None:
    return values[0] if values else None


def _date_number(meeting_date: str | None) -> int:
    digits = (meeting_date or "").replace("-", "")[:8]
    return int(digits) if digits.isdigit() else 0


def _one_sentence(item: StoredItem, question: Question) -> str:
    """Return one summary sentence of an item that says more than its title, short enough for a phone."""
    title = _normalised(item.title.rstrip("…"))[:40]
    for sentence in [*sentences(summarise(item, question)), *sentences(item.body)]:
        text = sentence.lstrip("-–•* ").strip()
        if len(text) < 20 or not any(ch.isalpha() for ch in text):
            continue  # a list number, a lone date
        if title and _normalised(text).startswith(title):
            continue  # the title already says it
        return cut_at_word(text, SUMMARY_LIMIT)
    return ""


def _normalised(text: str) -> str:
    return " ".join(text.lower().lstrip("-–•* ").split())


def short_title(title: str) -> str:
    """Cap a title for display on a phone, with “…”."""
    return cut_at_word(title, TITLE_LIMIT)


def _marks(entry: DigestEntry, digest: Digest) -> str:
    return " " + "".join(MARKS[m - 1] for m in entry.marks if m <= len(MARKS)) if len(digest.subscriptions) > 1 else ""


def render_entry_html(entry: DigestEntry, *, marks: str = "", why: bool = False) -> str:
    """Render one item: bold short title with the link, "committee · date · case number", one sentence."""
    e = html.escape
    item = entry.item
    heading, summary = item.title, entry.summary
    if item.parent_id is not None and summary:  # a line of a list reads as its decision, said once
        heading, summary = summary, ""
    title = e(short_title(heading))
    if item.url:
        title = f'<a href="{e(item.url, quote=True)}">{title}</a>'
    meta = " · ".join(p for p in (item.committee_name or item.committee_slug or "", item.meeting_date or texts.NO_DATE,
                                  entry.case_number or "") if p)
    lines = [f"<b>{title}</b>{marks}", e(meta)]
    if summary and summary != item.title:
        lines.append(e(summary))
    if why and entry.why:
        lines.append(f"<i>{e(texts.WHY)}: {e(', '.join(entry.why))}</i>")
    return "\n".join(lines)


def render_digest_html(digest: Digest) -> str:
    """Render a digest for a phone: a short header, at most ten items, and how many more there are."""
    e = html.escape
    count = digest.count
    labels = [s.label for s in digest.subscriptions]
    if len(labels) > 1:
        which = " ".join(f"{MARKS[n]} {e(label)}" for n, label in enumerate(labels[: len(MARKS)]))
    else:
        which = e(labels[0]) if labels else ""
    header = texts.DIGEST_HEADER.format(
        week=digest.week, count=texts.DIGEST_COUNT_ONE if count == 1 else texts.DIGEST_COUNT.format(n=count),
        subscriptions=which)
    blocks = [header, *(render_entry_html(entry, marks=_marks(entry, digest)) for entry in digest.shown)]
    if digest.more:
        blocks.append(e(texts.DIGEST_MORE.format(n=digest.more)))
    return "\n\n".join(blocks)


def render_all_html(digest: Digest, item_ids: Sequence[int]) -> list[str]:
    """Render every item of a delivered digest, each with why it matched, as messages that fit."""
    by_id = {entry.item.id: entry for entry in digest.entries}
    entries = [by_id[i] for i in item_ids if i in by_id]
    blocks = [texts.DIGEST_ALL_HEADER.format(n=len(entries))]
    blocks += [render_entry_html(entry, marks=_marks(entry, digest), why=True) for entry in entries]
    return fit_html("\n\n".join(blocks))


def preview_html(engine: SearchEngine, kind: SubscriptionKind, value: str, label: str, *, today: date,
                 limit: int = 3) -> str | None:
    """Render what a new subscription would have brought, as digest items; None when nothing matches."""
    planner = DigestPlanner(engine, today=today)
    found = planner.matches(kind, value, after=0, upto=engine.store.current_seq())[:limit]
    if not found:
        return None
    items = {i.id: i for i in engine.store.get_items([m.item_id for m in found])}
    cases = engine.store.case_numbers(list(items))
    question = planner._question(SubscriptionKind.TOPIC, "")
    entries = [DigestEntry(items[m.item_id], (1,), m.why, _first(cases.get(m.item_id)),
                           _one_sentence(items[m.item_id], question)) for m in found if m.item_id in items]
    return "\n\n".join(render_entry_html(entry) for entry in entries)


def plan_run(engine: SearchEngine, run_key: str, *, now: str, send_empty: bool = False,
             chat_ids: Sequence[int] | None = None) -> list[tuple[Digest, PlannedDelivery]]:
    """Compute the digests of a run and their texts, for chats not yet planned in it.

    A chat whose earlier digest is still on its way is left out: that one goes first, and the
    next digest holds everything after it. Empty digests only when asked for.
    """
    ledger = DeliveryLedger(engine.store)
    skip = ledger.unsent_chats() | ledger.planned_chats(run_key)
    planner = DigestPlanner(engine, today=date.fromisoformat(now[:10]))
    planned = []
    for digest in planner.plan(chat_ids=chat_ids, skip=skip):
        if digest.empty:
            if send_empty:
                planned.append((digest, PlannedDelivery(digest.chat_id, digest.upto_seq, texts.DIGEST_NOTHING, (),
                                                        new_token())))
            continue
        item_ids = digest.item_ids or tuple(entry.item.id for entry in digest.entries)
        planned.append((digest, PlannedDelivery(digest.chat_id, digest.upto_seq, render_digest_html(digest),
                                                item_ids, new_token())))
    return planned


def record_planned(store: Store, run_key: str, planned: Sequence[tuple[Digest, PlannedDelivery]], *, now: str) -> int:
    """Write a run's planned deliveries to the ledger; return how many were new."""
    return DeliveryLedger(store).record_planned(run_key, [p for _, p in planned], now=now)


def explain_delivery(engine: SearchEngine, chat_id: int, item_ids: Sequence[int], *, today: date) -> Digest:
    """Rebuild a delivered digest's items with why each matched, for the "Visa alla" button."""
    planner = DigestPlanner(engine, today=today)
    subs = SubscriptionStore(engine.store).of_chat(chat_id)
    wanted = set(item_ids)
    items = {i.id: i for i in engine.store.get_items(list(item_ids))}
    cases = engine.store.case_numbers(list(items))
    found: dict[int, tuple[list[int], list[str]]] = {}
    seqs = [k.seq for k in planner.subscriptions.item_keys(list(wanted)).values()]
    after, upto = (min(seqs) - 1, max(seqs)) if seqs else (0, 0)
    for mark, sub in enumerate(subs, start=1):
        for m in planner.matches(sub.kind, sub.value, after=after, upto=upto):
            if m.item_id in wanted:
                marks, why = found.setdefault(m.item_id, ([], []))
                marks.append(mark)
                why.extend(w for w in m.why if w not in why)
    empty_question = planner._question(SubscriptionKind.TOPIC, "")
    entries = tuple(
        DigestEntry(items[i], tuple(found.get(i, ([], []))[0]), tuple(found.get(i, ([], []))[1]),
                    _first(cases.get(i)), _one_sentence(items[i], empty_question))
        for i in item_ids if i in items)
    return Digest(chat_id, 0, today.isocalendar()[1], tuple(subs), entries)
