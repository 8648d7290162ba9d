"""Custom generations: a TOML or JSON file that extends a shipped generation."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    ClusterXchangeError,
    Generation,
    InvalidFileError,
    OrganisationKind,
    get_generation,
    load_generation,
)
from clusterxchange.generations import parse_generation
from clusterxchange.model import Confidence, Period
from clusterxchange.model.errors import InvalidGenerationError, Problem

K = OrganisationKind

GRANT = "Grant agreement 101074444, annex 1"

DK_TOML = f"""\
id = "hemp-2023"
extends = "cxc2"
title = "HEMP partnership grant 101074444"

[ceilings.DK]
value = "1000.00"
source = "{GRANT}"
confidence = "high"
note = "our grant pays less in Denmark"
"""

DK_JSON = {
    "id": "hemp-2023",
    "extends": "cxc2",
    "title": "HEMP partnership grant 101074444",
    "ceilings": {
        "DK": {
            "value": "1000.00",
            "source": GRANT,
            "confidence": "high",
            "note": "our grant pays less in Denmark",
        }
    },
}

#: Fields a custom generation may legitimately change without overriding a value.
_IDENTITY = {"id", "title", "extends"}


def _fields_equal_except(a: Generation, b: Generation, changed: set[str]) -> None:
    for field in attrs.fields(Generation):
        name = field.name
        if name.startswith("_") or name in changed | _IDENTITY:
            continue
        assert getattr(a, name) == getattr(b, name), name


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(document: Any, **kwargs: Any) -> list[tuple[str | None, str]]:
    with pytest.raises(InvalidGenerationError) as caught:
        parse_generation(document, **kwargs)
    return [(p.path, p.message) for p in caught.value.problems]


def _with(**overrides: Any) -> dict[str, Any]:
    return {"id": "mine", "extends": "cxc2", **overrides}


def _sourced(value: Any) -> dict[str, Any]:
    return {"value": value, "source": GRANT}


# ---------------------------------------------------------------------------------------------
# Worked examples: one ceiling changed, everything else is cxc2's


def _check_dk_override(generation: Generation, cxc2: Generation) -> None:
    assert generation.id == "hemp-2023"
    assert generation.title == "HEMP partnership grant 101074444"
    assert generation.extends == "cxc2"
    dk = generation.ceiling("DK")
    assert dk is not None
    assert dk.amount == Decimal("1000.00")
    assert dk.provenance.source == GRANT
    assert dk.provenance.confidence is Confidence.HIGH
    assert dk.provenance.note == "our grant pays less in Denmark"
    for ceiling in cxc2.ceilings:
        if ceiling.country != "DK":
            assert generation.ceiling(ceiling.country) == ceiling
    assert len(generation.ceilings) == len(cxc2.ceilings)
    _fields_equal_except(generation, cxc2, {"ceilings"})


def test_toml_file_changing_one_ceiling(tmp_path: Path, cxc2: Generation) -> None:
    path = _write(tmp_path, "hemp.toml", DK_TOML)
    _check_dk_override(load_generation(path), cxc2)


def test_json_file_changing_one_ceiling(tmp_path: Path, cxc2: Generation) -> None:
    path = _write(tmp_path, "hemp.json", json.dumps(DK_JSON))
    _check_dk_override(load_generation(str(path)), cxc2)


def test_json_with_a_byte_order_mark(tmp_path: Path, cxc2: Generation) -> None:
    path = tmp_path / "hemp.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(DK_JSON).encode())
    _check_dk_override(load_generation(path), cxc2)


def test_the_shipped_generation_is_unchanged(tmp_path: Path, cxc2: Generation) -> None:
    load_generation(_write(tmp_path, "hemp.toml", DK_TOML))
    assert get_generation("cxc2").ceiling("DK").amount == Decimal(1100)  # type: ignore[union-attr]
    assert get_generation("cxc2") == cxc2


def test_extending_cxc1(cxc1: Generation) -> None:
    generation = parse_generation(
        {"id": "pilot-x", "extends": "cxc1", "cap": _sourced("1000")}
        | {"ceilings": {"DK": {"value": 1000, "source": GRANT}}}
    )
    assert generation.extends == "cxc1"
    assert generation.cap.value == Decimal(1000)
    _fields_equal_except(generation, cxc1, {"cap", "ceilings"})


def test_default_title_and_confidence() -> None:
    generation = parse_generation(_with(cap=_sourced("1000"), ceilings={"DK": _sourced("900")}))
    assert generation.title == "mine (extends cxc2)"
    assert generation.cap.provenance.confidence is Confidence.MEDIUM
    assert generation.cap.provenance.note == ""


def test_nothing_overridden_is_the_base_under_a_new_id(cxc2: Generation) -> None:
    generation = parse_generation({"id": "copy", "extends": "cxc2"})
    assert generation.id == "copy"
    _fields_equal_except(generation, cxc2, set())


def test_extends_is_case_insensitive_for_shipped_ids() -> None:
    assert parse_generation({"id": "x", "extends": "CXC2"}).extends == "cxc2"


def test_bases_may_be_given(cxc1: Generation) -> None:
    generation = parse_generation({"id": "x", "extends": "base"}, bases={"base": cxc1})
    assert generation.extends == "cxc1"
    assert generation.period == cxc1.period


def test_a_custom_generation_may_extend_a_custom_one(tmp_path: Path) -> None:
    first = load_generation(_write(tmp_path, "hemp.toml", DK_TOML))
    second = parse_generation(
        {"id": "hemp-2024", "extends": "hemp-2023", "payment_days": _sourced(20)},
        bases={"hemp-2023": first},
    )
    assert second.extends == "hemp-2023"
    assert second.ceiling("DK") == first.ceiling("DK")
    assert second.payment_days.value == 20


# ---------------------------------------------------------------------------------------------
# Every kind of override

_SCALAR_CASES: list[tuple[str, object, object]] = [
    ("programme", "Horizon Europe", "Horizon Europe"),
    ("cap", "1000", Decimal(1000)),
    ("cap", 1050, Decimal(1050)),
    ("visitor_kinds", ["sme", "cluster_organisation"], {K.SME, K.CLUSTER_ORGANISATION}),
    ("host_kinds", ["large_company"], {K.LARGE_COMPANY}),
    ("contested_visitor_kinds", [], frozenset()),
    ("member_kinds", ["sme"], {K.SME}),
    ("eccp_kinds", [], frozenset()),
    ("non_member_sme_host", True, True),
    ("min_working_days", 2, 2),
    ("max_calendar_days", 45, 45),
    ("short_stay_days", 4, 4),
    ("short_distance_km", "150", Decimal(150)),
    ("distance_requisite", False, False),
    ("reduction_factor", "0.6", Decimal("0.6")),
    ("virtual_allowed", True, True),
    ("visits_per_visitor", 2, 2),
    ("residence_days", 90, 90),
    ("payment_days", 30, 30),
    ("it_tool_id_pattern", "EG[0-9]{4}", "EG[0-9]{4}"),
]


@pytest.mark.parametrize(("name", "raw", "expected"), _SCALAR_CASES)
def test_scalar_override(name: str, raw: object, expected: object, cxc2: Generation) -> None:
    document = _with(**{name: {"value": raw, "source": GRANT, "confidence": "low", "note": "n"}})
    if name == "cap":
        document["ceilings"] = {"DK": _sourced("900")}
    generation = parse_generation(document)
    sourced = getattr(generation, name)
    assert sourced.value == expected
    assert sourced.provenance.source == GRANT
    assert sourced.provenance.confidence is Confidence.LOW
    assert sourced.provenance.note == "n"
    _fields_equal_except(generation, cxc2, {name, "ceilings"} if name == "cap" else {name})


def test_period_override(cxc2: Generation) -> None:
    generation = parse_generation(
        _with(period={"start": "2022-03-01", "end": dt.date(2024, 6, 30), "source": GRANT})
    )
    assert generation.period.value == Period(start=dt.date(2022, 3, 1), end=dt.date(2024, 6, 30))
    assert generation.period.provenance.source == GRANT
    _fields_equal_except(generation, cxc2, {"period"})


def test_ceiling_added_and_removed(cxc2: Generation) -> None:
    generation = parse_generation(
        _with(
            ceilings={
                "United Kingdom": _sourced("800"),
                "EL": {"remove": True, "source": GRANT},
            }
        )
    )
    uk = generation.ceiling("GB")
    assert uk is not None
    assert uk.amount == Decimal(800)
    assert generation.ceiling("GR") is None
    assert len(generation.ceilings) == len(cxc2.ceilings)


def test_country_added_changed_and_removed(cxc2: Generation) -> None:
    generation = parse_generation(
        _with(
            countries={
                "NO": {"joined": "2021-01-01", "source": GRANT},
                "Kosovo": {"joined": dt.date(2018, 1, 1), "source": GRANT, "note": "our reading"},
                "UK": {"remove": True, "source": GRANT},
                "IS": {"source": GRANT},
            }
        )
    )
    norway = generation.participation("NO")
    assert norway is not None
    assert norway.joined == dt.date(2021, 1, 1)
    kosovo = generation.participation("XK")
    assert kosovo is not None
    assert kosovo.joined == dt.date(2018, 1, 1)
    assert kosovo.provenance.note == "our reading"
    assert generation.participation("GB") is None
    iceland = generation.participation("IS")
    assert iceland is not None
    assert iceland.joined is None
    assert iceland.provenance.source == GRANT
    assert len(generation.countries) == len(cxc2.countries)
    assert generation.ceilings == cxc2.ceilings


def test_currency_override() -> None:
    assert parse_generation(_with(currency="chf")).currency == "CHF"


# ---------------------------------------------------------------------------------------------
# Malformed documents: every problem, with its path


def test_override_without_source() -> None:
    problems = _problems(_with(ceilings={"DK": {"value": "1000"}}))
    assert problems == [("$.ceilings.DK.source", "every override needs its own source")]


def test_scalar_without_source() -> None:
    assert _problems(_with(cap={"value": "1000"})) == [
        ("$.cap.source", "every override needs its own source")
    ]


def test_period_without_source() -> None:
    problems = _problems(_with(period={"start": "2022-01-01", "end": "2023-01-01"}))
    assert problems == [("$.period.source", "every override needs its own source")]


def test_country_without_source() -> None:
    problems = _problems(_with(countries={"NO": {"joined": "2021-01-01"}}))
    assert problems == [("$.countries.NO.source", "every override needs its own source")]


def test_unknown_top_level_key() -> None:
    (problem,) = _problems(_with(ceiling={"DK": _sourced("1")}))
    assert problem[0] == "$.ceiling"
    assert problem[1].startswith("unknown key 'ceiling': expected one of ")
    assert "ceilings" in problem[1]


def test_unknown_key_inside_an_override() -> None:
    (problem,) = _problems(_with(cap={"value": "1000", "source": GRANT, "valeu": 2}))
    assert problem[0] == "$.cap.valeu"
    assert "unknown key 'valeu'" in problem[1]


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("cap", "lots", "expected a number"),
        ("cap", 1000.5, "not floats"),
        ("cap", "-1", "expected an amount >= 0"),
        ("min_working_days", "3", "expected a whole number"),
        ("min_working_days", True, "expected a whole number"),
        ("min_working_days", -1, "expected a number >= 0"),
        ("virtual_allowed", "yes", "expected true or false"),
        ("programme", "  ", "expected non-empty text"),
        ("visitor_kinds", "sme", "expected a list of organisation kinds"),
        ("visitor_kinds", ["smes"], "expected organisation kinds among"),
        ("reduction_factor", "1.5", "a reduction factor is from 0 to 1"),
        ("it_tool_id_pattern", "EG[", "not a regular expression"),
    ],
)
def test_bad_scalar_value(name: str, raw: object, message: str) -> None:
    (problem,) = _problems(_with(**{name: _sourced(raw)}))
    assert problem[0] == f"$.{name}.value"
    assert message in problem[1]


def test_scalar_without_value() -> None:
    assert _problems(_with(cap={"source": GRANT})) == [("$.cap.value", "missing value")]


def test_scalar_that_is_not_a_table() -> None:
    (problem,) = _problems(_with(cap="1000"))
    assert problem == ("$.cap", "expected a table with value and source, got '1000'")


@pytest.mark.parametrize(
    "provenance",
    [{"source": ""}, {"source": 3}, {"source": GRANT, "confidence": "certain"}],
)
def test_bad_provenance(provenance: dict[str, Any]) -> None:
    (problem,) = _problems(_with(cap={"value": "1000", **provenance}))
    assert problem[0] == "$.cap"
    assert "confidence one of high, medium, low" in problem[1]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"start": "2023-13-01", "end": "2024-01-01"}, "expected an ISO date"),
        ({"start": "2024-01-01", "end": "2023-01-01"}, "cannot end"),
        ({"end": "2023-01-01"}, "expected an ISO date"),
        ({"start": dt.datetime(2023, 1, 1), "end": "2023-01-01"}, "a date and time"),
        ({"start": 20230101, "end": "2023-01-01"}, "expected an ISO date"),
    ],
)
def test_bad_period(period: dict[str, Any], message: str) -> None:
    (problem,) = _problems(_with(period={**period, "source": GRANT}))
    assert problem[0] == "$.period"
    assert message in problem[1]


def test_period_that_is_not_a_table() -> None:
    assert _problems(_with(period="2022"))[0][0] == "$.period"


@pytest.mark.parametrize(
    ("ceilings", "path", "message"),
    [
        ({"XX": _sourced("1")}, "$.ceilings.XX", "unknown country 'XX'"),
        ({"DK": "1000"}, "$.ceilings.DK", "expected a table"),
        ({"DK": _sourced("abc")}, "$.ceilings.DK.value", "expected a number"),
        ({"DK": {"source": GRANT}}, "$.ceilings.DK.value", "expected a number"),
        ({"DK": _sourced(1000.0)}, "$.ceilings.DK.value", "not floats"),
        ({"DK": {**_sourced("1"), "amount": 1}}, "$.ceilings.DK.amount", "unknown key"),
    ],
)
def test_bad_ceiling(ceilings: dict[str, Any], path: str, message: str) -> None:
    (problem,) = _problems(_with(ceilings=ceilings))
    assert problem[0] == path
    assert message in problem[1]


def test_ceilings_that_are_not_a_table() -> None:
    assert _problems(_with(ceilings=["DK"]))[0][0] == "$.ceilings"


def test_a_ceiling_above_the_cap() -> None:
    (problem,) = _problems(_with(ceilings={"DK": _sourced("2000")}))
    assert problem[0] == "$"
    assert "above the cap" in problem[1]


@pytest.mark.parametrize(
    ("countries", "path", "message"),
    [
        ({"Atlantis": {"source": GRANT}}, "$.countries.Atlantis", "unknown country"),
        ({"NO": True}, "$.countries.NO", "expected a table"),
        ({"NO": {"joined": "soon", "source": GRANT}}, "$.countries.NO.joined", "ISO date"),
        ({"NO": {"source": GRANT, "since": 1}}, "$.countries.NO.since", "unknown key"),
    ],
)
def test_bad_country(countries: dict[str, Any], path: str, message: str) -> None:
    (problem,) = _problems(_with(countries=countries))
    assert problem[0] == path
    assert message in problem[1]


def test_countries_that_are_not_a_table() -> None:
    assert _problems(_with(countries="NO"))[0][0] == "$.countries"


@pytest.mark.parametrize("generation_id", [None, "", "  ", 3])
def test_missing_or_bad_id(generation_id: object) -> None:
    document: dict[str, Any] = {"extends": "cxc2"}
    if generation_id is not None:
        document["id"] = generation_id
    assert _problems(document) == [("$.id", "a custom generation needs a non-empty id")]


def test_bad_title_and_currency() -> None:
    problems = _problems(_with(title=3, currency="euro"))
    assert problems == [
        ("$.title", "expected text"),
        ("$.currency", "expected an ISO 4217 currency code, got 'euro'"),
    ]


def test_unknown_base() -> None:
    (problem,) = _problems({"id": "x", "extends": "cxc9"})
    assert problem == ("$.extends", "unknown generation 'cxc9' (known: cxc1, cxc2)")


def test_unknown_base_among_given_bases(cxc1: Generation) -> None:
    (problem,) = _problems({"id": "x", "extends": "cxc2"}, bases={"pilot": cxc1})
    assert problem == ("$.extends", "unknown generation 'cxc2' (known: pilot)")


@pytest.mark.parametrize("extends", [None, 2, ["cxc2"]])
def test_missing_base(extends: object) -> None:
    document: dict[str, Any] = {"id": "x"}
    if extends is not None:
        document["extends"] = extends
    (problem,) = _problems(document)
    assert problem == ("$.extends", "extends must name a generation (cxc1, cxc2)")


def test_missing_base_keeps_earlier_problems() -> None:
    problems = _problems({"extends": 2, "colour": "red"})
    assert [path for path, _ in problems] == ["$.colour", "$.id", "$.extends"]


def test_every_problem_is_reported_at_once() -> None:
    problems = _problems(
        _with(
            cap={"value": "x"},
            payment_days=_sourced(-3),
            ceilings={"DK": {"value": "1"}, "XX": _sourced("1")},
            colour="red",
        )
    )
    paths = [path for path, _ in problems]
    assert paths == [
        "$.colour",
        "$.cap.source",
        "$.cap.value",
        "$.payment_days.value",
        "$.ceilings.DK.source",
        "$.ceilings.XX",
    ]


@pytest.mark.parametrize("document", [[], "cxc2", 3, None])
def test_document_that_is_not_a_table(document: object) -> None:
    assert _problems(document) == [("$", "expected a table at the top")]


def test_problems_name_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "grant.toml", 'id = "x"\nextends = "cxc2"\n[cap]\nvalue = "1000"\n')
    with pytest.raises(InvalidGenerationError) as caught:
        load_generation(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.path == "$.cap.source"
    assert str(path) in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, ClusterXchangeError)


# ---------------------------------------------------------------------------------------------
# Files that cannot be used at all


def _file_error(path: Path) -> str:
    with pytest.raises(InvalidFileError) as caught:
        load_generation(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert str(path) in str(caught.value)
    return problem.message


def test_missing_file(tmp_path: Path) -> None:
    message = _file_error(tmp_path / "nowhere.toml")
    assert message.startswith("cannot read the file: ")


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    assert _file_error(tmp_path).startswith("cannot read the file: ")


def test_bad_toml(tmp_path: Path) -> None:
    path = _write(tmp_path, "grant.toml", 'id = "x"\nextends = \n')
    assert _file_error(path).startswith("not valid TOML: ")


def test_bad_json(tmp_path: Path) -> None:
    path = _write(tmp_path, "grant.json", '{"id": "x", ')
    assert _file_error(path).startswith("not valid JSON: ")


def test_json_read_as_toml_by_its_suffix(tmp_path: Path) -> None:
    path = _write(tmp_path, "grant.txt", json.dumps(DK_JSON))
    assert _file_error(path).startswith("not valid TOML: ")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "grant.toml"
    path.write_bytes(b'id = "\xff\xfe"\n')
    assert _file_error(path) == "not UTF-8 text"


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    message = _file_error(path)
    assert message.startswith("not valid JSON")


def test_json_that_is_not_an_object(tmp_path: Path) -> None:
    path = _write(tmp_path, "list.json", "[1, 2]")
    with pytest.raises(InvalidGenerationError, match="expected a table at the top"):
        load_generation(path)


# ---------------------------------------------------------------------------------------------
# Properties

_INT_FIELDS = [
    "min_working_days",
    "max_calendar_days",
    "short_stay_days",
    "visits_per_visitor",
    "residence_days",
    "payment_days",
]
_CEILING_COUNTRIES = sorted(c.country for c in get_generation("cxc2").ceilings)


@given(st.sampled_from(_INT_FIELDS), st.integers(min_value=0, max_value=10_000))
def test_one_whole_number_override_changes_only_that_value(name: str, value: int) -> None:
    cxc2 = get_generation("cxc2")
    generation = parse_generation(_with(**{name: _sourced(value)}))
    assert getattr(generation, name).value == value
    _fields_equal_except(generation, cxc2, {name})


@given(
    st.sampled_from(_CEILING_COUNTRIES),
    st.decimals(min_value=0, max_value=1100, places=2, allow_nan=False, allow_infinity=False),
)
def test_one_ceiling_override_changes_only_that_ceiling(code: str, amount: Decimal) -> None:
    cxc2 = get_generation("cxc2")
    generation = parse_generation(_with(ceilings={code: _sourced(str(amount))}))
    changed = generation.ceiling(code)
    assert changed is not None
    assert changed.amount == amount
    for ceiling in cxc2.ceilings:
        if ceiling.country != code:
            assert generation.ceiling(ceiling.country) == ceiling
    _fields_equal_except(generation, cxc2, {"ceilings"})


_JUNK: Callable[[], st.SearchStrategy[Any]] = lambda: st.recursive(  # noqa: E731
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.floats(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@given(st.dictionaries(st.sampled_from(["id", "extends", "cap", "ceilings", "period"]), _JUNK()))
def test_junk_documents_raise_only_invalid_generation(document: dict[str, Any]) -> None:
    problems: tuple[Problem, ...] = ()
    try:
        generation = parse_generation(document)
    except InvalidGenerationError as error:
        problems = error.problems
    else:
        assert isinstance(generation, Generation)
        return
    assert problems
    assert all(p.path and p.path.startswith("$") for p in problems)
