"""Group rows: one line of a sheet that stands for several visitors (column ``visitor_count``).

Partnerships often write a group that visited a host together as one line with a number of
visitors (``Number of visitors``, ``Participants``). Each visitor is its own exchange for
eligibility, money and KPIs, so the reader turns a row with ``visitor_count`` N into N
:class:`~clusterxchange.model.Exchange` objects that share the row's number:

- When the visitor cell holds one name, the first exchange is that visitor as written (with
  its PIC), and the others are distinct unnamed visitors of the same country, kind, clusters
  and location, named ``"<visitor> (visitor 2 of 5, row 7)"`` and without a PIC (a PIC names
  one organisation). Distinct names keep ``visitor_once`` and the KPIs' duplicate detection
  from taking the unnamed visitors for one organisation.
- When the visitor cell lists the names, separated by ``;`` or line breaks, there is one
  exchange per name, and the number of names must be N. A PIC cannot belong to several names:
  such a row is an error on ``visitor_pic``.
- Every exchange of the row has its other cells (host, dates, status, distance...); its
  ``event`` is the row's event, or ``"group on row 7"`` when the row has none. The row's ID
  stays on the first exchange only: one ID names one exchange, and a copy would make the KPIs
  count the group once.

Each group row gives one warning (``1 line read as 5 exchanges (visitor_count)``), and the
table's :attr:`~clusterxchange.io.ExchangeTable.rows` repeats the row number once per
exchange, so ``rows_read == len(set(rows)) + len(error_rows())``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence, Set
from decimal import Decimal

import attrs

from clusterxchange.io._cells import MAX_TEXT, CellError
from clusterxchange.io._row import _REFUSED, RowReader, _Column
from clusterxchange.model import Exchange

__all__ = ["MAX_VISITORS", "VISITOR_COUNT", "GroupRows", "expand_group", "read_visitor_count"]

#: The canonical column of the number of visitors a row stands for.
VISITOR_COUNT = "visitor_count"

#: The most visitors one row may stand for. No rule sets a limit; this one keeps a mistyped
#: cell (``50000`` for ``5``) from turning one line into tens of thousands of exchanges.
MAX_VISITORS = 1000

_WHOLE = re.compile(r"\+?(\d{1,9})(?:[.,]0*)?", re.ASCII)
_NAME_SEPARATORS = re.compile(r"\s*[;\n\r]+\s*")
#: Room left in a name for the suffix of an unnamed visitor (" (visitor 999 of 1000, row ...)").
_SUFFIX_ROOM = 64


def read_visitor_count(value: object) -> int:
    """Return the number of visitors in a non-blank cell: a whole number from 1.

    Raises:
        CellError: The cell is not a whole number from 1 to :data:`MAX_VISITORS`.

    >>> read_visitor_count("5"), read_visitor_count(5.0), read_visitor_count(" 12 ")
    (5, 5, 12)
    >>> read_visitor_count("0")
    Traceback (most recent call last):
    ...
    clusterxchange.io._outcome.CellError: expected a number of visitors from 1, found '0'
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        shown = repr(value) if isinstance(value, float) else str(value)
        if isinstance(value, Decimal):
            finite = value.is_finite()
        else:
            finite = isinstance(value, int) or math.isfinite(value)
        if not finite:
            raise CellError(f"expected a whole number of visitors, found {shown}")
        if value != int(value):
            raise CellError(f"expected a whole number of visitors, found {shown}")
        return _in_range(int(value), shown)
    if not isinstance(value, str):
        raise CellError(f"expected a whole number of visitors, found {type(value).__name__}")
    text = value.strip()
    if match := _WHOLE.fullmatch(text):
        return _in_range(int(match[1]), repr(text))
    if text.startswith("-") and _WHOLE.fullmatch(text[1:]):
        raise CellError(f"expected a number of visitors from 1, found {text!r}")
    raise CellError(f"expected a whole number of visitors such as 5, found {text[:80]!r}")


def _in_range(count: int, shown: str) -> int:
    if count < 1:
        raise CellError(f"expected a number of visitors from 1, found {shown}")
    if count > MAX_VISITORS:
        raise CellError(
            f"expected at most {MAX_VISITORS} visitors on one row, found {shown}: "
            "write a larger group on several rows"
        )
    return count


def visitor_names(cell: str) -> tuple[str, ...]:
    r"""Return the names a visitor cell lists, split at ``;`` and line breaks.

    >>> visitor_names("Aero Lda; Wattwerk GmbH\nNapfény Grid Kft."), visitor_names("Aero Lda")
    (('Aero Lda', 'Wattwerk GmbH', 'Napfény Grid Kft.'), ('Aero Lda',))
    """
    return tuple(name for name in _NAME_SEPARATORS.split(cell.strip()) if name)


def expand_group(
    exchange: Exchange, count: int, *, row: int, names: Sequence[str] = ()
) -> tuple[Exchange, ...]:
    """Return the *count* exchanges of a group row, as the module documentation describes.

    Args:
        exchange: The row read as one exchange (its visitor is the row's visitor).
        count: The row's number of visitors (1 or more).
        row: The row's number, to name the unnamed visitors and the group.
        names: The visitors' names when the visitor cell lists them (then exactly *count*).

    Raises:
        ValueError: *names* is given, and does not hold *count* names.

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", pic="912300011")
    >>> group = expand_group(Exchange(host=host, visitor=visitor, id="EX-7"), 3, row=7)
    >>> [(e.visitor.name, e.visitor.pic, e.id, e.event) for e in group]
    [('Aero Lda', '912300011', 'EX-7', 'group on row 7'),
     ('Aero Lda (visitor 2 of 3, row 7)', None, None, 'group on row 7'),
     ('Aero Lda (visitor 3 of 3, row 7)', None, None, 'group on row 7')]
    """
    if names and len(names) != count:
        raise ValueError(f"{len(names)} names for {count} visitors")
    event = exchange.event or f"group on row {row}"
    visitor = exchange.visitor
    if names:
        visitors = [attrs.evolve(visitor, name=name) for name in names]
    else:
        base = visitor.name
        if len(base) > MAX_TEXT - _SUFFIX_ROOM:
            base = base[: MAX_TEXT - _SUFFIX_ROOM] + "…"
        visitors = [visitor] + [
            attrs.evolve(visitor, name=f"{base} (visitor {k} of {count}, row {row})", pic=None)
            for k in range(2, count + 1)
        ]
    return tuple(
        attrs.evolve(exchange, visitor=each, event=event, id=exchange.id if k == 0 else None)
        for k, each in enumerate(visitors)
    )


class GroupRows:
    """One read's group rows: reads ``visitor_count`` and expands each row (see the module)."""

    def __init__(self, reader: RowReader, columns: Set[str], *, fixed: bool) -> None:
        """Watch the rows *reader* reads (all of them, unless *fixed* and no such column)."""
        self.reader = reader
        self.active = not fixed or VISITOR_COUNT in columns
        self.count = _Column(VISITOR_COUNT, read_visitor_count)

    def exchanges(
        self, number: int, cells: Mapping[str, object], exchange: Exchange | None
    ) -> tuple[Exchange, ...]:
        """Return the exchanges of the row *reader* has just read (none if it failed)."""
        reader = self.reader
        raw = cells.get(VISITOR_COUNT)
        count = None if raw is None else reader.value(self.count, raw)
        if exchange is None or reader.row_failed:
            return ()
        if count is None or count is _REFUSED or count == 1:
            return (exchange,)
        names = visitor_names(exchange.visitor.name)
        before = len(reader.errors)
        if len(names) > 1:
            if len(names) != count:
                reader.error(
                    "visitor",
                    f"the visitor cell names {len(names)} visitors and visitor_count is "
                    f"{count}: give one name per visitor, or a single name for the group",
                )
            if exchange.visitor.pic is not None:
                reader.error(
                    "visitor_pic",
                    f"one PIC ({exchange.visitor.pic}) for the {len(names)} visitors the "
                    "visitor cell names: write each visitor with a PIC on its own row",
                )
            if len(reader.errors) > before:
                return ()
        else:
            names = ()
        group = expand_group(exchange, count, row=number, names=names)
        message = f"1 line read as {count} exchanges (visitor_count)"
        if exchange.id is not None:
            message += f"; its ID {exchange.id} is kept on the first of them only"
        reader.warn(message, row=number, column=VISITOR_COUNT)
        return group
