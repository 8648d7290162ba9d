"""The SME test of Commission Recommendation 2003/361/EC: micro, small, medium or large.

Every number comes from :data:`~clusterxchange.eligibility._sme_ceilings.SME_DEFINITION`,
which cites its sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import cast

import attrs

from clusterxchange.eligibility._sme_ceilings import SME_DEFINITION, EnterpriseSize, SmeDefinition
from clusterxchange.model import AccountingPeriod, Holding, InvestorKind
from clusterxchange.model.errors import InvalidValueError

__all__ = ["EnterpriseClass", "classify_enterprise"]

_ORDER: tuple[EnterpriseSize, ...] = tuple(EnterpriseSize)


def _to_size(value: object) -> EnterpriseSize:
    try:
        return EnterpriseSize(cast("str", value))
    except ValueError:
        known = ", ".join(s.value for s in EnterpriseSize)
        raise InvalidValueError(f"size: expected one of {known}, got {value!r:.80}") from None


@attrs.frozen(kw_only=True)
class EnterpriseClass:
    """The size class of an enterprise, the figures it rests on, and why.

    Attributes:
        size: ``micro``, ``small``, ``medium`` or ``large``.
        reasons: Each step of the test, in words (aggregation, ceilings, status changes).
        period_end: The last day of the latest accounting period assessed.
        headcount: Staff of the latest period, linked and partner enterprises included.
        turnover: Turnover of the latest period, aggregated likewise (``None``: unknown).
        balance_sheet: Balance-sheet total of the latest period (``None``: unknown).

    >>> EnterpriseClass(size="small", reasons=(), period_end=dt.date(2023, 12, 31),
    ...                 headcount=Decimal(12), turnover=None, balance_sheet=None).is_sme
    True
    """

    size: EnterpriseSize = attrs.field(converter=_to_size)
    reasons: tuple[str, ...]
    period_end: dt.date
    headcount: Decimal
    turnover: Decimal | None
    balance_sheet: Decimal | None

    @property
    def is_sme(self) -> bool:
        """Whether the enterprise is an SME (micro, small or medium)."""
        return self.size is not EnterpriseSize.LARGE


@attrs.frozen
class _Figures:
    headcount: Decimal
    turnover: Decimal | None
    balance_sheet: Decimal | None
    public_body: Holding | None


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f} %"


def _amount(value: Decimal | None) -> str:
    return "unknown" if value is None else f"EUR {value:,f}"


def _add(total: Decimal | None, part: Decimal | None, factor: Decimal) -> Decimal | None:
    if total is None:
        return None
    return total if part is None else total + part * factor


def _exempt(holding: Holding, definition: SmeDefinition, reasons: list[str]) -> bool:
    """Return whether *holding* is an investor that keeps the enterprise autonomous (art. 3(2))."""
    if holding.investor not in definition.exempt_investors:
        return False
    if holding.share > definition.exempt_up_to:
        return False
    investor = holding.investor.value.replace("_", " ")
    label = f"{holding.name} ({investor}, {_percent(holding.share)})"
    if holding.investor is InvestorKind.BUSINESS_ANGEL:
        if holding.invested is not None and holding.invested >= definition.business_angel_limit:
            reasons.append(
                f"{label} has invested {_amount(holding.invested)}, not under "
                f"{_amount(definition.business_angel_limit)}: counted as an enterprise"
            )
            return False
        if holding.invested is None:
            reasons.append(f"{label}: amount invested not recorded, taken to be under the limit")
    reasons.append(f"{label} does not break autonomy")
    return True


def _aggregate(period: AccountingPeriod, definition: SmeDefinition, reasons: list[str]) -> _Figures:
    """Add linked enterprises in full and partner enterprises pro rata (art. 3 and 6)."""
    headcount: Decimal = period.headcount
    turnover, balance_sheet = period.turnover, period.balance_sheet
    public_body: Holding | None = None
    for holding in period.holdings:
        if holding.investor is InvestorKind.PUBLIC_BODY and (
            holding.share >= definition.public_body_from
        ):
            public_body = holding
            continue
        if _exempt(holding, definition, reasons):
            continue
        if holding.share > definition.linked_above:
            factor, relation = Decimal(1), "linked enterprise, counted in full"
        elif holding.share >= definition.partner_from:
            factor = holding.share
            relation = f"partner enterprise, counted at {_percent(holding.share)}"
        else:
            continue
        reasons.append(f"{holding.name} ({_percent(holding.share)}): {relation}")
        if holding.headcount is None:
            reasons.append(f"{holding.name}: staff not recorded, not counted")
        headcount += (holding.headcount or Decimal(0)) * factor
        turnover = _add(turnover, holding.turnover, factor)
        balance_sheet = _add(balance_sheet, holding.balance_sheet, factor)
    return _Figures(headcount, turnover, balance_sheet, public_body)


def _size(figures: _Figures, definition: SmeDefinition) -> EnterpriseSize:
    """Return the smallest class whose ceilings the figures meet (art. 2).

    Headcount must be below the ceiling and turnover *or* balance sheet within its ceiling; an
    unknown amount is given the benefit of the doubt (it could be the one within).
    """
    for ceiling in definition.ceilings:
        if figures.headcount >= ceiling.headcount:
            continue
        if (
            figures.turnover is None
            or figures.balance_sheet is None
            or figures.turnover <= ceiling.turnover
            or figures.balance_sheet <= ceiling.balance_sheet
        ):
            return ceiling.size
    return EnterpriseSize.LARGE


def _next_status(
    status: EnterpriseSize, recent: list[EnterpriseSize], needed: int
) -> EnterpriseSize:
    """Change *status* once the last *needed* periods all lie on the same side of it (art. 4(2))."""
    if len(recent) < needed:
        return status
    window = [_ORDER.index(size) for size in recent[-needed:]]
    here = _ORDER.index(status)
    if all(rank > here for rank in window):
        return _ORDER[min(window)]
    if all(rank < here for rank in window):
        return _ORDER[max(window)]
    return status


def _periods(periods: object) -> list[AccountingPeriod]:
    if isinstance(periods, str | bytes) or not isinstance(periods, Iterable):
        raise InvalidValueError(f"expected accounting periods, got {type(periods).__name__}")
    items = list(periods)
    for item in items:
        if not isinstance(item, AccountingPeriod):
            raise InvalidValueError(f"expected accounting periods, got {type(item).__name__}")
    return items


def classify_enterprise(
    periods: Iterable[AccountingPeriod], *, definition: SmeDefinition = SME_DEFINITION
) -> EnterpriseClass:
    """Return the size class of an enterprise from its accounting periods, with the reasons.

    Linked enterprises (a share above 50 %) add all their figures, partner enterprises (25 to
    50 %) their share; the investors of article 3(2) holding up to 50 % do not break autonomy
    (a business angel only under EUR 1.25 M invested); a public body holding 25 % or more makes
    the enterprise not an SME. The status changes only after two consecutive periods over (or
    under) a ceiling: the first period sets it.

    Args:
        periods: The enterprise's closed accounting periods, in any order.
        definition: The values of the test (default: Recommendation 2003/361/EC).

    Raises:
        InvalidValueError: *periods* is empty or holds something other than accounting periods.

    >>> year = AccountingPeriod(end=dt.date(2023, 12, 31), headcount=40, turnover=12_000_000,
    ...                         balance_sheet=9_000_000)
    >>> classify_enterprise([year]).size
    <EnterpriseSize.SMALL: 'small'>
    """
    if not isinstance(definition, SmeDefinition):
        raise InvalidValueError(
            f"definition: expected an SmeDefinition, got {type(definition).__name__}"
        )
    items = _periods(periods)
    if not items:
        raise InvalidValueError("no accounting period: the SME test needs at least one")
    items.sort(key=lambda period: period.end)
    sizes: list[EnterpriseSize] = []
    reasons: list[str] = []
    status = EnterpriseSize.LARGE
    figures = _Figures(Decimal(0), None, None, None)
    for index, period in enumerate(items):
        latest = index == len(items) - 1
        notes: list[str] = []
        figures = _aggregate(period, definition, notes)
        size = _size(figures, definition)
        sizes.append(size)
        if latest:
            reasons.extend(notes)
        within = (
            f"within the {size.value} ceilings"
            if size is not EnterpriseSize.LARGE
            else f"above the {definition.ceilings[-1].size.value} ceilings"
        )
        reasons.append(
            f"period ending {period.end.isoformat()}: {figures.headcount.normalize():f} staff, "
            f"turnover {_amount(figures.turnover)}, balance sheet "
            f"{_amount(figures.balance_sheet)}: {within}"
        )
        if index == 0:
            status = size
            continue
        changed = _next_status(status, sizes, definition.consecutive_periods)
        if changed is not status:
            reasons.append(
                f"{definition.consecutive_periods} consecutive periods outside the "
                f"{status.value} class: now {changed.value}"
            )
        elif size is not status:
            reasons.append(
                f"one period outside the {status.value} class: status kept until "
                f"{definition.consecutive_periods} consecutive periods are"
            )
        status = changed
    if figures.public_body is not None:
        holder = figures.public_body
        reasons.append(
            f"{holder.name}, a public body, holds {_percent(holder.share)} (from "
            f"{_percent(definition.public_body_from)}): not an SME"
        )
        status = EnterpriseSize.LARGE
    return EnterpriseClass(
        size=status,
        reasons=tuple(reasons),
        period_end=items[-1].end,
        headcount=figures.headcount,
        turnover=figures.turnover,
        balance_sheet=figures.balance_sheet,
    )
