"""Reading exchange tables from .xlsx workbooks (openpyxl), and writing them back."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange import InvalidFileError
from clusterxchange.io import (
    EXCHANGE_COLUMNS,
    read_exchanges,
    read_exchanges_excel,
    write_exchanges,
    write_table,
)
from clusterxchange.model import Exchange, Mode, Organisation, Relation, Status

HEADER = ["Host", "Host country", "Host kind", "Visitor", "Visitor country", "Visitor kind"]
GOOD = ["Hamburg Aviation", "DE", "Cluster organisation", "Aero Lda", "PT", "SME"]


def workbook(tmp_path: Path, *sheets: tuple[str, Sequence[Sequence[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "exchanges.xlsx"
    book.save(path)
    return path


def test_typed_cells_dates_numbers_and_text(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Exchanges", [
        [*HEADER, "Start", "End", "Working days", "Distance km", "Visitor PIC", "ID"],
        [*GOOD, dt.datetime(2023, 3, 6), dt.date(2023, 3, 17), 10, 1800.5, 949123456, 4711],
        [*GOOD, "06/03/2023", "2023-03-10", 5.0, "640,2", "949123456", "EG927FA8"],
    ]))  # fmt: skip
    table = read_exchanges(path)
    assert table.errors == ()
    assert table.rows == (2, 3)
    first, second = table.exchanges
    assert (first.start, first.end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 17))
    assert (first.working_days, first.distance_km) == (10, 1800.5)
    assert (first.visitor.pic, first.id) == ("949123456", "4711")
    assert (second.working_days, second.distance_km) == (5, 640.2)
    assert table.file == str(path)


def test_the_header_again_and_month_first_text_dates(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Exchanges", [
        [*HEADER, "Start", "End"],
        [*GOOD, "03/06/2023", "03/17/2023"],  # typed as text, month first
        [*HEADER, "Start", "End"],  # the table pasted twice
        [*GOOD, "05/08/2023", "05/12/2023"],
    ]))  # fmt: skip
    table = read_exchanges(path)
    assert table.errors == ()
    assert table.rows == (2, 4)
    assert [(e.start, e.end) for e in table.exchanges] == [
        (dt.date(2023, 3, 6), dt.date(2023, 3, 17)),
        (dt.date(2023, 5, 8), dt.date(2023, 5, 12)),
    ]
    messages = [w.message for w in table.warnings]
    assert "the header again ('Host', 'Visitor'), skipped: not an exchange" in messages
    assert any(m.startswith("slashed dates read month first") for m in messages)


def test_a_header_that_says_month_first_reads_text_dates_month_first(tmp_path: Path) -> None:
    # Typed dates are dates whatever the header says; dates typed as text follow it.
    path = workbook(tmp_path, ("Exchanges", [
        [*HEADER, "Start date (mm/dd/yyyy)", "End date (mm/dd/yyyy)"],
        [*GOOD, "05/08/2023", "05/12/2023"],
        [*GOOD, dt.datetime(2023, 6, 5), dt.datetime(2023, 6, 9)],
    ]))  # fmt: skip
    table = read_exchanges(path)
    assert table.errors == ()
    assert [(e.start, e.end) for e in table.exchanges] == [
        (dt.date(2023, 5, 8), dt.date(2023, 5, 12)),
        (dt.date(2023, 6, 5), dt.date(2023, 6, 9)),
    ]
    assert any(
        w.message.startswith("slashed dates read month first, as the column 'Start date")
        for w in table.warnings
    )


def test_a_row_of_hints_under_the_header_is_part_of_it(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Exchanges", [
        ["Partnership TIDEWAY: exchanges"],
        [*HEADER, "Start", "End"],
        ["(name)", "(ISO code)", "(type)", "(name)", "(ISO code)", "(type)", "(mm/dd/yyyy)",
         "(mm/dd/yyyy)"],
        [*GOOD, "05/08/2023", "05/12/2023"],
    ]))  # fmt: skip
    table = read_exchanges(path)
    assert table.errors == ()
    assert table.rows == (4,)
    (exchange,) = table.exchanges
    assert (exchange.host.country, exchange.start) == ("DE", dt.date(2023, 5, 8))
    messages = [(w.row, w.message) for w in table.warnings]
    assert any(row == 3 and "says what each column holds" in m for row, m in messages)
    assert any(m.startswith("slashed dates read month first") for _, m in messages)


def test_a_row_of_hints_under_a_header_over_two_rows(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Exchanges", [
        ["Host organisation", "", "Visiting organisation", "", "Dates", ""],
        ["Name", "Country", "Name", "Country", "From", "To"],
        ["(name)", "(ISO code)", "(name)", "(ISO code)", "(dd/mm/yyyy)", "(dd/mm/yyyy)"],
        ["Hamburg Aviation", "DE", "Aero Lda", "PT", "05/08/2023", "05/12/2023"],
    ]))  # fmt: skip
    table = read_exchanges(path)
    assert table.errors == ()
    assert table.rows == (4,)
    (exchange,) = table.exchanges
    assert (exchange.visitor.country, exchange.start) == ("PT", dt.date(2023, 8, 5))
    assert any(w.row == 3 and "says what each column holds" in w.message for w in table.warnings)


def test_rows_keep_the_sheets_numbers_below_a_title(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Report", [
        ["Exchanges of the TIDEWAY partnership"],
        ["as of 2023-12-31"],
        [],
        HEADER,
        GOOD,
        [*GOOD[:3], "Braga Tech", "Narnia", "SME"],
    ]))  # fmt: skip
    table = read_exchanges(path)
    assert table.rows == (5,)
    assert [(p.row, p.column) for p in table.errors] == [(6, "visitor_country")]
    assert table.warnings[0].message.startswith("rows 1-3 above the header skipped (")


def test_merged_cells_give_their_value_to_every_row_they_span(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Group", [
        [*HEADER, "Event"],
        [*GOOD, "Mobility days"],
        [None, None, None, "Braga Tech", "PT", "SME", None],
        [None, None, None, "Porto Labs", "PT", "SME", None],
    ]))  # fmt: skip
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    for columns in ("A2:A4", "B2:B4", "C2:C4", "G2:G4"):
        sheet.merge_cells(columns)
    book.save(path)
    table = read_exchanges(path)
    assert table.errors == ()
    assert [e.host.name for e in table.exchanges] == ["Hamburg Aviation"] * 3
    assert {e.event for e in table.exchanges} == {"Mobility days"}
    merges = [w for w in table.warnings if w.message.startswith("merged cells")]
    assert len(merges) == 4
    assert merges[0].row == 2


def test_the_first_sheet_with_an_exchange_table_is_read(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        ("Notes", [["Read me first"]]),
        ("Data", [HEADER, GOOD]),
        ("Empty", []),
    )
    table = read_exchanges_excel(path)
    assert table.rows == (2,)
    assert [w.message for w in table.warnings][:1] == ["sheet 'Notes' not read (read sheet 'Data')"]
    assert read_exchanges_excel(path, sheet="Data").rows == (2,)


@pytest.mark.parametrize(
    ("sheets", "sheet", "words"),
    [
        ((("Data", [HEADER, GOOD]),), "Other", "no sheet named 'Other': the workbook has 'Data'"),
        ((("Data", []),), None, "sheet 'Data' is empty"),
        ((("Data", [["name", "country"], ["A", "DE"]]),), None, "sheet 'Data': no host"),
    ],
)
def test_workbooks_without_a_usable_sheet(
    tmp_path: Path,
    sheets: tuple[tuple[str, list[list[object]]], ...],
    sheet: str | None,
    words: str,
) -> None:
    path = workbook(tmp_path, *sheets)
    with pytest.raises(InvalidFileError) as caught:
        read_exchanges_excel(path, sheet=sheet)
    assert words in str(caught.value)


def test_spreadsheet_error_values_are_bad_cells(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Data", [HEADER, [*GOOD[:3], "#N/A", "PT", "SME"]]))
    table = read_exchanges(path)
    assert [(p.row, p.column) for p in table.errors] == [(2, "visitor")]
    assert "#N/A" in table.errors[0].message


def test_formatted_rows_after_the_table_are_not_blank_row_warnings(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Data", [HEADER, GOOD, [], GOOD]))
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.cell(row=200, column=1).number_format = "0.00"
    book.save(path)
    table = read_exchanges(path)
    assert [w.row for w in table.warnings if w.message == "blank row skipped"] == [3]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not a readable .xlsx workbook"),
        (b"PK\x03\x04 broken zip", "not a readable .xlsx workbook: BadZipFile"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old .xls workbook cannot be read"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(InvalidFileError) as caught:
        read_exchanges(path)
    assert words in str(caught.value)


def test_a_missing_workbook(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="no such file"):
        read_exchanges(tmp_path / "nope.xlsx")


def test_a_zip_that_is_no_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InvalidFileError, match="xlsx"):
        read_exchanges(path)


def test_a_binary_stream(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Data", [HEADER, GOOD]))
    table = read_exchanges_excel(io.BytesIO(path.read_bytes()), file="upload.xlsx")
    assert (table.rows, table.file) == ((2,), "upload.xlsx")


# -- writing .xlsx and reading it back ------------------------------------------------------

SAFE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12
).filter(
    lambda t: t == t.strip() and not t.startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠", "'"))
)
CELLS = st.one_of(st.none(), SAFE_TEXT, st.integers(-(10**14), 10**14),
                  st.floats(allow_nan=False, allow_infinity=False)
                  .map(lambda f: float(f"{f:.15g}")).filter(math.isfinite))  # fmt: skip


@settings(suppress_health_check=[HealthCheck.too_slow])  # a workbook per example
@given(st.lists(st.tuples(SAFE_TEXT.filter(bool), CELLS, CELLS), max_size=6))
def test_xlsx_round_trip_keeps_every_cell(rows: list[tuple[object, ...]]) -> None:
    stream = io.BytesIO()
    write_table(stream, ["a", "b", "c"], rows, format="xlsx")
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream).active
    assert sheet is not None
    read = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert read == [("a", "b", "c"), *[tuple(None if v == "" else v for v in r) for r in rows]]


def test_xlsx_cells_are_neutralised_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table(
        path,
        ["visitor", "days", "sum", "day", "note"],
        [['=HYPERLINK("http://x","y")', -5, 830, dt.date(2023, 3, 6), "a\x01b"]],
        format="xlsx",
    )
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    row = [c.value for c in sheet[2]]
    assert row == ['\'=HYPERLINK("http://x","y")', -5, 830, "2023-03-06", "a\ufffdb"]
    assert sheet["A2"].data_type == "s"


def test_exchanges_round_trip_through_xlsx(tmp_path: Path) -> None:
    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation",
                        pic="912345678", clusters=[])  # fmt: skip
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas", "X"])
    exchanges = [
        Exchange(host=host, visitor=visitor, id="EG927FA8", start=dt.date(2023, 3, 6),
                 end=dt.date(2023, 3, 17), working_days=10, mode=Mode.VIRTUAL,
                 status=Status.PAID, relation=Relation.OUTSIDE, distance_km=1800.5,
                 generation="cxc2", remarks="two visits", event="Days", prior_approval="yes",
                 host_partnership="NORTH", visitor_partnership="SOUTH"),
        Exchange(host=host, visitor=visitor),
    ]  # fmt: skip
    path = tmp_path / "back.xlsx"
    write_exchanges(path, exchanges, format="xlsx")
    table = read_exchanges(path)
    assert table.errors == ()
    assert table.exchanges == tuple(exchanges)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == list(EXCHANGE_COLUMNS)


def test_a_workbook_with_a_corrupt_part(tmp_path: Path) -> None:
    import zipfile

    good = workbook(tmp_path, ("Data", [HEADER, GOOD]))
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<not xml" if item.filename == "xl/workbook.xml" else data)
    with pytest.raises(InvalidFileError, match=r"not a readable \.xlsx workbook"):
        read_exchanges(broken)


def test_a_directory_named_like_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "d.xlsx").mkdir()
    with pytest.raises(InvalidFileError, match="is a directory"):
        read_exchanges(tmp_path / "d.xlsx")


class _BrokenStream(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise OSError("unplugged")


def test_streams_that_are_no_workbook_streams() -> None:
    with pytest.raises(InvalidFileError, match="cannot read the stream: unplugged"):
        read_exchanges_excel(_BrokenStream())
    with pytest.raises(InvalidFileError, match="expected a binary stream, got str"):
        read_exchanges_excel(io.StringIO("host,visitor"))  # type: ignore[arg-type]


def test_an_empty_merged_range_gives_nothing(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Data", [[*HEADER, "Event"], [*GOOD, None], [*GOOD, None]]))
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.merge_cells("G2:G3")
    book.save(path)
    table = read_exchanges(path)
    assert [e.event for e in table.exchanges] == [None, None]
    assert not [w for w in table.warnings if w.message.startswith("merged")]


def test_formulas_without_a_saved_value_are_reported(tmp_path: Path) -> None:
    path = workbook(tmp_path, ("Data", [[*HEADER, "Remarks"], [*GOOD, "=A2&B2"], [*GOOD, "ok"]]))
    table = read_exchanges(path)
    assert [e.remarks for e in table.exchanges] == [None, "ok"]
    (note,) = [w for w in table.warnings if "formula" in w.message]
    assert (note.row, note.message.split(" holds")[0]) == (2, "cell G2")


def test_formulas_with_a_saved_value_read_as_that_value(tmp_path: Path) -> None:
    import zipfile

    path = workbook(tmp_path, ("Data", [[*HEADER, "Remarks"], [*GOOD, "=A2&B2"]]))
    saved = tmp_path / "saved.xlsx"
    # What a spreadsheet writes: the formula and, beside it, its last result.
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<c r="G2"><f>', b'<c r="G2" t="str"><f>')
                data = data.replace(b"<v />", b"<v>Hamburg AviationDE</v>")
            target.writestr(item, data)
    table = read_exchanges(saved)
    assert [e.remarks for e in table.exchanges] == ["Hamburg AviationDE"]
    assert not [w for w in table.warnings if "formula" in w.message]
