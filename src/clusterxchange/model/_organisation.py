"""Organisations, clusters and partnerships."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TypeVar

import attrs

from clusterxchange.model._kinds import InvestorKind, OrganisationKind
from clusterxchange.model._validate import (
    check_instance,
    check_required_date,
    optional_text,
    required_text,
    to_decimal,
    to_member,
    to_optional_decimal,
    to_text_tuple,
    to_tuple_of,
)
from clusterxchange.model.countries import normalize_country
from clusterxchange.model.errors import InvalidLocationError, InvalidValueError

__all__ = [
    "AccountingPeriod",
    "Availability",
    "Cluster",
    "ClusterRef",
    "Holding",
    "Location",
    "Organisation",
    "Partnership",
    "to_country",
    "to_kind",
    "to_optional_country",
    "to_optional_kind",
]

_PIC = re.compile(r"\d{9}")


def to_country(value: object) -> str:
    """Converter: normalise a country code or name (see :func:`normalize_country`)."""
    return normalize_country(value)


def to_optional_country(value: object) -> str | None:
    """Converter: a country as :func:`to_country`; ``None`` for ``None`` or blank text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return normalize_country(value)


def to_kind(value: object) -> OrganisationKind:
    """Converter: an :class:`OrganisationKind` from itself or its canonical value."""
    if isinstance(value, OrganisationKind):
        return value
    if isinstance(value, str):
        try:
            return OrganisationKind(value.strip().lower())
        except ValueError:
            pass
    known = ", ".join(k.value for k in OrganisationKind)
    raise InvalidValueError(f"unknown organisation kind {value!r}: expected one of {known}")


def to_optional_kind(value: object) -> OrganisationKind | None:
    """Converter: a kind as :func:`to_kind`; ``None`` for ``None`` or blank text."""
    if value is None or type(value) is OrganisationKind:
        return value
    if isinstance(value, str) and not value.strip():
        return None
    return to_kind(value)


def _to_pic(value: object) -> str | None:
    text = optional_text(value)
    if text is None:
        return None
    compact = text.replace(" ", "")
    if not _PIC.fullmatch(compact):
        raise InvalidValueError(f"a PIC is 9 digits, got {text!r}")
    return compact


def _to_coordinate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidLocationError(f"expected a number of degrees, got {value!r}")
    try:
        result = float(value)
    except (ValueError, OverflowError):  # a signalling NaN, an int beyond any float
        raise InvalidLocationError(f"expected a finite number of degrees, got {value!r}") from None
    if not math.isfinite(result):
        raise InvalidLocationError(f"expected a finite number of degrees, got {value!r}")
    return result


def _check_latitude(_instance: object, _attribute: object, value: float) -> None:
    if not -90.0 <= value <= 90.0:
        raise InvalidLocationError(f"latitude {value} is outside [-90, 90]")


def _check_longitude(_instance: object, _attribute: object, value: float) -> None:
    if not -180.0 <= value <= 180.0:
        raise InvalidLocationError(f"longitude {value} is outside [-180, 180]")


@attrs.frozen(kw_only=True)
class Location:
    """A point on the WGS84 ellipsoid, in decimal degrees.

    >>> Location(latitude=50.85, longitude=4.35)
    Location(latitude=50.85, longitude=4.35)
    """

    latitude: float = attrs.field(converter=_to_coordinate, validator=_check_latitude)
    longitude: float = attrs.field(converter=_to_coordinate, validator=_check_longitude)


def _check_share(_instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not Decimal(0) <= value <= Decimal(1):
        raise InvalidValueError(f"{attribute.name}: a share is a fraction from 0 to 1, got {value}")


#: A Decimal or optional Decimal field: a type variable lets the attrs mypy plugin take the
#: field type from its annotation.
_Amount = TypeVar("_Amount")


def _check_non_negative(
    _instance: object, attribute: attrs.Attribute[_Amount], value: _Amount
) -> None:
    if isinstance(value, Decimal) and value < 0:
        raise InvalidValueError(f"{attribute.name}: expected an amount >= 0, got {value}")


def _to_investor(value: object) -> InvestorKind:
    return value if type(value) is InvestorKind else to_member(InvestorKind, value, "investor")


@attrs.frozen(kw_only=True)
class Holding:
    """An enterprise linked with, or a partner of, the enterprise being assessed.

    The share is the larger of the capital and the voting rights held (either way round), as a
    fraction from 0 to 1. Above 0.5 the enterprises are linked; from 0.25 they are partners.
    Figures are the holding's own for the same accounting period, in EUR and staff headcount
    (annual work units).
    """

    name: str = attrs.field(converter=required_text)
    share: Decimal = attrs.field(converter=to_decimal, validator=_check_share)
    investor: InvestorKind = attrs.field(default=InvestorKind.ENTERPRISE, converter=_to_investor)
    headcount: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_check_non_negative
    )
    turnover: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_check_non_negative
    )
    balance_sheet: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_check_non_negative
    )
    invested: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_check_non_negative
    )


# Named tuple converters rather than ``converter=tuple``: the attrs mypy plugin cannot infer
# a generic converter's element type, so typed callers would be told to pass ``Iterable[_T_co]``.
def _to_holdings(values: Iterable[Holding]) -> tuple[Holding, ...]:
    return to_tuple_of(values, Holding, "holdings")


@attrs.frozen(kw_only=True)
class AccountingPeriod:
    """An enterprise's figures for one closed accounting period (Recommendation 2003/361/EC).

    >>> period = AccountingPeriod(end=dt.date(2023, 12, 31), headcount=12, turnover="1500000")
    >>> period.headcount, period.turnover, period.balance_sheet
    (Decimal('12'), Decimal('1500000'), None)
    """

    end: dt.date = attrs.field(validator=check_required_date)
    headcount: Decimal = attrs.field(converter=to_decimal, validator=_check_non_negative)
    turnover: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_check_non_negative
    )
    balance_sheet: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=_check_non_negative
    )
    holdings: tuple[Holding, ...] = attrs.field(default=(), converter=_to_holdings)


@attrs.frozen(kw_only=True)
class ClusterRef:
    """An organisation's membership of a cluster, by the cluster's name.

    ``eccp_profiled`` says whether the cluster organisation is profiled on the European Cluster
    Collaboration Platform (``None`` when not known).
    """

    name: str = attrs.field(converter=required_text)
    eccp_profiled: bool | None = None


def _to_cluster_refs(values: object) -> tuple[ClusterRef, ...] | None:
    if values is None:
        return None
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise InvalidValueError("clusters: expected a sequence of cluster memberships")
    refs: list[ClusterRef] = []
    for value in values:
        if isinstance(value, ClusterRef):
            refs.append(value)
        elif isinstance(value, str):
            refs.append(ClusterRef(name=value))
        else:
            raise InvalidValueError(f"clusters: expected a cluster name, got {value!r}")
    return tuple(refs)


@attrs.frozen(kw_only=True)
class Availability:
    """A period, first and last day included, in which an organisation can host or visit."""

    start: dt.date = attrs.field(validator=check_required_date)
    end: dt.date = attrs.field(validator=check_required_date)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidValueError(
                f"availability ends ({self.end}) before it starts ({self.start})"
            )


def _to_figures(values: Iterable[AccountingPeriod]) -> tuple[AccountingPeriod, ...]:
    return to_tuple_of(values, AccountingPeriod, "figures")


def _to_availability(values: Iterable[Availability]) -> tuple[Availability, ...]:
    return to_tuple_of(values, Availability, "availability")


@attrs.frozen(kw_only=True)
class Organisation:
    """A participant in an exchange: a cluster member, a cluster organisation or another body.

    Its country is where it is registered (its permanent residence). Only the name is
    required: a table that does not record the country or the kind gives ``None``, and every
    rule that needs the missing value says it cannot be decided (an ``undecided`` finding).

    >>> sme = Organisation(name=" Baltic Robotics ", country="Estonia", kind="sme",
    ...                    clusters=["Tallinn Robotics"])
    >>> sme.name, sme.country, sme.kind
    ('Baltic Robotics', 'EE', <OrganisationKind.SME: 'sme'>)
    >>> sme.clusters
    (ClusterRef(name='Tallinn Robotics', eccp_profiled=None),)
    >>> Organisation(name="Aero Lda").country, Organisation(name="Aero Lda").kind
    (None, None)
    """

    name: str = attrs.field(converter=required_text)
    country: str | None = attrs.field(default=None, converter=to_optional_country)
    kind: OrganisationKind | None = attrs.field(default=None, converter=to_optional_kind)
    pic: str | None = attrs.field(default=None, converter=_to_pic)
    clusters: tuple[ClusterRef, ...] | None = attrs.field(default=None, converter=_to_cluster_refs)
    location: Location | None = attrs.field(default=None, validator=check_instance(Location))
    figures: tuple[AccountingPeriod, ...] = attrs.field(default=(), converter=_to_figures)
    sectors: tuple[str, ...] = attrs.field(default=(), converter=to_text_tuple)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=to_text_tuple)
    availability: tuple[Availability, ...] = attrs.field(default=(), converter=_to_availability)

    @property
    def is_cluster_member(self) -> bool | None:
        """Whether the organisation belongs to at least one cluster (``None``: not recorded)."""
        return None if self.clusters is None else bool(self.clusters)


def _to_members(values: Iterable[Organisation]) -> tuple[Organisation, ...]:
    return to_tuple_of(values, Organisation, "members")


@attrs.frozen(kw_only=True)
class Cluster:
    """A cluster: the cluster organisation that manages it, and its member organisations."""

    name: str = attrs.field(converter=required_text)
    organisation: Organisation = attrs.field(validator=check_instance(Organisation, optional=False))
    eccp_profiled: bool = False
    sectors: tuple[str, ...] = attrs.field(default=(), converter=to_text_tuple)
    members: tuple[Organisation, ...] = attrs.field(default=(), converter=_to_members)

    @property
    def ref(self) -> ClusterRef:
        """A membership reference to this cluster, for :attr:`Organisation.clusters`."""
        return ClusterRef(name=self.name, eccp_profiled=self.eccp_profiled)


def _to_clusters(values: Iterable[Cluster]) -> tuple[Cluster, ...]:
    return to_tuple_of(values, Cluster, "clusters")


@attrs.frozen(kw_only=True)
class Partnership:
    """A partnership of cluster organisations that runs exchanges under one generation."""

    name: str = attrs.field(converter=required_text)
    clusters: tuple[Cluster, ...] = attrs.field(default=(), converter=_to_clusters)
    generation: str | None = attrs.field(default=None, converter=optional_text)

    def cluster_names(self) -> frozenset[str]:
        """Return the case-folded names of the partnership's clusters."""
        return frozenset(c.name.casefold() for c in self.clusters)

    def includes(self, organisation: Organisation) -> bool:
        """Return whether *organisation* belongs to one of the partnership's clusters.

        An organisation is inside when it is a listed member or the cluster organisation of one
        of the clusters, or when one of its cluster memberships names one of them.

        Raises:
            InvalidValueError: *organisation* is not an :class:`Organisation`.
        """
        if not isinstance(organisation, Organisation):
            raise InvalidValueError(f"expected an Organisation, got {type(organisation).__name__}")
        names = self.cluster_names()
        if any(ref.name.casefold() in names for ref in organisation.clusters or ()):
            return True
        for cluster in self.clusters:
            if organisation == cluster.organisation or organisation in cluster.members:
                return True
        return False
