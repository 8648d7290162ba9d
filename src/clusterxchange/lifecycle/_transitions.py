"""The transitions of an exchange: pure functions returning the next immutable exchange."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from clusterxchange.lifecycle._rules import (
    _REPORT,
    S,
    _check_day,
    _check_exchange,
    _example,  # noqa: F401  (the doctests start from it)
    _status,
    _status_item,
    missing_in_state,
    requirements,
)
from clusterxchange.model import (
    CommitmentToQuality,
    Documents,
    Exchange,
    FinalReport,
    FinancialAgreement,
    Payment,
    Status,
)
from clusterxchange.model.errors import InvalidValueError, LifecycleError

__all__ = [
    "advance",
    "await_final_report",
    "cancel",
    "complete",
    "match",
    "pay",
    "prepare",
    "register",
    "start",
    "submit_final_report",
    "validate_final_report",
]


def _label(exchange: Exchange) -> str:
    return exchange.id or f"{exchange.visitor.name} at {exchange.host.name}"


def _refuse(exchange: Exchange, action: str, missing: Iterable[str]) -> LifecycleError:
    # *action* holds "{}" where the exchange is named: "move {} to prepared".
    items = tuple(missing)
    return LifecycleError(
        f"cannot {action.format(_label(exchange))}: missing " + "; ".join(items), items
    )


def advance(
    exchange: Exchange,
    to: Status | str,
    *,
    commitment: CommitmentToQuality | None = None,
    financial_agreement: FinancialAgreement | None = None,
    final_report: FinalReport | None = None,
    payment: Payment | None = None,
    reason: str | None = None,
    on: dt.date | None = None,
) -> Exchange:
    """Return *exchange* moved to status *to*, with the documents given recorded first.

    Args:
        exchange: The exchange to move.
        to: The next status (one of :func:`allowed_transitions`).
        commitment: A Commitment to Quality replacing the recorded one.
        financial_agreement: A Financial Agreement replacing the recorded one.
        final_report: A Final Activity Report replacing the recorded one.
        payment: The payment (only when moving to ``paid``).
        reason: Why the exchange is cancelled (only when moving to ``cancelled``); appended
            to the remarks.
        on: The day of the move (see :func:`requirements`).

    Raises:
        LifecycleError: The move is not allowed; ``missing`` lists each missing item.
        InvalidValueError: *to* is not a status, or a payment or reason is given for a move
            that does not record one.

    >>> advance(_example(), "in_progress").status
    <Status.IN_PROGRESS: 'in_progress'>
    """
    _check_exchange(exchange)
    target = _status(to)
    if payment is not None and target is not S.PAID:
        raise InvalidValueError(f"payment: only a move to paid records a payment, not to {target}")
    if reason is not None and target is not S.CANCELLED:
        raise InvalidValueError(
            f"reason: only a cancellation records a reason, not a move to {target}"
        )
    recorded = exchange.documents
    documents = Documents(
        commitment=recorded.commitment if commitment is None else commitment,
        financial_agreement=(
            recorded.financial_agreement if financial_agreement is None else financial_agreement
        ),
        final_report=recorded.final_report if final_report is None else final_report,
    )
    candidate = attrs.evolve(
        exchange, documents=documents, payment=exchange.payment if payment is None else payment
    )
    missing = requirements(candidate, target, on=on)
    if missing:
        raise _refuse(exchange, f"move {{}} to {target.value}", missing)
    remarks = candidate.remarks
    if target is S.CANCELLED:
        note = f"cancelled: {reason.strip()}" if reason and reason.strip() else "cancelled"
        remarks = f"{remarks}; {note}" if remarks else note
    return attrs.evolve(candidate, status=target, remarks=remarks)


def register(exchange: Exchange) -> Exchange:
    """Return the draft *exchange* registered (profiles created and validated by a partnership).

    >>> register(attrs.evolve(_example(), status="draft")).status
    <Status.REGISTERED: 'registered'>
    """
    return advance(exchange, S.REGISTERED)


def match(exchange: Exchange) -> Exchange:
    """Return the registered *exchange* matched (host and visitor agree; both are always set).

    >>> match(attrs.evolve(_example(), status="registered")).status
    <Status.MATCHED: 'matched'>
    """
    return advance(exchange, S.MATCHED)


def prepare(
    exchange: Exchange,
    *,
    commitment: CommitmentToQuality | None = None,
    financial_agreement: FinancialAgreement | None = None,
) -> Exchange:
    """Return the matched *exchange* prepared: both documents signed and the dates known.

    >>> e = attrs.evolve(_example(), status="matched", documents=Documents())
    >>> prepare(e, commitment=_example().documents.commitment)
    Traceback (most recent call last):
    ...
    clusterxchange.model.errors.LifecycleError: cannot move Aero Lda at Hamburg Aviation to prepared:
    missing Financial Agreement: signature of the visitor; Financial Agreement: signature of
    the visitor partnership
    """  # noqa: E501
    return advance(
        exchange, S.PREPARED, commitment=commitment, financial_agreement=financial_agreement
    )


def start(exchange: Exchange, *, on: dt.date | None = None) -> Exchange:
    """Return the prepared *exchange* in progress (on or after its first day, when *on* is given).

    >>> start(_example(), on=dt.date(2023, 3, 6)).status
    <Status.IN_PROGRESS: 'in_progress'>
    """
    return advance(exchange, S.IN_PROGRESS, on=on)


def await_final_report(exchange: Exchange, *, on: dt.date | None = None) -> Exchange:
    """Return the *exchange* awaiting its final report (on or after its last day, if *on* given).

    >>> await_final_report(start(_example()), on=dt.date(2023, 3, 17)).status
    <Status.AWAITING_FINAL_REPORT: 'awaiting_final_report'>
    """
    return advance(exchange, S.AWAITING_FINAL_REPORT, on=on)


def _report_status(exchange: Exchange, purpose: str) -> list[str]:
    # The report is written while the exchange awaits it; the status does not change.
    if exchange.status is S.AWAITING_FINAL_REPORT:
        return []
    return [_status_item(exchange.status, S.COMPLETED, purpose)]


def _report_action(exchange: Exchange, purpose: str, report: FinalReport) -> Exchange:
    candidate = attrs.evolve(
        exchange, documents=attrs.evolve(exchange.documents, final_report=report)
    )
    items = _report_status(exchange, purpose)
    items += [m for m in missing_in_state(candidate) if m.startswith(_REPORT)]
    if items:
        raise _refuse(exchange, f"{purpose} of {{}}", items)
    return candidate


def submit_final_report(exchange: Exchange, on: dt.date) -> Exchange:
    """Return *exchange* with its Final Activity Report submitted *on* (not yet validated).

    A new submission replaces an earlier one and must be validated again; evidence is kept.

    >>> e = submit_final_report(await_final_report(start(_example())), dt.date(2023, 3, 20))
    >>> e.documents.final_report.submitted, e.status.value
    (datetime.date(2023, 3, 20), 'awaiting_final_report')
    """
    _check_exchange(exchange)
    _check_day(on)
    report = exchange.documents.final_report or FinalReport()
    return _report_action(
        exchange, "submit the final report", attrs.evolve(report, submitted=on, validated=None)
    )


def validate_final_report(exchange: Exchange, on: dt.date, evidence: Iterable[str]) -> Exchange:
    """Return *exchange* with its submitted Final Activity Report validated *on* with *evidence*.

    The evidence (boarding passes, invoices) is added to any already recorded; at least one
    piece is needed.

    >>> e = submit_final_report(await_final_report(start(_example())), dt.date(2023, 3, 20))
    >>> e = validate_final_report(e, dt.date(2023, 3, 22), ["boarding passes"])
    >>> e.documents.final_report.evidence
    ('boarding passes',)
    """
    _check_exchange(exchange)
    _check_day(on)
    given: object = evidence  # callers without type checking may pass anything
    if not isinstance(given, str | Iterable):
        raise InvalidValueError(f"evidence: expected texts, got {type(given).__name__}")
    report = exchange.documents.final_report or FinalReport()
    pieces = (evidence,) if isinstance(evidence, str) else tuple(evidence)
    missing: list[str] = []
    if report.submitted is None:
        missing.append(f"{_REPORT}: submission")
    elif on < report.submitted:
        missing.append(
            f"{_REPORT}: a validation on or after its submission ({report.submitted.isoformat()})"
        )
    if not report.evidence and not any(str(p).strip() for p in pieces):
        missing.append(f"{_REPORT}: evidence (boarding passes, invoices)")
    if missing:
        # The report cannot be built with these values: refuse before building it.
        purpose = "validate the final report"
        raise _refuse(
            exchange, f"{purpose} of {{}}", [*_report_status(exchange, purpose), *missing]
        )
    return _report_action(
        exchange,
        "validate the final report",
        attrs.evolve(report, validated=on, evidence=(*report.evidence, *pieces)),
    )


def complete(exchange: Exchange) -> Exchange:
    """Return *exchange* completed: its final report submitted and validated with evidence.

    >>> e = submit_final_report(await_final_report(start(_example())), dt.date(2023, 3, 20))
    >>> complete(validate_final_report(e, dt.date(2023, 3, 22), ["invoice"])).status
    <Status.COMPLETED: 'completed'>
    """
    return advance(exchange, S.COMPLETED)


def pay(exchange: Exchange, on: dt.date, amount: Decimal | int | str) -> Exchange:
    """Return the completed *exchange* paid: the lump sum of *amount* EUR paid *on*.

    Raises:
        LifecycleError: The exchange is not completed, or *on* is before the validation.
        InvalidValueError: *amount* is not a number >= 0.

    >>> e = submit_final_report(await_final_report(start(_example())), dt.date(2023, 3, 20))
    >>> done = complete(validate_final_report(e, dt.date(2023, 3, 22), ["invoice"]))
    >>> pay(done, dt.date(2023, 3, 30), "830.00").payment.amount
    Decimal('830.00')
    """
    return advance(exchange, S.PAID, payment=Payment(date=on, amount=amount))


def cancel(exchange: Exchange, reason: str | None = None) -> Exchange:
    """Return *exchange* cancelled (before completion), with *reason* added to its remarks.

    >>> cancel(_example(), "visitor fell ill").remarks
    'cancelled: visitor fell ill'
    """
    return advance(exchange, S.CANCELLED, reason=reason)
