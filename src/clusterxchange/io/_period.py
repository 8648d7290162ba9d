"""One cell for both days of an exchange: ``06/03/2023 - 17/03/2023``, ``6-17 March 2023``.

Coordinators often keep the first and last day of activity in one column (``Dates``,
``Period``, ``Zeitraum``, ``Période``...). The readers split such a cell into the ``start``
and ``end`` texts it stands for, which are then read as any date cell is (the formats of
:mod:`~clusterxchange.io._dates`, with their notes). What a period may look like:

- two dates with a dash, an en dash or a word between (``06/03/2023 - 17/03/2023``,
  ``2023-03-06 – 2023-03-17``, ``2023-03-06/2023-03-17``, ``6 March 2023 to 17 March
  2023``), also after a word for
  "from" (``from 06/03/2023 to 17/03/2023``, ``du 06/03/2023 au 17/03/2023``, ``vom
  06.03.2023 bis 17.03.2023``, ``del 6 al 17 de marzo de 2023``);
- a first day written without the year the last one gives (``06.03.–17.03.2023``, ``6 March
  - 17 March 2023``, ``06/03 - 17/03/2023``): the year of the last day, or the year before
  when the first day would come after it (``28.12.–03.01.2024`` starts on 28 December 2023);
- a first day written as its day of the month alone (``6-17 March 2023``, ``6.–17.03.2023``).

Anything else (one date, a duration, a number) is no period: the cell is an error of its row,
as an unreadable date is, never a guess. A blank cell leaves both days blank, and a cell that
says "not recorded" (``N/A``, ``-``...) is read as such for both.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from clusterxchange.io._dates import read_date
from clusterxchange.io._labels import NOT_RECORDED
from clusterxchange.io._outcome import CellError, Noted, describe

__all__ = ["PERIOD", "PERIOD_EXAMPLE", "period_days", "split_period"]

#: The column of a period.
PERIOD = "period"

#: How a period is written, for messages.
PERIOD_EXAMPLE = "06/03/2023 - 17/03/2023"

#: Between the two days: a dash, a slash (ISO 8601's ``2023-03-06/2023-03-17``), an arrow, or
#: the word for "to" of the package's languages (en, de, fr, nl, es, it, pt, hu, tr, da).
_BETWEEN = re.compile(
    r"\s*(?:[-–—→/]|\s(?:to|until|till|bis|au|jusqu'au|tot|t/m|al|a|hasta|até|ate|til)\s)\s*",
    re.IGNORECASE,
)
#: Before the first day: the word for "from" (and "between").
_FROM = re.compile(
    r"^\s*(?:from|between|vom|von|ab|du|van|vanaf|del|desde|de|dal|da|fra)\s+", re.IGNORECASE
)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY = re.compile(r"(\d{1,2})\.?")
_FIRST_NUMBER = re.compile(r"\d{1,2}")


def _date(text: str) -> dt.date | None:
    try:
        read = read_date(text)
    except CellError:
        return None
    return read.value if isinstance(read, Noted) else read


def _first_day(first: str, last: str, end: dt.date) -> str | None:
    """Return the text of the first day, completed from the last one's text when it must be."""
    if _date(first) is not None:
        return first
    if day := _DAY.fullmatch(first):
        # The day of the month alone: the last day's text with its first number replaced.
        whole = _FIRST_NUMBER.sub(day[1], last, count=1)
        return whole if _date(whole) is not None else None
    year = _YEAR.search(last)
    if year is None:
        return None
    stem = first.rstrip()
    for years in (int(year[1]), int(year[1]) - 1):
        # 06.03. + 2023; 6 March + 2023; 06/03 + 2023
        joins = ("",) if stem.endswith((".", "/", "-")) else (" ", "/", ".")
        for joined in (f"{stem}{join}{years}" for join in joins):
            start = _date(joined)
            if start is not None and start <= end:
                return joined
    return None


@functools.lru_cache(maxsize=4096)  # a sheet's periods repeat: events, weeks of exchanges
def split_period(text: str) -> tuple[str, str] | None:
    """Return the texts of the first and the last day that *text* writes; ``None``: no period.

    >>> split_period("06/03/2023 - 17/03/2023")
    ('06/03/2023', '17/03/2023')
    >>> split_period("du 06/03/2023 au 17/03/2023"), split_period("2023-03-06 – 2023-03-17")
    (('06/03/2023', '17/03/2023'), ('2023-03-06', '2023-03-17'))
    >>> split_period("06.03.–17.03.2023"), split_period("6-17 March 2023")
    (('06.03.2023', '17.03.2023'), ('6 March 2023', '17 March 2023'))
    >>> split_period("28.12.–03.01.2024")
    ('28.12.2023', '03.01.2024')
    >>> split_period("06/03/2023"), split_period("10 days")
    (None, None)
    """
    body = _FROM.sub("", text.strip(), count=1)
    for between in _BETWEEN.finditer(body):
        first, last = body[: between.start()].strip(), body[between.end() :].strip()
        if not first or not last:
            continue
        end = _date(last)
        if end is None:
            continue
        start = _first_day(first, last, end)
        if start is not None:
            return start, last
    return None


def period_days(cell: object) -> tuple[object, object] | str:
    """Return the start and end cells a period cell stands for, or the error of the cell.

    >>> period_days("06/03/2023 - 17/03/2023"), period_days(" "), period_days("N/A")
    (('06/03/2023', '17/03/2023'), (None, None), ('N/A', 'N/A'))
    >>> print(period_days("06/03/2023"))
    expected the first and last day of activity, such as 06/03/2023 - 17/03/2023, found '06/03/2023'
    """
    if cell is None:
        return None, None
    if not isinstance(cell, str):
        return (
            f"expected the first and last day of activity, such as {PERIOD_EXAMPLE}, found "
            f"{'a date' if isinstance(cell, dt.date) else describe(cell)}"
        )
    text = cell.strip()
    if not text:
        return None, None
    if text.casefold() in NOT_RECORDED:
        return text, text
    days = split_period(text)
    if days is None:
        return (
            f"expected the first and last day of activity, such as {PERIOD_EXAMPLE}, found "
            f"{text[:80]!r}"
        )
    return days
