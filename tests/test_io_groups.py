"""Group rows: a ``Number of visitors`` on a row is that many exchanges, in KPIs and budgets."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.eligibility import check_dataset
from clusterxchange.io import (
    EXCHANGE_COLUMNS,
    ExchangeTable,
    read_exchanges,
    read_exchanges_csv,
    read_exchanges_excel,
    read_exchanges_json,
    write_exchanges,
)
from clusterxchange.io._groups import MAX_VISITORS, expand_group
from clusterxchange.kpi import kpis
from clusterxchange.model import Exchange, Organisation
from clusterxchange.reports.budgets import budget

# A coordinator's sheet: one line per visit, and the group at the hydrogen days written as one
# line with its number of visitors (row 4). The visitors of row 5 are listed by name.
SHEET = """\
Exchange ID,Host organisation,Host country,Host type,Visiting organisation,Visitor country,\
Visitor type,VOP,Event,Start date,End date,Status,Distance,Number of visitors
EG112KA1,Elbmarsch Hydrogen Network,DE,Cluster organisation,Vestkyst Blade Service ApS,DK,\
SME,TIDEWAY,,2023-05-08,2023-05-12,Completed,450,
,Skovlund Wind Cluster,DK,Cluster organisation,Maré Viva Robotics Lda,PT,SME,TIDEWAY,,\
2023-06-05,2023-06-09,Completed,2500,1
EG118KA3,Elbmarsch Hydrogen Network,DE,Cluster organisation,Napfény Grid Kft.,HU,SME,\
TIDEWAY,Hydrogen days,2023-09-04,2023-09-08,Completed,1100,5
,Körfez Marine Tech Cluster,TR,Cluster organisation,Salina Aquatech Lda; Ondaforte S.A.; \
Atlântida Incubadora,PT,SME,TIDEWAY,,2023-10-02,2023-10-06,Completed,3900,3
"""


def read(text: str = SHEET, file: str = "ours.csv") -> ExchangeTable:
    return read_exchanges_csv(io.StringIO(text), file=file)


# -- worked examples ----------------------------------------------------------------------------


def test_a_group_row_of_five_is_five_exchanges_sharing_its_row() -> None:
    table = read()
    assert table.errors == ()
    assert table.rows == (2, 3, 4, 4, 4, 4, 4, 5, 5, 5)
    assert table.rows_read == 4 == len(set(table.rows)) + len(table.error_rows())
    group = [e for row, e in zip(table.rows, table.exchanges, strict=True) if row == 4]
    assert [e.visitor.name for e in group] == [
        "Napfény Grid Kft.",
        "Napfény Grid Kft. (visitor 2 of 5, row 4)",
        "Napfény Grid Kft. (visitor 3 of 5, row 4)",
        "Napfény Grid Kft. (visitor 4 of 5, row 4)",
        "Napfény Grid Kft. (visitor 5 of 5, row 4)",
    ]
    # Every visitor of the group is of the row's country, kind and partnership, at its event.
    assert {(e.visitor.country, e.visitor.kind.value) for e in group} == {("HU", "sme")}  # type: ignore[union-attr]
    assert {(e.visitor_partnership, e.event, e.distance_km) for e in group} == {
        ("TIDEWAY", "Hydrogen days", 1100.0)
    }
    # The row's ID is the first visitor's only: one ID names one exchange.
    assert [e.id for e in group] == ["EG118KA3", None, None, None, None]


def test_a_number_of_visitors_not_recorded_is_one_visitor_with_its_warning() -> None:
    # "N/A" is read as a blank cell: one visitor. Its warning comes after the row's own
    # columns' (found by the no-silent-loss property: it raised a KeyError before).
    table = read(SHEET.replace(",2500,1\n", ",2500,N/A\n"))
    assert table.errors == ()
    assert table.rows == (2, 3, 4, 4, 4, 4, 4, 5, 5, 5)
    assert any(
        w.column == "visitor_count" and "'N/A' read as not recorded" in w.message
        for w in table.warnings
    )


def test_the_visitors_a_cell_lists_are_one_exchange_each() -> None:
    table = read()
    listed = [e for row, e in zip(table.rows, table.exchanges, strict=True) if row == 5]
    assert [e.visitor.name for e in listed] == [
        "Salina Aquatech Lda",
        "Ondaforte S.A.",
        "Atlântida Incubadora",
    ]
    # No event on the row: the group is named after it.
    assert {e.event for e in listed} == {"group on row 5"}


def test_each_group_row_is_reported_once() -> None:
    messages = [
        (p.row, p.column, p.message) for p in read().warnings if p.column == "visitor_count"
    ]
    assert messages == [
        (4, "visitor_count", "1 line read as 5 exchanges (visitor_count); its ID EG118KA3 is "
         "kept on the first of them only"),
        (5, "visitor_count", "1 line read as 3 exchanges (visitor_count)"),
    ]  # fmt: skip
    assert str(read().warnings[0]).startswith("ours.csv, row 4, column visitor_count: 1 line")


def test_kpis_count_the_group_as_five_exchanges() -> None:
    table = read()
    report = kpis(table.exchanges, partnership="TIDEWAY")
    assert report.completed == 10  # 1 + 1 + 5 + 3
    assert report.duplicates == ()
    assert report.as_dict(rows=table.rows)["by_event"] == {"Hydrogen days": 5, "group on row 5": 3}


def test_budgets_price_the_group_five_times() -> None:
    table = read()
    lines = budget(table.exchanges, "cxc2").lines
    group = [line for line in lines if line.exchange.event == "Hydrogen days"]
    # Germany's ceiling for a stay of 5 working days over 200 km: €830.00 for each visitor.
    assert [line.amount for line in group] == [Decimal("830.00")] * 5
    assert budget(table.exchanges, "cxc2").by_host_country["DE"].payable == Decimal("4980.00")


def test_visitor_once_does_not_take_the_unnamed_visitors_for_one_organisation() -> None:
    table = read()
    verdict = check_dataset(table.exchanges)
    assert verdict.findings == ()
    assert all("visitor_once" not in v.rules() for v in verdict.verdicts)


def test_a_group_rows_pic_stays_with_its_named_visitor() -> None:
    text = (
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,visitor_pic,"
        "start,end,visitor_count\n"
        "Elbmarsch Hydrogen Network,DE,cluster,Napfény Grid Kft.,HU,SME,912400011,"
        "2023-09-04,2023-09-08,3\n"
    )
    table = read(text)
    assert [e.visitor.pic for e in table.exchanges] == ["912400011", None, None]
    assert check_dataset(table.exchanges).findings == ()


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("0", "expected a number of visitors from 1, found '0'"),
        ("-2", "expected a number of visitors from 1, found '-2'"),
        ("2.5", "expected a whole number of visitors such as 5, found '2.5'"),
        ("five", "expected a whole number of visitors such as 5, found 'five'"),
        ("5 visitors", "expected a whole number of visitors such as 5, found '5 visitors'"),
        (
            str(MAX_VISITORS + 1),
            f"expected at most {MAX_VISITORS} visitors on one row, found '{MAX_VISITORS + 1}': "
            "write a larger group on several rows",
        ),
    ],
)
def test_a_count_that_is_not_a_number_of_visitors_is_a_cell_error(cell: str, message: str) -> None:
    text = (
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,Number of visitors\n"
        "Hamburg Aviation,DE,cluster,Aero Lda,PT,SME,1\n"
        f"Hamburg Aviation,DE,cluster,Wattwerk GmbH,DE,SME,{cell}\n"
    )
    table = read(text, file="x.csv")
    assert [str(p) for p in table.errors] == [f"x.csv, row 3, column visitor_count: {message}"]
    assert table.rows == (2,)
    assert table.rows_read == 2


@pytest.mark.parametrize("cell", ["", "1", "1.0", " 1 "])
def test_a_blank_or_one_is_one_exchange_without_a_warning(cell: str) -> None:
    text = (
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,Participants\n"
        f"Hamburg Aviation,DE,cluster,Aero Lda,PT,SME,{cell}\n"
    )
    table = read(text)
    assert (len(table.exchanges), table.errors) == (1, ())
    assert table.exchanges[0].event is None
    assert not [p for p in table.warnings if p.column == "visitor_count"]


def test_listed_names_must_match_the_count_and_cannot_share_a_pic() -> None:
    text = (
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,visitor_pic,"
        "visitor_count\n"
        "Hamburg Aviation,DE,cluster,Aero Lda; Wattwerk GmbH,PT,SME,,3\n"
        "Hamburg Aviation,DE,cluster,Aero Lda; Wattwerk GmbH,PT,SME,912300011,2\n"
    )
    table = read(text, file="x.csv")
    assert table.exchanges == ()
    assert [str(p) for p in table.errors] == [
        "x.csv, row 2, column visitor: the visitor cell names 2 visitors and visitor_count is 3: "
        "give one name per visitor, or a single name for the group",
        "x.csv, row 3, column visitor_pic: one PIC (912300011) for the 2 visitors the visitor "
        "cell names: write each visitor with a PIC on its own row",
    ]


def test_a_bad_row_reports_a_bad_count_beside_its_other_errors() -> None:
    text = (
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,start,visitor_count\n"
        "Hamburg Aviation,DE,cluster,Aero Lda,PT,SME,2023-02-30,none\n"
    )
    assert [p.column for p in read(text).errors] == ["start", "visitor_count"]


def test_json_and_excel_counts_are_numbers() -> None:
    row = {
        "host": "Hamburg Aviation",
        "host_country": "DE",
        "host_kind": "cluster",
        "visitor": "Aero Lda",
        "visitor_country": "PT",
        "visitor_kind": "SME",
    }
    document = [{**row, "visitor_count": 4}, {**row, "visitor": "B", "visitor_count": 2.0}]
    table = read_exchanges_json(io.StringIO(json.dumps(document)), file="x.json")
    assert (table.rows, table.errors) == ((1, 1, 1, 1, 2, 2), ())
    bad = read_exchanges_json(io.StringIO(json.dumps([{**row, "visitor_count": True}])))
    assert [p.message for p in bad.errors] == ["expected a whole number of visitors, found bool"]
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*row, "Number of visitors"])
    sheet.append([*row.values(), 3])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    assert read_exchanges_excel(stream, file="x.xlsx").rows == (2, 2, 2)


def test_written_back_each_visitor_is_a_row_of_its_own(tmp_path: Path) -> None:
    table = read()
    assert "visitor_count" not in EXCHANGE_COLUMNS
    path = tmp_path / "back.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_exchanges(stream, table.exchanges)
    again = read_exchanges(path)
    assert again.exchanges == table.exchanges
    assert again.rows == tuple(range(2, 2 + len(table.exchanges)))


# -- properties ---------------------------------------------------------------------------------

HOST = Organisation(name="Elbmarsch Hydrogen Network", country="DE", kind="cluster_organisation")
NAMES = st.text(
    st.characters(whitelist_categories=("L", "Nd", "Zs"), max_codepoint=0x2FF), min_size=1
).filter(lambda name: name.strip() != "")


@given(
    name=NAMES,
    count=st.integers(1, 40),
    row=st.integers(2, 10_000),
    pic=st.sampled_from([None, "912400011"]),
    listed=st.booleans(),
)
def test_expanding_a_group_row_of_n_gives_exactly_n_distinct_visitors(
    name: str, count: int, row: int, pic: str | None, listed: bool
) -> None:
    visitor = Organisation(name=name, country="HU", kind="sme", pic=pic)
    row_exchange = Exchange(host=HOST, visitor=visitor, id="EG118KA3", start=dt.date(2023, 9, 4))
    names = [f"{name} {k}" for k in range(count)] if listed else []
    group = expand_group(row_exchange, count, row=row, names=names)
    assert len(group) == count
    assert len({e.visitor.name for e in group}) == count
    assert [e.id for e in group] == ["EG118KA3"] + [None] * (count - 1)
    assert all(e.host is HOST and e.start == row_exchange.start for e in group)
    # The named visitor is the row's own; a PIC names it alone.
    if not listed:
        assert group[0].visitor == visitor
        assert all(e.visitor.pic is None for e in group[1:])


@given(st.lists(st.one_of(st.none(), st.integers(1, 12)), min_size=1, max_size=12))
def test_kpi_totals_are_the_sum_of_the_visitor_counts(counts: list[int | None]) -> None:
    lines = [
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,start,status,"
        "Number of visitors"
    ]
    for k, count in enumerate(counts):
        lines.append(
            f"Elbmarsch Hydrogen Network,DE,cluster,Visitor {k},HU,SME,2023-09-04,completed,"
            f"{'' if count is None else count}"
        )
    table = read("\n".join(lines) + "\n")
    expected = sum(1 if count is None else count for count in counts)
    assert table.errors == ()
    assert len(table.exchanges) == expected
    assert kpis(table.exchanges).completed == expected
    assert (
        len(budget(table.exchanges, "cxc2").lines) + len(budget(table.exchanges, "cxc2").unpriced)
        == expected
    )
