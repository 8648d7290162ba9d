"""Lump sums: what the visitor's partnership pays, and why (docs/domain.md, "Money").

The amount is the host country's ceiling (``Generation.ceilings``), multiplied once by
``Generation.reduction_factor`` when the stay is under ``short_stay_days`` working days and/or
the organisations are under ``short_distance_km`` apart, zero for a virtual exchange, never
above ``Generation.cap``, and rounded half-up to cents once, at the end. Every value is read
from the :class:`~clusterxchange.model.Generation` given, so a custom generation pays by its
own table and its explanation cites its own sources.

Deciding a lump sum needs only whether the organisations are under ``short_distance_km``
apart, which a sphere decides exactly for nearly every pair
(:class:`~clusterxchange.money.distance.DistanceDecision`). The geodesic distance itself, which the
explanation states, is computed on the ellipsoid when :attr:`LumpSum.distance_km` or
:attr:`LumpSum.explanation` is first read: a budget over many exchanges pays for the
ellipsoid only where someone reads the reasons.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

import attrs

from clusterxchange.model import Exchange, Generation, Location, Mode, Provenance, Status
from clusterxchange.model._build import trusted_constructor
from clusterxchange.model._collector import paused_collection
from clusterxchange.model.errors import InvalidValueError, NoCeilingError, UnpricedError
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.money.days import (
    CalendarProvider,
    HolidayCalendar,
    weekdays_between,
    working_days,
)
from clusterxchange.money.distance import DistanceDecision, DistanceSource
from clusterxchange.money.distance import distance_km as geodesic_km

__all__ = [
    "REDUCTIONS",
    "Citation",
    "LumpSum",
    "Unpriced",
    "lump_sum",
    "lump_sums",
    "quick_lump_sum",
    "threshold_finding",
]

#: The reduction ids, in the order a :class:`LumpSum` lists them (docs/design.md).
REDUCTIONS: tuple[str, ...] = ("short_stay", "short_distance", "virtual")

_CENT = Decimal("0.01")
_VIRTUAL = Mode.VIRTUAL
_CANCELLED = Status.CANCELLED


@attrs.frozen(kw_only=True)
class Citation:
    """A generation value a lump sum relied on, with its provenance.

    Attributes:
        field: The generation field (``ceilings.BE``, ``short_stay_days``, ...).
        value: The value, as text.
        provenance: Where the value comes from.
    """

    field: str
    value: str
    provenance: Provenance


#: The distance a lump sum was decided with: km (declared, or computed), the two locations
#: whose geodesic is computed when first read, or ``None`` (unknown).
_Distance = float | tuple[Location, Location] | None


@attrs.frozen(kw_only=True)
class LumpSum:
    """A lump sum with everything it was computed from.

    Attributes:
        amount: What the visitor's partnership pays, rounded to cents.
        currency: ISO 4217 code of the amounts (the generation's currency).
        threshold: The host country's ceiling: the amount for a full exchange.
        reductions: The reductions that hold, among ``short_stay``, ``short_distance`` and
            ``virtual``, in that order.
        working_days: The working days of activity used.
        distance_source: ``declared``, ``computed`` or ``None`` (unknown).
        mode: Physical or virtual.
        generation: The id of the generation whose values were used.
        host_country: The canonical code of the host country.
        citations: Every generation value relied on, with its source.
    """

    amount: Decimal
    currency: str
    threshold: Decimal
    reductions: tuple[str, ...]
    working_days: int
    distance_source: DistanceSource | None
    mode: Mode
    generation: str
    host_country: str
    citations: tuple[Citation, ...]
    _distance: _Distance = attrs.field(alias="distance", repr=False)
    _rules: Generation = attrs.field(alias="rules", eq=False, repr=False)

    @functools.cached_property
    def distance_km(self) -> float | None:
        """The distance used in km, or ``None`` when unknown.

        A computed distance is the geodesic on the WGS84 ellipsoid, computed on first read.
        """
        distance = self._distance
        if isinstance(distance, tuple):
            return geodesic_km(*distance)
        return distance

    @functools.cached_property
    def explanation(self) -> str:
        """The computation in plain words, citing the values and their sources (English)."""
        return _explain(self, self._rules, "en")

    def explain(self, locale: str = "en") -> str:
        r"""Return :attr:`explanation` written for *locale*: its words, money and numbers.

        The sources cited (and their notes) are quoted as they are, in their own language.

        Raises:
            InvalidValueError: *locale* is not a known locale.

        >>> from clusterxchange.generations import get_generation
        >>> s = quick_lump_sum(host_country="DK", working_days=10, distance_km=800,
        ...                    generation=get_generation("cxc2"))
        >>> s.explain("de").split(". ")[-1]
        'Pauschalbetrag: 1.100,00\xa0€.'
        """
        if locale == "en":
            return self.explanation
        return _explain(self, self._rules, locale)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (amounts as text, with added keys).

        >>> from clusterxchange.generations import get_generation
        >>> quick_lump_sum(host_country="BE", working_days=4, distance_km=640.2,
        ...                generation=get_generation("cxc2")).as_dict()["amount"]
        '415.00'
        """
        return {
            "amount": f"{self.amount:.2f}",
            "currency": self.currency,
            "threshold": f"{self.threshold:.2f}",
            "reductions": list(self.reductions),
            "generation": self.generation,
            "host_country": self.host_country,
            "distance_km": self.distance_km,
            "distance_source": self.distance_source,
            "working_days": self.working_days,
            "mode": self.mode.value,
            "explanation": self.explanation,
            "sources": [
                {
                    "field": c.field,
                    "value": c.value,
                    "source": c.provenance.source,
                    "confidence": c.provenance.confidence.value,
                    "note": c.provenance.note,
                }
                for c in self.citations
            ],
        }


@attrs.frozen(kw_only=True)
class Unpriced:
    """Why an exchange has no lump sum: the reason in words, and what would price it.

    Attributes:
        reason: Why it is not priced (cancelled, not eligible, a value missing, no ceiling...).
        missing: The table columns whose values would price it; empty when no value would.

    >>> Unpriced.of(UnpricedError("no host country", ("host_country",)))
    Unpriced(reason='no host country', missing=('host_country',))
    """

    reason: str
    missing: tuple[str, ...] = ()

    @classmethod
    def of(cls, error: NoCeilingError | UnpricedError) -> Unpriced:
        """Return the reason an error of :func:`lump_sum` gives, with the missing columns."""
        return cls(reason=str(error), missing=getattr(error, "missing", ()))


def threshold_finding(error: NoCeilingError | UnpricedError) -> Finding:
    """Return the ``threshold`` finding for a lump sum that cannot be computed.

    A host country without a known ceiling is an ``error``; an exchange that lacks a value
    pricing needs is ``undecided``, naming the missing columns; a cancelled exchange (never
    priced, nothing missing) is ``info``.

    >>> threshold_finding(NoCeilingError("GB", "cxc2")).rule
    'threshold'
    >>> threshold_finding(UnpricedError("no host country", ("host_country",))).missing
    ('host_country',)
    """
    if isinstance(error, UnpricedError):
        return Finding(
            rule="threshold",
            severity=Severity.UNDECIDED if error.missing else Severity.INFO,
            message=str(error),
            missing=error.missing,
        )
    return Finding(
        rule="threshold",
        severity=Severity.ERROR,
        message=str(error),
        field=f"ceilings.{error.country}",
    )


def _cite(provenance: Provenance, field: str, locale: str, *, note: bool = False) -> str:
    from clusterxchange.model.translations import term, translation

    text = translation(locale).gettext("{field}; source: {source}, {confidence} confidence")
    text = text.format(
        field=field, source=provenance.source, confidence=term(provenance.confidence.value, locale)
    )
    if note and provenance.note:
        text += f"; {provenance.note}"
    return f"({text})"


#: A lump sum's case: host country, short stay, short distance, virtual.
_CaseKey = tuple[str, bool, bool, bool]
#: What every lump sum of a case shares: amount, ceiling, reductions, citations.
_Case = tuple[Decimal, Decimal, tuple[str, ...], tuple["Citation", ...]]


class _Table:
    """One generation's lump-sum values, read once: what each case shares, made once per case."""

    __slots__ = ("cases", "decision", "generation", "stay")

    def __init__(self, generation: Generation) -> None:
        self.generation = generation
        self.stay: int = generation.short_stay_days.value
        self.decision = DistanceDecision(limit_km=generation.short_distance_km.value)
        #: (host, short stay, short distance, virtual) -> what every such lump sum shares
        self.cases: dict[_CaseKey, _Case] = {}

    def amounts(
        self, host: str, short_stay: bool, short_distance: bool, virtual: bool
    ) -> tuple[Decimal, Decimal]:
        """Return the amount and the ceiling (threshold) for one case, rounded to cents.

        Raises:
            NoCeilingError: No ceiling is known for *host* (the ``threshold`` rule).
        """
        g = self.generation
        # Rule `threshold`: the host country's ceiling (Generation.ceilings), never a made-up one.
        ceiling = g.ceiling(host)
        if ceiling is None:
            raise NoCeilingError(host, g.id)
        # The ceiling never exceeds the cap (Generation validates it); min() keeps the rule
        # visible.
        amount = min(ceiling.amount, g.cap.value)
        if short_stay or short_distance:
            amount *= g.reduction_factor.value  # once, whichever reductions hold
        if virtual:
            amount = Decimal(0)
        # Rounded half-up to cents once, at the end (docs/domain.md, "Money").
        return (
            amount.quantize(_CENT, rounding=ROUND_HALF_UP),
            ceiling.amount.quantize(_CENT, rounding=ROUND_HALF_UP),
        )

    def citations(self, host: str, virtual: bool) -> tuple[Citation, ...]:
        """Return the generation values a lump sum in *host* relies on."""
        g = self.generation
        ceiling = g.ceiling(host)
        assert ceiling is not None  # amounts() has raised otherwise
        stay, near = g.short_stay_days, g.short_distance_km
        factor, cap = g.reduction_factor, g.cap
        citations = [
            Citation(
                field=f"ceilings.{host}", value=str(ceiling.amount), provenance=ceiling.provenance
            ),
            Citation(field="cap", value=str(cap.value), provenance=cap.provenance),
            Citation(field="short_stay_days", value=str(stay.value), provenance=stay.provenance),
            Citation(field="short_distance_km", value=str(near.value), provenance=near.provenance),
            Citation(
                field="reduction_factor", value=str(factor.value), provenance=factor.provenance
            ),
        ]
        if virtual:
            allowed = g.virtual_allowed
            citations.append(
                Citation(
                    field="virtual_allowed", value=str(allowed.value), provenance=allowed.provenance
                )
            )
        return tuple(citations)

    def case(self, key: _CaseKey) -> _Case:
        """Return what every lump sum of one case shares: amount, ceiling, reductions, citations.

        Raises:
            NoCeilingError: No ceiling is known for the host (the ``threshold`` rule).
        """
        found = self.cases.get(key)
        if found is None:
            host, short_stay, short_distance, virtual = key
            amount, threshold = self.amounts(host, short_stay, short_distance, virtual)
            reductions = _REDUCTIONS_HELD[(short_stay, short_distance, virtual)]
            citations = self.citations(host, virtual)
            found = self.cases[key] = (amount, threshold, reductions, citations)
        return found

    def distance(self, exchange: Exchange) -> tuple[_Distance, DistanceSource | None, bool]:
        """Return the distance of *exchange*, where it comes from, and whether it is short.

        Declared, else between the organisations' locations (decided exactly, nearly always
        without the ellipsoid: :class:`LumpSum` computes the geodesic when its distance or
        explanation is read), else unknown (not short).
        """
        declared = exchange.distance_km
        if declared is not None:
            return declared, "declared", self.decision.declared_under(declared)
        a, b = exchange.host.location, exchange.visitor.location
        if a is None or b is None:
            return None, None, False
        return (a, b), "computed", self.decision.is_under(a, b)

    def lump_sum(
        self,
        host: str,
        days: int,
        *,
        distance: _Distance,
        source: DistanceSource | None,
        short_distance: bool,
        mode: Mode,
    ) -> LumpSum:
        """Return the lump sum of one case; *short_distance* was decided exactly."""
        amount, threshold, reductions, citations = self.case(
            (host, days < self.stay, short_distance, mode is Mode.VIRTUAL)
        )
        g = self.generation
        return _new_lump_sum(
            amount=amount,
            currency=g.currency,
            threshold=threshold,
            reductions=reductions,
            working_days=days,
            distance_source=source,
            mode=mode,
            generation=g.id,
            host_country=host,
            citations=citations,
            _distance=distance,
            _rules=g,
        )


#: The reduction ids that hold, for each (short stay, short distance, virtual).
_REDUCTIONS_HELD: Mapping[tuple[bool, bool, bool], tuple[str, ...]] = MappingProxyType(
    {
        (a, b, c): tuple(r for r, held in zip(REDUCTIONS, (a, b, c), strict=True) if held)
        for a in (False, True)
        for b in (False, True)
        for c in (False, True)
    }
)


@functools.lru_cache(maxsize=64)
def _table(generation: Generation) -> _Table:
    """Return the table of *generation*, built once per generation value.

    Keyed by the generation's value (its hash is computed once, see
    :class:`~clusterxchange.model.Generation`); bounded, as custom generations may be many.
    """
    return _Table(generation)


def _explain(result: LumpSum, generation: Generation, locale: str) -> str:
    """Return the explanation of *result*, computed under *generation*, written for *locale*."""
    from clusterxchange.model.formatting import (
        format_country,
        format_km,
        format_money,
        format_number,
    )
    from clusterxchange.model.translations import translation

    _ = translation(locale).gettext
    host, days, currency = result.host_country, result.working_days, result.currency
    ceiling = generation.ceiling(host)
    assert ceiling is not None  # a lump sum exists only where the ceiling does

    def money(amount: Decimal) -> str:
        return format_money(amount.quantize(_CENT, ROUND_HALF_UP), currency, locale)

    def cite(provenance: Provenance, field: str, *, note: bool = False) -> str:
        return _cite(provenance, field, locale, note=note)

    stay, near = generation.short_stay_days, generation.short_distance_km
    factor = generation.reduction_factor
    lines = [
        _("Host country {country}, generation {generation}: ceiling {ceiling} {source}.").format(
            country=f"{format_country(host, locale)} ({host})",
            generation=generation.id,
            ceiling=money(ceiling.amount),
            source=cite(ceiling.provenance, f"ceilings.{host}", note=True),
        )
    ]
    short_stay = "short_stay" in result.reductions
    stay_text = (
        _("{days} working days is under {limit} {source}.")
        if short_stay
        else _("{days} working days is not under {limit} {source}.")
    )
    lines.append(
        stay_text.format(
            days=format_number(days, locale),
            limit=format_number(stay.value, locale),
            source=cite(stay.provenance, "short_stay_days"),
        )
    )
    short_distance = "short_distance" in result.reductions
    limit = f"{format_number(near.value, locale)} km {cite(near.provenance, 'short_distance_km')}"
    km = result.distance_km
    if km is None and result.mode is Mode.VIRTUAL:
        lines.append(
            _(
                "The distance is unknown (no declared distance and no location for both "
                "organisations): it does not change the amount, which is zero."
            )
        )
    elif km is None and short_stay:
        lines.append(
            _(
                "The distance is unknown (no declared distance and no location for both "
                "organisations): it does not change the amount, reduced once at most."
            )
        )
    elif km is None:
        lines.append(
            _(
                "The distance is unknown (no declared distance and no location for both "
                "organisations): no distance reduction; the amount assumes at least {limit}."
            ).format(limit=limit)
        )
    else:
        how = (
            _("declared on the exchange")
            if result.distance_source == "declared"
            else _("computed on the WGS84 ellipsoid between the organisations' locations")
        )
        distance_text = (
            _("Distance {distance} ({how}) is under {limit}.")
            if short_distance
            else _("Distance {distance} ({how}) is not under {limit}.")
        )
        lines.append(distance_text.format(distance=format_km(km, locale), how=how, limit=limit))
    if short_stay or short_distance:
        reduced = min(ceiling.amount, generation.cap.value) * factor.value
        both = (
            _("Both reductions hold; the amount is reduced only once, by the factor {factor} "
              "{source}: {amount}.")
            if short_stay and short_distance
            else _("Reduced once, by the factor {factor} {source}: {amount}.")
        )  # fmt: skip
        lines.append(
            both.format(
                factor=format_number(factor.value, locale),
                source=cite(factor.provenance, "reduction_factor"),
                amount=money(reduced),
            )
        )
    if result.mode is Mode.VIRTUAL:
        allowed = generation.virtual_allowed
        lines.append(
            _("A virtual exchange is never funded: the amount is zero {source}.").format(
                source=cite(allowed.provenance, "virtual_allowed", note=True)
            )
        )
    lines.append(_("Lump sum: {amount}.").format(amount=money(result.amount)))
    return " ".join(lines)


def _resolve_generation(generation: Generation | str) -> Generation:
    if isinstance(generation, Generation):
        return generation  # without the import statement: lump sums come by the million
    from clusterxchange.generations import get_generation

    return get_generation(generation)


def lump_sum(
    exchange: Exchange,
    generation: Generation | str,
    *,
    calendar: HolidayCalendar | CalendarProvider | None = None,
    working_days: int | None = None,
) -> LumpSum:
    """Return the lump sum of *exchange* under *generation*, with its reasons.

    Working days are the exchange's ``working_days`` when given, else counted from ``start``
    to ``end`` (less the host country's holidays in *calendar*, see
    :func:`clusterxchange.money.days.working_days`). The distance is the declared one, else the
    geodesic between the organisations' locations, else unknown: no distance reduction, and
    the explanation says that the amount assumes the organisations are at least the
    generation's ``short_distance_km`` apart.

    A verdict prices its exchange here too
    (:attr:`clusterxchange.eligibility.Verdict.lump_sum`), with the working days its checks
    counted (*working_days*), so that checking and pricing are one decision.

    An exchange that lacks what pricing needs has no lump sum: :class:`UnpricedError` names
    the missing columns. That is the host country (the ceiling depends on it) and the working
    days (``working_days``, or ``start`` and ``end``). A cancelled exchange is never priced
    (:class:`UnpricedError`, nothing missing).

    Args:
        exchange: The exchange.
        generation: A :class:`Generation` (shipped or custom) or a shipped generation's id.
        calendar: A holiday calendar, or a provider of each host country's calendar.
        working_days: The working days already decided (a verdict's): used as they are,
            instead of the exchange's record or a count.

    Raises:
        NoCeilingError: No ceiling is known for the host country (the ``threshold`` rule).
        UnpricedError: The exchange is cancelled, or lacks a value pricing needs (its
            ``missing`` names the columns); :func:`threshold_finding` makes it a finding.
        InvalidValueError: *exchange* is not an :class:`Exchange`.
        UnknownGenerationError: *generation* is not a known id.

    >>> import datetime as dt
    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
    >>> e = Exchange(host=host, visitor=visitor, start=dt.date(2023, 3, 6),
    ...              end=dt.date(2023, 3, 9), distance_km=1700)
    >>> result = lump_sum(e, "cxc2")
    >>> result.amount, result.reductions, result.working_days
    (Decimal('415.00'), ('short_stay',), 4)
    >>> try:
    ...     lump_sum(attrs.evolve(e, start=None), "cxc2")
    ... except UnpricedError as error:
    ...     print(error.missing)
    ('start', 'working_days')
    """
    if not isinstance(exchange, Exchange):
        raise InvalidValueError(f"expected an Exchange, got {type(exchange).__name__}")
    table = _table(_resolve_generation(generation))
    host = _priced_host(exchange)
    if working_days is None:
        days = _working_days(exchange, calendar, {})
    else:
        days = _to_working_days(working_days)
    distance, source, short = table.distance(exchange)
    return table.lump_sum(
        host, days, distance=distance, source=source, short_distance=short, mode=exchange.mode
    )


def lump_sums(
    exchanges: Iterable[Exchange],
    generation: Generation | str,
    *,
    calendar: HolidayCalendar | CalendarProvider | None = None,
) -> tuple[LumpSum, ...]:
    """Return the lump sum of each exchange under *generation*, in order.

    The batch form of :func:`lump_sum`, with the same results: the short distances are
    decided together (:meth:`~clusterxchange.money.distance.DistanceDecision.decide`) and working
    days counted once per distinct span.
    Python's cyclic garbage collector is paused while the lump sums are built (and restored
    after): they form no reference cycles, and with a large dataset alive the collector
    would take about half of the time walking it to free nothing.

    Raises:
        NoCeilingError: No ceiling is known for an exchange's host country.
        UnpricedError: An exchange is cancelled or lacks a value pricing needs (as for
            :func:`lump_sum`); the message gives its 0-based position. To price what can be
            priced and list the rest with the reason, use :func:`clusterxchange.budget`.
        InvalidValueError: An item is not an exchange; the message gives its position.
        UnknownGenerationError: *generation* is not a known id.

    >>> import datetime as dt
    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
    >>> e = Exchange(host=host, visitor=visitor, start=dt.date(2023, 3, 6),
    ...              end=dt.date(2023, 3, 17), distance_km=1700)
    >>> [s.amount for s in lump_sums([e, attrs.evolve(e, distance_km=150)], "cxc2")]
    [Decimal('830.00'), Decimal('415.00')]
    """
    given: object = exchanges  # callers without type checking may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InvalidValueError(f"expected exchanges, got {type(given).__name__}")
    table = _table(_resolve_generation(generation))
    items = list(exchanges)
    # A lump sum forms no reference cycle (model/_collector.py): with the collector running,
    # building a million of them beside the exchanges they price took about twice as long.
    with paused_collection():
        return _lump_sums(items, table, calendar)


#: A lump sum from values this module computed (the fields are typed as the class says, and
#: LumpSum has no converter or validator to run): it sets the twelve fields without attrs'
#: frozen ``__init__``, which goes through ``object.__setattr__`` for each. About 0.8 us
#: instead of 1.4 us a lump sum, a sixth of the batch; every lump sum (one at a time, the
#: batch, a verdict's) is built so. The object is the one the class builds from the same
#: values (tests/test_money_batch.py compares them).
_new_lump_sum = trusted_constructor(LumpSum)


def _lump_sums(
    items: list[Exchange],
    table: _Table,
    calendar: HolidayCalendar | CalendarProvider | None,
) -> tuple[LumpSum, ...]:
    """Return the lump sum of each of *items* (checked to be exchanges) under *table*."""
    pairs: list[tuple[Location, Location]] = []
    for index, exchange in enumerate(items):
        if not isinstance(exchange, Exchange):
            raise InvalidValueError(
                f"exchange {index}: expected an Exchange, got {type(exchange).__name__}"
            )
        a, b = exchange.host.location, exchange.visitor.location
        if exchange.distance_km is None and a is not None and b is not None:
            pairs.append((a, b))
    decided = iter(table.decision._decide_trusted(pairs))
    # The body of lump_sum and _Table.lump_sum, written out: a budget prices every exchange.
    g = table.generation
    currency, generation_id, stay = g.currency, g.id, table.stay
    declared_under = table.decision.declared_under
    cases, case = table.cases, table.case
    spans: dict[tuple[object, ...], int] = {}
    results: list[LumpSum] = []
    append, new_lump_sum = results.append, _new_lump_sum
    for index, exchange in enumerate(items):
        host_org, visitor_org = exchange.host, exchange.visitor
        host, mode = host_org.country, exchange.mode
        days = exchange.working_days
        try:
            if host is None or exchange.status is _CANCELLED:
                host = _priced_host(exchange)
            if days is None:
                days = _working_days(exchange, calendar, spans)
        except UnpricedError as error:
            raise UnpricedError(f"exchange {index}: {error}", error.missing) from None
        declared = exchange.distance_km
        distance: _Distance
        source: DistanceSource | None
        if declared is not None:
            distance, source, short = declared, "declared", declared_under(declared)
        else:
            a, b = host_org.location, visitor_org.location
            if a is None or b is None:
                distance, source, short = None, None, False
            else:
                distance, source, short = (a, b), "computed", next(decided)
        key = (host, days < stay, short, mode is _VIRTUAL)
        amount, threshold, reductions, citations = cases.get(key) or case(key)
        append(
            new_lump_sum(
                amount=amount,
                currency=currency,
                threshold=threshold,
                reductions=reductions,
                working_days=days,
                distance_source=source,
                mode=mode,
                generation=generation_id,
                host_country=host,
                citations=citations,
                _distance=distance,
                _rules=g,
            )
        )
    return tuple(results)


def _who(exchange: Exchange) -> str:
    return f"exchange {exchange.id}" if exchange.id else "the exchange"


def _priced_host(exchange: Exchange) -> str:
    """Return the host country of an exchange to price.

    Raises:
        UnpricedError: The exchange is cancelled, or its host country is not recorded.
    """
    if exchange.status is _CANCELLED:
        raise UnpricedError(f"{_who(exchange)} is cancelled: no lump sum is paid")
    host = exchange.host.country
    if host is None:
        raise UnpricedError(
            f"{_who(exchange)}: no country is recorded for the host {exchange.host.name} "
            "(column host_country): the lump sum cannot be computed, its ceiling depends on it",
            ("host_country",),
        )
    return host


def _working_days(
    exchange: Exchange,
    calendar: HolidayCalendar | CalendarProvider | None,
    spans: dict[tuple[object, ...], int],
) -> int:
    """Return the working days of *exchange*: recorded, else counted (once per span)."""
    if exchange.working_days is not None:
        return exchange.working_days
    start, end = exchange.start, exchange.end
    if start is None or end is None:
        missing = tuple(
            column for column, blank in (("end", end is None), ("start", start is None)) if blank
        )
        raise UnpricedError(
            f"{_who(exchange)}: the working days are unknown: give working_days, or both start "
            "and end dates (first and last day of activity)",
            (*missing, "working_days"),
        )
    host = exchange.host.country
    if calendar is None or host is None:
        key: tuple[object, ...] = (start, end)
        days = spans.get(key)
        if days is None:
            # The model ensures dates, end not before start: working_days() would only check.
            days = spans[key] = weekdays_between(start, end)
        return days
    key = (start, end, host)
    days = spans.get(key)
    if days is None:
        days = spans[key] = working_days(start, end, country=host, calendar=calendar)
    return days


def _to_working_days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"working_days: expected a whole number, got {value!r}")
    if value < 0:
        raise InvalidValueError(f"working_days: expected a number >= 0, got {value}")
    return value


def _to_distance(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidValueError(f"distance_km: expected a number of km, got {value!r}")
    try:
        km = float(value)
    except (ValueError, OverflowError):  # a signalling NaN, an int beyond any float
        km = math.nan
    if not math.isfinite(km) or km < 0:
        raise InvalidValueError(f"distance_km: expected a finite distance >= 0, got {value!r}")
    return km


def _to_mode(value: object) -> Mode:
    try:
        if isinstance(value, str):
            return Mode(value.strip().lower())
    except ValueError:
        pass
    raise InvalidValueError(f"mode: expected physical or virtual, got {value!r}")


def quick_lump_sum(
    *,
    host_country: str,
    working_days: int,
    distance_km: float | Decimal | None = None,
    between: tuple[Location, Location] | None = None,
    mode: Mode | str = Mode.PHYSICAL,
    generation: Generation | str,
) -> LumpSum:
    """Return a lump sum from its inputs directly, without building an :class:`Exchange`.

    Args:
        host_country: The host country (code or name, see
            :func:`clusterxchange.normalize_country`).
        working_days: Working days of activity, travel excluded.
        distance_km: The declared distance between the organisations.
        between: The two organisations' locations, to compute the distance from instead.
        mode: ``physical`` or ``virtual``.
        generation: A :class:`Generation` or a shipped generation's id.

    Raises:
        NoCeilingError: No ceiling is known for the host country.
        UnknownCountryError: *host_country* is not a known country.
        InvalidValueError: A value is malformed, or both *distance_km* and *between* are given.

    >>> quick_lump_sum(host_country="DK", working_days=10, distance_km=800,
    ...                generation="cxc2").amount
    Decimal('1100.00')
    """
    from clusterxchange.model.countries import normalize_country

    host = normalize_country(host_country)
    days = _to_working_days(working_days)
    physical = _to_mode(mode)
    rules = _resolve_generation(generation)
    if distance_km is not None and between is not None:
        raise InvalidValueError("give either distance_km or the two locations (between), not both")
    table = _table(rules)
    if distance_km is not None:
        km = _to_distance(distance_km)
        short = table.decision.declared_under(km)
        return table.lump_sum(
            host, days, distance=km, source="declared", short_distance=short, mode=physical
        )
    if between is not None:
        try:
            a, b = between
        except (TypeError, ValueError):
            raise InvalidValueError("between: expected two locations") from None
        short = table.decision.is_under(a, b)  # also checks that both are locations
        return table.lump_sum(
            host, days, distance=(a, b), source="computed", short_distance=short, mode=physical
        )
    return table.lump_sum(
        host, days, distance=None, source=None, short_distance=False, mode=physical
    )
