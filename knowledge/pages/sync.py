"""Keep the store current: read the meeting platforms politely and incrementally.

A site is read breadth first from its start URL, following links on the same host whose
path has a `committees` segment (the committee list, each committee's page, its paging).
A link to `/committees/<slug>/mote-YYYY-MM-DD` is a meeting page; it goes through the same
parser and store as `ingest`, with its URL. The store remembers each URL's ETag,
Last-Modified and content hash, so a rerun sends conditional requests and an unchanged
page is not parsed again. A fetch error never changes what is stored.

Time and waiting are arguments: `now` is given, and the sleep function and clock are
injectable, so a test runs without waiting.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.robotparser
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from html.parser import HTMLParser
from importlib import metadata
from typing import TextIO
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from knowledge.pages.ingest import MAX_PAGE_BYTES, IngestError, decode_page, ingest_text
from knowledge.pages.sources import ORGANISATIONS, SourceError, parse_meeting_url
from knowledge.store import Store
from knowledge.store.fetch import FetchState

RECENT_DAYS = 60  # meetings this recent (or in the future) are fetched on every run
MAX_TRIES = 3
MAX_REDIRECTS = 5
MAX_DEPTH = 6
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 20.0
# The four platforms the sample pages come from; the second Jämtland host holds older meetings.
DEFAULT_SITE_URLS = (
    "https://politiskamoten.regionorebrolan.se/committees",
    "https://meetingsplus.vll.se/committees",
    "https://forum.regionjh.se/committees",
    "https://moten.lg.se/committees",
)
# Links to documents are never requested: they are not meeting pages and can be large.
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".rtf", ".zip",
                     ".jpg", ".jpeg", ".png", ".gif", ".mp3", ".mp4")
_MEETING_PATH = re.compile(r"^(?:/[a-z]{2})?/committees/(?P<slug>[a-z0-9-]+)/mote-(?P<date>\d{4}-\d{2}-\d{2})/?$", re.I)
_COMMITTEE_PATH = re.compile(r"^(?:/[a-z]{2})?/committees/(?P<slug>[a-z0-9-]+)/?$", re.I)
_LISTING_PATH = re.compile(r"(?:^|/)committees(?:/|$)", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
NO_ITEMS = "sidan innehåller inga ärenden"


class SyncError(ValueError):
    """A site given to sync that cannot be used, with the reason in Swedish."""


@dataclass(frozen=True)
class Site:
    """One platform to read: where to start, and whose meetings they are."""

    url: str
    organisation: str | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def label(self) -> str:
        return self.organisation or self.host


def parse_site(value: str) -> Site:
    """Read `URL` or `ORGANISATION=URL`; a known host gets its organisation's name."""
    organisation, _, url = value.strip().partition("=") if "=" in value.split("://", 1)[0] else ("", "", value)
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise SyncError(f"ogiltig webbplats: {value!r} (väntade https://VÄRD/committees eller ”ORGANISATION=URL”)")
    if not parts.path:
        url += "/"
    return Site(url=url, organisation=organisation.strip() or ORGANISATIONS.get(parts.hostname.lower()))


def parse_sites(value: str) -> tuple[Site, ...]:
    """Read a list of sites separated by commas, semicolons or new lines (the `NAMNDBOT_SITES` setting)."""
    return tuple(parse_site(part) for part in re.split(r"[,;\n]", value) if part.strip())


def default_sites() -> tuple[Site, ...]:
    """Return the platforms namndbot reads when nothing else is configured."""
    return tuple(parse_site(url) for url in DEFAULT_SITE_URLS)


def user_agent() -> str:
    """Return `namndbot/<version> (+<project URL>)`, as sites want to know who is reading."""
    try:
        meta = metadata.metadata("namndbot")
        version = meta["Version"]
        urls = [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
    except metadata.PackageNotFoundError:
        version, urls = "0", []
    return f"namndbot/{version} (+{urls[0]})" if urls else f"namndbot/{version}"


# -- fetching ----------------------------------------------------------------------------------


class FetchError(Exception):
    """A URL that could not be fetched; `skipped` when it was refused on purpose (size, type, rules)."""

    def __init__(self, reason: str, *, skipped: bool = False, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.skipped = skipped
        self.retry = retry


@dataclass(frozen=True)
class Fetched:
    """A response: 200 with its body, or 304 with none."""

    url: str
    status: int
    etag: str | None
    last_modified: str | None
    body: bytes = b""
    encoding: str = "utf-8"


class PoliteClient:
    """Fetch pages one at a time per host, with a delay, robots.txt, retries and limits."""

    def __init__(
        self,
        *,
        delay: float = DEFAULT_DELAY,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_PAGE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.delay = max(0.0, delay)
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.clock = clock
        self.agent = agent or user_agent()
        self.requests = 0
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.client = httpx.Client(
            headers={"User-Agent": self.agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        """Wait until `delay` seconds have passed since the last request to this host ended."""
        last = self._last.get(host)
        if last is not None:
            remaining = last + self.delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)

    def load_robots(self, site_url: str) -> None:
        """Fetch and remember a host's robots.txt; raise FetchError when the host does not answer.

        A missing robots.txt (4xx) allows everything; one that keeps failing with 5xx
        forbids everything, as RFC 9309 says.
        """
        host = (urlsplit(site_url).hostname or "").lower()
        robots_url = urljoin(site_url, "/robots.txt")
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            fetched = self._get(robots_url, {}, robots_txt=True)
            parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        except FetchError as exc:
            if exc.retry:  # timeouts, connection errors and 5xx after every try
                raise
            parser.parse([])  # no rules: everything allowed
        self._robots[host] = parser

    def allowed(self, url: str) -> bool:
        """Return whether robots.txt lets namndbot fetch this URL."""
        parser = self._robots.get((urlsplit(url).hostname or "").lower())
        return parser is None or parser.can_fetch(self.agent, url)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """Fetch an HTML page, following redirects on the same host; raise FetchError otherwise."""
        return self._get(url, headers or {})

    def _get(self, url: str, headers: dict[str, str], *, robots_txt: bool = False) -> Fetched:
        host = (urlsplit(url).hostname or "").lower()
        for _ in range(MAX_REDIRECTS + 1):
            if not robots_txt and not self.allowed(url):
                raise FetchError("robots.txt tillåter inte sidan", skipped=True)
            response = self._with_retries(url, headers, robots_txt=robots_txt)
            if isinstance(response, Fetched):
                return response
            target = urldefrag(urljoin(url, response))[0]
            target_host = (urlsplit(target).hostname or "").lower()
            if target_host != host:
                raise FetchError(f"omdirigeras till en annan värd ({target_host}), följs inte", skipped=True)
            url = target
        raise FetchError("för många omdirigeringar")

    def _with_retries(self, url: str, headers: dict[str, str], *, robots_txt: bool) -> Fetched | str:
        """Return the response, or a redirect's Location; retry timeouts and 5xx with backoff."""
        host = (urlsplit(url).hostname or "").lower()
        error = FetchError("okänt fel")
        for attempt in range(MAX_TRIES):
            if attempt:
                self.sleep(max(self.delay, 0.1) * 2 ** (attempt - 1))
            self._wait_turn(host)
            try:
                return self._once(url, headers, robots_txt=robots_txt)
            except FetchError as exc:
                if not exc.retry:
                    raise
                error = exc
            finally:
                self._last[host] = self.clock()
        raise error

    def _once(self, url: str, headers: dict[str, str], *, robots_txt: bool) -> Fetched | str:
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                return self._read(url, response, robots_txt=robots_txt)
        except httpx.TimeoutException:
            raise FetchError("svarar inte (tidsgränsen nåddes)", retry=True) from None
        except httpx.TransportError as exc:
            raise FetchError(f"går inte att nå ({type(exc).__name__})", retry=True) from None

    def _read(self, url: str, response: httpx.Response, *, robots_txt: bool) -> Fetched | str:
        status = response.status_code
        if status in {301, 302, 303, 307, 308} and response.headers.get("location"):
            return response.headers["location"]
        if status >= 500:
            raise FetchError(f"serverfel (HTTP {status})", retry=True)
        if status == 304:
            return Fetched(url, 304, response.headers.get("etag"), response.headers.get("last-modified"))
        if status >= 400 or status != 200:
            raise FetchError(f"HTTP {status}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if not robots_txt and content_type not in _HTML_TYPES:
            raise FetchError(f"inte HTML ({content_type or 'okänd typ'})", skipped=True)
        limit_text = f"större än {self.max_bytes // (1024 * 1024)} MB"
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(limit_text, skipped=True)
        body = bytearray()
        for chunk in response.iter_bytes():
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise FetchError(limit_text, skipped=True)
        return Fetched(url, 200, response.headers.get("etag"), response.headers.get("last-modified"), bytes(body),
                       response.charset_encoding or "utf-8")


# -- reading pages ------------------------------------------------------------------------------


class _LinkParser(HTMLParser):
    """Collect a page's links with their text, and its first <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.title: str | None = None
        self._href: str | None = None
        self._text: list[str] = []
        self._h1: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []
        elif tag == "h1" and self.title is None:
            self._h1 = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        elif tag == "h1" and self._h1 is not None:
            self.title = " ".join("".join(self._h1).split()) or None
            self._h1 = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._h1 is not None:
            self._h1.append(data)


def read_links(html: str, base_url: str) -> tuple[str | None, list[tuple[str, str]]]:
    """Return a page's first heading and its links (absolute, without fragment) with their text."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    links = []
    for href, text in parser.links:
        if href.strip().lower().startswith(("mailto:", "javascript:", "tel:")):
            continue
        links.append((urldefrag(urljoin(base_url, href.strip()))[0], text))
    return parser.title, links


def meeting_link(url: str) -> tuple[str, str] | None:
    """Return (committee slug, date) when the URL is a meeting page, else None."""
    m = _MEETING_PATH.match(urlsplit(url).path)
    return (m.group("slug").lower(), m.group("date")) if m else None


def _followable(url: str, host: str) -> bool:
    parts = urlsplit(url)
    path = parts.path.lower()
    return (
        parts.scheme in {"http", "https"}
        and (parts.hostname or "").lower() == host
        and bool(_LISTING_PATH.search(path))
        and not path.endswith(DOCUMENT_SUFFIXES)
    )


# -- the run ------------------------------------------------------------------------------------


@dataclass
class SiteReport:
    """What one site's sync did."""

    site: Site
    pages_fetched: int = 0
    not_modified: int = 0
    meetings_found: int = 0
    meetings_new: int = 0
    meetings_updated: int = 0
    meetings_unchanged: int = 0
    meetings_empty: int = 0
    meetings_old: int = 0  # older than RECENT_DAYS, fetched before, left alone
    items_added: int = 0
    items_updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unreachable: str | None = None
    page_limit_reached: bool = False


@dataclass
class SyncReport:
    """What a sync run did, site by site."""

    sites: list[SiteReport] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0 when everything worked, 1 when something failed and the rest was stored, 2 when nothing could be done."""
        if self.sites and all(s.unreachable for s in self.sites):
            return 2
        return 1 if any(s.unreachable or s.failed for s in self.sites) else 0


class Progress:
    """Show progress on standard error: a bar on a terminal, plain lines otherwise."""

    def __init__(self, stream: TextIO | None, *, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = bool(stream is not None and (stream.isatty() if tty is None else tty))
        self._width = 0

    def page(self, site: Site, done: int, total: int, url: str, outcome: str) -> None:
        """Report one page handled: `done` of `total` pages found so far."""
        if self.stream is None:
            return
        if self.tty:
            filled = int(20 * done / total) if total else 0
            line = f"\r{site.label}: [{'#' * filled}{'.' * (20 - filled)}] {done}/{total} sidor"
            self.stream.write(line.ljust(self._width))
            self._width = len(line)
        else:
            self.stream.write(f"{site.label}: {done}/{total} {url} {outcome}\n")
        self.stream.flush()

    def end_site(self) -> None:
        if self.stream is not None and self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


def _conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class _Meeting:
    url: str
    slug: str
    date: str


def sync_site(
    store: Store,
    site: Site,
    client: PoliteClient,
    *,
    now: datetime,
    full: bool = False,
    max_pages: int | None = None,
    max_depth: int = MAX_DEPTH,
    progress: Progress | None = None,
) -> SiteReport:
    """Discover a site's meeting pages and store the new and changed ones."""
    report = SiteReport(site)
    now_iso = now.replace(microsecond=0).isoformat()
    progress = progress or Progress(None)
    try:
        client.load_robots(site.url)
    except FetchError as exc:
        report.unreachable = f"{site.url}: {exc.reason}"
        return report
    start_requests = client.requests

    def budget_left() -> bool:
        if max_pages is not None and client.requests - start_requests >= max_pages:
            report.page_limit_reached = True
            return False
        return True

    names: dict[str, str] = {}  # committee slug → display name, from the committee pages
    meetings: dict[str, _Meeting] = {}
    seen = {site.url}
    queue: deque[tuple[str, int]] = deque([(site.url, 0)])
    done = 0
    while queue and budget_left():
        url, depth = queue.popleft()
        state = store.fetch_state(url)
        cached = state is not None and state.links is not None and not full
        try:
            fetched = client.get(url, _conditional(state.etag, state.last_modified) if cached and state else {})
        except FetchError as exc:
            if url == site.url and not exc.skipped:
                report.unreachable = f"{url}: {exc.reason}"
                return report
            (report.skipped if exc.skipped else report.failed).append((url, exc.reason))
            done += 1
            progress.page(site, done, len(seen), url, exc.reason)
            continue
        done += 1
        if fetched.status == 304 and state is not None and state.links is not None:
            report.not_modified += 1
            title, links = state.title, [(u, t) for u, t in json.loads(state.links)]
            store.record_fetch(url, now=now_iso, status="ok")
        else:
            report.pages_fetched += 1
            html = fetched.body.decode(fetched.encoding, "replace")
            title, links = read_links(html, fetched.url)
            store.record_fetch(url, now=now_iso, status="ok", etag=fetched.etag, last_modified=fetched.last_modified,
                               content_hash=_sha(fetched.body), title=title or "", links=json.dumps(links))
        progress.page(site, done, len(seen), url, "ok")
        committee = _COMMITTEE_PATH.match(urlsplit(url).path)
        if committee and title:
            names[committee.group("slug").lower()] = title
        for link, text in links:
            if link in seen or not _followable(link, site.host):
                continue
            seen.add(link)
            found = meeting_link(link)
            if found:
                meetings[link] = _Meeting(link, *found)
                continue
            listed = _COMMITTEE_PATH.match(urlsplit(link).path)
            if listed and text:
                names.setdefault(listed.group("slug").lower(), text)
            if depth + 1 <= max_depth:
                queue.append((link, depth + 1))

    report.meetings_found = len(meetings)
    cutoff = (now.date() - timedelta(days=RECENT_DAYS)).isoformat()
    total = done + len(meetings)
    for meeting in sorted(meetings.values(), key=lambda m: (m.date, m.url), reverse=True):
        if not budget_left():
            break
        state = store.fetch_state(meeting.url)
        known = state is not None and state.content_hash is not None
        if known and meeting.date < cutoff and not full:
            report.meetings_old += 1
            total -= 1
            continue
        done += 1
        outcome = _sync_meeting(store, site, client, meeting, state if known and not full else None, report,
                                now_iso=now_iso, committee_name=names.get(meeting.slug))
        progress.page(site, done, total, meeting.url, outcome)
    progress.end_site()
    return report


def _sync_meeting(
    store: Store,
    site: Site,
    client: PoliteClient,
    meeting: _Meeting,
    known: FetchState | None,
    report: SiteReport,
    *,
    now_iso: str,
    committee_name: str | None,
) -> str:
    """Fetch one meeting page and store it when it changed; return a word for the progress line."""
    try:
        fetched = client.get(meeting.url, _conditional(known.etag, known.last_modified) if known else {})
    except FetchError as exc:
        (report.skipped if exc.skipped else report.failed).append((meeting.url, exc.reason))
        store.record_fetch_error(meeting.url, exc.reason, now=now_iso)
        return exc.reason
    # An unchanged page keeps what it was (a meeting, or one without items yet), whatever failed in between.
    unchanged_status = "empty" if known and known.status == "empty" else "ok"
    if fetched.status == 304:
        report.not_modified += 1
        store.record_fetch(meeting.url, now=now_iso, status=unchanged_status)
        return "oförändrad"
    report.pages_fetched += 1
    digest = _sha(fetched.body)
    if known and known.content_hash == digest:
        report.not_modified += 1
        store.record_fetch(meeting.url, now=now_iso, status=unchanged_status, etag=fetched.etag,
                           last_modified=fetched.last_modified)
        return "oförändrad"
    validators = {"etag": fetched.etag, "last_modified": fetched.last_modified, "content_hash": digest}
    try:
        source = parse_meeting_url(meeting.url)
        if site.organisation:
            source = replace(source, organisation=site.organisation)
        text = decode_page(fetched.body, meeting.url, encoding=fetched.encoding)
        result = ingest_text(store, text, source, name=meeting.url, now=now_iso, committee_name=committee_name)
    except IngestError as exc:
        if exc.reason == NO_ITEMS:  # a meeting announced before its agenda is published
            report.meetings_empty += 1
            store.record_fetch(meeting.url, now=now_iso, status="empty", **validators)
            return "inga ärenden än"
        report.failed.append((meeting.url, exc.reason))
        store.record_fetch_error(meeting.url, exc.reason, now=now_iso)
        return exc.reason
    except SourceError as exc:
        report.failed.append((meeting.url, str(exc)))
        return str(exc)
    store.record_fetch(meeting.url, now=now_iso, status="ok", **validators)
    report.items_added += result.items_added
    report.items_updated += result.items_updated
    if result.status == "added":
        report.meetings_new += 1
    elif result.status == "updated":
        report.meetings_updated += 1
    else:
        report.meetings_unchanged += 1
    return {"added": "ny", "updated": "uppdaterad"}.get(result.status, "oförändrad")


def sync_sites(
    store: Store,
    sites: Sequence[Site],
    *,
    now: datetime,
    full: bool = False,
    max_pages: int | None = None,
    max_depth: int = MAX_DEPTH,
    delay: float = DEFAULT_DELAY,
    timeout: float = DEFAULT_TIMEOUT,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> SyncReport:
    """Sync every site in turn with one polite client; a site that does not answer does not stop the others."""
    report = SyncReport()
    with PoliteClient(delay=delay, timeout=timeout, sleep=sleep, clock=clock, transport=transport) as client:
        for site in sites:
            report.sites.append(sync_site(store, site, client, now=now, full=full, max_pages=max_pages,
                                          max_depth=max_depth, progress=progress))
    return report


def render_report(report: SyncReport) -> list[str]:
    """Return the end-of-run report, a few lines per site, in Swedish."""
    lines: list[str] = []
    for s in report.sites:
        if s.unreachable:
            lines.append(f"{s.site.label}: gick inte att läsa – {s.unreachable}")
            continue
        lines.append(
            f"{s.site.label}: {s.pages_fetched} sidor hämtade, {s.not_modified} oförändrade; "
            f"möten: {s.meetings_found} hittade, {s.meetings_new} nya, {s.meetings_updated} uppdaterade"
            + (f", {s.meetings_empty} utan ärenden än" if s.meetings_empty else "")
            + (f", {s.meetings_old} äldre lämnade orörda" if s.meetings_old else "")
            + f"; ärenden: {s.items_added} nya, {s.items_updated} uppdaterade."
        )
        if s.page_limit_reached:
            lines.append("  gränsen för antal sidor nåddes; resten hämtas nästa gång")
        lines.extend(f"  misslyckades: {url} – {reason}" for url, reason in s.failed)
        lines.extend(f"  hoppade över: {url} – {reason}" for url, reason in s.skipped)
    return lines

