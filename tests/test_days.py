"""Working days: Monday to Friday, less the host country's public holidays when given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import InvalidValueError
from clusterxchange.model.errors import UnknownCountryError
from clusterxchange.money.days import (
    calendar_for,
    holiday_calendar,
    holiday_calendars,
    weekdays_between,
    working_days,
)

D = dt.date
ONE = dt.timedelta(days=1)


def naive_working_days(start: dt.date, end: dt.date, holidays: Container[dt.date] = ()) -> int:
    """Count day by day: the reference the fast count must agree with."""
    count, day = 0, start
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += ONE
    return count


class OnlyContains:
    """A calendar that answers ``in`` but cannot be iterated."""

    def __init__(self, days: set[dt.date]) -> None:
        self.days = days

    def __contains__(self, day: object) -> bool:
        return day in self.days


# ---------------------------------------------------------------------------------------------
# Worked examples


def test_two_full_weeks() -> None:
    assert working_days(D(2023, 3, 6), D(2023, 3, 17)) == 10


def test_a_weekend_has_no_working_day() -> None:
    assert working_days(D(2023, 3, 11), D(2023, 3, 12)) == 0


def test_one_day() -> None:
    assert working_days(D(2023, 3, 6), D(2023, 3, 6)) == 1
    assert working_days(D(2023, 3, 11), D(2023, 3, 11)) == 0


def test_a_holiday_is_not_a_working_day() -> None:
    may_day = {D(2023, 5, 1)}
    assert working_days(D(2023, 5, 1), D(2023, 5, 5), calendar=may_day) == 4


def test_a_holiday_on_a_weekend_changes_nothing() -> None:
    assert working_days(D(2023, 5, 1), D(2023, 5, 7), calendar={D(2023, 5, 6)}) == 5


def test_no_working_day_then_no_holiday_lookup() -> None:
    assert working_days(D(2023, 3, 11), D(2023, 3, 12), calendar={D(2023, 3, 11)}) == 0


def test_calendar_provider_by_host_country() -> None:
    calendars = {"BE": {D(2023, 7, 21)}}

    def provider(country: str) -> set[dt.date] | None:
        return calendars.get(country)

    week = (D(2023, 7, 17), D(2023, 7, 21))
    assert working_days(*week, country="BE", calendar=provider) == 4
    assert working_days(*week, country="DE", calendar=provider) == 5
    assert working_days(*week, calendar=provider) == 5


def test_calendar_for() -> None:
    holidays = {D(2023, 5, 1)}
    assert calendar_for(None, "BE") is None
    assert calendar_for(holidays, "BE") is holidays
    assert calendar_for(holidays, None) is holidays
    assert calendar_for(lambda code: holidays, "BE") is holidays
    assert calendar_for(lambda code: holidays, None) is None


def test_weekdays_between() -> None:
    assert weekdays_between(D(2023, 3, 6), D(2023, 3, 17)) == 10
    assert weekdays_between(D(2023, 3, 17), D(2023, 3, 6)) == 0


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [
        (D(2023, 3, 17), D(2023, 3, 6), r"the period ends \(2023-03-06\) before it starts"),
        ("2023-03-06", D(2023, 3, 17), "start: expected a date, got str"),
        (D(2023, 3, 6), dt.datetime(2023, 3, 17), "end: expected a date, got datetime"),
        (None, D(2023, 3, 17), "start: expected a date, got NoneType"),
    ],
)
def test_bad_periods(start: object, end: object, match: str) -> None:
    with pytest.raises(InvalidValueError, match=match):
        working_days(start, end)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Long spans: counted through the calendar rather than day by day


def test_a_long_span_with_an_iterable_calendar() -> None:
    start, end = D(2018, 1, 1), D(2023, 12, 31)
    holidays = {D(2019, 1, 1), D(2020, 12, 25), D(2021, 12, 25), D(2025, 1, 1), "not a day"}
    expected = naive_working_days(start, end, holidays)
    assert working_days(start, end, calendar=holidays) == expected  # type: ignore[arg-type]


def test_a_long_span_with_a_calendar_that_cannot_be_iterated() -> None:
    start, end = D(2018, 1, 1), D(2023, 12, 31)
    holidays = {D(2019, 1, 1), D(2020, 12, 25)}
    expected = naive_working_days(start, end, holidays)
    assert working_days(start, end, calendar=OnlyContains(holidays)) == expected


# ---------------------------------------------------------------------------------------------
# Public-holiday calendars from the holidays package (optional extra)


def test_holiday_calendar_of_belgium() -> None:
    belgium = holiday_calendar("BE", years=[2023])
    assert D(2023, 7, 21) in belgium
    assert working_days(D(2023, 7, 17), D(2023, 7, 21), calendar=belgium) == 4


def test_holiday_calendar_normalises_the_country() -> None:
    assert D(2023, 3, 25) in holiday_calendar("EL", years=[2023])


def test_holiday_calendar_of_a_region() -> None:
    bavaria = holiday_calendar("DE", "BY", years=[2023])
    assert D(2023, 1, 6) in bavaria
    assert D(2023, 1, 6) not in holiday_calendar("DE", years=[2023])


def _without_kosovo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the holidays package lack Kosovo, as releases before it had one did."""
    import holidays

    real = holidays.country_holidays

    def country_holidays(country: str, **kwargs: object) -> object:
        if country == "XK":
            raise NotImplementedError(f"Country {country} not available")
        return real(country, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(holidays, "country_holidays", country_holidays)


def test_holiday_calendar_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_kosovo(monkeypatch)
    with pytest.raises(UnknownCountryError):
        holiday_calendar("Atlantis")
    with pytest.raises(InvalidValueError, match=r"the holidays package has no calendar for XK$"):
        holiday_calendar("XK")
    with pytest.raises(InvalidValueError, match="no calendar for DE subdivision 'ZZ'"):
        holiday_calendar("DE", "ZZ")
    with pytest.raises(InvalidValueError, match="years: expected years from 1 to 9999"):
        holiday_calendar("DE", years=["soon"])  # type: ignore[list-item]
    # Some holidays releases refuse an unknown region with a KeyError.
    import holidays

    def refuse(country: str, **kwargs: object) -> object:
        raise KeyError(kwargs["subdiv"])

    monkeypatch.setattr(holidays, "country_holidays", refuse)
    with pytest.raises(InvalidValueError, match="no calendar for DE subdivision 'QQ': 'QQ'"):
        holiday_calendar("DE", "QQ")


def test_holiday_calendars_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_kosovo(monkeypatch)
    provider = holiday_calendars({"DE": "BY"})
    germany = provider("DE")
    assert germany is not None
    assert D(2023, 1, 6) in germany
    assert provider("DE") is germany
    assert provider("XK") is None
    week = (D(2023, 7, 17), D(2023, 7, 21))
    assert working_days(*week, country="BE", calendar=holiday_calendars()) == 4


# ---------------------------------------------------------------------------------------------
# Properties

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31))
spans = st.integers(min_value=0, max_value=400)
holiday_sets = st.sets(dates, max_size=20)


@given(dates, spans, holiday_sets)
def test_working_days_equals_a_day_by_day_count(
    start: dt.date, length: int, holidays: set[dt.date]
) -> None:
    end = start + dt.timedelta(days=length)
    assert working_days(start, end) == naive_working_days(start, end)
    assert working_days(start, end, calendar=holidays) == naive_working_days(start, end, holidays)


@given(dates, spans, holiday_sets)
def test_working_days_are_never_negative_nor_more_than_the_days(
    start: dt.date, length: int, holidays: set[dt.date]
) -> None:
    end = start + dt.timedelta(days=length)
    count = working_days(start, end, calendar=holidays)
    assert 0 <= count <= length + 1
    assert count <= weekdays_between(start, end)


@given(dates, spans, spans, holiday_sets)
def test_working_days_add_up_over_adjacent_periods(
    start: dt.date, first: int, second: int, holidays: set[dt.date]
) -> None:
    middle = start + dt.timedelta(days=first)
    end = middle + dt.timedelta(days=second + 1)
    whole = working_days(start, end, calendar=holidays)
    parts = working_days(start, middle, calendar=holidays) + working_days(
        middle + ONE, end, calendar=holidays
    )
    assert whole == parts


@given(dates, st.integers(min_value=0, max_value=200))
def test_a_full_week_always_has_five_weekdays(start: dt.date, weeks: int) -> None:
    end = start + dt.timedelta(days=7 * weeks - 1) if weeks else start - ONE
    assert weekdays_between(start, end) == 5 * weeks


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2020, 1, 1)), holiday_sets)
def test_long_spans_agree_with_a_day_by_day_count(start: dt.date, holidays: set[dt.date]) -> None:
    end = start + dt.timedelta(days=1500)
    expected = naive_working_days(start, end, holidays)
    assert working_days(start, end, calendar=holidays) == expected
    assert working_days(start, end, calendar=OnlyContains(holidays)) == expected
