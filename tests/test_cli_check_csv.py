"""The ``check`` CSV writer: the same text ``write_table`` writes from the plain cells.

The writer neutralises only the cells that hold a table's own text and leaves numbers, dates
and ``None`` to the csv module (cli/_check.py, ``_write_csv``). Here each row's plain cells
are made again from the verdict, independently, and written with the public
:func:`~clusterxchange.io.write_table`, which converts every cell: the texts must be equal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterxchange.cli._check import CSV_COLUMNS, _amounts, _write_csv
from clusterxchange.eligibility import Verdict, check_dataset
from clusterxchange.io import read_exchanges, write_table
from clusterxchange.model import Exchange, Organisation
from clusterxchange.model.errors import Problem
from clusterxchange.strategies import exchanges

EXAMPLE = Path(__file__).parents[1] / "src" / "clusterxchange" / "examples" / "tideway.csv"

#: Texts a spreadsheet would read as formulas, or as numbers, as names or IDs.
NASTY = ["=1+2", "-3", "+cmd", "@SUM(A1)", " =x", "\tTab", "Aero Lda", 'Ünïcode, "quoted"']


def plain_row(row: int, verdict: Verdict, amount: Decimal | None, dataset: str) -> list[object]:
    """The cells of one exchange's row as values (for ``write_table`` to convert)."""
    e = verdict.exchange
    by_severity = {
        severity: " ".join(
            dict.fromkeys(f.rule for f in verdict.findings if f.severity == severity)
        )
        for severity in ("error", "warning", "info")
    }
    note = verdict.unpriced
    return [
        row, e.id, verdict.generation, e.visitor.name, e.visitor.country, e.host.name,
        e.host.country, e.start, e.end, verdict.working_days, e.status,
        "yes" if verdict.eligible else "no", verdict.outcome, " ".join(verdict.missing()),
        None if amount is None else f"{amount:.2f}", None if note is None else note.reason,
        by_severity["error"], by_severity["warning"], by_severity["info"], dataset,
        " | ".join(f"{f.severity.value} {f.rule}: {f.message}" for f in verdict.findings),
    ]  # fmt: skip


def expected(
    exchanges: Sequence[Exchange], rows: Sequence[int], errors: Sequence[Problem] = ()
) -> str:
    result = check_dataset(exchanges)
    dataset: dict[int, list[str]] = {}
    for finding in result.findings:
        for i in finding.indices:
            dataset.setdefault(i, []).append(finding.rule)
    checks = zip(rows, result.verdicts, _amounts(result.verdicts), strict=True)
    lines: list[list[object]] = [
        plain_row(row, v, a, " ".join(dict.fromkeys(dataset.get(i, ()))))
        for i, (row, v, a) in enumerate(checks)
    ]
    for number in dict.fromkeys(p.row for p in errors):
        problems = [p for p in errors if p.row == number]
        cells: list[object] = [None] * len(CSV_COLUMNS)
        cells[0], cells[11], cells[12] = number, "no", "unusable"
        columns = " ".join(dict.fromkeys(p.column or "row" for p in problems))
        cells[16] = f"unusable {columns}"
        cells[20] = " | ".join(f"unusable {p.column or 'row'}: {p.message}" for p in problems)
        lines.append(cells)
    lines.sort(key=lambda cells: cells[0] if isinstance(cells[0], int) else 0)
    out = io.StringIO()
    write_table(out, CSV_COLUMNS, lines)
    return out.getvalue()


def written(
    exchanges: Sequence[Exchange], rows: Sequence[int], errors: Sequence[Problem] = ()
) -> str:
    result = check_dataset(exchanges)
    out = io.StringIO()
    _write_csv(out, result, _amounts(result.verdicts), rows, errors=errors)
    return out.getvalue()


def test_the_example_with_its_unusable_rows_is_written_as_write_table_writes_it() -> None:
    table = read_exchanges(EXAMPLE)
    errors = (
        Problem(message="=not a date", row=3, column="start"),
        Problem(message="no visitor", row=3, column=None),
        Problem(message="bad", row=10_000, column="end"),
    )
    assert written(table.exchanges, table.rows, errors) == expected(
        table.exchanges, table.rows, errors
    )


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(exchanges(), st.sampled_from(NASTY), st.sampled_from(NASTY), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_generated_exchanges_with_formula_like_names_are_written_as_write_table_writes_them(
    drawn: list[tuple[Exchange, str, str, bool]],
) -> None:
    items = []
    for exchange, visitor, ident, rename in drawn:
        if rename:
            named: Organisation = attrs.evolve(exchange.visitor, name=visitor)
            items.append(attrs.evolve(exchange, visitor=named, id=ident))
        else:
            items.append(exchange)
    rows = list(range(2, 2 + len(items)))
    assert written(items, rows) == expected(items, rows)
