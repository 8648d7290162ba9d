"""Reading exchange tables from CSV (and tab-separated) files.

The delimiter is the one of ``,`` ``;`` and tab that the header row uses most (``;`` is what
spreadsheets write where the decimal separator is a comma). Rows are numbered as a spreadsheet
shows them: the header is row 1 when it is the first line, and a quoted cell with line breaks
is one row. Fully blank rows are skipped, each with a warning.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from clusterxchange.io._columnar import CHUNK, RecordChunk
from clusterxchange.io._columns import ColumnNames, HeaderColumns, load_columns
from clusterxchange.io._grouped import grouped_header
from clusterxchange.io._headers import (
    COLUMN_ALIASES,
    SIDED_HEADERS,
    canonical_column,
    date_hint,
    fold_header,
    is_hint_row,
    without_date_hint,
)
from clusterxchange.io._labels import REQUIRED_COLUMNS
from clusterxchange.io._numbers import check_decimal
from clusterxchange.io._row import is_blank
from clusterxchange.io._rows import (
    BLANK_ROW,
    DATE_COLUMNS,
    KNOWN_COLUMNS,
    ExchangeSink,
    ExchangeTable,
    Reading,
    RowCells,
    SkippedRow,
    all_blank,
    read_rows,
)
from clusterxchange.io._skipped import skipped_row
from clusterxchange.io._text import (
    Source,
    TextFile,
    file_name,
    open_text,
    read_text_source,
    unusable,
)
from clusterxchange.model.errors import InvalidFileError, Problem

__all__ = [
    "HEADER_SEARCH",
    "FoundHeader",
    "above_header",
    "closest",
    "declared_month_first",
    "find_header",
    "header_columns",
    "read_exchanges_csv",
    "read_table_csv",
    "sniff_delimiter",
    "table_rows",
    "two_row_columns",
    "with_hints",
]

_DELIMITERS = (",", ";", "\t")

#: The decimal sign a CSV file's delimiter implies: spreadsheets write ``;`` where the decimal
#: sign is a comma (German, French, ... Excel), and ``,`` where it is a point. A tab (Excel's
#: "Unicode text") implies nothing: the sign is read from the table's own numbers.
DELIMITER_DECIMALS = MappingProxyType({";": ",", ",": "."})
_QUOTED = re.compile(r'"[^"]*"')


def sniff_delimiter(line: str) -> str:
    """Return the delimiter of a header line: the most frequent of ``,`` ``;`` and tab.

    Quoted parts are not counted; a tie or no delimiter at all gives ``,``.

    >>> sniff_delimiter("host;visitor;remarks"), sniff_delimiter('"a,b";c;d')
    (';', ';')
    >>> sniff_delimiter("host")
    ','
    """
    unquoted = _QUOTED.sub("", line)
    counts = [(unquoted.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
    count, _, delimiter = max(counts)
    return delimiter if count else ","


#: The characters of a CSV text given to the csv module at a time (see :class:`_Lines`).
WINDOW = 1 << 20


class _Lines:
    r"""The lines of a text from *start* on, for the csv module, and the position of the next.

    ``io.StringIO`` splits lines in C, but holds its text as four bytes a character: over a
    whole table of 1,000,000 rows (167 MB of text) it took 650 MB more, for as long as the
    table was read. This gives the lines through one ``StringIO`` of about :data:`WINDOW`
    characters at a time, each window ending at a line end, so a record quoted over several
    lines reads across two windows as it reads within one. Universal newlines, as
    ``StringIO(text, newline="")`` reads them. The text is a ``str``, or a
    :class:`~clusterxchange.io._text.TextFile`, whose blocks are the windows.

    >>> lines = _Lines("a,b\nc,d\r\ne", 0)
    >>> next(lines), lines.tell(), list(lines), lines.tell()
    ('a,b\n', 4, ['c,d\r\n', 'e'], 10)
    """

    __slots__ = ("_lines", "_start", "_text", "_window")

    def __init__(self, text: str | TextFile, start: int) -> None:
        self._text = text
        self._start = start  # where the current window starts in the text
        self._window = io.StringIO("", newline="")
        self._lines: Iterator[str] = itertools.chain.from_iterable(self._windows(start))

    def _windows(self, start: int) -> Iterator[io.StringIO]:
        text = self._text
        if isinstance(text, TextFile):
            for self._start, window in text.blocks_from(start):
                self._window = io.StringIO(window, newline="")
                yield self._window
            return
        size = len(text)
        while start < size:
            end = text.find("\n", start + WINDOW)
            end = size if end < 0 else end + 1
            self._start, self._window = start, io.StringIO(text[start:end], newline="")
            yield self._window
            start = end

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def __next__(self) -> str:
        return next(self._lines)

    def tell(self) -> int:
        """Return the position in the text of the line the next ``next`` gives."""
        return self._start + self._window.tell()


class CsvRecords:
    r"""The records of a CSV text, each with its row number and the physical lines it spans.

    Iterating yields ``(row, cells, lines)`` for one record at a time. :meth:`plain_batch`
    takes many at once, when they are plain (each on one line, with the same number of
    cells): the csv module then reads them in one call, without a step of Python per record
    (measured on 1,000,000 rows of benchmarks/tables.py: 1.6 s instead of 2.0 s).

    Raises (while iterated):
        InvalidFileError: The csv module gives up, or the last record runs to the end of the
            file inside a quote that is never closed (the csv module would silently return the
            rest of the file as one cell).

    >>> records = CsvRecords('Host,Visitor\nA,"B\nC"\nD,E\n', ",", "sheet.csv")
    >>> records.plain_batch(10, 2) is None  # the second record spans two lines
    True
    >>> list(records)
    [(1, ['Host', 'Visitor'], 1), (2, ['A', 'B\nC'], 2), (3, ['D', 'E'], 1)]
    """

    def __init__(self, text: str | TextFile, delimiter: str, file: str | None) -> None:
        self._text = text
        self._delimiter = delimiter
        self._file = file
        self._source = _Lines(text, 0)
        self._reader = csv.reader(self._source, delimiter=delimiter)
        self._offset = 0  # lines read before the current csv reader started
        self.number = 0  # records read
        self._line = 0  # lines read
        self._spanned = 0  # lines of the last record
        self._last: list[str] = []
        self._ended = False

    def __iter__(self) -> Iterator[tuple[int, list[str], int]]:
        return self

    def __next__(self) -> tuple[int, list[str], int]:
        try:
            record = next(self._reader)
        except StopIteration:
            self._end()
            raise
        except csv.Error as error:
            raise unusable(
                self._file, f"not a readable CSV table: {error}", row=self.number + 1
            ) from None
        self.number += 1
        line = self._offset + self._reader.line_num
        self._spanned = line - self._line
        self._line = line
        self._last = record
        return self.number, record, self._spanned

    def plain_batch(self, size: int, width: int) -> list[list[str]] | None:
        """Return the next *size* records (fewer at the end: ``[]`` after the last one).

        If any of them spans several lines, has other than *width* cells or cannot be read,
        return ``None`` and take none of them: they are for iterating, one by one.
        """
        position = self._source.tell()
        try:
            records = list(itertools.islice(self._reader, size))
        except csv.Error:  # read one by one again: the error then names its row
            records = None
        else:
            lines = self._offset + self._reader.line_num - self._line
            if not records:
                self._end()
                return records
            if lines == len(records) and set(map(len, records)) == {width}:
                self.number += len(records)
                self._line += lines
                self._spanned = 1
                self._last = records[-1]
                return records
        self._source = _Lines(self._text, position)
        self._reader = csv.reader(self._source, delimiter=self._delimiter)
        self._offset = self._line
        return None

    def _end(self) -> None:
        """Check, once, that the last record does not end inside a quote never closed."""
        if self._ended:
            return
        self._ended = True
        lines, last = self._spanned, self._last
        # A quote left open on the last line swallows its line end: one line, but a cell with it.
        if lines > 1 or (last and last[-1].endswith(("\n", "\r"))):
            text = self._text if isinstance(self._text, str) else self._text.whole()
            rest = "".join(text.splitlines(keepends=True)[self._line - lines :])
            try:
                for _ in csv.reader(
                    io.StringIO(rest, newline=""), delimiter=self._delimiter, strict=True
                ):
                    pass
            except csv.Error:
                message = (
                    "a quote opened on this row is never closed: the rest of the file is one cell"
                )
                raise unusable(self._file, message, row=self.number) from None


#: How many filled rows may stand above the header (titles, dates, notes).
HEADER_SEARCH = 10


#: How many lines one record above or at the header may span (a header cell wrapped in the
#: spreadsheet is written quoted, with its line breaks).
WRAPPED_LINES = 10


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _lines_from(text: str, start: int) -> Iterator[str]:
    """Yield the lines of *text* from *start* on, with their line ends."""
    while start < len(text):
        end = _line_end(text, start) + 1
        yield text[start:end]
        start = end


def excel_separator(text: str) -> str | None:
    r"""Return the delimiter a first line ``sep=;`` names, as Excel writes and reads it.

    >>> excel_separator("sep=;\nHost;Visitor"), excel_separator("Host;Visitor")
    (';', None)
    """
    match = _SEPARATOR_LINE.match(text)
    return None if match is None else match[1]


_SEPARATOR_LINE = re.compile(r"\ufeff?sep=([,;\t|])\r?(?:\n|$)")


def _first_record(
    text: str, start: int, delimiter: str | None = None
) -> tuple[str, list[str], int]:
    r"""Return the delimiter, the cells and the number of lines of the record at *start*.

    A line is read alone, with the delimiter it uses most (:func:`sniff_delimiter`), unless
    it leaves a quote open: a header cell wrapped in the spreadsheet (``"Start\ndate"``) is
    written quoted over several lines. Such a record is read with each delimiter in turn as
    the csv module reads it strictly (a quote opens a cell only at its start, and a closed
    one ends it), within :data:`WRAPPED_LINES`; the delimiter that gives the most cells wins.
    A quote no delimiter closes that way is the line's own text. *delimiter*, when given
    (Excel's ``sep=`` line), is the only one tried.

    >>> _first_record('"Start\ndate";Host\nx;y', 0)
    (';', ['Start\ndate', 'Host'], 2)
    >>> _first_record('Exchanges "2023\nHost,Visitor', 0)
    (',', ['Exchanges "2023'], 1)
    """
    line = text[start : _line_end(text, start)].rstrip("\r")
    if line.count('"') % 2:
        best: tuple[str, list[str], int] | None = None
        for each in _DELIMITERS if delimiter is None else (delimiter,):
            lines = itertools.islice(_lines_from(text, start), WRAPPED_LINES)
            reader = csv.reader(lines, delimiter=each, strict=True)
            try:
                cells = next(reader, [])
            except csv.Error:  # not read this way: a quote left open, or text after one
                continue
            if reader.line_num > 1 and (best is None or len(cells) > len(best[1])):
                best = (each, cells, reader.line_num)
        if best is not None:
            return best
    delimiter = sniff_delimiter(line) if delimiter is None else delimiter
    try:
        return delimiter, next(csv.reader([line], delimiter=delimiter), []), 1
    except csv.Error:
        return delimiter, [], 1


class FoundHeader(NamedTuple):
    """Where a CSV text's header is, how it is delimited, and the columns it names."""

    #: The header's last line (1-based): the data follows it.
    line: int
    delimiter: str
    columns: list[str | None]
    warnings: list[Problem]
    #: The header's first line: a header over two rows (io/_grouped.py) starts a row earlier.
    first_line: int
    #: The header's text of each column, for a header over two rows (``None``: the record's).
    texts: list[str] | None = None


def find_header(text: str, file: str | None, names: HeaderColumns) -> FoundHeader:
    """Return the header's lines, the delimiter, and the header's columns and warnings.

    The header is the first of the first :data:`HEADER_SEARCH` filled lines that names a host
    and a visitor column, each line read with the delimiter it uses most; a line is the whole
    record when a quoted cell spans several (see :func:`_first_record`), and its number the
    last. With the record under it, a line may write a header over two rows: group headers
    (``Host organisation`` over ``Name``, ``Country``...), read together (see
    :func:`~clusterxchange.io._grouped.grouped_header`).

    Raises:
        InvalidFileError: No such line (the problem of the line that names the most known
            columns: see :func:`closest`), or no line at all.
    """
    best: tuple[int, InvalidFileError] | None = None
    filled = 0
    start = number = 0
    directive = excel_separator(text)
    if directive is not None:  # Excel's line naming the delimiter: the file's, not a row
        start, number = _line_end(text, 0) + 1, 1
    while start < len(text):
        end = _line_end(text, start)
        if not text[start:end].strip():
            start, number = end + 1, number + 1
            continue
        filled += 1
        if filled > HEADER_SEARCH:
            break
        first = number + 1
        delimiter, cells, lines = _first_record(text, start, directive)
        for _ in range(lines):  # the line after the record
            start, number = _line_end(text, start) + 1, number + 1
        if not any(cell.strip() for cell in cells):
            continue
        two_rows = _two_row_header(text, start, delimiter, cells, file=file, names=names)
        if two_rows is not None:
            columns, warnings, texts, below_lines = two_rows
            for _ in range(below_lines):
                start, number = _line_end(text, start) + 1, number + 1
            found = FoundHeader(number, delimiter, columns, warnings, first, texts)
            return _with_hint_row(text, start, found, cells, file=file, names=names)
        try:
            columns, warnings = header_columns(cells, file, names)
        except InvalidFileError as error:
            best = closest(best, cells, names, error)
            continue
        found = FoundHeader(number, delimiter, columns, warnings, first)
        return _with_hint_row(text, start, found, cells, file=file, names=names)
    if best is not None:
        raise best[1]
    if filled:
        raise unusable(file, "the file has no header row: expected one naming host, visitor, ...")
    raise unusable(file, "the file is empty: expected a header row naming host, visitor, ...")


def _with_hint_row(
    text: str,
    start: int,
    found: FoundHeader,
    cells: Sequence[str],
    *,
    file: str | None,
    names: HeaderColumns,
) -> FoundHeader:
    """Return the header *found*, with the row of hints at *start* under it if there is one.

    *cells* is the header's record (the texts of a one-row header).
    """
    below = _record_at(text, start, found.delimiter)
    if below is None:
        return found
    record, lines = below
    header = cells if found.texts is None else found.texts
    hinted = with_hints(header, record, found.columns, file=file, names=names, row=found.line + 1)
    if hinted is None:
        return found
    texts, columns, warnings = hinted
    return found._replace(line=found.line + lines, columns=columns, warnings=warnings, texts=texts)


def _record_at(text: str, start: int, delimiter: str) -> tuple[list[str], int] | None:
    """Return the record at *start* and its lines; ``None`` at the end or on a blank line."""
    if start >= len(text) or not text[start : _line_end(text, start)].strip():
        return None
    _, record, lines = _first_record(text, start, delimiter)
    return record, lines


def _two_row_header(
    text: str,
    start: int,
    delimiter: str,
    top: Sequence[str],
    *,
    file: str | None,
    names: HeaderColumns,
) -> tuple[list[str | None], list[Problem], list[str], int] | None:
    """Read *top* and the record at *start* (the line under it) as one header, if they are.

    Return its columns, warnings, texts and the lines of the lower record; ``None`` when the
    two rows are no header together (see :func:`two_row_columns`).
    """
    if start >= len(text) or not text[start : _line_end(text, start)].strip():
        return None
    _, below, lines = _first_record(text, start, delimiter)
    found = two_row_columns(top, below, file, names)
    if found is None:
        return None
    texts, columns, warnings = found
    return columns, warnings, texts, lines


def two_row_columns(
    top: Sequence[object], below: Sequence[object], file: str | None, names: HeaderColumns
) -> tuple[list[str], list[str | None], list[Problem]] | None:
    """Return the texts, columns and warnings of *top* and *below* read as one header.

    ``None`` when they write no header together
    (:func:`~clusterxchange.io._grouped.grouped_header`), or one that names no host and
    visitor: then *top* is read alone, as any row is.
    """
    grouped = grouped_header(top, below, names)
    if grouped is None:
        return None
    try:
        columns, warnings = header_columns(grouped.texts, file, names, grouped.columns)
    except InvalidFileError:
        return None
    return grouped.texts, columns, warnings


def closest(
    best: tuple[int, InvalidFileError] | None,
    cells: Sequence[object],
    names: HeaderColumns,
    error: InvalidFileError,
) -> tuple[int, InvalidFileError]:
    """Return the error of the row that names the most known columns (the first of equals).

    When no row names a host and a visitor, that row is the header the table meant, and its
    error (and its warnings about unknown columns) say what is wrong.
    """
    known = 0
    for cell in cells:
        key = fold_header("" if cell is None else str(cell))
        column = names.get(key) or canonical_column(key)
        known += column in KNOWN_COLUMNS or key in SIDED_HEADERS
    return best if best is not None and best[0] >= known else (known, error)


def above_header(
    rows: Sequence[tuple[int, Sequence[object]]], header_row: int, file: str | None
) -> list[Problem]:
    """Return the one warning about the filled *rows* above the header (none if there are none)."""
    filled = [(n, v) for n, v in rows if n < header_row and not all_blank(v)]
    if not filled:
        return []
    first = filled[0][0]
    where = f"row {first}" if first == header_row - 1 else f"rows {first}-{header_row - 1}"
    texts = [str(v).strip() for _, values in filled for v in values if not is_blank(v)][:3]
    shown = ", ".join(repr(t[:60]) for t in texts)
    return [Problem(message=f"{where} above the header skipped ({shown})", file=file, row=first)]


def _header_of(
    text: str | TextFile, file: str | None, names: HeaderColumns
) -> tuple[FoundHeader, str | TextFile]:
    """Find the header of *text* (see :func:`find_header`); return it and the text to read.

    A :class:`~clusterxchange.io._text.TextFile`'s header is found in its first blocks, when
    it and the lines a header search may read after it are there; else (no header within
    :data:`_HEAD_BLOCKS` blocks) in the whole text, which is then read whole.

    Raises:
        InvalidFileError: The text has no header (see :func:`find_header`).
    """
    if isinstance(text, str):
        return find_header(text, file, names), text
    blocks = 1
    while True:
        head = text.head(blocks)
        if len(head) == len(text):
            return find_header(head, file, names), head
        try:
            found = find_header(head, file, names)
        except InvalidFileError:
            found = None  # not in these blocks: maybe in the next ones
        # The header and what a header search reads after it (a lower row, a row of hints)
        # are in these blocks: the search gives what it would give on the whole text.
        if found is not None and head.count("\n") > found.line + 2 * WRAPPED_LINES + 2:
            return found, text
        if blocks >= _HEAD_BLOCKS:
            whole = text.whole()
            return find_header(whole, file, names), whole
        blocks *= 2


#: The most blocks of a file searched for its header before the whole text is searched.
_HEAD_BLOCKS = 64


def read_table_csv(
    source: Source,
    *,
    file: str | None = None,
    names: HeaderColumns | None = None,
    delimiters: list[str] | None = None,
    again: list[Callable[[], Iterator[tuple[int, list[str], int]]]] | None = None,
) -> tuple[
    list[str], int, list[str | None], Iterator[tuple[int, list[str], int]], tuple[Problem, ...]
]:
    """Return the header, its row and columns, the data records and the warnings of a CSV file.

    Records come as ``(row, cells, physical lines)``, read as they are consumed; blank records
    are kept for the caller. The warnings are the encoding's, the header's and one about the
    rows above the header. The delimiter found is appended to *delimiters*, when given; to
    *again*, a function that gives the same data records once more, read from the text anew.

    Raises:
        InvalidFileError: The file cannot be used (see :func:`read_exchanges_csv`).
    """
    name = file_name(source, file)
    if isinstance(source, str | os.PathLike):
        text, warnings = open_text(source, name)  # not held: read a block at a time
    else:
        text, warnings = read_text_source(source, name)
    found, text = _header_of(text, name, names or {})
    line, delimiter, columns, header_warnings = found[:4]
    if delimiters is not None:
        delimiters.append(delimiter)
    records = CsvRecords(text, delimiter, name)
    directive = excel_separator(text if isinstance(text, str) else text.head()) is not None
    if again is not None:

        def reread() -> Iterator[tuple[int, list[str], int]]:
            fresh = CsvRecords(text, delimiter, name)
            for number, _, _ in fresh:  # up to the header, which was read before
                if number >= header_row:
                    break
            return fresh

        again.append(reread)
    header_row = top_row = 0
    above: list[tuple[int, Sequence[object]]] = []
    end_line = 0
    for number, record, lines in records:
        end_line += lines
        if number == 1 and directive:
            continue  # Excel's sep= line: read as the delimiter, not a row above the header
        if end_line >= line:
            header_row = number
            first_row = top_row or number
            notes = (*warnings, *above_header(above, first_row, name), *header_warnings)
            return found.texts or record, number, columns, records, notes
        if end_line >= found.first_line:  # the upper row of a header over two
            top_row = number
            continue
        above.append((number, record))
    raise unusable(name, "the file has no header row: expected one naming host, visitor, ...")


def header_columns(
    header: Sequence[object],
    file: str | None,
    names: HeaderColumns | None = None,
    resolved: Sequence[str | None] = (),
) -> tuple[list[str | None], list[Problem]]:
    """Return the canonical column of each header cell (``None``: ignored) and the warnings.

    *names* (folded header -> column, from ``columns=``) come first, then the aliases. A
    header that takes its side from where it stands (``Type of entity``, ``Country``, ``PIC``)
    is the side of the nearest host or visitor column to its left. *resolved* gives the
    column of a cell already known (a header over two rows: see io/_grouped.py), by position;
    ``None`` there, or no entry, reads the cell's text.

    Raises:
        InvalidFileError: A required column is missing, or a column is named twice.
    """
    columns: list[str | None] = []
    warnings: list[Problem] = []
    seen: dict[str, str] = {}
    side: str | None = None
    for position, cell in enumerate(header):
        text = "" if cell is None else str(cell)
        key = fold_header(text)
        column = resolved[position] if position < len(resolved) else None
        if column is None and names:
            column = names.get(key)
        if column is None:
            field = None if key in COLUMN_ALIASES else SIDED_HEADERS.get(key)
            if field is not None and field != "kind" and side is None:
                columns.append(None)
                message = (
                    f"column {text.strip()!r} ignored: no host or visitor column stands to its "
                    f"left to say whose {field} it is (move it, or name it host_{field} or "
                    f"visitor_{field})"
                )
                warnings.append(Problem(message=message, file=file, column=text.strip()))
                continue
            column = canonical_column(text, side=side)
            if column not in KNOWN_COLUMNS and date_hint(text) == "month first":
                # "Start date (mm/dd/yyyy)": a date column, its slashed dates month first
                # (the reader is told: see declared_month_first).
                dated = canonical_column(without_date_hint(text), side=side)
                if dated in DATE_COLUMNS:
                    column = dated
        if column in REQUIRED_COLUMNS:
            side = column
        if column in seen:
            raise unusable(
                file,
                f"the columns {seen[column]!r} and {text!r} are both {column}: keep one",
                row=None,
                warnings=warnings,
            )
        if column in KNOWN_COLUMNS:
            seen[column] = text
            columns.append(column)
            continue
        columns.append(None)
        if text.strip():
            warnings.append(
                Problem(
                    message=f"unknown column {text.strip()!r} ignored",
                    file=file,
                    column=text.strip(),
                )
            )
    hints = {date_hint(seen[c]): seen[c].strip() for c in sorted(DATE_COLUMNS & seen.keys())}
    if "month first" in hints and "day first" in hints:
        raise unusable(
            file,
            f"the column {hints['month first']!r} says its dates are written month first, and "
            f"{hints['day first']!r} says day first: write every date in one order (2023-03-06 "
            "leaves no doubt) and say so in the headers",
            row=None,
            warnings=warnings,
        )
    both = [seen[c] for c in ("start", "end") if c in seen]
    if "period" in seen and both:
        raise unusable(
            file,
            f"the column {seen['period']!r} gives the first and last days, and "
            f"{' and '.join(map(repr, both))} give them again: keep one or the other",
            row=None,
            warnings=warnings,
        )
    if "virtual" in seen and "mode" in seen:
        raise unusable(
            file,
            f"the column {seen['virtual']!r} says whether each exchange is virtual, and "
            f"{seen['mode']!r} gives its mode again: keep one or the other",
            row=None,
            warnings=warnings,
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        found = ", ".join(repr(str(c).strip()) for c in header if c is not None and str(c).strip())
        raise unusable(
            file,
            f"no {' and no '.join(missing)} column: the header must name the host and visitor "
            f"columns; found {found or 'no column names'}",
            row=None,
            warnings=warnings,
        )
    return columns, warnings


def with_hints(
    header: Sequence[object],
    below: Sequence[object],
    columns: Sequence[str | None],
    *,
    file: str | None,
    names: HeaderColumns,
    row: int,
) -> tuple[list[str], list[str | None], list[Problem]] | None:
    """Read a row of hints under the header (:func:`is_hint_row`) as part of the header.

    Return the header's texts, with a date format that a hint gives a date column appended
    (``Start`` over ``(mm/dd/yyyy)`` is ``Start (mm/dd/yyyy)``, read as that header is), its
    columns and its warnings, one saying that row *row* was read so. ``None``: *below* is no
    row of hints.

    Raises:
        InvalidFileError: The hints make the header unusable (date formats in both orders).
    """
    if not is_hint_row(below):
        return None
    texts = ["" if cell is None else str(cell).strip() for cell in header]
    for position, (column, hint) in enumerate(zip(columns, below, strict=False)):
        hint_text = "" if hint is None else str(hint).strip()
        if column in DATE_COLUMNS and date_hint(hint_text) and not date_hint(texts[position]):
            texts[position] = f"{texts[position]} {hint_text}"
    hinted, warnings = header_columns(texts, file, names, columns)
    shown = ", ".join(repr(str(cell).strip()) for cell in below if str(cell or "").strip())
    message = (
        f"the row under the header says what each column holds ({shown}): read as part of "
        "the header, not as an exchange"
    )
    return texts, hinted, [Problem(message=message, file=file, row=row), *warnings]


def declared_month_first(header: Sequence[object], columns: Sequence[str | None]) -> str | None:
    """Return the header of a date column that says its dates are month first, if one does.

    ``Start date (mm/dd/yyyy)``: the table's slashed dates are read month first (``read_rows``'s
    *month_first*). :func:`header_columns` has refused a header where another date column
    says day first.

    >>> declared_month_first(["Host", "Start (mm/dd/yyyy)"], ["host", "start"])
    'Start (mm/dd/yyyy)'
    >>> declared_month_first(["Host", "Start (dd/mm/yyyy)"], ["host", "start"]) is None
    True
    """
    for cell, column in zip(header, columns, strict=False):
        text = "" if cell is None else str(cell).strip()
        if column in DATE_COLUMNS and date_hint(text) == "month first":
            return text
    return None


def table_rows(
    records: Iterable[tuple[int, Sequence[object], int]],
    columns: Sequence[str | None],
    header: Sequence[object],
    file: str | None,
    formulas: Mapping[int, Collection[int]] | None = None,
    *,
    chunks: bool = False,
) -> tuple[Iterator[RowCells], list[Problem]]:
    """Return the rows of canonical cells for :func:`read_rows`, and warnings found on the way.

    The warnings list fills while the rows are read: cells under a column without a name
    (once per column) and rows that span several lines of the file. Totals, separator and
    section-label rows come as :class:`SkippedRow` (see :func:`skipped_row`); *formulas* gives
    the positions of each row's formula cells, by row (Excel).

    With *chunks* (records of text, as the csv module gives them), runs of records of one line
    with a cell for every header column come as one :class:`RecordChunk` each, for
    :func:`read_rows` to read column by column (see io/_columnar.py).
    """
    cells = _RowCells(columns, header, file, formulas or {})
    if not chunks or cells.unnamed or formulas:
        return (cells.read(*record) for record in records), cells.warnings
    return _chunked(records, cells), cells.warnings


def _chunked(
    records: Iterable[tuple[int, Sequence[object], int]], cells: _RowCells
) -> Iterator[RowCells]:
    """Yield the rows, runs of records with one cell per column and one line as chunks."""
    width = len(cells.columns)
    if not isinstance(records, CsvRecords):
        yield from _chunked_by_record(records, cells, width)
        return
    while True:
        first = records.number + 1
        batch = records.plain_batch(CHUNK, width)
        if batch is None:  # the next records are not all plain: one by one, then batches again
            yield from _chunked_by_record(itertools.islice(records, CHUNK), cells, width)
        elif _has_header(batch, cells):  # the header again: its row is skipped, one by one
            numbered = ((first + i, record, 1) for i, record in enumerate(batch))
            yield from _chunked_by_record(numbered, cells, width)
        elif batch:
            yield first, RecordChunk(first, batch, cells.columns, cells.read), ()
        else:
            return


def _has_header(batch: list[list[str]], cells: _RowCells) -> bool:
    """Whether a batch of records holds the header again.

    The distinct hosts of the batch (a table has a few hundred) are folded, not every cell;
    the visitors only when a host is the header's.
    """
    host = cells.names[0]
    hosts = set(map(operator.itemgetter(cells.host), batch))
    if not any(_folded_cell(text) == host for text in hosts):
        return False
    return any(cells.repeats_header(r[cells.host], r[cells.visitor]) for r in batch)


def _chunked_by_record(
    records: Iterable[tuple[int, Sequence[object], int]], cells: _RowCells, width: int
) -> Iterator[RowCells]:
    """Yield the rows of *records*, taken one by one, runs of plain ones as chunks."""
    chunk: list[list[str]] = []
    first = 0
    for number, record, lines in records:
        plain = (
            lines == 1
            and len(record) == width
            and not cells.repeats_header(record[cells.host], record[cells.visitor])
        )
        if plain:
            if not chunk:
                first = number
            chunk.append(record)  # type: ignore[arg-type]  # text, from the csv module
            if len(chunk) < CHUNK:
                continue
        if chunk:
            yield first, RecordChunk(first, chunk, cells.columns, cells.read), ()
            chunk = []
        if not plain:
            yield cells.read(number, record, lines)
    if chunk:
        yield first, RecordChunk(first, chunk, cells.columns, cells.read), ()


class _RowCells:
    """Turns one record of a table into its row of canonical cells (see :func:`table_rows`)."""

    def __init__(
        self,
        columns: Sequence[str | None],
        header: Sequence[object],
        file: str | None,
        formulas: Mapping[int, Collection[int]],
    ) -> None:
        self.columns = columns
        self.file = file
        self.formulas = formulas
        self.warnings: list[Problem] = []
        self.unnamed = {i for i, cell in enumerate(header) if not str(cell or "").strip()}
        self.host, self.visitor = columns.index("host"), columns.index("visitor")
        #: The header's host and visitor cells, folded: a row that has them again is the
        #: header repeated (tables pasted one under another), not an exchange.
        self.names = (_folded_cell(header[self.host]), _folded_cell(header[self.visitor]))

    def repeats_header(self, host: object, visitor: object) -> bool:
        """Whether a row's host and visitor cells are the header's (case and spaces aside)."""
        return (_folded_cell(host), _folded_cell(visitor)) == self.names

    def read(self, number: int, record: Sequence[object], lines: int) -> RowCells:
        """Return the row of one record, with the problems found in it."""
        columns, host, visitor, unnamed = self.columns, self.host, self.visitor, self.unnamed
        width = len(columns)
        in_formulas = self.formulas.get(number, ())
        if all_blank(record) and not in_formulas:
            return number, BLANK_ROW, ()
        size = len(record)
        # A row with two different names under host and visitor is an exchange to read:
        # the check below is for the rest (a few rows of a real table).
        named = size > max(host, visitor) and _names(record[host], record[visitor])
        if named and self.repeats_header(record[host], record[visitor]):
            names = f"{str(record[host]).strip()!r}, {str(record[visitor]).strip()!r}"
            return number, SkippedRow(f"the header again ({names})"), ()
        if not named or in_formulas:
            reason = skipped_row(record, host, in_formulas)
            if reason is not None:
                return number, SkippedRow(reason), ()
        # Unknown columns land under the key None, which no reader asks for.
        cells = dict(zip(columns, record, strict=False))
        if size <= width and lines == 1 and not unnamed:
            return number, cells, ()
        problems: list[tuple[str | None, str]] = []
        if size > width and any(not is_blank(v) for v in record[width:]):
            problems.append((None, f"{size} cells but the header names {width} columns: "
                                   "a cell with an unquoted delimiter?"))  # fmt: skip
        for i in [i for i in unnamed if i < size and not is_blank(record[i])]:
            unnamed.discard(i)
            message = f"column {i + 1} has no name in the header: its cells are ignored"
            self.warnings.append(Problem(message=message, file=self.file, row=number))
        if lines > 1:
            message = (f"this row spans {lines} lines of the file (a quoted cell with line "
                       "breaks): if rows seem missing, check its quotes")  # fmt: skip
            self.warnings.append(Problem(message=message, file=self.file, row=number))
        return number, cells, problems


def _folded_cell(cell: object) -> str:
    return str(cell or "").strip().casefold()


def _names(host: object, visitor: object) -> bool:
    """Whether a host and a visitor cell hold two different names (so the row is no total)."""
    if type(host) is not str or type(visitor) is not str:
        return False
    first = visitor.lstrip()[:1]
    return first.isalpha() and bool(host.strip()) and host.strip() != visitor.strip()


def read_exchanges_csv(
    source: Source,
    *,
    file: str | None = None,
    columns: ColumnNames | None = None,
    decimal: str | None = None,
) -> ExchangeTable:
    r"""Return the exchanges in a CSV table, with every problem found.

    The header is the first row that names a host and a visitor column: title rows above it
    are skipped with one warning, and rows keep their numbers in the file. Totals, separator
    and section-label rows are skipped, each with a warning.

    Args:
        source: A path, or a text stream (``io.StringIO``, ``sys.stdin``).
        file: The name to put in problems (default: the path, or the stream's name).
        columns: Headers of this table mapped to the exchange table's columns (a mapping, or
            the path of a columns file: see :func:`~clusterxchange.io.read_exchanges`).
        decimal: The decimal sign of the file's numbers (``","`` or ``"."``). By default a
            ``;``-separated file (what Excel writes where the decimal sign is a comma) has
            the decimal comma, so ``1.050`` is 1050, and a ``,``-separated one the decimal
            point, so ``1,050`` is 1050, unless the table's own numbers show the other sign.

    Raises:
        InvalidFileError: The file cannot be used: missing, unreadable, not UTF-8 text, empty,
            without a header naming host and visitor, or with a column named twice.

    >>> import io
    >>> table = read_exchanges_csv(io.StringIO(
    ...     "Host;Host country;Host kind;Visitor;Visitor country;Visitor kind;Start;End\n"
    ...     "Hamburg Aviation;DE;Cluster organisation;Aero Lda;PT;SME;06/03/2023;17/03/2023\n"
    ... ), file="exchanges.csv")
    >>> table.rows, table.exchanges[0].host.country, table.errors
    ((2,), 'DE', ())
    """
    return read_csv_table(source, file=file, columns=columns, decimal=decimal)


def read_csv_table(
    source: Source,
    *,
    file: str | None = None,
    columns: ColumnNames | None = None,
    decimal: str | None = None,
    chunks: bool = True,
    sink: ExchangeSink | None = None,
    reading: Reading | None = None,
) -> ExchangeTable:
    """Read a CSV table as :func:`read_exchanges_csv` does; *chunks*: by columns where it can.

    Without *chunks*, every row is read by the row reader: the same table, more slowly (the
    tests compare the two). *sink* and *reading*: see :func:`~clusterxchange.io._rows.read_rows`
    (a table read into a sink has no exchanges of its own).
    """
    name = file_name(source, file)
    decimal = check_decimal(decimal)
    names = load_columns(columns)
    delimiters: list[str] = []
    again: list[Callable[[], Iterator[tuple[int, list[str], int]]]] = []
    header, _, header_cols, records, notes = read_table_csv(
        source, file=name, names=names, delimiters=delimiters, again=again
    )
    rows, row_warnings = table_rows(records, header_cols, header, name, chunks=chunks)
    known = {c for c in header_cols if c is not None}

    def number_rows() -> Iterator[RowCells]:  # read again, when the decimal sign says so
        return table_rows(again[0](), header_cols, header, name, chunks=chunks)[0]

    table = read_rows(
        rows,
        file=name,
        columns=known,
        fixed=True,
        decimal=decimal,
        presumed_decimal=DELIMITER_DECIMALS.get(delimiters[0]),
        reread=number_rows,
        month_first=declared_month_first(header, header_cols),
        sink=sink,
        reading=reading,
    )
    return _with_warnings(table, notes, row_warnings)


def _with_warnings(
    table: ExchangeTable, before: Sequence[Problem], after: Sequence[Problem]
) -> ExchangeTable:
    import attrs

    return attrs.evolve(table, warnings=(*before, *table.warnings, *after))
