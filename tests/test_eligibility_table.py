"""The rule table and the one assessment: a verdict prices its exchange as its checks decided.

The engine runs :data:`RULES` through one loop, calling a rule only when its cheap
precondition allows. These tests keep the table honest: its ids and fields are real, each
rule cites only the fields it declares, and a precondition never holds back a finding (the
same exchanges checked with every precondition forced open give the same verdicts). The
verdict's lump sum is :func:`lump_sum` of the same exchange, generation and working days.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange import Exchange, Generation, Location, Organisation, get_generation
from clusterxchange.eligibility import _rules, check_dataset, check_exchange
from clusterxchange.eligibility._rules import RULES, Rule
from clusterxchange.model.findings import RULES as RULE_IDS
from clusterxchange.money.pricing import Unpriced, lump_sum
from clusterxchange.reports.budgets import budget
from clusterxchange.strategies import eligible_exchanges, exchanges, generations

_FIELDS = {a.name for a in attrs.fields(Generation)}
any_exchange = exchanges() | exchanges("cxc1") | exchanges(eligible=True)


def _opened(rule: Rule) -> Rule:
    return rule._replace(applies=lambda exchange, book, days: True)


def test_the_table_names_real_rules_and_generation_fields() -> None:
    for rule in RULES:
        assert rule.id in RULE_IDS
        assert set(rule.reads) <= _FIELDS, rule


@given(any_exchange)
def test_each_rule_cites_only_the_fields_it_reads(exchange: Exchange) -> None:
    reads: dict[str, set[str]] = {}
    for rule in RULES:
        reads.setdefault(rule.id, set()).update(rule.reads)
    for finding in check_exchange(exchange).findings:
        # Generation fields only: lifecycle findings name the exchange's own (status).
        field = None if finding.field is None else finding.field.split(".")[0]
        if field in _FIELDS and finding.rule in reads:
            assert field in reads[finding.rule], finding


@settings(suppress_health_check=[HealthCheck.too_slow])  # a small dataset per example
@given(st.lists(any_exchange, max_size=4))
def test_no_precondition_holds_back_a_finding(items: list[Exchange]) -> None:
    with_preconditions = check_dataset(items)
    with _all_open():
        opened = check_dataset(items)
    assert opened == with_preconditions


class _all_open:  # noqa: N801 (used as a statement: with _all_open())
    """Run the rule table with every precondition forced open, then restore it."""

    def __enter__(self) -> None:
        self.saved = (_rules._STEPS, _rules._RUNS)
        opened = tuple(map(_opened, RULES))
        _rules._STEPS = _rules._steps(opened)
        _rules._RUNS = {party: _rules._runs(opened, party) for party in _rules.Party}

    def __exit__(self, *exc: object) -> None:
        _rules._STEPS, _rules._RUNS = self.saved


@given(generations().flatmap(lambda g: st.tuples(st.just(g), eligible_exchanges(g))))
def test_the_verdict_prices_as_lump_sum_does(case: tuple[Generation, Exchange]) -> None:
    generation, exchange = case
    verdict = check_exchange(exchange, generation)
    assert verdict.eligible
    assert verdict.unpriced is None
    assert verdict.lump_sum == lump_sum(exchange, generation)
    assert verdict.lump_sum is verdict.lump_sum  # priced once, when first read
    assert budget([verdict]).totals == budget([exchange], generation).totals


@given(any_exchange)
def test_a_verdict_has_a_lump_sum_or_a_reason(exchange: Exchange) -> None:
    verdict = check_exchange(exchange)
    assert (verdict.lump_sum is None) != (verdict.unpriced is None)
    if not verdict.eligible:
        assert verdict.unpriced is not None
        assert set(verdict.unpriced.missing) <= set(verdict.missing())


HOST = Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
NEAR = Location(latitude=51.05, longitude=3.72)  # Ghent
VISITOR = Organisation(name="Brainport", country="NL", kind="cluster_organisation")
WEEK = {"start": dt.date(2023, 3, 6), "end": dt.date(2023, 3, 10)}


def test_worked_example_of_one_assessment() -> None:
    # Five working days, 150 km declared: cxc2 warns (distance) and halves the lump sum once.
    verdict = check_exchange(Exchange(host=HOST, visitor=VISITOR, distance_km=150, **WEEK))
    assert verdict.rules() == ("distance",)
    assert verdict.lump_sum is not None
    assert (verdict.lump_sum.amount, verdict.lump_sum.reductions) == (
        Decimal("415.00"),
        ("short_distance",),
    )
    # The working days the duration rule used are those priced: here as recorded.
    recorded = check_exchange(Exchange(host=HOST, visitor=VISITOR, working_days=3, **WEEK))
    assert recorded.lump_sum is not None
    assert recorded.lump_sum.working_days == recorded.working_days == 3


def test_why_a_verdict_has_no_lump_sum() -> None:
    cancelled = check_exchange(Exchange(host=HOST, visitor=VISITOR, status="cancelled", **WEEK))
    assert cancelled.unpriced == Unpriced(reason="cancelled: no lump sum is paid")
    same = check_exchange(Exchange(host=HOST, visitor=attrs.evolve(VISITOR, country="BE"), **WEEK))
    assert same.unpriced == Unpriced(reason="not eligible")
    unknown = check_exchange(
        Exchange(host=attrs.evolve(HOST, country=None), visitor=VISITOR, **WEEK)
    )
    assert unknown.unpriced == Unpriced(
        reason="not decided: needs host_country", missing=("host_country",)
    )
    uk = check_exchange(Exchange(host=attrs.evolve(HOST, country="GB"), visitor=VISITOR, **WEEK))
    assert uk.eligible
    assert uk.unpriced is not None
    assert uk.unpriced.reason.startswith("no lump-sum ceiling is known for host country")


def test_a_declared_distance_is_decided_once_for_the_rule_and_the_amount() -> None:
    # 2.3 km declared against a 2.3 km limit: not under it, for the warning and the halving.
    g = get_generation("cxc2")
    odd = attrs.evolve(
        g, id="odd", short_distance_km=attrs.evolve(g.short_distance_km, value=Decimal("2.3"))
    )
    verdict = check_exchange(Exchange(host=HOST, visitor=VISITOR, distance_km=2.3, **WEEK), odd)
    assert "distance" not in verdict.rules()
    assert verdict.lump_sum is not None
    assert verdict.lump_sum.reductions == ()
