"""``clusterxchange migrate``: another tool's export into the exchange table, losing no row.

The export (a CSV file) is read with a column mapping (``--mapping M.toml``: their headers and
values to ours, see :mod:`clusterxchange.io.migration`). Every record read is imported, with each
change made on the way (a value mapped, a date or label read as its canonical value, a local ID
assigned), or refused, with each problem (row, column, reason): imported + refused = read.
``--output OUT`` writes the imported exchanges as an exchange table (``.csv``, or ``.xlsx``
with the excel extra) that ``check`` and ``kpis`` read; without it nothing is written and the
report says what would be.

Exit codes: 0 every record imported; 1 some records refused (each listed); 2 the export or the
mapping cannot be used, or the command is misused.
"""

from __future__ import annotations

import argparse
import json
from types import MappingProxyType
from typing import IO, TYPE_CHECKING

from clusterxchange.cli._common import (
    EXIT_INELIGIBLE,
    EXIT_OK,
    add_format,
    fail,
    problem_json,
    text_table,
    warn,
)

if TYPE_CHECKING:
    from clusterxchange.io.migration import MigrationReport

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "migrate"
HELP = (
    "read another tool's CSV export with a column mapping into the exchange table, with the "
    "report of every row: imported, changed on the way, or refused"
)
EPILOG = """\
exit codes:
  0  every record of the export is imported
  1  some records are refused (each is listed with its row, column and reason)
  2  the export or the mapping cannot be used, or the command is misused

example:
  clusterxchange migrate old-tool-export.csv --mapping mapping.toml --output exchanges.csv
"""

# The words of the text output.
_HEADER = ("Row", "Outcome", "ID", "Column", "What happened")
_NOTHING_WRITTEN = "Nothing written: give --output OUT.csv (or .xlsx) to write the table."
_FORMATS = MappingProxyType({".csv": "csv", ".xlsx": "xlsx"})


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    parser.add_argument("export", metavar="EXPORT", help="the other tool's export (CSV)")
    parser.add_argument(
        "--mapping",
        metavar="M.toml",
        required=True,
        help="their headers and values mapped to the exchange table's ([columns], [values.*], "
        "date_format, delimiter, encoding)",
    )
    parser.add_argument(
        "--output",
        metavar="OUT",
        default=None,
        help="write the imported exchanges to OUT (.csv, or .xlsx with the excel extra)",
    )
    add_format(parser, ("text", "json", "csv"))


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Migrate ``args.export`` with ``args.mapping`` and print the report."""
    from pathlib import Path

    from clusterxchange.io import write_exchanges
    from clusterxchange.io.migration import migrate

    written_as = None
    if args.output is not None:
        written_as = _FORMATS.get(Path(args.output).suffix.casefold())
        if written_as is None:
            return fail(f"--output {args.output!r}: expected a .csv or .xlsx file name")
    report = migrate(args.export, args.mapping)
    for warning in report.warnings:
        warn(warning)
    if args.output is not None:
        write_exchanges(
            args.output, report.exchanges(), format="xlsx" if written_as == "xlsx" else "csv"
        )
    if args.format == "json":
        payload = {
            "source": report.source,
            "output": args.output,
            "records_read": report.records_read,
            "imported": [
                {"row": r.row, "id": r.exchange.id, "changes": list(r.changes)}
                for r in report.imported
            ],
            "refused": [
                {"row": r.row, "problems": [problem_json(p) for p in r.problems]}
                for r in report.refused
            ],
            "warnings": [problem_json(p) for p in report.warnings],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        report.write(out)
    else:
        out.write(_text(report, args.output))
    return EXIT_INELIGIBLE if report.refused else EXIT_OK


def _text(report: MigrationReport, output: str | None) -> str:
    changed = len(report.changed)
    summary = (
        f"{report.source}: {report.records_read} records read, {len(report.imported)} imported "
        f"({changed} changed on the way), {len(report.refused)} refused.\n"
    )
    written = (
        _NOTHING_WRITTEN
        if output is None
        else f"Written to {output}: {len(report.imported)} exchanges."
    )
    rows = [_HEADER] + [
        tuple("-" if cell is None or cell == "" else str(cell) for cell in row)
        for row in report.rows()
    ]
    return summary + written + "\n\n" + text_table(rows)
