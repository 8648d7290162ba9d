"""Fuzzing of every reader: exchange tables (CSV, JSON, Excel), targets, generations, drafts.

Run by ``nox -s fuzz`` only (``HYPOTHESIS_PROFILE=fuzz``: 10,000 examples per test); the
default run does not collect this folder (see tests/conftest.py). Each reader gets structured
input (documents of the right shape with random bad values, tables with random bad cells,
merged cells, ragged rows) and unstructured input (random text and bytes). A reader must give
back a value or raise a :class:`~clusterxchange.model.errors.ClusterXchangeError`; a table reader's
value must account for every row it read. Whatever a generation file parses to must not crash
the rules that read it. A crash found here becomes an example in tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import zipfile
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import clusterxchange as cx
from clusterxchange.eligibility import check_exchange
from clusterxchange.generations import load_generation, parse_generation
from clusterxchange.io import (
    ExchangeTable,
    read_exchanges,
    read_exchanges_csv,
    read_exchanges_excel,
    read_exchanges_json,
)
from clusterxchange.io.migration import load_mapping, migrate, parse_mapping
from clusterxchange.kpi import load_targets, parse_targets
from clusterxchange.lifecycle.drafts import (
    GroupDraft,
    OrganisationDraft,
    complete_draft,
    load_draft,
    save_draft,
)
from clusterxchange.lifecycle.ids import is_tool_id
from clusterxchange.model.errors import ClusterXchangeError
from clusterxchange.money.pricing import quick_lump_sum
from clusterxchange.reports.budgets import payment_due

T = TypeVar("T")

#: Every fuzz test runs whole documents or workbooks per example.
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def survives(read: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Return what *read* returns, ``None`` if it refused the input with a library error."""
    try:
        return read(*args, **kwargs)
    except ClusterXchangeError:
        return None


def accounts_for_every_row(table: ExchangeTable | None) -> None:
    """Every row read is loaded or has an error, never both (no silent loss)."""
    if table is None:
        return
    loaded, failed = set(table.rows), set(table.error_rows())
    # A group row (visitor_count) loads as several exchanges that share its number.
    assert table.rows_read == len(loaded) + len(failed)
    assert not loaded & failed


# --------------------------------------------------------------------------------------------
# Junk values and cells
# --------------------------------------------------------------------------------------------

JUNK_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "€",
        "\u0410T",
        "\uff11\uff12",
        "\uff24\uff25",
        '=HYPERLINK("http://x","y")',
        "+1",
        "-1",
        "@SUM(A1)",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e999999",
        "1" + "0" * 400,
        "0",
        "0x1F",
        "1_000",
        "٣",  # an Arabic-Indic digit
        "2023-02-30",
        "9999-12-31",
        "0001-01-01",
        "31/31/2023",
        "06/03/2023",
        "2023-03-06T10:00:00",
        "Atlantis",
        "none",
        "#REF!",
        "#N/A",
        "true",
        "\x00",
        "\u200b",
        "\ufeff",
        "a\r\nb",
        '"',
        "'",
        ";",
        ",",
        "cxc2",
        "cxc9",
        "sme",
        "(",
        "[a-",
        "\\",
        "x" * 20_000,
    ]
)
TEXT = st.one_of(JUNK_TEXT, st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))

#: What a parsed TOML or JSON document may hold, beyond text.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**100, -(10**100), 2**63, -(2**63) - 1]),
    st.floats(),
    TEXT,
    st.dates(),
    st.datetimes(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def spoiled(draw: st.DrawFn, template: object, depth: int = 0) -> object:
    """Return *template* with random parts replaced, removed or added: a valid-ish document."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(VALUES)
    if isinstance(template, Mapping):
        result: dict[object, object] = {}
        for key, value in template.items():
            if draw(st.integers(0, 9)) == 0:
                continue  # a key left out
            result[key] = draw(spoiled(value, depth + 1))
        for _ in range(draw(st.integers(0, 1))):
            result[draw(TEXT)] = draw(VALUES)  # a key nobody expects
        return result
    if isinstance(template, list):
        items = [draw(spoiled(item, depth + 1)) for item in template]
        return items + draw(st.lists(VALUES, max_size=1))
    return template if choice > 2 else draw(SCALARS)


def toml_text(document: Mapping[object, object]) -> str:
    """Return *document* as TOML, every table inline (enough for fuzzing the readers)."""
    return "".join(f"{_key(k)} = {_toml_value(v)}\n" for k, v in document.items())


def _key(key: object) -> str:
    return json.dumps(str(key), ensure_ascii=True)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, Mapping):
        pairs = (f"{_key(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None)
        return "{" + ", ".join(pairs) + "}"
    return json.dumps(str(value), ensure_ascii=True)


def _json_default(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)


def json_text(document: object) -> str:
    """Return *document* as JSON (dates as ISO text; NaN and Infinity as Python writes them)."""
    return json.dumps(document, default=_json_default)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the files the file readers read (one file rewritten per example)."""
    return tmp_path_factory.mktemp("fuzz")


# --------------------------------------------------------------------------------------------
# Exchange tables
# --------------------------------------------------------------------------------------------

COLUMNS = [
    "id", "host", "host_country", "host_kind", "host_partnership", "visitor", "visitor_country",
    "visitor_kind", "visitor_partnership", "visitor_pic", "relation", "event", "start", "end",
    "working_days", "mode", "status", "distance_km", "host_lat", "host_lon", "visitor_lat",
    "visitor_lon", "generation", "remarks", "host_pic", "host_clusters", "visitor_clusters",
    "prior_approval",
]  # fmt: skip
HEADERS = st.one_of(
    st.sampled_from(COLUMNS),
    st.sampled_from(["Host", "VISITOR", " host country ", "Visitor-Kind", "Start date", ""]),
    TEXT,
)
GOOD_CELLS: dict[str, st.SearchStrategy[object]] = {
    "host": st.sampled_from(["Flanders Make", "Hamburg Aviation"]),
    "visitor": st.sampled_from(["Aero Lda", "Wattwerk GmbH"]),
    "host_country": st.sampled_from(["BE", "Germany", "EL", "XK", "UK"]),
    "visitor_country": st.sampled_from(["PT", "Danmark", "HU", "TR"]),
    "host_kind": st.sampled_from(["cluster", "Cluster organisation", "public authority"]),
    "visitor_kind": st.sampled_from(["sme", "Large company", "scaling-up support organisation"]),
    "start": st.dates().map(dt.date.isoformat),
    "end": st.dates().map(dt.date.isoformat),
    "working_days": st.integers(-5, 10**6).map(str),
    "distance_km": st.floats().map(str),
    "status": st.sampled_from(["Completed, but without the IT tool", "paid", "Cancelled"]),
    "host_clusters": st.sampled_from(["A; B", "none", ";", "A;;A"]),
}


def _cell(column: str) -> st.SearchStrategy[object]:
    good = GOOD_CELLS.get(column, TEXT)
    return st.one_of(good, good, TEXT)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    """Return (header, rows): host and visitor columns among others, ragged rows, bad cells."""
    header = draw(st.lists(HEADERS, max_size=8))
    header = draw(st.permutations(["host", "visitor", *header]))
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = [draw(_cell(name if isinstance(name, str) else "")) for name in header]
        cut = draw(st.integers(-2, 2))  # a row shorter or longer than the header
        rows.append(row[:cut] if cut < 0 else row + [draw(TEXT) for _ in range(cut)])
    return header, rows


@FUZZ
@given(
    tables(),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    st.sampled_from(["\r\n", "\n", "\r"]),
    st.sampled_from(["", "\ufeff", "\n\n", "title line\n"]),
)
def test_csv_tables(
    table: tuple[list[str], list[list[object]]],
    delimiter: str,
    quoting: int,
    line_end: str,
    before: str,
) -> None:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    accounts_for_every_row(survives(read_exchanges_csv, io.StringIO(before + out.getvalue())))


@FUZZ
@given(st.text())
def test_csv_text(text: str) -> None:
    accounts_for_every_row(survives(read_exchanges_csv, io.StringIO(text), file="fuzz.csv"))


@FUZZ
@given(
    data=st.one_of(
        st.binary(),
        st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text().map(lambda t: "host,visitor\n" + t).map(lambda t: t.encode("cp1252", "replace")),
        st.text().map(lambda t: t.encode("utf-16")),
    ),
    name=st.sampled_from(["fuzz.csv", "fuzz.tsv", "fuzz.txt", "fuzz.json", "fuzz.xlsx", "fuzz"]),
)
def test_table_bytes(data: bytes, name: str, folder: Path) -> None:
    path = folder / name
    path.write_bytes(data)
    accounts_for_every_row(survives(read_exchanges, path))


@FUZZ
@given(tables(), st.booleans(), st.lists(VALUES, max_size=2))
def test_json_tables(
    table: tuple[list[str], list[list[object]]], wrapped: bool, strays: list[object]
) -> None:
    header, rows = table
    objects: list[object] = [dict(zip(header, row, strict=False)) for row in rows]
    objects += strays
    document: object = {"exchanges": objects, "note": "x"} if wrapped else objects
    text = json_text(document)
    accounts_for_every_row(survives(read_exchanges_json, io.StringIO(text), file="fuzz.json"))


@FUZZ
@given(st.one_of(VALUES.map(json_text), st.text()))
def test_json_text(text: str) -> None:
    accounts_for_every_row(survives(read_exchanges_json, io.StringIO(text), file="fuzz.json"))


EXCEL_CELLS = st.one_of(
    TEXT.filter(lambda t: len(t) < 30_000),
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.sampled_from(["=1+1", '=HYPERLINK("http://x","y")', "#REF!", "#DIV/0!"]),
)


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """Return an .xlsx: sheets with title rows, a header, typed and bad cells, merged cells."""
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = openpyxl.Workbook()
    for number in range(draw(st.integers(1, 3))):
        sheet = book.active if number == 0 else book.create_sheet(f"Sheet {number}")
        lines: list[list[object]] = [[draw(EXCEL_CELLS)] for _ in range(draw(st.integers(0, 2)))]
        header, rows = draw(tables())
        for line in ([*header], *rows):
            lines.append([draw(EXCEL_CELLS) if draw(st.integers(0, 5)) == 0 else c for c in line])
        for cells in lines:
            try:
                sheet.append(cells)
            except (IllegalCharacterError, ValueError):
                sheet.append([None])  # what Excel cannot hold cannot be in a workbook either
        for _ in range(draw(st.integers(0, 2))):
            top, left = draw(st.integers(1, 8)), draw(st.integers(1, 8))
            bottom, right = top + draw(st.integers(0, 4)), left + draw(st.integers(0, 3))
            sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


@FUZZ
@given(workbooks(), st.one_of(st.none(), st.sampled_from(["Sheet", "Sheet 1", "nope"])))
def test_excel_workbooks(data: bytes, sheet: str | None) -> None:
    table = survives(read_exchanges_excel, io.BytesIO(data), sheet=sheet, file="fuzz.xlsx")
    accounts_for_every_row(table)


def _small_workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["host", "visitor", "host_country"])
    book.active.append(["Flanders Make", "Aero Lda", "BE"])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


#: Made once: a workbook saved twice differs (it records when), and examples must replay.
SMALL_WORKBOOK = _small_workbook()


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    """Return a small valid workbook with bytes flipped, cut, or a part replaced."""
    data = bytearray(SMALL_WORKBOOK)
    how = draw(st.integers(0, 2))
    if how == 0:
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        return bytes(data)
    if how == 1:
        return bytes(data[: draw(st.integers(0, len(data)))])
    parts = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as original, zipfile.ZipFile(parts, "w") as new:
        victim = draw(st.sampled_from(original.namelist()))
        for name in original.namelist():
            content = draw(st.binary(max_size=200)) if name == victim else original.read(name)
            new.writestr(name, content)
    return parts.getvalue()


@FUZZ
@given(st.one_of(damaged_workbooks(), st.binary().map(lambda b: b"PK\x03\x04" + b)))
def test_excel_bytes(data: bytes) -> None:
    accounts_for_every_row(survives(read_exchanges_excel, io.BytesIO(data), file="fuzz.xlsx"))


# --------------------------------------------------------------------------------------------
# Targets (TOML)
# --------------------------------------------------------------------------------------------

TARGETS = {
    "partnership": "TIDEWAY",
    "exchanges": 80,
    "outside_partnership": 20,
    "visitor_kind": {
        "cluster_organisation": 5,
        "sme": 40,
        "Scaling-up support organisation": 10,
        "large_company": 15,
        "public_authority": 10,
    },
}


@FUZZ
@given(spoiled(TARGETS))
def test_targets_documents(document: object) -> None:
    assume(isinstance(document, Mapping))
    targets = survives(parse_targets, document, file="targets.toml")
    if targets is not None:
        report = survives(cx.kpis, [], targets=targets)
        assert report is None or report.targets == targets


@FUZZ
@given(
    text=st.one_of(
        spoiled(TARGETS).filter(lambda d: isinstance(d, Mapping)).map(toml_text),
        spoiled(TARGETS).map(json_text),
        st.text(),
    ),
    name=st.sampled_from(["targets.toml", "targets.json"]),
)
def test_targets_files(text: str, name: str, folder: Path) -> None:
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    survives(load_targets, path)


# --------------------------------------------------------------------------------------------
# Custom generations (TOML or JSON)
# --------------------------------------------------------------------------------------------

GENERATION = {
    "id": "hemp-2023",
    "extends": "cxc2",
    "title": "HEMP partnership grant",
    "currency": "EUR",
    "programme": {"value": "COSME", "source": "grant"},
    "period": {"start": "2022-02-01", "end": "2024-03-31", "source": "grant"},
    "cap": {"value": "1000", "source": "grant", "confidence": "high", "note": "annex 1"},
    "ceilings": {
        "DK": {"value": "1000.00", "source": "grant"},
        "UK": {"value": "900", "source": "grant", "confidence": "low"},
        "BE": {"remove": True, "source": "grant"},
    },
    "countries": {
        "NO": {"joined": "2021-01-01", "source": "grant"},
        "DE": {"remove": True, "source": "grant"},
    },
    "visitor_kinds": {"value": ["sme", "cluster_organisation"], "source": "grant"},
    "min_working_days": {"value": 3, "source": "grant"},
    "max_calendar_days": {"value": 30, "source": "grant"},
    "short_stay_days": {"value": 5, "source": "grant"},
    "short_distance_km": {"value": "200", "source": "grant"},
    "reduction_factor": {"value": "0.5", "source": "grant"},
    "virtual_allowed": {"value": True, "source": "grant"},
    "payment_days": {"value": 10, "source": "grant"},
    "it_tool_id_pattern": {"value": "EG\\d{3}[A-Z]A\\d", "source": "grant"},
}

_HOST = cx.Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
_VISITOR = cx.Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
_EXCHANGES = (
    cx.Exchange(host=_HOST, visitor=_VISITOR, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 9)),
    cx.Exchange(
        host=cx.Organisation(name="Aarhus", country="DK", kind="sme", clusters=["A"]),
        visitor=_VISITOR,
        working_days=12,
        mode="virtual",
        distance_km=150,
        id="EG927FA8",
    ),
)


def _rules_survive(generation: cx.Generation) -> None:
    """Whatever a generation file parses to, the rules that read it do not crash."""
    for exchange in _EXCHANGES:
        survives(check_exchange, exchange, generation)
        survives(cx.lump_sum, exchange, generation)
        survives(payment_due, exchange, generation)
        survives(is_tool_id, exchange.id or "EG123AA1", generation)
    survives(quick_lump_sum, host_country="DK", working_days=4, generation=generation)
    survives(cx.budget, _EXCHANGES, generation)


@FUZZ
@given(spoiled(GENERATION))
def test_generation_documents(document: object) -> None:
    assume(isinstance(document, Mapping))
    generation = survives(parse_generation, document, file="mine.toml")
    if generation is not None:
        _rules_survive(generation)


@FUZZ
@given(
    text=st.one_of(
        spoiled(GENERATION).filter(lambda d: isinstance(d, Mapping)).map(toml_text),
        spoiled(GENERATION).map(json_text),
        st.text(),
    ),
    name=st.sampled_from(["mine.toml", "mine.json", "mine.txt"]),
)
def test_generation_files(text: str, name: str, folder: Path) -> None:
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    generation = survives(load_generation, path)
    if generation is not None:
        _rules_survive(generation)


# --------------------------------------------------------------------------------------------
# Drafts (JSON)
# --------------------------------------------------------------------------------------------


def _draft_template() -> dict[str, Any]:
    host = OrganisationDraft(
        name="Flanders Make",
        country="BE",
        kind="cluster_organisation",
        clusters=["A"],
        location=cx.Location(latitude=50.85, longitude=4.35),
    )
    draft = GroupDraft(
        host=host,
        event="Hydrogen days",
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 10),
        visitors=[OrganisationDraft(name="Aero Lda", country="PT"), OrganisationDraft()],
        remarks="first group",
    )
    out = io.StringIO()
    save_draft(draft, out)
    loaded: dict[str, Any] = json.loads(out.getvalue())
    return loaded


DRAFT = _draft_template()


@FUZZ
@given(st.one_of(spoiled(DRAFT).map(json_text), st.text()))
def test_drafts(text: str) -> None:
    draft = survives(load_draft, io.StringIO(text))
    if draft is not None:
        out = io.StringIO()
        save_draft(draft, out)  # what loads, saves
        assert load_draft(io.StringIO(out.getvalue())) == draft
        survives(complete_draft, draft)


# --------------------------------------------------------------------------------------------
# Migration mappings (TOML)
# --------------------------------------------------------------------------------------------

MAPPING = {
    "date_format": "%d.%m.%Y",
    "delimiter": ";",
    "encoding": "cp1252",
    "columns": {"Gast": "visitor", "Gastgeber": "host", "Land": "visitor_country"},
    "values": {"visitor_kind": {"KMU": "sme"}, "status": {"Abgeschlossen": "completed"}},
}


@FUZZ
@given(
    text=st.one_of(
        spoiled(MAPPING).filter(lambda d: isinstance(d, Mapping)).map(toml_text), st.text()
    )
)
def test_mappings(text: str, folder: Path) -> None:
    path = folder / "mapping.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    mapping = survives(load_mapping, path)
    if mapping is not None:
        export = folder / "export.csv"
        export.write_bytes("Gast;Gastgeber;Land\nAero Lda;Flanders Make;PT\n".encode("cp1252"))
        report = survives(migrate, export, mapping)
        assert report is None or report.records_read == len(report.imported) + len(report.refused)


@FUZZ
@given(spoiled(MAPPING))
def test_mapping_documents(document: object) -> None:
    assume(isinstance(document, Mapping))
    survives(parse_mapping, document)


def test_the_templates_are_valid() -> None:
    """The unspoiled documents parse: the fuzzing starts from valid shapes."""
    assert parse_targets(TARGETS).exchanges == 80
    assert parse_generation(GENERATION).ceiling("DK").amount == Decimal("1000.00")
    assert load_draft(io.StringIO(json_text(DRAFT))).event == "Hydrogen days"
    assert parse_mapping(MAPPING).delimiter == ";"
    assert parse_targets(dict(__import__("tomllib").loads(toml_text(TARGETS)))).exchanges == 80
