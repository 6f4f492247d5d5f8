"""Run the real Application against the fake Bot API server."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

from telegram.ext import Application

from bot.app import build_application
from bot.settings import Settings
from knowledge.store import Store
from tests.fake_telegram import FakeTelegram

TOKEN = "123456:TEST-token"


def settings_for(server: FakeTelegram, db: Path, **overrides: object) -> Settings:
    return replace(Settings(db_path=db, token=TOKEN, base_url=server.url), **overrides)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running_bot(server: FakeTelegram, store: Store, **overrides: object) -> AsyncIterator[Application]:
    """Start the bot with long polling against the fake server; stop it afterwards."""
    app = build_application(settings_for(server, store.path, **overrides), store)
    async with app:
        if app.post_init:  # run_polling would call it; do as it does
            await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


def buttons(params: dict) -> list[dict]:
    """Return the inline buttons of a recorded sendMessage or editMessageText call."""
    markup = params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]
