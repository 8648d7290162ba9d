"""The ``clusterxchange`` command line (also ``python -m clusterxchange``).

Each command lives in its own module (``_<command>.py``) exposing ``NAME``, ``HELP``,
``EPILOG`` (its exit codes and one example, shown under its ``--help``), ``register(parser)``
and ``run(args, out) -> int``; :data:`COMMANDS` lists them in the order ``--help`` shows them,
the order of a coordinator's work: adding a command is one line there. Heavy imports happen
inside ``run``.

Exit codes: 0 success, 1 a check found ineligible exchanges or unusable rows, 2 nothing could
be read or the command is misused (one line on stderr, after the reader's warnings, naming the
file, row and column; never a traceback).

Layer: the highest; it may import every package.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import IO, NoReturn, Protocol, cast

from clusterxchange._version_info import __version__
from clusterxchange.cli._common import EXIT_USAGE, fail, report_error
from clusterxchange.model.errors import ClusterXchangeError

__all__ = ["COMMANDS", "main"]

#: The modules of the commands, in the order ``--help`` lists them: a coordinator's order
#: (check the sheet, count, plan, budget, report, then the tools).
COMMANDS: tuple[str, ...] = (
    "clusterxchange.cli._check",
    "clusterxchange.cli._kpis",
    "clusterxchange.cli._plan",
    "clusterxchange.cli._budget",
    "clusterxchange.cli._report",
    "clusterxchange.cli._ids",
    "clusterxchange.cli._migrate",
    "clusterxchange.cli._match",
    "clusterxchange.cli._lump_sum",
    "clusterxchange.cli._generations",
    "clusterxchange.cli._demo",
)

_EPILOG = """\
exit codes:
  0  done (check: every exchange eligible)
  1  done, with findings to act on (check: some exchange not eligible or some rows unusable;
     each command's --help says which)
  2  nothing could be read, or the command is misused: one line on stderr, never a traceback

example:
  clusterxchange check exchanges.csv

Run "clusterxchange COMMAND --help" for a command's options, exit codes and an example.
"""


class _Command(Protocol):
    NAME: str
    HELP: str
    EPILOG: str

    def register(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, out: IO[str]) -> int: ...


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def _build_parser() -> tuple[argparse.ArgumentParser, dict[str, _Command]]:
    parser = _Parser(
        prog="clusterxchange",
        description="Check ClusterXchange exchanges, compute lump sums and KPIs.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"clusterxchange {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands: dict[str, _Command] = {}
    for module_name in COMMANDS:
        command = cast("_Command", importlib.import_module(module_name))
        sub = subparsers.add_parser(
            command.NAME,
            help=command.HELP,
            description=command.HELP,
            epilog=getattr(command, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.register(sub)
        commands[command.NAME] = command
    return parser, commands


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Run the command line with *argv* (default ``sys.argv[1:]``) and return the exit code.

    >>> main(["generations"], out=sys.stdout)  # doctest: +ELLIPSIS
    cxc1 ...
    0
    """
    stream = sys.stdout if out is None else out
    parser, commands = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(stream)
        return EXIT_USAGE
    try:
        return commands[args.command].run(args, stream)
    except ClusterXchangeError as error:
        return report_error(error)
    except KeyboardInterrupt:
        return fail("interrupted", code=130)
    except BrokenPipeError:
        return 0
    except RecursionError:
        return fail("the input is nested too deeply to read")
    except MemoryError:
        return fail("the input is too large to read in memory")
