"""Reading exchange tables from CSV: every column, every error with its row and column,
unusable files, and no silent loss of rows."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from clusterxchange import InvalidFileError, InvalidValueError
from clusterxchange.io import (
    ExchangeTable,
    parse_exchange_rows,
    read_exchanges,
    read_exchanges_csv,
)
from clusterxchange.io._csv import read_csv_table
from clusterxchange.model import Location, Mode, OrganisationKind, Relation, Status

HEADER = "host,host_country,host_kind,visitor,visitor_country,visitor_kind"
GOOD = "Hamburg Aviation,DE,cluster organisation,Aero Lda,PT,SME"


def read(text: str) -> ExchangeTable:
    return read_exchanges_csv(io.StringIO(text), file="x.csv")


def one(header: str, row: str) -> ExchangeTable:
    """Read a table of the six required cells plus extra columns."""
    return read(f"{HEADER},{header}\n{GOOD},{row}\n")


def problems(table: ExchangeTable) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in table.errors]


def unusable(text: str | bytes, tmp_path: Path, name: str = "x.csv") -> InvalidFileError:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        read_exchanges(path)
    return caught.value


# -- a partnership's table, as its reports write it -----------------------------------------

REPORT = "\n".join(
    ";".join(cells)
    for cells in [
        ["ID", "Host organisation", "Host country", "Host kind", "Visitor", "Visitor country",
         "Visitor kind", "Relation", "Event", "Start", "End", "Status", "Remarks"],
        ["EG927FA8", "Hamburg Aviation", "Germany", "Cluster Organisation", "Aero Lda",
         "Portugal", "SME", "Inside", "", "06/03/2023", "17/03/2023", "Completed", ""],
        ["", "Lyon Urban Truck", "FR", "cluster organisation", "Prishtina Tech", "XK",
         "Research institute", "Outside the partnership", "Mobility days", "8.5.2023",
         "12.5.2023", "Completed, but without the IT tool", "group visit"],
        ["", "Lyon Urban Truck", "FR", "cluster organisation", "Athens Robotics", "EL", "SME",
         "Outside", "Mobility days", "2023-05-08", "2023-05-12",
         "Waiting for Final Activity Report", ""],
        ["EG111AB2", "Pôle Véhicule", "France", "Cluster organisation", "Kraków Metal", "Poland",
         "Large company", "inside", "", "2023/09/04", "2023/09/08", "Cancelled",
         "visitor withdrew"],
    ]
)  # fmt: skip


def test_a_partnership_table_written_the_way_reports_write_it() -> None:
    table = read(REPORT)
    assert table.errors == ()
    assert table.rows == (2, 3, 4, 5)
    assert table.rows_read == 4
    first, second, third, fourth = table.exchanges
    assert (first.id, first.host.country, first.visitor.country) == ("EG927FA8", "DE", "PT")
    assert first.host.kind is OrganisationKind.CLUSTER_ORGANISATION
    assert (first.start, first.end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 17))
    assert first.status is Status.COMPLETED
    assert first.relation is Relation.INSIDE
    assert second.id is None
    assert second.status is Status.COMPLETED
    assert second.visitor.country == "XK"
    assert second.visitor.kind is OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION
    assert second.relation is Relation.OUTSIDE
    assert second.event == "Mobility days"
    assert (second.start, second.end) == (dt.date(2023, 5, 8), dt.date(2023, 5, 12))
    assert third.status is Status.AWAITING_FINAL_REPORT
    assert third.visitor.country == "GR"
    assert fourth.status is Status.CANCELLED
    assert fourth.visitor.kind is OrganisationKind.LARGE_COMPANY
    assert fourth.remarks == "visitor withdrew"
    assert fourth.start == dt.date(2023, 9, 4)
    # The same host, written twice, is one organisation.
    assert second.host is third.host
    messages = [w.message for w in table.warnings]
    assert any("without the IT tool" in m and "no IT-tool ID" in m for m in messages)
    assert any(
        m.startswith("'Waiting for Final Activity Report' read as awaiting_final_report")
        for m in messages
    )
    assert "no mode column: every exchange taken as physical" in messages


# -- every column ---------------------------------------------------------------------------


def test_required_cells_make_an_exchange_with_defaults() -> None:
    table = read(f"{HEADER}\n{GOOD}\n")
    (exchange,) = table.exchanges
    assert exchange.host.name == "Hamburg Aviation"
    assert exchange.visitor.name == "Aero Lda"
    assert exchange.mode is Mode.PHYSICAL
    assert exchange.status is Status.REGISTERED
    assert exchange.visitor.clusters is None
    assert exchange.visitor.pic is None
    assert {w.message for w in table.warnings} == {
        "no mode column: every exchange taken as physical",
        "no status column: every exchange taken as registered",
    }


@pytest.mark.parametrize(
    ("column", "cell", "field", "expected"),
    [
        ("id", " EG927FA8 ", "id", "EG927FA8"),
        ("host_partnership", "TIDEWAY", "host_partnership", "TIDEWAY"),
        ("visitor_partnership", "North", "visitor_partnership", "North"),
        ("relation", "inside the partnership", "relation", Relation.INSIDE),
        ("event", "Mobility days", "event", "Mobility days"),
        ("start", "2023-03-06", "start", dt.date(2023, 3, 6)),
        ("end", "6.3.2023", "end", dt.date(2023, 3, 6)),
        ("working_days", "5", "working_days", 5),
        ("working_days", "5,0", "working_days", 5),
        ("mode", "online", "mode", Mode.VIRTUAL),
        ("mode", "In person", "mode", Mode.PHYSICAL),
        ("status", "PAID", "status", Status.PAID),
        ("distance_km", "640,2", "distance_km", 640.2),
        ("distance_km", "1 250.5 km", "distance_km", 1250.5),
        ("generation", "cxc2", "generation", "cxc2"),
        ("remarks", "met twice", "remarks", "met twice"),
        ("prior_approval", "EISMEA letter 2021-07", "prior_approval", "EISMEA letter 2021-07"),
    ],
)
def test_each_exchange_column(column: str, cell: str, field: str, expected: object) -> None:
    table = one(column, f'"{cell}"')
    assert table.errors == ()
    assert getattr(table.exchanges[0], field) == expected


def test_organisation_columns() -> None:
    table = one(
        "visitor_pic,host_pic,host_clusters,visitor_clusters,host_lat,host_lon,visitor_lat,visitor_lon",
        '949 123 456,912345678,,"Pemas; Tallinn Robotics",53.55,"9,99",41.15,-8.61',
    )
    assert table.errors == ()
    exchange = table.exchanges[0]
    assert exchange.visitor.pic == "949123456"
    assert exchange.host.pic == "912345678"
    assert exchange.host.clusters is None
    assert [c.name for c in exchange.visitor.clusters or ()] == ["Pemas", "Tallinn Robotics"]
    assert exchange.host.location == Location(latitude=53.55, longitude=9.99)
    assert exchange.visitor.location == Location(latitude=41.15, longitude=-8.61)


@pytest.mark.parametrize(
    ("cell", "clusters"), [("none", ()), ("No cluster", ()), ("unknown", None), ("", None)]
)
def test_cluster_cells_say_no_cluster_or_not_recorded(cell: str, clusters: object) -> None:
    table = one("visitor_clusters", cell)
    assert table.exchanges[0].visitor.clusters == clusters


DATES = ["2023-03-06", "06/03/2023", "6.3.2023", "2023/03/06", "06-03-2023",
         "2023-03-06T00:00:00", "2023-03-06 00:00"]  # fmt: skip


@pytest.mark.parametrize("written", DATES)
def test_the_date_formats_coordinators_type(written: str) -> None:
    assert one("start", written).exchanges[0].start == dt.date(2023, 3, 6)


def test_day_first_is_the_only_reading_of_a_slashed_date() -> None:
    assert one("start", "03/06/2023").exchanges[0].start == dt.date(2023, 6, 3)


def test_header_names_ignore_case_spaces_hyphens_and_know_other_names() -> None:
    header = ("Host, HOST COUNTRY ,host-kind,Visiting Organisation,Visitor_Country,VISITOR KIND,"
              "VOP,Start date,IT tool ID,Visitor PIC")  # fmt: skip
    table = read(f"{header}\n{GOOD},North,2023-03-06,EG927FA8,949123456\n")
    assert table.errors == ()
    assert not [w for w in table.warnings if w.message.startswith("unknown")]
    (exchange,) = table.exchanges
    assert (exchange.visitor.name, exchange.visitor_partnership, exchange.id) == (
        "Aero Lda",
        "North",
        "EG927FA8",
    )
    assert (exchange.start, exchange.visitor.pic) == (dt.date(2023, 3, 6), "949123456")


def test_unknown_columns_are_reported_once_and_ignored() -> None:
    table = read(f"{HEADER},Budget,Notes 2\n{GOOD},12,a\n{GOOD},13,b\n")
    unknown = [w for w in table.warnings if w.message.startswith("unknown column")]
    assert [(w.column, w.row) for w in unknown] == [("Budget", None), ("Notes 2", None)]
    assert len(table.exchanges) == 2


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_the_delimiter_is_sniffed(delimiter: str) -> None:
    text = f"{HEADER}\n{GOOD}\n".replace(",", delimiter)
    assert read(text).exchanges[0].visitor.name == "Aero Lda"


def test_a_quoted_cell_may_hold_the_delimiter_and_line_breaks() -> None:
    table = read(f'{HEADER},remarks\n{GOOD},"one, two\nthree"\n{GOOD},x\n')
    assert [e.remarks for e in table.exchanges] == ["one, two\nthree", "x"]
    assert table.rows == (2, 3)
    assert [(w.row, "spans 2 lines" in w.message) for w in table.warnings if w.row == 2] == [
        (2, True)
    ]


# -- bad cells: one error each, with row and column -----------------------------------------

BAD_CELLS = [
    ("start", "2023-02-30", "start", "not a date that exists"),
    ("start", "6/3/99", "start", "two-digit year"),
    ("start", "Tuesday, 6 March 2023", "start", "is a Monday"),
    ("start", "6 Smarch 2023", "start", "expected a date"),
    ("end", "yesterday", "end", "expected a date"),
    ("working_days", "-3", "working_days", ">= 0"),
    ("working_days", "3.5", "working_days", "whole number"),
    ("working_days", "five", "working_days", "whole number"),
    ("distance_km", "far", "distance_km", "expected a number"),
    ("distance_km", "1,23.5", "distance_km", "thousands in threes"),
    ("distance_km", "1.2.3", "distance_km", "thousands in threes"),
    ("distance_km", "-4", "distance_km", ">= 0"),
    ("distance_km", "inf", "distance_km", "expected a number"),
    ("host_lat", "91", "host_lat", "from -90 to 90"),
    ("visitor_lon", "-180,5", "visitor_lon", "from -180 to 180"),
    ("visitor_pic", "12345", "visitor_pic", "9 digits"),
    ("visitor_pic", "949123456.5", "visitor_pic", "9 digits"),
    ("visitor_pic", "9.49123E+08", "visitor_pic", "scientific notation lost digits"),
    ("visitor_pic", "9.49123456E+09", "visitor_pic", "scientific notation lost digits"),
    ("relation", "partly", "relation", "unknown relation"),
    ("mode", "hybrid", "mode", "ambiguous mode"),
    ("mode", "teleport", "mode", "unknown mode"),
    ("status", "pending", "status", "ambiguous status"),
    ("status", "lost", "status", "unknown status"),
    ("remarks", "#N/A", "remarks", "#N/A"),
    ("event", "x" * 10_001, "event", "at most 10000"),
]


@pytest.mark.parametrize(("header", "cell", "column", "words"), BAD_CELLS)
def test_each_bad_cell_is_one_error_naming_row_and_column(
    header: str, cell: str, column: str, words: str
) -> None:
    table = read(f'{HEADER},{header}\n{GOOD},\n{GOOD},"{cell}"\n')
    assert problems(table) == [(3, column)]
    assert words in table.errors[0].message
    assert table.errors[0].file == "x.csv"
    assert table.rows == (2,)
    assert table.rows_read == 2


@pytest.mark.parametrize("chunks", [True, False])
def test_the_header_again_under_the_rows_is_skipped_with_a_warning(chunks: bool) -> None:
    # Two months' tables pasted one under the other: the second header is no exchange.
    text = "Host,Visitor\nHamburg Aviation,Aero Lda\n HOST ,visitor\nFlanders Make,Pemas\n"
    table = read_csv_table(io.StringIO(text), file="x.csv", chunks=chunks)
    assert [e.host.name for e in table.exchanges] == ["Hamburg Aviation", "Flanders Make"]
    assert table.rows == (2, 4)
    assert table.rows_read == 2
    assert [(w.row, w.message) for w in table.warnings if w.row is not None] == [
        (3, "the header again ('HOST', 'visitor'), skipped: not an exchange")
    ]


def test_a_month_first_date_among_day_first_ones_is_an_error_of_its_row() -> None:
    table = read(f"{HEADER},start\n{GOOD},17/03/2023\n{GOOD},03/15/2023\n")
    assert problems(table) == [(3, "start")]
    assert "dates are read day first, so this is month 15" in table.errors[0].message
    assert not any("month first" in w.message for w in table.warnings)


def test_a_table_of_month_first_dates_is_read_month_first_with_a_warning() -> None:
    # As a spreadsheet set up for the US writes them: 05/08/2023 to 05/12/2023 is 8-12 May.
    table = read(
        f"{HEADER},start,end\n{GOOD},03/06/2023,03/17/2023\n{GOOD},05/08/2023,05/12/2023\n"
    )
    assert table.errors == ()
    assert [(e.start, e.end) for e in table.exchanges] == [
        (dt.date(2023, 3, 6), dt.date(2023, 3, 17)),
        (dt.date(2023, 5, 8), dt.date(2023, 5, 12)),
    ]
    assert table.warnings[0].message.startswith(
        "slashed dates read month first, as written in the US ('03/17/2023' reads only month "
        "first, and no date reads only day first)"
    )
    # Dotted and ISO dates are never month first; they tell nothing either way.
    dotted = read(f"{HEADER},start,end\n{GOOD},06.03.2023,03/17/2023\n")
    assert dotted.exchanges[0].start == dt.date(2023, 3, 6)


@given(
    st.lists(st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)), min_size=1, max_size=8),
    st.booleans(),
)
def test_slashed_dates_read_back_in_the_order_the_table_was_written(
    dates: list[dt.date], month_first: bool
) -> None:
    assume(any(d.day > 12 for d in dates))  # a date that reads one way only tells the order
    written = "%m/%d/%Y" if month_first else "%d/%m/%Y"
    table = read(f"{HEADER},start\n" + "".join(f"{GOOD},{d:{written}}\n" for d in dates))
    assert table.errors == ()
    assert [e.start for e in table.exchanges] == dates
    assert any("month first" in w.message for w in table.warnings) == month_first


def test_a_pic_written_as_a_number_is_read_with_one_warning_per_way() -> None:
    # pandas writes a column of PICs with a blank as floats; a spreadsheet may show all nine
    # digits in scientific notation. Each way is one warning listing its rows.
    table = read(
        f"{HEADER},visitor_pic\n{GOOD},949123456.0\n{GOOD},\n{GOOD},912345678.0\n"
        f'{GOOD},"9,49123456E+08"\n{GOOD},"949 123 456,00"\n'
    )
    assert table.errors == ()
    assert [e.visitor.pic for e in table.exchanges] == [
        "949123456",
        None,
        "912345678",
        "949123456",
        "949123456",
    ]
    notes = [w for w in table.warnings if w.column == "visitor_pic"]
    assert [(w.row, w.message) for w in notes] == [
        (2, "'949123456.0' read as the PIC 949123456 (written as a decimal number), on 3 rows "
            "(2, 4, 6)"),
        (5, "'9,49123456E+08' read as the PIC 949123456 (written in scientific notation), on 1 "
            "row (5)"),
    ]  # fmt: skip


def test_the_good_row_beside_a_bad_one_still_loads() -> None:
    table = read(f"{HEADER},start\n{GOOD},2023-03-06\n{GOOD},2023-02-30\n{GOOD},2023-03-07\n")
    assert table.rows == (2, 4)
    assert table.error_rows() == (3,)


def test_a_missing_name_is_an_error_and_a_missing_country_or_kind_is_not() -> None:
    table = read(f"{HEADER}\n,DE,,Aero Lda,,SME\n")
    assert problems(table) == [(2, "host")]
    assert "no host" in table.errors[0].message
    # Only the name is needed: a blank country or kind is read as not recorded (None).
    partial = read(f"{HEADER}\nHamburg Aviation,DE,,Aero Lda,,SME\n")
    assert partial.errors == ()
    (exchange,) = partial.exchanges
    assert exchange.host.kind is None
    assert exchange.visitor.country is None
    assert exchange.host.country == "DE"


def test_unknown_country_and_kind() -> None:
    table = read(f"{HEADER}\nA,Narnia,cluster,B,PT,robot\n")
    assert problems(table) == [(2, "host_country"), (2, "visitor_kind")]
    assert "unknown country 'Narnia'" in table.errors[0].message
    assert "unknown organisation kind 'robot'" in table.errors[1].message


def test_a_country_in_another_language_is_read() -> None:
    table = read(f"{HEADER}\nA,Danmark,cluster,B,Grèce,SME\n")
    assert (table.exchanges[0].host.country, table.exchanges[0].visitor.country) == ("DK", "GR")


def test_an_exchange_that_ends_before_it_starts_is_an_error_on_end() -> None:
    table = one("start,end", "2023-03-10,2023-03-06")
    assert problems(table) == [(2, "end")]
    assert "ends (2023-03-06) before it starts (2023-03-10)" in table.errors[0].message


def test_a_latitude_without_its_longitude() -> None:
    table = one("visitor_lat,visitor_lon", "41.1,")
    assert problems(table) == [(2, "visitor_lon")]
    assert "give both or neither" in table.errors[0].message


def test_every_bad_cell_of_a_row_is_reported() -> None:
    table = read(f"{HEADER},start,end,status\nA,ZZ,sme,B,PT,SME,x,2023-13-01,odd\n")
    assert problems(table) == [(2, "host_country"), (2, "start"), (2, "end"), (2, "status")]
    assert table.error_rows() == (2,)
    assert table.exchanges == ()


def test_extra_cells_beyond_the_header_are_an_error_unless_blank() -> None:
    table = read(f"{HEADER}\n{GOOD},,\n{GOOD},stray\n")
    assert table.rows == (2,)
    assert problems(table) == [(3, None)]
    assert "7 cells but the header names 6 columns" in table.errors[0].message


def test_cells_under_a_column_without_name_are_reported_once() -> None:
    table = read(f"{HEADER},\n{GOOD},a\n{GOOD},b\n")
    notes = [w for w in table.warnings if "no name" in w.message]
    assert [(w.row, w.message) for w in notes] == [
        (2, "column 7 has no name in the header: its cells are ignored")
    ]


def test_blank_rows_are_skipped_with_a_warning_and_not_counted() -> None:
    table = read(f"\n{HEADER}\n{GOOD}\n\n ,, \n{GOOD}\n")
    assert table.rows == (3, 6)
    assert table.rows_read == 2
    assert [w.row for w in table.warnings if w.message == "blank row skipped"] == [4, 5]


def test_blank_status_cells_are_defaulted_with_one_warning() -> None:
    table = read(f"{HEADER},status\n{GOOD},\n{GOOD},completed\n{GOOD}, \n")
    (note,) = [w for w in table.warnings if w.column == "status"]
    assert note.message == "no status on 2 rows (2, 4): taken as registered"


def test_a_label_warning_lists_its_rows() -> None:
    rows = "".join(f"{GOOD},Completed\n" for _ in range(12))
    table = read(f"{HEADER},status\n{rows}")
    assert not [w for w in table.warnings if w.column == "status"]  # "Completed" is the id
    rows = "".join(f"{GOOD},finished\n" for _ in range(12))
    (note,) = [w for w in read(f"{HEADER},status\n{rows}").warnings if w.column == "status"]
    assert (
        note.message
        == "'finished' read as completed on 12 rows (2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more)"
    )


# -- unusable files --------------------------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError) as caught:
        read_exchanges(tmp_path / "nope.csv")
    assert str(caught.value) == f"{tmp_path / 'nope.csv'}: no such file"


def test_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "d.csv"
    folder.mkdir()
    with pytest.raises(InvalidFileError, match="is a directory"):
        read_exchanges(folder)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "the file is empty"),
        (" \n\n \n", "the file is empty"),
        ("name,country\nA,DE\n", "no host and no visitor column"),
        ("host,country\nA,DE\n", "no visitor column"),
        ("Host,host,visitor\n", "both host"),
        (b"\x00\x01PK binary", "NUL"),
        (f'{HEADER},remarks\n{GOOD},"never closed\n{GOOD},x\n', "never closed"),
        (b"host,visitor\n\x81\x8d,x\n", "not UTF-8"),
    ],
)
def test_unusable_files_raise_naming_the_file(
    tmp_path: Path, content: str | bytes, words: str
) -> None:
    error = unusable(content, tmp_path)
    assert words in str(error)
    assert error.problems[0].file == str(tmp_path / "x.csv")


def test_an_unclosed_quote_names_its_row(tmp_path: Path) -> None:
    error = unusable(f'{HEADER},remarks\n{GOOD},ok\n{GOOD},"never closed\n{GOOD},x\n', tmp_path)
    assert error.problems[0].row == 3


def test_a_cell_past_the_csv_field_limit_makes_the_file_unusable(tmp_path: Path) -> None:
    error = unusable(f'{HEADER},remarks\n{GOOD},"{"x" * 200_000}"\n', tmp_path)
    assert "not a readable CSV table" in str(error)
    assert error.problems[0].row == 2


def test_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\nSão Paulo Lda,PT,sme,Åbo,FI,sme\n".encode())
    table = read_exchanges(path)
    assert table.exchanges[0].host.name == "São Paulo Lda"
    assert table.warnings[0].column == "mode"


def test_utf16_as_excel_writes_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(f"{HEADER}\n{GOOD}\n".replace(",", "\t").encode("utf-16"))
    assert read_exchanges(path).exchanges[0].visitor.name == "Aero Lda"


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(f"{HEADER}\nPôle Véhicule,FR,cluster,Aero Lda,PT,SME\n".encode("cp1252"))
    table = read_exchanges(path)
    assert table.exchanges[0].host.name == "Pôle Véhicule"
    assert table.warnings[0].message.startswith(
        "not UTF-8 (first bad byte on line 2): read as Windows-1252"
    )


def test_text_streams_and_byte_streams() -> None:
    assert read_exchanges_csv(io.StringIO(f"\ufeff{HEADER}\n{GOOD}\n")).rows == (2,)
    assert read_exchanges_csv(io.BytesIO(f"{HEADER}\n{GOOD}\n".encode())).rows == (2,)  # type: ignore[arg-type]


def test_a_stream_in_the_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"host,visitor\n\xff\xfe\xfa,x\n")
    with (
        path.open(encoding="utf-8") as stream,
        pytest.raises(InvalidFileError, match="declared encoding"),
    ):
        read_exchanges_csv(stream)


def test_read_exchanges_chooses_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "exchanges.dat"
    path.write_text(f"{HEADER}\n{GOOD}\n")
    assert read_exchanges(path).rows == (2,)
    assert read_exchanges(str(path), format=" CSV ").file == str(path)
    (tmp_path / "j.dat").write_text('[{"host": "A", "visitor": "B"}]')
    assert read_exchanges(tmp_path / "j.dat").rows == (1,)  # names are enough
    (tmp_path / "k.dat").write_text('[{"host": "", "visitor": "B"}]')
    assert read_exchanges(tmp_path / "k.dat").error_rows() == (1,)
    with pytest.raises(InvalidFileError, match=r"save it as \.xlsx"):
        read_exchanges(tmp_path / "old.xls")
    (tmp_path / "old.bin").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest")
    with pytest.raises(InvalidFileError, match=r"old \.xls"):
        read_exchanges(tmp_path / "old.bin")
    with pytest.raises(InvalidValueError, match="unknown table format"):
        read_exchanges(path, format="ods")
    with pytest.raises(InvalidValueError, match="expected a path"):
        read_exchanges(io.StringIO("x"))  # type: ignore[arg-type]


# -- no silent loss ---------------------------------------------------------------------------

GOOD_CELLS = {
    "host": "Hamburg Aviation", "host_country": "DE", "host_kind": "cluster organisation",
    "visitor": "Aero Lda", "visitor_country": "Portugal", "visitor_kind": "SME",
    "start": "06/03/2023", "end": "2023-03-17", "working_days": "10", "status": "Completed",
    "distance_km": "1800,5", "visitor_pic": "949123456", "relation": "outside",
}  # fmt: skip
BAD_VALUES = {
    "host": [""], "host_country": ["Narnia"], "host_kind": ["robot"],
    "visitor": [" "], "visitor_country": ["ZZ"], "visitor_kind": ["robot"],
    "start": ["2023-02-30", "tomorrow"], "end": ["2023-01-01", "32.1.2023"],
    "working_days": ["-1", "x"], "status": ["odd"], "distance_km": ["-3", "1,2.3"],
    "visitor_pic": ["123"], "relation": ["sideways"],
}  # fmt: skip
COLUMN_NAMES = list(GOOD_CELLS)


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[bool]]:
    """A CSV table with random bad cells; for each data row, whether it should load."""
    sizes = draw(st.lists(st.sampled_from(["good", "bad", "blank"]), max_size=25))
    seed = draw(st.integers(0, 2**32))
    chooser = random.Random(seed)
    lines = [",".join(COLUMN_NAMES)]
    loads: list[bool] = []
    for kind in sizes:
        if kind == "blank":
            lines.append(",," if chooser.random() < 0.5 else "")
            continue
        cells = dict(GOOD_CELLS)
        if kind == "bad":
            for column in chooser.sample(list(BAD_VALUES), chooser.randint(1, 3)):
                cells[column] = chooser.choice(BAD_VALUES[column])
        lines.append(",".join(f'"{cells[c]}"' for c in COLUMN_NAMES))
        loads.append(kind == "good")
    return "\n".join(lines) + "\n", loads


@given(tables())
def test_no_row_is_lost_silently(table_and_loads: tuple[str, list[bool]]) -> None:
    text, loads = table_and_loads
    table = read(text)
    assert table.rows_read == len(loads)
    assert table.rows_read == len(table.exchanges) + len(table.error_rows())
    assert len(table.exchanges) == sum(loads)
    assert list(table.rows) == sorted(table.rows)  # file order
    assert set(table.rows).isdisjoint(table.error_rows())
    assert all(p.row is not None and p.column in GOOD_CELLS for p in table.errors)


@given(st.lists(st.dictionaries(st.sampled_from(["host", "Visitor", "start", "Status", "x", " "]),
                                st.one_of(st.none(), st.text(max_size=8), st.integers(-5, 5),
                                          st.booleans(), st.floats(), st.dates())),
                max_size=10))  # fmt: skip
def test_no_row_is_lost_whatever_the_cells(rows: list[dict[str, object]]) -> None:
    table = parse_exchange_rows(rows)
    assert table.rows_read == len(table.exchanges) + len(table.error_rows())
    blank = sum(
        all(v is None or (isinstance(v, str) and not v.strip()) for v in r.values()) for r in rows
    )
    assert table.rows_read == len(rows) - blank


def test_a_last_row_with_a_closed_multi_line_cell_is_fine() -> None:
    table = read(f'{HEADER},remarks\n{GOOD},"two\nlines"\n')
    assert [e.remarks for e in table.exchanges] == ["two\nlines"]


def test_a_file_of_only_empty_cells_has_no_header(tmp_path: Path) -> None:
    assert "no header row" in str(unusable('""\n"",""\n', tmp_path))


@pytest.mark.parametrize(
    ("path", "words"),
    [("a\x00b.csv", "cannot read the file"), ("x" * 5000 + ".csv", "cannot read the file")],
)
def test_paths_that_cannot_be_opened(path: str, words: str) -> None:
    with pytest.raises(InvalidFileError, match=words):
        read_exchanges(path)


def test_broken_utf16(tmp_path: Path) -> None:
    assert "not valid UTF-16" in str(unusable(b"\xff\xfeh\x00\x00\xd8", tmp_path))


class _BrokenStream(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        raise OSError("disk on fire")


class _OddStream(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        return 42  # type: ignore[return-value]


def test_streams_that_fail() -> None:
    with pytest.raises(InvalidFileError, match="cannot read the stream: disk on fire"):
        read_exchanges_csv(_BrokenStream())
    with pytest.raises(InvalidFileError, match="expected a text stream, got int"):
        read_exchanges_csv(_OddStream())


def test_a_workbook_under_another_suffix_is_recognised(tmp_path: Path) -> None:
    from clusterxchange.io import write_table

    path = tmp_path / "export.dat"
    write_table(path, HEADER.split(","), [GOOD.split(",")], format="xlsx")
    assert read_exchanges(path).rows == (2,)


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"distance_km": float("nan")}, "distance_km", "finite"),
        ({"distance_km": 10**400}, "distance_km", "sensible size"),
        ({"distance_km": "1e999"}, "distance_km", "finite"),
        ({"distance_km": Decimal("sNaN")}, "distance_km", "finite"),
        ({"distance_km": [1]}, "distance_km", "found a list"),
        ({"working_days": -3}, "working_days", ">= 0"),
        ({"working_days": {"d": 1}}, "working_days", "found an object"),
        ({"start": 12}, "start", "found the number 12"),
        ({"start": [2023]}, "start", "found a list"),
        ({"remarks": float("inf")}, "remarks", "expected text"),
        ({"remarks": object()}, "remarks", "found object"),
        ({"remarks": 10**5000}, "remarks", "thousands of digits"),
        ({"working_days": -(10**5000)}, "working_days", "too large"),
        ({"working_days": Decimal("1e999999")}, "working_days", "too large"),
        ({"working_days": 10**9}, "working_days", "too large"),
        ({"working_days": float("nan")}, "working_days", "whole number"),
        ({"working_days": "1000000000"}, "working_days", "such as 5"),
    ],
)
def test_typed_cells_from_other_tools(cells: dict[str, object], column: str, words: str) -> None:
    row = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    table = parse_exchange_rows([{**row, **cells}])
    assert [(p.row, p.column) for p in table.errors] == [(2, column)]
    assert words in table.errors[0].message


def test_typed_cells_that_read_fine() -> None:
    row = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    table = parse_exchange_rows([{
        **row, "start": dt.datetime(2023, 3, 6, 8, 0), "working_days": 5.0, "remarks": 2.5,
        "event": dt.date(2023, 3, 6), "visitor_clusters": [" ", "Pemas", None],
    }])  # fmt: skip
    (exchange,) = table.exchanges
    assert (exchange.start, exchange.working_days) == (dt.date(2023, 3, 6), 5)
    assert (exchange.remarks, exchange.event) == ("2.5", "2023-03-06")
    assert [c.name for c in exchange.visitor.clusters or ()] == ["Pemas"]
