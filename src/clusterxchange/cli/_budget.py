"""``clusterxchange budget``: the lump sums committed, payable and paid, and overdue payments.

Every exchange of the table falls in one category (:mod:`clusterxchange.reports.budgets`):
committed (matched to awaiting the final report), payable (completed, not paid) or paid; drafts,
registered and cancelled exchanges are not counted and are listed with the reason, as are
exchanges that cannot be priced (with the columns that would price them). Totals are given
over the table, by visitor partnership and by host country.

A payment is overdue when the final report was validated more than the generation's
``payment_days`` before ``--on`` (default: today) and nothing is paid: a table gives the day in
its ``report_validated`` column and the payment in ``paid_on`` and ``paid_amount``. For the
payable exchanges whose row has no validation day the command says how many it cannot tell
about rather than guess.

Exit codes: 0 every exchange is priced and no payment is overdue; 1 some exchange cannot be
priced, a payment is overdue, or some rows are unusable (each listed); 2 nothing could be
read or the command is misused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
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
    markdown_table,
    parse_day,
    problem_json,
    read_table,
    report_unusable_rows,
    resolve_generation,
    text_table,
)
from clusterxchange.model.errors import ClusterXchangeError
from clusterxchange.model.translations import N_, translation

if TYPE_CHECKING:
    from clusterxchange.model import Exchange, Generation
    from clusterxchange.reports.budgets import Budget, OverduePayment, Totals

__all__ = ["EPILOG", "HELP", "NAME", "register", "run"]

NAME = "budget"
HELP = (
    "the lump sums committed, payable and paid, by visitor partnership and host country, "
    "and the payments overdue"
)
EPILOG = """\
exit codes:
  0  every exchange counted is priced and no payment is overdue
  1  some exchange cannot be priced, a payment is overdue, or some rows are unusable
  2  nothing could be read, or the command is misused (one line on stderr)

example:
  clusterxchange budget exchanges.csv --on 2024-06-30 --format markdown
"""

# The words of the text and markdown outputs, translated where they are written.
_TITLE = N_("Budget: lump sums by category")
_CATEGORIES = N_(
    "committed: matched to awaiting the final report; payable: completed, not paid; paid"
)
_HEADER = ("", N_("Exchanges"), N_("Committed"), N_("Payable"), N_("Paid"), N_("Total"))
_ALL = N_("All exchanges counted")
_BY_PARTNERSHIP = N_("By visitor partnership")
_BY_COUNTRY = N_("By host country")
_NOT_RECORDED = N_("(not recorded)")
_EXCLUDED = N_("Not counted (nothing is promised or owed yet)")
_UNPRICED = N_("Not priced (a value is missing or wrong)")


def register(parser: argparse.ArgumentParser) -> None:
    """Add this command's options to *parser*."""
    add_file(parser)
    parser.add_argument(
        "--on",
        metavar="DATE",
        default=None,
        help="the day overdue payments are counted on (2024-06-30 or 30/06/2024; default: today)",
    )
    add_generation(
        parser,
        "generation id, or a custom generation file, for every row; default: the generation "
        "each row names, else the one whose period holds its first day",
    )
    add_directory(parser)
    add_format(parser, ("text", "json", "csv", "markdown"))
    add_locale(parser)
    add_columns(parser)


def _overdue(
    exchanges: Sequence[Exchange], on: dt.date, generation: Generation | None
) -> tuple[list[OverduePayment], list[Exchange], list[tuple[Exchange, str]]]:
    """Return the overdue payments, the payable exchanges it cannot tell about, and failures.

    Each exchange is asked about alone, so one whose generation cannot be told is listed
    (with the reason) instead of stopping the others.
    """
    from clusterxchange.model import Status
    from clusterxchange.reports.budgets import overdue_payments

    overdue: list[OverduePayment] = []
    unknown: list[Exchange] = []
    failed: list[tuple[Exchange, str]] = []
    for exchange in exchanges:
        if exchange.status is not Status.COMPLETED or exchange.payment is not None:
            continue
        report = exchange.documents.final_report
        if report is None or report.validated is None:
            unknown.append(exchange)
            continue
        try:
            overdue.extend(overdue_payments([exchange], on, generation))
        except ClusterXchangeError as error:
            failed.append((exchange, str(error)))
    return overdue, unknown, failed


def _cents(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _totals(totals: Totals) -> dict[str, Any]:
    return {
        "exchanges": totals.exchanges,
        "committed": _cents(totals.committed),
        "payable": _cents(totals.payable),
        "paid": _cents(totals.paid),
        "total": _cents(totals.total),
    }


def run(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the budget of the table in ``args.file``."""
    from clusterxchange.model.formatting import parse_locale
    from clusterxchange.reports.budgets import budget

    parse_locale(args.locale)
    # The coordinator's own day, as the calendar on their wall shows it.
    on = dt.date.today() if args.on is None else parse_day("--on", args.on)  # noqa: DTZ011
    generation = None if args.generation is None else resolve_generation(args.generation)
    table = read_table(args)
    failed = report_unusable_rows(table)
    if failed is not None:
        return failed
    pool = None if generation is None else (generation,)
    result = budget(table.exchanges, generation, generations=pool)
    overdue, unknown, undated = _overdue(table.exchanges, on, generation)
    row_of = {id(e): row for e, row in zip(table.exchanges, table.rows, strict=True)}

    def where(exchange: Exchange) -> dict[str, Any]:
        return {"row": row_of.get(id(exchange)), "id": exchange.id}

    if args.format == "json":
        payload = {
            "currency": result.currency,
            "generation": None if generation is None else generation.id,
            "on": on.isoformat(),
            "totals": _totals(result.totals),
            "by_visitor_partnership": [
                {"partnership": k, **_totals(t)} for k, t in result.by_visitor_partnership.items()
            ],
            "by_host_country": [
                {"host_country": k, **_totals(t)} for k, t in result.by_host_country.items()
            ],
            "unpriced": [
                {**where(s.exchange), "reason": s.reason, "missing": list(s.missing)}
                for s in result.unpriced
            ],
            "excluded": [
                {**where(s.exchange), "status": s.exchange.status.value, "reason": s.reason}
                for s in result.excluded
            ],
            "overdue": [
                {
                    **where(p.exchange),
                    "due": p.due.isoformat(),
                    "days_overdue": p.days_overdue,
                    "amount": _cents(p.amount),
                    "reason": p.reason or None,
                }
                for p in overdue
            ],
            "due_unknown": [where(e)["row"] for e in unknown],
            "due_failed": [{**where(e), "reason": reason} for e, reason in undated],
            "errors": [problem_json(p) for p in table.errors],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        _write_csv(out, result, overdue, row_of)
    else:
        out.write(
            _render(
                result,
                overdue=overdue,
                unknown=len(unknown),
                undated=undated,
                on=on,
                row_of=row_of,
                markdown=args.format == "markdown",
                locale=args.locale,
            )
        )
    problems = result.unpriced or overdue or undated or table.errors
    return EXIT_INELIGIBLE if problems else EXIT_OK


def _write_csv(
    out: IO[str], result: Budget, overdue: Sequence[OverduePayment], row_of: Mapping[int, int]
) -> None:
    """The rows of :meth:`Budget.rows`, then one ``overdue`` row per overdue payment."""
    from clusterxchange.io import write_table
    from clusterxchange.reports.budgets import ROW_COLUMNS

    rows: list[list[object]] = [[r[c] for c in ROW_COLUMNS] for r in result.rows()]
    for payment in overdue:
        e = payment.exchange
        cells: dict[str, object] = dict.fromkeys(ROW_COLUMNS)
        cells.update(
            scope="overdue",
            key=e.id or f"row {row_of.get(id(e))}",
            currency=result.currency,
            exchanges=1,
            payable=payment.amount,
            total=payment.amount,
        )
        rows.append([cells[c] for c in ROW_COLUMNS])
    write_table(out, ROW_COLUMNS, rows)


def _render(
    result: Budget,
    *,
    overdue: Sequence[OverduePayment],
    unknown: int,
    undated: Sequence[tuple[Exchange, str]],
    on: dt.date,
    row_of: Mapping[int, int],
    markdown: bool,
    locale: str,
) -> str:
    from clusterxchange.model.formatting import (
        format_country,
        format_date,
        format_money,
        format_number,
    )

    t = translation(locale)
    _ = t.gettext
    currency = result.currency or "EUR"
    table = markdown_table if markdown else text_table
    head = "### " if markdown else ""

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    def line(label: str, totals: Totals) -> tuple[str, ...]:
        amounts = (totals.committed, totals.payable, totals.paid, totals.total)
        return (label, format_number(totals.exchanges, locale), *map(money, amounts))

    def label(exchange: Exchange) -> str:
        who = f"{exchange.visitor.name} -> {exchange.host.name}"
        return _("row {row} ({exchange})").format(
            row=row_of.get(id(exchange)), exchange=exchange.id or who
        )

    header = tuple(map(_, _HEADER))
    rows = [header, line(_(_ALL), result.totals)]
    rows += [line(k or _(_NOT_RECORDED), v) for k, v in result.by_visitor_partnership.items()]
    right = (1, 2, 3, 4, 5)
    title = _(_TITLE)
    parts = [f"## {title}\n\n" if markdown else f"{title}\n{'=' * len(title)}\n\n"]
    parts.append(f"{_(_CATEGORIES)}.\n\n")
    parts.append(f"{head}{_(_BY_PARTNERSHIP)}\n\n" + table(rows, right=right) + "\n")
    countries = [header] + [
        line(_(_NOT_RECORDED) if k is None else format_country(k, locale), v)
        for k, v in result.by_host_country.items()
    ]
    parts.append(f"{head}{_(_BY_COUNTRY)}\n\n" + table(countries, right=right) + "\n")
    for name, set_aside in ((_EXCLUDED, result.excluded), (_UNPRICED, result.unpriced)):
        if set_aside:
            parts.append(f"{head}{_(name)}: {format_number(len(set_aside), locale)}\n\n")
            # A set-aside exchange's reason is the budget's marked message (translated) or
            # the library's English error message (shown as it is).
            parts.extend(f"- {label(s.exchange)}: {_(s.reason)}\n" for s in set_aside)
            parts.append("\n")
    day = format_date(on, locale)
    overdue_on = _("Overdue payments on {day}:").format(day=day)
    parts.append(f"{head}{overdue_on} ")
    if not overdue:
        parts.append(_("none known") + "\n")
    else:
        parts.append(f"{format_number(len(overdue), locale)}\n\n")
        for p in overdue:
            amount = (
                _("amount unknown: {reason}").format(reason=p.reason)
                if p.amount is None
                else money(p.amount)
            )
            text = t.ngettext(
                "{exchange}: due {day}, {count} day overdue, {amount}",
                "{exchange}: due {day}, {count} days overdue, {amount}",
                p.days_overdue,
            )
            parts.append(
                "- "
                + text.format(
                    exchange=label(p.exchange),
                    day=format_date(p.due, locale),
                    count=format_number(p.days_overdue, locale),
                    amount=amount,
                )
                + "\n"
            )
    if unknown:
        text = t.ngettext(
            "{count} payable exchange has no validated final report recorded (no "
            "report_validated day on its row), so whether its payment is overdue cannot be told",
            "{count} payable exchanges have no validated final report recorded (no "
            "report_validated day on their rows), so whether their payment is overdue cannot be "
            "told",
            unknown,
        )
        parts.append(f"\n{text.format(count=format_number(unknown, locale))}.\n")
    for exchange, reason in undated:
        text = _("{exchange}: due day unknown: {reason}")
        parts.append(f"- {text.format(exchange=label(exchange), reason=reason)}\n")
    return "".join(parts)
