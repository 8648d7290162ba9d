"""What every command shares: options, the one-line error convention, exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from clusterxchange.errors import ClusterXchangeError, InvalidRecordError
from clusterxchange.formatting import DEFAULT_LOCALE

if TYPE_CHECKING:
    from clusterxchange.model import Generation

__all__ = [
    "EXIT_INELIGIBLE",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_directory",
    "add_format",
    "add_generation",
    "add_locale",
    "fail",
    "report_error",
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
    """Print a warning (a reader's :class:`~clusterxchange.errors.Problem`) as one line."""
    _say("warning", message)


def report_error(error: ClusterXchangeError) -> int:
    """Print a library error as one line on stderr (its first problem, with its location)."""
    if isinstance(error, InvalidRecordError) and error.problems:
        first = str(error.problems[0])
        more = len(error.problems) - 1
        return fail(first + (f" (and {more} more problems)" if more else ""))
    return fail(str(error))


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    """Add ``--format`` with *choices*; the first is the default."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default {choices[0]})",
    )


def add_locale(parser: argparse.ArgumentParser) -> None:
    """Add ``--locale`` (default ``en``) for names, money, dates and numbers in text output."""
    parser.add_argument(
        "--locale",
        default=DEFAULT_LOCALE,
        help="locale of names, money, dates and numbers in text output (default en)",
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
