"""Worked examples of the JSON wire format and of every malformed input it reports."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest

from clusterxchange import (
    ClusterXchangeError,
    Exchange,
    Generation,
    Location,
    Organisation,
    OrganisationKind,
    get_generation,
    normalize_country,
)
from clusterxchange.generations import parse_generation
from clusterxchange.model import (
    ClusterRef,
    CommitmentToQuality,
    Documents,
    Party,
    Payment,
    Period,
    Sourced,
)
from clusterxchange.model.errors import InvalidRecordError
from clusterxchange.model.serialization import (
    from_json,
    make_converter,
    structure,
    to_json,
    unstructure,
)

HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
VISITOR = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
EXCHANGE = Exchange(host=HOST, visitor=VISITOR, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 17))


KINDS = ", ".join(kind.value for kind in OrganisationKind)
EXCHANGE_FIELDS = ", ".join(field.name for field in attrs.fields(Exchange))


def message_of(function: Any, value: object) -> str:
    """Return the message of the library error *function* raises for *value*."""
    with pytest.raises(ClusterXchangeError) as caught:
        function(value)
    return str(caught.value)


def problems(data: Any, cls: Any) -> list[tuple[str | None, str]]:
    """Return the (path, message) of every problem structuring *data* as *cls* raises."""
    with pytest.raises(InvalidRecordError) as caught:
        structure(data, cls)
    return [(p.path, p.message) for p in caught.value.problems]


def paths(data: Any, cls: Any) -> list[str | None]:
    return [path for path, _ in problems(data, cls)]


# --- amounts -------------------------------------------------------------------------------


def test_amounts_are_strings_on_the_wire_and_keep_their_cents() -> None:
    payment = Payment(date=dt.date(2023, 6, 1), amount=Decimal("830.00"))
    assert unstructure(payment) == {"date": "2023-06-01", "amount": "830.00"}
    assert to_json(payment) == '{"date": "2023-06-01", "amount": "830.00"}'
    assert str(from_json(to_json(payment), Payment).amount) == "830.00"


@pytest.mark.parametrize(
    ("wire", "expected"),
    [("830.00", "830.00"), (830, "830"), (" 12.5 ", "12.5"), ("1E+3", "1E+3"), ("-0.00", "-0.00")],
)
def test_amounts_are_read_from_text_or_whole_numbers(wire: object, expected: str) -> None:
    assert str(structure(wire, Decimal)) == expected


def test_an_amount_given_as_a_float_is_refused_with_the_text_to_write_instead() -> None:
    assert problems(830.5, Decimal) == [
        (
            "$",
            'write amounts as text ("830.5"), not as a JSON number: '
            "a float cannot hold money exactly",
        )
    ]


@pytest.mark.parametrize("wire", ["NaN", "-Infinity", "inf", "sNaN"])
def test_non_finite_amounts_are_refused(wire: str) -> None:
    assert problems(wire, Decimal) == [("$", f"expected a finite amount, got {wire!r}")]


@pytest.mark.parametrize(
    ("wire", "shown"),
    [("abc", "'abc'"), ("1_000", "'1_000'"), ("", "''"), (True, "true"), (None, "null")],
)
def test_other_amounts_are_refused_with_an_example(wire: object, shown: str) -> None:
    message = f'expected a decimal number as text such as "830.00", got {shown}'
    assert problems(wire, Decimal) == [("$", message)]


def test_a_decimal_object_passes_through_when_finite() -> None:
    assert structure(Decimal("1.10"), Decimal) == Decimal("1.10")
    assert problems(Decimal("NaN"), Decimal) == [
        ("$", "expected a finite amount, got Decimal('NaN')")
    ]


# --- dates ---------------------------------------------------------------------------------


def test_dates_are_iso_strings() -> None:
    assert unstructure(dt.date(2023, 3, 6)) == "2023-03-06"
    assert structure("2023-03-06", dt.date) == dt.date(2023, 3, 6)
    assert structure(dt.date(2023, 3, 6), dt.date) == dt.date(2023, 3, 6)


def test_an_impossible_date_is_named() -> None:
    assert problems("2023-02-30", dt.date) == [
        ("$", "impossible date '2023-02-30': day is out of range for month")
    ]


@pytest.mark.parametrize("wire", ["2023-03-06T10:00", "2023-03-06 10:00:00"])
def test_a_date_with_a_time_is_refused(wire: str) -> None:
    assert problems(wire, dt.date) == [("$", f"expected a date without a time, got {wire!r}")]


def test_a_datetime_object_is_refused() -> None:
    assert problems(dt.datetime(2023, 3, 6, 10, 0), dt.date) == [
        ("$", "expected a date without a time, got '2023-03-06T10:00:00'")
    ]


@pytest.mark.parametrize(
    ("wire", "shown"),
    [("06/03/2023", "'06/03/2023'"), ("20230306", "'20230306'"), (20230306, "the number 20230306")],
)
def test_other_date_formats_are_refused(wire: object, shown: str) -> None:
    assert problems(wire, dt.date) == [("$", f"expected an ISO date (YYYY-MM-DD), got {shown}")]


# --- enums, sets, tuples, primitives ------------------------------------------------------


def test_enums_are_their_values() -> None:
    assert unstructure(OrganisationKind.SME) == "sme"
    assert type(unstructure(OrganisationKind.SME)) is str
    assert structure("sme", OrganisationKind) is OrganisationKind.SME
    assert structure(OrganisationKind.SME, OrganisationKind) is OrganisationKind.SME


def test_an_unknown_enum_value_lists_the_known_ones() -> None:
    assert problems("SME", OrganisationKind) == [
        ("$", f"unknown organisation kind 'SME': expected one of {KINDS}")
    ]
    assert problems(3, Party) == [
        (
            "$",
            "expected party as one of host, host_partnership, visitor, visitor_partnership, "
            "got the number 3",
        )
    ]


def test_sets_of_enums_are_sorted_lists() -> None:
    signed = CommitmentToQuality(signed_by=[Party.VISITOR_PARTNERSHIP, Party.HOST, Party.VISITOR])
    assert unstructure(signed)["signed_by"] == ["host", "visitor", "visitor_partnership"]
    kinds = unstructure(get_generation("cxc2"))["host_kinds"]["value"]
    assert kinds == sorted(kinds)
    assert unstructure(frozenset({3, 1, 2})) == [1, 2, 3]


def test_tuples_are_lists_and_structure_back_to_tuples() -> None:
    organisation = Organisation(name="A", country="BE", kind="sme", sectors=["ICT", "Aero"])
    data = unstructure(organisation)
    assert data["sectors"] == ["ICT", "Aero"]
    assert data["figures"] == []
    assert structure(data, Organisation).sectors == ("ICT", "Aero")
    assert structure([1, "a"], tuple[int, str]) == (1, "a")
    assert structure([3, 1], set[int]) == {1, 3}


def test_unrecorded_clusters_stay_apart_from_no_cluster() -> None:
    unknown = Organisation(name="A", country="BE", kind="sme")
    none = attrs.evolve(unknown, clusters=())
    assert unstructure(unknown)["clusters"] is None
    assert unstructure(none)["clusters"] == []
    assert from_json(to_json(unknown), Organisation).clusters is None
    assert from_json(to_json(none), Organisation).clusters == ()


@pytest.mark.parametrize(
    ("wire", "cls", "message"),
    [
        (12, str, "expected text, got the number 12"),
        (b"x", str, "expected text, got a bytes"),
        (True, int, "expected a whole number, got true"),
        (3.0, int, "expected a whole number, got the number 3.0"),
        ("1.5", float, "expected a number, got the text '1.5'"),
        (False, float, "expected a number, got false"),
        ("true", bool, "expected true or false, got the text 'true'"),
        ("abc", list[str], "expected a list, got the text 'abc'"),
        ({"a": 1}, tuple[str, ...], "expected a list, got an object"),
        ([1], Location, "expected an object with the fields of Location, got a list"),
    ],
)
def test_structuring_is_strict_about_types(wire: object, cls: Any, message: str) -> None:
    assert problems(wire, cls) == [("$", message)]


def test_whole_numbers_are_floats_where_floats_are_expected() -> None:
    assert structure({"latitude": 50, "longitude": 4}, Location) == Location(
        latitude=50.0, longitude=4.0
    )


# --- generations ---------------------------------------------------------------------------


@pytest.mark.parametrize("generation_id", ["cxc1", "cxc2"])
def test_shipped_generations_round_trip_without_their_private_indexes(generation_id: str) -> None:
    generation = get_generation(generation_id)
    data = unstructure(generation)
    assert not any("index" in key for key in data)
    assert data["ceilings"][0]["amount"] == str(generation.ceilings[0].amount)
    loaded = from_json(to_json(generation), Generation)
    assert loaded == generation
    assert loaded.ceiling("BE") == generation.ceiling("BE")
    assert loaded.participation("XK") == generation.participation("XK")


def test_a_custom_generation_round_trips_with_its_overrides() -> None:
    custom = parse_generation(
        {
            "id": "hemp-2023",
            "extends": "cxc2",
            "ceilings": {"DK": {"value": "1000.00", "source": "grant agreement, annex 1"}},
            "min_working_days": {"value": 4, "source": "grant agreement", "confidence": "high"},
        }
    )
    loaded = from_json(to_json(custom, indent=2), Generation)
    assert loaded == custom
    assert str(loaded.ceiling("DK").amount) == "1000.00"  # type: ignore[union-attr]
    assert loaded.extends == "cxc2"


def test_a_sourced_value_structures_with_its_type_argument() -> None:
    data = {"value": "0.5", "provenance": {"source": "x", "confidence": "low"}}
    assert structure(data, Sourced[Decimal]).value == Decimal("0.5")
    assert paths({**data, "value": 0.5}, Sourced[Decimal]) == ["$.value"]


def test_a_generation_whose_ceiling_exceeds_its_cap_is_refused_at_its_root() -> None:
    data = unstructure(get_generation("cxc2"))
    data["cap"]["value"] = "500"
    [(path, message)] = problems(data, Generation)
    assert path == "$"
    assert "is above the cap (500)" in message


# --- located errors ------------------------------------------------------------------------


def test_an_unknown_country_deep_inside_a_list_is_located_exactly() -> None:
    data = unstructure([EXCHANGE] * 5)
    data[3]["visitor"]["country"] = "XX"
    [(path, message)] = problems(data, list[Exchange])
    assert path == "$[3].visitor.country"
    assert message.startswith("unknown country 'XX': expected an ISO 3166 code")
    with pytest.raises(InvalidRecordError, match=r"^\$\[3\]\.visitor\.country: unknown country"):
        structure(data, list[Exchange])


def test_every_problem_is_reported_not_just_the_first() -> None:
    data = unstructure([EXCHANGE, EXCHANGE, EXCHANGE])
    data[0]["start"] = "2023-02-30"
    data[0]["payment"] = {"date": "2023-06-01", "amount": 830.5}
    del data[1]["host"]["name"]
    data[1]["host"]["country"] = "Atlantis"
    data[1]["visitor"]["kind"] = 7
    data[2]["visitor"]["pic"] = "12"
    data[2]["visitor"]["location"] = {"latitude": 95, "longitude": "east"}
    data[2]["mode"] = "hybrid"
    data[2]["remarks "] = "typo in a key"
    assert problems(data, list[Exchange]) == [
        ("$[0].start", "impossible date '2023-02-30': day is out of range for month"),
        (
            "$[0].payment.amount",
            'write amounts as text ("830.5"), not as a JSON number: '
            "a float cannot hold money exactly",
        ),
        ("$[1].host.name", "missing required field"),
        ("$[1].host.country", message_of(normalize_country, "Atlantis")),
        (
            "$[1].visitor.kind",
            "expected organisation kind as one of " + KINDS + ", got the number 7",
        ),
        ("$[2].visitor.pic", "a PIC is 9 digits, got '12'"),
        ("$[2].visitor.location.latitude", "latitude 95.0 is outside [-90, 90]"),
        ("$[2].visitor.location.longitude", "expected a number, got the text 'east'"),
        ("$[2].mode", "unknown mode 'hybrid': expected one of physical, virtual"),
        ("$[2]", f"unknown field 'remarks ': expected only {EXCHANGE_FIELDS}"),
    ]


def test_missing_required_fields_are_each_named() -> None:
    assert problems({"country": "BE"}, Organisation) == [("$.name", "missing required field")]


def test_a_problem_between_fields_is_reported_at_the_record() -> None:
    data = unstructure([EXCHANGE, EXCHANGE])
    data[1]["end"] = "2023-03-01"
    assert problems(data, list[Exchange]) == [
        ("$[1]", "the exchange ends (2023-03-01) before it starts (2023-03-06)")
    ]
    assert problems({"start": "2024-01-02", "end": "2024-01-01"}, Period) == [
        ("$", "a period cannot end (2024-01-01) before it starts (2024-01-02)")
    ]


def test_a_problem_found_only_by_the_class_is_located_at_its_field() -> None:
    data = unstructure(get_generation("cxc1"))
    data["id"] = "   "
    data["countries"][2]["country"] = "Narnia"
    assert paths(data, Generation) == ["$.id", "$.countries[2].country"]
    documents = {"commitment": {"signed_by": ["host", "guest"]}}
    assert paths(documents, Documents) == ["$.commitment.signed_by[1]"]


def test_values_inside_mappings_are_located_by_key() -> None:
    assert problems({"BE": "x"}, dict[str, int]) == [
        ("$['BE']", "expected a whole number, got the text 'x'")
    ]


def test_cattrs_own_errors_are_worded_too() -> None:
    assert problems([1], tuple[int, str]) == [
        ("$", "invalid value: Not enough values in [1] to structure as tuple[int, str]")
    ]


def test_the_error_is_a_library_error_and_a_value_error_listing_every_problem() -> None:
    with pytest.raises(InvalidRecordError) as caught:
        structure({}, ClusterRef)
    error = caught.value
    assert isinstance(error, ClusterXchangeError)
    assert isinstance(error, ValueError)
    assert str(error) == "$.name: missing required field"
    assert [p.file for p in error.problems] == [None]


# --- JSON text -----------------------------------------------------------------------------


def test_to_json_keeps_non_ascii_text_and_can_indent() -> None:
    ref = ClusterRef(name="Pôle Véhicule du Futur", eccp_profiled=True)
    assert "Pôle Véhicule" in to_json(ref)
    assert to_json(ref, indent=2).splitlines()[1] == '  "name": "Pôle Véhicule du Futur",'


def test_from_json_reads_bytes() -> None:
    assert from_json('{"name": "Pôle"}'.encode(), ClusterRef) == ClusterRef(name="Pôle")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": ', "not valid JSON: Expecting value at line 1, column 10"),
        ("", "not valid JSON: Expecting value at line 1, column 1"),
        ('{"name": "a"} x', "not valid JSON: Extra data at line 1, column 15"),
    ],
)
def test_text_that_is_not_json_is_one_problem_at_the_root(text: str, message: str) -> None:
    with pytest.raises(InvalidRecordError) as caught:
        from_json(text, ClusterRef)
    assert [(p.path, p.message) for p in caught.value.problems] == [("$", message)]


def test_bytes_that_are_not_utf8_or_nest_too_deep_are_refused_at_the_root() -> None:
    for text in (b'{"name": "\xff"}', "[" * 100_000):
        with pytest.raises(InvalidRecordError) as caught:
            from_json(text, ClusterRef)
        [problem] = caught.value.problems
        assert problem.path == "$"
        assert problem.message.startswith("not valid JSON: ")


def test_json_that_is_not_an_object_is_one_problem_at_the_root() -> None:
    assert [(p.path, p.message) for p in _problems_of_json("[]", Exchange)] == [
        ("$", "expected an object with the fields of Exchange, got a list")
    ]


def _problems_of_json(text: str, cls: Any) -> tuple[Any, ...]:
    with pytest.raises(InvalidRecordError) as caught:
        from_json(text, cls)
    return caught.value.problems


def test_to_json_writes_standard_json() -> None:
    text = to_json([EXCHANGE, HOST])
    assert json.loads(text)[1]["name"] == "Hamburg Aviation"
    assert "NaN" not in text


# --- the converter factory -----------------------------------------------------------------


def test_each_converter_is_new_and_extensible_without_affecting_the_others() -> None:
    first, second = make_converter(), make_converter()
    assert first is not second
    first.register_unstructure_hook(Decimal, float)
    assert first.unstructure(Decimal("1.5")) == 1.5
    assert second.unstructure(Decimal("1.5")) == "1.5"
    assert unstructure(Decimal("1.5")) == "1.5"


def test_cattrs_global_converter_is_untouched() -> None:
    make_converter()
    unstructure(EXCHANGE)
    assert cattrs.unstructure(Decimal("1.5")) == Decimal("1.5")
    assert cattrs.structure("12", str) == "12"
    assert cattrs.structure(12, str) == "12"  # the global converter stays lenient


def test_importing_the_package_does_not_import_cattrs_preconf() -> None:
    code = (
        "import sys, clusterxchange; "
        "print('cattrs.preconf.json' in sys.modules, 'hypothesis' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_exchanges_round_trip_through_json_text() -> None:
    exchange = attrs.evolve(
        EXCHANGE,
        documents=Documents(commitment=CommitmentToQuality(signed_by=["visitor", "host"])),
        payment=Payment(date=dt.date(2023, 4, 1), amount="415.00"),
        distance_km=640.2,
    )
    text = to_json([exchange])
    assert from_json(text, list[Exchange]) == [exchange]
    assert json.loads(text)[0]["payment"] == {"date": "2023-04-01", "amount": "415.00"}
