"""Subscriptions and the weekly digest, delivered through the fake Bot API server."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Bot

from bot.digest_job import Pacer, next_digest_time, run_digest, run_key_for
from bot.settings import Settings
from knowledge import texts
from knowledge.digest import (
    DigestPlanner,
    add_subscription,
    interpret_subscription,
    plan_run,
    render_digest_html,
)
from knowledge.fit import visible_text
from knowledge.pages.ingest import ingest_file, ingest_manifest
from knowledge.search.engine import SearchEngine
from knowledge.store import Store
from knowledge.store.subscriptions import SubscriptionStore
from tests.bot_harness import TOKEN, running_bot
from tests.conftest import NOW, SEEDS, TESTS
from tests.fake_telegram import FakeTelegram

GOLDEN_PAGES = TESTS / "golden" / "pages"
LATER = "2025-07-07T05:00:00+00:00"


def fast_settings(db: Path, **kw: object) -> Settings:
    values = {"db_path": db, "token": TOKEN, "send_rate_global": 1000.0, "send_rate_chat": 1000.0}
    values.update(kw)
    return Settings(**values)  # type: ignore[arg-type]


def subscribe(engine: SearchEngine, chat_id: int, text: str) -> None:
    kind, value, label = interpret_subscription(engine, text, now=NOW)
    add_subscription(engine.store, chat_id, kind, value, label, now="2025-07-01T00:00:00+00:00")


def ingest_new_pages(store: Store) -> None:
    report = ingest_manifest(store, GOLDEN_PAGES / "INDEX.tsv", now="2025-07-02T00:00:00+00:00")
    assert not report.errors


def test_subscription_kinds_are_recognised(sample_store: Store) -> None:
    engine = SearchEngine(sample_store)
    assert interpret_subscription(engine, "24RS3384", now=NOW) == ("case", "RS:2024:3384", "24RS3384")
    assert interpret_subscription(engine, "servicenämnden", now=NOW)[:2] == ("committee", "servicenamnd")
    assert interpret_subscription(engine, "telefoni", now=NOW)[:2] == ("topic", "telefoni")


def test_digest_holds_each_new_item_once_with_the_subscriptions_that_matched(sample_store: Store) -> None:
    engine = SearchEngine(sample_store)
    subscribe(engine, 1, "städtjänster")
    subscribe(engine, 1, "servicenämnden")
    subscribe(engine, 2, "KKN 2024/52")
    subscribe(engine, 3, "telefoni")
    assert all(d.empty for d in DigestPlanner(engine, today=NOW).plan())  # nothing new yet
    ingest_new_pages(sample_store)
    digests = {d.chat_id: d for d in DigestPlanner(engine, today=NOW).plan()}
    one = render_digest_html(digests[1])
    shown = visible_text(one).split("\n")
    assert shown[0] == f"Veckobrev v. 27 · {len(digests[1].entries)} nya ärenden"
    assert shown[1] == "① städtjänster ② servicenämnden"
    cleaning = [n for n, line in enumerate(shown) if "upphandling av städtjänster" in line]
    assert len(cleaning) == 1  # matched by both subscriptions, shown once
    assert shown[cleaning[0]].endswith(" ①②")
    assert shown[cleaning[0] + 1] == "Servicenämnd · 2025-09-23"
    assert "löper ut den 2029-12-31" in shown[cleaning[0] + 2]
    assert '<b><a href="https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2025-09-23">' in one
    assert "Servicenämnd · 2025-09-23 · 25RS4410-1" in shown  # the case number on the line under the title
    assert "Protokollsjustering" not in one and "justerare" not in one.lower()  # routine items never appear
    cleaning_entry = next(e for e in digests[1].entries if "städtjänster" in e.item.title)
    assert any("städtjänster" in why for why in cleaning_entry.why)  # the search engine's own reasons
    assert "nämnd: Servicenämnd" in cleaning_entry.why  # the committee by its name, not its slug
    two = visible_text(render_digest_html(digests[2]))
    assert "Bollnäs Bokfestival" in two and "KKN 2024/52" in two
    assert "Gävle Symfoniorkester" not in two
    assert digests[3].empty  # nothing new about telefoni


def test_items_ingested_late_for_an_old_meeting_are_new(sample_store: Store, tmp_path: Path) -> None:
    engine = SearchEngine(sample_store)
    subscribe(engine, 7, "storköksutrustning")
    page = tmp_path / "late.txt"
    page.write_text(" • Anmälan av delegationsbeslut:\n  -beslutat om service av storköksutrustning, 19RS1-1\n",
                    encoding="utf-8")
    ingest_file(sample_store, page, committee="servicenamnd", meeting_date="2019-01-01", now=LATER)
    (digest,) = DigestPlanner(engine, today=NOW).plan()
    assert [e.item.meeting_date for e in digest.entries] == ["2019-01-01"]


def test_at_most_ten_items_in_a_digest_with_a_more_line(sample_store: Store) -> None:
    engine = SearchEngine(sample_store)
    sample_store.conn.execute("INSERT INTO subscribers(chat_id, last_seq, created_at) VALUES (9, 0, 'x')")
    add_subscription(sample_store, 9, "committee", "halso-och-sjukvardsnamnd", "HSN", now="x")
    add_subscription(sample_store, 9, "topic", "upphandling", "upphandling", now="x")
    (digest,) = DigestPlanner(engine, today=NOW).plan()
    assert len(digest.shown) == 10 and digest.more > 0
    ids = [e.item.id for e in digest.entries]
    assert len(ids) == len(set(ids))
    text = render_digest_html(digest)
    assert text.endswith(f"+ {digest.more} till")
    assert visible_text(text).count("\n\n") == 11  # header, ten items, the more line
    assert len(visible_text(text).split("\n")) <= 45


async def test_delivery_run_then_rerun_sends_nothing_new(server: FakeTelegram, sample_store: Store) -> None:
    engine = SearchEngine(sample_store)
    for chat in (11, 12, 13):
        subscribe(engine, chat, "servicenämnden")
    ingest_new_pages(sample_store)
    settings = fast_settings(sample_store.path)
    async with Bot(TOKEN, base_url=server.url) as bot:
        first = await run_digest(bot, engine, settings, run_key="2025-W28", now=LATER)
        again = await run_digest(bot, engine, settings, run_key="2025-W28", now=LATER)
        next_week = await run_digest(bot, engine, settings, run_key="2025-W29", now=LATER)
    assert (first.planned, first.sent) == (3, 3)
    assert (again.planned, again.sent, next_week.planned, next_week.sent) == (0, 0, 0, 0)
    assert sorted(int(m["chat_id"]) for m in server.sent()) == [11, 12, 13]


async def test_pacing_keeps_the_configured_rate() -> None:
    clock = {"t": 0.0}

    async def fake_sleep(seconds: float) -> None:
        clock["t"] += seconds

    pacer = Pacer(10.0, 1.0, clock=lambda: clock["t"], sleep=fake_sleep)
    for chat in range(50):
        await pacer.wait(chat)
    assert clock["t"] == pytest.approx(4.9)
    await pacer.wait(0)  # same chat again: at least a second after its last message
    assert clock["t"] >= 1.0


def test_schedule_follows_local_time_across_daylight_saving() -> None:
    settings = Settings(db_path=Path("x"))
    winter = next_digest_time(datetime(2026, 3, 20, 12, tzinfo=UTC), settings)
    summer = next_digest_time(datetime(2026, 3, 27, 12, tzinfo=UTC), settings)
    assert winter == datetime(2026, 3, 23, 6, 0, tzinfo=UTC)  # 07:00 CET
    assert summer == datetime(2026, 3, 30, 5, 0, tzinfo=UTC)  # 07:00 CEST
    autumn = next_digest_time(datetime(2026, 10, 24, 12, tzinfo=UTC), settings)
    assert autumn == datetime(2026, 10, 26, 6, 0, tzinfo=UTC)
    # Sunday 23:30 UTC is already Monday in Stockholm: a new digest week
    assert run_key_for(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), "Europe/Stockholm") == "2026-W14"
    assert run_key_for(datetime(2026, 3, 29, 21, 30, tzinfo=UTC), "Europe/Stockholm") == "2026-W13"


async def test_subscription_commands_through_telegram(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("/prenumerera telefoni")
        (confirm,) = await server.wait_for("sendMessage")
        server.message("/prenumerera")
        await server.wait_for("sendMessage", 2)
        server.message("/prenumerera 24RS3384")
        await server.wait_for("sendMessage", 3)
        server.message("/mina")
        listing = (await server.wait_for("sendMessage", 4))[-1]
        remove = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
        server.callback(remove[1]["callback_data"])
        (edited,) = await server.wait_for("editMessageText")
        server.message("/paus")
        await server.wait_for("sendMessage", 5)
        server.message("/fortsatt")
        await server.wait_for("sendMessage", 6)
    assert "ämne ”telefoni”" in confirm["text"] and "måndag kl. 07:00" in confirm["text"]
    assert texts.SUB_PREVIEW in confirm["text"] and "avtal för telefoni" in confirm["text"]
    pick = server.sent()[1]
    assert pick["text"] == texts.SUB_PICK_COMMITTEE
    assert all(b["callback_data"].startswith("sub:") for row in pick["reply_markup"]["inline_keyboard"] for b in row)
    assert "1. Ämne: telefoni" in listing["text"] and "2. Diarienummer: 24RS3384" in listing["text"]
    assert "24RS3384" not in edited["text"] and "telefoni" in edited["text"]
    assert [m["text"] for m in server.sent()[-2:]] == [texts.SUB_PAUSED, texts.SUB_RESUMED]
    assert sample_store.query("SELECT paused FROM subscribers WHERE chat_id = 100")[0][0] == 0


async def test_only_group_admins_change_group_subscriptions(server: FakeTelegram, sample_store: Store) -> None:
    server.admins.add(7)
    async with running_bot(server, sample_store):
        server.message("/prenumerera telefoni", chat_id=-77, user_id=8, chat_type="group")
        (refused,) = await server.wait_for("sendMessage", chat_id=-77)
        server.message("/prenumerera telefoni", chat_id=-77, user_id=7, chat_type="group")
        await server.wait_for("sendMessage", 2, chat_id=-77)
    assert refused["text"] == texts.SUB_ADMIN_ONLY
    assert sample_store.query("SELECT chat_id FROM subscriptions") == [(-77,)] or \
        [tuple(r) for r in sample_store.query("SELECT chat_id FROM subscriptions")] == [(-77,)]


async def test_radera_leaves_no_trace(server: FakeTelegram, sample_store: Store) -> None:
    engine = SearchEngine(sample_store)
    subscribe(engine, 100, "servicenämnden")
    ingest_new_pages(sample_store)
    async with Bot(TOKEN, base_url=server.url) as bot:
        await run_digest(bot, engine, fast_settings(sample_store.path), run_key="w", now=LATER)
    async with running_bot(server, sample_store):
        server.message("upphandling")
        await server.wait_for("sendMessage", 2)
        for _ in range(100):  # the question behind the paging buttons is stored while the reply goes out
            if sample_store.count_queries(100):
                break
            await asyncio.sleep(0.05)
        assert sample_store.count_queries(100) == 1
        server.message("/radera")
        await server.wait_for("sendMessage", 3)
        server.callback("del:yes")
        (done,) = await server.wait_for("editMessageText")
    assert done["text"] == texts.DELETED
    for table in ("subscribers", "subscriptions", "deliveries", "queries"):
        assert sample_store.query(f"SELECT count(*) FROM {table} WHERE chat_id = 100")[0][0] == 0


async def test_digest_command_sends_my_digest_now(server: FakeTelegram, sample_store: Store) -> None:
    engine = SearchEngine(sample_store)
    subscribe(engine, 100, "städtjänster")
    ingest_new_pages(sample_store)
    async with running_bot(server, sample_store):
        server.message("/digest")
        (digest,) = await server.wait_for("sendMessage")
        server.message("/digest")
        replies = await server.wait_for("sendMessage", 2)
    assert "upphandling av städtjänster" in digest["text"]
    assert replies[1]["text"] == texts.DIGEST_NOTHING


def test_cli_dry_run_prints_the_digest_after_reingesting_as_new(server: FakeTelegram, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    run = [sys.executable, "-m", "bot", "--db", db]
    subprocess.run([*run, "ingest", "--manifest", str(SEEDS / "INDEX.tsv")], check=True, capture_output=True)
    with Store(db) as store:
        subscribe(SearchEngine(store), 555, "telefoni")
    quiet = subprocess.run([*run, "digest", "--dry-run"], capture_output=True, text=True, check=True)
    assert "Inga veckobrev" in quiet.stdout
    subprocess.run([*run, "ingest", "--as-new", "--manifest", str(SEEDS / "INDEX.tsv")], check=True,
                   capture_output=True)
    out = subprocess.run([*run, "digest", "--dry-run"], capture_output=True, text=True, check=True).stdout
    assert "--- chatt 555 ---" in out
    assert "Region Örebro läns avtal för telefoni" in out and "Servicenämnd · 2024-05-07" in out
    assert "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07" in out
    with Store(db) as store:
        assert store.query("SELECT count(*) FROM deliveries")[0][0] == 0  # a dry run records nothing


async def test_subscribe_through_telegram_then_reingest_as_new_and_dry_run(server: FakeTelegram,
                                                                            tmp_path: Path) -> None:
    db = tmp_path / "done.db"
    run = [sys.executable, "-m", "bot", "--db", str(db)]
    subprocess.run([*run, "ingest", "--manifest", str(SEEDS / "INDEX.tsv")], check=True, capture_output=True)
    with Store(db) as store:
        async with running_bot(server, store):
            server.message("/prenumerera telefoni", chat_id=321, user_id=321)
            (confirm,) = await server.wait_for("sendMessage")
    assert "telefoni" in confirm["text"]
    subprocess.run([*run, "ingest", "--as-new", "--manifest", str(SEEDS / "INDEX.tsv")], check=True,
                   capture_output=True)
    out = subprocess.run([*run, "digest", "--dry-run"], capture_output=True, text=True, check=True).stdout
    assert "--- chatt 321 ---" in out
    assert "Region Örebro läns avtal för telefoni" in out


def test_nothing_new_sends_a_short_note_only_when_configured(sample_store: Store) -> None:
    engine = SearchEngine(sample_store)
    subscribe(engine, 61, "telefoni")
    assert plan_run(engine, "w", now=LATER) == []
    ((digest, planned),) = plan_run(engine, "w", now=LATER, send_empty=True)
    assert digest.chat_id == 61 and planned.text == texts.DIGEST_NOTHING


async def test_cli_digest_sends_through_the_bot_api(server: FakeTelegram, sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "send.db"
    db.write_bytes(sample_db.read_bytes())
    with Store(db) as store:
        subscribe(SearchEngine(store), 71, "servicenämnden")
        ingest_new_pages(store)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "NAMNDBOT_DB": str(db)}
    for _ in range(2):  # the second run in the same week sends nothing
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "digest", "--base-url", server.url, "--now", "2025-07-07T05:00:00+00:00",
            env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
        assert proc.returncode == 0, err.decode()
    assert "0 planerade, 0 skickade" in out.decode()
    (sent,) = server.sent()
    assert int(sent["chat_id"]) == 71 and "upphandling av städtjänster" in sent["text"]


def test_bulk_subscriptions_start_from_now_and_keep_one_row_per_subject(sample_store: Store) -> None:
    """add_many creates subscribers marked at the current sequence and skips repeated subjects."""
    subscriptions = SubscriptionStore(sample_store)
    rows = [(1, "topic", "telefoni", "telefoni"), (1, "topic", "telefoni", "telefoni"), (2, "case", "RS:2024:3384", "24RS3384")]
    assert subscriptions.add_many(rows, now="2025-01-01T00:00:00+00:00") == 2
    assert [s.value for s in subscriptions.of_chat(1)] == ["telefoni"]
    assert subscriptions.subscriber(2).last_seq == sample_store.current_seq()
