"""The page parser on the real seed pages and on written pages for each layout variant."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.models import ItemKind
from knowledge.pages.ingest import ingest_file
from knowledge.pages.parser import PageError, derive_title, parse_meeting_page
from knowledge.store import Store
from tests.conftest import INGESTED_AT, SEEDS, TESTS


def _page(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def test_service_committee_seed_items_numbers_and_titles() -> None:
    parsed = parse_meeting_page(_page("servicenamnd__2024-05-07.txt"))
    assert [i.number for i in parsed.items] == list(range(1, 12))
    assert parsed.items[0].title == "Protokollsjustering"
    assert parsed.items[0].kind == "routine"
    telephony = parsed.items[4]
    assert telephony.title_derived
    assert telephony.title == "Region Örebro läns avtal för telefoni inklusive tillhörande stödsystem löper ut"
    assert "telefonilösning" in telephony.body
    assert parsed.items[10].title == "Presentationer från sammanträdet"
    assert not any("cookies" in i.text or "Hoppa över" in i.text or "Bilagor" in i.body for i in parsed.items)


def test_delegation_list_becomes_sub_entries_with_their_own_case_numbers() -> None:
    parsed = parse_meeting_page(_page("servicenamnd__2024-05-07.txt"))
    delegation = parsed.items[6]
    assert delegation.title == "Anmälan av delegationsbeslut"
    assert delegation.kind == "report"
    by_case = {c.canonical: e for e in delegation.entries for c in e.case_numbers}
    assert set(by_case) == {"24RS3384-1", "24RS652-3", "24RS1647-1", "23RS10790-1", "24RS2503-1", "23RS8805-1",
                            "23RS12895-13", "24RS2650-2"}
    kitchen = by_case["24RS1647-1"]
    assert "storköksutrustning" in kitchen.text
    assert [c.canonical for c in kitchen.case_numbers] == ["24RS1647-1"]
    assert "Förvaltningschefen för Regionservice har" in kitchen.context
    assert by_case["24RS2650-2"].context == "Anmälnings- och meddelandeärenden"


def test_an_entry_with_a_heading_line_keeps_it_as_a_given_title(tmp_path: Path) -> None:
    body = ("Informationsärenden:\n1. Kommunförbundet - statusrapport\n"
            "Regionen har ställt frågor till kommunförbundet om personalen.\n"
            "2. Verksamhetsberättelse 2022\nBerättelsen godkändes och läggs till handlingarna.\n"
            "3. Regionen har tagit emot en skrivelse om färdtjänst och svarat på den.")
    page = f"Möte 2023-02-06\n\nSamverkansråd\n • § 1\n\n  Informationsärenden\n\n  {body}\n"
    entries = parse_meeting_page(page).items[0].entries
    assert [(e.title, e.title_given) for e in entries][:2] == [("Kommunförbundet - statusrapport", True),
                                                                ("Verksamhetsberättelse 2022", True)]
    assert not entries[2].title_given  # a sentence: its title is made of its first words
    with Store(tmp_path / "s.db") as store:
        path = tmp_path / "page.txt"
        path.write_text(page, encoding="utf-8")
        ingest_file(store, path, url="https://forum.regionjh.se/committees/regionens-samverkansrad/mote-2023-02-06",
                    now=INGESTED_AT)
        stored = [i for i in store.get_items(list(range(1, 6))) if i.parent_id is not None]
        assert [i.title_derived for i in stored] == [False, False, True]


def test_agenda_and_minutes_repeating_items_are_merged_with_number_and_paragraph() -> None:
    parsed = parse_meeting_page(_page("halso-och-sjukvardsnamnd__2022-spring.txt"))
    assert len(parsed.items) == 11
    kopparberg = next(i for i in parsed.items if "Kopparberg" in i.body)
    assert (kopparberg.number, kopparberg.paragraph) == (3, 65)
    assert sum("Kopparberg" in i.body for i in parsed.items) == 1
    # the minutes gave a title where the agenda showed only a body
    directors_info = next(i for i in parsed.items if "Jonas Claesson" in i.body)
    assert directors_info.title == "Information - Hälso- och sjukvårdsdirektören informerar"
    assert directors_info.paragraph == 70
    assert parsed.items[-1].title == "Presentationer och informationsmaterial"
    assert parsed.items[-1].paragraph is None


def test_facts_from_seed_pages() -> None:
    service = parse_meeting_page(_page("servicenamnd__2024-05-07.txt")).items
    colonial = service[3]
    assert ("date", "2025-08-31", "end") in {(f.kind, f.value, f.role) for f in colonial.facts}
    lab = service[1]
    assert ("amount", "42000000") in {(f.kind, f.value) for f in lab.facts}
    assert ("date", "2024-06", "start") in {(f.kind, f.value, f.role) for f in lab.facts}
    assert ("amount", "358000000") in {(f.kind, f.value) for f in service[2].facts}
    hsn = parse_meeting_page(_page("halso-och-sjukvardsnamnd__2022-spring.txt")).items
    kopparberg = hsn[2]
    facts = {(f.kind, f.value, f.role) for f in kopparberg.facts}
    assert ("amount", "570000", None) in facts
    assert ("date", "2023-04-01", "start") in facts
    assert ("reference", "SOU 2021:93", None) in {(f.kind, f.value, f.role) for f in hsn[4].facts}
    reports = hsn[5]
    assert "MT 2021-0059A" in {f.value for f in reports.facts if f.kind == "contract"}
    people = {f.value for i in hsn for f in i.facts if f.kind == "person"}
    assert {"Jonas Claesson", "Claes-Mårten Ingberg", "Peter Hansson"} <= people


def test_layout_variants_written_page() -> None:
    parsed = parse_meeting_page((TESTS / "pages" / "variants.txt").read_text(encoding="utf-8"))
    assert parsed.meeting_date == "2024-06-04"
    assert parsed.committee_name == "Kollektivtrafiknämnd"
    titles = [i.title for i in parsed.items]
    assert titles[0] == "Protokolljustering"
    assert [i.paragraph for i in parsed.items[:4]] == [30, 31, 32, 33]
    reports = parsed.items[3]
    assert [c.canonical for e in reports.entries for c in e.case_numbers] == ["24RS446-7", "24RS446-6"]
    nested = parsed.items[4]
    assert nested.title == "Budget i balans"
    assert "• Första åtgärden" in nested.body
    assert all("Ladda ner dokument" not in i.text for i in parsed.items)


def test_ordered_list_layout() -> None:
    text = (
        "  1.   1\n\n    Val av justerare\n\n  2.   2\n\n    Fastställande av dagordningen\n\n"
        "  3. Dalarna Science Park söker stöd för att genomföra projektet Svensk ull i framtidens industri.\n\n"
        "     Projektet pågår till 2028.\n"
    )
    parsed = parse_meeting_page(text)
    assert [i.number for i in parsed.items] == [1, 2, 3]
    assert parsed.items[2].title.startswith("Dalarna Science Park söker stöd")
    assert "Projektet pågår till 2028." in parsed.items[2].body


def test_dash_separated_layout_with_header() -> None:
    text = (
        "Möte 2025-11-03\n-\n1\nVal av justerare\n-\n57kb Ladda ner dokument\n-\n"
        "Region X tar fram ett trafikförsörjningsprogram. Arbetet pågår. -\n4\nRemiss: Nationell plan\n"
        "Regionen har getts möjlighet att yttra sig.\n"
    )
    parsed = parse_meeting_page(text)
    assert parsed.meeting_date == "2025-11-03"
    assert [i.number for i in parsed.items] == [1, None, 4]
    assert parsed.items[2].title == "Remiss: Nationell plan"
    assert parsed.items[2].body == "Regionen har getts möjlighet att yttra sig."


def test_missing_numbers_are_inferred_only_where_the_gap_fits() -> None:
    text = " •   1\n\n  Justering\n\n • Ett ärende om bussar.\n\n • Ett ärende om tåg.\n\n •   4\n\n  Information\n"
    assert [i.number for i in parse_meeting_page(text).items] == [1, 2, 3, 4]
    uneven = " •   1\n\n  Justering\n\n • Ett ärende om bussar.\n\n •   5\n\n  Information\n"
    assert [i.number for i in parse_meeting_page(uneven).items] == [1, None, 5]


def test_html_page_is_parsed() -> None:
    html = (
        "<!doctype html><html><head><title>x</title><script>var a;</script></head><body><nav>Meny</nav><ul>"
        "<li><p>1</p><p>Protokollsjustering</p></li>"
        "<li><p>Region Örebro läns avtal för telefoni löper ut. Upphandling behövs, 24RS3384-1.</p></li>"
        "</ul></body></html>"
    )
    items = parse_meeting_page(html).items
    assert [i.title for i in items][0] == "Protokollsjustering"
    assert items[1].case_numbers[0].canonical == "24RS3384-1"
    assert "var a" not in items[1].text


def test_empty_and_binary_pages_raise_page_error() -> None:
    for text in ["", "   \n\n", "Hoppa över navigering\nVi använder cookies på denna webbplats."]:
        try:
            parse_meeting_page(text)
        except PageError:
            continue
        raise AssertionError(f"no PageError for {text!r}")
    try:
        parse_meeting_page("abc\x00def")
    except PageError as exc:
        assert "binär" in str(exc)
    else:
        raise AssertionError("binary text accepted")


def test_derived_title_is_first_sentence_cut_at_word_boundary() -> None:
    body = ("Produktionsköken har behov av kolonialvaror för att kunna laga mat till patienter och personal "
            "under hela året i alla kök. Mer text.")
    title = derive_title(body)
    assert len(title) <= 90
    assert title.endswith("…")
    assert body.startswith(title[:-1].rstrip())
    assert derive_title("Anmälan av delegationsbeslut:\n1. Något, 24RS1-1") == "Anmälan av delegationsbeslut"


@pytest.mark.parametrize(("body", "title"), [
    # an abbreviation's dot ends no sentence
    ("Motion nr 13-2020 från Petter Nilsson (SD) m.fl. Stärkt beredskap mot pandemi.",
     "Motion nr 13-2020 från Petter Nilsson (SD) m.fl. Stärkt beredskap mot pandemi"),
    ("Ordförande Jenny Sellsve, vice ordf. Catharina Espmark informerar om upphandlingen.",
     "Ordförande Jenny Sellsve, vice ordf. Catharina Espmark informerar om upphandlingen"),
    # a clause cut in a date or a reference is no title: the sentence is cut at a word instead
    ("Regionala utvecklingsnämnden beslutade den 4 april 2023, § 60, att ge nämndens presidium i uppdrag att "
     "ta fram en plan.", "Regionala utvecklingsnämnden beslutade den 4 april 2023, § 60, att ge nämndens presidium…"),
    ("Kultur- och kompetensnämnden redovisar medelsförvaltning för perioden januari – augusti 2019 samt prognos "
     "för 2019.", "Kultur- och kompetensnämnden redovisar medelsförvaltning för perioden januari – augusti…"),
    # a paragraph that only says who presents the item is no title when the item says more
    ("Jenny Sellsve, ordförande KTN, och Magnus Stenwall föredrar punkten.\n\nJenny föredrar bakgrunden till "
     "upphandlingen av särskild kollektivtrafik.", "Jenny föredrar bakgrunden till upphandlingen av särskild "
     "kollektivtrafik"),
    ("Regiondirektören informerar.", "Regiondirektören informerar"),
    # a whole first clause still is
    ("Mälardalstrafik förbereder trafikbeställningen för Tågplan 2026, baserad på Trafikplan 2026 som "
     "nämnden fastställde i våras.", "Mälardalstrafik förbereder trafikbeställningen för Tågplan 2026"),
])
def test_a_derived_title_is_a_whole_sentence_or_clause(body: str, title: str) -> None:
    assert derive_title(body) == title


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" •§-\n0123456789.:abcåäöRSMT/")) | st.characters(), max_size=400))
def test_parser_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        parsed = parse_meeting_page(text)
    except PageError:
        return
    for item in parsed.items:
        assert item.title or item.body


def test_titles_from_the_agenda_and_bodies_from_the_minutes_make_one_item() -> None:
    text = (
        " •   1\n\n  Protokollsjustering\n\n •   2\n\n  Budget 2024 för servicenämnden\n\n"
        " •   3\n\n  Information om läget\n\n • § 10\n\n  Protokollsjustering\n\n"
        " • Servicenämnden beslutar att fastställa budgeten för 2024 med ett överskott på 2 miljoner kronor.\n\n"
        " • § 12\n\n  Information om läget\n"
    )
    items = parse_meeting_page(text).items
    assert [(i.number, i.paragraph) for i in items] == [(1, 10), (2, 11), (3, 12)]
    budget = items[1]
    assert budget.title == "Budget 2024 för servicenämnden" and not budget.title_derived
    assert budget.body.startswith("Servicenämnden beslutar")
    assert ("amount", "2000000") in {(f.kind, f.value) for f in budget.facts}


def test_each_layout_is_chosen_for_the_pages_written_that_way() -> None:
    from knowledge.pages.layouts import choose_layout
    from knowledge.pages.parser import page_lines

    dev = SEEDS.parent / "dev"
    expected = {
        SEEDS / "servicenamnd__2024-05-07.txt": "bullets",
        dev / "rjh__regionfullmaktige__2026-02-10.txt": "dashes",
        dev / "lg__regionstyrelse__2025-12-03.txt": "ordered",
        dev / "rjh__regionala-utvecklingsnamnden__2025-10-14.txt": "prose",
        TESTS / "pages" / "prose_items.txt": "prose",
    }
    for path, name in expected.items():
        assert choose_layout(page_lines(path.read_text(encoding="utf-8"))).name == name, path.name
    assert choose_layout(["Ett stycke.", "", "Ett annat stycke."]).name == "paragraphs"


def test_real_page_of_plain_paragraphs_keeps_one_item_together() -> None:
    page = SEEDS.parent / "dev" / "rjh__regionala-utvecklingsnamnden__2025-10-14.txt"
    items = parse_meeting_page(page.read_text(encoding="utf-8")).items
    assert len(items) == 3
    plan = items[2]
    assert "per juli 2025 är 1 341 stycken" in plan.body and "Det utrymme som finns" in plan.body


@pytest.mark.parametrize(("title", "body", "kind"), [
    ("Informationer", "Regiondirektören informerar om läget.", ItemKind.INFORMATION),
    ("Förtroendemannautbildning - Informationssäkerhet", "Ledamöterna får en genomgång.", ItemKind.INFORMATION),
    ("Omvärldsseminarium", "Nämnden deltar i seminariet.", ItemKind.INFORMATION),
    ("Delegationsärenden", "Vid sammanträdet anmäls följande beslut fattade av avdelningschefen med stöd av "
     "delegation:\n1. Bidrag till förening - AVSLAG", ItemKind.REPORT),
    ("Beslut", "RD:s beslut på delegation – Teckna lokalt kollektivavtal (Dnr RS 2022/713)", ItemKind.REPORT),
    # practical notes for the members are routine, as the roll call is
    ("Sammanträdet sker på distans via videouppkoppling", "Meddela ev frånvaro till sekreteraren.", ItemKind.ROUTINE),
    ("Förhinder", "Om du ej kan närvara är det viktigt att du kallar in din ersättare.", ItemKind.ROUTINE),
    # … and so is whether the public may attend or how it may follow the meeting
    ("Offentligt sammanträde", "Enligt kommunallagen ska en nämnds sammanträden hållas inom stängda dörrar om "
     "inte fullmäktige medgett annat.", ItemKind.ROUTINE),
    ("Sammanträdets form", "För att begränsa risken för smittspridning uppmanas allmänheten att följa "
     "fullmäktiges sammanträde via webbsändningen.", ItemKind.ROUTINE),
    ("Föregående protokoll", "Ordföranden går igenom föregående protokoll.", ItemKind.ROUTINE),
    ("Presentation", "En presentationsrunda genomförs.", ItemKind.ROUTINE),
    ("Inkomna motioner", "Inga nya motioner eller medborgarförslag har inkommit.", ItemKind.ROUTINE),
    ("Sammanträden på distans", "Regionfullmäktige beslutar att ledamöter får delta i sammanträden via "
     "videouppkoppling under pandemin.", ItemKind.DECISION),
    # … unless they carry the day's program, which names the matters taken up: it informs, deciding nothing
    ("Sammanträdet sker på distans via videouppkoppling", "Meddela ev frånvaro till sekreteraren.\n\n"
     "10.45 Översyn av stimulansmedel till ideella organisationer\n12.00 Lunch", ItemKind.INFORMATION),
    # a decision on the delegation order is a decision
    ("Revidering av delegationsordning", "Nämnden föreslås besluta att förvaltningschefen får fatta beslut på "
     "delegation i fler ärenden.", ItemKind.DECISION),
])
def test_an_item_is_a_decision_unless_it_reports_or_informs(title: str, body: str, kind: ItemKind) -> None:
    page = f"Möte 2024-05-07\n\nServicenämnd\n • § 1\n\n  {title}\n\n  {body}\n"
    [item] = parse_meeting_page(page).items
    assert item.kind == kind


def test_an_agenda_sent_out_is_routine_however_many_matters_it_lists() -> None:
    matters = "".join(f"  • Ärende {n} om regional utveckling och kollektivtrafik i länet\n" for n in range(8))
    page = ("Möte 2022-12-06\n\nRegionstyrelsen\n • Enligt reglemente för regionstyrelsen har preliminär "
            "föredragningslista över de ärenden som avses bli behandlade vid sammanträdet skickats ut till "
            f"ledamöter och ersättare.\n\n{matters} • En månadsrapport för oktober 2022 har upprättats. Efter "
            "rapporten gjordes en justering av prognosen. " + "Rapporten visar utfallet per område. " * 10 + "\n")
    agenda, report = parse_meeting_page(page).items
    assert len(agenda.body) > 400 and agenda.kind == ItemKind.ROUTINE
    assert report.kind != ItemKind.ROUTINE  # a word of the routine said later in a long text


def test_an_attachments_heading_or_a_rule_glued_to_a_sentence_is_no_part_of_the_text() -> None:
    page = ("Möte 2025-11-03\n\nRegionens samverkansråd\n • § 1\n\n  Remiss om transportinfrastruktur\n\n"
            "  Rådet ges möjlighet till dialog utifrån ett regionalt perspektiv.Bilagor\n\n • § 2\n\n"
            "  Medborgarförslag om SMS-livräddare\n\n  Förslaget ska besvaras senast i juni 2026.-------------\n")
    items = parse_meeting_page(page).items
    assert [item.body for item in items] == ["Rådet ges möjlighet till dialog utifrån ett regionalt perspektiv.",
                                             "Förslaget ska besvaras senast i juni 2026."]


@pytest.mark.parametrize("name", ["vll__patientnamnden__2023-02-14.txt", "vll__regionfullmaktige__2020-04-21.txt"])
def test_a_page_starting_with_a_byte_order_mark_reads_as_without_it(name: str) -> None:
    text = (TESTS.parent / "knowledge" / "sample_data" / "dev" / name).read_text(encoding="utf-8")
    plain, marked = parse_meeting_page(text), parse_meeting_page("\ufeff" + text)
    assert [(i.title, i.body) for i in marked.items] == [(i.title, i.body) for i in plain.items]
    assert (marked.committee_name, marked.meeting_date) == (plain.committee_name, plain.meeting_date)
