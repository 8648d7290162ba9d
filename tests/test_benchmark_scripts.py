"""The benchmark's anchors count what ``kpis`` counts: the pandas and polars scripts.

benchmarks/run.py times ``clusterxchange kpis`` against two scripts a notebook user would
write; the comparison means something only if they give the same counts, on the same kind of
table (benchmarks/tables.py). The benchmark asserts it on its own tables too.
"""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from clusterxchange.cli import main

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def scripts() -> object:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import commands
        import kpis_pandas
        import kpis_polars
        import tables
    finally:
        sys.path.remove(str(BENCHMARKS))
    return commands, kpis_pandas, kpis_polars, tables


def test_kpis_equals_the_pandas_and_polars_scripts(scripts: object, tmp_path: Path) -> None:
    commands, kpis_pandas, kpis_polars, tables = scripts  # type: ignore[misc]
    path = tmp_path / "exchanges.csv"
    repeated = tables.write_table(path, 3000, hosts=40)
    out = io.StringIO()
    assert main(["kpis", str(path), "--format", "json"], out=out) == 0
    report = json.loads(out.getvalue())
    by_pandas, by_polars = kpis_pandas.counts(str(path)), kpis_polars.counts(str(path))
    compared = commands.compare_counts(report, by_pandas, by_polars)
    assert "by_visitor_kind" in compared
    assert by_pandas["duplicates"] >= repeated > 0  # rows listed twice are found
    assert by_pandas["completed"] > 0
    assert by_pandas["pending"] > 0


def test_a_difference_in_counts_is_caught(scripts: object, tmp_path: Path) -> None:
    commands, kpis_pandas, _, tables = scripts  # type: ignore[misc]
    path = tmp_path / "exchanges.csv"
    tables.write_table(path, 500, hosts=20)
    out = io.StringIO()
    main(["kpis", str(path), "--format", "json"], out=out)
    counts = kpis_pandas.counts(str(path))
    counts["completed"] += 1
    with pytest.raises(AssertionError):
        commands.compare_counts(json.loads(out.getvalue()), counts)


def test_tables_are_seeded(scripts: object, tmp_path: Path) -> None:
    *_, tables = scripts  # type: ignore[misc]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    tables.write_table(first, 200)
    tables.write_table(second, 200)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").splitlines()[0].split(",") == list(tables.HEADER)


def test_the_steps_of_the_commands_run_on_a_small_table(scripts: object, tmp_path: Path) -> None:
    # The benchmark times the commands' own calls one by one: a renamed call must fail here,
    # not in the middle of a benchmark run.
    commands, _, _, tables = scripts  # type: ignore[misc]
    path = tmp_path / "exchanges.csv"
    tables.write_table(path, 300, hosts=10)
    found = commands.steps(str(path))
    for step in ("read", "count", "kpis_text", "check", "lump_sums", "json"):
        assert found[step] >= 0
        assert found[f"{step}_mb"] > 0
    assert found["findings"] >= found["distinct_messages"] > 0
    assert gc.isenabled()  # the steps pause the collector as the commands do, and restore it


def test_the_floor_builds_one_verdict_per_row(scripts: object, tmp_path: Path) -> None:
    commands, _, _, tables = scripts  # type: ignore[misc]
    path = tmp_path / "exchanges.csv"
    tables.write_table(path, 200, hosts=10)
    found = commands.floor(str(path))
    assert found["rows"] == 200
    assert found["cpu"] >= 0
    assert gc.isenabled()


def test_the_commands_run_from_bytecode_as_an_installed_package_does(
    scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands, *_ = scripts  # type: ignore[misc]
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as some CI machines set
    env = commands.child_env.__wrapped__()  # not the cached one: this environment's
    assert "PYTHONDONTWRITEBYTECODE" not in env
    module = BENCHMARKS.parent / "src" / "clusterxchange" / "cli" / "_check.py"
    probe = (
        "import importlib.util, os, sys; "
        f"cached = importlib.util.cache_from_source({str(module)!r}); "
        "print(sys.dont_write_bytecode, os.path.exists(cached))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "True"]  # written before the first timed command
