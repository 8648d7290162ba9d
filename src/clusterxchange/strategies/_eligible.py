"""Strategies for eligible exchanges: every rule of a generation satisfied, value by value."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from clusterxchange.generations import REGISTRY, all_generations, get_generation
from clusterxchange.model import (
    Exchange,
    Generation,
    Location,
    Organisation,
    OrganisationKind,
    Relation,
    Representative,
)
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.money.days import working_days
from clusterxchange.strategies._common import (
    PICS,
    TEXT,
    TEXT_TUPLES,
    accounting_periods,
    memberships,
    optional,
)

__all__ = ["eligible_datasets", "eligible_exchanges"]


def _start_days(generation: Generation) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
    """Return every day of the period, and the days an unnamed exchange may start on.

    An exchange that does not name its generation is resolved by its first day, and a day in
    the period of another shipped generation is ambiguous (rule ``generation``). A custom
    generation is never found by date, so its exchanges always name it.
    """
    period = generation.period.value
    size = (period.end - period.start).days + 1
    every = tuple(period.start + dt.timedelta(n) for n in range(size))
    if generation.id not in REGISTRY or get_generation(generation.id) != generation:
        return every, ()
    others = [g for g in all_generations() if g.id != generation.id]
    return every, tuple(day for day in every if not any(g.covers(day) for g in others))


def _parties(
    generation: Generation, kinds: list[OrganisationKind], *, pic: bool
) -> st.SearchStrategy[dict[str, Any]]:
    """Everything of an eligible party but its country, which depends on the first day."""
    sme_kinds = generation.eccp_kinds.value | {OrganisationKind.SME}

    def sized(fields: dict[str, Any]) -> dict[str, Any]:
        return fields if fields["kind"] in sme_kinds else {**fields, "figures": ()}

    return st.fixed_dictionaries(
        {
            "name": TEXT,
            "kind": st.sampled_from(kinds),
            "pic": PICS if pic else optional(PICS),
            "clusters": memberships(True, eccp=True),
            "figures": st.lists(accounting_periods(sme=True), max_size=2).map(tuple),
            "sectors": TEXT_TUPLES,
            "keywords": TEXT_TUPLES,
        }
    ).map(sized)


def _shortest_span(start: dt.date, min_days: int, max_days: int) -> int | None:
    """Return the fewest calendar days from *start* holding *min_days* working days."""
    for days in range(1, max_days + 1):
        if working_days(start, start + dt.timedelta(days - 1)) >= min_days:
            return days
    return None


def _hosts_on(hosts: Sequence[str], taking_part: Sequence[str]) -> list[str]:
    """Return the host countries that take part, beside at least one other country."""
    return [c for c in hosts if c in taking_part and len(taking_part) > 1]


def _startable(
    days: Sequence[dt.date], g: Generation, hosts: Sequence[str], min_days: int, max_days: int
) -> tuple[dt.date, ...]:
    """Return the *days* an eligible exchange can start on.

    A day qualifies when *min_days* working days fit in *max_days* calendar days from it (a
    matter of its weekday alone, without a holiday calendar) and a host country with a ceiling
    takes part on it beside another country (late joiners of a custom generation).
    """
    by_weekday = {
        weekday: _shortest_span(dt.date(2024, 1, 1 + weekday), min_days, max_days) is not None
        for weekday in range(7)
    }
    return tuple(
        day
        for day in days
        if by_weekday[day.weekday()]
        and _hosts_on(hosts, [p.country for p in g.countries if p.participates_on(day)])
    )


def eligible_exchanges(generation: Generation | str) -> st.SearchStrategy[Exchange]:
    """Return a strategy for exchanges that satisfy every rule of *generation*.

    Checking any of them gives no error finding, and no warning from the rules below. Every
    choice reads the generation's own values, so custom generations work too:

    - ``country``, ``cross_border``: host and visitor in different countries, both taking part
      on the first day (``countries``, with their ``joined`` dates); the host's country has a
      known ceiling (``ceilings``), which rules out the United Kingdom as host (``threshold``).
    - ``host_kind``, ``visitor_kind``: kinds from ``host_kinds``, and from ``visitor_kinds``
      less ``contested_visitor_kinds`` (a contested visitor would be a warning).
    - ``cluster_membership``: every organisation, whatever ``member_kinds`` asks, is a member
      of one to three clusters, all profiled on the ECCP (``eccp_kinds``); no prior approval.
    - ``sme``: SMEs have no figures, or one or two periods under the medium-sized ceilings with
      no linked or partner enterprise.
    - ``generation``: the first day lies in ``period``; the exchange either names the
      generation or starts on a day no other shipped generation covers. A custom generation
      is always named, since a date only finds shipped ones.
    - ``duration_min``, ``duration_max``: at most ``max_calendar_days`` calendar days holding at
      least ``min_working_days`` Mondays to Fridays (:func:`clusterxchange.money.days.working_days`,
      without a holiday calendar); ``working_days`` is unset or that count.
    - ``mode``, ``distance``: physical; either a recorded ``distance_km`` of at least
      ``short_distance_km``, or no recorded distance and locations in latitude bands at least
      ``short_distance_km`` plus 200 km apart: no cxc2 warning, no halving for distance.
    - ``it_tool_id``: no ID, or one that fits ``it_tool_id_pattern``.
    - ``lifecycle``: ``registered``, with no document and no payment. ``residence``: no
      representative, or a national of the visitor's (participating) country.
    - ``visitor_once``: each visitor has a PIC; :func:`eligible_datasets` keeps them apart.

    Raises:
        InvalidValueError: *generation* admits no eligible exchange (no allowed kind, no
            second country, or duration limits no span can meet).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None, derandomize=True, deadline=None)
    ... @given(eligible_exchanges("cxc2"))
    ... def test(exchange):
    ...     cxc2 = get_generation("cxc2")
    ...     assert cxc2.covers(exchange.start)
    ...     assert exchange.host.country != exchange.visitor.country
    ...     assert exchange.visitor.kind in cxc2.visitor_kinds.value
    >>> test()
    """
    g = get_generation(generation)
    visitor_kinds = sorted(g.visitor_kinds.value - g.contested_visitor_kinds.value)
    host_kinds = sorted(g.host_kinds.value)
    hosts = sorted(c.country for c in g.ceilings if g.participation(c.country) is not None)
    min_days, max_days = g.min_working_days.value, g.max_calendar_days.value
    # Only the days an eligible exchange can start on are drawn, never filtered afterwards:
    # a tight duration limit (five working days in six calendar days) leaves two weekdays in
    # seven, and rejecting the others made Hypothesis' health check fail now and then.
    every, unnamed = (_startable(days, g, hosts, min_days, max_days) for days in _start_days(g))
    if not (visitor_kinds and host_kinds and hosts and every):
        raise InvalidValueError(
            f"generation {g.id} admits no eligible exchange: it needs a visitor kind and a host "
            "kind, two participating countries of which the host's has a ceiling, and "
            f"{min_days} working days within {max_days} calendar days"
        )
    far_km = float(g.short_distance_km.value)
    if Decimal(far_km) < g.short_distance_km.value:
        far_km = math.nextafter(far_km, math.inf)  # the rule compares exactly: stay at or above
    gap = far_km / 100 + 2  # latitude degrees (over 110 km each) between host and visitor
    host_parts = _parties(g, host_kinds, pic=False)
    visitor_parts = _parties(g, visitor_kinds, pic=True)
    longitudes = st.floats(-180, 180)
    ids = optional(st.from_regex(g.it_tool_id_pattern.value, fullmatch=True))
    any_day = st.sampled_from(every)
    unnamed_day = st.sampled_from(unnamed) if unnamed else st.nothing()

    @st.composite
    def build(draw: st.DrawFn) -> Exchange:
        named = not unnamed or draw(st.booleans())
        start = draw(any_day if named else unnamed_day)
        shortest = _shortest_span(start, min_days, max_days)
        assert shortest is not None  # _startable kept only such days
        taking_part = [p.country for p in g.countries if p.participates_on(start)]
        host_country = draw(st.sampled_from(_hosts_on(hosts, taking_part)))
        end = start + dt.timedelta(draw(st.integers(shortest, max_days)) - 1)
        visitor_country = draw(st.sampled_from([c for c in taking_part if c != host_country]))
        host = Organisation(country=host_country, **draw(host_parts))
        visitor = Organisation(country=visitor_country, **draw(visitor_parts))
        distance_km: float | None = None
        if draw(st.booleans()):
            distance_km = draw(st.floats(far_km, far_km + 3_000))
        else:
            south = draw(st.floats(-60, 60 - gap))
            north = draw(st.floats(south + gap, 70))
            lat_host, lat_visitor = draw(st.permutations([south, north]))
            host = _located(host, lat_host, draw(longitudes))
            visitor = _located(visitor, lat_visitor, draw(longitudes))
        return Exchange(
            host=host,
            visitor=visitor,
            id=draw(ids),
            host_partnership=draw(optional(TEXT)),
            visitor_partnership=draw(optional(TEXT)),
            start=start,
            end=end,
            working_days=draw(st.sampled_from([None, working_days(start, end)])),
            event=draw(optional(TEXT)),
            relation=draw(optional(st.sampled_from(Relation))),
            distance_km=distance_km,
            representative=draw(
                st.sampled_from([None, Representative(nationality=visitor_country)])
            ),
            remarks=draw(optional(TEXT)),
            generation=g.id if named else None,
        )

    return build()


def _located(organisation: Organisation, latitude: float, longitude: float) -> Organisation:
    return attrs.evolve(organisation, location=Location(latitude=latitude, longitude=longitude))


def eligible_datasets(
    generation: Generation | str, *, min_size: int = 0, max_size: int = 8
) -> st.SearchStrategy[list[Exchange]]:
    """Return a strategy for lists of eligible exchanges whose visitors are all different.

    Visitors differ by PIC and by case-folded name and country, so however a check identifies
    an organisation, no visitor takes part twice (rule ``visitor_once``).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, derandomize=True, deadline=None)
    ... @given(eligible_datasets("cxc1", max_size=3))
    ... def test(dataset):
    ...     assert len({e.visitor.pic for e in dataset}) == len(dataset)
    >>> test()
    """
    return st.lists(
        eligible_exchanges(generation),
        min_size=min_size,
        max_size=max_size,
        unique_by=(
            lambda e: e.visitor.pic,
            lambda e: (e.visitor.name.casefold(), e.visitor.country),
        ),
    )
