"""Deliver digests through Telegram: claimed before sending, paced, bounded, each message once.

Every run plans into the ledger (knowledge/store/deliveries.py), then claims batches of
deliveries under a lease and sends them. Any number of runs may do this at once (cron and
the bot's JobQueue, or a rerun while the first still sends): a delivery is claimed by one
run only, and a lease left by a run that died expires and is taken over.

Waiting is bounded: Telegram's `retry_after` is honoured up to a cap; beyond it, or after
repeated server errors, the rest is left pending for the next run and the run reports it.
A part whose request may have reached Telegram without an answer (a timeout) is recorded as
unconfirmed and never sent again blindly.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from bot.settings import Settings
from knowledge import texts
from knowledge.digest import plan_run, record_planned
from knowledge.fit import fit_html
from knowledge.search.engine import SearchEngine
from knowledge.store import Store
from knowledge.store.deliveries import Delivery, DeliveryLedger, DeliveryState
from knowledge.store.subscriptions import SubscriptionStore

log = logging.getLogger("namndbot.digest")
MAX_SERVER_ERRORS = 3  # per delivery and run; then it waits for the next run
RUN_SERVER_ERRORS = 10  # in a row over the whole run: Telegram is down, stop claiming
BACKOFF_SECONDS = 0.5
BATCH = 64


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
    paused: int = 0  # the chat blocked the bot: its subscription is paused
    failed: int = 0  # Telegram refused the message itself
    unconfirmed: int = 0  # may or may not have arrived; not repeated
    migrated: int = 0
    released: int = 0  # left pending for the next run
    remaining: int = 0  # still pending in the ledger when the run ended
    retried_after: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when everything planned was sent (or its chat is gone), 1 when some chats still wait."""
        return 1 if self.remaining or self.unconfirmed or self.failed else 0

    def summary(self) -> str:
        """One Swedish line for the log and the command line."""
        return (f"Veckobrev: {self.planned} planerade, {self.sent} skickade, {self.remaining} väntar till nästa "
                f"körning, {self.unconfirmed} obekräftade, {self.failed} misslyckade, {self.paused} pausade "
                f"mottagare.")


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


def may_have_arrived(exc: NetworkError) -> bool:
    """Whether a failed request may still have reached Telegram (so it must not be repeated blindly).

    An error status (a 502 from Telegram) is an answer: nothing was sent. A transport error after
    the connection was made (a read timeout) leaves it open; one before it (connect, pool) does not.
    """
    cause = exc.__cause__
    if not isinstance(cause, httpx.TransportError):
        return False
    return not isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def digest_markup(delivery: Delivery) -> InlineKeyboardMarkup | None:
    """The buttons under a digest: show all (with why), change subscriptions, pause."""
    if not delivery.item_ids or not delivery.token:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.BUTTON_DIGEST_ALL, callback_data=f"dg:all:{delivery.token}")],
        [InlineKeyboardButton(texts.BUTTON_DIGEST_EDIT, callback_data="dg:mina"),
         InlineKeyboardButton(texts.BUTTON_DIGEST_PAUSE, callback_data="dg:paus")],
    ])


def _stamp() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


async def deliver_pending(bot: Bot, store: Store, settings: Settings, *, run_key: str | None = None,
                          sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                          clock: Callable[[], float] = time.time, now: Callable[[], str] = _stamp,
                          concurrency: int = 32, lease: float | None = None, send_timeout: float | None = None,
                          ) -> RunReport:
    """Claim and send pending deliveries (of one run, or of all), paced overall and per chat."""
    ledger = DeliveryLedger(store)
    subscriptions = SubscriptionStore(store)
    owner = secrets.token_hex(8)
    cap = settings.retry_after_cap
    lease = lease if lease is not None else max(300.0, 4 * cap + 60)
    pacer = Pacer(settings.send_rate_global, settings.send_rate_chat, sleep=sleep)
    report = RunReport()
    stop = asyncio.Event()
    claimed: deque[Delivery] = deque()
    claim_lock = asyncio.Lock()
    exhausted = False
    server_errors_in_a_row = 0
    timeouts: dict[str, Any] = {"read_timeout": send_timeout, "write_timeout": send_timeout} if send_timeout else {}

    async def record(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Write to the ledger off the event loop; a stop in between cannot lose what Telegram accepted."""
        write = asyncio.ensure_future(asyncio.to_thread(func, *args, **kwargs))
        try:
            return await asyncio.shield(write)
        except asyncio.CancelledError:
            await write
            raise

    async def next_delivery() -> Delivery | None:
        nonlocal exhausted
        async with claim_lock:
            if not claimed and not exhausted and not stop.is_set():
                batch = await record(ledger.claim, owner, now=clock(), lease=lease,
                                     limit=min(BATCH, concurrency * 2), run_key=run_key)
                exhausted = not batch
                claimed.extend(batch)
            return claimed.popleft() if claimed and not stop.is_set() else None

    def leave_pending(delivery: Delivery, reason: str) -> Awaitable[Any]:
        report.released += 1
        report.errors.append(texts.DIGEST_PENDING.format(chat=delivery.chat_id, reason=reason))
        return record(ledger.release, delivery.id, reason)

    async def deliver(delivery: Delivery) -> None:
        nonlocal server_errors_in_a_row
        if delivery.parts_attempted > delivery.parts_sent:
            # a run died (or timed out) while this part was on its way: it may have arrived
            await record(ledger.settle, delivery.id, DeliveryState.UNCONFIRMED, "avbruten under sändning")
            report.unconfirmed += 1
            return
        parts = fit_html(delivery.text)
        markup = digest_markup(delivery)
        chat_id, index, server_errors = delivery.chat_id, delivery.parts_sent, 0
        while index < len(parts):
            if stop.is_set():
                await leave_pending(delivery, "körningen avbröts")
                return
            await pacer.wait(chat_id)
            if not await record(ledger.mark_attempt, delivery.id, owner, index):
                return  # the lease ran out and another run took the delivery over
            try:
                await bot.send_message(chat_id, parts[index], parse_mode=ParseMode.HTML,
                                       disable_web_page_preview=True,
                                       reply_markup=markup if index == len(parts) - 1 else None, **timeouts)
            except RetryAfter as exc:
                await record(ledger.mark_attempt_failed, delivery.id, index)
                wait = _seconds(exc.retry_after)
                if wait > cap:
                    stop.set()  # Telegram asks the whole bot to wait: the rest goes next run
                    log.warning("Telegram bad oss vänta %.0f s, mer än taket %.0f s", wait, cap)
                    await leave_pending(delivery, f"Telegram bad oss vänta {wait:.0f} s")
                    return
                report.retried_after += wait
                log.info("Telegram bad oss vänta %.1f s", wait)
                await sleep(wait)
                continue
            except ChatMigrated as exc:
                await record(ledger.mark_attempt_failed, delivery.id, index)
                await record(subscriptions.migrate_chat, chat_id, exc.new_chat_id)
                await record(ledger.move_chat, delivery.id, exc.new_chat_id)
                report.migrated += 1
                chat_id = exc.new_chat_id
                continue
            except Forbidden as exc:
                await record(subscriptions.set_paused, chat_id, True)
                await record(ledger.settle, delivery.id, DeliveryState.SKIPPED, str(exc))
                report.paused += 1
                return
            except BadRequest as exc:
                await record(ledger.settle, delivery.id, DeliveryState.SKIPPED, str(exc))
                if "chat not found" in str(exc).lower():
                    await record(subscriptions.set_paused, chat_id, True)
                    report.paused += 1
                else:
                    report.failed += 1
                    report.errors.append(f"{chat_id}: {exc}")
                return
            except TelegramError as exc:  # 5xx, a network error, a timeout: Telegram may not have the message
                if isinstance(exc, NetworkError) and may_have_arrived(exc):
                    await record(ledger.settle, delivery.id, DeliveryState.UNCONFIRMED, str(exc))
                    report.unconfirmed += 1
                    report.errors.append(f"{chat_id}: {texts.DIGEST_UNCONFIRMED}")
                    return
                await record(ledger.mark_attempt_failed, delivery.id, index)
                server_errors += 1
                server_errors_in_a_row += 1
                if server_errors_in_a_row >= RUN_SERVER_ERRORS:
                    stop.set()
                if server_errors >= MAX_SERVER_ERRORS or stop.is_set():
                    await leave_pending(delivery, str(exc))
                    return
                await sleep(BACKOFF_SECONDS * 2 ** (server_errors - 1))
                continue
            server_errors_in_a_row = 0
            index += 1
            report.messages += 1
            if index < len(parts):
                await record(ledger.mark_part_sent, delivery.id, index)
        await record(ledger.mark_sent, delivery.id, len(parts), now=now())
        report.sent += 1

    async def worker() -> None:
        while (delivery := await next_delivery()) is not None:
            await deliver(delivery)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(concurrency):
                group.create_task(worker())
    except BaseExceptionGroup as failure:  # an unexpected error stops the run; its leases end and others resume
        raise failure.exceptions[0] from None
    while claimed:  # claimed but not started when the run stopped
        await leave_pending(claimed.popleft(), "körningen avbröts")
    report.remaining = await asyncio.to_thread(ledger.remaining, now=clock())
    return report


async def run_digest(bot: Bot, engine: SearchEngine, settings: Settings, *, run_key: str, now: str,
                     chat_ids: list[int] | None = None, only_this_run: bool = False, **kwargs: Any) -> RunReport:
    """Plan a run (each chat once per run key) and deliver what is pending: of every run, so what an
    earlier run left pending goes now, or (for one chat's /digest) of this run only."""
    planned = await asyncio.to_thread(plan_run, engine, run_key, now=now, send_empty=settings.digest_send_empty,
                                      chat_ids=chat_ids)
    count = await asyncio.to_thread(record_planned, engine.store, run_key, planned, now=now)
    report = await deliver_pending(bot, engine.store, settings, run_key=run_key if only_this_run else None,
                                   **kwargs)
    report.planned = count
    return report


def digest_bot(settings: Settings) -> Bot:
    """A Bot for digests: no automatic retries, so `retry_after` is bounded by the cap here."""
    return Bot(settings.token or "", base_url=f"{settings.api_root}/bot")


async def send_digest_now(engine: SearchEngine, settings: Settings, chat_id: int) -> RunReport:
    """Send one chat its digest now, for what is new since its last one (/digest)."""
    stamp = _stamp()
    async with digest_bot(settings) as bot:
        return await run_digest(bot, engine, settings, run_key=f"manual:{chat_id}:{stamp}", now=stamp,
                                chat_ids=[chat_id], only_this_run=True)


async def _scheduled(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The weekly JobQueue job."""
    services = context.application.bot_data["services"]
    settings: Settings = services.settings
    now = datetime.now(UTC)
    async with digest_bot(settings) as bot:
        report = await run_digest(bot, services.engine, settings, run_key=run_key_for(now, settings.timezone),
                                  now=now.replace(microsecond=0).isoformat())
    log.info(report.summary())


def schedule_digest(application: Application, settings: Settings) -> None:
    """Schedule the weekly digest in the application's JobQueue (weekday and local time from settings)."""
    if application.job_queue is None:
        log.warning("JobQueue saknas; veckobrevet schemaläggs inte")
        return
    hour, minute = (int(p) for p in settings.digest_time.split(":"))
    at = dtime(hour, minute, tzinfo=ZoneInfo(settings.timezone))
    # PTB counts days from Sunday = 0; settings count from Monday = 0.
    application.job_queue.run_daily(_scheduled, time=at, days=((settings.digest_day + 1) % 7,), name="digest")
