"""``clusterxchange plan``: what is still missing, and the fewest further exchanges to meet it.

The table's exchanges are counted as ``kpis`` counts them (for the targets' partnership, or
``--partnership``); :func:`clusterxchange.kpi.plan` then gives the fewest further completed
exchanges that meet every target at once, and the lump sums they imply. The host countries
they are priced for are ``--host-countries``; by default, the host countries of the
partnership's exchanges (cancelled ones aside), each as often as it hosted one (those without
a ceiling in the generation are left out, with a warning). Exit 0 when the plan is printed
(rows left out as unusable are listed on stderr, as with ``kpis``), 2 when nothing could be
read or an option is wrong.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any

from clusterxchange.cli._common import (
    EXIT_OK,
    add_columns,
    add_directory,
    add_file,
    add_format,
    add_generation,
    add_locale,
    add_targets,
    check_partnerships,
    fail,
    markdown_table,
    problem_json,
    read_table,
    report_unusable_rows,
    resolve_generation,
    text_table,
    warn,
)

if TYPE_CHECKING:
    from clusterxchange.kpi import KpiReport, Plan, PlanItem
    from clusterxchange.model import Exchange, Generation

__all__ = ["CSV_COLUMNS", "EPILOG", "HELP", "NAME", "register", "run"]

NAME = "plan"
HELP = (
    "what is still missing against the targets, and the fewest further exchanges that meet "
    "every target, with the lump-sum budget they imply"
)
EPILOG = """\
exit codes:
  0  the plan is printed (rows left out as unusable are listed on stderr)
  2  nothing could be read, an unknown partnership or host country, or the command is misused

example:
  clusterxchange plan exchanges.csv --targets targets.toml --host-countries DK,DE,PT
"""

#: The columns of ``--format csv``: one row per group of further exchanges.
CSV_COLUMNS: tuple[str, ...] = ("kind", "relation", "count", "description")

# The words of the text and markdown outputs.
_TITLE = "Plan: the fewest further completed exchanges that meet every target"
_MISSING = "Still missing"
_HEADER_MISSING = ("KPI", "Target", "Reached", "Pending", "Still needed")
_HEADER_ITEMS = ("Further exchanges", "Visitor kind", "Inside or outside")
_ANY_KIND = "any kind"
_OUTSIDE = "outside the partnership"
_EITHER = "inside or outside"
_ALL_MET = "Every target is met: no further exchange is needed."
_BINDING = MappingProxyType(
    {
        "exchanges": "the exchanges target",
        "outside_partnership": "the outside-the-partnership target",
        "visitor_kinds": "the per-kind targets together",
    }
)
_NO_BUDGET = "No budget: no host country to price the exchanges in (give --host-countries CC,...)."


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_file(parser)
    add_targets(
        parser,
        required=True,
        partnership="the visitor partnership counted (default: the targets' partnership)",
    )
    parser.add_argument(
        "--host-countries",
        metavar="CC,...",
        default=None,
        help="the host countries expected for the further exchanges (codes or names, comma-"
        "separated; one listed twice counts twice); default: the host countries of the "
        "partnership's exchanges, as often as each hosted one",
    )
    parser.add_argument(
        "--count-pending",
        action="store_true",
        help="count the exchanges awaiting their final report as if completed",
    )
    add_generation(
        parser, "generation id, or a custom generation file, whose ceilings price the plan; "
        "default: the newest",
    )  # fmt: skip
    add_directory(parser)
    add_format(parser, ("text", "json", "csv", "markdown"))
    add_locale(parser)
    add_columns(parser)


def _countries(text: str) -> list[str]:
    from clusterxchange.model.countries import normalize_country

    return [normalize_country(part) for part in text.split(",") if part.strip()]


def _table_countries(
    exchanges: Sequence[Exchange], partnership: str | None, generation: Generation
) -> list[str]:
    """The host countries of the partnership's exchanges (not cancelled), once per exchange.

    Only those with a ceiling in *generation*: the others are named in a warning.
    """
    from clusterxchange.kpi._count import partnership_key
    from clusterxchange.model import Status

    wanted = None if partnership is None else partnership_key(partnership)
    seen = Counter(
        e.host.country
        for e in exchanges
        if e.host.country is not None
        and e.status is not Status.CANCELLED
        and (wanted is None or partnership_key(e.visitor_partnership or "") == wanted)
    )
    unpriced = sorted(c for c in seen if generation.ceiling(c) is None)
    if unpriced:
        warn(
            f"host countries without a ceiling in {generation.id} left out of the budget: "
            + ", ".join(unpriced)
        )
    return [c for c, n in seen.items() if c not in unpriced for _ in range(n)]


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the plan for the table in ``args.file`` against ``args.targets``."""
    from clusterxchange.generations import all_generations
    from clusterxchange.kpi import kpis, load_targets, plan
    from clusterxchange.model.formatting import parse_locale

    parse_locale(args.locale)
    targets = load_targets(args.targets)
    generation = (
        all_generations()[-1] if args.generation is None else resolve_generation(args.generation)
    )
    given = None if args.host_countries is None else _countries(args.host_countries)
    if given is not None and not given:
        return fail(f"--host-countries {args.host_countries!r}: expected at least one country")
    table = read_table(args)
    failed = report_unusable_rows(table)
    if failed is not None:
        return failed
    check_partnerships(args, targets, table.exchanges)
    report = kpis(table.exchanges, partnership=args.partnership, targets=targets)
    countries = (
        given
        if given is not None
        else _table_countries(table.exchanges, report.partnership, generation)
    )
    result = plan(
        report,
        count_pending=args.count_pending,
        host_countries=countries or None,
        generation=generation if countries else None,
    )
    if args.format == "json":
        payload: dict[str, Any] = {
            "partnership": report.partnership,
            "count_pending": args.count_pending,
            "host_countries_from": "option" if given is not None else "table",
            "targets": report.as_dict(rows=table.rows)["targets"],
            **result.as_dict(),
            "errors": [problem_json(p) for p in table.errors],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        from clusterxchange.io import write_table

        write_table(
            out,
            CSV_COLUMNS,
            [
                (
                    None if i.kind is None else i.kind.value,
                    None if i.relation is None else i.relation.value,
                    i.count,
                    i.describe(),
                )
                for i in result.items
            ],
        )
    else:
        out.write(_render(report, result, markdown=args.format == "markdown", locale=args.locale))
    return EXIT_OK


def _item_cells(item: PlanItem) -> tuple[str, str, str]:
    from clusterxchange.kpi._targets import KIND_NAMES
    from clusterxchange.model import Relation

    kind = _ANY_KIND if item.kind is None else KIND_NAMES[item.kind][0]
    where = _OUTSIDE if item.relation is Relation.OUTSIDE else _EITHER
    return str(item.count), kind, where


def _render(report: KpiReport, result: Plan, *, markdown: bool, locale: str) -> str:
    from clusterxchange.kpi import kpi_label
    from clusterxchange.model.formatting import format_country, format_money, format_number

    table = markdown_table if markdown else text_table
    heading = f"## {_TITLE}\n\n" if markdown else f"{_TITLE}\n{'=' * len(_TITLE)}\n\n"
    parts = [heading]
    if report.partnership is not None:
        parts.append(f"Partnership: {report.partnership}\n\n")
    missing = [_HEADER_MISSING] + [
        (
            kpi_label(s.kpi),
            format_number(s.target, locale),
            format_number(s.actual, locale),
            format_number(s.pending, locale),
            format_number(result.remaining.get(s.kpi, 0), locale),
        )
        for s in report.statuses
    ]
    parts.append(f"{'### ' if markdown else ''}{_MISSING}\n\n")
    parts.append(table(missing, right=(1, 2, 3, 4)) + "\n")
    if not result.exchanges:
        parts.append(_ALL_MET + "\n")
        return "".join(parts)
    binding = " and ".join(_BINDING[b] for b in result.binding)
    parts.append(
        f"{format_number(result.exchanges, locale)} further completed exchanges meet every "
        f"target (as many as {binding} need):\n\n"
    )
    parts.append(table([_HEADER_ITEMS, *(_item_cells(i) for i in result.items)], right=(0,)))
    budget = result.budget
    if budget is None:
        parts.append("\n" + _NO_BUDGET + "\n")
        return "".join(parts)

    def money(amount: Any) -> str:
        return format_money(amount, budget.currency, locale)

    hosts = ", ".join(
        f"{format_country(c, locale)} {money(a)}" for c, a in budget.per_exchange.items()
    )
    parts.append(
        f"\nBudget: {money(budget.expected)} expected, from {money(budget.minimum)} to "
        f"{money(budget.maximum)} (generation {budget.generation}).\n"
        f"Lump sum of one exchange by host country: {hosts}.\n"
        f"Assuming {budget.assumption}; the host countries weigh as often as they are listed.\n"
    )
    return "".join(parts)
