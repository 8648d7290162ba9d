"""The words partnerships write in their exchange tables, mapped to canonical columns and ids.

This is a data module: every table below is what :mod:`clusterxchange.io` accepts, so the
documentation can list it as is. Keys are matched after :func:`fold_label` (case-insensitive,
stray spaces ignored, ``_`` ``-`` ``,`` ``.`` ``(`` ``)`` read as spaces), so
``"Scaling-up support organisation"``, ``"scaling_up_support_organisation"`` and
``" SCALING UP  support organisation "`` are one label.

Sources: DESIGN.md ("Exchange table"), DOMAIN.md ("Participants", "Lifecycle and documents")
and the labels of partnership mid-term reports ("Completed, but without the IT tool",
"Waiting for Final Activity Report"). Labels with two plausible meanings (``university``,
``hybrid``, ``pending`` alone) are deliberately absent: a wrong guess would change a verdict or
a KPI without anyone noticing, a cell error asks the coordinator.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar

from clusterxchange.io._headers import COLUMN_ALIASES, canonical_column
from clusterxchange.model import Mode, OrganisationKind, Relation, Status

__all__ = [
    "COLUMNS",
    "COLUMN_ALIASES",
    "EXCEL_ERRORS",
    "EXTRA_COLUMNS",
    "KIND_LABELS",
    "MODE_LABELS",
    "NO_CLUSTER_LABELS",
    "RELATION_LABELS",
    "REQUIRED_COLUMNS",
    "STATUS_LABELS",
    "UNRECORDED_CLUSTER_LABELS",
    "WITHOUT_IT_TOOL_LABELS",
    "canonical_column",
    "fold_label",
]

#: The columns of DESIGN.md's exchange table, in the order the library writes them.
COLUMNS: tuple[str, ...] = (
    "id", "host", "host_country", "host_kind", "host_partnership",
    "visitor", "visitor_country", "visitor_kind", "visitor_partnership", "visitor_pic",
    "relation", "event", "start", "end", "working_days", "mode", "status", "distance_km",
    "host_lat", "host_lon", "visitor_lat", "visitor_lon", "generation", "remarks",
)  # fmt: skip

#: Columns this library adds to DESIGN.md's table. ``host_clusters`` and ``visitor_clusters``
#: hold ``;``-separated cluster names (a blank cell, or no column, means "not recorded").
#: ``visitor_count`` is the number of visitors a group row stands for.
EXTRA_COLUMNS: tuple[str, ...] = (
    "host_pic", "host_clusters", "visitor_clusters", "prior_approval", "visitor_count",
)  # fmt: skip

#: Columns without which a table cannot describe an exchange at all.
REQUIRED_COLUMNS: tuple[str, ...] = ("host", "visitor")

_SEPARATORS = re.compile(r"[\s_\-–—,.()]+")


def fold_label(text: str) -> str:
    """Return *text* folded for label matching: lower case, separators read as single spaces.

    >>> fold_label("  Completed, but without the IT-tool ")
    'completed but without the it tool'
    >>> fold_label("scaling_up_support") == fold_label("Scaling-up  Support")
    True
    """
    return _SEPARATORS.sub(" ", text.casefold()).strip()


_T = TypeVar("_T")


def _folded(table: Mapping[str, _T]) -> Mapping[str, _T]:
    return MappingProxyType({fold_label(label): value for label, value in table.items()})


#: Organisation kinds: canonical ids, the labels of DOMAIN.md "Participants", and the
#: variants reports use. The examples of a scaling-up support organisation are DOMAIN.md's.
KIND_LABELS: Mapping[str, OrganisationKind] = _folded(
    {
        **{kind.value: kind for kind in OrganisationKind},
        "cluster organisation": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster organization": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster organisations": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster management organisation": OrganisationKind.CLUSTER_ORGANISATION,
        "cluster": OrganisationKind.CLUSTER_ORGANISATION,
        "business network organisation": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "business network organization": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "business network organisations": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "business network": OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        "SMEs": OrganisationKind.SME,
        "small and medium-sized enterprise": OrganisationKind.SME,
        "small and medium sized enterprise": OrganisationKind.SME,
        "small or medium-sized enterprise": OrganisationKind.SME,
        "micro enterprise": OrganisationKind.SME,
        "microenterprise": OrganisationKind.SME,
        "small enterprise": OrganisationKind.SME,
        "medium-sized enterprise": OrganisationKind.SME,
        "medium enterprise": OrganisationKind.SME,
        "start-up": OrganisationKind.SME,
        "startup": OrganisationKind.SME,
        "scaling-up support organisation": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scaling-up support organization": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scaling-up support organisations": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scale-up support organisation": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "scale-up support organization": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "technology centre": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "technology center": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research institute": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research centre": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research center": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research and technology organisation": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "research and technology organization": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "RTO": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "fab lab": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "fablab": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "innovation hub": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "digital innovation hub": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "DIH": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "creative hub": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "resource-efficiency service provider": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "resource efficiency service provider": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "incubator": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "business incubator": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "accelerator": OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
        "large company": OrganisationKind.LARGE_COMPANY,
        "large companies": OrganisationKind.LARGE_COMPANY,
        "large enterprise": OrganisationKind.LARGE_COMPANY,
        "large enterprises": OrganisationKind.LARGE_COMPANY,
        "large firm": OrganisationKind.LARGE_COMPANY,
        "public authority": OrganisationKind.PUBLIC_AUTHORITY,
        "public authorities": OrganisationKind.PUBLIC_AUTHORITY,
        "public administration": OrganisationKind.PUBLIC_AUTHORITY,
        "public body": OrganisationKind.PUBLIC_AUTHORITY,
        "local authority": OrganisationKind.PUBLIC_AUTHORITY,
        "regional authority": OrganisationKind.PUBLIC_AUTHORITY,
        "national authority": OrganisationKind.PUBLIC_AUTHORITY,
        "training provider": OrganisationKind.TRAINING_PROVIDER,
        "training providers": OrganisationKind.TRAINING_PROVIDER,
        "training organisation": OrganisationKind.TRAINING_PROVIDER,
        "training organization": OrganisationKind.TRAINING_PROVIDER,
        "vocational training provider": OrganisationKind.TRAINING_PROVIDER,
    }
)

#: Lifecycle statuses: canonical ids (DESIGN.md "Lifecycle statuses") and report labels.
STATUS_LABELS: Mapping[str, Status] = _folded(
    {
        **{status.value: status for status in Status},
        "in progress": Status.IN_PROGRESS,
        "ongoing": Status.IN_PROGRESS,
        "waiting for final activity report": Status.AWAITING_FINAL_REPORT,
        "waiting for final report": Status.AWAITING_FINAL_REPORT,
        "awaiting final activity report": Status.AWAITING_FINAL_REPORT,
        "awaiting final report": Status.AWAITING_FINAL_REPORT,
        "final report pending": Status.AWAITING_FINAL_REPORT,
        "final activity report pending": Status.AWAITING_FINAL_REPORT,
        "pending final report": Status.AWAITING_FINAL_REPORT,
        "complete": Status.COMPLETED,
        "finished": Status.COMPLETED,
        "completed, but without the IT tool": Status.COMPLETED,
        "completed but without the IT tool": Status.COMPLETED,
        "completed without the IT tool": Status.COMPLETED,
        "completed outside the IT tool": Status.COMPLETED,
        "completed (outside the IT tool)": Status.COMPLETED,
        "canceled": Status.CANCELLED,
        "cancelled by the visitor": Status.CANCELLED,
        "cancelled by the host": Status.CANCELLED,
    }
)

#: Status labels that also say the exchange was run outside the official IT tool, so it has
#: no tool ID (DOMAIN.md "Lifecycle and documents"); the reader notes it in a warning.
WITHOUT_IT_TOOL_LABELS: frozenset[str] = frozenset(
    label
    for label in STATUS_LABELS
    if "without the it tool" in label or "outside the it tool" in label
)

#: Relation of the visitor to its partnership (DESIGN.md: ``inside``/``outside``).
RELATION_LABELS: Mapping[str, Relation] = _folded(
    {
        "inside": Relation.INSIDE,
        "inside the partnership": Relation.INSIDE,
        "inside partnership": Relation.INSIDE,
        "internal": Relation.INSIDE,
        "outside": Relation.OUTSIDE,
        "outside the partnership": Relation.OUTSIDE,
        "outside partnership": Relation.OUTSIDE,
        "external": Relation.OUTSIDE,
    }
)

#: Mode of an exchange (DESIGN.md: ``physical``/``virtual``).
MODE_LABELS: Mapping[str, Mode] = _folded(
    {
        "physical": Mode.PHYSICAL,
        "in person": Mode.PHYSICAL,
        "in-person": Mode.PHYSICAL,
        "on site": Mode.PHYSICAL,
        "onsite": Mode.PHYSICAL,
        "face to face": Mode.PHYSICAL,
        "virtual": Mode.VIRTUAL,
        "online": Mode.VIRTUAL,
        "remote": Mode.VIRTUAL,
    }
)

#: Cluster-cell values that say "member of no cluster" (an empty tuple), as opposed to a blank
#: cell, which says "not recorded" (``None``): reading a blank as "no cluster" would turn an
#: unknown into an ineligible SME.
NO_CLUSTER_LABELS: frozenset[str] = frozenset(
    {"none", "no cluster", "no clusters", "not a cluster member", "no membership"}
)

#: Values a spreadsheet shows in a cell whose formula failed; never a name or a date.
EXCEL_ERRORS: frozenset[str] = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)

#: Cluster-cell values that say "not recorded" (``None``), like a blank cell.
UNRECORDED_CLUSTER_LABELS: frozenset[str] = frozenset({"n/a", "na", "unknown", "?"})
