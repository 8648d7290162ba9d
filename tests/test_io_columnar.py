"""The columnar reader (io/_columnar.py) reads a CSV table exactly as the row reader does.

A CSV table's runs of plain records are read column by column, and every row with anything
odd goes through the row reader. The two must not differ in anything a user sees: the same
exchanges (equal objects), rows, errors and warnings (message, row, column, order), and the
same count of rows read. The sheets here are written the way people write them: labels
instead of ids, day-first dates, decimal commas, blanks, bad cells, totals rows, repeated
and distinct organisations.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange.io import _csv, _row
from clusterxchange.io._csv import read_csv_table
from clusterxchange.io._rows import ExchangeTable
from messy_sheets import sheets

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def both_ways(text: str, chunk: int) -> tuple[ExchangeTable, ExchangeTable]:
    """Read *text* by columns (chunks of *chunk* rows) and by rows."""
    with mock.patch.object(_csv, "CHUNK", chunk):
        columnar = read_csv_table(io.StringIO(text), file="sheet.csv")
    rows = read_csv_table(io.StringIO(text), file="sheet.csv", chunks=False)
    return columnar, rows


def assert_same(columnar: ExchangeTable, rows: ExchangeTable) -> None:
    """Everything a user sees is the same, field by field (for a readable failure)."""
    assert columnar.errors == rows.errors
    assert columnar.warnings == rows.warnings
    assert columnar.rows == rows.rows
    assert columnar.exchanges == rows.exchanges
    assert columnar.rows_read == rows.rows_read
    assert columnar == rows


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.integers(1, 30))
def test_a_messy_sheet_reads_the_same_by_columns_and_by_rows(text: str, chunk: int) -> None:
    assert_same(*both_ways(text, chunk))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.integers(1, 30), st.integers(1, 6))
def test_a_small_cache_of_organisations_changes_nothing_a_user_sees(
    text: str, chunk: int, limit: int
) -> None:
    # The organisations are remembered for the recent rows only (RecentCache): one the cache
    # has let go is read again, with its notes and relabelled kinds, as if for the first time.
    expected = read_csv_table(io.StringIO(text), file="sheet.csv", chunks=False)
    with mock.patch.object(_row, "RECENT", limit):
        columnar, rows = both_ways(text, chunk)
    assert_same(columnar, expected)
    assert_same(rows, expected)


HEADER = (
    "Host,Host country,Type of host,Visitor,Visitor country,Type of visitor,Start,End,Mode,Status"
)


def test_plain_rows_relabelled_labels_and_bad_cells_read_as_the_row_reader_reads_them() -> None:
    text = "\n".join([
        HEADER,
        "Hamburg Aviation,DE,cluster,Aero Lda,PT,SME,06/03/2023,17/03/2023,In person,Completed",
        "Hamburg Aviation,DE,cluster,Wattwerk GmbH,AT,Start-up,13/03/2023,17/03/2023,online,Paid",
        "Hamburg Aviation,DE,cluster,Nordic Oy,FI,SME,06/03/2023,17/03/2023,by pigeon,Completed",
        "Total,,,,,,,,,",
        "Hamburg Aviation,DE,cluster,Aero Lda,PT,SME,17/03/2023,06/03/2023,,Completed",
        "Hamburg Aviation,Scotland,cluster,Baltic AB,SE,SME,06/03/2023,17/03/2023,online,",
    ])  # fmt: skip
    columnar, rows = both_ways(text + "\n", chunk=2)
    assert_same(columnar, rows)
    assert columnar.rows == (2, 3, 7)
    assert [(p.row, p.column) for p in columnar.errors] == [(4, "mode"), (6, "end")]
    assert [(p.row, p.column, p.message[:40]) for p in columnar.warnings] == [
        (5, None, "a totals row ('Total'), skipped: not an "),
        (2, "host_kind", "'cluster' read as cluster_organisation o"),
        (2, "mode", "'In person' read as physical on 1 row (2"),
        (3, "visitor_kind", "'Start-up' read as sme on 1 row (3)"),
        (3, "mode", "'online' read as virtual on 2 rows (3, 7"),
        (7, "host_country", "'Scotland' read as GB: a nation of the U"),
        (7, "status", "no status on 1 row (7): taken as registe"),
    ]
    assert "on 5 rows (2, 3, 4, 6, 7)" in columnar.warnings[1].message
    # The same organisation on every row that names it the same way: built once.
    assert columnar.exchanges[0].host is columnar.exchanges[1].host


def test_cells_read_with_a_note_keep_their_rows_on_the_columnar_path() -> None:
    # A pandas export writes a PIC column with blanks as decimals, and many sheets write
    # two-digit years: whole columns of noted cells, read by columns, not row by row.
    header = "Host,Host country,Type of host,Visitor,Visitor country,Type of visitor,Visitor PIC"
    text = "\n".join([
        header + ",Start,End,Mode,Status",
        "Hamburg Aviation,DE,cluster,Nordic Oy,FI,robot,987654321.0,6.3.23,17.3.23,online,Paid",
        "Hamburg Aviation,DE,cluster,Aero Lda,PT,SME,949123456.0,6.3.23,17.3.23,online,Paid",
        "Hamburg Aviation,DE,cluster,Baltic AB,SE,SME,,13.3.23,17.3.23,online,Paid",
        "Hamburg Aviation,DE,cluster,Wattwerk,AT,SME,123456789.00,13.3.23,24.3.23,online,Paid",
    ])  # fmt: skip
    columnar, rows = both_ways(text + "\n", chunk=10)
    assert_same(columnar, rows)
    assert [(p.row, p.column) for p in columnar.errors] == [(2, "visitor_kind")]
    assert [e.visitor.pic for e in columnar.exchanges] == ["949123456", None, "123456789"]
    notes = [(p.row, p.column, p.message) for p in columnar.warnings if "PIC" in p.message]
    # The first row's note is quoted: row 2, read one by one (its kind is refused), though
    # the plain rows after it were recorded first.
    assert notes == [
        (2, "visitor_pic", "'987654321.0' read as the PIC 987654321 (written as a decimal "
         "number), on 3 rows (2, 3, 5)"),
    ]  # fmt: skip
    assert any(p.message.startswith("'6.3.23' read as 2023-03-06") for p in columnar.warnings)
    # Only the row with a refused cell went through the row reader.
    one_by_one = _row.RowReader.exchange
    with mock.patch.object(_row.RowReader, "exchange", autospec=True, side_effect=one_by_one):
        with mock.patch.object(_csv, "CHUNK", 10):
            read_csv_table(io.StringIO(text + "\n"), file="sheet.csv")
        assert [call.args[1] for call in _row.RowReader.exchange.call_args_list] == [2]


def test_a_table_without_mode_or_status_columns_gets_one_default_warning_each() -> None:
    text = "Host,Visitor\nHamburg Aviation,Aero Lda\nAerospace Valley,Wattwerk GmbH\n"
    columnar, rows = both_ways(text, chunk=1)
    assert_same(columnar, rows)
    assert [p.message for p in columnar.warnings] == [
        "no mode column: every exchange taken as physical",
        "no status column: every exchange taken as registered",
    ]


def test_decimal_commas_found_late_read_every_distance_again() -> None:
    # A tab-separated file implies no decimal sign: the table's own numbers tell, and the
    # first comma comes after five distances that read two ways.
    lines = [f"Host {i}\tVisitor {i}\t1.050" for i in range(5)] + ["Host x\tVisitor x\t640,2"]
    text = "Host\tVisitor\tDistance (km)\n" + "\n".join(lines) + "\n"
    columnar, rows = both_ways(text, chunk=2)
    assert_same(columnar, rows)
    # Read with the decimal comma the table shows: 1.050 is a thousand and fifty (noted).
    assert [e.distance_km for e in columnar.exchanges] == [1050.0] * 5 + [640.2]
    assert columnar.warnings[0].message.startswith("'1.050' read as 1050 km by the decimal comma")
    assert columnar.warnings[0].message.endswith("on 5 rows (2, 3, 4, 5, 6)")


def test_a_benchmark_table_reads_the_same_by_columns_and_by_rows(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import tables
    finally:
        sys.path.remove(str(BENCHMARKS))
    path = tmp_path / "exchanges.csv"
    tables.write_table(path, 3000, hosts=40)
    text = path.read_text(encoding="utf-8")
    columnar, rows = both_ways(text, chunk=1000)
    assert_same(columnar, rows)
    assert len(columnar.exchanges) > 2000
    with mock.patch.object(_row, "RECENT", 50):  # hosts set aside and back, again and again
        assert_same(*both_ways(text, chunk=300))
        assert read_csv_table(io.StringIO(text), file="sheet.csv", chunks=False) == rows


@pytest.mark.parametrize("chunk", [1, 3, 10_000])
def test_chunks_of_any_size_give_the_same_table(chunk: int) -> None:
    text = "Host,Visitor,Start\n" + "".join(
        f"Host {i % 3},Visitor {i},{'' if i % 4 else 'soon'}\n" for i in range(12)
    )
    assert_same(*both_ways(text, chunk))


@given(
    st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,6})?", fullmatch=True),
    st.sampled_from([None, ",", "."]),
    st.booleans(),
)
def test_a_plain_number_reads_as_the_full_steps_read_it(
    text: str, decimal: str | None, grouping: bool
) -> None:
    from clusterxchange.io._numbers import _reading, decimal_evidence, reading

    assert reading(text, decimal, grouping=grouping) == _reading(text, decimal, grouping=grouping)
    shown = decimal_evidence(text)
    if "." not in text:
        assert shown is None
    elif len(text.partition(".")[2]) != 3:
        assert shown == "."
