"""Writing a coordinator's report as text or Markdown, for an explicit locale.

Headings, labels and notes are translated through the package's catalogues
(:mod:`clusterxchange.model.translations`); country names, money, dates, numbers and
percentages are written the way *locale* writes them (babel, through
:mod:`clusterxchange.model.formatting`). The findings' messages stay in English: they are the
rules' own words, quoting their sources (docs/howto/translate.md says why).
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

from clusterxchange.kpi._render import kind_name, kpi_title, reached_note
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
from clusterxchange.model.translations import N_, and_list, term, translation

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
        "exchanges": N_("the exchanges target"),
        "outside_partnership": N_("the outside-the-partnership target"),
        "visitor_kinds": N_("the visitor-kind targets together"),
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


def _rows(rows: Sequence[int], locale: str) -> str:
    return ", ".join(str(r) for r in rows) if rows else translation(locale).gettext("file")


def _summary(out: _Writer, report: ReportView, locale: str) -> None:
    def number(count: int) -> str:
        return format_number(count, locale)

    t = translation(locale)
    _ = t.gettext
    table = report.table
    days = [d for e in table.exchanges for d in (e.start, e.end) if d is not None]
    read = number(table.rows_read)
    if days:
        read = _("{count}, from {first} to {last}").format(
            count=read, first=format_date(min(days), locale), last=format_date(max(days), locale)
        )
    unknown = _("unknown")
    generations = Counter(v.generation or unknown for v in report.verdict.verdicts)
    counts = report.severity_counts()
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    findings = ", ".join(
        (
            t.ngettext("{count} error", "{count} errors", errors).format(count=number(errors)),
            t.ngettext("{count} warning", "{count} warnings", warnings).format(
                count=number(warnings)
            ),
        )
    )
    notes = counts[Severity.INFO]
    if notes:
        findings += "; " + t.ngettext(
            "{count} note not listed", "{count} notes not listed", notes
        ).format(count=number(notes))
    rows = [
        (_("Exchanges read"), read),
        (_("Generations"), ", ".join(f"{g} {number(n)}" for g, n in sorted(generations.items()))),
        (_("Eligible"), number(report.eligible)),
        (_("Not eligible"), number(len(report.verdict.ineligible()))),
        (_("Rows not loaded"), number(len(table.error_rows()))),
        (_("Findings"), findings),
    ]
    out.heading(_("Summary"), 2, anchor="summary")
    out.table(("", ""), rows)


def _findings(out: _Writer, report: ReportView, locale: str) -> None:
    _ = translation(locale).gettext
    lines = report.findings()
    out.heading(_("Findings: errors and warnings"), 2, anchor="findings")
    if not lines:
        out.text(_("None: every exchange is eligible and nothing is doubtful."))
        return
    rows = [
        (_rows(f.rows, locale), f.id or "", term(f.severity.value, locale), f.rule, f.message)
        for f in lines
    ]
    out.table(
        (_("row"), _("id"), _("severity"), _("rule"), _("message")),
        rows,
        name="findings",
        keys=[f.rule for f in lines],
        styles=[f.severity.value for f in lines],
    )
    if report.severity_counts()[Severity.INFO]:
        out.text("")
        out.text(
            _(
                "Notes (values taken on trust, unfunded virtual exchanges) are not listed: "
                "`clusterxchange check FILE` shows every finding."
            )
        )


def _money_row(label: str, totals: Totals, currency: str, locale: str) -> tuple[str, ...]:
    amounts = [getattr(totals, c) for c in _CATEGORIES] + [totals.total]
    return (
        label,
        format_number(totals.exchanges, locale),
        *(format_money(a, currency, locale) for a in amounts),
    )


def _money(out: _Writer, report: ReportView, locale: str) -> None:
    _ = translation(locale).gettext
    budget = report.budget
    partnership = report.kpis.partnership
    if partnership:
        heading = _("Money: lump sums of the eligible exchanges {partnership} pays")
    else:
        heading = _("Money: lump sums of the eligible exchanges to pay")
    out.heading(heading.format(partnership=partnership), 2, anchor="money")
    currency = budget.currency or "EUR"
    header = (
        _("host country"),
        _("exchanges"),
        *(term(c, locale) for c in _CATEGORIES),
        _("total"),
    )
    rows = [_money_row(_("All host countries"), budget.totals, currency, locale)]
    by_country = budget.by_host_country  # summed on each read
    rows += [
        _money_row(format_country(code, locale) if code else _("unknown"), totals, currency, locale)
        for code, totals in by_country.items()
    ]
    countries = [code or "unknown" for code in by_country]
    out.table(
        header,
        rows,
        numeric=range(1, 6),
        name="money",
        keys=["total", *countries],
        styles=["total", *([""] * len(countries))],
    )
    reasons = Counter(item.reason for item in budget.excluded)
    # The reasons of exchanges set aside are the budget's own marked messages; those of
    # unpriced ones are the library's (English) error messages, shown as they are.
    notes = [f"{format_number(n, locale)} {_(reason)}" for reason, n in sorted(reasons.items())]
    notes += [f"{item.reason}" for item in budget.unpriced]
    if notes:
        out.text("")
        out.text(_("Not counted: {reasons}.").format(reasons="; ".join(notes)))
    _overdue(out, report, currency, locale)


def _overdue(out: _Writer, report: ReportView, currency: str, locale: str) -> None:
    if report.on is None:
        return
    t = translation(locale)
    _ = t.gettext
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
            t.ngettext(
                "Payments overdue on {day}: cannot tell for {count} payable exchange, whose "
                "final report has no validation day recorded (no report_validated on its row).",
                "Payments overdue on {day}: cannot tell for {count} payable exchanges, whose "
                "final report has no validation day recorded (no report_validated on their rows).",
                unknown,
            ).format(day=day, count=format_number(unknown, locale))
        )
    if not report.overdue:
        if not unknown:
            out.text(_("No payment overdue on {day}.").format(day=day))
        return
    out.text(
        _("Payments overdue on {day}, due after the final report was validated:").format(day=day)
    )
    out.text("")
    rows = report.table.rows
    position = {id(e): i for i, e in enumerate(report.table.exchanges)}
    out.table(
        (_("row"), _("id"), _("due"), _("days overdue"), _("amount")),
        [
            (
                str(rows[position[id(p.exchange)]]) if id(p.exchange) in position else "",
                p.exchange.id or "",
                format_date(p.due, locale),
                format_number(p.days_overdue, locale),
                _("unknown") if p.amount is None else format_money(p.amount, currency, locale),
            )
            for p in report.overdue
        ],
        numeric=(3, 4),
        name="overdue",
    )


def _targets(out: _Writer, report: ReportView, locale: str) -> None:
    t = translation(locale)
    _ = t.gettext
    kpis = report.kpis
    if kpis.partnership:
        heading = _("Targets and status: completed eligible exchanges of {partnership}")
    else:
        heading = _("Targets and status: completed eligible exchanges")
    out.heading(heading.format(partnership=kpis.partnership), 2, anchor="targets")

    def number(count: int) -> str:
        return format_number(count, locale)

    if not kpis.statuses:
        out.text(
            _("No targets given. Completed: {completed}, pending: {pending}.").format(
                completed=number(kpis.completed), pending=number(kpis.pending)
            )
        )
        return
    rows = [
        (
            kpi_title(s.kpi, locale),
            number(s.target),
            number(s.actual),
            number(s.pending),
            format_percent(Decimal(str(s.progress)), locale),
            _("met") if s.met else _("{count} to go").format(count=number(s.remaining)),
        )
        for s in kpis.statuses
    ]
    out.chart(kpis, locale)
    out.table(
        (_("KPI"), _("target"), _("reached"), _("pending"), _("progress"), _("status")),
        rows,
        (1, 2, 3, 4),
        name="targets",
        keys=[s.kpi for s in kpis.statuses],
        styles=["met" if s.met else "" for s in kpis.statuses],
    )
    out.text("")
    out.text(reached_note(locale))
    recorded = report.recorded
    if recorded is not None and (recorded.completed, recorded.pending) != (
        kpis.completed,
        kpis.pending,
    ):
        out.text("")
        completed, pending = recorded.completed - kpis.completed, recorded.pending - kpis.pending
        left = [
            text.format(count=number(n))
            for n, text in (
                (
                    completed,
                    t.ngettext(
                        "{count} completed exchange", "{count} completed exchanges", completed
                    ),
                ),
                (
                    pending,
                    t.ngettext("{count} pending exchange", "{count} pending exchanges", pending),
                ),
            )
            if n
        ]
        out.text(
            _(
                "As recorded, before the check (`clusterxchange kpis`): {completed} completed and "
                "{pending} pending; left out here as not eligible: {left} (see the findings)."
            ).format(
                completed=number(recorded.completed),
                pending=number(recorded.pending),
                left=and_list(left, locale),
            )
        )


def _plan_row(item: PlanItem, locale: str) -> tuple[str, str, str]:
    _ = translation(locale).gettext
    return (
        format_number(item.count, locale),
        _("any kind") if item.kind is None else kind_name(item.kind, locale),
        _("outside the partnership")
        if item.relation is Relation.OUTSIDE
        else _("inside or outside"),
    )


def _plan(out: _Writer, report: ReportView, locale: str) -> None:
    plan, later = report.plan, report.plan_with_pending
    if plan is None:
        return
    t = translation(locale)
    _ = t.gettext
    out.heading(_("Plan: the fewest further exchanges that meet every target"), 2, anchor="plan")

    def number(count: int) -> str:
        return format_number(count, locale)

    if not plan.exchanges:
        out.text(_("Every target is met: no further exchange is needed."))
        return
    out.text(
        t.ngettext(
            "{count} further completed exchange meets every target at once (set by {binding}).",
            "{count} further completed exchanges meet every target at once (set by {binding}).",
            plan.exchanges,
        ).format(
            count=number(plan.exchanges),
            binding=and_list([_(_BOUNDS[b]) for b in plan.binding], locale),
        )
    )
    if later is not None and later.exchanges != plan.exchanges:
        out.text(
            t.ngettext(
                "Once the pending final reports are validated: {count} further exchange.",
                "Once the pending final reports are validated: {count} further exchanges.",
                later.exchanges,
            ).format(count=number(later.exchanges))
        )
    out.text("")
    out.table(
        (_("exchanges"), _("visitor kind"), _("visitor from")),
        [_plan_row(item, locale) for item in plan.items],
        numeric=(0,),
        name="plan",
    )
    money = plan.budget
    out.text("")
    if money is None:
        out.text(
            _(
                "Not priced: no host country or generation to price the further exchanges by "
                "(give the host countries expected)."
            )
        )
        return
    expected, low, high = (
        format_money(a, money.currency, locale)
        for a in (money.expected, money.minimum, money.maximum)
    )
    out.text(
        _(
            "Budget: {expected} expected, from {minimum} to {maximum}, assuming {assumption}."
        ).format(
            expected=expected, minimum=low, maximum=high, assumption=money.assumption_text(locale)
        )
    )
    out.text("")
    hosts = Counter(money.host_countries)
    out.table(
        (
            _("host country"),
            _("weight") if not report.host_countries_given else _("listed"),
            _("lump sum"),
        ),
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
        _("Host countries as given; expected: each as often as listed.")
        if report.host_countries_given
        else _(
            "Host countries as in the exchanges budgeted so far, in the same proportions "
            "(weight: exchanges hosted)."
        )
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
    _findings(out, report, locale)
