"""The coordinator's report as one self-contained HTML page, to attach to a progress report.

The page holds everything it shows: the style sheet is inline, the chart is SVG drawn by
:func:`clusterxchange.kpi._svg.progress_svg`, there is no script, and a Content Security Policy
forbids the browser any request (no font, image or style sheet from anywhere). The sections
are those of the Markdown and text forms (:func:`clusterxchange.reports._render.write_sections`),
with the same figures, written for the same locale. Every value from the sheet is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.formatting import format_date, format_money, format_number, parse_locale
from clusterxchange.model.translations import translation
from clusterxchange.reports._render import _Writer, write_sections

if TYPE_CHECKING:
    from clusterxchange.kpi import KpiReport
    from clusterxchange.reports._render import ReportView

__all__ = ["STYLE", "render_html"]

#: The page's style sheet: readable on screen, A4 pages in print, black-and-white safe.
STYLE = """
@page { size: A4; margin: 15mm 14mm 16mm; }
:root { --ink: #1d2733; --muted: #5b6570; --rule: #d5d9de; --accent: #1f5f8b;
  --bad: #a8322d; --warn: #8a5a00; --ok: #2e6b34; --band: #f3f5f7; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 10.5pt/1.45 "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans",
  "DejaVu Sans", sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.75rem 3rem; }
header { border-bottom: 3px solid var(--accent); padding-bottom: .8rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .78em;
  color: var(--accent); font-weight: 600; margin: 0; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .2rem 0 .35rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .7rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--rule); break-after: avoid; page-break-after: avoid; }
p { margin: .4rem 0; }
.note { color: var(--muted); margin: .2rem 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
  margin: .6rem 0 0; font-size: .9em; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.figures { display: grid; grid-template-columns: repeat(6, 1fr); gap: .55rem;
  margin: 1.1rem 0 .4rem; }
.figure { border: 1px solid var(--rule); border-top: 4px solid var(--accent);
  padding: .45rem .6rem .5rem; break-inside: avoid; }
.figure.bad { border-top-color: var(--bad); }
.figure.ok { border-top-color: var(--ok); }
.figure .value { display: block; font-size: 1.3rem; font-weight: 650; line-height: 1.25;
  font-variant-numeric: tabular-nums; white-space: nowrap; }
.figure .label { display: block; color: var(--muted); font-size: .8em; line-height: 1.25; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 .6rem; font-size: .92em; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: .28rem .5rem; border-bottom: 1px solid var(--rule); text-align: left;
  vertical-align: top; }
thead th { background: var(--band); border-bottom: 1.5px solid var(--ink); font-weight: 600; }
th.num, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.facts { width: auto; min-width: 60%; }
table.plan, table.plan-budget, table.overdue { width: auto; min-width: 55%; }
table.facts th { font-weight: 600; padding-right: 2rem; white-space: nowrap; }
tr.total td { font-weight: 650; border-bottom: 1.5px solid var(--ink); }
table.targets tr.met td:last-child { color: var(--ok); font-weight: 600; }
table.findings { font-size: .85em; }
table.findings td:nth-child(1), table.findings td:nth-child(2),
table.findings td:nth-child(4) { white-space: nowrap; }
table.findings td:nth-child(3) { font-weight: 600; text-transform: uppercase;
  font-size: .85em; letter-spacing: .03em; }
table.findings tr.error td:nth-child(3), table.findings tr.undecided td:nth-child(3)
  { color: var(--bad); }
table.findings tr.warning td:nth-child(3) { color: var(--warn); }
figure.chart { margin: .6rem 0 .4rem; break-inside: avoid; }
figure.chart svg { display: block; width: 100%; max-width: 47.5rem; height: auto; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em;
  background: var(--band); padding: 0 .2em; }
footer { margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: .82em; }
@media print {
  main { max-width: none; padding: 0; }
  .figures { grid-template-columns: repeat(3, 1fr); }
  h2 { margin-top: 1.4rem; }
  section#findings { break-before: page; page-break-before: always; }
}
@media (max-width: 44rem) { .figures { grid-template-columns: repeat(2, 1fr); } }
"""

# No request of any kind: styles inline, no script, no image, font or frame from anywhere.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"

_CODE = re.compile(r"`([^`]+)`")
_NUM = " class='num'"


def _inline(text: str) -> str:
    """Return *text* escaped, its ```code``` spans as ``<code>``.

    >>> _inline("run `check <FILE>` & see")
    'run <code>check &lt;FILE&gt;</code> &amp; see'
    """
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)


class _HtmlWriter(_Writer):
    """Writes the report's sections as HTML elements, every text escaped."""

    def __init__(self) -> None:
        super().__init__(markdown=False)
        self.parts: list[str] = []
        self._in_section = False

    def close(self) -> None:
        """Close the section being written."""
        if self._in_section:
            self.parts.append("</section>")
            self._in_section = False

    def heading(self, text: str, level: int, *, anchor: str = "") -> None:
        if level == 1:
            self.parts.append(f"<h1>{html.escape(text)}</h1>")
            return
        self.close()
        ident = f" id='{_attribute(anchor)}'" if anchor else ""
        self.parts.append(f"<section{ident}><h2>{html.escape(text)}</h2>")
        self._in_section = True

    def text(self, text: str) -> None:
        if text.strip():
            self.parts.append(f"<p>{_inline(text)}</p>")

    def chart(self, kpis: KpiReport, locale: str) -> None:
        from clusterxchange.kpi._svg import progress_svg

        self.parts.append(f"<figure class='chart'>{progress_svg(kpis, locale)}</figure>")

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
        facts = not any(header)  # a table of labelled facts: the label heads each row
        classes = " ".join(c for c in (name, "facts" if facts else "") if c)
        out = [f"<table class='{_attribute(classes)}'>" if classes else "<table>"]
        if not facts:
            cells = "".join(
                f"<th scope='col'{_NUM if i in numeric else ''}>{html.escape(c)}</th>"
                for i, c in enumerate(header)
            )
            out.append(f"<thead><tr>{cells}</tr></thead>")
        out.append("<tbody>")
        for i, row in enumerate(rows):
            key = keys[i] if i < len(keys) else ""
            style = styles[i] if i < len(styles) else ""
            attributes = (f" data-key='{_attribute(key)}'" if key else "") + (
                f" class='{_attribute(style)}'" if style else ""
            )
            cells = "".join(
                f"<th scope='row'>{html.escape(c)}</th>"
                if facts and j == 0
                else f"<td{_NUM if j in numeric else ''}>{html.escape(c)}</td>"
                for j, c in enumerate(row)
            )
            out.append(f"<tr{attributes}>{cells}</tr>")
        out.append("</tbody></table>")
        self.parts.append("".join(out))


def _figures(report: ReportView, locale: str) -> str:
    """Return the row of key figures under the title."""

    def number(count: int) -> str:
        return format_number(count, locale)

    _ = translation(locale).gettext
    ineligible = len(report.verdict.ineligible())
    statuses = report.kpis.statuses
    cards = [
        ("read", number(report.table.rows_read), _("exchanges read"), ""),
        ("eligible", number(report.eligible), _("eligible"), "ok"),
        ("not_eligible", number(ineligible), _("not eligible"), "bad" if ineligible else ""),
        (
            "money",
            format_money(report.budget.totals.total, report.budget.currency or "EUR", locale),
            _("lump sums, committed to paid"),
            "",
        ),
    ]
    if statuses:
        met = sum(1 for s in statuses if s.met)
        cards.append(
            (
                "targets_met",
                f"{number(met)} / {number(len(statuses))}",
                _("targets met"),
                "ok" if met == len(statuses) else "",
            )
        )
    if report.plan is not None:
        cards.append(("further", number(report.plan.exchanges), _("further exchanges needed"), ""))
    return (
        "<div class='figures'>"
        + "".join(
            f"<div class='figure {style}' data-key='{key}'>"
            f"<span class='value'>{html.escape(value)}</span>"
            f"<span class='label'>{html.escape(label)}</span></div>"
            for key, value, label, style in cards
        )
        + "</div>"
    )


def _meta(report: ReportView, locale: str) -> str:
    _ = translation(locale).gettext
    facts = []
    if report.table.file:
        facts.append((_("Table"), report.table.file))
    if report.kpis.partnership:
        facts.append((_("Partnership"), report.kpis.partnership))
    if report.on is not None:
        facts.append((_("As of"), format_date(report.on, locale)))
    return (
        "<dl class='meta'>"
        + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in facts)
        + "</dl>"
    )


def render_html(report: ReportView, locale: str) -> str:
    """Return *report* as one self-contained HTML page, written for *locale*.

    Raises:
        InvalidValueError: *locale* is not a known locale.

    >>> from clusterxchange.examples import example_targets, load_example
    >>> from clusterxchange.reports.coordinator import coordinator_report
    >>> page = render_html(coordinator_report(load_example(), targets=example_targets()), "en")
    >>> page.startswith("<!DOCTYPE html>"), "<svg" in page, "<script" in page
    (True, True, False)
    """
    from clusterxchange._version_info import __version__

    if not isinstance(locale, str):
        raise InvalidValueError(f"locale: expected a locale such as en or da, got {locale!r}")
    language = str(parse_locale(locale)).replace("_", "-")
    out = _HtmlWriter()
    write_sections(out, report, locale)
    out.close()
    note = "".join(f"<p class='note'>{_inline(line)}</p>" for line in report.note.splitlines())
    _ = translation(locale).gettext
    kicker = _("ClusterXchange coordinator's report")
    footer = html.escape(
        _(
            "Made with clusterxchange {version}. Money, progress and the plan count eligible "
            "exchanges only; every exchange and finding is in the output of {command}."
        )
    ).format(version=html.escape(__version__), command="<code>clusterxchange check</code>")
    return "".join(
        [
            "<!DOCTYPE html>\n",
            f"<html lang='{_attribute(language)}'><head><meta charset='utf-8'>",
            f"<meta http-equiv='Content-Security-Policy' content=\"{_POLICY}\">",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<meta name='generator' content='clusterxchange {_attribute(__version__)}'>",
            f"<title>{html.escape(report.title)}</title>",
            f"<style>{STYLE}</style></head>\n<body><main>",
            f"<header><p class='kicker'>{html.escape(kicker)}</p>",
            f"<h1>{html.escape(report.title)}</h1>",
            note,
            _meta(report, locale),
            "</header>",
            _figures(report, locale),
            *out.parts,
            f"<footer>{footer}</footer>",
            "</main></body></html>\n",
        ]
    )
