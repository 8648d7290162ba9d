"""No silent loss: every row a table reader reads is either loaded or reported as an error.

For each table reader (CSV, JSON, Excel, and the migration of another tool's export), over
generated tables whose rows are valid with a few random cells spoiled:

    rows read == rows written (blank rows aside) == rows loaded + rows with an error

and each row is in exactly one of the two groups. A row loads as one exchange, or as
``visitor_count`` exchanges sharing its number (a group row): the rows loaded are the distinct
numbers of ``table.rows``. A blank row is skipped with a warning that names it, which is not a
loss either.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange.io import (
    ExchangeTable,
    read_exchanges_csv,
    read_exchanges_excel,
    read_exchanges_json,
)
from clusterxchange.io._rows import SKIPPED
from clusterxchange.io.migration import ColumnMapping, migrate

# --------------------------------------------------------------------------------------------
# Generated tables: valid rows, a few cells spoiled
# --------------------------------------------------------------------------------------------

#: Readable text without surrogates or control characters (a control character is a
#: file-level problem for some readers, not a cell's).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)

#: Cells a coordinator gets wrong: blanks, confusables, formulas, impossible values.
BAD_CELLS = st.sampled_from(
    [
        "",
        "   ",
        "€",
        "\u0410T",
        "\uff11\uff12",
        '=HYPERLINK("http://x","y")',
        "nan",
        "-1",
        "1e999999",
        "2023-02-30",
        "31/31/2023",
        "Atlantis",
        "yes",
        "N/A",
        "#REF!",
    ]
)

DATES = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2024, 12, 31))

#: Valid cells of each column, written as partnerships write them.
VALID: dict[str, st.SearchStrategy[object]] = {
    "host": st.sampled_from(["Flanders Make", "Hamburg Aviation", "Körfez Marine Tech Cluster"]),
    "host_country": st.sampled_from(["BE", "Germany", "EL", "XK", "pt", "Türkiye"]),
    "host_kind": st.sampled_from(["cluster", "Cluster organisation", "SME", "public authority"]),
    "visitor": st.sampled_from(["Aero Lda", "Nordlicht Fab Lab e.V.", "Wattwerk GmbH"]),
    "visitor_country": st.sampled_from(["PT", "Denmark", "HU", "UK", "ES"]),
    "visitor_kind": st.sampled_from(["sme", "SME", "Scaling-up support organisation"]),
    "visitor_partnership": st.sampled_from(["TIDEWAY", "AERO"]),
    "relation": st.sampled_from(["Inside", "outside"]),
    "event": st.sampled_from(["Hydrogen days", "Aero week"]),
    "start": DATES.map(dt.date.isoformat),
    "end": DATES.map(dt.date.isoformat),
    "working_days": st.integers(0, 40).map(str),
    "mode": st.sampled_from(["physical", "Virtual"]),
    "status": st.sampled_from(
        ["Completed", "Waiting for Final Activity Report", "cancelled", "matched"]
    ),
    "distance_km": st.floats(0, 5000, allow_nan=False).map(lambda km: f"{km:.1f}"),
    "remarks": TEXT,
    "visitor_count": st.integers(1, 4).map(str),
}
CORE = ["host", "host_country", "host_kind", "visitor", "visitor_country", "visitor_kind"]
OPTIONAL = sorted(set(VALID) - set(CORE))


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[dict[str, object]]]:
    """Return (columns, rows): the core columns and some others, rows a few cells spoiled.

    Now and then a core column other than host and visitor is missing (every row is then an
    error); ``end`` follows ``start`` when both are there, so that most rows load.
    """
    core = [c for c in CORE if c in ("host", "visitor") or draw(st.integers(0, 9))]
    others = draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=len(OPTIONAL)))
    columns = draw(st.permutations([*core, *others]))
    rows: list[dict[str, object]] = []
    for _ in range(draw(st.integers(0, 6))):
        row = {column: draw(VALID[column]) for column in columns}
        start = draw(DATES)
        row["start"] = start.isoformat()
        row["end"] = (start + dt.timedelta(days=draw(st.integers(0, 30)))).isoformat()
        row = {column: row[column] for column in columns}
        for column in draw(st.lists(st.sampled_from(columns), unique=True, max_size=2)):
            row[column] = draw(st.one_of(BAD_CELLS, TEXT))
        rows.append(row)
    return list(columns), rows


def _blank(row: dict[str, object]) -> bool:
    return all(not str(value).strip() for value in row.values())


def _skipped(table: ExchangeTable) -> set[int]:
    """The rows the reader skipped as no exchange (totals, separators, section labels)."""
    return {p.row for p in table.warnings if p.row is not None and p.message.endswith(SKIPPED)}


def _assert_nothing_lost(
    table: ExchangeTable,
    rows_written: Sequence[int],
    not_exchanges: Sequence[int] = (),
    counts: Sequence[int] | None = None,
) -> None:
    """Every non-blank row written is loaded, an error, or skipped with a warning: one of them.

    The rows in *not_exchanges* (totals, separators) must be skipped. A spoiled row may be
    skipped too (a row left with only numbers and no host is a totals row), but only with a
    warning naming it; a skipped row is not counted as read. *counts*: the visitors each
    written row stands for, to check that a loaded row is exactly that many exchanges.
    """
    loaded, failed, skipped = set(table.rows), set(table.error_rows()), _skipped(table)
    assert set(not_exchanges) <= skipped
    assert table.rows_read == len(set(rows_written) - skipped)
    assert table.rows_read == len(loaded) + len(failed)
    assert len(table.rows) == len(table.exchanges)
    assert not loaded & failed
    assert not (loaded | failed) & skipped
    assert loaded | failed | skipped == set(rows_written)
    if counts is not None:
        expected = dict(zip(rows_written, counts, strict=True))
        assert all(table.rows.count(row) == expected[row] for row in loaded)


def _count(row: dict[str, object]) -> int:
    """The visitors a written row stands for: its visitor_count, else 1."""
    match = re.fullmatch(
        r"\+?(\d{1,9})(?:[.,]0*)?", str(row.get("visitor_count", "")).strip(), re.ASCII
    )
    return int(match[1]) if match and int(match[1]) >= 1 else 1


SLOW = settings(suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------
# One property per reader
# --------------------------------------------------------------------------------------------


#: Rows that are no exchange, as coordinators add them: where the host column is, and after.
NOT_EXCHANGES = st.sampled_from(
    [
        ["TOTAL", "", "=SUM(E2:E9)"],
        ["Summe", "12"],
        ["", "", "7", "=SUM(F2:F9)"],
        ["---", "---"],
        ["==========="],
        ["Completed exchanges"],
    ]
)


@st.composite
def with_other_rows(
    draw: st.DrawFn, table: tuple[list[str], list[dict[str, object]]]
) -> tuple[list[list[object]], list[int]]:
    """Return the table's cells in its column order with totals and separator rows put in,
    and the positions of those (0-based, among the data rows)."""
    columns, rows = table
    lines: list[list[object]] = [[row[c] for c in columns] for row in rows]
    inserted: list[int] = []
    host = columns.index("host")
    for other in draw(st.lists(NOT_EXCHANGES, max_size=3)):
        at = draw(st.integers(0, len(lines)))
        # A label in the first cell; a total from the host column on (past the header's last
        # column if need be, as a sum may stand right of the table).
        line: list[object] = [""] * len(columns)
        start = 0 if other[0] in ("===========", "Completed exchanges") else host
        line[start : start + len(other)] = other
        lines.insert(at, line)
        inserted = [i + (i >= at) for i in inserted] + [at]
    return lines, sorted(inserted)


@given(tables().flatmap(lambda t: st.tuples(st.just(t), with_other_rows(t))),
       st.sampled_from([",", ";", "\t"]), st.booleans())  # fmt: skip
def test_csv_loses_no_row(
    table: tuple[tuple[list[str], list[dict[str, object]]], tuple[list[list[object]], list[int]]],
    delimiter: str,
    quote_all: bool,
) -> None:
    (columns, _), (lines, others) = table
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting)
    writer.writerow(columns)
    writer.writerows(lines)
    result = read_exchanges_csv(io.StringIO(out.getvalue()), file="t.csv")
    # A CSV's first data row is row 2 (the header is row 1).
    numbered = [(n, line) for n, line in enumerate(lines, 2) if any(str(v).strip() for v in line)]
    written = [n for n, _ in numbered]
    counts = [_count(dict(zip(columns, line, strict=False))) for _, line in numbered]
    _assert_nothing_lost(result, written, [i + 2 for i in others], counts)


@given(tables(), st.lists(st.sampled_from([1, "text", None, [], [{}]]), max_size=2))
def test_json_loses_no_row(
    table: tuple[list[str], list[dict[str, object]]], strays: list[object]
) -> None:
    _, rows = table
    document: list[object] = [*rows, *strays]
    result = read_exchanges_json(io.StringIO(json.dumps(document)), file="t.json")
    # A JSON row is the object's 1-based position; a non-object item is read, and an error.
    written = [
        n for n, item in enumerate(document, 1) if not isinstance(item, dict) or not _blank(item)
    ]
    if not rows:
        # Without any object, nothing names a host: the array is read, each stray an error.
        assert result.exchanges == ()
    _assert_nothing_lost(result, written)


@SLOW
@given(tables().flatmap(lambda t: st.tuples(st.just(t), with_other_rows(t))), st.integers(0, 2))
def test_excel_loses_no_row(
    table: tuple[tuple[list[str], list[dict[str, object]]], tuple[list[list[object]], list[int]]],
    skip: int,
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    (columns, _), (lines, others) = table
    book = openpyxl.Workbook(write_only=True)  # several times faster to save
    sheet = book.create_sheet("exchanges")
    for _ in range(skip):  # title rows above the header move every row number down
        sheet.append([])
    sheet.append(columns)
    for line in lines:
        # Typed cells where Excel would have them: dates and whole numbers; "=SUM(...)" is a
        # formula (saved without its value, as a program writes it).
        sheet.append([_typed(value) for value in line])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    result = read_exchanges_excel(stream, file="t.xlsx")
    first = skip + 2
    numbered = [
        (n, line) for n, line in enumerate(lines, first) if any(str(v).strip() for v in line)
    ]
    written = [n for n, _ in numbered]
    counts = [_count(dict(zip(columns, line, strict=False))) for _, line in numbered]
    _assert_nothing_lost(result, written, [i + first for i in others], counts)


def _typed(value: object) -> object:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
        if value.isascii() and value.isdigit():
            return int(value)
    return value


#: The old tool's headers for our columns (German, as in docs/howto/migrate.md).
THEIR_HEADERS = {column: f"Spalte {column.replace('_', ' ').title()}" for column in VALID}


@SLOW
@given(table=tables())
def test_migration_loses_no_record(
    table: tuple[list[str], list[dict[str, object]]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    columns, rows = table
    folder: Path = tmp_path_factory.mktemp("migration")
    export = folder / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow([THEIR_HEADERS[c] for c in columns])
        writer.writerows([row[c] for c in columns] for row in rows)
    mapping = ColumnMapping(columns={THEIR_HEADERS[c]: c for c in columns}, delimiter=";")
    report = migrate(export, mapping)
    imported = {record.row for record in report.imported}
    refused = {record.row for record in report.refused}
    written = {n for n, row in enumerate(rows, 2) if not _blank(row)}
    assert report.records_read == len(written)
    # A group row (visitor_count) is imported as several records with its row number.
    assert report.records_read == len(imported) + len(report.refused)
    assert not imported & refused
    assert imported | refused == written
    assert all(record.problems for record in report.refused)
