"""``clusterxchange report``: the coordinator's report on an exchange table, to hand in.

One document with the summary, the targets and progress (with a chart in HTML), the plan (the
fewest further exchanges that meet every target, and their budget), the money (lump sums
committed, payable and paid, by host country; payments overdue) and the findings (errors and
warnings by row). ``--format html`` (the default) writes one self-contained page: inline style
sheet and SVG chart, no script, nothing fetched from the network; ``markdown`` and ``text``
write the same report as text. The HTML needs ``--output`` (``-`` for stdout); the others go
to stdout unless ``--output`` is given.

FILE is read as ``check`` and ``kpis`` read it (``--columns``, ``--directory``; rows with a
cell the reader cannot use are listed on stderr, one line each, and left out). Money, targets
and the plan count the *eligible* exchanges; the report also says what ``kpis`` counts before
the check.

Exit codes, as ``check``: 0 when the report is written and every exchange is eligible and every
row read; 1 when it is written but some exchange is not eligible (or undecided) or some rows
are unusable; 2 when nothing could be read, the command is misused or the output cannot be
written: one line on stderr, and no report.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import IO

from clusterxchange.cli._common import (
    EXIT_INELIGIBLE,
    EXIT_OK,
    add_columns,
    add_directory,
    add_format,
    add_generation,
    add_locale,
    check_partnerships,
    fail,
    parse_day,
    read_table,
    report_unusable_rows,
    resolve_generation,
)
from clusterxchange.model.translations import translation

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "report"
HELP = (
    "the coordinator's report to hand in: summary, targets with a chart, plan, money and "
    "findings, as one self-contained HTML page or as Markdown"
)

EPILOG = """\
exit codes:
  0  the report is written; every exchange is eligible and every row read
  1  the report is written; some exchange is not eligible (or not decided), or some rows are
     unusable (each listed on stderr)
  2  nothing could be read, an option is wrong, or the output cannot be written: no report

example:
  clusterxchange report exchanges.csv --targets targets.toml --output report.html
"""


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    parser.add_argument(
        "file", metavar="FILE", help="the exchange table (.csv, .tsv, .json or .xlsx)"
    )
    parser.add_argument(
        "--targets",
        metavar="TARGETS.toml",
        default=None,
        help="the grant's targets: progress, chart and plan (without them: counts only)",
    )
    parser.add_argument(
        "--partnership",
        metavar="NAME",
        default=None,
        help="the partnership reporting: only its visitors' exchanges are budgeted and counted "
        "(default: the targets' partnership, else every exchange)",
    )
    parser.add_argument(
        "--host-countries",
        metavar="CC,...",
        default=None,
        help="host countries expected for the further exchanges, to price the plan (default: "
        "those of the exchanges so far, in the same proportions)",
    )
    parser.add_argument(
        "--on",
        metavar="DATE",
        default=None,
        help="the day of the report: payments due before it are listed as overdue (default: today)",
    )
    add_generation(
        parser,
        "generation id, or a custom generation file (.toml/.json), to check and price every "
        "row and the plan by; default: each row's own, and the latest one's for the plan",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        default=None,
        help="where to write the report (needed for html; - for stdout)",
    )
    add_directory(parser)
    add_format(parser, ("html", "markdown", "text"))
    add_locale(parser)
    add_columns(parser)


def _countries(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _write(path: str, text: str) -> str | None:
    """Write *text* to *path*; return why it cannot be, or ``None``."""
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as error:
        return f"{path}: cannot write the report: {error.strerror or error}"
    except ValueError:  # a NUL or a lone surrogate in the name
        return f"{path!r}: cannot write the report: not a usable file name"
    return None


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Write the coordinator's report on the table in ``args.file``."""
    from clusterxchange.kpi import load_targets
    from clusterxchange.model.formatting import parse_locale
    from clusterxchange.reports.coordinator import coordinator_report

    parse_locale(args.locale)
    if args.format == "html" and args.output is None:
        return fail(
            "report: the HTML report needs --output FILE.html (or --output - for stdout, "
            "or --format markdown)"
        )
    # The coordinator's own day, as the calendar on their wall shows it.
    on = dt.date.today() if args.on is None else parse_day("--on", args.on)  # noqa: DTZ011
    countries = _countries(args.host_countries)
    if countries is not None and not countries:
        return fail("--host-countries: expected country codes separated by commas, got none")
    generation = None if args.generation is None else resolve_generation(args.generation)
    targets = None if args.targets is None else load_targets(args.targets)
    table = read_table(args)
    failed = report_unusable_rows(table)
    if failed is not None:
        return failed
    check_partnerships(args, targets, table.exchanges)
    file_title = translation(args.locale).gettext("Exchanges in {file}")
    report = coordinator_report(
        table,
        partnership=args.partnership,
        targets=targets,
        generation=generation,
        host_countries=countries,
        on=on,
        title=None
        if args.partnership or (targets is not None and targets.partnership)
        else file_title.format(file=Path(args.file).name),
    )
    if args.format == "html":
        text = report.to_html(args.locale)
    elif args.format == "markdown":
        text = report.to_markdown(args.locale)
    else:
        text = report.to_text(args.locale)
    if args.output is None or args.output == "-":
        out.write(text)
    else:
        problem = _write(args.output, text)
        if problem is not None:
            return fail(problem)
        written = translation(args.locale).gettext("Report written to {path}")
        out.write(written.format(path=args.output) + "\n")
    complete = report.verdict.eligible and not table.errors
    return EXIT_OK if complete else EXIT_INELIGIBLE
