"""Findings: what a rule check says about an exchange, with the rule value it relied on."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from clusterxchange.model import Provenance
from clusterxchange.model._validate import to_member, to_text_tuple

__all__ = ["RULES", "Finding", "Severity"]


class Severity(enum.StrEnum):
    """How serious a finding is.

    An ``error`` makes an exchange ineligible. ``undecided`` says that the rule could not be
    decided because a value it needs is not recorded (:attr:`Finding.missing` names the
    columns): such an exchange is not called eligible either, but not ineligible. ``warning``
    and ``info`` never change the outcome.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    UNDECIDED = "undecided"


#: The rule ids of findings (docs/design.md); ids may be added, never renamed.
RULES: tuple[str, ...] = (
    "country",
    "cross_border",
    "duration_min",
    "duration_max",
    "visitor_kind",
    "host_kind",
    "cluster_membership",
    "sme",
    "visitor_once",
    "distance",
    "generation",
    "threshold",
    "it_tool_id",
    "lifecycle",
    "residence",
    "mode",
)


def _to_severity(value: object) -> Severity:
    return value if type(value) is Severity else to_member(Severity, value, "severity")


def _to_columns(values: Iterable[str]) -> tuple[str, ...]:
    if type(values) is tuple:
        return values  # the common case (rules pass tuples): no copy, no call
    return to_text_tuple(values)


@attrs.frozen(kw_only=True)
class Finding:
    """One finding of a rule check.

    Attributes:
        rule: The rule id (one of :data:`RULES`).
        severity: ``error`` makes the exchange ineligible; ``undecided`` leaves it
            undecided (neither eligible nor ineligible); ``warning`` and ``info`` change
            nothing.
        message: What was found, in words a coordinator understands.
        field: The generation field the rule read (``min_working_days``), if any.
        value: That field's value as text, if any.
        provenance: That value's source and confidence, if any.
        missing: For an ``undecided`` finding, the table columns (``host_country``,
            ``visitor_kind``, ``start``, ...) whose values would decide it; else empty.

    >>> f = Finding(rule="duration_min", severity="error", message="2 working days")
    >>> f.severity is Severity.ERROR, f.missing
    (True, ())
    >>> Finding(rule="country", severity="undecided", message="no host country",
    ...         missing=["host_country"]).missing
    ('host_country',)
    """

    rule: str
    severity: Severity = attrs.field(converter=_to_severity)
    message: str
    field: str | None = None
    value: str | None = None
    provenance: Provenance | None = None
    missing: tuple[str, ...] = attrs.field(default=(), converter=_to_columns)
