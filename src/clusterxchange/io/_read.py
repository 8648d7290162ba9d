"""Reading an exchange table from a file of any supported format, chosen by its suffix."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType

from clusterxchange.io._columns import ColumnNames, load_columns
from clusterxchange.io._csv import read_exchanges_csv
from clusterxchange.io._directory import fill_from_directory, load_partnership
from clusterxchange.io._excel import read_exchanges_excel
from clusterxchange.io._json import read_exchanges_json
from clusterxchange.io._rows import ExchangeTable
from clusterxchange.io._text import read_bytes, unusable
from clusterxchange.model import Partnership
from clusterxchange.model.errors import InvalidValueError

__all__ = ["FORMATS", "SUFFIXES", "read_exchanges", "table_format"]

#: File suffixes and the format each is read as.
SUFFIXES: Mapping[str, str] = MappingProxyType({
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".json": "json", ".xlsx": "xlsx", ".xlsm": "xlsx",
})  # fmt: skip

#: The formats :func:`read_exchanges` reads (``excel`` is another name for ``xlsx``).
FORMATS = ("csv", "json", "xlsx", "excel")

_ZIP = b"PK\x03\x04"
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"


def read_exchanges(
    source: str | os.PathLike[str],
    *,
    format: str | None = None,
    directory: Partnership | str | os.PathLike[str] | None = None,
    decimal: str | None = None,
    columns: ColumnNames | None = None,
) -> ExchangeTable:
    r"""Return the exchanges in a table file, with every problem found, each located.

    The format comes from *format*, else the suffix (``.csv`` ``.tsv`` ``.txt``: CSV with the
    delimiter sniffed among ``,`` ``;`` and tab; ``.json``; ``.xlsx``), else the content (a
    zip is a workbook, ``[`` or ``{`` starts JSON, anything else is CSV).

    With *directory* (a :class:`~clusterxchange.model.Partnership` or a partnership file), the
    organisations' blank cells are filled from it: see :func:`fill_from_directory`.

    *decimal* (``","`` or ``"."``) is the decimal sign of numbers written as text; by default a
    ``;``-separated CSV has the decimal comma and a ``,``-separated one the decimal point, and
    otherwise the table's own numbers tell (see :func:`read_exchanges_csv`). A number that
    still reads two ways (``1.050``) is read as thousands, with a warning giving both readings.

    Headers are matched through the aliases partnerships use (:data:`HEADER_ALIASES`); a
    table's other headers can be mapped with *columns*: a mapping of header -> column
    (``{"Organisme hôte": "host"}``), or the path of a TOML columns file, the ``[columns]``
    table of a migration mapping (:func:`~clusterxchange.io.migration.load_mapping`). It comes
    before the aliases.

    Raises:
        InvalidFileError: The file cannot be used at all; the problem names the file (and the
            row, where there is one). Bad cells are not raised: they are in ``errors``.
        InvalidValueError: *format* is not one of :data:`FORMATS`, or *columns* is neither a
            mapping nor a path.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "exchanges.csv"
    >>> _ = path.write_text(
    ...     "host,host_country,host_kind,visitor,visitor_country,visitor_kind,status\n"
    ...     "Hamburg Aviation,DE,cluster,Aero Lda,EL,SME,Waiting for Final Activity Report\n")
    >>> table = read_exchanges(path)
    >>> table.exchanges[0].status, table.exchanges[0].visitor.country, table.errors
    (<Status.AWAITING_FINAL_REPORT: 'awaiting_final_report'>, 'GR', ())
    """
    if not isinstance(source, str | os.PathLike):
        raise InvalidValueError(f"expected a path to a table file, got {type(source).__name__}")
    if directory is not None:
        # The directory first: a bad directory file is reported whatever the table holds.
        partnership = (
            directory if isinstance(directory, Partnership) else load_partnership(directory)
        )
        return fill_from_directory(
            read_exchanges(source, format=format, decimal=decimal, columns=columns), partnership
        )
    name = os.fsdecode(source)
    chosen: object = format  # not a text: refused below
    if format is None or isinstance(format, str):
        chosen = table_format(source, format)
    names = load_columns(columns)
    if chosen == "csv":
        return read_exchanges_csv(source, file=name, columns=names, decimal=decimal)
    if chosen == "json":
        return read_exchanges_json(source, file=name, columns=names, decimal=decimal)
    if chosen in ("xlsx", "excel"):
        return read_exchanges_excel(source, file=name, columns=names, decimal=decimal)
    raise InvalidValueError(
        f"unknown table format {format!r}: expected one of {', '.join(FORMATS)}"
    )


def table_format(source: str | os.PathLike[str], format: str | None = None) -> str:
    """Return the format :func:`read_exchanges` reads the file at *source* as.

    *format* as given (case and spaces aside), else the suffix's (:data:`SUFFIXES`), else
    the content's: a zip is a workbook (``xlsx``), ``[`` or ``{`` starts JSON, anything else
    is CSV. The format is not checked to be one of :data:`FORMATS`.

    Raises:
        InvalidFileError: An old workbook (``.xls``, ``.ods``), or a file that cannot be read.

    >>> table_format("exchanges.CSV"), table_format("visits.xlsx"), table_format("t", "Excel")
    ('csv', 'xlsx', 'excel')
    """
    if isinstance(format, str):
        return format.strip().casefold()
    name = os.fsdecode(source)
    suffix = os.path.splitext(name)[1].casefold()
    if suffix in {".xls", ".ods"}:
        raise unusable(name, f"a {suffix} workbook cannot be read: save it as .xlsx or .csv")
    chosen = SUFFIXES.get(suffix)
    if chosen is not None:
        return chosen
    head = read_bytes(source, name)[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLD_EXCEL):
        raise unusable(name, "an old .xls workbook cannot be read: save it as .xlsx or .csv")
    return "json" if head[:1] in (b"[", b"{") else "csv"
