"""Reading one cell of an exchange table: text, dates, numbers, PICs and cluster lists.

Each function takes the raw cell (text from CSV, typed values from JSON or Excel) and returns
the model's value or raises :class:`CellError` with a message saying what was found and what was
expected; the caller adds the file, row and column. A value read by a decision the coordinator
should know of (a two-digit year, an ambiguous ``1.050``, ``Scotland`` as the United Kingdom)
comes as a :class:`Noted` value, which the row reader turns into one warning per decision.

Dates are read by :mod:`clusterxchange.io._dates` and numbers by
:mod:`clusterxchange.io._numbers`; their formats are data in :mod:`clusterxchange.io._formats`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TypeVar

from clusterxchange.io._dates import DATE_FORMATS, read_date
from clusterxchange.io._labels import (
    EXCEL_ERRORS,
    NO_CLUSTER_LABELS,
    NOT_RECORDED,
    fold_label,
)
from clusterxchange.io._numbers import read_distance, read_number
from clusterxchange.io._outcome import CellError, Noted
from clusterxchange.io._outcome import describe as _describe
from clusterxchange.model import ClusterRef
from clusterxchange.model.countries import UK_NATIONS, normalize_country
from clusterxchange.model.errors import ClusterXchangeError

__all__ = [
    "DATE_FORMATS",
    "CellError",
    "Label",
    "Noted",
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

_WHOLE = re.compile(r"\+?(\d{1,9})(?:[.,]0*)?")
_MAX_DAYS = 10**9
_PIC = re.compile(r"\d{9}")
_PIC_LABEL = re.compile(r"^(?i:pic)[:#.\-]*")
#: A PIC written as a decimal number with a zero fraction (``949123456.0``, ``949123456,00``).
_DECIMAL_PIC = re.compile(r"(\d{9})[.,]0+")
#: A PIC in scientific notation: digit, decimals, exponent (``9,49123456E+08``).
_SCIENTIFIC_PIC = re.compile(r"([1-9])[.,]?(\d*)[eE]\+?(\d{1,2})")
_CLUSTER_SEPARATORS = re.compile(r"[;\n\r]")

_T = TypeVar("_T")


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


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


def read_pic(value: object) -> str | Noted[str] | None:
    """Return a PIC (9 digits; spaces ignored) or ``None`` for a blank cell.

    A PIC a spreadsheet or a script wrote as a decimal number (``949123456.0``, a column of
    numbers with blanks exported through pandas) or in scientific notation with all its digits
    (``9,49123456E+08``) is read, with a note; one whose digits the notation lost is refused.

    >>> read_pic("949 123 456"), read_pic(949123456), read_pic(""), read_pic("PIC: 949123456")
    ('949123456', '949123456', None, '949123456')
    >>> read_pic("949123456.0").note
    "'949123456.0' read as the PIC 949123456 (written as a decimal number)"
    """
    text = read_text(value)
    if text is None:
        return None
    compact = _PIC_LABEL.sub("", text.replace(" ", ""))  # "PIC: 949123456" is the PIC
    if _PIC.fullmatch(compact):
        return compact
    if match := _DECIMAL_PIC.fullmatch(compact):
        note = f"{text!r} read as the PIC {match[1]} (written as a decimal number)"
        return Noted(match[1], note, group="PIC written as a decimal number")
    if match := _SCIENTIFIC_PIC.fullmatch(compact):
        pic = match[1] + match[2]
        # Only all nine digits written: a shorter mantissa may have lost a digit to rounding
        # or trailing zeros alike, and 9.99889E+08 is then no one PIC.
        if len(pic) == 9 and int(match[3]) == 8:
            note = f"{text!r} read as the PIC {pic} (written in scientific notation)"
            return Noted(pic, note, group="PIC in scientific notation")
        raise CellError(
            f"expected a PIC of 9 digits, found {text!r}: the scientific notation lost digits "
            "of the PIC; write the column as text in the spreadsheet, or the PIC in full"
        )
    raise CellError(f"expected a PIC of 9 digits, found {text!r}")


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
        if folded in NOT_RECORDED:
            return None
        names = _CLUSTER_SEPARATORS.split(text)
    unique = dict.fromkeys(stripped for name in names if (stripped := name.strip()))
    return tuple(ClusterRef(name=name) for name in unique)


Label = tuple[_T, bool]


#: A label followed by an explanation in brackets, as templates' drop-down lists write them.
_EXPLAINED = re.compile(r"(.*?[^\W_].*?)\s*[(\[]([^()\[\]]*)[)\]]\s*")


def label_reader(
    table: Mapping[str, _T],
    noun: str,
    expected: str,
    ambiguous: Mapping[str, str] = MappingProxyType({}),
) -> Callable[[object], Label[_T]]:
    """Return a reader of the labels in *table*; it tells whether the label was not the id.

    A label in *ambiguous* (folded label -> its readings) is refused with its readings listed.
    A label with an explanation in brackets after it (``SME (small and medium-sized
    enterprise)``) is the label before the brackets, unless the brackets hold another label.

    >>> read = label_reader({"sme": "sme"}, "kind", "expected sme", {"company": "sme or large"})
    >>> read("SME")
    ('sme', False)
    >>> read("Company")
    Traceback (most recent call last):
    ...
    clusterxchange.io._outcome.CellError: ambiguous kind 'Company': sme or large; expected sme
    >>> read("SME (fewer than 250 employees)")
    ('sme', True)
    """

    def known(folded: str, text: str) -> _T | None:
        """Return the id of a folded label, ``None`` if unknown; refuse an ambiguous one."""
        found = table.get(folded)
        if found is None and (readings := ambiguous.get(folded)) is not None:
            raise CellError(f"ambiguous {noun} {text!r}: {readings}; {expected}")
        return found

    def read(value: object) -> Label[_T]:
        text = read_text(value)
        assert text is not None  # blank cells never get here
        folded = fold_label(text)
        found = known(folded, text)
        if found is not None:
            return found, folded != fold_label(str(found))
        # A template's drop-down label with its explanation in brackets: "SME (small and
        # medium-sized enterprise)", "Large company (> 250 employees)". The label before the
        # brackets is read, unless what they hold is another label's.
        explained = _EXPLAINED.fullmatch(text)
        found = None if explained is None else known(fold_label(explained[1]), text)
        if explained is None or found is None:
            raise CellError(f"unknown {noun} {text!r}: {expected}")
        label, note = explained[1], explained[2]
        other = table.get(fold_label(note))
        if other is not None and other != found:
            raise CellError(
                f"ambiguous {noun} {text!r}: {label.strip()!r} is {found} and "
                f"{note.strip()!r} is {other}; {expected}"
            )
        return found, True

    return read


def read_country(value: object) -> str | Noted[str]:
    """Return the country code of a non-blank cell; a nation of the UK is noted as ``GB``.

    >>> read_country("The Netherlands"), read_country("Scotland").note
    ('NL', "'Scotland' read as GB: a nation of the United Kingdom, whose code the scheme uses")
    """
    text = read_text(value)
    try:
        code = normalize_country(text)
    except ClusterXchangeError as problem:
        raise CellError(str(problem)) from None
    if text is not None and fold_label(text).removeprefix("the ") in UK_NATIONS:
        note = f"{text!r} read as GB: a nation of the United Kingdom, whose code the scheme uses"
        return Noted(code, note)
    return code


def read_latitude(value: object) -> float:
    return _in_range(read_number(value, grouping=False), 90.0)


def read_longitude(value: object) -> float:
    return _in_range(read_number(value, grouping=False), 180.0)


def _in_range(degrees: float, limit: float) -> float:
    if not -limit <= degrees <= limit:
        raise CellError(f"expected degrees from {-limit:g} to {limit:g}, found {degrees:g}")
    return degrees
