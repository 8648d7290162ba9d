"""One cell for both days of an exchange (a ``Dates`` or ``Period`` column), read as two."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.io import read_exchanges, read_exchanges_csv, read_exchanges_json
from clusterxchange.io._period import period_days, split_period
from clusterxchange.model.errors import InvalidFileError

MARCH_6, MARCH_17 = dt.date(2023, 3, 6), dt.date(2023, 3, 17)


@pytest.mark.parametrize(
    "text",
    [
        "06/03/2023 - 17/03/2023",
        "06/03/2023–17/03/2023",
        "2023-03-06 – 2023-03-17",
        "2023-03-06/2023-03-17",
        "06-03-2023 - 17-03-2023",
        "6 March 2023 to 17 March 2023",
        "from 06/03/2023 to 17/03/2023",
        "du 06/03/2023 au 17/03/2023",
        "vom 06.03.2023 bis 17.03.2023",
        "del 6 al 17 de marzo de 2023",
        "dal 06/03/2023 al 17/03/2023",
        "06.03.–17.03.2023",
        "6 March - 17 March 2023",
        "06/03 - 17/03/2023",
        "6-17 March 2023",
        "6.–17.03.2023",
        "  06/03/2023  -  17/03/2023  ",
    ],
)
def test_a_period_as_coordinators_write_it(text: str) -> None:
    days = period_days(text)
    assert not isinstance(days, str), days
    table = read_exchanges_csv(io.StringIO(f'Host,Visitor,Dates\nA,B,"{text}"\n'), file="x.csv")
    assert table.errors == ()
    assert (table.exchanges[0].start, table.exchanges[0].end) == (MARCH_6, MARCH_17)


def test_a_first_day_without_its_year_is_before_the_last_one() -> None:
    assert split_period("28.12.–03.01.2024") == ("28.12.2023", "03.01.2024")


@pytest.mark.parametrize(
    "text", ["06/03/2023", "10 days", "March 2023", "06/03/2023 -", "- 17/03/2023", "week 10"]
)
def test_what_is_no_period_is_an_error_of_its_row(text: str) -> None:
    table = read_exchanges_csv(
        io.StringIO(f"Host,Visitor,Period\nA,B,{text}\nC,D,06/03/2023 - 17/03/2023\n"),
        file="x.csv",
    )
    assert [(p.row, p.column) for p in table.errors] == [(2, "period")]
    assert "expected the first and last day of activity, such as 06/03/2023 - 17/03/2023" in (
        table.errors[0].message
    )
    assert table.rows == (3,)  # the other row is read


def test_blank_and_not_recorded_periods_leave_the_days_blank() -> None:
    table = read_exchanges_csv(io.StringIO("Host,Visitor,Dates\nA,B,\nC,D,N/A\n"), file="x.csv")
    assert table.errors == ()
    assert [(e.start, e.end) for e in table.exchanges] == [(None, None), (None, None)]
    assert {w.column for w in table.warnings if "not recorded" in w.message} == {"start", "end"}


def test_a_period_that_ends_before_it_starts_is_refused_as_dates_are() -> None:
    table = read_exchanges_csv(
        io.StringIO("Host,Visitor,Dates\nA,B,17/03/2023 - 06/03/2023\n"), file="x.csv"
    )
    assert [(p.column, p.message) for p in table.errors] == [
        ("end", "the exchange ends (2023-03-06) before it starts (2023-03-17)")
    ]


def test_a_table_with_a_period_and_start_or_end_is_refused() -> None:
    with pytest.raises(InvalidFileError, match="'Dates' gives the first and last days, and"):
        read_exchanges_csv(io.StringIO("Host,Visitor,Dates,Start date\nA,B,x,y\n"), file="x.csv")


def test_json_reads_a_period_member_and_refuses_one_given_twice() -> None:
    objects = [
        {"host": "A", "visitor": "B", "period": "06/03/2023 - 17/03/2023"},
        {"host": "A", "visitor": "C", "period": "06/03/2023 - 17/03/2023", "start": "2023-03-06"},
    ]
    table = read_exchanges_json(io.StringIO(json.dumps(objects)), file="x.json")
    assert (table.exchanges[0].start, table.exchanges[0].end) == (MARCH_6, MARCH_17)
    assert [(p.row, p.column) for p in table.errors] == [(2, "period")]
    assert "and start give them again" in table.errors[0].message


def test_a_workbook_period_and_a_date_where_a_period_belongs(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Host", "Visitor", "Zeitraum"])
    sheet.append(["A", "B", "06.03.2023 - 17.03.2023"])
    sheet.append(["C", "D", dt.datetime(2023, 3, 6)])
    path = tmp_path / "x.xlsx"
    book.save(path)
    table = read_exchanges(path)
    assert (table.exchanges[0].start, table.exchanges[0].end) == (MARCH_6, MARCH_17)
    assert [(p.row, p.column) for p in table.errors] == [(3, "period")]
    assert table.errors[0].message.endswith("found a date")


_DAYS = st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31))
_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d %B %Y", "%-d %b %Y")
_BETWEEN = (" - ", "–", " – ", " to ", " au ", " bis ", "/")


@given(_DAYS, st.integers(0, 40), st.sampled_from(_FORMATS), st.sampled_from(_BETWEEN))
def test_any_two_days_written_as_a_period_read_back(
    first: dt.date, length: int, written: str, between: str
) -> None:
    last = first + dt.timedelta(days=length)
    if between == "/" and "/" in written:
        between = " - "  # a slash between day-first dates written with slashes is no one's
    text = f"{first.strftime(written)}{between}{last.strftime(written)}"
    days = period_days(text)
    assert not isinstance(days, str), text
    table = read_exchanges_json(
        io.StringIO(json.dumps([{"host": "A", "visitor": "B", "period": text}])), file="x.json"
    )
    assert table.errors == ()
    assert (table.exchanges[0].start, table.exchanges[0].end) == (first, last)


@given(st.lists(st.tuples(_DAYS, st.integers(0, 40), st.sampled_from(_FORMATS)), max_size=30))
def test_the_columnar_reader_reads_periods_as_the_row_reader_does(
    periods: list[tuple[dt.date, int, str]],
) -> None:
    texts = [f"{d.strftime(f)} - {(d + dt.timedelta(days=n)).strftime(f)}" for d, n, f in periods]
    texts += ["06/03/2023", "", "N/A"]  # an error, a blank and a "not recorded" among them
    csv_text = "Host,Visitor,Dates\n" + "".join(f"A,V{i},{t}\n" for i, t in enumerate(texts))
    objects = [{"host": "A", "visitor": f"V{i}", "period": t} for i, t in enumerate(texts)]
    by_columns = read_exchanges_csv(io.StringIO(csv_text), file="x")
    by_rows = read_exchanges_json(io.StringIO(json.dumps(objects)), file="x")
    assert by_columns.exchanges == by_rows.exchanges
    assert [(p.column, p.message) for p in by_columns.errors] == [
        (p.column, p.message) for p in by_rows.errors
    ]


def test_check_reads_a_sheet_with_a_dates_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Host organisation,Host country,Host type,Visitor organisation,Visitor country,"
        "Visitor type,Dates\n"
        "Hamburg Aviation,DE,Cluster organisation,Aero Lda,PT,SME,06/03/2023 - 17/03/2023\n",
        encoding="utf-8",
    )
    assert main(["check", str(sheet), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["exchanges"][0]["lump_sum"] == "830.00"
    assert document["exchanges"][0]["working_days"] == 10
