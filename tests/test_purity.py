"""Purity: no module-level mutable state; same inputs, same outputs, in any order and any thread.

docs/design.md: rule checks are pure functions and nothing mutates a shared global. Two tests keep
it so. The first imports every module of the package and fails on a module-level ``list``,
``dict``, ``set`` (or other mutable container) and on a ``functools`` cache that is not on the
allow-lists below, each with the reason it is harmless. The second runs checks, lump sums,
budgets and KPIs from many threads at once, on shared data, and in shuffled orders, and
compares every result with a sequential run.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import importlib
import pkgutil
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusterxchange as cx
from clusterxchange.eligibility import check_dataset
from clusterxchange.examples import example_path, example_targets
from clusterxchange.generations import parse_generation
from clusterxchange.model.errors import ClusterXchangeError

# --------------------------------------------------------------------------------------------
# No module-level mutable state
# --------------------------------------------------------------------------------------------

#: Module-level mutable containers allowed, and why.
MUTABLE_ALLOWED: dict[tuple[str, str], str] = {}

_PURE = "a cache of a pure function of hashable, immutable arguments"

#: functools caches allowed, and why (what they return is never mutated by anyone).
CACHES_ALLOWED: dict[tuple[str, str], str] = {
    ("clusterxchange.model.countries", "_iso_index"): _PURE + "; returns a read-only index",
    ("clusterxchange.model.countries", "_localised_index"): _PURE + "; returns a read-only index",
    ("clusterxchange.model.countries", "_normalize_text"): _PURE + "; returns text",
    ("clusterxchange.model.countries", "_territory_name"): _PURE + "; returns text",
    ("clusterxchange.money.distance", "_geodesic"): _PURE + "; returns a float",
    ("clusterxchange.io._period", "split_period"): _PURE
    + "; returns a pair of texts (bounded: a sheet's periods repeat)",
    ("clusterxchange.io._bracketed", "split_name"): _PURE
    + "; returns a pair of texts or None (bounded: 4,096 names)",
    ("clusterxchange.cli._write_back", "_cell_pattern"): _PURE
    + "; returns a compiled pattern (one per delimiter)",
    ("clusterxchange.cli._write_back", "_formula_start"): _PURE
    + "; returns a compiled pattern (one per delimiter)",
    ("clusterxchange.io._export", "_text_of"): _PURE
    + "; returns a function of a class (a few: numbers, dates, each enumeration)",
    ("clusterxchange.eligibility._dataset", "_from_day"): _PURE + "; returns text",
    ("clusterxchange.eligibility._messages", "country_label"): _PURE + "; returns text",
    ("clusterxchange.eligibility._rulebook", "rulebook"): _PURE
    + "; a frozen Rulebook of a Generation, keyed by its value (bounded)",
    ("clusterxchange.eligibility._rules_exchange", "_no_duration"): _PURE
    + "; returns a frozen Finding",
    ("clusterxchange.eligibility._rules_exchange", "_short_stay"): _PURE
    + "; returns a frozen Finding",
    ("clusterxchange.money.pricing", "_table"): _PURE
    + "; a generation's lump-sum values, keyed by its value; its memo of cases is written "
    "whole, one case at a time, and read-only otherwise",
    ("clusterxchange.examples", "_partnership"): _PURE + "; returns a frozen Partnership",
    ("clusterxchange.model.formatting", "_parse_locale"): _PURE + "; babel Locales are not mutated",
    ("clusterxchange.io._dates", "month_names"): _PURE + "; a read-only table of month names",
    ("clusterxchange.io._dates", "weekday_names"): _PURE + "; a read-only table of weekday names",
    ("clusterxchange.io._dates", "_compound_weekdays"): _PURE + "; returns a read-only table",
    ("clusterxchange.io._numbers", "_halving_limits"): _PURE
    + "; the shipped generations' distance limits, read once",
    ("clusterxchange.generations", "_load"): _PURE + "; returns a frozen shipped Generation",
    ("clusterxchange.model.translations", "_catalogue"): "reads a shipped message catalogue "
    "once per language; the translations object is only read afterwards",
    ("clusterxchange.model.serialization", "_converter"): _PURE
    + "; the converter is configured once, inside the cached call, and only used afterwards",
}

_MUTABLE_TYPES = (list, dict, set, bytearray, collections.deque)


def _modules() -> Iterator[ModuleType]:
    yield cx
    for info in pkgutil.walk_packages(cx.__path__, "clusterxchange."):
        yield importlib.import_module(info.name)


def _module_state() -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Return (module, name, type) of each mutable global and (module, name) of each cache."""
    mutable: list[tuple[str, str, str]] = []
    caches: list[tuple[str, str]] = []
    for module in _modules():
        for name, value in vars(module).items():
            if name.startswith("__") and name.endswith("__"):
                continue  # __all__, __path__: the import system's, by convention lists
            if isinstance(value, _MUTABLE_TYPES):
                mutable.append((module.__name__, name, type(value).__name__))
            cached = isinstance(value, functools._lru_cache_wrapper)  # functools.cache too
            if cached and getattr(value, "__module__", None) == module.__name__:
                caches.append((module.__name__, name))
    return mutable, caches


def test_no_module_level_mutable_state() -> None:
    mutable, _ = _module_state()
    offenders = [
        f"{module}.{name} is a {kind}: make it a MappingProxyType, frozenset or tuple"
        for module, name, kind in mutable
        if (module, name) not in MUTABLE_ALLOWED
    ]
    assert not offenders, "\n".join(offenders)


def test_every_cache_is_of_a_pure_function() -> None:
    _, caches = _module_state()
    unknown = [f"{m}.{n}" for m, n in caches if (m, n) not in CACHES_ALLOWED]
    assert not unknown, f"new functools caches: justify them in CACHES_ALLOWED: {unknown}"


def test_the_allow_lists_name_what_exists() -> None:
    """An entry left behind by a rename would allow its successor silently."""
    mutable, caches = _module_state()
    assert set(MUTABLE_ALLOWED) <= {(m, n) for m, n, _ in mutable}
    assert set(CACHES_ALLOWED) <= set(caches)


# --------------------------------------------------------------------------------------------
# Same inputs, same outputs: sequentially, concurrently, in any order
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exchanges() -> tuple[cx.Exchange, ...]:
    """The bundled example partnership: 49 exchanges over both generations."""
    table = cx.read_exchanges(example_path())
    assert not table.errors
    return table.exchanges


def _lump_sums(exchanges: Sequence[cx.Exchange], generation: object) -> list[object]:
    results: list[object] = []
    for exchange in exchanges:
        try:
            results.append(cx.lump_sum(exchange, generation))  # type: ignore[arg-type]
        except ClusterXchangeError as error:  # a UK host has no ceiling: that is a result too
            results.append((type(error).__name__, str(error)))
    return results


def _tasks(exchanges: Sequence[cx.Exchange]) -> dict[str, Callable[[], object]]:
    # A fresh custom generation: its rulebook and lump-sum tables are built by whichever
    # thread comes first, so the caches are raced for, not just read.
    custom = parse_generation({"id": "fresh", "extends": "cxc2"})
    targets = example_targets()
    return {
        "check_dataset": lambda: check_dataset(exchanges),
        "check_dataset custom": lambda: check_dataset(exchanges, custom),
        "kpis": lambda: cx.kpis(exchanges, targets=targets),
        "lump sums": lambda: _lump_sums(exchanges, "cxc2"),
        "lump sums custom": lambda: _lump_sums(exchanges, custom),
        "budget": lambda: cx.budget(exchanges),
        "report text": lambda: cx.coordinator_report(
            cx.read_exchanges(example_path()), targets=targets
        ).to_text("da"),
    }


def test_concurrent_runs_equal_the_sequential_one(exchanges: tuple[cx.Exchange, ...]) -> None:
    sequential = {name: task() for name, task in _tasks(exchanges).items()}
    tasks = _tasks(exchanges)  # fresh generations again: cold caches for the threads
    jobs = [name for name in tasks for _ in range(6)]
    random.Random(8).shuffle(jobs)
    start = threading.Barrier(8)

    def run(name: str) -> tuple[str, object]:
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=5)  # the first eight start together
        return name, tasks[name]()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, jobs))
    for name, result in results:
        assert result == sequential[name], name


def _order_free(exchanges: Sequence[cx.Exchange], order: Sequence[int]) -> dict[str, Any]:
    """Return what must not depend on the order of the exchanges, in the original order."""
    shuffled = [exchanges[i] for i in order]
    verdicts = check_dataset(shuffled)
    report = cx.kpis(shuffled, targets=example_targets()).as_dict()
    for key in ("duplicates",):  # positions in the input: they move with it, by design
        report.pop(key, None)
    back = {original: position for position, original in enumerate(order)}
    sums = _lump_sums(shuffled, "cxc2")
    return {
        "verdicts": [verdicts.verdicts[back[i]] for i in range(len(exchanges))],
        "dataset": sorted(
            (f.rule, f.message, tuple(sorted(order[i] for i in f.indices)))
            for f in verdicts.findings
        ),
        "kpis": report,
        "budget": cx.budget(shuffled).totals,
        "lump sums": [sums[back[i]] for i in range(len(exchanges))],
    }


@pytest.fixture(scope="module")
def in_file_order(exchanges: tuple[cx.Exchange, ...]) -> dict[str, Any]:
    return _order_free(exchanges, range(len(exchanges)))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_results_do_not_depend_on_the_order(
    exchanges: tuple[cx.Exchange, ...], in_file_order: dict[str, Any], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(exchanges))))
    assert _order_free(exchanges, order) == in_file_order
