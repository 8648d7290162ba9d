"""Crashes the fuzzing session found (``nox -s fuzz``, tests/fuzz), kept as plain examples.

Each test names the fuzz test that found the crash, the module fixed, and the cause. They run
in the normal suite, so a crash fixed once stays fixed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from clusterxchange.io import read_exchanges, read_exchanges_excel
from clusterxchange.io.migration import parse_mapping
from clusterxchange.model.errors import InvalidFileError


def _workbook_without_sheets() -> bytes:
    """A workbook whose ``xl/workbook.xml`` lists no sheet (a damaged or chart-only file)."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["host", "visitor"])
    saved = io.BytesIO()
    book.save(saved)
    damaged = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as original,
        zipfile.ZipFile(damaged, "w") as copy,
    ):
        for name in original.namelist():
            part = original.read(name)
            if name == "xl/workbook.xml":
                part = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", part)
            copy.writestr(name, part)
    return damaged.getvalue()


def test_a_workbook_without_any_sheet_is_an_unusable_file(tmp_path: Path) -> None:
    """test_excel_bytes: io/_excel.py asserted that some sheet had been tried (AssertionError).

    A workbook with no worksheet now gives InvalidFileError naming the file, from the reader
    and from read_exchanges (so ``check`` and ``kpis`` exit 2 with one line).
    """
    data = _workbook_without_sheets()
    with pytest.raises(InvalidFileError, match=r"^x\.xlsx: the workbook has no worksheet"):
        read_exchanges_excel(io.BytesIO(data), file="x.xlsx")
    path = tmp_path / "no-sheet.xlsx"
    path.write_bytes(data)
    with pytest.raises(InvalidFileError, match="no worksheet"):
        read_exchanges(path)


@pytest.mark.parametrize("encoding", ["\x00", "utf-8\x00"])
def test_a_mapping_encoding_with_a_nul_is_a_mapping_problem(encoding: str) -> None:
    """test_mapping_documents: migration/_mapping.py let codecs.lookup's ValueError escape.

    An encoding name with a NUL is an unknown encoding, reported as the mapping's problem.
    """
    with pytest.raises(InvalidFileError, match=r"unknown encoding"):
        parse_mapping({"columns": {"Gast": "visitor", "Gastgeber": "host"}, "encoding": encoding})
