"""The SME test of Recommendation 2003/361/EC: worked examples and properties."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import InvalidValueError
from clusterxchange.eligibility import (
    SME_DEFINITION,
    EnterpriseClass,
    EnterpriseSize,
    classify_enterprise,
)
from clusterxchange.model import AccountingPeriod, Holding

S = EnterpriseSize


def year(y: int = 2023, headcount: int = 5, **fields: Any) -> AccountingPeriod:
    return AccountingPeriod(end=dt.date(y, 12, 31), headcount=headcount, **fields)


def size(*periods: AccountingPeriod) -> EnterpriseSize:
    return classify_enterprise(periods).size


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "expected"),
    [
        (9, 2_000_000, 2_000_000, S.MICRO),
        (10, 2_000_000, 2_000_000, S.SMALL),  # headcount must be *below* the ceiling
        (9, 2_000_001, 2_000_000, S.MICRO),  # turnover over, balance sheet within: enough
        (9, 2_000_001, 2_000_001, S.SMALL),
        (49, 10_000_000, 50_000_000, S.SMALL),
        (50, 1, 1, S.MEDIUM),
        (249, 50_000_000, 99_000_000, S.MEDIUM),
        (249, 60_000_000, 43_000_000, S.MEDIUM),
        (249, 60_000_000, 44_000_000, S.LARGE),
        (250, 1, 1, S.LARGE),
    ],
)
def test_ceilings(headcount: int, turnover: int, balance: int, expected: EnterpriseSize) -> None:
    result = classify_enterprise(
        [year(headcount=headcount, turnover=turnover, balance_sheet=balance)]
    )
    assert result.size is expected
    assert result.is_sme is (expected is not S.LARGE)


def test_unknown_money_gets_the_benefit_of_the_doubt() -> None:
    assert size(year(headcount=5)) is S.MICRO
    assert size(year(headcount=5, turnover=90_000_000)) is S.MICRO  # balance sheet unknown
    assert size(year(headcount=300)) is S.LARGE


def test_reasons_and_figures() -> None:
    result = classify_enterprise([year(headcount=12, turnover="1500000")])
    assert result.period_end == dt.date(2023, 12, 31)
    assert (result.headcount, result.turnover, result.balance_sheet) == (12, 1_500_000, None)
    assert result.reasons == (
        "period ending 2023-12-31: 12 staff, turnover EUR 1,500,000, balance sheet unknown: "
        "within the small ceilings",
    )


def test_linked_enterprise_adds_everything() -> None:
    parent = Holding(name="Parent AG", share="0.6", headcount=200, turnover=40_000_000)
    result = classify_enterprise([year(headcount=40, turnover=5_000_000, holdings=[parent])])
    assert result.headcount == 240
    assert result.turnover == 45_000_000
    assert result.size is S.MEDIUM
    assert any("linked enterprise, counted in full" in r for r in result.reasons)


def test_partner_enterprise_adds_its_share() -> None:
    partner = Holding(name="Partner BV", share="0.3", headcount=100, turnover=10_000_000)
    result = classify_enterprise([year(headcount=30, turnover=1_000_000, holdings=[partner])])
    assert result.headcount == 60
    assert result.turnover == 4_000_000
    assert result.size is S.MEDIUM
    assert any("partner enterprise, counted at 30 %" in r for r in result.reasons)


def test_small_holdings_do_not_count() -> None:
    minor = Holding(name="Minor SA", share="0.2", headcount=10_000)
    assert size(year(headcount=5, holdings=[minor])) is S.MICRO


def test_partner_without_figures_is_noted() -> None:
    partner = Holding(name="Quiet Oy", share="0.4")
    result = classify_enterprise([year(headcount=5, turnover=1, holdings=[partner])])
    assert result.size is S.MICRO
    assert "Quiet Oy: staff not recorded, not counted" in result.reasons


def test_unknown_own_turnover_stays_unknown() -> None:
    partner = Holding(name="P", share="0.4", headcount=1, turnover=5)
    result = classify_enterprise([year(headcount=5, holdings=[partner])])
    assert result.turnover is None


@pytest.mark.parametrize(
    "investor",
    [
        "venture_capital",
        "university",
        "research_centre",
        "institutional_investor",
        "local_authority",
        "public_investment_corporation",
    ],
)
def test_exempt_investors_up_to_half_keep_autonomy(investor: str) -> None:
    fund = Holding(name="Fund", share="0.5", investor=investor, headcount=5_000)
    result = classify_enterprise([year(headcount=5, holdings=[fund])])
    assert result.size is S.MICRO
    assert any("does not break autonomy" in r for r in result.reasons)
    control = Holding(name="Fund", share="0.51", investor=investor, headcount=5_000)
    assert size(year(headcount=5, holdings=[control])) is S.LARGE


def test_business_angels_only_under_the_investment_limit() -> None:
    small = Holding(
        name="Angel", share="0.4", investor="business_angel", invested=1_000_000, headcount=900
    )
    assert size(year(headcount=5, holdings=[small])) is S.MICRO
    big = Holding(
        name="Angel", share="0.4", investor="business_angel", invested=1_250_000, headcount=900
    )
    result = classify_enterprise([year(headcount=5, holdings=[big])])
    assert result.size is S.LARGE
    assert any("counted as an enterprise" in r for r in result.reasons)
    unknown = Holding(name="Angel", share="0.4", investor="business_angel", headcount=900)
    result = classify_enterprise([year(headcount=5, holdings=[unknown])])
    assert result.size is S.MICRO
    assert any("amount invested not recorded" in r for r in result.reasons)


def test_a_public_body_holding_a_quarter_disqualifies() -> None:
    city = Holding(name="City of Porto", share="0.25", investor="public_body")
    result = classify_enterprise([year(headcount=5, holdings=[city])])
    assert result.size is S.LARGE
    assert not result.is_sme
    assert "City of Porto, a public body, holds 25 %" in result.reasons[-1]
    smaller = Holding(name="City of Porto", share="0.24", investor="public_body")
    assert size(year(headcount=5, holdings=[smaller])) is S.MICRO


def test_status_changes_only_after_two_consecutive_periods() -> None:
    small, medium, large = (year(headcount=n) for n in (30, 100, 300))

    def at(y: int, period: AccountingPeriod) -> AccountingPeriod:
        return AccountingPeriod(end=dt.date(y, 12, 31), headcount=period.headcount)

    assert size(at(2021, small), at(2022, medium)) is S.SMALL
    assert size(at(2021, small), at(2022, medium), at(2023, medium)) is S.MEDIUM
    assert size(at(2021, small), at(2022, medium), at(2023, small), at(2024, medium)) is S.SMALL
    assert size(at(2021, medium), at(2022, small)) is S.MEDIUM
    assert size(at(2021, medium), at(2022, small), at(2023, small)) is S.SMALL
    # Over two classes in a row, then one: the class both periods exceed is lost.
    assert size(at(2021, small), at(2022, large), at(2023, medium)) is S.MEDIUM
    assert size(at(2021, small), at(2022, large), at(2023, large)) is S.LARGE
    result = classify_enterprise([at(2021, small), at(2022, medium)])
    assert "one period outside the small class" in result.reasons[-1]
    result = classify_enterprise([at(2021, small), at(2022, medium), at(2023, medium)])
    assert "2 consecutive periods outside the small class: now medium" in result.reasons


def test_periods_may_come_in_any_order() -> None:
    periods = [
        AccountingPeriod(end=dt.date(y, 12, 31), headcount=h)
        for y, h in ((2021, 30), (2022, 100), (2023, 100))
    ]
    assert size(*periods) is size(*reversed(periods)) is S.MEDIUM


@pytest.mark.parametrize("junk", [[], (), "periods", 5, None, [object()], ["2023"]])
def test_junk_is_a_clean_error(junk: Any) -> None:
    with pytest.raises(InvalidValueError):
        classify_enterprise(junk)


def test_the_definition_cites_its_sources() -> None:
    source = SME_DEFINITION.provenance.source
    assert "legislation.gov.uk/eur/2014/651/annex/I" in source
    assert "iprhelpdesk.eu/node/504" in source
    assert [c.size for c in SME_DEFINITION.ceilings] == [S.MICRO, S.SMALL, S.MEDIUM]


def test_a_custom_definition_is_read() -> None:
    import attrs

    strict = attrs.evolve(SME_DEFINITION, consecutive_periods=1)
    periods = [year(2022, headcount=30), year(2023, headcount=100)]
    assert classify_enterprise(periods, definition=strict).size is S.MEDIUM
    assert classify_enterprise(periods).size is S.SMALL


def test_enterprise_class_converts_its_size() -> None:
    result = EnterpriseClass(
        size="medium", reasons=(), period_end=dt.date(2023, 1, 1), headcount=Decimal(1),
        turnover=None, balance_sheet=None,
    )  # fmt: skip
    assert result.size is S.MEDIUM


# --- properties ------------------------------------------------------------------------------

amounts = st.integers(0, 100_000_000)
holdings = st.builds(
    Holding,
    name=st.just("H"),
    share=st.decimals(0, 1, places=2),
    investor=st.sampled_from(["enterprise", "venture_capital", "business_angel", "public_body"]),
    headcount=st.none() | st.integers(0, 1000),
    turnover=st.none() | amounts,
    balance_sheet=st.none() | amounts,
    invested=st.none() | st.integers(0, 3_000_000),
)
periods = st.lists(
    st.builds(
        AccountingPeriod,
        end=st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
        headcount=st.integers(0, 400),
        turnover=st.none() | amounts,
        balance_sheet=st.none() | amounts,
        holdings=st.lists(holdings, max_size=3),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda p: p.end,
)


@given(periods, st.randoms(use_true_random=False))
def test_order_of_periods_does_not_matter(
    items: list[AccountingPeriod], rnd: random.Random
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert classify_enterprise(items) == classify_enterprise(shuffled)


@given(periods)
def test_one_period_decides_alone_and_more_staff_never_makes_it_smaller(
    items: list[AccountingPeriod],
) -> None:
    last = max(items, key=lambda p: p.end)
    order = list(EnterpriseSize)
    alone = classify_enterprise([last])
    bigger = AccountingPeriod(
        end=last.end,
        headcount=last.headcount + 100,
        turnover=last.turnover,
        balance_sheet=last.balance_sheet,
        holdings=last.holdings,
    )
    assert order.index(classify_enterprise([bigger]).size) >= order.index(alone.size)
    result = classify_enterprise(items)
    assert result.period_end == last.end
    assert result.reasons


def test_a_longer_run_of_periods_before_the_status_changes() -> None:
    import attrs

    three = attrs.evolve(SME_DEFINITION, consecutive_periods=3)
    periods = [year(2021, headcount=30), year(2022, headcount=100), year(2023, headcount=100)]
    assert classify_enterprise(periods, definition=three).size is S.SMALL
    periods.append(year(2024, headcount=100))
    assert classify_enterprise(periods, definition=three).size is S.MEDIUM


@pytest.mark.parametrize("junk", ["huge", None, 3, ["small"]])
def test_an_unknown_size_is_a_clean_error(junk: Any) -> None:
    with pytest.raises(InvalidValueError, match="size: expected one of micro, small"):
        EnterpriseClass(
            size=junk, reasons=(), period_end=dt.date(2023, 1, 1), headcount=Decimal(1),
            turnover=None, balance_sheet=None,
        )  # fmt: skip


def test_a_definition_must_be_one() -> None:
    with pytest.raises(InvalidValueError, match="definition: expected an SmeDefinition"):
        classify_enterprise([year()], definition="2003/361/EC")  # type: ignore[arg-type]
