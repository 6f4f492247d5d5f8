"""Configuration from the environment (and a `.env` file), documented in `.env.example`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values


def default_db_path(env: Mapping[str, str]) -> Path:
    """Return $NAMNDBOT_DB, else namndbot.db in the user's data directory."""
    if env.get("NAMNDBOT_DB"):
        return Path(env["NAMNDBOT_DB"]).expanduser()
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "namndbot" / "namndbot.db"


@dataclass(frozen=True)
class Settings:
    """Everything namndbot reads from its environment."""

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

    @property
    def api_root(self) -> str:
        """Return the Bot API server without the trailing /bot, whichever form was configured."""
        return (self.base_url or "https://api.telegram.org").rstrip("/").removesuffix("/bot")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, env_file: Path | None = Path(".env")) -> Settings:
        """Read settings from a mapping (default: os.environ over the values of `.env`)."""
        if env is None:
            file_values = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if env_file else {}
            env = {**file_values, **os.environ}
        return cls(
            db_path=default_db_path(env),
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            base_url=env.get("TELEGRAM_API_BASE_URL") or None,
            digest_day=int(env.get("NAMNDBOT_DIGEST_DAY", "0")),
            digest_time=env.get("NAMNDBOT_DIGEST_TIME", "07:00"),
            timezone=env.get("NAMNDBOT_TIMEZONE", "Europe/Stockholm"),
            digest_send_empty=env.get("NAMNDBOT_DIGEST_SEND_EMPTY", "0").lower() in {"1", "true", "ja", "yes"},
            rate_per_minute=int(env.get("NAMNDBOT_RATE_PER_MINUTE", "20")),
            send_rate_global=float(env.get("NAMNDBOT_SEND_RATE", "30")),
            send_rate_chat=float(env.get("NAMNDBOT_SEND_RATE_PER_CHAT", "1")),
            retry_after_cap=float(env.get("NAMNDBOT_RETRY_AFTER_CAP", "60")),
        )
