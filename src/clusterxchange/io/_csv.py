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
from collections.abc import Iterable, Iterator, Sequence
from types import MappingProxyType

from clusterxchange.errors import Problem
from clusterxchange.io._labels import REQUIRED_COLUMNS, canonical_column
from clusterxchange.io._numbers import check_decimal
from clusterxchange.io._row import is_blank
from clusterxchange.io._rows import (
    BLANK_ROW,
    KNOWN_COLUMNS,
    ExchangeTable,
    RowCells,
    all_blank,
    read_rows,
)
from clusterxchange.io._text import Source, file_name, read_text_source, unusable

__all__ = ["read_exchanges_csv", "read_table_csv", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t")

#: The decimal sign a CSV file's delimiter implies: spreadsheets write ``;`` where the decimal
#: sign is a comma (German, French, ... Excel), and ``,`` where it is a point. A tab (Excel's
#: "Unicode text") implies nothing: the sign is read from the table's own numbers.
DELIMITER_DECIMALS = MappingProxyType({";": ",", ",": "."})
_QUOTED = re.compile(r'"[^"]*"')
_FIRST_FILLED = re.compile(r"\S")


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
    """Yield each record with its row number and the physical lines it spans.

    Raises:
        InvalidFileError: The csv module gives up, or the last record runs to the end of the
            file inside a quote that is never closed (the csv module would silently return the
            rest of the file as one cell).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last_line = 0
    number = 0
    lines = 0
    try:
        for number, record in enumerate(reader, 1):
            lines = reader.line_num - last_line
            last_line = reader.line_num
            yield number, record, lines
    except csv.Error as error:
        raise unusable(file, f"not a readable CSV table: {error}", row=number + 1) from None
    if lines > 1:
        rest = "".join(text.splitlines(keepends=True)[last_line - lines :])
        try:
            for _ in csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter, strict=True):
                pass
        except csv.Error:
            message = "a quote opened on this row is never closed: the rest of the file is one cell"
            raise unusable(file, message, row=number) from None


def read_table_csv(
    source: Source, *, file: str | None = None, delimiters: list[str] | None = None
) -> tuple[list[str], int, Iterator[tuple[int, list[str], int]], tuple[Problem, ...]]:
    """Return the header, its row, the data records and the encoding warnings of a CSV file.

    Records come as ``(row, cells, physical lines)``, read as they are consumed; blank records
    are kept for the caller. The delimiter found is appended to *delimiters*, when given.

    Raises:
        InvalidFileError: The file cannot be used (see :func:`read_exchanges_csv`).
    """
    name = file_name(source, file)
    text, warnings = read_text_source(source, name)
    first = _FIRST_FILLED.search(text)
    if first is None:
        raise unusable(name, "the file is empty: expected a header row naming host, visitor, ...")
    # The header's line only (the text may be large): from its start to its end.
    line_start = text.rfind("\n", 0, first.start()) + 1
    line_end = text.find("\n", first.start())
    first_line = text[line_start : line_end if line_end >= 0 else len(text)]
    delimiter = sniff_delimiter(first_line)
    if delimiters is not None:
        delimiters.append(delimiter)
    records = _records(text, delimiter, name)
    for number, record, _ in records:
        if any(cell.strip() for cell in record):
            return record, number, records, warnings
    raise unusable(name, "the file has no header row: expected one naming host, visitor, ...")


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
    records: Iterable[tuple[int, Sequence[object], int]],
    columns: Sequence[str | None],
    header: Sequence[object],
    file: str | None,
) -> tuple[Iterator[RowCells], list[Problem]]:
    """Return the rows of canonical cells for :func:`read_rows`, and warnings found on the way.

    The warnings list fills while the rows are read: cells under a column without a name
    (once per column) and rows that span several lines of the file.
    """
    warnings: list[Problem] = []
    unnamed = {i for i, cell in enumerate(header) if not str(cell or "").strip()}
    width = len(columns)

    def rows() -> Iterator[RowCells]:
        for number, record, lines in records:
            if all_blank(record):
                yield number, BLANK_ROW, ()
                continue
            size = len(record)
            # Unknown columns land under the key None, which no reader asks for.
            cells = dict(zip(columns, record, strict=False))
            if size <= width and lines == 1 and not unnamed:
                yield number, cells, ()
                continue
            problems: list[tuple[str | None, str]] = []
            if size > width and any(not is_blank(v) for v in record[width:]):
                problems.append((None, f"{size} cells but the header names {width} columns: "
                                       "a cell with an unquoted delimiter?"))  # fmt: skip
            for i in [i for i in unnamed if i < size and not is_blank(record[i])]:
                unnamed.discard(i)
                warnings.append(Problem(message=f"column {i + 1} has no name in the header: its "
                                        "cells are ignored", file=file, row=number))  # fmt: skip
            if lines > 1:
                message = (f"this row spans {lines} lines of the file (a quoted cell with line "
                           "breaks): if rows seem missing, check its quotes")  # fmt: skip
                warnings.append(Problem(message=message, file=file, row=number))
            yield number, cells, problems

    return rows(), warnings


def read_exchanges_csv(
    source: Source, *, file: str | None = None, decimal: str | None = None
) -> ExchangeTable:
    r"""Return the exchanges in a CSV table, with every problem found.

    Args:
        source: A path, or a text stream (``io.StringIO``, ``sys.stdin``).
        file: The name to put in problems (default: the path, or the stream's name).
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
    name = file_name(source, file)
    decimal = check_decimal(decimal)
    delimiters: list[str] = []
    header, _, records, encoding_warnings = read_table_csv(source, file=name, delimiters=delimiters)
    columns, header_warnings = header_columns(header, name)
    rows, row_warnings = table_rows(records, columns, header, name)
    table = read_rows(
        rows,
        file=name,
        columns={c for c in columns if c is not None},
        fixed=True,
        decimal=decimal,
        presumed_decimal=DELIMITER_DECIMALS.get(delimiters[0]),
    )
    return _with_warnings(table, (*encoding_warnings, *header_warnings), row_warnings)


def _with_warnings(
    table: ExchangeTable, before: Sequence[Problem], after: Sequence[Problem]
) -> ExchangeTable:
    import attrs

    return attrs.evolve(table, warnings=(*before, *table.warnings, *after))
