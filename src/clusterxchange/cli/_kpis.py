"""``clusterxchange kpis``: KPI counts of an exchange table and progress against targets.

Every count is of completed exchanges, each counted once and only for its visitor's
partnership; pending ones (waiting for their final report) are shown beside them. Rows with a
cell the reader cannot use are left out of the counts and listed on stderr (one line per
problem) and in the JSON's ``"errors"``; the exit code stays 0. Only a file that cannot be
read at all, or whose every row is unusable, is exit 2, with one line on stderr naming the
file, row and column of the first problem. The reader's warnings (unknown columns, rows
skipped, labels read as ids) go to stderr first, one line each, also when the file fails.
"""

from __future__ import annotations

import argparse
import json
from typing import IO

from clusterxchange.cli._common import (
    EXIT_OK,
    add_columns,
    add_directory,
    add_file,
    add_format,
    add_locale,
    add_targets,
    check_partnerships,
    problem_json,
    read_table,
    report_unusable_rows,
)
from clusterxchange.model._collector import paused_collection

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "kpis"
HELP = "KPI counts of an exchange table and progress against the grant's targets"

EPILOG = """\
exit codes:
  0  the KPIs are printed (rows left out as unusable are listed on stderr)
  2  nothing could be read, an unknown partnership, or the command is misused

example:
  clusterxchange kpis exchanges.csv --targets targets.toml --format markdown
"""


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_file(parser)
    add_targets(
        parser,
        required=False,
        partnership="count only the exchanges of this visitor partnership (default: the targets' "
        "partnership, else every exchange)",
    )
    add_directory(parser)
    add_format(parser, ("text", "json", "markdown", "csv"))
    add_locale(parser)
    add_columns(parser)


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the KPIs of the table in ``args.file``."""
    from clusterxchange.kpi import kpis, load_targets
    from clusterxchange.model.formatting import parse_locale

    parse_locale(args.locale)
    targets = None if args.targets is None else load_targets(args.targets)
    with paused_collection():  # what is read and counted forms no cycles: model/_collector.py
        table = read_table(args)
        failed = report_unusable_rows(table)
        if failed is not None:
            return failed
        check_partnerships(args, targets, table.exchanges)
        report = kpis(table.exchanges, partnership=args.partnership, targets=targets)
    if args.format == "json":
        payload = report.as_dict(rows=table.rows)
        payload["errors"] = [problem_json(p) for p in table.errors]
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "markdown":
        out.write(report.to_markdown(args.locale))
    elif args.format == "csv":
        report.to_csv(out)
    else:
        out.write(report.to_text(args.locale, rows=table.rows))
    return EXIT_OK
