"""clusterxchange: the rules of the EU ClusterXchange scheme as a typed library.

>>> import clusterxchange as cx
>>> cx.get_generation("cxc2").ceiling(cx.normalize_country("EL")).amount
Decimal('780')
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING

from clusterxchange._version_info import __version__

# The names below are for type checkers; at run time each is imported on first use (see
# _HOMES), which ruff's TC004 cannot know.
# ruff: noqa: TC004
if TYPE_CHECKING:
    from clusterxchange.budgets import (
        Budget,
        BudgetLine,
        OverduePayment,
        SetAside,
        Totals,
        budget,
        overdue_payments,
        payment_due,
    )
    from clusterxchange.countries import country_name, normalize_country
    from clusterxchange.days import holiday_calendar, working_days
    from clusterxchange.distance import (
        DistanceDecision,
        DistanceUsed,
        decide_short_distances,
        distance_km,
        is_short_distance,
        resolve_distance,
    )
    from clusterxchange.drafts import (
        GroupDraft,
        OrganisationDraft,
        complete_draft,
        load_draft,
        save_draft,
    )
    from clusterxchange.eligibility import (
        DatasetFinding,
        DatasetVerdict,
        EnterpriseClass,
        EnterpriseSize,
        Verdict,
        check_dataset,
        check_exchange,
        classify_enterprise,
        ensure_eligible,
    )
    from clusterxchange.errors import (
        AmbiguousGenerationError,
        ClusterXchangeError,
        IneligibleExchangeError,
        InvalidFileError,
        InvalidGenerationError,
        InvalidLocationError,
        InvalidRecordError,
        InvalidValueError,
        LifecycleError,
        NoCeilingError,
        Problem,
        UnknownCountryError,
        UnknownGenerationError,
        UnpricedError,
    )
    from clusterxchange.findings import Finding, Severity
    from clusterxchange.generations import (
        all_generations,
        generation_for,
        generations_on,
        get_generation,
        load_generation,
    )
    from clusterxchange.ids import is_local_id, is_tool_id, local_id, with_local_ids
    from clusterxchange.io import ExchangeTable, neutralise_cell, read_exchanges, write_table
    from clusterxchange.kpi import (
        KpiReport,
        Plan,
        PlanBudget,
        PlanItem,
        Targets,
        TargetStatus,
        kpis,
        load_targets,
        parse_targets,
        plan,
    )
    from clusterxchange.lifecycle import (
        advance,
        allowed_transitions,
        cancel,
        lifecycle_findings,
        requirements,
    )
    from clusterxchange.matching import MatchCandidate, match
    from clusterxchange.migration import MigrationReport, migrate
    from clusterxchange.model import (
        AccountingPeriod,
        Availability,
        Ceiling,
        Cluster,
        ClusterRef,
        CommitmentToQuality,
        Confidence,
        Documents,
        Exchange,
        FinalReport,
        FinancialAgreement,
        Generation,
        GroupExchange,
        Holding,
        InvestorKind,
        Location,
        Mode,
        Organisation,
        OrganisationKind,
        Participation,
        Partnership,
        Party,
        Payment,
        Period,
        Provenance,
        Relation,
        Representative,
        Sourced,
        Status,
    )
    from clusterxchange.money import Citation, LumpSum, lump_sum, quick_lump_sum
    from clusterxchange.reports import CoordinatorReport, coordinator_report
    from clusterxchange.serialization import (
        from_json,
        make_converter,
        structure,
        to_json,
        unstructure,
    )

#: Where each public name lives. ``import clusterxchange`` imports none of these modules: each
#: is imported when one of its names is first used (PEP 562), so that the package stays light
#: to import and a script pays only for the parts it uses. Add a public name here and in the
#: imports above (for type checkers); tests/test_lazy_import.py checks that the two and
#: ``__all__`` agree.
_HOMES: Mapping[str, tuple[str, ...]] = {
    "clusterxchange.budgets": (
        "Budget",
        "BudgetLine",
        "OverduePayment",
        "SetAside",
        "Totals",
        "budget",
        "overdue_payments",
        "payment_due",
    ),
    "clusterxchange.countries": (
        "country_name",
        "normalize_country",
    ),
    "clusterxchange.days": (
        "holiday_calendar",
        "working_days",
    ),
    "clusterxchange.distance": (
        "DistanceDecision",
        "DistanceUsed",
        "decide_short_distances",
        "distance_km",
        "is_short_distance",
        "resolve_distance",
    ),
    "clusterxchange.drafts": (
        "GroupDraft",
        "OrganisationDraft",
        "complete_draft",
        "load_draft",
        "save_draft",
    ),
    "clusterxchange.eligibility": (
        "DatasetFinding",
        "DatasetVerdict",
        "EnterpriseClass",
        "EnterpriseSize",
        "Verdict",
        "check_dataset",
        "check_exchange",
        "classify_enterprise",
        "ensure_eligible",
    ),
    "clusterxchange.errors": (
        "AmbiguousGenerationError",
        "ClusterXchangeError",
        "IneligibleExchangeError",
        "InvalidFileError",
        "InvalidGenerationError",
        "InvalidLocationError",
        "InvalidRecordError",
        "InvalidValueError",
        "LifecycleError",
        "NoCeilingError",
        "Problem",
        "UnknownCountryError",
        "UnknownGenerationError",
        "UnpricedError",
    ),
    "clusterxchange.findings": (
        "Finding",
        "Severity",
    ),
    "clusterxchange.generations": (
        "all_generations",
        "generation_for",
        "generations_on",
        "get_generation",
        "load_generation",
    ),
    "clusterxchange.ids": (
        "is_local_id",
        "is_tool_id",
        "local_id",
        "with_local_ids",
    ),
    "clusterxchange.io": (
        "ExchangeTable",
        "neutralise_cell",
        "read_exchanges",
        "write_table",
    ),
    "clusterxchange.kpi": (
        "KpiReport",
        "Plan",
        "PlanBudget",
        "PlanItem",
        "Targets",
        "TargetStatus",
        "kpis",
        "load_targets",
        "parse_targets",
        "plan",
    ),
    "clusterxchange.lifecycle": (
        "advance",
        "allowed_transitions",
        "cancel",
        "lifecycle_findings",
        "requirements",
    ),
    "clusterxchange.matching": (
        "MatchCandidate",
        "match",
    ),
    "clusterxchange.migration": (
        "MigrationReport",
        "migrate",
    ),
    "clusterxchange.model": (
        "AccountingPeriod",
        "Availability",
        "Ceiling",
        "Cluster",
        "ClusterRef",
        "CommitmentToQuality",
        "Confidence",
        "Documents",
        "Exchange",
        "FinalReport",
        "FinancialAgreement",
        "Generation",
        "GroupExchange",
        "Holding",
        "InvestorKind",
        "Location",
        "Mode",
        "Organisation",
        "OrganisationKind",
        "Participation",
        "Partnership",
        "Party",
        "Payment",
        "Period",
        "Provenance",
        "Relation",
        "Representative",
        "Sourced",
        "Status",
    ),
    "clusterxchange.money": (
        "Citation",
        "LumpSum",
        "lump_sum",
        "quick_lump_sum",
    ),
    "clusterxchange.reports": (
        "CoordinatorReport",
        "coordinator_report",
    ),
    "clusterxchange.serialization": (
        "from_json",
        "make_converter",
        "structure",
        "to_json",
        "unstructure",
    ),
}

_HOME_OF: Mapping[str, str] = {name: home for home, names in _HOMES.items() for name in names}
# Read-only from here on: no module-level mutable state (tests/test_purity.py).
_HOMES, _HOME_OF = types.MappingProxyType(dict(_HOMES)), types.MappingProxyType(dict(_HOME_OF))

__all__ = [
    "AccountingPeriod",
    "AmbiguousGenerationError",
    "Availability",
    "Budget",
    "BudgetLine",
    "Ceiling",
    "Citation",
    "Cluster",
    "ClusterRef",
    "ClusterXchangeError",
    "CommitmentToQuality",
    "Confidence",
    "CoordinatorReport",
    "DatasetFinding",
    "DatasetVerdict",
    "DistanceDecision",
    "DistanceUsed",
    "Documents",
    "EnterpriseClass",
    "EnterpriseSize",
    "Exchange",
    "ExchangeTable",
    "FinalReport",
    "FinancialAgreement",
    "Finding",
    "Generation",
    "GroupDraft",
    "GroupExchange",
    "Holding",
    "IneligibleExchangeError",
    "InvalidFileError",
    "InvalidGenerationError",
    "InvalidLocationError",
    "InvalidRecordError",
    "InvalidValueError",
    "InvestorKind",
    "KpiReport",
    "LifecycleError",
    "Location",
    "LumpSum",
    "MatchCandidate",
    "MigrationReport",
    "Mode",
    "NoCeilingError",
    "Organisation",
    "OrganisationDraft",
    "OrganisationKind",
    "OverduePayment",
    "Participation",
    "Partnership",
    "Party",
    "Payment",
    "Period",
    "Plan",
    "PlanBudget",
    "PlanItem",
    "Problem",
    "Provenance",
    "Relation",
    "Representative",
    "SetAside",
    "Severity",
    "Sourced",
    "Status",
    "TargetStatus",
    "Targets",
    "Totals",
    "UnknownCountryError",
    "UnknownGenerationError",
    "UnpricedError",
    "Verdict",
    "__version__",
    "advance",
    "all_generations",
    "allowed_transitions",
    "budget",
    "cancel",
    "check_dataset",
    "check_exchange",
    "classify_enterprise",
    "complete_draft",
    "coordinator_report",
    "country_name",
    "decide_short_distances",
    "distance_km",
    "ensure_eligible",
    "from_json",
    "generation_for",
    "generations_on",
    "get_generation",
    "holiday_calendar",
    "is_local_id",
    "is_short_distance",
    "is_tool_id",
    "kpis",
    "lifecycle_findings",
    "load_draft",
    "load_generation",
    "load_targets",
    "local_id",
    "lump_sum",
    "make_converter",
    "match",
    "migrate",
    "neutralise_cell",
    "normalize_country",
    "overdue_payments",
    "parse_targets",
    "payment_due",
    "plan",
    "quick_lump_sum",
    "read_exchanges",
    "requirements",
    "resolve_distance",
    "save_draft",
    "structure",
    "to_json",
    "unstructure",
    "with_local_ids",
    "working_days",
    "write_table",
]


class _Package(types.ModuleType):
    """The package's module type: it imports a public name's module on first use."""

    def __getattr__(self, name: str) -> object:
        home = _HOME_OF.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *__all__})


sys.modules[__name__].__class__ = _Package
