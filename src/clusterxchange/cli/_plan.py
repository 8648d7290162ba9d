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
from clusterxchange.model.translations import N_, and_list, translation

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

# The words of the text and markdown outputs, translated where they are written.
_TITLE = N_("Plan: the fewest further completed exchanges that meet every target")
_MISSING = N_("Still missing")
_HEADER_MISSING = (N_("KPI"), N_("Target"), N_("Reached"), N_("Pending"), N_("Still needed"))
_HEADER_ITEMS = (N_("Further exchanges"), N_("Visitor kind"), N_("Inside or outside"))
_ANY_KIND = N_("any kind")
_OUTSIDE = N_("outside the partnership")
_EITHER = N_("inside or outside")
_ALL_MET = N_("Every target is met: no further exchange is needed.")
_BINDING = MappingProxyType(
    {
        "exchanges": N_("the exchanges target"),
        "outside_partnership": N_("the outside-the-partnership target"),
        "visitor_kinds": N_("the per-kind targets together"),
    }
)
_NO_BUDGET = N_(
    "No budget: no host country to price the exchanges in (give --host-countries CC,...)."
)


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


def _item_cells(item: PlanItem, locale: str) -> tuple[str, str, str]:
    from clusterxchange.kpi._render import kind_name
    from clusterxchange.model import Relation
    from clusterxchange.model.formatting import format_number

    _ = translation(locale).gettext
    kind = _(_ANY_KIND) if item.kind is None else kind_name(item.kind, locale)
    where = _(_OUTSIDE) if item.relation is Relation.OUTSIDE else _(_EITHER)
    return format_number(item.count, locale), kind, where


def _render(report: KpiReport, result: Plan, *, markdown: bool, locale: str) -> str:
    from clusterxchange.kpi._render import kpi_title
    from clusterxchange.model.formatting import format_country, format_money, format_number

    t = translation(locale)
    _ = t.gettext
    table = markdown_table if markdown else text_table
    title = _(_TITLE)
    heading = f"## {title}\n\n" if markdown else f"{title}\n{'=' * len(title)}\n\n"
    parts = [heading]
    if report.partnership is not None:
        parts.append(_("Partnership: {partnership}").format(partnership=report.partnership))
        parts.append("\n\n")
    missing = [tuple(map(_, _HEADER_MISSING))] + [
        (
            kpi_title(s.kpi, locale),
            format_number(s.target, locale),
            format_number(s.actual, locale),
            format_number(s.pending, locale),
            format_number(result.remaining.get(s.kpi, 0), locale),
        )
        for s in report.statuses
    ]
    parts.append(f"{'### ' if markdown else ''}{_(_MISSING)}\n\n")
    parts.append(table(missing, right=(1, 2, 3, 4)) + "\n")
    if not result.exchanges:
        parts.append(_(_ALL_MET) + "\n")
        return "".join(parts)
    binding = and_list([_(_BINDING[b]) for b in result.binding], locale)
    parts.append(
        t.ngettext(
            "{count} further completed exchange meets every target (as many as {binding} need):",
            "{count} further completed exchanges meet every target (as many as {binding} need):",
            result.exchanges,
        ).format(count=format_number(result.exchanges, locale), binding=binding)
        + "\n\n"
    )
    items = [tuple(map(_, _HEADER_ITEMS)), *(_item_cells(i, locale) for i in result.items)]
    parts.append(table(items, right=(0,)))
    budget = result.budget
    if budget is None:
        parts.append("\n" + _(_NO_BUDGET) + "\n")
        return "".join(parts)

    def money(amount: Any) -> str:
        return format_money(amount, budget.currency, locale)

    hosts = ", ".join(
        f"{format_country(c, locale)} {money(a)}" for c, a in budget.per_exchange.items()
    )
    lines = (
        _(
            "Budget: {expected} expected, from {minimum} to {maximum} (generation {generation})."
        ).format(
            expected=money(budget.expected),
            minimum=money(budget.minimum),
            maximum=money(budget.maximum),
            generation=budget.generation,
        ),
        _("Lump sum of one exchange by host country: {hosts}.").format(hosts=hosts),
        _("Assuming {assumption}; the host countries weigh as often as they are listed.").format(
            assumption=budget.assumption_text(locale)
        ),
    )
    parts.append("\n" + "\n".join(lines) + "\n")
    return "".join(parts)
