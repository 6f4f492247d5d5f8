"""The store: idempotent re-ingest, updates in one transaction, interrupted ingests, FTS in step."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge.models import MeetingSource
from knowledge.pages.ingest import ingest_file, ingest_manifest
from knowledge.pages.parser import parse_meeting_page
from knowledge.store import db as store_module
from knowledge.store import items as items_module
from knowledge.store.db import MIGRATIONS, Store
from knowledge.store.search import SearchFilter, SearchStore
from tests.conftest import INGESTED_AT, SEEDS

URL = "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07"


def _snapshot(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.query("SELECT id, key, title, body, seq FROM items ORDER BY id")]


def _fts_ids(store: Store, term: str) -> set[int]:
    return {r[0] for r in store.query("SELECT rowid FROM items_fts WHERE items_fts MATCH ?", (f'"{term}"',))}


def test_schema_is_created_at_the_latest_version(store: Store) -> None:
    assert store.schema_version == len(MIGRATIONS)
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"


def test_manifest_ingest_stores_meetings_with_url_facts(store: Store) -> None:
    report = ingest_manifest(store, SEEDS / "INDEX.tsv", now=INGESTED_AT)
    assert not report.errors
    assert report.count("added") == 2
    rows = {r["committee_slug"]: r for r in store.query("SELECT * FROM meetings")}
    service = rows["servicenamnd"]
    assert (service["url"], service["meeting_date"], service["organisation"]) == (
        URL, "2024-05-07", "Region Örebro län")
    assert service["committee_name"] == "Servicenämnd"
    hsn = rows["halso-och-sjukvardsnamnd"]
    assert hsn["meeting_date"] is None and hsn["url"] is None
    assert hsn["organisation"] == "Region Örebro län"  # guessed from the region the page names


def test_reingesting_the_same_page_is_idempotent(store: Store) -> None:
    ingest_manifest(store, SEEDS / "INDEX.tsv", now=INGESTED_AT)
    before = _snapshot(store)
    report = ingest_manifest(store, SEEDS / "INDEX.tsv", now="2025-02-01T00:00:00+00:00")
    assert report.count("unchanged") == 2 and report.items_added == 0
    assert _snapshot(store) == before
    assert store.query("SELECT count(*) FROM case_numbers")[0][0] == len(
        store.query("SELECT item_id, canonical FROM case_numbers"))


def test_changed_page_updates_its_meeting_and_keeps_ids(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    original = (SEEDS / "servicenamnd__2024-05-07.txt").read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    ingest_file(store, page, url=URL, now=INGESTED_AT)
    telephony_id = store.query("SELECT id FROM items WHERE body LIKE '%telefonilösning%' AND parent_id IS NULL")[0][0]
    page.write_text(original.replace("telefonilösning", "växellösning"), encoding="utf-8")
    result = ingest_file(store, page, url=URL, now="2025-02-01T00:00:00+00:00")
    assert result.status == "updated" and result.items_updated == 1
    assert store.get_item(telephony_id).body.count("växellösning") == 1
    assert telephony_id in _fts_ids(store, "växellösning")
    assert telephony_id not in _fts_ids(store, "telefonilösning")
    assert store.query("SELECT count(*) FROM meetings")[0][0] == 1


def test_exception_mid_ingest_leaves_previous_data_intact(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_manifest(store, SEEDS / "INDEX.tsv", now=INGESTED_AT)
    before = _snapshot(store)
    parsed = parse_meeting_page((SEEDS / "servicenamnd__2024-05-07.txt").read_text(encoding="utf-8").replace(
        "Region Örebro", "Regionen Örebro"))
    calls = {"n": 0}
    real = items_module._case_rows

    def failing(item_id: int, cases: object) -> list:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(item_id, cases)  # type: ignore[arg-type]

    monkeypatch.setattr(items_module, "_case_rows", failing)
    with pytest.raises(RuntimeError):
        store.upsert_meeting(MeetingSource(url=URL, committee_slug="servicenamnd", meeting_date="2024-05-07"),
                             parsed, now="2025-03-01T00:00:00+00:00")
    assert _snapshot(store) == before
    assert store.query("PRAGMA integrity_check")[0][0] == "ok"
    assert store.query("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')") == []


KILL_SCRIPT = """
import sys, time
from pathlib import Path
from knowledge.store import Store
from knowledge.models import MeetingSource
from knowledge.pages.parser import parse_meeting_page
store = Store(sys.argv[1])
text = Path(sys.argv[2]).read_text(encoding="utf-8")
parsed = parse_meeting_page(text.replace("kolonialvaror", "livsmedel"))
import knowledge.store.items as m
real = m._fact_rows
def slow(*a):
    print("writing", flush=True)
    time.sleep(30)
    return real(*a)
m._fact_rows = slow
store.upsert_meeting(MeetingSource(url=sys.argv[3]), parsed, now="x")
"""


def test_killed_ingest_leaves_previous_data_intact(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    with Store(db) as s:
        ingest_file(s, SEEDS / "servicenamnd__2024-05-07.txt", url=URL, now=INGESTED_AT)
        before = _snapshot(s)
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db), str(SEEDS / "servicenamnd__2024-05-07.txt"),
                             URL], stdout=subprocess.PIPE, text=True, env={**os.environ})
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.1)
    with Store(db) as s:
        assert _snapshot(s) == before
        assert s.query("PRAGMA integrity_check")[0][0] == "ok"
        assert "livsmedel" not in " ".join(r[0] for r in s.query("SELECT body FROM items"))


def test_corrupt_database_file_gives_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(store_module.StoreError, match="ingen namndbot-databas"):
        Store(bad)


def test_migration_from_version_one_keeps_items(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for statement in store_module._statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.close()
    with Store(path) as s:
        ingest_file(s, SEEDS / "servicenamnd__2024-05-07.txt", url=URL, now=INGESTED_AT)
        assert s.schema_version == len(MIGRATIONS)
        assert s.query("SELECT count(*) FROM subscribers")[0][0] == 0
        assert s.counts()["items"] == 11


def test_committees_with_the_same_slug_in_two_organisations_stay_apart(sample_store: Store) -> None:
    regions = {c.organisation for c in sample_store.committees() if c.slug == "regionfullmaktige"}
    assert regions == {"Region Gävleborg", "Region Jämtland Härjedalen", "Region Västerbotten"}
    summaries = [c for c in sample_store.committee_summaries() if c.slug == "regionfullmaktige"]
    assert len(summaries) == 3 and len({c.id for c in summaries}) == 3
    jamtland = sample_store.find_committee("Region Jämtland Härjedalen", "regionfullmaktige")
    assert jamtland is not None and jamtland.name and jamtland.id in {c.id for c in summaries}
    assert next(c for c in summaries if c.id == jamtland.id).meetings == 4


def test_committee_aliases_are_kept(store: Store) -> None:
    ingest_file(store, SEEDS / "servicenamnd__2024-05-07.txt", url=URL, now=INGESTED_AT)
    committee = store.find_committee("Region Örebro län", "servicenamnd")
    assert committee is not None and committee.name == "Servicenämnd"
    store.set_committee_aliases(committee.id, ("SN", "servicen"))
    assert store.committee(committee.id).aliases == ("SN", "servicen")  # type: ignore[union-attr]


def test_migration_fills_committees_from_stored_meetings(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for script in MIGRATIONS[:3]:
        for statement in store_module._statements(script):
            conn.execute(statement)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '3')")
    for org, slug, name, day in [("Region A", "styrelse", "Styrelsen", "2024-01-01"),
                                 ("Region A", "styrelse", "Styrelsen", "2024-02-01"),
                                 ("Region B", "styrelse", None, "2024-03-01")]:
        conn.execute("INSERT INTO meetings (key, organisation, committee_slug, committee_name, meeting_date,"
                     " content_hash, ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, 'h', 'x', 'x')",
                     (f"{org}/{day}", org, slug, name, day))
    conn.close()
    with Store(path) as s:
        summaries = {(c.organisation, c.name): c.meetings for c in s.committee_summaries()}
    assert summaries == {("Region A", "Styrelsen"): 2, ("Region B", "styrelse"): 1}


def test_items_carry_their_committee_row(sample_store: Store) -> None:
    summaries = {c.id: c for c in sample_store.committee_summaries()}
    item = sample_store.get_item(1)
    assert item is not None and item.committee_id in summaries
    committee = summaries[item.committee_id]
    assert (committee.slug, committee.organisation) == (item.committee_slug, item.organisation)


def test_full_text_lifts_bring_the_best_of_each_filter_from_one_pass(store: Store, tmp_path: Path) -> None:
    for n, slug in enumerate(["kulturnamnd", "kulturnamnd", "kulturnamnd", "servicenamnd"], start=1):
        page = tmp_path / f"p{n}.txt"
        words = "budget " * (4 - n) if slug == "kulturnamnd" else "budget och mycket annat om lokaler och städning"
        page.write_text(f"Möte 2024-0{n}-10\n\n{slug}\n • § 1\n\n  Ärende\n\n  {words}\n", encoding="utf-8")
        ingest_file(store, page, url=f"https://example.se/committees/{slug}/mote-2024-0{n}-10", now=INGESTED_AT)
    reads = SearchStore(store)
    plain = [c.item_id for c in reads.full_text('"budget"', SearchFilter(), limit=2)]
    lifted = [c.item_id for c in reads.full_text('"budget"', SearchFilter(), limit=2,
                                                 lifts=(SearchFilter(committees=("servicenamnd",)),), lift_limit=1)]
    service = store.get_items([4])[0]
    assert service.id not in plain and service.id in lifted and set(plain) < set(lifted)
