"""The columnar reader (io/_columnar.py) reads a CSV table exactly as the row reader does.

A CSV table's runs of plain records are read column by column, and every row with anything
odd goes through the row reader. The two must not differ in anything a user sees: the same
exchanges (equal objects), rows, errors and warnings (message, row, column, order), and the
same count of rows read. The sheets here are written the way people write them: labels
instead of ids, day-first dates, decimal commas, blanks, bad cells, totals rows, repeated
and distinct organisations.
"""

from __future__ import annotations

import csv
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

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

#: The columns a sheet may have, with the cells people write in them (odd ones included).
CELLS = {
    "Exchange no.": ["EG0001", "TW-17", "", "#N/A", " EG0002 "],
    "Host organisation": [
        *["Hamburg Aviation", "Aerospace Valley", "Hamburg Aviation ", "", "#REF!"],
        *["Hamburg Aviation (DE)", "Tech Hub (Scotland)"],  # a country after the name
    ],
    "Host country": ["DE", "Germany", "FR", "Scotland", "Atlantis", ""],
    "Type of host": ["Cluster organisation", "cluster", "Research institute", "Company", ""],
    "Visitor organisation": [
        *["Aero Lda", "Wattwerk GmbH", "Nordic Labs Oy", "Aero Lda", ""],
        *["Aero Lda [Portugal]", "Fraunhofer (IPK)", "Aero Lda (Atlantis)"],
    ],
    "Visitor country": ["PT", "Portugal", "Finland", "EL", "England", "??", ""],
    "Type of visitor": ["SME", "Start-up", "sme", "Large company", "company", "robot", ""],
    "Visitor PIC": [
        *["123456789", "987654321", "", "12345", " 123456789", "999 888 777", "#N/A"],
        *["949123456.0", "9,49123456E+08", "9.5E+08"],  # decimals; the last lost digits
    ],
    "Visitor partnership": ["TIDEWAY", "", "AEROLINK"],
    "Start date": ["06/03/2023", "2023-03-06", "28.4.23", "", "someday", "13/03/2023"],
    "End date": [
        "17/03/2023",
        "2023-03-10",
        "",
        "yesterday",
        "01/03/2023",
        "31/12/2023",
        "03/17/2023",
    ],  # the last only month first: a table of US dates
    "Mode": ["In person", "online", "physical", "", "by pigeon", "Virtual"],
    "Virtual?": ["No", "Yes", "", "x", "maybe", "online", "Non"],  # the mode, as a tick column
    "Status": ["Completed", "Waiting for Final Activity Report", "Planned", "", "done?"],
    "Event": ["Mobility days", "", "Hydrogen week"],
    "Distance (km)": ["640,2", "1.050", "1050.5", "", "far", "2,5", "1,050"],
    "Relation": ["Outside the partnership", "", "inside"],
    "Working days": ["5", "", "five", "10"],
    "Generation": ["cxc2", "", "CXC2"],
    "Host latitude": ["53.55", "", "91"],
    "Host longitude": ["9.99", "", "abc"],
    "Report submitted": ["", "", "01/04/2023", "next week"],
    "Report validated": ["", "", "05/04/2023"],
    "Paid on": ["", "", "10/05/2023"],
    "Paid amount": ["", "", "1.200,50", "-3"],
}
_REQUIRED = ["Host organisation", "Visitor organisation"]
_OPTIONAL = [name for name in CELLS if name not in _REQUIRED]
#: Cells read with a note (each noted row is listed in its warning), by column.
NOTED = {
    "Host country": ["Scotland", "Wales"],
    "Visitor country": ["England", "Scotland"],
    "Visitor PIC": ["949123456.0", "987654321.00", "9,49123456E+08", "N/A", "PIC: 987654321"],
    "Type of visitor": ["?", "S.M.E."],
    "Status": ["-", "Completed ✓"],
    "Start date": ["28.4.23", "1.3.23", "45000"],
    "End date": ["30.4.23", "45010"],
    "Distance (km)": ["1.050", "1,050"],
}
#: Rows that are no exchange, as people leave them in sheets.
_ODD_ROWS = [["Total", "", "", "", "", "12"], [], ["", ""], ["----", "----"], ["Section B"]]


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


@st.composite
def sheets(draw: st.DrawFn) -> str:
    """A CSV sheet: some of the columns, in any order, with cells from their usual ones."""
    optional = draw(st.lists(st.sampled_from(_OPTIONAL), unique=True, max_size=len(_OPTIONAL)))
    if "Mode" in optional and "Virtual?" in optional:  # a table refused: the mode said twice
        optional.remove(draw(st.sampled_from(["Mode", "Virtual?"])))
    header = draw(st.permutations([*_REQUIRED, *optional]))
    delimiter = draw(st.sampled_from([",", ";"]))
    lines: list[list[str]] = []
    for number in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            odd = draw(st.sampled_from([*_ODD_ROWS, header, [c.upper() for c in header]]))
            lines.append(list(odd))  # the header again: tables pasted one under another
            continue
        if kind >= 5:  # mostly plain cells: the first two of each column's
            line = [draw(st.sampled_from(CELLS[column][:2])) for column in header]
            if kind == 9:  # plain but for cells read with a note, as whole columns are
                for i, column in enumerate(header):
                    if column in NOTED and draw(st.booleans()):
                        line[i] = draw(st.sampled_from(NOTED[column]))
        else:
            line = [draw(st.sampled_from(CELLS[column])) for column in header]
        if kind in (1, 5, 6):  # a visitor seen nowhere else, as nine rows in ten of a real table
            country = " (FI)" if kind == 6 else ""  # as a table without a country column has it
            line[header.index("Visitor organisation")] = f"Visitor {number} Ltd{country}"
        elif kind == 2:
            line = line[: draw(st.integers(1, len(line)))]  # a short row
        elif kind == 3:
            line.append(draw(st.sampled_from(["", "stray"])))  # a cell past the header
        elif kind == 4:
            line[0] = line[0] + "\nsecond line"  # a quoted cell with a line break
        lines.append(line)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    if draw(st.booleans()):  # a template's row of hints under the header
        dates = draw(st.sampled_from(["(dd/mm/yyyy)", "(mm/dd/yyyy)", "(date)"]))
        writer.writerow([dates if column.endswith("date") else "(text)" for column in header])
    writer.writerows(lines)
    return out.getvalue()


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
