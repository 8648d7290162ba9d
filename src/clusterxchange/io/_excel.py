"""Reading exchange tables from Excel workbooks (.xlsx), with the ``excel`` extra (openpyxl).

Without a sheet name, the reader takes the first sheet whose header names host and visitor
(a warning names the sheets left unread). The header is the first row that names a host and
a visitor column (title rows above it are skipped with one warning), and rows keep the sheet's
own numbers, as Excel shows them. Totals rows (their formulas too), separators and section
labels under the header are skipped, each with a warning. Cells keep their types: dates are
dates, numbers are numbers. A formula cell gives the value Excel last computed (a workbook
never opened in Excel may have none, and the cell reads as blank). A merged cell's value is
used on every row it spans, with a warning: coordinators merge an event or a host over the
rows of a group exchange.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Iterator, Sequence
from typing import IO, TYPE_CHECKING

import attrs

from clusterxchange.io._columns import ColumnNames, HeaderColumns, load_columns
from clusterxchange.io._csv import (
    HEADER_SEARCH,
    above_header,
    closest,
    declared_month_first,
    header_columns,
    table_rows,
    two_row_columns,
    with_hints,
)
from clusterxchange.io._numbers import check_decimal
from clusterxchange.io._row import is_blank
from clusterxchange.io._rows import SKIPPED, ExchangeTable, read_rows
from clusterxchange.io._text import file_name, read_bytes, unusable
from clusterxchange.model.errors import InvalidFileError, Problem

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["read_exchanges_excel"]

ExcelSource = str | os.PathLike[str] | IO[bytes]

_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_UNCOMPUTED = (
    "holds a formula with no saved value: read as blank "
    "(open and save the workbook in a spreadsheet to compute it)"
)


def _load(source: ExcelSource, name: str | None) -> tuple[object, bytes]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the test environment has the extra
        raise unusable(
            name, "reading .xlsx needs the excel extra: pip install 'clusterxchange[excel]'"
        ) from None
    # Read the bytes ourselves: openpyxl refuses a path by its suffix, and this way every
    # problem with the file itself is reported like the other readers report it.
    if isinstance(source, str | os.PathLike):
        data = read_bytes(source, name)
    else:
        try:
            data = source.read()
        except OSError as error:
            raise unusable(name, f"cannot read the stream: {error}") from None
        if not isinstance(data, bytes):
            raise unusable(name, f"expected a binary stream, got {type(data).__name__} from read()")
    if data.startswith(_OLD_EXCEL):
        raise unusable(name, "an old .xls workbook cannot be read: save it as .xlsx or .csv")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True), data
    except Exception as error:  # zipfile, XML and openpyxl's own errors on malformed parts
        raise unusable(
            name, f"not a readable .xlsx workbook: {type(error).__name__}: {error}"
        ) from None


def _grid(
    sheet: Worksheet,
) -> tuple[list[tuple[int, list[object]]], list[tuple[int, Problem]], str]:
    """Return the sheet's non-empty rows with merged values copied, and merge warnings."""
    cells = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
    rows: list[tuple[int, list[object]]] = [
        (number, list(values)) for number, values in enumerate(cells, 1)
    ]
    warnings: list[tuple[int, Problem]] = []
    by_number = dict(rows)
    for merged in sheet.merged_cells.ranges:
        # A merged range lies inside the sheet's dimensions; the defaults only keep a crafted
        # file from crashing the reader.
        first = merged.min_col - 1
        value = (by_number.get(merged.min_row, [])[first:] or [None])[0]
        if value is None:
            continue
        for number in range(merged.min_row, merged.max_row + 1):
            values = by_number.get(number, [])
            span = max(0, min(merged.max_col, len(values)) - first)
            values[first : first + span] = [value] * span
        message = f"merged cells {merged.coord}: their value is used on every row they span"
        warnings.append((merged.max_row, Problem(message=message, row=merged.min_row)))
    return rows, warnings, sheet.title


def read_exchanges_excel(
    source: ExcelSource,
    *,
    sheet: str | None = None,
    file: str | None = None,
    decimal: str | None = None,
    columns: ColumnNames | None = None,
) -> ExchangeTable:
    """Return the exchanges in a sheet of an .xlsx workbook, with every problem found.

    Args:
        source: A path, or a binary stream.
        sheet: The sheet's name (default: the first sheet with host and visitor columns).
        file: The name to put in problems (default: the path, or the stream's name).
        decimal: The decimal sign of numbers typed as text (``","`` or ``"."``); by default
            read from the sheet's own numbers (numeric cells need none).
        columns: Headers of this sheet mapped to the exchange table's columns (a mapping, or
            the path of a columns file: see :func:`~clusterxchange.io.read_exchanges`).

    Raises:
        InvalidFileError: The workbook cannot be used: missing, not .xlsx, no such sheet, or no
            sheet with a header naming host and visitor. Also without the ``excel`` extra.

    >>> import io, openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.append(["Host", "Host country", "Host kind", "Visitor", "Visitor country",
    ...                     "Visitor kind"])
    >>> book.active.append(["Hamburg Aviation", "DE", "Cluster organisation", "Aero Lda",
    ...                     "Portugal", "SME"])
    >>> stream = io.BytesIO(); book.save(stream); _ = stream.seek(0)
    >>> table = read_exchanges_excel(stream)
    >>> table.rows, table.exchanges[0].visitor.country
    ((2,), 'PT')
    """
    name = file_name(source, file)
    decimal = check_decimal(decimal)
    names = load_columns(columns)
    book, data = _load(source, name)
    sheets: Sequence[Worksheet] = book.worksheets  # type: ignore[attr-defined]
    if sheet is not None:
        chosen = [s for s in sheets if s.title == sheet]
        if not chosen:
            known = ", ".join(repr(s.title) for s in sheets)
            raise unusable(name, f"no sheet named {sheet!r}: the workbook has {known}")
        candidates = chosen
    else:
        candidates = list(sheets)
    first_error: InvalidFileError | None = None
    for worksheet in candidates:
        rows, merges, title = _grid(worksheet)
        filled = [(n, values) for n, values in rows if any(not is_blank(v) for v in values)]
        if not filled:
            first_error = first_error or unusable(
                name, f"sheet {title!r} is empty: expected a header row"
            )
            continue
        try:
            first_row, header_row, header, header_cols, header_warnings = _header(
                filled, name, title, names
            )
        except InvalidFileError as error:
            first_error = first_error or error
            continue
        # Rows past the last filled one are formatting, not data: no warning for each. A
        # formula saved without its value reads as blank, but its row is filled.
        formulas = _formula_cells(data, title)
        last = max(filled[-1][0], max(formulas, default=0))
        records = [(n, values, 1) for n, values in rows if header_row < n <= last]
        row_cells, row_warnings = table_rows(records, header_cols, header, name, formulas)
        table = read_rows(
            row_cells,
            file=name,
            columns={c for c in header_cols if c is not None},
            fixed=True,
            decimal=decimal,
            month_first=declared_month_first(header, header_cols),
        )
        notes = [
            Problem(message=f"sheet {s.title!r} not read (read sheet {title!r})", file=name)
            for s in sheets
            if s is not worksheet and sheet is None and _has_content(s)
        ]
        notes.extend(above_header(filled, first_row, name))
        notes.extend(
            attrs.evolve(merge, file=name)
            for row, merge in merges
            if row > header_row  # a merged title above the table is no data
        )
        skipped = {p.row for p in table.warnings if p.message.endswith(SKIPPED)}
        values = dict(rows)
        notes.extend(
            Problem(message=f"cell {cell} {_UNCOMPUTED}", file=name, row=row)
            for row, positions in formulas.items()
            if header_row < row <= last and row not in skipped
            for cell, computed in _cells(row, positions, values.get(row, ()))
            if not computed
        )
        return attrs.evolve(
            table, warnings=(*notes, *header_warnings, *table.warnings, *row_warnings)
        )
    # No candidate at all: a workbook of chart sheets only, or a damaged one with no sheet.
    raise first_error or unusable(name, "the workbook has no worksheet to read")


def _cells(
    row: int, positions: Collection[int], values: Sequence[object]
) -> Iterator[tuple[str, bool]]:
    """Yield the name of each formula cell of a row, and whether it has a computed value."""
    from openpyxl.utils import get_column_letter

    for i in sorted(positions):
        yield f"{get_column_letter(i + 1)}{row}", i < len(values) and values[i] is not None


def _header(
    filled: Sequence[tuple[int, Sequence[object]]],
    file: str | None,
    title: str,
    names: HeaderColumns,
) -> tuple[int, int, Sequence[object], list[str | None], list[Problem]]:
    """Return the header's first and last rows, its cells, its columns and its warnings.

    The header is the first of the first filled rows that names host and visitor, or that
    row and the one under it when they write a header over two rows (group headers such as
    ``Host organisation`` merged over ``Name``, ``Country``...: see io/_grouped.py).
    Partnership workbooks often put a title and a date above the table. When no row names
    both, the error is the one of the row naming the most known columns.
    """
    best: tuple[int, InvalidFileError] | None = None
    searched = filled[:HEADER_SEARCH]
    below = dict(filled[1 : HEADER_SEARCH + 2])  # the rows under each searched one, if filled
    for number, values in searched:
        two_rows = two_row_columns(values, below.get(number + 1, ()), file, names)
        if two_rows is not None:
            texts, columns, warnings = two_rows
            under = below.get(number + 2, ())  # a row of hints under it: "(ISO code)"
            hinted = with_hints(texts, under, columns, file=file, names=names, row=number + 2)
            if hinted is not None:
                return number, number + 2, *hinted
            return number, number + 1, texts, columns, warnings
        try:
            columns, warnings = header_columns(values, file, names)
        except InvalidFileError as error:
            located = InvalidFileError(
                [attrs.evolve(p, message=f"sheet {title!r}: {p.message}", row=number)
                 for p in error.problems],
                warnings=error.warnings,
            )  # fmt: skip
            best = closest(best, values, names, located)
            continue
        under = below.get(number + 1, ())
        hinted = with_hints(values, under, columns, file=file, names=names, row=number + 1)
        if hinted is not None:  # a row of hints under the header: "(ISO code)", "(dd/mm/yyyy)"
            return number, number + 1, *hinted
        return number, number, values, columns, warnings
    assert best is not None
    raise best[1]


def _formula_cells(data: bytes, title: str) -> dict[int, set[int]]:
    """Return the 0-based positions of the formula cells of each row of sheet *title*.

    A totals row's formulas tell it from data, and a workbook written by a program rather
    than a spreadsheet keeps formulas without their results, which would read as blank cells
    without a word. Finding them takes a second pass, made only when the workbook has
    formulas at all.
    """
    import zipfile

    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        if not any(b"<f" in archive.read(n) for n in sheets):
            return {}
    found: dict[int, set[int]] = {}
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True)[title]
    for line in formulas.iter_rows():
        for cell in line:
            if getattr(cell, "data_type", None) != "f":
                continue
            row, column = cell.row, cell.column
            assert isinstance(row, int)
            assert isinstance(column, int)
            found.setdefault(row, set()).add(column - 1)
    return found


def _has_content(sheet: Worksheet) -> bool:
    return sheet.max_row > 1 or sheet.max_column > 1 or sheet.cell(1, 1).value is not None
