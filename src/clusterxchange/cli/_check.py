"""``clusterxchange check``: eligibility and lump sum of every exchange in a table.

Exit codes: 0 when every exchange is eligible and every row could be read; 1 when some
exchange is not eligible, or some rows are unusable (a cell the reader cannot use: each is
listed on stderr, one line per problem, and in every format: the text's "Rows left out", a
CSV row each, the JSON's ``"errors"``), every other row being checked; 2 when nothing could be
read (the file itself is unusable, or every row is) or the command is misused: one line on
stderr, last, names the file, row and column of the first problem. The reader's warnings
(unknown columns, rows skipped, labels read as ids) go to stderr first, one line each, also
when the file then fails.

Formats: ``text`` is a table a coordinator can scan (one line per exchange, then the errors
and warnings of each, then the dataset-wide findings and a summary); ``json`` is docs/design.md's
shape; ``csv`` is one row per exchange, safe to open in a spreadsheet.
"""

from __future__ import annotations

import argparse
import array
import heapq
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any

from clusterxchange.cli._common import (
    EXIT_INELIGIBLE,
    EXIT_OK,
    add_columns,
    add_directory,
    add_file,
    add_format,
    add_generation,
    add_locale,
    problem_json,
    read_table,
    report_unusable_rows,
    resolve_generation,
)
from clusterxchange.io._json import JSONText, write_json_document
from clusterxchange.model import Exchange, Generation, Organisation, Status
from clusterxchange.model._collector import paused_collection
from clusterxchange.model.errors import Problem
from clusterxchange.model.translations import N_

if TYPE_CHECKING:
    from clusterxchange.eligibility import DatasetFinding, DatasetVerdict, Verdict
    from clusterxchange.eligibility._dataset import DatasetCheck
    from clusterxchange.io import ExchangeTable
    from clusterxchange.io._rows import Reading
    from clusterxchange.model.errors import InvalidFileError
    from clusterxchange.model.findings import Finding

__all__ = ["CSV_COLUMNS", "EPILOG", "HELP", "NAME", "STREAM_BYTES", "register", "run"]

NAME = "check"
HELP = "eligibility and lump sum of every exchange in a table, plus dataset-wide findings"

EPILOG = """\
exit codes:
  0  every exchange is eligible and every row could be read
  1  some exchange is not eligible or not decided, or some rows are unusable (listed)
  2  nothing could be read, or the command is misused (one line on stderr)

example:
  clusterxchange check exchanges.csv --format csv > verdicts.csv
"""

#: The columns of ``--format csv``, one row per exchange.
CSV_COLUMNS: tuple[str, ...] = (
    "row",
    "id",
    "generation",
    "visitor",
    "visitor_country",
    "host",
    "host_country",
    "start",
    "end",
    "working_days",
    "status",
    "eligible",
    "outcome",
    "missing",
    "lump_sum",
    "lump_sum_note",
    "errors",
    "warnings",
    "infos",
    "dataset_findings",
    "messages",
)


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_file(parser)
    add_generation(
        parser,
        "generation id, or a custom generation file (.toml/.json), for every row; default: the "
        "generation each row names, else the one whose period holds its first day",
    )
    add_directory(parser)
    add_format(parser, ("text", "json", "csv"))
    add_locale(parser)
    add_columns(parser)


def _generation(value: str | None) -> Generation | None:
    """Return the generation of ``--generation``: a shipped id, or a custom file."""
    return None if value is None else resolve_generation(value)


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Check every exchange of the table in ``args.file``."""
    from clusterxchange.model.formatting import parse_locale

    parse_locale(args.locale)
    generation = _generation(args.generation)
    # What is read, checked and written forms no reference cycles (model/_collector.py): the
    # collector would only walk the growing heap, again and again, to free nothing.
    with paused_collection():
        return _check(args, out, generation)


def _check(args: argparse.Namespace, out: IO[str], generation: Generation | None) -> int:
    from clusterxchange.eligibility import check_dataset

    if args.format in _STREAMED and _streams(args):
        return _check_streamed(args, out, generation)
    table = read_table(args)
    result = check_dataset(table.exchanges, generation)
    sums = _amounts(result.verdicts)
    if args.format == "json":  # also when nothing could be read: the errors are in it
        _write_json(out, result, sums, rows=table.rows, errors=table.errors, generation=generation)
    failed = report_unusable_rows(table)
    if failed is not None:
        return failed
    if args.format == "csv":
        _write_csv(out, result, sums, table.rows, errors=table.errors)
    elif args.format != "json":
        _write_text(out, result, sums, rows=table.rows, generation=generation, locale=args.locale)
        _write_unusable(out, table.errors, args.locale)
    return EXIT_OK if result.eligible and not table.errors else EXIT_INELIGIBLE


def _write_unusable(out: IO[str], errors: Sequence[Problem], locale: str) -> None:
    """List the rows left out as unusable, each problem with its column (text format)."""
    if not errors:
        return
    from clusterxchange.model.translations import translation

    _ = translation(locale).gettext
    rows = {p.row for p in errors}
    heading = _("Rows left out ({count}: a cell the reader cannot use):").format(count=len(rows))
    out.write(f"\n{heading}\n")
    for problem in errors:
        where = "" if problem.column is None else f"{problem.column}: "
        row = _("row {row}").format(row=problem.row)
        out.write(f"  {row}: {where}{problem.message}\n")


def _amounts(verdicts: Sequence[Verdict]) -> list[Decimal | None]:
    """Return the amount of each verdict's lump sum; ``None`` where it has none."""
    return [None if (priced := v.lump_sum) is None else priced.amount for v in verdicts]


#: The "Eligible" cell of the text table for each outcome of a verdict.
_ELIGIBLE = MappingProxyType(
    {"eligible": N_("yes"), "not_eligible": N_("no"), "undecided": N_("undecided")}
)


def _unpriced(verdict: Verdict) -> str | None:
    """Say why an exchange has no lump sum (``None`` when it has one)."""
    why = verdict.unpriced
    return None if why is None else why.reason


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _finding(finding: Finding) -> dict[str, Any]:
    # Severity, confidence and status are StrEnums: the JSON encoder writes them as their
    # values, without the Python-level ``.value`` look-up for each of a million findings.
    provenance = finding.provenance
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "field": finding.field,
        "value": finding.value,
        "source": None if provenance is None else provenance.source,
        "confidence": None if provenance is None else provenance.confidence,
        "missing": list(finding.missing),
    }


def _generation_id(verdicts: Sequence[Verdict], generation: Generation | None) -> str | None:
    """The generation of the whole check: the one given, else the one every row fell under."""
    if generation is not None:
        return generation.id
    used = {v.generation for v in verdicts}
    return used.pop() if len(used) == 1 else None


def _exchange_json(row: int, verdict: Verdict, amount: Decimal | None) -> dict[str, Any]:
    """The JSON object of one checked exchange (an item of ``"exchanges"``).

    The writer encodes the same object, faster, with :class:`_ExchangeText`; this is the
    plain definition its tests compare it with.
    """
    outcome = verdict.outcome  # asked once: eligible and missing follow from it
    return {
        "row": row,
        "id": verdict.exchange.id,
        "status": verdict.exchange.status,
        "eligible": outcome == "eligible",
        "outcome": outcome,
        "missing": [] if outcome == "eligible" else list(verdict.missing()),
        "lump_sum": _money(amount),
        "lump_sum_note": _unpriced(verdict),
        "generation": verdict.generation,
        "working_days": verdict.working_days,
        "findings": list(map(_finding, verdict.findings)),
    }


#: Escapes and quotes a JSON string as the encoder does (the C escaper, where CPython has it).
_string = json.encoder.encode_basestring


def _string_or_null(text: str | None) -> str:
    """Return *text* as a JSON string, or ``null``."""
    return "null" if text is None else _string(text)


_EMPTY_MESSAGE = '"message": ""'


class _ExchangeText:
    """Encodes checked exchanges as :func:`_exchange_json` would, each finding's fixed part once.

    A finding's rule, severity, field, value, source, confidence and missing columns repeat
    across thousands of exchanges (the same rule on the same generation value), and the source
    is the longest text of them; only the message differs. The text of those fixed members is
    encoded once per distinct set and the message alone for each finding, which roughly halves
    the encoder's work: on the 100,000 rows of benchmarks/tables.py (126 MB of JSON) the
    document took 1.16 s of CPU written from dictionaries and 0.82 s this way. The text parses
    to the same value (tests/test_cli_check_json.py compares them).
    """

    def __init__(self) -> None:
        self._encode = json.JSONEncoder(ensure_ascii=False).encode
        #: (rule, severity, field, value, provenance, missing) by identity or value -> the
        #: text before the message and the text after it
        self._parts: dict[tuple[object, ...], tuple[str, str]] = {}

    def _fixed(self, finding: Finding) -> tuple[str, str]:
        provenance = finding.provenance
        # The generation's values keep their provenance objects alive: their ids stay theirs.
        key = (finding.rule, id(finding.severity), finding.field, finding.value,
               id(provenance), finding.missing)  # fmt: skip
        parts = self._parts.get(key)
        if parts is None:
            # The finding's object with an empty message, cut around it. The members before
            # it are encoded text, whose quotes are escaped: the first '"message": ""' is it.
            text = self._encode({**_finding(finding), "message": ""})
            cut = text.index(_EMPTY_MESSAGE) + len(_EMPTY_MESSAGE) - 2
            parts = self._parts[key] = (text[:cut], text[cut + 2 :])
        return parts

    def __call__(self, row: int, verdict: Verdict, amount: Decimal | None) -> JSONText:
        """Return the JSON text of one checked exchange (an item of ``"exchanges"``).

        The members before the findings are written straight into the text, as the encoder
        writes them (``, `` and ``: `` between them, strings by its C escaper), without a
        dictionary and an encoder call per exchange: the writer's CPU on the 100,000 rows of
        benchmarks/tables.py went from 0.72 s to 0.47 s (best of 3, one A/B run), and
        tests/test_cli_check_json.py checks the text is the encoder's, character for character.
        """
        outcome = verdict.outcome  # asked once: eligible and missing follow from it
        eligible = outcome == "eligible"
        missing = "[]" if eligible else f"[{', '.join(map(_string, verdict.missing()))}]"
        days = verdict.working_days
        findings = []
        for finding in verdict.findings:
            head, tail = self._fixed(finding)
            findings.append(head + _string(finding.message) + tail)
        return JSONText(
            f'{{"row": {int.__repr__(row)}, "id": {_string_or_null(verdict.exchange.id)}, '
            f'"status": {_string_or_null(verdict.exchange.status)}, '
            f'"eligible": {"true" if eligible else "false"}, '
            f'"outcome": {_string(outcome)}, "missing": {missing}, '
            f'"lump_sum": {_string_or_null(_money(amount))}, '
            f'"lump_sum_note": {_string_or_null(_unpriced(verdict))}, '
            f'"generation": {_string_or_null(verdict.generation)}, '
            f'"working_days": {"null" if days is None else int.__repr__(days)}, '
            f'"findings": [{", ".join(findings)}]}}'
        )


def _write_json(
    out: IO[str],
    result: DatasetVerdict,
    sums: Sequence[Decimal | None],
    *,
    rows: Sequence[int],
    errors: Sequence[Problem],
    generation: Generation | None,
) -> None:
    """Write docs/design.md's document, one exchange at a time (see :func:`write_json_document`).

    Nothing but the verdicts is held: each exchange's object is built, encoded and written,
    then dropped, so memory does not grow with the text written.
    """
    verdicts = result.verdicts
    write_json_document(
        out,
        {
            "generation": _generation_id(verdicts, generation),
            "generations": sorted({v.generation for v in verdicts if v.generation is not None}),
            "eligible": result.eligible and not errors,
            "exchanges": map(_ExchangeText(), rows, verdicts, sums),
            "findings": (
                {**_finding(f), "rows": [rows[i] for i in f.indices]} for f in result.findings
            ),
            "errors": map(problem_json, errors),
        },
    )


_NO_RULES = ("", "", "")


def _rules_by_severity(findings: Sequence[Finding]) -> tuple[str, str, str]:
    """Return the rule ids of the errors, the warnings and the infos, each once, in order."""
    if not findings:
        return _NO_RULES
    # One pass for the three cells (undecided findings are in none of them).
    by: dict[str, dict[str, None]] = {"error": {}, "warning": {}, "info": {}}
    for f in findings:
        rules = by.get(f.severity)
        if rules is not None:
            rules[f.rule] = None
    return " ".join(by["error"]), " ".join(by["warning"]), " ".join(by["info"])


def _write_csv(
    out: IO[str],
    result: DatasetVerdict,
    sums: list[Decimal | None],
    rows: Sequence[int],
    *,
    errors: Sequence[Problem] = (),
) -> None:
    """One row per exchange, and one per row left out as unusable, in the table's row order.

    The cells are what :func:`~clusterxchange.io.write_table` writes: text a spreadsheet
    would read as a formula neutralised, numbers plain, dates in ISO form. Only the cells
    that hold a table's own text (IDs, names, notes, messages) go through
    :func:`~clusterxchange.io.cell_text`; the line writer writes the rest itself (``None``
    as nothing, numbers and dates as their ``str``, which is the same text). That is 7 calls
    a row instead of 21: the writer took 1.68 s of CPU for 100,000 rows through
    ``write_table`` and 1.52 s this way (tests/test_cli_check_csv.py compares the two). The
    lines are written by :func:`~clusterxchange.io._export.write_csv_lines`, not the csv
    module: 0.74x the writer's time (1.03 s against 1.39 s, best of 3, in one A/B run).
    """
    from clusterxchange.io._export import write_csv_lines

    dataset = _dataset_rules(result.findings)
    lines: Iterable[Sequence[object]] = _csv_lines(
        zip(range(len(rows)), rows, result.verdicts, sums, strict=True), dataset
    )
    left_out = _left_out_lines(errors)
    # In the table's row order, an exchange before a row left out with the same number; the
    # exchanges are written as they are made (their rows come in order), never all held.
    if any(later < earlier for earlier, later in itertools.pairwise(rows)):
        lines = sorted(lines, key=_row_order)
    merged: Iterator[Sequence[object]] = heapq.merge(lines, left_out, key=_row_order)
    write_csv_lines(out, [CSV_COLUMNS])
    write_csv_lines(out, merged)  # what csv.writer writes, faster (see write_csv_lines)


def _dataset_rules(findings: Iterable[DatasetFinding]) -> dict[int, list[str]]:
    """Return the rules of the dataset-wide findings about each exchange, by position."""
    dataset: dict[int, list[str]] = {}
    for finding in findings:
        for index in finding.indices:
            dataset.setdefault(index, []).append(finding.rule)
    return dataset


def _csv_lines(
    checks: Iterable[tuple[int, int, Verdict, Decimal | None]],
    dataset: Mapping[int, list[str]],
) -> Iterator[tuple[object, ...]]:
    """Return the line of each checked exchange: ``(position, row, verdict, amount)`` each."""
    from clusterxchange.io._export import cell_text

    for index, row, verdict, amount in checks:
        e: Exchange = verdict.exchange
        findings = verdict.findings
        ident, generation, note = e.id, verdict.generation, _unpriced(verdict)
        outcome = verdict.outcome  # asked once: eligible and missing follow from it
        yield (
            row,
            None if ident is None else cell_text(ident),
            None if generation is None else cell_text(generation),
            cell_text(e.visitor.name),
            e.visitor.country,  # a country code, or None
            cell_text(e.host.name),
            e.host.country,
            e.start,
            e.end,
            verdict.working_days,
            e.status,  # a StrEnum: the csv module writes its value
            "yes" if outcome == "eligible" else "no",
            outcome,
            "" if outcome == "eligible" else " ".join(verdict.missing()),  # column names
            None if amount is None else cell_text(_money(amount)),
            None if note is None else cell_text(note),
            *_rules_by_severity(findings),  # rule ids: errors, warnings, infos
            " ".join(dict.fromkeys(dataset.get(index, ()))),
            cell_text(" | ".join(f"{f.severity} {f.rule}: {f.message}" for f in findings)),
        )


def _left_out_lines(errors: Sequence[Problem]) -> list[tuple[object, ...]]:
    """Return the line of each row left out as unusable, in row order."""
    from clusterxchange.io._export import cell_text

    unusable: dict[int | None, list[Problem]] = {}
    for problem in errors:
        unusable.setdefault(problem.row, []).append(problem)
    left_out: list[tuple[object, ...]] = []
    for number, problems in unusable.items():
        columns = " ".join(dict.fromkeys(p.column or "row" for p in problems))
        messages = " | ".join(f"unusable {p.column or 'row'}: {p.message}" for p in problems)
        cells: list[object] = [None] * len(CSV_COLUMNS)
        for name, value in (("row", number), ("eligible", "no"), ("outcome", "unusable"),
                            ("errors", f"unusable {columns}"), ("messages", messages)):  # fmt: skip
            cells[CSV_COLUMNS.index(name)] = value
        # The row stays a number for the order; the csv module writes it as one.
        left_out.append((number, *map(cell_text, cells[1:])))
    left_out.sort(key=_row_order)
    return left_out


#: The lines the text format holds at once, to size and pad them a column at a time.
_BATCH = 5_000


def _batches(lines: Iterable[tuple[str, ...]]) -> Iterator[list[tuple[str, ...]]]:
    """Return *lines* in lists of :data:`_BATCH`."""
    iterator = iter(lines)
    while batch := list(itertools.islice(iterator, _BATCH)):
        yield batch


def _row_order(line: Sequence[object]) -> int:
    return line[0] if isinstance(line[0], int) else 0


def _write_text(
    out: IO[str],
    result: DatasetVerdict,
    sums: list[Decimal | None],
    *,
    rows: Sequence[int],
    generation: Generation | None,
    locale: str,
) -> None:
    from clusterxchange.model.formatting import format_country, format_money
    from clusterxchange.model.translations import term, translation

    t = translation(locale)
    _ = t.gettext

    countries: dict[str, str] = {}  # a table names a few dozen countries: each named once

    def who(org: Organisation) -> str:
        country = org.country
        if country is None:
            return org.name
        name = countries.get(country)
        if name is None:
            name = countries[country] = format_country(country, locale)
        return f"{org.name} ({name})"

    from clusterxchange.model.findings import Severity

    # The words of statuses, outcomes and severities, looked up once for every row, by the
    # members themselves (StrEnums: no Python-level ``.value`` look-up per row).
    words: dict[str, str] = {value: term(value, locale) for value in (*Status, *Severity)}
    outcomes = {outcome: _(word) for outcome, word in _ELIGIBLE.items()}
    error, info = Severity.ERROR, Severity.INFO

    def severity(f: Finding) -> str:
        return words[f.severity]

    currency = generation.currency if generation is not None else "EUR"
    header = (
        _("Row"),
        _("ID"),
        _("Visitor -> host"),
        _("Status"),
        _("Eligible"),
        _("Lump sum"),
        _("Rules"),
    )
    amounts: dict[Decimal, str] = {}  # a table has few distinct lump sums: each written once

    def money(amount: Decimal) -> str:
        text = amounts.get(amount)
        if text is None:
            text = amounts[amount] = format_money(amount, currency, locale)
        return text

    def lines() -> Iterator[tuple[str, ...]]:
        yield header
        for row, verdict, amount in zip(rows, result.verdicts, sums, strict=True):
            e = verdict.exchange
            rules = ", ".join(
                f.rule if f.severity is error else f"{f.rule} ({words[f.severity]})"
                for f in verdict.findings
                if f.severity is not info
            )
            yield (
                str(row),
                e.id or "-",
                f"{who(e.visitor)} -> {who(e.host)}",
                words[e.status],
                outcomes[verdict.outcome],
                "-" if amount is None else money(amount),
                rules or "-",
            )

    # Two passes over the lines, one for the columns' widths and one to write them, rather
    # than holding every line: the text is never held in memory. Each pass takes the lines a
    # batch at a time, a column's widths and a line's padding each one call in C instead of a
    # step of Python per cell: 0.89x the writer's time on 100,000 rows (0.88 s against 0.99 s,
    # best of 3 in one A/B run). Making the lines, twice, is the rest.
    widths = [0] * len(header)
    for batch in _batches(lines()):
        columns = zip(*batch, strict=True)
        widths = [
            max(width, *map(len, cells)) for width, cells in zip(widths, columns, strict=True)
        ]
    padded = "  ".join(f"{{:<{width}}}" for width in widths).format
    for batch in _batches(lines()):
        out.write("".join([padded(*line).rstrip() + "\n" for line in batch]))
    details = (
        (row, f)
        for row, verdict in zip(rows, result.verdicts, strict=True)
        for f in verdict.findings
        if f.severity is not info
    )
    heading = "\n" + _("Errors, warnings and rules not decided:") + "\n"
    for row, f in details:
        where = _("row {row}").format(row=row)
        out.write(f"{heading}  {where}: {severity(f)} {f.rule}: {f.message}\n")
        heading = ""
    if result.findings:
        out.write("\n" + _("Across the table:") + "\n")
        for f in result.findings:
            where = _("rows {rows}").format(rows=", ".join(str(rows[i]) for i in f.indices))
            out.write(f"  {where}: {severity(f)} {f.rule}: {f.message}\n")
    total = len(result.verdicts)
    eligible = sum(1 for v in result.verdicts if v.eligible)
    undecided = len(result.undecided())
    notes = sum(1 for v in result.verdicts for f in v.findings if f.severity is info)
    used = _generation_id(result.verdicts, generation)
    summary = t.ngettext(
        "{total} exchange: {eligible} eligible, {ineligible} not eligible",
        "{total} exchanges: {eligible} eligible, {ineligible} not eligible",
        total,
    ).format(total=total, eligible=eligible, ineligible=total - eligible - undecided)
    if undecided:
        summary += ", " + _(
            "{count} not decided (values missing: see the undecided findings)"
        ).format(count=undecided)
    if used is not None:
        summary += " " + _("(generation {generation})").format(generation=used)
    if notes:
        summary += "; " + t.ngettext(
            "{count} note for information in --format json",
            "{count} notes for information in --format json",
            notes,
        ).format(count=notes)
    out.write("\n" + summary + ".\n")


#: The formats whose check of a large CSV file streams: the table read twice, never held.
_STREAMED = frozenset({"json", "csv"})

#: The size from which a CSV file is checked streaming (:func:`_check_streamed`). Below it,
#: the table is held: reading it once is faster (on 100,000 rows of benchmarks/tables.py,
#: 16.7 MB, ``--format json`` took 4.1 s of CPU held and 5.5 s streamed) and memory is no
#: concern (232 MB at most); above it, memory grows with the table when held (564 MB for
#: 300,000 rows, 1.8 GB for 1,000,000) and with the visits alone when streamed.
STREAM_BYTES = 32 * 2**20


def _streams(args: argparse.Namespace) -> bool:
    """Whether ``check`` reads the table twice rather than holding it: a large CSV file.

    A workbook or a JSON document is held whole by its reader anyway, and ``--directory``
    fills organisations from the whole table; those, and the text format (whose columns are
    as wide as their widest cell), are checked in memory.
    """
    from clusterxchange.io._read import table_format
    from clusterxchange.model.errors import InvalidFileError

    if getattr(args, "directory", None) is not None:
        return False
    try:
        return os.path.getsize(args.file) >= STREAM_BYTES and table_format(args.file) == "csv"
    except (OSError, InvalidFileError):
        return False  # the reader says why, as it does for any table


def _check_streamed(args: argparse.Namespace, out: IO[str], generation: Generation | None) -> int:
    """Check a CSV file read twice: its visits first, then each exchange, checked and written.

    The first read keeps what ``visitor_once`` needs of each visit and each exchange's row
    (:class:`~clusterxchange.eligibility._dataset.DatasetCheck`); the second reads the rows
    the same way (the decimal sign and the dates' order the first found), checks them a batch
    at a time and writes each verdict as it is made. The output is the in-memory check's,
    byte for byte (tests/test_cli_check_stream.py); memory is bounded by the visits and a
    batch, not by the table, its verdicts or the text written.
    """
    from clusterxchange.eligibility._dataset import DatasetCheck, TextsNeededError

    check = DatasetCheck(generation)
    counting = _Counting(check)
    stamp = _stamp(args.file)
    table = read_table(args, sink=counting)
    reading, rows = counting.reading, counting.rows
    assert reading is not None  # every read starts by restarting its sink
    try:
        check.settle()
    except TextsNeededError as needed:  # visits that tie on days, ID and host: their texts
        texts = _Texts(needed.positions)
        read_table(args, sink=texts, reading=reading)
        check.settle(texts.texts)
    if args.format == "json":
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
            json_writer = _JSONWriter(out, generation, spool)
            _read_checked(args, check, rows=rows, reading=reading, writer=json_writer, stamp=stamp)
            json_writer.finish(check.findings, rows=rows, errors=table.errors)
        failed = report_unusable_rows(table, len(rows))  # after the document, as held
        return failed if failed is not None else _exit_code(table, json_writer)
    failed = report_unusable_rows(table, len(rows))
    if failed is not None:
        return failed
    csv_writer = _CSVWriter(out, check.findings, table.errors)
    _read_checked(args, check, rows=rows, reading=reading, writer=csv_writer, stamp=stamp)
    csv_writer.finish()
    return _exit_code(table, csv_writer)


def _stamp(path: str) -> tuple[int, int] | None:
    """Return the size and time of the last change of the file at *path* (``None``: no file)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def _exit_code(table: ExchangeTable, writer: _Writer) -> int:
    return EXIT_OK if writer.eligible and not table.errors else EXIT_INELIGIBLE


def _read_checked(
    args: argparse.Namespace,
    check: DatasetCheck,
    *,
    rows: array.array[int],
    reading: Reading,
    writer: _Writer,
    stamp: tuple[int, int] | None,
) -> None:
    """Read the table again, as it was read first, and write the verdict on each exchange.

    Raises:
        InvalidFileError: The file changed since *stamp* (its size and time of change before
            the first read), or the second read gave other rows than the first.
    """
    if not rows:
        return
    checking = _Checking(check, rows, writer, args.file)
    read_table(args, sink=checking, reading=reading)
    checking.done()
    if _stamp(args.file) != stamp:
        raise checking.changed()


class _Writer:
    """Writes the verdicts of a streamed check as they come, in table order."""

    def __init__(self) -> None:
        #: Whether every verdict written so far is eligible.
        self.eligible = True

    def write(self, rows: Sequence[int], verdicts: Sequence[Verdict], first: int) -> None:
        """Write the *verdicts* on the exchanges of *rows*; *first* is the first's position."""
        raise NotImplementedError


class _Counting:
    """The sink of the first read: counts the visits and keeps each exchange's row."""

    def __init__(self, check: DatasetCheck) -> None:
        self.check = check
        self.rows: array.array[int] = array.array("q")
        self.reading: Reading | None = None

    def restart(self, reading: Reading) -> None:
        self.check.restart()
        self.rows = array.array("q")
        self.reading = reading

    def take(self, exchanges: Sequence[Exchange], rows: Sequence[int]) -> None:
        self.check.count(exchanges)
        self.rows.extend(rows)


class _Texts:
    """The sink of a read for the texts (``repr``) of the exchanges at some positions."""

    def __init__(self, positions: set[int]) -> None:
        self.positions = positions
        self.texts: dict[int, str] = {}
        self.position = 0

    def restart(self, reading: Reading) -> None:
        self.texts, self.position = {}, 0

    def take(self, exchanges: Sequence[Exchange], rows: Sequence[int]) -> None:
        wanted = self.positions
        for position, exchange in enumerate(exchanges, start=self.position):
            if position in wanted:
                self.texts[position] = repr(exchange)
        self.position += len(exchanges)


class _Checking:
    """The sink of the last read: checks each batch and hands its verdicts to the writer."""

    def __init__(
        self, check: DatasetCheck, rows: array.array[int], writer: _Writer, file: str
    ) -> None:
        self.check, self.rows, self.writer, self.file = check, rows, writer, file
        self.position = 0

    def restart(self, reading: Reading) -> None:
        if self.position:  # read as the first read was: once
            raise self.changed()

    def take(self, exchanges: Sequence[Exchange], rows: Sequence[int]) -> None:
        first = self.position
        expected = self.rows[first : first + len(rows)]
        if expected.tolist() != list(rows):
            raise self.changed()
        self.writer.write(rows, self.check.verdicts(exchanges), first)
        self.position += len(rows)

    def done(self) -> None:
        """Check that the second read gave every exchange the first did."""
        if self.position != len(self.rows):
            raise self.changed()

    def changed(self) -> InvalidFileError:
        from clusterxchange.io._text import unusable

        return unusable(
            self.file,
            "the file changed while it was checked (it is read twice: once for the visits "
            "of each visitor, once for the verdicts): check it again once it is saved",
        )


class _JSONWriter(_Writer):
    """Writes the JSON document of a streamed check.

    The document's first members (the generation, ``eligible``) depend on every verdict:
    the exchanges are written to a temporary file as they come, one line each, and copied
    into the document once it is known how it begins.
    """

    def __init__(self, out: IO[str], generation: Generation | None, spool: IO[str]) -> None:
        """Write to *out*, the exchanges through *spool* (a temporary text file)."""
        super().__init__()
        self.out, self.generation, self.spool = out, generation, spool
        self.encode = _ExchangeText()
        self.used: set[str | None] = set()

    def write(self, rows: Sequence[int], verdicts: Sequence[Verdict], first: int) -> None:
        encode, used = self.encode, self.used
        lines: list[str] = []
        for row, verdict in zip(rows, verdicts, strict=True):
            priced = verdict.lump_sum
            lines.append(encode(row, verdict, None if priced is None else priced.amount))
            used.add(verdict.generation)
            if self.eligible and not verdict.eligible:
                self.eligible = False
        lines.append("")
        self.spool.write("\n".join(lines))

    def finish(
        self,
        findings: Sequence[DatasetFinding],
        *,
        rows: Sequence[int],
        errors: Sequence[Problem],
    ) -> None:
        """Write the document: what is known of every verdict, then the exchanges, the rest."""
        spool = self.spool
        spool.seek(0)
        used = self.used
        if self.generation is not None:
            generation_id: str | None = self.generation.id
        else:
            generation_id = next(iter(used)) if len(used) == 1 else None
        write_json_document(
            self.out,
            {
                "generation": generation_id,
                "generations": sorted(g for g in used if g is not None),
                "eligible": self.eligible and not errors,
                "exchanges": (JSONText(line[:-1]) for line in spool),
                "findings": (
                    {**_finding(f), "rows": [rows[i] for i in f.indices]} for f in findings
                ),
                "errors": map(problem_json, errors),
            },
        )


class _CSVWriter(_Writer):
    """Writes the CSV of a streamed check, each row left out as unusable in its place."""

    def __init__(
        self, out: IO[str], findings: Sequence[DatasetFinding], errors: Sequence[Problem]
    ) -> None:
        from clusterxchange.io._export import write_csv_lines

        super().__init__()
        self.out = out
        self.dataset = _dataset_rules(findings)
        self.left_out = _left_out_lines(errors)
        self.next_left_out = 0
        write_csv_lines(out, [CSV_COLUMNS])

    def write(self, rows: Sequence[int], verdicts: Sequence[Verdict], first: int) -> None:
        from clusterxchange.io._export import write_csv_lines

        amounts = [None if (p := v.lump_sum) is None else p.amount for v in verdicts]
        if self.eligible and not all(v.eligible for v in verdicts):
            self.eligible = False
        checks = zip(range(first, first + len(rows)), rows, verdicts, amounts, strict=True)
        lines = list(_csv_lines(checks, self.dataset))
        if self.next_left_out < len(self.left_out):
            lines = self._with_left_out(lines)
        write_csv_lines(self.out, lines)

    def _with_left_out(self, lines: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        """Put before each line the rows left out whose number is lower (in row order)."""
        left_out, k = self.left_out, self.next_left_out
        merged: list[tuple[object, ...]] = []
        for line in lines:
            row = _row_order(line)
            while k < len(left_out) and _row_order(left_out[k]) < row:
                merged.append(left_out[k])
                k += 1
            merged.append(line)
        self.next_left_out = k
        return merged

    def finish(self) -> None:
        """Write the rows left out after the last exchange."""
        from clusterxchange.io._export import write_csv_lines

        write_csv_lines(self.out, self.left_out[self.next_left_out :])
