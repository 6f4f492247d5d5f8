"""Wire the Telegram application: one table of commands, one builder, one ordered list of handlers, shared services."""

from __future__ import annotations

import asyncio
import functools
import html
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.settings import Settings
from bot.updates import TolerantApplicationBuilder
from handlers import questions
from handlers.common import SERVICES_KEY, RateLimiter, Services
from handlers.errors import install_token_mask, on_error
from knowledge import texts
from knowledge.search.engine import SearchEngine
from knowledge.store import Store

log = logging.getLogger("namndbot")


@dataclass(frozen=True)
class Command:
    """One Telegram command: the menu, the handlers and /hjalp are all built from these."""

    name: str
    description: str  # Swedish, for the command menu and /hjalp
    handler: Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
    in_help: bool = True
    usage: str = ""  # the arguments, as /hjalp shows them
    aliases: tuple[str, ...] = ()


def commands() -> tuple[Command, ...]:
    """Return every Telegram command, in menu order."""
    from handlers import subscriptions

    return (
        Command("start", "Börja här", questions.cmd_start, in_help=False),
        Command("hjalp", "Hur du frågar", questions.cmd_hjalp, in_help=False, aliases=("help",)),
        Command("sok", "Sök bland ärendena", questions.cmd_sok, usage="<fråga>"),
        Command("arende", "Slå upp ett diarienummer", questions.cmd_arende, usage="<diarienummer>"),
        Command("senaste", "Ärenden från senaste mötet", questions.cmd_senaste, usage="[nämnd]"),
        Command("namnder", "Nämnderna och senaste möte", questions.cmd_namnder),
        Command("om", "Källor och aktualitet", questions.cmd_om),
        Command("prenumerera", "Bevaka ett ämne, en nämnd eller ett ärende", subscriptions.cmd_prenumerera,
                usage="<ämne, nämnd eller diarienummer>"),
        Command("mina", "Dina bevakningar", subscriptions.cmd_mina),
        Command("avsluta", "Sluta bevaka", subscriptions.cmd_avsluta, usage="[nr|alla]"),
        Command("paus", "Pausa veckobrevet", subscriptions.cmd_paus),
        Command("fortsatt", "Starta veckobrevet igen", subscriptions.cmd_fortsatt),
        Command("digest", "Skicka veckobrevet nu", subscriptions.cmd_digest),
        Command("radera", "Ta bort allt som sparats om dig", subscriptions.cmd_radera),
    )


def help_text(table: tuple[Command, ...]) -> str:
    """Return the /hjalp text: how to ask, then one line per command shown in help."""
    lines = [
        f"/{c.name}{' ' + html.escape(c.usage) if c.usage else ''} – {c.description[:1].lower()}{c.description[1:]}"
        for c in table if c.in_help
    ]
    return f"{texts.HELP_INTRO}\n\n" + "\n".join(lines) + f"\n\n{texts.HELP_OUTRO}"


def handler_list(table: tuple[Command, ...] | None = None) -> list[BaseHandler]:
    """Return every handler, in the order they are tried: commands, buttons, inline, text."""
    from handlers import subscriptions

    return [
        *(CommandHandler([c.name, *c.aliases], c.handler) for c in (table or commands())),
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
    await asyncio.to_thread(application.bot_data[SERVICES_KEY].engine.warm_up)
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in commands()])


def build_application(settings: Settings, store: Store, *, today: type[date] | None = None) -> Application:
    """Build the Telegram application around a store; the only place handlers are registered."""
    if not settings.token:
        raise ValueError(texts.NO_TOKEN)
    install_token_mask(settings.token)
    builder = (
        TolerantApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.send_rate_global, max_retries=3))
        .post_init(_post_init)
        .concurrent_updates(True)
    )
    if settings.base_url:
        builder = builder.base_url(f"{settings.api_root}/bot").base_file_url(f"{settings.api_root}/file/bot")
    application = builder.build()
    from bot.digest_job import schedule_digest, send_digest_now

    table = commands()
    services = Services(
        store=store,
        engine=SearchEngine(store),
        limiter=RateLimiter(settings.rate_per_minute),
        settings=settings,
        help_text=help_text(table),
    )
    if today is not None:
        services.today = today.today
    services.send_digest = functools.partial(send_digest_now, services.engine, settings)
    application.bot_data[SERVICES_KEY] = services
    for handler in handler_list(table):
        application.add_handler(handler)
    application.add_error_handler(on_error)
    from bot.sync_job import schedule_sync

    schedule_digest(application, settings)
    schedule_sync(application, settings)
    return application


def run_polling(settings: Settings, store: Store) -> None:
    """Run the bot with long polling until interrupted."""
    application = build_application(settings, store)
    log.info("Boten startar (long polling) med databasen %s", store.path)
    application.run_polling(allowed_updates=Update.ALL_TYPES)


def run_webhook(settings: Settings, store: Store, *, url: str, listen: str, port: int, secret_token: str) -> None:
    """Run the bot behind a webhook: PTB's own web server on listen:port, registered with Telegram at `url`.

    Telegram sends every update with the secret token in a header; requests without it are refused.
    """
    application = build_application(settings, store)
    application.run_webhook(
        listen=listen, port=port, url_path=urlsplit(url).path.lstrip("/"), webhook_url=url,
        secret_token=secret_token, allowed_updates=Update.ALL_TYPES,
    )
