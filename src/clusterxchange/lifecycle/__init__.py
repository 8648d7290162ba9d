"""The lifecycle of an exchange: its statuses, the documents each needs, and the transitions.

docs/domain.md, "Lifecycle and documents": registration -> matching -> building the Commitment to
Quality (signed by host, host partnership, visitor and visitor partnership) and the Financial
Agreement (visitor and visitor partnership) -> the exchange -> the visitor's Final Activity
Report, submitted then validated with evidence -> payment. Cancellation is possible before
completion.

Every transition is a pure function that returns the next immutable :class:`Exchange` or raises
:class:`LifecycleError` whose ``missing`` names each missing item. What each status needs is
data (:data:`REQUIREMENTS`, :data:`STATE_REQUIREMENTS`, :data:`CHRONOLOGY`), read by one
generic check.

>>> from clusterxchange.model import Exchange, Organisation, Status
>>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
>>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
>>> e = match(Exchange(host=host, visitor=visitor))
>>> requirements(e, Status.PREPARED)[:2]  # doctest: +NORMALIZE_WHITESPACE
('Commitment to Quality: signature of the host',
 'Commitment to Quality: signature of the host partnership')

Layer: beside the money package, above :mod:`clusterxchange.generations`; it
may import those two lower layers and :mod:`clusterxchange.model`. It also holds the
exchange's IDs (:mod:`~clusterxchange.lifecycle.ids`) and group drafts
(:mod:`~clusterxchange.lifecycle.drafts`).
"""

from clusterxchange.lifecycle._rules import (
    CHRONOLOGY,
    REQUIREMENTS,
    STATE_REQUIREMENTS,
    TRANSITIONS,
    Requirement,
    allowed_transitions,
    lifecycle_findings,
    missing_in_state,
    requirements,
)
from clusterxchange.lifecycle._transitions import (
    advance,
    await_final_report,
    cancel,
    complete,
    match,
    pay,
    prepare,
    register,
    start,
    submit_final_report,
    validate_final_report,
)

__all__ = [
    "CHRONOLOGY",
    "REQUIREMENTS",
    "STATE_REQUIREMENTS",
    "TRANSITIONS",
    "Requirement",
    "advance",
    "allowed_transitions",
    "await_final_report",
    "cancel",
    "complete",
    "lifecycle_findings",
    "match",
    "missing_in_state",
    "pay",
    "prepare",
    "register",
    "requirements",
    "start",
    "submit_final_report",
    "validate_final_report",
]
