"""Wire the Telegram application: one builder, one ordered list of handlers, shared services."""

from __future__ import annotations

import asyncio
import functools
import logging
from datetime import date

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.digest_job import schedule_digest, send_digest_now
from bot.settings import Settings
from bot.updates import TolerantApplicationBuilder
from handlers import questions
from handlers.common import RateLimiter, Services
from handlers.errors import install_token_mask, on_error
from knowledge import texts
from knowledge.search.engine import SearchEngine
from knowledge.store import Store

log = logging.getLogger("namndbot")


def handler_list() -> list[BaseHandler]:
    """Return every handler, in the order they are tried: commands, buttons, inline, text."""
    from handlers import subscriptions

    return [
        CommandHandler("start", questions.cmd_start),
        CommandHandler(["hjalp", "help"], questions.cmd_hjalp),
        CommandHandler("sok", questions.cmd_sok),
        CommandHandler("arende", questions.cmd_arende),
        CommandHandler("senaste", questions.cmd_senaste),
        CommandHandler("namnder", questions.cmd_namnder),
        CommandHandler("om", questions.cmd_om),
        CommandHandler("prenumerera", subscriptions.cmd_prenumerera),
        CommandHandler("mina", subscriptions.cmd_mina),
        CommandHandler("avsluta", subscriptions.cmd_avsluta),
        CommandHandler("paus", subscriptions.cmd_paus),
        CommandHandler("fortsatt", subscriptions.cmd_fortsatt),
        CommandHandler("digest", subscriptions.cmd_digest),
        CommandHandler("radera", subscriptions.cmd_radera),
        CallbackQueryHandler(questions.on_page, pattern=r"^pg:"),
        CallbackQueryHandler(questions.on_full, pattern=r"^full:"),
        CallbackQueryHandler(questions.on_ask_button, pattern=r"^(ask|say):"),
        CallbackQueryHandler(subscriptions.on_button, pattern=r"^(unsub|sub|del):"),
        CallbackQueryHandler(subscriptions.on_digest_button, pattern=r"^dg:"),
        CallbackQueryHandler(subscriptions.on_stale_button),
        InlineQueryHandler(questions.on_inline),
        MessageHandler(filters.StatusUpdate.MIGRATE, subscriptions.on_migrate),
        MessageHandler(filters.TEXT & ~filters.COMMAND, questions.on_text),
        MessageHandler(filters.COMMAND, subscriptions.on_unknown_command),
        MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL, questions.on_non_text),
    ]


async def _post_init(application: Application) -> None:
    """Warm the search engine and register the command menu with Swedish descriptions."""
    await asyncio.to_thread(application.bot_data["services"].engine.warm_up)
    commands = [BotCommand(name, description) for name, description in texts.COMMAND_DESCRIPTIONS.items()]
    await application.bot.set_my_commands(commands)


def build_application(settings: Settings, store: Store, *, today: type[date] | None = None) -> Application:
    """Build the Telegram application around a store; the only place handlers are registered."""
    if not settings.token:
        raise ValueError(texts.NO_TOKEN)
    install_token_mask(settings.token)
    builder = (
        TolerantApplicationBuilder()
        .token(settings.token)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.send_rate_global, max_retries=3))
        .post_init(_post_init)
        .concurrent_updates(True)
    )
    if settings.base_url:
        builder = builder.base_url(f"{settings.api_root}/bot").base_file_url(f"{settings.api_root}/file/bot")
    application = builder.build()
    services = Services(
        store=store,
        engine=SearchEngine(store),
        limiter=RateLimiter(settings.rate_per_minute),
        settings=settings,
    )
    if today is not None:
        services.today = today.today
    services.send_digest = functools.partial(send_digest_now, services.engine, settings)
    application.bot_data["services"] = services
    for handler in handler_list():
        application.add_handler(handler)
    application.add_error_handler(on_error)
    schedule_digest(application, settings)
    return application


def run_polling(settings: Settings, store: Store) -> None:
    """Run the bot with long polling until interrupted."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would log the token
    application = build_application(settings, store)
    application.run_polling(allowed_updates=Update.ALL_TYPES)
