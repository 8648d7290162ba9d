"""Findings: what a rule check says about an exchange, with the rule value it relied on."""

from __future__ import annotations

import enum

import attrs

from clusterxchange.model import Provenance
from clusterxchange.model._validate import to_member

__all__ = ["RULES", "Finding", "Severity"]


class Severity(enum.StrEnum):
    """How serious a finding is: only an ``error`` makes an exchange ineligible."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: The rule ids of findings (DESIGN.md); ids may be added, never renamed.
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


@attrs.frozen(kw_only=True)
class Finding:
    """One finding of a rule check.

    Attributes:
        rule: The rule id (one of :data:`RULES`).
        severity: ``error`` makes the exchange ineligible; ``warning`` and ``info`` do not.
        message: What was found, in words a coordinator understands.
        field: The generation field the rule read (``min_working_days``), if any.
        value: That field's value as text, if any.
        provenance: That value's source and confidence, if any.

    >>> f = Finding(rule="duration_min", severity="error", message="2 working days")
    >>> f.severity is Severity.ERROR
    True
    """

    rule: str
    severity: Severity = attrs.field(converter=_to_severity)
    message: str
    field: str | None = None
    value: str | None = None
    provenance: Provenance | None = None
