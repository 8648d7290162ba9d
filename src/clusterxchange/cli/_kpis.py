"""``clusterxchange kpis``: KPI counts of an exchange table and progress against targets.

Every count is of completed exchanges, each counted once and only for its visitor's
partnership; pending ones (waiting for their final report) are shown beside them. A table
with any bad cell is unusable input: one line on stderr naming the file, row and column of the
first problem, and exit code 2. The reader's warnings (unknown columns, labels read as ids)
go to stderr, one line each, and do not change the exit code.
"""

from __future__ import annotations

import argparse
import json
from typing import IO

from clusterxchange.cli._common import (
    EXIT_OK,
    add_directory,
    add_format,
    add_locale,
    report_error,
    warn,
)

__all__ = ["HELP", "NAME", "register", "run"]

NAME = "kpis"
HELP = "KPI counts of an exchange table and progress against the grant's targets"


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    parser.add_argument(
        "file", metavar="FILE", help="the exchange table (.csv, .tsv, .json or .xlsx)"
    )
    parser.add_argument(
        "--targets",
        metavar="TARGETS.toml",
        default=None,
        help="the grant's targets (exchanges, outside_partnership, [visitor_kind])",
    )
    parser.add_argument(
        "--partnership",
        metavar="NAME",
        default=None,
        help="count only the exchanges of this visitor partnership (default: the targets' "
        "partnership, else every exchange)",
    )
    add_directory(parser)
    add_format(parser, ("text", "json", "markdown", "csv"))
    add_locale(parser)


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the KPIs of the table in ``args.file``."""
    from clusterxchange.errors import InvalidRecordError
    from clusterxchange.formatting import parse_locale
    from clusterxchange.io import read_exchanges
    from clusterxchange.kpi import kpis, load_targets

    parse_locale(args.locale)
    targets = None if args.targets is None else load_targets(args.targets)
    table = read_exchanges(args.file, directory=args.directory)
    if table.errors:
        return report_error(InvalidRecordError(table.errors))
    report = kpis(table.exchanges, partnership=args.partnership, targets=targets)
    # After the last step that can fail: exit 2 is one line on stderr, never warnings first.
    for warning in table.warnings:
        warn(warning)
    if args.format == "json":
        payload = report.as_dict(rows=table.rows)
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        out.write(report.to_markdown(args.locale))
    elif args.format == "csv":
        report.to_csv(out)
    else:
        out.write(report.to_text(args.locale, rows=table.rows))
    return EXIT_OK
