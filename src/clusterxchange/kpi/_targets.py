"""Grant-agreement targets: the targets file, KPI ids, and the status of each target.

KPI ids (public, used in JSON, CSV and :class:`TargetStatus`): ``exchanges`` (every completed
exchange), ``outside_partnership`` (completed exchanges whose visitor is outside the
partnership) and ``visitor_kind.<kind>`` with a canonical kind id (``visitor_kind.sme``,
``visitor_kind.cluster_organisation``, ...): completed exchanges whose visitor is of that kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from clusterxchange.kpi._mapping import FrozenMap
from clusterxchange.model import OrganisationKind
from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "EXCHANGES",
    "KIND_NAMES",
    "OUTSIDE_PARTNERSHIP",
    "UNKNOWN_KIND",
    "VISITOR_KIND",
    "TargetStatus",
    "Targets",
    "all_kpis",
    "kind_key",
    "kind_kpi",
    "kpi_label",
    "kpi_noun",
    "optional_name",
    "target_statuses",
    "target_value",
]

#: The KPI id of the total of completed exchanges.
EXCHANGES = "exchanges"
#: The KPI id of completed exchanges with a visitor from outside the partnership.
OUTSIDE_PARTNERSHIP = "outside_partnership"
#: The prefix of the per-visitor-kind KPI ids (``visitor_kind.sme``).
VISITOR_KIND = "visitor_kind"

#: The key of :attr:`~clusterxchange.kpi.KpiReport.by_visitor_kind` for exchanges whose
#: visitor kind is not recorded: counted in every total, in a bucket of their own.
UNKNOWN_KIND = "unknown"

#: How partnership reports name each kind: singular and plural.
KIND_NAMES: Mapping[OrganisationKind, tuple[str, str]] = FrozenMap(
    {
        OrganisationKind.CLUSTER_ORGANISATION: ("cluster organisation", "cluster organisations"),
        OrganisationKind.BUSINESS_NETWORK_ORGANISATION: (
            "business network organisation",
            "business network organisations",
        ),
        OrganisationKind.SME: ("SME", "SMEs"),
        OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION: (
            "scaling-up support organisation",
            "scaling-up support organisations",
        ),
        OrganisationKind.LARGE_COMPANY: ("large company", "large companies"),
        OrganisationKind.PUBLIC_AUTHORITY: ("public authority", "public authorities"),
        OrganisationKind.TRAINING_PROVIDER: ("training provider", "training providers"),
    }
)

_MAX_TARGET = 1_000_000_000
_SEPARATORS = re.compile(r"[\s\-]+")


def kind_kpi(kind: OrganisationKind | str) -> str:
    """Return the KPI id of the exchanges with visitors of *kind*.

    >>> kind_kpi(OrganisationKind.SME)
    'visitor_kind.sme'
    """
    return f"{VISITOR_KIND}.{OrganisationKind(kind).value}"


def _kind_of(kpi: str) -> OrganisationKind | None:
    prefix, _, kind = kpi.partition(".")
    if prefix != VISITOR_KIND or not kind:
        return None
    try:
        return OrganisationKind(kind)
    except ValueError:
        return None


def _check_kpi(kpi: str) -> None:
    given: object = kpi  # callers without type checking may pass anything
    if not isinstance(given, str):
        raise InvalidValueError(f"unknown KPI {kpi!r:.80}: expected a KPI id such as exchanges")
    if kpi not in (EXCHANGES, OUTSIDE_PARTNERSHIP) and _kind_of(kpi) is None:
        kinds = ", ".join(k.value for k in OrganisationKind)
        raise InvalidValueError(
            f"unknown KPI {kpi!r}: expected {EXCHANGES}, {OUTSIDE_PARTNERSHIP} or "
            f"{VISITOR_KIND}.<kind> with a kind among {kinds}"
        )


def kpi_label(kpi: str) -> str:
    """Return the human name of KPI *kpi*, as a partnership report heads its row.

    >>> kpi_label("exchanges"), kpi_label("visitor_kind.sme")
    ('Exchanges', 'Exchanges with SME visitors')
    """
    noun = kpi_noun(kpi)
    return noun[0].upper() + noun[1:]


def kpi_noun(kpi: str) -> str:
    """Return what KPI *kpi* counts, to follow a number ("80 exchanges with SME visitors").

    Raises:
        InvalidValueError: *kpi* is not a KPI id.

    >>> kpi_noun("outside_partnership")
    'exchanges with visitors from outside the partnership'
    """
    _check_kpi(kpi)
    if kpi == EXCHANGES:
        return "exchanges"
    if kpi == OUTSIDE_PARTNERSHIP:
        return "exchanges with visitors from outside the partnership"
    kind = _kind_of(kpi)
    assert kind is not None  # _check_kpi accepted it
    return f"exchanges with {KIND_NAMES[kind][0]} visitors"


def _check_target(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        target_value(value, attribute.name)


def target_value(value: object, name: str) -> int:
    """Return *value* checked as the target of *name*: a whole number from 1 to a billion."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"{name}: a target is a whole number of exchanges, got {value!r}")
    if not 1 <= value <= _MAX_TARGET:
        raise InvalidValueError(
            f"{name}: a target is a whole number of exchanges from 1 to {_MAX_TARGET:,} "
            f"(leave a KPI out when it has no target), got {value}"
        )
    return value


def kind_key(value: object) -> OrganisationKind:
    """Return the kind *value* names (an id or a label: ``"Scaling-up support organisation"``)."""
    if isinstance(value, OrganisationKind):
        return value
    if isinstance(value, str):
        try:
            return OrganisationKind(_SEPARATORS.sub("_", value.strip().casefold()))
        except ValueError:
            pass
    kinds = ", ".join(k.value for k in OrganisationKind)
    raise InvalidValueError(f"unknown visitor kind {value!r}: expected one of {kinds}")


def _to_kind_targets(values: object) -> FrozenMap[OrganisationKind, int]:
    if not isinstance(values, Mapping):
        raise InvalidValueError(
            f"visitor_kind: expected a mapping of visitor kind to target, got {values!r}"
        )
    found: dict[OrganisationKind, int] = {}
    for key, value in values.items():
        kind = kind_key(key)
        if kind in found:
            raise InvalidValueError(f"visitor_kind: {kind.value} is given twice")
        found[kind] = target_value(value, kind_kpi(kind))
    # Kinds in the order of OrganisationKind, so equal targets print alike.
    return FrozenMap((kind, found[kind]) for kind in OrganisationKind if kind in found)


def optional_name(value: object) -> str | None:
    """Return a partnership name, stripped; ``None`` for none or blank text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValueError(f"partnership: expected a name, got {value!r}")
    return value.strip() or None


@attrs.frozen(kw_only=True)
class Targets:
    """A partnership's KPI targets from its grant agreement; a KPI left out has no target.

    >>> targets = Targets(exchanges=80, outside_partnership=20, visitor_kind={"sme": 40})
    >>> [kpi for kpi, _ in targets.items()]
    ['exchanges', 'outside_partnership', 'visitor_kind.sme']
    >>> targets.visitor_kind[OrganisationKind.SME]
    40
    """

    exchanges: int | None = attrs.field(default=None, validator=_check_target)
    outside_partnership: int | None = attrs.field(default=None, validator=_check_target)
    visitor_kind: FrozenMap[OrganisationKind, int] = attrs.field(
        factory=FrozenMap, converter=_to_kind_targets
    )
    partnership: str | None = attrs.field(default=None, converter=optional_name)

    def items(self) -> tuple[tuple[str, int], ...]:
        """Return ``(kpi id, target)`` for every KPI with a target, in report order."""
        pairs: list[tuple[str, int]] = []
        if self.exchanges is not None:
            pairs.append((EXCHANGES, self.exchanges))
        if self.outside_partnership is not None:
            pairs.append((OUTSIDE_PARTNERSHIP, self.outside_partnership))
        pairs.extend((kind_kpi(kind), target) for kind, target in self.visitor_kind.items())
        return tuple(pairs)

    def get(self, kpi: str) -> int | None:
        """Return the target of KPI *kpi*, or ``None`` when it has none.

        Raises:
            InvalidValueError: *kpi* is not a KPI id.

        >>> Targets(visitor_kind={"sme": 40}).get("visitor_kind.sme")
        40
        """
        _check_kpi(kpi)
        return dict(self.items()).get(kpi)

    def as_dict(self) -> dict[str, Any]:
        """Return the targets in the shape of the targets file (keys with a value only).

        >>> Targets(exchanges=80, visitor_kind={"sme": 40}).as_dict()
        {'exchanges': 80, 'visitor_kind': {'sme': 40}}
        """
        document: dict[str, Any] = {}
        if self.partnership is not None:
            document["partnership"] = self.partnership
        if self.exchanges is not None:
            document[EXCHANGES] = self.exchanges
        if self.outside_partnership is not None:
            document[OUTSIDE_PARTNERSHIP] = self.outside_partnership
        if self.visitor_kind:
            document[VISITOR_KIND] = {k.value: v for k, v in self.visitor_kind.items()}
        return document


@attrs.frozen(kw_only=True)
class TargetStatus:
    """Where one KPI stands against its target.

    Attributes:
        kpi: The KPI id (``exchanges``, ``outside_partnership``, ``visitor_kind.sme``).
        target: The target in the grant agreement.
        actual: Completed exchanges counted for the KPI (the official count).
        pending: Exchanges waiting for their final report, shown beside the official count.
        progress: ``actual / target`` as a float, *not* capped: 1.25 means 25 % above target.
        remaining: Further completed exchanges needed: ``max(0, target - actual)``.

    >>> status = TargetStatus(kpi="exchanges", target=80, actual=51, pending=3)
    >>> status.progress, status.remaining, status.met, status.sentence()
    (0.6375, 29, False, '80 exchanges: 51 reached, 3 pending')
    """

    kpi: str = attrs.field()
    target: int = attrs.field(validator=_check_target)
    actual: int = attrs.field()
    pending: int = attrs.field(default=0)
    progress: float = attrs.field(init=False)
    remaining: int = attrs.field(init=False)

    @kpi.validator
    def _check_kpi_id(self, _attribute: object, value: str) -> None:
        _check_kpi(value)

    @actual.validator
    @pending.validator
    def _check_count(self, attribute: attrs.Attribute[int], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidValueError(f"{attribute.name}: expected a count >= 0, got {value!r}")

    def __attrs_post_init__(self) -> None:
        if self.target is None:  # a Targets field may be None; a status has a target
            raise InvalidValueError("target: a target is a whole number of exchanges, got None")
        object.__setattr__(self, "progress", self.actual / self.target)
        object.__setattr__(self, "remaining", max(0, self.target - self.actual))

    @property
    def met(self) -> bool:
        """Whether the completed exchanges reach the target."""
        return self.actual >= self.target

    @property
    def label(self) -> str:
        """The KPI's human name (``Exchanges with SME visitors``)."""
        return kpi_label(self.kpi)

    def sentence(self, number: Any = str) -> str:
        """Return the status as reports write it: ``80 exchanges: 51 reached, 3 pending``.

        Args:
            number: How to write a count (for example a locale's
                :func:`~clusterxchange.model.formatting.format_number`).
        """
        if not callable(number):
            raise InvalidValueError(f"number: expected a function, got {type(number).__name__}")
        text = f"{number(self.target)} {kpi_noun(self.kpi)}: {number(self.actual)} reached"
        return text + (f", {number(self.pending)} pending" if self.pending else "")

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md, with ``remaining`` and ``met`` added.

        >>> TargetStatus(kpi="exchanges", target=80, actual=51, pending=3).as_dict()
        {'kpi': 'exchanges', 'target': 80, 'actual': 51, 'pending': 3, 'progress': 0.6375,
         'remaining': 29, 'met': False}
        """
        return {
            "kpi": self.kpi,
            "target": self.target,
            "actual": self.actual,
            "pending": self.pending,
            "progress": self.progress,
            "remaining": self.remaining,
            "met": self.met,
        }


def target_statuses(
    targets: Targets | None, counts: Mapping[str, tuple[int, int]]
) -> tuple[TargetStatus, ...]:
    """Return the status of every target, from ``(actual, pending)`` per KPI id."""
    if targets is None:
        return ()
    return tuple(
        TargetStatus(kpi=kpi, target=target, actual=counts[kpi][0], pending=counts[kpi][1])
        for kpi, target in targets.items()
    )


def all_kpis() -> Iterable[str]:
    """Return every KPI id, in report order."""
    return (EXCHANGES, OUTSIDE_PARTNERSHIP, *(kind_kpi(kind) for kind in OrganisationKind))
