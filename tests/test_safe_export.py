"""Safe export: no CSV or Excel file the library writes can run a formula in a spreadsheet.

A spreadsheet runs a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return. Every export (``check --format csv``, ``kpis --format csv``, budgets written with
``write_table``, migration reports, exchange tables in CSV and .xlsx) puts a ``'`` in front of
such text, so the cell shows its whole text and runs nothing; every other cell round-trips
exactly. The issue's "done when": a visitor named ``=HYPERLINK("http://x","y")`` comes back
from every export neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusterxchange as cx
from clusterxchange import cli
from clusterxchange.io import (
    FORMULA_TRIGGERS,
    neutralise_cell,
    read_exchanges,
    write_exchanges,
    write_table,
)
from clusterxchange.io.migration import ColumnMapping, migrate

HYPERLINK = '=HYPERLINK("http://x","y")'

#: Text a spreadsheet would run, one per trigger the issue names (and full-width forms).
FORMULAS = (HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1")

#: A number written as a number is no formula (``-5`` is minus five, not an expression).
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet would read *cell* (text read back from a CSV) as a formula."""
    if _NUMBER.fullmatch(cell):
        return False
    stripped = cell.lstrip(" ")
    return bool(stripped) and (cell[0] in FORMULA_TRIGGERS or stripped[0] in FORMULA_TRIGGERS)


def csv_cells(text: str) -> list[list[str]]:
    """Return the cells of a CSV text, as a spreadsheet reads them."""
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_safe(rows: Iterable[Sequence[str]], *, must_show: Iterable[str] = ()) -> None:
    """No cell runs as a formula, and each text of *must_show* is shown, neutralised."""
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if runs_as_formula(cell)]
    for text in must_show:
        assert neutralise_cell(text) in cells, text


# --------------------------------------------------------------------------------------------
# The unit: neutralise_cell and write_table
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_like_text_gets_a_quote_and_stays_readable(formula: str) -> None:
    assert neutralise_cell(formula) == "'" + formula
    assert not runs_as_formula(neutralise_cell(formula))


@pytest.mark.parametrize("text", ["Aero Lda", "", "a=b", "1+1", "'=quoted already", "€ 830"])
def test_other_text_is_unchanged(text: str) -> None:
    assert neutralise_cell(text) == text


CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=5), max_size=6))
def test_csv_round_trips_everything_but_formulas(rows: list[list[str]]) -> None:
    """Reading a written CSV back gives every cell, formula-like ones with a ``'`` in front."""
    width = max((len(row) for row in rows), default=1)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header = [f"c{i}" for i in range(width)]
    out = io.StringIO()
    write_table(out, header, rows)
    back = csv_cells(out.getvalue())
    assert back[0] == header
    assert back[1:] == [[neutralise_cell(cell) for cell in row] for row in rows]
    for written, row in zip(back[1:], rows, strict=True):
        for cell, text in zip(written, row, strict=True):
            assert not runs_as_formula(cell)
            assert cell == text or cell == "'" + text


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(CELL_TEXT, st.integers(-(10**9), 10**9)), min_size=1, max_size=6))
def test_xlsx_holds_text_as_text_and_numbers_as_numbers(cells: list[object]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    stream = io.BytesIO()
    write_table(stream, [f"c{i}" for i in range(len(cells))], [cells], format="xlsx")
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream, read_only=True).active
    written = list(next(sheet.iter_rows(min_row=2, max_row=2)))
    for cell, value in zip(written, cells, strict=True):
        assert cell.data_type != "f"  # never a formula
        if isinstance(value, int):
            assert cell.value == value
        else:
            # XML cannot hold most control characters (they become U+FFFD) and reads a carriage
            # return as a line feed: those are the only changes besides the quote. openpyxl
            # reads an empty text cell as no value.
            expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", neutralise_cell(value))
            expected = expected.replace("\r\n", "\n").replace("\r", "\n")
            assert (cell.value or "") == expected


# --------------------------------------------------------------------------------------------
# End to end: a table with formulas in its names, through every export
# --------------------------------------------------------------------------------------------

HEADER = [
    "id", "host", "host_country", "host_kind", "visitor", "visitor_country", "visitor_kind",
    "visitor_partnership", "event", "start", "end", "status", "remarks", "distance_km",
]  # fmt: skip
ROWS = [
    ["EG927FA8", "@SUM(A1)", "DE", "cluster", HYPERLINK, "PT", "SME", "=1+1", "+event",
     "2023-03-06", "2023-03-17", "Completed", "-2+3", "2200"],
    ["", "Hamburg Aviation", "DE", "cluster", "Aero Lda", "ES", "SME", "AERO", "",
     "2023-05-08", "2023-05-19", "Completed", "", "1800"],
]  # fmt: skip
#: What every export that names these has to show, neutralised.
NAMES = (HYPERLINK, "@SUM(A1)")


@pytest.fixture
def table_file(tmp_path: Path) -> Path:
    """The coordinator's table: a visitor named ``=HYPERLINK(...)`` and other formulas."""
    path = tmp_path / "exchanges.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(ROWS)
    return path


def _command(argv: list[str]) -> str:
    out = io.StringIO()
    code = cli.main(argv, out=out)
    assert code in (0, 1), (argv, code)
    return out.getvalue()


def test_the_table_reads_the_names_as_written(table_file: Path) -> None:
    """The reader keeps the names (it is the writers' job to neutralise them)."""
    table = read_exchanges(table_file)
    assert table.errors == ()
    assert table.exchanges[0].visitor.name == HYPERLINK
    assert table.exchanges[0].visitor_partnership == "=1+1"


def test_check_csv_neutralises_every_formula(table_file: Path) -> None:
    rows = csv_cells(_command(["check", str(table_file), "--format", "csv"]))
    assert rows[0][:4] == ["row", "id", "generation", "visitor"]
    assert rows[1][3] == "'" + HYPERLINK
    assert_safe(rows, must_show=NAMES)


def test_kpis_csv_has_no_formula(table_file: Path) -> None:
    """KPI rows hold KPI names and counts: the names never reach them, formulas neither."""
    text = _command(["kpis", str(table_file), "--format", "csv", "--partnership", "=1+1"])
    rows = csv_cells(text)
    assert len(rows) > 1
    assert_safe(rows)
    assert HYPERLINK not in text


def test_kpi_report_csv_has_no_formula(table_file: Path, tmp_path: Path) -> None:
    report = cx.kpis(read_exchanges(table_file).exchanges)
    path = tmp_path / "kpis.csv"
    report.to_csv(path)
    assert_safe(csv_cells(path.read_text(encoding="utf-8")))


def test_budget_rows_neutralise_the_partnership(table_file: Path, tmp_path: Path) -> None:
    budget = cx.budget(read_exchanges(table_file).exchanges, "cxc2")
    rows = budget.rows()
    assert "=1+1" in [row["key"] for row in rows]
    from clusterxchange.reports.budgets import ROW_COLUMNS

    path = tmp_path / "budget.csv"
    write_table(path, ROW_COLUMNS, [[row[c] for c in ROW_COLUMNS] for row in rows])
    assert_safe(csv_cells(path.read_text(encoding="utf-8")), must_show=["=1+1"])


@pytest.mark.parametrize("bom", [False, True])
def test_exchange_tables_neutralise_and_read_back(
    table_file: Path, tmp_path: Path, bom: bool
) -> None:
    """write_exchanges: the name comes back with its quote, every other cell as it was."""
    exchanges = read_exchanges(table_file).exchanges
    path = tmp_path / "written.csv"
    write_exchanges(path, exchanges, bom=bom)
    assert_safe(csv_cells(path.read_text(encoding="utf-8-sig")), must_show=NAMES)
    back = read_exchanges(path)
    assert back.errors == ()
    assert back.exchanges[0].visitor.name == "'" + HYPERLINK
    assert back.exchanges[0].start == exchanges[0].start
    assert back.exchanges[1] == exchanges[1]


def test_exchange_workbooks_hold_no_formula(table_file: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "written.xlsx"
    write_exchanges(path, read_exchanges(table_file).exchanges, format="xlsx")
    sheet = openpyxl.load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [[str(cell.value) for cell in row if cell.value is not None] for row in sheet.rows]
    assert_safe(texts, must_show=NAMES)


def test_migration_report_neutralises_every_formula(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(["ID", "Gast", "Land", "Art", "Gastgeber", "Land GG", "Art GG", "Status"])
        writer.writerow([HYPERLINK, HYPERLINK, "PT", "KMU", "@SUM(A1)", "DE", "cluster", "fertig"])
        writer.writerow(["", HYPERLINK, "=PT", "KMU", "@SUM(A1)", "DE", "cluster", "-1"])
    mapping = ColumnMapping(
        columns={
            "ID": "id", "Gast": "visitor", "Land": "visitor_country", "Art": "visitor_kind",
            "Gastgeber": "host", "Land GG": "host_country", "Art GG": "host_kind",
            "Status": "status",
        },
        values={"visitor_kind": {"KMU": "sme"}, "status": {"fertig": "completed"}},
        delimiter=";",
    )  # fmt: skip
    report = migrate(export, mapping)
    assert [r.row for r in report.imported] == [2]
    assert report.imported[0].exchange.id == HYPERLINK
    out = io.StringIO()
    report.write(out)
    rows = csv_cells(out.getvalue())
    assert_safe(rows, must_show=[HYPERLINK])
    assert any(row[1] == "refused" for row in rows)


def test_numbers_stay_numbers(tmp_path: Path) -> None:
    """Amounts, counts and dates are written plain: no quote, nothing to neutralise."""
    out = io.StringIO()
    row = [Decimal("-830.00"), -5, 2.5, dt.date(2023, 3, 6), None, True]
    write_table(out, ["amount", "count", "km", "day", "blank", "flag"], [row])
    assert csv_cells(out.getvalue())[1] == ["-830.00", "-5", "2.5", "2023-03-06", "", "true"]
