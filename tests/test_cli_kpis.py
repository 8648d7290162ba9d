"""``clusterxchange kpis``: formats, options and unusable input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from clusterxchange.cli import main

DATA = Path(__file__).parent / "data"
TABLE = str(DATA / "kpi_partnership.csv")
TARGETS = str(DATA / "kpi_targets.toml")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["kpis", *argv], out=out)
    return code, out.getvalue()


def test_json_is_the_design_shape() -> None:
    code, text = run(TABLE, "--targets", TARGETS, "--format", "json")
    assert code == 0
    data = json.loads(text)
    for key in ("completed", "pending", "outside_partnership", "by_visitor_kind", "targets"):
        assert key in data
    assert (data["completed"], data["pending"], data["outside_partnership"]) == (4, 2, 1)
    assert data["by_visitor_kind"]["sme"] == 3
    assert data["targets"][0] == {
        "kpi": "exchanges",
        "target": 10,
        "actual": 4,
        "pending": 2,
        "progress": 0.4,
        "remaining": 6,
        "met": False,
    }
    # Duplicates name their rows in the file (the header is row 1).
    assert [(d["row"], d["duplicate_of_row"]) for d in data["duplicates"]] == [(4, 11), (9, 3)]


def test_the_partnership_option() -> None:
    code, text = run(TABLE, "--partnership", "OTHER", "--format", "json")
    assert code == 0
    data = json.loads(text)
    assert (data["partnership"], data["completed"], data["other_partnerships"]) == ("OTHER", 1, 9)
    _, everyone = run(TABLE, "--format", "json")
    assert json.loads(everyone)["completed"] == 5
    code, _ = run(TABLE, "--targets", TARGETS, "--partnership", "OTHER")
    assert code == 2


def test_text_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(TABLE, "--targets", TARGETS, "--locale", "da")
    assert code == 0
    assert "Udvekslinger med SMV'er som besøgende" in text
    assert "Ungarn" in text
    assert "række 9 gentager række 3" in text
    # The reader's decisions go to stderr as warnings, one line each.
    warnings = capsys.readouterr().err.splitlines()
    assert warnings
    assert all(line.startswith("clusterxchange: warning: ") for line in warnings)
    code, markdown = run(TABLE, "--targets", TARGETS, "--format", "markdown")
    assert code == 0
    assert "| Exchanges | 10 | 4 | 2 | 40% |" in markdown


def test_csv_one_row_per_kpi() -> None:
    code, text = run(TABLE, "--targets", TARGETS, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["kpi"] == "exchanges"
    assert rows[0]["actual"] == "4"
    assert len(rows) == 9


def test_a_table_with_bad_cells_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,status\n"
        "Hamburg Aviation,DE,cluster organisation,Aero Lda,Atlantis,SME,Completed\n"
        "Hamburg Aviation,DE,cluster organisation,Aero Lda,PT,SME,finished twice\n",
        encoding="utf-8",
    )
    code, text = run(str(path))
    assert (code, text) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{path}, row 2, column visitor_country" in err
    assert "(and 1 more problems)" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/no/such/table.csv"], "no such file"),
        ([TABLE, "--targets", "/no/such/targets.toml"], "targets.toml: no such file"),
        ([TABLE, "--locale", "xx-nowhere"], "unknown locale"),
    ],
)
def test_unusable_input(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(*argv)
    assert (code, text) == (2, "")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_bad_targets_name_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "targets.toml"
    path.write_text("exchanges = 80\n[visitor_kind]\nsmee = 4\n", encoding="utf-8")
    code, _ = run(TABLE, "--targets", str(path))
    assert code == 2
    err = capsys.readouterr().err
    assert f"{path}, visitor_kind.smee: unknown visitor kind 'smee'" in err


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(TABLE, "--format", "yaml")[0] == 2
    assert run()[0] == 2
    assert "required: FILE" in capsys.readouterr().err
