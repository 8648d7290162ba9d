"""The record columns: the Final Activity Report's days and the payment, read from a sheet.

``report_submitted``, ``report_validated``, ``paid_on`` and ``paid_amount`` build an exchange's
``documents.final_report`` and ``payment``, so ``budget --on`` and ``report`` tell overdue
payments from a coordinator's sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.io import read_exchanges, read_exchanges_csv, write_exchanges
from clusterxchange.io._numbers import read_amount
from clusterxchange.io._outcome import CellError, Noted
from clusterxchange.lifecycle import lifecycle_findings
from clusterxchange.model import (
    Documents,
    Exchange,
    FinalReport,
    Organisation,
    Payment,
    Status,
)

# A coordinator's sheet: the headers they write, day-first dates, a decimal comma, € amounts.
HEADER = (
    "Exchange ID;Host organisation;Country of host;Type of entity;Visiting organisation;"
    "Visitor country;Type of entity;Visitor cluster membership;Start date;End date;"
    "Number of working days;Distance (km);Status;Generation;Final report submitted;"
    "Final activity report validated;Date of payment;Amount paid (EUR)\r\n"
)
ROW = (
    "{id};Hamburg Aviation;Germany;Cluster organisation;{visitor};Portugal;SME;Pemas;"
    "05/02/2024;16/02/2024;10;2 200;Completed;cxc2;{submitted};{validated};{paid_on};{amount}\r\n"
)


def sheet_text(*rows: tuple[str, str, str, str, str, str]) -> str:
    return HEADER + "".join(
        ROW.format(id=i, visitor=v, submitted=s, validated=val, paid_on=p, amount=a)
        for i, v, s, val, p, a in rows
    )


SHEET = sheet_text(
    ("X1", "Aero Lda", "26/02/2024", "01/03/2024", "", ""),  # validated, not paid
    ("X2", "Beta Lda", "26/02/2024", "01/03/2024", "15/03/2024", "830,00 €"),  # paid
    ("X3", "Gamma Lda", "", "", "", ""),  # no validation day: cannot be told
    ("X4", "Delta Lda", "", "25/03/2024", "", ""),  # validated late: not yet due
)


def budget_on(sheet: Path, day: str, *options: str) -> tuple[int, str]:
    """Run ``budget`` on *sheet* for *day*: the exit code and what it printed."""
    printed = io.StringIO()
    return main(["budget", str(sheet), "--on", day, *options], out=printed), printed.getvalue()


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "tracking.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


# --- reading --------------------------------------------------------------------------------


def test_the_sheet_records_reports_and_payments(sheet: Path) -> None:
    table = read_exchanges(sheet)
    assert table.errors == ()
    x1, x2, x3, x4 = table.exchanges
    assert x1.documents.final_report == FinalReport(
        submitted=dt.date(2024, 2, 26), validated=dt.date(2024, 3, 1)
    )
    assert x1.payment is None
    assert x2.payment == Payment(date=dt.date(2024, 3, 15), amount=Decimal("830.00"))
    assert x3.documents == Documents()
    assert x3.payment is None
    # A validation day without a submission day: taken as submitted that day, with a warning.
    assert x4.documents.final_report == FinalReport(
        submitted=dt.date(2024, 3, 25), validated=dt.date(2024, 3, 25)
    )
    (warning,) = [w for w in table.warnings if w.column == "report_submitted"]
    assert warning.row == 5
    assert "taken as submitted on the day it was validated" in warning.message


@pytest.mark.parametrize(
    ("headers", "language"),
    [
        (("Abschlussbericht eingereicht", "Abschlussbericht validiert", "Zahlungsdatum",
          "Gezahlter Betrag"), "de"),
        (("Rapport final soumis", "Rapport final validé", "Date de paiement", "Montant payé"),
         "fr"),
        (("Informe final presentado", "Informe final validado", "Fecha de pago",
          "Importe pagado"), "es"),
        (("FAR submitted", "Final report validated", "Payment date", "Paid"), "en"),
    ],
)  # fmt: skip
def test_natural_headers_in_other_languages(headers: tuple[str, ...], language: str) -> None:
    text = (
        f"Host;Visitor;{';'.join(headers)}\r\n"
        "Hamburg Aviation;Aero Lda;28/02/2024;01.03.2024;2 April 2024;1.100,50\r\n"
    )
    table = read_exchanges_csv(io.StringIO(text))
    assert table.errors == (), language
    (exchange,) = table.exchanges
    assert exchange.documents.final_report == FinalReport(
        submitted=dt.date(2024, 2, 28), validated=dt.date(2024, 3, 1)
    )
    assert exchange.payment == Payment(date=dt.date(2024, 4, 2), amount=Decimal("1100.50"))


@pytest.mark.parametrize(
    ("cells", "column", "expected"),
    [
        (("05/03/2024", "01/03/2024", "", ""), "report_validated",
         "validated (2024-03-01) before it was submitted (2024-03-05)"),
        (("", "01/03/2024", "15/03/2024", "-830"), "paid_amount", "an amount >= 0 EUR"),
        (("", "01/03/2024", "15/03/2024", ""), "paid_amount",
         "paid_on is given but paid_amount is blank"),
        (("", "01/03/2024", "", "830"), "paid_on", "paid_amount is given but paid_on is blank"),
        (("", "31/02/2024", "", ""), "report_validated", "2024"),
        (("", "", "15/03/2024", "paid"), "paid_amount", "expected an amount in euros"),
        (("next week", "01/03/2024", "", ""), "report_submitted", "next week"),
        (("", "01/03/2024", "someday", "830"), "paid_on", "someday"),
        (("", "", "15/03/2024", "830,0051"), "paid_amount", "an amount in whole cents"),
    ],
)  # fmt: skip
def test_bad_cells_name_file_row_column_and_what_was_expected(
    tmp_path: Path, cells: tuple[str, str, str, str], column: str, expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(sheet_text(("X1", "Aero Lda", *cells)), encoding="utf-8")
    table = read_exchanges(path)
    assert table.exchanges == ()
    (error,) = table.errors
    assert (error.file, error.row, error.column) == (str(path), 2, column)
    assert expected in error.message


def test_read_amount() -> None:
    assert read_amount("EUR 1 100,00") == Decimal("1100.00")
    assert read_amount("€830") == Decimal("830.00")
    assert read_amount(830.5) == Decimal("830.50")
    assert read_amount("1.100", decimal=",") == Decimal("1100.00")
    assert read_amount("1.100", decimal=".") == Decimal("1.10")
    ambiguous = read_amount("1,100")
    assert isinstance(ambiguous, Noted)
    assert ambiguous.value == Decimal("1100.00")
    inferred = read_amount("1.100", decimal=",", evidence="'640,2' on row 3")
    assert isinstance(inferred, Noted)
    assert "'640,2' on row 3" in inferred.note
    for junk in ("", "€", "EUR EUR 5", "ca. 800", "yes", True, [830]):
        with pytest.raises(CellError):
            read_amount(junk)


# --- lifecycle: no new warnings for what a sheet records --------------------------------------


def test_a_recorded_validation_brings_no_spurious_lifecycle_warning(sheet: Path) -> None:
    table = read_exchanges(sheet)
    x1, x2, x3, x4 = table.exchanges
    for exchange in (x1, x3, x4):
        assert lifecycle_findings(exchange) == ()
    # A payment on a completed row is a real disagreement, as it was for any exchange.
    assert [f.message for f in lifecycle_findings(x2)] == [
        "a payment is recorded, but the status is completed"
    ]


def test_a_row_with_only_the_record_columns() -> None:
    text = (
        "host,visitor,end,report_submitted,report_validated,paid_on,paid_amount\n"
        "Hamburg Aviation,Aero Lda,,2024-02-26,2024-03-01,2024-03-15,830\n"
        "Hamburg Aviation,Beta Lda,2024-03-01,2024-02-26,,,\n"
    )
    table = read_exchanges_csv(io.StringIO(text))
    assert table.errors == ()
    paid, early = table.exchanges
    assert paid.status is Status.REGISTERED  # the default, with its own warning
    assert [f.message for f in lifecycle_findings(paid)] == [
        "a payment is recorded, but the status is registered"
    ]
    # Dates out of order are still told: a report submitted before the last day.
    (finding,) = lifecycle_findings(early)
    assert "a submission on or after the last day of activity (2024-03-01)" in finding.message
    # A paid row with its payment recorded is consistent.
    assert lifecycle_findings(Exchange(**{**_fields(paid), "status": Status.PAID})) == ()


def _fields(exchange: Exchange) -> dict[str, object]:
    import attrs

    return attrs.asdict(exchange, recurse=False)


# --- budget and report find the overdue payments -----------------------------------------------


def test_budget_finds_the_overdue_payment(sheet: Path) -> None:
    code, text = budget_on(sheet, "2024-04-01", "--format", "json")
    assert code == 1  # a payment is overdue
    result = json.loads(text)
    # cxc2 pays within payment_days (calendar days) of the validation: 1 March + 10 days.
    assert result["overdue"] == [
        {
            "row": 2,
            "id": "X1",
            "due": "2024-03-11",
            "days_overdue": 21,
            "amount": "830.00",
            "reason": None,
        }
    ]
    assert result["due_unknown"] == [4]  # only the row without a validation day
    assert result["totals"]["paid"] == "830.00"


def test_nothing_is_overdue_before_the_due_day_or_once_paid(sheet: Path) -> None:
    _, text = budget_on(sheet, "2024-03-11", "--format", "json")
    assert json.loads(text)["overdue"] == []
    _, text = budget_on(sheet, "2024-04-01")
    assert "1 payable exchange has no validated final report recorded (no report_validated" in text
    assert "row 2 (X1): due" in text
    assert "X2" not in text.split("Overdue payments")[1]


def test_report_finds_the_overdue_payment(sheet: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    argv = ["report", str(sheet), "--on", "2024-04-01", "--format", "markdown"]
    main([*argv, "--output", str(out)], out=io.StringIO())
    text = out.read_text(encoding="utf-8")
    assert "cannot tell for 1 payable exchange," in text
    assert "Payments overdue on" in text
    assert "X1" in text.split("Payments overdue on")[-1]


# --- round trip: read -> write -> read ----------------------------------------------------------

HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
VISITOR = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
DAYS = st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31))
AMOUNTS = st.integers(0, 10**8).map(lambda cents: Decimal(cents).scaleb(-2))


@st.composite
def recorded(draw: st.DrawFn) -> Exchange:
    report = None
    if draw(st.booleans()):
        submitted = draw(DAYS)
        validated = draw(st.none() | DAYS.map(lambda d: max(d, submitted)))
        report = FinalReport(submitted=submitted, validated=validated)
    payment = draw(st.none() | st.builds(Payment, date=DAYS, amount=AMOUNTS))
    return Exchange(
        host=HOST,
        visitor=VISITOR,
        status=draw(st.sampled_from(Status)),
        documents=Documents(final_report=report),
        payment=payment,
    )


@given(st.lists(recorded(), max_size=4), st.sampled_from(["csv", "xlsx"]))
def test_records_round_trip_through_a_written_table(items: list[Exchange], format: str) -> None:
    out: io.StringIO | io.BytesIO = io.StringIO() if format == "csv" else io.BytesIO()
    write_exchanges(out, items, format=format)  # type: ignore[arg-type]
    if isinstance(out, io.StringIO):
        table = read_exchanges_csv(io.StringIO(out.getvalue()))
    else:
        from clusterxchange.io import read_exchanges_excel

        table = read_exchanges_excel(io.BytesIO(out.getvalue()))
    assert table.errors == ()
    assert table.exchanges == tuple(items)
    assert not [w for w in table.warnings if w.column in {"paid_amount", "report_submitted"}]


def test_a_migration_maps_the_record_columns_with_its_date_format(tmp_path: Path) -> None:
    from clusterxchange.io.migration import migrate

    export = tmp_path / "export.csv"
    export.write_text(
        "H;V;Validated;Paid on;Paid\nHamburg Aviation;Aero Lda;01.03.2024;15.03.2024;830,00\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        'date_format = "%d.%m.%Y"\n[columns]\nH = "host"\nV = "visitor"\n'
        'Validated = "report_validated"\n"Paid on" = "paid_on"\nPaid = "paid_amount"\n',
        encoding="utf-8",
    )
    result = migrate(export, mapping)
    (record,) = result.imported
    assert record.exchange.documents.final_report == FinalReport(
        submitted=dt.date(2024, 3, 1), validated=dt.date(2024, 3, 1)
    )
    assert record.exchange.payment == Payment(date=dt.date(2024, 3, 15), amount=Decimal("830"))
    assert "paid_on: '15.03.2024' read as 2024-03-15" in record.changes
