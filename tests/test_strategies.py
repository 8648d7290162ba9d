"""The public strategies build valid objects, and eligible exchanges satisfy every rule."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from clusterxchange import (
    Exchange,
    Generation,
    GroupExchange,
    InvalidValueError,
    Mode,
    Organisation,
    OrganisationKind,
    Partnership,
    Status,
    all_generations,
    get_generation,
)
from clusterxchange.eligibility import check_dataset, check_exchange
from clusterxchange.generations import REGISTRY
from clusterxchange.model import Cluster, Sourced
from clusterxchange.model.findings import RULES, Finding, Severity
from clusterxchange.money.days import working_days
from clusterxchange.money.distance import distance_km
from clusterxchange.strategies import (
    clusters,
    countries,
    eligible_datasets,
    eligible_exchanges,
    exchanges,
    findings,
    generations,
    group_exchanges,
    organisations,
    partnerships,
)

#: Whole exchanges, checked by the engine, per example: slow by nature, not by a fault.
slow = settings(suppress_health_check=[HealthCheck.too_slow])

#: For ``find``, a search rather than a property: a fixed budget and seed whatever the profile,
#: and no shrinking, since the first example that fits is enough.
FIND = settings(
    database=None,
    derandomize=True,
    max_examples=1_000,
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
SHIPPED = st.sampled_from(all_generations())
K = OrganisationKind


def noteworthy(findings: tuple[Finding, ...]) -> list[Finding]:
    """Return the errors and warnings among *findings* (``info`` is only explanation)."""
    return [f for f in findings if f.severity is not Severity.INFO]


# --- the records ---------------------------------------------------------------------------


@given(
    organisations(kinds=["sme", K.LARGE_COMPANY], countries=["Greece", "UK"], cluster_member=True)
)
def test_organisations_respect_kinds_countries_and_membership(organisation: Organisation) -> None:
    assert organisation.kind in {K.SME, K.LARGE_COMPANY}
    assert organisation.country in {"GR", "GB"}
    assert organisation.clusters


@given(organisations(generation="cxc1", cluster_member=False))
def test_organisations_of_a_generation_come_from_its_countries(organisation: Organisation) -> None:
    assert get_generation("cxc1").participation(organisation.country) is not None
    assert organisation.clusters == ()


@given(organisations())
def test_organisations_may_come_from_anywhere_and_leave_clusters_unrecorded(
    organisation: Organisation,
) -> None:
    assert organisation.clusters is None or isinstance(organisation.clusters, tuple)


def test_organisations_cover_non_participants_and_unrecorded_clusters() -> None:
    cxc2 = get_generation("cxc2")
    outside = find(
        organisations(),
        lambda o: o.country is not None and cxc2.participation(o.country) is None,
        settings=FIND,
    )
    assert outside.country in {"NO", "CH", "LI", "US"}
    assert find(organisations(), lambda o: o.clusters is None, settings=FIND).clusters is None


def test_arbitrary_organisations_include_partial_records_and_complete_ones_do_not() -> None:
    assert find(organisations(), lambda o: o.country is None, settings=FIND).country is None
    assert find(organisations(), lambda o: o.kind is None, settings=FIND).kind is None
    partial = find(exchanges(), lambda e: e.visitor.kind is None, settings=FIND)
    assert partial.visitor.kind is None


@given(organisations(complete=True), organisations(kinds=["sme"], countries=["PT"]))
def test_complete_or_constrained_organisations_record_country_and_kind(
    complete: Organisation, constrained: Organisation
) -> None:
    assert complete.country is not None
    assert complete.kind is not None
    assert (constrained.country, constrained.kind) == ("PT", "sme")


@given(st.data(), st.sampled_from([None, "cxc1", "cxc2"]))
def test_countries_are_participating_codes(data: st.DataObject, generation_id: str | None) -> None:
    code = data.draw(countries(generation_id))
    pool = all_generations() if generation_id is None else [get_generation(generation_id)]
    assert any(g.participation(code) is not None for g in pool)


@slow
@given(clusters())
def test_clusters_are_run_by_a_cluster_organisation(cluster: Cluster) -> None:
    assert cluster.organisation.kind is K.CLUSTER_ORGANISATION
    assert len(cluster.members) <= 2


@slow
@given(partnerships())
def test_partnerships_name_a_shipped_generation_or_none(partnership: Partnership) -> None:
    assert partnership.generation is None or partnership.generation in REGISTRY


@slow
@given(group_exchanges())
def test_group_exchanges_expand_to_one_exchange_per_visitor(group: GroupExchange) -> None:
    expanded = group.exchanges()
    assert [e.visitor for e in expanded] == list(group.visitors)
    assert 1 <= len(expanded) <= 3


@given(findings())
def test_findings_use_known_rules(finding: Finding) -> None:
    assert finding.rule in RULES


@slow
@given(st.data(), SHIPPED)
def test_exchanges_of_a_generation_start_in_its_period_and_name_it(
    data: st.DataObject, generation: Generation
) -> None:
    exchange = data.draw(exchanges(generation))
    assert exchange.start is not None
    assert generation.covers(exchange.start)
    assert exchange.generation == generation.id
    for party in (exchange.host, exchange.visitor):
        assert generation.participation(party.country) is not None


# --- generations ---------------------------------------------------------------------------


@slow
@given(generations())
def test_custom_generations_extend_a_shipped_one_with_their_own_values(
    generation: Generation,
) -> None:
    if generation.extends is None:
        assert generation is get_generation(generation.id)
        return
    assert generation.id not in REGISTRY
    base = get_generation(generation.extends)
    assert generation != base
    assert all(c.amount <= generation.cap.value for c in generation.ceilings)
    assert generation.visitor_kinds.value <= base.visitor_kinds.value
    eligible_exchanges(generation)  # every custom generation admits eligible exchanges


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_generations_include_shipped_and_custom_ones() -> None:
    assert find(generations(), lambda g: g.extends is None, settings=FIND).id in REGISTRY
    custom = find(generations(), lambda g: g.extends is not None, settings=FIND)
    assert custom.id not in REGISTRY


# --- eligible exchanges: the rules, one by one ---------------------------------------------


def assert_satisfies_every_rule(exchange: Exchange, g: Generation) -> None:
    """Assert each rule of docs/domain.md on *exchange*, reading *g*'s values."""
    host, visitor, start, end = exchange.host, exchange.visitor, exchange.start, exchange.end
    assert start is not None
    assert end is not None
    # generation: in the period; unnamed only where no other shipped generation covers it
    assert g.covers(start)
    if g.id not in REGISTRY or get_generation(g.id) != g:
        assert exchange.generation == g.id  # a date only finds shipped generations
    elif exchange.generation is None:
        assert [other.id for other in all_generations() if other.covers(start)] == [g.id]
    else:
        assert exchange.generation == g.id
    # country, cross_border, threshold
    assert host.country != visitor.country
    for party in (host, visitor):
        participation = g.participation(party.country)
        assert participation is not None
        assert participation.participates_on(start)
    assert g.ceiling(host.country) is not None
    assert host.country != "GB" or g.ceiling("GB") is not None
    # host_kind, visitor_kind: never a contested visitor
    assert host.kind in g.host_kinds.value
    assert visitor.kind in g.visitor_kinds.value - g.contested_visitor_kinds.value
    # cluster_membership: members of ECCP-profiled clusters, whatever the kind
    for party in (host, visitor):
        assert party.clusters
        assert all(ref.eccp_profiled for ref in party.clusters)
        if party.kind is not K.SME:
            assert party.figures == ()
        for figures in party.figures:
            assert figures.headcount < 250
            assert figures.holdings == ()
    assert exchange.prior_approval is None
    # duration_min, duration_max
    days = working_days(start, end)
    assert days >= g.min_working_days.value
    assert (end - start).days + 1 <= g.max_calendar_days.value
    assert exchange.working_days in (None, days)
    # mode, distance: far enough by record or by location
    assert exchange.mode is Mode.PHYSICAL
    limit = g.short_distance_km.value
    if exchange.distance_km is not None:
        assert Decimal(exchange.distance_km) >= limit  # exactly, as the rule compares
    else:
        assert host.location is not None
        assert visitor.location is not None
        assert distance_km(host.location, visitor.location) >= float(limit) + 200
    # it_tool_id, lifecycle, residence, visitor_once
    if exchange.id is not None:
        import re

        assert re.fullmatch(g.it_tool_id_pattern.value, exchange.id)
    assert exchange.status is Status.REGISTERED
    assert exchange.payment is None
    assert exchange.documents == type(exchange.documents)()
    if exchange.representative is not None:
        assert exchange.representative.nationality == visitor.country
    assert visitor.pic is not None


def _changed_cxc2() -> Generation:
    """cxc2 with one value changed but its id kept: a date cannot find it."""
    cxc2 = get_generation("cxc2")
    return attrs.evolve(cxc2, min_working_days=Sourced(value=4, provenance=cxc2.cap.provenance))


@slow
@given(st.data(), SHIPPED | generations() | st.builds(_changed_cxc2))
def test_eligible_exchanges_satisfy_every_rule_and_the_engine_agrees(
    data: st.DataObject, generation: Generation
) -> None:
    shipped = generation.extends is None and generation == get_generation(generation.id)
    if shipped:
        exchange = data.draw(exchanges(generation, eligible=True))
    else:
        exchange = data.draw(eligible_exchanges(generation))
    assert_satisfies_every_rule(exchange, generation)
    verdicts = [check_exchange(exchange, generation)]
    if shipped:
        verdicts.append(check_exchange(exchange))  # the generation found by name or date
    for verdict in verdicts:
        assert verdict.eligible
        assert noteworthy(verdict.findings) == []
        assert verdict.generation == generation.id


def test_eligible_exchanges_of_any_shipped_generation() -> None:
    exchange = find(exchanges(eligible=True), lambda _: True, settings=FIND)
    assert check_exchange(exchange).eligible


@pytest.mark.parametrize(
    "condition",
    [
        lambda e: e.generation is None,
        lambda e: e.generation is not None,
        lambda e: e.distance_km is None,
        lambda e: e.start.weekday() >= 5,
        lambda e: e.visitor.kind is K.SME and e.visitor.figures,
    ],
    ids=["unnamed", "named", "located", "weekend-start", "sme-with-figures"],
)
def test_eligible_exchanges_cover_every_way_of_being_eligible(condition: Any) -> None:
    assert condition(find(eligible_exchanges("cxc1"), condition, settings=FIND))


def _with(generation: Generation, **values: object) -> Generation:
    provenance = generation.cap.provenance
    changes = {
        name: Sourced(value=value, provenance=provenance)
        if name not in ("countries", "ceilings")
        else value
        for name, value in values.items()
    }
    return attrs.evolve(generation, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "values",
    [
        {
            "visitor_kinds": frozenset({K.LARGE_COMPANY}),
            "contested_visitor_kinds": frozenset({K.LARGE_COMPANY}),
        },
        {"host_kinds": frozenset()},
        {"min_working_days": 25},
        {"max_calendar_days": 0},
        {"countries": get_generation("cxc2").countries[:1]},
        {"ceilings": ()},
    ],
    ids=["contested-only", "no-host-kind", "too-many-days", "no-day", "one-country", "no-ceiling"],
)
def test_a_generation_that_admits_no_eligible_exchange_is_refused(
    values: dict[str, object],
) -> None:
    impossible = _with(get_generation("cxc2"), **values)
    with pytest.raises(InvalidValueError, match="admits no eligible exchange"):
        eligible_exchanges(impossible)


# --- eligible exchanges: the engine agrees -------------------------------------------------


@slow
@given(eligible_exchanges(_with(get_generation("cxc2"), min_working_days=5, max_calendar_days=6)))
def test_starts_that_cannot_hold_enough_working_days_are_not_drawn(exchange: Exchange) -> None:
    assert exchange.start is not None
    assert exchange.start.weekday() in (0, 6)  # only from a Sunday or a Monday: five in six days


_LATE = dt.date(2023, 6, 1)


_TWO_COUNTRIES = tuple(
    p if p.country == "BE" else attrs.evolve(p, joined=_LATE)
    for p in get_generation("cxc2").countries
    if p.country in {"BE", "DE"}
)


@slow
@given(eligible_exchanges(_with(get_generation("cxc2"), countries=_TWO_COUNTRIES)))
def test_exchanges_start_once_two_countries_take_part(exchange: Exchange) -> None:
    assert exchange.start is not None
    assert exchange.start >= _LATE
    assert {exchange.host.country, exchange.visitor.country} == {"BE", "DE"}


@slow
@given(st.data(), SHIPPED)
def test_eligible_datasets_have_no_repeated_visitor(
    data: st.DataObject, generation: Generation
) -> None:
    dataset = data.draw(eligible_datasets(generation, max_size=3))
    assert len({e.visitor.pic for e in dataset}) == len(dataset)
    verdict = check_dataset(dataset)
    assert noteworthy(verdict.findings) == []
    assert all(v.eligible for v in verdict.verdicts)


# --- packaging -----------------------------------------------------------------------------


def test_the_package_does_not_import_the_strategies() -> None:
    code = "import sys, clusterxchange; print('clusterxchange.strategies' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_without_hypothesis_the_strategies_name_the_extra_to_install() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import clusterxchange.strategies\n"
        "except ImportError as error:\n    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "clusterxchange.strategies needs hypothesis: pip install 'clusterxchange[strategies]'"
    )
