"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

It implements the methods the bot uses, records every call, queues updates for long
polling, and can be told to answer a method with an error (429, 403, 400, 5xx), every
time or a number of times, or to accept a call and answer it only after a delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Nämndbot", "username": "namnd_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    migrate_to: int | None = None
    chat_id: int | None = None
    remaining: int = 1


@dataclass
class FakeTelegram:
    """The server's state; `url` is the base to give the bot (…/bot)."""

    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    admins: set[int] = field(default_factory=set)
    delays: dict[str, float] = field(default_factory=dict)
    raw_updates: list[Any] = field(default_factory=list)
    url: str = ""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    _event: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None

    # -- test controls -----------------------------------------------------------------------

    def fail(self, method: str, status: int, description: str, *, retry_after: int | None = None,
             migrate_to: int | None = None, chat_id: int | None = None, times: int = 1) -> None:
        """Answer the next `times` calls of a method (to one chat, if given) with an error."""
        self.failures.setdefault(method, []).append(
            Failure(status, description, retry_after, migrate_to, chat_id, times))

    def slow(self, method: str, seconds: float) -> None:
        """Accept (and record) every call of a method, but answer only after `seconds`."""
        self.delays[method] = seconds

    def push_raw(self, update: Any) -> None:
        """Queue an update exactly as given, malformed or not (it must carry its update_id to be skipped)."""
        self.updates.append(update)
        self._event.set()

    def next_update_id(self) -> int:
        return next(self._ids)

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; return its update_id."""
        update_id = next(self._ids)
        self.updates.append({"update_id": update_id, **update})
        self._event.set()
        return update_id

    def sent(self, method: str = "sendMessage", *, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method
                and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)]

    async def wait_for(self, method: str, count: int = 1, *, timeout: float = 10.0, chat_id: int | None = None
                       ) -> list[dict[str, Any]]:
        """Wait until the bot has made `count` successful calls of a method."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.sent(method, chat_id=chat_id)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.02)
        raise AssertionError(f"{method} called {len(self.sent(method, chat_id=chat_id))} times, wanted {count}; "
                             f"calls: {[c.method for c in self.calls]}")

    # -- building updates ----------------------------------------------------------------------

    def message(self, text: str | None, *, chat_id: int = 100, user_id: int = 100, chat_type: str = "private",
                reply_to_bot: bool = False, edited: bool = False, extra: dict[str, Any] | None = None) -> int:
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type, **({"title": "Gruppen"} if chat_type != "private" else {})},
            "from": {"id": user_id, "is_bot": False, "first_name": "Anna"},
        }
        if text is not None:
            msg["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
            if f"@{BOT_USER['username']}" in text:
                start = text.index(f"@{BOT_USER['username']}")
                msg.setdefault("entities", []).append(
                    {"type": "mention", "offset": start, "length": len(BOT_USER["username"]) + 1})
        if reply_to_bot:
            msg["reply_to_message"] = {"message_id": 1, "date": int(time.time()), "chat": msg["chat"],
                                       "from": BOT_USER, "text": "tidigare svar"}
        if edited:
            msg["edit_date"] = int(time.time())
        msg.update(extra or {})
        return self.push({"edited_message" if edited else "message": msg})

    def callback(self, data: str, *, chat_id: int = 100, user_id: int = 100, chat_type: str = "private") -> int:
        return self.push({"callback_query": {
            "id": str(next(self._ids)), "chat_instance": "ci", "data": data,
            "from": {"id": user_id, "is_bot": False, "first_name": "Anna"},
            "message": {"message_id": 999, "date": int(time.time()), "from": BOT_USER, "text": "svar",
                        "chat": {"id": chat_id, "type": chat_type}},
        }})

    def inline(self, query: str, *, user_id: int = 100) -> int:
        return self.push({"inline_query": {"id": str(next(self._ids)), "query": query, "offset": "",
                                           "from": {"id": user_id, "is_bot": False, "first_name": "Anna"}}})

    # -- the server --------------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/bot"
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        params: dict[str, Any] = {}
        for key, value in (await request.post()).items():
            text = str(value)
            if text[:1] in "[{":
                try:
                    params[key] = json.loads(text)
                    continue
                except ValueError:
                    pass
            params[key] = text
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        for failure in self.failures.get(method, []):
            if failure.remaining > 0 and (failure.chat_id is None or int(params.get("chat_id", 0)) == failure.chat_id):
                failure.remaining -= 1
                self.calls.append(Call(f"{method}!{failure.status}", params, time.monotonic()))
                body: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
                if failure.retry_after is not None:
                    body["parameters"] = {"retry_after": failure.retry_after}
                if failure.migrate_to is not None:
                    body["parameters"] = {"migrate_to_chat_id": failure.migrate_to}
                return web.json_response(body, status=failure.status)
        if method == "getUpdates":
            return await self._get_updates(params)
        self.calls.append(Call(method, params, time.monotonic()))
        result = self._result(method, params)
        if self.delays.get(method):
            await asyncio.sleep(self.delays[method])
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while True:
            pending = [u for u in self.updates if int(u.get("update_id", offset)) >= offset]
            if pending or time.monotonic() >= deadline:
                return web.json_response({"ok": True, "result": pending})
            self._event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), timeout=max(0.01, deadline - time.monotonic()))

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in {"sendMessage", "editMessageText"}:
            chat_id = int(params.get("chat_id") or 100)
            return {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                    "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                    "text": params.get("text", "")}
        if method == "getChatMember":
            user_id = int(params["user_id"])
            status = "administrator" if user_id in self.admins else "member"
            member: dict[str, Any] = {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": "A"}}
            if status == "administrator":
                member.update({k: True for k in (
                    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                    "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
                    "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories")})
            return member
        return True
