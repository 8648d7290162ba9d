"""A header written over two rows: group headers (merged cells) above the column names.

Coordinators group their columns under ``Host organisation``, ``Visiting organisation`` and
``Dates`` merged over ``Name``, ``Country``, ``Type``, ``From``, ``To``. Read as one row, such
a header loses every column but the host and the visitor, and its second row reads as an
exchange from ``Name`` to ``Name``: these tests read such sheets as people save them.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.io import read_exchanges, read_exchanges_csv
from clusterxchange.io._grouped import GROUP_WORDS, grouped_header
from clusterxchange.model import Exchange, OrganisationKind, Status

TOP = "Host organisation,,,Visiting organisation,,,Dates,,Status"
BELOW = "Name,Country,Type,Name,Country,Type,From,To,"
ROWS = (
    "Hamburg Aviation,DE,Cluster organisation,Aero Lda,PT,SME,06/03/2023,17/03/2023,Completed\n"
    "Flanders Make,BE,Cluster organisation,Pemas,PT,Cluster organisation,08/05/2023,12/05/2023,"
    "Completed\n"
)


def _read(text: str) -> tuple[tuple[Exchange, ...], tuple[int, ...], list[str]]:
    table = read_exchanges_csv(io.StringIO(text), file="sheet.csv")
    assert table.errors == ()
    return table.exchanges, table.rows, [w.message for w in table.warnings]


def _summary(exchanges: tuple[Exchange, ...]) -> list[tuple[object, ...]]:
    return [
        (e.host.name, e.host.country, e.host.kind, e.visitor.name, e.visitor.country,
         e.visitor.kind, e.start, e.end, e.status)
        for e in exchanges
    ]  # fmt: skip


EXPECTED = [
    ("Hamburg Aviation", "DE", OrganisationKind.CLUSTER_ORGANISATION, "Aero Lda", "PT",
     OrganisationKind.SME, dt.date(2023, 3, 6), dt.date(2023, 3, 17), Status.COMPLETED),
    ("Flanders Make", "BE", OrganisationKind.CLUSTER_ORGANISATION, "Pemas", "PT",
     OrganisationKind.CLUSTER_ORGANISATION, dt.date(2023, 5, 8), dt.date(2023, 5, 12),
     Status.COMPLETED),
]  # fmt: skip


def test_a_csv_header_over_two_rows_reads_every_column() -> None:
    exchanges, rows, warnings = _read(f"{TOP}\n{BELOW}\n{ROWS}")
    assert _summary(exchanges) == EXPECTED
    assert rows == (3, 4)  # the second header row is no exchange ("Name" to "Name")
    assert not any("unknown column" in w or "no name in the header" in w for w in warnings)


def test_a_title_above_a_two_row_header_is_the_only_row_skipped() -> None:
    exchanges, rows, warnings = _read(f"Exchanges 2023,,,,,,,,\n\n{TOP}\n{BELOW}\n{ROWS}")
    assert _summary(exchanges) == EXPECTED
    assert rows == (5, 6)
    # The blank line under the title is counted in the span, as above any header.
    assert [w for w in warnings if "above the header" in w] == [
        "rows 1-2 above the header skipped ('Exchanges 2023')"
    ]


def test_a_german_semicolon_sheet_over_two_rows() -> None:
    text = (
        "Gastorganisation;;;Besuchende Organisation;;;Zeitraum;;Status\n"
        "Name;Land;Typ;Name;Land;Typ;Von;Bis;\n"
        "Hamburg Aviation;Deutschland;Clusterorganisation;Aero Lda;Portugal;KMU;06.03.2023;"
        "17.03.2023;Abgeschlossen\n"
        "Flanders Make;Belgien;Clusterorganisation;Pemas;Portugal;Clusterorganisation;"
        "08.05.2023;12.05.2023;Abgeschlossen\n"
    )
    exchanges, rows, _ = _read(text)
    assert _summary(exchanges) == EXPECTED
    assert rows == (3, 4)


def test_group_words_name_the_partnership_of_their_side() -> None:
    text = "Host organisation,,Visitor organisation,\nName,Partnership,Name,Partnership\nA,X,B,Y\n"
    exchanges, _, _ = _read(text)
    assert (exchanges[0].host_partnership, exchanges[0].visitor_partnership) == ("X", "Y")


def test_full_headers_under_a_group_and_a_column_outside_every_group() -> None:
    text = (
        "No.,Host,,Visitor,,Exchange ID\n"
        ",Name,Host country,Name,PIC,\n"
        "1,Hamburg Aviation,DE,Aero Lda,949123456,EX1\n"
    )
    exchanges, _, warnings = _read(text)
    e = exchanges[0]
    assert (e.host.name, e.host.country, e.visitor.name, e.visitor.pic, e.id) == (
        "Hamburg Aviation", "DE", "Aero Lda", "949123456", "EX1"
    )  # fmt: skip
    assert "unknown column 'No.' ignored" in warnings


def test_columns_mapping_applies_under_a_group() -> None:
    text = "Host organisation,,Visitor organisation,\nName,Landcode,Name,Country\nA,DE,B,PT\n"
    table = read_exchanges_csv(
        io.StringIO(text), columns={"Landcode": "host_country"}, file="sheet.csv"
    )
    assert table.errors == ()
    assert (table.exchanges[0].host.country, table.exchanges[0].visitor.country) == ("DE", "PT")


@pytest.mark.parametrize(
    "text",
    [
        # Data under a header with blank columns: no row of column names.
        "Host organisation,,Visitor organisation,,Start,End\n"
        "Hamburg Aviation,DE,Aero Lda,PT,06/03/2023,17/03/2023\n",
        # A title above a one-row header: the title stands for no party and no dates.
        "Exchanges 2023,,,\nHost organisation,Host country,Visitor organisation,Visitor country\n"
        "Hamburg Aviation,DE,Aero Lda,PT\n",
    ],
)
def test_rows_that_are_no_header_together_are_read_as_before(text: str) -> None:
    table = read_exchanges_csv(io.StringIO(text), file="sheet.csv")
    assert table.exchanges[0].host.name == "Hamburg Aviation"
    assert table.exchanges[0].visitor.name == "Aero Lda"
    assert len(table.exchanges) == 1


def test_a_data_row_is_never_a_row_of_column_names() -> None:
    top = ["Host organisation", "", "", "Visitor organisation", "", "", "Dates", ""]
    assert grouped_header(top, ["Hamburg", "DE", "SME", "Aero", "PT", "SME", "x", "y"], {}) is None
    assert grouped_header(top, ["Name", "Country", "Type", "Name", "Country", "Type",
                                "06/03/2023", "17/03/2023"], {}) is None  # fmt: skip
    # From and To are days only under a group of dates: elsewhere, words of no column.
    header = grouped_header(["Host", "", "Visitor", ""], ["Name", "From", "Name", "To"], {})
    assert header is not None
    assert header.columns == ["host", None, "visitor", None]


def test_a_word_of_no_column_under_a_group_is_ignored_with_a_warning(tmp_path: Path) -> None:
    top = "Host organisation,,,,Visiting organisation,,,Dates,,Status"
    below = "Name,Country,Sector,Type,Name,Country,Type,From,To,"
    rows = ROWS.replace(",DE,", ",DE,Aviation,", 1).replace(",BE,", ",BE,Robotics,", 1)
    exchanges, numbers, warnings = _read(f"{top}\n{below}\n{rows}")
    assert _summary(exchanges) == EXPECTED
    assert numbers == (3, 4)
    assert "unknown column 'Host organisation / Sector' ignored" in warnings
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in (top, below, rows.splitlines()[0], rows.splitlines()[1]):
        sheet.append([cell or None for cell in line.split(",")])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    table = read_exchanges(path)
    assert _summary(table.exchanges) == EXPECTED
    assert "unknown column 'Host organisation / Sector' ignored" in [
        w.message for w in table.warnings
    ]


def test_a_side_without_its_name_column_makes_no_row_of_names() -> None:
    top = ["Host organisation", "", "Visitor organisation", ""]
    # Every cell a word, but under the visitor's group nothing names the visitor.
    assert grouped_header(top, ["Name", "Sector", "Sector", "Country"], {}) is None


def _workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Exchanges of the partnership, 2023"])
    sheet.append(["No.", "Host organisation", None, None, "Visiting organisation", None, None,
                  "Dates", None, "Status"])  # fmt: skip
    sheet.append([None, "Name", "Country", "Type", "Name", "Country", "Type", "From", "To"])
    for cells in ("B2:D2", "E2:G2", "H2:I2", "J2:J3", "A2:A3"):
        sheet.merge_cells(cells)
    sheet.append([1, "Hamburg Aviation", "DE", "Cluster organisation", "Aero Lda", "PT", "SME",
                  dt.datetime(2023, 3, 6), dt.datetime(2023, 3, 17), "Completed"])  # fmt: skip
    sheet.append([2, "Flanders Make", "BE", "Cluster organisation", "Pemas", "PT",
                  "Cluster organisation", dt.datetime(2023, 5, 8), dt.datetime(2023, 5, 12),
                  "Completed"])  # fmt: skip
    book.save(path)


def test_a_workbook_with_merged_group_headers(tmp_path: Path) -> None:
    path = tmp_path / "exchanges.xlsx"
    _workbook(path)
    table = read_exchanges(path)
    assert table.errors == ()
    assert _summary(table.exchanges) == EXPECTED
    assert table.rows == (4, 5)
    warnings = [w.message for w in table.warnings]
    assert "row 1 above the header skipped ('Exchanges of the partnership, 2023')" in warnings
    assert not any("merged cells" in w for w in warnings)  # the header's merges are no data


def test_ids_are_written_back_under_a_two_row_header(tmp_path: Path) -> None:
    sheet = tmp_path / "exchanges.csv"
    sheet.write_text(f"{TOP}\n{BELOW}\n{ROWS}", encoding="utf-8")
    book = tmp_path / "exchanges.xlsx"
    _workbook(book)
    for path in (sheet, book):
        assert main(["ids", str(path), "--output", str(path)]) == 0
        table = read_exchanges(path)
        assert table.errors == ()
        assert _summary(table.exchanges) == EXPECTED
        assert all(e.id is not None and e.id.startswith("CXL-") for e in table.exchanges)
        again = tmp_path / f"again{path.suffix}"
        assert main(["ids", str(path), "--output", str(again)]) == 0
        assert read_exchanges(again).exchanges == table.exchanges  # nothing assigned twice


#: (group header, its columns as (header under it, the canonical column the one-row table
#: names)); the property below writes any choice of them, in any order, both ways.
GROUPS = (
    ("Host organisation", (("Name", "host"), ("Country", "host_country"), ("Type", "host_kind"),
                           ("PIC", "host_pic"), ("Partnership", "host_partnership"))),
    ("Visiting organisation", (("Name", "visitor"), ("Country", "visitor_country"),
                               ("Type of entity", "visitor_kind"), ("PIC", "visitor_pic"))),
    ("Dates", (("From", "start"), ("To", "end"))),
)  # fmt: skip
VALUES = {
    "host": "Hamburg Aviation", "host_country": "DE", "host_kind": "Cluster organisation",
    "host_pic": "949123456", "host_partnership": "AEROLINK", "visitor": "Aero Lda",
    "visitor_country": "PT", "visitor_kind": "SME", "visitor_pic": "912345678",
    "start": "06/03/2023", "end": "17/03/2023",
}  # fmt: skip


@st.composite
def _layouts(draw: st.DrawFn) -> list[tuple[str, list[tuple[str, str]]]]:
    order = draw(st.permutations(range(len(GROUPS))))
    layout = []
    for i in order:
        group, columns = GROUPS[i]
        rest = draw(st.lists(st.sampled_from(columns[1:] if i < 2 else columns), unique=True))
        chosen = [columns[0], *rest] if i < 2 else rest
        if chosen:
            layout.append((group, chosen))
    return layout


@given(_layouts(), st.sampled_from([",", ";"]), st.booleans())
def test_two_rows_read_as_the_one_row_header_they_stand_for(
    layout: list[tuple[str, list[tuple[str, str]]]], delimiter: str, merged_text: bool
) -> None:
    top: list[str] = []
    below: list[str] = []
    canonical: list[str] = []
    for group, columns in layout:
        for k, (header, column) in enumerate(columns):
            # A merged cell saved as CSV is blank after its first column; read from .xlsx it
            # repeats its text.
            top.append(group if k == 0 or merged_text else "")
            below.append(header)
            canonical.append(column)
    row = delimiter.join(VALUES[c] for c in canonical)
    two = f"{delimiter.join(top)}\n{delimiter.join(below)}\n{row}\n"
    one = f"{delimiter.join(canonical)}\n{row}\n"
    grouped = read_exchanges_csv(io.StringIO(two), file="two.csv")
    plain = read_exchanges_csv(io.StringIO(one), file="one.csv")
    assert grouped.errors == plain.errors == ()
    assert grouped.exchanges == plain.exchanges
    assert grouped.rows == (3,)


def test_every_group_word_is_folded_and_none_is_in_two_places_it_could_clash() -> None:
    assert GROUP_WORDS["start"].isdisjoint(GROUP_WORDS["end"])
    assert GROUP_WORDS["name"].isdisjoint(GROUP_WORDS["kind"] | GROUP_WORDS["partnership"])
