"""``check`` of a large CSV file, read twice rather than held, says what the held check says.

A CSV file of :data:`~clusterxchange.cli._check.STREAM_BYTES` or more is checked streaming:
a first read counts each visitor's visits, a second checks each exchange and writes its
verdict. Everything a user sees (the output, byte for byte, the warnings and errors on
stderr, the exit code) must be what the check that holds the table gives. Here the size is
set to 0 (every file streams) or out of reach (none does), on sheets written as people
write them and on tables built for the awkward cases: visits that tie on everything the
order looks at, dates month first, decimal commas, unusable rows, several generations.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange.cli import _check, _common, main
from clusterxchange.io import _csv, _rows
from messy_sheets import sheets

HEADER = (
    "ID,Host,Host country,Host kind,Visitor,Visitor country,Visitor kind,Visitor PIC,Start,End,"
    "Mode,Status,Distance (km)"
)


def _run(path: Path, fmt: str, *, streamed: bool, batch: int = 10_000) -> tuple[int, str, str]:
    """Run ``check`` on *path*; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    size = 0 if streamed else 2**62
    with (
        mock.patch.object(_check, "STREAM_BYTES", size),
        mock.patch.object(_csv, "CHUNK", batch),
        mock.patch.object(_rows, "SINK_ROWS", batch),
        contextlib.redirect_stderr(err),
    ):
        code = main(["check", str(path), "--format", fmt], out=out)
    return code, out.getvalue(), err.getvalue()


def _assert_same(path: Path, fmt: str, batch: int = 10_000) -> tuple[int, str, str]:
    held = _run(path, fmt, streamed=False)
    streamed = _run(path, fmt, streamed=True, batch=batch)
    assert streamed[2] == held[2]  # stderr first: it says why, when the rest differs
    assert streamed[1] == held[1]
    assert streamed[0] == held[0]
    return held


def _write(tmp_path: Path, lines: list[str], name: str = "exchanges.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sheets(), st.sampled_from(["json", "csv"]), st.integers(1, 30))
def test_a_messy_sheet_checks_the_same_streamed_and_held(
    tmp_path: Path, text: str, fmt: str, batch: int
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    _assert_same(path, fmt, batch)


_VISIT = (
    "Hamburg Aviation,DE,Cluster organisation,{visitor},PT,SME,{pic},{start},{end},In person,"
    "{status},{km}"
)


def _visit(
    ident: str = "",
    visitor: str = "Aero Lda",
    pic: str = "",
    start: str = "06/03/2023",
    end: str = "10/03/2023",
    status: str = "Completed",
    km: str = "",
) -> str:
    cells = _VISIT.format(visitor=visitor, pic=pic, start=start, end=end, status=status, km=km)
    return f"{ident},{cells}"


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("batch", [1, 2, 10_000])
def test_visits_that_tie_on_days_id_and_host_are_ordered_by_their_text(
    tmp_path: Path, fmt: str, batch: int
) -> None:
    # The same visitor, days, ID and host, but another status: the order needs the text of
    # each exchange, which the streamed check reads a third time for.
    lines = [
        _visit("EG1", status="Completed"),
        _visit("EG1", status="Waiting for Final Activity Report"),
        _visit("EG1", status="Completed"),  # an exact repeat of the first: no text needed
        _visit("EG2", start="13/03/2023", end="17/03/2023"),
    ]
    path = _write(tmp_path, lines)
    with _reads() as reads:
        code, out, _ = _assert_same(path, fmt, batch)
    assert code == 1
    assert reads[-3:] == ["_Counting", "_Texts", "_Checking"]
    assert "visitor_once" in out


@contextlib.contextmanager
def _reads() -> Iterator[list[str]]:
    """Record the sink of each read of the table, by its class's name."""
    reads: list[str] = []
    real = _common.read_table

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(type(kwargs.get("sink")).__name__)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with mock.patch.object(_check, "read_table", counted):
        yield reads


def test_exact_repeats_need_no_third_read(tmp_path: Path) -> None:
    path = _write(tmp_path, [_visit("EG1"), _visit("EG1"), _visit("EG1")])
    with _reads() as reads:
        _run(path, "json", streamed=True)
    assert reads == ["_Counting", "_Checking"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_dates_found_month_first_are_read_so_on_the_second_read(tmp_path: Path, fmt: str) -> None:
    # 03/17/2023 reads only month first: the first read starts over, month first, and the
    # second read must not guess again (its 03/06/2023 is 6 March).
    lines = [
        _visit("EG1", visitor="Aero Lda", start="03/06/2023", end="03/10/2023"),
        _visit("EG2", visitor="Aero Lda", start="03/13/2023", end="03/17/2023"),
        _visit("EG3", visitor="Wattwerk GmbH", start="04/03/2023", end="04/07/2023"),
    ]
    _, out, err = _assert_same(_write(tmp_path, lines), fmt, batch=1)
    assert "month first" in err
    assert "2023-03-06" in out


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_decimal_commas_found_late_are_kept_on_the_second_read(tmp_path: Path, fmt: str) -> None:
    # "1.050" reads two ways until "640,2" says the decimal sign is a comma: read again.
    lines = [
        _visit("EG1", visitor="Aero Lda", km='"1.050"'),
        _visit("EG2", visitor="Wattwerk GmbH", km='"640,2"'),
        _visit("EG3", visitor="Nordic Labs Oy", km="12"),
    ]
    _assert_same(_write(tmp_path, lines), fmt, batch=1)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_unusable_rows_between_checked_ones(tmp_path: Path, fmt: str) -> None:
    lines = [
        _visit("EG1"),
        _visit("EG2", visitor="Wattwerk GmbH", start="someday"),
        _visit("EG3", visitor="Nordic Labs Oy"),
        _visit("EG4", visitor="Aero Lda", start="13/03/2023", end="17/03/2023"),
        _visit("EG5", visitor="Blue Labs", end="yesterday"),
    ]
    code, _, err = _assert_same(_write(tmp_path, lines), fmt, batch=2)
    assert code == 1
    assert "left out as unusable" in err


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_table_whose_every_row_is_unusable(tmp_path: Path, fmt: str) -> None:
    lines = [_visit("EG1", start="someday"), _visit("EG2", end="yesterday")]
    code, _, _ = _assert_same(_write(tmp_path, lines), fmt)
    assert code == 2


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_visits_in_two_generations_and_pics_joining_names(tmp_path: Path, fmt: str) -> None:
    lines = [
        _visit("EG1", visitor="Aero Lda", pic="949123456", start="06/03/2023", end="10/03/2023"),
        _visit("EG2", visitor="AERO LDA", start="13/03/2023", end="17/03/2023"),
        _visit("EG3", visitor="Aero, Lda.", start="07/10/2020", end="09/10/2020"),
        _visit("EG4", visitor="Wattwerk GmbH", start="05/06/2023", end="09/06/2023"),
        _visit("EG5", visitor="Wattwerk GmbH", start="12/06/2023", end="16/06/2023",
               status="Cancelled"),
    ]  # fmt: skip
    _assert_same(_write(tmp_path, lines), fmt, batch=1)


def test_small_files_are_held_and_large_ones_streamed(tmp_path: Path) -> None:
    path = _write(tmp_path, [_visit("EG1")])
    args = mock.Mock(file=str(path), directory=None)
    with mock.patch.object(_check, "STREAM_BYTES", path.stat().st_size + 1):
        assert not _check._streams(args)
    with mock.patch.object(_check, "STREAM_BYTES", path.stat().st_size):
        assert _check._streams(args)
        assert not _check._streams(mock.Mock(file=str(path), directory="partners.toml"))
        assert not _check._streams(mock.Mock(file=str(tmp_path / "missing.csv"), directory=None))
        json_path = tmp_path / "exchanges.json"
        json_path.write_text("[" + " " * path.stat().st_size + "]", encoding="utf-8")
        assert not _check._streams(mock.Mock(file=str(json_path), directory=None))


def test_a_file_changed_between_the_reads_is_an_error_not_a_wrong_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, [_visit("EG1"), _visit("EG2", visitor="Wattwerk GmbH")])
    real = _common.read_table

    def edited(*args: object, **kwargs: object) -> object:
        if type(kwargs.get("sink")).__name__ == "_Checking":  # saved again meanwhile
            path.write_text(f"{HEADER}\n{_visit('EG1')}\n", encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with (
        mock.patch.object(_check, "read_table", edited),
        mock.patch.object(_check, "STREAM_BYTES", 0),
    ):
        code = main(["check", str(path), "--format", "csv"], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2
    assert "changed while it was checked" in err
    assert "Traceback" not in err


def test_the_streamed_json_is_one_document(tmp_path: Path) -> None:
    import json

    lines = [_visit(f"EG{k}", visitor=f"Visitor {k} Ltd") for k in range(7)]
    code, out, _ = _run(_write(tmp_path, lines), "json", streamed=True, batch=3)
    document = json.loads(out)
    assert code == 0
    assert [e["row"] for e in document["exchanges"]] == list(range(2, 9))
    assert list(document) == ["generation", "generations", "eligible", "exchanges", "findings",
                              "errors"]  # fmt: skip


def test_a_cell_edited_between_the_reads_is_an_error_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, [_visit("EG1"), _visit("EG2", visitor="Wattwerk GmbH")])
    real = _common.read_table

    def edited(*args: object, **kwargs: object) -> object:
        if type(kwargs.get("sink")).__name__ == "_Checking":  # the same rows, one cell other
            text = path.read_text(encoding="utf-8").replace("Wattwerk GmbH", "Wattwerk AG")
            path.write_text(text, encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with (
        mock.patch.object(_check, "read_table", edited),
        mock.patch.object(_check, "STREAM_BYTES", 0),
    ):
        code = main(["check", str(path), "--format", "json"], out=io.StringIO())
    assert code == 2
    assert "changed while it was checked" in capsys.readouterr().err
