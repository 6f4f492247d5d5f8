"""`namndbot sync` against a fake platform on 127.0.0.1, and the store commands beside it."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings, SettingsError
from knowledge.digest import add_subscription, interpret_subscription
from knowledge.pages.parser import parse_meeting_page
from knowledge.pages.sync import (
    Progress,
    SyncReport,
    parse_site,
    parse_sites,
    render_report,
    sync_sites,
    user_agent,
)
from knowledge.search.engine import SearchEngine
from knowledge.store import Store
from tests.fake_platform import FakePlatform, bundled_meetings

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)  # recent: 2025-12-03 and 2026-02-10; the rest is older
RECENT = ("regionstyrelse", "2025-12-03")
FUTURE = ("regionfullmaktige", "2026-02-10")
OLD = ("servicenamnd", "2024-04-04")
GOLDEN = Path(__file__).parent / "golden" / "pages"


@pytest.fixture
def fake() -> Iterator[FakePlatform]:
    """A platform with three committees' meetings (two of them paged), the recent, future and old ones among them."""
    meetings = {key: text for key, text in bundled_meetings().items()
                if key[0] in {"regionstyrelse", "servicenamnd"} or key == FUTURE}
    platform = FakePlatform(meetings=meetings, names={"servicenamnd": "Servicenämnden i Testregion"}).start()
    yield platform
    platform.stop()


@pytest.fixture
def whole() -> Iterator[FakePlatform]:
    """A platform with every bundled page that has a committee and a date."""
    platform = FakePlatform(names={"servicenamnd": "Servicenämnden i Testregion"}).start()
    yield platform
    platform.stop()


class Sleeps:
    """A sleep that only records how long it was asked to wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def sync(store: Store, fake: FakePlatform, **kw: object) -> SyncReport:
    options: dict[str, object] = {"now": NOW, "delay": 0.0, "timeout": 2.0, "sleep": Sleeps()}
    options.update(kw)
    return sync_sites(store, [parse_site(f"Testregion={fake.site_url}")], **options)  # type: ignore[arg-type]


def item_ids(store: Store, url: str) -> dict[str, int]:
    rows = store.query("SELECT i.key, i.id FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE m.url = ?",
                       (url,))
    return {r["key"]: r["id"] for r in rows}


def test_first_sync_stores_every_meeting_as_ingest_would(whole: FakePlatform, store: Store) -> None:
    fake = whole
    report = sync(store, fake)
    site = report.sites[0]
    assert report.exit_status == 0, render_report(report)
    assert site.meetings_new == site.meetings_found == len(fake.meetings)
    stored = {r["url"]: r for r in store.query("SELECT * FROM meetings")}
    assert set(stored) == {fake.meeting_url(slug, day) for slug, day in fake.meetings}
    for (slug, day), text in fake.meetings.items():
        row = stored[fake.meeting_url(slug, day)]
        assert (row["committee_slug"], row["meeting_date"], row["organisation"]) == (slug, day, "Testregion")
        count = store.query("SELECT count(*) FROM items WHERE meeting_id = ? AND parent_id IS NULL", (row["id"],))
        assert count[0][0] == len(parse_meeting_page(text).items), slug
    # the committee's display name comes from its page, not from the slug
    assert stored[fake.meeting_url(*OLD)]["committee_name"] == "Servicenämnden i Testregion"
    agents = {r.user_agent for r in fake.requests}
    assert agents == {user_agent()} and user_agent().startswith("namndbot/0.") and "(+https://" in user_agent()
    assert site.items_added == store.counts()["items"]


def test_second_sync_sends_only_conditional_requests_and_changes_nothing(fake: FakePlatform, store: Store) -> None:
    sync(store, fake)
    before = (store.counts(), store.generation(), store.current_seq())
    seen = len(fake.requests)
    report = sync(store, fake)
    again = fake.requests[seen:]
    assert report.exit_status == 0
    assert (store.counts(), store.generation(), store.current_seq()) == before
    assert all(r.conditional for r in again if r.path != "/robots.txt")
    meeting_paths = {r.path for r in again if "/mote-" in r.path}
    assert meeting_paths == {fake.meeting_path(*RECENT), fake.meeting_path(*FUTURE)}  # older ones not asked for
    site = report.sites[0]
    assert site.pages_fetched == 0 and site.meetings_new == site.meetings_updated == 0
    assert site.meetings_old == len(fake.meetings) - 2


def test_full_sync_fetches_old_meetings_again_without_changing_them(fake: FakePlatform, store: Store) -> None:
    sync(store, fake)
    seen = len(fake.requests)
    report = sync(store, fake, full=True)
    assert {r.path for r in fake.requests[seen:] if "/mote-" in r.path} == {
        fake.meeting_path(slug, day) for slug, day in fake.meetings
    }
    assert report.sites[0].meetings_unchanged == len(fake.meetings)


def test_new_meeting_appears_after_the_next_sync_and_in_the_digest(fake: FakePlatform, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "sync.db"
    with Store(db) as store:
        sync(store, fake)
        engine = SearchEngine(store)
        kind, value, label = interpret_subscription(engine, "städtjänster", now=NOW.date())
        add_subscription(store, 555, kind, value, label, now=NOW.isoformat())
    fake.meetings[("servicenamnd", "2026-01-12")] = (GOLDEN / "servicenamnd__2025-09-23.txt").read_text(
        encoding="utf-8")
    with Store(db) as store:
        report = sync(store, fake)
        assert report.sites[0].meetings_new == 1 and report.sites[0].items_added > 0
    capsys.readouterr()
    assert main(["--db", str(db), "digest", "--dry-run", "--now", "2026-01-19T07:00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert "--- chatt 555 ---" in out and "städtjänster" in out
    assert fake.meeting_url("servicenamnd", "2026-01-12") in out


def test_changed_recent_page_is_updated_in_place(fake: FakePlatform, store: Store) -> None:
    sync(store, fake)
    url = fake.meeting_url(*RECENT)
    ids = item_ids(store, url)
    seqs = {r["id"]: r["seq"] for r in store.query("SELECT id, seq FROM items")}
    fake.meetings[RECENT] = fake.meetings[RECENT].replace("Ekonomisk månadsrapport per okt 2025",
                                                          "Ekonomisk månadsrapport per oktober 2025")
    report = sync(store, fake)
    site = report.sites[0]
    assert site.meetings_updated == 1 and site.items_updated == 1 and site.items_added == 0
    after = item_ids(store, url)
    assert after == ids  # the same items under the same ids, the changed one included
    changed = store.query("SELECT id FROM items WHERE body LIKE '%per oktober 2025%' OR title LIKE '%per oktober 2025%'")
    assert len(changed) == 1
    newer = {r["id"] for r in store.query("SELECT id, seq FROM items") if r["seq"] != seqs[r["id"]]}
    assert newer == {changed[0]["id"]}  # only the changed item is new for the digest
    assert store.query("SELECT count(*) FROM meetings")[0][0] == len(fake.meetings)


def test_a_meeting_announced_without_items_is_counted_not_stored_and_not_a_failure(fake: FakePlatform,
                                                                                   store: Store) -> None:
    fake.meetings[("servicenamnd", "2026-02-20")] = "Hoppa över navigering\nIngen kallelse har publicerats\n"
    report = sync(store, fake)
    assert report.exit_status == 0 and report.sites[0].meetings_empty == 1
    assert store.find_meeting(fake.meeting_url("servicenamnd", "2026-02-20")) is None
    again = sync(store, fake)
    assert again.sites[0].meetings_empty == 0 and again.sites[0].not_modified >= 1  # not parsed again
    assert "utan ärenden" not in "\n".join(render_report(again))


def test_a_500_that_recovers_is_retried_with_backoff(fake: FakePlatform, store: Store) -> None:
    path = fake.meeting_path(*OLD)
    fake.fail_times[path] = 2
    sleeps = Sleeps()
    report = sync(store, fake, sleep=sleeps)
    assert report.exit_status == 0
    assert fake.paths().count(path) == 3
    assert len(sleeps.calls) == 2 and sleeps.calls[1] > sleeps.calls[0] > 0
    assert store.query("SELECT count(*) FROM meetings WHERE url = ?", (fake.meeting_url(*OLD),))[0][0] == 1


def test_a_stored_meeting_that_now_answers_404_or_500_is_kept(fake: FakePlatform, store: Store) -> None:
    sync(store, fake)
    before = store.query("SELECT * FROM items ORDER BY id")
    fake.status[fake.meeting_path(*RECENT)] = 404
    fake.fail_times[fake.meeting_path(*FUTURE)] = 99
    seen = len(fake.requests)
    report = sync(store, fake)
    assert report.exit_status == 1
    failed = dict(report.sites[0].failed)
    assert "404" in failed[fake.meeting_url(*RECENT)] and "500" in failed[fake.meeting_url(*FUTURE)]
    assert fake.paths()[seen:].count(fake.meeting_path(*RECENT)) == 1  # a 4xx is not retried
    assert fake.paths()[seen:].count(fake.meeting_path(*FUTURE)) == 3
    assert [tuple(r) for r in store.query("SELECT * FROM items ORDER BY id")] == [tuple(r) for r in before]
    assert "misslyckades: " + fake.meeting_url(*RECENT) in "\n".join(render_report(report))


def test_pages_disallowed_by_robots_txt_are_never_requested(fake: FakePlatform, store: Store) -> None:
    fake.robots = "User-agent: *\nDisallow: /committees/servicenamnd\n"
    report = sync(store, fake)
    assert not [p for p in fake.paths() if p.startswith("/committees/servicenamnd")]
    assert [u for u, _ in report.sites[0].skipped] == [f"{fake.base}/committees/servicenamnd"]
    assert not store.query("SELECT 1 FROM meetings WHERE committee_slug = 'servicenamnd'")


def test_a_redirect_to_another_host_is_not_followed(fake: FakePlatform, store: Store) -> None:
    fake.redirects[fake.meeting_path(*OLD)] = f"http://localhost:{fake.port}/committees/elsewhere/mote-2024-04-04"
    report = sync(store, fake)
    assert "/committees/elsewhere/mote-2024-04-04" not in fake.paths()
    reason = dict(report.sites[0].skipped)[fake.meeting_url(*OLD)]
    assert "annan värd" in reason and "localhost" in reason
    assert store.counts()["meetings"] == len(fake.meetings) - 1


def test_a_huge_page_and_a_pdf_are_skipped_and_reported(fake: FakePlatform, store: Store) -> None:
    fake.huge.add(fake.meeting_path(*OLD))
    fake.extra_links += ["/committees/handlingar/arsplan.pdf", "/committees/servicenamnd/dokument"]
    report = sync(store, fake)
    skipped = dict(report.sites[0].skipped)
    assert "större än 5 MB" in skipped[fake.meeting_url(*OLD)]
    assert "inte HTML (application/pdf)" in skipped[f"{fake.base}/committees/servicenamnd/dokument"]
    assert "/committees/handlingar/arsplan.pdf" not in fake.paths()  # a document link is not even requested
    assert report.exit_status == 0 and store.counts()["meetings"] == len(fake.meetings) - 1
    assert "hoppade över: " + fake.meeting_url(*OLD) in "\n".join(render_report(report))


def test_a_page_that_never_answers_times_out_and_the_rest_is_stored(fake: FakePlatform, store: Store) -> None:
    fake.hang.add(fake.meeting_path(*OLD))
    report = sync(store, fake, timeout=0.2)
    assert report.exit_status == 1
    assert "svarar inte" in dict(report.sites[0].failed)[fake.meeting_url(*OLD)]
    assert fake.paths().count(fake.meeting_path(*OLD)) == 3
    assert store.counts()["meetings"] == len(fake.meetings) - 1


def test_a_site_that_never_answers_exits_2_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/committees"
        result = subprocess.run(
            [sys.executable, "-m", "bot", "--db", str(tmp_path / "x.db"), "sync", "--site", url, "--delay", "0",
             "--timeout", "0.2"], capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 2, result.stderr
    assert f"127.0.0.1: gick inte att läsa – {url}: svarar inte (tidsgränsen nåddes)" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == f"fel: {url}: svarar inte (tidsgränsen nåddes)"
    assert "Traceback" not in result.stderr


def test_the_delay_between_requests_is_kept(fake: FakePlatform, store: Store) -> None:
    sync(store, fake, delay=0.2, sleep=time.sleep, max_pages=5)
    times = [r.at for r in fake.requests]
    assert len(times) == 6  # robots.txt and five pages
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.19


def test_meeting_pages_under_a_language_prefix_and_a_page_limit(store: Store) -> None:
    meetings = {key: text for key, text in bundled_meetings().items() if key[0] == "regionstyrelse"}
    fake = FakePlatform(meetings=meetings, prefix="/sv").start()
    try:
        report = sync(store, fake)
        assert report.sites[0].meetings_new == len(fake.meetings)
        assert store.query("SELECT url FROM meetings LIMIT 1")[0][0].startswith(f"{fake.base}/sv/committees/")
        limited = sync(store, fake, max_pages=3, full=True)
        assert limited.sites[0].page_limit_reached
        assert "gränsen för antal sidor" in "\n".join(render_report(limited))
    finally:
        fake.stop()


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise(fake: FakePlatform, store: Store) -> None:
    import io

    plain, bar = io.StringIO(), io.StringIO()
    sync(store, fake, progress=Progress(plain, tty=False), max_pages=4)
    assert plain.getvalue().splitlines()[0] == f"Testregion: 1/1 {fake.site_url} ok"
    sync(store, fake, progress=Progress(bar, tty=True), max_pages=4)
    assert "\rTestregion: [" in bar.getvalue() and "sidor" in bar.getvalue()


def test_sites_from_options_and_settings() -> None:
    assert parse_site("https://moten.lg.se/committees").organisation == "Region Gävleborg"
    assert parse_site("Kommunen X=https://example.org/committees?a=b").organisation == "Kommunen X"
    assert parse_site("https://example.org").url == "https://example.org/"
    sites = parse_sites("https://moten.lg.se/committees, Region Test=http://127.0.0.1:1/committees")
    assert [s.label for s in sites] == ["Region Gävleborg", "Region Test"]
    assert Settings.from_env({}, env_file=None).sync_time == "05:30"
    assert not Settings.from_env({"NAMNDBOT_SYNC": "0"}, env_file=None).sync_enabled
    for variable, value in [("NAMNDBOT_SITES", "ftp://x"), ("NAMNDBOT_SYNC_TIME", "25:00"), ("NAMNDBOT_SYNC", "kanske")]:
        with pytest.raises(SettingsError, match=variable):
            Settings.from_env({variable: value}, env_file=None)


def test_cli_sync_then_meetings_and_forget(fake: FakePlatform, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "sync", "--site", f"Testregion={fake.site_url}", "--delay", "0"]) == 0
    out = capsys.readouterr().out
    assert f"möten: {len(fake.meetings)} hittade, {len(fake.meetings)} nya" in out
    assert main(["--db", db, "sync", "--site", "ftp://nope"]) == 2
    assert "ogiltig webbplats" in capsys.readouterr().err

    assert main(["--db", db, "meetings", "--committee", "servicenamnd", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {m["date"] for m in listed} == {d for s, d in fake.meetings if s == "servicenamnd"}
    first = listed[0]
    assert first["organisation"] == "Testregion" and first["items"] > 0 and first["last_fetched"]
    assert main(["--db", db, "meetings"]) == 0
    assert f"{len(fake.meetings)} möten." in capsys.readouterr().out

    url = fake.meeting_url(*OLD)
    result = subprocess.run([sys.executable, "-m", "bot", "--db", db, "forget", url], capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 2 and "--yes" in result.stderr
    with Store(db) as store:
        assert store.find_meeting(url) is not None
    code, last = forget_on_a_terminal(db, url, answer="n")
    assert code == 0 and last.endswith("? [j/N] Inget togs bort.")
    with Store(db) as store:
        assert store.find_meeting(url) is not None
    code, last = forget_on_a_terminal(db, url, answer="j")
    assert code == 0 and "[j/N] Tog bort mötet " in last
    assert last.endswith("(Servicenämnden i Testregion, 2024-04-04) med 5 ärenden.")
    with Store(db) as store:
        assert store.find_meeting(url) is None
        assert not store.query("SELECT 1 FROM items i LEFT JOIN meetings m ON m.id = i.meeting_id WHERE m.id IS NULL")
        assert store.fetch_state(url) is None
        fts = store.query("SELECT count(*) FROM items_fts")[0][0]
        assert fts == store.query("SELECT count(*) FROM items")[0][0]
    assert main(["--db", db, "forget", str(first["id"]), "--yes"]) == 0
    assert main(["--db", db, "forget", "999999", "--yes"]) == 2


def forget_on_a_terminal(db: str, url: str, *, answer: str) -> tuple[int, str]:
    """Run `forget` with a terminal on standard input and answer its question."""
    import pty

    main_fd, child_fd = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "bot", "--db", db, "forget", url], stdin=child_fd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        os.close(child_fd)
        os.write(main_fd, f"{answer}\n".encode())
        out, _ = proc.communicate(timeout=60)
    os.close(main_fd)
    return proc.returncode, out.strip().splitlines()[-1]


async def test_the_bot_schedules_the_daily_sync_and_keeps_answering_while_it_runs(fake: FakePlatform,
                                                                                     tmp_path: Path) -> None:
    from bot.app import build_application
    from bot.sync_job import run_sync

    settings = Settings(db_path=tmp_path / "bot.db", token="123:abc", sites=f"Testregion={fake.site_url}",
                        sync_time="04:15")
    with Store(settings.db_path) as store:
        application = build_application(settings, store)
        assert application.job_queue is not None
        (job,) = application.job_queue.get_jobs_by_name("sync")
        trigger = str(job.job.trigger)
        assert "hour='4'" in trigger and "minute='15'" in trigger
        assert str(job.job.trigger.timezone) == "Europe/Stockholm"
        off = build_application(Settings(db_path=settings.db_path, token="123:abc", sync_enabled=False), store)
        assert off.job_queue is not None and not off.job_queue.get_jobs_by_name("sync")

        # the job's work runs in a thread: the event loop keeps turning meanwhile
        ticks = 0
        task = asyncio.create_task(asyncio.to_thread(run_sync, store, settings, now=NOW, delay=0))
        while not task.done():
            await asyncio.sleep(0.005)
            ticks += 1
        report = await task
        assert report.sites[0].meetings_new == len(fake.meetings) and ticks > 5
        assert date.fromisoformat(store.query("SELECT max(meeting_date) FROM meetings")[0][0]) > NOW.date()
