"""``clusterxchange check``: rule ids, exit codes, the three formats and unusable input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clusterxchange.cli import COMMANDS, main
from clusterxchange.cli._check import CSV_COLUMNS

DATA = Path(__file__).parent / "data"
MIXED = str(DATA / "check_mixed.csv")
ELIGIBLE = str(DATA / "check_eligible.csv")
BAD_DATE = str(DATA / "check_bad_date.csv")
HEADER = "host,host_country,host_kind,visitor,visitor_country,visitor_kind,start,end,status\n"

#: The rule ids expected on each row of check_mixed.csv (docs/design.md rows: header is row 1).
EXPECTED = {
    2: [],  # Hamburg Aviation (DE) <- Pemas (PT), two weeks
    3: ["cross_border"],  # a German visitor at a German host
    4: ["duration_min"],  # a two-day stay
    5: ["duration_max"],  # a 40-day stay
    6: [],  # Mesap's first visit (PIC 123456789)
    7: ["visitor_once"],  # Mesap again, written MESAP, no PIC
    8: [],  # a Kosovo host written XK
    9: [],  # a Greek visitor written EL
    10: ["country"],  # a Norwegian visitor
}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["check", *argv], out=out)
    return code, out.getvalue()


def document(*argv: str) -> tuple[int, dict[str, Any]]:
    code, text = run(*argv, "--format", "json")
    payload: dict[str, Any] = json.loads(text)
    return code, payload


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_command_is_registered() -> None:
    assert "clusterxchange.cli._check" in COMMANDS


def test_a_mixed_table_reports_exactly_the_expected_rules_and_exits_1() -> None:
    code, payload = document(MIXED)
    assert code == 1
    found = {e["row"]: [f["rule"] for f in e["findings"]] for e in payload["exchanges"]}
    assert found == EXPECTED
    assert [e["eligible"] for e in payload["exchanges"]] == [
        not rules for rules in EXPECTED.values()
    ]
    assert [(f["rule"], f["severity"], f["rows"]) for f in payload["findings"]] == [
        ("visitor_once", "error", [6, 7])
    ]
    assert payload["generation"] == "cxc2"
    assert payload["errors"] == []
    assert payload["eligible"] is False


def test_lump_sums_of_eligible_rows() -> None:
    _, payload = document(MIXED)
    sums = {e["row"]: e["lump_sum"] for e in payload["exchanges"]}
    assert sums == {
        2: "830.00", 3: None, 4: None, 5: None, 6: "830.00", 7: None, 8: "560.00", 9: "830.00",
        10: None,
    }  # fmt: skip


def test_the_json_shape_of_a_finding() -> None:
    _, payload = document(MIXED)
    finding = payload["exchanges"][2]["findings"][0]
    assert finding["rule"] == "duration_min"
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "2 working days of activity (2023-03-06 to 2023-03-07); at least 3 are needed"
    )
    assert finding["field"] == "min_working_days"
    assert finding["value"] == "3"
    assert "clustercollaboration.eu" in finding["source"]
    assert finding["confidence"] == "high"
    first = payload["exchanges"][0]
    assert (first["id"], first["generation"], first["working_days"]) == ("EG101AA1", "cxc2", 10)


def test_only_eligible_rows_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(ELIGIBLE)
    assert code == 0
    assert "4 exchanges: 4 eligible, 0 not eligible (generation cxc2)." in text
    assert capsys.readouterr().err == ""
    _, payload = document(ELIGIBLE)
    assert [e["lump_sum"] for e in payload["exchanges"]] == ["830.00", "830.00", "560.00", "415.00"]


def test_the_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(MIXED)
    assert code == 1
    lines = text.splitlines()
    assert lines[0].split() == [
        "Row",
        "ID",
        "Visitor",
        "->",
        "host",
        "Status",
        "Eligible",
        "Lump",
        "sum",
        "Rules",
    ]
    assert lines[1].split()[:2] == ["2", "EG101AA1"]
    assert "Pemas (Portugal) -> Hamburg Aviation (Germany)" in lines[1]
    assert "€830.00" in lines[1]
    assert lines[2].endswith("cross_border")
    assert "Balkan Tech (Serbia) -> Kosovo ICT Association (Kosovo)" in text
    assert "Hellenic Cluster (Greece)" in text
    assert "  row 4: error duration_min: 2 working days of activity" in text
    assert "Across the table:\n  rows 6, 7: error visitor_once: Mesap from Italy (IT)" in text
    assert text.endswith("9 exchanges: 4 eligible, 5 not eligible (generation cxc2).\n")
    assert all(line == line.rstrip() for line in lines)
    err = capsys.readouterr().err
    assert "read as awaiting_final_report" in err  # the reader's warning, on stderr


def test_the_text_table_in_another_locale() -> None:
    _, text = run(MIXED, "--locale", "de")
    assert "Pemas (Portugal) -> Hamburg Aviation (Deutschland)" in text
    assert "830,00\xa0€" in text
    assert "Griechenland" in text


def test_warnings_and_notes_in_the_text(tmp_path: Path) -> None:
    table = write(
        tmp_path,
        "notes.csv",
        HEADER
        + "London Tech,UK,cluster,Aero Lda,PT,SME,2023-03-06,2023-03-17,Completed\n"
        + "Flanders Make,BE,cluster,Baltic Labs,EE,cluster,2023-03-06,2023-03-06,Completed\n",
    )
    code, text = run(table)
    assert code == 1
    assert "threshold (warning)" in text
    assert "1 exchange" not in text
    assert (
        "2 exchanges: 1 eligible, 1 not eligible (generation cxc2); 2 notes for information" in text
    )
    one = write(
        tmp_path,
        "one.csv",
        HEADER + "Flanders Make,BE,cluster,Aero Lda,PT,SME,2023-03-06,2023-03-17,Completed\n",
    )
    assert "1 exchange: 1 eligible, 0 not eligible (generation cxc2); 2 notes" in run(one)[1]
    _, payload = document(table)
    assert payload["exchanges"][0]["eligible"] is True
    assert payload["exchanges"][0]["lump_sum"] is None  # no ceiling known for a UK host


def test_the_csv_format_is_one_row_per_exchange() -> None:
    code, text = run(MIXED, "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [int(r["row"]) for r in rows] == list(EXPECTED)
    assert [r["errors"] for r in rows] == [" ".join(rules) for rules in EXPECTED.values()]
    assert [r["eligible"] for r in rows] == ["yes" if not r else "no" for r in EXPECTED.values()]
    assert rows[0]["lump_sum"] == "830.00"
    assert rows[0]["start"] == "2023-03-06"
    assert rows[4]["dataset_findings"] == rows[5]["dataset_findings"] == "visitor_once"
    assert rows[1]["messages"].startswith("error cross_border: the host Hamburg Aviation")


def test_the_csv_format_is_safe_in_a_spreadsheet(tmp_path: Path) -> None:
    table = write(
        tmp_path,
        "formula.csv",
        HEADER
        + '"=HYPERLINK(""http://x"")",BE,cluster,@SUM(A1),PT,cluster,2023-03-06,2023-03-17,Completed\n',
    )
    _, text = run(table, "--format", "csv")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["host"].startswith("'=")
    assert row["visitor"].startswith("'@")


def test_a_generation_given_by_id_applies_to_every_row() -> None:
    code, payload = document(MIXED, "--generation", "cxc1")
    assert code == 1
    assert payload["generation"] == "cxc1"
    outside = [f for f in payload["exchanges"][0]["findings"] if f["rule"] == "generation"]
    assert outside[0]["severity"] == "warning"


def test_a_custom_generation_file(tmp_path: Path) -> None:
    rules = write(
        tmp_path,
        "hemp.toml",
        'id = "hemp-2023"\nextends = "cxc2"\n\n[ceilings.DE]\nvalue = "700"\n'
        'source = "Grant agreement 101074444, annex 1"\n',
    )
    code, payload = document(ELIGIBLE, "--generation", rules)
    assert code == 0
    assert payload["generation"] == "hemp-2023"
    assert payload["exchanges"][0]["lump_sum"] == "700.00"


def test_rows_naming_different_generations(tmp_path: Path) -> None:
    table = write(
        tmp_path,
        "two.csv",
        HEADER.replace("status", "status,generation")
        + "Flanders Make,BE,cluster,Aero Lda,PT,cluster,2021-03-01,2021-03-05,Completed,cxc1\n"
        + "Flanders Make,BE,cluster,Aero Lda,PT,cluster,2023-03-06,2023-03-10,Completed,cxc2\n",
    )
    code, payload = document(table)
    assert code == 0
    assert payload["generation"] is None
    assert payload["generations"] == ["cxc1", "cxc2"]
    code, text = run(table)
    assert text.endswith("2 exchanges: 2 eligible, 0 not eligible.\n")


def test_an_empty_table(tmp_path: Path) -> None:
    code, text = run(write(tmp_path, "empty.csv", HEADER))
    assert code == 0
    assert "0 exchanges: 0 eligible, 0 not eligible." in text


def one_error_line(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, text = run(*argv)
    err = capsys.readouterr().err
    assert code == 2
    assert text == ""
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_a_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.csv")
    err = one_error_line(capsys, missing)
    assert "nowhere.csv" in err


def test_rows_with_an_unusable_cell_are_left_out_listed_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Row 2 is eligible; rows 3 and 4 each have a cell the reader cannot use.
    code, text = run(BAD_DATE)
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert "Traceback" not in "\n".join(err)
    assert err[0].startswith(
        f"clusterxchange: error: {BAD_DATE}, row 3, column start: '2023-02-30' is not a date"
    )
    assert err[1].startswith(
        f"clusterxchange: error: {BAD_DATE}, row 4, column visitor_country: unknown country "
        "'Atlantis'"
    )
    assert err[2] == (
        "clusterxchange: warning: 2 of 3 rows left out as unusable (rows 3, 4); the other 1 is read"
    )
    assert text.startswith("Row  ID")
    assert "\n2    EG101AA1" in text
    assert "1 exchange: 1 eligible, 0 not eligible" in text
    left_out = text.split("Rows left out (2: a cell the reader cannot use):\n")[1].splitlines()
    assert left_out[0].startswith("  row 3: start: '2023-02-30' is not a date")
    assert left_out[1].startswith("  row 4: visitor_country: unknown country 'Atlantis'")


def test_unusable_rows_are_csv_rows_too() -> None:
    code, text = run(BAD_DATE, "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["row"], r["eligible"], r["errors"]) for r in rows] == [
        ("2", "yes", ""),
        ("3", "no", "unusable start"),
        ("4", "no", "unusable visitor_country"),
    ]
    assert rows[1]["messages"].startswith("unusable start: '2023-02-30' is not a date")


def test_bad_rows_with_json_also_write_the_whole_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, payload = document(BAD_DATE)
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 3
    assert [(e["row"], e["column"]) for e in payload["errors"]] == [
        (3, "start"),
        (4, "visitor_country"),
    ]
    assert payload["errors"][0]["file"].endswith("check_bad_date.csv")
    assert [e["row"] for e in payload["exchanges"]] == [2]
    assert payload["eligible"] is False


def test_a_table_whose_every_row_is_unusable_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = Path(BAD_DATE).read_text(encoding="utf-8").splitlines()
    path = write(tmp_path, "bad.csv", "\n".join([lines[0], *lines[2:]]) + "\n")
    err = one_error_line(capsys, path)
    assert err.startswith("clusterxchange: error: ")
    assert f"{path}, row 2, column start: '2023-02-30' is not a date" in err
    assert err.rstrip().endswith("(and 1 more problems)")


@pytest.mark.parametrize(
    "argv",
    [
        ["--generation", "cxc9"],
        ["--generation", "cxc\x002"],
        ["--generation", "x" * 5000],  # too long a name for a file: not a file, not an id
        ["--locale", "xx_NOPE"],
        ["--format", "xml"],
    ],
)
def test_bad_options_are_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    one_error_line(capsys, ELIGIBLE, *argv)


def test_a_bad_generation_file_is_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rules = write(tmp_path, "bad.toml", 'id = "x"\nextends = "cxc2"\n[cap]\nvalue = "1"\n')
    err = one_error_line(capsys, ELIGIBLE, "--generation", rules)
    assert "bad.toml" in err


def test_the_real_entry_point_in_a_process_of_its_own() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clusterxchange", "check", MIXED, "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 1, done.stderr
    rules = {
        e["row"]: [f["rule"] for f in e["findings"]] for e in json.loads(done.stdout)["exchanges"]
    }
    assert rules == EXPECTED
    missing = subprocess.run(
        [sys.executable, "-m", "clusterxchange", "check", "no-such-table.csv"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert len(missing.stderr.splitlines()) == 1
    assert "no-such-table.csv" in missing.stderr


def test_a_one_month_stay_is_eligible_and_priced(tmp_path: Path) -> None:
    # Issue 17, item 1: "up to one month"; 1 to 31 March is one calendar month (31 days).
    path = write(
        tmp_path,
        "march.csv",
        HEADER + "Hamburg Aviation,DE,cluster_organisation,Pemas,PT,cluster_organisation,"
        "2023-03-01,2023-03-31,completed\n",
    )
    code, payload = document(path)
    assert code == 0
    [row] = payload["exchanges"]
    assert row["eligible"] is True
    assert row["lump_sum"] == "830.00"
    assert "duration_max" not in [f["rule"] for f in row["findings"]]
    code, text = run(path)
    assert code == 0
    assert "€830.00" in text
