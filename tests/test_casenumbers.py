"""Case numbers: every host's style is found, normalised and looked up the same way."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from knowledge.pages.casenumbers import CaseNumber, find_case_numbers, normalise_case_number, parse_case_query


@pytest.mark.parametrize(
    ("text", "canonical", "key"),
    [
        ("beslutat om dispens, 24RS3384-1", "24RS3384-1", "RS:2024:3384"),
        ("avtal 23RS3-182", "23RS3-182", "RS:2023:3"),
        ("Medborgarförslag (RS/341/2023), inlämnad", "RS/341/2023", "RS:2023:341"),
        ("Motion nr 12-2020\nRS 338:1-2020", "RS 338:1-2020", "RS:2020:338"),
        ("Byggnadsinvestering RS 2022/713-2", "RS 2022/713-2", "RS:2022:713"),
        ("Sökt belopp 34 300 kronor (dnr KKN 2019/113).", "KKN 2019/113", "KKN:2019:113"),
        ("glued 21RS9034.Hälso", "21RS9034", "RS:2021:9034"),
    ],
)
def test_document_styles_are_found_and_normalised(text: str, canonical: str, key: str) -> None:
    found = find_case_numbers(text)
    assert [(c.canonical, c.key) for c in found] == [(canonical, key)]


def test_typo_series_is_kept_as_written() -> None:
    (case,) = find_case_numbers("tilldelning 24R441-1")
    assert case.canonical == "24R441-1"
    assert case.series == "R"


def test_references_and_contracts_are_not_case_numbers() -> None:
    assert find_case_numbers("SOU 2021:93 och avtal MT 2021-0059A, 2022-03-21") == []


@pytest.mark.parametrize(
    ("typed", "series", "year", "serial", "doc"),
    [
        ("24rs3384", "RS", 2024, 3384, None),
        ("dnr 24RS 3384", "RS", 2024, 3384, None),
        ("24RS3384-1", "RS", 2024, 3384, 1),
        ("rs 341 2023 habiliteringsbad", "RS", 2023, 341, None),
        ("motion RS 338-2020", "RS", 2020, 338, None),
        ("kkn 2019 113", "KKN", 2019, 113, None),
        ("24rs 446-7", "RS", 2024, 446, 7),
        ("24rs446 6", "RS", 2024, 446, 6),  # the document number after a space
        ("24rs446 2024 bussar", "RS", 2024, 446, None),  # a year is no document number
        ("RS 912-2025", "RS", 2025, 912, None),
        ("ärende run-174-2020", "RUN", 2020, 174, None),
        ("rs620 1 2020", "RS", 2020, 620, 1),
        ("3384", None, None, 3384, None),
        ("rs 612", "RS", None, 612, None),  # without its year: that serial of the series in any year
        ("dnr KKN113", "KKN", None, 113, None),
    ],
)
def test_loosely_typed_queries(typed: str, series: str | None, year: int | None, serial: int, doc: int | None) -> None:
    query = parse_case_query(typed, known_series={"RS", "KKN", "RUN"})
    assert query is not None
    assert (query.series, query.year, query.serial, query.doc) == (series, year, serial, doc)


def test_unknown_series_words_are_not_case_numbers() -> None:
    assert parse_case_query("om 2023 113 bussar", known_series={"RS"}) is None


def test_normalise_case_number() -> None:
    assert normalise_case_number("24rs3384-1") == "24RS3384-1"
    assert normalise_case_number("RS/341/2023") == "RS/341/2023"
    assert normalise_case_number("hej") is None


@given(
    st.sampled_from(["RS", "KKN", "KTN", "RUN"]),
    st.integers(2000, 2030),
    st.integers(1, 99999),
    st.one_of(st.none(), st.integers(1, 99)),
    st.sampled_from(["compact", "slash", "colon", "yearslash", "serialyear"]),
)
def test_normalisation_is_stable_across_styles(series: str, year: int, serial: int, doc: int | None, style: str) -> None:
    assume(not (style == "serialyear" and 1900 <= serial <= 2099))  # "EU 2021-2027" is a period
    case = CaseNumber(raw="", series=series, year=year, serial=serial, doc=doc, style=style)
    (found,) = find_case_numbers(f"ärende {case.canonical}, beslut")
    assert found.key == case.key
    assert found.canonical == case.canonical
    assert normalise_case_number(found.canonical) == found.canonical


@given(st.text(max_size=200))
def test_finding_never_crashes(text: str) -> None:
    for case in find_case_numbers(text):
        assert case.serial >= 0
    parse_case_query(text, known_series={"RS"})


def test_a_date_after_a_series_is_a_meeting_day_not_a_case_number() -> None:
    series = {"RS", "RUN"}
    assert parse_case_query("run 2023-06-13", known_series=series) is None
    assert parse_case_query("RS 2024-05-07 telefoni", known_series=series) is None
    assert parse_case_query("RUN 2023/136-2", known_series=series) is not None
    # a year or a day after a series says when, not which case
    assert parse_case_query("rs 2024", known_series=series) is None
    assert parse_case_query("rs 15 maj", known_series=series) is None
    assert parse_case_query("RUN 50 miljoner till företag", known_series=series) is None
