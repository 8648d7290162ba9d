"""Writing a coordinator's report as text or Markdown, for an explicit locale.

Headings and rule messages are English; country names, money, dates, numbers and percentages
are written the way *locale* writes them (babel, through :mod:`clusterxchange.model.formatting`).
The sections are written through a writer (:class:`_Writer`), so that the HTML page
(the private module ``reports._html``) shows the same sections with the same figures.

This module reads the report through :class:`ReportView`, a protocol: it never imports
:mod:`clusterxchange.reports.coordinator`, which imports it (no import cycle, type-only ones
included).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from clusterxchange.kpi._render import _counted
from clusterxchange.kpi._targets import KIND_NAMES
from clusterxchange.model import Relation
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Severity
from clusterxchange.model.formatting import (
    format_country,
    format_date,
    format_money,
    format_number,
    format_percent,
    parse_locale,
)

if TYPE_CHECKING:
    from clusterxchange.eligibility import DatasetVerdict
    from clusterxchange.io import ExchangeTable
    from clusterxchange.kpi import KpiReport, Plan, PlanItem
    from clusterxchange.reports.budgets import Budget, OverduePayment, Totals

__all__ = ["FindingView", "ReportView", "render", "write_sections"]

_CATEGORIES = ("committed", "payable", "paid")

#: What sets the number of further exchanges (:attr:`clusterxchange.kpi.Plan.binding`).
_BOUNDS: Mapping[str, str] = MappingProxyType(
    {
        "exchanges": "the exchanges target",
        "outside_partnership": "the outside-the-partnership target",
        "visitor_kinds": "the visitor-kind targets together",
    }
)


class FindingView(Protocol):
    """What the renderers read of a finding (:class:`~.coordinator.FindingLine`)."""

    @property
    def rows(self) -> tuple[int, ...]: ...
    @property
    def id(self) -> str | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def message(self) -> str: ...


class ReportView(Protocol):
    """What the renderers read of a report (:class:`~.coordinator.CoordinatorReport`)."""

    @property
    def title(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def table(self) -> ExchangeTable: ...
    @property
    def verdict(self) -> DatasetVerdict: ...
    @property
    def budget(self) -> Budget: ...
    @property
    def kpis(self) -> KpiReport: ...
    @property
    def recorded(self) -> KpiReport | None: ...
    @property
    def plan(self) -> Plan | None: ...
    @property
    def plan_with_pending(self) -> Plan | None: ...
    @property
    def host_countries_given(self) -> bool: ...
    @property
    def on(self) -> dt.date | None: ...
    @property
    def overdue(self) -> tuple[OverduePayment, ...]: ...
    @property
    def eligible(self) -> int: ...
    def findings(self) -> Sequence[FindingView]: ...
    def severity_counts(self) -> Mapping[Severity, int]: ...


class _Writer:
    """Collects the lines of one report, as plain text or as Markdown.

    The HTML writer (in ``reports._html``) has the same methods; what only a
    page can show (the chart, a row's style) is ignored here.
    """

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []

    def _escape(self, text: str) -> str:
        # Values from the sheet must not become Markdown's raw HTML.
        if not self.markdown:
            return text
        return text.replace("<", "\\<").replace(">", "\\>")

    def heading(self, text: str, level: int, *, anchor: str = "") -> None:
        """Add a heading of *level* (1 the title, 2 a section); *anchor* names it in HTML."""
        if self.lines:
            self.lines.append("")
        if self.markdown:
            self.lines += ["#" * level + " " + self._escape(text), ""]
        else:
            self.lines += [text, ("=" if level == 1 else "-") * len(text)]

    def text(self, text: str) -> None:
        """Add a line (a paragraph in HTML; an empty line separates paragraphs)."""
        self.lines.append(self._escape(text))

    def chart(self, kpis: KpiReport, locale: str) -> None:
        """Show the chart of progress against targets (only a page can)."""

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        numeric: Sequence[int] = (),
        *,
        name: str = "",
        keys: Sequence[str] = (),
        styles: Sequence[str] = (),
    ) -> None:
        """Add a table whose columns at the indices *numeric* are right-aligned numbers.

        A plain-text table whose header is blank is printed without it. *name* (the table),
        *keys* (what each row is) and *styles* (how to show it) are for HTML only.
        """
        if self.markdown:
            align = ["--:" if i in numeric else "---" for i in range(len(header))]
            for cells in (header, align, *rows):
                escaped = (
                    self._escape(c.replace("\\", "\\\\").replace("|", "\\|")).replace("\n", " ")
                    for c in cells
                )
                self.lines.append("| " + " | ".join(escaped) + " |")
            return
        widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
        for cells in (header, *rows) if any(header) else rows:
            padded = [
                c.rjust(w) if i in numeric else c.ljust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            ]
            self.lines.append("  ".join(padded).rstrip())


def _rows(rows: Sequence[int]) -> str:
    return ", ".join(str(r) for r in rows) if rows else "file"


def _summary(out: _Writer, report: ReportView, locale: str) -> None:
    def number(count: int) -> str:
        return format_number(count, locale)

    table = report.table
    days = [d for e in table.exchanges for d in (e.start, e.end) if d is not None]
    read = number(table.rows_read)
    if days:
        first, last = format_date(min(days), locale), format_date(max(days), locale)
        read += f", from {first} to {last}"
    generations = Counter(v.generation or "unknown" for v in report.verdict.verdicts)
    counts = report.severity_counts()
    findings = ", ".join(
        _counted(counts[s], word, number)
        for s, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"))
    )
    notes = counts[Severity.INFO]
    if notes:
        findings += f"; {_counted(notes, 'note', number)} not listed"
    rows = [
        ("Exchanges read", read),
        ("Generations", ", ".join(f"{g} {number(n)}" for g, n in sorted(generations.items()))),
        ("Eligible", number(report.eligible)),
        ("Not eligible", number(len(report.verdict.ineligible()))),
        ("Rows not loaded", number(len(table.error_rows()))),
        ("Findings", findings),
    ]
    out.heading("Summary", 2, anchor="summary")
    out.table(("", ""), rows)


def _findings(out: _Writer, report: ReportView) -> None:
    lines = report.findings()
    out.heading("Findings: errors and warnings", 2, anchor="findings")
    if not lines:
        out.text("None: every exchange is eligible and nothing is doubtful.")
        return
    rows = [(_rows(f.rows), f.id or "", f.severity.value, f.rule, f.message) for f in lines]
    out.table(
        ("row", "id", "severity", "rule", "message"),
        rows,
        name="findings",
        keys=[f.rule for f in lines],
        styles=[f.severity.value for f in lines],
    )
    if report.severity_counts()[Severity.INFO]:
        out.text("")
        out.text(
            "Notes (values taken on trust, unfunded virtual exchanges) are not listed: "
            "`clusterxchange check FILE` shows every finding."
        )


def _money_row(label: str, totals: Totals, currency: str, locale: str) -> tuple[str, ...]:
    amounts = [getattr(totals, c) for c in _CATEGORIES] + [totals.total]
    return (
        label,
        format_number(totals.exchanges, locale),
        *(format_money(a, currency, locale) for a in amounts),
    )


def _money(out: _Writer, report: ReportView, locale: str) -> None:
    budget = report.budget
    whose = f"{report.kpis.partnership} pays" if report.kpis.partnership else "to pay"
    out.heading(f"Money: lump sums of the eligible exchanges {whose}", 2, anchor="money")
    currency = budget.currency or "EUR"
    header = ("host country", "exchanges", *_CATEGORIES, "total")
    rows = [_money_row("All host countries", budget.totals, currency, locale)]
    rows += [
        _money_row(format_country(code, locale) if code else "unknown", totals, currency, locale)
        for code, totals in budget.by_host_country.items()
    ]
    countries = [code or "unknown" for code in budget.by_host_country]
    out.table(
        header,
        rows,
        numeric=range(1, 6),
        name="money",
        keys=["total", *countries],
        styles=["total", *([""] * len(countries))],
    )
    reasons = Counter(item.reason for item in budget.excluded)
    notes = [f"{format_number(n, locale)} {reason}" for reason, n in sorted(reasons.items())]
    notes += [f"{item.reason}" for item in budget.unpriced]
    if notes:
        out.text("")
        out.text("Not counted: " + "; ".join(notes) + ".")
    _overdue(out, report, currency, locale)


def _overdue(out: _Writer, report: ReportView, currency: str, locale: str) -> None:
    if report.on is None:
        return
    out.text("")
    day = format_date(report.on, locale)
    unknown = sum(
        1
        for line in report.budget.lines
        if line.category == "payable"
        and (
            line.exchange.documents.final_report is None
            or line.exchange.documents.final_report.validated is None
        )
    )
    if unknown:
        out.text(
            f"Payments overdue on {day}: cannot tell for "
            f"{_counted(unknown, 'payable exchange', lambda n: format_number(n, locale))}, "
            "whose final report has no validation day recorded (no report_validated on its row)."
        )
    if not report.overdue:
        if not unknown:
            out.text(f"No payment overdue on {day}.")
        return
    out.text(f"Payments overdue on {day}, due after the final report was validated:")
    out.text("")
    rows = report.table.rows
    position = {id(e): i for i, e in enumerate(report.table.exchanges)}
    out.table(
        ("row", "id", "due", "days overdue", "amount"),
        [
            (
                str(rows[position[id(p.exchange)]]) if id(p.exchange) in position else "",
                p.exchange.id or "",
                format_date(p.due, locale),
                format_number(p.days_overdue, locale),
                "unknown" if p.amount is None else format_money(p.amount, currency, locale),
            )
            for p in report.overdue
        ],
        numeric=(3, 4),
        name="overdue",
    )


def _targets(out: _Writer, report: ReportView, locale: str) -> None:
    kpis = report.kpis
    whose = f" of {kpis.partnership}" if kpis.partnership else ""
    out.heading(f"Targets and status: completed eligible exchanges{whose}", 2, anchor="targets")

    def number(count: int) -> str:
        return format_number(count, locale)

    if not kpis.statuses:
        out.text(
            f"No targets given. Completed: {number(kpis.completed)}, "
            f"pending: {number(kpis.pending)}."
        )
        return
    rows = [
        (
            s.label,
            number(s.target),
            number(s.actual),
            number(s.pending),
            format_percent(Decimal(str(s.progress)), locale),
            "met" if s.met else f"{number(s.remaining)} to go",
        )
        for s in kpis.statuses
    ]
    out.chart(kpis, locale)
    out.table(
        ("KPI", "target", "reached", "pending", "progress", "status"),
        rows,
        (1, 2, 3, 4),
        name="targets",
        keys=[s.kpi for s in kpis.statuses],
        styles=["met" if s.met else "" for s in kpis.statuses],
    )
    out.text("")
    out.text(
        "Reached: completed exchanges, each counted once, for the visitor's partnership; "
        "pending: waiting for the Final Activity Report."
    )
    recorded = report.recorded
    if recorded is not None and (recorded.completed, recorded.pending) != (
        kpis.completed,
        kpis.pending,
    ):
        out.text("")
        left = [
            _counted(n, f"{word} exchange", number)
            for n, word in (
                (recorded.completed - kpis.completed, "completed"),
                (recorded.pending - kpis.pending, "pending"),
            )
            if n
        ]
        out.text(
            f"As recorded, before the check (`clusterxchange kpis`): "
            f"{number(recorded.completed)} completed and {number(recorded.pending)} pending; "
            f"left out here as not eligible: {' and '.join(left)} (see the findings)."
        )


def _plan_row(item: PlanItem, locale: str) -> tuple[str, str, str]:
    return (
        format_number(item.count, locale),
        "any kind" if item.kind is None else KIND_NAMES[item.kind][0],
        "outside the partnership" if item.relation is Relation.OUTSIDE else "inside or outside",
    )


def _plan(out: _Writer, report: ReportView, locale: str) -> None:
    plan, later = report.plan, report.plan_with_pending
    if plan is None:
        return
    out.heading("Plan: the fewest further exchanges that meet every target", 2, anchor="plan")

    def number(count: int) -> str:
        return format_number(count, locale)

    if not plan.exchanges:
        out.text("Every target is met: no further exchange is needed.")
        return
    out.text(
        f"{_counted(plan.exchanges, 'further completed exchange', number)} "
        f"meet every target at once (set by {' and '.join(_BOUNDS[b] for b in plan.binding)})."
    )
    if later is not None and later.exchanges != plan.exchanges:
        out.text(
            f"Once the pending final reports are validated: "
            f"{_counted(later.exchanges, 'further exchange', number)}."
        )
    out.text("")
    out.table(
        ("exchanges", "visitor kind", "visitor from"),
        [_plan_row(item, locale) for item in plan.items],
        numeric=(0,),
        name="plan",
    )
    money = plan.budget
    out.text("")
    if money is None:
        out.text(
            "Not priced: no host country or generation to price the further exchanges by "
            "(give the host countries expected)."
        )
        return
    expected, low, high = (
        format_money(a, money.currency, locale)
        for a in (money.expected, money.minimum, money.maximum)
    )
    out.text(f"Budget: {expected} expected, from {low} to {high}, assuming {money.assumption}.")
    out.text("")
    hosts = Counter(money.host_countries)
    out.table(
        ("host country", "weight" if not report.host_countries_given else "listed", "lump sum"),
        [
            (
                format_country(code, locale),
                number(hosts[code]),
                format_money(amount, money.currency, locale),
            )
            for code, amount in money.per_exchange.items()
        ],
        numeric=(1, 2),
        name="plan-budget",
        keys=list(money.per_exchange),
    )
    out.text("")
    out.text(
        "Host countries as given; expected: each as often as listed."
        if report.host_countries_given
        else "Host countries as in the exchanges budgeted so far, in the same proportions "
        "(weight: exchanges hosted)."
    )


def render(report: ReportView, locale: str, *, markdown: bool) -> str:
    """Return *report* as plain text or Markdown, written for *locale*.

    Raises:
        InvalidValueError: *locale* is not a known locale.
    """
    if not isinstance(locale, str):
        raise InvalidValueError(f"locale: expected a locale such as en or da, got {locale!r}")
    parse_locale(locale)
    out = _Writer(markdown)
    out.heading(report.title, 1)
    for line in report.note.splitlines():
        out.text(line + ("  " if out.markdown else ""))
    write_sections(out, report, locale)
    return "\n".join(out.lines) + "\n"


def write_sections(out: _Writer, report: ReportView, locale: str) -> None:
    """Write the report's sections to *out*: summary, targets, plan, money, findings."""
    _summary(out, report, locale)
    _targets(out, report, locale)
    _plan(out, report, locale)
    _money(out, report, locale)
    _findings(out, report)
