"""Every way of loading data refuses what it cannot trust, and nothing stored changes."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.models import MeetingSource
from knowledge.pages.ingest import ingest_files, ingest_text
from knowledge.pages.sources import parse_meeting_url
from knowledge.pages.sync import parse_site, sync_sites
from knowledge.store import Store, StoreWriteError
from tests.conftest import INGESTED_AT, SEEDS
from tests.fake_platform import FakePlatform

DEV = SEEDS.parent / "dev"
SERVICE = SEEDS / "servicenamnd__2024-05-07.txt"
SERVICE_URL = "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, input=stdin, timeout=120,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


def digest_of(path: Path) -> str:
    # the -shm file is shared memory that every reader rewrites; the database is the file and its WAL
    files = [path, path.with_name(path.name + "-wal")]
    return hashlib.sha256(b"".join(p.read_bytes() for p in files if p.exists())).hexdigest()


@pytest.fixture
def db_copy(sample_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    copy.write_bytes(sample_db.read_bytes())
    return copy


# -- ingest: files ---------------------------------------------------------------------------------


def test_only_regular_files_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)  # opening it must not wait for a writer
    device = tmp_path / "device.txt"
    device.symlink_to("/dev/zero")
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "ingest", str(folder), str(fifo), str(device), "--committee", "servicenamnd"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"fel: {folder}: är en mapp, inte en fil" in err
    assert f"fel: {fifo}: är ingen vanlig fil (en enhet, FIFO eller socket)" in err
    assert f"fel: {device}: är ingen vanlig fil (en enhet, FIFO eller socket)" in err
    with Store(db) as store:
        assert store.counts()["meetings"] == 0


def test_the_size_limit_is_checked_before_reading(tmp_path: Path, store: Store) -> None:
    sparse = tmp_path / "servicenamnd__2024-05-07.txt"
    with sparse.open("wb") as f:
        f.truncate(50 * 1024**3)  # 50 GB that would take minutes to read
    report = ingest_files(store, [sparse], now=INGESTED_AT)
    assert [str(e) for e in report.errors] == [f"{sparse}: filen är för stor för en mötessida (över 5 MB)"]
    assert store.counts()["meetings"] == 0


def test_manifest_paths_stay_inside_the_manifest_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(SERVICE.read_text(encoding="utf-8"), encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text(SERVICE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    big = "x" * 300_000  # a field larger than Python's default csv limit of 128 kB
    (folder / "INDEX.tsv").write_text(
        "filename\turl\tcommittee_slug\tnote\n"
        f"a.txt\t{SERVICE_URL}\t\t{big}\n"
        "../outside.txt\t\tservicenamnd\t\n"
        f"{outside}\t\tservicenamnd\t\n"
        "link.txt\t\tservicenamnd\t\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "m.db")
    assert main(["--db", db, "ingest", "--manifest", str(folder / "INDEX.tsv")]) == 1
    captured = capsys.readouterr()
    refused = [line for line in captured.err.splitlines() if "pekar utanför manifestets mapp" in line]
    assert [line.split(":")[2] for line in refused] == ["3", "4", "5"]  # the manifest's line numbers
    assert "Möten: 1 nya" in captured.out
    with Store(db) as store:
        assert [r[0] for r in store.query("SELECT url FROM meetings")] == [SERVICE_URL]


def test_committee_and_date_come_from_the_page_header_or_the_file_name(tmp_path: Path, store: Store) -> None:
    header_page = tmp_path / "page.txt"  # "Möte 2024-06-04" and "Kollektivtrafiknämnd" at the top
    header_page.write_text((DEV / "kollektivtrafiknamnd__2024-06-04.txt").read_text(encoding="utf-8"))
    named = tmp_path / "lg__servicenamnd__2024-04-04.txt"
    named.write_text((DEV / "servicenamnd__2024-04-04.txt").read_text(encoding="utf-8"))
    report = ingest_files(store, [header_page, named], now=INGESTED_AT)
    assert not report.errors
    rows = store.query("SELECT committee_slug, committee_name, meeting_date, organisation FROM meetings ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("kollektivtrafiknamnd", "Kollektivtrafiknämnd", "2024-06-04", None),  # the text names no region
        ("servicenamnd", "Servicenämnd", "2024-04-04", "Region Örebro län"),  # from the text: no prefix table
    ]


def test_a_page_whose_committee_nothing_tells_asks_for_url_or_committee(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(SERVICE.read_text(encoding="utf-8"), encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "ingest", str(page)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines()[0] == (f"fel: {page}: det framgår inte vilken nämnd sidan gäller; ange --url, eller "
                                   "--committee och --date")
    with Store(db) as store:
        assert store.counts()["meetings"] == 0


def test_a_text_without_items_is_reported_and_not_stored(tmp_path: Path, store: Store) -> None:
    page = tmp_path / "servicenamnd__2024-05-07.txt"
    page.write_text("Hoppa över navigering\n\nVi använder cookies på denna webbplats.\n", encoding="utf-8")
    report = ingest_files(store, [page], now=INGESTED_AT)
    assert [str(e) for e in report.errors] == [f"{page}: sidan innehåller inga ärenden"]
    assert store.counts()["meetings"] == 0


@pytest.mark.parametrize("url_first", [False, True])
def test_the_same_page_without_and_with_its_url_is_one_meeting(store: Store, url_first: bool) -> None:
    text = SERVICE.read_text(encoding="utf-8")
    with_url = parse_meeting_url(SERVICE_URL)
    without = MeetingSource(committee_slug="servicenamnd", meeting_date="2024-05-07", source_name="a.txt")
    first, second = (with_url, without) if url_first else (without, with_url)
    ingest_text(store, text, first, name="first", now=INGESTED_AT)
    ids = [r[0] for r in store.query("SELECT id FROM items ORDER BY id")]
    ingest_text(store, text, second, name="second", now="2025-02-01T00:00:00+00:00")
    assert store.query("SELECT count(*) FROM meetings")[0][0] == 1
    assert store.query("SELECT url FROM meetings")[0][0] == SERVICE_URL
    assert [r[0] for r in store.query("SELECT id FROM items ORDER BY id")] == ids
    assert all(k.startswith(SERVICE_URL + "#") for (k,) in store.query("SELECT key FROM items"))


# -- the database ------------------------------------------------------------------------------------


def _not_namndbot(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 99.5)")
    conn.close()


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()


def _corrupt(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:  # scribble over the items table's first page, keep the file header
        f.seek((root - 1) * page_size)
        f.write(b"\xde\xad\xbe\xef" * (page_size // 4))


@pytest.mark.parametrize(("spoil", "message"), [
    (_not_namndbot, "ingen namndbot-databas"),
    (_newer, "har schemaversion 99, nyare än den här versionen"),
    (_corrupt, "är skadad"),
])
@pytest.mark.parametrize("command", [["ingest", str(SERVICE), "--committee", "servicenamnd"], ["ask", "telefoni"],
                                     ["meetings"], ["forget", "1", "--yes"], ["show", "1"],
                                     ["sync", "--site", "http://127.0.0.1:9/committees"]])
def test_a_database_that_is_not_usable_is_refused_and_never_written(
    db_copy: Path, spoil: object, message: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    if spoil is _not_namndbot:
        db_copy.unlink()
    spoil(db_copy)  # type: ignore[operator]
    before = digest_of(db_copy)
    assert main(["--db", str(db_copy), *command]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("fel: ") and message in err[0], err
    assert digest_of(db_copy) == before


@pytest.fixture
def immutable(db_copy: Path) -> Iterator[Path]:
    """The sample database made immutable with chattr +i: refused even to root, unlike chmod."""
    with Store(db_copy) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if subprocess.run(["chattr", "+i", str(db_copy)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield db_copy
    finally:
        subprocess.run(["chattr", "-i", str(db_copy)], check=True)


def test_a_read_only_database_during_ingest_is_one_line_and_exit_2(immutable: Path) -> None:
    before = digest_of(immutable)
    result = run("--db", str(immutable), "ingest", str(DEV / "servicenamnd__2024-04-04.txt"), "--url",
                 "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2030-01-01")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (f"fel: databasen {immutable} kunde inte skrivas: databasen är "
                                              "skrivskyddad; inget ändrades")
    assert digest_of(immutable) == before


def test_a_read_only_database_during_sync_is_one_line_and_exit_2(immutable: Path) -> None:
    fake = FakePlatform().start()
    try:
        result = run("--db", str(immutable), "sync", "--site", fake.site_url, "--delay", "0")
    finally:
        fake.stop()
    assert result.returncode == 2
    assert result.stderr.decode().strip().splitlines()[-1].endswith("databasen är skrivskyddad; inget ändrades")
    assert "Traceback" not in result.stderr.decode()


def test_a_full_disk_rolls_back_and_stops_the_ingest(sample_store: Store) -> None:
    counts = sample_store.counts()
    pages = sample_store.conn.execute("PRAGMA page_count").fetchone()[0]
    sample_store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
    page = DEV / "servicenamnd__2024-04-04.txt"
    with pytest.raises(StoreWriteError, match="disken är full; inget ändrades"):
        ingest_files(sample_store, [page], url=SERVICE_URL.replace("2024-05-07", "2030-01-01"), now=INGESTED_AT)
    assert sample_store.counts() == counts
    sample_store.conn.execute("PRAGMA max_page_count = 1073741823")


def test_a_full_disk_during_sync_keeps_what_was_stored(sample_store: Store) -> None:
    fake = FakePlatform().start()
    try:
        counts = sample_store.counts()
        pages = sample_store.conn.execute("PRAGMA page_count").fetchone()[0]
        sample_store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreWriteError):
            sync_sites(sample_store, [parse_site(fake.site_url)], now=datetime(2026, 1, 15, tzinfo=UTC), delay=0)
        assert sample_store.counts() == counts
    finally:
        fake.stop()


# -- ask - -------------------------------------------------------------------------------------------


def test_ask_from_stdin_reports_lines_that_are_not_utf8_and_goes_on(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(sample_db.read_bytes())
    stdin = b"telefoni\n" + b"caf\xe9 latin-1\n" + "avtal som löper ut 2025\n".encode()
    result = run("--db", str(db), "ask", "--json", "--now", "2025-06-30", "-", stdin=stdin)
    assert result.returncode == 1
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [a["question"] for a in answers] == ["telefoni", "avtal som löper ut 2025"]
    assert result.stderr.decode().strip() == "fel: standard in, rad 2: inte UTF-8-text; raden hoppades över"
