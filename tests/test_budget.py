"""Budgets by partnership, host country and status; payment due dates and overdue payments."""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    Budget,
    Exchange,
    InvalidValueError,
    Organisation,
    Status,
    budget,
    get_generation,
)
from clusterxchange.generations import parse_generation
from clusterxchange.model import Documents, FinalReport, Payment
from clusterxchange.model.errors import UnknownGenerationError
from clusterxchange.reports.budgets import (
    CATEGORIES,
    ROW_COLUMNS,
    Totals,
    overdue_payments,
    payment_due,
)

HOSTS = {
    code: Organisation(name=f"Host {code}", country=code, kind="cluster_organisation")
    for code in ("BE", "DK", "FI", "GB", "PT")
}
VISITOR = Organisation(name="Aero Lda", country="ES", kind="sme", clusters=["Pemas"])


def _report(validated: dt.date | None = dt.date(2023, 4, 12)) -> Documents:
    return Documents(final_report=FinalReport(submitted=dt.date(2023, 4, 3), validated=validated))


def _exchange(host: str = "BE", **changes: Any) -> Exchange:
    fields: dict[str, Any] = {
        "working_days": 10,
        "distance_km": 1500,
        "status": "completed",
        "visitor_partnership": "AERO",
        "start": dt.date(2023, 3, 6),
    }
    fields.update(changes)
    return Exchange(host=HOSTS[host], visitor=VISITOR, **fields)


# -- worked examples ----------------------------------------------------------------------------


def test_each_status_falls_in_its_category() -> None:
    exchanges = [
        _exchange("BE", status="matched"),
        _exchange("BE", status="prepared", working_days=4),
        _exchange("DK", status="in_progress"),
        _exchange("DK", status="awaiting_final_report", visitor_partnership="OTHER"),
        _exchange("FI", status="completed"),
        _exchange("FI", status="paid"),
    ]
    result = budget(exchanges, "cxc2")
    assert result.currency == "EUR"
    assert result.totals == Totals(
        committed=Decimal("830.00") + Decimal("415.00") + Decimal("2200.00"),
        payable=Decimal("950.00"),
        paid=Decimal("950.00"),
        exchanges=6,
    )
    assert result.by_host_country["DK"].committed == Decimal("2200.00")
    assert result.by_visitor_partnership["OTHER"] == Totals(
        committed=Decimal("1100.00"), exchanges=1
    )
    assert [line.category for line in result.lines] == [
        "committed",
        "committed",
        "committed",
        "committed",
        "payable",
        "paid",
    ]


def test_a_recorded_payment_is_counted_at_its_amount_even_when_only_completed() -> None:
    paid = Payment(date=dt.date(2023, 4, 20), amount="900")
    result = budget(
        [_exchange("FI", status="paid", payment=paid), _exchange("FI", payment=paid)], "cxc2"
    )
    assert result.totals.paid == Decimal("1800")
    assert result.totals.payable == 0
    assert all(line.from_payment for line in result.lines)
    assert result.lines[0].lump_sum is not None
    assert result.lines[0].lump_sum.amount == Decimal("950.00")


def test_a_paid_exchange_without_a_computable_lump_sum_still_counts_its_payment() -> None:
    paid = Payment(date=dt.date(2023, 4, 20), amount="700")
    result = budget([_exchange("GB", status="paid", payment=paid)], "cxc2")
    assert result.totals.paid == Decimal("700")
    assert result.lines[0].lump_sum is None
    assert result.unpriced == ()
    assert result.currency is None


@pytest.mark.parametrize("status", ["draft", "registered", "cancelled"])
def test_draft_registered_and_cancelled_exchanges_are_excluded_but_listed(status: str) -> None:
    exchange = _exchange(status=status)
    result = budget([exchange], "cxc2")
    assert result.lines == ()
    assert [item.exchange for item in result.excluded] == [exchange]
    assert result.excluded[0].reason


def test_an_exchange_without_a_ceiling_is_unpriced_with_the_reason() -> None:
    exchange = _exchange("GB")
    result = budget([exchange, _exchange("BE")], "cxc2")
    assert [item.exchange for item in result.unpriced] == [exchange]
    assert "host country GB" in result.unpriced[0].reason
    assert result.totals.payable == Decimal("830.00")


def test_each_exchange_is_priced_by_its_own_generation_by_default() -> None:
    named = _exchange(generation="cxc1", start=None)
    dated = _exchange(start=dt.date(2023, 5, 2))
    result = budget([named, dated])
    assert [line.lump_sum.generation for line in result.lines if line.lump_sum] == [
        "cxc1",
        "cxc2",
    ]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"start": dt.date(2022, 3, 1)}, "several generations"),
        ({"start": dt.date(2019, 1, 1)}, "no generation covers"),
        ({"start": None}, "no generation named and no start date"),
        ({"generation": "cxc9"}, "unknown generation 'cxc9'"),
        ({"working_days": None, "end": None}, "working days are unknown"),
    ],
)
def test_an_exchange_whose_amount_cannot_be_computed_is_listed(
    changes: dict[str, Any], reason: str
) -> None:
    exchange = _exchange(id="EG927FA8", **changes)
    result = budget([exchange])
    assert result.lines == ()
    assert len(result.unpriced) == 1
    assert "exchange EG927FA8" in result.unpriced[0].reason
    assert reason in result.unpriced[0].reason


def test_an_exchange_without_an_id_is_named_by_its_organisations() -> None:
    result = budget([_exchange(start=None)])
    assert "the exchange of Aero Lda at Host BE" in result.unpriced[0].reason


def test_custom_generations_price_the_exchanges_that_name_them() -> None:
    custom = parse_generation(
        {
            "id": "aero-grant",
            "extends": "cxc2",
            "ceilings": {"BE": {"value": "700", "source": "AERO grant, annex 1"}},
        }
    )
    pool = [get_generation("cxc2"), custom]
    result = budget([_exchange(generation="AERO-GRANT")], generations=pool)
    assert result.totals.payable == Decimal("700.00")
    assert budget([_exchange()], custom).totals.payable == Decimal("700.00")


def test_an_amount_in_another_currency_is_unpriced_not_added() -> None:
    francs = parse_generation({"id": "chf", "extends": "cxc2", "currency": "CHF"})
    pool = [get_generation("cxc2"), francs]
    result = budget([_exchange(generation="cxc2"), _exchange(generation="chf")], generations=pool)
    assert result.currency == "EUR"
    assert result.totals.exchanges == 1
    assert "another currency than EUR" in result.unpriced[0].reason


def test_a_budget_rejects_anything_but_exchanges() -> None:
    with pytest.raises(InvalidValueError, match=r"exchanges\[1\]"):
        budget([_exchange(), "EG927FA8"])  # type: ignore[list-item]


def test_an_unknown_generation_for_the_whole_budget_is_an_error() -> None:
    with pytest.raises(UnknownGenerationError):
        budget([_exchange()], "cxc9")


def test_an_empty_budget_is_zero() -> None:
    result = budget([])
    assert result == Budget(currency=None, lines=())
    assert result.totals.total == 0


# -- totals and rows ----------------------------------------------------------------------------


def test_totals_add_and_reject_unknown_categories() -> None:
    totals = Totals().add("payable", Decimal("830.00"))
    assert totals + Totals(paid=Decimal(1), exchanges=1) == Totals(
        payable=Decimal("830.00"), paid=Decimal(1), exchanges=2
    )
    with pytest.raises(InvalidValueError, match="unknown budget category 'pending'"):
        totals.add("pending", Decimal(1))
    with pytest.raises(TypeError):
        _ = totals + 1


def test_rows_hold_the_totals_each_group_and_the_exchanges_set_aside() -> None:
    exchanges = [
        _exchange("BE", status="matched", visitor_partnership=None),
        _exchange("DK"),
        _exchange("GB"),
        _exchange("FI", status="cancelled"),
    ]
    rows = budget(exchanges, "cxc2").rows()
    assert all(tuple(row) == ROW_COLUMNS for row in rows)
    assert [(row["scope"], row["key"]) for row in rows] == [
        ("total", ""),
        ("visitor_partnership", "AERO"),
        ("visitor_partnership", ""),
        ("host_country", "BE"),
        ("host_country", "DK"),
        ("unpriced", ""),
        ("excluded", ""),
    ]
    assert rows[0] == {
        "scope": "total",
        "key": "",
        "currency": "EUR",
        "exchanges": "2",
        "committed": "830.00",
        "payable": "1100.00",
        "paid": "0.00",
        "total": "1930.00",
    }
    assert (rows[-2]["exchanges"], rows[-2]["total"]) == ("1", "")
    assert rows[-1]["exchanges"] == "1"


def test_rows_round_recorded_payments_half_up_to_cents() -> None:
    paid = Payment(date=dt.date(2023, 4, 20), amount="415.005")
    rows = budget([_exchange(status="paid", payment=paid)], "cxc2").rows()
    assert rows[0]["paid"] == "415.01"


statuses = st.sampled_from([s for s in Status if s is not Status.DRAFT])
exchanges = st.builds(
    _exchange,
    host=st.sampled_from(sorted(HOSTS)),
    status=statuses,
    working_days=st.integers(min_value=0, max_value=20),
    distance_km=st.one_of(st.none(), st.floats(min_value=0, max_value=3000)),
    visitor_partnership=st.sampled_from([None, "AERO", "MOBI", "HEMP"]),
    mode=st.sampled_from(["physical", "virtual"]),
    payment=st.one_of(
        st.none(),
        st.builds(
            Payment,
            date=st.just(dt.date(2023, 5, 1)),
            amount=st.decimals(min_value=0, max_value=1100, places=2),
        ),
    ),
)


@given(st.lists(exchanges, max_size=25), st.randoms(use_true_random=False))
def test_totals_equal_the_sum_of_their_parts_in_any_order(
    items: list[Exchange], random: Any
) -> None:
    result = budget(items, "cxc2")
    shuffled = list(items)
    random.shuffle(shuffled)
    again = budget(shuffled, "cxc2")
    assert again.totals == result.totals
    assert again.by_host_country == result.by_host_country
    assert again.by_visitor_partnership == result.by_visitor_partnership
    totals = result.totals
    assert totals.total == sum((getattr(totals, category) for category in CATEGORIES), Decimal(0))
    assert sum(result.by_host_country.values(), Totals()) == totals
    assert sum(result.by_visitor_partnership.values(), Totals()) == totals
    assert totals.total == sum((line.amount for line in result.lines), Decimal(0))
    counted = len(result.lines) + len(result.unpriced) + len(result.excluded)
    assert counted == len(items)
    # The sums are what adding the lines one by one gives (Totals.add).
    one_by_one = Totals()
    for line in result.lines:
        one_by_one = one_by_one.add(line.category, line.amount)
    assert totals == one_by_one


# -- payments -----------------------------------------------------------------------------------


def test_the_payment_is_due_ten_days_after_the_validated_report() -> None:
    exchange = _exchange(documents=_report())
    assert payment_due(exchange, "cxc2") == dt.date(2023, 4, 22)
    assert payment_due(exchange, get_generation("cxc1")) == dt.date(2023, 4, 22)


def test_no_due_day_before_the_report_is_validated() -> None:
    assert payment_due(_exchange(), "cxc2") is None
    assert payment_due(_exchange(documents=_report(validated=None)), "cxc2") is None


def test_a_custom_payment_delay_is_read_from_the_generation() -> None:
    slow = parse_generation(
        {"id": "slow", "extends": "cxc2", "payment_days": {"value": 30, "source": "grant"}}
    )
    assert payment_due(_exchange(documents=_report()), slow) == dt.date(2023, 5, 12)


def test_payment_due_rejects_anything_but_an_exchange() -> None:
    with pytest.raises(InvalidValueError):
        payment_due(None, "cxc2")  # type: ignore[arg-type]


def test_overdue_payments_are_completed_validated_unpaid_and_past_due() -> None:
    overdue = _exchange(documents=_report(), id="EG001AA1")
    on_time = _exchange(documents=_report(dt.date(2023, 4, 25)))
    paid = _exchange(documents=_report(), payment=Payment(date=dt.date(2023, 4, 20), amount="830"))
    waiting = _exchange(status="awaiting_final_report", documents=_report())
    unvalidated = _exchange(documents=_report(validated=None))
    no_report = _exchange()
    found = overdue_payments(
        [overdue, on_time, paid, waiting, unvalidated, no_report], dt.date(2023, 5, 2)
    )
    assert [(p.exchange, p.due, p.days_overdue, p.amount) for p in found] == [
        (overdue, dt.date(2023, 4, 22), 10, Decimal("830.00"))
    ]


def test_a_payment_due_on_the_day_asked_about_is_not_overdue() -> None:
    exchange = _exchange(documents=_report())
    assert overdue_payments([exchange], dt.date(2023, 4, 22), "cxc2") == ()
    assert len(overdue_payments([exchange], dt.date(2023, 4, 23), "cxc2")) == 1


def test_an_overdue_payment_whose_amount_is_unknown_says_why() -> None:
    (found,) = overdue_payments([_exchange("GB", documents=_report())], dt.date(2023, 5, 2))
    assert found.amount is None
    assert "host country GB" in found.reason


def test_an_overdue_check_needs_each_generation() -> None:
    exchange = _exchange(documents=_report(), start=dt.date(2022, 3, 1), id="EG001AA1")
    with pytest.raises(UnknownGenerationError, match="exchange EG001AA1"):
        overdue_payments([exchange], dt.date(2023, 5, 2))
    assert len(overdue_payments([exchange], dt.date(2023, 5, 2), "cxc1")) == 1


@pytest.mark.parametrize("on", [None, "2023-05-02", dt.datetime(2023, 5, 2, 12, 0)])
def test_overdue_payments_need_a_date(on: object) -> None:
    with pytest.raises(InvalidValueError, match="on: expected a date"):
        overdue_payments([], on)  # type: ignore[arg-type]


def test_overdue_payments_reject_anything_but_exchanges() -> None:
    with pytest.raises(InvalidValueError, match=r"exchanges\[0\]"):
        overdue_payments([{"id": "EG001AA1"}], dt.date(2023, 5, 2))  # type: ignore[list-item]


def test_budget_lines_keep_the_lump_sum_used() -> None:
    result = budget([_exchange(working_days=3)], "cxc2")
    (line,) = result.lines
    assert line.lump_sum is not None
    assert line.lump_sum.reductions == ("short_stay",)
    assert attrs.evolve(line, amount=Decimal(1)) != line


# --- the lump sum is a ceiling, not an entitlement (issue 17, item 6) --------------------------


def test_a_payment_below_the_ceiling_is_valid_and_counted_as_recorded() -> None:
    # clustercollaboration.eu/clusterxchange/about: "The lump sum must not exceed the threshold
    # defined per host country."
    from clusterxchange import Exchange, Organisation
    from clusterxchange.eligibility import check_exchange
    from clusterxchange.model import Payment
    from clusterxchange.reports.budgets import budget

    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    guest = Organisation(name="Pemas", country="PT", kind="cluster_organisation")
    paid = Exchange(
        host=host,
        visitor=guest,
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
        status="completed",
        payment=Payment(date=dt.date(2023, 4, 3), amount="500.00"),
    )
    assert "threshold" not in check_exchange(paid).rules()
    [line] = budget([paid], "cxc2").lines
    assert line.amount == Decimal("500.00")
    assert line.from_payment
    assert line.lump_sum is not None
    assert line.lump_sum.amount == Decimal("830.00")


def test_a_visitor_who_did_not_use_the_lump_sum_counts_and_costs_nothing() -> None:
    # A partnership report: the visitor "has not made use of the lump sum".
    from clusterxchange import Exchange, Organisation
    from clusterxchange.kpi import kpis
    from clusterxchange.reports.budgets import budget

    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    guest = Organisation(name="Pemas", country="PT", kind="cluster_organisation")
    unused = Exchange(
        host=host,
        visitor=guest,
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
        status="completed",
        lump_sum_used=False,
        remarks="has not made use of the lump sum",
    )
    result = budget([unused], "cxc2")
    assert [line.amount for line in result.lines] == [Decimal("0.00")]
    assert result.totals.payable == Decimal("0.00")
    assert kpis([unused]).completed == 1


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_budgeting_and_restored_after(
    enabled: bool,
    collector_probe: Any,  # conftest.CollectorProbe
) -> None:
    counted = _exchange(working_days=None, end=dt.date(2023, 3, 17))
    collector_probe.start(enabled)
    result = budget([counted, _exchange()], "cxc2", calendar=collector_probe)
    assert gc.isenabled() is enabled
    with pytest.raises(InvalidValueError):  # raised inside the pause: the state is restored
        budget([counted, "not an exchange"], "cxc2")  # type: ignore[list-item]
    assert gc.isenabled() is enabled
    assert collector_probe.always_paused
    assert [line.amount for line in result.lines] == [Decimal("830.00"), Decimal("830.00")]
