"""What every command shares: options, the one-line error convention, exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterxchange.model.errors import ClusterXchangeError, InvalidRecordError, Problem
from clusterxchange.model.formatting import DEFAULT_LOCALE

if TYPE_CHECKING:
    from clusterxchange.io import ExchangeTable
    from clusterxchange.io._rows import ExchangeSink, Reading
    from clusterxchange.kpi import Targets
    from clusterxchange.model import Exchange, Generation

__all__ = [
    "EXIT_INELIGIBLE",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "add_columns",
    "add_directory",
    "add_file",
    "add_format",
    "add_generation",
    "add_locale",
    "add_targets",
    "check_partnerships",
    "fail",
    "markdown_table",
    "note",
    "parse_day",
    "problem_json",
    "read_table",
    "report_error",
    "report_unusable_rows",
    "resolve_generation",
    "text_table",
    "unknown_partnership",
    "warn",
]

EXIT_OK = 0
EXIT_INELIGIBLE = 1
EXIT_USAGE = 2


def _say(kind: str, message: object) -> None:
    """Write *message* as one line on stderr, after ``clusterxchange: {kind}:``."""
    line = " ".join(str(message).split())
    # A lone surrogate (from a file name or an argument) cannot be written to a strict stream.
    line = line.encode("utf-8", "backslashreplace").decode("utf-8")
    sys.stderr.write(f"clusterxchange: {kind}: {line}\n")


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Print *message* as one line on stderr and return *code*."""
    _say("error", message)
    return code


class UsageError(ClusterXchangeError, ValueError):
    """An option's value cannot be used: one line on stderr, exit 2 (see :func:`report_error`)."""


def note(message: object) -> None:
    """Print what a command did, as one line on stderr (when stdout holds its output)."""
    _say("note", message)


def warn(message: object) -> None:
    """Print a warning (a reader's :class:`~clusterxchange.model.errors.Problem`) as one line."""
    _say("warning", message)


def report_error(error: ClusterXchangeError) -> int:
    """Print a library error as one line on stderr (its first problem, with its location)."""
    if isinstance(error, InvalidRecordError) and error.problems:
        first = str(error.problems[0])
        more = len(error.problems) - 1
        return fail(first + (f" (and {more} more problems)" if more else ""))
    return fail(str(error))


def add_file(parser: argparse.ArgumentParser) -> None:
    """Add the positional ``FILE``: the exchange table."""
    parser.add_argument(
        "file", metavar="FILE", help="the exchange table (.csv, .tsv, .json or .xlsx)"
    )


def parse_day(option: str, text: str) -> dt.date:
    """Return the day an option names, written as a table's dates are (ISO or day first).

    Raises:
        UsageError: *text* is not a date.

    >>> parse_day("--on", "06/03/2023"), parse_day("--on", "2023-03-06")
    (datetime.date(2023, 3, 6), datetime.date(2023, 3, 6))
    """
    from clusterxchange.io._dates import read_date
    from clusterxchange.io._outcome import CellError, Noted

    try:
        day = read_date(text)
    except CellError as error:
        raise UsageError(f"{option} {text!r}: {error}") from None
    return day.value if isinstance(day, Noted) else day


def add_targets(parser: argparse.ArgumentParser, *, required: bool, partnership: str) -> None:
    """Add ``--targets TARGETS.toml`` and ``--partnership NAME`` (its help: *partnership*)."""
    parser.add_argument(
        "--targets",
        metavar="TARGETS.toml",
        required=required,
        default=None,
        help="the grant's targets (exchanges, outside_partnership, [visitor_kind])",
    )
    parser.add_argument("--partnership", metavar="NAME", default=None, help=partnership)


def check_partnerships(
    args: argparse.Namespace, targets: Targets | None, exchanges: Sequence[Exchange]
) -> None:
    """Check that ``--partnership`` and the targets' partnership are partnerships of the table.

    Raises:
        UsageError: One of them names no visitor partnership of *exchanges*; the message lists
            the known ones.
    """
    for name, where in (
        (args.partnership, "--partnership"),
        (None if targets is None else targets.partnership, f"the partnership of {args.targets}"),
    ):
        unknown = None if name is None else unknown_partnership(name, exchanges, where)
        if unknown is not None:
            raise UsageError(unknown)


def unknown_partnership(name: str, exchanges: Iterable[Exchange], where: str) -> str | None:
    """Return why *name* is no visitor partnership of *exchanges*, listing the known ones.

    ``None`` when some exchange's ``visitor_partnership`` is *name* (case and spaces ignored).

    >>> print(unknown_partnership("nope", [], "--partnership"))  # doctest: +ELLIPSIS
    --partnership 'nope': no exchange of the table has this visitor partnership; the table ...
    """
    from clusterxchange.kpi._count import partnership_key

    known = sorted({e.visitor_partnership for e in exchanges if e.visitor_partnership})
    wanted = partnership_key(name)
    if any(partnership_key(k) == wanted for k in known):
        return None
    listed = (
        "known: " + ", ".join(known)
        if known
        else "the table names none (no visitor_partnership column or value)"
    )
    return f"{where} {name!r}: no exchange of the table has this visitor partnership; {listed}"


def text_table(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> str:
    """Return *rows* (the first is the header) as aligned plain-text columns.

    Columns whose index is in *right* are right-aligned (amounts, counts).

    >>> print(text_table([("KPI", "Target"), ("Exchanges", "50")], right=[1]), end="")
    KPI        Target
    Exchanges      50
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = (
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        lines.append("  ".join(cells).rstrip() + "\n")
    return "".join(lines)


def markdown_table(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> str:
    """Return *rows* (the first is the header) as a Markdown table; ``|`` in a cell escaped.

    >>> print(markdown_table([("KPI", "Target"), ("Exchanges", "50")], right=[1]), end="")
    | KPI | Target |
    |:--|--:|
    | Exchanges | 50 |
    """

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n"

    rule = "|" + "|".join("--:" if i in right else ":--" for i in range(len(rows[0]))) + "|\n"
    return line(rows[0]) + rule + "".join(line(row) for row in rows[1:])


def add_columns(parser: argparse.ArgumentParser) -> None:
    """Add ``--columns FILE.toml``: the table's other headers mapped to its columns."""
    parser.add_argument(
        "--columns",
        metavar="FILE.toml",
        default=None,
        help="map the table's other headers to its columns: a [columns] table of "
        '"Their header" = "column" lines (the format of a migration mapping)',
    )


def read_table(
    args: argparse.Namespace,
    *,
    sink: ExchangeSink | None = None,
    reading: Reading | None = None,
) -> ExchangeTable:
    """Return the table of ``args.file`` (``--columns``, ``--directory`` applied), warnings printed.

    The reader's warnings (unknown columns, rows skipped, labels read as ids) go to stderr,
    one line each, also when the file cannot be used: they often say why. The error itself
    is raised, for :func:`report_error` to print last.

    *sink* and *reading*, for a CSV file without ``--directory`` only: the exchanges go to
    *sink* as they are read, not into the table (see :func:`~clusterxchange.io._rows.read_rows`).
    With *reading* (a second read) the warnings, printed by the first, are not printed again.

    Raises:
        InvalidFileError: The file cannot be used at all.
    """
    from clusterxchange.io import read_exchanges
    from clusterxchange.io._csv import read_csv_table
    from clusterxchange.model.errors import InvalidFileError

    try:
        if sink is None:
            table = read_exchanges(
                args.file, columns=args.columns, directory=getattr(args, "directory", None)
            )
        else:
            table = read_csv_table(args.file, columns=args.columns, sink=sink, reading=reading)
    except InvalidFileError as error:
        for warning in error.warnings if reading is None else ():
            warn(warning)
        raise
    for warning in table.warnings if reading is None else ():
        warn(warning)
    return table


def report_unusable_rows(table: ExchangeTable, loaded: int | None = None) -> int | None:
    """Print every unusable row's problems on stderr; return ``EXIT_USAGE`` if no row loaded.

    A table where some rows are unusable is still read, checked and counted: each problem is
    one line, and the caller goes on (``None``). When every row read is unusable, nothing
    could be read: the problems are summed up in one line and the exit code is 2. *loaded*:
    the exchanges read, for a table read into a sink (default: the table's own).
    """
    if not table.errors:
        return None
    if not (len(table.exchanges) if loaded is None else loaded):
        return report_error(InvalidRecordError(table.errors))
    rows = table.error_rows()
    for problem in table.errors:
        _say("error", problem)
    shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
    rest = table.rows_read - len(rows)
    _say(
        "warning",
        f"{len(rows)} of {table.rows_read} rows left out as unusable (rows {shown}); the other "
        f"{rest} {'is' if rest == 1 else 'are'} read",
    )
    return None


def problem_json(problem: Problem) -> dict[str, Any]:
    """Return a reader's problem as the JSON outputs write it (``row``, ``column``, ...)."""
    return {
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
        "file": problem.file,
        "path": problem.path,
    }


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    """Add ``--format`` with *choices*; the first is the default."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default {choices[0]})",
    )


def add_locale(parser: argparse.ArgumentParser) -> None:
    """Add ``--locale`` (default ``en``): the language, money, dates and numbers of text output."""
    parser.add_argument(
        "--locale",
        default=DEFAULT_LOCALE,
        help="language and locale of text and Markdown output: headings and labels (da, de, fr, "
        "nl, es, it, pt, hu, tr; others English), names, money, dates, numbers (default en)",
    )


def add_generation(parser: argparse.ArgumentParser, help_text: str) -> None:
    """Add ``--generation ID`` (a shipped id, or a path to a custom .toml/.json file)."""
    parser.add_argument("--generation", metavar="ID", default=None, help=help_text)


def resolve_generation(value: str) -> Generation:
    """Return the generation ``--generation`` names: a shipped id, or a custom .toml/.json file.

    Raises:
        UnknownGenerationError: *value* is neither a file nor a shipped id.
        InvalidFileError: The custom generation file cannot be read.
        InvalidGenerationError: The custom generation file is malformed.
    """
    from clusterxchange.generations import get_generation, load_generation

    path = Path(value)
    if path.suffix.lower() in {".toml", ".json"} or _is_file(path):
        return load_generation(path)
    return get_generation(value)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the system, a NUL in it
        return False


def add_directory(parser: argparse.ArgumentParser) -> None:
    """Add ``--directory FILE.toml``: a partnership file that fills the organisations' blanks."""
    parser.add_argument(
        "--directory",
        metavar="FILE.toml",
        default=None,
        help="a partnership file (clusters and members) that fills the country, kind, PIC, "
        "clusters and location of organisations the table names without them",
    )
