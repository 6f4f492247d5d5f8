"""Extraction on written pages of their own: serial-year case numbers, contract periods, platform notices,
and items written as plain paragraphs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.operations import open_store
from knowledge.models import Fact, ItemKind
from knowledge.pages.facts import dates_in_year, extract_facts
from knowledge.pages.ingest import ingest_file, refresh_facts
from knowledge.pages.parser import PageError, parse_meeting_page
from knowledge.render import render_item_text
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
from knowledge.store import Store
from tests.conftest import INGESTED_AT, TESTS

PAGES = TESTS / "pages"
ORG_URL = "https://politiskamoten.regionorebrolan.se/committees/{slug}/mote-{day}"


def _parse(name: str):  # type: ignore[no-untyped-def]
    return parse_meeting_page((PAGES / name).read_text(encoding="utf-8"))


def test_serial_year_case_numbers_are_stored_and_found(tmp_path: Path) -> None:
    items = _parse("serial_year_case_numbers.txt").items
    assert [c.key for c in items[1].case_numbers] == ["RS:2025:912"]
    entries = {c.canonical: e for e in items[2].entries for c in e.case_numbers}
    assert set(entries) == {"RS 455-2025-3", "RS 1204-2024-2"}
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, PAGES / "serial_year_case_numbers.txt",
                    url=ORG_URL.format(slug="regionstyrelse", day="2025-04-02"), now=INGESTED_AT)
        engine = SearchEngine(store)
        for typed, expected in [("RS 912-2025", "vårdcentralen i Norrby"), ("rs 455-2025", "städtjänster"),
                                ("RS 1204-2024-2", "verksamhetschef")]:
            answer = answer_question(engine, typed, now=date(2025, 6, 30))
            assert answer.hits, typed
            assert expected in store.get_item(answer.hits[0].item_id).text  # type: ignore[union-attr]


@pytest.mark.parametrize(("position", "start", "end"), [
    (0, "2023-01-01", "2025-12-31"),  # från … till …
    (1, None, "2025-09-30"),  # t.o.m. …
    (2, "2023-10-01", "2025-09-30"),  # …–…
    (3, "2022-10-01", "2026-09-30"),  # … - …
])
def test_contract_periods_give_start_and_end_dates(position: int, start: str | None, end: str) -> None:
    item = _parse("contract_periods.txt").items[position]
    roles = {f.role: f.value for f in item.facts if f.kind == "date"}
    assert roles.get("end") == end
    assert roles.get("start") == start


@pytest.mark.parametrize(("sentence", "dates"), [
    ("Mötet hålls den 3 okt 2024.", [("2024-10-03", None)]),
    ("Avtalet gäller fr.o.m. 1 jan 2024 t.o.m. 31 dec. 2026.", [("2024-01-01", "start"), ("2026-12-31", "end")]),
    ("Den 2 sept. 2024 öppnar mottagningen.", [("2024-09-02", None)]),  # the short form's dot ends no sentence
    ("Avtalet löper ut i dec 2025.", [("2025-12", "end")]),
    ("Sammanträden 7 sep, 5 okt och 9 nov.", [("--09-07", None), ("--10-05", None), ("--11-09", None)]),
    ("Avtalet gäller t.o.m. 31.12.2025.", [("2025-12-31", "end")]),  # in digits
    ("Taxan gäller från 1/7 2024.", [("2024-07-01", None)]),
    ("Punkt 2.3 2024 ändras.", []),  # a point of a list and a year, no date
])
def test_dates_written_short_are_dates_not_counts(sentence: str, dates: list[tuple[str, str | None]]) -> None:
    facts = extract_facts(sentence)
    assert [(f.value, f.role) for f in facts if f.kind == "date"] == dates
    assert not [f for f in facts if f.kind == "count"]  # "3 okt" counts no "okt"


def test_contracts_ending_in_a_year_are_found_by_their_period(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, PAGES / "contract_periods.txt",
                    url=ORG_URL.format(slug="servicenamnd", day="2024-09-10"), now=INGESTED_AT)
        answer = answer_question(SearchEngine(store), "avtal som löper ut 2025", now=date(2024, 10, 1))
        titles = {hit.title for hit in answer.hits}
    assert {"Avtal för tvätt av arbetskläder", "Avtal för fordonsleasing", "Avtal för tolktjänster"} <= titles
    assert "Avtal för livsmedel" not in titles


def test_contracts_ending_in_a_period_whose_text_says_avtal_come_first(tmp_path: Path) -> None:
    page = tmp_path / "contracts.txt"
    page.write_text("Möte 2024-09-10\nServicenämnd\n • 1\n   Leasing av fordon\n   Leasingen av fordon gäller t.o.m. "
                    "2025-09-30.\n • 2\n   Tolktjänster\n   Avtalet för tolktjänster gäller t.o.m. 2025-10-31.\n",
                    encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, page, url=ORG_URL.format(slug="servicenamnd", day="2024-09-10"), now=INGESTED_AT)
        answer = answer_question(SearchEngine(store), "avtal som löper ut 2025", now=date(2024, 10, 1))
    assert [hit.title for hit in answer.hits] == ["Tolktjänster", "Leasing av fordon"]


@pytest.mark.parametrize(("question", "expected"), [
    ("vilka avtal om tolkar går ut 2025", ["Avtal för tolktjänster"]),
    ("när går avtalet för leasing av bilar ut", ["Avtal för fordonsleasing"]),
    # a topic no contract is about: no list of every contract
    ("vilka avtal om ivf-behandling löper ut", []),
])
def test_a_contract_question_with_a_topic_gets_the_contracts_of_that_topic(
        tmp_path: Path, question: str, expected: list[str]) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, PAGES / "contract_periods.txt",
                    url=ORG_URL.format(slug="servicenamnd", day="2024-09-10"), now=INGESTED_AT)
        answer = answer_question(SearchEngine(store), question, now=date(2024, 10, 1))
    assert answer.interpretation.intent == "contract_expiry"
    assert [hit.title for hit in answer.hits] == expected


def test_platform_notices_are_not_items() -> None:
    parsed = _parse("notices_between_items.txt")
    assert [i.title for i in parsed.items] == ["Bidrag till studieförbund", "Regional biblioteksplan"]
    assert not any("cookies" in i.text.lower() or "att visa" in i.text for i in parsed.items)


def test_a_page_of_only_notices_has_no_items(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="inga ärenden"):
        _parse("notices_only.txt")
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(Exception, match="inga ärenden"):
            ingest_file(store, PAGES / "notices_only.txt", url=ORG_URL.format(slug="kulturnamnd", day="2025-03-04"),
                        now=INGESTED_AT)
        assert store.counts().meetings == 0


def test_items_written_as_plain_paragraphs_are_one_item_per_block() -> None:
    items = _parse("prose_items.txt").items
    assert len(items) == 4
    assert items[0].title == "Tid för justering: 20 maj" and items[0].kind == ItemKind.ROUTINE
    assert items[1].body.startswith("Enligt reglemente")
    strategy = items[2]
    assert strategy.body.startswith("Regionala utvecklingsnämnden beslutade i mars 2023")
    assert "gästnätter" in strategy.body and "försenade" in strategy.body
    assert "2,5 miljoner kronor" in items[3].body
    assert not any("Bilagor" in i.text or "att visa" in i.text for i in items)


def test_dates_without_a_year_take_the_year_the_meeting_implies(tmp_path: Path) -> None:
    parsed = _parse("dates_without_year.txt")
    assert {f.value for f in parsed.items[0].facts if f.kind == "date"} >= {"--09-06", "--09-13"}
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, PAGES / "dates_without_year.txt",
                    url=ORG_URL.format(slug="kulturnamnd", day="2023-03-29"), now=INGESTED_AT)
        moved = store.get_items([1])[0]
        dates = {f.value for f in store.facts([moved.id])[moved.id] if f.kind == "date"}
        assert {"2023-09-06", "2023-10-11", "2023-09-13", "2023-10-18"} <= dates
        # "what came instead of the meeting on 6 September": no meeting that day, the item naming it answers
        answer = answer_question(SearchEngine(store), "kulturnämnden skulle ha möte 6 sept 2023, vilket datum blev det",
                                 now=date(2024, 1, 10))
        assert answer.hits and answer.hits[0].item_id == moved.id
        # a meeting in the period does not hide the item that names the period's dates, when dates are asked for
        autumn = tmp_path / "autumn.txt"
        autumn.write_text("Möte 2023-10-11\n\nKulturnämnd\n • § 1\n\n  Bidrag till föreningar\n\n"
                          "  Nämnden beviljar bidrag till tre föreningar.\n", encoding="utf-8")
        ingest_file(store, autumn, url=ORG_URL.format(slug="kulturnamnd", day="2023-10-11"), now=INGESTED_AT)
        answer = answer_question(SearchEngine(store), "vilka nya datum fick kulturnämnden hösten 2023",
                                 now=date(2024, 1, 10))
        assert answer.hits and answer.hits[0].item_id == moved.id


@pytest.mark.parametrize(("meeting", "written", "expected"), [
    ("2023-03-29", "--09-06", "2023-09-06"),  # later this year
    ("2023-12-12", "--01-15", "2024-01-15"),  # a December meeting planning January
    ("2024-01-20", "--12-05", "2023-12-05"),  # a January meeting reporting on December
    ("2023-05-02", "--02-29", "2024-02-29"),  # only a leap year has it
])
def test_a_date_without_a_year_is_the_one_nearest_the_meeting(meeting: str, written: str, expected: str) -> None:
    facts = dates_in_year((Fact("date", written),), meeting)
    assert [f.value for f in facts] == [expected]
    assert dates_in_year((Fact("date", written),), None) == ()  # no meeting date: no guess


@pytest.mark.parametrize(("sentence", "counts"), [
    ("Antalet kulturföretag per juli 2025 är 1 341 stycken.", ["1341"]),
    ("Totala antalet resor har ökat med 67 500 jämfört med 2023.", ["67500"]),
    ("Nämnden sammanträder åtta halvdagar under 2023.", ["8"]),  # a number in words
    ("Ökningen var 6 % under 2024.", ["6"]),
    ("Kostnaden är 5 miljoner kronor.", []),  # an amount
    ("Enligt kommunallagen (2017:725) 6 kap 25 § ska nämnden sammanträda.", []),  # a reference
    ("Budget 2023 och 2024 antogs den 7 december.", []),  # years and a date
    ("Sjukfrånvaron ökade till 8,6 % under året.", ["8,6"]),  # a decimal is kept
    ("Fas 1 omfattar 3 regioner.", ["3"]),  # "fas 1" names a phase
    ("Enligt 5 kapitlet 35 § kommunallagen ska motionen beredas.", []),  # a chapter
    ("Frågor till kansliet på tfn 073-039 28 06 före mötet.", []),  # a phone number's groups
])
def test_counts_are_facts(sentence: str, counts: list[str]) -> None:
    assert [f.value for f in extract_facts(sentence) if f.kind == "count"] == counts


def test_how_many_puts_the_item_with_a_count_first(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, PAGES / "counts.txt", url=ORG_URL.format(slug="patientnamnden", day="2024-02-13"),
                    now=INGESTED_AT)
        answer = answer_question(SearchEngine(store), "hur många synpunkter", now=date(2024, 6, 1))
        assert answer.hits and store.get_item(answer.hits[0].item_id).title == "Årsrapport"  # type: ignore[union-attr]


@pytest.mark.parametrize(("sentence", "amounts"), [
    ("Resultatet för perioden är -119,3 mkr.", [-119_300_000]),
    ("Prognosen visar ett underskott på −94,7 mkr.", [-94_700_000]),
    ("Avvikelsen mot budget är minus 13 mkr.", [-13_000_000]),
    ("Egenavgiften är 1 400 - 2 000 kronor per år.", [2000]),  # a range, not a negative amount
    ("Taxan höjs till 11,51 kronor.", [11.51]),
    ("Projektet beräknas kosta 12 MSEK och drift 450 TSEK per år.", [12_000_000, 450_000]),  # as finance writes it
    ("Anslaget är 2 000 000 SEK.", [2_000_000]),
    ("Biljetten kostar 120:- per resa.", [120]),
])
def test_amounts_keep_their_sign_and_decimals(sentence: str, amounts: list[float]) -> None:
    assert [f.number for f in extract_facts(sentence) if f.kind == "amount"] == pytest.approx(amounts)


def _report_store(tmp_path: Path, text: str) -> Store:
    """A store of one meeting of regionstyrelsen on 2024-11-12 with one item, "Månadsrapport oktober"."""
    page = tmp_path / "page.txt"
    page.write_text(f"Möte 2024-11-12\n\nRegionstyrelse\n • § 4\n\n  Månadsrapport oktober\n\n  {text}\n", encoding="utf-8")
    store = Store(tmp_path / "s.db")
    ingest_file(store, page, url=ORG_URL.format(slug="regionstyrelse", day="2024-11-12"), now=INGESTED_AT)
    return store


def test_a_deficit_is_shown_as_a_negative_amount(tmp_path: Path) -> None:
    with _report_store(tmp_path, "Resultatet för perioden är -119,3 mkr. Taxan höjs till 11,51 kronor.") as store:
        shown = render_item_text(store, store.get_items([1])[0])
        assert "Belopp: −119 300 000 kr" in shown and "Belopp: 11,51 kr" in shown


def test_a_list_of_dates_takes_the_year_its_first_line_names() -> None:
    text = ("Nämnden föreslås sammanträda följande dagar under 2020\n  28 januari\n  19 augusti\n  11 november\n\n"
            "  Planen har koordinerats med övriga sammanträden, senast den 5 december.")
    facts = dates_in_year(tuple(extract_facts(text)), "2019-09-26")
    assert [f.value for f in facts if f.kind == "date"] == ["2020-01-28", "2020-08-19", "2020-11-11", "2019-12-05"]


@pytest.mark.parametrize(("sentence", "meeting", "expected"), [
    ("Regionfullmäktige beslutade den 18 oktober om regionplan och budget.", "2024-05-15", "2023-10-18"),
    ("Nämnden sammanträdde 5 mars i Umeå.", "2024-02-20", "2023-03-05"),
    ("Nämnden sammanträder den 18 oktober.", "2024-05-15", "2024-10-18"),  # ahead, as papers plan
])
def test_a_date_the_text_puts_in_the_past_is_before_the_meeting(sentence: str, meeting: str, expected: str) -> None:
    facts = dates_in_year(tuple(extract_facts(sentence)), meeting)
    assert [f.value for f in facts if f.kind == "date"] == [expected]


def test_a_store_whose_facts_an_older_version_read_reads_them_anew(tmp_path: Path) -> None:
    with _report_store(tmp_path, "Resultatet för perioden är -119,3 mkr. Beslutet fattades den 18 oktober.") as store:
        before = store.facts([1])[1]
        with store.transaction() as conn:  # as an older version stored them
            conn.execute("UPDATE facts SET number = -number, value = 'x'")
            conn.execute("UPDATE meta SET value = 'old' WHERE key = 'facts_version'")
    with open_store(tmp_path / "s.db") as reopened:  # as every command opens it
        assert reopened.facts([1])[1] == before
        assert {f.value for f in before if f.kind == "date"} == {"2024-10-18"}
        assert refresh_facts(reopened) == 0  # once is enough
