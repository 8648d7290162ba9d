"""The coordinator's commands: plan, budget, ids, migrate, match; --help; unknown names.

Each command runs on the bundled example and on a sheet written here the way a coordinator
writes one (natural headers, ``;`` and decimal commas, day-first dates, labels, a title above
the table and a totals row below it), in every format it offers.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from clusterxchange.cli import COMMANDS, main
from clusterxchange.examples import example_path

EXAMPLE = str(example_path("tideway.csv"))
TARGETS = str(example_path("tideway-targets.toml"))
DIRECTORY = str(example_path("tideway-partnership.toml"))
HOWTO = Path(__file__).resolve().parent.parent / "docs" / "howto"

#: A coordinator's own sheet: title rows, natural headers, labels, day-first dates, a quoted
#: remark holding the delimiter, IDs for only some rows, and a totals row.
SHEET = (
    "TIDEWAY exchanges 2023;;;;;;;;;;;;\r\n"
    ";;;;;;;;;;;;\r\n"
    "Host organisation;Country of host;Type of entity (host);Visiting organisation;"
    "Visitor country;Type of entity;Start date;End date;Distance (km);Partnership;Status;"
    "Exchange ID;Comments\r\n"
    "Skovlund Wind Cluster;Denmark;Cluster organisation;Wattwerk Elektrolyse GmbH;DE;SME;"
    "06/03/2023;17/03/2023;470;TIDEWAY;Completed;EG927FA8;\r\n"
    "Elbmarsch Hydrogen Network;Germany;Cluster organisation;Maré Viva Robotics Lda;Portugal;"
    'SME;8.5.2023;12.5.2023;2.210;TIDEWAY;Waiting for Final Activity Report;;"by e-mail; '
    'no tool ID"\r\n'
    "Costa Serena Ocean Cluster;PT;Cluster organisation;Nordlicht Fab Lab e.V.;Germany;"
    "Scaling-up support organisation;15 Nov 2023;24 Nov 2023;approx. 2.250;TIDEWAY;"
    "Completed, but without the IT tool;;\r\n"
    "Tisza Valley Energy Cluster;Hungary;Cluster organisation;Havbryg Turbines A/S;Denmark;"
    "Large company;04/09/2023;08/09/2023;1.150;TIDEWAY;Matched;;\r\n"
    "Körfez Marine Tech Cluster;Türkiye;Cluster organisation;Vltava Drone Works s.r.o.;"
    "Czechia;SME;02/10/2023;06/10/2023;1.900;TIDEWAY;Cancelled;;\r\n"
    "TOTAL;;;;;;;;=SUM(I4:I8);;;;\r\n"
)
SHEET_TARGETS = 'partnership = "TIDEWAY"\nexchanges = 10\n[visitor_kind]\nsme = 5\n'


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "our sheet.csv"
    path.write_bytes(SHEET.encode("cp1252"))
    (tmp_path / "targets.toml").write_text(SHEET_TARGETS, encoding="utf-8")
    return path


# --- every command, every format, on both tables ---------------------------------------------

FORMATS = {
    "plan": ("text", "json", "csv", "markdown"),
    "budget": ("text", "json", "csv", "markdown"),
    "match": ("text", "json", "csv", "markdown"),
}


def _arguments(command: str, table: str, targets: str, visitor: str) -> list[str]:
    if command == "plan":
        return [command, table, "--targets", targets]
    if command == "budget":
        return [command, table, "--on", "2024-06-30"]
    return [command, table, "--visitor", visitor, "--directory", DIRECTORY]


def _parsed(kind: str, text: str) -> object:
    if kind == "json":
        return json.loads(text)
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1
        return rows
    assert text.strip()
    if kind == "markdown":
        assert "|:--" in text or "|--:" in text
    return text


@pytest.mark.parametrize(("command", "kind"), [(c, f) for c, fs in FORMATS.items() for f in fs])
def test_every_format_on_the_example(command: str, kind: str) -> None:
    code, text = run(
        *_arguments(command, EXAMPLE, TARGETS, "Wattwerk Elektrolyse GmbH"), "--format", kind
    )
    assert code == 0
    _parsed(kind, text)


@pytest.mark.parametrize(("command", "kind"), [(c, f) for c, fs in FORMATS.items() for f in fs])
def test_every_format_on_a_coordinators_sheet(command: str, kind: str, sheet: Path) -> None:
    targets = str(sheet.parent / "targets.toml")
    code, text = run(
        *_arguments(command, str(sheet), targets, "nordlicht fab lab ev"), "--format", kind
    )
    # The sheet has no final-report days and every row prices: budget is 0 as well.
    assert code == 0
    _parsed(kind, text)


# --- plan --------------------------------------------------------------------------------------


def test_plan_is_the_library_plan() -> None:
    from clusterxchange.examples import example_targets, load_example
    from clusterxchange.kpi import kpis, plan

    code, text = run("plan", EXAMPLE, "--targets", TARGETS, "--host-countries", "DK,Germany,DK",
                     "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(text)
    expected = plan(
        kpis(load_example().exchanges, targets=example_targets()),
        host_countries=["DK", "DE", "DK"],
        generation="cxc2",
    )
    assert data["exchanges"] == expected.exchanges == 9
    assert data["items"] == expected.as_dict()["items"]
    assert data["budget"] == expected.as_dict()["budget"]
    assert data["budget"]["host_countries"] == ["DK", "DE", "DK"]
    assert data["host_countries_from"] == "option"
    assert data["targets"][0]["kpi"] == "exchanges"


def test_plan_prices_the_host_countries_of_the_table_by_default(sheet: Path) -> None:
    code, text = run("plan", str(sheet), "--targets", str(sheet.parent / "targets.toml"),
                     "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(text)
    # 2 completed (the IDs' and the one without the tool) of 10; SMEs: 1 completed of 5.
    assert data["remaining"] == {"exchanges": 8, "visitor_kind.sme": 4}
    assert data["exchanges"] == 8
    # Every row's host country, once per exchange; the cancelled one in Türkiye aside.
    assert sorted(data["budget"]["host_countries"]) == ["DE", "DK", "HU", "PT"]
    assert data["host_countries_from"] == "table"


def test_plan_leaves_out_host_countries_without_a_ceiling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "host,host_country,visitor,status\nA,US,B,completed\nC,DK,D,completed\n",
        encoding="utf-8",
    )
    targets = tmp_path / "t.toml"
    targets.write_text("exchanges = 3\n", encoding="utf-8")
    code, text = run("plan", str(table), "--targets", str(targets), "--format", "json")
    assert code == 0
    assert json.loads(text)["budget"]["host_countries"] == ["DK"]
    assert "without a ceiling in cxc2 left out of the budget: US" in capsys.readouterr().err


def test_plan_text_and_pending(sheet: Path) -> None:
    targets = str(sheet.parent / "targets.toml")
    code, text = run("plan", str(sheet), "--targets", targets)
    assert code == 0
    assert "8 further completed exchanges meet every target" in text
    assert "Budget: " in text
    _, pending = run(
        "plan", str(sheet), "--targets", targets, "--count-pending", "--format", "json"
    )
    assert json.loads(pending)["remaining"]["exchanges"] == 7


def test_plan_when_every_target_is_met(tmp_path: Path, sheet: Path) -> None:
    met = tmp_path / "met.toml"
    met.write_text("exchanges = 1\n", encoding="utf-8")
    code, text = run("plan", str(sheet), "--targets", str(met))
    assert code == 0
    assert "Every target is met" in text


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--host-countries", "DK,Atlantis", "Atlantis"),
        ("--host-countries", " , ", "expected at least one country"),
        ("--partnership", "NOPE", "known: BLUEBRIDGE, TIDEWAY"),
        ("--generation", "cxc9", "cxc1, cxc2"),
    ],
)
def test_plan_bad_options_are_one_line(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run("plan", EXAMPLE, "--targets", TARGETS, option, value)
    assert code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("clusterxchange: error: ")
    assert message in last


def test_plan_without_a_priced_host_country(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("host,visitor,status\nA,B,completed\n", encoding="utf-8")
    targets = tmp_path / "t.toml"
    targets.write_text("exchanges = 3\n", encoding="utf-8")
    code, text = run("plan", str(table), "--targets", str(targets))
    assert code == 0
    assert "No budget" in text
    assert (
        json.loads(run("plan", str(table), "--targets", str(targets), "--format", "json")[1])[
            "budget"
        ]
        is None
    )


# --- budget ------------------------------------------------------------------------------------


def test_budget_is_the_library_budget() -> None:
    from clusterxchange.examples import load_example
    from clusterxchange.reports.budgets import budget

    code, text = run("budget", EXAMPLE, "--format", "json", "--on", "30/06/2024")
    assert code == 0
    data = json.loads(text)
    expected = budget(load_example().exchanges)
    assert Decimal(data["totals"]["total"]) == expected.totals.total
    assert Decimal(data["totals"]["payable"]) == expected.totals.payable
    assert {p["partnership"]: p["total"] for p in data["by_visitor_partnership"]} == {
        k: f"{t.total:.2f}" for k, t in expected.by_visitor_partnership.items()
    }
    assert [c["host_country"] for c in data["by_host_country"]] == list(expected.by_host_country)
    assert [e["row"] for e in data["excluded"]] == [13, 48]
    assert data["on"] == "2024-06-30"
    assert data["overdue"] == []
    assert len(data["due_unknown"]) > 0


def test_budget_of_a_coordinators_sheet(sheet: Path) -> None:
    code, text = run("budget", str(sheet), "--format", "json")
    assert code == 0
    data = json.loads(text)
    # Completed: DK 830... by the ceilings of cxc2; matched: committed; cancelled: excluded.
    assert data["totals"]["exchanges"] == 4
    assert [e["row"] for e in data["excluded"]] == [8]
    code, text = run("budget", str(sheet), "--locale", "de")
    assert "Ungarn" in text


def test_budget_csv_rows(sheet: Path) -> None:
    code, text = run("budget", str(sheet), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["scope"] == "total"
    assert {r["scope"] for r in rows} >= {"visitor_partnership", "host_country", "excluded"}


def test_budget_unpriced_exchange_is_exit_1(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("host,visitor,status\nA,B,completed\n", encoding="utf-8")
    code, text = run("budget", str(table))
    assert code == 1
    assert "Not priced" in text
    code, text = run("budget", str(table), "--format", "json")
    assert json.loads(text)["unpriced"][0]["row"] == 2


def test_budget_lists_overdue_payments(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    import attrs

    from clusterxchange.cli import _budget
    from clusterxchange.examples import load_example
    from clusterxchange.model import Documents, FinalReport

    table = load_example()
    report = FinalReport(submitted=dt.date(2024, 4, 2), validated=dt.date(2024, 4, 10))
    first = attrs.evolve(table.exchanges[0], documents=Documents(final_report=report))
    unknown = attrs.evolve(first, generation="cxc7", id="EGX")
    changed = attrs.evolve(table, exchanges=(first, unknown, *table.exchanges[2:]))
    monkeypatch.setattr(_budget, "read_table", lambda args: changed)
    code, text = run("budget", EXAMPLE, "--on", "2024-05-01")
    assert code == 1
    assert "Overdue payments on May 1, 2024: 1" in text
    assert "row 2 (EG112KA1): due Apr 20, 2024, 11 days overdue" in text
    assert "due day unknown" in text
    code, text = run("budget", EXAMPLE, "--on", "2024-05-01", "--format", "json")
    data = json.loads(text)
    assert data["overdue"][0]["days_overdue"] == 11
    assert data["due_failed"][0]["row"] == 3
    code, text = run("budget", EXAMPLE, "--on", "2024-05-01", "--format", "csv")
    assert "overdue,EG112KA1" in text


def test_budget_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("budget", EXAMPLE, "--on", "31/02/2024")[0] == 2
    assert "--on '31/02/2024'" in capsys.readouterr().err


# --- ids ---------------------------------------------------------------------------------------


def _verdicts(path: Path | str) -> list[tuple[object, ...]]:
    _, text = run("check", str(path), "--format", "json")
    data = json.loads(text)
    return [
        (e["row"], e["outcome"], e["lump_sum"], sorted(f["rule"] for f in e["findings"]))
        for e in data["exchanges"]
    ]


def test_ids_then_check_on_the_example(tmp_path: Path) -> None:
    source = tmp_path / "tideway.csv"
    shutil.copy(EXAMPLE, source)
    out = tmp_path / "with-ids.csv"
    code, text = run("ids", str(source), "--output", str(out))
    assert code == 0
    assert "5 local IDs assigned" in text
    before = source.read_bytes().split(b"\n")
    after = out.read_bytes().split(b"\n")
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert [i + 1 for i in changed] == [9, 12, 38, 40, 50]
    for i in changed:  # only the empty ID cell is filled
        assert after[i].endswith(before[i][1:])
        assert after[i].startswith(b"CXL-")
    assert _verdicts(out) == _verdicts(source)
    _, checked = run("check", str(out), "--format", "json")
    assert all(e["id"] for e in json.loads(checked)["exchanges"])
    # A second run has nothing to do and writes the same bytes.
    again = tmp_path / "again.csv"
    code, text = run("ids", str(out), "--output", str(again))
    assert "nothing to assign" in text
    assert again.read_bytes() == out.read_bytes()


def test_ids_keep_a_coordinators_sheet_as_it_was(sheet: Path) -> None:
    code, text = run("ids", str(sheet), "--output", str(sheet), "--format", "json")
    assert code == 0
    data = json.loads(text)
    assert [a["row"] for a in data["assigned"]] == [5, 6, 7, 8]
    assert data["added_column"] is False
    written = sheet.read_bytes().decode("cp1252")  # still Windows-1252
    before, after = SHEET.split("\r\n"), written.split("\r\n")
    assert len(before) == len(after)
    for number, (old, new) in enumerate(zip(before, after, strict=True), 1):
        if number in (5, 6, 7, 8):
            cells, new_cells = old.split(";"), new.split(";")
            assert new_cells[11].startswith("CXL-2023-")
            assert new_cells[:11] + new_cells[12:] == cells[:11] + cells[12:]
        else:
            assert new == old
    from clusterxchange.io import read_exchanges

    table = read_exchanges(sheet)
    assert table.exchanges[0].id == "EG927FA8"
    assert all(e.id for e in table.exchanges)


def test_ids_add_the_column_a_sheet_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text('Host,Visitor,Remarks\nA,B\nC,D,"x, y"\n', encoding="utf-8-sig", newline="")
    code, text = run("ids", str(path))
    assert code == 0
    lines = text.split("\n")
    assert lines[0] == "Host,Visitor,Remarks,id"
    assert lines[1].startswith("A,B,,CXL-0000-XX-XX-")
    assert lines[2].startswith('C,D,"x, y",CXL-0000-XX-XX-')
    err = capsys.readouterr().err
    assert "added one, 'id'" in err
    assert "clusterxchange: note: 2 local IDs assigned" in err
    code, _ = run("ids", str(path), "--output", str(tmp_path / "o.csv"))
    assert (tmp_path / "o.csv").read_bytes().startswith(b"\xef\xbb\xbfHost,Visitor,Remarks,id\n")


@pytest.mark.parametrize("kind", ["text", "csv"])
def test_ids_formats_on_a_coordinators_sheet(kind: str, sheet: Path) -> None:
    out = sheet.parent / "out.csv"
    code, text = run("ids", str(sheet), "--output", str(out), "--format", kind)
    assert code == 0
    if kind == "csv":
        assert [r["row"] for r in csv.DictReader(io.StringIO(text))] == ["5", "6", "7", "8"]
    else:
        assert text.startswith("4 local IDs assigned; 1 rows already had an ID; written to ")
    assert _verdicts(out) == _verdicts(sheet)


def test_ids_in_excels_unicode_text(tmp_path: Path) -> None:
    # Excel's "Unicode text": UTF-16 with its mark, tab-separated; a remark spans two lines.
    path = tmp_path / "t.txt"
    text = 'Host\tVisitor\tRemarks\r\nA\tB\t"two\r\nlines"\r\nC\tD\t\r\n'
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    code, _ = run("ids", str(path), "--output", str(path))
    assert code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe")
    lines = data[2:].decode("utf-16-le").split("\r\n")
    assert lines[0] == "Host\tVisitor\tRemarks\tid"
    assert lines[1] == 'A\tB\t"two'
    assert lines[2].startswith('lines"\tCXL-0000-XX-XX-')
    assert lines[3].startswith("C\tD\t\tCXL-0000-XX-XX-")


def test_ids_do_not_write_into_a_merged_cell(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Host", "Visitor", "ID"])
    sheet.append(["A", "B", None])
    sheet.append(["C", "D", None])
    sheet.merge_cells("C2:C3")
    path = tmp_path / "book.xlsx"
    book.save(path)
    code, text = run("ids", str(path), "--output", str(path), "--format", "json")
    assert code == 1
    data = json.loads(text)
    assert [s["row"] for s in data["skipped"]] == [3]
    assert [a["row"] for a in data["assigned"]] == [2]


def test_ids_output_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("host,visitor\nA,B\n", encoding="utf-8")
    assert run("ids", str(path), "--output", str(tmp_path / "no" / "such" / "o.csv"))[0] == 2
    assert "cannot write the file" in capsys.readouterr().err.splitlines()[-1]


def test_ids_in_a_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Exchanges of TIDEWAY"])
    sheet.append(["Host", "Host country", "Visitor", "Visitor country", "Exchange ID", "Days"])
    sheet.append(["Skovlund Wind Cluster", "DK", "Wattwerk GmbH", "DE", "EG927FA8", 5])
    sheet.append(["Skovlund Wind Cluster", "DK", "Aero Lda", "PT", None, 4])
    sheet.append(["TOTAL", None, None, None, None, "=SUM(F3:F4)"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    out = tmp_path / "out.xlsx"
    code, text = run("ids", str(path), "--output", str(out), "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(text)))[1][0] == "4"
    written = openpyxl.load_workbook(out).active
    assert written["E3"].value == "EG927FA8"
    assert str(written["E4"].value).startswith("CXL-0000-DK-PT-")
    assert written["F5"].value == "=SUM(F3:F4)"
    assert written["A1"].value == "Exchanges of TIDEWAY"
    assert _verdicts(out) == _verdicts(path)


def test_ids_in_a_workbook_without_an_id_column(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Host", "Visitor"])
    book.active.append(["A", "B"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    code, _ = run("ids", str(path), "--output", str(path))
    assert code == 0
    written = openpyxl.load_workbook(path).active
    assert (written["C1"].value, str(written["C2"].value)[:4]) == ("id", "CXL-")


def test_ids_in_json(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            {
                "exchanges": [
                    {"Host": "A", "Visitor": "B"},
                    {"host": "C", "visitor": "D", "ID": "EG927FA8"},
                ]
            },
            indent=4,
        ),
        encoding="utf-8",
    )
    code, text = run("ids", str(path))
    assert code == 0
    data = json.loads(text)
    assert data["exchanges"][0]["id"].startswith("CXL-")
    assert data["exchanges"][1] == {"host": "C", "visitor": "D", "ID": "EG927FA8"}


def test_ids_of_a_group_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.csv"
    path.write_text("host,visitor,visitor_count\nA,B,3\n", encoding="utf-8")
    code, text = run("ids", str(path))
    assert code == 0
    assert text.count("CXL-") == 1
    assert "row 2 stands for 3 exchanges" in capsys.readouterr().err


def test_ids_leave_unusable_rows_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.csv"
    path.write_text("host,visitor,start\nA,B,2023-02-30\nC,D,2023-03-06\n", encoding="utf-8")
    code, text = run("ids", str(path))
    assert code == 1
    assert text.splitlines()[1] == "A,B,2023-02-30"
    assert text.splitlines()[2].startswith("C,D,2023-03-06,CXL-2023-")


@pytest.mark.parametrize(
    ("name", "argv", "message"),
    [
        ("t.csv", ["--format", "json"], "--format json needs --output"),
        ("t.csv", ["--output", "out.xlsx"], "in its own format (csv)"),
        ("t.xlsx", [], "give --output"),
    ],
)
def test_ids_misuse(
    name: str, argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text("host,visitor\nA,B\n", encoding="utf-8")
    assert run("ids", str(path), *argv)[0] == 2
    assert message in capsys.readouterr().err


# --- migrate -----------------------------------------------------------------------------------


def test_migrate_then_check_accounts_for_every_row(tmp_path: Path) -> None:
    out = tmp_path / "imported.csv"
    code, text = run("migrate", str(HOWTO / "old-tool-export.csv"), "--mapping",
                     str(HOWTO / "old-tool-mapping.toml"), "--output", str(out),
                     "--format", "json")  # fmt: skip
    assert code == 1  # two records are refused
    data = json.loads(text)
    imported, refused = data["imported"], data["refused"]
    assert len(imported) + len(refused) == data["records_read"] == 4
    assert sorted([r["row"] for r in imported] + [r["row"] for r in refused]) == [2, 3, 4, 5]
    _, checked = run("check", str(out), "--format", "json")
    exchanges = json.loads(checked)["exchanges"]
    assert [e["id"] for e in exchanges] == [r["id"] for r in imported]
    assert not json.loads(checked)["errors"]


@pytest.mark.parametrize("kind", ["text", "csv"])
def test_migrate_formats(kind: str) -> None:
    code, text = run("migrate", str(HOWTO / "old-tool-export.csv"), "--mapping",
                     str(HOWTO / "old-tool-mapping.toml"), "--format", kind)  # fmt: skip
    assert code == 1
    if kind == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["outcome"] for r in rows} == {"changed", "refused"}
    else:
        assert "4 records read, 2 imported (2 changed on the way), 2 refused" in text
        assert "Nothing written" in text


def test_migrate_to_a_workbook_and_a_clean_export(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    export = tmp_path / "export.csv"
    export.write_text("Gast;Gastgeber\nAero Lda;Hamburg Aviation\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\nGast = "visitor"\nGastgeber = "host"\n', encoding="utf-8")
    out = tmp_path / "out.xlsx"
    code, text = run("migrate", str(export), "--mapping", str(mapping), "--output", str(out))
    assert code == 0
    assert "Written to" in text
    from clusterxchange.io import read_exchanges

    assert [e.visitor.name for e in read_exchanges(out).exchanges] == ["Aero Lda"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--output", "out.json"], "expected a .csv or .xlsx"),
        (["--mapping", "missing.toml"], "no such file"),
    ],
)
def test_migrate_misuse(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["migrate", str(HOWTO / "old-tool-export.csv"), "--mapping",
            str(HOWTO / "old-tool-mapping.toml")]  # fmt: skip
    assert run(*base, *argv)[0] == 2
    assert message in capsys.readouterr().err


# --- match -------------------------------------------------------------------------------------


def test_match_ranks_hosts_with_reasons() -> None:
    code, text = run("match", EXAMPLE, "--visitor", "Wattwerk Elektrolyse GmbH", "--directory",
                     DIRECTORY, "--format", "json", "--start", "06/03/2023", "--end",
                     "2023-03-10")  # fmt: skip
    assert code == 0
    data = json.loads(text)
    assert data["visitor"]["country"] == "DE"
    candidates = data["candidates"]
    assert [c["rank"] for c in candidates] == list(range(1, len(candidates) + 1))
    tiers = [{True: 0, None: 1, False: 2}[c["full_lump_sum"]] for c in candidates]
    assert tiers == sorted(tiers)
    assert all(c["country"] != "DE" for c in candidates)  # cross-border only
    assert all(c["reasons"][0] == "eligible under cxc2" for c in candidates)
    assert data["hosts_considered"] > len(candidates)


def test_match_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("match", EXAMPLE, "--visitor", "wattwerk elektrolyse gmbh", "--top", "2",
                     "--host-kind", "Cluster organisation", "--format", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert {r["host_kind"] for r in rows} == {"cluster_organisation"}
    code, text = run("match", EXAMPLE, "--visitor", "Wattwerk Elektrolyse GmbH", "--locale", "de")
    assert code == 0
    assert "Dänemark" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--visitor", "Wattwerk"], "nearest: 'Wattwerk Elektrolyse GmbH'"),
        (["--visitor", "Zzz"], "known: "),
        (["--visitor", "Wattwerk Elektrolyse GmbH", "--host-kind", "cluster,nope"], "known: "),
        (["--visitor", "Wattwerk Elektrolyse GmbH", "--host-kind", ","], "at least one"),
        (["--visitor", "Wattwerk Elektrolyse GmbH", "--top", "0"], "from 1"),
    ],
)
def test_match_misuse(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("match", EXAMPLE, *argv)[0] == 2
    assert message in capsys.readouterr().err.splitlines()[-1]


def test_match_without_any_host_is_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind\n"
        "Skovlund Wind Cluster,DK,cluster organisation,Vestkyst ApS,DK,SME\n",
        encoding="utf-8",
    )
    code, text = run("match", str(path), "--visitor", "Vestkyst ApS")
    assert code == 1
    assert text.startswith("No host qualifies")


# --- help, order, unknown names ----------------------------------------------------------------

ORDER = ("check", "kpis", "plan", "budget", "report", "ids", "migrate", "match", "lump-sum",
         "generations", "demo")  # fmt: skip


def _names() -> list[str]:
    import importlib

    return [importlib.import_module(m).NAME for m in COMMANDS]


def test_commands_follow_the_coordinators_order(capsys: pytest.CaptureFixture[str]) -> None:
    names = _names()
    assert names == [n for n in ORDER if n in names]
    assert set(ORDER) - set(names) <= {"report"}
    assert run("--help")[0] == 0
    listed = capsys.readouterr().out
    positions = [listed.index(f"\n    {n}") for n in names]
    assert positions == sorted(positions)
    assert "exit codes:" in listed


@pytest.mark.parametrize("name", _names())
def test_every_help_shows_exit_codes_and_an_example(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(name, "--help")[0] == 0
    shown = capsys.readouterr().out
    assert "exit codes:\n  0  " in shown
    example = shown.split("example:\n", 1)[1].splitlines()[0]
    assert example.startswith(f"  clusterxchange {name} ")


def test_kpis_with_an_unknown_partnership_lists_the_known(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run("kpis", EXAMPLE, "--partnership", "NOPE")[0] == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "clusterxchange: error: --partnership 'NOPE': no exchange of the table has this "
        "visitor partnership; known: BLUEBRIDGE, TIDEWAY"
    )
    assert run("kpis", EXAMPLE, "--partnership", " tide way ")[0] == 0
    other = tmp_path / "t.toml"
    other.write_text('partnership = "ELSEWHERE"\nexchanges = 3\n', encoding="utf-8")
    assert run("kpis", EXAMPLE, "--targets", str(other))[0] == 2
    assert "the partnership of" in capsys.readouterr().err


def test_write_back_quotes_and_sniffs(tmp_path: Path) -> None:
    from clusterxchange.cli._write_back import edit_csv, table_format

    path = tmp_path / "export"  # no suffix: the content tells
    path.write_bytes(b"host;visitor\n=A;B\n")
    assert table_format(path) == "csv"
    edited = edit_csv(path, {2: "x; =y"}, "remarks")
    # The other cells stay as written; the one written is quoted and neutralised.
    assert edited.data == b'host;visitor;remarks\n=A;B;"x; =y"\n'
    formula = edit_csv(path, {2: "=HYPERLINK(1)"}, "remarks")
    assert formula.data.endswith(b";'=HYPERLINK(1)\n")
    (tmp_path / "book").write_bytes(b"PK\x03\x04rest")
    (tmp_path / "doc").write_bytes(b' [{"host": "A"}]')
    assert (table_format(tmp_path / "book"), table_format(tmp_path / "doc")) == ("xlsx", "json")


def test_ids_neutralise_the_exchanges_formula_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "host,visitor,visitor_lat,visitor_lon,remarks\n"
        'Hamburg Aviation,"=HYPERLINK(""http://x"",""y"")",38.7,-9.14,+49 40 123\n'
        "TOTAL,,,=SUM(D2:D2),\n",
        encoding="utf-8",
    )
    code, text = run("ids", str(path), "--output", str(path), "--format", "json")
    assert code == 0
    assert json.loads(text)["neutralised"] == [
        {"row": 2, "column": "visitor"},
        {"row": 2, "column": "remarks"},
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith(
        'Hamburg Aviation,"\'=HYPERLINK(""http://x"",""y"")",38.7,-9.14,\'+49 40 123,CXL-'
    )
    assert lines[2] == "TOTAL,,,=SUM(D2:D2),"  # the coordinator's totals row is theirs
    assert "a spreadsheet would run this cell as a formula" in capsys.readouterr().err
