"""Budgets and payments: lump sums totalled by partnership, host country and status.

Each exchange falls in one budget category, from its lifecycle status:

- ``committed``: matched, prepared, in progress or awaiting the final report: the lump sum is
  promised but not yet due;
- ``payable``: completed (final report validated) and not paid;
- ``paid``: paid, at the amount of the recorded :class:`~clusterxchange.model.Payment` when
  there is one, else at the lump sum. A completed exchange with a recorded payment counts as
  paid too: the payment record is the evidence. The lump sum is a ceiling, not an
  entitlement ("must not exceed the threshold defined per host country"): a payment below it
  is valid and counted as recorded, and an exchange whose visitor did not use the lump sum
  (``Exchange.lump_sum_used`` false) costs nothing.

Draft and registered exchanges (nothing promised yet) and cancelled ones (nothing owed) are
not counted, but listed in :attr:`Budget.excluded` with the reason. An exchange whose amount
cannot be computed (no generation, no ceiling for its host country, no working days, ...) is
listed in :attr:`Budget.unpriced` with the reason, and the columns that would price it when
a value is not recorded (see :func:`clusterxchange.lump_sum`): no exchange is silently
dropped.

Checked exchanges are priced once: given verdicts (anything with an ``exchange``, a
``lump_sum`` and an ``unpriced`` reason, such as
:class:`~clusterxchange.eligibility.Verdict`), the budget counts each verdict's lump sum, as
the check decided it, instead of pricing the exchange again.

The payment is due ``Generation.payment_days`` after the final report is validated
(docs/domain.md, "Money").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Protocol

import attrs

from clusterxchange.model import Exchange, Generation, Status
from clusterxchange.model._collector import paused_collection
from clusterxchange.model._validate import to_tuple_of
from clusterxchange.model.errors import (
    ClusterXchangeError,
    InvalidValueError,
    UnknownGenerationError,
    UnpricedError,
)
from clusterxchange.model.translations import N_
from clusterxchange.money.days import CalendarProvider, HolidayCalendar
from clusterxchange.money.pricing import LumpSum, Unpriced, lump_sum

__all__ = [
    "CATEGORIES",
    "ROW_COLUMNS",
    "Budget",
    "BudgetLine",
    "OverduePayment",
    "Priced",
    "SetAside",
    "Totals",
    "budget",
    "overdue_payments",
    "payment_due",
]

#: The budget categories, in lifecycle order.
CATEGORIES: tuple[str, ...] = ("committed", "payable", "paid")

#: The category of each counted status (the others are excluded, see the module doc).
_CATEGORY: Mapping[Status, str] = MappingProxyType(
    {
        Status.MATCHED: "committed",
        Status.PREPARED: "committed",
        Status.IN_PROGRESS: "committed",
        Status.AWAITING_FINAL_REPORT: "committed",
        Status.COMPLETED: "payable",
        Status.PAID: "paid",
    }
)

_EXCLUDED: Mapping[Status, str] = MappingProxyType(
    {
        # Marked for the catalogues: a report translates them where it writes them.
        Status.DRAFT: N_("a draft: nothing is promised before the exchange is matched"),
        Status.REGISTERED: N_("registered, not matched: nothing is promised yet"),
        Status.CANCELLED: N_("cancelled: nothing is owed"),
    }
)

#: The columns of :meth:`Budget.rows`.
ROW_COLUMNS: tuple[str, ...] = (
    "scope",
    "key",
    "currency",
    "exchanges",
    "committed",
    "payable",
    "paid",
    "total",
)

_ZERO = Decimal("0.00")
_CENT = Decimal("0.01")


@attrs.frozen(kw_only=True)
class Totals:
    """Amounts per budget category, and how many exchanges they hold.

    >>> t = Totals().add("committed", Decimal("830.00")).add("paid", Decimal("415.00"))
    >>> t.total, t.exchanges
    (Decimal('1245.00'), 2)
    """

    committed: Decimal = _ZERO
    payable: Decimal = _ZERO
    paid: Decimal = _ZERO
    exchanges: int = 0

    @property
    def total(self) -> Decimal:
        """The sum of the three categories."""
        return self.committed + self.payable + self.paid

    def add(self, category: str, amount: Decimal) -> Totals:
        """Return these totals with *amount* added to *category* (one more exchange).

        Raises:
            InvalidValueError: *category* is not one of :data:`CATEGORIES`, or *amount* is not
                a finite Decimal.
        """
        if category not in CATEGORIES:
            raise InvalidValueError(
                f"unknown budget category {category!r}: expected one of {', '.join(CATEGORIES)}"
            )
        given: object = amount  # callers without type checking may pass anything
        if not isinstance(given, Decimal) or not given.is_finite():
            raise InvalidValueError(f"amount: expected a finite Decimal, got {given!r:.80}")
        return attrs.evolve(
            self,
            exchanges=self.exchanges + 1,
            **{category: getattr(self, category) + amount},
        )

    def __add__(self, other: object) -> Totals:
        if not isinstance(other, Totals):
            return NotImplemented
        return Totals(
            committed=self.committed + other.committed,
            payable=self.payable + other.payable,
            paid=self.paid + other.paid,
            exchanges=self.exchanges + other.exchanges,
        )


@attrs.frozen(kw_only=True)
class BudgetLine:
    """One counted exchange: its category and amount.

    Attributes:
        exchange: The exchange.
        category: ``committed``, ``payable`` or ``paid``.
        amount: The amount counted: the recorded payment for a paid exchange that has one,
            else the lump sum.
        lump_sum: The computed lump sum (``None`` for a recorded payment whose lump sum
            cannot be computed).
        from_payment: Whether :attr:`amount` is the recorded payment.
    """

    exchange: Exchange
    category: str
    amount: Decimal
    lump_sum: LumpSum | None
    from_payment: bool = False


@attrs.frozen(kw_only=True)
class SetAside:
    """An exchange the budget does not count, and why.

    Attributes:
        exchange: The exchange.
        reason: Why it is not counted, in words.
        missing: For an exchange that cannot be priced for lack of a value, the table
            columns that would price it (``host_country``, ``distance_km``, ...); else empty.
    """

    exchange: Exchange
    reason: str
    missing: tuple[str, ...] = ()


class Priced(Protocol):
    """An exchange priced already: its lump sum, or why it has none (a verdict is one)."""

    @property
    def exchange(self) -> Exchange:
        """The exchange."""

    @property
    def lump_sum(self) -> LumpSum | None:
        """Its lump sum, or ``None`` (then :attr:`unpriced` says why)."""

    @property
    def unpriced(self) -> Unpriced | None:
        """Why it has no lump sum, or ``None`` when it has one."""


def _summed(lines: Iterable[BudgetLine]) -> Totals:
    """Return the totals of *lines*: what adding them one by one gives, in one object.

    :meth:`Totals.add` makes a new object per line; a budget of 100,000 exchanges took 0.2 s
    that way for each of its sums (Decimal sums are exact: the order changes nothing).
    """
    sums = dict.fromkeys(CATEGORIES, _ZERO)
    count = 0
    for line in lines:
        sums[line.category] += line.amount
        count += 1
    return Totals(exchanges=count, **sums)


def _sum_by(lines: Iterable[BudgetLine], key: str) -> dict[str | None, Totals]:
    groups: dict[str | None, list[BudgetLine]] = {}
    for line in lines:
        name = (
            line.exchange.visitor_partnership
            if key == "visitor_partnership"
            else line.exchange.host.country
        )
        groups.setdefault(name, []).append(line)
    totals = {name: _summed(group) for name, group in groups.items()}
    return dict(sorted(totals.items(), key=lambda item: (item[0] is None, item[0] or "")))


def _cents(amount: Decimal) -> str:
    return f"{amount.quantize(_CENT, rounding=ROUND_HALF_UP)}"


@attrs.frozen(kw_only=True)
class Budget:
    """Lump sums totalled per visitor partnership, per host country and per category.

    Attributes:
        currency: The currency of every amount (``None`` when nothing is counted).
        lines: The counted exchanges, in input order.
        unpriced: Exchanges whose amount cannot be computed, with the reason.
        excluded: Draft, registered and cancelled exchanges, with the reason.
    """

    currency: str | None
    lines: tuple[BudgetLine, ...]
    unpriced: tuple[SetAside, ...] = ()
    excluded: tuple[SetAside, ...] = ()

    @property
    def totals(self) -> Totals:
        """The totals over every counted exchange."""
        return _summed(self.lines)

    @property
    def by_visitor_partnership(self) -> dict[str | None, Totals]:
        """The totals per visitor partnership (``None``: not recorded), sorted by name."""
        return _sum_by(self.lines, "visitor_partnership")

    @property
    def by_host_country(self) -> dict[str | None, Totals]:
        """The totals per host country code, sorted by code."""
        return _sum_by(self.lines, "host_country")

    def rows(self) -> tuple[dict[str, str], ...]:
        """Return the budget as table rows with the columns :data:`ROW_COLUMNS`, for CSV.

        One ``total`` row, one row per visitor partnership and per host country, then one
        ``unpriced`` and one ``excluded`` row counting the exchanges set aside (amounts
        blank), so a spreadsheet shows them too.

        >>> Budget(currency="EUR", lines=()).rows()[0]["total"]
        '0.00'
        """
        currency = self.currency or ""

        def row(scope: str, key: str, totals: Totals) -> dict[str, str]:
            return {
                "scope": scope,
                "key": key,
                "currency": currency,
                "exchanges": str(totals.exchanges),
                "committed": _cents(totals.committed),
                "payable": _cents(totals.payable),
                "paid": _cents(totals.paid),
                "total": _cents(totals.total),
            }

        rows = [row("total", "", self.totals)]
        rows += [
            row("visitor_partnership", k or "", t) for k, t in self.by_visitor_partnership.items()
        ]
        rows += [row("host_country", k or "", t) for k, t in self.by_host_country.items()]
        for scope, count in (("unpriced", len(self.unpriced)), ("excluded", len(self.excluded))):
            blank = dict.fromkeys(ROW_COLUMNS, "")
            rows.append({**blank, "scope": scope, "currency": currency, "exchanges": str(count)})
        return tuple(rows)


def _name(exchange: Exchange) -> str:
    if exchange.id:
        return f"exchange {exchange.id}"
    return f"the exchange of {exchange.visitor.name} at {exchange.host.name}"


def _generation_of(
    exchange: Exchange, fixed: Generation | None, pool: tuple[Generation, ...]
) -> Generation:
    """Return the generation of *exchange*: *fixed*, else the one it names, else by its start.

    Raises:
        UnknownGenerationError: The named generation is unknown, no start date is known, or
            the start date is in no generation's period or in several (never a guess).
    """
    from clusterxchange.generations import generation_for

    if fixed is not None:
        return fixed
    known = [g.id for g in pool]
    if exchange.generation is not None:
        for candidate in pool:
            if candidate.id.casefold() == exchange.generation.casefold():
                return candidate
        raise UnknownGenerationError(
            exchange.generation,
            known,
            f"{_name(exchange)}: unknown generation {exchange.generation!r} "
            f"(known: {', '.join(known)})",
        )
    if exchange.start is None:
        raise UnknownGenerationError(
            None, known, f"{_name(exchange)}: no generation named and no start date to find it by"
        )
    try:
        return generation_for(exchange.start, pool)
    except UnknownGenerationError as error:
        raise UnknownGenerationError(None, known, f"{_name(exchange)}: {error}") from None


def _iterable(values: object, name: str) -> Iterable[object]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidValueError(f"{name}: expected exchanges, got {type(values).__name__}")
    return values


def _pool(generations: Iterable[Generation] | None) -> tuple[Generation, ...]:
    from clusterxchange.generations import all_generations

    if generations is None:
        return all_generations()
    return to_tuple_of(generations, Generation, "generations")


def _fixed(generation: Generation | str | None) -> Generation | None:
    from clusterxchange.generations import get_generation

    return None if generation is None else get_generation(generation)


def budget(
    exchanges: Iterable[Exchange | Priced],
    generation: Generation | str | None = None,
    *,
    calendar: HolidayCalendar | CalendarProvider | None = None,
    generations: Iterable[Generation] | None = None,
) -> Budget:
    """Return the budget of *exchanges*: every lump sum, totalled by partnership, country, status.

    Python's cyclic garbage collector is paused while the lines are built (and restored
    after): they form no reference cycles, and on a large dataset the collector would spend
    about a third of the time walking them to free nothing.

    Args:
        exchanges: The exchanges, in any order; or verdicts (see :class:`Priced`), whose
            lump sums are counted as the check priced them (*generation*, *calendar* and
            *generations* are then not used for them).
        generation: The generation for every exchange; ``None``: each exchange's own named
            generation, else the one whose period holds its start date.
        calendar: Holiday calendar (or provider per host country) for counting working days.
        generations: Where to look generations up (default: the shipped ones); pass custom
            generations here so that exchanges naming them are priced by them.

    Raises:
        UnknownGenerationError: *generation* is given and is not a known id.
        InvalidValueError: An item of *exchanges* is neither an :class:`Exchange` nor priced.

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
    >>> done = Exchange(host=host, visitor=visitor, working_days=10, distance_km=2000,
    ...                 status="completed", visitor_partnership="AERO")
    >>> b = budget([done, attrs.evolve(done, status="matched", working_days=4)], "cxc2")
    >>> b.totals.payable, b.totals.committed, b.by_visitor_partnership["AERO"].total
    (Decimal('830.00'), Decimal('415.00'), Decimal('1245.00'))
    >>> from clusterxchange.eligibility import check_exchange
    >>> checked = check_exchange(attrs.evolve(done, start=dt.date(2023, 3, 6),
    ...                                       end=dt.date(2023, 3, 17)), "cxc2")
    >>> budget([checked]).totals.payable, checked.lump_sum.amount
    (Decimal('830.00'), Decimal('830.00'))
    """
    fixed = _fixed(generation)
    pool = _pool(generations)
    # What a budget builds forms no reference cycle (model/_collector.py): the collector
    # would walk the growing lists again and again to free nothing.
    with paused_collection():
        lines: list[BudgetLine] = []
        unpriced: list[SetAside] = []
        excluded: list[SetAside] = []
        currency: str | None = None
        for index, item in enumerate(_iterable(exchanges, "exchanges")):
            exchange = item if isinstance(item, Exchange) else getattr(item, "exchange", None)
            if not isinstance(exchange, Exchange) or not (
                item is exchange or (hasattr(item, "lump_sum") and hasattr(item, "unpriced"))
            ):
                got = type(item).__name__
                raise InvalidValueError(
                    f"exchanges[{index}]: expected an Exchange or a verdict, got {got}"
                )
            category = _CATEGORY.get(exchange.status)
            if category is None:
                excluded.append(SetAside(exchange=exchange, reason=_EXCLUDED[exchange.status]))
                continue
            paid = exchange.payment
            if paid is not None:
                category = "paid"
            if isinstance(item, Exchange):
                priced, reason, missing = _price(exchange, fixed, pool, calendar)
            else:
                priced, reason, missing = _as_checked(item)
            if priced is not None and currency is not None and priced.currency != currency:
                priced = None
                reason = f"{_name(exchange)}: an amount in another currency than {currency}"
            if priced is not None:
                currency = priced.currency
            if not exchange.lump_sum_used:
                amount = Decimal("0.00")  # a ceiling, not an entitlement: nothing was claimed
            elif paid is not None:
                amount = paid.amount
            elif priced is not None:
                amount = priced.amount
            else:
                unpriced.append(SetAside(exchange=exchange, reason=reason, missing=missing))
                continue
            lines.append(
                BudgetLine(
                    exchange=exchange,
                    category=category,
                    amount=amount,
                    lump_sum=priced,
                    from_payment=paid is not None,
                )
            )
    return Budget(
        currency=currency, lines=tuple(lines), unpriced=tuple(unpriced), excluded=tuple(excluded)
    )


def _price(
    exchange: Exchange,
    fixed: Generation | None,
    pool: tuple[Generation, ...],
    calendar: HolidayCalendar | CalendarProvider | None,
) -> tuple[LumpSum | None, str, tuple[str, ...]]:
    """Return the lump sum of an exchange not checked, or why it has none and what is missing."""
    try:
        return lump_sum(exchange, _generation_of(exchange, fixed, pool), calendar=calendar), "", ()
    except UnpricedError as error:
        return None, str(error), error.missing
    except ClusterXchangeError as error:
        missing: tuple[str, ...] = ()
        if fixed is None and exchange.generation is None and exchange.start is None:
            missing = ("generation", "start")
        return None, str(error), missing


def _as_checked(item: object) -> tuple[LumpSum | None, str, tuple[str, ...]]:
    """Return the lump sum of a checked exchange (a :class:`Priced`), or why it has none."""
    priced: LumpSum | None = getattr(item, "lump_sum", None)
    why: Unpriced | None = getattr(item, "unpriced", None)
    if priced is not None or why is None:
        return priced, "", ()
    return None, why.reason, why.missing


def payment_due(exchange: Exchange, generation: Generation | str) -> dt.date | None:
    """Return the day the lump sum is due: the validated final report + ``payment_days``.

    ``None`` while the final report is not validated.

    Raises:
        InvalidValueError: *exchange* is not an :class:`Exchange`.
        UnknownGenerationError: *generation* is not a known id.

    >>> from clusterxchange.model import Documents, FinalReport, Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
    >>> report = FinalReport(submitted=dt.date(2023, 4, 3), validated=dt.date(2023, 4, 12))
    >>> e = Exchange(host=host, visitor=visitor, documents=Documents(final_report=report))
    >>> payment_due(e, "cxc2")
    datetime.date(2023, 4, 22)
    """
    if not isinstance(exchange, Exchange):
        raise InvalidValueError(f"expected an Exchange, got {type(exchange).__name__}")
    from clusterxchange.generations import get_generation

    rules = get_generation(generation)
    report = exchange.documents.final_report
    if report is None or report.validated is None:
        return None
    return _due(report.validated, rules)


def _due(validated: dt.date, rules: Generation) -> dt.date:
    # docs/domain.md "Money": one instalment within payment_days of the validated final report.
    return validated + dt.timedelta(days=rules.payment_days.value)


@attrs.frozen(kw_only=True)
class OverduePayment:
    """A completed exchange whose lump sum should have been paid by now.

    Attributes:
        exchange: The exchange.
        due: The day the payment was due.
        days_overdue: Days from *due* to the day asked about.
        amount: The lump sum owed, or ``None`` when it cannot be computed.
        reason: Why the amount is unknown, when it is.
    """

    exchange: Exchange
    due: dt.date
    days_overdue: int
    amount: Decimal | None
    reason: str = ""


def overdue_payments(
    exchanges: Iterable[Exchange],
    on: dt.date,
    generation: Generation | str | None = None,
    *,
    calendar: HolidayCalendar | CalendarProvider | None = None,
    generations: Iterable[Generation] | None = None,
) -> tuple[OverduePayment, ...]:
    """Return the completed, unpaid exchanges whose payment was due before *on*, in input order.

    An exchange counts when its status is ``completed``, no payment is recorded, its final
    report is validated, and the due day (:func:`payment_due`) is before *on*.

    Raises:
        InvalidValueError: *on* is not a date, or an item is not an :class:`Exchange`.
        UnknownGenerationError: The generation of a completed, validated and unpaid exchange
            cannot be determined (its due day depends on it): the message names the exchange.

    >>> from clusterxchange.model import Documents, FinalReport, Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
    >>> report = FinalReport(submitted=dt.date(2023, 4, 3), validated=dt.date(2023, 4, 12))
    >>> e = Exchange(host=host, visitor=visitor, status="completed", working_days=10,
    ...              documents=Documents(final_report=report), generation="cxc2")
    >>> [p.days_overdue for p in overdue_payments([e], dt.date(2023, 5, 2))]
    [10]
    """
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidValueError(f"on: expected a date, got {type(on).__name__}")
    fixed = _fixed(generation)
    pool = _pool(generations)
    overdue: list[OverduePayment] = []
    for index, exchange in enumerate(_iterable(exchanges, "exchanges")):
        if not isinstance(exchange, Exchange):
            raise InvalidValueError(
                f"exchanges[{index}]: expected an Exchange, got {type(exchange).__name__}"
            )
        report = exchange.documents.final_report
        if (
            exchange.status is not Status.COMPLETED
            or exchange.payment is not None
            or report is None
            or report.validated is None
        ):
            continue
        rules = _generation_of(exchange, fixed, pool)
        due = _due(report.validated, rules)
        if due >= on:
            continue
        try:
            amount: Decimal | None = lump_sum(exchange, rules, calendar=calendar).amount
            reason = ""
        except ClusterXchangeError as error:
            amount, reason = None, str(error)
        overdue.append(
            OverduePayment(
                exchange=exchange,
                due=due,
                days_overdue=(on - due).days,
                amount=amount,
                reason=reason,
            )
        )
    return tuple(overdue)
