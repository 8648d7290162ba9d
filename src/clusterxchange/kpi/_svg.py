"""A chart of progress against targets as inline SVG, drawn by our own code (no extra needed).

The chart the HTML report embeds: one horizontal bar per KPI, completed exchanges solid,
pending ones hatched after them, the target as a dark red mark, and the figures at the end of
each row. It prints in black and white (the hatching and the mark tell the parts apart) and
needs no script, font or file from elsewhere. It is meant to sit inside an HTML page (no XML
namespace is written).
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

from clusterxchange.kpi._render import kind_name, kpi_rows
from clusterxchange.kpi._targets import EXCHANGES, OUTSIDE_PARTNERSHIP, _kind_of
from clusterxchange.model.translations import translation

if TYPE_CHECKING:
    from clusterxchange.kpi._report import KpiReport

__all__ = ["progress_svg", "short_label"]

_WIDTH = 760
_LABELS = 230  # the column of KPI names, right-aligned against the bars
_FIGURES = 150  # the column of figures after the bars
_ROW = 30
_BAR = 16
_TOP = 44  # the legend, then the axis
_REACHED = "#1f5f8b"
_PENDING = "#cfe0ee"
_TARGET = "#a8322d"
_GRID = "#d5d9de"
_INK = "#1d2733"


def short_label(kpi: str, locale: str = "en") -> str:
    """Return the short name of KPI *kpi* that heads its bar, in *locale*.

    >>> short_label("exchanges"), short_label("visitor_kind.sme"), short_label("exchanges", "de")
    ('All exchanges', 'SMEs', 'Alle Austausche')
    """
    _ = translation(locale).gettext
    if kpi == EXCHANGES:
        return _("All exchanges")
    if kpi == OUTSIDE_PARTNERSHIP:
        return _("From outside the partnership")
    kind = _kind_of(kpi)
    if kind is None:
        return kpi
    plural = kind_name(kind, locale, plural=True)
    return plural[0].upper() + plural[1:]


def _step(top: int) -> int:
    """Return a round step (1, 2 or 5 times a power of ten) giving at most six ticks to *top*.

    >>> _step(50), _step(7), _step(130)
    (10, 2, 50)
    """
    raw = max(top, 1) / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(int(m * power) for m in (1, 2, 5, 10) if m * power >= raw) or 1


def progress_svg(report: KpiReport, locale: str = "en") -> str:
    """Return a bar chart of each KPI's reached and pending exchanges against its target, as SVG.

    One bar per KPI with a target (per KPI with exchanges when there are no targets), in the
    report's order; the figures after each bar read "reached + pending / target (progress)",
    numbers written for *locale*. Every text is escaped.

    Raises:
        InvalidValueError: *locale* is not a known locale.

    >>> from clusterxchange.kpi import Targets, kpis
    >>> svg = progress_svg(kpis([], targets=Targets(exchanges=4)))
    >>> svg.startswith("<svg"), "All exchanges" in svg, svg.count("<rect class='reached'")
    (True, True, 1)
    """
    from clusterxchange.model.formatting import format_number, format_percent, parse_locale

    parse_locale(locale)
    rows = [row for row in kpi_rows(report) if row[2] is not None]
    if not rows:
        rows = [row for row in kpi_rows(report) if row[3] or row[4] or row[0] == EXCHANGES]
    top = max([row[3] + row[4] for row in rows] + [row[2] or 0 for row in rows] + [1])
    step = _step(top)
    top = (top // step + 1) * step  # room after the longest bar and the furthest target
    span = _WIDTH - _LABELS - _FIGURES - 20
    height = _TOP + _ROW * len(rows) + 40

    def x(value: float) -> float:
        return round(_LABELS + 10 + span * value / top, 1)

    _ = translation(locale).gettext
    if report.partnership is None:
        title = _("Progress against targets: completed (solid) and pending (hatched) exchanges")
    else:
        title = _(
            "Progress against targets of {partnership}: completed (solid) and pending (hatched) "
            "exchanges"
        ).format(partnership=report.partnership)
    reached_label, pending_label = _("reached (completed)"), _("pending (final report)")
    target_label, axis_label = _("target"), _("completed exchanges")
    parts = [
        f"<svg class='chart' viewBox='0 0 {_WIDTH} {height}' "
        f"width='{_WIDTH}' height='{height}' role='img' aria-label='{escape(title)}' "
        f"font-family='inherit' font-size='12' fill='{_INK}'>",
        f"<title>{escape(title)}</title>",
        "<defs><pattern id='cx-pending' patternUnits='userSpaceOnUse' width='6' height='6' "
        "patternTransform='rotate(45)'>"
        f"<rect width='6' height='6' fill='{_PENDING}'/>"
        f"<line x1='0' y1='0' x2='0' y2='6' stroke='{_REACHED}' stroke-width='2'/>"
        "</pattern></defs>",
        # The legend.
        f"<rect x='{_LABELS + 10}' y='8' width='14' height='12' fill='{_REACHED}'/>",
        f"<text x='{_LABELS + 30}' y='18'>{escape(reached_label)}</text>",
        f"<rect x='{_LABELS + 170}' y='8' width='14' height='12' fill='url(#cx-pending)' "
        f"stroke='{_REACHED}' stroke-width='0.5'/>",
        f"<text x='{_LABELS + 190}' y='18'>{escape(pending_label)}</text>",
        f"<line x1='{_LABELS + 342}' y1='6' x2='{_LABELS + 342}' y2='22' stroke='{_TARGET}' "
        "stroke-width='3'/>",
        f"<text x='{_LABELS + 352}' y='18'>{escape(target_label)}</text>",
    ]
    bottom = _TOP + _ROW * len(rows)
    for tick in range(0, top + 1, step):
        parts.append(
            f"<line x1='{x(tick)}' y1='{_TOP - 4}' x2='{x(tick)}' y2='{bottom}' "
            f"stroke='{_GRID}' stroke-width='1'/>"
            f"<text x='{x(tick)}' y='{bottom + 16}' text-anchor='middle' fill='#5b6570'>"
            f"{escape(format_number(tick, locale))}</text>"
        )
    parts.append(
        f"<text x='{x(top / 2)}' y='{bottom + 32}' text-anchor='middle' fill='#5b6570'>"
        f"{escape(axis_label)}</text>"
    )
    for i, (kpi, _label, target, reached, pending, progress, _left) in enumerate(rows):
        y = _TOP + _ROW * i + (_ROW - _BAR) / 2
        middle = y + _BAR / 2 + 4
        label = escape(short_label(kpi, locale))
        parts.append(f"<text x='{_LABELS}' y='{middle}' text-anchor='end'>{label}</text>")
        parts.append(
            f"<rect class='reached' x='{x(0)}' y='{y}' width='{x(reached) - x(0)}' "
            f"height='{_BAR}' fill='{_REACHED}'><title>{escape(format_number(reached, locale))}"
            " reached</title></rect>"
        )
        if pending:
            parts.append(
                f"<rect class='pending' x='{x(reached)}' y='{y}' "
                f"width='{x(reached + pending) - x(reached)}' height='{_BAR}' "
                f"fill='url(#cx-pending)' stroke='{_REACHED}' stroke-width='0.5'>"
                f"<title>{escape(format_number(pending, locale))} pending</title></rect>"
            )
        figures = format_number(reached, locale)
        if pending:
            figures += f" + {format_number(pending, locale)}"
        if target is not None:
            parts.append(
                f"<line class='target' x1='{x(target)}' y1='{y - 4}' x2='{x(target)}' "
                f"y2='{y + _BAR + 4}' stroke='{_TARGET}' stroke-width='3'/>"
            )
            figures += f" / {format_number(target, locale)}"
            if progress is not None:
                figures += f" ({format_percent(progress, locale)})"
        parts.append(
            f"<text x='{_WIDTH - _FIGURES}' y='{middle}' font-weight='600'>{escape(figures)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
