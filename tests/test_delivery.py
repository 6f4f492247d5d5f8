"""Digest delivery under faults: concurrent runs, crashes, slow and failing Bot APIs, locks."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from telegram import Bot

from bot.digest_job import deliver_pending, run_digest
from bot.settings import Settings
from knowledge import texts
from knowledge.digest import add_subscription, interpret_subscription, plan_run, record_planned
from knowledge.fit import visible_length, visible_text
from knowledge.pages.ingest import ingest_manifest
from knowledge.search.engine import SearchEngine
from knowledge.store import Store
from knowledge.store.deliveries import DeliveryLedger
from tests.bot_harness import TOKEN, running_bot
from tests.conftest import NOW, TESTS
from tests.fake_telegram import FakeTelegram
from tests.test_bot_e2e import assert_valid_html, buttons

GOLDEN_PAGES = TESTS / "golden" / "pages"
LATER = "2025-07-07T05:00:00+00:00"
HOLD_SECONDS = 3.0  # stands for a 20 s write lock; the busy timeout (60 s) is longer than either


def fast(db: Path, **kw: object) -> Settings:
    return replace(Settings(db_path=db, token=TOKEN, send_rate_global=1000.0, send_rate_chat=1000.0),
                   **kw)  # type: ignore[arg-type]


def subscribed(store: Store, chats: list[int], text: str = "servicenämnden") -> SearchEngine:
    """Subscribe the chats, then ingest the week's new pages, so each chat has a digest to get."""
    engine = SearchEngine(store)
    kind, value, label = interpret_subscription(engine, text, now=NOW)
    for chat in chats:
        add_subscription(store, chat, kind, value, label, now="2025-07-01T00:00:00+00:00")
    assert not ingest_manifest(store, GOLDEN_PAGES / "INDEX.tsv", now="2025-07-02T00:00:00+00:00").errors
    return engine


def received(server: FakeTelegram) -> list[int]:
    return sorted(int(m["chat_id"]) for m in server.sent())


async def no_sleep(_: float) -> None:
    return None


# -- claim before send ---------------------------------------------------------------------------

@pytest.mark.parametrize("runs", [2, 5])
async def test_concurrent_runs_send_each_chat_once(server: FakeTelegram, sample_store: Store, runs: int) -> None:
    chats = list(range(1000, 1050))
    subscribed(sample_store, chats)
    server.slow("sendMessage", 0.01)  # so the runs overlap for real

    async def one_run() -> int:
        with Store(sample_store.path) as store:  # each run its own connections, as separate processes have
            async with Bot(TOKEN, base_url=server.url) as bot:
                report = await run_digest(bot, SearchEngine(store), fast(store.path), run_key="2025-W28", now=LATER,
                                          concurrency=4)
        return report.sent

    sent = await asyncio.gather(*(one_run() for _ in range(runs)))
    assert sum(sent) == 50
    assert received(server) == chats  # no chat twice
    assert set(DeliveryLedger(sample_store).states().values()) == {"sent"}


async def test_two_digest_commands_at_once_send_each_chat_once(server: FakeTelegram, sample_db: Path,
                                                                tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    db.write_bytes(sample_db.read_bytes())
    chats = list(range(2000, 2030))
    with Store(db) as store:
        subscribed(store, chats)
    server.slow("sendMessage", 0.02)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "NAMNDBOT_DB": str(db), "NAMNDBOT_SEND_RATE": "1000"}
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", "--base-url", server.url, "--now", LATER, env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE) for _ in range(2)]
    results = [await asyncio.wait_for(p.communicate(), timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1].decode() for r in results]
    assert received(server) == chats


async def test_a_run_that_died_after_claiming_is_taken_over_once_its_lease_ends(server: FakeTelegram,
                                                                               sample_store: Store) -> None:
    chats = [31, 32, 33]
    engine = subscribed(sample_store, chats)
    record_planned(sample_store, "2025-W28", plan_run(engine, "2025-W28", now=LATER), now=LATER)
    ledger = DeliveryLedger(sample_store)
    claimed_at = time.time()
    assert len(ledger.claim("a run that died", now=claimed_at, lease=600, limit=10)) == 3
    settings = fast(sample_store.path)
    async with Bot(TOKEN, base_url=server.url) as bot:
        during = await deliver_pending(bot, sample_store, settings, clock=lambda: claimed_at + 60)
        assert during.sent == 0 and received(server) == []  # the lease still holds: nobody else sends
        after = await deliver_pending(bot, sample_store, settings, clock=lambda: claimed_at + 601)
        again = await run_digest(bot, engine, settings, run_key="2025-W28", now=LATER)
    assert (after.sent, after.exit_code) == (3, 0)
    assert again.sent == 0
    assert received(server) == chats  # each once


async def test_a_part_whose_fate_is_unknown_is_not_sent_again(server: FakeTelegram, sample_store: Store) -> None:
    engine = subscribed(sample_store, [41])
    record_planned(sample_store, "w", plan_run(engine, "w", now=LATER), now=LATER)
    ledger = DeliveryLedger(sample_store)
    (delivery,) = ledger.claim("a run that died mid-request", now=time.time() - 1000, lease=60, limit=1)
    assert ledger.mark_attempt(delivery.id, "a run that died mid-request", 0)
    async with Bot(TOKEN, base_url=server.url) as bot:
        report = await deliver_pending(bot, sample_store, fast(sample_store.path))
    assert (report.sent, report.unconfirmed, report.exit_code) == (0, 1, 1)
    assert received(server) == []
    assert ledger.states() == {41: "unconfirmed"}


# -- bounded waiting -------------------------------------------------------------------------------

async def test_an_api_that_answers_after_the_timeout_gets_the_digest_once(server: FakeTelegram,
                                                                         sample_store: Store) -> None:
    engine = subscribed(sample_store, [51])
    server.slow("sendMessage", 1.0)  # accepts at once, answers after the client gave up
    settings = fast(sample_store.path)
    async with Bot(TOKEN, base_url=server.url) as bot:
        first = await run_digest(bot, engine, settings, run_key="w", now=LATER, send_timeout=0.2)
        second = await run_digest(bot, engine, settings, run_key="w", now=LATER, send_timeout=0.2)
    assert (first.unconfirmed, first.exit_code) == (1, 1)
    assert second.messages == 0
    assert received(server) == [51]  # accepted once, never repeated blindly


async def test_429_beyond_the_cap_leaves_the_chat_pending_and_exits_1(server: FakeTelegram, sample_db: Path,
                                                                      tmp_path: Path) -> None:
    db = tmp_path / "flood.db"
    db.write_bytes(sample_db.read_bytes())
    with Store(db) as store:
        subscribed(store, [61])
    server.fail("sendMessage", 429, "Too Many Requests: retry after 3600", retry_after=3600)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "NAMNDBOT_DB": str(db), "NAMNDBOT_RETRY_AFTER_CAP": "5"}
    codes, outputs = [], []
    for _ in range(2):
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "digest", "--base-url", server.url, "--now", LATER, env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=60)  # bounded: no wait of an hour
        codes.append(proc.returncode)
        outputs.append(out.decode() + err.decode())
    assert codes == [1, 0], outputs
    assert "1 väntar till nästa körning" in outputs[0] and "3600 s" in outputs[0]
    assert TOKEN not in "".join(outputs)
    assert received(server) == [61]  # the next run sent it, once


async def test_retry_after_within_the_cap_is_waited_out(server: FakeTelegram, sample_store: Store) -> None:
    engine = subscribed(sample_store, [62, 63])
    server.fail("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2, chat_id=62)
    waits: list[float] = []

    async def record_sleep(seconds: float) -> None:
        waits.append(seconds)

    async with Bot(TOKEN, base_url=server.url) as bot:
        report = await run_digest(bot, engine, fast(sample_store.path), run_key="w", now=LATER, sleep=record_sleep)
    assert 2 in waits and report.retried_after == 2
    assert (report.sent, report.exit_code) == (2, 0)
    assert received(server) == [62, 63]


async def test_5xx_on_every_call_leaves_every_chat_pending_then_the_next_run_sends(server: FakeTelegram,
                                                                                  sample_store: Store) -> None:
    chats = [71, 72, 73, 74, 75]
    engine = subscribed(sample_store, chats)
    server.fail("sendMessage", 500, "Internal Server Error", times=10**6)
    settings = fast(sample_store.path)
    async with Bot(TOKEN, base_url=server.url) as bot:
        down = await run_digest(bot, engine, settings, run_key="w", now=LATER, sleep=no_sleep)
        assert (down.sent, down.remaining, down.exit_code) == (0, 5, 1)
        assert len([c for c in server.calls if c.method == "sendMessage!500"]) <= 3 * len(chats)
        server.failures.clear()
        up = await run_digest(bot, engine, settings, run_key="w", now=LATER, sleep=no_sleep)
    assert (up.sent, up.remaining, up.exit_code) == (5, 0, 0)
    assert received(server) == chats


async def test_403_pauses_the_subscription(server: FakeTelegram, sample_store: Store) -> None:
    engine = subscribed(sample_store, [81, 82])
    server.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=81)
    async with Bot(TOKEN, base_url=server.url) as bot:
        report = await run_digest(bot, engine, fast(sample_store.path), run_key="w", now=LATER)
    assert (report.paused, report.sent, report.exit_code) == (1, 1, 0)
    paused = {r[0]: r[1] for r in sample_store.query("SELECT chat_id, paused FROM subscribers")}
    assert paused == {81: 1, 82: 0}


async def test_migration_moves_the_ledger_and_next_week_does_not_repeat(server: FakeTelegram,
                                                                         sample_store: Store) -> None:
    engine = subscribed(sample_store, [-50])
    server.fail("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to=-10050, chat_id=-50)
    settings = fast(sample_store.path)
    async with Bot(TOKEN, base_url=server.url) as bot:
        week = await run_digest(bot, engine, settings, run_key="2025-W28", now=LATER)
        next_week = await run_digest(bot, engine, settings, run_key="2025-W29", now="2025-07-14T05:00:00+00:00")
    assert (week.migrated, week.sent, next_week.planned, next_week.sent) == (1, 1, 0, 0)
    assert received(server) == [-10050]
    assert DeliveryLedger(sample_store).states() == {-10050: "sent"}
    assert [tuple(r) for r in sample_store.query("SELECT DISTINCT chat_id FROM subscriptions")] == [(-10050,)]


# -- locks ----------------------------------------------------------------------------------------------

def hold_write_lock(path: Path, seconds: float, taken: threading.Event, released: threading.Event) -> None:
    """Hold SQLite's write lock on a connection of its own, as a long ingest in another process does."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE counters SET value = value WHERE name = 'generation'")
    taken.set()
    time.sleep(seconds)
    released.set()
    conn.execute("COMMIT")
    conn.close()


async def test_bot_and_digest_work_while_a_long_write_holds_the_lock(server: FakeTelegram,
                                                                     sample_store: Store) -> None:
    engine = subscribed(sample_store, [91, 92])
    taken, released = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(sample_store.path, HOLD_SECONDS, taken, released))
    async with running_bot(server, sample_store):
        holder.start()
        await asyncio.to_thread(taken.wait)
        server.message("/om", chat_id=93, user_id=93)
        server.message("telefoni", chat_id=94, user_id=94)
        async with Bot(TOKEN, base_url=server.url) as bot:
            digest = asyncio.ensure_future(run_digest(bot, engine, fast(sample_store.path), run_key="w", now=LATER))
            about = await server.wait_for("sendMessage", chat_id=93)
            answer = await server.wait_for("sendMessage", chat_id=94)
            answered_while_locked = not released.is_set()
            report = await digest
        holder.join()
    assert answered_while_locked  # reads and replies do not wait for the writer
    assert "Om namndbot" in about[0]["text"] and "telefoni" in answer[0]["text"]
    assert (report.sent, report.exit_code) == (2, 0)  # the digest waited for the lock, then sent
    assert sorted(int(m["chat_id"]) for m in server.sent() if int(m["chat_id"]) in (91, 92)) == [91, 92]


# -- private by construction ---------------------------------------------------------------------------

async def test_forged_and_cross_chat_callbacks_get_a_toast_and_nothing_else(server: FakeTelegram,
                                                                           sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("upphandling", chat_id=100, user_id=100)
        (reply,) = await server.wait_for("sendMessage", chat_id=100)
        more = next(b["callback_data"] for b in buttons(reply) if b["text"] == texts.BUTTON_MORE)
        forged = [more, "full:²", "full:99999999999999999999", "pg:1:0", "pg:" + more[3:] + ":x", "pg",
                  "unsub:99999999999999999999", "ask:1", "dg:all:nope", "dg:x", "zzz:1", "del:maybe", "sub:x"]
        for data in forged:
            server.callback(data, chat_id=200, user_id=200)
        toasts = await server.wait_for("answerCallbackQuery", len(forged))
        server.callback(more, chat_id=100, user_id=100)  # the chat it belongs to may still use it
        (edit,) = await server.wait_for("editMessageText")
    assert [t.get("text") for t in toasts] == [texts.EXPIRED] * len(forged)
    assert server.sent(chat_id=200) == [] and server.sent("editMessageText", chat_id=200) == []
    assert "Träff 4–6" in edit["text"]


def test_stored_questions_expire_after_48_hours(store: Store) -> None:
    from datetime import UTC, datetime, timedelta

    asked = datetime(2025, 7, 1, 12, tzinfo=UTC)
    token = store.remember_query(100, "telefoni", now=asked)
    assert store.recall_query(100, token, now=asked + timedelta(hours=47)) == "telefoni"
    assert store.recall_query(200, token, now=asked) is None  # another chat
    assert store.recall_query(100, token, now=asked + timedelta(hours=49)) is None
    assert store.forget_expired_queries(now=asked + timedelta(hours=49)) == 1 and store.count_queries(100) == 0
    assert len(token) >= 16 and token != store.remember_query(100, "telefoni", now=asked)


async def test_the_token_is_masked_in_logs_and_messages(server: FakeTelegram, sample_store: Store,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    server.fail("sendMessage", 401, f"Unauthorized: {TOKEN} was rejected", chat_id=300)
    with caplog.at_level("INFO"):
        async with running_bot(server, sample_store):
            server.message("telefoni", chat_id=300, user_id=300)
            await server.wait_for("sendMessage", chat_id=300)  # the apology
            logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "Unauthorized: <token> was rejected" in logged
    assert TOKEN not in logged and TOKEN.split(":")[1] not in logged
    assert all(TOKEN not in str(c.params) for c in server.calls)


async def test_group_digest_and_list_are_for_admins(server: FakeTelegram, sample_store: Store) -> None:
    subscribed(sample_store, [-77])
    async with running_bot(server, sample_store):
        server.message("/digest", chat_id=-77, user_id=8, chat_type="group")
        await server.wait_for("sendMessage", chat_id=-77)
        server.message("/mina", chat_id=-77, user_id=8, chat_type="group")
        replies = await server.wait_for("sendMessage", 2, chat_id=-77)
    assert [r["text"] for r in replies] == [texts.SUB_ADMIN_ONLY] * 2


async def test_digest_buttons_show_all_with_why_only_to_their_chat(server: FakeTelegram,
                                                                   sample_store: Store) -> None:
    engine = subscribed(sample_store, [100], "upphandling")
    async with Bot(TOKEN, base_url=server.url) as bot:
        await run_digest(bot, engine, fast(sample_store.path), run_key="w", now=LATER)
    (digest,) = server.sent(chat_id=100)
    labels = [b["text"] for b in buttons(digest)]
    assert labels == [texts.BUTTON_DIGEST_ALL, texts.BUTTON_DIGEST_EDIT, texts.BUTTON_DIGEST_PAUSE]
    show_all = buttons(digest)[0]["callback_data"]
    async with running_bot(server, sample_store):
        server.callback(show_all, chat_id=200, user_id=200)
        (toast,) = await server.wait_for("answerCallbackQuery")
        server.callback(show_all, chat_id=100, user_id=100)
        listing = (await server.wait_for("sendMessage", 2, chat_id=100))[-1]
        server.callback(buttons(digest)[2]["callback_data"], chat_id=100, user_id=100)
        await server.wait_for("answerCallbackQuery", 3)
    assert toast.get("text") == texts.EXPIRED
    assert "Alla" in listing["text"] and "upphandling" in listing["text"]
    assert f"{texts.WHY}: upphandling" in visible_text(listing["text"])
    assert_valid_html(listing["text"])
    assert sample_store.query("SELECT paused FROM subscribers WHERE chat_id = 100")[0][0] == 1


# -- robust to the API --------------------------------------------------------------------------------

async def test_a_malformed_update_is_skipped_and_the_next_answered(server: FakeTelegram,
                                                                  sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.push_raw({"update_id": server.next_update_id(), "message": {"message_id": "x", "chat": "nonsense"}})
        server.message("telefoni")
        (reply,) = await server.wait_for("sendMessage")
    assert "telefoni" in reply["text"]


async def test_a_10000_character_title_fits_and_splits_outside_tags(server: FakeTelegram,
                                                                   sample_store: Store) -> None:
    item_id = sample_store.query("SELECT id FROM items WHERE title LIKE 'Region Örebro läns avtal för telefoni%'")[0][0]
    title = "Avtal för telefoni & <växel> " + "mycket lång rubrik 😀 " * 480
    assert len(title) >= 10_000
    sample_store.conn.execute("UPDATE items SET title = ?, body = ? WHERE id = ?",
                              (title, "Kort text. " * 50 + "\n\n" + "Ännu mer text & mer. " * 400, item_id))
    async with running_bot(server, sample_store):
        server.message("telefoni")
        (reply,) = await server.wait_for("sendMessage")
        full = next(b["callback_data"] for b in buttons(reply) if b["callback_data"].startswith("full:"))
        server.callback(full)
        parts = await server.wait_for("sendMessage", 3)
        for _ in range(100):
            if "Läs mer" in parts[-1]["text"]:
                break
            await asyncio.sleep(0.05)
            parts = server.sent()
    assert visible_length(reply["text"]) <= 4096 and "…" in reply["text"]
    for part in parts:
        assert visible_length(part["text"]) <= 4096
        assert_valid_html(part["text"])


def test_fitting_counts_as_telegram_does_and_never_cuts_a_tag() -> None:
    from knowledge.fit import fit_html

    emoji = "😀" * 3000  # 6,000 UTF-16 units in 3,000 characters
    parts = fit_html(f"<b>{emoji}</b>")
    assert len(parts) == 2 and all(visible_length(p) <= 4096 for p in parts)
    for part in parts:
        assert_valid_html(part)
    assert visible_length("<b>a &amp; b</b>") == 5
    items = [f'<b><a href="https://x/{n}">Ärende {n}</a></b>\n' + "text " * 60 for n in range(40)]
    parts = fit_html("\n\n".join(items))
    assert all(visible_length(p) <= 4096 for p in parts)
    assert sum(p.count("<b>") for p in parts) == 40  # split between items only
    assert all(p.count("<a ") == p.count("</a>") for p in parts)


def test_week_header_counts_and_docs_sample_is_current() -> None:
    from tests.digest_sample import render_sample

    sample = render_sample()
    doc = (Path(__file__).parent.parent / "docs" / "digest-sample.md").read_text(encoding="utf-8")
    assert sample in doc
    assert len(sample.splitlines()) <= 40
