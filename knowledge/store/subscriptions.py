"""Subscribers and their subscriptions, and the new items a subscription matches."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.models import SubscriptionKind
from knowledge.store.base import StoreBase


class TooManySubscriptions(ValueError):
    """A chat already follows the most things it may."""


@dataclass(frozen=True)
class Subscription:
    """One thing a chat follows: a topic, a committee (one or more slugs) or a case number."""

    id: int
    chat_id: int
    kind: SubscriptionKind
    value: str
    label: str


@dataclass(frozen=True)
class Subscriber:
    """A chat that follows something."""

    chat_id: int
    active: bool
    paused: bool
    last_seq: int


@dataclass(frozen=True)
class DueSubscription:
    """A subscription of a subscriber that gets a digest now, with the subscriber's 'seen up to' mark."""

    last_seq: int
    subscription: Subscription


@dataclass(frozen=True)
class ItemKey:
    """An item's ingest sequence number, meeting date, position and title."""

    seq: int
    meeting_date: str | None
    position: int
    title: str


def _subscription(row: sqlite3.Row) -> Subscription:
    return Subscription(row["id"], row["chat_id"], SubscriptionKind(row["kind"]), row["value"], row["label"])


_NEW_ITEMS = ("FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.seq > ? AND i.seq <= ?"
              " AND i.kind != 'routine'")
_NEWEST_FIRST = " ORDER BY m.meeting_date DESC, i.position, i.id"


class SubscriptionStore:
    """Subscribers, subscriptions and everything else stored about a chat."""

    def __init__(self, store: StoreBase) -> None:
        self.store = store

    def ensure_subscriber(self, chat_id: int, *, now: str) -> None:
        """Create the subscriber row; a new subscriber starts from what is in the store now."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO subscribers(chat_id, last_seq, created_at)"
                " VALUES (?, (SELECT value FROM counters WHERE name = 'seq'), ?)"
                " ON CONFLICT(chat_id) DO UPDATE SET active = 1",
                (chat_id, now),
            )

    def add(self, chat_id: int, kind: SubscriptionKind, value: str, label: str, *, now: str,
            limit: int) -> Subscription:
        """Follow something; following the same thing twice keeps one subscription."""
        self.ensure_subscriber(chat_id, now=now)
        with self.store.transaction() as conn:
            count = conn.execute("SELECT count(*) FROM subscriptions WHERE chat_id = ?", (chat_id,)).fetchone()[0]
            exists = conn.execute("SELECT 1 FROM subscriptions WHERE chat_id = ? AND kind = ? AND value = ?",
                                  (chat_id, str(kind), value)).fetchone()
            if count >= limit and not exists:
                raise TooManySubscriptions(limit)
            conn.execute(
                "INSERT INTO subscriptions(chat_id, kind, value, label, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(chat_id, kind, value) DO NOTHING",
                (chat_id, str(kind), value, label, now),
            )
            row = conn.execute("SELECT * FROM subscriptions WHERE chat_id = ? AND kind = ? AND value = ?",
                               (chat_id, str(kind), value)).fetchone()
        return _subscription(row)

    def add_many(self, rows: Sequence[tuple[int, str, str, str]], *, now: str) -> int:
        """Follow many things at once, (chat_id, kind, value, label) each; for imports and benchmarks.

        New subscribers start from what is in the store now, as with `add`; no per-chat limit applies.
        """
        chat_ids = sorted({row[0] for row in rows})
        with self.store.transaction() as conn:
            conn.executemany(
                "INSERT INTO subscribers(chat_id, last_seq, created_at)"
                " VALUES (?, (SELECT value FROM counters WHERE name = 'seq'), ?) ON CONFLICT(chat_id) DO NOTHING",
                [(c, now) for c in chat_ids])
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO subscriptions(chat_id, kind, value, label, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(chat_id, kind, value) DO NOTHING",
                [(c, str(kind), value, label, now) for c, kind, value, label in rows])
            return conn.total_changes - before

    def of_chat(self, chat_id: int) -> list[Subscription]:
        """Return a chat's subscriptions in the order they were made."""
        rows = self.store.query("SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY id", (chat_id,))
        return [_subscription(r) for r in rows]

    def subscriber(self, chat_id: int) -> Subscriber | None:
        """Return a chat's subscriber row, or None."""
        rows = self.store.query("SELECT chat_id, active, paused, last_seq FROM subscribers WHERE chat_id = ?",
                                (chat_id,))
        if not rows:
            return None
        r = rows[0]
        return Subscriber(r["chat_id"], bool(r["active"]), bool(r["paused"]), r["last_seq"])

    def remove(self, chat_id: int, subscription_id: int) -> bool:
        """Stop one subscription of this chat; return whether it existed."""
        with self.store.transaction() as conn:
            cursor = conn.execute("DELETE FROM subscriptions WHERE chat_id = ? AND id = ?", (chat_id, subscription_id))
            return cursor.rowcount > 0

    def remove_all(self, chat_id: int) -> int:
        """Stop every subscription of this chat; return how many there were."""
        with self.store.transaction() as conn:
            return conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount

    def set_paused(self, chat_id: int, paused: bool) -> bool:
        """Pause or resume a chat's digest; return whether the chat is a subscriber."""
        with self.store.transaction() as conn:
            return conn.execute("UPDATE subscribers SET paused = ? WHERE chat_id = ?",
                                (int(paused), chat_id)).rowcount > 0

    def delete_chat(self, chat_id: int) -> None:
        """Remove everything stored about a chat: subscriber, subscriptions, deliveries, questions."""
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM deliveries WHERE chat_id = ?", (chat_id,))
            conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
            conn.execute("DELETE FROM subscribers WHERE chat_id = ?", (chat_id,))
            conn.execute("DELETE FROM queries WHERE chat_id = ?", (chat_id,))

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Move a group's subscriptions and its digest ledger to the supergroup it became."""
        if old_chat_id == new_chat_id:
            return
        with self.store.transaction() as conn:
            if conn.execute("SELECT 1 FROM subscribers WHERE chat_id = ?", (new_chat_id,)).fetchone():
                conn.execute("UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?",
                             (new_chat_id, old_chat_id))
                conn.execute("UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ?",
                             (new_chat_id, old_chat_id))
                conn.execute(
                    "UPDATE subscribers SET last_seq = max(last_seq, (SELECT last_seq FROM subscribers"
                    " WHERE chat_id = ?)) WHERE chat_id = ?", (old_chat_id, new_chat_id))
                conn.execute("DELETE FROM subscribers WHERE chat_id = ?", (old_chat_id,))
            else:  # subscriptions and deliveries follow by ON UPDATE CASCADE
                conn.execute("UPDATE subscribers SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))
            conn.execute("UPDATE queries SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id))

    def due(self, chat_ids: Sequence[int] | None = None) -> dict[int, list[DueSubscription]]:
        """Return the subscriptions of every active, unpaused subscriber (or of the chats given), by chat."""
        if chat_ids is None:
            where, params = "s.active = 1 AND s.paused = 0", []
        else:
            where, params = f"s.chat_id IN ({','.join('?' * len(chat_ids))})", [int(c) for c in chat_ids]
        rows = self.store.query(
            f"SELECT s.last_seq, sub.* FROM subscribers s JOIN subscriptions sub ON sub.chat_id = s.chat_id"
            f" WHERE {where} ORDER BY s.chat_id, sub.id", params)
        out: dict[int, list[DueSubscription]] = {}
        for r in rows:
            out.setdefault(r["chat_id"], []).append(DueSubscription(r["last_seq"], _subscription(r)))
        return out

    # -- the new items a subscription matches, newest meeting first ---------------------------

    def new_items_of_committees(self, committees: Sequence[str], *, after: int, upto: int) -> list[int]:
        """Return top-level items with seq in (after, upto] from these committees.

        Each committee is a slug, or slug@organisation for one organisation's committee.
        """
        pairs = [part.partition("@")[::2] for part in committees]
        where = " OR ".join("(m.committee_slug = ? AND (? = '' OR m.organisation = ?))" for _ in pairs)
        rows = self.store.query(f"SELECT i.id {_NEW_ITEMS} AND i.parent_id IS NULL AND ({where}){_NEWEST_FIRST}",
                                [after, upto, *(p for slug, org in pairs for p in (slug, org, org))])
        return [r[0] for r in rows]

    def new_items_with_case(self, key: str, *, after: int, upto: int) -> list[int]:
        """Return items with seq in (after, upto] that carry a case number; a list gives way to its line."""
        rows = self.store.query(
            f"SELECT DISTINCT i.id, i.parent_id, m.meeting_date, i.position {_NEW_ITEMS} AND i.id IN"
            f" (SELECT item_id FROM case_numbers WHERE key = ?){_NEWEST_FIRST}", [after, upto, key])
        parents_with_child = {r["parent_id"] for r in rows if r["parent_id"]}
        return [r["id"] for r in rows if r["id"] not in parents_with_child]

    def new_items_matching(self, expression: str, *, after: int, upto: int) -> list[int]:
        """Return the items with seq in (after, upto] that a full-text expression matches."""
        rows = self.store.query(
            "SELECT i.id FROM items_fts JOIN items i ON i.id = items_fts.rowid JOIN meetings m ON m.id = i.meeting_id"
            " WHERE items_fts MATCH ? AND i.seq > ? AND i.seq <= ? AND i.kind != 'routine'",
            [expression, after, upto])
        return [r[0] for r in rows]

    def item_keys(self, ids: Sequence[int]) -> dict[int, ItemKey]:
        """Return what ordering and filtering a digest needs of each item, without reading the items."""
        out: dict[int, ItemKey] = {}
        for start in range(0, len(ids), 30_000):
            chunk = list(ids[start:start + 30_000])
            rows = self.store.query(
                f"SELECT i.id, i.seq, m.meeting_date, i.position, i.title FROM items i JOIN meetings m"
                f" ON m.id = i.meeting_id WHERE i.id IN ({','.join('?' * len(chunk))})", chunk)
            out.update((r[0], ItemKey(r[1], r[2], r[3], r[4])) for r in rows)
        return out
