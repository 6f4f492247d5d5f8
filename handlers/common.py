"""What every handler shares: the services, running blocking calls, rate limits."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol, TypeVar

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from knowledge.search.engine import SearchEngine
from knowledge.store import Store

T = TypeVar("T")
MAX_INCOMING_CHARS = 500


class RateLimiter:
    """Allow each user a number of questions per sliding minute."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[int, deque[float]] = defaultdict(deque)

    def allow(self, user_id: int) -> bool:
        """Record a question and return whether it is within the limit."""
        now = self.clock()
        window = self._seen[user_id]
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True


class DigestSettings(Protocol):
    """The settings the handlers read: when the weekly digest goes."""

    @property
    def digest_day(self) -> int: ...  # 0 = Monday

    @property
    def digest_time(self) -> str: ...  # HH:MM, local time


SERVICES_KEY = "services"


@dataclass
class Services:
    """Shared services, kept in bot_data under SERVICES_KEY; the wiring in `bot/` fills them."""

    store: Store
    engine: SearchEngine
    limiter: RateLimiter
    settings: DigestSettings
    help_text: str = ""  # built from the command table
    today: Callable[[], date] = field(default=date.today)
    # Send one chat its digest now (for /digest): send_digest(chat_id) -> a report with `planned`
    send_digest: Callable[[int], Awaitable[Any]] | None = None


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """Return the application's services."""
    found = context.application.bot_data[SERVICES_KEY]
    if not isinstance(found, Services):
        raise TypeError(f"bot_data[{SERVICES_KEY!r}] is {type(found).__name__}, not Services")
    return found


async def blocking(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking call (SQLite, ranking) off the event loop."""
    return await asyncio.to_thread(func, *args, **kwargs)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def addressed_text(update: Update, *, bot_username: str, bot_id: int) -> str | None:
    """Return the question text when the message is for the bot, else None.

    In a private chat every text is a question; in groups only mentions of the bot and
    replies to its messages are.
    """
    message = update.effective_message
    if message is None or not message.text:
        return None
    text = message.text
    if message.chat.type == ChatType.PRIVATE:
        return text
    mention = f"@{bot_username}".lower()
    if mention in text.lower():
        start = text.lower().index(mention)
        return (text[:start] + text[start + len(mention):]).strip()
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return text
    return None


async def reply_html(message: Message, text: str, **kwargs: Any) -> Message:
    """Reply in HTML with link previews off (the application's defaults; answers carry their own links)."""
    return await message.reply_text(text, **kwargs)
