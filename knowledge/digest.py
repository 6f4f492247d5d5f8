"""Subscriptions and the weekly digest: what each subscriber gets, and the delivery ledger.

"New" means ingested after the subscriber's last delivered digest (items.seq), so pages
ingested late for an old meeting are still delivered, and nothing is delivered twice.
Sending happens elsewhere (bot/digest_job.py); this module plans and records.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from knowledge import texts
from knowledge.language.question import find_committees, parse_question
from knowledge.pages.casenumbers import parse_case_query
from knowledge.search.engine import MIN_COVERAGE, SearchEngine, dedupe_family, fts_expression
from knowledge.store import Store, StoredItem

MAX_ITEMS_PER_SUBSCRIPTION = 10
MAX_SUBSCRIPTIONS = 20


class SubscriptionError(ValueError):
    """A subscription request that cannot be followed, with the reason in Swedish."""


@dataclass(frozen=True)
class Subscription:
    """One thing a chat follows: a topic, a committee (one or more slugs) or a case number."""

    id: int
    chat_id: int
    kind: str  # topic | committee | case
    value: str
    label: str


@dataclass(frozen=True)
class DigestSection:
    """The new items of one subscription."""

    subscription: Subscription
    items: tuple[StoredItem, ...]
    total: int


@dataclass(frozen=True)
class Digest:
    """One subscriber's digest."""

    chat_id: int
    upto_seq: int
    sections: tuple[DigestSection, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not any(s.items for s in self.sections)


def interpret_subscription(engine: SearchEngine, text: str, *, now: date) -> tuple[str, str, str]:
    """Decide what a /prenumerera argument follows: (kind, value, label)."""
    text = " ".join(text.split())[:100]
    if not text:
        raise SubscriptionError(texts.SUB_USAGE)
    catalog = engine.catalog
    case = parse_case_query(text, known_series=catalog.series)
    if case and case.key:
        return "case", case.key, case.raw.strip()
    committees, rest = find_committees(text, catalog)
    if committees and not parse_question(rest, now=now, catalog=catalog).terms:
        return "committee", ",".join(sorted(committees)), text
    question = parse_question(text, now=now, catalog=catalog)
    if not question.terms:
        raise SubscriptionError(texts.SUB_NO_WORDS)
    return "topic", " ".join(question.terms).lower(), text


def ensure_subscriber(store: Store, chat_id: int, *, now: str) -> None:
    """Create the subscriber row; a new subscriber starts from what is in the store now."""
    with store.transaction() as conn:
        seq = conn.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0]
        conn.execute(
            "INSERT INTO subscribers(chat_id, last_seq, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET active = 1",
            (chat_id, seq, now),
        )


def add_subscription(store: Store, chat_id: int, kind: str, value: str, label: str, *, now: str) -> Subscription:
    """Follow something; following the same thing twice keeps one subscription."""
    ensure_subscriber(store, chat_id, now=now)
    with store.transaction() as conn:
        count = conn.execute("SELECT count(*) FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()[0]
        exists = conn.execute("SELECT 1 FROM subscriptions WHERE chat_id = ? AND kind = ? AND value = ?",
                              (chat_id, kind, value)).fetchone()
        if count >= MAX_SUBSCRIPTIONS and not exists:
            raise SubscriptionError(texts.SUB_TOO_MANY.format(limit=MAX_SUBSCRIPTIONS))
        conn.execute(
            "INSERT INTO subscriptions(chat_id, kind, value, label, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(chat_id, kind, value) DO NOTHING",
            (chat_id, kind, value, label, now),
        )
        row = conn.execute("SELECT * FROM subscriptions WHERE chat_id = ? AND kind = ? AND value = ?",
                           (chat_id, kind, value)).fetchone()
    return Subscription(row["id"], row["chat_id"], row["kind"], row["value"], row["label"])


def list_subscriptions(store: Store, chat_id: int) -> list[Subscription]:
    """Return a chat's subscriptions in the order they were made."""
    rows = store.query("SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY id", (chat_id,))
    return [Subscription(r["id"], r["chat_id"], r["kind"], r["value"], r["label"]) for r in rows]


def remove_subscription(store: Store, chat_id: int, subscription_id: int) -> bool:
    """Stop one subscription of this chat; return whether it existed."""
    with store.transaction() as conn:
        cursor = conn.execute("DELETE FROM subscriptions WHERE chat_id = ? AND id = ?", (chat_id, subscription_id))
        return cursor.rowcount > 0


def remove_all_subscriptions(store: Store, chat_id: int) -> int:
    """Stop every subscription of this chat; return how many there were."""
    with store.transaction() as conn:
        return conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount


def set_paused(store: Store, chat_id: int, paused: bool) -> bool:
    """Pause or resume a chat's digest; return whether the chat is a subscriber."""
    with store.transaction() as conn:
        return conn.execute("UPDATE subscribers SET paused = ? WHERE chat_id = ?", (int(paused), chat_id)).rowcount > 0


def delete_chat(store: Store, chat_id: int) -> None:
    """Remove everything stored about a chat: subscriber, subscriptions, deliveries."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM deliveries WHERE chat_id = ?", (chat_id,))
        conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        conn.execute("DELETE FROM subscribers WHERE chat_id = ?", (chat_id,))


def migrate_chat(store: Store, old_chat_id: int, new_chat_id: int) -> None:
    """Move a group's subscriptions to the supergroup it became."""
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM subscribers WHERE chat_id = ?", (new_chat_id,)).fetchone():
            conn.execute("UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))
            conn.execute("DELETE FROM subscribers WHERE chat_id = ?", (old_chat_id,))
        else:
            conn.execute("UPDATE subscribers SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))
        conn.execute("UPDATE deliveries SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))


def deactivate(store: Store, chat_id: int) -> None:
    """Stop sending to a chat that blocked the bot or no longer exists."""
    with store.transaction() as conn:
        conn.execute("UPDATE subscribers SET active = 0 WHERE chat_id = ?", (chat_id,))


class DigestPlanner:
    """Compute digests for many subscribers at once, each distinct subscription once."""

    def __init__(self, engine: SearchEngine, *, today: date) -> None:
        self.engine = engine
        self.store = engine.store
        self.today = today

    def matches(self, kind: str, value: str, *, after: int, upto: int) -> list[int]:
        """Return item ids with seq in (after, upto] that a subscription matches, newest meeting first."""
        store = self.store
        base = ("FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.seq > ? AND i.seq <= ?"
                " AND i.kind != 'routine'")
        order = " ORDER BY m.meeting_date DESC, i.position, i.id"
        if kind == "committee":
            # each part is a slug, or slug@organisation for one organisation's committee (chosen from buttons)
            pairs = [part.partition("@")[::2] for part in value.split(",")]
            where = " OR ".join("(m.committee_slug = ? AND (? = '' OR m.organisation = ?))" for _ in pairs)
            rows = store.query(f"SELECT i.id {base} AND i.parent_id IS NULL AND ({where}){order}",
                               [after, upto, *(p for slug, org in pairs for p in (slug, org, org))])
            return [r[0] for r in rows]
        if kind == "case":
            rows = store.query(f"SELECT DISTINCT i.id, m.meeting_date, i.position {base} AND i.id IN "
                               f"(SELECT item_id FROM case_numbers WHERE key = ?){order}", [after, upto, value])
            ids = [r[0] for r in rows]
            items = store.get_items(ids)
            parents_with_child = {i.parent_id for i in items if i.parent_id}
            return [i.id for i in items if i.id not in parents_with_child]
        question = parse_question(value, now=self.today, catalog=self.engine.catalog)
        groups = self.engine.term_groups(question)
        if not any(g.known for g in groups):
            return []
        expression = fts_expression(groups)
        if not expression:
            return []
        rows = store.query(
            "SELECT i.id FROM items_fts JOIN items i ON i.id = items_fts.rowid JOIN meetings m ON m.id = i.meeting_id"
            " WHERE items_fts MATCH ? AND i.seq > ? AND i.seq <= ? AND i.kind != 'routine'",
            [expression, after, upto],
        )
        hits = self.engine.score_candidates(question, groups, [r[0] for r in rows], {}, soft=True)
        hits = [h for h in hits if h.score >= MIN_COVERAGE]
        return [h.item_id for h in dedupe_family(hits)]

    def plan(self, *, chat_ids: list[int] | None = None) -> list[Digest]:
        """Return the digest of every active, unpaused subscriber (or of the chats given)."""
        store = self.store
        upto = store.current_seq()
        where = "s.active = 1 AND s.paused = 0" if chat_ids is None else \
            f"s.chat_id IN ({','.join(str(int(c)) for c in chat_ids)})"
        rows = store.query(
            f"SELECT s.chat_id, s.last_seq, sub.id, sub.kind, sub.value, sub.label FROM subscribers s"
            f" JOIN subscriptions sub ON sub.chat_id = s.chat_id WHERE {where} ORDER BY s.chat_id, sub.id"
        )
        by_chat: dict[int, list[tuple[int, Subscription]]] = defaultdict(list)
        floor: dict[tuple[str, str], int] = {}
        for r in rows:
            sub = Subscription(r[2], r[0], r[3], r[4], r[5])
            by_chat[r[0]].append((r[1], sub))
            key = (sub.kind, sub.value)
            floor[key] = min(floor.get(key, r[1]), r[1])
        # each distinct subscription is matched once, from the oldest point any subscriber needs
        matches = {key: self.matches(*key, after=after, upto=upto) for key, after in floor.items()}
        needed = {i for ids in matches.values() for i in ids}
        placeholders = ",".join(map(str, needed)) or "0"
        seqs = {int(r[0]): int(r[1]) for r in store.query(f"SELECT id, seq FROM items WHERE id IN ({placeholders})")}
        items = {i.id: i for i in store.get_items(list(needed))}
        digests = []
        for chat_id, subs in by_chat.items():
            sections = []
            for last_seq, sub in subs:
                ids = [i for i in matches[(sub.kind, sub.value)] if seqs.get(i, 0) > last_seq]
                sections.append(DigestSection(sub, tuple(items[i] for i in ids[:MAX_ITEMS_PER_SUBSCRIPTION]), len(ids)))
            digests.append(Digest(chat_id, upto, tuple(sections)))
        return digests


def render_section_html(section: DigestSection) -> str:
    """Render one subscription's new items for Telegram, each with why it matched."""
    e = html.escape
    sub = section.subscription
    lines = [f"<b>{e(texts.SUB_KIND_LABELS[sub.kind])}: {e(sub.label)}</b>"]
    for item in section.items:
        where = ", ".join(p for p in (item.committee_name or "", item.meeting_date or texts.NO_DATE) if p)
        link = f' – <a href="{e(item.url, quote=True)}">{texts.LINK}</a>' if item.url else ""
        lines.append(f"• {e(item.title)} ({e(where)}){link}")
        lines.append(f"  <i>{e(_why(sub, item))}</i>")
    if section.total > len(section.items):
        more = section.total - len(section.items)
        lines.append(e(texts.DIGEST_MORE.format(n=more, command=f"/sok {sub.label}")))
    return "\n".join(lines)


def render_digest_html(digest: Digest) -> str:
    """Render a digest for Telegram: a header, then the sections that have new items."""
    return "\n\n".join([texts.DIGEST_HEADER, *(render_section_html(s) for s in digest.sections if s.items)])


def _why(sub: Subscription, item: StoredItem) -> str:
    if sub.kind == "committee":
        return texts.WHY_COMMITTEE.format(name=item.committee_name or sub.label)
    if sub.kind == "case":
        return texts.WHY_CASE.format(case=sub.label)
    return texts.WHY_TOPIC.format(topic=sub.label)


@dataclass(frozen=True)
class Delivery:
    """One planned digest message (possibly in several parts) for one chat."""

    id: int
    run_key: str
    chat_id: int
    upto_seq: int
    text: str
    parts_sent: int
    attempts: int


def record_planned(store: Store, run_key: str, planned: list[tuple[Digest, str]], *, now: str) -> int:
    """Write planned deliveries to the ledger; a run planned twice keeps its first plan."""
    with store.transaction() as conn:
        before = conn.total_changes
        conn.executemany(
            "INSERT INTO deliveries(run_key, chat_id, upto_seq, text, status, created_at)"
            " VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT(run_key, chat_id) DO NOTHING",
            [(run_key, d.chat_id, d.upto_seq, text, now) for d, text in planned],
        )
        return conn.total_changes - before


def pending_deliveries(store: Store, run_key: str | None = None) -> list[Delivery]:
    """Return deliveries not yet sent (of one run, or of all runs), oldest first."""
    where = "status = 'pending'" + (" AND run_key = ?" if run_key else "")
    rows = store.query(f"SELECT * FROM deliveries WHERE {where} ORDER BY id", (run_key,) if run_key else ())
    return [Delivery(r["id"], r["run_key"], r["chat_id"], r["upto_seq"], r["text"], r["parts_sent"], r["attempts"])
            for r in rows]


def mark_part_sent(store: Store, delivery_id: int, parts_sent: int) -> None:
    """Record that the first `parts_sent` parts of a delivery reached Telegram."""
    with store.transaction() as conn:
        conn.execute("UPDATE deliveries SET parts_sent = ? WHERE id = ?", (parts_sent, delivery_id))


def mark_sent(store: Store, delivery: Delivery, *, now: str) -> None:
    """Record a delivered digest and move the subscriber's 'seen up to' mark, in one transaction."""
    with store.transaction() as conn:
        conn.execute("UPDATE deliveries SET status = 'sent', sent_at = ? WHERE id = ?", (now, delivery.id))
        conn.execute("UPDATE subscribers SET last_seq = max(last_seq, ?) WHERE chat_id = ?",
                     (delivery.upto_seq, delivery.chat_id))


def mark_failed(store: Store, delivery: Delivery, error: str, *, final: bool) -> None:
    """Count a failed attempt; a final failure leaves the delivery as failed."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE deliveries SET attempts = attempts + 1, error = ?, status = ? WHERE id = ?",
            (error[:500], "failed" if final else "pending", delivery.id),
        )


def plan_run(engine: SearchEngine, run_key: str, *, now: str, send_empty: bool = False,
             chat_ids: list[int] | None = None) -> list[tuple[Digest, str]]:
    """Compute every digest of a run and its text; empty digests only when asked for."""
    planned = []
    for digest in DigestPlanner(engine, today=date.fromisoformat(now[:10])).plan(chat_ids=chat_ids):
        if digest.empty:
            if send_empty:
                planned.append((digest, texts.DIGEST_NOTHING))
            continue
        planned.append((digest, render_digest_html(digest)))
    return planned
