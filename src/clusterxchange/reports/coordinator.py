"""The coordinator's report: eligibility, money and progress against targets, in one document.

:func:`coordinator_report` composes the rule families on one exchange table, as a partnership
coordinator reads them together: every exchange is checked (:mod:`clusterxchange.eligibility`);
the lump sums of the *eligible* exchanges the partnership pays for (those whose visitor it
manages) make the budget (:mod:`clusterxchange.reports.budgets`); the KPIs count the eligible
exchanges against the grant targets (:mod:`clusterxchange.kpi`). An ineligible exchange is
neither paid nor counted, so the money and the progress shown are what the partnership can claim.

With targets, the report also holds the plan (:func:`clusterxchange.kpi.plan`): the fewest
further exchanges that meet every target, priced over the host countries expected (by default
those of the exchanges budgeted so far, in the same proportions), and the KPIs as recorded
before the check, as ``clusterxchange kpis`` counts them, so the two can be reconciled.

``clusterxchange demo`` prints this report for the bundled example partnership;
``clusterxchange report`` writes it for a table, as HTML (the private module ``reports._html``),
Markdown or text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from clusterxchange.model._build import trusted_constructor
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Severity
from clusterxchange.model.formatting import DEFAULT_LOCALE

if TYPE_CHECKING:
    from clusterxchange.eligibility import DatasetVerdict
    from clusterxchange.io import ExchangeTable
    from clusterxchange.kpi import KpiReport, Plan, Targets
    from clusterxchange.model import Generation, Partnership
    from clusterxchange.money.days import CalendarProvider, HolidayCalendar
    from clusterxchange.reports.budgets import Budget, OverduePayment

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


#: A :class:`FindingLine` built without attrs' frozen ``__init__`` (the class has no converter
#: or validator: the values are what it holds). A report of 100,000 rows lists some 270,000;
#: the object is the one the class builds (tests/test_demo.py compares them).
_new_line = trusted_constructor(FindingLine)


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
        recorded: The KPIs of every exchange as recorded, before the check (what
            ``clusterxchange kpis`` counts); ``None`` when not computed.
        plan: With targets, the fewest further completed exchanges that meet them all, with
            their budget when it can be priced; else ``None``.
        plan_with_pending: The same plan counting the pending exchanges as completed (what is
            left once their final reports are validated).
        host_countries_given: Whether the plan's host countries were given (else they are
            those of the exchanges budgeted so far).
        on: The day the report is made, when given: payments due before it are overdue.
        overdue: The budgeted exchanges whose payment was due before :attr:`on`.
    """

    title: str
    table: ExchangeTable
    verdict: DatasetVerdict
    budget: Budget
    kpis: KpiReport
    note: str = ""
    recorded: KpiReport | None = None
    plan: Plan | None = None
    plan_with_pending: Plan | None = None
    host_countries_given: bool = False
    on: dt.date | None = None
    overdue: tuple[OverduePayment, ...] = ()

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
        line = _new_line  # FindingLine from values of the right types
        lines = [
            line(rows=rows, id=ident, rule=rule, severity=severity, message=message)
            for severity, rows, ident, rule, message in self._entries()
            if severity in wanted
        ]
        return tuple(sorted(lines, key=lambda found: (found.rows[:1] or (0,), found.rule)))

    def severity_counts(self) -> dict[Severity, int]:
        """Return the number of findings of each severity, cell errors included.

        The lines :meth:`findings` lists, counted without making them (on 100,000 rows of
        benchmarks/tables.py, 0.05 s instead of 1.2 s).
        """
        counts = Counter(entry[0] for entry in self._entries())
        return {severity: counts.get(severity, 0) for severity in Severity}

    def _entries(self) -> Iterator[tuple[Severity, tuple[int, ...], str | None, str, str]]:
        """Yield every finding the report lists: ``(severity, rows, id, rule, message)``.

        Cell errors first, then each exchange's findings but those of a dataset-wide rule,
        then the dataset-wide findings, each once with every row involved; not sorted.
        """
        for p in self.table.errors:
            message = f"{p.column}: {p.message}" if p.column else p.message
            yield Severity.ERROR, (p.row,) if p.row is not None else (), None, "cell", message
        rows = self.table.rows
        dataset = self.verdict.findings
        dataset_rules = {f.rule for f in dataset}
        for row, verdict in zip(rows, self.verdict.verdicts, strict=True):
            ident = verdict.exchange.id
            for f in verdict.findings:
                if f.rule not in dataset_rules:
                    yield f.severity, (row,), ident, f.rule, f.message
        for f in dataset:
            yield f.severity, tuple(rows[i] for i in f.indices), None, f.rule, f.message

    def to_text(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the report as plain text, names, money, dates and numbers written for *locale*."""
        from clusterxchange.reports._render import render

        return render(self, locale, markdown=False)

    def to_markdown(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the report as Markdown, ready to paste into a progress report."""
        from clusterxchange.reports._render import render

        return render(self, locale, markdown=True)

    def to_html(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the report as one self-contained HTML page (inline CSS and SVG, no script)."""
        # Relative: the module is newer than the tool that rewrites the old module paths.
        from ._html import render_html

        return render_html(self, locale)


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
    host_countries: Iterable[str] | None = None,
    on: dt.date | None = None,
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
        host_countries: The host countries expected for the further exchanges of the plan,
            to price it; default: the host countries of the exchanges budgeted, as often as
            they host (the plan is then left unpriced if one has no ceiling).
        on: The day of the report: the budgeted exchanges whose payment was due before it
            are listed as overdue. Default: no overdue list.

    Raises:
        InvalidValueError: *table* is not an :class:`~clusterxchange.io.ExchangeTable`, or
            another argument is of the wrong type (as :func:`~clusterxchange.kpi.kpis` and
            :func:`~clusterxchange.eligibility.check_dataset` say for theirs).
        UnknownGenerationError: *generation* is an id no shipped generation has.
        NoCeilingError: One of the *host_countries* given has no ceiling in the plan's
            generation.

    >>> from clusterxchange.examples import example_partnership, example_targets, load_example
    >>> report = coordinator_report(load_example(), partnership=example_partnership(),
    ...                             targets=example_targets())
    >>> report.title, len(report.table.exchanges), report.eligible
    ('TIDEWAY', 49, 44)
    >>> report.budget.totals.total
    Decimal('30120.00')
    >>> report.plan.exchanges, report.plan_with_pending.exchanges, report.recorded.completed
    (14, 10, 41)
    """
    from clusterxchange.eligibility import check_dataset
    from clusterxchange.io import ExchangeTable
    from clusterxchange.kpi import Targets, kpis
    from clusterxchange.model import Partnership
    from clusterxchange.reports.budgets import budget, overdue_payments

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
    checked = [v for v in verdict.verdicts if v.eligible]
    eligible = [v.exchange for v in checked]
    name = partnership if isinstance(partnership, str | None) else partnership.name
    if name is None and targets is not None:
        name = targets.partnership
    if on is not None and (isinstance(on, dt.datetime) or not isinstance(on, dt.date)):
        raise InvalidValueError(f"on: expected a date, got {type(on).__name__}")
    if host_countries is not None and (
        isinstance(host_countries, str | bytes) or not isinstance(host_countries, Iterable)
    ):
        raise InvalidValueError(
            f"host_countries: expected a list of countries, got {type(host_countries).__name__}"
        )
    ours = _same_partnership(name)
    # Priced as checked: each verdict carries its lump sum (one assessment, not two).
    funded = [v for v in checked if ours(v.exchange.visitor_partnership)]
    money = budget(funded, generation, calendar=calendar)
    counted = kpis(eligible, partnership=partnership, targets=targets)
    planned: tuple[Plan | None, Plan | None] = (None, None)
    if targets is not None and targets.items():
        planned = _plans(counted, money, verdict, generation, host_countries)
    return CoordinatorReport(
        title=title or name or table.file or "Exchanges",
        table=table,
        verdict=verdict,
        budget=money,
        kpis=counted,
        note=note,
        recorded=kpis(table.exchanges, partnership=partnership, targets=targets),
        plan=planned[0],
        plan_with_pending=planned[1],
        host_countries_given=host_countries is not None,
        on=on,
        overdue=()
        if on is None
        else overdue_payments([v.exchange for v in funded], on, generation, calendar=calendar),
    )


def _plans(
    counted: KpiReport,
    money: Budget,
    verdict: DatasetVerdict,
    generation: Generation | str | None,
    host_countries: Iterable[str] | None,
) -> tuple[Plan, Plan]:
    """Return the plan against the targets of *counted*, then the plan counting pending ones.

    Priced under *generation*, else that of the latest eligible exchange; over *host_countries*,
    else those of the budgeted exchanges as often as they host (unpriced when one of those has
    no ceiling: only countries given explicitly are an error).
    """
    from clusterxchange.kpi import plan
    from clusterxchange.model.errors import ClusterXchangeError

    if generation is None:
        dated = [
            (v.exchange.start, v.generation)
            for v in verdict.verdicts
            if v.eligible and v.generation is not None and v.exchange.start is not None
        ]
        generation = max(dated)[1] if dated else None
    given = host_countries is not None
    if host_countries is None:
        hosts = Counter(line.exchange.host.country for line in money.lines)
        host_countries = [
            code
            for code, n in sorted(hosts.items(), key=lambda item: (-item[1], item[0] or ""))
            if code is not None
            for _ in range(n)
        ]
    else:
        host_countries = list(host_countries)
    priced = generation is not None and (given or bool(host_countries))
    plans = []
    for pending in (False, True):
        try:
            plans.append(
                plan(
                    counted,
                    count_pending=pending,
                    host_countries=host_countries if priced else None,
                    generation=generation if priced else None,
                )
            )
        except ClusterXchangeError:
            if given:
                raise
            plans.append(plan(counted, count_pending=pending))
    return plans[0], plans[1]
