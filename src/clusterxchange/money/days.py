"""Working days: Monday to Friday, less the host country's public holidays when a calendar is given.

A holiday calendar is anything that answers ``day in calendar`` (a set of dates, or a
``holidays`` object). Where an exchange's host country decides the calendar, pass a
*calendar provider* instead: a callable from a country code to a calendar (or ``None``), such
as the one :func:`holiday_calendars` returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable

from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "CalendarProvider",
    "HolidayCalendar",
    "calendar_for",
    "holiday_calendar",
    "holiday_calendars",
    "last_day_within_months",
    "weekdays_between",
    "working_days",
]

HolidayCalendar = Container[dt.date]
CalendarProvider = Callable[[str], Container[dt.date] | None]

#: Beyond this span, holidays are counted by iterating the calendar rather than each day.
_DAY_BY_DAY_LIMIT = 1000


def last_day_within_months(first: dt.date, months: int) -> dt.date:
    """Return the last day of *months* calendar months counted from the day *first*, included.

    The months end the day before the same date *months* months later; when that month has
    no such date (a 31st, 29 February), they end on its last day. Zero months end the day
    before *first*: no day is within them.

    >>> last_day_within_months(dt.date(2023, 3, 1), 1)  # 1 to 31 March
    datetime.date(2023, 3, 31)
    >>> last_day_within_months(dt.date(2023, 1, 31), 1)
    datetime.date(2023, 2, 28)
    >>> last_day_within_months(dt.date(2024, 1, 31), 1)  # a leap year
    datetime.date(2024, 2, 29)
    >>> last_day_within_months(dt.date(2023, 12, 15), 1)
    datetime.date(2024, 1, 14)
    """
    import calendar

    if months <= 0:
        return first - dt.timedelta(days=1) if first > dt.date.min else first
    year, month = divmod(first.month - 1 + months, 12)
    year += first.year
    if year > dt.MAXYEAR:
        return dt.date.max
    length = calendar.monthrange(year, month + 1)[1]
    if first.day > length:
        return dt.date(year, month + 1, length)
    return dt.date(year, month + 1, first.day) - dt.timedelta(days=1)


def weekdays_between(start: dt.date, end: dt.date) -> int:
    """Return the number of Mondays to Fridays from *start* to *end*, both included.

    >>> weekdays_between(dt.date(2023, 3, 6), dt.date(2023, 3, 17))  # two full weeks
    10
    >>> weekdays_between(dt.date(2023, 3, 11), dt.date(2023, 3, 12))  # a weekend
    0
    """
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    # The rest (under a week) runs from weekday `first` over `rest` days, through at most one
    # weekend: its weekdays are those before Saturday, plus those from the next Monday on.
    first = start.weekday()
    return weeks * 5 + max(0, min(first + rest, 5) - first) + max(0, first + rest - 7)


def calendar_for(
    calendar: HolidayCalendar | CalendarProvider | None, country: str | None
) -> HolidayCalendar | None:
    """Return the holiday calendar that applies in *country*.

    A provider (a callable that is not itself a calendar) is asked for *country*'s calendar;
    a calendar is returned as it is.

    >>> calendar_for({dt.date(2023, 5, 1)}, "BE")
    {datetime.date(2023, 5, 1)}
    >>> calendar_for(lambda code: {dt.date(2023, 5, 1)} if code == "BE" else None, "DE") is None
    True
    """
    if calendar is None:
        return None
    if callable(calendar) and not hasattr(calendar, "__contains__"):
        if country is None:
            return None
        try:
            found = calendar(country)
        except Exception as error:
            # The provider is the caller's code: say which country it failed on, keep the cause.
            raise InvalidValueError(
                f"the calendar provider failed for {country!r}: {error}"
            ) from error
        return None if found is None else _holiday_calendar(found)
    return _holiday_calendar(calendar)


def _holiday_calendar(calendar: object) -> HolidayCalendar:
    """Return *calendar* if ``day in calendar`` can be asked of it; raise otherwise."""
    if isinstance(calendar, str | bytes) or not isinstance(calendar, Container):
        raise InvalidValueError(
            "calendar: expected holiday dates (a set of dates, a holidays calendar) or a "
            f"provider of them per country, got {type(calendar).__name__}"
        )
    return calendar


def working_days(
    start: dt.date,
    end: dt.date,
    *,
    country: str | None = None,
    calendar: HolidayCalendar | CalendarProvider | None = None,
) -> int:
    """Return the working days from *start* to *end*, both included.

    Working days are Monday to Friday, less the public holidays in *calendar* (for the host
    *country* when *calendar* is a provider). Without a calendar no holiday is subtracted.

    Raises:
        InvalidValueError: *start* or *end* is not a date, or *end* is before *start*.

    >>> working_days(dt.date(2023, 5, 1), dt.date(2023, 5, 5))
    5
    >>> working_days(dt.date(2023, 5, 1), dt.date(2023, 5, 5), calendar={dt.date(2023, 5, 1)})
    4
    """
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise InvalidValueError(f"{name}: expected a date, got {type(value).__name__}")
    if end < start:
        raise InvalidValueError(f"the period ends ({end}) before it starts ({start})")
    count = weekdays_between(start, end)
    holidays = calendar_for(calendar, country)
    if holidays is None or count == 0:
        return count
    span = (end - start).days + 1
    if span <= _DAY_BY_DAY_LIMIT or not isinstance(holidays, Iterable):
        one = dt.timedelta(days=1)
        day, removed = start, 0
        for _ in range(span):
            if day.weekday() < 5 and day in holidays:
                removed += 1
            day += one
        return count - removed
    removed = sum(
        1
        for day in holidays
        if isinstance(day, dt.date) and start <= day <= end and day.weekday() < 5
    )
    return count - removed


def holiday_calendar(
    country: str, subdivision: str | None = None, *, years: Iterable[int] | None = None
) -> HolidayCalendar:
    """Return the public holidays of *country* (needs the ``holidays`` extra).

    Args:
        country: A country code or name (normalised with :func:`normalize_country`).
        subdivision: A region code understood by the ``holidays`` package (``BY`` in Germany).
        years: Years to load at once; others load on demand.

    Raises:
        InvalidValueError: The ``holidays`` package is not installed, or it has no calendar
            for *country* or *subdivision*, or *years* are not years a date can have.

    >>> be = holiday_calendar("BE", years=[2023])
    >>> dt.date(2023, 7, 21) in be
    True
    """
    from clusterxchange.model.countries import normalize_country

    code = normalize_country(country)
    region: object = subdivision  # callers without type checking may pass anything
    if region is not None and not isinstance(region, str):
        raise InvalidValueError(f"subdivision: expected a region code, got {type(region).__name__}")
    chosen = _years(years)
    try:
        import holidays
    except ImportError:  # pragma: no cover - exercised without the extra
        raise InvalidValueError(
            "holiday calendars need the holidays extra: pip install 'clusterxchange[holidays]'"
        ) from None
    try:
        return holidays.country_holidays(code, subdiv=subdivision, years=chosen)
    except NotImplementedError:
        # Raised both for an unknown country and, in recent releases, an unknown region.
        where = code if subdivision is None else f"{code} subdivision {subdivision!r}"
        raise InvalidValueError(f"the holidays package has no calendar for {where}") from None
    except (KeyError, ValueError) as error:
        raise InvalidValueError(
            f"the holidays package has no calendar for {code} subdivision {subdivision!r}: {error}"
        ) from None


def _years(years: object) -> int | tuple[int, ...] | None:
    """Return *years* checked: whole numbers from 1 to 9999 (a huge one would take forever)."""
    if years is None:
        return None
    items = (years,) if isinstance(years, int) else years
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidValueError(f"years: expected whole years, got {type(years).__name__}")
    chosen = tuple(items)
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= dt.MAXYEAR:
            raise InvalidValueError(f"years: expected years from 1 to 9999, got {year!r:.40}")
    return chosen


def holiday_calendars(subdivisions: dict[str, str] | None = None) -> CalendarProvider:
    """Return a provider of each host country's public holidays (needs the ``holidays`` extra).

    Countries the ``holidays`` package does not know get no calendar (no holiday subtracted)
    rather than an error, so one unknown country does not stop a whole dataset.

    >>> provider = holiday_calendars()
    >>> dt.date(2023, 7, 21) in provider("BE")
    True
    """
    regions = dict(subdivisions or {})
    loaded: dict[str, HolidayCalendar | None] = {}

    def provide(country: str) -> HolidayCalendar | None:
        if country not in loaded:
            try:
                loaded[country] = holiday_calendar(country, regions.get(country))
            except InvalidValueError:
                loaded[country] = None
        return loaded[country]

    return provide
