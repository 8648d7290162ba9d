"""Verdicts: every finding about one exchange, and about a whole dataset."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import attrs

from clusterxchange.model import Exchange, Generation, Status
from clusterxchange.model.errors import NoCeilingError, UnknownGenerationError, UnpricedError
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.money.pricing import LumpSum, Unpriced, lump_sum

__all__ = ["OUTCOMES", "DatasetFinding", "DatasetVerdict", "Verdict"]

_ERROR, _UNDECIDED = Severity.ERROR, Severity.UNDECIDED

#: Why a verdict's exchange has no lump sum, when the reason does not depend on its values.
_CANCELLED = Unpriced(reason="cancelled: no lump sum is paid")
_NOT_ELIGIBLE = Unpriced(reason="not eligible")
_NO_AMOUNT = Unpriced(reason="no lump sum could be computed")

#: The outcomes of a verdict, from :attr:`Verdict.outcome`.
OUTCOMES: tuple[str, ...] = ("eligible", "not_eligible", "undecided")


def _decided(findings: tuple[Finding, ...]) -> bool:
    for finding in findings:  # noqa: SIM110 - a loop, no generator: asked of every verdict
        if finding.severity is _UNDECIDED:
            return False
    return True


def _eligible(findings: tuple[Finding, ...]) -> bool:
    for finding in findings:
        severity = finding.severity
        if severity is _ERROR or severity is _UNDECIDED:
            return False
    return True


def _outcome(findings: tuple[Finding, ...]) -> str:
    # One pass, as a plain loop: the writers ask for the outcome of every verdict, and a
    # generator per question cost more than the question.
    outcome = "eligible"
    for finding in findings:
        severity = finding.severity
        if severity is _ERROR:
            return "not_eligible"
        if severity is _UNDECIDED:
            outcome = "undecided"
    return outcome


@attrs.frozen(kw_only=True)
class Verdict:
    """What the rules say about one exchange: every finding, and whether it is eligible.

    An exchange is eligible when no rule finds an error and every rule could be decided. A
    rule that needs a value the record lacks (a country, a kind, the dates) gives an
    ``undecided`` finding naming the missing columns: the exchange is then neither eligible
    nor ineligible, and :attr:`outcome` says ``undecided``. An error outweighs an undecided
    rule: an exchange that fails one rule is ``not_eligible`` whatever the others lack.

    Checking and pricing are one decision: an eligible exchange's :attr:`lump_sum` is priced
    under the generation it was checked under, on the working days the duration rules used
    and the distance the ``distance`` rule decides by; otherwise :attr:`unpriced` says why
    there is none. The amount is computed when first read.

    Attributes:
        exchange: The exchange checked.
        generation: The id of the generation it was checked under (``None``: none could be
            determined, and a ``generation`` finding says why).
        findings: Every finding, errors first in rule order as the checks ran.
        working_days: The working days of activity the duration rules used (``None``: unknown).
        rules: The :class:`~clusterxchange.model.Generation` it was checked under, which
            prices it (``None``: the shipped generation named by :attr:`generation`).

    >>> from clusterxchange.model.findings import Finding
    >>> late = Finding(rule="lifecycle", severity="warning", message="paid late")
    >>> verdict = Verdict(exchange=Exchange.__new__(Exchange), generation="cxc2", findings=(late,))
    >>> verdict.eligible, verdict.rules(), verdict.errors()
    (True, ('lifecycle',), ())
    >>> unknown = Finding(rule="country", severity="undecided", missing=("host_country",),
    ...                   message="could not be decided: no host country (column host_country)")
    >>> partial = Verdict(exchange=verdict.exchange, generation="cxc2", findings=(unknown,))
    >>> partial.eligible, partial.decided, partial.outcome, partial.missing()
    (False, False, 'undecided', ('host_country',))
    """

    exchange: Exchange
    generation: str | None
    findings: tuple[Finding, ...] = ()
    working_days: int | None = None
    _rules: Generation | None = attrs.field(default=None, alias="rules", eq=False, repr=False)

    @property
    def lump_sum(self) -> LumpSum | None:
        """The lump sum of an eligible exchange; ``None`` when it has none (see :attr:`unpriced`).

        >>> import datetime as dt
        >>> from clusterxchange.eligibility import check_exchange
        >>> from clusterxchange.model import Organisation
        >>> host = Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
        >>> guest = Organisation(name="Pemas", country="PT", kind="cluster_organisation")
        >>> verdict = check_exchange(Exchange(host=host, visitor=guest, distance_km=1700,
        ...                                   start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 9)))
        >>> verdict.lump_sum.amount, verdict.lump_sum.working_days, verdict.unpriced
        (Decimal('415.00'), 4, None)
        """
        priced = self._priced
        return priced if isinstance(priced, LumpSum) else None

    @property
    def unpriced(self) -> Unpriced | None:
        """Why the exchange has no lump sum (``None`` when it has one).

        Cancelled, not eligible, not decided (with the columns that would decide it), or no
        ceiling for the host country (the ``threshold`` finding's words).

        >>> from clusterxchange.model import Organisation
        >>> e = Exchange(host=Organisation(name="H"), visitor=Organisation(name="V"))
        >>> Verdict(exchange=e, generation="cxc2",
        ...         findings=(Finding(rule="country", severity="error", message="no"),)).unpriced
        Unpriced(reason='not eligible', missing=())
        """
        priced = self._priced
        return priced if isinstance(priced, Unpriced) else None

    @functools.cached_property
    def _priced(self) -> LumpSum | Unpriced:
        exchange = self.exchange
        if exchange.status is Status.CANCELLED:
            return _CANCELLED
        outcome = self.outcome
        if outcome == "not_eligible":
            return _NOT_ELIGIBLE
        if outcome == "undecided":
            missing = self.missing()
            return Unpriced(reason="not decided: needs " + ", ".join(missing), missing=missing)
        rules = self._rules if self._rules is not None else self.generation
        if rules is None:  # a verdict made by hand: no generation to price it by
            return Unpriced(reason="no generation is known", missing=("generation",))
        try:
            return lump_sum(exchange, rules, working_days=self.working_days)
        except (UnpricedError, UnknownGenerationError) as error:
            return Unpriced(reason=str(error), missing=getattr(error, "missing", ()))
        except NoCeilingError:
            for finding in self.findings:
                if finding.rule == "threshold":
                    return Unpriced(reason=finding.message)
            return _NO_AMOUNT

    @property
    def eligible(self) -> bool:
        """Whether no finding is an error and every rule could be decided."""
        findings = self.findings
        return not findings or _eligible(findings)

    @property
    def decided(self) -> bool:
        """Whether every rule could be decided (no ``undecided`` finding)."""
        findings = self.findings
        return not findings or _decided(findings)

    @property
    def outcome(self) -> str:
        """``not_eligible`` (an error), else ``undecided`` (a rule undecided), else ``eligible``."""
        findings = self.findings
        return _outcome(findings) if findings else "eligible"

    def missing(self) -> tuple[str, ...]:
        """Return the columns whose values would decide the undecided rules, sorted, each once."""
        findings = self.findings
        if not findings or _decided(findings):
            return ()
        return tuple(
            sorted({column for f in findings if f.severity is _UNDECIDED for column in f.missing})
        )

    @property
    def working_days_overridden(self) -> bool:
        """Whether :attr:`working_days` is the exchange's own record, not counted from dates."""
        return self.working_days is not None and self.exchange.working_days is not None

    def errors(self) -> tuple[Finding, ...]:
        """Return the findings that make the exchange ineligible."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def undecided(self) -> tuple[Finding, ...]:
        """Return the findings of the rules that could not be decided (a value is missing)."""
        return tuple(f for f in self.findings if f.severity is Severity.UNDECIDED)

    def warnings(self) -> tuple[Finding, ...]:
        """Return the warnings: doubtful or contested points that do not make it ineligible."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def infos(self) -> tuple[Finding, ...]:
        """Return the information findings (values taken on trust, unfunded modes, ...)."""
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    def rules(self) -> tuple[str, ...]:
        """Return the rule ids of the findings, in order, each once."""
        return tuple(dict.fromkeys(f.rule for f in self.findings))


@attrs.frozen(kw_only=True)
class DatasetFinding(Finding):
    """A finding about several exchanges of a dataset together (``visitor_once``).

    Attributes:
        indices: The 0-based positions, in the dataset as given, of every exchange involved.

    >>> twice = DatasetFinding(rule="visitor_once", severity="error",
    ...                        message="Aero Lda takes part twice", indices=(0, 3))
    >>> isinstance(twice, Finding), twice.indices
    (True, (0, 3))
    """

    indices: tuple[int, ...]


@attrs.frozen(kw_only=True)
class DatasetVerdict:
    """The verdict on every exchange of a dataset, and the findings about the dataset as a whole.

    Attributes:
        verdicts: One verdict per exchange, in input order. A dataset-wide error also appears
            in the verdict of each exchange it makes ineligible.
        findings: Dataset-wide findings, each naming the exchanges involved.

    >>> empty = DatasetVerdict(verdicts=())
    >>> empty.eligible, empty.ineligible(), empty.undecided(), len(empty)
    (True, (), (), 0)
    """

    verdicts: tuple[Verdict, ...]
    findings: tuple[DatasetFinding, ...] = ()

    @property
    def eligible(self) -> bool:
        """Whether every exchange is eligible (none is ineligible or undecided)."""
        return all(v.eligible for v in self.verdicts)

    def ineligible(self) -> tuple[int, ...]:
        """Return the positions of the exchanges that are not eligible.

        These are the exchanges with an error *and* the undecided ones (neither is eligible);
        :meth:`undecided` gives the latter alone.
        """
        return tuple(i for i, v in enumerate(self.verdicts) if not v.eligible)

    def undecided(self) -> tuple[int, ...]:
        """Return the positions of the exchanges whose outcome is ``undecided``.

        Undecided: no error, but some rule could not be decided for lack of a value.
        """
        return tuple(i for i, v in enumerate(self.verdicts) if v.outcome == "undecided")

    def __len__(self) -> int:
        return len(self.verdicts)

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self.verdicts)

    def __getitem__(self, index: int) -> Verdict:
        return self.verdicts[index]
