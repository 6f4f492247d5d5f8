"""The Telegram bot end to end: real Application, fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from knowledge import texts
from knowledge.store import Store
from tests.bot_harness import buttons, running_bot
from tests.fake_telegram import BOT_USER, FakeTelegram

ALLOWED_TAGS = {"b", "i", "a", "code"}


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        assert tag in ALLOWED_TAGS, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag


def assert_valid_html(text: str) -> None:
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    assert not checker.stack
    assert not re.search(r"<(?!/?(b|i|a|code)\b)", text)


async def test_question_in_private_chat_gets_telephony_item_with_link(server: FakeTelegram,
                                                                     sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("vad beslutades om telefoni?")
        (reply,) = await server.wait_for("sendMessage")
    assert reply["parse_mode"] == "HTML"
    text = reply["text"]
    assert_valid_html(text)
    assert re.match(r"\d+ ärenden? om <i>telefoni</i>\n\n<b>1\. ", text)
    assert "<b>1. Region Örebro läns avtal för telefoni inklusive tillhörande stödsystem löper ut</b>" in text
    assert 'href="https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07"' in text
    assert "Servicenämnd (Örebro län) 2024-05-07 · punkt 5" in text  # four regions in the store: named
    numbers = re.findall(r"<b>(\d+)\. ", text)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert [b["text"] for b in buttons(reply) if b["callback_data"].startswith("full:")] == [
        f"Hela ärende {n}" for n in numbers]
    assert server.sent("sendChatAction")[0]["action"] == "typing"
    assert len(text) <= 4096
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(reply))
    assert any(b["callback_data"].startswith("full:") for b in buttons(reply))
    commands = server.sent("setMyCommands")[0]["commands"]
    assert {c["command"] for c in commands} >= {"start", "hjalp", "sok", "arende", "senaste", "namnder", "om"}
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", c["command"]) for c in commands)


async def test_start_lists_what_the_bot_knows_with_example_buttons(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("/start")
        (reply,) = await server.wait_for("sendMessage")
        examples = buttons(reply)
        assert [b["text"] for b in examples] == list(texts.EXAMPLE_QUESTIONS)
        server.callback(examples[0]["callback_data"])
        answers = await server.wait_for("sendMessage", 2)
    assert "42 möten" in reply["text"] and "2018-09-28" in reply["text"]
    assert "avtal för telefoni" not in answers[1]["text"] or "telefoni" in answers[1]["text"]
    assert "telefoni" in answers[1]["text"].lower()
    await server.wait_for("answerCallbackQuery")


async def test_paging_edits_the_message_and_works_after_a_restart(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("/sok upphandling")
        (first,) = await server.wait_for("sendMessage")
    more = [b for b in buttons(first) if b["text"] == texts.BUTTON_MORE]
    assert more and "Träff 1–3" in first["text"]
    async with running_bot(server, sample_store):  # a new process: the button still works
        server.callback(more[0]["callback_data"])
        (edit,) = await server.wait_for("editMessageText")
    assert "Träff 4–6" in edit["text"]
    assert re.findall(r"<b>(\d+)\. ", edit["text"]) == ["4", "5", "6"]  # numbering goes on, buttons match
    assert [b["text"] for b in buttons(edit) if b["callback_data"].startswith("full:")] == [
        "Hela ärende 4", "Hela ärende 5", "Hela ärende 6"]
    assert_valid_html(edit["text"])
    assert any(b["text"] == texts.BUTTON_PREV for b in buttons(edit))


async def test_full_item_button_sends_text_under_the_length_limit(server: FakeTelegram, sample_store: Store) -> None:
    item_id = sample_store.query("SELECT id FROM items WHERE title = 'Anmälningsärenden'")[0][0]
    long_body = "\n\n".join(f"Stycke {n}. " + "Lång text om upphandling. " * 40 for n in range(12))
    sample_store.conn.execute("UPDATE items SET body = ? WHERE id = ?", (long_body, item_id))
    async with running_bot(server, sample_store):
        server.callback(f"full:{item_id}")
        await server.wait_for("answerCallbackQuery")
        sent = await server.wait_for("sendMessage", 3)
        for _ in range(100):  # the parts arrive one by one; wait for the last paragraph
            if "Stycke 11." in "".join(m["text"] for m in sent):
                break
            await asyncio.sleep(0.05)
            sent = server.sent("sendMessage")
    assert all(len(m["text"]) <= 4096 for m in sent)
    assert "Stycke 11." in "".join(m["text"] for m in sent)
    for message in sent:
        assert_valid_html(message["text"])


async def test_group_answers_only_mentions_replies_and_commands(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("telefoni", chat_id=-500, chat_type="group")
        server.message(f"@{BOT_USER['username']} telefoni", chat_id=-500, chat_type="group")
        await server.wait_for("sendMessage", 1, chat_id=-500)
        server.message("elmäklare", chat_id=-500, chat_type="group", reply_to_bot=True)
        server.message("/sok kolonialvaror", chat_id=-500, chat_type="group")
        replies = await server.wait_for("sendMessage", 3, chat_id=-500)
    assert len(replies) == 3
    joined = " ".join(r["text"] for r in replies)
    assert "telefoni" in joined and "elmäklartjänst" in joined and "kolonialvaror" in joined


async def test_inline_query_returns_up_to_ten_results(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.inline("upphandling")
        server.inline("")
        answers = await server.wait_for("answerInlineQuery", 2)
    for answer in answers:
        results = answer["results"]
        assert 1 <= len(results) <= 10
        for result in results:
            assert result["type"] == "article" and result["title"] and result["description"]
            assert_valid_html(result["input_message_content"]["message_text"])
        assert int(answer["cache_time"]) > 0


async def test_edited_messages_stickers_and_unknown_commands(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("elmäklare", edited=True)
        server.message(None, extra={"sticker": {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                                                "is_animated": False, "is_video": False, "type": "regular"}})
        server.message("/flyga")
        replies = await server.wait_for("sendMessage", 3)
    joined = [r["text"] for r in replies]
    assert any("elmäklartjänst" in t for t in joined)
    assert texts.NON_TEXT in joined
    assert texts.UNKNOWN_COMMAND in joined


async def test_case_number_command_shows_the_exact_sub_entry(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("/arende 24RS1647")
        server.message("/arende hej")
        replies = await server.wait_for("sendMessage", 2)
    by_text = {("storköks" in r["text"]): r for r in replies}
    card = by_text[True]["text"]
    assert card.startswith(
        "1 ärende med diarienummer 24RS1647\n\n"
        "<b>1. Förvaltningschefen för Regionservice har beslutat om initiering av upphandling av service och "
        "reparationer av Region Örebro läns storköksutrustning och vitvaror.</b>\n"
        "<i>Delegationsbeslut, Servicenämnd (Örebro län) 2024-05-07 · punkt 7</i>\n"
        "Dnr <code>24RS1647-1</code>\n")
    assert card.count("storköksutrustning") == 1  # said once: not again as title, summary or text
    assert "ser inte ut som ett diarienummer" in by_text[False]["text"]


async def test_no_match_offers_suggestions_as_buttons(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("simhallar")
        (reply,) = await server.wait_for("sendMessage")
    assert reply["text"].startswith("Jag hittade inget om <i>simhallar</i>.")
    suggestion_buttons = buttons(reply)
    assert suggestion_buttons and all(b["callback_data"].startswith("say:") for b in suggestion_buttons)
    # said once, as buttons under "Prova:", not again as a line of text
    assert reply["text"].endswith("\n" + texts.TRY)
    assert not any(b["text"] in reply["text"] for b in suggestion_buttons)


async def test_nothing_found_in_a_meeting_asked_for_links_it_and_browses_it(server: FakeTelegram,
                                                                            sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("simhallar i servicenämnden maj 2024")
        (reply,) = await server.wait_for("sendMessage")
        (browse, *_) = buttons(reply)
        assert browse["callback_data"] == "say:Servicenämnd 2024-05-07"
        server.callback(browse["callback_data"])
        _, browsed = await server.wait_for("sendMessage", count=2)
    url = "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07"
    assert f'<a href="{url}">{texts.MEETING_LINK}</a>' in reply["text"]
    assert "Servicenämnd · 2024-05-07" in browsed["text"]


async def test_the_meetings_asked_for_are_listed_with_their_pages(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("vilka möten hade servicenämnden 2024?")
        (reply,) = await server.wait_for("sendMessage")
    base = "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-"
    assert reply["text"].startswith(
        f'2 möten i Servicenämnd under 2024:\n• Servicenämnd 2024-05-07: <a href="{base}05-07">{texts.MEETING_LINK}</a>\n'
        f'• Servicenämnd 2024-04-04: <a href="{base}04-04">{texts.MEETING_LINK}</a>\n\n')
    assert "ärenden från 2 möten" in reply["text"] and buttons(reply)  # then the items, each to open


async def test_the_chat_explains_a_word_and_lists_the_committees(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("vad är ett delegationsbeslut?")
        (meaning,) = await server.wait_for("sendMessage")
        server.message("vilka nämnder finns")
        _, listed = await server.wait_for("sendMessage", count=2)
    assert meaning["text"].startswith(texts.GLOSSARY["delegationsbeslut"] + "\n\n")
    assert "ärenden om <i>delegationsbeslut</i>" in meaning["text"] and buttons(meaning)
    assert listed["text"].startswith(texts.COMMITTEES_LIST + "\n• ")
    assert "• Servicenämnd – Region Örebro län (2024-05-07)" in listed["text"]


async def test_429_is_retried_after_the_given_delay(server: FakeTelegram, sample_store: Store) -> None:
    server.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with running_bot(server, sample_store):
        server.message("telefoni")
        (reply,) = await server.wait_for("sendMessage", timeout=15)
    failed = [c for c in server.calls if c.method == "sendMessage!429"]
    succeeded = [c for c in server.calls if c.method == "sendMessage"]
    assert len(failed) == 1 and "telefoni" in reply["text"]
    assert succeeded[0].at - failed[0].at >= 1.0


async def test_a_500_on_one_update_does_not_stop_the_next(server: FakeTelegram, sample_store: Store) -> None:
    server.fail("sendMessage", 500, "Internal Server Error", chat_id=1)
    async with running_bot(server, sample_store):
        server.message("telefoni", chat_id=1, user_id=1)
        await server.wait_for("sendMessage", chat_id=1)  # the error handler's apology
        server.message("elmäklare", chat_id=2, user_id=2)
        (reply,) = await server.wait_for("sendMessage", chat_id=2)
    assert "elmäklartjänst" in reply["text"]
    assert server.sent(chat_id=1)[0]["text"] == texts.ERROR


async def test_rate_limit_answers_politely(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store, rate_per_minute=2):
        for _ in range(3):
            server.message("telefoni")
        replies = await server.wait_for("sendMessage", 3)
    assert sum(r["text"] == texts.RATE_LIMITED for r in replies) == 1


async def test_long_message_is_cut_with_notice(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("telefoni " + "och " * 1500)
        (reply,) = await server.wait_for("sendMessage")
    assert "de första 500 tecknen" in reply["text"]
    assert "telefoni" in reply["text"]


async def test_committees_and_about(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("/namnder")
        server.message("/om")
        server.message("/hjalp")
        server.message("/senaste servicenämnden")
        replies = await server.wait_for("sendMessage", 4)
    joined = "\n".join(r["text"] for r in replies)
    assert "Servicenämnd – Region Örebro län (2024-05-07)" in joined
    assert "Region Gävleborg" in joined and "42 möten" in joined
    assert "/prenumerera" in joined
    for reply in replies:
        assert_valid_html(reply["text"])


def test_callback_data_is_cut_by_bytes_not_characters() -> None:
    from handlers.questions import callback_data

    data = callback_data("say", "hälso- och sjukvårdsnämndens återrapportering av ärenden år för år")
    assert len(data.encode()) <= 64
    assert data.startswith("say:hälso")


async def ask_a_bot_process(server: FakeTelegram, tmp_path: Path, command: str, db: Path,
                            question: str) -> tuple[dict[str, Any], bytes, bytes]:
    """Start `namndbot COMMAND` with a token and the fake server's URL in its environment, ask one question,
    stop it with Ctrl-C; return the reply and what the process wrote."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123456:TEST-token", "TELEGRAM_API_BASE_URL": server.url,
           "NAMNDBOT_DB": str(db)}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", command, env=env, cwd=tmp_path,
                                                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    try:
        await server.wait_for("setMyCommands", timeout=60)
        server.message(question)
        (reply,) = await server.wait_for("sendMessage", timeout=30)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    return reply, out, err


async def test_run_command_with_token_and_base_url_from_the_environment(server: FakeTelegram,
                                                                         sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "run.db"
    db.write_bytes(sample_db.read_bytes())
    reply, _, err = await ask_a_bot_process(server, tmp_path, "run", db, "vad beslutades om telefoni?")
    assert "avtal för telefoni" in reply["text"]
    assert "mote-2024-05-07" in reply["text"]
    assert b"TEST-token" not in err  # the token is never logged


async def test_demo_with_a_token_loads_the_sample_data_and_runs_the_telegram_bot(server: FakeTelegram,
                                                                                 tmp_path: Path) -> None:
    reply, out, _ = await ask_a_bot_process(server, tmp_path, "demo", tmp_path / "fresh.db", "24rs3384")
    assert "24RS3384-1" in reply["text"]
    assert b"nya" in out and "fråga>".encode() not in out  # sample data loaded, no terminal chat


async def test_weekly_digest_job_is_scheduled_in_local_time(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store) as app:
        assert app.job_queue is not None
        (job,) = app.job_queue.get_jobs_by_name("digest")
        next_run = job.next_t
    assert next_run is not None
    local = next_run.astimezone(ZoneInfo("Europe/Stockholm"))
    assert (local.weekday(), local.hour, local.minute) == (0, 7, 0)
