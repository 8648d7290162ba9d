"""``clusterxchange ids``: give every exchange without an ID its local ID, in the sheet itself.

Exchanges set up outside the IT tool have no tool ID; their local ID
(:func:`clusterxchange.lifecycle.ids.local_id`) is derived from what identifies the exchange, so the
same row gets the same ID on any machine and in any run. The command writes the IDs into the
table's ID column and leaves everything else as the coordinator wrote it (see
:mod:`clusterxchange.cli._write_back`): the same columns in the same order, the same
delimiter, encoding and quotes, the title and totals rows; in a CSV file, a cell of an
exchange's row that a spreadsheet would run as a formula is written with a leading ``'``, with
a warning. A table without an ID column gets
one, ``id``, after its last column, and a note says so. A group row (``visitor_count``) has
one ID cell: it gets the ID of its first exchange, with a warning.

``--output OUT`` writes the table to OUT (it may be FILE itself), in FILE's format, and prints
what was assigned (``--format text|json|csv``). Without it, a CSV table is written to stdout
(as text, in the terminal's encoding) and what was assigned goes to stderr; an .xlsx workbook
needs ``--output``.

Exit codes: 0 every row read has its ID; 1 some rows are unusable (they get no ID; each is
listed on stderr) or some cell could not be written; 2 nothing could be read, or the command
is misused.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import IO

from clusterxchange.cli._common import (
    EXIT_INELIGIBLE,
    EXIT_OK,
    add_columns,
    add_directory,
    add_file,
    add_format,
    fail,
    note,
    problem_json,
    read_table,
    report_unusable_rows,
    warn,
)

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "ids"
HELP = (
    "give every exchange without an ID its deterministic local ID, written into the table "
    "in its own format"
)
EPILOG = """\
exit codes:
  0  every exchange read has an ID
  1  some rows are unusable (they get no ID, each is listed) or a cell could not be written
  2  nothing could be read, or the command is misused (one line on stderr)

example:
  clusterxchange ids exchanges.csv --output exchanges-with-ids.csv
"""

#: The column the IDs go in (and its name when the table has none).
ID_COLUMN = "id"

# The words of the summary.
_ADDED = "the table had no ID column: added one, {column!r}, after its last column"
_NEUTRALISED = (
    "row {row}, column {column!r}: a spreadsheet would run this cell as a formula: written "
    "with a leading ' so that it shows as text"
)
_NONE_NEEDED = "every exchange already has an ID: nothing to assign"
_GROUP = (
    "row {row} stands for {count} exchanges (visitor_count) and has one ID cell: it gets the "
    "first exchange's ID; give the others rows of their own to give them IDs"
)


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_file(parser)
    parser.add_argument(
        "--output",
        metavar="OUT",
        default=None,
        help="write the table with its IDs to OUT (may be FILE itself), in FILE's format; "
        "default: a CSV table to stdout",
    )
    add_directory(parser)
    add_format(parser, ("text", "json", "csv"))
    add_columns(parser)


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Fill the IDs of the table in ``args.file``."""
    from clusterxchange.cli._write_back import edit_csv, edit_json, edit_xlsx, table_format
    from clusterxchange.lifecycle.ids import with_local_ids

    kind = table_format(args.file)
    if args.output is None and kind == "xlsx":
        return fail(f"{args.file}: a workbook is not written to the terminal: give --output OUT")
    if args.output is None and args.format != "text":
        return fail(f"--format {args.format} needs --output: without it stdout holds the table")
    if args.output is not None and table_format_of_name(args.output) not in (None, kind):
        return fail(f"--output {args.output!r}: the table is written in its own format ({kind})")
    table = read_table(args)
    failed = report_unusable_rows(table)
    if failed is not None:
        return failed
    filled = with_local_ids(table.exchanges)
    assigned: dict[int, str] = {}
    seen: dict[int, int] = {}
    for row, before, after in zip(table.rows, table.exchanges, filled, strict=True):
        seen[row] = seen.get(row, 0) + 1
        if seen[row] == 1 and before.id is None and after.id is not None:
            assigned[row] = after.id
    for row, count in seen.items():
        if count > 1 and row in assigned:
            warn(_GROUP.format(row=row, count=count))
    if kind == "csv":
        guard = {*table.rows, *table.error_rows()}
        result = edit_csv(args.file, assigned, ID_COLUMN, args.columns, guard=guard)
    else:
        edit = edit_json if kind == "json" else edit_xlsx
        result = edit(args.file, assigned, ID_COLUMN, args.columns)
    for row, reason in result.skipped:
        warn(f"row {row}: {reason}")
    for row, header in result.neutralised:
        warn(_NEUTRALISED.format(row=row, column=header))
    done = {row: value for row, value in assigned.items() if row not in dict(result.skipped)}
    lines = [_ADDED.format(column=ID_COLUMN)] if result.added and done else []
    if not assigned:
        lines.append(_NONE_NEEDED)
    else:
        kept = len(set(table.rows)) - len(assigned)
        lines.append(
            f"{len(done)} local IDs assigned; {kept} rows already had an ID"
            + ("" if args.output is None else f"; written to {args.output}")
        )
    if args.output is None:
        out.write(result.text())
        for line in lines:
            note(line)
    else:
        _write(args.output, result.data)
        if args.format == "json":
            payload = {
                "file": args.file,
                "output": args.output,
                "added_column": result.added and bool(done),
                "assigned": [{"row": row, "id": value} for row, value in done.items()],
                "skipped": [{"row": row, "reason": reason} for row, reason in result.skipped],
                "neutralised": [{"row": r, "column": c} for r, c in result.neutralised],
                "errors": [problem_json(p) for p in table.errors],
            }
            out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            from clusterxchange.io import write_table

            write_table(out, ("row", "id"), sorted(done.items()))
        else:
            out.write("".join(f"{line}\n" for line in lines))
            out.writelines(f"  row {row}: {value}\n" for row, value in done.items())
    return EXIT_INELIGIBLE if table.errors or result.skipped else EXIT_OK


def table_format_of_name(name: str) -> str | None:
    """Return the format a file name's suffix names (``None``: the suffix says nothing).

    >>> table_format_of_name("out.xlsx"), table_format_of_name("out")
    ('xlsx', None)
    """
    from clusterxchange.io._read import SUFFIXES

    return SUFFIXES.get(Path(name).suffix.casefold())


def _write(path: str, data: bytes) -> None:
    from clusterxchange.model.errors import InvalidFileError, Problem

    try:
        Path(path).write_bytes(data)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        reason = getattr(error, "strerror", None) or error
        raise InvalidFileError(
            [Problem(message=f"cannot write the file: {reason}", file=path)]
        ) from None
