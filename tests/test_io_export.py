"""Spreadsheet-safe export: formula neutralisation, write_table, and exchange round trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import InvalidFileError, InvalidValueError
from clusterxchange.io import (
    EXCHANGE_COLUMNS,
    FORMULA_TRIGGERS,
    cell_text,
    neutralise_cell,
    read_exchanges,
    read_exchanges_csv,
    read_exchanges_json,
    write_exchanges,
    write_table,
)
from clusterxchange.io._export import write_csv_lines
from clusterxchange.io._labels import NOT_RECORDED
from clusterxchange.model import (
    Exchange,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Relation,
    Status,
)
from clusterxchange.model.serialization import to_json

HYPERLINK = '=HYPERLINK("http://x","y")'


# -- neutralise_cell -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1+1", "'  =1+1"),
        ("\u00a0@x", "'\u00a0@x"),
        ("＝1+1", "'＝1+1"),
        ("－5", "'－5"),
        ("Aero Lda", "Aero Lda"),
        ("a=b", "a=b"),
        ("'=already", "'=already"),
        ("   ", "   "),
        ("", ""),
        ("#N/A", "#N/A"),
    ],
)
def test_neutralise_cell(text: str, safe: str) -> None:
    assert neutralise_cell(text) == safe


@given(st.text(max_size=20))
def test_neutralised_text_never_starts_a_formula_and_keeps_everything(text: str) -> None:
    safe = neutralise_cell(text)
    assert safe in (text, "'" + text)
    assert not safe.lstrip() or safe.lstrip()[0] not in FORMULA_TRIGGERS
    first = text[:1]
    first_shown = text.lstrip()[:1]
    if first not in FORMULA_TRIGGERS and first_shown not in FORMULA_TRIGGERS:
        assert safe == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("-5", "'-5"),
        (-5, "-5"),
        (2.5, "2.5"),
        (float("-inf"), "'-inf"),
        (Decimal("830.00"), "830.00"),
        (Decimal("-1E+2"), "-100"),
        (Decimal("NaN"), "NaN"),
        (dt.date(2023, 3, 6), "2023-03-06"),
        (dt.datetime(2023, 3, 6, 9, 30), "2023-03-06T09:30:00"),
        (Status.AWAITING_FINAL_REPORT, "awaiting_final_report"),
        (True, "true"),
        (False, "false"),
        (Path("=x"), "'=x"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


# -- write_table -----------------------------------------------------------------------------


def written(header: list[str], rows: list[list[object]], **options: object) -> str:
    out = io.StringIO()
    write_table(out, header, rows, **options)  # type: ignore[arg-type]
    return out.getvalue()


def test_a_visitor_named_like_a_formula_comes_back_neutralised() -> None:
    table = read_exchanges_csv(io.StringIO(
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind\n"
        f'Hamburg Aviation,DE,cluster,"{HYPERLINK.replace(chr(34), chr(34) * 2)}",PT,SME\n'
    ))  # fmt: skip
    assert table.exchanges[0].visitor.name == HYPERLINK
    out = io.StringIO()
    write_exchanges(out, table.exchanges)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1][EXCHANGE_COLUMNS.index("visitor")] == "'" + HYPERLINK
    assert all(not cell.startswith(tuple(FORMULA_TRIGGERS)) for row in rows for cell in row)


def test_csv_is_rfc4180_with_numbers_as_numbers() -> None:
    text = written(["name", "days", "sum"], [["Aero, Lda", -5, Decimal("415.00")], [None, 0, None]])
    assert text == 'name,days,sum\r\n"Aero, Lda",-5,415.00\r\n,0,\r\n'


def test_a_byte_order_mark_for_excel(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(path, ["visitor"], [["Åbo"]], bom=True)
    assert path.read_bytes() == b"\xef\xbb\xbfvisitor\r\n\xc3\x85bo\r\n"
    assert written(["a"], [], bom=True) == "\ufeffa\r\n"


@given(st.lists(st.lists(st.text(max_size=12), min_size=2, max_size=2), max_size=8))
def test_csv_round_trip_keeps_every_cell_not_neutralised(rows: list[list[str]]) -> None:
    text = written(["a", "b"], rows)  # type: ignore[arg-type]
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["a", "b"]
    for row, read in zip(rows, back[1:], strict=True):
        for cell, cell_back in zip(row, read, strict=True):
            assert cell_back == (cell if neutralise_cell(cell) == cell else "'" + cell)


def test_bad_arguments() -> None:
    with pytest.raises(InvalidValueError, match="unknown table format"):
        written(["a"], [], format="ods")
    with pytest.raises(InvalidValueError, match="binary stream"):
        write_table(io.StringIO(), ["a"], [], format="xlsx")
    with pytest.raises(InvalidValueError, match="text stream"):
        write_table(io.BytesIO(), ["a"], [])
    with pytest.raises(InvalidValueError, match="expected a path or a stream"):
        write_table(42, ["a"], [])  # type: ignore[arg-type]


def test_an_unwritable_path(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="cannot write the file"):
        write_table(tmp_path / "missing" / "out.csv", ["a"], [["x"]])
    with pytest.raises(InvalidFileError, match="cannot write the file"):
        write_table(tmp_path / "missing" / "out.xlsx", ["a"], [["x"]], format="xlsx")


# -- exchanges round trip through CSV --------------------------------------------------------

# Names as coordinators type them (accents, spaces, punctuation), none that a reader would
# read otherwise: no leading formula character, no ";" (the cluster separator), no word that
# means "no cluster" or "not recorded", no spreadsheet error value.
SAFE_NAMES = (
    st.text(st.sampled_from("aZéÅßkŁ9 .,'&()/-"), min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda n: bool(n) and neutralise_cell(n) == n and n.casefold() not in NOT_RECORDED)
)
DAYS = st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31))


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    located = draw(st.booleans())
    return Organisation(
        name=draw(SAFE_NAMES),
        country=draw(st.sampled_from(["DE", "PT", "GR", "XK", "FR", "GB"])),
        kind=draw(st.sampled_from(OrganisationKind)),
        pic=draw(st.none() | st.from_regex(r"[89]\d{8}", fullmatch=True)),
        clusters=draw(st.none() | st.lists(SAFE_NAMES, max_size=3, unique=True)),
        location=Location(
            latitude=draw(st.floats(-90, 90)), longitude=draw(st.floats(-180, 180))
        ) if located else None,
    )  # fmt: skip


@st.composite
def exchanges(draw: st.DrawFn) -> Exchange:
    start = draw(st.none() | DAYS)
    end = None if start is None else start + dt.timedelta(days=draw(st.integers(0, 40)))
    text = st.none() | SAFE_NAMES
    return Exchange(
        host=draw(organisations()), visitor=draw(organisations()), id=draw(text),
        host_partnership=draw(text), visitor_partnership=draw(text), start=start, end=end,
        working_days=draw(st.none() | st.integers(0, 40)), mode=draw(st.sampled_from(Mode)),
        status=draw(st.sampled_from(Status)), event=draw(text),
        relation=draw(st.none() | st.sampled_from(Relation)),
        distance_km=draw(st.none() | st.floats(0, 5000)), prior_approval=draw(text),
        remarks=draw(text), generation=draw(st.none() | st.sampled_from(["cxc1", "cxc2"])),
    )  # fmt: skip


@given(st.lists(exchanges(), max_size=4))
def test_exchanges_round_trip_through_csv(items: list[Exchange]) -> None:
    out = io.StringIO()
    write_exchanges(out, items)
    table = read_exchanges_csv(io.StringIO(out.getvalue()))
    assert table.errors == ()
    assert table.exchanges == tuple(items)
    assert table.rows == tuple(range(2, 2 + len(items)))


@given(st.lists(exchanges(), max_size=4))
def test_exchanges_round_trip_through_the_models_json(items: list[Exchange]) -> None:
    # The model's own JSON nests the organisations: the JSON reader reads it as the table.
    document = "[" + ", ".join(to_json(item) for item in items) + "]"
    table = read_exchanges_json(io.StringIO(document))
    assert table.errors == ()
    assert table.exchanges == tuple(items)
    assert not [w for w in table.warnings if "ignored" in w.message]


def test_what_the_models_json_holds_beyond_the_table_is_reported() -> None:
    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    item = json.loads(to_json(Exchange(host=host, visitor=visitor)))
    item["visitor"]["figures"] = [{"year": 2022, "employees": 40}]
    item["payment"] = {"date": "2023-06-01", "amount": "830.00", "reference": "INV-7"}
    table = read_exchanges_json(io.StringIO(json.dumps({"exchanges": [item, item]})))
    assert table.errors == ()
    assert table.exchanges[0].payment is not None
    assert [(w.path, w.message) for w in table.warnings if "ignored" in w.message] == [
        ("$.exchanges[0].visitor.figures", "member 'visitor.figures' ignored (first in object "
         "1): no column of the exchange table holds it"),
        ("$.exchanges[0].payment.reference", "member 'payment.reference' ignored (first in "
         "object 1): no column of the exchange table holds it"),
    ]  # fmt: skip


def test_exchanges_round_trip_through_a_file(tmp_path: Path) -> None:
    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=[])
    exchange = Exchange(host=host, visitor=visitor, start=dt.date(2023, 3, 6), distance_km=0.5)
    path = tmp_path / "out.csv"
    write_exchanges(path, [exchange], bom=True)
    assert read_exchanges(path).exchanges == (exchange,)


def test_junk_given_to_the_writers() -> None:
    with pytest.raises(InvalidValueError, match="expected text to neutralise, got int"):
        neutralise_cell(5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="header: expected a sequence of cells, got str"):
        written("abc", [])  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="expected an iterable of rows, got int"):
        written(["a"], 5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="row 2: expected a sequence of cells, got int"):
        written(["a"], [["x"], 5])  # type: ignore[list-item]


def test_a_cell_that_cannot_be_utf8(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="cannot be written as UTF-8"):
        write_table(tmp_path / "out.csv", ["a"], [["\ud800"]])


def _reference_cell_text(value: object) -> str:
    """cell_text as the module documents it, one test after another (no dispatch by class)."""
    import enum
    import math

    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return neutralise_cell(str(value.value))
    if isinstance(value, str):
        return neutralise_cell(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else neutralise_cell(str(value))
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else neutralise_cell(str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise_cell(str(value))


class _Text(str):
    """A str subclass: not the fast path's exact class."""


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.text(alphabet=" \t\u3000\u00a0=+-@＝a1", max_size=4),
    st.builds(_Text, st.text(max_size=4)),
    st.integers(),
    st.booleans(),
    st.floats(),
    st.decimals(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(Status),
    st.sampled_from(Mode),
    st.builds(Path, st.text(min_size=1, max_size=4).filter(lambda t: "\x00" not in t)),
)


@given(st.lists(_CELLS, max_size=12))
def test_cell_text_is_the_documented_conversion_of_every_kind_of(values: list[object]) -> None:
    """The fast path by exact class gives what the documented tests in order give."""
    assert [cell_text(v) for v in values] == [_reference_cell_text(v) for v in values]


#: Cells whose text needs quoting, or almost does.
_QUOTED = st.text(alphabet=",\"\r\n ;a'", max_size=6)


@given(st.lists(st.lists(st.one_of(_CELLS, _QUOTED), max_size=5), max_size=5))
def test_csv_lines_are_what_the_csv_module_writes(lines: list[list[object]]) -> None:
    ours, theirs = io.StringIO(), io.StringIO()
    write_csv_lines(ours, lines)
    csv.writer(theirs).writerows(lines)
    assert ours.getvalue() == theirs.getvalue()


def test_csv_lines_read_back_as_the_cells_written() -> None:
    cells = ["Aero, Lda", 'say "hi"', "two\nlines", "", None, 5, "=1+1"]
    out = io.StringIO()
    write_csv_lines(out, [cells])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        "Aero, Lda", 'say "hi"', "two\nlines", "", "", "5", "=1+1",
    ]  # fmt: skip
