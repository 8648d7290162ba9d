"""Verdicts: every finding about one exchange, and about a whole dataset."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from clusterxchange.findings import Finding, Severity
from clusterxchange.model import Exchange

__all__ = ["DatasetFinding", "DatasetVerdict", "Verdict"]

_ERROR = Severity.ERROR


def _no_error(findings: tuple[Finding, ...]) -> bool:
    return all(finding.severity is not _ERROR for finding in findings)


@attrs.frozen(kw_only=True)
class Verdict:
    """What the rules say about one exchange: every finding, and whether it is eligible.

    Attributes:
        exchange: The exchange checked.
        generation: The id of the generation it was checked under (``None``: none could be
            determined, and a ``generation`` finding says why).
        findings: Every finding, errors first in rule order as the checks ran.
        working_days: The working days of activity the duration rules used (``None``: unknown).

    >>> from clusterxchange.findings import Finding
    >>> late = Finding(rule="lifecycle", severity="warning", message="paid late")
    >>> verdict = Verdict(exchange=Exchange.__new__(Exchange), generation="cxc2", findings=(late,))
    >>> verdict.eligible, verdict.rules(), verdict.errors()
    (True, ('lifecycle',), ())
    """

    exchange: Exchange
    generation: str | None
    findings: tuple[Finding, ...] = ()
    working_days: int | None = None

    @property
    def eligible(self) -> bool:
        """Whether no finding is an error."""
        findings = self.findings
        return not findings or _no_error(findings)

    @property
    def working_days_overridden(self) -> bool:
        """Whether :attr:`working_days` is the exchange's own record, not counted from dates."""
        return self.working_days is not None and self.exchange.working_days is not None

    def errors(self) -> tuple[Finding, ...]:
        """Return the findings that make the exchange ineligible."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

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
    >>> empty.eligible, empty.ineligible(), len(empty)
    (True, (), 0)
    """

    verdicts: tuple[Verdict, ...]
    findings: tuple[DatasetFinding, ...] = ()

    @property
    def eligible(self) -> bool:
        """Whether every exchange is eligible."""
        return all(v.eligible for v in self.verdicts)

    def ineligible(self) -> tuple[int, ...]:
        """Return the positions of the exchanges that are not eligible."""
        return tuple(i for i, v in enumerate(self.verdicts) if not v.eligible)

    def __len__(self) -> int:
        return len(self.verdicts)

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self.verdicts)

    def __getitem__(self, index: int) -> Verdict:
        return self.verdicts[index]
