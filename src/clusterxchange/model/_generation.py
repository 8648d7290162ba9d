"""A generation: one versioned set of rule values, each with its provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Generic, TypeVar

import attrs

from clusterxchange.model._kinds import Confidence, OrganisationKind
from clusterxchange.model._organisation import to_country
from clusterxchange.model._validate import (
    check_date,
    check_required_date,
    required_text,
    to_member,
    to_tuple_of,
)
from clusterxchange.model.errors import InvalidValueError

__all__ = ["Ceiling", "Generation", "Participation", "Period", "Provenance", "Sourced"]

T = TypeVar("T")


def _to_confidence(value: object) -> Confidence:
    return value if type(value) is Confidence else to_member(Confidence, value, "confidence")


@attrs.frozen(kw_only=True)
class Provenance:
    """Where a rule value comes from, and how sure we are of it.

    Attributes:
        source: One or more sources (URLs or document references), separated by ``" ; "``.
        confidence: ``high`` (stated by an official source), ``medium`` (inferred or stated by a
            secondary source), ``low`` (our decision where sources are silent or disagree).
        note: Why the value is what it is, when that is not obvious from the source.
    """

    source: str = attrs.field(converter=required_text)
    confidence: Confidence = attrs.field(converter=_to_confidence)
    note: str = ""

    def __str__(self) -> str:
        text = f"{self.source} ({self.confidence.value} confidence)"
        return f"{text}: {self.note}" if self.note else text


@attrs.frozen(kw_only=True)
class Sourced(Generic[T]):
    """A rule value together with its provenance."""

    value: T
    provenance: Provenance


@attrs.frozen(kw_only=True)
class Period:
    """A span of days, first and last day included.

    >>> p = Period(start=dt.date(2022, 2, 1), end=dt.date(2024, 3, 31))
    >>> dt.date(2024, 3, 31) in p, dt.date(2024, 4, 1) in p
    (True, False)
    """

    start: dt.date = attrs.field(validator=check_required_date)
    end: dt.date = attrs.field(validator=check_required_date)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(
                f"a period cannot end ({self.end}) before it starts ({self.start})"
            )

    def __contains__(self, day: object) -> bool:
        # A datetime is no day here (the model refuses them), and comparing one raises.
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            return False
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} .. {self.end.isoformat()}"


@attrs.frozen(kw_only=True)
class Participation:
    """A country taking part in a generation, from the day it joined the programme.

    ``joined`` is ``None`` when the country took part from the programme's start.
    """

    country: str = attrs.field(converter=to_country)
    joined: dt.date | None = attrs.field(default=None, validator=check_date)
    provenance: Provenance
    note: str = ""

    def participates_on(self, day: dt.date | None) -> bool:
        """Return whether the country took part on *day* (always, when *day* is unknown)."""
        return self.joined is None or day is None or day >= self.joined


_Field = TypeVar("_Field")


def _check_ceiling(_instance: object, _attribute: object, value: _Field) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise InvalidValueError(f"a ceiling is a finite amount >= 0, got {value!r}")


@attrs.frozen(kw_only=True)
class Ceiling:
    """The lump sum for a full exchange hosted in one country (EUR)."""

    country: str = attrs.field(converter=to_country)
    amount: Decimal = attrs.field(validator=_check_ceiling)
    provenance: Provenance


# Named tuple converters: the attrs mypy plugin cannot type ``converter=tuple``.
def _to_participations(values: Iterable[Participation]) -> tuple[Participation, ...]:
    return to_tuple_of(values, Participation, "countries")


def _to_ceilings(values: Iterable[Ceiling]) -> tuple[Ceiling, ...]:
    return to_tuple_of(values, Ceiling, "ceilings")


def _index_countries(values: tuple[Participation, ...]) -> Mapping[str, Participation]:
    return {p.country: p for p in values}


@attrs.frozen(kw_only=True)
class Generation:
    """Every rule value of one generation of the scheme, each with its provenance.

    Logic modules read these values and never branch on :attr:`id`, so a partnership can
    define its own generation, or override one value of a shipped one, from a file (see
    :func:`clusterxchange.load_generation`).

    Attributes:
        id: Short identifier (``cxc1``, ``cxc2``, or a custom id).
        title: Human name of the generation.
        programme: The EU programme and call that fund it.
        period: The days on which exchanges of the generation may start.
        countries: Participating countries with the day each joined.
        ceilings: The full lump sum per host country (EUR).
        cap: The absolute cap of any lump sum (EUR).
        visitor_kinds: Organisation kinds that may visit.
        host_kinds: Organisation kinds that may host.
        contested_visitor_kinds: Kinds whose visits are contested: a warning, not an error.
        member_kinds: Kinds that must be members of a cluster to take part.
        eccp_kinds: Kinds whose cluster must be profiled on the ECCP.
        host_member_kinds: Host kinds that must be members of (or active in) a cluster; an
            unrecorded membership is a warning.
        non_member_sme_host: Whether an SME that is no cluster member may host with the
            agency's prior approval recorded on the exchange.
        min_working_days: Least number of working days of activity.
        max_calendar_days: Most calendar days from first to last activity day, unless the stay
            ends within ``max_calendar_months``.
        max_calendar_months: Most calendar months from the first activity day (1 to 31 March
            is one month); a stay is refused only beyond both limits.
        short_stay_days: A stay under this many working days is halved.
        short_distance_km: Organisations closer than this are halved.
        distance_requisite: Whether a distance under ``short_distance_km`` is also a warning.
        reduction_factor: The factor of a reduced lump sum (one halving at most).
        virtual_allowed: Whether virtual exchanges are recognised (they are never funded).
        visits_per_visitor: How many physical visits a visitor may make in the generation.
        visits_in_scheme: How many physical visits a visitor may make in the whole scheme;
            more, in another generation, is a warning (sources disagree).
        residence_days: Days of residence a non-national representative needs.
        payment_days: Days within which the lump sum is paid after the validated final report.
        it_tool_id_pattern: Regular expression of IDs issued by the official IT tool.
        virtual_until: The last first day of a recognised virtual exchange (``None``: no
            end known); a virtual exchange starting later is a warning.
        permanent_residence: How a participant's country is chosen (its registration, or
            for several establishments where the representative is based).
        currency: ISO 4217 code of every amount.
        extends: The id of the generation this one overrides, for custom generations.
    """

    id: str = attrs.field(converter=required_text)
    title: str
    programme: Sourced[str]
    period: Sourced[Period]
    countries: tuple[Participation, ...] = attrs.field(converter=_to_participations)
    ceilings: tuple[Ceiling, ...] = attrs.field(converter=_to_ceilings)
    cap: Sourced[Decimal]
    visitor_kinds: Sourced[frozenset[OrganisationKind]]
    host_kinds: Sourced[frozenset[OrganisationKind]]
    contested_visitor_kinds: Sourced[frozenset[OrganisationKind]]
    member_kinds: Sourced[frozenset[OrganisationKind]]
    eccp_kinds: Sourced[frozenset[OrganisationKind]]
    host_member_kinds: Sourced[frozenset[OrganisationKind]]
    non_member_sme_host: Sourced[bool]
    min_working_days: Sourced[int]
    max_calendar_days: Sourced[int]
    max_calendar_months: Sourced[int]
    short_stay_days: Sourced[int]
    short_distance_km: Sourced[Decimal]
    distance_requisite: Sourced[bool]
    reduction_factor: Sourced[Decimal]
    virtual_allowed: Sourced[bool]
    visits_per_visitor: Sourced[int]
    visits_in_scheme: Sourced[int]
    residence_days: Sourced[int]
    payment_days: Sourced[int]
    it_tool_id_pattern: Sourced[str]
    virtual_until: Sourced[dt.date | None]
    permanent_residence: Sourced[str]
    currency: str = "EUR"
    extends: str | None = None
    _country_index: Mapping[str, Participation] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
    _ceiling_index: Mapping[str, Ceiling] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_country_index", _index_countries(self.countries))
        object.__setattr__(self, "_ceiling_index", {c.country: c for c in self.ceilings})
        if len(self._country_index) != len(self.countries):
            raise InvalidValueError(f"generation {self.id}: a country is listed twice")
        if len(self._ceiling_index) != len(self.ceilings):
            raise InvalidValueError(f"generation {self.id}: a ceiling is listed twice")
        cap: object = self.cap  # callers without type checking may pass anything
        if not (isinstance(cap, Sourced) and isinstance(cap.value, Decimal)):
            raise InvalidValueError(f"generation {self.id}: cap: expected a sourced Decimal")
        for ceiling in self.ceilings:
            if ceiling.amount > self.cap.value:
                raise InvalidValueError(
                    f"generation {self.id}: the ceiling of {ceiling.country} "
                    f"({ceiling.amount}) is above the cap ({self.cap.value})"
                )

    def participation(self, country: str) -> Participation | None:
        """Return the participation of canonical country *country*, or ``None``."""
        code: object = country  # callers without type checking may pass anything
        return self._country_index.get(code) if isinstance(code, str) else None

    def ceiling(self, country: str) -> Ceiling | None:
        """Return the ceiling for canonical host country *country*, or ``None`` if unknown."""
        code: object = country  # callers without type checking may pass anything
        return self._ceiling_index.get(code) if isinstance(code, str) else None

    def covers(self, day: dt.date) -> bool:
        """Return whether *day* lies in the generation's period."""
        return day in self.period.value
