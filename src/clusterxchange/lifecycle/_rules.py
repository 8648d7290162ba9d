"""What each status needs: the documents, who signs them, which fields, and in what order.

The needs are data (:data:`REQUIREMENTS`, :data:`STATE_REQUIREMENTS`, :data:`CHRONOLOGY`,
:data:`TRANSITIONS`) read by one generic check, so a reviewer reads the rules, not the code.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from clusterxchange.model import (
    CommitmentToQuality,
    Documents,
    Exchange,
    FinancialAgreement,
    Party,
    Status,
)
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Finding, Severity

__all__ = [
    "CHRONOLOGY",
    "REQUIREMENTS",
    "STATE_REQUIREMENTS",
    "TRANSITIONS",
    "Requirement",
    "allowed_transitions",
    "lifecycle_findings",
    "missing_in_state",
    "requirements",
]

S = Status

#: The statuses each status may move to; ``cancelled`` from any status before ``completed``.
TRANSITIONS: Mapping[Status, tuple[Status, ...]] = MappingProxyType(
    {
        S.DRAFT: (S.REGISTERED, S.CANCELLED),
        S.REGISTERED: (S.MATCHED, S.CANCELLED),
        S.MATCHED: (S.PREPARED, S.CANCELLED),
        S.PREPARED: (S.IN_PROGRESS, S.CANCELLED),
        S.IN_PROGRESS: (S.AWAITING_FINAL_REPORT, S.CANCELLED),
        S.AWAITING_FINAL_REPORT: (S.COMPLETED, S.CANCELLED),
        S.COMPLETED: (S.PAID,),
        S.PAID: (),
        S.CANCELLED: (),
    }
)

_PARTY_LABELS: Mapping[Party, str] = MappingProxyType(
    {
        Party.HOST: "the host",
        Party.HOST_PARTNERSHIP: "the host partnership",
        Party.VISITOR: "the visitor",
        Party.VISITOR_PARTNERSHIP: "the visitor partnership",
    }
)


@attrs.frozen(kw_only=True)
class Requirement:
    """What one part of an exchange must hold: who signs it and which fields are filled in.

    Attributes:
        title: The name a coordinator knows it by ("Commitment to Quality").
        location: Dotted attribute path from the exchange ("documents.commitment"; empty for
            fields of the exchange itself).
        signatories: The parties whose signature it needs, in the order they are listed.
        fields: Pairs of (attribute, label) that must be filled in (not ``None``, not empty).
    """

    title: str
    location: str = ""
    signatories: tuple[Party, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()

    def missing(self, exchange: Exchange) -> tuple[str, ...]:
        """Return each missing item of *exchange*, as ``"<title>: <item>"``.

        >>> unsigned = attrs.evolve(_example(), documents=Documents())
        >>> for item in REQUIREMENTS["financial_agreement"].missing(unsigned):
        ...     print(item)
        Financial Agreement: signature of the visitor
        Financial Agreement: signature of the visitor partnership
        """
        part = operator.attrgetter(self.location)(exchange) if self.location else exchange
        signed = frozenset(getattr(part, "signed_by", ())) if part is not None else frozenset()
        items = [
            f"{self.title}: signature of {_PARTY_LABELS[party]}"
            for party in self.signatories
            if party not in signed
        ]
        items += [
            f"{self.title}: {label}"
            for name, label in self.fields
            if part is None or getattr(part, name) in (None, "", ())
        ]
        return tuple(items)


#: Who signs which document and which fields it needs (docs/domain.md, "Lifecycle and documents").
REQUIREMENTS: Mapping[str, Requirement] = MappingProxyType(
    {
        "dates": Requirement(
            title="Dates",
            fields=(("start", "first day of activity"), ("end", "last day of activity")),
        ),
        "commitment": Requirement(
            title="Commitment to Quality",
            location="documents.commitment",
            signatories=(
                Party.HOST,
                Party.HOST_PARTNERSHIP,
                Party.VISITOR,
                Party.VISITOR_PARTNERSHIP,
            ),
            fields=(("goals", "goals"), ("objectives", "objectives"), ("agenda", "agenda")),
        ),
        "financial_agreement": Requirement(
            title="Financial Agreement",
            location="documents.financial_agreement",
            signatories=(Party.VISITOR, Party.VISITOR_PARTNERSHIP),
        ),
        "final_report": Requirement(
            title="Final Activity Report",
            location="documents.final_report",
            fields=(
                ("submitted", "submission"),
                ("validated", "validation by the visitor partnership"),
                ("evidence", "evidence (boarding passes, invoices)"),
            ),
        ),
        "payment": Requirement(
            title="Payment", location="payment", fields=(("date", "date and amount"),)
        ),
    }
)

_REPORT = "Final Activity Report"
_BUILT = ("commitment", "financial_agreement", "dates")

#: What an exchange in each status must hold (cumulative: a later status keeps earlier needs).
#: Dates are needed from ``prepared`` on, when the Commitment to Quality fixes the agenda.
STATE_REQUIREMENTS: Mapping[Status, tuple[str, ...]] = MappingProxyType(
    {
        S.DRAFT: (),
        S.REGISTERED: (),
        S.MATCHED: (),
        S.PREPARED: _BUILT,
        S.IN_PROGRESS: _BUILT,
        S.AWAITING_FINAL_REPORT: _BUILT,
        S.COMPLETED: (*_BUILT, "final_report"),
        S.PAID: (*_BUILT, "final_report", "payment"),
        S.CANCELLED: (),
    }
)

#: Pairs of dates that must come in order when both are known: (earlier, later, what is needed).
CHRONOLOGY: tuple[tuple[str, str, str], ...] = (
    (
        "end",
        "documents.final_report.submitted",
        "Final Activity Report: a submission on or after the last day of activity",
    ),
    (
        "documents.final_report.validated",
        "payment.date",
        "Payment: a date on or after the validation of the Final Activity Report",
    ),
)

#: Dates a transition waits for, when the caller says which day it is (``on``).
_WAITS_FOR: Mapping[Status, tuple[str, str]] = MappingProxyType(
    {
        S.IN_PROGRESS: ("start", "Time: on or after the first day of activity"),
        S.AWAITING_FINAL_REPORT: ("end", "Time: on or after the last day of activity"),
    }
)


def _get(exchange: Exchange, path: str) -> object:
    value: object = exchange
    for name in path.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def missing_in_state(exchange: Exchange, status: Status | None = None) -> tuple[str, ...]:
    """Return what *exchange* lacks to be consistent in *status* (its own status by default).

    >>> missing_in_state(_example())
    ()
    >>> missing_in_state(_example(), Status.PAID)[-1]
    'Payment: date and amount'
    """
    _check_exchange(exchange)
    status = exchange.status if status is None else _status(status)
    items = [
        item for key in STATE_REQUIREMENTS[status] for item in REQUIREMENTS[key].missing(exchange)
    ]
    if status is not S.CANCELLED:
        for earlier_path, later_path, text in CHRONOLOGY:
            earlier, later = _get(exchange, earlier_path), _get(exchange, later_path)
            if isinstance(earlier, dt.date) and isinstance(later, dt.date) and later < earlier:
                items.append(f"{text} ({earlier.isoformat()})")
    return tuple(items)


def allowed_transitions(status: Status | str) -> tuple[Status, ...]:
    """Return the statuses an exchange in *status* may move to.

    >>> allowed_transitions("completed")
    (<Status.PAID: 'paid'>,)
    """
    return TRANSITIONS[_status(status)]


def _check_exchange(exchange: object) -> None:
    """Raise :class:`InvalidValueError` unless *exchange* is an :class:`Exchange`."""
    if not isinstance(exchange, Exchange):
        raise InvalidValueError(f"expected an Exchange, got {type(exchange).__name__}")


def _check_day(on: object) -> None:
    """Raise :class:`InvalidValueError` unless *on* is a date (callers may pass anything)."""
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidValueError(f"on: expected a date, got {type(on).__name__}")


def _status(value: Status | str) -> Status:
    try:
        return Status(value)
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise InvalidValueError(f"status: expected one of {known}, got {value!r}") from None


def _status_item(current: Status, to: Status, action: str) -> str:
    sources = [s.value for s in Status if to in TRANSITIONS[s]]
    if not sources:
        return f"Status: no status leads to {to.value} (the exchange is {current.value})"
    return f"Status: {' or '.join(sources)}, to {action} (the exchange is {current.value})"


def requirements(
    exchange: Exchange, to: Status | str, *, on: dt.date | None = None
) -> tuple[str, ...]:
    """Return what *exchange* lacks to move to status *to* (empty when the move is allowed).

    Args:
        exchange: The exchange, with the documents it has.
        to: The status it should move to.
        on: The day of the move, when the move waits for a date (the first or last day of
            activity); ``None`` skips those checks.

    >>> for item in requirements(_example(), "completed"):
    ...     print(item)
    Status: awaiting_final_report, to become completed (the exchange is prepared)
    Final Activity Report: submission
    Final Activity Report: validation by the visitor partnership
    Final Activity Report: evidence (boarding passes, invoices)
    """
    _check_exchange(exchange)
    target = _status(to)
    if on is not None:
        _check_day(on)
    items: list[str] = []
    if target not in TRANSITIONS[exchange.status]:
        items.append(_status_item(exchange.status, target, f"become {target.value}"))
    items += missing_in_state(exchange, target)
    if on is not None and target in _WAITS_FOR:
        path, text = _WAITS_FOR[target]
        day = _get(exchange, path)
        if isinstance(day, dt.date) and on < day:
            items.append(f"{text} ({day.isoformat()})")
    return tuple(items)


def lifecycle_findings(exchange: Exchange) -> tuple[Finding, ...]:
    """Return ``lifecycle`` warnings for an exchange whose status and records disagree.

    A record imported from a spreadsheet carries a status but no documents at all. Such a
    record (every document ``None``) is not flooded with warnings for documents nobody
    recorded: only a payment that contradicts its status is reported (``paid`` without a
    payment, or a payment on an exchange that is not ``paid``). As soon as one document is
    recorded, the exchange is checked against every need of its status
    (:data:`STATE_REQUIREMENTS`, :data:`CHRONOLOGY`). A refusal is never given: the
    transitions refuse, the checks warn.

    >>> imported = attrs.evolve(_example(), status="paid", documents=Documents())
    >>> [f.message for f in lifecycle_findings(imported)]
    ['status paid, but missing: Payment: date and amount']
    >>> lifecycle_findings(_example())
    ()
    """
    _check_exchange(exchange)
    if exchange.documents == Documents():
        missing = REQUIREMENTS["payment"].missing(exchange) if exchange.status is S.PAID else ()
    else:
        missing = missing_in_state(exchange)
    findings: list[Finding] = []
    if missing:
        findings.append(
            Finding(
                rule="lifecycle",
                severity=Severity.WARNING,
                message=f"status {exchange.status.value}, but missing: " + "; ".join(missing),
                field="status",
                value=exchange.status.value,
            )
        )
    if exchange.payment is not None and exchange.status is not S.PAID:
        findings.append(
            Finding(
                rule="lifecycle",
                severity=Severity.WARNING,
                message=f"a payment is recorded, but the status is {exchange.status.value}",
                field="status",
                value=exchange.status.value,
            )
        )
    return tuple(findings)


def _example() -> Exchange:
    # The exchange the doctests start from: prepared, with both documents signed.
    from clusterxchange.model import Organisation

    everyone = frozenset(Party)
    return Exchange(
        host=Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation"),
        visitor=Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"]),
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
        status=S.PREPARED,
        documents=Documents(
            commitment=CommitmentToQuality(
                goals="Learn", objectives="Two partners", agenda="Week plan", signed_by=everyone
            ),
            financial_agreement=FinancialAgreement(
                signed_by={Party.VISITOR, Party.VISITOR_PARTNERSHIP}
            ),
        ),
    )
