"""The application's error handler and the token mask: log everything, tell the user briefly, leak nothing."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from knowledge import texts

log = logging.getLogger("namndbot")
MASK = "<token>"
# A Bot API token: the bot's numeric id, a colon, and 35 URL-safe characters.
_TOKEN_SHAPE = re.compile(r"\d{6,}:[A-Za-z0-9_-]{30,}")


def mask_secrets(text: str, token: str | None = None) -> str:
    """Replace the bot token (the configured one, and anything shaped like one) in a text."""
    if token:
        text = text.replace(token, MASK)
    return _TOKEN_SHAPE.sub(MASK, text)


def install_token_mask(token: str | None) -> None:
    """Mask the token in every log record from now on, whatever logger or handler it goes through.

    The record is masked where it is made: its message is formatted and its traceback
    rendered to text, both with the token replaced, before any handler sees them.
    """
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
    if getattr(previous, "masks_token", None) == token:
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = mask_secrets(message, token), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = mask_secrets("".join(traceback.format_exception(*record.exc_info)).rstrip(), token)
            record.exc_info = None
        return record

    factory.masks_token = token  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an exception from any handler and send the user one short Swedish sentence."""
    log.error("Fel när en uppdatering hanterades: %s", mask_secrets(str(context.error), context.bot.token),
              exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.ERROR)
        else:
            await context.bot.send_message(update.effective_chat.id, texts.ERROR)
    except TelegramError:
        log.warning("Kunde inte heller skicka felmeddelandet till chatten %s", update.effective_chat.id)
