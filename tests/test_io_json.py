"""Reading exchange tables from JSON: the CSV's fields, typed values, paths in problems."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import InvalidFileError
from clusterxchange.io import ExchangeTable, canonical_column, read_exchanges, read_exchanges_json
from clusterxchange.model import Location, OrganisationKind, Status

BASE = {
    "host": "Hamburg Aviation",
    "host_country": "DE",
    "host_kind": "cluster_organisation",
    "visitor": "Aero Lda",
    "visitor_country": "PT",
    "visitor_kind": "sme",
}


def read(document: object) -> ExchangeTable:
    return read_exchanges_json(io.StringIO(json.dumps(document)), file="x.json")


def located(table: ExchangeTable) -> list[tuple[int | None, str | None, str | None]]:
    return [(p.row, p.column, p.path) for p in table.errors]


def test_an_array_of_exchanges_with_typed_values() -> None:
    table = read([
        {**BASE, "start": "2023-03-06", "end": "17/03/2023", "working_days": 10,
         "distance_km": 1800.5, "visitor_lat": 41.15, "visitor_lon": -8.61,
         "visitor_clusters": ["Pemas", "Tallinn Robotics"], "visitor_pic": 949123456,
         "status": "Completed"},
        {**BASE, "Visitor": "Braga Tech", "visitor": None,
         "Status": "Waiting for Final Activity Report"},
    ])  # fmt: skip
    assert table.errors == ()
    assert table.rows == (1, 2)
    first, second = table.exchanges
    assert (first.start, first.end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 17))
    assert first.working_days == 10
    assert first.distance_km == 1800.5
    assert first.visitor.location == Location(latitude=41.15, longitude=-8.61)
    assert [c.name for c in first.visitor.clusters or ()] == ["Pemas", "Tallinn Robotics"]
    assert first.visitor.pic == "949123456"
    assert second.visitor.name == "Braga Tech"
    assert second.status is Status.AWAITING_FINAL_REPORT


def test_an_object_with_an_exchanges_member() -> None:
    table = read({"partnership": "TIDEWAY", "exchanges": [BASE, {**BASE, "start": "2023-02-30"}]})
    assert table.rows == (1,)
    assert located(table) == [(2, "start", "$.exchanges[1].start")]
    assert table.warnings[0].message == "member 'partnership' ignored: only 'exchanges' is read"
    assert table.warnings[0].path == "$.partnership"


def test_each_bad_value_has_its_row_column_and_path() -> None:
    table = read([
        BASE,
        {**BASE, "working_days": 2.5, "visitor_kind": True},
        {**BASE, "host": ["Hamburg Aviation"], "visitor_lat": float("nan")},
        {**BASE, "distance_km": "far", "visitor_clusters": [1, 2]},
    ])  # fmt: skip
    assert located(table) == [
        (2, "visitor_kind", "$[1].visitor_kind"),
        (2, "working_days", "$[1].working_days"),
        (3, "host", "$[2].host"),
        (3, "visitor_lat", "$[2].visitor_lat"),
        (4, "distance_km", "$[3].distance_km"),
    ]
    messages = [p.message for p in table.errors]
    assert messages[0] == "expected text, found true"
    assert messages[2] == "expected text, found a list"
    assert table.rows == (1,)


def test_numbers_in_clusters_are_names() -> None:
    table = read([{**BASE, "visitor_clusters": [1, "Pemas"]}])
    assert [c.name for c in table.exchanges[0].visitor.clusters or ()] == ["1", "Pemas"]


def test_an_item_that_is_not_an_object_is_an_error_row() -> None:
    table = read([BASE, "Aero Lda", [1, 2], None, BASE])
    assert table.rows == (1, 5)
    assert located(table) == [(2, None, "$[1]"), (3, None, "$[2]"), (4, None, "$[3]")]
    assert table.errors[1].message == "expected an object with the exchange's fields, found a list"
    assert table.rows_read == 5


def test_an_empty_object_is_a_blank_row_skipped_with_a_warning() -> None:
    table = read([BASE, {}, {"host": " ", "remarks": None}])
    assert table.rows_read == 1
    assert [(w.row, w.message) for w in table.warnings if w.row] == [
        (2, "blank row skipped"),
        (3, "blank row skipped"),
    ]


def test_a_key_given_twice_is_an_error_not_a_silent_choice() -> None:
    text = '[{"host": "A", "host": "B", "host_country": "DE", "host_kind": "sme", ' \
        '"visitor": "C", "visitor_country": "PT", "visitor_kind": "sme"}]'  # fmt: skip
    table = read_exchanges_json(io.StringIO(text))
    assert located(table) == [(1, "host", "$[0].host")]
    assert "given more than once" in table.errors[0].message


def test_an_unknown_key_given_twice_is_only_unknown() -> None:
    text = json.dumps([{**BASE, "budget": 1}]).replace('"budget": 1', '"budget": 1, "budget": 2')
    table = read_exchanges_json(io.StringIO(text))
    assert table.errors == ()
    assert [w.column for w in table.warnings] == ["budget", "mode", "status"]


def test_two_spellings_of_one_column_in_one_object() -> None:
    table = read([{**BASE, "Host": "Other"}])
    assert located(table) == [(1, "host", "$[0].host")]
    assert read([{**BASE, "Host": ""}]).errors == ()


def test_unknown_keys_are_reported_once() -> None:
    table = read([{**BASE, "budget": 1}, {**BASE, "budget": 2}])
    assert [w.message for w in table.warnings if w.column == "budget"] == [
        "unknown column 'budget' ignored"
    ]


def test_an_empty_array_is_an_empty_table_with_a_warning() -> None:
    table = read([])
    assert (table.exchanges, table.rows_read) == ((), 0)
    assert table.warnings[0].message == "the array is empty: no exchanges"


def test_kinds_and_countries_by_label_and_name() -> None:
    table = read([{**BASE, "host_kind": "Technology centre", "visitor_country": "Grèce"}])
    assert table.exchanges[0].host.kind is OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION
    assert table.exchanges[0].visitor.country == "GR"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "the file is empty"),
        ("[{", "not valid JSON (line 1, column 3)"),
        ('{"rows": []}', "found an object without an 'exchanges' array"),
        ("42", "found int"),
        ('[{"name": "A"}]', "no object has a host or a visitor"),
        ('[{"host": "A"}]', "no object has a visitor"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_unusable_json_files(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(InvalidFileError) as caught:
        read_exchanges(path)
    assert words in str(caught.value)
    assert caught.value.problems[0].file == str(path)


def test_nan_and_infinity_are_bad_cells_not_crashes() -> None:
    text = json.dumps([{**BASE, "distance_km": 1.0}]).replace("1.0", "NaN")
    table = read_exchanges_json(io.StringIO(text))
    assert located(table) == [(1, "distance_km", "$[0].distance_km")]


JSON_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**12), st.floats(), st.text(max_size=10),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip
KEYS = st.sampled_from([*BASE, "start", "end", "working_days", "status", "mode", "relation",
                        "distance_km", "visitor_clusters", "visitor_lat", "visitor_lon",
                        "other"])  # fmt: skip


@given(st.lists(st.one_of(st.dictionaries(KEYS, JSON_VALUES, max_size=8),
                          st.builds(lambda changes: {**BASE, **changes},
                                    st.dictionaries(KEYS, JSON_VALUES, max_size=3)),
                          JSON_VALUES), min_size=1, max_size=12))  # fmt: skip
def test_no_object_is_lost_silently(items: list[object]) -> None:
    text = json.dumps(items)
    objects = [item for item in items if isinstance(item, dict)]
    # Keys are read as headers are ("VO" is the visitor organisation): compare their columns.
    present = {canonical_column(key) for item in objects for key in item}
    if objects and not ({"host", "visitor"} <= present):
        with pytest.raises(InvalidFileError, match="no object has"):
            read_exchanges_json(io.StringIO(text))
        return
    table = read_exchanges_json(io.StringIO(text))
    assert table.rows_read == len(table.exchanges) + len(table.error_rows())
    blank = sum(
        isinstance(item, dict)
        and all(v is None or (isinstance(v, str) and not v.strip()) for v in item.values())
        for item in items
    )
    assert table.rows_read == len(items) - blank
    assert list(table.rows) == sorted(table.rows)


def test_an_organisation_object_without_a_name_is_an_error_of_its_cell() -> None:
    table = read([BASE, {**BASE, "visitor": {"country": "PT"}}])
    assert table.rows == (1,)
    assert located(table) == [(2, "visitor", "$[1].visitor")]
