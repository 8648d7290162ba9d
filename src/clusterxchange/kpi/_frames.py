"""KPI reports as pandas or polars data frames (the ``pandas`` and ``polars`` extras)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clusterxchange.kpi._render import CSV_COLUMNS, kind_key, kpi_rows
from clusterxchange.model.errors import ClusterXchangeError, InvalidValueError

if TYPE_CHECKING:
    import pandas
    import polars

    from clusterxchange.kpi._report import KpiReport

__all__ = ["BREAKDOWNS", "MissingExtraError", "to_pandas", "to_polars"]

#: The breakdowns a frame can show instead of the KPIs, each a mapping of the report.
BREAKDOWNS: tuple[str, ...] = (
    "visitor_kind", "status", "host_country", "visitor_country", "event", "month",
)  # fmt: skip


class MissingExtraError(ClusterXchangeError, ImportError):
    """An optional library (an "extra") is needed and not installed."""


def _columns(report: KpiReport, breakdown: str | None) -> dict[str, list[Any]]:
    if breakdown is None:
        rows = kpi_rows(report)
        return {name: [row[c] for row in rows] for c, name in enumerate(CSV_COLUMNS)}
    if breakdown == "visitor_kind":
        kinds = list(report.by_visitor_kind)
        return {
            "visitor_kind": [kind_key(k) for k in kinds],
            "completed": [report.by_visitor_kind[k] for k in kinds],
            "pending": [report.pending_by_visitor_kind[k] for k in kinds],
        }
    if breakdown == "status":
        return {
            "status": [s.value for s in report.by_status],
            "exchanges": list(report.by_status.values()),
        }
    if breakdown in BREAKDOWNS:
        counts = getattr(report, f"by_{breakdown}")
        return {breakdown: list(counts), "completed": list(counts.values())}
    raise InvalidValueError(
        f"unknown breakdown {breakdown!r}: expected one of {', '.join(BREAKDOWNS)} (or none "
        "for one row per KPI)"
    )


def to_pandas(report: KpiReport, breakdown: str | None = None) -> pandas.DataFrame:
    """Return one row per KPI, or per value of *breakdown*, as a pandas DataFrame.

    Raises:
        MissingExtraError: pandas is not installed (``pip install 'clusterxchange[pandas]'``).
        InvalidValueError: *breakdown* is not one of :data:`BREAKDOWNS`.
    """
    columns = _columns(report, breakdown)
    try:
        import pandas
    except ImportError:
        raise MissingExtraError(
            "to_pandas needs pandas: pip install 'clusterxchange[pandas]'"
        ) from None
    frame = pandas.DataFrame(columns)
    for name in ("target", "remaining"):
        if name in frame.columns:
            frame[name] = frame[name].astype("Int64")
    return frame


def to_polars(report: KpiReport, breakdown: str | None = None) -> polars.DataFrame:
    """Return one row per KPI, or per value of *breakdown*, as a polars DataFrame.

    Raises:
        MissingExtraError: polars is not installed (``pip install 'clusterxchange[polars]'``).
        InvalidValueError: *breakdown* is not one of :data:`BREAKDOWNS`.
    """
    columns = _columns(report, breakdown)
    try:
        import polars
    except ImportError:
        raise MissingExtraError(
            "to_polars needs polars: pip install 'clusterxchange[polars]'"
        ) from None
    schema: dict[str, Any] | None = None
    if breakdown is None:
        schema = {
            "kpi": polars.String, "label": polars.String, "target": polars.Int64,
            "actual": polars.Int64, "pending": polars.Int64, "progress": polars.Float64,
            "remaining": polars.Int64,
        }  # fmt: skip
    return polars.DataFrame(columns, schema=schema)
