"""KPIs against grant targets: counting rules, progress, and the plan to reach every target.

Counting rules (docs/domain.md, "KPIs"; docs/design.md, ``kpis``):

- An exchange counts once, and only for its visitor's partnership (the VOP). Given a
  partnership, only exchanges whose ``visitor_partnership`` is its name count (case and spaces
  ignored); the others are tallied apart, never lost.
- Official counts are of completed exchanges (``completed`` or ``paid``). Exchanges waiting for
  their final report (``awaiting_final_report``) are *pending*, shown beside the counts and
  never in them. Other statuses count for no KPI and appear in ``by_status`` only.
- Outside the partnership: the exchange's ``relation`` when recorded; else, given a
  :class:`~clusterxchange.model.Partnership`, derived from its clusters and members; else
  unknown, counted apart as ``unknown_relation`` (never guessed).
- Countries, kinds and dates are not needed: an exchange without them counts like any
  other. One whose visitor kind is not recorded is counted under ``"unknown"`` in
  ``by_visitor_kind`` (the key is there only when some exchange needs it), so the kinds still
  add up to the totals; one without a host or visitor country is left out of that country
  breakdown only, as one without an event or a first day is left out of ``by_event`` and
  ``by_month``.
- The same exchange listed twice (same ``id``, or same visitor, host and first day, with
  organisations known by PIC, else case-folded name and country) counts once; the report lists
  the duplicates.

KPI ids: ``exchanges``, ``outside_partnership``, ``visitor_kind.<kind>``. Progress is
``actual / target``, not capped at 1.

Layer: above :mod:`clusterxchange.io`; it may import io and every package below it,
never reports or the command line.
"""

from clusterxchange.kpi._chart import plot_progress
from clusterxchange.kpi._frames import MissingExtraError
from clusterxchange.kpi._mapping import FrozenMap
from clusterxchange.kpi._plan import Plan, PlanBudget, PlanItem, plan
from clusterxchange.kpi._report import Duplicate, KpiReport, kpis, merge
from clusterxchange.kpi._targets import (
    EXCHANGES,
    OUTSIDE_PARTNERSHIP,
    UNKNOWN_KIND,
    VISITOR_KIND,
    Targets,
    TargetStatus,
    kind_kpi,
    kpi_label,
)
from clusterxchange.kpi._targets_file import load_targets, parse_targets

__all__ = [
    "EXCHANGES",
    "OUTSIDE_PARTNERSHIP",
    "UNKNOWN_KIND",
    "VISITOR_KIND",
    "Duplicate",
    "FrozenMap",
    "KpiReport",
    "MissingExtraError",
    "Plan",
    "PlanBudget",
    "PlanItem",
    "TargetStatus",
    "Targets",
    "kind_kpi",
    "kpi_label",
    "kpis",
    "load_targets",
    "merge",
    "parse_targets",
    "plan",
    "plot_progress",
]
