"""Deliver digests through Telegram: paced, resumable, each message once.

The ledger (knowledge.digest) records every planned message before sending; each part
is marked the moment Telegram accepts it, so a crash or restart resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from bot.settings import Settings
from knowledge.digest import (
    Delivery,
    deactivate,
    mark_failed,
    mark_part_sent,
    mark_sent,
    migrate_chat,
    pending_deliveries,
    plan_run,
    record_planned,
)
from knowledge.render import split_for_messages
from knowledge.search.engine import SearchEngine

log = logging.getLogger("namndbot.digest")
MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 0.5


class Pacer:
    """Space out sends: at most `rate` a second overall and `per_chat` a second to one chat."""

    def __init__(self, rate: float, per_chat: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.interval = 1.0 / rate
        self.chat_interval = 1.0 / per_chat
        self.clock = clock
        self.sleep = sleep
        self._next = 0.0
        self._next_chat: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        """Wait until a message to this chat may go."""
        now = self.clock()
        at = max(now, self._next, self._next_chat.get(chat_id, 0.0))
        self._next = at + self.interval
        self._next_chat[chat_id] = at + self.chat_interval
        if at > now:
            await self.sleep(at - now)


@dataclass
class RunReport:
    """What a delivery run did."""

    planned: int = 0
    sent: int = 0
    messages: int = 0
    failed: int = 0
    deactivated: int = 0
    migrated: int = 0
    retried_after: float = 0.0
    errors: list[str] = field(default_factory=list)


def run_key_for(now: datetime, tz: str) -> str:
    """Return the ISO week of the local date: one scheduled digest per week."""
    year, week, _ = now.astimezone(ZoneInfo(tz)).isocalendar()
    return f"{year}-W{week:02d}"


def next_digest_time(now: datetime, settings: Settings) -> datetime:
    """Return the next scheduled digest time (aware, UTC) after `now`, daylight saving included."""
    zone = ZoneInfo(settings.timezone)
    hour, minute = (int(p) for p in settings.digest_time.split(":"))
    local = now.astimezone(zone)
    for days in range(0, 8):
        day = (local + timedelta(days=days)).date()
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        if day.weekday() == settings.digest_day and candidate > local:
            return candidate.astimezone(UTC)
    raise AssertionError("unreachable: a weekday recurs within eight days")


def _seconds(retry_after: object) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)  # type: ignore[arg-type]


async def deliver_pending(bot: Bot, engine: SearchEngine, settings: Settings, *, run_key: str | None = None,
                          sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                          now: Callable[[], str] | None = None, concurrency: int = 32) -> RunReport:
    """Send every pending delivery, paced overall and per chat, several chats at a time.

    Each part is recorded as sent right after Telegram accepts it; the record is shielded
    from cancellation so a stop between the two cannot make a resumed run send it again.
    """
    store = engine.store
    stamp = now or (lambda: datetime.now(UTC).replace(microsecond=0).isoformat())
    pacer = Pacer(settings.send_rate_global, settings.send_rate_chat, sleep=sleep)
    report = RunReport()
    slots = asyncio.Semaphore(concurrency)

    async def record(func: Callable[..., object], *args: object, **kwargs: object) -> None:
        write = asyncio.ensure_future(asyncio.to_thread(func, *args, **kwargs))
        try:
            await asyncio.shield(write)
        except asyncio.CancelledError:
            await write  # finish recording what Telegram already accepted, then stop
            raise

    async def deliver(delivery: Delivery) -> None:
        async with slots:
            parts = split_for_messages(delivery.text, limit=4000)
            chat_id, index, attempts = delivery.chat_id, delivery.parts_sent, delivery.attempts
            while index < len(parts):
                await pacer.wait(chat_id)
                try:
                    await bot.send_message(chat_id, parts[index], parse_mode=ParseMode.HTML,
                                           disable_web_page_preview=True)
                except RetryAfter as exc:
                    wait = _seconds(exc.retry_after)
                    report.retried_after += wait
                    log.info("Telegram bad oss vänta %.1f s", wait)
                    await sleep(wait)
                    continue
                except ChatMigrated as exc:
                    await record(migrate_chat, store, chat_id, exc.new_chat_id)
                    report.migrated += 1
                    chat_id = exc.new_chat_id
                    continue
                except Forbidden as exc:
                    await record(deactivate, store, chat_id)
                    await record(mark_failed, store, delivery, str(exc), final=True)
                    report.deactivated += 1
                    return
                except BadRequest as exc:
                    if "chat not found" in str(exc).lower():
                        await record(deactivate, store, chat_id)
                        report.deactivated += 1
                    await record(mark_failed, store, delivery, str(exc), final=True)
                    report.failed += 1
                    report.errors.append(f"{chat_id}: {exc}")
                    return
                except TelegramError as exc:
                    attempts += 1
                    final = attempts >= MAX_ATTEMPTS
                    await record(mark_failed, store, delivery, str(exc), final=final)
                    if final:
                        log.error("Veckobrevet till %s gick inte att skicka: %s", chat_id, exc)
                        report.failed += 1
                        report.errors.append(f"{chat_id}: {exc}")
                        return
                    await sleep(BACKOFF_SECONDS * 2 ** (attempts - 1))
                    continue
                index += 1
                report.messages += 1
                await record(mark_part_sent, store, delivery.id, index)
            await record(mark_sent, store, delivery, now=stamp())
            report.sent += 1

    pending = await asyncio.to_thread(pending_deliveries, store, run_key)
    try:
        async with asyncio.TaskGroup() as group:
            for delivery in pending:
                group.create_task(deliver(delivery))
    except BaseExceptionGroup as failure:
        raise failure.exceptions[0] from None  # an unexpected error stops the run; pending ones resume later
    return report


async def run_digest(bot: Bot, engine: SearchEngine, settings: Settings, *, run_key: str, now: str,
                     chat_ids: list[int] | None = None, **kwargs: object) -> RunReport:
    """Plan a run (idempotent per run key) and deliver what is pending."""
    planned = await asyncio.to_thread(plan_run, engine, run_key, now=now, send_empty=settings.digest_send_empty,
                                      chat_ids=chat_ids)
    count = await asyncio.to_thread(record_planned, engine.store, run_key, planned, now=now)
    report = await deliver_pending(bot, engine, settings, run_key=run_key, **kwargs)  # type: ignore[arg-type]
    report.planned = count
    return report


async def _scheduled(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The weekly JobQueue job."""
    services = context.application.bot_data["services"]
    settings: Settings = services.settings
    now = datetime.now(UTC)
    report = await run_digest(context.bot, services.engine, settings, run_key=run_key_for(now, settings.timezone),
                              now=now.replace(microsecond=0).isoformat())
    log.info("Veckobrev: %s planerade, %s skickade, %s misslyckade", report.planned, report.sent, report.failed)


def schedule_digest(application: Application, settings: Settings) -> None:
    """Schedule the weekly digest in the application's JobQueue (weekday and local time from settings)."""
    if application.job_queue is None:
        log.warning("JobQueue saknas; veckobrevet schemaläggs inte")
        return
    hour, minute = (int(p) for p in settings.digest_time.split(":"))
    at = dtime(hour, minute, tzinfo=ZoneInfo(settings.timezone))
    # PTB counts days from Sunday = 0; settings count from Monday = 0.
    application.job_queue.run_daily(_scheduled, time=at, days=((settings.digest_day + 1) % 7,), name="digest")
