"""Strategies for generations (shipped and custom) and their participating countries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

from clusterxchange.generations import REGISTRY, all_generations
from clusterxchange.model import Ceiling, Generation, Period, Sourced
from clusterxchange.strategies._common import TEXT, amounts, optional, participating, provenances

__all__ = ["countries", "generations"]

#: ID patterns of custom generations; each one also has IDs that fit it.
_ID_PATTERNS = (r"[A-Z]{2}[0-9]{4}", r"X-[0-9]{3}", r"EG[0-9]{3}[A-Z]A[0-9]")


def countries(generation: Generation | str | None = None) -> st.SearchStrategy[str]:
    """Return a strategy for the canonical codes of a generation's participating countries.

    Without *generation*, the codes of every shipped generation.

    >>> from hypothesis import given, settings
    >>> from clusterxchange import get_generation
    >>> @settings(max_examples=10, database=None, derandomize=True, deadline=None)
    ... @given(countries("cxc2"))
    ... def test(code):
    ...     assert get_generation("cxc2").participation(code) is not None
    >>> test()
    """
    return st.sampled_from(participating(generation))


@st.composite
def _custom_generations(draw: st.DrawFn) -> Generation:
    """A generation derived from a shipped one, with changed values and their own source."""
    base = draw(st.sampled_from(all_generations()))
    provenance = draw(provenances())

    def sourced(value: object) -> Sourced[Any]:
        return Sourced(value=value, provenance=provenance)

    cap = draw(st.decimals(min_value=1_100, max_value=2_000, places=2))
    changed = draw(st.sampled_from(base.ceilings)).country
    amount = draw(amounts(1_100))
    ceilings = tuple(
        Ceiling(country=c.country, amount=amount, provenance=provenance)
        if c.country == changed
        else c
        for c in base.ceilings
    )
    dropped = draw(st.sets(st.sampled_from([p.country for p in base.countries]), max_size=3))
    kept = [p for p in base.countries if p.country not in dropped]
    joined = draw(optional(st.dates(dt.date(2010, 1, 1), dt.date(2019, 12, 31))))
    kept[0] = attrs.evolve(kept[0], joined=joined, provenance=provenance)
    start = base.period.value.start + dt.timedelta(draw(st.integers(-90, 90)))
    end = start + dt.timedelta(draw(st.integers(180, 1_200)))
    visitor_kinds = draw(st.sets(st.sampled_from(sorted(base.visitor_kinds.value)), min_size=1))
    ids = st.from_regex(r"[a-z][a-z0-9-]{2,15}", fullmatch=True)
    return attrs.evolve(
        base,
        id=draw(ids.filter(lambda text: text not in REGISTRY)),
        title=draw(TEXT),
        extends=base.id,
        period=sourced(Period(start=start, end=end)),
        countries=tuple(kept),
        ceilings=ceilings,
        cap=sourced(cap),
        visitor_kinds=sourced(frozenset(visitor_kinds)),
        min_working_days=sourced(draw(st.integers(1, 5))),
        max_calendar_days=sourced(draw(st.integers(7, 45))),
        short_stay_days=sourced(draw(st.integers(1, 10))),
        short_distance_km=sourced(draw(st.decimals(0, 500, places=1))),
        distance_requisite=sourced(draw(st.booleans())),
        reduction_factor=sourced(draw(st.decimals(0, 1, places=2))),
        virtual_allowed=sourced(draw(st.booleans())),
        payment_days=sourced(draw(st.integers(1, 60))),
        it_tool_id_pattern=sourced(draw(st.sampled_from(_ID_PATTERNS))),
    )


def generations() -> st.SearchStrategy[Generation]:
    """Return a strategy for the shipped generations and custom ones derived from them.

    A custom generation extends ``cxc1`` or ``cxc2`` with its own id and source, and changes
    its period, one ceiling, the cap, up to three countries (dropped) and one joining date,
    the visitor kinds (a subset), the duration and halving limits, the payment delay and the
    ID pattern. Every one still admits eligible exchanges.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None, derandomize=True, deadline=None)
    ... @given(generations())
    ... def test(generation):
    ...     assert generation.extends in (None, "cxc1", "cxc2")
    >>> test()
    """
    return st.sampled_from(all_generations()) | _custom_generations()
