"""Reading exchange tables from CSV (and tab-separated) files.

The delimiter is the one of ``,`` ``;`` and tab that the header row uses most (``;`` is what
spreadsheets write where the decimal separator is a comma). Rows are numbered as a spreadsheet
shows them: the header is row 1 when it is the first line, and a quoted cell with line breaks
is one row. Fully blank rows are skipped, each with a warning.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence

from clusterxchange.errors import Problem
from clusterxchange.io._labels import REQUIRED_COLUMNS, canonical_column
from clusterxchange.io._rows import KNOWN_COLUMNS, ExchangeTable, RowCells, read_rows
from clusterxchange.io._text import Source, file_name, read_text_source, unusable

__all__ = ["read_exchanges_csv", "read_table_csv", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t")
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


def _records(text: str, delimiter: str, file: str | None) -> Iterator[tuple[int, list[str], int]]:
    """Yield each record with its row number and the physical lines it spans."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last_line = 0
    number = 0
    try:
        for number, record in enumerate(reader, 1):
            yield number, record, reader.line_num - last_line
            last_line = reader.line_num
    except csv.Error as error:
        raise unusable(file, f"not a readable CSV table: {error}", row=number + 1) from None


def _check_last_record(
    text: str, delimiter: str, start_line: int, row: int, file: str | None
) -> None:
    """Raise when the last record runs to the end of the file inside an unclosed quote.

    The csv module then returns the rest of the file as one cell, silently swallowing rows.
    """
    rest = "".join(text.splitlines(keepends=True)[start_line:])
    try:
        for _ in csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        raise unusable(
            file,
            "a quote opened on this row is never closed: the rest of the file would be one cell",
            row=row,
        ) from None


def read_table_csv(
    source: Source, *, file: str | None = None
) -> tuple[list[str], int, list[tuple[int, list[str], int]], tuple[Problem, ...], str]:
    """Return the header, its row, the data records and the encoding warnings of a CSV file.

    Records come as ``(row, cells, physical lines)``; blank records are kept for the caller.
    """
    name = file_name(source, file)
    text, warnings = read_text_source(source, name)
    if not text.strip():
        raise unusable(name, "the file is empty: expected a header row naming host, visitor, ...")
    first_line = next(line for line in text.splitlines() if line.strip())
    delimiter = sniff_delimiter(first_line)
    header: list[str] | None = None
    header_row = 0
    records: list[tuple[int, list[str], int]] = []
    consumed = 0
    for number, record, lines in _records(text, delimiter, name):
        consumed += lines
        if header is None:
            if any(cell.strip() for cell in record):
                header, header_row = record, number
            continue
        records.append((number, record, lines))
    if records and records[-1][2] > 1:
        _check_last_record(text, delimiter, consumed - records[-1][2], records[-1][0], name)
    assert header is not None  # the text has a non-blank line
    return header, header_row, records, warnings, delimiter


def header_columns(
    header: Sequence[object], file: str | None
) -> tuple[list[str | None], list[Problem]]:
    """Return the canonical column of each header cell (``None``: ignored) and the warnings.

    Raises:
        InvalidFileError: A required column is missing, or a column is named twice.
    """
    columns: list[str | None] = []
    warnings: list[Problem] = []
    seen: dict[str, str] = {}
    for cell in header:
        text = "" if cell is None else str(cell)
        column = canonical_column(text)
        if column in seen:
            raise unusable(
                file,
                f"the columns {seen[column]!r} and {text!r} are both {column}: keep one",
                row=None,
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
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        found = ", ".join(repr(str(c).strip()) for c in header if c is not None and str(c).strip())
        raise unusable(
            file,
            f"no {' and no '.join(missing)} column: the header must name the host and visitor "
            f"columns; found {found or 'no column names'}",
            row=None,
        )
    return columns, warnings


def table_rows(
    records: Sequence[tuple[int, Sequence[object], int]],
    columns: Sequence[str | None],
    header: Sequence[object],
    file: str | None,
) -> tuple[Iterator[RowCells], list[Problem]]:
    """Return the rows of canonical cells for :func:`read_rows`, and warnings found on the way.

    The warnings list fills while the rows are read: cells under a column without a name
    (once per column) and rows that span several lines of the file.
    """
    warnings: list[Problem] = []
    named = [(i, c) for i, c in enumerate(columns) if c is not None]
    unnamed = {i for i, cell in enumerate(header) if not str(cell or "").strip()}
    width = len(columns)

    def rows() -> Iterator[RowCells]:
        for number, record, lines in records:
            size = len(record)
            cells = {c: record[i] for i, c in named if i < size}
            problems: list[tuple[str | None, str]] = []
            if size > width and any(_filled(v) for v in record[width:]):
                problems.append((None, f"{size} cells but the header names {width} columns: "
                                       "a cell with an unquoted delimiter?"))  # fmt: skip
            for i in [i for i in unnamed if i < size and _filled(record[i])]:
                unnamed.discard(i)
                warnings.append(Problem(message=f"column {i + 1} has no name in the header: its "
                                        "cells are ignored", file=file, row=number))  # fmt: skip
            if lines > 1:
                message = (f"this row spans {lines} lines of the file (a quoted cell with line "
                           "breaks): if rows seem missing, check its quotes")  # fmt: skip
                warnings.append(Problem(message=message, file=file, row=number))
            yield number, cells, problems

    return rows(), warnings


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def read_exchanges_csv(source: Source, *, file: str | None = None) -> ExchangeTable:
    r"""Return the exchanges in a CSV table, with every problem found.

    Args:
        source: A path, or a text stream (``io.StringIO``, ``sys.stdin``).
        file: The name to put in problems (default: the path, or the stream's name).

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
    name = file_name(source, file)
    header, header_row, records, encoding_warnings, _ = read_table_csv(source, file=name)
    columns, header_warnings = header_columns(header, name)
    rows, row_warnings = table_rows(records, columns, header, name)
    table = read_rows(rows, file=name, columns={c for c in columns if c is not None})
    del header_row
    return _with_warnings(table, (*encoding_warnings, *header_warnings), row_warnings)


def _with_warnings(
    table: ExchangeTable, before: Sequence[Problem], after: Sequence[Problem]
) -> ExchangeTable:
    import attrs

    return attrs.evolve(table, warnings=(*before, *table.warnings, *after))
