"""The application's error handler: log everything, tell the user briefly, leak nothing."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from knowledge import texts

log = logging.getLogger("namndbot")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an exception from any handler and send the user one short Swedish sentence."""
    log.error("Fel när en uppdatering hanterades", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, texts.ERROR)
    except TelegramError:
        log.warning("Kunde inte heller skicka felmeddelandet till chatten %s", update.effective_chat.id)
