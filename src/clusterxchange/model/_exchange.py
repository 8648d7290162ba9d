"""Exchanges, their documents, and group exchanges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from clusterxchange.model._kinds import Mode, Party, Relation, Status
from clusterxchange.model._organisation import Organisation, to_country
from clusterxchange.model._validate import (
    check_date,
    check_instance,
    check_non_negative_int,
    check_required_date,
    optional_text,
    required_text,
    to_decimal,
    to_member,
    to_optional_float,
    to_text_tuple,
    to_tuple_of,
)
from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "CommitmentToQuality",
    "Documents",
    "Exchange",
    "FinalReport",
    "FinancialAgreement",
    "GroupExchange",
    "Payment",
    "Representative",
]


def _to_parties(values: Iterable[Party | str]) -> frozenset[Party]:
    if isinstance(values, str):
        raise InvalidValueError("signed_by: expected a set of parties, got a single text")
    try:
        return frozenset(Party(v) for v in values)
    except (ValueError, TypeError):
        known = ", ".join(p.value for p in Party)
        raise InvalidValueError(f"signed_by: expected parties among {known}") from None


@attrs.frozen(kw_only=True)
class CommitmentToQuality:
    """The Commitment to Quality: goals, objectives and agenda, and who has signed it."""

    goals: str | None = attrs.field(default=None, converter=optional_text)
    objectives: str | None = attrs.field(default=None, converter=optional_text)
    agenda: str | None = attrs.field(default=None, converter=optional_text)
    signed_by: frozenset[Party] = attrs.field(default=frozenset(), converter=_to_parties)


@attrs.frozen(kw_only=True)
class FinancialAgreement:
    """The Financial Agreement between the visitor and its partnership, and who has signed it."""

    signed_by: frozenset[Party] = attrs.field(default=frozenset(), converter=_to_parties)


@attrs.frozen(kw_only=True)
class FinalReport:
    """The visitor's Final Activity Report: when submitted, when validated, and the evidence."""

    submitted: dt.date | None = attrs.field(default=None, validator=check_date)
    validated: dt.date | None = attrs.field(default=None, validator=check_date)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=to_text_tuple)

    def __attrs_post_init__(self) -> None:
        if self.validated is not None and self.submitted is None:
            raise InvalidValueError("a final report cannot be validated before it is submitted")
        if (
            self.validated is not None
            and self.submitted is not None
            and self.validated < self.submitted
        ):
            raise InvalidValueError(
                f"final report validated ({self.validated}) "
                f"before it was submitted ({self.submitted})"
            )


@attrs.frozen(kw_only=True)
class Documents:
    """The documents of an exchange, each ``None`` until it exists."""

    commitment: CommitmentToQuality | None = attrs.field(
        default=None, validator=check_instance(CommitmentToQuality)
    )
    financial_agreement: FinancialAgreement | None = attrs.field(
        default=None, validator=check_instance(FinancialAgreement)
    )
    final_report: FinalReport | None = attrs.field(
        default=None, validator=check_instance(FinalReport)
    )


#: The documents of an exchange that has none recorded yet (shared: documents are immutable).
_NO_DOCUMENTS = Documents()


def _check_amount(_instance: object, _attribute: object, value: Decimal) -> None:
    if value < 0:
        raise InvalidValueError(f"a payment cannot be negative, got {value}")


@attrs.frozen(kw_only=True)
class Payment:
    """The lump sum paid to the visitor: the day and the amount (EUR)."""

    date: dt.date = attrs.field(validator=check_required_date)
    amount: Decimal = attrs.field(converter=to_decimal, validator=_check_amount)


@attrs.frozen(kw_only=True)
class Representative:
    """The person who travels for the visitor, for the residence rule.

    A representative who is not a national of a participating country needs ``residence_days``
    of residence (183 in the shipped generations) in the visitor's country and a started or
    intended business there.
    """

    nationality: str = attrs.field(converter=to_country)
    residence_days: int | None = attrs.field(default=None, validator=check_non_negative_int)
    business_in_country: bool | None = None


# Each converter takes a member as it is: the common case, without the enumeration's look-up.
def _to_mode(value: object) -> Mode:
    return value if type(value) is Mode else to_member(Mode, value, "mode")


def _to_status(value: object) -> Status:
    return value if type(value) is Status else to_member(Status, value, "status")


def _to_relation(value: object) -> Relation | None:
    if value is None or type(value) is Relation:
        return value
    return to_member(Relation, value, "relation")


def _check_distance(_instance: object, _attribute: object, value: float | None) -> None:
    if value is not None and value < 0:
        raise InvalidValueError(f"distance_km: expected a distance >= 0, got {value}")


def _check_organisation(
    _instance: object, attribute: attrs.Attribute[Organisation], value: object
) -> None:
    if not isinstance(value, Organisation):
        raise InvalidValueError(
            f"{attribute.name}: expected an Organisation, got {type(value).__name__}"
        )


@attrs.frozen(kw_only=True)
class Exchange:
    """One visitor's exchange at one host: the unit of eligibility, money and KPIs.

    ``start`` and ``end`` are the first and last day of activity, travel excluded. ``id`` is the
    official IT-tool ID or a local ID; exchanges set up outside the tool may have none.

    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
    >>> e = Exchange(host=host, visitor=visitor,
    ...              start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 17))
    >>> e.status, e.mode, (e.end - e.start).days
    (<Status.REGISTERED: 'registered'>, <Mode.PHYSICAL: 'physical'>, 11)
    """

    host: Organisation = attrs.field(validator=_check_organisation)
    visitor: Organisation = attrs.field(validator=_check_organisation)
    id: str | None = attrs.field(default=None, converter=optional_text)
    host_partnership: str | None = attrs.field(default=None, converter=optional_text)
    visitor_partnership: str | None = attrs.field(default=None, converter=optional_text)
    start: dt.date | None = attrs.field(default=None, validator=check_date)
    end: dt.date | None = attrs.field(default=None, validator=check_date)
    working_days: int | None = attrs.field(default=None, validator=check_non_negative_int)
    mode: Mode = attrs.field(default=Mode.PHYSICAL, converter=_to_mode)
    status: Status = attrs.field(default=Status.REGISTERED, converter=_to_status)
    event: str | None = attrs.field(default=None, converter=optional_text)
    relation: Relation | None = attrs.field(default=None, converter=_to_relation)
    distance_km: float | None = attrs.field(
        default=None, converter=to_optional_float, validator=_check_distance
    )
    # One shared empty record rather than one per exchange: it is immutable, and a million
    # exchanges would otherwise hold a million equal copies.
    documents: Documents = attrs.field(
        default=_NO_DOCUMENTS, validator=check_instance(Documents, optional=False)
    )
    payment: Payment | None = attrs.field(default=None, validator=check_instance(Payment))
    representative: Representative | None = attrs.field(
        default=None, validator=check_instance(Representative)
    )
    prior_approval: str | None = attrs.field(default=None, converter=optional_text)
    remarks: str | None = attrs.field(default=None, converter=optional_text)
    generation: str | None = attrs.field(default=None, converter=optional_text)
    #: ``False`` when the visitor did not make use of the lump sum (reports note "has not made
    #: use of the lump sum"): the lump sum is a ceiling, not an entitlement, so the exchange
    #: still counts for KPIs and costs nothing.
    lump_sum_used: bool = attrs.field(default=True, validator=check_instance(bool, optional=False))

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidValueError(
                f"the exchange ends ({self.end}) before it starts ({self.start})"
            )

    @property
    def calendar_days(self) -> int | None:
        """Calendar days from the first to the last activity day, both included."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1


def _to_visitors(values: Iterable[Organisation]) -> tuple[Organisation, ...]:
    visitors = to_tuple_of(values, Organisation, "visitors", "organisations")
    if not visitors:
        raise InvalidValueError("visitors: a group exchange needs at least one visitor")
    return visitors


@attrs.frozen(kw_only=True)
class GroupExchange:
    """One host receiving several visitors on the same dates for the same event.

    Each visitor is its own exchange for eligibility, money and KPIs; the group only builds
    them together.

    >>> host = Organisation(name="Lyon Urban Truck", country="FR", kind="cluster_organisation")
    >>> v = [Organisation(name=n, country="IT", kind="sme", clusters=["Mesap"]) for n in ("A", "B")]
    >>> group = GroupExchange(host=host, event="Mobility days", visitors=v,
    ...                       start=dt.date(2023, 5, 8), end=dt.date(2023, 5, 12))
    >>> [e.visitor.name for e in group.exchanges()]
    ['A', 'B']
    """

    host: Organisation = attrs.field(validator=_check_organisation)
    event: str = attrs.field(converter=required_text)
    visitors: tuple[Organisation, ...] = attrs.field(converter=_to_visitors)
    start: dt.date | None = attrs.field(default=None, validator=check_date)
    end: dt.date | None = attrs.field(default=None, validator=check_date)
    host_partnership: str | None = attrs.field(default=None, converter=optional_text)
    visitor_partnership: str | None = attrs.field(default=None, converter=optional_text)
    mode: Mode = attrs.field(default=Mode.PHYSICAL, converter=_to_mode)
    status: Status = attrs.field(default=Status.REGISTERED, converter=_to_status)
    generation: str | None = attrs.field(default=None, converter=optional_text)
    remarks: str | None = attrs.field(default=None, converter=optional_text)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidValueError(
                f"the group exchange ends ({self.end}) before it starts ({self.start})"
            )

    def exchanges(self) -> tuple[Exchange, ...]:
        """Return one :class:`Exchange` per visitor, in the order of :attr:`visitors`."""
        return tuple(
            Exchange(
                host=self.host,
                visitor=visitor,
                host_partnership=self.host_partnership,
                visitor_partnership=self.visitor_partnership,
                start=self.start,
                end=self.end,
                mode=self.mode,
                status=self.status,
                event=self.event,
                generation=self.generation,
                remarks=self.remarks,
            )
            for visitor in self.visitors
        )
