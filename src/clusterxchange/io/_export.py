"""Writing tables that are safe to open in a spreadsheet: CSV, and .xlsx with the excel extra.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``
(and some treat a leading tab or carriage return the same way), so a visitor named
``=HYPERLINK("http://x","y")`` would become a live link in the coordinator's sheet. Every text
cell the library writes goes through :func:`neutralise_cell`, which puts a single quote in front
of such text: the cell stays readable, shows its whole text, and runs nothing. Every other text
is written exactly as given, so reading a written table gives back every cell that was not
neutralised.

Numbers given as numbers (``int``, ``float``, ``Decimal``) are written as numbers and never
neutralised: a number literal cannot run, and ``-5`` stays ``-5``. Text is always neutralised,
even ``"-5"``: pass numbers as numbers. ``None`` is an empty cell; dates are ISO text
(``2023-03-06``), enumerations their canonical id, ``Decimal`` its plain digits (``830.00``).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, Literal

from clusterxchange.io._labels import COLUMNS, EXTRA_COLUMNS
from clusterxchange.io._text import unusable
from clusterxchange.model import Exchange, Organisation
from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "EXCHANGE_COLUMNS",
    "FORMULA_TRIGGERS",
    "cell_text",
    "exchange_row",
    "neutralise_cell",
    "write_exchanges",
    "write_table",
]

#: First characters that make a spreadsheet read a cell as a formula, including the
#: full-width forms that some East Asian spreadsheet settings also accept.
FORMULA_TRIGGERS: frozenset[str] = frozenset("=+-@\t\r＝＋－＠")

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_EXACT_DIGITS = 10**15  # Excel holds numbers to 15 significant digits

Target = str | os.PathLike[str] | IO[str] | IO[bytes]


def neutralise_cell(value: str) -> str:
    r"""Return *value* made safe for a spreadsheet: a ``'`` in front of formula-like text.

    Text is formula-like when its first character, or its first after leading spaces, is one
    of :data:`FORMULA_TRIGGERS` (``=`` ``+`` ``-`` ``@``, tab, carriage return, or their
    full-width forms). Every other text comes back unchanged.

    >>> neutralise_cell('=HYPERLINK("http://x","y")')
    '\'=HYPERLINK("http://x","y")'
    >>> neutralise_cell("  @SUM(A1)"), neutralise_cell("Aero Lda"), neutralise_cell("")
    ("'  @SUM(A1)", 'Aero Lda', '')
    """
    if not isinstance(value, str):  # callers without type checking may pass anything
        raise InvalidValueError(f"expected text to neutralise, got {type(value).__name__}")
    if not value:
        return value
    if value[0] in FORMULA_TRIGGERS:
        return "'" + value
    stripped = value.lstrip()
    if stripped and stripped is not value and stripped[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def cell_text(value: object) -> str:
    """Return the CSV text of a cell value: neutralised text, plain numbers, ISO dates.

    >>> [cell_text(v) for v in (None, "-5", -5, Decimal("830.00"), dt.date(2023, 3, 6), True)]
    ['', "'-5", '-5', '830.00', '2023-03-06', 'true']
    """
    # The common cells first, by their exact type: a table of a million rows has twenty
    # million cells, mostly text that starts with a letter (see benchmarks/RESULTS.md).
    if type(value) is str:
        first = value[:1]
        if first in FORMULA_TRIGGERS or first.isspace():
            return neutralise_cell(value)
        return value
    if value is None:
        return ""
    kind: Any = type(value)  # a class is hashable; mypy cannot see it of type[object]
    return _text_of(kind)(value)


@functools.cache  # a few classes: int, float, Decimal, date, each enumeration
def _text_of(kind: Any) -> Callable[[object], str]:
    """Return how :func:`cell_text` writes a value of the class *kind* (not ``str``)."""
    if issubclass(kind, enum.Enum):
        return lambda value: neutralise_cell(str(value.value))  # type: ignore[attr-defined]
    if issubclass(kind, str):
        return neutralise_cell  # type: ignore[return-value]  # a str subclass
    if issubclass(kind, bool):
        return lambda value: "true" if value else "false"
    if issubclass(kind, int):
        return str
    if issubclass(kind, float):
        return lambda value: (
            repr(value)
            if math.isfinite(value)  # type: ignore[arg-type]
            else neutralise_cell(str(value))
        )
    if issubclass(kind, Decimal):
        return lambda value: (
            format(value, "f") if value.is_finite() else neutralise_cell(str(value))  # type: ignore[attr-defined]
        )
    if issubclass(kind, dt.date):
        return lambda value: value.isoformat()  # type: ignore[attr-defined]
    return lambda value: neutralise_cell(str(value))


def _excel_value(value: object) -> object:
    """Return the value to put in an .xlsx cell: numbers stay numbers, the rest is text."""
    if isinstance(value, bool) or value is None:
        return None if value is None else cell_text(value)
    if isinstance(value, int) and abs(value) < _EXCEL_EXACT_DIGITS:
        return value
    # Excel keeps 15 significant digits: a float that needs more is written as its exact text.
    if isinstance(value, float) and math.isfinite(value) and float(f"{value:.15g}") == value:
        return value
    # XML cannot hold most control characters: they become U+FFFD rather than a failure.
    return _XML_ILLEGAL.sub("\ufffd", cell_text(value))


def write_table(
    target: Target,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    format: Literal["csv", "xlsx"] = "csv",
    bom: bool = False,
    sheet: str = "table",
) -> None:
    r"""Write a table to a CSV or .xlsx file, every text cell neutralised for spreadsheets.

    Args:
        target: A path, or a stream (text for CSV, binary for .xlsx).
        header: The column names (neutralised like any text).
        rows: The rows; each cell ``None``, text, a number, a date or an enumeration.
        format: ``csv`` (UTF-8, ``,``-separated, CRLF as RFC 4180 says) or ``xlsx`` (needs the
            ``excel`` extra).
        bom: Start a CSV with a UTF-8 byte-order mark, so that Excel reads accents right.
        sheet: The title of the .xlsx sheet.

    Raises:
        InvalidValueError: Unknown format, or a stream of the wrong kind.
        InvalidFileError: The file cannot be written.

    >>> import io
    >>> out = io.StringIO()
    >>> write_table(out, ["visitor", "sum"], [['=HYPERLINK("http://x","y")', Decimal("415.00")]])
    >>> print(out.getvalue().replace("\r", ""))
    visitor,sum
    "'=HYPERLINK(""http://x"",""y"")",415.00
    <BLANKLINE>
    """
    if not isinstance(target, str | os.PathLike) and not callable(getattr(target, "write", None)):
        raise InvalidValueError(
            f"expected a path or a stream to write the table to, got {type(target).__name__}"
        )
    names, checked = _cells_of(header, "header"), _rows_of(rows)
    if format == "csv":
        _write_csv(target, names, checked, bom=bom)
    elif format == "xlsx":
        _write_xlsx(target, names, checked, sheet=sheet)
    else:
        raise InvalidValueError(f"unknown table format {format!r}: expected csv or xlsx")


def _cells_of(values: object, what: str) -> Sequence[object]:
    """Return the cells of a header or row; raise if it is no sequence of cells."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        found = type(values).__name__
        raise InvalidValueError(f"{what}: expected a sequence of cells, got {found}")
    return list(values)


def _rows_of(rows: object) -> Iterator[Sequence[object]]:
    """Yield the rows checked one by one, so a large iterable is never held in memory."""
    if isinstance(rows, str | bytes) or not isinstance(rows, Iterable):
        raise InvalidValueError(f"expected an iterable of rows, got {type(rows).__name__}")
    for number, row in enumerate(rows, 1):
        yield _cells_of(row, f"row {number}")


def _write_csv(
    target: Target, header: Sequence[object], rows: Iterable[Sequence[object]], *, bom: bool
) -> None:
    if isinstance(target, str | os.PathLike):
        name = os.fsdecode(target)
        try:
            with open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
                _csv_rows(stream, header, rows)
        except UnicodeEncodeError as error:
            raise InvalidValueError(
                f"a cell cannot be written as UTF-8 (a lone surrogate?): {error.reason}"
            ) from None
        except (OSError, ValueError) as error:  # ValueError: a NUL in the path
            reason = getattr(error, "strerror", None) or error
            raise unusable(name, f"cannot write the file: {reason}") from None
        return
    mode = getattr(target, "mode", "")
    if isinstance(target, io.RawIOBase | io.BufferedIOBase) or (
        isinstance(mode, str) and "b" in mode
    ):
        raise InvalidValueError("a CSV table is written to a text stream, not a binary one")
    text_stream: IO[str] = target  # type: ignore[assignment]
    if bom:
        text_stream.write("\ufeff")
    _csv_rows(text_stream, header, rows)


def _csv_rows(stream: IO[str], header: Sequence[object], rows: Iterable[Sequence[object]]) -> None:
    write_csv_lines(stream, [list(map(cell_text, header))])
    write_csv_lines(stream, (list(map(cell_text, row)) for row in rows))


def _csv_field(value: object) -> str:
    """Return one cell of a CSV line as the csv module's ``excel`` dialect writes it."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def write_csv_lines(stream: IO[str], lines: Iterable[Sequence[object]]) -> None:
    r"""Write *lines* of cells to *stream* exactly as ``csv.writer(stream).writerows`` does.

    The ``excel`` dialect: cells joined by commas, quoted only when they hold a comma, a
    quote (doubled) or a line break, ``None`` as nothing, a value not text as its ``str``,
    and lines ended by ``\r\n``. The csv module looks at every character of every cell in
    turn; the ``in`` tests here run over a cell in C at a time, which took the 100,000 rows
    of ``clusterxchange check --format csv`` on benchmarks/tables.py (55 MB, long messages)
    from 0.95 s to 0.46 s of CPU. tests/test_io_export.py compares the two on any cells.

    >>> out = io.StringIO()
    >>> write_csv_lines(out, [["Aero Lda", None, 5, 'say "hi", then go']])
    >>> out.getvalue()
    'Aero Lda,,5,"say ""hi"", then go"\r\n'
    """
    write, field = stream.write, _csv_field
    for line in lines:
        if len(line) == 1 and field(line[0]) == "":
            write('""\r\n')  # a lone empty cell, quoted: a blank line would be no row at all
        else:
            write(",".join(map(field, line)) + "\r\n")


def _write_xlsx(
    target: Target, header: Sequence[object], rows: Iterable[Sequence[object]], *, sheet: str
) -> None:
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - the test environment has the extra
        raise InvalidValueError(
            "writing .xlsx needs the excel extra: pip install 'clusterxchange[excel]'"
        ) from None
    book = Workbook(write_only=True)
    worksheet = book.create_sheet(title=sheet)
    worksheet.append([_excel_value(name) for name in header])
    for row in rows:
        worksheet.append([_excel_value(value) for value in row])
    # Saved to memory first: openpyxl leaves a half-written zip (and a dangling generator)
    # behind when the target refuses it.
    buffer = io.BytesIO()
    book.save(buffer)
    if isinstance(target, str | os.PathLike):
        try:
            with open(target, "wb") as stream:
                stream.write(buffer.getvalue())
        except (OSError, ValueError) as error:  # ValueError: a NUL in the path
            reason = getattr(error, "strerror", None) or error
            raise unusable(os.fsdecode(target), f"cannot write the file: {reason}") from None
        return
    try:
        target.write(buffer.getvalue())  # type: ignore[arg-type]
    except TypeError:
        raise InvalidValueError(
            "an .xlsx table is written to a binary stream, not a text one"
        ) from None


#: The columns :func:`write_exchanges` writes: docs/design.md's, then this library's additions
#: (not ``visitor_count``: each exchange is written as a row of its own, one visitor each; nor
#: ``period``: its days are written as ``start`` and ``end``; nor ``virtual``: the mode is).
EXCHANGE_COLUMNS: tuple[str, ...] = (
    *COLUMNS,
    *(c for c in EXTRA_COLUMNS if c not in {"visitor_count", "period", "virtual"}),
)


def _clusters(organisation: Organisation) -> str | None:
    if organisation.clusters is None:
        return None
    return "; ".join(ref.name for ref in organisation.clusters) or "none"


def _cents(amount: Decimal) -> Decimal:
    # In whole cents when it is (1.1 as 1.10, never 1.100: three decimals read as thousands).
    cents = amount.quantize(Decimal("0.01"))
    return cents if cents == amount else amount


def exchange_row(exchange: Exchange) -> tuple[object, ...]:
    """Return the cells of *exchange* in the order of :data:`EXCHANGE_COLUMNS`.

    Cluster memberships are ``;``-separated names, ``none`` for no cluster, and a blank cell
    when not recorded. The final report's days and the payment are written in
    ``report_submitted``, ``report_validated``, ``paid_on`` and ``paid_amount``; the signed
    documents, the report's evidence and the representative are not part of the table.

    >>> import datetime as dt
    >>> from clusterxchange.model import Exchange, Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
    >>> row = exchange_row(Exchange(host=host, visitor=visitor, start=dt.date(2023, 3, 6)))
    >>> dict(zip(EXCHANGE_COLUMNS, row))["visitor_clusters"], row[EXCHANGE_COLUMNS.index("start")]
    ('Pemas', datetime.date(2023, 3, 6))
    """
    host, visitor = exchange.host, exchange.visitor
    host_at, visitor_at = host.location, visitor.location
    report, payment = exchange.documents.final_report, exchange.payment
    cells: dict[str, object] = {
        "id": exchange.id,
        "host": host.name,
        "host_country": host.country,
        "host_kind": host.kind,
        "host_partnership": exchange.host_partnership,
        "visitor": visitor.name,
        "visitor_country": visitor.country,
        "visitor_kind": visitor.kind,
        "visitor_partnership": exchange.visitor_partnership,
        "visitor_pic": visitor.pic,
        "relation": exchange.relation,
        "event": exchange.event,
        "start": exchange.start,
        "end": exchange.end,
        "working_days": exchange.working_days,
        "mode": exchange.mode,
        "status": exchange.status,
        "distance_km": exchange.distance_km,
        "host_lat": host_at.latitude if host_at else None,
        "host_lon": host_at.longitude if host_at else None,
        "visitor_lat": visitor_at.latitude if visitor_at else None,
        "visitor_lon": visitor_at.longitude if visitor_at else None,
        "generation": exchange.generation,
        "remarks": exchange.remarks,
        "host_pic": host.pic,
        "host_clusters": _clusters(host),
        "visitor_clusters": _clusters(visitor),
        "prior_approval": exchange.prior_approval,
        "report_submitted": report.submitted if report else None,
        "report_validated": report.validated if report else None,
        "paid_on": payment.date if payment else None,
        "paid_amount": _cents(payment.amount) if payment else None,
    }
    return tuple(cells[column] for column in EXCHANGE_COLUMNS)


def write_exchanges(
    target: Target,
    exchanges: Iterable[Exchange],
    *,
    format: Literal["csv", "xlsx"] = "csv",
    bom: bool = False,
) -> None:
    """Write exchanges as an exchange table that :func:`read_exchanges` reads back.

    Every text cell is neutralised (see :func:`neutralise_cell`); a neutralised name comes back
    with its leading ``'``, every other cell comes back as it was written.

    >>> import io
    >>> from clusterxchange.model import Exchange, Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="=HYPERLINK(1)", country="PT", kind="sme")
    >>> out = io.StringIO()
    >>> write_exchanges(out, [Exchange(host=host, visitor=visitor)])
    >>> out.getvalue().splitlines()[1].split(",")[5]
    "'=HYPERLINK(1)"
    """
    write_table(
        target, EXCHANGE_COLUMNS, (exchange_row(e) for e in exchanges), format=format, bom=bom
    )
