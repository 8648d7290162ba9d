"""Sheets written the way partnerships keep them, read whole: the acceptance tests of real records.

Two layouts nobody shaped for the reader:

- the appendix of a partnership's mid-term report: its own headers, no countries and no dates,
  most rows without an ID, a title above the header and a totals row under the data;
- a coordinator's own sheet with natural headers, day-first and written-out dates, and
  distances written with the file's own number convention (a German or French Excel writes a
  semicolon file in cp1252 with thousands dots and decimal commas).

Each is read as CSV and as a workbook or in both encodings, and must give the same exchanges,
the KPIs the report printed, and the same money.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from clusterxchange import budget, read_exchanges
from clusterxchange.cli import main
from clusterxchange.eligibility import check_dataset
from clusterxchange.kpi import kpis
from clusterxchange.model import OrganisationKind, Status
from clusterxchange.money.pricing import lump_sum

APPENDIX_HEADER = (
    "Exchange no.", "HO", "VO", "VO Type of entity", "Inside/outside partnership",
    "(Group) exchange", "Status", "Remarks",
)  # fmt: skip

#: The appendix of a mid-term report, as printed: twelve exchanges.
APPENDIX_ROWS = (
    ("EG927FA8", "Hamburg Aviation", "Aero Lda", "SME", "Inside", "", "Completed", ""),
    ("", "Lyon Urban Truck", "Baltic Robotics OÜ", "Scaling-up support organisation", "Outside",
     "", "Completed, but without the IT tool", ""),
    ("EG118MA3", "Hamburg Aviation", "Tallinn Robotics Cluster", "Cluster organisation",
     "Inside", "", "Completed", ""),
    ("", "Mesap", "Wattwerk Elektrolyse GmbH", "SME", "Inside", "Mobility days Turin",
     "Completed", ""),
    ("", "Mesap", "Elbe Quay Sensors GmbH", "SME", "Inside", "Mobility days Turin",
     "Completed", ""),
    ("", "Mesap", "Nordlicht Fab Lab e.V.", "Scaling-up support organisation", "Outside",
     "Mobility days Turin", "Completed", ""),
    ("", "Pôle Mer Bretagne", "Havbryg Turbines A/S", "Large company", "Outside", "",
     "Waiting for Final Activity Report", ""),
    ("", "Pôle Mer Bretagne", "Hansekreis Energy Agency", "Public authority", "Inside", "",
     "Completed", ""),
    ("", "Skovlund Wind Cluster", "Costa Serena Lda", "SME", "Inside", "", "Cancelled",
     "visitor withdrew"),
    ("EG204VA1", "Tisza Valley Energy Cluster", "Maré Viva Robotics Lda", "SME", "Inside", "",
     "Waiting for Final Activity Report", ""),
    ("", "Tisza Valley Energy Cluster", "Körfez Marine Tech Cluster", "Cluster organisation",
     "Outside", "", "Completed", ""),
    ("", "Elbmarsch Hydrogen Network", "Ribe Offshore Lab", "Scaling-up support organisation",
     "Inside", "", "Completed, but without the IT tool", ""),
)  # fmt: skip

#: What the report printed beside its appendix.
APPENDIX_KPIS = {
    "completed": 9,
    "pending": 2,
    "outside_partnership": 3,
    "by_visitor_kind": {
        OrganisationKind.SME: 3,
        OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION: 3,
        OrganisationKind.CLUSTER_ORGANISATION: 2,
        OrganisationKind.PUBLIC_AUTHORITY: 1,
        OrganisationKind.LARGE_COMPANY: 0,
    },
}

TITLE = "Annex 2 - ClusterXchange exchanges of the partnership (mid-term report)"


def _appendix_csv(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TITLE] + [""] * 7)
    writer.writerow([""] * 8)
    writer.writerow(APPENDIX_HEADER)
    writer.writerows(APPENDIX_ROWS)
    writer.writerow(["TOTAL", "", "", "", "", "", "12", ""])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def _appendix_xlsx(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(list(APPENDIX_HEADER))
    for row in APPENDIX_ROWS:
        sheet.append([cell or None for cell in row])
    last = 3 + len(APPENDIX_ROWS)
    sheet.append(["TOTAL", None, None, None, None, None, f"=COUNTA(G4:G{last})"])
    book.save(path)
    return path


@pytest.fixture(params=["csv", "xlsx"])
def appendix(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "csv":
        return _appendix_csv(tmp_path / "annex2.csv")
    return _appendix_xlsx(tmp_path / "annex2.xlsx")


def test_the_appendix_is_read_whole(appendix: Path) -> None:
    table = read_exchanges(appendix)
    assert table.errors == ()
    assert len(table.exchanges) == len(APPENDIX_ROWS)
    assert table.rows == tuple(range(4, 4 + len(APPENDIX_ROWS)))
    warnings = " | ".join(w.message for w in table.warnings)
    assert "above the header" in warnings
    assert any(w.row == 4 + len(APPENDIX_ROWS) for w in table.warnings)  # the totals row, skipped
    first = table.exchanges[0]
    assert (first.id, first.host.name, first.visitor.name) == (
        "EG927FA8", "Hamburg Aviation", "Aero Lda",
    )  # fmt: skip
    assert first.host.country is None
    assert first.visitor.kind is OrganisationKind.SME
    assert table.exchanges[8].status is Status.CANCELLED
    assert table.exchanges[3].event == "Mobility days Turin"


def test_the_appendix_counts_as_the_report_did(appendix: Path) -> None:
    report = kpis(read_exchanges(appendix).exchanges)
    assert report.completed == APPENDIX_KPIS["completed"]
    assert report.pending == APPENDIX_KPIS["pending"]
    assert report.outside_partnership == APPENDIX_KPIS["outside_partnership"]
    for kind, count in APPENDIX_KPIS["by_visitor_kind"].items():  # type: ignore[attr-defined]
        assert report.by_visitor_kind[kind] == count


def test_kpis_on_the_appendix_from_the_command_line(
    appendix: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kpis", str(appendix), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["completed"] == 9
    assert document["pending"] == 2
    assert document["outside_partnership"] == 3
    assert document["by_visitor_kind"]["sme"] == 3


def test_the_appendix_is_never_called_eligible(appendix: Path) -> None:
    verdicts = check_dataset(read_exchanges(appendix).exchanges)
    assert not any(v.eligible for v in verdicts)
    for verdict in verdicts:
        assert verdict.outcome == "undecided", verdict.findings
        # No first day and no generation: the generation, and so every rule, is undecided.
        assert {"generation", "start"} <= set(verdict.missing())


def test_check_tells_undecided_from_not_eligible(
    appendix: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(appendix), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    rows = document["exchanges"]
    assert len(rows) == len(APPENDIX_ROWS)
    assert {row["outcome"] for row in rows} == {"undecided"}
    assert all(row["eligible"] is False and row["lump_sum"] is None for row in rows)
    cancelled = rows[8]
    assert cancelled["status"] == "cancelled"
    assert cancelled["lump_sum_note"] == "cancelled: no lump sum is paid"
    assert "start" in rows[0]["missing"]


NATURAL_HEADER = (
    "Host organisation", "Country of host", "Type of entity (host)", "Visiting organisation",
    "Visitor country", "Type of entity", "Start date", "End date", "Distance (km)",
    "Partnership", "Status", "Comments",
)  # fmt: skip

#: A coordinator's sheet: (cells..., distance as the English and as the German Excel writes it).
NATURAL_ROWS = (
    ("Hamburg Aviation", "Germany", "Cluster organisation", "Aero Lda", "Portugal", "SME",
     "06/03/2023", "17/03/2023", ("2,210", "2.210"), "TIDEWAY", "Completed", ""),
    ("Lyon Urban Truck", "France", "Cluster organisation", "Baltic Robotics OÜ", "Estonia",
     "Scaling-up support organisation", "15 Nov 2022", "18 Nov 2022", ("1,050", "1.050"),
     "TIDEWAY", "Completed", "four days only"),
    ("Pôle Mer Bretagne", "France", "Cluster organisation", "Wattwerk Elektrolyse GmbH",
     "Germany", "SME", "2023-04-24", "2023-04-28", ("640.2", "640,2"), "TIDEWAY",
     "Confirmed", ""),
    ("Mesap", "Italy", "Cluster organisation", "Körfez Marine Tech Cluster", "Türkiye",
     "Cluster organisation", "28.4.23", "10.5.23", ("approx. 1,900", "ca. 1.900"),
     "TIDEWAY", "Completed", ""),
    ("Tisza Valley Energy Cluster", "Hungary", "Cluster organisation", "Delta Sensors B.V.",
     "The Netherlands", "SME", "05/06/2023", "09/06/2023", ("1,150", "1.150"), "TIDEWAY",
     "Payment made", ""),
    ("Skovlund Wind Cluster", "Denmark", "Cluster organisation", "Elbe Quay Sensors GmbH",
     "Germany", "SME", "11/09/2023", "15/09/2023", ("180", "180"), "TIDEWAY", "Completed",
     "ferry from Kiel"),
)  # fmt: skip

#: The lump sum of each row: DE 830; FR 900 halved for four days; FR 900; IT 900; HU 670;
#: DK 1,100 halved for 180 km.
NATURAL_SUMS = (
    Decimal("830.00"), Decimal("450.00"), Decimal("900.00"), Decimal("900.00"),
    Decimal("670.00"), Decimal("550.00"),
)  # fmt: skip
NATURAL_KM = (2210.0, 1050.0, 640.2, 1900.0, 1150.0, 180.0)


def _natural(path: Path, *, german: bool) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow(NATURAL_HEADER)
    for row in NATURAL_ROWS:
        cells = list(row)
        cells[8] = row[8][1 if german else 0]
        writer.writerow(cells)
    if german:
        path.write_bytes(buffer.getvalue().encode("cp1252"))
    else:
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(params=["utf-8 comma", "cp1252 semicolon"])
def natural(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    german = request.param != "utf-8 comma"
    return _natural(tmp_path / "exchanges.csv", german=german)


def test_a_natural_sheet_is_read_whole(natural: Path) -> None:
    table = read_exchanges(natural)
    assert table.errors == ()
    assert [e.distance_km for e in table.exchanges] == list(NATURAL_KM)
    assert [e.host.country for e in table.exchanges] == ["DE", "FR", "FR", "IT", "HU", "DK"]
    assert table.exchanges[4].visitor.country == "NL"
    assert table.exchanges[0].visitor.kind is OrganisationKind.SME
    assert table.exchanges[0].host.kind is OrganisationKind.CLUSTER_ORGANISATION
    assert table.exchanges[0].visitor_partnership == "TIDEWAY"
    assert table.exchanges[1].remarks == "four days only"
    assert not [w for w in table.warnings if "unknown column" in w.message]


def test_a_natural_sheet_prices_the_same_in_both_encodings(tmp_path: Path) -> None:
    english = read_exchanges(_natural(tmp_path / "en.csv", german=False))
    german = read_exchanges(_natural(tmp_path / "de.csv", german=True))
    assert english.exchanges == german.exchanges
    for table in (english, german):
        verdicts = check_dataset(table.exchanges)
        assert [v.eligible for v in verdicts] == [True] * 6, [v.errors() for v in verdicts]
        priced = [lump_sum(v.exchange, v.generation or "cxc2").amount for v in verdicts]
        assert priced == list(NATURAL_SUMS)
        totals = budget(table.exchanges).by_visitor_partnership["TIDEWAY"]
        assert (totals.exchanges, totals.total) == (6, sum(NATURAL_SUMS))


def test_check_prices_a_natural_sheet_from_the_command_line(
    natural: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(natural), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [row["lump_sum"] for row in document["exchanges"]] == [f"{s}" for s in NATURAL_SUMS]
    assert {row["outcome"] for row in document["exchanges"]} == {"eligible"}


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_header_wrapped_in_the_spreadsheet_is_read(tmp_path: Path, delimiter: str) -> None:
    # A header cell wrapped in Excel (Alt+Enter) is written quoted, its line break kept:
    # "Start<LF>date". The header is then a record of several lines, under a title row.
    wrapped = [header.replace(" ", "\n", 1) for header in NATURAL_HEADER]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write('Exchanges 2023 "TIDEWAY\r\n')  # a title, with a quote it never closes
    writer.writerow(wrapped)
    for row in NATURAL_ROWS:
        writer.writerow([*row[:8], row[8][0 if delimiter == "," else 1], *row[9:]])
    path = tmp_path / "wrapped.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    table = read_exchanges(path)
    expected = read_exchanges(_natural(tmp_path / "plain.csv", german=delimiter == ";"))
    assert table.errors == ()
    assert table.exchanges == expected.exchanges
    assert table.rows == tuple(range(3, 3 + len(NATURAL_ROWS)))  # the spreadsheet's rows
    assert not [w for w in table.warnings if "unknown column" in w.message]
    assert [w.message for w in table.warnings if "above the header" in w.message] == [
        "row 1 above the header skipped ('Exchanges 2023 \"TIDEWAY')"
    ]
