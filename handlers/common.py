"""What every handler shares: the services, running blocking calls, rate limits."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

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


@dataclass
class Services:
    """Shared services kept in bot_data."""

    store: Store
    engine: SearchEngine
    limiter: RateLimiter
    today: Callable[[], date] = field(default=date.today)
    settings: Any = None
    send_digest: Callable[[int], Awaitable[Any]] | None = None  # one chat's digest now (/digest)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """Return the application's services."""
    return context.application.bot_data["services"]  # type: ignore[no-any-return]


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
    """Reply in HTML with link previews off (answers carry their own links)."""
    return await message.reply_html(text, disable_web_page_preview=True, **kwargs)
