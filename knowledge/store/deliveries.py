"""The digest ledger: one row per (digest week, chat), claimed before it is sent.

A delivery moves pending → sending → sent. A run claims a batch atomically (one
`UPDATE … RETURNING` in a write transaction) and holds a lease on it; a lease left behind
by a run that died expires and another run takes the delivery over. Before each part goes
to Telegram the attempt is recorded, so a part whose fate is unknown (the request timed
out, the process died mid-request) is never sent again blindly: it ends as `unconfirmed`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from knowledge.store.base import StoreBase

DELIVERIES_MIGRATION = """
ALTER TABLE deliveries ADD COLUMN lease_until REAL;
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE deliveries ADD COLUMN parts_attempted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN item_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE deliveries ADD COLUMN token TEXT;
CREATE INDEX deliveries_chat ON deliveries(chat_id, status);
CREATE UNIQUE INDEX deliveries_token ON deliveries(token);
DROP TABLE queries;
CREATE TABLE queries (
    token TEXT PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX queries_chat ON queries(chat_id);
CREATE INDEX queries_created ON queries(created_at);
"""


class DeliveryState(StrEnum):
    """Where a delivery is on its way to the chat."""

    PENDING = "pending"  # planned, not yet claimed (or released for the next run)
    SENDING = "sending"  # claimed by a run until its lease ends
    SENT = "sent"  # every part accepted by Telegram
    UNCONFIRMED = "unconfirmed"  # a part may or may not have arrived; never repeated blindly
    SKIPPED = "skipped"  # the chat blocked the bot or no longer exists


@dataclass(frozen=True)
class PlannedDelivery:
    """A digest message to record for one chat."""

    chat_id: int
    upto_seq: int
    text: str
    item_ids: tuple[int, ...]
    token: str


@dataclass(frozen=True)
class Delivery:
    """One digest message (possibly in several parts) for one chat, as the ledger holds it."""

    id: int
    run_key: str
    chat_id: int
    upto_seq: int
    text: str
    state: DeliveryState
    parts_sent: int
    parts_attempted: int
    attempts: int
    item_ids: tuple[int, ...]
    token: str | None
    claimed_by: str | None = None
    error: str | None = None


def _state(value: str) -> DeliveryState:
    try:
        return DeliveryState(value)
    except ValueError:  # "failed", from before the ledger claimed
        return DeliveryState.SKIPPED


def _delivery(row: sqlite3.Row) -> Delivery:
    return Delivery(
        id=row["id"], run_key=row["run_key"], chat_id=row["chat_id"], upto_seq=row["upto_seq"], text=row["text"],
        state=_state(row["status"]),
        parts_sent=row["parts_sent"], parts_attempted=row["parts_attempted"], attempts=row["attempts"],
        item_ids=tuple(json.loads(row["item_ids"] or "[]")), token=row["token"], claimed_by=row["claimed_by"],
        error=row["error"],
    )


class DeliveryLedger:
    """Record, claim and settle digest deliveries."""

    def __init__(self, store: StoreBase) -> None:
        self.store = store

    def record_planned(self, run_key: str, planned: Sequence[PlannedDelivery], *, now: str) -> int:
        """Write planned deliveries; a (run, chat) planned twice keeps its first plan. Return how many are new."""
        with self.store.transaction() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO deliveries(run_key, chat_id, upto_seq, text, status, item_ids, token, created_at)"
                " VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT(run_key, chat_id) DO NOTHING",
                [(run_key, p.chat_id, p.upto_seq, p.text, json.dumps(list(p.item_ids)), p.token, now)
                 for p in planned],
            )
            return conn.total_changes - before

    def unsent_chats(self) -> set[int]:
        """Return the chats with a delivery still on its way (their next digest waits for it)."""
        rows = self.store.query("SELECT DISTINCT chat_id FROM deliveries WHERE status IN ('pending', 'sending')")
        return {int(r[0]) for r in rows}

    def planned_chats(self, run_key: str) -> set[int]:
        """Return the chats that already have a delivery in this run."""
        return {int(r[0]) for r in self.store.query("SELECT chat_id FROM deliveries WHERE run_key = ?", (run_key,))}

    def claim(self, owner: str, *, now: float, lease: float, limit: int,
              run_key: str | None = None) -> list[Delivery]:
        """Claim up to `limit` deliveries that are pending or whose lease has ended, atomically."""
        where = "(status = 'pending' OR (status = 'sending' AND lease_until < :now))"
        if run_key is not None:
            where += " AND run_key = :run_key"
        with self.store.transaction() as conn:
            rows = conn.execute(
                "UPDATE deliveries SET status = 'sending', claimed_by = :owner, lease_until = :until,"
                " attempts = attempts + 1"
                f" WHERE id IN (SELECT id FROM deliveries WHERE {where} ORDER BY id LIMIT :limit) RETURNING *",
                {"owner": owner, "now": now, "until": now + lease, "limit": limit, "run_key": run_key},
            ).fetchall()
        return sorted((_delivery(r) for r in rows), key=lambda d: d.id)

    def mark_attempt(self, delivery_id: int, owner: str, part: int) -> bool:
        """Record that part number `part` (0-based) is about to go; False when the claim was lost."""
        with self.store.transaction() as conn:
            return conn.execute(
                "UPDATE deliveries SET parts_attempted = max(parts_attempted, ?) WHERE id = ? AND claimed_by = ?"
                " AND status = 'sending'", (part + 1, delivery_id, owner)).rowcount > 0

    def mark_attempt_failed(self, delivery_id: int, part: int) -> None:
        """Record that part number `part` did not reach Telegram (an error answer), so it may go again."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE deliveries SET parts_attempted = min(parts_attempted, ?) WHERE id = ?",
                         (part, delivery_id))

    def mark_part_sent(self, delivery_id: int, parts_sent: int) -> None:
        """Record that the first `parts_sent` parts reached Telegram."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE deliveries SET parts_sent = max(parts_sent, ?) WHERE id = ?",
                         (parts_sent, delivery_id))

    def mark_sent(self, delivery_id: int, parts: int, *, now: str) -> None:
        """Record a delivered digest and move the chat's 'seen up to' mark, in one transaction."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE deliveries SET status = 'sent', sent_at = ?, parts_sent = max(parts_sent, ?),"
                         " lease_until = NULL, error = NULL WHERE id = ?", (now, parts, delivery_id))
            conn.execute("UPDATE subscribers SET last_seq = max(last_seq, d.upto_seq) FROM"
                         " (SELECT chat_id, upto_seq FROM deliveries WHERE id = ?) AS d"
                         " WHERE subscribers.chat_id = d.chat_id", (delivery_id,))

    def release(self, delivery_id: int, error: str) -> None:
        """Give a claimed delivery back: it stays pending for the next run."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE deliveries SET status = 'pending', claimed_by = NULL, lease_until = NULL, error = ?,"
                         " parts_attempted = parts_sent WHERE id = ? AND status = 'sending'",
                         (error[:500], delivery_id))

    def settle(self, delivery_id: int, state: DeliveryState, error: str) -> None:
        """End a delivery as unconfirmed or skipped, with the reason."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE deliveries SET status = ?, lease_until = NULL, error = ? WHERE id = ?",
                         (str(state), error[:500], delivery_id))

    def move_chat(self, delivery_id: int, chat_id: int) -> None:
        """Point one delivery at the chat id its group migrated to (when the chat itself could not move)."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE OR IGNORE deliveries SET chat_id = ? WHERE id = ?", (chat_id, delivery_id))

    def remaining(self, *, now: float, run_key: str | None = None) -> int:
        """Return how many deliveries still wait for a run: pending, or claimed by a run whose lease ended."""
        sql = ("SELECT count(*) FROM deliveries WHERE (status = 'pending' OR (status = 'sending'"
               " AND lease_until < ?))")
        params: list[object] = [now]
        if run_key is not None:
            sql += " AND run_key = ?"
            params.append(run_key)
        return int(self.store.query(sql, params)[0][0])

    def get(self, delivery_id: int) -> Delivery | None:
        """Return one delivery, or None."""
        rows = self.store.query("SELECT * FROM deliveries WHERE id = ?", (delivery_id,))
        return _delivery(rows[0]) if rows else None

    def by_token(self, chat_id: int, token: str) -> Delivery | None:
        """Return the delivery behind a digest button, when it belongs to this chat."""
        rows = self.store.query("SELECT * FROM deliveries WHERE token = ? AND chat_id = ?", (token, chat_id))
        return _delivery(rows[0]) if rows else None

    def has_sent(self, chat_id: int) -> bool:
        """Whether a chat has ever been sent a digest."""
        return bool(self.store.query("SELECT 1 FROM deliveries WHERE chat_id = ? AND status = 'sent' LIMIT 1",
                                     (chat_id,)))

    def states(self) -> dict[int, str]:
        """Return each chat's latest delivery state (for reports and tests)."""
        rows = self.store.query("SELECT chat_id, status FROM deliveries ORDER BY id")
        return {int(r[0]): str(r[1]) for r in rows}
