"""Properties of the write-back behind ``clusterxchange ids``: only the cells written change."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli._write_back import edit_csv, split_record

DELIMITERS = st.sampled_from([",", ";", "\t"])
# Cells as people type them: any text but NUL (the readers refuse it), quotes and delimiters
# included; line breaks inside cells too.
CELLS = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=8
)
QUOTING = st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])


def _unquote(raw: str) -> str:
    if raw.startswith('"') and raw.endswith('"') and len(raw) > 1:
        return raw[1:-1].replace('""', '"')
    return raw


@given(cells=st.lists(CELLS, min_size=1, max_size=6), delimiter=DELIMITERS, quoting=QUOTING)
def test_split_record_splits_as_the_csv_module(
    cells: list[str], delimiter: str, quoting: int
) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting).writerow(cells)
    body = out.getvalue().removesuffix("\r\n")
    expected = next(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    assert [_unquote(raw) for raw in split_record(body, delimiter)] == expected


def _split_by_characters(body: str, delimiter: str) -> list[str]:
    """The definition split_record keeps: the record read a character at a time."""
    cells: list[str] = []
    start, quoted, at_start, i = 0, False, True, 0
    while i < len(body):
        char = body[i]
        if quoted:
            if char == '"':
                if body[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted = True
        elif char == delimiter:
            cells.append(body[start:i])
            start, at_start, i = i + 1, True, i + 1
            continue
        at_start = False
        i += 1
    cells.append(body[start:])
    return cells


@given(body=st.text(alphabet='ab ",;\t"', max_size=30), delimiter=DELIMITERS)
def test_split_record_of_any_line_even_badly_quoted(body: str, delimiter: str) -> None:
    # Hand-edited files hold quotes that never close, stray quotes mid-cell, quotes after a
    # closed one: each is split as a character-by-character reading splits it.
    assert split_record(body, delimiter) == _split_by_characters(body, delimiter)


NAMES = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=6).map(str.strip).filter(bool)


@given(
    rows=st.lists(st.tuples(NAMES, NAMES, CELLS), min_size=1, max_size=5),
    delimiter=DELIMITERS,
    quoting=QUOTING,
    data=st.data(),
)
def test_only_the_cells_written_change(
    rows: list[tuple[str, str, str]],
    delimiter: str,
    quoting: int,
    data: st.DataObject,
) -> None:
    path = Path(tempfile.mkdtemp()) / "t.csv"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(["host", "visitor", "remarks", "id"])
    writer.writerows([(h, v, r, "") for h, v, r in rows])
    path.write_bytes(out.getvalue().encode("utf-8"))
    chosen = data.draw(st.sets(st.integers(2, len(rows) + 1)))
    values = {row: f"CXL-{row}" for row in chosen}
    edited = edit_csv(path, values, "id")
    before = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=delimiter))
    after = list(csv.reader(io.StringIO(edited.text(), newline=""), delimiter=delimiter))
    assert len(after) == len(before)
    for number, (old, new) in enumerate(zip(before, after, strict=True), 1):
        assert new[:3] == old[:3]
        assert new[3] == values.get(number, old[3])
    assert not edited.added


def test_a_new_column_is_named_above_a_row_of_hints(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"Host;Visitor;Start\r\n(name);(name);(dd/mm/yyyy)\r\nA;B;06/03/2023\r\n")
    edit = edit_csv(path, {3: "CXL-1"}, "id")
    assert edit.added
    assert edit.data == (
        b"Host;Visitor;Start;id\r\n(name);(name);(dd/mm/yyyy)\r\nA;B;06/03/2023;CXL-1\r\n"
    )
