"""A state machine drives random sequences of transitions, many of which must be refused.

Invariants: no illegal state is ever reached (the exchange always holds what its status needs,
each status change is one of the allowed transitions), a refusal always names what is missing
(exactly what :func:`requirements` says, for :func:`advance`), and a refusal changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from clusterxchange import Exchange, Organisation, Status
from clusterxchange import lifecycle as lc
from clusterxchange.model import CommitmentToQuality, FinalReport, FinancialAgreement, Party
from clusterxchange.model.errors import LifecycleError

HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
VISITOR = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])

days = st.dates(min_value=dt.date(2023, 3, 1), max_value=dt.date(2023, 3, 31))
parties = st.frozensets(st.sampled_from(list(Party)))
texts = st.none() | st.sampled_from(["Learn", "Two projects", "Agenda of the week"])
# Complete documents are drawn often enough that the machine reaches payment.
commitments = st.just(
    CommitmentToQuality(goals="Learn", objectives="Projects", agenda="Week", signed_by=set(Party))
) | st.builds(CommitmentToQuality, goals=texts, objectives=texts, agenda=texts, signed_by=parties)
agreements = st.just(
    FinancialAgreement(signed_by={Party.VISITOR, Party.VISITOR_PARTNERSHIP})
) | st.builds(FinancialAgreement, signed_by=parties)
evidence = st.lists(st.sampled_from(["boarding passes", "invoice", "hotel bill"]), max_size=2)


@st.composite
def reports(draw: st.DrawFn) -> FinalReport:
    submitted = draw(st.none() | days)
    validated = None
    if submitted is not None and draw(st.booleans()):
        validated = submitted + dt.timedelta(days=draw(st.integers(0, 5)))
    return FinalReport(submitted=submitted, validated=validated, evidence=draw(evidence))


@st.composite
def periods(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    # Mostly both dates known; sometimes one or both missing, which preparing must refuse.
    start = draw(days)
    end = start + dt.timedelta(days=draw(st.integers(0, 11)))
    gaps = draw(st.sampled_from(["none", "none", "none", "start", "end", "both"]))
    return (None if gaps in {"start", "both"} else start, None if gaps in {"end", "both"} else end)


class Lifecycle(RuleBasedStateMachine):
    """One exchange moved through its lifecycle by random, often premature, requests."""

    def __init__(self) -> None:
        super().__init__()
        self.exchange = Exchange(host=HOST, visitor=VISITOR, status=Status.DRAFT)

    @initialize(period=periods())
    def set_dates(self, period: tuple[dt.date | None, dt.date | None]) -> None:
        start, end = period
        self.exchange = attrs.evolve(self.exchange, start=start, end=end)

    def _attempt(self, call: object, *args: object, **kwargs: object) -> tuple[str, ...] | None:
        """Run *call*; on refusal check it named something and changed nothing."""
        assert callable(call)
        before = self.exchange
        refusal: LifecycleError | None = None
        try:
            after = call(before, *args, **kwargs)
        except LifecycleError as error:
            refusal = error
        if refusal is not None:
            assert refusal.missing, "a refusal names what is missing"
            assert all(isinstance(item, str) and item for item in refusal.missing)
            assert self.exchange == before
            return refusal.missing
        assert isinstance(after, Exchange)
        if after.status is not before.status:
            assert after.status in lc.allowed_transitions(before.status)
        self.exchange = after
        return None

    @rule(
        to=st.sampled_from(list(Status)),
        commitment=st.none() | commitments,
        agreement=st.none() | agreements,
        report=st.none() | reports(),
        on=st.none() | days,
    )
    def advance(
        self,
        to: Status,
        commitment: CommitmentToQuality | None,
        agreement: FinancialAgreement | None,
        report: FinalReport | None,
        on: dt.date | None,
    ) -> None:
        documents = attrs.evolve(
            self.exchange.documents,
            **{
                name: value
                for name, value in (
                    ("commitment", commitment),
                    ("financial_agreement", agreement),
                    ("final_report", report),
                )
                if value is not None
            },
        )
        expected = lc.requirements(attrs.evolve(self.exchange, documents=documents), to, on=on)
        missing = self._attempt(
            lc.advance,
            to,
            commitment=commitment,
            financial_agreement=agreement,
            final_report=report,
            on=on,
        )
        assert missing == (expected or None)
        if not expected:
            assert self.exchange.status is to

    @rule(
        action=st.sampled_from(["submit", "validate", "pay", "cancel", "verb", "prepare"]),
        data=st.data(),
    )
    def other(self, action: str, data: st.DataObject) -> None:
        # Any other request, whatever the status: many of them are refused. One rule for all
        # of them so that the rule forward is drawn often enough to reach payment.
        before = self.exchange
        if action == "submit":
            self._attempt(lc.submit_final_report, data.draw(days))
        elif action == "validate":
            self._attempt(lc.validate_final_report, data.draw(days), data.draw(evidence))
        elif action == "pay":
            amount = data.draw(st.decimals(min_value=0, max_value=1100, places=2))
            if self._attempt(lc.pay, data.draw(days), amount) is None:
                assert self.exchange.payment is not None
                assert self.exchange.payment.amount == amount
                assert before.status is Status.COMPLETED
        elif action == "cancel":
            reason = data.draw(st.none() | st.sampled_from(["visitor fell ill", "host closed"]))
            if self._attempt(lc.cancel, reason) is None:
                assert Status.CANCELLED in lc.allowed_transitions(before.status)
                assert self.exchange.remarks is not None
                assert "cancelled" in self.exchange.remarks
        elif action == "verb":
            verbs = [lc.register, lc.match, lc.start, lc.await_final_report, lc.complete]
            self._attempt(data.draw(st.sampled_from(verbs)))
        else:
            self._attempt(
                lc.prepare,
                commitment=data.draw(st.none() | commitments),
                financial_agreement=data.draw(st.none() | agreements),
            )

    @rule(
        commitment=commitments,
        agreement=agreements,
        later=st.integers(-2, 5),
        pieces=evidence,
    )
    def forward(
        self,
        commitment: CommitmentToQuality,
        agreement: FinancialAgreement,
        later: int,
        pieces: list[str],
    ) -> None:
        # The natural next step for the current status, so long runs reach payment; a step may
        # still be refused (a day before the end, no evidence, an incomplete document).
        e = self.exchange
        day = (e.end or dt.date(2023, 3, 15)) + dt.timedelta(days=later)
        report = e.documents.final_report
        steps = {
            Status.DRAFT: (lc.register,),
            Status.REGISTERED: (lc.match,),
            Status.MATCHED: (lc.prepare,),
            Status.PREPARED: (lc.start,),
            Status.IN_PROGRESS: (lc.await_final_report,),
            Status.COMPLETED: (lc.pay, day, Decimal("830.00")),
        }
        if e.status is Status.AWAITING_FINAL_REPORT:
            if report is None or report.submitted is None:
                self._attempt(lc.submit_final_report, day)
            elif report.validated is None:
                self._attempt(lc.validate_final_report, day, pieces)
            else:
                self._attempt(lc.complete)
        elif e.status is Status.MATCHED:
            self._attempt(lc.prepare, commitment=commitment, financial_agreement=agreement)
        elif e.status in steps:
            verb, *args = steps[e.status]
            self._attempt(verb, *args)

    @precondition(lambda self: not lc.allowed_transitions(self.exchange.status))
    @rule(period=periods())
    def next_exchange(self, period: tuple[dt.date | None, dt.date | None]) -> None:
        # Once paid or cancelled nothing can happen: go on with a new draft.
        start, end = period
        self.exchange = Exchange(
            host=HOST, visitor=VISITOR, status=Status.DRAFT, start=start, end=end
        )

    @invariant()
    def never_in_an_illegal_state(self) -> None:
        event(f"status {self.exchange.status.value}")
        assert lc.missing_in_state(self.exchange) == ()
        assert lc.lifecycle_findings(self.exchange) == ()
        assert (self.exchange.payment is not None) == (self.exchange.status is Status.PAID)


TestLifecycle = Lifecycle.TestCase
