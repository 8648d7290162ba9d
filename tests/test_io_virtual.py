"""A yes/no column that says whether each exchange was virtual (``Virtual?``, ``Virtuel ?``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.io import read_exchanges, read_exchanges_csv, read_exchanges_json
from clusterxchange.io._virtual import NO, YES, mode_text
from clusterxchange.model import Mode
from clusterxchange.model.errors import InvalidFileError

#: A French coordinator's sheet: the mode as a tick column.
SHEET = """\
Organisation hôte;Pays hôte;Type hôte;Organisation visiteuse;Pays visiteur;Type visiteur;\
Date de début;Date de fin;Virtuel ?
Hamburg Aviation;DE;Cluster;Aero Lda;PT;PME;06/03/2023;17/03/2023;Non
Hamburg Aviation;DE;Cluster;Wattwerk GmbH;AT;PME;08/05/2023;12/05/2023;Oui
Hamburg Aviation;DE;Cluster;Nordic Labs Oy;FI;PME;05/06/2023;09/06/2023;
Hamburg Aviation;DE;Cluster;Pemas;PT;PME;05/06/2023;09/06/2023;en ligne
"""


def _read(text: str) -> tuple[list[Mode], list[str]]:
    table = read_exchanges_csv(io.StringIO(text), file="sheet.csv")
    assert table.errors == ()
    return [e.mode for e in table.exchanges], [w.message for w in table.warnings]


def test_a_tick_column_is_the_mode() -> None:
    modes, warnings = _read(SHEET)
    assert modes == [Mode.PHYSICAL, Mode.VIRTUAL, Mode.PHYSICAL, Mode.VIRTUAL]
    assert "'Non' in the virtual column read as physical on 1 row (2)" in warnings
    assert "'Oui' in the virtual column read as virtual on 1 row (3)" in warnings
    assert "no mode on 1 row (4): taken as physical" in warnings  # a blank: not recorded
    assert "'en ligne' read as virtual on 1 row (5)" in warnings  # a mode's own label
    assert not any("unknown column" in w for w in warnings)


def test_the_virtual_exchange_gets_the_virtual_lump_sum(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    out = io.StringIO()
    main(["check", str(path), "--generation", "cxc1", "--format", "json"], out=out)
    exchanges = json.loads(out.getvalue())["exchanges"]
    physical, virtual = exchanges[0], exchanges[1]
    assert physical["lump_sum"] != virtual["lump_sum"]
    assert float(virtual["lump_sum"]) < float(physical["lump_sum"])


def test_a_cell_that_is_no_yes_or_no_is_an_error_of_its_row() -> None:
    table = read_exchanges_csv(
        io.StringIO("Host,Visitor,Virtual?\nHamburg Aviation,Aero Lda,maybe\nA,B,Yes\n"),
        file="sheet.csv",
    )
    assert [(p.row, p.column) for p in table.errors] == [(2, "mode")]
    assert "'maybe'" in table.errors[0].message
    assert [e.mode for e in table.exchanges] == [Mode.VIRTUAL]


def test_a_table_with_a_mode_and_a_virtual_column_is_refused() -> None:
    with pytest.raises(InvalidFileError, match="'Virtual\\?' says whether each exchange"):
        read_exchanges_csv(io.StringIO("Host,Visitor,Mode,Virtual?\nA,B,online,Yes\n"))


def test_a_workbook_of_true_and_false(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Host", "Visitor", "Online?"])
    sheet.append(["Hamburg Aviation", "Aero Lda", True])
    sheet.append(["Hamburg Aviation", "Pemas", False])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    table = read_exchanges(path)
    assert table.errors == ()
    assert [e.mode for e in table.exchanges] == [Mode.VIRTUAL, Mode.PHYSICAL]


def test_json_reads_a_virtual_member_and_refuses_two_modes(tmp_path: Path) -> None:
    path = tmp_path / "exchanges.json"
    path.write_text(json.dumps([
        {"host": "Hamburg Aviation", "visitor": "Aero Lda", "virtual": True},
        {"host": "Hamburg Aviation", "visitor": "Pemas", "virtual": "no"},
        {"host": "Hamburg Aviation", "visitor": "Blue", "virtual": "yes", "mode": "physical"},
    ]))  # fmt: skip
    table = read_exchanges_json(path)
    assert [e.mode for e in table.exchanges] == [Mode.VIRTUAL, Mode.PHYSICAL]
    assert [(p.row, p.column) for p in table.errors] == [(3, "virtual")]


def test_ids_written_back_keep_the_tick_column_as_written(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["ids", str(path), "--output", str(out)]) == 0  # the sheet's own columns
    assert "Virtuel ?" in out.read_text(encoding="utf-8").splitlines()[0]
    assert [e.mode for e in read_exchanges(out).exchanges] == _read(SHEET)[0]


def test_yes_and_no_are_apart_and_a_blank_is_neither() -> None:
    assert not YES & NO
    assert "" not in YES | NO
    assert [mode_text(text) for text in ("", " ", "\t")] == ["", " ", "\t"]


@given(st.sampled_from(sorted(YES | NO)), st.sampled_from([str.upper, str.title, str]))
def test_every_yes_and_no_reads_whatever_its_case(word: str, case: object) -> None:
    text = case(word)  # type: ignore[operator]
    assert mode_text(f" {text} ") == ("virtual" if word in YES else "physical")
    assert mode_text(mode_text(text)) == mode_text(text)  # read twice, the same
