"""Writing values into a table file in its own format, every other cell left as it was.

``clusterxchange ids`` fills one column of a coordinator's sheet. The sheet must stay theirs:

- **CSV**: the file is edited as text. Only the cells written change; every other byte (the
  other cells, their quotes, the delimiter, the line ends, the rows above the header, the
  totals and blank rows) is kept, and the file keeps its encoding and byte-order mark.
- **.xlsx**: the workbook is opened with openpyxl and saved again: values, formulas, styles,
  merged cells and column widths are kept; what openpyxl does not read (charts, images,
  pivot tables) is not.
- **JSON**: the document is parsed and written again with the same members in the same order
  (values kept, spacing normalised: two-space indents when the file had line breaks).

A column the table lacks is added after its last column, named as given. Every cell written
goes through :func:`~clusterxchange.io.neutralise_cell`, and so, in a CSV file, does every text
cell of the rows the caller guards (the exchanges' rows) that a spreadsheet would run as a
formula; numbers (``-9.14``) and the other rows (titles, totals) stay as written. A workbook's
text cells are text, and JSON is not opened by spreadsheets: they need no such guard.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path

import attrs

from clusterxchange.io._columns import ColumnNames, load_columns
from clusterxchange.model.errors import InvalidFileError, Problem

__all__ = ["Edit", "edit_csv", "edit_json", "edit_xlsx", "split_record", "table_format"]


@attrs.frozen(kw_only=True)
class Edit:
    """What was written: the file's new content, and whether the column had to be added.

    Attributes:
        data: The new file, as bytes.
        added: Whether the column was added (the table had none).
        skipped: Rows whose cell could not be written, with the reason.
        neutralised: The coordinator's cells that a spreadsheet would have run as formulas,
            each as (row, column header), now written with a leading ``'`` (CSV only).
        encoding: The text encoding of :attr:`data` (``None`` for a workbook).
        mark: The byte-order mark :attr:`data` starts with (``b""`` when none).
    """

    data: bytes
    added: bool
    skipped: tuple[tuple[int, str], ...] = ()
    neutralised: tuple[tuple[int, str], ...] = ()
    encoding: str | None = None
    mark: bytes = b""

    def text(self) -> str:
        """Return :attr:`data` as text, without its byte-order mark (a CSV or JSON table)."""
        return self.data[len(self.mark) :].decode(self.encoding or "utf-8")


def table_format(path: str | os.PathLike[str]) -> str:
    """Return the format :func:`~clusterxchange.io.read_exchanges` reads *path* as.

    >>> table_format("exchanges.tsv"), table_format("book.XLSX")
    ('csv', 'xlsx')
    """
    from clusterxchange.io._read import SUFFIXES
    from clusterxchange.io._text import read_bytes

    chosen = SUFFIXES.get(Path(path).suffix.casefold())
    if chosen is not None:
        return chosen
    head = read_bytes(path, os.fsdecode(path))[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "json" if head[:1] in (b"[", b"{") else "csv"


@functools.lru_cache(maxsize=8)
def _cell_pattern(delimiter: str) -> re.Pattern[str]:
    """Return the pattern of one raw cell of a record delimited by *delimiter*.

    A quoted part (``""`` inside it a quote; it runs to the end of the record when it is never
    closed), then the text up to the next delimiter, taken as it is.
    """
    other = f"[^{re.escape(delimiter)}]*"
    return re.compile(f'(?:"(?:[^"]|"")*"?)?{other}')


def split_record(body: str, delimiter: str) -> list[str]:
    """Return the raw cells of one CSV record, quotes kept, as the csv module splits them.

    A cell that starts with a quote runs to its closing quote (a doubled quote inside it is
    one quote), then to the next delimiter; any other cell runs to the next delimiter. A
    record without quotes is split at every delimiter, in one call (most are: 100,000 rows
    of benchmarks/tables.py took 3.7 s a character at a time, and 0.1 s so).

    >>> split_record('a,"b, ""c"" d",,e', ",")
    ['a', '"b, ""c"" d"', '', 'e']
    >>> split_record('"open, never closed', ","), split_record("", ";")
    (['"open, never closed'], [''])
    """
    if '"' not in body:
        return body.split(delimiter)
    match = _cell_pattern(delimiter).match
    cells: list[str] = []
    position, end = 0, len(body)
    while True:
        found = match(body, position)
        assert found is not None  # the pattern matches the empty text
        cells.append(found.group())
        position = found.end()
        if position >= end:
            return cells
        position += 1  # the delimiter


def _quote(value: str, delimiter: str) -> str:
    from clusterxchange.io import neutralise_cell

    value = neutralise_cell(value)
    if any(c in value for c in (delimiter, '"', "\r", "\n")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


_NUMBER = re.compile(r"\s*[-+]?\d[\d.,]*\s*")


def _unquoted(raw: str) -> str:
    """Return the value of a raw CSV cell (its quotes removed)."""
    if not raw.startswith('"'):
        return raw
    end = raw.rfind('"')
    inner = raw[1:end] if end > 0 else raw[1:]
    return inner.replace('""', '"') + (raw[end + 1 :] if end > 0 else "")


@functools.lru_cache(maxsize=8)
def _formula_start(delimiter: str) -> re.Pattern[str]:
    """Where a cell of a raw record may start as a formula would (a test before the cells')."""
    from clusterxchange.io._export import FORMULA_TRIGGERS

    triggers = "".join(map(re.escape, sorted(FORMULA_TRIGGERS)))
    return re.compile(rf'(?:^|{re.escape(delimiter)})[\s"]*[{triggers}]')


def _guarded(cells: list[str], delimiter: str, skip: int) -> list[int]:
    """Neutralise, in place, every cell but *skip* that a spreadsheet would run as a formula.

    Numbers (``-9.14``, ``+5``) cannot run and stay as written. Returns the positions changed.
    """
    from clusterxchange.io import neutralise_cell

    changed = []
    for i, raw in enumerate(cells):
        value = _unquoted(raw)
        if i != skip and neutralise_cell(value) != value and not _NUMBER.fullmatch(value):
            cells[i] = _quote(value, delimiter)
            changed.append(i)
    return changed


def _encoding(data: bytes) -> tuple[str, bytes]:
    """Return the encoding of a table file as the readers decode it, and its byte-order mark."""
    for mark, name in (
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xef\xbb\xbf", "utf-8"),
    ):
        if data.startswith(mark):
            return name, mark
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252", b""  # the readers' fallback (a warning said so when reading)
    return "utf-8", b""


def _unusable(file: str, message: str) -> InvalidFileError:
    return InvalidFileError([Problem(message=message, file=file)])


def edit_csv(
    path: str | os.PathLike[str],
    values: Mapping[int, str],
    column: str,
    columns: ColumnNames | None = None,
    *,
    guard: Collection[int] = (),
) -> Edit:
    r"""Return the CSV file at *path* with *values* (row -> text) in *column*.

    Rows are numbered as the readers number them (the header is row 1 when it is the first
    line; a quoted cell with line breaks is one row). In the rows of *guard* (the exchanges'
    rows), a cell a spreadsheet would run as a formula is neutralised too, and listed in
    :attr:`Edit.neutralised`; every other cell stays as it was, byte for byte.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_bytes(b'Host;Visitor;"Remarks"\r\nA;B;"x; y"\r\nC;D;\r\n')
    >>> edit_csv(path, {3: "CXL-1"}, "id").data
    b'Host;Visitor;"Remarks";id\r\nA;B;"x; y"\r\nC;D;;CXL-1\r\n'
    """
    from clusterxchange.io._csv import find_header
    from clusterxchange.io._headers import is_hint_row
    from clusterxchange.io._text import read_bytes

    names = load_columns(columns)
    file = os.fsdecode(path)
    data = read_bytes(path, file)
    encoding, mark = _encoding(data)
    text = data[len(mark) :].decode(encoding)
    header_line, delimiter, header_cols, _ = find_header(text, file, names)[:4]
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    spans: dict[int, tuple[int, int]] = {}
    last = 0
    header_row = 0
    for number, _record in enumerate(reader, 1):
        spans[number] = (last, reader.line_num)
        if not header_row and reader.line_num >= header_line:
            header_row = number
        last = reader.line_num
    header = split_record("".join(lines[slice(*spans[header_row])]).rstrip("\r\n"), delimiter)
    if header_row > 1 and is_hint_row(list(map(_unquoted, header))):
        # A row of hints under the header ("(ISO code)"): the column's name goes above it.
        header_row -= 1
        header = split_record("".join(lines[slice(*spans[header_row])]).rstrip("\r\n"), delimiter)
    added = column not in header_cols
    index = len(header_cols) if added else header_cols.index(column)
    edits: dict[int, str | None] = dict.fromkeys(guard)
    edits.update(values)
    if added:
        edits[header_row] = column
    neutralised: list[tuple[int, str]] = []
    for number, value in sorted(edits.items()):
        first, end = spans[number]
        raw = "".join(lines[first:end])
        body = raw.rstrip("\r\n")
        cells = split_record(body, delimiter)
        # Most rows have no cell a spreadsheet would run: one search of the row tells.
        formula = number in guard and _formula_start(delimiter).search(body) is not None
        changed = _guarded(cells, delimiter, index) if formula else []
        neutralised += [
            (number, _unquoted(header[i]) if i < len(header) else f"column {i + 1}")
            for i in changed
        ]
        if value is None:
            if not changed:
                continue
        else:
            cells += [""] * (index + 1 - len(cells))
            cells[index] = _quote(value, delimiter)
        lines[first:end] = [delimiter.join(cells) + raw[len(body) :]] + [""] * (end - first - 1)
    return Edit(
        data=mark + "".join(lines).encode(encoding),
        added=added,
        neutralised=tuple(neutralised),
        encoding=encoding,
        mark=mark,
    )


def edit_xlsx(
    path: str | os.PathLike[str],
    values: Mapping[int, str],
    column: str,
    columns: ColumnNames | None = None,
) -> Edit:
    """Return the workbook at *path* with *values* (sheet row -> text) in *column*.

    The sheet is the one the reader reads: the first whose header names host and visitor.
    """
    import openpyxl

    from clusterxchange.io import neutralise_cell, read_exchanges_excel
    from clusterxchange.io._excel import _header as _excel_header
    from clusterxchange.io._row import is_blank
    from clusterxchange.io._text import read_bytes

    names = load_columns(columns)
    file = os.fsdecode(path)
    data = read_bytes(path, file)
    keep_vba = Path(path).suffix.casefold() == ".xlsm"
    book = openpyxl.load_workbook(io.BytesIO(data), keep_vba=keep_vba)
    for sheet in book.worksheets:
        try:
            read_exchanges_excel(io.BytesIO(data), sheet=sheet.title, file=file, columns=columns)
        except InvalidFileError:
            continue
        break
    else:  # pragma: no cover - the table was read, so one sheet has a header
        raise _unusable(file, "no sheet with a header naming host and visitor")
    filled = [
        (n, row)
        for n, row in enumerate(sheet.iter_rows(values_only=True), 1)
        if any(not is_blank(v) for v in row)
    ]
    try:
        # The reader's own header: one row, or two (group headers over the column names).
        first_row, _, header, header_cols, _ = _excel_header(filled, file, sheet.title, names)
    except InvalidFileError:  # pragma: no cover - as above
        raise _unusable(file, f"sheet {sheet.title!r}: no header naming host and visitor") from None
    added = column not in header_cols
    if added:
        # The new column's name in the header's first row: under it, a header over two rows
        # leaves the cell blank, which reads as the upper cell's own column.
        width = max((i + 1 for i, v in enumerate(header) if not is_blank(v)), default=0)
        position = width + 1
        if any(
            not is_blank(sheet.cell(row=r, column=position).value)
            for r in range(first_row, sheet.max_row + 1)
        ):
            position = sheet.max_column + 1
        sheet.cell(row=first_row, column=position).value = column
    else:
        position = header_cols.index(column) + 1
    skipped: list[tuple[int, str]] = []
    for row, value in values.items():
        cell = sheet.cell(row=row, column=position)
        if isinstance(cell, openpyxl.cell.cell.MergedCell):
            skipped.append((row, f"cell {cell.coordinate} is merged with another: not written"))
            continue
        cell.value = neutralise_cell(value)
    buffer = io.BytesIO()
    book.save(buffer)
    return Edit(data=buffer.getvalue(), added=added, skipped=tuple(skipped))


def edit_json(
    path: str | os.PathLike[str],
    values: Mapping[int, str],
    column: str,
    columns: ColumnNames | None = None,
) -> Edit:
    """Return the JSON table at *path* with *values* (1-based object position -> text).

    The member set is the one the reader reads as *column* (``"ID"``, ``"Exchange no."``...),
    else a new member named *column*, added last.
    """
    from clusterxchange.io import canonical_column, neutralise_cell
    from clusterxchange.io._headers import fold_header
    from clusterxchange.io._text import read_bytes, read_text_source

    names = load_columns(columns)
    file = os.fsdecode(path)
    text, _ = read_text_source(path, file)
    document = json.loads(text)
    rows = document["exchanges"] if isinstance(document, dict) else document
    added = False
    for number, value in values.items():
        record = rows[number - 1]
        key = next(
            (k for k in record if (names.get(fold_header(k)) or canonical_column(k)) == column),
            None,
        )
        if key is None:
            key, added = column, True
        record[key] = neutralise_cell(value)
    indent = 2 if "\n" in text.strip() else None
    written = json.dumps(document, indent=indent, ensure_ascii=False) + "\n"
    original = read_bytes(path, file)
    mark = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    return Edit(data=mark + written.encode("utf-8"), added=added, encoding="utf-8", mark=mark)
