"""Building blocks shared by the strategies: text, amounts, days, sources, memberships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from clusterxchange.generations import all_generations, get_generation
from clusterxchange.model import (
    AccountingPeriod,
    ClusterRef,
    Confidence,
    Generation,
    Holding,
    InvestorKind,
    Provenance,
)

__all__ = [
    "DAYS",
    "PICS",
    "TEXT",
    "TEXT_TUPLES",
    "accounting_periods",
    "amounts",
    "memberships",
    "optional",
    "participating",
    "provenances",
    "sometimes_missing",
    "spans",
    "texts",
]


#: Letters of the scripts partnerships write in, digits, spaces and punctuation. A fixed
#: alphabet draws far faster than Unicode categories and still exercises UTF-8 throughout.
_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,&'()/\"@:;"
    "äöüßéèêëàâçñøåæłśżźćńőűčšžđăîșțığşİÄÖÜÉÅØŁŠŽ"
    "αβγδΣσωΩабвгджзЖЯяёЁїЇ"
    "\u00a0\u2013\u2019\u20ac"
)


def texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-blank text as the models keep it: stripped, several scripts, no control characters."""
    return st.text(_ALPHABET, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """*strategy*, or ``None``."""
    return st.none() | strategy


def _unless_dropped(drawn: tuple[int, Any]) -> Any:
    return None if drawn[0] == 3 else drawn[1]


def sometimes_missing(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """*strategy*, or ``None`` (not recorded) one time in four; shrinks to a recorded value."""
    return st.tuples(st.integers(0, 3), strategy).map(_unless_dropped)


def amounts(max_value: int = 10_000_000, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Decimal amounts from zero to *max_value*, with *places* decimal places."""
    return st.decimals(min_value=0, max_value=max_value, places=places)


TEXT = texts()
TEXT_TUPLES = st.lists(TEXT, max_size=3, unique=True).map(tuple)
DAYS = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))
PICS = st.text("0123456789", min_size=9, max_size=9)


def provenances() -> st.SearchStrategy[Provenance]:
    """Sources with any confidence, with or without a note."""
    return st.builds(
        Provenance, source=TEXT, confidence=st.sampled_from(Confidence), note=st.just("") | TEXT
    )


def spans(days: st.SearchStrategy[dt.date] = DAYS) -> st.SearchStrategy[tuple[dt.date, dt.date]]:
    """A first and last day, the last not before the first and at most 60 days after it."""
    return st.tuples(days, st.integers(0, 60)).map(lambda p: (p[0], p[0] + dt.timedelta(p[1])))


def participating(generation: Generation | str | None) -> tuple[str, ...]:
    """The sorted participating countries of *generation*, or of every shipped generation."""
    pool = all_generations() if generation is None else (get_generation(generation),)
    return tuple(sorted({p.country for g in pool for p in g.countries}))


def memberships(
    cluster_member: bool | None, eccp: bool | None = None
) -> st.SearchStrategy[tuple[ClusterRef, ...] | None]:
    """Cluster memberships: some (``True``), none (``False``) or any, including unrecorded."""
    profiled = st.booleans() | st.none() if eccp is None else st.just(eccp)
    refs = st.builds(ClusterRef, name=TEXT, eccp_profiled=profiled)
    some = st.lists(refs, min_size=1, max_size=3, unique_by=lambda r: r.name).map(tuple)
    if cluster_member is True:
        return some
    if cluster_member is False:
        return st.just(())
    return st.none() | st.just(()) | some


def _holdings() -> st.SearchStrategy[Holding]:
    return st.builds(
        Holding,
        name=TEXT,
        share=st.decimals(min_value=0, max_value=1, places=3),
        investor=st.sampled_from(InvestorKind),
        headcount=optional(amounts(100_000, 1)),
        turnover=optional(amounts()),
        balance_sheet=optional(amounts()),
        invested=optional(amounts()),
    )


def accounting_periods(*, sme: bool = False) -> st.SearchStrategy[AccountingPeriod]:
    """Figures of one period; with *sme*, under the medium-sized ceilings and autonomous."""
    from clusterxchange.eligibility._sme_ceilings import SME_DEFINITION

    medium = SME_DEFINITION.ceilings[-1]  # staff below its headcount, money within both amounts
    money = int(min(medium.turnover, medium.balance_sheet))
    return st.builds(
        AccountingPeriod,
        end=DAYS,
        headcount=amounts(int(medium.headcount) - 1, 0) if sme else amounts(100_000, 1),
        turnover=optional(amounts(money)),
        balance_sheet=optional(amounts(money)),
        holdings=st.just(()) if sme else st.lists(_holdings(), max_size=1).map(tuple),
    )
