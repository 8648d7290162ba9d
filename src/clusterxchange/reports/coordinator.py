"""The coordinator's report: eligibility, money and progress against targets, in one document.

:func:`coordinator_report` composes the rule families on one exchange table, as a partnership
coordinator reads them together: every exchange is checked (:mod:`clusterxchange.eligibility`);
the lump sums of the *eligible* exchanges the partnership pays for (those whose visitor it
manages) make the budget (:mod:`clusterxchange.reports.budgets`); the KPIs count the eligible
exchanges against the grant targets (:mod:`clusterxchange.kpi`). An ineligible exchange is
neither paid nor counted, so the money and the progress shown are what the partnership can claim.

``clusterxchange demo`` prints this report for the bundled example partnership.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Severity
from clusterxchange.model.formatting import DEFAULT_LOCALE

if TYPE_CHECKING:
    from clusterxchange.eligibility import DatasetVerdict
    from clusterxchange.io import ExchangeTable
    from clusterxchange.kpi import KpiReport, Targets
    from clusterxchange.model import Generation, Partnership
    from clusterxchange.money.days import CalendarProvider, HolidayCalendar
    from clusterxchange.reports.budgets import Budget

__all__ = ["CoordinatorReport", "FindingLine", "coordinator_report"]

_LISTED = (Severity.ERROR, Severity.UNDECIDED, Severity.WARNING)


@attrs.frozen(kw_only=True)
class FindingLine:
    """One finding as the report lists it: where it is, and what it says.

    Attributes:
        rows: The table rows concerned (one for an exchange's finding, several for a
            dataset-wide one); empty for a problem of the whole file.
        id: The exchange's ID, when it has one.
        rule: The rule id (``duration_min``), or ``cell`` for a value that could not be read.
        severity: ``error``, ``warning`` or ``info``.
        message: What was found.
    """

    rows: tuple[int, ...]
    id: str | None
    rule: str
    severity: Severity
    message: str


@attrs.frozen(kw_only=True)
class CoordinatorReport:
    """Everything a coordinator reads about an exchange table, computed once.

    Attributes:
        title: The report's heading (the partnership's name, or the file's).
        table: The exchange table as read, with its cell errors and the reader's warnings.
        verdict: The verdict on every exchange, and the dataset-wide findings.
        budget: The lump sums of the eligible exchanges the partnership pays for.
        kpis: The KPIs of the eligible exchanges, against the targets when given.
        note: A line under the title (where the data comes from), or empty.
    """

    title: str
    table: ExchangeTable
    verdict: DatasetVerdict
    budget: Budget
    kpis: KpiReport
    note: str = ""

    @property
    def eligible(self) -> int:
        """The number of eligible exchanges."""
        return len(self.verdict.verdicts) - len(self.verdict.ineligible())

    def findings(self, severities: Sequence[Severity] = _LISTED) -> tuple[FindingLine, ...]:
        """Return the findings of the given severities, in row order, cell errors first.

        An exchange's findings name its row; a dataset-wide finding (``visitor_once``) names
        every row involved and is listed once, not again under each exchange.

        Raises:
            InvalidValueError: *severities* is not a collection of severities.
        """
        try:
            wanted = frozenset(Severity(s) for s in severities)
        except (TypeError, ValueError):
            raise InvalidValueError(
                f"severities: expected severities (error, warning, info), got {severities!r:.80}"
            ) from None
        rows = self.table.rows
        lines = [
            FindingLine(
                rows=(p.row,) if p.row is not None else (),
                id=None,
                rule="cell",
                severity=Severity.ERROR,
                message=f"{p.column}: {p.message}" if p.column else p.message,
            )
            for p in self.table.errors
            if Severity.ERROR in wanted
        ]
        dataset_rules = {f.rule for f in self.verdict.findings}
        for row, verdict in zip(rows, self.verdict.verdicts, strict=True):
            lines.extend(
                FindingLine(
                    rows=(row,),
                    id=verdict.exchange.id,
                    rule=f.rule,
                    severity=f.severity,
                    message=f.message,
                )
                for f in verdict.findings
                if f.severity in wanted and f.rule not in dataset_rules
            )
        lines.extend(
            FindingLine(
                rows=tuple(rows[i] for i in f.indices),
                id=None,
                rule=f.rule,
                severity=f.severity,
                message=f.message,
            )
            for f in self.verdict.findings
            if f.severity in wanted
        )
        return tuple(sorted(lines, key=lambda line: (line.rows[:1] or (0,), line.rule)))

    def severity_counts(self) -> dict[Severity, int]:
        """Return the number of findings of each severity, cell errors included."""
        counts = Counter(line.severity for line in self.findings(tuple(Severity)))
        return {severity: counts.get(severity, 0) for severity in Severity}

    def to_text(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the report as plain text, names, money, dates and numbers written for *locale*."""
        from clusterxchange.reports._render import render

        return render(self, locale, markdown=False)

    def to_markdown(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the report as Markdown, ready to paste into a progress report."""
        from clusterxchange.reports._render import render

        return render(self, locale, markdown=True)


def _same_partnership(name: str | None) -> Callable[[str | None], bool]:
    # The comparison kpis() counts by, so the budget and the KPIs keep the same exchanges.
    from clusterxchange.kpi._count import partnership_key

    if name is None:
        return lambda _other: True
    wanted = partnership_key(name)
    return lambda other: other is not None and partnership_key(other) == wanted


def coordinator_report(
    table: ExchangeTable,
    *,
    partnership: Partnership | str | None = None,
    targets: Targets | None = None,
    generation: Generation | str | None = None,
    calendar: HolidayCalendar | CalendarProvider | None = None,
    title: str | None = None,
    note: str = "",
) -> CoordinatorReport:
    """Return the coordinator's report on *table*: findings, money and progress against targets.

    Args:
        table: An exchange table, from :func:`clusterxchange.io.read_exchanges`.
        partnership: The partnership reporting (a :class:`Partnership` or its name). Only its
            visitors' lump sums are budgeted and only its exchanges counted; default: the
            partnership the targets name, else every exchange.
        targets: The grant-agreement targets.
        generation: Check and price every exchange under this generation (default: each
            one's own, or the one whose period holds its first day).
        calendar: Holidays to subtract from working days (see :mod:`clusterxchange.money.days`).
        title: The heading; default: the partnership's name, else the file's.
        note: A line to print under the heading.

    Raises:
        InvalidValueError: *table* is not an :class:`~clusterxchange.io.ExchangeTable`, or
            another argument is of the wrong type (as :func:`~clusterxchange.kpi.kpis` and
            :func:`~clusterxchange.eligibility.check_dataset` say for theirs).
        UnknownGenerationError: *generation* is an id no shipped generation has.

    >>> from clusterxchange.examples import example_partnership, example_targets, load_example
    >>> report = coordinator_report(load_example(), partnership=example_partnership(),
    ...                             targets=example_targets())
    >>> report.title, len(report.table.exchanges), report.eligible
    ('TIDEWAY', 49, 44)
    >>> report.budget.totals.total
    Decimal('30120.00')
    """
    from clusterxchange.eligibility import check_dataset
    from clusterxchange.io import ExchangeTable
    from clusterxchange.kpi import Targets, kpis
    from clusterxchange.model import Partnership
    from clusterxchange.reports.budgets import budget

    if not isinstance(table, ExchangeTable):
        raise InvalidValueError(
            f"table: expected an ExchangeTable (from read_exchanges), got {type(table).__name__}"
        )
    if partnership is not None and not isinstance(partnership, Partnership | str):
        raise InvalidValueError(
            f"partnership: expected a Partnership or a name, got {type(partnership).__name__}"
        )
    if targets is not None and not isinstance(targets, Targets):
        raise InvalidValueError(f"targets: expected Targets, got {type(targets).__name__}")
    for label, text in (("title", title), ("note", note)):
        if text is not None and not isinstance(text, str):
            raise InvalidValueError(f"{label}: expected text, got {type(text).__name__}")
    verdict = check_dataset(table.exchanges, generation, calendar=calendar)
    eligible = [v.exchange for v in verdict.verdicts if v.eligible]
    name = partnership if isinstance(partnership, str | None) else partnership.name
    if name is None and targets is not None:
        name = targets.partnership
    ours = _same_partnership(name)
    funded = [e for e in eligible if ours(e.visitor_partnership)]
    return CoordinatorReport(
        title=title or name or table.file or "Exchanges",
        table=table,
        verdict=verdict,
        budget=budget(funded, generation, calendar=calendar),
        kpis=kpis(eligible, partnership=partnership, targets=targets),
        note=note,
    )
