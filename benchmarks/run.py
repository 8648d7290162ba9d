"""Measure clusterxchange against plain baselines in the same run; write benchmarks/RESULTS.md.

Usage: ``python benchmarks/run.py`` (or ``nox -s benchmarks``). ``--quick`` divides the
dataset sizes by ten, for trying the script out; ``--only commands`` or ``--only engine`` runs
one half, ``--no-million`` leaves out the commands on 1,000,000 rows; only a full run writes
RESULTS.md unless ``--out`` is given. The commands are in ``commands.py``.

Every figure is a ratio to a baseline measured in this run, on the same objects: baseline and
subject alternate, each repeated, and the fastest of the repeats is compared (on a shared
machine noise only ever adds time). Before timing, the benchmark asserts on a sample that the
library's verdicts, KPIs and amounts are identical to the straightforward computation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import commands  # noqa: E402
import datasets  # noqa: E402
from commands import Figure  # noqa: E402

from clusterxchange.model import Exchange, Status  # noqa: E402

#: Seconds within which the whole run must finish (the issue's budget).
BUDGET_S = 600.0
#: Above this estimated time, the ellipsoid baseline runs on a sample and is extrapolated.
ELLIPSOID_FULL_LIMIT_S = 300.0
ELLIPSOID_SAMPLE = 20_000


# -- the machine ---------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> dict[str, str]:
    """Return a description of this machine and interpreter."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )  # fmt: skip
    mem = next(
        (line.split()[1] for line in _read("/proc/meminfo").splitlines()
         if line.startswith("MemTotal:")),
        None,
    )  # fmt: skip
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
            check=False,
        ).stdout.strip()  # fmt: skip
    except OSError:
        commit = ""
    import clusterxchange

    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "memory": f"{int(mem) / 1024**2:.1f} GiB" if mem else "unknown",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in load),
        "clusterxchange": clusterxchange.__version__ + (f" (commit {commit})" if commit else ""),
    }


def _status_kb(field: str) -> int:
    for line in _read("/proc/self/status").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


# -- timing --------------------------------------------------------------------------------------


class Timing:
    """The CPU times of one subject and its baseline, from alternating repeats.

    CPU time (``time.process_time``) rather than wall time: on a shared machine the wall
    clock also counts the time other processes hold the cores, which says nothing about
    either side. Wall times are kept too, for the record.
    """

    def __init__(self) -> None:
        self.subject: list[float] = []
        self.baseline: list[float] = []
        self.subject_wall: list[float] = []
        self.baseline_wall: list[float] = []

    @property
    def ratio(self) -> float:
        return min(self.subject) / min(self.baseline)

    def describe(self, precision: int = 2) -> str:
        return (
            f"CPU {min(self.subject):.{precision}f} s vs {min(self.baseline):.{precision}f} s, "
            f"wall {min(self.subject_wall):.{precision}f} s vs "
            f"{min(self.baseline_wall):.{precision}f} s (fastest of {len(self.subject)} each)"
        )


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Return the CPU time, the wall time and the result of calling *fn*."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def alternate(
    subject: Callable[[], Any],
    baseline: Callable[[], Any],
    repeats: int,
    timing: Timing | None = None,
) -> Timing:
    """Time *baseline* and *subject* alternately, *repeats* times each.

    *timing* holds samples taken already (the verification runs), added to; the order of
    each round alternates so that neither side always runs first.
    """
    timing = timing or Timing()
    start = len(timing.subject)
    for round_ in range(start, start + repeats):
        first, second = (baseline, subject) if round_ % 2 == 0 else (subject, baseline)
        for fn in (first, second):
            cpu, wall, result = _timed(fn)
            if fn is baseline:
                timing.baseline.append(cpu)
                timing.baseline_wall.append(wall)
            else:
                timing.subject.append(cpu)
                timing.subject_wall.append(wall)
            del result
    return timing


def log(message: str) -> None:
    print(f"[{time.perf_counter() - T0:6.1f} s] {message}", flush=True)


T0 = time.perf_counter()


# -- figures -------------------------------------------------------------------------------------


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def import_figure(runs: int) -> Figure:
    """``import clusterxchange`` against ``import attrs, cattrs``, fresh interpreters.

    Each side runs in a fresh interpreter, alternately; the figure is the ratio of the median
    CPU times (user + system) of the two interpreters, start-up included.
    """
    python, env = sys.executable, commands.child_env()  # with bytecode, as installed
    programs = {"subject": "import clusterxchange", "baseline": "import attrs, cattrs"}
    times: dict[str, list[float]] = {"subject": [], "baseline": []}
    walls: dict[str, list[float]] = {"subject": [], "baseline": []}
    for program in programs.values():  # warm the file cache and bytecode
        subprocess.run([python, "-c", program], check=True, env=env)
    for round_ in range(runs):
        order = ("baseline", "subject") if round_ % 2 == 0 else ("subject", "baseline")
        for which in order:
            cpu, wall = _child_cpu(), time.perf_counter()
            subprocess.run([python, "-c", programs[which]], check=True, env=env)
            walls[which].append(time.perf_counter() - wall)
            times[which].append(_child_cpu() - cpu)
    med_s, med_b = statistics.median(times["subject"]), statistics.median(times["baseline"])
    ratio = med_s / med_b
    # For the record: names import their modules on first use; what using the model costs.
    used = []
    for _ in range(max(5, runs // 4)):
        cpu = _child_cpu()
        program = "import clusterxchange; clusterxchange.Exchange"
        subprocess.run([python, "-c", program], check=True, env=env)
        used.append(_child_cpu() - cpu)
    detail = (
        f"median CPU of {runs} fresh interpreters each, alternating: {med_s * 1000:.0f} ms vs "
        f"{med_b * 1000:.0f} ms; median wall {statistics.median(walls['subject']) * 1000:.0f} "
        f"ms vs {statistics.median(walls['baseline']) * 1000:.0f} ms; with the model then used "
        f"(`clusterxchange.Exchange`, which imports its module): "
        f"{statistics.median(used) * 1000:.0f} ms ({statistics.median(used) / med_b:.2f}x)"
    )
    return Figure(
        "`import clusterxchange`", "`import attrs, cattrs`", "<= 1.3x", ratio, ratio <= 1.3, detail
    )


def _verify_check(exchanges: Sequence[Exchange], result: Any, core: list[tuple[str, ...]]) -> int:
    """Assert on a sample that dataset verdicts equal single checks and the baseline's core."""
    from clusterxchange.eligibility import check_exchange

    rng = random.Random(7)
    sample = rng.sample(range(len(exchanges)), min(2000, len(exchanges)))
    core_rules = set(baselines.CORE_RULES)
    for i in sample:
        verdict = result.verdicts[i]
        alone = check_exchange(exchanges[i])
        mine = tuple(f for f in verdict.findings if f.rule != "visitor_once")
        assert mine == alone.findings, f"exchange {i}: check_dataset differs from check_exchange"
        assert verdict.working_days == alone.working_days
        assert verdict.generation == alone.generation
        errors = {f.rule for f in verdict.errors()} & core_rules
        if "generation" not in {f.rule for f in verdict.errors()}:
            assert errors == set(core[i]), f"exchange {i}: {sorted(errors)} vs {core[i]}"
    # Errors only: a second visit in another generation is a warning, which the loop (one
    # generation at a time) does not give.
    flagged = sum(
        1
        for v in result.verdicts
        if any(f.rule == "visitor_once" and f.severity.value == "error" for f in v.findings)
    )
    expected = sum(1 for rules in core if "visitor_once" in rules)
    assert flagged == expected, f"visitor_once: {flagged} flagged, the baseline {expected}"
    return len(sample)


def _mix(result: Any) -> str:
    """Return the verdict mix of a dataset verdict, for the notes."""
    rules: Counter[tuple[str, str]] = Counter()
    for verdict in result.verdicts:
        rules.update((f.rule, f.severity.value) for f in verdict.findings)
    eligible = sum(1 for verdict in result.verdicts if verdict.eligible)
    top = ", ".join(f"{rule} {severity} {n:,}" for (rule, severity), n in rules.most_common())
    return f"{eligible:,} of {len(result.verdicts):,} eligible; findings: {top}"


def check_figures(sets: dict[int, list[Exchange]], notes: list[str]) -> list[Figure]:
    """``check_dataset`` against the hand-written loop; and its scaling from 100k to 1M."""
    from clusterxchange.eligibility import check_dataset

    big, mid = max(sets), sorted(sets)[-2]
    data = sets[big]
    # The verification runs are also the first timed pair at the largest size.
    first = Timing()
    cpu, wall, core = _timed(lambda: baselines.check_core(data))
    first.baseline.append(cpu)
    first.baseline_wall.append(wall)
    cpu, wall, result = _timed(lambda: check_dataset(data))
    first.subject.append(cpu)
    first.subject_wall.append(wall)
    checked = _verify_check(data, result, core)
    notes.append(f"Verdicts on the {big:,} exchanges: {_mix(result)}.")
    del result, core
    log(f"check_dataset: {checked} sampled verdicts equal check_exchange and the baseline's core")
    timings: dict[int, Timing] = {}
    for size in sorted(sets):
        rows = sets[size]
        timings[size] = alternate(
            lambda rows=rows: check_dataset(rows),
            lambda rows=rows: baselines.check_core(rows),
            2 if size == big else 3,
            first if size == big else None,
        )
        log(f"check_dataset {size:,}: {timings[size].describe()}")
    t = timings[big]
    ratio = t.ratio
    figures = [
        Figure(
            f"`check_dataset` on {big:,} exchanges",
            "hand-written loop of the core checks (`baselines.check_core`)",
            "<= 3x",
            ratio,
            ratio <= 3,
            t.describe(),
        )
    ]
    scale = min(timings[big].subject) / min(timings[mid].subject)
    factor = big // mid
    figures.append(
        Figure(
            f"scaling of `check_dataset`, {mid:,} to {big:,}",
            f"time for {mid:,}",
            f"<= {factor + 1}x",
            scale,
            scale <= factor + 1,
            "CPU, fastest: "
            + ", ".join(f"{s:,}: {min(timings[s].subject):.2f} s" for s in sorted(timings)),
        )
    )
    return figures


def _verify_kpis(exchanges: Sequence[Exchange]) -> int:
    """Assert that the KPIs of rows with no duplicate equal a straightforward count."""
    from clusterxchange.kpi import kpis
    from clusterxchange.model import Status

    completed = {Status.COMPLETED, Status.PAID}
    seen_ids: set[object] = set()
    seen_visits: set[object] = set()
    unique: list[Exchange] = []
    for e in exchanges:
        visit = (e.visitor.pic or (e.visitor.name.casefold(), e.visitor.country), e.start)
        if (e.id is not None and e.id in seen_ids) or visit in seen_visits:
            continue
        seen_ids.add(e.id)
        seen_visits.add(visit)
        unique.append(e)
    report = kpis(unique)
    done = [e for e in unique if e.status in completed]
    kinds = Counter(e.visitor.kind for e in done)
    assert report.completed == len(done)
    assert report.pending == sum(1 for e in unique if e.status is Status.AWAITING_FINAL_REPORT)
    assert {k: n for k, n in report.by_visitor_kind.items() if n} == dict(kinds)
    assert dict(report.by_status) == dict(Counter(e.status for e in unique))
    assert not report.duplicates
    return len(unique)


def kpi_figure(exchanges: list[Exchange], verify: Sequence[Exchange]) -> Figure:
    """``kpis`` against a plain ``Counter`` over the visitor kinds, with two references.

    The floor: the two hash sets that any exact duplicate rule must fill (IDs, and visits),
    built from keys prepared beforehand, against the same ``Counter``. The hand loop: the same
    counting written plainly (``baselines.count_kpis_by_hand``), against which ``kpis`` is
    also timed, after asserting that both give the same counts on all the exchanges.
    """
    from clusterxchange.kpi import kpis

    checked = _verify_kpis(verify)
    log(f"kpis: counts of {checked:,} rows without duplicates equal a plain count")
    report = kpis(exchanges)
    by_hand = baselines.count_kpis_by_hand(exchanges)
    for name, counts in by_hand.items():
        ours = {key: n for key, n in getattr(report, name).items() if n}
        assert ours == dict(counts), f"kpis and the hand loop differ in {name}"
    duplicates = len(report.duplicates)
    del report, by_hand
    log(f"kpis: the hand loop gives the same counts on {len(exchanges):,} rows")
    t = alternate(lambda: kpis(exchanges), lambda: baselines.count_visitor_kinds(exchanges), 3)
    visits = baselines.visit_keys(exchanges)
    floor = alternate(
        lambda: baselines.index_duplicate_keys(exchanges, visits),
        lambda: baselines.count_visitor_kinds(exchanges),
        3,
    )
    hand = alternate(lambda: kpis(exchanges), lambda: baselines.count_kpis_by_hand(exchanges), 2)
    ratio = t.ratio
    detail = (
        f"{t.describe(3)}; {duplicates:,} duplicate rows found. Floor: reading the IDs and "
        f"putting them and the visits (prepared beforehand as strings) in two hash sets take "
        f"{min(floor.subject):.3f} s, "
        f"{floor.ratio:.2f}x the Counter (fastest of {len(floor.subject)} each). Hand-written "
        f"loop with the same counts: {min(hand.baseline):.2f} s, "
        f"{min(hand.baseline) / min(t.baseline):.1f}x the Counter; `kpis` is "
        f"{hand.ratio:.2f}x the hand loop (fastest of {len(hand.subject)} each)"
    )
    return Figure(
        f"`kpis` on {len(exchanges):,} exchanges",
        "`Counter(e.visitor.kind for e in exchanges)`",
        "<= 2x",
        ratio,
        ratio <= 2,
        detail,
    )


def lump_sum_figures(exchanges: list[Exchange]) -> list[Figure]:
    """Lump sums against every distance on the ellipsoid, and against a haversine loop."""
    from clusterxchange.generations import get_generation
    from clusterxchange.money.pricing import lump_sum, lump_sums

    g = get_generation("cxc2")
    # Cancelled exchanges have no lump sum (lump_sums refuses them): the rest, with a ceiling.
    priced = [
        e
        for e in exchanges
        if g.ceiling(e.host.country) is not None and e.status is not Status.CANCELLED
    ]
    rng = random.Random(13)
    sample = [priced[i] for i in sorted(rng.sample(range(len(priced)), ELLIPSOID_SAMPLE))]

    # Identical amounts on the sample, against the straightforward computation; the batch
    # agrees with one lump sum at a time, explanations and distances included.
    baseline_s, _, straight = _timed(lambda: baselines.lump_sums_on_ellipsoid(sample, "cxc2"))
    ours = lump_sums(sample, g)
    assert [s.amount for s in ours] == straight, "amounts differ from the ellipsoid's"
    for one, alone in zip(ours[:1000], (lump_sum(e, g) for e in sample[:1000]), strict=False):
        assert one == alone
        assert (one.explanation, one.distance_km) == (alone.explanation, alone.distance_km)
    halved = sum(1 for s in ours if "short_distance" in s.reductions)
    log(f"lump sums: {len(sample):,} sampled amounts equal the ellipsoid's ({halved} halved)")

    timing = Timing()
    timing.baseline.append(baseline_s)
    timing.baseline_wall.append(0.0)
    timing = alternate(
        lambda: lump_sums(priced, g),
        lambda: baselines.lump_sums_on_ellipsoid(sample, "cxc2"),
        2,
        timing,
    )
    haversine = baselines.lump_sums_haversine(priced, "cxc2")
    differ = sum(1 for a, b in zip(haversine, (s.amount for s in lump_sums(priced, g)), strict=True)
                 if a != b)  # fmt: skip
    by_hand = alternate(
        lambda: lump_sums(priced, g), lambda: baselines.lump_sums_haversine(priced, "cxc2"), 3
    )
    against_haversine = (
        Figure(
            f"lump sums of {len(priced):,} exchanges with coordinates, against a haversine loop",
            "a hand loop with every distance on a sphere (`baselines.lump_sums_haversine`)",
            "<= 2x (as on 79e26c6)",
            by_hand.ratio,
            by_hand.ratio <= 2,
            f"{by_hand.describe()}; the sphere's amounts differ from the rules' (the "
            f"ellipsoid's) for {differ:,} exchanges near the short-distance limit",
        ),
    )
    per_pair = min(timing.baseline) / len(sample)
    estimate = per_pair * len(priced)
    ratio = min(timing.subject) / estimate
    detail = (
        f"CPU {min(timing.subject):.2f} s for {len(priced):,} lump sums (`money.lump_sums`) vs "
        f"{estimate:.0f} s for every distance on the ellipsoid, extrapolated linearly from "
        f"{len(sample):,} sampled exchanges ({min(timing.baseline):.2f} s"
        + (
            f"; the whole {len(priced):,} would take over {ELLIPSOID_FULL_LIMIT_S / 60:.0f} min)"
            if estimate > ELLIPSOID_FULL_LIMIT_S
            else ")"
        )
        + f": 1/{1 / ratio:.1f}; {min(timing.subject) / len(priced) * 1e6:.1f} us per lump sum"
    )
    return [
        Figure(
            f"lump sums of {len(priced):,} exchanges with coordinates",
            "the same with every distance on the ellipsoid",
            "<= 1/20",
            ratio,
            ratio <= 1 / 20,
            detail,
        ),
        *against_haversine,
    ]


#: For a figure that misses its target: what the profile shows and what would close the gap.
#: Keyed by the start of the figure's name; written to RESULTS.md only for a missed target.
ANALYSIS: dict[str, str] = {
    "`clusterxchange kpis`": (
        "Profile (the steps in the notes, and cProfile of the reader): counting is not the "
        "cost (about a tenth of the command, less than pandas takes to read the file); "
        "reading is four fifths of it. What was done: a CSV table's plain rows read column by "
        "column (`io/_columnar.py`: each column's distinct texts resolved once, the values "
        "mapped back and the exchanges built by `map` in C passes; odd rows through the row "
        "reader), each exchange and organisation built from values already checked "
        "(`model/_build.py`), the decimal sign decided in the one pass, the collector paused, "
        "PICs taken as written without a cache that grew with the table. What is left, and "
        "what would meet 2x, is in the reading figure's profile: a compiled reader or a "
        "model change."
    ),
    "reading": (
        "Profile (cProfile, 100,000 rows, reading 4x DictReader in that run): the csv module "
        "parsing the records (about 0.65x DictReader, the part of it every reader pays), one "
        "pass per column over its cells (a set of the distinct texts, the new ones read, the "
        "values mapped back: about 1x), the organisations found by their values and the new "
        "ones built (nine rows in ten name a visitor seen nowhere else: about 0.8x), the "
        "exchanges built (about 0.7x) and the rest of the chunk's bookkeeping. None of it is "
        "repeated work: labels, countries, dates and organisations are each resolved once "
        "per distinct value, in C passes over the columns. DictReader builds a dict a row and "
        "nothing else; building an `Organisation` and an `Exchange` a row alone (trusted "
        "constructors, no checks) costs about three quarters of DictReader. What would meet "
        "2.5x: a compiled reader, or exchanges that do not each hold their own visitor object (a "
        "model change: visitors as rows of a table)."
    ),
    "`clusterxchange check`": (
        "Profile (the steps in the notes): reading is about a third of the time, "
        "`check_dataset` about as much, lump sums and the output the rest. The output is no "
        "longer the cost (it went through the pure-Python encoder, 39 % of the time; it is now "
        "written one exchange at a time through the C encoder), nor the collector (paused). "
        "The target is below the floor of this object model: the floor (the memory figure's "
        "details: `csv.DictReader`, then one exchange, its visitor and a verdict with one "
        "finding built by hand per row, unchecked, no rule run, nothing written) already "
        "takes about a third of the 25 us a row that 40,000 rows/s allows, which leaves "
        "about 16 us a row for reading the cells as people write them, fourteen rules, "
        "visitor_once, the lump sum and the output line. What would meet it: a columnar "
        "check (the rules run once per distinct organisation, span and generation, as now, "
        "and the per-row verdicts as arrays rather than objects) or a compiled one; a "
        "different model, not a change to this one."
    ),
    "peak memory of `check": (
        "Profile (resident memory after each batch, tracemalloc at the peak): a CSV file of "
        "32 MiB or more is checked streaming (`cli/_check.py`: read twice, the text of the "
        "file never held, a chunk of 5,000 rows at a time); what is held at the peak, in "
        "the first read, are visitor_once's keys of each visit (name, country, PIC, days, ID "
        "and host, in parallel lists: about 300 bytes a visit, most of it the name, ID and "
        "PIC texts) beside the interpreter and the modules (about 25 MB) and one chunk. What "
        "would lower it further: the keys as hashes, their texts read a third time for the "
        "visitors seen twice (one read more, about a quarter of the time)."
    ),
    "scaling of `check --format": (
        "Profile (the steps of the notes, run on 100,000 and 1,000,000 rows, 2026-12-06): "
        "every step grows alike, not one algorithm: reading 11.9x, counting 13.1x, "
        "`check_dataset` 12.1x, lump sums 11.9x, the JSON 10.9x. cProfile of the reader shows "
        "the same Python calls each costing more on the larger heap: creating an object "
        "0.16 us on 100,000 rows, 0.37 us on 1,000,000, the dictionary of a million "
        "organisations 17x as long to fill as that of 100,000 (caches and memory pages, with "
        "the collector paused). What would close it: less memory per row (fewer objects per "
        "exchange, a model change), not a change of algorithm."
    ),
    "`import clusterxchange`": (
        "Profile (`python -X importtime`): the cost is the creation of the package's attrs "
        "classes. The package imports each public name's module on first use; a missed "
        "target means something imports a module eagerly again (see `_HOMES` in "
        "`clusterxchange/__init__.py`)."
    ),
    "`check_dataset`": (
        "Profile (cProfile, pyinstrument): per exchange the engine runs the rule table (16 "
        "rules, the loop 7 core checks) and builds a `Verdict` with its findings. Findings "
        "about an organisation are made once per organisation, generation (and prior "
        "approval) and shared, working days once per span, each rule is called only when a "
        "cheap precondition says it may find something, the visits are grouped once for "
        "both visitor_once passes, and the collector is paused for the call. What remains "
        "is the interpreter's cost per Python call and attribute (about a dozen calls and "
        "40 attribute reads per exchange), and the first sight of each distinct visitor "
        "(nine in ten here): its rules run and their findings, which name it, are made. What "
        "would close it: findings that do not name the organisation, shared across "
        "organisations of the same kind and record, or a columnar engine."
    ),
    "scaling": (
        "Profile: as for the command (see its scaling figure), every part of the check grows "
        "alike with the heap: the same calls cost more on 1,000,000 live exchanges than on "
        "100,000 (caches and memory pages; the collector is paused for the call)."
    ),
    "`kpis`": (
        "Profile (cProfile, pyinstrument): the time is the one counting loop of "
        "`kpi/_count.py` (`Tally._count`). Per row it reads about ten attributes of three "
        "objects (the exchange, its visitor, its host), registers two duplicate keys (the ID, "
        "and the visitor's identity with the first day) in dicts of a million entries and "
        "bumps up to three counters; the baseline reads two attributes and bumps one of four "
        "counters, all in cache. The target is below what exact duplicate detection costs in "
        "Python. The details give the floor: reading each row's ID (in C) and putting the IDs "
        "and the visits in two hash sets, the visits prepared in advance as strings, the "
        "cheapest keys to hash, with nothing else read and nothing counted. That alone takes "
        "more than the whole budget of twice the baseline, and reading the rows and counting "
        "them comes on top. A hand-written loop doing the same counting (the details, checked to "
        "give the same counts) is slower than `kpis`. A version of the counting as C passes "
        "(`attrgetter`, `Counter`, `dict(zip(...))`) measured no faster. What would close it: "
        "a compiled counting loop with hash tables of its own (a C extension, which the "
        "package, pure Python, does not ship), or a target measured against a baseline that "
        "detects duplicates too, such as the hand loop."
    ),
    "lump sums": (
        "Profile: the distance decision on the sphere costs under 1 us per lump sum (the "
        "ellipsoid is computed for the pairs within 1 % of 200 km only, and otherwise only "
        "when `distance_km` or `explanation` is read); the collector, which took about half "
        "of the time with the exchanges of the dataset alive, is paused for the call; "
        "creating each `LumpSum` (12 attributes of a frozen attrs class, about 1 us) and the "
        "loop around it (working days, the case look-up, the declared distance) make up the "
        "rest (see the details for the time per lump sum), against about 50 us for one "
        "geodesic. What would close it: a result type keeping what every lump sum of a case "
        "shares (amount, ceiling, reductions, citations, currency, generation, host) in one "
        "shared object, halving the attributes set per lump sum (a change to `LumpSum`'s "
        "public fields, which `attrs.evolve` and the JSON shape rely on), or a columnar "
        "result (amounts and reductions as arrays) for budgets that need totals only."
    ),
    "memory holding": (
        "The dominant objects are the exchanges themselves (19 slots each) and their IDs."
    ),
}


# -- report --------------------------------------------------------------------------------------


def _shown(figure: Figure) -> str:
    if figure.shown is not None:
        return figure.shown
    if figure.name.startswith("peak memory"):
        return f"{figure.value:.0f} MB"
    if figure.target.startswith("<= 1/"):
        return f"1/{1 / figure.value:.1f}"
    return f"{figure.value:.2f}x"


def table(figures: Sequence[Figure]) -> str:
    lines = [
        "| figure | baseline | measured | target | met |",
        "|---|---|---|---|---|",
    ]
    for f in figures:
        met = "yes" if f.met else "**no**"
        lines.append(f"| {f.name} | {f.baseline} | {_shown(f)} | {f.target} | {met} |")
    return "\n".join(lines)


def _missed(figures: Sequence[Figure]) -> list[str]:
    """Return the section on missed targets: each figure, the profile's finding, the remedy."""
    missed = [f for f in figures if not f.met]
    if not missed:
        return ["Every target is met.", ""]
    lines = ["## Targets not met", ""]
    for f in missed:
        why = next((text for key, text in ANALYSIS.items() if f.name.startswith(key)), "")
        lines += [f"### {f.name}: {_shown(f)} (target {f.target})", "", why, ""]
    return lines


def write_results(
    path: Path,
    facts: dict[str, str],
    figures: Sequence[Figure],
    notes: Sequence[str],
    *,
    total: float,
    memory: Sequence[str],
) -> None:
    parts = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (also `nox -s benchmarks`); do not edit by hand.",
        "Every figure is measured beside its anchor in the same run, in turns with it. The",
        "commands (`benchmarks/commands.py`) run as a user runs them, one fresh process each,",
        "on tables written as coordinators write them (`benchmarks/tables.py`): medians of 3",
        "rounds (one round at 1,000,000 rows), wall time unless the figure says CPU. The",
        "engine figures are ratios of CPU time (`time.process_time`, fastest of the repeats),",
        "which the other processes of a shared machine do not inflate.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        f"- whole run: {total:.0f} s",
        "",
        "## Figures",
        "",
        table(figures),
        "",
        "## Details",
        "",
        *(f"- {f.name}: {f.detail}" for f in figures),
        "",
        *(["## Peak memory of each command", "", *memory, ""] if memory else []),
        *_missed(figures),
        "## Notes",
        "",
        *(f"- {note}" for note in notes),
        "",
    ]
    path.write_text("\n".join(parts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="datasets ten times smaller")
    parser.add_argument("--out", type=Path, help="where to write the results (Markdown)")
    parser.add_argument("--import-runs", type=int, default=20)
    parser.add_argument("--only", choices=("commands", "engine"), help="one half of the run")
    parser.add_argument(
        "--no-million", action="store_true", help="the commands on 10,000 and 100,000 rows only"
    )
    parser.add_argument(
        "--engine-quick", action="store_true", help="the engine's datasets ten times smaller"
    )
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    sizes = [10_000 // scale, 100_000 // scale, 1_000_000 // scale]
    out = args.out or (None if args.quick or args.only else HERE / "RESULTS.md")

    facts = machine()
    for key, value in facts.items():
        print(f"{key}: {value}")
    figures: list[Figure] = []
    notes: list[str] = []
    memory: list[str] = []
    if args.only != "engine":
        log("commands: fresh processes, in turns with their anchors")
        found, memory, command_notes = commands.figures(
            sizes[:2], None if args.no_million else sizes[2], 300_000 // scale, repeats=3
        )
        figures += found
        notes += command_notes
    if args.only != "commands":
        engine_sizes = [size // 10 for size in sizes] if args.engine_quick else sizes
        figures += engine_figures(engine_sizes, args.import_runs, notes)
    notes.append(
        "Noise: on a shared machine the ratios move by up to about 10 % from run to run, even "
        "in CPU time (the cores' caches and clock are shared with other processes); a figure "
        "within 10 % of its target is at the target, not clearly on either side."
    )
    total = time.perf_counter() - T0
    print()
    print(table(figures))
    for f in figures:
        print(f"- {f.name}: {f.detail}")
    print("\n".join(memory))
    print(f"whole run: {total:.0f} s")
    if out is not None:
        write_results(out, facts, figures, notes, total=total, memory=memory)
        print(f"written to {out}")
    return 0


def engine_figures(sizes: Sequence[int], import_runs: int, notes: list[str]) -> list[Figure]:
    """The library's own figures: import, memory, ``check_dataset``, ``kpis``, lump sums."""
    figures: list[Figure] = []
    log("import: fresh interpreters, interleaved")
    figures.append(import_figure(import_runs))
    orgs = datasets.organisations()
    gc.collect()
    rss_before = _status_kb("VmRSS")
    # The resident size grown, not tracemalloc's count: tracing every allocation makes the
    # build of a million exchanges, nine in ten with a visitor of their own, six times slower.
    start = time.perf_counter()
    everything = datasets.exchanges(sizes[-1], orgs)
    built = time.perf_counter() - start
    gc.collect()
    rss_mb = (_status_kb("VmRSS") - rss_before) / 1024
    peak_mb = (_status_kb("VmHWM") - rss_before) / 1024
    visitors = len({id(e.visitor) for e in everything})
    hosts = len({id(e.host) for e in everything})
    log(f"{sizes[-1]:,} exchanges built in {built:.1f} s; resident size grew by {rss_mb:.0f} MB")
    figures.append(
        Figure(
            f"memory holding {sizes[-1]:,} exchanges",
            "resident size before building them",
            "<= 500 MB",
            rss_mb,
            rss_mb <= 500,
            f"resident size grew by {rss_mb:.0f} MB (peak {peak_mb:.0f} MB above the start); "
            f"built in {built:.1f} s; {visitors:,} distinct visitors and {hosts:,} hosts "
            "(on 1e1fb9b: 235 MB by tracemalloc, over 10,000 organisations shared by all)",
            f"{rss_mb:.0f} MB",
        )
    )
    sets = {size: everything[:size] for size in sizes}
    notes.append(
        f"Engine datasets: seeded ({datasets.SEED}); {sizes[0]:,} and {sizes[1]:,} exchanges "
        f"are the first rows of the {sizes[-1]:,}: {hosts:,} hosts, {visitors:,} distinct "
        "visitors (nine visitors in ten take part once, as in real tables: every "
        "per-organisation cache of the engine misses for them)."
    )
    figures.extend(check_figures(sets, notes))
    figures.append(kpi_figure(everything, sets[sizes[0]]))
    log("kpis done")
    figures.extend(lump_sum_figures(everything))
    log("lump sums done")
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
