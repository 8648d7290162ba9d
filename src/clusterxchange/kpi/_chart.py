"""A chart of progress against targets (the ``plot`` extra: matplotlib, Agg backend)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from clusterxchange.kpi._render import kpi_rows
from clusterxchange.model.errors import InvalidFileError, InvalidValueError, Problem

if TYPE_CHECKING:
    from clusterxchange.kpi._report import KpiReport

__all__ = ["plot_progress"]

_FORMATS = MappingProxyType({".png": "png", ".svg": "svg"})
_METADATA: Mapping[str, Mapping[str, str | None]] = MappingProxyType(
    {"png": MappingProxyType({"Software": None}), "svg": MappingProxyType({"Date": None})}
)


def plot_progress(report: KpiReport, path: str | os.PathLike[str]) -> None:
    """Save a bar chart of each KPI's reached and pending exchanges against its target.

    One horizontal bar per KPI with a target (per KPI with exchanges when there are no
    targets): completed exchanges solid, pending ones hatched after them, the target as a
    vertical mark. The format follows the suffix: ``.png`` or ``.svg``.

    Raises:
        InvalidValueError: The suffix is neither ``.png`` nor ``.svg``.
        MissingExtraError: matplotlib is not installed (``pip install 'clusterxchange[plot]'``).
        InvalidFileError: The file cannot be written.
    """
    from clusterxchange.kpi._frames import MissingExtraError

    if not isinstance(path, str | os.PathLike):
        raise InvalidValueError(f"expected a path for the chart, got {type(path).__name__}")
    name = os.fsdecode(path)
    chosen = _FORMATS.get(os.path.splitext(name)[1].casefold())
    if chosen is None:
        raise InvalidValueError(f"{name}: a chart is saved as .png or .svg")
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError(
            "plotting needs matplotlib: pip install 'clusterxchange[plot]'"
        ) from None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = [row for row in kpi_rows(report) if row[2] is not None]
    if not rows:
        rows = [row for row in kpi_rows(report) if row[3] or row[4] or row[0] == "exchanges"]
    labels = [row[1] for row in rows][::-1]
    reached = [row[3] for row in rows][::-1]
    pending = [row[4] for row in rows][::-1]
    targets = [row[2] for row in rows][::-1]
    # A Figure with its own Agg canvas: pyplot's global state and backend stay untouched.
    figure = Figure(figsize=(8, 0.5 * len(rows) + 1.5))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(rows))
    axes.barh(positions, reached, color="#2f6f9f", label="reached")
    axes.barh(positions, pending, left=reached, color="#9fc3df", hatch="//", label="pending")
    for y, target in zip(positions, targets, strict=True):
        if target is not None:
            axes.plot([target, target], [y - 0.4, y + 0.4], color="#c0392b", linewidth=2)
    if any(t is not None for t in targets):
        axes.plot([], [], color="#c0392b", linewidth=2, label="target")
    axes.set_yticks(list(positions), labels)
    axes.set_xlabel("exchanges")
    title = "KPIs" if report.partnership is None else f"KPIs of partnership {report.partnership}"
    axes.set_title(title)
    axes.legend(loc="lower right")
    figure.tight_layout()
    try:
        # A fixed salt and no date: the same chart gives the same file (rc_context leaves
        # matplotlib's global settings as they were).
        with matplotlib.rc_context({"svg.hashsalt": "clusterxchange"}):
            figure.savefig(path, format=chosen, metadata=dict(_METADATA[chosen]))
    except OSError as error:
        raise InvalidFileError(
            [Problem(message=f"cannot write the chart: {error.strerror or error}", file=name)]
        ) from None
