"""The plan: fewest further exchanges meeting every target, checked against brute force."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    Exchange,
    InvalidValueError,
    Organisation,
    OrganisationKind,
    get_generation,
)
from clusterxchange.kpi import Plan, PlanItem, Targets, kpis, plan
from clusterxchange.model import Relation
from clusterxchange.model.errors import NoCeilingError

HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
KINDS = [
    OrganisationKind.CLUSTER_ORGANISATION,
    OrganisationKind.SME,
    OrganisationKind.LARGE_COMPANY,
]


def test_one_outside_sme_counts_three_times() -> None:
    targets = Targets(exchanges=1, outside_partnership=1, visitor_kind={"sme": 1})
    result = plan(targets)
    assert result.exchanges == 1
    assert result.items == (PlanItem(kind="sme", relation="outside", count=1),)
    assert set(result.binding) == {"exchanges", "outside_partnership", "visitor_kinds"}


def test_outside_slots_go_to_kinds_that_need_exchanges_anyway() -> None:
    targets = Targets(
        exchanges=10, outside_partnership=7, visitor_kind={"sme": 4, "large_company": 2}
    )
    result = plan(targets)
    assert result.exchanges == 10
    assert [(i.kind, i.relation, i.count) for i in result.items] == [
        (OrganisationKind.SME, Relation.OUTSIDE, 4),
        (OrganisationKind.LARGE_COMPANY, Relation.OUTSIDE, 2),
        (None, Relation.OUTSIDE, 1),
        (None, None, 3),
    ]
    assert result.binding == ("exchanges",)
    assert "10 further completed exchanges meet every target" in str(result)
    assert "1 exchange with visitors of any kind from outside the partnership" in str(result)


def test_the_kinds_can_set_the_bound() -> None:
    result = plan(Targets(exchanges=3, visitor_kind={"sme": 4, "public_authority": 2}))
    assert (result.exchanges, result.binding) == (6, ("visitor_kinds",))
    assert result.remaining == {
        "exchanges": 3,
        "visitor_kind.sme": 4,
        "visitor_kind.public_authority": 2,
    }


def test_from_a_report_with_or_without_pending() -> None:
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    rows = [
        Exchange(host=HOST, visitor=visitor, id="1", status="completed", relation="outside"),
        Exchange(host=HOST, visitor=visitor, id="2", status="awaiting_final_report"),
    ]
    targets = Targets(exchanges=3, outside_partnership=1, visitor_kind={"sme": 2})
    report = kpis(rows, targets=targets)
    assert plan(report).exchanges == 2
    assert plan(report, count_pending=True).exchanges == 1
    met = plan(kpis(rows * 1, targets=Targets(exchanges=1)))
    assert (met.exchanges, met.items, met.binding) == (0, (), ())
    assert str(met) == "Every target is met: no further exchange is needed."


def test_what_a_plan_needs() -> None:
    with pytest.raises(InvalidValueError, match="the report has no targets"):
        plan(kpis([]))
    with pytest.raises(InvalidValueError, match="the targets are empty"):
        plan(Targets())
    with pytest.raises(InvalidValueError, match="expected a KpiReport with targets or Targets"):
        plan({"exchanges": 3})  # type: ignore[arg-type]


def test_budget_over_the_expected_host_countries() -> None:
    targets = Targets(exchanges=4)
    result = plan(targets, host_countries=["BE", "DK", "DK"], generation="cxc2")
    budget = result.budget
    assert budget is not None
    rules = get_generation("cxc2")
    be, dk = rules.ceiling("BE"), rules.ceiling("DK")
    assert be is not None
    assert dk is not None
    assert budget.per_exchange == {"BE": be.amount, "DK": dk.amount}
    assert budget.minimum == 4 * be.amount
    assert budget.maximum == 4 * dk.amount
    # DK listed twice: twice as likely. (830 + 2 * 1100) / 3 * 4 = 4040.
    assert budget.expected == Decimal("4040.00")
    assert budget.host_countries == ("BE", "DK", "DK")
    assert "at least 5 working days" in budget.assumption
    assert "at least 200 km" in budget.assumption
    data = result.as_dict()
    assert data["budget"]["expected"] == "4040.00"
    assert data["items"] == [{"kind": None, "relation": None, "count": 4}]
    assert "Budget €4,040.00 expected (€3,320.00 to €4,400.00)" in str(result)
    german = result.to_text("de")
    assert "Budget: erwartet 4.040,00\xa0€ (3.320,00\xa0€ bis 4.400,00\xa0€)" in german


def test_the_expected_budget_rounds_half_up_once() -> None:
    # Three countries whose mean has a third of a cent: rounded once, at the end.
    result = plan(
        Targets(exchanges=1), host_countries=["BE", "DK", "AL"], generation=get_generation("cxc2")
    )
    assert result.budget is not None
    assert result.budget.expected == Decimal("820.00")  # (830 + 1100 + 530) / 3 = 820


def test_budget_needs_countries_and_a_generation() -> None:
    with pytest.raises(InvalidValueError, match="needs both"):
        plan(Targets(exchanges=1), host_countries=["BE"])
    with pytest.raises(InvalidValueError, match="needs both"):
        plan(Targets(exchanges=1), generation="cxc2")
    with pytest.raises(InvalidValueError, match="at least one host country"):
        plan(Targets(exchanges=1), host_countries=[], generation="cxc2")
    with pytest.raises(InvalidValueError, match="expected a list of countries, got str"):
        plan(Targets(exchanges=1), host_countries="BE", generation="cxc2")
    with pytest.raises(InvalidValueError, match="expected a list of countries, got int"):
        plan(Targets(exchanges=1), host_countries=3, generation="cxc2")  # type: ignore[arg-type]
    with pytest.raises(NoCeilingError, match="GB"):
        plan(Targets(exchanges=1), host_countries=["UK"], generation="cxc2")


# -- minimality against brute force, and the plan added to the data meets every target --------

TYPES = [(kind, outside) for kind in [*KINDS, None] for outside in (False, True)]


def meets(composition: tuple[tuple[Any, bool], ...], remaining: dict[str, int]) -> bool:
    if len(composition) < remaining.get("exchanges", 0):
        return False
    if sum(outside for _, outside in composition) < remaining.get("outside_partnership", 0):
        return False
    return all(
        sum(kind is k for kind, _ in composition) >= remaining.get(f"visitor_kind.{k.value}", 0)
        for k in KINDS
    )


def fewest_by_brute_force(remaining: dict[str, int]) -> int:
    for size in itertools.count():
        if any(meets(c, remaining) for c in itertools.combinations_with_replacement(TYPES, size)):
            return size
    raise AssertionError("unreachable")  # pragma: no cover


small_targets = st.builds(
    Targets,
    exchanges=st.none() | st.integers(1, 4),
    outside_partnership=st.none() | st.integers(1, 3),
    visitor_kind=st.dictionaries(st.sampled_from(KINDS), st.integers(1, 2), max_size=3),
).filter(lambda t: bool(t.items()))


def as_composition(result: Plan) -> tuple[tuple[Any, bool], ...]:
    return tuple(
        (item.kind, item.relation is Relation.OUTSIDE)
        for item in result.items
        for _ in range(item.count)
    )


@given(small_targets)
def test_the_plan_is_the_fewest(targets: Targets) -> None:
    result = plan(targets)
    remaining = dict(targets.items())
    assert meets(as_composition(result), remaining)
    assert result.exchanges == sum(item.count for item in result.items)
    assert result.exchanges == fewest_by_brute_force(remaining)


done_rows = st.builds(
    Exchange,
    host=st.just(HOST),
    visitor=st.builds(
        Organisation,
        name=st.sampled_from(["A", "B", "C", "D"]),
        country=st.just("PT"),
        kind=st.sampled_from(KINDS),
    ),
    id=st.none() | st.sampled_from(["1", "2", "3"]),
    start=st.none() | st.sampled_from([dt.date(2023, 3, 6), dt.date(2023, 5, 8)]),
    status=st.sampled_from(["completed", "awaiting_final_report", "cancelled"]),
    relation=st.sampled_from([None, "inside", "outside"]),
)


def realise(result: Plan) -> list[Exchange]:
    """The plan's exchanges as completed rows, each a visit of its own."""
    rows = []
    for n, (kind, outside) in enumerate(as_composition(result)):
        visitor = Organisation(
            name=f"Planned {n}",
            country="PT",
            kind=kind or OrganisationKind.BUSINESS_NETWORK_ORGANISATION,
        )
        rows.append(
            Exchange(
                host=HOST,
                visitor=visitor,
                id=f"PLAN-{n}",
                status="completed",
                relation="outside" if outside else "inside",
            )
        )
    return rows


@given(st.lists(done_rows, max_size=8), small_targets, st.booleans())
def test_the_plan_added_to_the_data_meets_every_target(
    rows: list[Exchange], targets: Targets, count_pending: bool
) -> None:
    report = kpis(rows, targets=targets)
    result = plan(report, count_pending=count_pending)
    after = kpis(rows + realise(result), targets=targets)
    for status in after.statuses:
        reached = status.actual + (status.pending if count_pending else 0)
        assert reached >= status.target, status
    # And one exchange fewer never does: the plan is minimal for what remains.
    assert result.exchanges == fewest_by_brute_force(dict(result.remaining))
