"""Replies as a phone shows them: header line, numbered cards, sub-entries, summaries, small talk, no hits."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from knowledge import texts
from knowledge.conversation import first_digest_text, next_weekly, small_talk_kind
from knowledge.language.question import Catalog, parse_question
from knowledge.pages.ingest import ingest_files, ingest_manifest
from knowledge.render import (
    answer_json,
    render_answer_html,
    render_answer_text,
    render_hit_text,
    render_item_text,
    render_no_hits_html,
)
from knowledge.render.cards import header_line
from knowledge.sample_data import MANIFESTS, SAMPLE_DIR
from knowledge.search.answer import SUMMARY_LIMIT, answer_question, build_hits, finish_sentence, summarise
from knowledge.search.engine import Hit, SearchEngine
from knowledge.store import Store
from tests.conftest import INGESTED_AT, NOW, SEEDS

_ENDS_WHOLE = re.compile(r"[.!?…][”\"’)\]]*$")


def test_header_says_what_was_understood_and_cards_are_numbered(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "telefoni servicenämnden 2024", now=NOW)
    body = render_answer_html(answer)
    assert re.match(rf"{len(answer.hits)} ärenden? om <i>telefoni</i> · Servicenämnd · 2024\n\n", body)
    assert re.findall(r"^<b>(\d+)\. ", body, re.M) == [str(n) for n in range(1, len(answer.hits) + 1)]
    second_page = render_answer_html(answer, offset=1, count=1)
    assert re.findall(r"^<b>(\d+)\. ", second_page, re.M) == ["2"]  # numbering goes on across pages
    one = answer_question(sample_engine, "24RS1647", now=NOW)
    assert render_answer_text(one).startswith("1 ärende med diarienummer 24RS1647\n\n1. ")
    typed = answer_question(sample_engine, "dnr 24 rs 3384", now=NOW)
    assert render_answer_text(typed).startswith("1 ärende med diarienummer 24RS3384\n")  # as the store writes it
    expiry = answer_question(sample_engine, "avtal som löper ut 2025", now=NOW)
    assert render_answer_text(expiry).startswith("1 ärende om avtal som löper ut · 2025")


def _store_with(tmp_path: Path, *extra: str) -> Store:
    store = Store(tmp_path / "orgs.db")
    ingest_manifest(store, SEEDS / "INDEX.tsv", now=INGESTED_AT)
    dev = {line.split("\t")[0]: line.split("\t")[1] for line in
           (SAMPLE_DIR / "dev" / "INDEX.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    for name in extra:
        ingest_files(store, [SAMPLE_DIR / "dev" / name], url=dev[name], now=INGESTED_AT)
    return store


def test_region_is_named_on_cards_only_when_the_store_holds_two_organisations(tmp_path: Path) -> None:
    with _store_with(tmp_path) as one_region:
        text = render_answer_text(answer_question(SearchEngine(one_region), "telefoni", now=NOW))
    assert "   Servicenämnd 2024-05-07 · punkt 5" in text and "Örebro län" not in text.split("\n")[3]
    with _store_with(tmp_path / "two", "lg__regionstyrelse__2024-04-10.txt") as two_regions:
        engine = SearchEngine(two_regions)
        text = render_answer_text(answer_question(engine, "telefoni", now=NOW))
        assert "   Servicenämnd (Örebro län) 2024-05-07 · punkt 5" in text
        budget = render_answer_text(answer_question(engine, "tidplan budget", now=NOW))
    assert "Regionstyrelse (Gävleborg) 2024-04-10" in budget


def test_delegation_line_reads_as_a_sentence_under_its_list(sample_engine: SearchEngine) -> None:
    text = render_answer_text(answer_question(sample_engine, "24RS3384", now=NOW))
    card = text.split("\n\n")[1].splitlines()
    assert card[0] == ("1. Förvaltningschefen för Regionservice har beslutat om dispens från tidigare fattat beslut "
                       "gällande kostnadsminskande åtgärder.")
    assert card[1] == "   Delegationsbeslut, Servicenämnd (Örebro län) 2024-05-07 · punkt 7"
    assert card[2] == "   Dnr 24RS3384-1"
    assert text.count("kostnadsminskande") == 1 and "-beslutat" not in text


def test_a_line_of_a_list_is_answered_by_its_item_which_shows_the_line(sample_engine: SearchEngine) -> None:
    # "Skogen, rapportör …" has no case number of its own: it is a line of the decision to appoint reporters
    answer = answer_question(sample_engine, "tillväxtnämndens rapportör för skogen", now=NOW)
    assert answer.hits[0].parent_id is None and answer.hits[0].title.startswith("Regional tillväxtnämnd föreslås")
    card = render_answer_text(answer).split("\n\n")[1].splitlines()
    assert card[2].startswith("   Skogen, rapportör")  # the summary is the line asked about


def test_a_list_line_shows_the_lead_in_of_its_list(sample_engine: SearchEngine) -> None:
    # a line shown alone (the list's item not among the hits): its lead-in says what "Skogen, rapportör …" is
    question = parse_question("rapportör för skogen", now=NOW, catalog=sample_engine.catalog)
    [line_id] = [row["id"] for row in sample_engine.store.query(
        "SELECT id FROM items WHERE parent_id IS NOT NULL AND title LIKE 'Skogen, rapportör%'")]
    answer = replace(answer_question(sample_engine, "rapportör för skogen", now=NOW),
                     hits=tuple(build_hits(sample_engine, [Hit(line_id, 1.0)], question)))
    text = render_answer_text(answer)
    card = text.split("\n\n")[1].splitlines()
    assert card[0].startswith("1. Skogen, rapportör")
    assert card[1] == "   Regional tillväxtnämnd (Örebro län) 2022-03-30 · § 22"
    assert card[2].startswith("   Del av: Regional tillväxtnämnd föreslås utse rapportörer")
    assert "Delpost" not in text


def test_one_line_entries_do_not_outrank_substantive_items_of_equal_match(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "upphandling", now=NOW, limit=10)
    kinds = [hit.parent_id is None for hit in answer.hits]
    first_entry = kinds.index(False)
    entries = [h for h in answer.hits if h.parent_id is not None]
    substantive_after = [h for h in answer.hits[first_entry:] if h.parent_id is None]
    # every substantive item that matched as well as an entry (same match, only bm25 differs) comes first
    assert not [h for h in substantive_after if entries and abs(h.score - entries[0].score) < 1e-9]
    assert answer.hits[0].parent_id is None


def _bundled_items() -> list[tuple[str, object]]:
    store = Store(":memory:")
    for manifest in MANIFESTS:
        ingest_manifest(store, manifest, now=INGESTED_AT)
    ids = [r[0] for r in store.query("SELECT id FROM items ORDER BY id")]
    return [(f"item {item.id}", item) for item in store.get_items(ids)]


@pytest.fixture(scope="module")
def bundled_items() -> list[tuple[str, object]]:
    return _bundled_items()


@pytest.mark.parametrize("question", ["", "vad beslutades om upphandling?", "hur mycket kostar det", "avtal 2025"])
def test_summaries_are_whole_sentences_or_cut_at_a_word_with_an_ellipsis(bundled_items: list, question: str) -> None:
    """Every bundled item's summary ends a sentence, or ends in "…" right after a whole word of the text."""
    parsed = parse_question(question, now=NOW, catalog=Catalog())
    assert len(bundled_items) > 400
    for name, item in bundled_items:
        summary = summarise(item, parsed)  # type: ignore[arg-type]
        assert summary and len(summary) <= SUMMARY_LIMIT, name
        assert _ENDS_WHOLE.search(summary), f"{name}: {summary!r}"
        assert summary[0] == summary[0].upper() or not summary[0].isalpha() or item.parent_id is None, name
        assert summary[0].isalnum() or summary[0] in "\"”(«“", f"{name}: {summary!r}"
        if summary.endswith("…") and not summary.endswith(" …"):
            stem = summary[:-1].rstrip()
            source = " ".join(item.text.split())  # type: ignore[attr-defined]
            at = source.find(stem.split(" ", 1)[-1][-40:]) if stem else -1
            if at >= 0:  # a cut inside the text falls on a word boundary
                end = at + len(stem.split(" ", 1)[-1][-40:])
                assert end >= len(source) or not source[end].isalnum(), f"{name}: {summary!r}"


@pytest.mark.parametrize(("line", "said"), [
    # a page's excerpt broken off inside a word: the sentence breaks off, it does not end
    ("Formerna för upphandling och sama", "Formerna för upphandling och sama…"),
    ("Nytt förslag på datum är 8 september, 10 oktober och 11 novembe", "… 10 oktober och 11 novembe…"),
    ("ärendehanteringen har i huvu", "ärendehanteringen har i huvu…"),
    # ... but a rare word of the dictionary, a name or a short form ends a heading
    ("Fastställande av dagordning", "Fastställande av dagordning."),
    ("Lina Renfors, strateg", "Lina Renfors, strateg."),
    ("Upphandling av entreprenad avseende T5", "Upphandling av entreprenad avseende T5."),
    ("Ny vårdcentral i Skebäck", "Ny vårdcentral i Skebäck."),
])
def test_a_line_broken_off_inside_a_word_ends_with_an_ellipsis(line: str, said: str) -> None:
    finished = finish_sentence(line)
    assert finished.endswith(said.removeprefix("…")) and finished.startswith(line)


@pytest.mark.parametrize(("text", "kind"), [
    ("hej", "greeting"), ("Hej!", "greeting"), ("tack", "thanks"), ("Tack så mycket!", "thanks"),
    ("vem är du?", "who"), ("?", "empty"), ("", "empty"), ("vad gjorde nämnden", "no_topic"),
])
def test_small_talk_gets_a_friendly_reply_with_two_examples(sample_engine: SearchEngine, text: str, kind: str) -> None:
    answer = answer_question(sample_engine, text, now=NOW)
    assert answer.small_talk == kind and not answer.hits
    plain = render_answer_text(answer)
    assert plain.startswith(texts.SMALL_TALK[kind])
    assert all(example in plain for example in texts.EXAMPLE_QUESTIONS[:2])
    assert "Jag sökte efter" not in plain and "–" not in plain.splitlines()[-1]
    assert texts.SMALL_TALK[kind] in render_no_hits_html(answer)


@pytest.mark.parametrize(("asked", "word", "searched"), [
    ("vad är ett delegationsbeslut?", "delegationsbeslut", True),  # what it is, then the items that are one
    ("Vad betyder justering", "justering", True),
    ("vad menas med dnr", "diarienummer", False),  # nothing to search beside the word: what it is, and examples
    ("vad är en motion i gävleborg", "motion", True),
    ("förklara §", "paragraf", False),
])
def test_a_question_for_what_a_word_of_the_papers_means_is_answered_with_its_meaning(
        sample_engine: SearchEngine, asked: str, word: str, searched: bool) -> None:
    answer = answer_question(sample_engine, asked, now=NOW)
    assert answer.notice == texts.GLOSSARY[word]
    text = render_answer_text(answer)
    assert text.startswith(texts.GLOSSARY[word] + "\n")
    if searched:
        assert answer.hits and not answer.small_talk
    else:
        assert answer.small_talk == "meaning" and texts.EXAMPLE_QUESTIONS[0] in text
        assert render_no_hits_html(answer).startswith(texts.GLOSSARY[word].split(" (")[0])
    # every other name is of a word the glossary explains
    assert set(texts.GLOSSARY_NAMES.values()) <= set(texts.GLOSSARY)


def test_a_topic_the_glossary_does_not_explain_is_only_searched(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "vad är telefoni", now=NOW)
    assert answer.notice is None and answer.hits
    # "var är" asks where, not what
    assert answer_question(sample_engine, "var är protokollet från servicenämnden", now=NOW).notice is None


@pytest.mark.parametrize("asked", ["vilka nämnder finns?", "Lista nämnderna", "vilka nämnder kan du svara om"])
def test_asked_which_committees_there_are_the_chat_lists_them(sample_engine: SearchEngine, asked: str) -> None:
    answer = answer_question(sample_engine, asked, now=NOW)
    assert answer.small_talk == "committees" and not answer.hits
    lines = render_answer_text(answer).splitlines()
    assert lines[0] == texts.COMMITTEES_LIST
    listed = [line for line in lines if line.startswith("• ")]
    assert len(listed) == len(sample_engine.store.committee_summaries()) > 5
    assert "• Servicenämnd – Region Örebro län (2024-05-07)" in listed
    assert texts.EXAMPLE_QUESTIONS[0] in render_no_hits_html(answer)
    # a question about committees is searched
    assert answer_question(sample_engine, "vilka nämnder har beslutat om telefoni", now=NOW).hits


def test_a_long_list_of_committees_fits_a_chat_message(tmp_path: Path) -> None:
    store = Store(tmp_path / "many.db")
    for n in range(45):
        page = tmp_path / f"p{n}.txt"
        page.write_text(f"Möte 2024-05-07\n\nNämnd {n}\n • § 1\n\n  Ärende\n\n  Nämnden beslutar.\n", encoding="utf-8")
        ingest_files(store, [page], url=f"https://example.se/committees/namnd-{n}/mote-2024-05-07", now=INGESTED_AT)
    answer = answer_question(SearchEngine(store), "vilka nämnder finns", now=NOW)
    assert answer.notice is not None and answer.notice.endswith("… och 15 till.")
    assert len(render_no_hits_html(answer)) < 4096


def test_a_question_with_a_topic_is_not_small_talk() -> None:
    assert small_talk_kind("hej, vad beslutades om telefoni?") is None
    assert small_talk_kind("tackar för svaret om elavtalet") is None


def test_no_hit_reply_says_what_was_searched_with_related_suggestions(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "simhallar i servicenämnden 2024", now=NOW)
    html_reply = render_no_hits_html(answer)
    assert html_reply.startswith("Jag hittade inget om <i>simhallar</i> i Servicenämnd under 2024.")
    assert "senaste mötet i Servicenämnd" in answer.suggestions
    typo = answer_question(sample_engine, "elmäklarr kolonjal simhallar", now=NOW)
    assert typo.hits or typo.suggestions or typo.related
    for text in ("simhallar", "simhallar hsn", "kvantdatorer i regionstyrelsen"):
        reply = answer_question(sample_engine, text, now=NOW)
        plain = render_answer_text(reply)
        assert "–" not in plain and "-" not in "".join(reply.suggestions).replace("Hälso- och", "")
        assert not any(re.fullmatch(r"[a-z]+(-[a-z]+)+", s) for s in reply.suggestions)  # never a slug


def test_nothing_found_in_a_meeting_asked_for_links_its_page_and_offers_to_browse_it(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "simhallar i servicenämnden maj 2024", now=NOW)
    assert not answer.hits and not answer.related
    (meeting,) = answer.meeting_links
    assert meeting.meeting_date == "2024-05-07" and meeting.committee_name == "Servicenämnd"
    assert meeting.url and meeting.url.endswith("/committees/servicenamnd/mote-2024-05-07")
    assert f'• Servicenämnd 2024-05-07: <a href="{meeting.url}">{texts.MEETING_LINK}</a>' in render_no_hits_html(answer)
    assert f"• Servicenämnd 2024-05-07: {meeting.url}" in render_answer_text(answer)
    assert answer_json(answer)["meetings"] == [{"committee_name": "Servicenämnd", "meeting_date": "2024-05-07",
                                                "url": meeting.url}]
    # the first suggestion browses the meeting: tapped, it answers with that meeting's items
    browsed = answer_question(sample_engine, answer.suggestions[0], now=NOW)
    assert browsed.hits and {(h.committee, h.meeting_date) for h in browsed.hits} == {("servicenamnd", "2024-05-07")}
    # a year holds two meetings, newest first
    year = answer_question(sample_engine, "simhallar i servicenämnden 2024", now=NOW)
    assert [m.meeting_date for m in year.meeting_links] == ["2024-05-07", "2024-04-04"]
    assert texts.MEETINGS_ASKED_MANY in render_answer_text(year)
    # without a committee or a period of its own, a question names no meeting
    for text in ("simhallar i servicenämnden", "simhallar i maj 2024", "simhallar på senaste mötet i servicenämnden"):
        assert answer_question(sample_engine, text, now=NOW).meeting_links == ()


@pytest.mark.parametrize(("text", "listed"), [
    ("vilka möten hade servicenämnden 2024", True), ("hur många möten hade servicenämnden 2024", True),
    ("hur många gånger sammanträdde servicenämnden 2024", True), ("när hade servicenämnden möte 2024", True),
    ("mötesdatum för servicenämnden 2024", True), ("när möttes servicenämnden 2024", True),
    ("servicenämnden 2024", False), ("vad tog servicenämnden upp 2024", False),
    ("vilka beslut tog servicenämnden 2024", False),
    ("vilka möten har servicenämnden haft om telefoni", False),  # the items on a topic say their meetings
])
def test_the_meetings_are_listed_when_they_are_asked_for(sample_engine: SearchEngine, text: str, listed: bool) -> None:
    answer = answer_question(sample_engine, text, now=NOW)
    if not listed:
        assert answer.meetings_listed == 0 and answer.meeting_links == () and answer.hits
        return
    assert answer.interpretation.terms == ()  # "gånger", "mötesdatum" ask for meetings, they are no topic
    assert answer.meetings_listed == 2
    assert [(m.committee_name, m.meeting_date) for m in answer.meeting_links] == [
        ("Servicenämnd", "2024-05-07"), ("Servicenämnd", "2024-04-04")]
    assert answer.hits and {h.meeting_date for h in answer.hits} <= {"2024-05-07", "2024-04-04"}  # what they took up
    plain = render_answer_text(answer)
    assert plain.startswith("2 möten i Servicenämnd under 2024:\n• Servicenämnd 2024-05-07: https://")
    assert plain.index("2024-04-04: https://") < plain.index(header_line(answer, mark=False))
    assert render_answer_html(answer).startswith(
        '2 möten i Servicenämnd under 2024:\n• Servicenämnd 2024-05-07: <a href="https://')
    assert answer_json(answer)["meetings_total"] == 2


def test_meeting_words_beside_a_topic_are_part_of_it(sample_engine: SearchEngine) -> None:
    # "mötestider" of an item that sets them is a topic; alone, beside a committee, it asks for the meetings
    topic = parse_question("när fastställde servicenämnden mötestiderna för 2025", now=NOW, catalog=sample_engine.catalog)
    alone = parse_question("mötestiderna för servicenämnden 2025", now=NOW, catalog=sample_engine.catalog)
    assert "mötestiderna" in topic.terms and alone.terms == () and alone.lists_meetings


def test_a_long_list_of_meetings_says_how_many_more_and_no_meetings_says_so(sample_engine: SearchEngine,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("knowledge.search.answer.MEETING_LIST_LIMIT", 1)
    answer = answer_question(sample_engine, "vilka möten hade servicenämnden 2024", now=NOW)
    assert len(answer.meeting_links) == 1 and answer.meetings_listed == 2
    assert "• Servicenämnd 2024-05-07: https://" in render_answer_text(answer)
    assert texts.MEETINGS_LISTED_MORE.format(n=1) in render_answer_text(answer)
    none = answer_question(sample_engine, "vilka möten hade servicenämnden 2019", now=NOW)
    assert not none.hits and none.meetings_listed == 0
    assert render_answer_text(none).startswith("Jag hittade inga möten i Servicenämnd under 2019.")
    # an item of another meeting may speak of the year: it is shown, after saying there were no meetings
    later = answer_question(sample_engine, "vilka möten hade servicenämnden 2025", now=NOW)
    assert later.hits and later.meetings_listed == 0
    assert later.notice and "Jag hittade inga möten i Servicenämnd under 2025." in later.notice.splitlines()


def test_close_words_are_offered_for_a_typo_not_for_a_word_typed_as_meant(sample_engine: SearchEngine) -> None:
    assert "aktuellt" in answer_question(sample_engine, "akutllt", now=NOW).suggestions
    # "franska" and "internationella" are words of their own, not slips for "granskat" and "nationella" of titles
    for typed, title_word in (("franska", "granskat"), ("internationella", "nationella")):
        assert title_word in sample_engine.title_words
        assert title_word not in answer_question(sample_engine, typed, now=NOW).suggestions


def test_next_weekly_digest_time_is_local_and_after_now() -> None:
    now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # a Wednesday
    when = next_weekly(now, weekday=0, at="07:00", timezone="Europe/Stockholm")
    assert (when.date(), when.hour, when.minute) == (date(2026, 12, 7), 7, 0)
    assert first_digest_text(when).startswith("Inget nytt ännu") and "måndag 7 december kl. 07:00" in \
        first_digest_text(when)


def test_what_a_user_reads_is_swedish_and_explains_what_is_missing(sample_engine: SearchEngine) -> None:
    store = sample_engine.store
    item_id = store.query("SELECT id FROM items WHERE parent_id IS NULL AND kind = 'decision' LIMIT 1")[0][0]
    shown = render_item_text(store, store.get_item(item_id))
    assert "Slag: beslutsärende" in shown and "decision" not in shown and "Typ:" not in shown
    hit = answer_question(sample_engine, "telefoni", now=NOW).hits[0]
    card = render_hit_text(replace(hit, meeting_date=None, url=None), 1)
    assert "datum saknas på sidan" in card and "okänt datum" not in card
    assert texts.NO_LINK in card and "länk saknas" in texts.NO_LINK


def test_a_reply_with_only_related_items_still_says_what_was_searched(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "telefoni simhallar", now=NOW)
    if not answer.related:
        pytest.skip("this store answers the question with confident hits")
    assert render_answer_text(answer).startswith("Jag hittade inget om telefoni simhallar. ")
    assert render_no_hits_html(answer).startswith("Jag hittade inget om <i>telefoni simhallar</i>. ")


@pytest.mark.parametrize(("asked", "topic"), [
    ("Anna Nordqvist", "om Anna Nordqvist"),  # a name as written
    ("upphandling T5", "om upphandling T5"),
    ("Telefonin?", "om telefonin"),  # a phone's capital at the start of a message is no name
    ("Kolonialvaror", "om kolonialvaror"),
    ("Karlskoga lasarett", "om Karlskoga lasarett"),  # ... but a place the dictionary writes with one is
])
def test_the_understood_line_says_the_words_as_written(sample_engine: SearchEngine, asked: str, topic: str) -> None:
    answer = answer_question(sample_engine, asked, now=NOW)
    assert answer.hits and header_line(answer, mark=False).split(" · ")[0].endswith(topic)


def test_the_understood_line_leaves_out_the_chats_filler(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "blev det nåt typ om telefonin", now=NOW)
    line = header_line(answer, mark=False)
    assert "telefonin" in line and "typ" not in line.split() and "nåt" not in line.split()
    short_form = header_line(answer_question(sample_engine, "avtal om telefoni enl servicenämnden", now=NOW), mark=False)
    assert "telefoni" in short_form and "enl" not in short_form.split()
    # only filler beside a committee: its meetings were browsed, and the line names no topic
    browsed = answer_question(sample_engine, "vad har regionstyrelsen gävleborg haft", now=NOW)
    assert browsed.hits and header_line(browsed, mark=False).split(" · ")[1:3] == ["Regionstyrelse", "Gävleborg"]
    assert " om " not in header_line(browsed, mark=False)
