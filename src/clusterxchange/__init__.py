"""clusterxchange: the rules of the EU ClusterXchange scheme as a typed library.

The package itself offers the front door: the model (exchanges, organisations,
partnerships, generations), the main verbs (read, check, price, count, plan, report) and the
exception base with the two errors most callers catch. Everything else lives in the
subpackage that owns it, one layer above the ones it imports:

- :mod:`clusterxchange.model`: the data, with countries, errors, findings, JSON and
  localised formatting;
- :mod:`clusterxchange.generations`: the rules as data, one module per generation;
- :mod:`clusterxchange.money.days`, :mod:`clusterxchange.money.distance`,
  :mod:`clusterxchange.money.pricing`: working days, distances and lump sums;
- :mod:`clusterxchange.lifecycle`: an exchange's life, with its IDs and drafts;
- :mod:`clusterxchange.eligibility`: the rule checks, and matching hosts to visitors;
- :mod:`clusterxchange.io`: reading and writing exchange tables, and migration from other tools;
- :mod:`clusterxchange.kpi`: progress against targets, and the plan to reach them;
- :mod:`clusterxchange.reports.budgets`, :mod:`clusterxchange.reports.coordinator`: budgets,
  payments and the coordinator's report;
- :mod:`clusterxchange.cli`, :mod:`clusterxchange.examples`, :mod:`clusterxchange.strategies`:
  the command line, the example partnership and hypothesis strategies.

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
    from clusterxchange.eligibility import (
        DatasetVerdict,
        Verdict,
        check_dataset,
        check_exchange,
        ensure_eligible,
    )
    from clusterxchange.generations import (
        all_generations,
        generation_for,
        get_generation,
        load_generation,
    )
    from clusterxchange.io import ExchangeTable, read_exchanges
    from clusterxchange.kpi import KpiReport, Plan, Targets, kpis, load_targets, plan
    from clusterxchange.model import (
        Exchange,
        Generation,
        GroupExchange,
        Location,
        Mode,
        Organisation,
        OrganisationKind,
        Partnership,
        Status,
    )
    from clusterxchange.model.countries import normalize_country
    from clusterxchange.model.errors import (
        ClusterXchangeError,
        InvalidFileError,
        InvalidValueError,
    )
    from clusterxchange.model.findings import Finding, Severity
    from clusterxchange.money.pricing import LumpSum, lump_sum
    from clusterxchange.reports.budgets import Budget, budget
    from clusterxchange.reports.coordinator import CoordinatorReport, coordinator_report

#: Where each public name lives. ``import clusterxchange`` imports none of these modules: each
#: is imported when one of its names is first used (PEP 562), so that the package stays light
#: to import and a script pays only for the parts it uses. Add a public name here and in the
#: imports above (for type checkers); tests/test_lazy_import.py checks that the two and
#: ``__all__`` agree.
_HOMES: Mapping[str, tuple[str, ...]] = {
    "clusterxchange.eligibility": (
        "DatasetVerdict",
        "Verdict",
        "check_dataset",
        "check_exchange",
        "ensure_eligible",
    ),
    "clusterxchange.generations": (
        "all_generations",
        "generation_for",
        "get_generation",
        "load_generation",
    ),
    "clusterxchange.io": (
        "ExchangeTable",
        "read_exchanges",
    ),
    "clusterxchange.kpi": (
        "KpiReport",
        "Plan",
        "Targets",
        "kpis",
        "load_targets",
        "plan",
    ),
    "clusterxchange.model": (
        "Exchange",
        "Generation",
        "GroupExchange",
        "Location",
        "Mode",
        "Organisation",
        "OrganisationKind",
        "Partnership",
        "Status",
    ),
    "clusterxchange.model.countries": ("normalize_country",),
    "clusterxchange.model.errors": (
        "ClusterXchangeError",
        "InvalidFileError",
        "InvalidValueError",
    ),
    "clusterxchange.model.findings": (
        "Finding",
        "Severity",
    ),
    "clusterxchange.money.pricing": (
        "LumpSum",
        "lump_sum",
    ),
    "clusterxchange.reports.budgets": (
        "Budget",
        "budget",
    ),
    "clusterxchange.reports.coordinator": (
        "CoordinatorReport",
        "coordinator_report",
    ),
}

_HOME_OF: Mapping[str, str] = {name: home for home, names in _HOMES.items() for name in names}
# Read-only from here on: no module-level mutable state (tests/test_purity.py).
_HOMES, _HOME_OF = types.MappingProxyType(dict(_HOMES)), types.MappingProxyType(dict(_HOME_OF))

__all__ = [
    "Budget",
    "ClusterXchangeError",
    "CoordinatorReport",
    "DatasetVerdict",
    "Exchange",
    "ExchangeTable",
    "Finding",
    "Generation",
    "GroupExchange",
    "InvalidFileError",
    "InvalidValueError",
    "KpiReport",
    "Location",
    "LumpSum",
    "Mode",
    "Organisation",
    "OrganisationKind",
    "Partnership",
    "Plan",
    "Severity",
    "Status",
    "Targets",
    "Verdict",
    "__version__",
    "all_generations",
    "budget",
    "check_dataset",
    "check_exchange",
    "coordinator_report",
    "ensure_eligible",
    "generation_for",
    "get_generation",
    "kpis",
    "load_generation",
    "load_targets",
    "lump_sum",
    "normalize_country",
    "plan",
    "read_exchanges",
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
