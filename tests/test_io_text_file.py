"""A CSV file read a block at a time (TextFile) reads as its text read whole.

A table given by path is no longer held as one text: its blocks are decoded when the reader
reaches them. Everything the reader gives must be what it gives on the same text held whole
(a stream): here with blocks as small as a few bytes, so that records, quoted line breaks,
headers and rewinds fall across block boundaries, on sheets written as people write them, in
the encodings spreadsheets save.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange.io import _csv, _text
from clusterxchange.io._csv import read_csv_table
from clusterxchange.io._text import TextFile, decode, open_text
from clusterxchange.model.errors import InvalidFileError
from messy_sheets import sheets

_T = TypeVar("_T")


def _outcome(read: Callable[[], _T]) -> _T | InvalidFileError:
    """Return what *read* returns, or the :class:`InvalidFileError` it raises."""
    try:
        return read()
    except InvalidFileError as error:
        return error


def _both(path: Path, block: int, chunk: int = 5_000) -> None:
    """Read *path* in blocks of *block* bytes and whole; assert the same table (or error)."""
    text, _ = decode(path.read_bytes(), "sheet.csv")
    with mock.patch.object(_csv, "CHUNK", chunk):
        whole = _outcome(lambda: read_csv_table(io.StringIO(text), file="sheet.csv"))
        if isinstance(whole, InvalidFileError):
            with mock.patch.object(_text, "BLOCK", block), pytest.raises(InvalidFileError) as got:
                read_csv_table(path, file="sheet.csv")
            assert got.value.problems == whole.problems
            return
        with mock.patch.object(_text, "BLOCK", block):
            blocks = read_csv_table(path, file="sheet.csv")
    # The encoding's warning is the file's own (a stream of text has none): the rest agrees.
    assert [w for w in blocks.warnings if "UTF-8" not in w.message] == list(whole.warnings)
    assert blocks.errors == whole.errors
    assert blocks.rows == whole.rows
    assert blocks.exchanges == whole.exchanges
    assert blocks.rows_read == whole.rows_read


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    sheets(),
    st.integers(1, 3_000),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.sampled_from(["\n", "\r\n"]),
    st.integers(1, 12),
)
def test_a_sheet_reads_the_same_in_blocks_and_whole(
    tmp_path: Path, text: str, block: int, encoding: str, newline: str, chunk: int
) -> None:
    path = tmp_path / "sheet.csv"
    # The rows again and again, so that the header search is over before the text ends (a
    # file no longer than that is read whole), and many records go through the blocks.
    header, _, body = text.partition("\n")
    text = header + "\n" + body * (60 // max(1, body.count("\n")) + 1)
    text = text.replace("\n", newline).replace("Aero Lda", "Aéro Lda")  # an accent to encode
    path.write_bytes(text.encode(encoding, errors="replace"))
    _both(path, block, chunk)


HEADER = "Host,Host country,Host kind,Visitor,Visitor country,Visitor kind,Start,End\n"
ROW = "Hamburg Aviation,DE,Cluster organisation,Aero Lda,PT,SME,06/03/2023,10/03/2023\n"


@pytest.mark.parametrize(
    "content",
    [
        HEADER + ROW * 50,
        "\n" * 40 + HEADER + ROW * 30,  # the header past the first blocks
        "\n" * 4_000 + HEADER + ROW * 3,  # past the blocks searched first: read whole
        "Exchanges 2023\n\n"
        + HEADER
        + ROW * 30
        + '"Nordic, Labs",FI,SME,"Aero\nLda",PT,SME,,\n'
        + ROW * 30,
        HEADER + ROW * 30 + 'Hamburg Aviation,DE,cluster,"Aero Lda ' + "x" * 300 + '",PT,SME,,\n',
        HEADER + ROW * 30 + 'Hamburg Aviation,DE,cluster,"Aero Lda\n',  # a quote never closed
        HEADER + ROW * 30 + 'Hamburg Aviation,DE,cluster,"Aero\nLda",PT,SME,,',  # no line end
        "sep=;\n" + HEADER.replace(",", ";") + ROW.replace(",", ";") * 30,
        "",
        "\n\n",
    ],
)
@pytest.mark.parametrize("block", [1, 7, 64, 200, 500, 1 << 20])
def test_awkward_files_read_the_same_in_blocks_and_whole(
    tmp_path: Path, content: str, block: int
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(content, encoding="utf-8")
    _both(path, block)


@pytest.mark.parametrize(
    "data",
    [
        "Aéro Lda\nNordic\n".encode("cp1252"),  # Windows-1252: read so, with a warning
        b"Host\nA\n\x81\n",  # neither UTF-8 nor Windows-1252
        b"Host\nA\x00B\n",  # a NUL
        b"Host\n" + "Aéro".encode("cp1252") + b"\n\x7f\n",  # a control character in 1252
        "\ufeffHost\nAéro\n".encode(),
    ],
)
@pytest.mark.parametrize("block", [1, 3, 1 << 20])
def test_encodings_are_chosen_as_for_the_whole_file(
    tmp_path: Path, data: bytes, block: int
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    expected = _outcome(lambda: _text.read_text_source(path, "t.csv"))
    if isinstance(expected, InvalidFileError):
        with pytest.raises(InvalidFileError) as got:
            TextFile(path, "t.csv", block=block)
        assert got.value.problems == expected.problems
        return
    text = TextFile(path, "t.csv", block=block)
    assert (text.whole(), text.warnings) == expected
    assert len(text) == len(expected[0])
    assert "".join(part for _, part in text.blocks_from(3)) == expected[0][3:]


def test_utf16_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes((HEADER + ROW).encode("utf-16"))
    text, warnings = open_text(path, "t.txt")
    assert text == HEADER + ROW
    assert warnings == ()
    assert read_csv_table(path).rows == (2,)


def test_a_missing_file_and_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="no such file"):
        TextFile(tmp_path / "missing.csv", "missing.csv")
    with pytest.raises(InvalidFileError, match="is a directory"):
        TextFile(tmp_path, "folder")


def test_the_text_is_not_held(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + ROW * 2_000, encoding="utf-8")
    text = TextFile(path, "big.csv", block=4_096)
    assert len(text.starts) > 30
    assert not any(isinstance(value, str) and len(value) > 4_096 for value in vars(text).values())
    seen: list[int] = []
    real = TextFile.blocks_from

    def spied(self: TextFile, position: int) -> Iterator[tuple[int, str]]:
        seen.append(position)
        return real(self, position)

    with (
        mock.patch.object(_text, "BLOCK", 4_096),
        mock.patch.object(TextFile, "blocks_from", spied),
    ):
        assert read_csv_table(path).rows_read == 2_000
    assert seen  # read through the blocks, not as one text


def test_a_file_saved_again_while_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ROW * 50, encoding="utf-8")
    text = TextFile(path, "t.csv", block=256)
    path.write_text(HEADER + ROW * 51, encoding="utf-8")
    with pytest.raises(InvalidFileError, match="changed while it was read"):
        text.whole()
