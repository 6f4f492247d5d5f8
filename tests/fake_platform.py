"""A fake meeting platform on 127.0.0.1 for the sync tests, built from the bundled pages.

It serves what the real platforms serve, as HTML: a committee list at `/committees`, a page
per committee listing its meetings newest first with paging (`?page=2`), and a page per
meeting at `/committees/<slug>/mote-YYYY-MM-DD` holding the bundled text. Every page has an
ETag and answers a matching `If-None-Match` with 304. It runs its own event loop in a thread,
so the synchronous sync code can be called from a test directly. Switches make it answer
badly: 500 a few times, a fixed status (404), a redirect, robots.txt rules, a 20 MB page,
a PDF, and an endpoint that never answers.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from knowledge.pages.sources import committee_name_from_slug

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "knowledge" / "sample_data"
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"


@dataclass
class Request:
    """One request the platform received."""

    path: str  # with the query string
    at: float  # time.monotonic() on arrival
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str

    @property
    def conditional(self) -> bool:
        return bool(self.if_none_match or self.if_modified_since)


def bundled_meetings() -> dict[tuple[str, str], str]:
    """Return every bundled page that has a committee and a date: (slug, date) → text."""
    pages: dict[tuple[str, str], str] = {}
    for manifest in sorted(SAMPLE_DATA.glob("*/INDEX.tsv")):
        with manifest.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row.get("committee_slug") and row.get("meeting_date"):
                    key = (row["committee_slug"], row["meeting_date"])
                    pages.setdefault(key, (manifest.parent / row["filename"]).read_text(encoding="utf-8-sig"))
    return pages


@dataclass
class FakePlatform:
    """The platform's pages and switches; `site_url` is where sync starts."""

    meetings: dict[tuple[str, str], str] = field(default_factory=bundled_meetings)
    names: dict[str, str] = field(default_factory=dict)  # slug → display name (default: from the slug)
    per_page: int = 3
    prefix: str = ""  # e.g. "/sv"
    robots: str = "User-agent: *\nDisallow: /admin\n"
    fail_times: dict[str, int] = field(default_factory=dict)  # path → answer 500 this many more times
    status: dict[str, int] = field(default_factory=dict)  # path → always answer with this status
    redirects: dict[str, str] = field(default_factory=dict)  # path → Location
    huge: set[str] = field(default_factory=set)  # paths answered with a 20 MB page
    hang: set[str] = field(default_factory=set)  # paths that never answer
    extra_links: list[str] = field(default_factory=list)  # more links on the committee list
    requests: list[Request] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._stopping: asyncio.Event | None = None

    # -- test controls ------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def site_url(self) -> str:
        return f"{self.base}{self.prefix}/committees"

    def meeting_path(self, slug: str, day: str) -> str:
        return f"{self.prefix}/committees/{slug}/mote-{day}"

    def meeting_url(self, slug: str, day: str) -> str:
        return self.base + self.meeting_path(slug, day)

    def name(self, slug: str) -> str:
        return self.names.get(slug) or committee_name_from_slug(slug)

    def paths(self) -> list[str]:
        """Return the paths requested, in order."""
        return [r.path for r in self.requests]

    # -- the pages ----------------------------------------------------------------------------

    def _page(self, title: str, body: str, *, aside: str = "") -> str:
        return (
            f'<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'</head>\n<body><header><nav><a href="{self.prefix}/committees">Nämnder</a> '
            f'<a href="/om">Om webbplatsen</a> <a href="mailto:info@example.org">Kontakt</a></nav></header>\n'
            f"<main>{body}</main>\n<footer>{aside}<a href=\"https://example.org/\">Regionen</a></footer></body></html>\n"
        )

    def _committee_list(self) -> str:
        slugs = sorted({slug for slug, _ in self.meetings})
        items = "".join(
            f'<li><a href="{self.prefix}/committees/{slug}">{html.escape(self.name(slug))}</a></li>' for slug in slugs
        )
        extra = "".join(f'<li><a href="{link}">{html.escape(link)}</a></li>' for link in self.extra_links)
        return self._page("Nämnder", f"<h1>Nämnder och styrelser</h1><ul>{items}{extra}</ul>")

    def _committee(self, slug: str, page: int) -> str | None:
        days = sorted((d for s, d in self.meetings if s == slug), reverse=True)
        if not days:
            return None
        shown = days[(page - 1) * self.per_page : page * self.per_page]
        links = "".join(
            f'<li><a href="{self.meeting_path(slug, d)}">Möte {d}</a></li>' for d in shown
        )
        more = (
            f'<a href="{self.prefix}/committees/{slug}?page={page + 1}">Äldre möten</a>'
            if page * self.per_page < len(days) else ""
        )
        name = html.escape(self.name(slug))
        return self._page(name, f'<h1>{name}</h1><ul>{links}</ul>{more}'
                                f'<a href="#top">Till toppen</a> <a href="{self.prefix}/committees">Alla nämnder</a>')

    def _meeting(self, slug: str, day: str) -> str | None:
        text = self.meetings.get((slug, day))
        if text is None:
            return None
        name = html.escape(self.name(slug))
        return self._page(
            f"{name} – möte {day}",
            f"<pre>{html.escape(text)}</pre>",
            aside=f'<a href="{self.meeting_path(slug, day)}/protokoll.pdf">Protokoll (PDF)</a> ',
        )

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs
        self.requests.append(Request(path, time.monotonic(), request.headers.get("If-None-Match"),
                                     request.headers.get("If-Modified-Since"), request.headers.get("User-Agent", "")))
        if request.path in self.hang and self._stopping is not None:
            await self._stopping.wait()
            return web.Response(status=503)
        if self.fail_times.get(request.path, 0) > 0:
            self.fail_times[request.path] -= 1
            return web.Response(status=500, text="tillfälligt fel")
        if request.path in self.status:
            return web.Response(status=self.status[request.path], text="fel")
        if request.path in self.redirects:
            raise web.HTTPFound(self.redirects[request.path])
        if request.path == "/robots.txt":
            return web.Response(text=self.robots, content_type="text/plain")
        if request.path in self.huge:
            return web.Response(body=b"<html><body>" + b"x" * (20 * 1024 * 1024) + b"</body></html>",
                                content_type="text/html")
        if request.path.endswith((".pdf", "/dokument")):
            return web.Response(body=b"%PDF-1.4\n" + b"0" * 1000, content_type="application/pdf")
        body = self._route(request)
        if body is None:
            return web.Response(status=404, text="finns inte")
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        return web.Response(text=body, content_type="text/html", charset="utf-8", headers=headers)

    def _route(self, request: web.Request) -> str | None:
        path = request.path
        if self.prefix and path.startswith(self.prefix + "/"):
            path = path[len(self.prefix):]
        parts = [p for p in path.split("/") if p]
        if parts == ["committees"]:
            return self._committee_list()
        if len(parts) == 2 and parts[0] == "committees":
            try:
                page = max(1, int(request.query.get("page", "1")))
            except ValueError:
                return None
            return self._committee(parts[1], page)
        if len(parts) == 3 and parts[0] == "committees" and parts[2].startswith("mote-"):
            return self._meeting(parts[1], parts[2].removeprefix("mote-"))
        return None

    # -- the server ---------------------------------------------------------------------------

    async def _start(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _stop(self) -> None:
        if self._stopping is not None:
            self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def start(self) -> FakePlatform:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
