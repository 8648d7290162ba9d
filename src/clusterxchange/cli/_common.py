"""What every command shares: options, the one-line error convention, exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clusterxchange.model.errors import ClusterXchangeError, InvalidRecordError, Problem
from clusterxchange.model.formatting import DEFAULT_LOCALE

if TYPE_CHECKING:
    from clusterxchange.io import ExchangeTable
    from clusterxchange.model import Generation

__all__ = [
    "EXIT_INELIGIBLE",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_columns",
    "add_directory",
    "add_format",
    "add_generation",
    "add_locale",
    "fail",
    "problem_json",
    "read_table",
    "report_error",
    "report_unusable_rows",
    "resolve_generation",
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


def add_columns(parser: argparse.ArgumentParser) -> None:
    """Add ``--columns FILE.toml``: the table's other headers mapped to its columns."""
    parser.add_argument(
        "--columns",
        metavar="FILE.toml",
        default=None,
        help="map the table's other headers to its columns: a [columns] table of "
        '"Their header" = "column" lines (the format of a migration mapping)',
    )


def read_table(args: argparse.Namespace) -> ExchangeTable:
    """Return the table of ``args.file`` (``--columns``, ``--directory`` applied), warnings printed.

    The reader's warnings (unknown columns, rows skipped, labels read as ids) go to stderr,
    one line each, also when the file cannot be used: they often say why. The error itself
    is raised, for :func:`report_error` to print last.

    Raises:
        InvalidFileError: The file cannot be used at all.
    """
    from clusterxchange.io import read_exchanges
    from clusterxchange.model.errors import InvalidFileError

    try:
        table = read_exchanges(
            args.file, columns=args.columns, directory=getattr(args, "directory", None)
        )
    except InvalidFileError as error:
        for warning in error.warnings:
            warn(warning)
        raise
    for warning in table.warnings:
        warn(warning)
    return table


def report_unusable_rows(table: ExchangeTable) -> int | None:
    """Print every unusable row's problems on stderr; return ``EXIT_USAGE`` if no row loaded.

    A table where some rows are unusable is still read, checked and counted: each problem is
    one line, and the caller goes on (``None``). When every row read is unusable, nothing
    could be read: the problems are summed up in one line and the exit code is 2.
    """
    if not table.errors:
        return None
    if not table.exchanges:
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
