"""``clusterxchange generations`` and the command line's conventions (docs/design.md)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from clusterxchange import InvalidFileError, InvalidValueError, __version__
from clusterxchange.cli import _generations, main
from clusterxchange.model.errors import InvalidGenerationError, Problem

EXPECTED_PERIODS = {
    "cxc1": {"start": "2020-02-03", "end": "2022-06-30"},
    "cxc2": {"start": "2022-02-01", "end": "2024-03-31"},
}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def _check_listing(listing: list[dict[str, Any]]) -> None:
    assert [g["id"] for g in listing] == ["cxc1", "cxc2"]
    for generation in listing:
        assert generation["period"] == EXPECTED_PERIODS[generation["id"]]
        assert generation["source"]
        assert generation["sources"]
        assert generation["source"] in generation["sources"]
        assert generation["title"]
        assert generation["programme"].startswith("COSME")


# ---------------------------------------------------------------------------------------------
# The listing


def test_generations_json_lists_both_with_periods_and_sources() -> None:
    code, output = run("generations", "--format", "json")
    assert code == 0
    _check_listing(json.loads(output))


def test_generations_json_cites_the_domain_sources() -> None:
    _, output = run("generations", "--format", "json")
    cxc1, cxc2 = json.loads(output)
    assert "clustercollaboration.eu/eu-cluster-partnerships/escp-4x" in cxc1["source"]
    assert "hempclubproject.com" in cxc2["source"]


def test_generations_text() -> None:
    code, output = run("generations")
    assert code == 0
    lines = output.splitlines()
    assert lines[0].startswith("cxc1  Feb 3, 2020 – Jun 30, 2022  ClusterXchange pilot")
    assert any(line.startswith("cxc2  Feb 1, 2022 – Mar 31, 2024") for line in lines)
    assert sum("source:" in line for line in lines) == 2
    assert sum("programme: COSME" in line for line in lines) == 2


def test_generations_text_in_a_locale() -> None:
    code, output = run("generations", "--locale", "de")
    assert code == 0
    assert output.startswith("cxc1  03.02.2020 – 30.06.2022")


def test_generations_json_ignores_the_locale() -> None:
    assert run("generations", "--format", "json", "--locale", "da") == run(
        "generations", "--format", "json"
    )


def test_python_dash_m_lists_the_generations() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "clusterxchange", "generations", "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    _check_listing(json.loads(result.stdout))


# ---------------------------------------------------------------------------------------------
# The conventions: --version, bad input


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"], out=io.StringIO()) == 0
    assert capsys.readouterr().out == f"clusterxchange {__version__}\n"


def test_no_command_prints_help_and_exits_2() -> None:
    code, output = run()
    assert code == 2
    assert "usage: clusterxchange" in output
    assert "generations" in output


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["generations", "--format", "yaml"], "invalid choice: 'yaml'"),
        (["generations", "--colour"], "unrecognized arguments: --colour"),
        (["--no-such-option"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run(*argv)
    assert code == 2
    assert output == ""
    line = _one_error_line(capsys)
    assert line.startswith("clusterxchange")
    assert message in line
    assert line.endswith("--help)")


@pytest.mark.parametrize("locale", ["xx", "not-a-locale", ""])
def test_bad_locale_exits_2_with_one_line(locale: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run("generations", "--locale", locale)
    assert code == 2
    assert output == ""
    line = _one_error_line(capsys)
    assert line.startswith("clusterxchange: error: unknown locale")


def test_bad_input_through_python_dash_m() -> None:
    for argv in (["frobnicate"], ["generations", "--locale", "xx"]):
        result = subprocess.run(
            [sys.executable, "-m", "clusterxchange", *argv],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 2
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------------------
# What a command may raise becomes one line and an exit code


@pytest.mark.parametrize(
    ("raised", "code", "message"),
    [
        (
            InvalidValueError("bad value\nover two lines"),
            2,
            "clusterxchange: error: bad value over two lines",
        ),
        (
            InvalidFileError([Problem(message="cannot read the file", file="x.csv")]),
            2,
            "clusterxchange: error: x.csv: cannot read the file",
        ),
        (
            InvalidGenerationError(
                [
                    Problem(message="every override needs its own source", path="$.cap.source"),
                    Problem(message="missing value", path="$.cap.value"),
                    Problem(message="missing value", path="$.cap.value"),
                ]
            ),
            2,
            "clusterxchange: error: $.cap.source: every override needs its own source "
            "(and 2 more problems)",
        ),
        (KeyboardInterrupt(), 130, "clusterxchange: error: interrupted"),
        (RecursionError(), 2, "clusterxchange: error: the input is nested too deeply to read"),
        (MemoryError(), 2, "clusterxchange: error: the input is too large to read in memory"),
    ],
)
def test_errors_inside_a_command(
    raised: BaseException,
    code: int,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def explode(args: object, out: object) -> int:
        raise raised

    monkeypatch.setattr(_generations, "run", explode)
    assert run("generations") == (code, "")
    assert _one_error_line(capsys) == message


def test_a_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def closed(args: object, out: object) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(_generations, "run", closed)
    assert run("generations") == (0, "")
    assert capsys.readouterr().err == ""


def test_main_defaults_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generations", "--format", "json"]) == 0
    _check_listing(json.loads(capsys.readouterr().out))
