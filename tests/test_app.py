"""The wiring: one command table builds the handlers, the command menu and /hjalp; PTB defaults apply."""

from __future__ import annotations

import json

from telegram.ext import CommandHandler

from bot.app import commands, handler_list, help_text
from knowledge.store import Store
from tests.bot_harness import running_bot
from tests.fake_telegram import FakeTelegram


def test_every_command_in_the_table_has_one_handler_and_help_lists_the_rest() -> None:
    table = commands()
    handled = [name for h in handler_list(table) if isinstance(h, CommandHandler) for name in h.commands]
    assert sorted(handled) == sorted(n for c in table for n in (c.name, *c.aliases))
    text = help_text(table)
    for command in table:
        assert (f"/{command.name}" in text) == command.in_help
    assert "/sok &lt;fråga&gt; – sök bland ärendena" in text


async def test_menu_help_and_message_defaults_come_from_one_place(server: FakeTelegram, sample_store: Store) -> None:
    async with running_bot(server, sample_store):
        await server.wait_for("setMyCommands")
        server.message("/hjalp")
        server.message("/arende <b>")
        server.inline("upphandling")
        help_reply, bad_case = await server.wait_for("sendMessage", 2)
        (inline,) = await server.wait_for("answerInlineQuery")
    menu = server.sent("setMyCommands")[0]["commands"]
    assert [c["command"] for c in menu] == [c.name for c in commands()]
    assert help_reply["text"] == help_text(commands())
    for reply in (help_reply, bad_case):
        assert reply["parse_mode"] == "HTML"
        preview = reply["link_preview_options"]
        assert (json.loads(preview) if isinstance(preview, str) else preview)["is_disabled"] is True
    assert "&lt;b&gt;" in bad_case["text"]  # what the user typed is shown, not read as HTML
    content = inline["results"][0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
