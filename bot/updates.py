"""Long polling that survives a malformed update: it is logged and skipped, the next one is answered.

PTB parses a whole batch of updates at once; one update it cannot parse fails the batch,
and the poller asks for the same batch again, forever. Here each update is parsed on its
own, and one that cannot be becomes an empty update with its id, so the offset moves on.
"""

from __future__ import annotations

import datetime as dtm
import logging
from collections.abc import Sequence
from typing import Any, cast

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.ext import ApplicationBuilder, ExtBot
from telegram.ext._utils.types import BD, CCT, CD, JQ, UD

log = logging.getLogger("namndbot")


class TolerantBot(ExtBot[Any]):
    """An ExtBot whose get_updates skips updates it cannot parse instead of failing the batch."""

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        base_read = self._request[0].read_timeout or 0 if read_timeout is DEFAULT_NONE else (read_timeout or 0)
        seconds = timeout.total_seconds() if isinstance(timeout, dtm.timedelta) else (timeout or 0)
        data: JSONDict = {"timeout": timeout, "offset": offset, "limit": limit, "allowed_updates": allowed_updates}
        result = cast("list[JSONDict]", await self._post(
            "getUpdates", data, read_timeout=float(base_read) + seconds, write_timeout=write_timeout,
            connect_timeout=connect_timeout, pool_timeout=pool_timeout, api_kwargs=api_kwargs,
        ))
        updates = []
        for raw in result or []:
            try:
                update = Update.de_json(raw, self)
            except Exception as exc:  # any parse failure of one update
                update_id = raw.get("update_id") if isinstance(raw, dict) else None
                log.warning("Hoppar över en uppdatering som inte gick att läsa (id %s): %s", update_id, exc)
                if not isinstance(update_id, int):
                    continue
                update = Update(update_id)
            if update is not None:
                self.insert_callback_data(update)
                updates.append(update)
        return tuple(updates)


class TolerantApplicationBuilder(ApplicationBuilder[ExtBot[Any], CCT, UD, CD, BD, JQ]):
    """An ApplicationBuilder that builds a TolerantBot."""

    def _build_ext_bot(self) -> ExtBot[Any]:
        if isinstance(self._token, DefaultValue):
            raise RuntimeError("No bot token was set.")
        return TolerantBot(
            token=self._token,
            base_url=DefaultValue.get_value(self._base_url),
            base_file_url=DefaultValue.get_value(self._base_file_url),
            private_key=DefaultValue.get_value(self._private_key),
            private_key_password=DefaultValue.get_value(self._private_key_password),
            defaults=DefaultValue.get_value(self._defaults),
            arbitrary_callback_data=DefaultValue.get_value(self._arbitrary_callback_data),
            request=self._build_request(get_updates=False),
            get_updates_request=self._build_request(get_updates=True),
            rate_limiter=DefaultValue.get_value(self._rate_limiter),
            local_mode=DefaultValue.get_value(self._local_mode),
        )
