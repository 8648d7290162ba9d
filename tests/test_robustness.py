"""Robustness sweep: every public name and every command, fed junk, fails cleanly or not at all.

The library's contract (docs/design.md, docs/design.md "Practices"): bad input gives a value, a
finding, or a :class:`~clusterxchange.model.errors.ClusterXchangeError` subclass; never a bare
``TypeError``, ``AttributeError``, ``KeyError``, ``OverflowError`` or ``RecursionError``. On the
command line, unusable input is exit 2 with exactly one line on stderr, never a traceback.

Both sweeps enumerate what exists at run time (the names of ``clusterxchange.__all__`` and those
of every public module's ``__all__`` that were once at the top, and
``clusterxchange.cli.COMMANDS``) and fail for a name or a command without a junk recipe, so a
new public name cannot slip past: give it a recipe below (a valid call the sweep then spoils one
argument at a time) or, for a name that cannot take input, a reason in :data:`NOT_CALLED`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import io
import math
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import clusterxchange as cx
from clusterxchange import cli
from clusterxchange.eligibility import classify_enterprise
from clusterxchange.eligibility.matching import match
from clusterxchange.io.migration import migrate
from clusterxchange.lifecycle.drafts import GroupDraft, OrganisationDraft, save_draft
from clusterxchange.model import (
    AccountingPeriod,
    Availability,
    Cluster,
    ClusterRef,
    CommitmentToQuality,
    Documents,
    FinalReport,
    FinancialAgreement,
    Holding,
    Payment,
    Provenance,
    Representative,
    Sourced,
)
from clusterxchange.model.errors import ClusterXchangeError, Problem
from clusterxchange.model.serialization import to_json, unstructure
from clusterxchange.money.distance import DistanceDecision, resolve_distance
from clusterxchange.reports.budgets import SetAside, Totals, overdue_payments

# --------------------------------------------------------------------------------------------
# Junk
# --------------------------------------------------------------------------------------------

HUGE_TEXT = "x" * 10**6


class _Opaque:
    """An object of a type no function expects, with a hostile ``__str__``."""

    def __str__(self) -> str:
        return '=HYPERLINK("http://x","y")'


class _Exploding:
    """An iterable that breaks while being read, as a lazy database cursor might."""

    def __iter__(self) -> Iterator[object]:
        yield None
        yield "€"


#: (label, value) pairs substituted for each argument in turn.
JUNK: tuple[tuple[str, object], ...] = (
    ("None", None),
    ("empty text", ""),
    ("blank text", " \t\r\n"),
    ("euro sign", "€"),
    ("formula", '=HYPERLINK("http://x","y")'),
    ("cyrillic A in a country code", "\u0410T"),
    ("full-width digits", "\uff11\uff12"),
    ("full-width letters", "\uff24\uff25"),
    ("very long text", HUGE_TEXT),
    ("NUL and control characters", "\x00\x01\x1b[31m"),
    ("lone surrogate", "\ud800"),
    ("binary bytes", b"\x00\xff\xfe\x80PK\x03\x04"),
    ("zero", 0),
    ("negative", -1),
    ("huge int", 10**100),
    ("true", True),
    ("NaN", math.nan),
    ("infinity", math.inf),
    ("minus infinity", -math.inf),
    ("huge Decimal", Decimal("1e999999")),
    ("Decimal NaN", Decimal("NaN")),
    ("signalling NaN", Decimal("sNaN")),
    ("date.max", dt.date.max),
    ("date.min", dt.date.min),
    ("a datetime", dt.datetime(2023, 3, 6, 12, 0)),
    ("empty list", []),
    ("list of junk", [None, "", 1]),
    ("dict", {"host": None}),
    ("a set", {1}),
    ("exploding iterable", _Exploding()),
    ("opaque object", _Opaque()),
    ("a type", int),
    ("a function", print),
)

# --------------------------------------------------------------------------------------------
# Valid baselines: the sweep spoils one argument of each at a time
# --------------------------------------------------------------------------------------------

BRUSSELS = cx.Location(latitude=50.8503, longitude=4.3517)
LISBON = cx.Location(latitude=38.7223, longitude=-9.1393)
PROVENANCE = Provenance(source="https://example.org", confidence="high")


def _host() -> cx.Organisation:
    return cx.Organisation(
        name="Flanders Make", country="BE", kind="cluster_organisation", location=BRUSSELS
    )


def _visitor() -> cx.Organisation:
    return cx.Organisation(
        name="Aero Lda", country="PT", kind="sme", clusters=("Aero Cluster",), location=LISBON
    )


def _exchange() -> cx.Exchange:
    return cx.Exchange(
        host=_host(),
        visitor=_visitor(),
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
        status="completed",
        documents=Documents(
            final_report=FinalReport(submitted=dt.date(2023, 3, 20), validated=dt.date(2023, 3, 24))
        ),
    )


def _generation() -> cx.Generation:
    return cx.get_generation("cxc2")


def _table_file() -> str:
    path = Path("exchanges.csv")
    path.write_text(
        "host,host_country,host_kind,visitor,visitor_country,visitor_kind,start,end\n"
        "Flanders Make,BE,cluster,Aero Lda,PT,SME,2023-03-06,2023-03-17\n",
        encoding="utf-8",
    )
    return str(path)


def _generation_file() -> str:
    path = Path("custom.toml")
    path.write_text('id = "mine"\nextends = "cxc2"\ntitle = "Mine"\n', encoding="utf-8")
    return str(path)


def _mapping_file() -> str:
    path = Path("mapping.toml")
    path.write_text(
        '[columns]\n"Gast" = "visitor"\n"Land Gast" = "visitor_country"\n'
        '"Art Gast" = "visitor_kind"\n"Gastgeber" = "host"\n"Land Gastgeber" = "host_country"\n'
        '"Art Gastgeber" = "host_kind"\n',
        encoding="utf-8",
    )
    return str(path)


def _export_file() -> str:
    path = Path("export.csv")
    path.write_text(
        "Gast,Land Gast,Art Gast,Gastgeber,Land Gastgeber,Art Gastgeber\n"
        "Aero Lda,PT,SME,Flanders Make,BE,cluster\n",
        encoding="utf-8",
    )
    return str(path)


def _draft() -> Any:
    return GroupDraft(
        host=OrganisationDraft.of(_host()),
        event="Hydrogen days",
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 10),
        visitors=[OrganisationDraft.of(_visitor())],
    )


def _draft_file() -> str:
    path = Path("draft.json")
    save_draft(_draft(), path)
    return str(path)


def _targets_file() -> str:
    path = Path("targets.toml")
    path.write_text('partnership = "TIDEWAY"\nexchanges = 10\n[visitor_kind]\nsme = 5\n')
    return str(path)


def _targets() -> Any:
    return cx.Targets(exchanges=10, outside_partnership=2, visitor_kind={"sme": 4})


def _plan() -> Any:
    return cx.plan(_targets(), host_countries=["BE"], generation="cxc2")


def _kpis() -> Any:
    return cx.kpis([_exchange()], targets=_targets())


def _second_visit() -> cx.Exchange:
    """The visitor of :func:`_exchange` again, elsewhere: a second visit in one generation."""
    host = cx.Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    return cx.Exchange(
        host=host, visitor=_visitor(), start=dt.date(2023, 5, 8), end=dt.date(2023, 5, 12)
    )


def _figures() -> list[Any]:
    return [
        AccountingPeriod(end=dt.date(2021, 12, 31), headcount=40, turnover=Decimal("8e6")),
        AccountingPeriod(
            end=dt.date(2022, 12, 31),
            headcount=60,
            turnover=Decimal("9e6"),
            holdings=[Holding(name="Fund", share=Decimal("0.3"), headcount=5)],
        ),
    ]


Kwargs = dict[str, Any]

#: A valid call of each public function (keyword arguments), or a valid instance of each
#: public class (its constructor is called with its own fields, then one spoiled at a time,
#: and its public methods are swept the same way).
RECIPES: dict[str, Callable[[], Kwargs | object]] = {
    # functions
    "all_generations": dict,
    "budget": lambda: {"exchanges": [_exchange()], "generation": "cxc2"},
    "country_name": lambda: {"code": "BE", "locale": "fr"},
    "decide_short_distances": lambda: {"pairs": [(BRUSSELS, LISBON)], "limit_km": 200},
    "distance_km": lambda: {"a": BRUSSELS, "b": LISBON},
    "generation_for": lambda: {"day": dt.date(2023, 3, 6)},
    "generations_on": lambda: {"day": dt.date(2022, 3, 6)},
    "get_generation": lambda: {"generation_id": "cxc1"},
    "is_short_distance": lambda: {"a": BRUSSELS, "b": LISBON, "limit_km": 200},
    "load_generation": lambda: {"path": _generation_file()},
    "lump_sum": lambda: {"exchange": _exchange(), "generation": "cxc2"},
    "neutralise_cell": lambda: {"value": "=1+1"},
    "normalize_country": lambda: {"value": "Greece"},
    "overdue_payments": lambda: {"exchanges": [_exchange()], "on": dt.date(2023, 6, 1)},
    "payment_due": lambda: {"exchange": _exchange(), "generation": "cxc2"},
    "quick_lump_sum": lambda: {
        "host_country": "BE",
        "working_days": 4,
        "distance_km": 150,
        "generation": "cxc2",
    },
    "read_exchanges": lambda: {"source": _table_file()},
    "resolve_distance": lambda: {"exchange": _exchange()},
    "write_table": lambda: {"target": "out.csv", "header": ["visitor"], "rows": [["=1"]]},
    "advance": lambda: {
        "exchange": _exchange(),
        "to": "paid",
        "payment": Payment(date=dt.date(2023, 4, 1), amount=Decimal("830.00")),
        "on": dt.date(2023, 4, 1),
    },
    "allowed_transitions": lambda: {"status": "matched"},
    "cancel": lambda: {"exchange": _exchange(), "reason": "visitor ill"},
    "complete_draft": lambda: {"draft": _draft()},
    "is_local_id": lambda: {"text": "CXL-2023-0001"},
    "is_tool_id": lambda: {"text": "EG927FA8", "generation": _generation()},
    "lifecycle_findings": lambda: {"exchange": _exchange()},
    "load_draft": lambda: {"source": _draft_file()},
    "local_id": lambda: {"exchange": _exchange()},
    "match": lambda: {
        "visitor": _visitor(),
        "hosts": [_host()],
        "generation": "cxc2",
        "start": dt.date(2023, 3, 6),
        "end": dt.date(2023, 3, 17),
        "keywords": ["hydrogen"],
    },
    "migrate": lambda: {"source": _export_file(), "mapping": _mapping_file()},
    "requirements": lambda: {"exchange": _exchange(), "to": "paid", "on": dt.date(2023, 4, 1)},
    "save_draft": lambda: {"draft": _draft(), "target": "saved.json"},
    "with_local_ids": lambda: {"exchanges": [_exchange(), _exchange()]},
    "check_dataset": lambda: {
        "exchanges": [_exchange(), _second_visit()],
        "generation": "cxc2",
        "calendar": {dt.date(2023, 3, 7)},
    },
    "check_exchange": lambda: {
        "exchange": _exchange(),
        "generation": "cxc2",
        "calendar": {dt.date(2023, 3, 7)},
    },
    "classify_enterprise": lambda: {"periods": _figures()},
    "ensure_eligible": lambda: {"exchange": _exchange(), "generation": "cxc2"},
    "from_json": lambda: {"text": to_json(_exchange()), "cls": cx.Exchange},
    "holiday_calendar": lambda: {"country": "BE", "subdivision": None, "years": [2023]},
    "make_converter": dict,
    "structure": lambda: {"data": unstructure(_exchange()), "cls": cx.Exchange},
    "to_json": lambda: {"obj": _exchange(), "indent": 2},
    "unstructure": lambda: {"obj": _exchange()},
    "working_days": lambda: {
        "start": dt.date(2023, 3, 6),
        "end": dt.date(2023, 3, 17),
        "country": "BE",
        "calendar": {dt.date(2023, 3, 7)},
    },
    "coordinator_report": lambda: {
        "table": cx.read_exchanges(_table_file()),
        "partnership": "TIDEWAY",
        "targets": _targets(),
        "generation": "cxc2",
        "title": "Report",
        "note": "note",
    },
    "kpis": lambda: {"exchanges": [_exchange()], "partnership": None, "targets": _targets()},
    "load_targets": lambda: {"path": _targets_file()},
    "parse_targets": lambda: {"document": {"exchanges": 10, "visitor_kind": {"sme": 5}}},
    "plan": lambda: {
        "source": _targets(),
        "count_pending": True,
        "host_countries": ["BE"],
        "generation": "cxc2",
    },
    # classes: a valid instance
    "AccountingPeriod": lambda: AccountingPeriod(
        end=dt.date(2022, 12, 31), headcount=12, turnover=Decimal("1.5e6")
    ),
    "Availability": lambda: Availability(start=dt.date(2023, 1, 2), end=dt.date(2023, 2, 1)),
    "Budget": lambda: cx.budget([_exchange()], "cxc2"),
    "BudgetLine": lambda: cx.budget([_exchange()], "cxc2").lines[0],
    "Ceiling": lambda: _generation().ceilings[0],
    "Citation": lambda: cx.lump_sum(_exchange(), "cxc2").citations[0],
    "Cluster": lambda: Cluster(name="Aero Cluster", organisation=_host()),
    "ClusterRef": lambda: ClusterRef(name="Aero Cluster", eccp_profiled=True),
    "CommitmentToQuality": lambda: CommitmentToQuality(goals="learn", signed_by=["host"]),
    "DistanceDecision": lambda: DistanceDecision(limit_km=200),
    "DistanceUsed": lambda: resolve_distance(_exchange()),
    "Documents": lambda: _exchange().documents,
    "Exchange": _exchange,
    "ExchangeTable": lambda: cx.read_exchanges(_table_file()),
    "FinalReport": lambda: _exchange().documents.final_report,
    "FinancialAgreement": lambda: FinancialAgreement(signed_by=["visitor"]),
    "Finding": lambda: cx.Finding(rule="country", severity="error", message="not participating"),
    "CoordinatorReport": lambda: cx.coordinator_report(
        cx.read_exchanges(_table_file()), targets=_targets(), generation="cxc2"
    ),
    "DatasetFinding": lambda: cx.check_dataset([_exchange(), _second_visit()]).findings[0],
    "DatasetVerdict": lambda: cx.check_dataset([_exchange(), _second_visit()]),
    "EnterpriseClass": lambda: classify_enterprise(_figures()),
    "Generation": _generation,
    "Verdict": lambda: cx.check_exchange(_exchange(), "cxc2"),
    "KpiReport": _kpis,
    "Plan": _plan,
    "PlanBudget": lambda: _plan().budget,
    "PlanItem": lambda: _plan().items[0],
    "TargetStatus": lambda: _kpis().status("exchanges"),
    "Targets": _targets,
    "GroupDraft": _draft,
    "MatchCandidate": lambda: match(_visitor(), [_host()], "cxc2")[0],
    "MigrationReport": lambda: migrate(_export_file(), _mapping_file()),
    "OrganisationDraft": lambda: OrganisationDraft(name="Aero Lda", country="PT"),
    "GroupExchange": lambda: cx.GroupExchange(
        host=_host(), event="Hydrogen days", visitors=[_visitor()]
    ),
    "Holding": lambda: Holding(name="Fund", share=Decimal("0.3"), headcount=5),
    "Location": lambda: BRUSSELS,
    "LumpSum": lambda: cx.lump_sum(_exchange(), "cxc2"),
    "Organisation": _visitor,
    "OverduePayment": lambda: overdue_payments([_exchange()], dt.date(2024, 1, 1), "cxc2")[0],
    "Participation": lambda: _generation().countries[0],
    "Partnership": lambda: cx.Partnership(
        name="TIDEWAY", clusters=[Cluster(name="Aero Cluster", organisation=_host())]
    ),
    "Payment": lambda: Payment(date=dt.date(2023, 4, 1), amount=Decimal("830.00")),
    "Period": lambda: _generation().period.value,
    "Problem": lambda: Problem(message="bad", file="x.csv", row=3, column="start"),
    "Provenance": lambda: PROVENANCE,
    "Representative": lambda: Representative(nationality="PT", residence_days=200),
    "SetAside": lambda: SetAside(exchange=_exchange(), reason="no ceiling"),
    "Sourced": lambda: Sourced(value=3, provenance=PROVENANCE),
    "Totals": lambda: Totals(committed=Decimal("830.00"), exchanges=1),
}

#: Public names the sweep does not call, and why.
NOT_CALLED: dict[str, str] = {
    "__version__": "a constant string",
    **{
        name: "an exception class: raised by the library, not fed input"
        for name in cx.__all__
        if inspect.isclass(getattr(cx, name)) and issubclass(getattr(cx, name), BaseException)
    },
    **{
        name: "an enumeration: calling it looks a member up (the stdlib's ValueError on a miss); "
        "the model's converters turn a bad label into InvalidValueError, swept with the models"
        for name in cx.__all__
        if inspect.isclass(getattr(cx, name)) and hasattr(getattr(cx, name), "__members__")
    },
}


@attrs.frozen
class Call:
    """One call the sweep makes: what, with which arguments, and how to name it on failure."""

    target: Callable[..., object]
    kwargs: Mapping[str, object]
    label: str

    def run(self) -> object:
        result = self.target(**self.kwargs)
        # A lazy result must not hide a failure until someone reads it.
        if isinstance(result, Iterator):
            result = list(result)
        return result


def _parameters(target: Callable[..., object]) -> list[str]:
    return [
        p.name
        for p in inspect.signature(target).parameters.values()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


def _spoiled(
    target: Callable[..., object], base: Mapping[str, object], name: str
) -> Iterator[Call]:
    yield Call(target, dict(base), f"{name}(valid arguments)")
    junk_values = JUNK_FEW if name in EXPENSIVE else JUNK
    for parameter in _parameters(target):
        for label, junk in junk_values:
            yield Call(target, {**base, parameter: junk}, f"{name}({parameter}={label})")


#: Calls that cost a chart or a data frame each: spoiled with one junk value of each kind.
EXPENSIVE = frozenset({"KpiReport.plot", "KpiReport.to_pandas", "KpiReport.to_polars"})
JUNK_FEW = tuple(
    (label, value)
    for label, value in JUNK
    if label in {"None", "empty text", "euro sign", "huge int", "NaN", "date.max", "dict"}
)


def _init_kwargs(instance: object) -> dict[str, object]:
    return {
        field.alias: getattr(instance, field.name)
        for field in attrs.fields(type(instance))
        if field.init
    }


def _public_methods(instance: object) -> Iterator[tuple[str, Callable[..., object]]]:
    for name, _ in inspect.getmembers(type(instance), inspect.isfunction):
        if not name.startswith("_"):
            yield name, getattr(instance, name)


#: The one module a name of :data:`SWEPT` is taken from when two public modules export
#: different objects under it.
_HOME_OF_AMBIGUOUS = {"match": "clusterxchange.eligibility.matching"}


def _public_objects() -> dict[str, object]:
    """Return every name exported by the package or a public module (cli aside), with its object."""
    import pkgutil

    found: dict[str, object] = {name: getattr(cx, name) for name in cx.__all__}
    modules = ["clusterxchange.cli"]
    for info in pkgutil.walk_packages(cx.__path__, "clusterxchange."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            modules.append(info.name)
    for name in modules[1:]:
        module = importlib.import_module(name)
        for exported in getattr(module, "__all__", ()):
            home = _HOME_OF_AMBIGUOUS.get(exported)
            if exported not in found and (home is None or home == name):
                found[exported] = getattr(module, exported)
    return found


PUBLIC = _public_objects()
#: What the sweep calls: the front door's names, and every name with a recipe or a reason.
SWEPT = sorted({*cx.__all__, *RECIPES, *NOT_CALLED})


def _calls(name: str) -> Iterator[Call]:
    target = PUBLIC[name]
    base = RECIPES[name]()
    if inspect.isclass(target):
        assert isinstance(base, target), f"the recipe of {name} must give a {name}"
        yield from _spoiled(target, _init_kwargs(base), name)
        for method_name, method in _public_methods(base):
            # Valid arguments of a method come from _METHOD_BASELINES; without an entry, the
            # method is spoiled from its defaults.
            yield from _spoiled(
                method, _METHOD_BASELINES.get(f"{name}.{method_name}", {}), f"{name}.{method_name}"
            )
    else:
        assert isinstance(base, dict), f"the recipe of function {name} must give keyword arguments"
        yield from _spoiled(target, base, name)


#: Valid arguments of the public methods that take some, by ``Class.method``.
_METHOD_BASELINES: dict[str, Kwargs] = {
    "Totals.add": {"category": "committed", "amount": Decimal("1.00")},
    "Generation.ceiling": {"country": "BE"},
    "Generation.covers": {"day": dt.date(2023, 3, 6)},
    "DistanceDecision.decide": {"pairs": [(BRUSSELS, LISBON)]},
    "DistanceDecision.exact": {"km": 150.0},
    "DistanceDecision.is_under": {"a": BRUSSELS, "b": LISBON},
    "DistanceUsed.is_under": {"limit_km": Decimal(200)},
    "Partnership.includes": {"organisation": _visitor()},
    "Participation.participates_on": {"day": dt.date(2023, 3, 6)},
    "Generation.participation": {"country": "BE"},
    "GroupDraft.add_visitor": {"visitor": OrganisationDraft(name="Aero Lda")},
    "MigrationReport.write": {"target": "report.csv"},
    "KpiReport.actual": {"kpi": "exchanges"},
    "KpiReport.plot": {"path": "chart.png"},
    "KpiReport.status": {"kpi": "exchanges"},
    "KpiReport.to_csv": {"target": "kpis.csv"},
    "KpiReport.with_targets": {"targets": cx.Targets(exchanges=3)},
    "Targets.get": {"kpi": "exchanges"},
}


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory: junk paths given to writers land there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", SWEPT)
@pytest.mark.usefixtures("in_tmp")
def test_public_name_survives_junk(name: str) -> None:
    """Every argument of every public callable, spoiled by every junk value in turn."""
    if name in NOT_CALLED:
        assert name not in RECIPES, f"{name} has a recipe and a reason not to be called"
        return
    assert name in RECIPES, (
        f"clusterxchange.{name} is public but has no junk recipe in tests/test_robustness.py: "
        "add a valid call to RECIPES (or a reason to NOT_CALLED)"
    )
    escaped: list[str] = []
    for call in _calls(name):
        try:
            call.run()
        except ClusterXchangeError:
            pass
        except Exception as error:  # the point: catch whatever escapes
            escaped.append(f"{call.label}: {type(error).__name__}: {str(error)[:200]}")
    assert not escaped, f"{len(escaped)} calls escaped:\n" + "\n".join(escaped[:2000])


def test_every_recipe_names_a_public_name() -> None:
    """A recipe left behind by a renamed function would hide the new name's missing one."""
    assert set(RECIPES) <= set(PUBLIC)
    assert set(NOT_CALLED) <= set(PUBLIC)


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------

TABLE_HEADER = "host,host_country,host_kind,visitor,visitor_country,visitor_kind,start,end,status"
TABLE_ROW = "Flanders Make,BE,cluster,Aero Lda,PT,SME,2023-03-06,2023-03-17,completed"


def _write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


#: A valid command line of each command, made in a folder of valid input files.
CLI_RECIPES: dict[str, Callable[[Path], list[str]]] = {
    "check": lambda d: [
        "check", _write(d, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n"), "--generation", "cxc2"
    ],
    "demo": lambda d: ["demo"],
    "generations": lambda d: ["generations"],
    "kpis": lambda d: [
        "kpis",
        _write(d, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n"),
        "--targets",
        _write(d, "targets.toml", "exchanges = 10\n[visitor_kind]\nsme = 5\n"),
    ],
    "lump-sum": lambda d: [
        "lump-sum", "--host-country", "BE", "--working-days", "4", "--distance-km", "150"
    ],
    "report": lambda d: [
        "report",
        _write(d, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n"),
        "--targets",
        _write(d, "targets.toml", "exchanges = 10\n[visitor_kind]\nsme = 5\n"),
        "--host-countries", "BE,DK", "--on", "2024-05-02", "--generation", "cxc2",
        "--output", str(d / "report.html"),
    ],
    "plan": lambda d: [
        "plan",
        _write(d, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n"),
        "--targets",
        _write(d, "targets.toml", "exchanges = 10\n[visitor_kind]\nsme = 5\n"),
        "--host-countries", "DK,BE",
    ],
    "budget": lambda d: [
        "budget", _write(d, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n"), "--on", "2024-06-30"
    ],
    "ids": lambda d: [
        "ids", _write(d, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n"), "--output", str(d / "o.csv")
    ],
    "migrate": lambda d: [
        "migrate",
        _write(d, "export.csv", "Gast;Gastgeber\nAero Lda;Flanders Make\n"),
        "--mapping",
        _write(d, "m.toml", '[columns]\nGast = "visitor"\nGastgeber = "host"\n'),
        "--output", str(d / "o.csv"),
    ],
    "match": lambda d: [
        "match",
        _write(d, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n"),
        "--visitor", "Aero Lda", "--start", "2023-03-06", "--end", "2023-03-10",
    ],
}  # fmt: skip

#: Junk command-line values (argv is text: the junk of the API sweep, as text).
JUNK_ARGUMENTS: tuple[str, ...] = (
    "",
    " ",
    "€",
    "\u0410T",
    "\uff11\uff12",
    "x" * 10**6,
    "\x00",
    "\ud800",
    "-1",
    "0",
    "1" + "0" * 100,
    "1e999999",
    "nan",
    "inf",
    "-inf",
    "9999-12-31",
    "91,181",
    "nan,nan",
    "1,2,3",
    '=HYPERLINK("http://x","y")',
)

#: Junk input files: (name, content); each is also tried under the suffixes readers sniff.
JUNK_FILES: tuple[tuple[str, str | bytes], ...] = (
    ("empty", b""),
    ("blank lines", b"\n\n  \n\t\n"),
    ("binary", bytes(range(256)) * 4),
    ("zip header only", b"PK\x03\x04" + b"\x00" * 60),
    ("old excel header", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60),
    ("huge line", b"host," + b"x" * 10**6),
    ("utf-16 without mark", TABLE_HEADER.encode("utf-16-le")),
    ("latin-1 with control bytes", "host,visitor\nK\xf6rfez\x81\x8d,\x90\n".encode("latin-1")),
    ("merged-cell blanks", f"{TABLE_HEADER},,\n{TABLE_ROW},,\n,,,,,,,,,,\n,,,,Aero Lda,,,,,\n"),
    ("unclosed quote", f'{TABLE_HEADER}\n"Flanders Make,BE,cluster\n'),
    ("JSON object", '{"exchanges": {"host": 1}}'),
    ("JSON array of junk", '[1, "a", null, [], {"host": []}]'),
    ("JSON deeply nested", "[" * 100_000),
    ("JSON scalar", '"exchanges"'),
    ("TOML garbage", "exchanges = = 80\n[[[visitor_kind\n"),
    ("TOML wrong types", 'exchanges = "many"\nvisitor_kind = 3\nextends = ["cxc2"]\n'),
    ("TOML huge numbers", "exchanges = 1e999\noutside_partnership = -1\n"),
)
JUNK_SUFFIXES = ("", ".csv", ".json", ".xlsx", ".toml")


@attrs.frozen
class Outcome:
    """What one command line did: its exit code and what it wrote."""

    argv: list[str]
    code: int | None
    out: str
    err: str
    escaped: str | None

    def problem(self) -> str | None:
        """Return what is wrong with this outcome, or ``None`` if it kept the conventions."""
        shown = " ".join(a if len(a) < 60 else a[:20] + "..." for a in self.argv)
        if self.escaped is not None:
            return f"{shown!r}: escaped {self.escaped}"
        if "Traceback" in self.err:
            return f"{shown!r}: a traceback on stderr"
        if self.code not in (0, 1, 2):
            return f"{shown!r}: exit code {self.code}"
        lines = self.err.splitlines()
        # Exit 2 ends with one error line; the reader's warnings that explain it come first.
        warned = all(line.startswith("clusterxchange: warning: ") for line in lines[:-1])
        if self.code == 2 and (not lines or not warned or "warning: " in lines[-1]):
            return f"{shown!r}: exit 2 with {len(lines)} lines on stderr: {lines[:3]}"
        return None


def _run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Outcome:
    capsys.readouterr()
    try:
        code: int | None = cli.main(argv, out=io.StringIO())
        escaped = None
    except SystemExit as stop:  # main must return codes, never exit
        code, escaped = None, f"SystemExit({stop.code!r})"
    except BaseException as error:  # the point: catch whatever escapes
        code, escaped = None, f"{type(error).__name__}: {str(error)[:200]}"
    captured = capsys.readouterr()
    return Outcome(argv=argv, code=code, out=captured.out, err=captured.err, escaped=escaped)


def _commands() -> dict[str, Any]:
    return {importlib.import_module(m).NAME: importlib.import_module(m) for m in cli.COMMANDS}


def _value_arguments(module: Any) -> list[argparse.Action]:
    """Return the command's arguments that take a value (positional or option)."""
    parser = argparse.ArgumentParser()
    module.register(parser)
    return [
        action
        for action in parser._actions  # argparse keeps them here; no public accessor
        if not isinstance(action, argparse._HelpAction) and action.nargs != 0
    ]


def _replace(argv: list[str], action: argparse.Action, value: str) -> list[str]:
    """Return *argv* with *action*'s value replaced by *value* (added if absent)."""
    if not action.option_strings:  # the positional FILE: the first argument after the command
        return [argv[0], value, *argv[2:]]
    for option in action.option_strings:
        if option in argv:
            at = argv.index(option)
            return [*argv[: at + 1], value, *argv[at + 2 :]]
    return [*argv, f"{action.option_strings[-1]}={value}"]


def _junk_files(folder: Path) -> list[str]:
    folder.mkdir()
    paths = [str(folder / "missing.csv"), str(folder)]
    for number, (_, content) in enumerate(JUNK_FILES):
        paths += [_write(folder, f"junk{number}{suffix}", content) for suffix in JUNK_SUFFIXES]
    return paths


@pytest.mark.parametrize("name", sorted(_commands()))
def test_command_survives_junk(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every value-taking argument of every command, spoiled by junk text and junk files."""
    monkeypatch.chdir(tmp_path)  # a junk --output names a file here, not in the checkout
    assert name in CLI_RECIPES, (
        f"the command {name!r} has no junk recipe in tests/test_robustness.py: add a valid "
        "command line to CLI_RECIPES"
    )
    module = _commands()[name]
    valid = CLI_RECIPES[name](tmp_path)
    assert valid[0] == name
    baseline = _run_cli(valid, capsys)
    assert baseline.problem() is None, baseline
    assert baseline.code in (0, 1), baseline
    files = _junk_files(tmp_path / "junk")
    problems: list[str] = []
    for action in _value_arguments(module):
        for value in (*JUNK_ARGUMENTS, *files):
            outcome = _run_cli(_replace(valid, action, value), capsys)
            problem = outcome.problem()
            if problem is not None:
                problems.append(problem)
    assert not problems, f"{len(problems)} command lines broke the conventions:\n" + "\n".join(
        problems[:60]
    )


@pytest.mark.parametrize(
    "junk",
    [name for name, _ in JUNK_FILES if not name.startswith(("TOML", "merged"))],
)
@pytest.mark.parametrize("command", ["check", "kpis"])
def test_an_unusable_table_is_exit_2_and_one_line(
    command: str, junk: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table file that cannot be used at all is "unusable input" (docs/design.md): exit 2."""
    if command not in _commands():
        pytest.skip(f"no {command} command yet")
    content = dict(JUNK_FILES)[junk]
    for suffix in JUNK_SUFFIXES:
        path = _write(tmp_path, f"table{suffix}", content)
        outcome = _run_cli([command, path], capsys)
        assert outcome.problem() is None, outcome.problem()
        assert outcome.code == 2, (suffix, outcome)


@pytest.mark.parametrize(
    "junk", ["empty", "binary", "TOML garbage", "TOML wrong types", "TOML huge numbers"]
)
def test_unusable_targets_and_generation_files_are_exit_2(
    junk: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--targets (kpis) and --generation (lump-sum, check) files that cannot be used: exit 2."""
    content = dict(JUNK_FILES)[junk]
    table = _write(tmp_path, "ok.csv", f"{TABLE_HEADER}\n{TABLE_ROW}\n")
    lines = [
        ["lump-sum", "--host-country", "BE", "--working-days", "4", "--generation", "{}"],
        ["kpis", table, "--targets", "{}"],
        ["check", table, "--generation", "{}"],
    ]
    for argv in lines:
        if argv[0] not in _commands():
            continue
        if argv[0] == "kpis" and junk == "empty":
            continue  # an empty targets file is a valid one that sets no target
        for suffix in (".toml", ".json"):
            path = _write(tmp_path, f"rules{suffix}", content)
            outcome = _run_cli([path if a == "{}" else a for a in argv], capsys)
            assert outcome.problem() is None, outcome.problem()
            assert outcome.code == 2, (suffix, outcome)


@pytest.mark.parametrize(
    ("argv", "content"),
    [
        (["kpis", "{}"], b""),
        (["kpis", "{}"], bytes(range(256))),
        (["check", "{}"], b"\xff\xfe\x00"),
        (["lump-sum", "--host-country", "\u0410T", "--working-days", "4"], None),
        (["lump-sum", "--host-country", "BE", "--working-days", "-1"], None),
        (["no-such-command"], None),
    ],
)
def test_python_m_clusterxchange_never_shows_a_traceback(
    argv: list[str], content: bytes | None, tmp_path: Path
) -> None:
    """The real entry point, in a process of its own: exit 2, one line on stderr."""
    if content is not None:
        argv = [_write(tmp_path, "table.csv", content) if a == "{}" else a for a in argv]
    done = subprocess.run(
        [sys.executable, "-m", "clusterxchange", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr


@pytest.mark.parametrize("value", [10**40, -(10**40), Decimal("1e-40"), math.inf, math.nan])
def test_text_output_writes_numbers_past_28_digits(value: object) -> None:
    """babel rounds in a 28-digit decimal context: a larger number once raised InvalidOperation."""
    from clusterxchange.model.formatting import format_money, format_number

    assert format_number(value, "da")  # type: ignore[arg-type]
    if isinstance(value, int):
        assert format_money(Decimal(value), "EUR", "en").count(",") == 13


@pytest.mark.parametrize(
    "value",
    [Decimal("1e999999"), pytest.param(10**20_000, id="20001 digits"), "abc", None, []],
)
def test_text_output_refuses_what_it_cannot_write(value: object) -> None:
    from clusterxchange.model.formatting import format_number

    with pytest.raises(cx.InvalidValueError):
        format_number(value)  # type: ignore[arg-type]
