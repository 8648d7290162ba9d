"""Partial records: exchanges without countries, kinds, dates or distance.

Every rule that needs a value the record lacks is ``undecided``, naming the missing columns;
such an exchange is never eligible; KPIs count it; a lump sum that cannot be priced says why.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import budget, kpis, lump_sum
from clusterxchange.eligibility import (
    IneligibleExchangeError,
    check_dataset,
    check_exchange,
    ensure_eligible,
)
from clusterxchange.io import read_exchanges_csv
from clusterxchange.kpi import UNKNOWN_KIND
from clusterxchange.kpi._render import report_dict, report_markdown, report_text
from clusterxchange.model import Exchange, Organisation, OrganisationKind, Status
from clusterxchange.model.errors import NoCeilingError, UnpricedError
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.model.serialization import structure, unstructure
from clusterxchange.money.pricing import lump_sums, threshold_finding
from clusterxchange.strategies import exchanges

HOST = Organisation(
    name="Hamburg Aviation", country="DE", kind="cluster_organisation", clusters=["HAV"]
)
VISITOR = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"])
START, END = dt.date(2023, 3, 6), dt.date(2023, 3, 17)


def exchange(**changes: object) -> Exchange:
    base = Exchange(host=HOST, visitor=VISITOR, start=START, end=END, distance_km=2200)
    return attrs.evolve(base, **changes)


def undecided(verdict_findings: tuple[Finding, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.rule, f.missing) for f in verdict_findings if f.severity is Severity.UNDECIDED]


# -- worked examples: a coordinator's sheet with gaps ----------------------------------------

SHEET = """\
host,host_country,host_kind,visitor,visitor_country,visitor_kind,start,end,status
Hamburg Aviation,DE,Cluster organisation,Aero Lda,PT,SME,06/03/2023,17/03/2023,Completed
Hamburg Aviation,,Cluster organisation,Porto Aero,PT,SME,06/03/2023,17/03/2023,Completed
Hamburg Aviation,DE,,Lisboa Tech,PT,SME,06/03/2023,17/03/2023,Completed
Hamburg Aviation,DE,Cluster organisation,Oslo Start,,,06/03/2023,17/03/2023,Completed
Hamburg Aviation,DE,Cluster organisation,Braga Labs,PT,SME,,,Completed
Hamburg Aviation,DE,Cluster organisation,Brno Tech,CZ,,06/03/2023,07/03/2023,Completed
"""


def test_a_sheet_with_gaps_is_read_whole_and_each_gap_is_undecided() -> None:
    table = read_exchanges_csv(io.StringIO(SHEET))
    assert table.errors == ()
    assert table.rows == (2, 3, 4, 5, 6, 7)
    result = check_dataset(table.exchanges, "cxc2")
    outcomes = [v.outcome for v in result]
    assert outcomes == [
        "eligible",
        "undecided",
        "undecided",
        "undecided",
        "undecided",
        "not_eligible",  # two working days: an error outweighs the unknown kind
    ]
    no_host_country = result[1]
    assert undecided(no_host_country.findings) == [
        ("country", ("host_country",)),
        ("cross_border", ("host_country",)),
        ("threshold", ("host_country",)),
    ]
    assert no_host_country.missing() == ("host_country",)
    messages = [f.message for f in no_host_country.undecided()]
    assert messages[0] == (
        "could not be decided: no country is recorded for the host Hamburg Aviation "
        "(column host_country)"
    )
    no_host_kind = result[2]
    assert undecided(no_host_kind.findings) == [("host_kind", ("host_kind",))]
    assert no_host_kind.undecided()[0].message == (
        "could not be decided: no kind of organisation is recorded for the host Hamburg "
        "Aviation (column host_kind)"
    )
    bare_visitor = result[3]
    assert bare_visitor.missing() == ("visitor_country", "visitor_kind")
    assert [rule for rule, _ in undecided(bare_visitor.findings)] == [
        "country",
        "cross_border",
        "visitor_kind",
    ]
    no_dates = result[4]
    assert undecided(no_dates.findings) == [
        ("duration_min", ("end", "start", "working_days")),
        ("duration_max", ("end", "start")),
    ]
    assert result[5].missing() == ("visitor_kind",)
    assert result.undecided() == (1, 2, 3, 4)
    assert result.ineligible() == (1, 2, 3, 4, 5)  # not eligible: the undecided ones too
    assert not result.eligible


def test_without_a_generation_or_a_start_one_finding_says_so() -> None:
    verdict = check_exchange(exchange(start=None, end=None, working_days=10))
    assert [(f.rule, f.severity.value) for f in verdict.findings] == [("generation", "undecided")]
    assert verdict.missing() == ("generation", "start")
    assert verdict.generation is None
    assert "column generation" in verdict.findings[0].message
    # Named, the generation is known: the rules run, and only the calendar span is unknown.
    named = check_exchange(exchange(start=None, end=None, working_days=10, generation="cxc2"))
    assert named.generation == "cxc2"
    assert named.missing() == ("end", "start")


def test_a_country_that_joined_later_needs_the_first_day() -> None:
    from clusterxchange.generations import get_generation

    later = next(p for p in get_generation("cxc2").countries if p.joined is not None)
    host = attrs.evolve(HOST, country=later.country)
    verdict = check_exchange(exchange(host=host, start=None, end=None), "cxc2")
    assert ("country", ("start",)) in undecided(verdict.findings)


def test_membership_is_undecided_only_where_the_kind_would_matter() -> None:
    nowhere = Organisation(name="Solo GmbH", country="AT", clusters=[])
    verdict = check_exchange(exchange(visitor=nowhere), "cxc2")
    assert ("cluster_membership", ("visitor_kind",)) in undecided(verdict.findings)
    member = Organisation(name="Member GmbH", country="AT", clusters=["Aero Cluster"])
    assert undecided(check_exchange(exchange(visitor=member), "cxc2").findings) == [
        ("visitor_kind", ("visitor_kind",))
    ]


def test_ensure_eligible_raises_for_an_undecided_exchange_naming_the_columns() -> None:
    with pytest.raises(IneligibleExchangeError) as raised:
        ensure_eligible(exchange(host=attrs.evolve(HOST, kind=None)), "cxc2")
    assert str(raised.value).startswith("the exchange could not be decided, missing host_kind:")
    assert raised.value.verdict.outcome == "undecided"
    assert ensure_eligible(exchange(), "cxc2").eligible


def test_a_visitor_without_a_country_is_the_one_of_that_name_with_one() -> None:
    again = attrs.evolve(VISITOR, country=None)
    first = exchange()
    second = exchange(visitor=again, start=dt.date(2023, 5, 8), end=dt.date(2023, 5, 19))
    result = check_dataset([second, first], "cxc2")
    assert [(f.rule, f.indices) for f in result.findings] == [("visitor_once", (0, 1))]
    # Two countries with that name: nothing is guessed.
    other = exchange(
        visitor=attrs.evolve(VISITOR, country="ES"),
        start=dt.date(2023, 9, 4),
        end=dt.date(2023, 9, 15),
    )
    assert check_dataset([second, first, other], "cxc2").findings == ()


# -- the property: removing a value never makes an exchange eligible ------------------------


def _blank(e: Exchange, which: frozenset[str]) -> Exchange:
    host, visitor = e.host, e.visitor
    if "host_country" in which:
        host = attrs.evolve(host, country=None)
    if "host_kind" in which:
        host = attrs.evolve(host, kind=None)
    if "visitor_country" in which:
        visitor = attrs.evolve(visitor, country=None)
    if "visitor_kind" in which:
        visitor = attrs.evolve(visitor, kind=None)
    changes: dict[str, object] = {"host": host, "visitor": visitor}
    for column in ("start", "end", "working_days", "distance_km", "generation"):
        if column in which:
            changes[column] = None
    return attrs.evolve(e, **changes)


BLANKABLE = (
    "host_country",
    "host_kind",
    "visitor_country",
    "visitor_kind",
    "start",
    "end",
    "working_days",
    "distance_km",
    "generation",
)
#: The values without which no exchange is eligible: every rule needs them.
DECIDING = ("host_country", "host_kind", "visitor_country", "visitor_kind", "start", "end")


def _recorded(e: Exchange, column: str) -> bool:
    side, _, field = column.partition("_")
    if side in ("host", "visitor") and field in ("country", "kind"):
        return getattr(getattr(e, side), field) is not None
    return getattr(e, column) is not None


@given(
    exchanges() | exchanges(eligible=True),
    st.frozensets(st.sampled_from(BLANKABLE), min_size=1),
)
def test_blanking_values_never_makes_an_exchange_eligible(
    e: Exchange, which: frozenset[str]
) -> None:
    before = check_exchange(e)
    after = check_exchange(_blank(e, which))
    if not before.eligible:
        assert not after.eligible
    if any(column in which and _recorded(e, column) for column in DECIDING):
        assert not after.eligible
    assert after.eligible == (after.outcome == "eligible")
    assert after.decided == (after.missing() == ())
    assert set(after.missing()) <= set(BLANKABLE)


@given(exchanges(eligible=True), st.sampled_from(DECIDING))
def test_an_eligible_exchange_blanked_of_a_deciding_value_is_undecided(
    e: Exchange, column: str
) -> None:
    verdict = check_exchange(_blank(e, frozenset({column})))
    assert verdict.outcome == "undecided"
    assert column in verdict.missing() or verdict.missing() == ("generation", "start")


# -- KPIs count partial records normally ------------------------------------------------------


@given(st.lists(exchanges(), max_size=12), st.frozensets(st.sampled_from(BLANKABLE)))
def test_kpi_totals_do_not_change_when_kinds_and_countries_are_blanked(
    rows: list[Exchange], which: frozenset[str]
) -> None:
    kept = which & {"host_country", "host_kind", "visitor_country", "visitor_kind"}
    before = kpis(rows)
    after = kpis([_blank(e, kept) for e in rows])
    assert after.completed == before.completed
    assert after.pending == before.pending
    assert after.outside_partnership == before.outside_partnership
    assert after.counted == before.counted
    assert dict(after.by_status) == dict(before.by_status)
    assert sum(after.by_visitor_kind.values()) == after.completed
    assert sum(after.pending_by_visitor_kind.values()) == after.pending
    if "visitor_kind" in kept and (after.completed or after.pending):
        assert after.by_visitor_kind[UNKNOWN_KIND] == after.completed


def test_an_unknown_visitor_kind_is_its_own_bucket_in_every_output() -> None:
    rows = [
        exchange(status="completed"),
        exchange(visitor=Organisation(name="Anon"), status="completed", id="EG1"),
        exchange(visitor=Organisation(name="Anon 2"), status="awaiting_final_report", id="EG2"),
    ]
    report = kpis(rows)
    assert report.completed == 2
    assert report.by_visitor_kind[OrganisationKind.SME] == 1
    assert report.by_visitor_kind[UNKNOWN_KIND] == 1
    assert report.pending_by_visitor_kind[UNKNOWN_KIND] == 1
    assert dict(report.by_visitor_country) == {"PT": 1}  # the unknown one is not listed
    data = report_dict(report)
    assert data["by_visitor_kind"]["unknown"] == 1
    assert "kind not recorded: 1 (1)" in report_text(report)
    assert "visitor kind is not recorded for 1 completed exchange" in report_markdown(report)
    assert UNKNOWN_KIND not in kpis(rows[:1]).by_visitor_kind  # only when needed


# -- money: what cannot be priced says why ---------------------------------------------------


def test_a_lump_sum_without_a_host_country_is_unpriced() -> None:
    with pytest.raises(UnpricedError) as raised:
        lump_sum(exchange(host=attrs.evolve(HOST, country=None)), "cxc2")
    assert raised.value.missing == ("host_country",)
    assert "column host_country" in str(raised.value)
    finding = threshold_finding(raised.value)
    assert (finding.rule, finding.severity, finding.missing) == (
        "threshold",
        Severity.UNDECIDED,
        ("host_country",),
    )


def test_an_unknown_distance_is_priced_in_full_and_says_so() -> None:
    # The halving is for organisations under 200 km apart; with no distance recorded the
    # amount assumes the usual cross-border case and the explanation says so.
    far_unknown = lump_sum(exchange(distance_km=None), "cxc2")
    assert (far_unknown.amount, far_unknown.reductions) == (Decimal("830.00"), ())
    assert "the amount assumes at least 200 km" in far_unknown.explanation
    short = exchange(distance_km=None, end=dt.date(2023, 3, 8))  # three working days
    priced = lump_sum(short, "cxc2")
    assert priced.amount == Decimal("415.00")
    assert "does not change the amount" in priced.explanation
    virtual = lump_sum(exchange(distance_km=None, mode="virtual"), "cxc2")
    assert virtual.amount == Decimal("0.00")
    with pytest.raises(NoCeilingError):
        lump_sum(exchange(distance_km=None, host=attrs.evolve(HOST, country="GB")), "cxc2")


def test_a_lump_sum_without_days_names_the_blank_columns() -> None:
    with pytest.raises(UnpricedError) as raised:
        lump_sum(exchange(end=None), "cxc2")
    assert raised.value.missing == ("end", "working_days")
    with pytest.raises(UnpricedError, match="exchange 1: ") as batch:
        lump_sums([exchange(), exchange(start=None, end=None)], "cxc2")
    assert batch.value.missing == ("end", "start", "working_days")


def test_a_cancelled_exchange_is_never_priced() -> None:
    with pytest.raises(UnpricedError, match="cancelled: no lump sum") as raised:
        lump_sum(exchange(status=Status.CANCELLED), "cxc2")
    assert raised.value.missing == ()
    assert threshold_finding(raised.value).severity is Severity.INFO
    with pytest.raises(UnpricedError, match="exchange 0: the exchange is cancelled"):
        lump_sums([exchange(status="cancelled")], "cxc2")


def test_the_budget_lists_what_it_cannot_price_with_the_missing_columns() -> None:
    rows = [
        exchange(status="completed"),
        exchange(status="completed", host=attrs.evolve(HOST, country=None)),
        exchange(status="completed", distance_km=None),
        exchange(status="matched", start=None, end=None),
    ]
    result = budget(rows, "cxc2")
    assert result.totals.payable == Decimal("1660.00")  # the distance unknown: priced in full
    assert [s.missing for s in result.unpriced] == [
        ("host_country",),
        ("end", "start", "working_days"),
    ]
    undated = budget([exchange(status="matched", start=None, end=None)])
    assert undated.unpriced[0].missing == ("generation", "start")


# -- round trips with None ---------------------------------------------------------------------


@given(exchanges())
def test_partial_exchanges_round_trip_through_json_data(e: Exchange) -> None:
    assert structure(unstructure(e), Exchange) == e


def test_a_bare_organisation_round_trips() -> None:
    bare = Organisation(name="Aero Lda")
    data = unstructure(bare)
    assert (data["country"], data["kind"]) == (None, None)
    assert structure(data, Organisation) == bare
    assert Organisation(name="Aero Lda", country=" ", kind="") == bare
