"""What an operator meets before the bot runs: the token, the Bot API, the database, the webhook options.

Each problem becomes one Swedish line naming the setting and the reason (`OperationError`),
never a traceback and never the token.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from bot.settings import Settings
from knowledge import texts
from knowledge.pages.ingest import refresh_facts
from knowledge.store import Store, StoreError

_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class OperationError(RuntimeError):
    """Nothing can be done: the message says why in one line (exit status 2)."""


def open_store(path: Path) -> Store:
    """Open the database, or explain in one line why it cannot be opened."""
    if path.is_dir():
        raise OperationError(texts.DB_IS_DIRECTORY.format(path=path))
    try:
        store = Store(path)
        refresh_facts(store)  # a store an older version wrote gets this version's reading of amounts and dates
        return store
    except StoreError as exc:  # the store's own checks already name the file and the reason
        raise OperationError(f"fel: {exc}") from None
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OperationError(texts.DB_CANNOT_OPEN.format(path=path, reason=reason)) from None


def require_items(store: Store) -> None:
    """Refuse to answer from an empty store."""
    if not store.counts()["meetings"]:
        raise OperationError(texts.DB_EMPTY)


def check_bot_api(settings: Settings, *, timeout: float = 10.0) -> str:
    """Ask the Bot API who the bot is (getMe); return its username, or say why it cannot be reached."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError
    from telegram.request import HTTPXRequest

    async def get_me() -> str:
        request = HTTPXRequest(connect_timeout=timeout, read_timeout=timeout)
        async with Bot(settings.token or "", base_url=f"{settings.api_root}/bot", request=request) as bot:
            return bot.username

    try:
        return asyncio.run(get_me())
    except InvalidToken:
        raise OperationError(texts.BAD_TOKEN) from None
    except NetworkError as exc:
        reason = _scrub(str(exc), settings.token) or type(exc).__name__
        raise OperationError(texts.API_UNREACHABLE.format(url=settings.api_root, reason=reason)) from None
    except TelegramError as exc:
        raise OperationError(texts.API_REFUSED.format(url=settings.api_root,
                                                      reason=_scrub(str(exc), settings.token))) from None


def _scrub(text: str, token: str | None) -> str:
    """Remove the token (and its secret half) from a message that may quote a URL."""
    for secret in filter(None, (token, (token or "").partition(":")[2])):
        text = text.replace(secret, "***")
    return text.strip()


def webhook_options(url: str, listen: str, secret_token: str | None) -> tuple[str, int, str]:
    """Check --webhook, --listen HOST:PORT and --secret-token; return host, port and the secret to use.

    Without --secret-token a random one is made for this run: Telegram learns it from setWebhook.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise OperationError(texts.WEBHOOK_BAD_URL.format(url=url))
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise OperationError(texts.WEBHOOK_BAD_LISTEN.format(listen=listen))
    secret = secret_token or secrets.token_urlsafe(32)
    if not _SECRET_TOKEN.fullmatch(secret):
        raise OperationError(texts.WEBHOOK_BAD_SECRET)
    return host.strip("[]"), int(port), secret
