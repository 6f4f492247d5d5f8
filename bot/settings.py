"""Configuration from the environment (and a `.env` file), read and checked once; see `.env.example`.

Every default lives in the fields of `Settings`. A bad value raises SettingsError with one
Swedish line naming the variable and what it accepts; the command line exits 2 on it.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """A configuration value that cannot be used; the message is one Swedish line."""


def default_db_path(env: Mapping[str, str]) -> Path:
    """Return $NAMNDBOT_DB, else namndbot.db in the user's data directory."""
    if env.get("NAMNDBOT_DB"):
        return Path(env["NAMNDBOT_DB"]).expanduser()
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "namndbot" / "namndbot.db"


def _weekday(name: str, raw: str) -> int:
    if raw.strip() in {str(d) for d in range(7)}:
        return int(raw)
    raise SettingsError(f"{name}: ”{raw}” är inte en veckodag 0–6 (0 = måndag)")


def _clock(name: str, raw: str) -> str:
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", raw)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise SettingsError(f"{name}: ”{raw}” är inte en tid TT:MM (00:00–23:59)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _timezone(name: str, raw: str) -> str:
    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"{name}: ”{raw}” är ingen känd tidszon (t.ex. Europe/Stockholm)") from None
    return raw.strip()


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "ja", "yes"}:
        return True
    if value in {"0", "false", "nej", "no", ""}:
        return False
    raise SettingsError(f"{name}: ”{raw}” ska vara 1 eller 0")


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise SettingsError(f"{name}: ”{raw}” ska vara ett heltal 1 eller större")
    return value


def _positive_rate(name: str, raw: str) -> float:
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise SettingsError(f"{name}: ”{raw}” ska vara ett tal större än 0 (meddelanden per sekund)")
    return value


def _log_level(name: str, raw: str) -> str:
    value = raw.strip().upper()
    if value not in LOG_LEVELS:
        raise SettingsError(f"{name}: ”{raw}” är ingen loggnivå ({', '.join(LOG_LEVELS)})")
    return value


def _sites(name: str, raw: str) -> str:
    from knowledge.pages.sync import SyncError, parse_sites

    try:
        parse_sites(raw)
    except SyncError as exc:
        raise SettingsError(f"{name}: {exc}") from None
    return raw.strip()


def _text(name: str, raw: str) -> str | None:
    return raw.strip() or None


@dataclass(frozen=True)
class Settings:
    """Everything namndbot reads from its environment, checked; the field defaults are the only defaults."""

    db_path: Path
    token: str | None = None
    base_url: str | None = None
    digest_day: int = 0  # Monday
    digest_time: str = "07:00"
    timezone: str = "Europe/Stockholm"
    digest_send_empty: bool = False
    rate_per_minute: int = 20
    send_rate_global: float = 30.0
    send_rate_chat: float = 1.0
    retry_after_cap: float = 60.0  # seconds the digest waits when Telegram asks; beyond, the chat waits a run
    log_level: str = "INFO"
    sites: str = ""  # "URL" or "ORGANISATION=URL", separated by commas; empty: the four platforms
    sync_enabled: bool = True
    sync_time: str = "05:30"

    @property
    def api_root(self) -> str:
        """Return the Bot API server without the trailing /bot, whichever form was configured."""
        return (self.base_url or "https://api.telegram.org").rstrip("/").removesuffix("/bot")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, env_file: Path | None = Path(".env")) -> Settings:
        """Read and check settings from a mapping (default: os.environ over the values of `.env`)."""
        if env is None:
            file_values = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if env_file else {}
            env = {**file_values, **os.environ}
        values: dict[str, Any] = {"db_path": default_db_path(env)}
        for field in fields(cls):
            if field.name in _VARIABLES:
                variable, read = _VARIABLES[field.name]
                raw = env.get(variable)
                if raw is not None and (raw.strip() or read is _text):
                    values[field.name] = read(variable, raw)
        return cls(**values)


# field → (environment variable, how its text is read and checked)
_VARIABLES: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "token": ("TELEGRAM_BOT_TOKEN", _text),
    "base_url": ("TELEGRAM_API_BASE_URL", _text),
    "digest_day": ("NAMNDBOT_DIGEST_DAY", _weekday),
    "digest_time": ("NAMNDBOT_DIGEST_TIME", _clock),
    "timezone": ("NAMNDBOT_TIMEZONE", _timezone),
    "digest_send_empty": ("NAMNDBOT_DIGEST_SEND_EMPTY", _flag),
    "rate_per_minute": ("NAMNDBOT_RATE_PER_MINUTE", _positive_int),
    "send_rate_global": ("NAMNDBOT_SEND_RATE", _positive_rate),
    "send_rate_chat": ("NAMNDBOT_SEND_RATE_PER_CHAT", _positive_rate),
    "retry_after_cap": ("NAMNDBOT_RETRY_AFTER_CAP", _positive_rate),
    "log_level": ("NAMNDBOT_LOG_LEVEL", _log_level),
    "sites": ("NAMNDBOT_SITES", _sites),
    "sync_enabled": ("NAMNDBOT_SYNC", _flag),
    "sync_time": ("NAMNDBOT_SYNC_TIME", _clock),
}


class OneLineFormatter(logging.Formatter):
    """Format a record, traceback included, as one line, so each event is one line of the log."""

    def format(self, record: logging.LogRecord) -> str:
        return " ⏎ ".join(line for line in super().format(record).splitlines() if line.strip())


def configure_logging(level: str) -> None:
    """Log one line per event to standard error, at the given level."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would log the token
