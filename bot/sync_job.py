"""The daily sync in the bot: read the meeting platforms off the event loop, so the bot keeps answering."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from datetime import time as dtime
from zoneinfo import ZoneInfo

from telegram.ext import Application, ContextTypes

from bot.settings import Settings
from knowledge.pages.sync import (
    DEFAULT_DELAY,
    SyncError,
    SyncReport,
    default_sites,
    parse_sites,
    render_report,
    sync_sites,
)
from knowledge.store import Store, StoreError

log = logging.getLogger("namndbot.sync")


def run_sync(store: Store, settings: Settings, *, now: datetime, delay: float = DEFAULT_DELAY) -> SyncReport:
    """Sync the configured sites (blocking); called in a worker thread."""
    sites = parse_sites(settings.sites) if settings.sites.strip() else default_sites()
    return sync_sites(store, sites, now=now, delay=delay)


async def _scheduled(context: ContextTypes.DEFAULT_TYPE) -> None:
    services = context.application.bot_data["services"]
    try:
        report = await asyncio.to_thread(run_sync, services.store, services.settings, now=datetime.now(UTC))
    except (SyncError, StoreError) as exc:
        log.error("synkningen misslyckades: %s", exc)
        return
    for line in render_report(report):
        log.info("synk: %s", line)


def schedule_sync(application: Application, settings: Settings) -> None:
    """Schedule the daily sync at NAMNDBOT_SYNC_TIME local time, unless NAMNDBOT_SYNC=0."""
    if not settings.sync_enabled:
        return
    if application.job_queue is None:
        log.warning("JobQueue saknas; synkningen schemaläggs inte")
        return
    hour, minute = (int(p) for p in settings.sync_time.split(":"))
    at = dtime(hour, minute, tzinfo=ZoneInfo(settings.timezone))
    application.job_queue.run_daily(_scheduled, time=at, name="sync")
