"""The shared core of every table reader: rows of named cells in, exchanges and problems out.

Every reader (CSV, JSON, Excel, and other tools' migrations) ends here, so a cell means the same
whatever file it came from. A row with any bad cell is not loaded and each bad cell becomes one
error naming its row and column; nothing is dropped without a problem saying so, so
``rows_read == len(set(rows)) + len(error_rows())`` always holds (a group row, with a
``visitor_count``, is several exchanges with one row number: see ``_groups``).

Reading is one linear pass. Lookups that repeat in real tables (countries, kinds, statuses,
dates, and whole organisations: a host receives many visitors) are cached per call, in plain
dicts owned by that call, so readers running in several threads share nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from types import MappingProxyType
from typing import NamedTuple, Protocol

import attrs

from clusterxchange.io._bracketed import BracketedCountries, bracketed_sides
from clusterxchange.io._columnar import CHUNK, ColumnarReader, RecordChunk
from clusterxchange.io._dates import date_order
from clusterxchange.io._groups import GroupRows
from clusterxchange.io._headers import canonical_column, fold_header
from clusterxchange.io._labels import COLUMNS, EXTRA_COLUMNS
from clusterxchange.io._numbers import NumberTexts, check_decimal, decimal_convention
from clusterxchange.io._rewrite import RowRewriter
from clusterxchange.io._row import RowReader, is_blank
from clusterxchange.io._virtual import VIRTUAL, VirtualColumn
from clusterxchange.model import Exchange
from clusterxchange.model._collector import paused_collection
from clusterxchange.model.errors import Problem

__all__ = [
    "BLANK_ROW",
    "DATE_COLUMNS",
    "KNOWN_COLUMNS",
    "SINK_ROWS",
    "SKIPPED",
    "Columns",
    "ExchangeSink",
    "ExchangeTable",
    "Reading",
    "RowCells",
    "SkippedRow",
    "all_blank",
    "parse_exchange_rows",
    "read_rows",
]

#: The cells of a blank row, which is skipped with a warning and not counted as read.
BLANK_ROW: Mapping[str, object] = MappingProxyType({})


class SkippedRow:
    """A row that is not an exchange (a totals, separator or section-label row): its reason.

    It is skipped with a warning naming its row and is not counted in ``rows_read``.
    """

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


#: The end of the warning about a :class:`SkippedRow`.
SKIPPED = ", skipped: not an exchange"

#: Every column the readers understand.
KNOWN_COLUMNS = frozenset(COLUMNS) | frozenset(EXTRA_COLUMNS)


@attrs.frozen(kw_only=True)
class ExchangeTable:
    """The exchanges read from a table, with every problem found, each located.

    Attributes:
        exchanges: The rows that loaded, as exchanges, in file order. A group row (a
            ``visitor_count`` of N) is N exchanges, one per visitor, side by side.
        rows: The source row of each exchange. CSV and Excel: the row as a spreadsheet shows
            it (the header is row 1 in a CSV, so its first data row is 2; an Excel sheet keeps
            its own row numbers). JSON: the 1-based position of the object in the array.
            A group row's number is repeated once per exchange, so the rows that loaded are
            ``set(rows)``, and ``rows_read == len(set(rows)) + len(error_rows())``.
        errors: Every bad cell (file, row, column, and what was found and expected). A row
            with any error is not loaded.
        warnings: What the reader decided for you: unknown columns (once each), rows above
            the header, blank, totals and separator rows skipped, defaults applied, labels
            read as canonical ids, encodings guessed.
        rows_read: Data rows read (blank, totals, separator and section-label rows, skipped
            with a warning each, are not counted).
        file: The file name, when read from a file.

    >>> table = parse_exchange_rows([{"host": "Hamburg Aviation", "host_country": "DE",
    ...     "host_kind": "Cluster Organisation", "visitor": "Aero Lda", "visitor_country": "PT",
    ...     "visitor_kind": "SME", "start": "06/03/2023", "end": "2023-03-17"}])
    >>> table.rows_read, table.rows, table.exchanges[0].visitor.kind, table.exchanges[0].start
    (1, (2,), <OrganisationKind.SME: 'sme'>, datetime.date(2023, 3, 6))
    """

    exchanges: tuple[Exchange, ...]
    rows: tuple[int, ...]
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    rows_read: int = 0
    file: str | None = None

    def error_rows(self) -> tuple[int, ...]:
        """Return the distinct rows that have at least one error, in row order.

        >>> ExchangeTable(exchanges=(), rows=(), errors=(Problem(message="x", row=4),
        ...     Problem(message="y", row=3), Problem(message="z", row=4)), rows_read=2).error_rows()
        (3, 4)
        """
        return tuple(sorted({p.row for p in self.errors if p.row is not None}))


#: A row for :func:`read_rows`: its number, its cells by canonical column (:data:`BLANK_ROW`
#: for a row whose every cell, known column or not, is empty; a :class:`SkippedRow` for a row
#: that is no exchange; anything else is one error on the row), and problems its reader
#: already found as ``(column, message)``.
RowCells = tuple[int, object, Sequence[tuple[str | None, str]]]


def read_rows(
    rows: Iterable[RowCells],
    *,
    file: str | None,
    columns: Set[str],
    fixed: bool = False,
    json_path: str | None = None,
    decimal: str | None = None,
    presumed_decimal: str | None = None,
    reread: Callable[[], Iterable[RowCells]] | None = None,
    month_first: str | None = None,
    sink: ExchangeSink | None = None,
    reading: Reading | None = None,
) -> ExchangeTable:
    """Read rows of canonical cells (the readers' entry point).

    Args:
        rows: ``(row number, cells, problems)`` for each row (see :data:`RowCells`).
        file: The file name to put in problems.
        columns: The canonical columns the table has (read when defaults are reported, so it
            may still grow while *rows* is consumed).
        fixed: Whether *columns* is every column any row has (a CSV header), not a guess.
        json_path: For JSON, the path of the array (``$``), to locate problems as ``$[3].start``.
        decimal: The table's decimal sign as the user gave it; ``None``: inferred (see
            :func:`~clusterxchange.io._numbers.decimal_convention`).
        presumed_decimal: The sign the file's format implies (a ``;``-separated CSV: ``,``),
            used unless the table's own numbers show the other one.
        reread: When the decimal sign is to be inferred, a function giving the same rows
            again (their number cells are enough), read before *rows*; without it *rows*
            are held in memory until every number has been seen.
        month_first: The header of a date column that says the dates are written month
            first (``Start date (mm/dd/yyyy)``): every slashed date is read month first,
            with a warning that says so. ``None``: day first, unless the dates themselves
            say month first (see :func:`_read_month_first`).
        sink: Where the exchanges go as they are read, a few thousand at a time, instead of
            into the table (whose ``exchanges`` and ``rows`` are then empty): see
            :class:`ExchangeSink`. A table read twice (its decimal sign or its dates' order
            found on the way) restarts the sink; the last read is the table's.
        reading: How an earlier read of the same rows read them (what the sink's last
            :meth:`~ExchangeSink.restart` was given): the rows are read once, the same way,
            with no sign or order inferred again. Its warnings are not repeated.
    """
    table = _Table(file, columns, fixed, json_path, month_first is not None)
    with paused_collection():  # nothing read forms a reference cycle: see model/_collector.py
        if reading is not None:
            return _read_pass(
                rows, table, reading.convention, month_first=reading.month_first, sink=sink
            ).table
        read, again, convention = _read_numbers(
            rows, table, decimal, presumed_decimal, reread, sink=sink
        )
        if month_first is not None:
            message = (
                f"slashed dates read month first, as the column {month_first!r} says: "
                "03/06/2023 is 6 March"
            )
            warnings = (Problem(message=message, file=file), *read.table.warnings)
            return attrs.evolve(read.table, warnings=warnings)
        if read.month_first is None:
            return read.table
        return _read_month_first(read, again, table, convention, sink)


#: A decimal convention: the sign, where it was inferred from, the warning that says so.
_Convention = tuple[str | None, str | None, str | None]

#: The most exchanges :func:`read_rows` gathers before it hands them to its sink: a chunk's.
SINK_ROWS = CHUNK


class Reading(NamedTuple):
    """How one read of a table read its rows: what a second read needs to read them alike."""

    #: The decimal convention: the sign (``None``: not needed), its evidence, its warning.
    convention: _Convention
    #: Whether the slashed dates were read month first.
    month_first: bool


class ExchangeSink(Protocol):
    """Takes the exchanges of a table as :func:`read_rows` reads them, instead of the table.

    Each read of the rows starts with :meth:`restart`; then :meth:`take` is given the
    exchanges in table order, a few thousand at a time (:data:`SINK_ROWS`), with the row of
    each. A table is read again when a first read finds that its numbers or dates are written
    another way than presumed: what was taken before a restart is to be forgotten.
    """

    def restart(self, reading: Reading) -> None:
        """A read of the rows begins, under *reading*; forget what an earlier one gave."""

    def take(self, exchanges: Sequence[Exchange], rows: Sequence[int]) -> None:
        """Take the next *exchanges* and the row of each; the sequences are reused after."""


def _read_numbers(
    rows: Iterable[RowCells],
    table: _Table,
    decimal: str | None,
    presumed_decimal: str | None,
    reread: Callable[[], Iterable[RowCells]] | None,
    *,
    sink: ExchangeSink | None,
) -> tuple[_Read, Callable[[], Iterable[RowCells]] | None, _Convention]:
    """Read the rows under their decimal convention (see :func:`read_rows`).

    Returns the read, a function giving the rows again (``None`` if there is none), and the
    convention they were read under.
    """
    if decimal is not None:
        given = (decimal, None, None)
        return _read_pass(rows, table, given, sink=sink), reread, given
    if reread is None or not table.fixed:
        held = list(rows)  # the convention is read from every number before any row
        convention = decimal_convention(held, presumed_decimal, table.fixed, table.columns)
        return _read_pass(held, table, convention, sink=sink), lambda: held, convention
    # One pass, gathering the number texts as it goes: only a text that reads two ways
    # (1.050) depends on the convention, and a table with none is read exactly as it would
    # be under any convention. A table with some is read again, once the convention is known.
    texts = NumberTexts(table.columns, fixed=True)
    unknown = (presumed_decimal, None, None) if not texts.columns else (None, None, None)
    read = _read_pass(rows, table, unknown, texts, sink=sink)
    if not texts.columns:
        return read, reread, unknown
    convention = texts.convention(presumed_decimal)
    if texts.two_ways and convention[:2] != unknown[:2]:
        return _read_pass(reread(), table, convention, sink=sink), reread, convention
    return read._replace(table=_with_convention(read.table, convention[2])), reread, convention


def _read_month_first(
    read: _Read,
    again: Callable[[], Iterable[RowCells]] | None,
    table: _Table,
    convention: _Convention,
    sink: ExchangeSink | None,
) -> ExchangeTable:
    """Read a table whose slashed dates say they are month first again, month first.

    A table whose dates include one that reads only month first (``03/17/2023``) and none that
    reads only day first (``17/03/2023``) was written month first, as a spreadsheet set up for
    the US writes it: read day first, its other dates (``03/06/2023``) would be wrong, and
    silently so. It is read again, month first, with a warning. Without the rows to read again
    (a stream read with its decimal sign given), the warning says the dates look month first.
    """
    example = read.month_first
    if again is None:
        message = (
            f"the dates look month first, as written in the US ({example!r} reads only month "
            "first, and no date reads only day first), but were read day first: a date such "
            "as 03/06/2023 may be wrong; write the dates as 2023-03-06"
        )
        warnings = (Problem(message=message, file=table.file), *read.table.warnings)
        return attrs.evolve(read.table, warnings=warnings)
    table_read = _read_pass(again(), table, convention, month_first=True, sink=sink).table
    message = (
        f"slashed dates read month first, as written in the US ({example!r} reads only month "
        "first, and no date reads only day first): 03/06/2023 is 6 March; write the dates as "
        "2023-03-06 to leave no doubt"
    )
    warnings = (Problem(message=message, file=table.file), *table_read.warnings)
    return attrs.evolve(table_read, warnings=warnings)


class _Table(NamedTuple):
    """What :func:`read_rows` is told about the table it reads."""

    file: str | None
    columns: Set[str]
    fixed: bool
    json_path: str | None
    #: Whether a header says the slashed dates are month first.
    month_first: bool = False


def _with_convention(table: ExchangeTable, warning: str | None) -> ExchangeTable:
    if not warning:
        return table
    return attrs.evolve(
        table, warnings=(Problem(message=warning, file=table.file), *table.warnings)
    )


class _Read(NamedTuple):
    """One read of a table's rows."""

    table: ExchangeTable
    #: A date of the table that reads only month first, when none reads only day first (a
    #: read day first); ``None`` otherwise.
    month_first: str | None


#: The columns of dates: the ones whose slashed dates tell the table's order, and whose header
#: may say it (``Start date (mm/dd/yyyy)``: io/_csv.py).
DATE_COLUMNS = frozenset({"start", "end", "report_submitted", "report_validated", "paid_on"})


def _month_first_evidence(reader: RowReader) -> str | None:
    """Return a date read that is only month first, if no date read is only day first."""
    example = None
    for column in reader.scalars:
        if column.name not in DATE_COLUMNS or column.answers is None:
            continue
        for text in column.answers:  # each distinct text of the column, once
            order = date_order(text)
            if order == "day":
                return None
            if order == "month" and example is None:
                example = text.strip()
    return example


def _read_pass(
    rows: Iterable[RowCells],
    table: _Table,
    convention: _Convention,
    texts: NumberTexts | None = None,
    *,
    month_first: bool = False,
    sink: ExchangeSink | None = None,
) -> _Read:
    """Read the rows under a decimal *convention* (sign, evidence, warning); gather *texts*.

    *month_first*: the slashed dates are month first. Read day first, the read says whether
    its dates say they are month first (:class:`_Read`). *sink*: where the exchanges go.
    """
    decimal, evidence, warning = convention
    file, columns, fixed, json_path, declared = table
    month_first = month_first or declared
    if sink is not None:
        sink.restart(Reading(convention, month_first))
    # Cells that say what another column would (io/_rewrite.py): "Name (DE)" in a table with
    # a header and no country column for that side; a yes/no "Virtual?" column, the mode.
    rewriters: list[RowRewriter] = []
    sides = bracketed_sides(columns) if fixed else ()
    if sides:
        rewriters.append(BracketedCountries(sides))
    if not fixed:  # any row may have a virtual cell: the mode column is seen with it
        rewriters.append(VirtualColumn(columns if isinstance(columns, set) else None))
    elif VIRTUAL in columns:
        rewriters.append(VirtualColumn())
    for rewriter in rewriters:
        if fixed:
            columns = rewriter.columns(columns)
        rows = rewriter.rows_of(rows)
    reader = RowReader(
        file,
        columns,
        fixed=fixed,
        json_path=json_path,
        decimal=decimal,
        evidence=evidence,
        month_first=month_first,
    )
    groups = GroupRows(reader, columns, fixed=fixed)
    exchanges: list[Exchange] = []
    numbers: list[int] = []

    def row(
        number: int, cells: object, problems: Sequence[tuple[str | None, str]], gather: bool = True
    ) -> bool:
        """Read one row, gathering its number texts if *gather*; return whether it counts."""
        if type(cells) is SkippedRow:
            reader.warn(f"{cells.reason}{SKIPPED}", row=number)
            return False
        if not isinstance(cells, Mapping):
            reader.row = number
            found = "a list" if isinstance(cells, list) else type(cells).__name__
            reader.error(None, f"expected an object with the exchange's fields, found {found}")
            return True
        if gather and texts is not None:
            texts.add(number, cells)
        if cells is BLANK_ROW:
            reader.warn("blank row skipped", row=number)
            return False
        exchange = reader.exchange(number, cells, problems)
        if groups.active:  # a group row (visitor_count) is several exchanges, one row number
            for each in groups.exchanges(number, cells, exchange):
                exchanges.append(each)
                numbers.append(number)
        elif exchange is not None:
            exchanges.append(exchange)
            numbers.append(number)
        return True

    columnar: ColumnarReader | None = None
    rows_read = 0
    for number, cells, problems in rows:
        if type(cells) is not RecordChunk:
            rows_read += row(number, cells, problems)
        elif groups.active:  # group rows are read one by one
            for offset, record in enumerate(cells.records):
                rows_read += row(*cells.cells(cells.first + offset, record, 1))
        else:
            if columnar is None:
                columnar = ColumnarReader(reader, cells.header)
            rows_read += columnar.read(cells, row, exchanges, numbers, texts)
        if sink is not None and len(exchanges) >= SINK_ROWS:
            sink.take(exchanges, numbers)
            exchanges.clear()
            numbers.clear()
    if sink is not None and exchanges:
        sink.take(exchanges, numbers)
        exchanges.clear()
        numbers.clear()
    for rewriter in rewriters:
        for message, first_row, column in rewriter.warnings():
            reader.warn(message, row=first_row, column=column)
    reader.summary_warnings()
    before = [Problem(message=warning, file=file)] if warning else []
    read = ExchangeTable(
        exchanges=tuple(exchanges),
        rows=tuple(numbers),
        errors=tuple(reader.errors),
        warnings=(*before, *reader.warnings),
        rows_read=rows_read,
        file=file,
    )
    return _Read(read, None if month_first else _month_first_evidence(reader))


def all_blank(values: Iterable[object]) -> bool:
    """Return whether every value is empty (``None`` or whitespace): a blank row."""
    for value in values:
        if value is not None and (type(value) is not str or value.strip()):
            return False
    return True


class Columns:
    """Canonical names of raw column keys, cached; each unknown key is reported once."""

    def __init__(self, file: str | None, names: Mapping[str, str] | None = None) -> None:
        self.file = file
        self.mapped = names or {}
        self.names: dict[object, str | None] = {}
        self.warnings: list[Problem] = []
        self.seen: set[str] = set()

    def canonical(self, key: object) -> str | None:
        """Return the canonical column of *key*, ``None`` for an unknown one (warned once)."""
        if key in self.names:
            return self.names[key]
        text = key if isinstance(key, str) else str(key)
        column: str | None = self.mapped.get(fold_header(text)) or canonical_column(text)
        if column in KNOWN_COLUMNS:
            self.seen.add(column)
        else:
            column = None
            if text.strip():
                self.warnings.append(
                    Problem(message=f"unknown column {text!r} ignored", file=self.file, column=text)
                )
        self.names[key] = column
        return column

    def rows(self, rows: Iterable[object], first_row: int) -> Iterator[RowCells]:
        """Yield each row numbered, keyed by canonical columns, with its duplicated columns."""
        for number, row in enumerate(rows, first_row):
            if not isinstance(row, Mapping):
                yield number, row, ()
                continue
            if all_blank(row.values()):
                yield number, BLANK_ROW, ()
                continue
            cells: dict[str, object] = {}
            problems: list[tuple[str | None, str]] = []
            for key, value in row.items():
                column = self.canonical(key)
                if column is None:
                    continue
                if column not in cells or is_blank(cells[column]):
                    cells[column] = value
                elif not is_blank(value):
                    problems.append(
                        (column, f"{column} is given more than once: expected one value")
                    )
            for key in getattr(row, "duplicated_keys", ()):
                column = self.canonical(key)
                if column is not None:
                    problems.append(
                        (column, f"{key!r} is given more than once: expected one value")
                    )
            yield number, cells, problems


def parse_exchange_rows(
    rows: Iterable[Mapping[str, object]],
    *,
    file: str | None = None,
    first_row: int = 2,
    decimal: str | None = None,
) -> ExchangeTable:
    """Return the exchanges in *rows* of named cells, with every problem found.

    This is the core every reader uses, and the entry point for tools with their own tables.
    Keys are column names as :func:`~clusterxchange.io.canonical_column` reads them
    (``"Host country"`` is ``host_country``); values are text or typed values (dates, numbers,
    lists of cluster names). A key given twice in one row (``Host`` and ``host``) with two
    values is an error on that row.

    Args:
        rows: One mapping per exchange, in table order.
        file: The file name to put in problems.
        first_row: The number of the first row (2 for a table whose header is row 1).
        decimal: The decimal sign of numbers written as text (``","`` or ``"."``); by default
            inferred from the table's own numbers, and an ambiguous one (``1.050``) is read as
            thousands, with a warning.

    Returns:
        The table: exchanges in row order, each bad cell as an error, decisions as warnings.

    >>> table = parse_exchange_rows([{"Host": "A", "Visitor": "B"}, {"Host": "C"}], file="x.csv")
    >>> [(e.host.name, e.host.country) for e in table.exchanges], table.error_rows()
    ([('A', None)], (3,))
    >>> [(p.row, p.column) for p in table.errors]
    [(3, 'visitor')]
    """
    columns = Columns(file)
    table = read_rows(
        columns.rows(rows, first_row),
        file=file,
        columns=columns.seen,
        decimal=check_decimal(decimal),
    )
    return attrs.evolve(table, warnings=(*columns.warnings, *table.warnings))
