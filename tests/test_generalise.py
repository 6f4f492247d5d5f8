"""Answers that hold up on everyday wording: word weights, compounds, thesaurus, committee names,
confidence and related items."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from unittest.mock import patch

import pytest

from knowledge.language import background
from knowledge.language.background import (
    compound_lemma,
    is_abbreviation,
    is_verb_form,
    restore_accents,
    specificity,
    zipf,
)
from knowledge.language.committees import derive_aliases
from knowledge.language.compounds import compound_parts, split_compound
from knowledge.language.question import Catalog, CommitteeInfo, find_committees, parse_question
from knowledge.language.text import INITIALISM, PART, fold, index_terms, stem
from knowledge.language.thesaurus import Thesaurus, key_word, parse_thesaurus, rest_of_term, thesaurus
from knowledge.pages.ingest import ingest_file
from knowledge.render import answer_json, render_answer_text, render_no_hits_html
from knowledge.render.cards import header_line
from knowledge.search.answer import answer_question
from knowledge.search.engine import Alternative, Hit, SearchEngine, TermGroup, Vocabulary, resolve_phrase, resolve_word
from knowledge.search.ranking import RANKING, Ranking
from knowledge.store import Store
from knowledge.store.search import ScoringRow
from tests.conftest import INGESTED_AT, NOW, TESTS

TRAFFIC_PAGE = """Möte 2024-06-04

Kollektivtrafiknämnd
 • § 31

  Nattrafik med buss på helger

  Nämnden beslutar att införa nattrafik med buss mellan centrum och resecentrum under helger från hösten.

 • § 32

  Kollektivtrafiknämndens handlingsplan för ekonomisk balans

  Handlingsplanen för ekonomisk balans omfattar minskade kostnader för färdtjänst och serviceresor.
"""


def ask(engine: SearchEngine, text: str) -> dict:
    return answer_json(answer_question(engine, text, now=NOW))


def _one_page_store(tmp_path: Path, text: str, meeting: str) -> Store:
    """A store of one meeting page, `meeting` being "<committee-slug>/mote-YYYY-MM-DD"."""
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    store = Store(tmp_path / "one.db")
    ingest_file(store, page, url=f"https://example.se/committees/{meeting}", now=INGESTED_AT)
    return store


# -- background weights ------------------------------------------------------------------


def test_filler_words_weigh_little_and_topic_words_much() -> None:
    for filler in ("nåt", "dom", "typ", "egentligen", "ändå", "blev"):
        assert specificity(filler) < 0.5, filler
    for topic in ("telefoni", "hälsocentral", "ambulanssjukvård", "kollektivtrafiken"):
        assert specificity(topic) > 0.8, topic


def test_a_filler_word_does_not_empty_an_answer(sample_engine: SearchEngine) -> None:
    plain = ask(sample_engine, "telefoni")["hits"]
    chatty = ask(sample_engine, "blev det nåt typ egentligen kring telefoni ändå")["hits"]
    assert plain and chatty and chatty[0]["item_id"] == plain[0]["item_id"]


def test_an_adverb_of_time_without_a_date_is_no_topic_word() -> None:
    # "framöver" and "numera" say when only vaguely, and the papers use them about anything
    for text in ("vad ska hända med biblioteken framöver", "hur blir det med telefonin fortsättningsvis",
                 "får man numera parkera gratis"):
        terms = parse_question(text, now=NOW, catalog=Catalog()).terms
        assert not {"framöver", "fortsättningsvis", "numera"} & set(terms), text


def test_spoken_spellings_are_filler_in_questions_but_words_in_papers() -> None:
    question = parse_question("har dom nån gång pratat om sånt som telefoni", now=NOW, catalog=Catalog())
    assert "dom" not in question.terms and "nån" not in question.terms and "sånt" not in question.terms
    assert "telefoni" in question.terms
    assert stem("dom") in index_terms("Förvaltningsrättens dom i målet har kommit in")  # a ruling


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("har regionen koll på kostnaderna", "koll", None),
    ("spel om pengar bland unga", "spel", None),
    ("kollar dom på kostnaderna", None, "kollar"),
    ("vad hittade revisorerna", None, "hittade"),
])
def test_a_filler_verb_is_filler_in_every_form_but_its_bare_stem_is_a_noun(text: str, kept: str | None,
                                                                           dropped: str | None) -> None:
    terms = parse_question(text, now=NOW, catalog=Catalog()).terms
    assert (kept is None or kept in terms) and dropped not in terms


@pytest.mark.parametrize("said", ["vad tog servicenämnden beslut om i maj 2024", "vad har servicenämnden tagit beslut om i maj 2024"])
def test_an_everyday_phrase_for_a_decision_asks_for_decisions_not_a_topic(sample_engine: SearchEngine, said: str) -> None:
    question = parse_question(said, now=NOW, catalog=sample_engine.catalog)
    assert question.intent == "browse" and not question.phrases
    hits = ask(sample_engine, said)["hits"]
    assert hits and hits == ask(sample_engine, "vad beslutade servicenämnden i maj 2024")["hits"]


def test_particle_verbs_do_not_make_their_particles_topic_words() -> None:
    question = parse_question("drar dom ner på telefonin eller lägger dom ner den", now=NOW, catalog=Catalog())
    assert "ner" not in question.terms and "telefonin" in question.terms


@pytest.mark.parametrize(("text", "noun"), [
    ("Planen följs upp i en tertialrapport", "uppföljning"),
    ("Mottagningen läggs ner vid årsskiftet", "nedläggning"),
    ("Hjärtmottagningen byggs ut", "utbyggnad"),
    ("Materialet köps in centralt", "inköp"),
])
def test_a_particle_verb_of_a_text_is_indexed_as_its_noun(text: str, noun: str) -> None:
    assert any(stem(noun).startswith(term) and len(term) >= 5 for term in index_terms(text))


@pytest.mark.parametrize("text", ["Beslutet fattas av nämnden", "Hon informerar om läget", "Planen upp till 2026",
                                  "Yttrande av revisorerna"])
def test_a_verb_before_a_preposition_or_a_noun_before_a_particle_makes_no_noun(text: str) -> None:
    terms = index_terms(text)
    assert not any(term.startswith(("av", "om", "upp")) for term in terms), terms


def test_a_question_with_the_noun_finds_the_item_saying_the_particle_verb(tmp_path: Path) -> None:
    with _one_page_store(tmp_path, "Möte 2024-05-15\n\nKollektivtrafiknämnd\n • § 1\n\n  Tertialrapport\n\n"
                         "  Nämndens plan följs upp per sista april.\n\n • § 2\n\n  Kulturplan\n\n"
                         "  Nämndens plan för kulturen antas.\n", "kollektivtrafiknamnd/mote-2024-05-15") as store:
        hits = ask(SearchEngine(store), "uppföljningen av planen")["hits"]
        assert hits and "följs upp" in hits[0]["text"]


@pytest.mark.parametrize(("text", "noun"), [
    ("vem får åka taxi till lasarettet", "taxi"),
    ("vem ska sköta lokalvården på usö", "lokalvården"),
    ("blir det ny telefoni om ett år", "telefoni"),
])
def test_a_noun_before_a_preposition_is_a_topic_not_a_verb(text: str, noun: str) -> None:
    question = parse_question(text, now=NOW, catalog=Catalog())
    assert noun not in question.verbs and noun in question.terms


def test_an_absent_rare_topic_gives_no_hits(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "har regionen beslutat om drönare som flyger blodprover")
    assert answer["hits"] == []


def test_confidence_is_in_the_json_answer(sample_engine: SearchEngine) -> None:
    hits = ask(sample_engine, "vad beslutades om telefoni?")["hits"]
    assert hits and all(0 < h["confidence"] <= 1 for h in hits)
    assert hits[0]["confidence"] >= RANKING.min_confidence


# -- compounds ---------------------------------------------------------------------------


def test_compounds_split_into_words_of_general_swedish() -> None:
    assert split_compound("ambulanssjukvården") == ("ambulans", "sjukvården")
    assert split_compound("medborgarförslagen") in {("medborgare", "förslagen"), ("medborgar", "förslagen")}
    assert split_compound("verksamheten") is None  # a word of its own, not "verk" + "samheten"
    assert split_compound("förslagen") is None  # a prefix, not a compound
    assert "trafik" in compound_parts("kollektivtrafiknämndens") or "kollektivtrafik" in compound_parts(
        "kollektivtrafiknämndens")


@pytest.mark.parametrize("word", [
    "ledamöter",  # a form of "ledamot", which is not "leda" + "mot"
    "nämndens",  # a form of "nämnd"
    "yrkanden",  # not "yrke" + "anden"
    "angelägenheter",  # "ange" is prefixes only: a derived word
    "föregående",
])
def test_a_form_of_a_word_that_is_no_compound_is_not_split(word: str) -> None:
    assert split_compound(word) is None


@pytest.mark.parametrize(("word", "head"), [
    ("sjukhuset", "sjuk"),  # "sjukhus" is too short to be split on its own, but is a compound
    ("sjukvården", "sjuk"),
    ("avgiftsfria", "avgift"),
])
def test_a_form_of_a_compound_is_still_split(word: str, head: str) -> None:
    split = split_compound(word)
    assert split is not None and split[0] == head


def test_the_index_holds_the_parts_of_compounds() -> None:
    terms = index_terms("ambulanssjukvården")
    assert stem("ambulanssjukvården") in terms
    assert PART + stem("sjukvården") in terms and PART + stem("ambulans") in terms


def test_a_word_written_on_its_own_outranks_the_same_word_inside_a_compound(tmp_path: Path) -> None:
    with _one_page_store(tmp_path, "Möte 2024-04-04\n\nServicenämnd\n • § 1\n\n  Ny anslagstavla i entrén\n\n"
                         "  En anslagstavla sätts upp i entrén.\n\n • § 2\n\n  Konst i vårdens lokaler\n\n"
                         "  Regionen köper inga nya tavlor i år.\n", "servicenamnd/mote-2024-04-04") as store:
        engine = SearchEngine(store)
        question = parse_question("tavlor", now=NOW, catalog=engine.catalog)
        board, art = store.get_items([1, 2])
        scored = {h.item_id: h for h in engine.score_candidates(question, engine.term_groups(question),
                                                                [board.id, art.id], {})}
        assert "anslagstavla" in board.text.lower() and "tavlor" in art.text
        assert scored[art.id].confidence > scored[board.id].confidence > 0


def test_a_compound_written_apart_matches_the_one_word_form(sample_engine: SearchEngine) -> None:
    apart = ask(sample_engine, "ambulans sjuksköterskor")["hits"]
    assert apart and "Ambulanssjuksköterskor" in apart[0]["text"]


def test_the_tail_of_a_compound_matches_alone(sample_engine: SearchEngine) -> None:
    hits = ask(sample_engine, "sjuksköterskor på larmcentralen")["hits"]
    assert hits and "Ambulanssjuksköterskor" in hits[0]["text"]


# -- thesaurus ---------------------------------------------------------------------------


def test_the_thesaurus_ships_with_the_package_and_is_large() -> None:
    groups = thesaurus().groups
    assert len(groups) >= 300
    assert len({g.domain for g in groups}) >= 12


def test_thesaurus_lookup_by_form_stem_and_without_swedish_letters() -> None:
    small = Thesaurus(parse_thesaurus("vård\thälsocentral|primärvård\tvårdcentral|vårdcentralen\n"
                                      "vård\tförlossningsvård\tföda barn|bb\n"))
    assert "hälsocentral" in small.lookup_terms("vårdcentralen")
    assert "hälsocentral" in small.lookup_terms("vardcentralen")
    assert "hälsocentral" in small.lookup_terms("vårdcentralens")
    assert small.lookup_terms("strök") == {}
    [phrase] = small.phrases("ska man föda barn i Karlskoga")
    assert phrase.text == "föda barn" and phrase.official == ("förlossningsvård",)


def test_one_word_of_a_longer_official_term_is_known_as_a_part_of_it() -> None:
    small = Thesaurus(parse_thesaurus("vård\trobotassisterad kirurgi|robotkirurgi\toperationsrobot\n"
                                      "vård\tkirurgi|operation\tbli opererad\n"))
    # "kirurgi" is one word of "robotassisterad kirurgi", and an item says all of it when it says "robotassist…"
    assert small.lookup_terms("operationsrobot") == {"kirurgi": {(stem("robotassisterad"),)}, "robotkirurgi": {()}}
    assert small.lookup_terms("operation") == {"kirurgi": {()}}
    vocab = Vocabulary([("kirurgi", 3), ("budget", 4), ("robotassisterad", 1)], total=20)
    [part] = [a for a in resolve_word("operationsrobot", vocab).alternatives if a.term == "kirurgi"]
    assert part.weight <= RANKING.synonym * RANKING.partial_term and part.rest == ((stem("robotassisterad"),),)


def test_one_word_of_a_longer_official_term_needs_the_rest_of_it_in_the_store() -> None:
    """"ta med hunden" is "husdjur i kollektivtrafiken": in a store that never says "husdjur", an item on
    "kollektivtrafiken" is not about it, and the phrase weighs as a thing the store has nothing on."""
    small = Thesaurus(parse_thesaurus("kollektivtrafik\thusdjur i kollektivtrafiken\tta med hunden|hund på bussen\n"))
    with_pets = Vocabulary([("kollektivtrafik", 3), ("husdjur", 1), ("budget", 4)], total=20)
    without = Vocabulary([("kollektivtrafik", 3), ("budget", 4)], total=20)
    with patch("knowledge.search.engine.thesaurus", return_value=small):
        assert [a.term for a in resolve_phrase("ta med hunden", ("kollektivtrafiken",), with_pets).alternatives] \
            == ["kollektivtrafik"]
        absent = resolve_phrase("ta med hunden", ("kollektivtrafiken",), without)
    assert absent.alternatives == ()
    # "hund" is common Swedish, but the phrase names a thing, and the store has none of its official words
    assert absent.weight >= RANKING.phrase_floor * without.max_idf


def test_a_slip_in_a_long_word_counts_nearly_as_the_word() -> None:
    vocab = Vocabulary([("trafikförsörjningsprogram", 2), ("program", 4)], total=20)
    [alternative] = resolve_word("trafikförsörjnigsprogram", vocab).alternatives
    assert alternative.how == "fuzzy" and alternative.term == "trafikförsörjningsprogram"
    assert alternative.weight >= 0.8  # more than any synonym: the word asked for, mistyped


def test_a_word_of_its_own_is_no_prefix_of_other_words() -> None:
    vocab = Vocabulary([("kollektivavtal", 3), ("kolleg", 2), ("förbindels", 1), ("regelverk", 2), ("vaccination", 2),
                        ("information", 5), ("normalår", 1), ("budget", 4)], total=20)
    # "koll" and "förbi" are words of their own: "kollektivavtal", "kollega" and "förbindelse" are other words
    assert resolve_word("koll", vocab).alternatives == ()
    assert resolve_word("förbi", vocab).alternatives == ()
    # ... but a word starts its own compounds and derivations
    # ... a word clipped from a commoner one is that word: "info" is "information"
    for word in ("regel", "vaccin", "info", "normal", "kollektivet"):  # ... and a stem that is no word its forms
        first = resolve_word(word, vocab).alternatives[0]
        assert (first.term, first.how) == (word.removesuffix("et"), "prefix")


def test_a_short_word_is_read_with_its_last_consonant_doubled() -> None:
    vocab = Vocabulary([("ull", 2), ("boo", 1), ("industri", 5)], total=20)
    [alternative] = resolve_word("ul", vocab).alternatives
    assert (alternative.term, alternative.how) == ("ull", "fuzzy") and alternative.weight < RANKING.fuzzy
    # a vowel is not doubled, and a word the store does not know in any form stays unknown
    assert not resolve_word("bo", vocab).alternatives and not resolve_word("ux", vocab).alternatives


def test_a_thesaurus_match_shows_in_why_and_scores_below_a_direct_match(sample_engine: SearchEngine) -> None:
    direct = ask(sample_engine, "hälsocentral i Ljusne")["hits"]
    everyday = ask(sample_engine, "vårdcentral i Ljusne")["hits"]
    assert direct and everyday and direct[0]["item_id"] == everyday[0]["item_id"]
    assert any("synonym" in why and "hälsocentral" in why for why in everyday[0]["why"])
    assert everyday[0]["confidence"] < direct[0]["confidence"]


def test_the_summary_is_the_sentence_saying_what_a_question_word_was_read_as(tmp_path: Path) -> None:
    page = ("Möte 2020-10-27\n\nRegionstyrelsen\n • § 1\n\n  Schema för sammanträdet\n\n"
            "  Sammanträdet sker på distans via videouppkoppling. Presidiet deltar på plats i styrelserummet. "
            "Översyn av stimulansmedel till ideella organisationer. Paus klockan tio.\n")
    with _one_page_store(tmp_path, page, "regionstyrelsen/mote-2020-10-27") as store:
        answer = ask(SearchEngine(store), "får föreningar pengar")
        hit = (answer["hits"] or answer["related"])[0]
        assert any("synonym" in why for why in hit["why"])
        assert hit["summary"].startswith("Översyn av stimulansmedel till ideella organisationer.")


# -- committees --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug", "alias"),
    [
        ("Regionala utvecklingsnämnden", "regionala-utvecklingsnamnden", ("run",)),
        ("Regionala utvecklingsnämnden", "regionala-utvecklingsnamnden", ("utvecklingsnamnd",)),
        ("Hälso- och sjukvårdsnämnd", "halso-och-sjukvardsnamnd", ("hsn",)),
        ("", "halso--och-sjukvardsnamnd", ("hsn",)),  # a slug with a doubled hyphen and no name
        ("Kollektivtrafiknämnd", "kollektivtrafiknamnd", ("trafiknamnd",)),
        ("Kultur- och kompetensnämnd", "kultur-och-kompetensnamnd", ("kulturnamnd",)),
        ("Regionstyrelse", "regionstyrelse", ("styrelse",)),
        ("Regional tillväxtnämnd", "regional-tillvaxtnamnd", ("tillvaxtnamnd",)),
        # a compound's head split where å, ä and ö say its words; its link may go with the first word
        ("Hälso- och sjukvårdsnämnd", "halso-och-sjukvardsnamnd", ("vardnamnd",)),
        ("Folkhälsoberedning", "folkhalsoberedning", ("halsoberedning",)),
        # an organ "for" a field is the compound of the two, with the linking letters of Swedish
        ("Utskottet för infrastruktur", "utskottet-for-infrastruktur", ("infrastrukturutskott",)),
        ("Utskottet för trafiksäkerhet", "utskottet-for-trafiksakerhet", ("trafiksakerhetsutskott",)),
        ("Nämnden för folkhälsa", "namnden-for-folkhalsa", ("folkhalsonamnd",)),
    ],
)
def test_committee_aliases_are_derived_from_the_name(name: str, slug: str, alias: tuple[str, ...]) -> None:
    assert alias in {a.tokens for a in derive_aliases(name, slug)}


def test_a_bare_organ_word_names_the_only_committee_of_that_kind() -> None:
    catalog = Catalog(committees=(CommitteeInfo("regionens-samverkansrad", "Regionens samverkansråd", None),
                                  CommitteeInfo("kollektivtrafiknamnd", "Kollektivtrafiknämnd", None),
                                  CommitteeInfo("servicenamnd", "Servicenämnd", None)))
    assert find_committees("vad tog rådet upp i april", catalog)[0] == ("regionens-samverkansrad",)
    # two committees are nämnder, and "rader" are rows, not councils
    assert find_committees("vad tog nämnden upp i april", catalog)[0] == ()
    assert find_committees("rader i tabellen", catalog)[0] == ()


@pytest.mark.parametrize(
    "text",
    ["vad tog trafiknämndsmötet upp", "kollektivtrafiknämndens möte", "KTN i maj", "trafiknamnden",
     "kollektivtrafiknämndsprotokollet"],
)
def test_committee_names_in_questions(text: str) -> None:
    catalog = Catalog(committees=(CommitteeInfo("kollektivtrafiknamnd", "Kollektivtrafiknämnd", None),
                                  CommitteeInfo("servicenamnd", "Servicenämnd", None)))
    assert find_committees(text, catalog)[0] == ("kollektivtrafiknamnd",)


def test_aliases_are_derived_for_a_newly_ingested_committee(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TRAFFIC_PAGE.replace("Kollektivtrafiknämnd", "Landsbygdsutvecklingsnämnd"), encoding="utf-8")
    ingest_file(store, page, url="https://example.se/committees/landsbygdsutvecklingsnamnd/mote-2024-06-04",
                now=INGESTED_AT)
    engine = SearchEngine(store)
    question = parse_question("vad gjorde utvecklingsnämnden i juni 2024", now=NOW, catalog=engine.catalog)
    assert question.committees == ("landsbygdsutvecklingsnamnd",)
    assert question.committee_filter and question.intent == "browse"
    assert answer_question(engine, question.text, now=NOW).hits


def test_a_committee_is_a_filter_for_a_meeting_and_a_boost_for_a_subject() -> None:
    catalog = Catalog(committees=(CommitteeInfo("kultur-och-kompetensnamnd", "Kultur- och kompetensnämnd", None),))
    meeting = parse_question("vad tog kulturnämnden upp i maj", now=NOW, catalog=catalog)
    subject = parse_question("vem valdes till ledamot i kulturnämnden", now=NOW, catalog=catalog)
    assert meeting.committee_filter and meeting.committees == subject.committees
    assert not subject.committee_filter


# -- periods in questions ----------------------------------------------------------------


def test_every_word_of_a_period_leaves_the_search_terms() -> None:
    question = parse_question("telefoni hösten 2022", now=date(2025, 6, 30), catalog=Catalog())
    assert question.terms == ("telefoni",) and question.period is not None
    question = parse_question("telefoni i juni förra året", now=date(2025, 6, 30), catalog=Catalog())
    assert question.terms == ("telefoni",) and question.period.start == date(2024, 6, 1)


# -- graceful degradation ----------------------------------------------------------------


def test_related_items_when_nothing_is_confident(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TRAFFIC_PAGE, encoding="utf-8")
    ingest_file(store, page, url="https://example.se/committees/kollektivtrafiknamnd/mote-2024-06-04",
                now=INGESTED_AT)
    engine = SearchEngine(store, Ranking(min_confidence=0.99))
    answer = answer_question(engine, "nattrafik med buss till flygplatsen", now=NOW)
    assert not answer.hits
    assert 1 <= len(answer.related) <= 3
    assert "Nattrafik" in answer.related[0].title and answer.related[0].why
    assert answer_json(answer)["related"][0]["why"]
    assert "Inget säkert svar – närliggande:" in render_answer_text(answer)
    assert "Inget säkert svar – närliggande:" in render_no_hits_html(answer)


def test_a_long_question_needs_less_of_its_weight_matched(sample_engine: SearchEngine) -> None:
    """Six words, three of them the asker's own ("alla som jobbar där", "fortsätter"): the telephony contract
    matches two fifths of the question, an answer for a question this long, not for a short one."""
    text = "har regionen i örebro köpt in nya telefoner till alla som jobbar där eller fortsätter dom med dom gamla"
    answer = answer_question(sample_engine, text, now=NOW)
    assert answer.hits and "telefoni" in answer.hits[0].title
    assert answer.hits[0].confidence < RANKING.min_confidence
    strict = SearchEngine(sample_engine.store, Ranking(long_question_step=0))
    assert not answer_question(strict, text, now=NOW).hits
    needed = [RANKING.confidence_needed(words) for words in range(1, 12)]
    assert needed[:RANKING.long_question] == [RANKING.min_confidence] * RANKING.long_question
    assert needed == sorted(needed, reverse=True) and needed[-1] == RANKING.long_question_floor


def test_an_absent_compound_gives_no_hits_and_at_most_partial_matches(sample_engine: SearchEngine) -> None:
    answer = ask(sample_engine, "har sjukhuset skaffat en operationsrobot")
    assert answer["hits"] == []
    assert all(r["why"] and r["confidence"] < RANKING.min_confidence for r in answer["related"])
    assert ask(sample_engine, "drönare")["related"] == []


def test_a_one_word_compound_matches_its_parts_written_apart_in_either_order(sample_engine: SearchEngine) -> None:
    hits = ask(sample_engine, "motionen om vårdplatsbristen")["hits"]  # the page: "brist … på vårdplatser"
    assert hits and "brist både på vårdplats" in hits[0]["text"]


@pytest.mark.parametrize(
    ("text", "series", "serial", "year", "doc"),
    [("ärende run-174-2020", "RUN", 174, 2020, None), ("rs620 1 2020", "RS", 620, 2020, 1)],
)
def test_case_numbers_typed_with_dashes_or_spaces_only(text: str, series: str, serial: int, year: int,
                                                      doc: int | None) -> None:
    from knowledge.pages.casenumbers import parse_case_query

    query = parse_case_query(text, known_series={"RS", "RUN"})
    assert query is not None and (query.series, query.serial, query.year, query.doc) == (series, serial, year, doc)


def test_browsing_for_an_amount_puts_items_holding_one_first(sample_engine: SearchEngine) -> None:
    answer = answer_question(sample_engine, "hur mycket pengar har hälso- och sjukvårdsnämnden i gävleborg 2023",
                             now=NOW)
    assert answer.hits and answer.hits[0].committee == "halso-och-sjukvardsnamnd"
    facts = sample_engine.store.facts([answer.hits[0].item_id])[answer.hits[0].item_id]
    assert any(f.kind == "amount" for f in facts)


# -- word forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "same", "other"), [
    ("hemligt", "hemlig", "hem"),  # Snowball alone gives "hem" for all three
    ("billigare", "billig", "bil"),
    ("viktiga", "viktig", "vikt"),
    ("lägenheterna", "lägenhet", "lägen"),
    ("kallelsen", "kallelse", "kall"),
    ("politikerna", "politiker", "politik"),  # the people, not the politics
    ("musikerna", "musiker", "musik"),
])
def test_a_stem_keeps_the_endings_that_make_another_word(word: str, same: str, other: str) -> None:
    assert stem(word) == stem(same) != stem(other)


def test_the_plural_of_a_thing_in_ik_is_still_the_thing_and_a_person_is_never_shortened_to_it() -> None:
    assert stem("butikerna") == stem("butiker") == stem("butik")
    vocab = Vocabulary([("politik", 5), ("budget", 4)], total=20)
    # at most a guess at a typo, never a stem, a prefix or an extension of it
    assert all(a.how == "fuzzy" for a in resolve_word("politikerna", vocab).alternatives if a.term == "politik")


@pytest.mark.parametrize(("word", "verb"), [
    ("strök", True), ("flyttat", True), ("satsar", True), ("skaffade", True),
    ("sköterskorna", False), ("tavlor", False), ("skolor", False), ("pandemin", False), ("drönare", False),
    ("buss", False), ("plan", False),  # nouns spelt as a verb's bare stem ("bussa", "plana")
])
def test_verb_forms_are_told_from_nouns(word: str, verb: bool) -> None:
    assert is_verb_form(word) is verb


def test_an_absent_verb_does_not_empty_the_answer_but_an_absent_noun_does(sample_engine: SearchEngine) -> None:
    vocab = sample_engine.vocabulary
    assert resolve_word("strök", vocab).weight == 0  # what was done: the store may word it otherwise
    assert resolve_word("operationsrobot", vocab).weight > 0  # what it was done to: nothing on it
    plain = ask(sample_engine, "telefoni")["hits"]
    with_verb = ask(sample_engine, "strök dom telefonin")["hits"]
    assert plain and with_verb and with_verb[0]["item_id"] == plain[0]["item_id"]


def test_an_absent_word_weighs_as_its_dictionary_form() -> None:
    # "hunden" is rarer in Swedish than "hund" but no more specific: both forms of an absent word weigh the same
    vocab = Vocabulary([("sjukhus", 3), ("budget", 4)], total=20)
    assert zipf("hunden") < RANKING.absent_common_zipf <= zipf("hund")
    assert resolve_word("hunden", vocab).weight == resolve_word("hund", vocab).weight


def test_a_compound_the_stemmer_leaves_whole_is_looked_up_by_its_dictionary_form() -> None:
    # "busstoppet" stems to itself and general Swedish has no entry for it; its compound's form "busstopp" is an
    # everyday word of the thesaurus
    assert stem("busstoppet") == "busstoppet" and compound_lemma("busstoppet") == "busstopp"
    vocab = Vocabulary([(stem("busshållplats"), 2), ("kumlaväg", 1), ("budget", 4)], total=20)
    group = resolve_word("busstoppet", vocab)
    assert any(a.label == "busshållplats" and a.how == "synonym" for a in group.alternatives)


def test_a_verb_the_store_uses_weighs_less_than_the_thing_asked_about() -> None:
    # questions say what was done in words of their own ("köpa" for "inköp"); what it was done to names the topic
    vocab = Vocabulary([("riv", 2), ("hälsocentral", 2), ("budget", 4)], total=20)
    verb, noun = resolve_word("riva", vocab), resolve_word("hälsocentral", vocab)
    assert RANKING.verb < 1
    assert verb.weight == pytest.approx(RANKING.verb * vocab.idf(2) * specificity("riva"))
    assert noun.weight == pytest.approx(vocab.idf(2) * specificity("hälsocentral"))


def test_a_rare_form_of_a_common_word_weighs_as_the_word() -> None:
    assert specificity("anställds") == specificity("anställd") < specificity("löneskuld")


def test_two_words_the_store_writes_as_one_are_read_as_one(sample_engine: SearchEngine) -> None:
    joined = sample_engine.term_groups(parse_question("uppdrags direktiv 2023", now=NOW, catalog=Catalog()))
    assert [g.word for g in joined] == ["uppdragsdirektiv"]
    hits = ask(sample_engine, "uppdrags direktiv")["hits"]
    assert hits and "uppdragsdirektiv" in (hits[0]["title"] + hits[0]["text"]).lower()


def test_a_store_indexed_by_another_stemmer_is_indexed_anew(sample_store: Store) -> None:
    path = sample_store.path
    with sample_store.transaction() as conn:
        conn.execute("UPDATE items SET title_terms = '', body_terms = ''")
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'terms_version'")
    assert not ask(SearchEngine(sample_store), "telefoni")["hits"]
    sample_store.close()
    with Store(path) as reopened:
        assert ask(SearchEngine(reopened), "telefoni")["hits"]
        assert reopened.refresh_terms() == 0  # once is enough


@pytest.mark.parametrize("text", [
    "stämmer det att regionen köper in drönare",
    "är det sant att regionen köper in drönare",
    "hur går det med drönare",
])
def test_a_question_frame_is_not_a_topic(text: str) -> None:
    assert parse_question(text, now=NOW, catalog=Catalog()).terms[-1:] == ("drönare",)
    assert not {"stämmer", "sant", "går"} & set(parse_question(text, now=NOW, catalog=Catalog()).terms)


@pytest.mark.parametrize("text", ["vilka informationer fick de om drönare", "ärendena om drönare",
                                  "frågorna om drönare"])
def test_a_form_of_a_frame_word_is_the_frame_too(text: str) -> None:
    assert parse_question(text, now=NOW, catalog=Catalog()).terms == ("drönare",)


@pytest.mark.parametrize("text", ["vad behandlade servicenämnden i maj 2024", "vad diskuterades i servicenämnden i maj 2024",
                                  "servicenämnden maj 2024, vad avhandlades", "servicenämnden 7 maj 2024 vilka punkter",
                                  "vilka ärendepunkter hade servicenämnden i maj 2024"])
def test_what_a_meeting_did_with_its_items_is_no_topic_beside_a_committee_or_period(text: str) -> None:
    catalog = Catalog(committees=(CommitteeInfo("servicenamnd", "Servicenämnd", None),))
    question = parse_question(text, now=NOW, catalog=catalog)
    assert question.terms == () and question.intent == "browse"
    # treatment is a topic: "behandling" is not what a meeting does
    assert parse_question("behandling i servicenämnden maj 2024", now=NOW, catalog=catalog).terms == ("behandling",)
    assert parse_question("punktlighet i servicenämnden maj 2024", now=NOW, catalog=catalog).terms == ("punktlighet",)


@pytest.mark.parametrize("text", ["har dom bestämt nåt om drönare", "vad klubbades om drönare",
                                  "beslöt de nåt om drönare"])
def test_a_verb_asking_for_a_decision_is_the_intent_not_the_topic(text: str) -> None:
    question = parse_question(text, now=NOW, catalog=Catalog())
    assert question.terms == ("drönare",) and question.intent == "decision"


def test_a_word_of_a_thesaurus_phrase_is_said_by_the_phrase(tmp_path: Path) -> None:
    page = tmp_path / "rf.txt"
    page.write_text("Möte 2026-02-10\n\nRegionfullmäktige\n • § 5\n\n  Entledigande av ersättare\n\n"
                    "  Ersättaren har enligt folkbokföringen utvandrat och entledigas från uppdraget.\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, page, url="https://forum.regionjh.se/committees/regionfullmaktige/mote-2026-02-10",
                    now=INGESTED_AT)
        engine = SearchEngine(store)
        question = parse_question("har en ersättare flyttat utomlands", now=NOW, catalog=engine.catalog)
        groups = engine.term_groups(question)
        assert "utomlands" not in [g.word for g in groups]  # "flyttat utomlands" → utvandrat carries it
        assert ask(engine, "har en ersättare flyttat utomlands")["hits"]


def test_an_official_word_that_repeats_a_word_of_the_phrase_adds_nothing(sample_engine: SearchEngine) -> None:
    question = parse_question("får barn bidrag till glasögon", now=NOW, catalog=sample_engine.catalog)
    groups = {g.word: g for g in sample_engine.term_groups(question)}
    phrase_group = next(g for w, g in groups.items() if w.startswith("glasögon"))
    assert all(a.label != "bidrag" for a in phrase_group.alternatives)
    assert ask(sample_engine, "får barn bidrag till glasögon")["hits"] == []


def test_chat_short_forms_are_written_out() -> None:
    question = parse_question("hur mkt kostar det nya tel systemet", now=NOW, catalog=Catalog())
    assert "amount" in question.wants and "telefon" in question.terms
    assert "nummer" in parse_question("ringer dom från hemligt nr", now=NOW, catalog=Catalog()).terms
    assert "nummer" not in parse_question("motion nr 14-2020", now=NOW, catalog=Catalog()).terms


@pytest.mark.parametrize(("word", "head"), [("landstingsskatten", "landsting"), ("sjuksköterskefacket", "sjukskötersk")])
def test_a_missing_tail_after_a_linking_letter_is_still_a_word_of_its_own(word: str, head: str) -> None:
    vocab = Vocabulary([(head, 3), ("budget", 2)], total=10)
    alternatives = {a.term: a.weight for a in resolve_word(word, vocab).alternatives}
    assert alternatives.get(head, 0) <= RANKING.compound * RANKING.compound_single_part  # not an extension of it


@pytest.mark.parametrize(("word", "store_word"), [("konstigt", "konst"), ("smutsiga", "smuts")])
def test_an_adjective_made_from_a_word_of_the_store_is_a_word_of_its_own(word: str, store_word: str) -> None:
    vocab = Vocabulary([(store_word, 3), ("filmfest", 2), ("budget", 2)], total=10)
    assert store_word not in {a.term for a in resolve_word(word, vocab).alternatives}
    assert "filmfest" in {a.term for a in resolve_word("filmfestival", vocab).alternatives}  # a longer word still is


def test_a_heading_the_page_gave_weighs_more_than_a_title_made_of_the_first_words(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_file(store, TESTS / "pages" / "headed_and_headless.txt",
                    url="https://politiskamoten.regionorebrolan.se/committees/servicenamnd/mote-2024-05-14",
                    now=INGESTED_AT)
        headed, headless = store.get_items([1, 2])
        assert (headed.title_derived, headless.title_derived) == (False, True)
        hits = ask(SearchEngine(store), "städtjänster i vårdbyggnader")["hits"]
        assert [h["item_id"] for h in hits[:2]] == [headed.id, headless.id]


def _store_of_meetings(tmp_path: Path, committee: str, items: dict[str, str]) -> Store:
    """A store of one committee's meetings, each with one item: {meeting date: the item's text}."""
    store = Store(tmp_path / "meetings.db")
    slug = fold(committee.lower()).replace(" ", "-")
    for day, text in items.items():
        page = tmp_path / f"{day}.txt"
        page.write_text(f"Möte {day}\n\n{committee}\n • § 1\n\n  Ärende\n\n  {text}\n", encoding="utf-8")
        ingest_file(store, page, url=f"https://example.se/committees/{slug}/mote-{day}", now=INGESTED_AT)
    return store


def _dates_answered(tmp_path: Path, committee: str, items: dict[str, str], question: str) -> list[str]:
    """The meeting dates of the hits for a question, in a store of one committee's meetings (`_store_of_meetings`)."""
    store = _store_of_meetings(tmp_path, committee, items)
    try:
        return [h["meeting_date"] for h in ask(SearchEngine(store), question)["hits"]]
    finally:
        store.close()


def test_the_committee_named_outweighs_another_committees_title(tmp_path: Path) -> None:
    # both items say "budgetram 2023" (the question misspells it); regionstyrelsen's in the first words, which make
    # its title, the other's further on: the item of the committee asked about answers first
    texts_of = {
        "regionstyrelse/mote-2022-12-08": ("Regionstyrelse", "Regionstyrelsens budgetram 2023 uppgår enligt "
                                           "regionfullmäktiges beslut om budget till 2 806,3 mnkr."),
        "halso-och-sjukvardsnamnd/mote-2023-01-16": (
            "Hälso- och sjukvårdsnämnd", "Efter regionfullmäktiges beslut den 13 december om budget och ekonomisk "
            "plan för de kommande åren fördelar nämnden nu hälso- och sjukvårdsnämndens budgetram 2023 på "
            "verksamheterna, 7 098,0 mnkr.")}
    store = Store(tmp_path / "two.db")
    try:
        for n, (meeting, (committee, text)) in enumerate(texts_of.items()):
            page = tmp_path / f"{n}.txt"
            page.write_text(f"Möte {meeting[-10:]}\n\n{committee}\n •   1\n\n • {text}\n", encoding="utf-8")
            ingest_file(store, page, url=f"https://example.se/committees/{meeting}", now=INGESTED_AT)
        hits = ask(SearchEngine(store), "budjetram för hälso och sjukvårdsnämnden 2023")["hits"]
    finally:
        store.close()
    assert [h["committee"] for h in hits] == ["halso-och-sjukvardsnamnd", "regionstyrelse"]


def test_items_holding_the_two_heaviest_words_are_candidates_however_many_hold_one(tmp_path: Path) -> None:
    # in a large store short items naming one word many times fill the best matches of the index; the item that
    # holds both heaviest words is asked for too. Here the index's best matches are three, as 200 are of 100,000.
    crowd = {f"2024-0{m}-{d:02d}": f"{word}, {word.lower()} och {word.lower()}."
             for m, word in ((1, "Färdtjänst"), (2, "Regelverk")) for d in range(1, 6)}
    gold = ("Rapport om samordnad översyn av färdtjänstens regelverk i länet, med förslag om hur ansökan, "
            "tillstånd och avgifter ska hanteras och följas upp av nämnden under de kommande åren.")
    store = _store_of_meetings(tmp_path, "Kollektivtrafiknämnd", {**crowd, "2023-05-10": gold})
    try:
        few = SearchEngine(store, Ranking(candidates=3, facet_candidates=3))
        assert ask(few, "regelverket för färdtjänst")["hits"][0]["meeting_date"] == "2023-05-10"
    finally:
        store.close()


def test_a_year_asked_is_the_year_after_a_meeting_that_speaks_of_the_following_year(tmp_path: Path) -> None:
    """The tax rate for 2023 is set in the autumn of 2022, by an item that says "det följande året"."""
    text = "Styrelsen ska före oktober månads utgång föreslå skattesatsen för regionskatten under det följande året."
    store = _store_of_meetings(tmp_path, "Regionfullmäktige", {"2022-11-22": text, "2024-11-19": text})
    try:
        answer = ask(SearchEngine(store), "skattesatsen för regionskatten 2023")
    finally:
        store.close()
    # the item of 2024 is about 2025: once an item of the year asked answers, it is left out
    assert [(h["meeting_date"], "period: 2023" in h["why"]) for h in answer["hits"]] == [("2022-11-22", True)]


@pytest.mark.parametrize(("question", "dates"), [
    ("kolonialvaror i fjol", ["2024-05-07"]),  # said without a digit, a year as definite as "2024"
    ("kolonialvaror 2024", ["2024-05-07"]),
    ("kolonialvaror i maj", ["2025-05-13", "2024-05-07"]),  # a bare month may be what an item is about
])
def test_a_definite_period_leaves_out_the_items_of_other_times(tmp_path: Path, question: str,
                                                               dates: list[str]) -> None:
    text = "Upphandling av kolonialvaror till produktionsköken."
    items = {"2024-05-07": text, "2025-05-13": text}
    assert sorted(_dates_answered(tmp_path, "Servicenämnd", items, question), reverse=True) == dates


def test_a_phrase_for_a_thing_the_store_has_nothing_on_empties_the_answer(tmp_path: Path) -> None:
    # "hunden" alone is a word too common to count when absent; in "ta med hunden" it names a thing
    pages = {"2024-03-12": "Sjukhuset i Östersund får nya besöksregler för anhöriga.",
             "2024-04-16": "Nämnden följer upp väntetiderna på sjukhuset."}
    question = "får man ta med hunden när man hälsar på nån på sjukhuset"
    assert _dates_answered(tmp_path, "Hälso- och sjukvårdsnämnd", pages, question) == []
    assert _dates_answered(tmp_path / "b", "Hälso- och sjukvårdsnämnd", pages, "besöksregler på sjukhuset") \
        == ["2024-03-12"]


def test_a_phrase_is_matched_by_forms_of_its_words_not_by_other_words_of_their_stem() -> None:
    small = Thesaurus(parse_thesaurus("folkhälsa\tundernäring\tför mager|vanlig människa\nit\tlarmtjänst\tsms livräddare\n"))
    assert [m.text for m in small.phrases("är han för mager")] == ["för mager"]
    assert [m.text for m in small.phrases("vanliga människor")] == ["vanliga människor"]
    assert [m.text for m in small.phrases("sms livrädare")] == ["sms livrädare"]  # a slip in a long word
    # "magen" shares the stem "mag" with "mager", and is another word
    assert small.phrases("nya lokaler för undersökningar av magen") == []
    assert small.phrases("ont för magen") == []


def test_a_phrase_for_a_longer_official_term_is_not_answered_by_one_word_of_it(tmp_path: Path) -> None:
    small = Thesaurus(parse_thesaurus("kollektivtrafik\thusdjur i kollektivtrafiken\tta med hunden\n"))
    assert small.phrase_terms("ta med hunden") == {"kollektivtrafiken": {(stem("husdjur"),)}}
    # the thesaurus of the package: "ta med hunden" is "husdjur i kollektivtrafiken", not all public transport
    pages = {"2024-03-12": "Nämnden följer upp kollektivtrafiken i länet och antalet resor med buss.",
             "2024-04-16": "Nämnden beslutar att tillåta husdjur i kollektivtrafiken på vissa turer med buss."}
    assert _dates_answered(tmp_path, "Kollektivtrafiknämnd", pages,
                           "får man ta med hunden på bussen") == ["2024-04-16"]


def test_a_thesaurus_phrase_matches_in_any_form_of_its_words() -> None:
    small = Thesaurus(parse_thesaurus("politik\tallmänheten\tvanliga människor|ställa frågor\n"))
    assert [p.text for p in small.phrases("kan en vanlig människa ställa en fråga")] == ["vanlig människa",
                                                                                       "ställa fråga"]
    assert [p.official for p in small.phrases("får man ställa frågor")] == [("allmänheten",)]


def test_a_thesaurus_word_is_found_by_its_own_forms_not_by_another_word_of_its_stem() -> None:
    small = Thesaurus(parse_thesaurus("social\tförälder\tpappa|pappor\nekonomi\ttkr\tpapp|tusenlappar\n"
                                      "tandvård\ttandhälsa\ttänderna\nkollektivtrafik\ttaxa\tpriserna\n"))
    assert small.lookup_terms("papporna") == {"förälder": {()}}
    assert small.lookup_terms("tänder") == {"tandhälsa": {()}}  # "tänderna" is a form of it
    assert small.lookup_terms("pris") == {"taxa": {()}}  # the dictionary form of "priserna"
    # "papper" shares the stem "papp" with "pappor" and the slang "papp" (a thousand kronor), and is neither
    assert small.lookup_terms("papper") == {}


def test_a_thesaurus_phrase_matches_when_the_subject_or_an_adverb_splits_it() -> None:
    small = Thesaurus(parse_thesaurus("upphandling\tupphandling\tköpa in\nvård\tförlossningsvård\tlägga ner bb\n"))
    assert [(p.text, p.official) for p in small.phrases("köper regionen in nya datorer")] == [
        ("köper in", ("upphandling",))]
    assert [p.text for p in small.phrases("ska dom lägga ner bb")] == ["lägga ner bb"]
    assert [p.text for p in small.phrases("ska dom lägga ner hela bb")] == ["lägga ner bb"]
    assert small.phrases("köper regionen och kommunen gemensamt in") == []  # too far apart to be one phrase
    turn = Thesaurus(parse_thesaurus("politik\tomprövning\tändra sig\n"))
    assert [p.text for p in turn.phrases("har regionen ändrat sig")] == ["ändrat sig"]
    assert [p.text for p in turn.phrases("har dom andra sig")] == ["andra sig"]  # typed without ä, together
    # filler words apart are no phrase: "andra" (other) … "sig" is not "ändra sig" typed without ä
    assert turn.phrases("har styrelsen koll på om de andra nämnderna missköter sig") == []


def test_a_thesaurus_phrase_is_found_however_the_question_is_asked() -> None:
    small = Thesaurus(parse_thesaurus(
        "personal\tarvode\tvad får politikerna betalt|hur mycket tjänar politiker\npolitik\tstyrande majoritet\tvilka styr\n"))
    assert [(p.text, p.official) for p in small.phrases("hur mkt får politikerna betalt egentligen")] == [
        ("får politikerna betalt", ("arvode",))]
    assert [p.text for p in small.phrases("vad tjänar politikerna i regionen")] == ["tjänar politikerna"]
    # a question word is kept when one word would be left: "styr" alone is no phrase
    assert small.phrases("vem styr upphandlingen") == []
    assert [p.text for p in small.phrases("vilka styr i regionen")] == ["vilka styr"]


@pytest.mark.parametrize(("term", "key"), [
    ("tbe-vaccination", "tbe"),  # a hyphenated compound by its specific part, not by "vaccination"
    ("subventionerad tbe-vaccination", "tbe"),
    ("personer med sjukersättning", "sjukersättning"),  # a general head does not stand for the phrase
    ("glasögonbidrag för barn", "glasögonbidrag"),  # "barn" is too general to stand for it
    ("upphandling av lokalvård", "lokalvård"),
    ("regionala flygplatser", "flygplatser"),
    # after a preposition comes where or for whom, not what: this is surveillance, not public transport
    ("kamerabevakning i kollektivtrafiken", "kamerabevakning"),
])
def test_the_word_that_stands_for_an_official_term(term: str, key: str) -> None:
    assert key_word(term) == key


def test_an_item_that_names_the_word_again_and_again_is_lifted(sample_engine: SearchEngine) -> None:
    term = stem("bevakningstjänster")
    group = TermGroup("bevakningstjänster", (Alternative(term, False, 1.0, "exact"),), 1.0)
    rows = {
        1: ScoringRow(1, None, "decision", "lokalfrågor", f"{term} upphandl avtal {term} följ {term}", None, None),
        2: ScoringRow(2, None, "decision", "lokalfrågor", f"{term} nämnd kort", None, None),
    }
    hits = [Hit(2, 1.0), Hit(1, 1.0)]
    sample_engine._lift_topical(hits, [group], rows)
    assert [h.item_id for h in hits] == [1, 2] and hits[0].score > hits[1].score


def test_a_word_matched_two_ways_at_one_place_is_not_a_repetition(sample_engine: SearchEngine) -> None:
    # "telefoni" is both the word and the start of its synonym "telefon…": one mention, not two
    group = TermGroup("telefoni", (Alternative("telefoni", False, 1.0, "exact"),
                                   Alternative("telefon", True, 0.6, "synonym")), 1.0)
    rows = {
        1: ScoringRow(1, None, "decision", "avtal", "avtal telefoni stödsystem telefoni", None, None),
        2: ScoringRow(2, None, "decision", "kort", "kort text telefoni", None, None),
    }
    hits = [Hit(2, 1.0), Hit(1, 1.0)]
    sample_engine._lift_topical(hits, [group], rows)
    assert [h.item_id for h in hits] == [1, 2]
    assert hits[1].score == 1.0  # the one mention lifts nothing


@pytest.mark.parametrize(("word", "compound", "part"), [
    ("tänderna", "tandvård", "tand"),  # an umlaut plural: "tänd…" starts "tändning", not "tandvård"
    ("reglerna", "regelverk", "regel"),  # an e dropped in the plural
])
def test_a_plural_spelt_otherwise_also_reaches_compounds_of_its_dictionary_form(word: str, compound: str,
                                                                                 part: str) -> None:
    vocab = Vocabulary([(stem(word), 2), (compound, 3), ("budget", 4)], total=20)
    group = resolve_word(word, vocab)
    assert any(a.term == part and a.prefix and a.weight == 1.0 for a in group.alternatives)
    assert any(a.term == stem(word) for a in group.alternatives)


def test_an_official_compound_the_store_lacks_stands_for_its_first_part() -> None:
    vocab = Vocabulary([("konst", 3), ("inköp", 2), ("budget", 4)], total=20)
    alternatives = resolve_word("tavlor", vocab).alternatives  # the thesaurus: tavlor → konstinköp, konstsamling …
    assert [a.term for a in alternatives if a.how == "synonym"] == ["konst"]
    assert all(a.weight < RANKING.synonym for a in alternatives if a.how == "synonym")  # weaker than the compound


def test_an_official_compound_about_the_asked_word_does_not_stand_for_its_first_part() -> None:
    # the thesaurus: buss → regionbusstrafik; "region" only says whose buses they are
    vocab = Vocabulary([("region", 9), ("buss", 2), ("konst", 3), ("budget", 4)], total=20)
    assert all(a.term != "region" for a in resolve_word("bussarna", vocab).alternatives)
    assert any(a.term == "konst" for a in resolve_word("tavlor", vocab).alternatives)  # konst|inköp still
    # in another form too: "länsmuseet" (the thesaurus: regionmuseum) is a museum, not the region
    assert all(a.term != "region" for a in resolve_word("länsmuseet", vocab).alternatives)


def test_a_part_of_an_unknown_compound_does_not_stand_for_a_more_general_word() -> None:
    # influensa|spruta: the thesaurus files "spruta" under "sjukvårdsmaterial", whose first part "sjukvård"
    # is more general than "spruta" and would make every item on health care half an answer
    vocab = Vocabulary([(stem("sjukvård"), 6), ("konst", 3), ("budget", 4)], total=20)
    assert all(a.term != stem("sjukvård") for a in resolve_word("influensaspruta", vocab).alternatives)
    assert any(a.term == "konst" for a in resolve_word("tavlor", vocab).alternatives)


def test_a_linking_s_is_not_part_of_the_first_word() -> None:
    # "bostads|försörjning" is about a "bostad", which the index stems otherwise than "bostads"
    assert split_compound("bostadsförsörjning") == ("bostad", "försörjning")
    assert split_compound("landstingsskatten") == ("landsting", "skatten")
    assert split_compound("kursplanerna")[0] == "kurs"  # an "s" of the word itself stays
    vocab = Vocabulary([(stem("bostad"), 3), ("budget", 4)], total=20)
    alternatives = resolve_word("lägenheter", vocab).alternatives  # the thesaurus: bostadsförsörjning …
    assert [a.term for a in alternatives if a.how == "synonym"] == [stem("bostad")]


@pytest.mark.parametrize(("text", "asks_when"), [
    ("när hölls mötet", True),
    ("förlossningen i karlskoga, när öppnar den igen", True),
    ("förlossningen i karlskoga när öppnar den igen", True),  # right before its verb
    ("nu när fästingarna är överallt, blir vaccinet gratis", False),  # a conjunction
    ("varför syns inte numret när doktorn ringer", False),
])
def test_när_asks_when_only_as_a_question_word(text: str, asks_when: bool) -> None:
    assert ("date" in parse_question(text, now=NOW, catalog=Catalog()).wants) is asks_when


def test_a_synonym_is_never_a_shortened_stem_that_starts_other_words() -> None:
    vocab = Vocabulary([("skolkonsert", 2), ("ungdom", 3)], total=20)
    terms = [a.term for a in resolve_word("studentrabatt", vocab).alternatives]  # → skolkort, ungdom …
    assert not any(t.startswith("skolko") for t in terms)


def test_an_official_compound_ending_like_the_word_asked_for_does_not_stand_for_its_first_part() -> None:
    vocab = Vocabulary([("miljö", 3), ("tjänst", 3), ("budget", 4)], total=20)
    terms = [a.term for a in resolve_word("elbilar", vocab).alternatives]  # → miljöbilar, tjänstebilar …
    assert "miljö" not in terms and "tjänst" not in terms  # they are about cars


def test_a_named_committee_and_period_reach_items_the_whole_store_outranks(tmp_path: Path) -> None:
    """The committee and period lift their items only if those are candidates: asked for on their own too."""
    with Store(tmp_path / "s.db") as store:
        for n in range(1, 7):  # six meetings of another committee, each with a short text on the budget
            page = tmp_path / f"k{n}.txt"
            page.write_text(f"Möte 2023-0{n}-10\n\nKulturnämnd\n • § 1\n\n  Information\n\n  Om budget.\n",
                            encoding="utf-8")
            ingest_file(store, page, url=f"https://example.se/committees/kulturnamnd/mote-2023-0{n}-10",
                        now=INGESTED_AT)
        page = tmp_path / "s.txt"
        page.write_text("Möte 2024-05-07\n\nServicenämnd\n • § 4\n\n  Reviderad verksamhetsplan\n\n"
                        "  Nämnden beslutar om reviderad budget för året och en ny verksamhetsplan.\n",
                        encoding="utf-8")
        ingest_file(store, page, url="https://example.se/committees/servicenamnd/mote-2024-05-07", now=INGESTED_AT)
        engine = SearchEngine(store, Ranking(candidates=3))
        for question in ("servicenämndens budget", "budget 2024"):
            hits = answer_json(answer_question(engine, question, now=NOW))["hits"]
            assert hits and hits[0]["committee"] == "servicenamnd", question
        # and so does the fact asked for: an amount
        page = tmp_path / "r.txt"
        page.write_text("Möte 2022-11-07\n\nRegionstyrelse\n • § 9\n\n  Ramar för nästa år\n\n"
                        "  Styrelsen fastställer ramarna för nästa års arbete och en budget om 12 miljoner kronor.\n",
                        encoding="utf-8")
        ingest_file(store, page, url="https://example.se/committees/regionstyrelse/mote-2022-11-07", now=INGESTED_AT)
        hits = answer_json(answer_question(engine, "hur stor är budgeten", now=NOW))["hits"]
        assert hits and hits[0]["committee"] == "regionstyrelse"


def test_an_unknown_compound_is_a_little_of_its_tail_and_weighs_as_its_rarest_reading() -> None:
    vocab = Vocabulary([("förening", 1), ("avtal", 15), ("avtalstid", 1), ("budget", 4)], total=20)
    group = resolve_word("odlingsföreningen", vocab)  # no "odling" in the store: an odlingsförening is a förening
    [tail] = [a for a in group.alternatives if a.term == "förening"]
    assert tail.how == "compound" and tail.weight == RANKING.compound * RANKING.compound_single_part
    # matched only through other words, a word weighs as the rarest of them, not as the most common
    contract = resolve_word("snöröjningsavtalet", vocab)
    assert {"avtal", "avtalstid"} <= {a.term for a in contract.alternatives}
    assert contract.weight > vocab.idf(15) * specificity("snöröjningsavtalet")


@pytest.mark.parametrize(("word", "read_as", "not_read_as"), [
    ("lan", "län", None), ("tandvarden", "tandvård", None), ("bat", "båt", None),
    ("tag", None, "tåg"),  # "få tag på en doktor" is no train
    ("stod", None, "stöd"),  # a verb typed as meant: "vad stod på listan"
])
def test_a_word_typed_without_swedish_letters_is_read_with_them_only_when_that_is_the_likelier_word(
        word: str, read_as: str | None, not_read_as: str | None) -> None:
    vocab = Vocabulary([("län", 5), ("tandvård", 2), ("tåg", 3), ("båt", 2), ("stöd", 6), ("budget", 4)],
                       total=20)
    terms = {a.term for a in resolve_word(word, vocab).alternatives}
    assert (read_as in terms) if read_as else not_read_as not in terms


@pytest.mark.parametrize(("typed", "read_as"), [
    ("lange", "länge"), ("galler", "gäller"), ("narmaste", "närmaste"), ("aldre", "äldre"), ("karnkraft", "kärnkraft"),
    ("tag", "tag"), ("rad", "rad"),  # words of their own, as common as the reading with å, ä, ö
    ("vard", "vard"),  # vård or värd: no clear reading
    ("sjukhus", "sjukhus"), ("möte", "möte"),
])
def test_a_question_word_typed_without_swedish_letters_is_read_as_general_swedish_writes_it(
        typed: str, read_as: str) -> None:
    assert restore_accents(typed) == read_as


def test_a_common_word_typed_without_swedish_letters_is_not_a_rare_word_of_the_store() -> None:
    # "lange" would match the surname Lange and weigh as rare; "länge" is a frame of "hur länge"
    assert parse_question("hur lange galler avtalet", now=NOW, catalog=Catalog()).terms == ("länge", "avtalet")


def test_a_slip_in_a_word_of_the_store_is_not_read_as_another_word_with_swedish_letters(tmp_path: Path) -> None:
    # "lasaret" reads as "läsåret" in general Swedish; the store has no school year but a "lasarett"
    with _one_page_store(tmp_path, "Möte 2025-09-23\n\nServicenämnd\n • § 4\n\n  Parkering\n\n"
                         "  Avgiften för parkering vid Lindesbergs lasarett sänks.\n", "servicenamnd/mote-2025-09-23") as store:
        engine = SearchEngine(store)
        assert parse_question("parkering vid lasaret", now=NOW, catalog=engine.catalog).terms == ("parkering", "läsåret")
        assert [h["title"] for h in ask(engine, "parkering vid lasaret")["hits"]] == ["Parkering"]
        assert not ask(engine, "läsåret")["hits"]  # a school year, said with its letters, is still absent


def test_the_start_of_a_compound_typed_without_swedish_letters_reaches_the_words_it_starts() -> None:
    # "trafikforsorjnings programmet": a compound written apart and without å, ä and ö
    vocab = Vocabulary([("trafikförsörjningsprogram", 2), ("budget", 4), ("tåg", 3)], total=20)
    [alternative] = resolve_word("trafikforsorjnings", vocab).alternatives
    assert (alternative.term, alternative.prefix, alternative.how) == ("trafikförsörjning", True, "utan å/ä/ö")
    assert not resolve_word("tagen", vocab).alternatives  # too short a start to be read so: no "tåg…"


def test_the_summary_picks_the_sentence_whose_compound_holds_the_asked_word(tmp_path: Path) -> None:
    with _one_page_store(tmp_path, "Möte 2024-10-08\n\nServicenämnd\n • § 3\n\n  Entrén\n\n"
                         "  Regionen har sett över lokalerna under året och planerar om. "
                         "En ny anslagstavla sätts upp vid entrén.\n", "servicenamnd/mote-2024-10-08") as store:
        hits = ask(SearchEngine(store), "tavlor")["hits"]
        assert hits and hits[0]["summary"].startswith("En ny anslagstavla")


@pytest.mark.parametrize(("word", "kept"), [("funkar", False), ("satsar", True)])
def test_a_verb_stem_reaches_only_nouns_made_of_that_verb(word: str, kept: bool) -> None:
    vocab = Vocabulary([("funktion", 4), ("satsning", 3), ("budget", 4)], total=20)
    terms = {a.term for a in resolve_word(word, vocab).alternatives}
    assert bool(terms & {"funk", "sats"}) is kept  # "funkar" is no "funktion", "satsar" is a "satsning"


def test_a_synonym_that_is_another_word_of_the_question_does_not_count_twice(tmp_path: Path) -> None:
    # the thesaurus: feriejobb → "sommarjobb för ungdomar"; an item on young people is not on summer jobs
    with _one_page_store(tmp_path, "Möte 2024-03-12\n\nKultur- och kompetensnämnd\n • § 1\n\n  Ungdomar\n\n"
                         "  Nämnden fördelar medel till mötesplatser för ungdomar i länet.\n",
                         "kultur-och-kompetensnamnd/mote-2024-03-12") as store:
        engine = SearchEngine(store)
        assert ask(engine, "ungdomar")["hits"]
        assert not ask(engine, "finns det nåt feriejobb för ungdomar")["hits"]
        groups = engine.term_groups(parse_question("feriejobb för ungdomar", now=NOW, catalog=engine.catalog))
        assert all(a.how != "synonym" for g in groups if g.word == "feriejobb" for a in g.alternatives)


def test_a_word_that_says_again_what_another_says_is_not_a_word_the_items_lack(tmp_path: Path) -> None:
    # the thesaurus: "doktorer" are "läkare"; said by both words, the topic is one word, found in the item
    with _one_page_store(tmp_path, "Möte 2022-11-09\n\nHälso- och sjukvårdsnämnd\n • § 1\n\n  Handledarpris\n\n"
                         "  Nämnden delar ut ett pris till läkare som handleder väl.\n",
                         "halso-och-sjukvardsnamnd/mote-2022-11-09") as store:
        engine = SearchEngine(store)
        groups = engine.term_groups(parse_question("pris till läkare och doktorer", now=NOW, catalog=engine.catalog))
        assert [g.word for g in groups] == ["pris", "läkare"]
        hits = ask(engine, "pris till läkare som är bra på att lära upp doktorer")["hits"]
        assert hits and hits[0]["title"] == "Handledarpris"


def test_a_prize_is_a_topic_while_the_question_may_still_ask_for_an_amount() -> None:
    question = parse_question("pris till läkare som handleder", now=NOW, catalog=Catalog())
    assert "pris" in question.terms and "amount" in question.wants
    assert "kostar" not in parse_question("vad kostar nya bussar", now=NOW, catalog=Catalog()).terms


def test_a_municipality_names_its_region_and_stays_a_topic_word() -> None:
    catalog = Catalog(organisations=frozenset({"Region Gävleborg", "Region Västerbotten", "Region Örebro län"}))
    question = parse_question("har sjukhuset i gävle skaffat en operationsrobot", now=NOW, catalog=catalog)
    assert question.organisation == "Region Gävleborg" and "gävle" in question.terms
    assert parse_question("blir det bb i karlskoga igen", now=NOW, catalog=catalog).organisation == "Region Örebro län"
    assert parse_question("umeås sjukhus", now=NOW, catalog=catalog).organisation == "Region Västerbotten"
    # places of two regions, a region the store does not hold, a word that is also a place: no region
    assert parse_question("buss mellan umeå och gävle", now=NOW, catalog=catalog).organisation is None
    assert parse_question("sjukhuset i östersund", now=NOW, catalog=catalog).organisation is None
    assert parse_question("vindkraft på berg", now=NOW, catalog=catalog).organisation is None
    assert question.places == {"gävle"}


def test_a_place_of_the_region_named_says_where_too() -> None:
    """"regionen i jämtland … till åre": Åre says where as surely as when it alone names the region, so an item
    naming only Åre is no answer; a place of another region is left a topic word."""
    catalog = Catalog(organisations=frozenset({"Region Jämtland Härjedalen", "Region Gävleborg"}))
    question = parse_question("ska regionen i jämtland betala nattåget till åre", now=NOW, catalog=catalog)
    assert question.organisation == "Region Jämtland Härjedalen" and question.places == {"åre"}
    assert "åre" in question.terms
    assert parse_question("ska region gävleborg betala nattåget till åre", now=NOW, catalog=catalog).places == set()


def test_the_county_named_with_its_region_is_no_topic_word() -> None:
    """"i örebro län" names the region, "län" and all; "örebro läns museum" is a museum of the county."""
    catalog = Catalog(organisations=frozenset({"Region Jämtland Härjedalen", "Region Örebro län"}))
    question = parse_question("vad kostar mammografi i örebro län", now=NOW, catalog=catalog)
    assert question.organisation == "Region Örebro län" and question.terms == ("mammografi",)
    assert parse_question("kulturföretag i jämtlands län", now=NOW, catalog=catalog).terms == ("kulturföretag",)
    assert "läns" in parse_question("renovering av örebro läns museum", now=NOW, catalog=catalog).terms


def test_a_region_is_named_with_a_slip_of_the_keyboard_too() -> None:
    catalog = Catalog(organisations=frozenset({"Region Jämtland Härjedalen", "Region Gävleborg",
                                               "Region Västerbotten"}))
    for text, region in [("skattesatsen gävlebrog 2023", "Region Gävleborg"),
                         ("info från utvecklingsnämnden jämtand", "Region Jämtland Härjedalen"),
                         ("patientnämnden västerboten", "Region Västerbotten")]:
        question = parse_question(text, now=NOW, catalog=catalog)
        assert question.organisation == region, text
        assert not any(t.startswith(("gävle", "jämt", "väster")) for t in question.terms)
    # a Swedish word of its own, or a slip too far, names no region
    assert parse_question("jämförelse av vårdköer", now=NOW, catalog=catalog).organisation is None
    assert parse_question("gävlbrg", now=NOW, catalog=catalog).organisation is None


def test_an_organisation_is_named_by_its_initials_and_its_host() -> None:
    catalog = Catalog(organisations=frozenset({"Region Jämtland Härjedalen", "Region Västerbotten",
                                               "Region Örebro län"}))
    question = parse_question("fullmäktige i jh hösten 2023, vad var uppe", now=NOW, catalog=catalog)
    assert question.organisation == "Region Jämtland Härjedalen" and "jh" not in question.terms
    assert parse_question("RJH tandvård", now=NOW, catalog=catalog).organisation == "Region Jämtland Härjedalen"
    assert parse_question("röl budget 2024", now=NOW, catalog=catalog).organisation == "Region Örebro län"
    assert parse_question("vll:s ambulanser", now=NOW, catalog=catalog).organisation == "Region Västerbotten"
    # two letters of a name of two words say nothing: "rv" is no region
    assert parse_question("rv ambulanser", now=NOW, catalog=catalog).organisation is None


def test_a_month_or_season_compounded_with_a_meeting_is_the_period_of_that_meeting() -> None:
    catalog = Catalog(committees=(CommitteeInfo("servicenamnd", "Servicenämnd", None),))
    for text, start, end in (("vad hände på decembermötet i servicenämnden 2025", "2025-12-01", "2025-12-31"),
                             ("servicenämndens höstmöten 2022", "2022-08-01", "2022-12-31")):
        question = parse_question(text, now=NOW, catalog=catalog)
        assert question.period is not None and question.terms == () and question.intent == "browse", text
        assert (question.period.start.isoformat(), question.period.end.isoformat()) == (start, end)


def test_the_papers_of_a_meeting_name_the_meeting_beside_a_committee_or_a_period() -> None:
    catalog = Catalog(committees=(CommitteeInfo("servicenamnd", "Servicenämnd", None),))
    for text in ("protokoll servicenämnden mars 2022", "kallelsen till servicenämnden", "handlingar mars 2022",
                 "vad hade servicenämnden på agendan i mars 2022", "föredragningslistan för servicenämnden"):
        question = parse_question(text, now=NOW, catalog=catalog)
        assert question.terms == () and question.intent == "browse", text
    assert parse_question("vad hade servicenämnden på agendan om lokaler", now=NOW, catalog=catalog).committee_filter
    # without a meeting to name, the minutes are what is asked about
    assert parse_question("vem justerar protokollet", now=NOW, catalog=catalog).terms == ("justerar", "protokollet")


def test_a_question_for_dates_is_not_answered_by_the_approval_of_the_minutes(tmp_path: Path) -> None:
    page = ("Möte 2026-02-10\n\nRegionfullmäktige\n • § 1\n\n  Justering 17 februari\n\n • § 2\n\n"
            "  Medborgarförslag om sjukresor\n\n  Förslaget ska besvaras senast den 1 mars 2026.\n")
    with _one_page_store(tmp_path, page, "regionfullmaktige/mote-2026-02-10") as store:
        hits = ask(SearchEngine(store), "när är nästa möte i fullmäktige")["hits"]
    assert hits and all("Justering" not in h["title"] for h in hits)


def test_the_coming_meetings_are_dates_said_of_meetings_not_of_contracts(tmp_path: Path) -> None:
    page = ("Möte 2025-05-07\n\nServicenämnd\n • § 1\n\n  Upphandling av kolonialvaror\n\n"
            "  Befintligt avtal löper ut den 2025-08-31.\n\n • § 2\n\n  Sammanträdestider hösten 2025\n\n"
            "  Nämnden föreslås sammanträda den 10 september och den 12 november 2025.\n")
    with _one_page_store(tmp_path, page, "servicenamnd/mote-2025-05-07") as store:
        hits = ask(SearchEngine(store), "när möts servicenämnden nästa gång")["hits"]
    assert [h["title"] for h in hits] == ["Sammanträdestider hösten 2025"]


def test_the_latest_and_the_coming_meetings_are_said_in_words(tmp_path: Path) -> None:
    page = "Möte 2024-05-07\n\nServicenämnd\n • § 1\n\n  Lokaler\n\n  Nämnden beslutar att hyra en lokal.\n"
    with _one_page_store(tmp_path, page, "servicenamnd/mote-2024-05-07") as store:
        engine = SearchEngine(store)
        latest = answer_question(engine, "senaste mötet i servicenämnden", now=NOW)
        ahead = answer_question(engine, "när möts servicenämnden nästa gång", now=NOW)
    line = header_line(latest, mark=False)
    assert latest.hits and line.count("senaste mötet") == 1 and "1900" not in line
    assert not ahead.hits and render_answer_text(ahead).startswith("Jag hittade inga kommande möten för Servicenämnd.")


def test_a_season_of_several_meetings_is_browsed_by_its_matters_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "season.db")
    for day, body in (
        ("2023-09-12", "  Ny lokal för tandvården\n\n  Nämnden beslutar att hyra en ny lokal. Dnr 23RS1234"),
        ("2023-11-14", "  Verksamheten i korthet\n\n  Förvaltningen berättar om arbetet under hösten."),
    ):
        page = tmp_path / f"{day}.txt"
        page.write_text(f"Möte {day}\n\nRegionfullmäktige\n • § 1\n\n{body}\n", encoding="utf-8")
        ingest_file(store, page, url=f"https://example.se/committees/regionfullmaktige/mote-{day}", now=INGESTED_AT)
    engine = SearchEngine(store)
    # a matter with its case number leads, though a later meeting of the season said something else
    assert [h["meeting_date"] for h in ask(engine, "fullmäktige hösten 2023")["hits"]] == ["2023-09-12", "2023-11-14"]
    store.close()


def test_a_municipality_keeps_another_regions_items_out_of_the_answer(tmp_path: Path) -> None:
    store = Store(tmp_path / "two.db")
    for host, committee, text in (
        ("moten.lg.se", "halso-och-sjukvardsnamnd", "Regionen utreder en operationsrobot för sjukhusen i länet."),
        ("meetingsplus.vll.se", "halso-och-sjukvardsnamnden", "Nämnden köper en ny operationsrobot till Umeå."),
    ):
        page = tmp_path / f"{host}.txt"
        page.write_text(f"Möte 2024-10-08\n\nNämnd\n • § 1\n\n  Robot\n\n  {text}\n", encoding="utf-8")
        ingest_file(store, page, url=f"https://{host}/committees/{committee}/mote-2024-10-08", now=INGESTED_AT)
    hits = ask(SearchEngine(store), "har sjukhuset i gävle skaffat en operationsrobot")["hits"]
    assert hits and {h["organisation"] for h in hits} == {"Region Gävleborg"}
    store.close()


def test_the_committee_whose_field_the_question_names_comes_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "remit.db")
    for committee, day in (("kollektivtrafiknamnd", "2024-03-12"), ("servicenamnd", "2025-03-12")):
        page = tmp_path / f"{committee}.txt"
        page.write_text(f"Möte {day}\n\nNämnd\n • § 1\n\n  Översyn\n\n  Regionen ser över kollektivtrafiken "
                        f"och linjenätet i länet.\n", encoding="utf-8")
        ingest_file(store, page, url=f"https://example.se/committees/{committee}/mote-{day}", now=INGESTED_AT)
    # the later meeting would come first on an equal match
    assert ask(SearchEngine(store, Ranking(remit=0.0)), "kollektivtrafiken")["hits"][0]["committee"] == "servicenamnd"
    assert ask(SearchEngine(store), "kollektivtrafiken")["hits"][0]["committee"] == "kollektivtrafiknamnd"
    store.close()


def test_one_word_of_an_official_term_says_the_whole_term_only_beside_its_other_words(tmp_path: Path) -> None:
    # the thesaurus: wifi → "trådlöst nätverk", found in the index by "nätverk"
    assert rest_of_term("trådlöst nätverk", "nätverk") == (stem("trådlöst"),)
    assert rest_of_term("hälsocentral", "hälsocentral") == ()
    with _one_page_store(tmp_path, "Möte 2024-03-12\n\nServicenämnd\n • § 1\n\n  Samverkan med kommunerna\n\n"
                         "  Nämnden deltar i ett nätverk för samverkan med kommunerna.\n\n • § 2\n\n"
                         "  Patienternas uppkoppling\n\n  Nämnden bygger ut det trådlösa nätverket på vårdavdelningarna.\n",
                         "servicenamnd/mote-2024-03-12") as store:
        engine = SearchEngine(store)
        answer = ask(engine, "wifi")
        confidence = {h["title"]: h["confidence"] for h in answer["hits"] + answer["related"]}
        assert answer["hits"][0]["title"] == "Patienternas uppkoppling"
        assert confidence.get("Samverkan med kommunerna", 0) < confidence["Patienternas uppkoppling"]


def test_items_with_the_questions_own_word_are_not_crowded_out_by_a_synonyms_matches(tmp_path: Path) -> None:
    # the thesaurus: inkubator → "park" (science park); many short items say "park", one long item "inkubator"
    short = "".join(f" • § {n}\n\n  Parken vid sjukhus {n}\n\n  Skötsel av parken.\n\n" for n in range(1, 13))
    other = "".join(f" • § {n}\n\n  Bidrag {n}\n\n  Nämnden fördelar bidrag till förening {n}.\n\n" for n in range(13, 73))
    long = (" • § 73\n\n  Kulturella och kreativa näringar\n\n  " + "Nämnden följer upp planen för länets kultur. " * 30
            + "Förvaltningen utreder hur en inkubator kan stödja nya företag.\n")
    with _one_page_store(tmp_path, "Möte 2024-10-14\n\nRegionala utvecklingsnämnden\n" + short + other + long,
                         "regionala-utvecklingsnamnden/mote-2024-10-14") as store:
        engine = SearchEngine(store, replace(RANKING, candidates=10, facet_candidates=10))
        hits = ask(engine, "blir det en inkubator")["hits"]
        assert hits and hits[0]["title"] == "Kulturella och kreativa näringar"


def test_a_short_stem_does_not_key_the_thesaurus() -> None:
    """"ungar" (kids) shares its stem "ung" with "unga" (young): only a longer stem is a key."""
    small = Thesaurus(parse_thesaurus("social\tbarn|barn och unga\tungar|kidsen\n"))
    assert "barn" in small.lookup_terms("ungar")
    assert "barn" in small.lookup_terms("kidsens")
    assert small.lookup_terms("unga") == {}


def test_a_particle_verb_matches_the_noun_papers_make_of_it(tmp_path: Path) -> None:
    pages = {"2022-05-24": "Byggnadsinvestering – Utbyte av utrymningstrappa vid hus 31 på sjukhuset.",
             "2022-06-14": "Nämnden följer upp ombyggnaden av entrén till hus 31 på sjukhuset."}
    store = _store_of_meetings(tmp_path, "Regionstyrelse", pages)
    engine = SearchEngine(store)
    assert parse_question("ska dom byta ut trappan", now=NOW, catalog=engine.catalog).particle_verbs == (
        ("byta", "ut"),)
    for question, day in (("ska dom byta ut trappan i hus 31", "2022-05-24"),
                          ("ska de bygga om entrén till hus 31", "2022-06-14")):
        assert ask(engine, question)["hits"][0]["meeting_date"] == day, question
    store.close()


def test_a_definite_tail_of_a_compound_is_read_by_its_dictionary_form() -> None:
    # the stemmer keeps the "-an" of "trappan": the part is found as "trappa"
    vocab = Vocabulary([("nöd", 2), ("trapp", 2), ("budget", 4)], total=20)
    assert [[a.term for a in part] for part in resolve_word("nödtrappan", vocab).parts] == [["nöd"], ["trapp"]]


@pytest.mark.parametrize(("word", "base"), [("trafikförsörjningsprogrammet", "trafikförsörjningsprogram"),
                                            ("utrymningstrappan", "utrymningstrappa"), ("hallsberg", "hallsberg")])
def test_a_compound_the_dictionary_lacks_takes_the_dictionary_form_of_its_last_word(word: str, base: str) -> None:
    assert compound_lemma(word) == base


def test_a_definite_compound_the_stemmer_leaves_whole_matches_its_bare_form() -> None:
    vocab = Vocabulary([("trafikförsörjningsprogram", 2), ("budget", 4)], total=20)
    [alternative] = resolve_word("trafikförsörjningsprogrammet", vocab).alternatives
    assert alternative.term == "trafikförsörjningsprogram" and alternative.weight == 1.0


@pytest.mark.parametrize(("noun", "verb_stem"), [("ändringarna", "ändr"), ("behandlingen", "behandl"), ("leasing", "leas"),
                                                    ("bemanningen", "beman")])  # "bemanna" stems to "beman"
def test_a_noun_in_ing_the_store_lacks_is_its_verb(noun: str, verb_stem: str) -> None:
    # "ändra" makes "ändring", "behandla" "behandling": the store may say only "ändrades", "behandlas"
    vocab = Vocabulary([(verb_stem, 2), ("budget", 4)], total=20)
    alternatives = {a.term: a.weight for a in resolve_word(noun, vocab).alternatives}
    assert alternatives == {verb_stem: RANKING.derivation}


def test_a_noun_of_a_verb_also_matches_the_verb() -> None:
    vocab = Vocabulary([("revidering", 1), ("revider", 2), ("budget", 4)], total=20)
    alternatives = {a.term: a.weight for a in resolve_word("revideringen", vocab).alternatives}
    assert alternatives["revidering"] == 1.0 and alternatives["revider"] == RANKING.derivation
    # the verb as the index stems it: "svårt att bemanna nattpassen" answers "bemanningen"
    staffing = Vocabulary([("bemanning", 1), ("beman", 2), ("budget", 4)], total=20)
    alternatives = {a.term: a.weight for a in resolve_word("bemanningen", staffing).alternatives}
    assert alternatives["bemanning"] == 1.0 and alternatives["beman"] == RANKING.derivation
    # a root too short to be the verb alone starts other words: "utred…" of "utredning"
    short = Vocabulary([("utredning", 1), ("utred", 2), ("budget", 4)], total=20)
    assert "utred" not in {a.term for a in resolve_word("utredningen", short).alternatives}


@pytest.mark.parametrize(("word", "bare"), [("projektet", "projekt"), ("kansliet", "kansli"), ("skolan", "skola")])
def test_a_definite_form_the_stemmer_leaves_whole_also_matches_the_bare_form(word: str, bare: str) -> None:
    # both forms are in the store, as different terms: the question's form must not hide the other
    vocab = Vocabulary([(stem(word), 1), (stem(bare), 3), ("budget", 4)], total=20)
    assert {stem(word), stem(bare)} <= {a.term for a in resolve_word(word, vocab).alternatives}


def test_a_period_said_with_its_year_leaves_out_items_of_other_times_once_some_answer(tmp_path: Path) -> None:
    store = _store_of_meetings(tmp_path, "Servicenämnd", {
        "2024-05-07": "Anmälan av delegationsbeslut om städning och parkering.",
        "2025-09-23": "Anmälan av delegationsbeslut om telefoni och städning.",
        "2023-03-14": "Anmälan av delegationsbeslut om lokaler."})
    engine = SearchEngine(store)
    assert [h["meeting_date"] for h in ask(engine, "delegationsbeslut maj 2024")["hits"]] == ["2024-05-07"]
    # a month without its year may be what an item is about: the other items stay
    assert len(ask(engine, "delegationsbeslut i maj")["hits"]) == 3
    store.close()


def test_a_compound_is_answered_by_another_compound_with_the_same_specific_head(tmp_path: Path) -> None:
    # "nödtrappa" is not in the store, "nöd" and "trappa" are: an "utrymningstrappa" is the same kind of thing
    pages = {"2022-05-24": "Utbyte av utrymningstrappa vid hus 31 på Gävle sjukhus.",
             "2022-06-14": "Nödstopp i hissen på Gävle sjukhus.",
             "2022-08-30": "Budget för kulturen i Sandviken.", "2022-09-27": "Nya bussar till Hudiksvall."}
    store = _store_of_meetings(tmp_path, "Regionstyrelse", pages)
    engine = SearchEngine(store)
    hits = ask(engine, "ska dom byta ut nödtrappan vid hus 31 på gävle sjukhus")["hits"]
    assert [h["meeting_date"] for h in hits] == ["2022-05-24"]
    store.close()


def test_a_short_form_of_general_swedish_the_store_lacks_does_not_empty_the_answer(tmp_path: Path) -> None:
    assert is_abbreviation("enl") and is_abbreviation("inkl") and not is_abbreviation("kärnkraft")
    pages = {"2023-06-20": "Motion om att tillåta kärnkraft på fler platser i länet.",
             "2023-08-29": "Budget för kulturen i Örebro."}
    assert _dates_answered(tmp_path, "Regional tillväxtnämnd", pages,
                           "får man bygga kärnkraft var som helst enl regionen") == ["2023-06-20"]


def test_a_party_named_in_a_question_finds_its_letters_after_a_members_name(tmp_path: Path) -> None:
    assert "vänsterpartiet" in index_terms("yrkande från (V) inkommit till §7")
    assert "vänsterpartiet" not in index_terms("Bilaga V")  # the letters alone, outside brackets, are no party
    pages = {"2023-01-16": "Ordförande informerar att yrkande från (V) inkommit till § 7 om tandvården.",
             "2023-02-13": "Ordförande informerar att yrkande från (M) inkommit till § 4 om tandvården."}
    assert _dates_answered(tmp_path, "Hälso- och sjukvårdsnämnd", pages,
                           "har vänsterpartiet yrkat nåt om tandvården")[:1] == ["2023-01-16"]


@pytest.mark.parametrize(("text", "initialism"), [
    ("Avtalet gäller städning vid Universitetssjukhuset Örebro.", "usö"),
    ("Patienter remitteras till Norrlands universitetssjukhus för vård.", "nus"),
    ("Ärendet bereds av Hälso- och sjukvårdsnämnden i maj.", "hsn"),
])
def test_a_name_is_indexed_with_its_initials(text: str, initialism: str) -> None:
    assert INITIALISM + initialism in index_terms(text)


def test_words_that_open_a_sentence_or_general_swedish_are_no_initialism() -> None:
    # a capital that only opens a sentence names nothing ("Talet behovet eller" is no "tbe"), nor does a word
    # general Swedish uses ("ivf") come out of "Inom Västra Frölunda"
    assert not [t for t in index_terms("Talet behovet eller har ökat. Inom Västra Frölunda") if t.startswith(INITIALISM)]


def test_a_name_said_by_its_initials_finds_it_but_says_only_where(tmp_path: Path) -> None:
    pages = {"2025-09-23": "Upphandling av städtjänster för Universitetssjukhuset Örebro. Avtalet gäller från 1 januari 2026.",
             "2025-10-21": "Upphandling av städtjänster för Karlskoga lasarett.",
             "2025-11-18": "Fler laddstolpar för elbilar vid Karlskoga lasarett."}
    assert _dates_answered(tmp_path / "a", "Servicenämnd", pages, "städning på usö") == ["2025-09-23"]
    assert _dates_answered(tmp_path / "b", "Servicenämnd", pages, "usö") == ["2025-09-23"]
    # an item naming the hospital is no answer on a topic it does not hold
    assert "2025-09-23" not in _dates_answered(tmp_path / "c", "Servicenämnd", pages, "blir det fler laddstolpar vid usö")
    with _store_of_meetings(tmp_path / "d", "Servicenämnd", pages) as store:
        [hit] = ask(SearchEngine(store), "usö")["hits"]
        assert "usö (förkortning)" in hit["why"]


def test_a_compound_whose_parts_an_item_says_apart_is_more_than_one_part_of_it(tmp_path: Path) -> None:
    pages = {"2022-01-18": "Remiss om offentlig upphandling. Myndigheterna ska beakta klimatet vid offentlig upphandling. "
                           "Även miljön, människors hälsa och sociala aspekter beaktas när det är relevant med hänsyn "
                           "till upphandlingens syfte. Lagändringen föreslås träda i kraft den 1 juli 2022.",
             "2022-02-15": "Ny upphandling av klimatsmarta fordon för offentlig verksamhet.",
             "2022-03-15": "Budget för kulturen i Örebro.", "2022-04-12": "Nya bussar till Karlskoga."}
    pages |= {f"2023-{month:02}-10": f"Ärende {month} om lokaler och personal." for month in range(1, 10)}
    assert _dates_answered(tmp_path, "Servicenämnd", pages,
                           "nya lagen om klimathänsyn vid offentlig upphandling") == ["2022-01-18"]


def test_without_the_dictionary_installed_no_word_is_a_short_form(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    caches = (background._dictionary_entries, background._abbreviations)
    monkeypatch.setattr(background.sysconfig, "get_path", lambda *args: str(tmp_path))
    for cache in caches:
        cache.cache_clear()
    try:
        assert not is_abbreviation("enl")
    finally:
        monkeypatch.undo()
        for cache in caches:
            cache.cache_clear()
    assert is_abbreviation("enl")


@pytest.mark.parametrize(("typed", "written"), [
    ("tandvard for aldre", "tandvård för äldre"),  # an everyday phrase of the thesaurus, typed without å, ä, ö
    ("forlossningen i karlskoga", "förlossningen i karlskoga"),
    ("vad hande i regionstyrelsen hosten 2022", "vad hände i regionstyrelsen hösten 2022"),
])
def test_a_question_typed_without_swedish_letters_is_answered_as_the_one_with_them(
        sample_engine: SearchEngine, typed: str, written: str) -> None:
    expected = [h["item_id"] for h in ask(sample_engine, written)["hits"]]
    assert expected and [h["item_id"] for h in ask(sample_engine, typed)["hits"]] == expected


def test_a_committee_name_with_one_slip_of_the_keyboard_names_the_committee() -> None:
    catalog = Catalog(committees=(CommitteeInfo("servicenamnd", "Servicenämnd", None),
                                  CommitteeInfo("kollektivtrafiknamnden", "Kollektivtrafiknämnden", None)))
    for typed in ("servicenämden i maj 2024", "servicenamden i maj", "servicenämnnden", "kolektivtrafiknämnden",
                  "kollektivtrafiknämdens möte"):
        assert find_committees(typed, catalog)[0] in {("servicenamnd",), ("kollektivtrafiknamnden",)}, typed
    question = parse_question("servicenämden i maj 2024", now=NOW, catalog=catalog)
    assert (question.committees, question.terms, question.intent) == (("servicenamnd",), (), "browse")
    # a short committee word, or a word that only starts like one, is not read so
    assert find_committees("service av bilen", catalog)[0] == ()
    assert find_committees("kollektivtrafikens", catalog)[0] == ()


def test_a_routine_item_the_question_names_is_not_put_last(tmp_path: Path) -> None:
    page = tmp_path / "rf.txt"
    page.write_text("Möte 2023-11-28\n\nRegionfullmäktige\n"
                    " • § 1\n\n  Inga nya motioner har inkommit\n\n  Inga nya motioner har inkommit.\n\n"
                    " • § 2\n\n  Nya motioner om resor\n\n  Två nya motioner om resor har lämnats. Motionerna om "
                    "resor besvaras. Nya motioner om zoner.\n", encoding="utf-8")
    store = Store(tmp_path / "rf.db")
    try:
        ingest_file(store, page, url="https://example.se/committees/regionfullmaktige/mote-2023-11-28", now=INGESTED_AT)
        kinds = {row["title"]: row["kind"] for row in store.query("SELECT title, kind FROM items")}
        assert kinds["Inga nya motioner har inkommit"] == "routine"
        # however much a routine item is put after the matters, one whose heading says what the question
        # asks ("har det kommit in nya motioner") answers it first
        engine = SearchEngine(store, replace(RANKING, routine=-0.5))
        hits = ask(engine, "har det kommit in några nya motioner")["hits"]
        assert [h["title"] for h in hits] == ["Inga nya motioner har inkommit", "Nya motioner om resor"]
        # one the question does not name comes after them
        hits = ask(engine, "nya motioner om resor och zoner")["hits"]
        assert hits[0]["title"] == "Nya motioner om resor"
    finally:
        store.close()
