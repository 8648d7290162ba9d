"""Reading one cell of an exchange table: text, dates, numbers, PICs and cluster lists.

Each function takes the raw cell (text from CSV, typed values from JSON or Excel) and returns
the model's value or raises :class:`CellError` with a message saying what was found and what was
expected; the caller adds the file, row and column.

Dates are read in the formats coordinators type: ISO ``2023-03-06``, ``2023/03/06``, and day
first ``06/03/2023``, ``6.3.2023`` or ``06-03-2023``. Day first is the European habit and the
only reading: ``03/06/2023`` is 3 June, never 6 March. Two-digit years are refused (``6/3/23``
could be 1923).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TypeVar

from clusterxchange.countries import normalize_country
from clusterxchange.errors import ClusterXchangeError
from clusterxchange.io._labels import (
    EXCEL_ERRORS,
    NO_CLUSTER_LABELS,
    UNRECORDED_CLUSTER_LABELS,
    fold_label,
)
from clusterxchange.model import ClusterRef

__all__ = [
    "CellError",
    "Label",
    "label_reader",
    "read_clusters",
    "read_country",
    "read_date",
    "read_distance",
    "read_latitude",
    "read_longitude",
    "read_number",
    "read_pic",
    "read_text",
    "read_whole_number",
]

#: The longest text a cell may hold (the model's own limit).
MAX_TEXT = 10_000

_MIDNIGHT = r"(?:[T ]00:00(?::00(?:\.0+)?)?)?"
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _MIDNIGHT)
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?")
_WHOLE = re.compile(r"\+?(\d{1,9})(?:[.,]0*)?")
_MAX_DAYS = 10**9
_GROUPING = MappingProxyType(str.maketrans("", "", " \u00a0\u202f\u2009'"))
_PIC = re.compile(r"\d{9}")
_CLUSTER_SEPARATORS = re.compile(r"[;\n\r]")

_T = TypeVar("_T")
DATE_FORMATS = "2023-03-06, 2023/03/06, 06/03/2023 (day first) or 6.3.2023"


class CellError(Exception):
    """A cell cannot be read; the message says what was found and what was expected."""


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def read_text(value: object) -> str | None:
    """Return the cell as stripped text, ``None`` when blank.

    Numbers and dates from typed sources (JSON, Excel) become their usual text: ``12345`` and
    ``12345.0`` give ``"12345"``.

    >>> read_text("  Hamburg Aviation "), read_text(" "), read_text(12345.0)
    ('Hamburg Aviation', None, '12345')
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        raise CellError(f"expected text, found {_describe(value)}")
    elif isinstance(value, int):
        try:
            text = str(value)
        except ValueError:  # past Python's limit of digits for a conversion to text
            raise CellError("expected text, found a number of thousands of digits") from None
    elif isinstance(value, float | Decimal):
        if not _finite(value):
            raise CellError(f"expected text, found the number {value}")
        text = str(int(value)) if value == int(value) else str(value)
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        raise CellError(f"expected text, found {_describe(value)}")
    if not text:
        return None
    if text in EXCEL_ERRORS:
        raise CellError(f"the spreadsheet shows the error {text} here: expected a value")
    if len(text) > MAX_TEXT:
        raise CellError(f"text of {len(text)} characters: expected at most {MAX_TEXT}")
    return text


def read_date(value: object) -> dt.date:
    """Return the date in a non-blank cell (text in the accepted formats, or a date value).

    >>> {read_date(v) for v in ("2023-03-06", "06/03/2023", "6.3.2023", "2023/03/06")}
    {datetime.date(2023, 3, 6)}
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise CellError(f"expected a date written {DATE_FORMATS}, found {_describe(value)}")
    text = value.strip()
    if match := _YEAR_FIRST.fullmatch(text):
        year, month, day = int(match[1]), int(match[3]), int(match[4])
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        raise CellError(f"expected a date written {DATE_FORMATS}, found {text!r}")
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        message = f"{text!r} is not a date that exists ({error})"
        if match.re is _DAY_FIRST and day <= 12 < month:
            message += f": dates are read day first, so this is month {month}"
        raise CellError(message) from None


def read_number(value: object, *, unit: str = "") -> float:
    """Return the finite number in a non-blank cell; a decimal comma is accepted.

    Spaces and apostrophes grouping thousands are ignored; a cell with both ``,`` and ``.`` is
    refused, since ``1,234.5`` and ``1.234,5`` mean the same number only by convention.

    >>> read_number("640,2"), read_number("1 200.5"), read_number(5), read_number("9 km", unit="km")
    (640.2, 1200.5, 5.0, 9.0)
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an int past float's range (str() of it may even fail)
            raise CellError("expected a number of sensible size, found a huge number") from None
        except ValueError:  # a signalling NaN
            raise CellError(f"expected a finite number, found {value!r}") from None
        text = repr(value) if isinstance(value, float) else str(value)
    elif isinstance(value, str):
        text = value.strip()
        compact = text.translate(_GROUPING)
        if unit and compact.casefold().endswith(unit):
            compact = compact[: -len(unit)]
        if "," in compact and "." in compact:
            raise CellError(f"expected a number without thousands separators, found {text!r}")
        compact = compact.replace(",", ".")
        if not _NUMBER.fullmatch(compact):
            raise CellError(f"expected a number such as 640.2 or 640,2, found {text!r}")
        number = float(compact)
    else:
        raise CellError(f"expected a number, found {_describe(value)}")
    if not math.isfinite(number):
        raise CellError(f"expected a finite number, found {text!r}")
    return number


def read_whole_number(value: object) -> int:
    """Return the whole number >= 0 in a non-blank cell (``5``, ``5.0`` and ``"5"`` alike).

    >>> read_whole_number("12"), read_whole_number(12.0), read_whole_number(" 3,0 ")
    (12, 12, 3)
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if not isinstance(value, int) and not _finite(value):
            raise CellError(f"expected a whole number of days, found {value}")
        if not -_MAX_DAYS < value < _MAX_DAYS:  # as many digits as the text form takes
            raise CellError("expected a number of days, found a number too large to be one")
        if value != int(value):
            raise CellError(f"expected a whole number of days, found {value}")
        if value < 0:
            raise CellError(f"expected a number of days >= 0, found {value}")
        return int(value)
    if not isinstance(value, str):
        raise CellError(f"expected a whole number of days, found {_describe(value)}")
    text = value.strip()
    if match := _WHOLE.fullmatch(text):
        return int(match[1])
    if text.startswith("-") and _WHOLE.fullmatch(text[1:]):
        raise CellError(f"expected a number of days >= 0, found {text!r}")
    raise CellError(f"expected a whole number of days such as 5, found {text!r}")


def read_pic(value: object) -> str | None:
    """Return a PIC (9 digits; spaces ignored) or ``None`` for a blank cell.

    >>> read_pic("949 123 456"), read_pic(949123456), read_pic("")
    ('949123456', '949123456', None)
    """
    text = read_text(value)
    if text is None:
        return None
    compact = text.replace(" ", "")
    if not _PIC.fullmatch(compact):
        raise CellError(f"expected a PIC of 9 digits, found {text!r}")
    return compact


def read_clusters(value: object) -> tuple[ClusterRef, ...] | None:
    """Return the cluster memberships in a cell, ``None`` when not recorded.

    Names are separated by ``;`` or line breaks. A blank cell, ``unknown`` or ``n/a`` means "not
    recorded" (``None``); ``none`` or ``no cluster`` means "member of no cluster" (``()``).

    >>> [ref.name for ref in read_clusters("Pemas; Tallinn Robotics")]
    ['Pemas', 'Tallinn Robotics']
    >>> read_clusters(""), read_clusters("none"), read_clusters("unknown")
    (None, (), None)
    """
    if isinstance(value, list | tuple):
        names: list[str] = []
        for item in value:
            text = read_text(item)
            if text is not None:
                names.extend(_CLUSTER_SEPARATORS.split(text))
    else:
        text = read_text(value)
        if text is None:
            return None
        folded = text.casefold()
        if folded in NO_CLUSTER_LABELS:
            return ()
        if folded in UNRECORDED_CLUSTER_LABELS:
            return None
        names = _CLUSTER_SEPARATORS.split(text)
    unique = dict.fromkeys(stripped for name in names if (stripped := name.strip()))
    return tuple(ClusterRef(name=name) for name in unique)


Label = tuple[_T, bool]


def label_reader(
    table: Mapping[str, _T], noun: str, expected: str
) -> Callable[[object], Label[_T]]:
    """Return a reader of the labels in *table*; it tells whether the label was not the id."""

    def read(value: object) -> Label[_T]:
        text = read_text(value)
        assert text is not None  # blank cells never get here
        folded = fold_label(text)
        found = table.get(folded)
        if found is None:
            raise CellError(f"unknown {noun} {text!r}: {expected}")
        return found, folded != fold_label(str(found))

    return read


def read_country(value: object) -> str:
    text = read_text(value)
    try:
        return normalize_country(text)
    except ClusterXchangeError as problem:
        raise CellError(str(problem)) from None


def read_latitude(value: object) -> float:
    return _in_range(read_number(value), 90.0)


def read_longitude(value: object) -> float:
    return _in_range(read_number(value), 180.0)


def _in_range(degrees: float, limit: float) -> float:
    if not -limit <= degrees <= limit:
        raise CellError(f"expected degrees from {-limit:g} to {limit:g}, found {degrees:g}")
    return degrees


def read_distance(value: object) -> float:
    distance = read_number(value, unit="km")
    if distance < 0:
        raise CellError(f"expected a distance >= 0 km, found {distance:g}")
    return distance
