"""A generation's rule values, looked up once per check rather than once per exchange.

A :class:`Rulebook` holds plain Python values (sets, ints, floats, a compiled pattern) read
from one :class:`~clusterxchange.model.Generation`, so the rule functions do no attribute
chains, Decimal arithmetic or regex compilation per exchange.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Mapping

import attrs

from clusterxchange.model import (
    Ceiling,
    Generation,
    OrganisationKind,
    Participation,
    Provenance,
)
from clusterxchange.money.distance import DistanceDecision

__all__ = ["Rulebook", "literal_prefix", "rulebook"]

#: Characters that stand for themselves at the start of a regular expression.
_LITERAL = re.compile(r"[A-Za-z0-9]*")


def literal_prefix(pattern: str) -> str:
    """Return the letters and digits every match of regular expression *pattern* starts with.

    The prefix (``EG`` for the IT-tool IDs) tells an attempt at a tool ID from a partnership's
    own numbering. Alternatives or a quantified last letter leave less (or no) fixed prefix.

    >>> literal_prefix(r"EG[0-9]{3}[A-Z]A[0-9]"), literal_prefix(r"^EGX?[0-9]")
    ('EG', 'EG')
    >>> literal_prefix("A|B"), literal_prefix("[A-Z]{2}")
    ('', '')
    """
    if "|" in pattern:
        return ""
    body = pattern.removeprefix("^").removeprefix(r"\A")
    match = _LITERAL.match(body)
    prefix = match.group(0) if match else ""
    if body[len(prefix) : len(prefix) + 1] in {"?", "*", "{"} and prefix:
        prefix = prefix[:-1]
    return prefix


@attrs.frozen(kw_only=True)
class Rulebook:
    """The rule values of one generation, ready for the rule functions.

    Every attribute is named after the :class:`~clusterxchange.model.Generation` field it is
    read from, so a finding can cite that field.
    """

    generation: Generation
    countries: Mapping[str, Participation]
    countries_provenance: Provenance
    ceilings: Mapping[str, Ceiling]
    visitor_kinds: frozenset[OrganisationKind]
    host_kinds: frozenset[OrganisationKind]
    contested_visitor_kinds: frozenset[OrganisationKind]
    member_kinds: frozenset[OrganisationKind]
    eccp_kinds: frozenset[OrganisationKind]
    non_member_sme_host: bool
    min_working_days: int
    max_calendar_days: int
    distance_requisite: bool
    short_distance: DistanceDecision
    virtual_allowed: bool
    visits_per_visitor: int
    residence_days: int
    it_tool_id: re.Pattern[str]
    it_tool_id_prefix: str
    virtual_until: dt.date | None = None
    max_calendar_months: int = 0
    host_member_kinds: frozenset[OrganisationKind] = frozenset()
    visits_in_scheme: int = 1

    @classmethod
    def of(cls, generation: Generation) -> Rulebook:
        """Return the rulebook of *generation*.

        >>> from clusterxchange.generations import get_generation
        >>> book = Rulebook.of(get_generation("cxc2"))
        >>> book.min_working_days, book.it_tool_id_prefix
        (3, 'eg')
        """
        g = generation
        pattern = g.it_tool_id_pattern.value
        return cls(
            generation=g,
            countries={p.country: p for p in g.countries},
            countries_provenance=(
                g.countries[0].provenance if g.countries else g.programme.provenance
            ),
            ceilings={c.country: c for c in g.ceilings},
            visitor_kinds=g.visitor_kinds.value,
            host_kinds=g.host_kinds.value,
            contested_visitor_kinds=g.contested_visitor_kinds.value,
            member_kinds=g.member_kinds.value,
            eccp_kinds=g.eccp_kinds.value,
            non_member_sme_host=g.non_member_sme_host.value,
            min_working_days=g.min_working_days.value,
            max_calendar_days=g.max_calendar_days.value,
            distance_requisite=g.distance_requisite.value,
            short_distance=DistanceDecision(limit_km=g.short_distance_km.value),
            virtual_allowed=g.virtual_allowed.value,
            visits_per_visitor=g.visits_per_visitor.value,
            residence_days=g.residence_days.value,
            it_tool_id=re.compile(pattern),
            it_tool_id_prefix=literal_prefix(pattern).casefold(),
            virtual_until=g.virtual_until.value,
            max_calendar_months=g.max_calendar_months.value,
            host_member_kinds=g.host_member_kinds.value,
            visits_in_scheme=g.visits_in_scheme.value,
        )


_BOOKS: dict[int, Rulebook] = {}
_BOOKS_LOCK = threading.Lock()
_BOOKS_MAX = 64


def rulebook(generation: Generation) -> Rulebook:
    """Return the rulebook of *generation*, built once per generation object.

    Keyed by object identity: a Rulebook keeps its generation alive, so an id is never
    reused while its entry exists. The cache is bounded (custom generations may be many).

    >>> from clusterxchange.generations import get_generation
    >>> rulebook(get_generation("cxc1")) is rulebook(get_generation("cxc1"))
    True
    """
    book = _BOOKS.get(id(generation))
    if book is not None and book.generation is generation:
        return book
    book = Rulebook.of(generation)
    with _BOOKS_LOCK:
        if len(_BOOKS) >= _BOOKS_MAX:
            _BOOKS.clear()
        _BOOKS[id(generation)] = book
    return book
