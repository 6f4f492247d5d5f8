"""Answering Swedish questions over the sample data."""

from __future__ import annotations

import re
from datetime import date

import pytest

from knowledge.language import background, places
from knowledge.language.question import Catalog, CommitteeInfo, parse_question
from knowledge.language.thesaurus import thesaurus as shipped_thesaurus
from knowledge.render import answer_json, render_answer_text
from knowledge.search.answer import answer_question
from knowledge.search.engine import SearchEngine
from knowledge.search.evaluation import GoldQuestion, rank_of_first_correct
from knowledge.store import Store
from tests.conftest import NOW

SERVICE_URL = "https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-07"


def ask(engine: SearchEngine, text: str, **kw: object) -> dict:
    return answer_json(answer_question(engine, text, now=kw.pop("now", NOW), **kw))  # type: ignore[arg-type]


def test_decision_question_finds_telephony_first(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "vad beslutades om telefoni?")
    top = answer["hits"][0]
    assert top["url"] == SERVICE_URL
    assert "avtal för telefoni" in top["text"]
    assert top["committee"] == "servicenamnd" and top["meeting_date"] == "2024-05-07"
    assert answer["interpretation"]["intent"] == "decision"
    assert answer["interpretation"]["terms"] == ["telefoni"]
    assert len(top["summary"]) <= 300 and top["summary"] in top["text"].replace("\n", " ") or top["summary"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("telefonin", "telefonilösning"),
        ("telefonii", "telefonilösning"),
        ("elmäklare", "elmäklartjänst"),
        ("ambulanssjuksköterskor på larmcentralen", "SOS Alarm"),
        ("upphandlingar av kolonialvaror", "kolonialvaror"),
        ("kolonjalvaror", "kolonialvaror"),
        ("uphandling av elmäklare", "elmäklartjänst"),
    ],
)
def test_inflections_compounds_and_typos_match(sample_engine: SearchEngine, question: str, expected: str) -> None:
    assert expected in ask(sample_engine, question)["hits"][0]["text"]


def test_typo_correction_does_not_drown_exact_matches(sample_engine: SearchEngine) -> None:
    hits = ask(sample_engine, "telefoni")["hits"]
    assert "telefoni (samma ord)" in hits[0]["why"]
    assert "telefoni" in hits[0]["text"]


def test_contract_expiry_uses_extracted_end_dates(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "avtal som löper ut 2025")
    assert answer["interpretation"]["intent"] == "contract_expiry"
    assert (answer["interpretation"]["date_from"], answer["interpretation"]["date_to"]) == ("2025-01-01", "2025-12-31")
    assert "löper ut den 2025-08-31" in answer["hits"][0]["text"]
    assert all("2025" in " ".join(h["why"]) for h in answer["hits"])
    assert "2025-08-31" in answer["hits"][0]["summary"]


@pytest.mark.parametrize("typed", ["24RS1647", "24rs1647", "dnr 24 RS 1647", "24RS1647-1"])
def test_case_number_lookup_lands_on_the_sub_entry(sample_engine: SearchEngine, typed: str) -> None:
    top = ask(sample_engine, typed)["hits"][0]
    assert "storköksutrustning" in top["text"]
    assert top["case_numbers"] == ["24RS1647-1"]
    assert top["parent_id"] is not None


def test_case_number_from_other_hosts(sample_engine: SearchEngine) -> None:
    assert "habiliteringsbadet" in ask(sample_engine, "rs 341 2023")["hits"][0]["text"]
    assert "34 300 kronor" in ask(sample_engine, "kkn 2019 113")["hits"][0]["text"]
    # staff type the series and serial without the year: "RS 612:1-2020"
    assert "Begränsa kulturverksamhet" in ask(sample_engine, "rs 612")["hits"][0]["text"]


def test_committee_names_and_abbreviations_filter(sample_engine: SearchEngine) -> None:
    for name in ["servicenämnden", "Servicenämndens"]:
        answer = ask(sample_engine, f"vad gjorde {name} i maj?", now=date(2024, 6, 15))
        assert answer["interpretation"]["committee"] == "servicenamnd"
        assert answer["interpretation"]["date_from"] == "2024-05-01"
        assert answer["hits"] and all(h["meeting_date"].startswith("2024-05") for h in answer["hits"])
    hsn = ask(sample_engine, "HSN ortopediska skor")
    assert "halso-och-sjukvardsnamnd" in hsn["interpretation"]["committees"]
    assert "ortopediska skor" in hsn["hits"][0]["text"]
    assert ask(sample_engine, "hälso- och sjukvårdsnämnden")["interpretation"]["committee"] == "halso-och-sjukvardsnamnd"
    assert "regionstyrelse" in ask(sample_engine, "regionstyrelsen budget")["interpretation"]["committees"]


def test_a_month_without_its_year_with_no_meeting_this_year_is_the_last_one_that_had_one(
        sample_engine: SearchEngine) -> None:
    asked = answer_question(sample_engine, "vad gjorde servicenämnden i maj?", now=date(2026, 12, 2))
    answer = answer_json(asked)
    assert answer["interpretation"]["date_from"] == "2024-05-01" and answer["interpretation"]["date_to"] == "2024-05-31"
    assert answer["hits"] and {h["meeting_date"] for h in answer["hits"]} == {"2024-05-07"}
    assert answer["notice"] == "Inget från maj 2026 – det här är från maj 2024."
    assert render_answer_text(asked).startswith("Inget från maj 2026 – det här är från maj 2024.\n5 av 10 ärenden · Servicenämnd · maj 2024")
    # a month the committee met in this year stays this year's; a year said is kept, even when nothing is in it
    assert ask(sample_engine, "servicenämnden i maj", now=date(2024, 6, 15))["notice"] is None
    said = ask(sample_engine, "vad gjorde servicenämnden i maj 2025?", now=date(2026, 12, 2))
    assert said["hits"] == [] and said["interpretation"]["date_from"] == "2025-05-01" and said["notice"] is None
    # no meeting of that committee in any May: nothing is made up
    assert ask(sample_engine, "servicenämnden i oktober", now=date(2026, 12, 2))["hits"] == []
    # the latest meeting of a May is last May's that had one; the next meeting of a May is not a past one
    latest = ask(sample_engine, "senaste mötet i servicenämnden i maj", now=date(2026, 12, 2))
    assert latest["notice"] == "Inget från maj 2026 – det här är från maj 2024."
    assert {h["meeting_date"] for h in latest["hits"]} == {"2024-05-07"}
    assert ask(sample_engine, "nästa möte i servicenämnden i maj", now=date(2026, 12, 2))["hits"] == []
    # a topic found only at other times: the month of an earlier year where it is found
    topic = ask(sample_engine, "telefoni i maj", now=date(2026, 12, 2))
    assert topic["notice"] == "Inget från maj 2026 – det här är från maj 2024."
    assert "avtal för telefoni" in topic["hits"][0]["text"] and topic["interpretation"]["date_from"] == "2024-05-01"


def test_hits_of_other_times_than_the_period_asked_say_so_and_the_header_does_not_name_it(
        sample_engine: SearchEngine) -> None:
    asked = answer_question(sample_engine, "telefoni 2019", now=NOW)
    assert asked.hits and "telefoni" in asked.hits[0].text and asked.outside_period
    text = render_answer_text(asked)
    first, header = text.splitlines()[:2]
    assert first == "Inget från 2019 – det här är från andra tider."
    assert header.startswith("2 ärenden om telefoni") and "2019" not in header
    in_time = answer_question(sample_engine, "telefoni 2024", now=NOW)
    assert in_time.notice is None and not in_time.outside_period
    assert render_answer_text(in_time).splitlines()[0].endswith("· 2024")


def test_hits_of_other_committees_than_the_one_asked_say_so_and_the_header_does_not_name_it(
        sample_engine: SearchEngine) -> None:
    # the committee is the subject: no item of its own holds the topic, others' items do
    asked = answer_question(sample_engine, "vem är ordförande i servicenämnden", now=NOW)
    assert asked.hits and all(h.committee != "servicenamnd" for h in asked.hits) and asked.outside_committees
    first, header = render_answer_text(asked).splitlines()[:2]
    assert first == "Inget från Servicenämnd – det här är från andra nämnder."
    assert header.startswith("5 av ") and header.endswith("ärenden om ordförande") and "Servicenämnd" not in header
    # items of the committee asked: no notice, and the header names it
    own = answer_question(sample_engine, "telefoni i servicenämnden", now=NOW)
    assert own.notice is None and not own.outside_committees
    assert render_answer_text(own).splitlines()[0].endswith("· Servicenämnd")


def test_the_latest_meetings_of_several_committees_are_said_as_several(sample_engine: SearchEngine) -> None:
    every = answer_question(sample_engine, "senaste mötet", now=NOW)
    assert len({(h.committee, h.meeting_date) for h in every.hits}) > 1
    assert render_answer_text(every).splitlines()[0].endswith(" ärenden från de senaste mötena")
    one = answer_question(sample_engine, "senaste mötet i servicenämnden", now=NOW)
    assert render_answer_text(one).splitlines()[0].endswith(" ärenden från senaste mötet · Servicenämnd")


@pytest.mark.parametrize("text", ["patientnämnden örebro", "senaste mötet i patientnämnden i region örebro län"])
def test_the_latest_meeting_is_of_the_committee_of_the_region_asked(sample_engine: SearchEngine, text: str) -> None:
    """Örebro and Västerbotten both have a "patientnamnden": the latest meeting is the one of the region asked."""
    hits = ask(sample_engine, text)["hits"]
    assert hits and {h["url"] for h in hits} == {
        "https://politiskamoten.regionorebrolan.se/committees/patientnamnden/mote-2022-02-08"}


@pytest.mark.parametrize(("text", "reference", "period"), [
    ("§ 16 servicenämnden 2022", ("§", 16), "2022-01-01"),
    ("servicenämnden mars 2022 §17", ("§", 17), "2022-03-01"),
    ("paragraf 17 i servicenämnden 2022", ("§", 17), "2022-01-01"),
    ("punkt 5 servicenämnden maj 2024", ("punkt", 5), "2024-05-01"),  # not "5 maj"
    ("servicenämnden 2024-05-07 ärendepunkt 3", ("punkt", 3), "2024-05-07"),
])
def test_a_point_of_the_agenda_or_a_paragraph_is_that_item(sample_engine: SearchEngine, text: str,
                                                           reference: tuple[str, int], period: str) -> None:
    answer = answer_question(sample_engine, text, now=NOW)
    assert answer.interpretation.item_reference == reference and answer.interpretation.terms == ()
    assert answer.interpretation.period is not None and answer.interpretation.period.start.isoformat() == period
    assert len(answer.hits) == 1 and reference[1] in (answer.hits[0].number, answer.hits[0].paragraph)
    assert render_answer_text(answer).splitlines()[0].endswith(f"· {reference[0]} {reference[1]}")


def test_a_point_the_meeting_did_not_have_is_not_made_up(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "punkt 99 servicenämnden maj 2024", now=NOW)
    assert answer.hits == ()
    assert render_answer_text(answer).startswith("Jag hittade ingen punkt 99 i Servicenämnd under maj 2024.")
    # a number said of something else is no point of the agenda
    assert parse_question("5 punkter om telefoni", now=NOW, catalog=sample_engine.catalog).item_reference is None


def test_of_two_committees_the_one_said_after_from_is_the_topic(sample_engine: SearchEngine) -> None:
    catalog = sample_engine.catalog
    question = parse_question("info från regionens samverkansråd i utvecklingsnämnden juni 2021", now=NOW,
                              catalog=catalog)
    assert question.committees == ("regionala-utvecklingsnamnden",) and question.committee_filter
    assert "samverkansråd" in question.terms
    answer = answer_question(sample_engine, question.text, now=NOW)
    assert answer.hits and answer.hits[0].committee == "regionala-utvecklingsnamnden"
    assert "Information från regionens samverkansråd" in answer.hits[0].text
    # one committee said after "från" is the meeting's: "protokoll från servicenämnden"
    alone = parse_question("protokoll från servicenämnden maj 2024", now=NOW, catalog=catalog)
    assert alone.committees == ("servicenamnd",) and alone.terms == ()


def test_the_header_says_how_many_answer_when_more_than_are_shown(sample_engine: SearchEngine) -> None:
    few = answer_question(sample_engine, "hur många ärenden hade servicenämnden 2024", now=NOW, limit=5)
    every = answer_question(sample_engine, "hur många ärenden hade servicenämnden 2024", now=NOW, limit=100)
    assert len(few.hits) == 5 and few.total == len(every.hits) > 5
    assert answer_json(few)["total"] == len(every.hits)
    # ... and from how many meetings of the period, when more than one
    meetings = {h.meeting_date for h in every.hits}
    assert len(meetings) > 1 and few.meetings == len(meetings)
    scope = f"från {len(meetings)} möten · Servicenämnd · 2024"
    assert render_answer_text(few).splitlines()[0] == f"5 av {len(every.hits)} ärenden {scope}"
    assert render_answer_text(every).splitlines()[0] == f"{len(every.hits)} ärenden {scope}"
    one = answer_question(sample_engine, "servicenämnden maj 2024", now=NOW)
    assert one.meetings == 1 and "möten" not in render_answer_text(one).splitlines()[0]
    # ... for a topic too: all that answer, of which the best are shown
    topic = answer_question(sample_engine, "upphandling", now=NOW, limit=3)
    assert topic.total == len(answer_question(sample_engine, "upphandling", now=NOW, limit=100).hits) > 3


def test_absent_topic_returns_no_hits_but_suggestions(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "vad har nämnden beslutat om simhallar")
    assert answer["hits"] == []
    assert 1 <= len(answer["suggestions"]) <= 3
    text = render_answer_text(answer_question(sample_engine, "simhallar i servicenämnden 2024", now=NOW))
    assert text.startswith("Jag hittade inget om simhallar i Servicenämnd under 2024.")
    said = re.sub(r"https?://\S+", "", text)  # a meeting page's address has the slug, the words never
    assert "Jag sökte efter" not in said and "servicenamnd" not in said
    assert "senaste mötet i Servicenämnd" in text


def test_latest_meeting_sorts_by_date(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "senaste mötet i servicenämnden")
    assert answer["interpretation"]["intent"] == "latest"
    assert {h["meeting_date"] for h in answer["hits"]} == {"2024-05-07"}


def test_amount_question_summary_carries_the_amount(sample_engine: SearchEngine) -> None:
    top = ask(sample_engine, "hur mycket kostar elavtalet")["hits"][0]
    assert "358 miljoner kronor" in top["summary"]


@pytest.mark.parametrize(
    "question",
    ["", "   ", "?!?...", "x" * 10_000, '"', "*", "NEAR(", "'; DROP TABLE items; --", "telefoni AND OR NOT",
     "🚀🔥", "What did the committee decide about the budget?", "\x00\x01", "a" * 60, "title:telefoni",
     "telefoni^2", "(telefoni", "-telefoni"],
)
def test_bad_input_never_raises(sample_engine: SearchEngine, question: str) -> None:
    answer = answer_question(sample_engine, question, now=NOW)
    rendered = render_answer_text(answer)
    assert isinstance(rendered, str) and rendered
    assert sample_engine.store.query("SELECT count(*) FROM items")[0][0] > 0


def test_long_question_is_cut_with_notice(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "telefoni " + "och " * 2000, now=NOW)
    assert answer.notice and "de första 500 tecknen" in answer.notice
    assert answer.hits and "telefoni" in answer.hits[0].text


def test_empty_question_gets_a_clear_message(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "  ", now=NOW)
    assert not answer.hits and answer.small_talk == "empty"
    assert render_answer_text(answer).startswith("Skriv en fråga")


def test_question_words_and_filler_do_not_become_terms() -> None:
    catalog = Catalog(committees=(CommitteeInfo("servicenamnd", "Servicenämnd", None),))
    question = parse_question("Vad har de beslutat om något kring telefoni?", now=NOW, catalog=catalog)
    assert question.terms == ("kring", "telefoni") or question.terms == ("telefoni",)


def test_typo_series_case_number_is_findable_by_the_right_series(store) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from knowledge.pages.ingest import ingest_file

    page = Path(store.path).parent / "typo.txt"
    page.write_text(" • Anmälan av delegationsbeslut:\n  -tilldelning av ramavtal för städmaterial, 24R441-1\n"
                    "  -avtal om tolktjänster, 24RS442-1\n", encoding="utf-8")
    ingest_file(store, page, committee="servicenamnd", meeting_date="2024-05-07", now="x")
    engine = SearchEngine(store)
    for typed in ("24RS441", "24R441-1", "441"):
        top = ask(engine, typed)["hits"][0]
        assert "städmaterial" in top["text"] and top["case_numbers"] == ["24R441-1"]


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("RS", "regionstyrelse"), ("kollektivtrafiknämnden", "kollektivtrafiknamnd"),
     ("HSN", "halso-och-sjukvardsnamnd"), ("regionfullmäktige", "regionfullmaktige")],
)
def test_committee_short_names(sample_engine: SearchEngine, name: str, prefix: str) -> None:
    committees = ask(sample_engine, f"{name} 2022")["interpretation"]["committees"]
    assert committees and all(c.startswith(prefix) for c in committees)


def test_questions_typed_without_swedish_letters(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "kolonialvaror loper ut 2025")
    assert answer["interpretation"]["intent"] == "contract_expiry"
    assert "kolonialvaror" in answer["hits"][0]["text"]
    assert ask(sample_engine, "vad beslutades om telefoni i varas", now=date(2024, 7, 1))["interpretation"][
        "date_from"] == "2024-01-01"
    top = ask(sample_engine, "ortopediska skor i orebro")["hits"][0]
    assert "ortopediska skor" in top["text"]
    assert ask(sample_engine, "simhallar")["hits"] == []  # no accent folding into "samhällen"


def test_warm_up_loads_every_word_list_before_the_first_question(sample_store: Store) -> None:
    places._places.cache_clear()
    shipped_thesaurus.cache_clear()
    background._abbreviations.cache_clear()
    SearchEngine(sample_store).warm_up()
    assert places._places.cache_info().currsize == 1
    assert shipped_thesaurus.cache_info().currsize == 1
    assert background._abbreviations.cache_info().currsize == 1


def test_a_year_asked_is_also_the_year_an_item_is_about(store) -> None:  # type: ignore[no-untyped-def]
    """"budgetramar för 2026": the budget for 2026 is decided at a meeting in 2025."""
    from pathlib import Path

    from knowledge.pages.ingest import ingest_file

    for day, year in (("2025-12-03", 2026), ("2027-12-08", 2028)):
        page = Path(store.path).parent / f"rs-{day}.txt"
        page.write_text(f" • Budgetram {year}\n\n  Regionstyrelsens budgetram {year} uppgår till 2 973 mnkr.\n",
                        encoding="utf-8")
        ingest_file(store, page, committee="regionstyrelse", meeting_date=day, now="x")
    hits = ask(SearchEngine(store), "regionstyrelsens budgetramar för 2026")["hits"]
    assert hits[0]["meeting_date"] == "2025-12-03"
    assert "period: 2026" in hits[0]["why"]


def test_a_compound_whose_tail_says_nothing_is_its_head(store) -> None:  # type: ignore[no-untyped-def]
    """"skogsfrågorna": the index leaves out parts like "frågor", so the question's compound is "skog"."""
    from pathlib import Path

    from knowledge.pages.ingest import ingest_file

    page = Path(store.path).parent / "rapportorer.txt"
    page.write_text(" • Val av rapportörer\n\n  Nämnden utser rapportörer för sakfrågor.\n\n"
                    "  Skogen och landsbygden: rapportör Anna Berg.\n\n • Budget för kollektivtrafiken\n\n"
                    "  Nämnden beslutar om budget.\n", encoding="utf-8")
    ingest_file(store, page, committee="regional-tillvaxtnamnd", meeting_date="2022-03-30", now="x")
    hits = ask(SearchEngine(store), "vem är rapportör för skogsfrågorna")["hits"]
    assert hits and "Skogen" in hits[0]["text"]


def test_a_page_without_an_address_answers_with_an_empty_url(store) -> None:  # type: ignore[no-untyped-def]
    """A JSON reader compares urls as strings: a page ingested without one gives "", not null."""
    from pathlib import Path

    from knowledge.pages.ingest import ingest_file

    page = Path(store.path).parent / "utan-adress.txt"
    page.write_text(" • Telefoni\n\n  Nämnden beslutar om ny telefonilösning.\n", encoding="utf-8")
    ingest_file(store, page, committee="servicenamnd", meeting_date=None, now="x")
    [hit] = ask(SearchEngine(store), "telefonilösning")["hits"]
    assert hit["url"] == ""


def test_a_place_alone_does_not_answer_a_question_about_something_there(store) -> None:  # type: ignore[no-untyped-def]
    """"ambulans i skellefteå": an item that names Skellefteå but not the ambulance is at most related."""
    from pathlib import Path

    from knowledge.pages.ingest import ingest_file

    pages = {
        "https://meetingsplus.vll.se/committees/regionala-utvecklingsnamnden/mote-2022-09-21":
            " • Bolagsdialog\n\n  10.30 Bolagsdialog med Skellefteå museum AB.\n",
        "https://meetingsplus.vll.se/committees/halso-och-sjukvardsnamnden/mote-2024-10-08":
            " • Ambulanssjukvård i Lycksele\n\n  En ambulans till stationeras i Lycksele.\n",
    }
    for n, (url, text) in enumerate(pages.items()):
        page = Path(store.path).parent / f"vll-{n}.txt"
        page.write_text(text, encoding="utf-8")
        ingest_file(store, page, url=url, now="x")
    engine = SearchEngine(store)
    answer = ask(engine, "ambulans i skellefteå")
    assert all("Skellefteå museum" not in hit["text"] for hit in answer["hits"])
    assert any("Skellefteå museum" in hit["text"] for hit in answer["related"])
    # the place asked alone is the topic
    assert "Skellefteå museum" in ask(engine, "skellefteå")["hits"][0]["text"]


def test_why_says_in_swedish_how_a_word_matched(sample_engine: SearchEngine) -> None:
    """`why` reaches residents (related items, digests): Swedish words, not the engine's names."""
    said = " ".join(" ".join(h["why"]) for q in ("telefonin", "telefonilosning", "telfoni", "vårdcentralen")
                    for h in ask(sample_engine, q)["hits"])
    assert said and not any(name in said for name in ("exact", "prefix", "fuzzy", "compound"))
    assert "rättad stavning" in " ".join(ask(sample_engine, "telfoni")["hits"][0]["why"])


def test_browsing_says_the_committee_by_its_name(sample_engine: SearchEngine) -> None:
    hits = ask(sample_engine, "servicenämnden maj 2024")["hits"]
    assert hits and "nämnd: Servicenämnd" in hits[0]["why"]


def test_a_gold_snippet_matches_whatever_its_case_and_line_breaks() -> None:
    url = "https://example.se/committees/regionfullmaktige/mote-2020-04-21"
    question = GoldQuestion("x1", "rs 619-2020", "case_number",
                            ({"url": url, "contains": "åtgärd kan vänta RS 619:1-2020"},))
    hit = {"url": url + "/", "title": "Motion nr 22", "text": "Begränsning där Åtgärd kan vänta\n  rs 619:1-2020"}
    assert rank_of_first_correct([{"url": url, "title": "Annat", "text": ""}, hit], question) == 2


def test_what_a_committee_was_told_in_a_period_browses_its_information_items(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "vad informerades regionstyrelsen gävleborg om i december 2021")
    assert answer["interpretation"]["terms"] == []
    assert {(h["committee"], h["meeting_date"]) for h in answer["hits"]} == {("regionstyrelse", "2021-12-08")}
    assert answer["hits"][0]["kind"] == "information"
    # "för information" asks the same, and is no topic
    answer = ask(sample_engine, "vad hade RS i region jh för informationer i december 2022")
    assert answer["hits"] and {h["meeting_date"] for h in answer["hits"]} == {"2022-12-06"}
    # a word about information as a topic stays one
    assert ask(sample_engine, "informationssäkerhet regionstyrelsen 2021")["interpretation"]["terms"] == [
        "informationssäkerhet"]
