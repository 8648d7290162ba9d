"""Reading dates as coordinators write them (the formats are listed in ``_formats.DATE_EXAMPLES``).

Numeric dates are ISO (``2023-03-06``, also ``2023/03/06``) or **day first** (``06/03/2023``,
``6.3.2023``, ``06-03-2023``): day first is the European habit, so ``03/06/2023`` is 3 June.
The one exception is a table whose own slashed dates say they are month first, as a
spreadsheet set up for the US writes them: one that reads only month first (``03/17/2023``)
and none that reads only day first (:func:`date_order`); the readers then read its slashed
dates month first, with a warning (io/_rows.py). A time of day after the date is ignored (a datetime
cell exported as text). Dates with a month name (``15 Nov 2022``, ``Nov 15, 2022``,
``15. November 2022``, ``15 de noviembre de 2022``, ``2022. november 15.``) use the CLDR
month names, wide and abbreviated, of every locale in ``DATE_LOCALES``; a weekday may stand
before or after and must be the date's. A weekday may stand before a numeric date too
(``Mon 06/03/2023``, ``Montag, 06.03.2023``: a long date format saved as text), and must be
its weekday. A two-digit year (``28.4.23``, ``15-Nov-22``) is read
as 20YY only when that falls in ``TWO_DIGIT_YEARS`` (2019-2030, the scheme's years), with a
warning; any other is refused. A number in a date column (an Excel serial, ``44991``) is read as
Excel's day number when it falls in those years, with a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from clusterxchange.io._folding import unaccented
from clusterxchange.io._formats import (
    DATE_CONNECTORS,
    DATE_LOCALES,
    EXCEL_EPOCH,
    EXCEL_SERIAL_YEARS,
    ORDINAL_SUFFIXES,
    TWO_DIGIT_YEARS,
)
from clusterxchange.io._outcome import CellError, Noted, describe

__all__ = ["DATE_FORMATS", "date_order", "month_names", "read_date", "weekday_names"]

DATE_FORMATS = "2023-03-06, 06/03/2023 (day first), 6.3.2023 or 6 Mar 2023"

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
_HUNGARIAN = re.compile(r"(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?")  # CLDR hu: 2023. 03. 06.
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
#: A dotted date with a dot after the year too, as Croatian, Serbian and Slovene write it.
_YEAR_DOT = re.compile(r"(\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2}))\.")
_SERIAL = re.compile(r"\d{5}")
_ORDINAL = re.compile(rf"(\d)(?:{'|'.join(map(re.escape, ORDINAL_SUFFIXES))})(?![^\W\d_])")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_SEPARATORS = re.compile(r"[\s,./\-]*")
_TWO_DIGIT = "two-digit year"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _fold(text: str) -> str:
    return unaccented(text).strip().rstrip(".")


def _names(kind: str) -> Mapping[str, frozenset[int]]:
    from babel.dates import get_day_names, get_month_names

    get = get_month_names if kind == "months" else get_day_names
    found: dict[str, set[int]] = {}
    for locale in DATE_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get(width, context, locale).items():
                    found.setdefault(_fold(str(name)), set()).add(int(number))
    return MappingProxyType({name: frozenset(numbers) for name, numbers in found.items()})


@functools.cache
def month_names() -> Mapping[str, int]:
    """Return every month name read in dates, folded (no case or accents), to its number.

    A name that means two months in two locales would be dropped; CLDR has none for
    ``DATE_LOCALES`` (a test keeps it so).

    >>> month_names()["nov"], month_names()["marz"], month_names()["kasim"]
    (11, 3, 11)
    """
    return MappingProxyType(
        {name: min(months) for name, months in _names("months").items() if len(months) == 1}
    )


@functools.cache
def weekday_names() -> Mapping[str, frozenset[int]]:
    """Return every weekday name read in dates, folded, to the weekdays it may mean (0: Monday).

    >>> sorted(weekday_names()["tuesday"]), sorted(weekday_names()["mar"])
    ([1], [1])
    """
    return _names("weekdays")


def _serial(number: float, text: str) -> Noted[dt.date]:
    day = int(number)
    first, last = EXCEL_SERIAL_YEARS[0], EXCEL_SERIAL_YEARS[-1]
    date = EXCEL_EPOCH + dt.timedelta(days=day) if 0 < day < 10**6 else None
    if date is None or not first <= date.year <= last:
        raise CellError(
            f"expected a date written {DATE_FORMATS}, found the number {text} (as an Excel day "
            f"number it is not a date from {first} to {last})"
        )
    return Noted(
        date,
        f"{text!r} read as {date.isoformat()}: an Excel day number (1900 date system); format "
        "the column as dates",
        group="Excel day number",
    )


def _year(digits: str, text: str) -> tuple[int, bool]:
    """Return the year and whether it was written with two digits."""
    if len(digits) == 4:
        return int(digits), False
    year = 2000 + int(digits)
    if year not in TWO_DIGIT_YEARS:
        first, last = TWO_DIGIT_YEARS[0], TWO_DIGIT_YEARS[-1]
        raise CellError(
            f"the two-digit year in {text!r} is not one of the scheme's years ({first} to "
            f"{last}): write the year in full"
        )
    return year, True


def _date(year: int, month: int, day: int, text: str, day_first: bool) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        message = f"{text!r} is not a date that exists ({error})"
        if day_first and day <= 12 < month:
            message += f": dates are read day first, so this is month {month}"
        raise CellError(message) from None


@functools.cache
def _compound_weekdays() -> tuple[re.Pattern[str], Mapping[str, frozenset[int]]]:
    """Weekday names of several words (pt "segunda-feira"), found before splitting words."""
    compound = {n: d for n, d in weekday_names().items() if not n.isalpha()}
    names = "|".join(re.escape(n) for n in sorted(compound, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{names})\.?(?![^\W\d_])"), MappingProxyType(compound)


def _named(text: str) -> tuple[dt.date, bool] | None:
    """Return the date written with a month name, and whether its year had two digits."""
    plain = _ORDINAL.sub(r"\1", _fold(text))
    weekday: frozenset[int] | None = None
    pattern, compound = _compound_weekdays()
    if match := pattern.search(plain):
        weekday = compound[match[0].rstrip(".")]
        plain = plain[: match.start()] + " " + plain[match.end() :]
    tokens = _TOKEN.findall(plain)
    if _SEPARATORS.fullmatch(_TOKEN.sub(" ", plain)) is None:
        return None
    words = [t for t in tokens if not t.isdigit() and t not in DATE_CONNECTORS]
    numbers = [t for t in tokens if t.isdigit()]
    if not words or len(words) > 2 - (weekday is not None) or len(numbers) != 2:
        return None
    months, weekdays = month_names(), weekday_names()
    if len(words) == 1:
        month = months.get(words[0])
    elif words[0] in weekdays and words[1] in months:
        weekday, month = weekdays[words[0]], months[words[1]]
    elif words[1] in weekdays and words[0] in months:
        weekday, month = weekdays[words[1]], months[words[0]]
    else:
        return None
    if month is None:
        return None
    sizes = sorted(len(n) for n in numbers)
    if sizes[0] <= 2 and sizes[1] == 4:
        day_digits, year_digits = sorted(numbers, key=len)
    elif sizes[1] <= 2:
        day_digits, year_digits = numbers  # dd-mmm-yy and mmm dd, yy: the year comes last
    else:
        return None
    year, two_digit = _year(year_digits, text)
    date = _date(year, month, int(day_digits), text, day_first=False)
    if weekday is not None and date.weekday() not in weekday:
        raise CellError(
            f"{text!r}: {date.isoformat()} is a {_WEEKDAYS[date.weekday()]}, not the weekday "
            "written"
        )
    return date, two_digit


def _numeric(text: str, month_first: bool = False) -> tuple[dt.date, bool] | None:
    """Return the date of an all-numeric text, and whether its year had two digits.

    *month_first*: a slashed date is month first (``03/17/2023``), as a table written that way
    has it (see :func:`date_order`); dotted and dashed ones stay day first.
    """
    if dotted := _YEAR_DOT.fullmatch(text):
        text = dotted[1].replace(" ", "")
    if match := _YEAR_FIRST.fullmatch(text):
        return _date(int(match[1]), int(match[3]), int(match[4]), text, day_first=False), False
    if match := _HUNGARIAN.fullmatch(text):
        return _date(int(match[1]), int(match[2]), int(match[3]), text, day_first=False), False
    if match := _DAY_FIRST.fullmatch(text):
        year, two_digit = _year(match[4], text)
        if month_first and match[2] == "/":
            return _date(year, int(match[1]), int(match[3]), text, day_first=False), two_digit
        return _date(year, int(match[3]), int(match[1]), text, day_first=True), two_digit
    return None


def date_order(text: str) -> str | None:
    """Return which order a slashed date can only be read in: ``day`` or ``month`` first.

    ``None`` for a date that reads both ways (``03/06/2023``), neither, or is no slashed date.

    >>> date_order("17/03/2023"), date_order("03/17/2023"), date_order("03/06/2023")
    ('day', 'month', None)
    """
    match = _DAY_FIRST.fullmatch(text.strip())
    if match is None or match[2] != "/":
        return None
    first, second = int(match[1]), int(match[3])
    if 12 < first <= 31 and 1 <= second <= 12:
        return "day"
    if 12 < second <= 31 and 1 <= first <= 12:
        return "month"
    return None


#: A weekday, then a numeric date: ``Mon 08/05/2023``, ``Montag, 08.05.2023``, ``lun. 8/5/2023``
#: (a spreadsheet's long date format, saved as CSV as the text it shows).
_WEEKDAY_FIRST = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)?)\.?,?\s*(\d.*)")


def _weekday_numeric(text: str, month_first: bool) -> tuple[dt.date, bool] | None:
    """Return the date of a weekday and a numeric date, which must be that weekday's."""
    match = _WEEKDAY_FIRST.fullmatch(text)
    if match is None:
        return None
    weekday = weekday_names().get(_fold(match[1]))
    found = _numeric(match[2].strip(), month_first)
    if weekday is None or found is None:
        return None
    date = found[0]
    if date.weekday() not in weekday:
        raise CellError(
            f"{text!r}: {date.isoformat()} is a {_WEEKDAYS[date.weekday()]}, not the weekday "
            "written"
        )
    return found


def read_date(value: object, *, month_first: bool = False) -> dt.date | Noted[dt.date]:
    """Return the date in a non-blank cell, with a note when it was read by a decision.

    Accepted: a date or datetime value, text in the formats of the module's notes, and an
    Excel day number from 2019 to 2030. *month_first*: slashed dates are month first (a table
    whose dates say so: see :func:`date_order`).

    Raises:
        CellError: The cell is not a date in an accepted format, or not a date that exists.

    >>> {read_date(v) for v in ("2023-03-06", "06/03/2023", "6.3.2023", "6 Mar 2023",
    ...                         "March 6, 2023", "6. März 2023", "6 de marzo de 2023",
    ...                         "06.03.2023.", "Mon 06/03/2023", "Montag, 06.03.2023")}
    {datetime.date(2023, 3, 6)}
    >>> noted = read_date("28.4.23")
    >>> noted.value, noted.note
    (datetime.date(2023, 4, 28), "'28.4.23' read as 2023-04-28 (a two-digit year, read as 20YY)")
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = float(value)
        except (ValueError, OverflowError):  # a signalling NaN, an int past float's range
            number = math.nan
        if not math.isfinite(number):
            raise CellError(f"expected a date written {DATE_FORMATS}, found a number: {value:.20}")
        return _serial(number, str(value))
    if not isinstance(value, str):
        raise CellError(f"expected a date written {DATE_FORMATS}, found {describe(value)}")
    text = value.strip()
    if numeric := _numeric(text, month_first):
        date, two_digit = numeric
    elif _SERIAL.fullmatch(text):
        return _serial(float(text), text)
    elif found := (_named(text) or _weekday_numeric(text, month_first)):
        date, two_digit = found
    else:
        raise CellError(f"expected a date written {DATE_FORMATS}, found {text!r}")
    if two_digit:
        note = f"{text!r} read as {date.isoformat()} (a two-digit year, read as 20YY)"
        return Noted(date, note, group=_TWO_DIGIT)
    return date
