"""The commands as users run them, each beside the tool a user would pick instead, in one run.

``python benchmarks/run.py`` runs these first (``--only commands`` runs nothing else). Every
command is a fresh ``python -m clusterxchange ...`` process on a table written by
:mod:`tables` (what a coordinator's sheet looks like); its anchor runs the same way, in
turns with it, and each figure is the median of the rounds. Wall time is what a user waits
for; on a machine shared with other work it is noisy, so the CPU time of each process (user
and system, from ``os.wait4``) is given beside it, and the peak resident memory of each.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tables  # noqa: E402

PYTHON = sys.executable


@dataclasses.dataclass(frozen=True)
class Figure:
    """One row of the results table: the figure, its anchor, the value shown and its target."""

    name: str
    baseline: str
    target: str
    value: float
    met: bool
    detail: str
    shown: str | None = None


@dataclasses.dataclass(frozen=True)
class Run:
    """One process: wall and CPU seconds, peak resident memory (MB)."""

    wall: float
    cpu: float
    rss_mb: float


#: GNU time, which reports the peak memory of the command alone: a child's own peak as the
#: kernel reports it to its parent starts from the parent's size at the fork.
TIME = "/usr/bin/time"


@functools.cache
def child_env() -> dict[str, str]:
    """Return the environment of the commands, the package's bytecode compiled first.

    ``pip install`` compiles a package's modules when it installs them, so a user's command
    loads bytecode, as the anchors (pandas, polars, installed) do here. The package is
    imported from the checkout (``src``): in an environment with ``PYTHONDONTWRITEBYTECODE``
    (as some CI machines set) every command would compile its source again, about 0.1 s a
    command on the benchmark machine. The commands run without it, and the package's
    bytecode is written (to its ``__pycache__`` folders, which git ignores) before the first
    timed command.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent / "src"), str(HERE)])
    sources = [str(HERE.parent / "src" / "clusterxchange"), str(HERE)]
    subprocess.run([PYTHON, "-m", "compileall", "-q", *sources], env=env, check=True)
    return env


def run(argv: Sequence[str], stdout: Path | None = None) -> Run:
    """Run *argv* as a child process; return its wall time, CPU time and peak memory."""
    env = child_env()
    with tempfile.NamedTemporaryFile("r") as peak, open(stdout or os.devnull, "w") as out:
        timed = [TIME, "-f", "%M", "-o", peak.name, *argv] if os.path.exists(TIME) else argv
        start = time.perf_counter()
        child = subprocess.Popen(timed, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        rss_kb = int(peak.read().split()[-1]) if timed is not argv else usage.ru_maxrss
    if code not in (0, 1):  # check exits 1 when some exchange is not eligible
        raise RuntimeError(f"{' '.join(argv)} exited {code}")
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024)


def cli(*args: str) -> list[str]:
    return [PYTHON, "-m", "clusterxchange", *args]


def script(name: str, path: Path) -> list[str]:
    return [PYTHON, str(HERE / name), str(path)]


def rounds(subjects: dict[str, list[str]], n: int) -> dict[str, list[Run]]:
    """Run each command *n* times, in turns (the order rotating each round)."""
    names = list(subjects)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for i in range(n):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            runs[name].append(run(subjects[name]))
    return runs


def median(runs: Sequence[Run], what: str = "wall") -> float:
    return statistics.median(getattr(r, what) for r in runs)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- checks that the anchors count the same ------------------------------------------------------


def same_counts(path: Path, workdir: Path) -> str:
    """Assert that ``kpis --format json`` and both scripts give the same counts; say which."""
    outputs = {}
    for name, argv in (
        ("kpis", cli("kpis", str(path), "--format", "json")),
        ("pandas", script("kpis_pandas.py", path)),
        ("polars", script("kpis_polars.py", path)),
    ):
        target = workdir / f"{name}.json"
        run(argv, target)
        outputs[name] = json.loads(target.read_text())
    return compare_counts(outputs["kpis"], outputs["pandas"], outputs["polars"])


def compare_counts(report: dict[str, Any], *others: dict[str, Any]) -> str:
    """Assert that the scripts' counts equal those of a ``kpis`` JSON report; name them."""
    ours: dict[str, Any] = {}
    for key in others[0]:
        value = report[key]
        if key == "duplicates":
            value = len(value)
        elif isinstance(value, dict):
            value = {k: n for k, n in value.items() if n}
        ours[key] = value
    for other in others:
        assert other == ours, {k: (ours[k], other[k]) for k in ours if ours[k] != other[k]}
    return ", ".join(sorted(ours))


# -- reading, in one process ---------------------------------------------------------------------


def reading(path: Path, repeats: int = 3) -> dict[str, list[float]]:
    """CPU seconds of reading *path*: the library, ``csv.DictReader``, ``pandas.read_csv``."""
    import gc

    import pandas as pd

    from clusterxchange.io import read_exchanges

    def dict_reader() -> object:
        with open(path, newline="", encoding="utf-8") as stream:
            return list(csv.DictReader(stream))

    subjects: dict[str, Callable[[], object]] = {
        "library": lambda: read_exchanges(path),
        "DictReader": dict_reader,
        "pandas": lambda: pd.read_csv(path, dtype=str, keep_default_na=False),
    }
    times: dict[str, list[float]] = {name: [] for name in subjects}
    for i in range(repeats):
        names = list(subjects)
        for name in names[i % 3 :] + names[: i % 3]:
            gc.collect()
            start = time.process_time()
            result = subjects[name]()
            times[name].append(time.process_time() - start)
            del result
    return times


# -- the figures ---------------------------------------------------------------------------------


def ratio_figure(
    name: str, anchor: str, *, target: float, mine: float, theirs: float, detail: str
) -> Figure:
    value = mine / theirs
    return Figure(name, anchor, f"<= {target:g}x", value, value <= target, detail)


def figures(
    sizes: Sequence[int], large: int | None, memory_rows: int, repeats: int
) -> tuple[list[Figure], list[str], list[str]]:
    """Return the command figures, the peak-memory table's lines and notes."""
    result: list[Figure] = []
    notes: list[str] = []
    memory: dict[tuple[str, int], Run] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths: dict[int, Path] = {}
        for size in sorted({*sizes, memory_rows, *([large] if large else [])}):
            paths[size] = work / f"exchanges-{size}.csv"
            repeated = tables.write_table(paths[size], size)
            log(
                f"table of {size:,} rows written ({paths[size].stat().st_size / 2**20:.1f} MB, "
                f"{repeated:,} rows listed twice)"
            )
        mid = sorted(sizes)[-1]
        compared = same_counts(paths[sizes[0]], work)
        notes.append(
            f"`kpis --format json`, `kpis_pandas.py` and `kpis_polars.py` give the same counts "
            f"({compared}) on the {sizes[0]:,}-row table (asserted in the run; "
            "tests/test_benchmark_scripts.py asserts it on a small one)."
        )
        log("kpis, pandas and polars give the same counts")

        # kpis against the pandas and polars scripts.
        for size in [*sizes, *([large] if large else [])]:
            path = paths[size]
            n = 1 if size == large else repeats
            runs = rounds(
                {
                    "kpis": cli("kpis", str(path)),
                    "pandas": script("kpis_pandas.py", path),
                    "polars": script("kpis_polars.py", path),
                },
                n,
            )
            memory["kpis", size] = max(runs["kpis"], key=lambda r: r.rss_mb)
            k, p, q = (median(runs[x]) for x in ("kpis", "pandas", "polars"))
            kc, pc, qc = (median(runs[x], "cpu") for x in ("kpis", "pandas", "polars"))
            detail = (
                f"wall (median of {n}) {k:.2f} s vs pandas {p:.2f} s, polars {q:.2f} s "
                f"({k / q:.1f}x polars); CPU {kc:.2f} s vs {pc:.2f} s, {qc:.2f} s; peak "
                f"memory {memory['kpis', size].rss_mb:.0f} MB vs "
                f"{max(r.rss_mb for r in runs['pandas']):.0f} MB, "
                f"{max(r.rss_mb for r in runs['polars']):.0f} MB"
            )
            if size >= mid:
                result.append(
                    ratio_figure(
                        f"`clusterxchange kpis` on {size:,} rows (wall)",
                        "the pandas script (`kpis_pandas.py`), same counts",
                        target=2,
                        mine=k,
                        theirs=p,
                        detail=detail,
                    )
                )
            else:
                notes.append(f"`kpis` on {size:,} rows: {detail}.")
            log(f"kpis {size:,}: {detail}")

        # Reading, in this process.
        times = reading(paths[mid], repeats)
        lib, plain, pandas_s = (
            statistics.median(times[x]) for x in ("library", "DictReader", "pandas")
        )
        dict_rate = mid / plain
        result.append(
            ratio_figure(
                f"reading {mid:,} rows into exchanges (`read_exchanges`, CPU)",
                "`csv.DictReader` alone",
                target=2.5,
                mine=lib,
                theirs=plain,
                detail=f"CPU (median of {repeats}) {lib:.2f} s vs DictReader {plain:.2f} s "
                f"({dict_rate:,.0f} rows/s), `pandas.read_csv` {pandas_s:.2f} s "
                f"({lib / pandas_s:.1f}x)",
            )
        )
        log(f"reading: {result[-1].detail}")

        # Where the time goes, step by step, in a process of its own.
        done = subprocess.run([PYTHON, str(HERE / "commands.py"), "steps", str(paths[mid])],
                              capture_output=True, text=True, check=True,
                              env=child_env())  # fmt: skip
        t = json.loads(done.stdout)
        notes.append(
            f"Steps of `kpis` and `check` on {mid:,} rows (CPU, one process, `python "
            f"benchmarks/commands.py steps FILE`; resident memory after each step): import "
            f"{t['import']:.2f} s ({t['import_mb']:.0f} MB), reading {t['read']:.2f} s "
            f"({t['read_mb']:.0f} MB; the file is {paths[mid].stat().st_size / 2**20:.0f} MB), "
            f"counting the KPIs {t['count']:.2f} s, their text {t['kpis_text']:.2f} s; "
            f"`check_dataset` {t['check']:.2f} s ({t['check_mb']:.0f} MB), lump sums "
            f"{t['lump_sums']:.2f} s, the JSON document {t['json']:.2f} s "
            f"({t['json_mb']:.0f} MB). {t['findings']:,} findings hold "
            f"{t['distinct_messages']:,} distinct message texts."
        )
        log(notes[-1])

        # check, per output format.
        formats = ("text", "json", "csv")
        check_runs = rounds(
            {f: cli("check", "--format", f, str(paths[mid])) for f in formats}, repeats
        )
        for f in formats:
            memory[f"check --format {f}", mid] = max(check_runs[f], key=lambda r: r.rss_mb)
        wall = {f: median(check_runs[f]) for f in formats}
        cpu = {f: median(check_runs[f], "cpu") for f in formats}
        rate = {f: mid / wall[f] for f in formats}
        worst = min(rate, key=rate.__getitem__)
        result.append(
            Figure(
                f"`clusterxchange check` end to end on {mid:,} rows (wall, slowest format)",
                f"rows per second; `csv.DictReader` reads {dict_rate:,.0f} rows/s",
                ">= 40,000 rows/s",
                rate[worst],
                rate[worst] >= 40_000,
                "; ".join(
                    f"`--format {f}` {wall[f]:.2f} s wall ({rate[f]:,.0f} rows/s), CPU "
                    f"{cpu[f]:.2f} s ({mid / cpu[f]:,.0f} rows/s)"
                    for f in formats
                )
                + f" (median of {repeats})",
                f"{rate[worst]:,.0f} rows/s",
            )
        )
        log(f"check: {result[-1].detail}")

        # The coordinator's other commands on the same table: one run each, in the table of
        # peak memory (no anchor: no other tool gives their output).
        for name, argv in (
            ("budget", cli("budget", str(paths[mid]))),
            ("report --format markdown", cli("report", "--format", "markdown", str(paths[mid]))),
        ):
            memory[name, mid] = run(argv)
            log(f"{name}: {memory[name, mid].wall:.2f} s wall")

        # Peak memory of check --format json against the input's size.
        big = run(cli("check", "--format", "json", str(paths[memory_rows])))
        memory["check --format json", memory_rows] = big
        size_mb = paths[memory_rows].stat().st_size / 2**20
        value = big.rss_mb / size_mb
        # The floor: the least a check's result holds, built by hand (see floor()).
        floor_run = run([PYTHON, str(HERE / "commands.py"), "floor", str(paths[memory_rows])])
        floor_x = floor_run.rss_mb / size_mb
        result.append(
            Figure(
                f"peak memory of `check --format json` on {memory_rows:,} rows",
                f"the input file's size ({size_mb:.0f} MB)",
                "<= 4x",
                value,
                value <= 4,
                f"peak resident {big.rss_mb:.0f} MB for a {size_mb:.1f} MB file; {big.wall:.1f} s "
                f"wall, {big.cpu:.1f} s CPU; the floor of an object per row (`commands.py "
                f"floor`: `csv.DictReader`, then per row an exchange, its visitor and a verdict "
                f"with one finding, built unchecked and held, no rule run): "
                f"{floor_run.rss_mb:.0f} MB ({floor_x:.2f}x), "
                f"{memory_rows / floor_run.cpu:,.0f} rows/s of CPU",
                f"{value:.2f}x ({big.rss_mb:.0f} MB)",
            )
        )
        log(f"memory: {result[-1].detail}")

        # Scaling of check --format json (CPU of the process: the least noisy measure).
        scale: dict[int, list[Run]] = {mid: check_runs["json"]}
        for s in [*sizes, *([large] if large else [])]:
            if s != mid:
                argv = cli("check", "--format", "json", str(paths[s]))
                scale[s] = [run(argv) for _ in range(1 if s == large else repeats)]
        for s, runs in scale.items():
            memory["check --format json", s] = max(runs, key=lambda r: r.rss_mb)
        steps = sorted(scale)
        for low, high in itertools.pairwise(steps):
            a, b = median(scale[low], "cpu"), median(scale[high], "cpu")
            result.append(
                Figure(
                    f"scaling of `check --format json`, {low:,} to {high:,} rows (CPU)",
                    f"CPU for {low:,} rows",
                    f"<= {high / low * 1.05:g}x",
                    b / a,
                    b / a <= high / low * 1.05,
                    f"CPU {a:.2f} s vs {b:.2f} s; wall {median(scale[low]):.2f} s vs "
                    f"{median(scale[high]):.2f} s (median of {len(scale[low])} and "
                    f"{len(scale[high])})",
                )
            )
            log(f"scaling: {result[-1].detail}")
        lines = ["| command | rows | peak resident memory | wall | CPU |", "|---|---|---|---|---|"]
        for (command, rows), r in sorted(memory.items(), key=lambda item: (item[0][0], item[0][1])):
            lines.append(
                f"| `{command}` | {rows:,} | {r.rss_mb:.0f} MB | {r.wall:.1f} s | {r.cpu:.1f} s |"
            )
    return result, lines, notes


# -- where the time goes: the steps of kpis and check, in a process of their own -----------------


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def steps(path: str) -> dict[str, float]:
    """Return the CPU seconds of each step of ``kpis`` and ``check --format json`` on *path*.

    Also the resident memory after each step (``*_mb``). The steps are the commands' own
    calls, timed one by one, with the collector paused as the commands pause it.
    """
    import gc

    found: dict[str, float] = {}

    def step(name: str, work: Callable[[], Any]) -> Any:
        start = time.process_time()
        result = work()
        found[name] = time.process_time() - start
        found[f"{name}_mb"] = _rss_mb()
        return result

    step("import", lambda: __import__("clusterxchange.cli._check"))
    from clusterxchange.cli import _check
    from clusterxchange.eligibility import check_dataset
    from clusterxchange.io import read_exchanges
    from clusterxchange.kpi import kpis

    enabled = gc.isenabled()
    gc.disable()
    try:
        table = step("read", lambda: read_exchanges(path))
        report = step("count", lambda: kpis(table.exchanges))
        step("kpis_text", lambda: report.to_text("en", rows=table.rows))
        result = step("check", lambda: check_dataset(table.exchanges))
        sums = step("lump_sums", lambda: _check._amounts(result.verdicts))
        with open(os.devnull, "w") as out:
            write = _check._write_json
            step("json", lambda: write(out, result, sums, rows=table.rows, errors=table.errors,
                                       generation=None))  # fmt: skip
        findings = [f for v in result.verdicts for f in v.findings]
        found["findings"] = len(findings)
        found["distinct_messages"] = len({id(f.message) for f in findings})
    finally:
        if enabled:
            gc.enable()
    return found


# -- the floor of an object per row: what any check holding its results costs at least ------------


def floor(path: str) -> dict[str, float]:
    """Return the CPU seconds and rows of the least a check of *path* can hold, done by hand.

    Each row is read by ``csv.DictReader`` and becomes what a check's result holds in this
    object model at the least: an :class:`~clusterxchange.model.Exchange` of its host (a few
    hundred, shared) and its visitor (an :class:`~clusterxchange.model.Organisation` per
    distinct visitor), its days, and a :class:`~clusterxchange.eligibility.Verdict` with one
    finding naming the visitor (as the rules' messages do). Everything is built without any
    checking (the trusted constructors), labels and dates looked up once per distinct text;
    no rule runs and nothing is written. The objects are held until the end, as the command
    holds them, so the process's peak memory is the floor of the command's.
    """
    import gc

    from clusterxchange.eligibility import Verdict
    from clusterxchange.model import Exchange, Organisation
    from clusterxchange.model._build import trusted_constructor
    from clusterxchange.model.findings import Finding, Severity

    new_exchange, new_organisation = (
        trusted_constructor(Exchange),
        trusted_constructor(Organisation),
    )
    new_verdict, new_finding = trusted_constructor(Verdict), trusted_constructor(Finding)
    gc.disable()
    start = time.process_time()
    organisations: dict[tuple[str, str], Organisation] = {}
    days: dict[str, object] = {}
    held: list[Verdict] = []
    with open(path, newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            orgs = []
            for name, country in (
                (row["Host organisation"], row["Host country"]),
                (row["Visitor organisation"], row["Visitor country"]),
            ):
                org = organisations.get((name, country))
                if org is None:
                    org = organisations[name, country] = new_organisation(name=name, country=None)
                orgs.append(org)
            when = []
            for text in (row["Start date"], row["End date"]):
                day = days.get(text)
                if day is None:
                    day = days[text] = dt.datetime.strptime(text, "%d/%m/%Y").date()
                when.append(day)
            exchange = new_exchange(
                host=orgs[0], visitor=orgs[1], id=row["Exchange no."] or None, start=when[0],
                end=when[1],
            )  # fmt: skip
            finding = new_finding(
                rule="sme", severity=Severity.INFO,
                message=f"the visitor {orgs[1].name} is declared an SME and no figures are "
                "recorded: taken at its word",
            )  # fmt: skip
            held.append(new_verdict(exchange=exchange, generation="cxc2", findings=(finding,)))
    cpu = time.process_time() - start
    gc.enable()
    return {"cpu": cpu, "rows": len(held)}


if __name__ == "__main__" and sys.argv[1:2] == ["steps"]:
    json.dump(steps(sys.argv[2]), sys.stdout)
if __name__ == "__main__" and sys.argv[1:2] == ["floor"]:
    json.dump(floor(sys.argv[2]), sys.stdout)
