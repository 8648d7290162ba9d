"""The rules about the exchange itself: duration, distance, mode, lump-sum ceiling, ID, lifecycle.

One function per rule id (docs/design.md). Each appends its findings to *out* and formats a message
only when it has something to say; each reads its values from a
:class:`~clusterxchange.eligibility._rulebook.Rulebook` and cites the generation field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from clusterxchange.eligibility._messages import columns, country_label, party
from clusterxchange.eligibility._rulebook import Rulebook
from clusterxchange.lifecycle import lifecycle_findings
from clusterxchange.lifecycle.ids import LOCAL_ID_PREFIX
from clusterxchange.model import Exchange, Mode
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.money.days import (
    CalendarProvider,
    HolidayCalendar,
    last_day_within_months,
    weekdays_between,
    working_days,
)
from clusterxchange.money.distance import distance_km

__all__ = [
    "ShortStayCache",
    "WorkingDaysCache",
    "check_distance",
    "check_duration_max",
    "check_duration_min",
    "check_it_tool_id",
    "check_lifecycle",
    "check_mode",
    "check_threshold",
    "check_virtual_until",
]

_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_UNDECIDED = Severity.UNDECIDED
_VIRTUAL = Mode.VIRTUAL

#: Local IDs (:mod:`clusterxchange.lifecycle.ids`, exchanges set up outside the IT tool) start
#: with this, case aside: they are not attempts at a tool ID.
_LOCAL_PREFIX = LOCAL_ID_PREFIX.casefold()


#: Per check call: (start, end) or (start, end, host country) -> working days counted.
WorkingDaysCache = dict[tuple[object, ...], int]
#: Per check call: (start, end, working days, rulebook id) -> the ``duration_min`` error of
#: a stay counted from its dates (its words depend on nothing else).
ShortStayCache = dict[tuple[object, ...], Finding]


def check_duration_min(
    exchange: Exchange,
    book: Rulebook,
    calendar: HolidayCalendar | CalendarProvider | None,
    caches: tuple[WorkingDaysCache, ShortStayCache],
    out: list[Finding],
) -> int | None:
    """``duration_min``: at least ``min_working_days`` working days of activity.

    Uses the exchange's own ``working_days`` when recorded, else counts Monday to Friday from
    ``start`` to ``end`` less the host country's holidays in *calendar* (none when the host
    country is not recorded). Without either, the rule is undecided (missing ``working_days``
    and the blank dates). Counts, and the findings on stays counted from their dates, are
    remembered in *caches*: a dataset has far fewer distinct spans than exchanges.

    Returns:
        The working days used, or ``None`` when unknown.
    """
    counted, short = caches
    days = exchange.working_days
    start, end = exchange.start, exchange.end
    if days is None:
        if start is None or end is None:
            out.append(_no_duration(exchange, book))
            return None
        country = exchange.host.country
        if calendar is None or country is None:
            # No host country: no holidays to subtract (a calendar is per country), so the
            # count is Monday to Friday.
            span: tuple[object, ...] = (start, end)
            days = counted.get(span)
            if days is None:
                days = counted[span] = weekdays_between(start, end)
        else:
            span = (start, end, country)
            days = counted.get(span)
            if days is None:
                days = counted[span] = working_days(start, end, country=country, calendar=calendar)
    if days < book.min_working_days:
        if exchange.working_days is None and start is not None and end is not None:
            key = (start, end, days, id(book))
            found = short.get(key)
            if found is None:
                found = short[key] = _short_stay(exchange, book, days)
            out.append(found)
            return days
        out.append(_short_stay(exchange, book, days))
    return days


#: (start is None, end is None) -> the missing columns of an unknown duration.
_DURATION_MISSING: Mapping[tuple[bool, bool], tuple[str, ...]] = MappingProxyType(
    {
        (True, True): ("end", "start", "working_days"),
        (True, False): ("start", "working_days"),
        (False, True): ("end", "working_days"),
    }
)


def _no_duration(exchange: Exchange, book: Rulebook) -> Finding:
    """Return the ``duration_min`` finding of an exchange whose duration is not recorded."""
    missing = _DURATION_MISSING[(exchange.start is None, exchange.end is None)]
    g = book.generation
    return Finding(
        rule="duration_min",
        severity=_UNDECIDED,
        message="could not be decided: no first or last day of activity and no working days "
        f"recorded ({columns(missing)}); at least {book.min_working_days} working days are "
        "needed",
        field="min_working_days",
        value=str(book.min_working_days),
        provenance=g.min_working_days.provenance,
        missing=missing,
    )


def _short_stay(exchange: Exchange, book: Rulebook, days: int) -> Finding:
    start, end = exchange.start, exchange.end
    where = (
        "as recorded"
        if exchange.working_days is not None or start is None or end is None
        else f"{start.isoformat()} to {end.isoformat()}"
    )
    return Finding(
        rule="duration_min",
        severity=_ERROR,
        message=f"{days} working day{'' if days == 1 else 's'} of activity ({where}); "
        f"at least {book.min_working_days} are needed",
        field="min_working_days",
        value=str(book.min_working_days),
        provenance=book.generation.min_working_days.provenance,
    )


def check_duration_max(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``duration_max``: the stay ends within ``max_calendar_months`` or ``max_calendar_days``.

    Months count from the first activity day (1 to 31 March is one month); a stay is refused
    only beyond both limits. Undecided when either day is not recorded (working days do not
    tell the calendar span).
    """
    start, end = exchange.start, exchange.end
    if start is None or end is None:
        missing = tuple(name for name, day in (("end", end), ("start", start)) if day is None)
        what = {1: "first day" if start is None else "last day"}.get(
            len(missing), "first or last day"
        )
        g = book.generation
        out.append(
            Finding(
                rule="duration_max",
                severity=_UNDECIDED,
                message=f"could not be decided: no {what} of activity recorded "
                f"({columns(missing)}); at most {book.max_calendar_days} calendar days are "
                "allowed",
                field="max_calendar_days",
                value=str(book.max_calendar_days),
                provenance=g.max_calendar_days.provenance,
                missing=missing,
            )
        )
        return
    days = (end - start).days + 1
    if days > book.max_calendar_days:
        last = last_day_within_months(start, book.max_calendar_months)
        if end <= last:
            return
        out.append(_too_long(book, start, end, days, last))


def _too_long(book: Rulebook, start: dt.date, end: dt.date, days: int, last: dt.date) -> Finding:
    g, months = book.generation, book.max_calendar_months
    if months <= 0:
        return Finding(
            rule="duration_max",
            severity=_ERROR,
            message=f"{days} calendar days from {start.isoformat()} to {end.isoformat()}; "
            f"at most {book.max_calendar_days} are allowed",
            field="max_calendar_days",
            value=str(book.max_calendar_days),
            provenance=g.max_calendar_days.provenance,
        )
    span = "one calendar month" if months == 1 else f"{months} calendar months"
    return Finding(
        rule="duration_max",
        severity=_ERROR,
        message=f"{days} calendar days from {start.isoformat()} to {end.isoformat()}; at most "
        f"{span} (to {last.isoformat()}) or {book.max_calendar_days} days are allowed",
        field="max_calendar_months",
        value=f"{months} or {book.max_calendar_days} days",
        provenance=g.max_calendar_months.provenance,
    )


def check_distance(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``distance``: where the generation lists it as a requisite, a short distance warns.

    The distance is the exchange's ``distance_km`` when recorded, else the geodesic between
    the organisations' locations; unknown distances say nothing.
    """
    if not book.distance_requisite or exchange.mode is _VIRTUAL:
        return
    decision = book.short_distance
    km = exchange.distance_km
    if km is not None:
        if not decision.exact(km):
            return
        source = "as recorded"
    else:
        a, b = exchange.host.location, exchange.visitor.location
        if a is None or b is None:
            return
        if not decision.is_under(a, b):
            return
        km = distance_km(a, b)
        source = "between their locations"
    g = book.generation
    limit = g.short_distance_km.value
    out.append(
        Finding(
            rule="distance",
            severity=_WARNING,
            message=f"the organisations are {km:.1f} km apart ({source}), under {limit} km: "
            f"the lump sum is halved, and {g.id} lists at least {limit} km as a requisite",
            field="distance_requisite",
            value=f"under {limit} km",
            provenance=g.distance_requisite.provenance,
        )
    )


def check_mode(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``mode``: a virtual exchange is never funded, and is a warning where not recognised."""
    if exchange.mode is not _VIRTUAL:
        return
    g = book.generation
    if not book.virtual_allowed:
        out.append(
            Finding(
                rule="mode",
                severity=_WARNING,
                message=f"a virtual exchange: {g.id} does not recognise virtual exchanges",
                field="virtual_allowed",
                value="false",
                provenance=g.virtual_allowed.provenance,
            )
        )
    out.append(
        Finding(
            rule="mode",
            severity=_INFO,
            message="a virtual exchange is never funded, and does not use up the visitor's "
            "physical visit",
            field="virtual_allowed",
            value=str(book.virtual_allowed).lower(),
            provenance=g.virtual_allowed.provenance,
        )
    )
    check_virtual_until(exchange, book, out)


def check_virtual_until(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``mode``: a recognised virtual exchange starting after ``virtual_until`` warns.

    The end of virtual exchanges in the pilot (31 December 2020, later extended to a day no
    source gives) is an open question: a warning, never an error.
    """
    until, start = book.virtual_until, exchange.start
    if not book.virtual_allowed or until is None or start is None or start <= until:
        return
    g = book.generation
    out.append(
        Finding(
            rule="mode",
            severity=_WARNING,
            message=f"a virtual exchange starting on {start.isoformat()}, after "
            f"{until.isoformat()}, when {g.id}'s virtual exchanges were to end (later "
            "extended to a day no source gives): a warning only",
            field="virtual_until",
            value=until.isoformat(),
            provenance=g.virtual_until.provenance,
        )
    )


def check_threshold(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``threshold``: a lump-sum ceiling is known for the host country (else a warning).

    Undecided when the host country is not recorded: the ceiling depends on it.
    """
    if exchange.mode is _VIRTUAL:
        return  # never funded: no amount to know
    country = exchange.host.country
    if country is None:
        out.append(
            Finding(
                rule="threshold",
                severity=_UNDECIDED,
                message="could not be decided: no country is recorded for "
                f"{party('host', exchange.host)} (column host_country), so no lump-sum "
                "ceiling is known",
                field="ceilings",
                missing=("host_country",),
            )
        )
        return
    if country in book.ceilings:
        return
    participation = book.countries.get(country)
    if participation is None:
        return  # the country rule already says the host cannot take part
    g = book.generation
    out.append(
        Finding(
            rule="threshold",
            severity=_WARNING,
            message=f"no lump-sum ceiling is known for host country {country_label(country)} in "
            f"{g.id}: the exchange can be eligible, but the amount is unknown",
            field=f"ceilings.{country}",
            value=None,
            provenance=participation.provenance,
        )
    )


def check_it_tool_id(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``it_tool_id``: an ID that tries to be an IT-tool ID fits the observed format (else warns).

    Local IDs (``CXL-``) and a partnership's own numbering (not starting like the tool's IDs)
    are not tool IDs and say nothing. The format is inferred from observation: never an error.
    """
    ident = exchange.id
    if ident is None or book.it_tool_id.fullmatch(ident) is not None:
        return
    folded = ident.casefold()
    if folded.startswith(_LOCAL_PREFIX):
        return
    prefix = book.it_tool_id_prefix
    if prefix and not folded.startswith(prefix):
        return
    g = book.generation
    out.append(
        Finding(
            rule="it_tool_id",
            severity=_WARNING,
            message=f"ID {ident!r} does not fit the IT tool's ID format "
            f"{g.it_tool_id_pattern.value} (inferred from observed IDs: a warning only)",
            field="it_tool_id_pattern",
            value=g.it_tool_id_pattern.value,
            provenance=g.it_tool_id_pattern.provenance,
        )
    )


def check_lifecycle(exchange: Exchange, out: list[Finding]) -> None:
    """``lifecycle``: the status agrees with the documents and the payment recorded.

    The checks are :func:`clusterxchange.lifecycle.lifecycle_findings`. A record with no
    document and no payment (a spreadsheet row: exchange tables have no columns for them) has
    nothing to compare, whatever its status, and is passed without calling them: a ``paid``
    row is not told that its payment is missing from a table that cannot hold it.
    """
    documents = exchange.documents
    if (
        exchange.payment is None
        and documents.commitment is None
        and documents.financial_agreement is None
        and documents.final_report is None
    ):
        return
    out.extend(lifecycle_findings(exchange))
