"""Writing a coordinator's report as text or Markdown, for an explicit locale.

Headings and rule messages are English; country names, money, dates, numbers and percentages
are written the way *locale* writes them (babel, through :mod:`clusterxchange.model.formatting`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from clusterxchange.kpi._render import _counted
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
    from clusterxchange.kpi import KpiReport
    from clusterxchange.reports.budgets import Budget, Totals


# What this module reads of a report, so that it need not import the module that defines
# the report (which imports this one to render itself): no cycle, type-only ones included.
class _FindingLine(Protocol):
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


class CoordinatorReport(Protocol):
    """What :func:`render` reads of a coordinator's report (``reports.coordinator``)."""

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
    def eligible(self) -> int: ...
    def findings(self) -> Sequence[_FindingLine]: ...
    def severity_counts(self) -> dict[Severity, int]: ...


__all__ = ["render"]

_CATEGORIES = ("committed", "payable", "paid")


class _Writer:
    """Collects the lines of one report, as plain text or as Markdown."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.lines: list[str] = []

    def heading(self, text: str, level: int) -> None:
        if self.lines:
            self.lines.append("")
        if self.markdown:
            self.lines += ["#" * level + " " + text, ""]
        else:
            self.lines += [text, ("=" if level == 1 else "-") * len(text)]

    def text(self, text: str) -> None:
        self.lines.append(text)

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
    ) -> None:
        """Add a table whose columns at the indices *numeric* are right-aligned numbers.

        A plain-text table whose header is blank is printed without it.
        """
        if self.markdown:
            align = ["--:" if i in numeric else "---" for i in range(len(header))]
            for cells in (header, align, *rows):
                escaped = (c.replace("|", "\\|").replace("\n", " ") for c in cells)
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


def _summary(out: _Writer, report: CoordinatorReport, locale: str) -> None:
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
    out.heading("Summary", 2)
    out.table(("", ""), rows)


def _findings(out: _Writer, report: CoordinatorReport) -> None:
    lines = report.findings()
    out.heading("Findings: errors and warnings", 2)
    if not lines:
        out.text("None: every exchange is eligible and nothing is doubtful.")
        return
    rows = [(_rows(f.rows), f.id or "", f.severity.value, f.rule, f.message) for f in lines]
    out.table(("row", "id", "severity", "rule", "message"), rows)
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


def _money(out: _Writer, report: CoordinatorReport, locale: str) -> None:
    budget = report.budget
    whose = f"{report.kpis.partnership} pays" if report.kpis.partnership else "to pay"
    out.heading(f"Money: lump sums of the eligible exchanges {whose}", 2)
    currency = budget.currency or "EUR"
    header = ("host country", "exchanges", *_CATEGORIES, "total")
    rows = [_money_row("All host countries", budget.totals, currency, locale)]
    rows += [
        _money_row(format_country(code, locale) if code else "unknown", totals, currency, locale)
        for code, totals in budget.by_host_country.items()
    ]
    out.table(header, rows, numeric=range(1, 6))
    reasons = Counter(item.reason for item in budget.excluded)
    notes = [f"{format_number(n, locale)} {reason}" for reason, n in sorted(reasons.items())]
    notes += [f"{item.reason}" for item in budget.unpriced]
    if notes:
        out.text("")
        out.text("Not counted: " + "; ".join(notes) + ".")


def _targets(out: _Writer, report: CoordinatorReport, locale: str) -> None:
    kpis = report.kpis
    whose = f" of {kpis.partnership}" if kpis.partnership else ""
    out.heading(f"Targets and status: completed eligible exchanges{whose}", 2)

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
    out.table(("KPI", "target", "reached", "pending", "progress", "status"), rows, (1, 2, 3, 4))
    out.text("")
    out.text(
        "Reached: completed exchanges, each counted once, for the visitor's partnership; "
        "pending: waiting for the Final Activity Report."
    )


def render(report: CoordinatorReport, locale: str, *, markdown: bool) -> str:
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
    _summary(out, report, locale)
    _findings(out, report)
    _money(out, report, locale)
    _targets(out, report, locale)
    return "\n".join(out.lines) + "\n"
