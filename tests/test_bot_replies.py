"""Replies through Telegram: small talk, inline no-hit, /senaste, committee buttons, the first /digest."""

from __future__ import annotations

import re

from knowledge import texts
from knowledge.store import Store
from tests.bot_harness import buttons, running_bot
from tests.fake_telegram import FakeTelegram


async def test_small_talk_gets_friendly_replies_with_two_example_buttons(server: FakeTelegram,
                                                                         sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        for n, text in enumerate(["hej", "tack!", "vem är du?", "?"], start=1):
            server.message(text, chat_id=n, user_id=n)
        replies = [(await server.wait_for("sendMessage", chat_id=n))[0] for n in range(1, 5)]
        example = buttons(replies[0])[0]["callback_data"]
        server.callback(example, chat_id=1, user_id=1)
        answer = (await server.wait_for("sendMessage", 2, chat_id=1))[1]
    kinds = ["greeting", "thanks", "who", "empty"]
    for reply, kind in zip(replies, kinds, strict=True):
        assert reply["text"].startswith(texts.SMALL_TALK[kind])
        assert [b["text"] for b in buttons(reply)] == list(texts.EXAMPLE_QUESTIONS[:2])
    assert re.match(r"\d+ ärenden? om <i>telefoni</i>", answer["text"])


async def test_inline_query_without_hits_offers_to_open_the_bot(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.inline("simhallar")
        (answer,) = await server.wait_for("answerInlineQuery")
    (result,) = answer["results"]
    assert result["title"] == "Inga träffar – öppna boten"
    assert "simhallar" in result["description"]
    assert "t.me/namnd_test_bot" in result["input_message_content"]["message_text"]


async def test_senaste_names_the_meeting_and_lists_its_items_in_agenda_order(server: FakeTelegram,
                                                                            sample_store: Store) -> None:
    meeting_id, = sample_store.query("SELECT id FROM meetings WHERE committee_slug = 'servicenamnd'"
                                     " ORDER BY meeting_date DESC LIMIT 1")[0]
    titles = [r[0] for r in sample_store.query(
        "SELECT title FROM items WHERE meeting_id = ? AND parent_id IS NULL ORDER BY position", (meeting_id,))]
    async with running_bot(server, sample_store):
        server.message("/senaste servicenämnden")
        (reply,) = await server.wait_for("sendMessage")
        server.message("/senaste flygplatsnämnden", chat_id=2, user_id=2)
        (unknown,) = await server.wait_for("sendMessage", chat_id=2)
    text = reply["text"]
    assert text.startswith("<b>Servicenämnd</b>, Region Örebro län – möte 2024-05-07\n")
    lines = text.splitlines()[1:-1]
    assert len(lines) == len(titles) > 5
    for line, title in zip(lines, titles, strict=True):
        assert re.sub(r"^\d+\. ", "", line).startswith(title[:40].replace("&", "&amp;"))
    assert [int(line.split(".")[0]) for line in lines] == sorted(int(line.split(".")[0]) for line in lines)
    assert "2022-" not in text  # only that meeting's items
    assert "mote-2024-05-07" in lines[-1] or "mote-2024-05-07" in text.splitlines()[-1]
    assert unknown["text"] == texts.SENASTE_UNKNOWN.format(name="flygplatsnämnden")


async def test_committee_buttons_tell_two_organisations_apart_and_page(server: FakeTelegram,
                                                                      sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("/prenumerera")
        (pick,) = await server.wait_for("sendMessage")
        pages = [buttons(pick)]
        while (more := [b for b in pages[-1] if b["text"] == texts.BUTTON_MORE]):
            server.callback(more[0]["callback_data"])
            edits = await server.wait_for("editMessageText", len(pages))
            pages.append(buttons(edits[-1]))
        choices = [b for page in pages for b in page if b["callback_data"].startswith("sub:c:")]
        gavleborg = next(b for b in choices if b["text"] == "Regionfullmäktige (Gävleborg)")
        server.callback(gavleborg["callback_data"])
        confirm = (await server.wait_for("sendMessage", 2))[1]
        server.message("/mina")
        listing = (await server.wait_for("sendMessage", 3))[2]
        server.callback(buttons(listing)[0]["callback_data"])
        removed = [c for c in await server.wait_for("answerCallbackQuery", len(pages) + 1)][-1]
    labels = [b["text"] for b in choices]
    assert len(pages) > 1 and all(len(page) <= 10 for page in pages)
    assert len(labels) == len(set(labels)) == len({b["callback_data"] for b in choices})
    assert {"Regionfullmäktige (Gävleborg)", "Regionfullmäktige (Jämtland Härjedalen)"} <= set(labels)
    assert not any(re.search(r"[a-z]+-[a-z]+", label) for label in labels)  # display names, never slugs
    assert "Regionfullmäktige (Gävleborg)" in confirm["text"]
    assert "Jämtland" not in confirm["text"]  # the preview holds only that region's meetings
    assert "Regionfullmäktige (Gävleborg)" in listing["text"]
    assert removed["text"] == texts.SUB_REMOVED.format(label="Regionfullmäktige (Gävleborg)")


async def test_digest_before_the_first_one_says_when_it_comes(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        server.message("/prenumerera simhallar")
        await server.wait_for("sendMessage")
        server.message("/digest")
        replies = await server.wait_for("sendMessage", 2)
    assert replies[1]["text"].startswith("Inget nytt ännu i det du bevakar. Det första veckobrevet kommer måndag ")
    assert "kl. 07:00" in replies[1]["text"]


async def test_whole_item_of_a_sub_entry_reads_as_a_sentence_followed_by_its_list(server: FakeTelegram,
                                                                                  sample_store: Store) -> None:
    entry_id = sample_store.query("SELECT c.item_id FROM case_numbers c JOIN items i ON i.id = c.item_id"
                                  " WHERE c.canonical = '24RS1647-1' AND i.parent_id IS NOT NULL")[0][0]
    async with running_bot(server, sample_store):
        server.callback(f"full:{entry_id}")
        (sent,) = await server.wait_for("sendMessage")
    text = sent["text"]
    assert text.startswith("<b>Förvaltningschefen för Regionservice har beslutat om initiering av upphandling av "
                           "service och reparationer av Region Örebro läns storköksutrustning och vitvaror.</b>\n"
                           "<i>Servicenämnd, Region Örebro län, 2024-05-07</i>\nDel av: Anmälan av delegationsbeslut")
    assert "ärendehanteringssystem" in text  # the whole list the decision was reported in
