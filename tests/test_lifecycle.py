"""Worked examples of every lifecycle transition, allowed and refused, and lifecycle findings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from clusterxchange import Exchange, InvalidValueError, Organisation, Severity, Status
from clusterxchange import lifecycle as lc
from clusterxchange.model import (
    CommitmentToQuality,
    Documents,
    FinalReport,
    FinancialAgreement,
    Party,
    Payment,
)
from clusterxchange.model.errors import LifecycleError

S = Status
HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
VISITOR = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
START, END = dt.date(2023, 3, 6), dt.date(2023, 3, 17)
COMMITMENT = CommitmentToQuality(
    goals="Learn composite repair",
    objectives="Two joint projects",
    agenda="Week 1 workshops, week 2 visits",
    signed_by=frozenset(Party),
)
AGREEMENT = FinancialAgreement(signed_by={Party.VISITOR, Party.VISITOR_PARTNERSHIP})
REPORT = FinalReport(
    submitted=dt.date(2023, 3, 20), validated=dt.date(2023, 3, 22), evidence=["boarding passes"]
)


def exchange(status: Status = S.REGISTERED, **changes: object) -> Exchange:
    base = Exchange(host=HOST, visitor=VISITOR, start=START, end=END, status=status)
    return attrs.evolve(base, **changes)


def prepared() -> Exchange:
    return exchange(
        S.PREPARED, documents=Documents(commitment=COMMITMENT, financial_agreement=AGREEMENT)
    )


def awaiting() -> Exchange:
    return attrs.evolve(prepared(), status=S.AWAITING_FINAL_REPORT)


def completed() -> Exchange:
    return attrs.evolve(
        prepared(),
        status=S.COMPLETED,
        documents=attrs.evolve(prepared().documents, final_report=REPORT),
    )


def refusal(call: object, *args: object, **kwargs: object) -> tuple[str, ...]:
    assert callable(call)
    with pytest.raises(LifecycleError) as info:
        call(*args, **kwargs)
    assert info.value.missing, "a refusal names what is missing"
    return info.value.missing


# --- transitions as data ---------------------------------------------------------------------


def test_transitions_cover_every_status_and_cancellation_stops_at_completion() -> None:
    assert set(lc.TRANSITIONS) == set(Status)
    before_completion = [S.DRAFT, S.REGISTERED, S.MATCHED, S.PREPARED, S.IN_PROGRESS]
    for status in [*before_completion, S.AWAITING_FINAL_REPORT]:
        assert S.CANCELLED in lc.allowed_transitions(status)
    for status in (S.COMPLETED, S.PAID, S.CANCELLED):
        assert S.CANCELLED not in lc.allowed_transitions(status)
    assert lc.allowed_transitions("paid") == ()
    assert set(lc.STATE_REQUIREMENTS) == set(Status)


def test_allowed_transitions_rejects_an_unknown_status() -> None:
    with pytest.raises(InvalidValueError, match="status: expected one of draft"):
        lc.allowed_transitions("finished")


def test_requirements_say_who_signs_what() -> None:
    commitment = lc.REQUIREMENTS["commitment"]
    assert commitment.signatories == (
        Party.HOST,
        Party.HOST_PARTNERSHIP,
        Party.VISITOR,
        Party.VISITOR_PARTNERSHIP,
    )
    assert [name for name, _ in commitment.fields] == ["goals", "objectives", "agenda"]
    assert lc.REQUIREMENTS["financial_agreement"].signatories == (
        Party.VISITOR,
        Party.VISITOR_PARTNERSHIP,
    )


# --- register, match ---------------------------------------------------------------------------


def test_register_a_draft() -> None:
    assert lc.register(exchange(S.DRAFT)).status is S.REGISTERED


def test_register_refused_when_already_registered() -> None:
    missing = refusal(lc.register, exchange(S.REGISTERED))
    assert missing == ("Status: draft, to become registered (the exchange is registered)",)


def test_match_a_registered_exchange_without_dates() -> None:
    # Dates are needed from prepared on: a match may be agreed before the dates are fixed.
    e = exchange(S.REGISTERED, start=None, end=None)
    assert lc.match(e).status is S.MATCHED


def test_match_refused_from_draft() -> None:
    assert refusal(lc.match, exchange(S.DRAFT)) == (
        "Status: registered, to become matched (the exchange is draft)",
    )


# --- prepare -----------------------------------------------------------------------------------


def test_prepare_with_both_documents() -> None:
    e = lc.prepare(exchange(S.MATCHED), commitment=COMMITMENT, financial_agreement=AGREEMENT)
    assert e.status is S.PREPARED
    assert e.documents.commitment == COMMITMENT
    assert e.documents.financial_agreement == AGREEMENT


def test_prepare_uses_documents_already_recorded() -> None:
    e = exchange(S.MATCHED, documents=Documents(commitment=COMMITMENT))
    assert lc.prepare(e, financial_agreement=AGREEMENT).status is S.PREPARED


def test_prepare_refused_names_the_missing_signature_and_agenda() -> None:
    commitment = CommitmentToQuality(
        goals="Learn",
        objectives="Projects",
        signed_by={Party.HOST, Party.VISITOR, Party.VISITOR_PARTNERSHIP},
    )
    missing = refusal(
        lc.prepare, exchange(S.MATCHED), commitment=commitment, financial_agreement=AGREEMENT
    )
    assert missing == (
        "Commitment to Quality: signature of the host partnership",
        "Commitment to Quality: agenda",
    )


def test_prepare_refused_with_nothing_lists_everything() -> None:
    missing = refusal(lc.prepare, exchange(S.MATCHED, start=None, end=None))
    assert missing == (
        "Commitment to Quality: signature of the host",
        "Commitment to Quality: signature of the host partnership",
        "Commitment to Quality: signature of the visitor",
        "Commitment to Quality: signature of the visitor partnership",
        "Commitment to Quality: goals",
        "Commitment to Quality: objectives",
        "Commitment to Quality: agenda",
        "Financial Agreement: signature of the visitor",
        "Financial Agreement: signature of the visitor partnership",
        "Dates: first day of activity",
        "Dates: last day of activity",
    )


def test_prepare_refused_names_an_unsigned_financial_agreement_and_a_missing_end() -> None:
    missing = refusal(
        lc.prepare,
        exchange(S.MATCHED, end=None),
        commitment=COMMITMENT,
        financial_agreement=FinancialAgreement(signed_by={Party.VISITOR}),
    )
    assert missing == (
        "Financial Agreement: signature of the visitor partnership",
        "Dates: last day of activity",
    )


def test_prepare_refused_from_registered_names_the_status_too() -> None:
    missing = refusal(
        lc.prepare, exchange(S.REGISTERED), commitment=COMMITMENT, financial_agreement=AGREEMENT
    )
    assert missing == ("Status: matched, to become prepared (the exchange is registered)",)


def test_the_error_message_names_the_exchange_and_every_item() -> None:
    with pytest.raises(LifecycleError) as info:
        lc.prepare(exchange(S.MATCHED, id="EG927FA8"), commitment=COMMITMENT)
    assert str(info.value) == (
        "cannot move EG927FA8 to prepared: missing Financial Agreement: signature of the "
        "visitor; Financial Agreement: signature of the visitor partnership"
    )


# --- start, await the final report -------------------------------------------------------------


def test_start_a_prepared_exchange_on_its_first_day() -> None:
    assert lc.start(prepared(), on=START).status is S.IN_PROGRESS
    assert lc.start(prepared()).status is S.IN_PROGRESS


def test_start_refused_before_the_first_day() -> None:
    missing = refusal(lc.start, prepared(), on=START - dt.timedelta(days=1))
    assert missing == ("Time: on or after the first day of activity (2023-03-06)",)


def test_start_refused_from_matched() -> None:
    missing = refusal(lc.start, exchange(S.MATCHED, start=None))
    assert missing[0] == "Status: prepared, to become in_progress (the exchange is matched)"
    assert "Dates: first day of activity" in missing


def test_await_the_final_report_from_the_last_day() -> None:
    e = lc.start(prepared())
    assert lc.await_final_report(e, on=END).status is S.AWAITING_FINAL_REPORT


def test_await_refused_before_the_last_day() -> None:
    e = lc.start(prepared())
    missing = refusal(lc.await_final_report, e, on=dt.date(2023, 3, 10))
    assert missing == ("Time: on or after the last day of activity (2023-03-17)",)


# --- the Final Activity Report -----------------------------------------------------------------


def test_submit_then_validate_then_complete() -> None:
    e = lc.submit_final_report(awaiting(), dt.date(2023, 3, 20))
    assert e.status is S.AWAITING_FINAL_REPORT
    assert e.documents.final_report == FinalReport(submitted=dt.date(2023, 3, 20))
    e = lc.validate_final_report(e, dt.date(2023, 3, 22), ["boarding passes", "invoice"])
    assert e.documents.final_report == FinalReport(
        submitted=dt.date(2023, 3, 20),
        validated=dt.date(2023, 3, 22),
        evidence=("boarding passes", "invoice"),
    )
    assert lc.complete(e).status is S.COMPLETED


def test_submit_on_the_last_day_is_allowed() -> None:
    assert lc.submit_final_report(awaiting(), END).documents.final_report is not None


def test_submit_refused_before_the_last_day() -> None:
    missing = refusal(lc.submit_final_report, awaiting(), dt.date(2023, 3, 16))
    assert missing == (
        "Final Activity Report: a submission on or after the last day of activity (2023-03-17)",
    )


def test_submit_refused_while_in_progress() -> None:
    missing = refusal(lc.submit_final_report, lc.start(prepared()), dt.date(2023, 3, 20))
    assert missing == (
        "Status: awaiting_final_report, to submit the final report (the exchange is in_progress)",
    )


def test_resubmission_clears_the_validation_and_keeps_the_evidence() -> None:
    e = attrs.evolve(awaiting(), documents=attrs.evolve(awaiting().documents, final_report=REPORT))
    again = lc.submit_final_report(e, dt.date(2023, 3, 25))
    assert again.documents.final_report == FinalReport(
        submitted=dt.date(2023, 3, 25), evidence=("boarding passes",)
    )


def test_validate_a_single_piece_of_evidence_given_as_text() -> None:
    e = lc.submit_final_report(awaiting(), dt.date(2023, 3, 20))
    e = lc.validate_final_report(e, dt.date(2023, 3, 20), "invoice")
    assert e.documents.final_report is not None
    assert e.documents.final_report.evidence == ("invoice",)


def test_validate_refused_before_submission_and_without_evidence() -> None:
    missing = refusal(lc.validate_final_report, awaiting(), dt.date(2023, 3, 22), [])
    assert missing == (
        "Final Activity Report: submission",
        "Final Activity Report: evidence (boarding passes, invoices)",
    )


def test_validate_refused_before_the_submission_date() -> None:
    e = lc.submit_final_report(awaiting(), dt.date(2023, 3, 20))
    missing = refusal(lc.validate_final_report, e, dt.date(2023, 3, 19), ["invoice"])
    assert missing == (
        "Final Activity Report: a validation on or after its submission (2023-03-20)",
    )


def test_validate_refused_when_not_awaiting() -> None:
    missing = refusal(lc.validate_final_report, prepared(), dt.date(2023, 3, 22), ["invoice"])
    assert missing == (
        "Status: awaiting_final_report, to validate the final report (the exchange is prepared)",
        "Final Activity Report: submission",
    )


def test_validate_refused_when_not_awaiting_even_with_a_submitted_report() -> None:
    report = FinalReport(submitted=dt.date(2023, 3, 20))
    e = attrs.evolve(prepared(), documents=attrs.evolve(prepared().documents, final_report=report))
    missing = refusal(lc.validate_final_report, e, dt.date(2023, 3, 22), ["invoice"])
    assert missing == (
        "Status: awaiting_final_report, to validate the final report (the exchange is prepared)",
    )


def test_evidence_already_recorded_is_enough_to_validate() -> None:
    report = FinalReport(submitted=dt.date(2023, 3, 20), evidence=["invoice"])
    e = attrs.evolve(awaiting(), documents=attrs.evolve(awaiting().documents, final_report=report))
    validated = lc.validate_final_report(e, dt.date(2023, 3, 21), [])
    assert validated.documents.final_report is not None
    assert validated.documents.final_report.validated == dt.date(2023, 3, 21)


def test_complete_refused_with_a_submitted_but_unvalidated_report() -> None:
    e = lc.submit_final_report(awaiting(), dt.date(2023, 3, 20))
    missing = refusal(lc.complete, e)
    assert missing == (
        "Final Activity Report: validation by the visitor partnership",
        "Final Activity Report: evidence (boarding passes, invoices)",
    )


def test_complete_refused_without_any_report() -> None:
    assert refusal(lc.complete, awaiting()) == (
        "Final Activity Report: submission",
        "Final Activity Report: validation by the visitor partnership",
        "Final Activity Report: evidence (boarding passes, invoices)",
    )


def test_complete_with_a_report_given_to_advance() -> None:
    assert lc.advance(awaiting(), "completed", final_report=REPORT).status is S.COMPLETED


def test_complete_refused_for_a_report_submitted_before_the_exchange_ended() -> None:
    early = FinalReport(
        submitted=dt.date(2023, 3, 10), validated=dt.date(2023, 3, 22), evidence=["x"]
    )
    missing = refusal(lc.advance, awaiting(), S.COMPLETED, final_report=early)
    assert missing == (
        "Final Activity Report: a submission on or after the last day of activity (2023-03-17)",
    )


# --- pay ---------------------------------------------------------------------------------------


def test_pay_records_the_date_and_amount() -> None:
    e = lc.pay(completed(), dt.date(2023, 3, 30), Decimal("830.00"))
    assert e.status is S.PAID
    assert e.payment == Payment(date=dt.date(2023, 3, 30), amount=Decimal("830.00"))


def test_pay_refused_before_completion() -> None:
    missing = refusal(lc.pay, awaiting(), dt.date(2023, 3, 30), "830")
    assert missing[0] == "Status: completed, to become paid (the exchange is awaiting_final_report)"
    assert "Final Activity Report: submission" in missing


def test_pay_refused_before_the_validation() -> None:
    missing = refusal(lc.pay, completed(), dt.date(2023, 3, 21), "830")
    assert missing == (
        "Payment: a date on or after the validation of the Final Activity Report (2023-03-22)",
    )


def test_pay_a_negative_amount_is_malformed_input() -> None:
    with pytest.raises(InvalidValueError):
        lc.pay(completed(), dt.date(2023, 3, 30), "-1")


def test_paying_twice_is_refused() -> None:
    paid = lc.pay(completed(), dt.date(2023, 3, 30), "830")
    assert refusal(lc.pay, paid, dt.date(2023, 3, 31), "830") == (
        "Status: completed, to become paid (the exchange is paid)",
    )


# --- cancel ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [S.DRAFT, S.REGISTERED, S.MATCHED, S.PREPARED, S.IN_PROGRESS, S.AWAITING_FINAL_REPORT],
)
def test_cancel_before_completion(status: Status) -> None:
    e = lc.cancel(exchange(status, remarks="by e-mail"), "visitor fell ill")
    assert e.status is S.CANCELLED
    assert e.remarks == "by e-mail; cancelled: visitor fell ill"


def test_cancel_without_a_reason_still_notes_the_cancellation() -> None:
    assert lc.cancel(exchange(S.MATCHED)).remarks == "cancelled"
    assert lc.cancel(exchange(S.MATCHED), "  ").remarks == "cancelled"


def test_cancel_needs_no_documents_even_for_an_inconsistent_record() -> None:
    # An imported record in progress without documents can still be cancelled.
    assert lc.cancel(exchange(S.IN_PROGRESS, start=None)).status is S.CANCELLED


@pytest.mark.parametrize("status", [S.COMPLETED, S.PAID, S.CANCELLED])
def test_cancel_refused_from_completion_on(status: Status) -> None:
    missing = refusal(lc.cancel, exchange(status), "too late")
    assert missing == (
        "Status: draft or registered or matched or prepared or in_progress or "
        f"awaiting_final_report, to become cancelled (the exchange is {status.value})",
    )


# --- advance and requirements ------------------------------------------------------------------


def test_advance_accepts_status_text() -> None:
    assert lc.advance(exchange(S.DRAFT), "registered").status is S.REGISTERED


def test_advance_rejects_an_unknown_status() -> None:
    with pytest.raises(InvalidValueError, match="got 'done'"):
        lc.advance(exchange(), "done")


def test_advance_to_draft_is_never_allowed() -> None:
    assert refusal(lc.advance, exchange(S.REGISTERED), S.DRAFT) == (
        "Status: no status leads to draft (the exchange is registered)",
    )


def test_advance_rejects_a_payment_outside_paying() -> None:
    with pytest.raises(InvalidValueError, match="only a move to paid"):
        lc.advance(awaiting(), S.COMPLETED, payment=Payment(date=END, amount=1))


def test_advance_rejects_a_reason_outside_cancelling() -> None:
    with pytest.raises(InvalidValueError, match="only a cancellation"):
        lc.advance(exchange(S.DRAFT), S.REGISTERED, reason="why")


def test_requirements_empty_when_allowed_and_unchanged_exchange() -> None:
    e = exchange(S.MATCHED)
    assert lc.requirements(e, S.MATCHED)[0].startswith("Status: registered")
    assert lc.requirements(prepared(), S.IN_PROGRESS) == ()
    assert lc.requirements(prepared(), S.IN_PROGRESS, on=START) == ()


def test_requirements_skip_the_time_check_without_a_date() -> None:
    e = attrs.evolve(prepared(), start=None, end=None)
    assert lc.requirements(e, S.IN_PROGRESS, on=START) == (
        "Dates: first day of activity",
        "Dates: last day of activity",
    )


def test_a_refused_transition_leaves_the_exchange_unchanged() -> None:
    e = exchange(S.MATCHED)
    with pytest.raises(LifecycleError):
        lc.prepare(e, commitment=COMMITMENT)
    assert e.status is S.MATCHED
    assert e.documents == Documents()


def test_missing_in_state_of_a_cancelled_exchange_is_empty() -> None:
    e = exchange(S.CANCELLED, documents=Documents(final_report=FinalReport(submitted=START)))
    assert lc.missing_in_state(e) == ()


def test_lifecycle_error_pickles_with_its_missing_items() -> None:
    import pickle

    with pytest.raises(LifecycleError) as info:
        lc.complete(awaiting())
    again = pickle.loads(pickle.dumps(info.value))
    assert again.missing == info.value.missing


# --- findings on imported records --------------------------------------------------------------


def test_no_findings_for_a_consistent_exchange() -> None:
    assert lc.lifecycle_findings(prepared()) == ()
    assert lc.lifecycle_findings(lc.pay(completed(), dt.date(2023, 3, 30), "830")) == ()


@pytest.mark.parametrize("status", list(Status))
def test_spreadsheet_rows_without_documents_are_not_flooded(status: Status) -> None:
    findings = lc.lifecycle_findings(exchange(status))
    if status is S.PAID:
        assert [f.message for f in findings] == [
            "status paid, but missing: Payment: date and amount"
        ]
    else:
        assert findings == ()


def test_completed_with_an_unvalidated_report_is_a_warning() -> None:
    report = FinalReport(submitted=dt.date(2023, 3, 20))
    e = attrs.evolve(
        completed(), documents=attrs.evolve(completed().documents, final_report=report)
    )
    (finding,) = lc.lifecycle_findings(e)
    assert finding.rule == "lifecycle"
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "status completed, but missing: Final Activity Report: validation by the visitor "
        "partnership; Final Activity Report: evidence (boarding passes, invoices)"
    )
    assert (finding.field, finding.value) == ("status", "completed")


def test_a_recorded_document_brings_every_need_of_the_status_into_the_check() -> None:
    e = exchange(S.COMPLETED, documents=Documents(final_report=REPORT))
    (finding,) = lc.lifecycle_findings(e)
    assert "Commitment to Quality: signature of the host;" in finding.message
    assert "Financial Agreement: signature of the visitor partnership" in finding.message


def test_a_payment_on_an_exchange_not_paid_is_a_warning() -> None:
    e = attrs.evolve(completed(), payment=Payment(date=dt.date(2023, 3, 30), amount=830))
    (finding,) = lc.lifecycle_findings(e)
    assert finding.message == "a payment is recorded, but the status is completed"
    cancelled = exchange(S.CANCELLED, payment=Payment(date=END, amount=0))
    assert len(lc.lifecycle_findings(cancelled)) == 1


def test_a_payment_before_the_validation_is_a_warning() -> None:
    e = attrs.evolve(
        completed(), status=S.PAID, payment=Payment(date=dt.date(2023, 3, 21), amount=830)
    )
    (finding,) = lc.lifecycle_findings(e)
    assert finding.message.endswith(
        "Payment: a date on or after the validation of the Final Activity Report (2023-03-22)"
    )


# --- junk in, a clean error out ------------------------------------------------------------------


def test_junk_arguments_are_refused_cleanly() -> None:
    with pytest.raises(InvalidValueError, match="expected an Exchange"):
        lc.advance("exchange", S.REGISTERED)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="on: expected a date"):
        lc.requirements(prepared(), S.IN_PROGRESS, on=dt.datetime(2023, 3, 6, 9, 0))
    with pytest.raises(InvalidValueError, match="on: expected a date"):
        lc.submit_final_report(awaiting(), "2023-03-20")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="evidence: expected texts"):
        lc.validate_final_report(awaiting(), END, 42)  # type: ignore[arg-type]
