"""Worked examples of every eligibility rule, passing and failing, with rule id and severity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from clusterxchange import (
    Exchange,
    Generation,
    InvalidValueError,
    Location,
    Organisation,
    get_generation,
)
from clusterxchange.eligibility import (
    IneligibleExchangeError,
    Verdict,
    check_exchange,
    ensure_eligible,
)
from clusterxchange.model import (
    AccountingPeriod,
    ClusterRef,
    CommitmentToQuality,
    Documents,
    Participation,
    Payment,
    Representative,
)
from clusterxchange.model.errors import UnknownGenerationError
from clusterxchange.model.findings import Severity

MONDAY = dt.date(2023, 3, 6)
FRIDAY_NEXT = dt.date(2023, 3, 17)
BRUSSELS = Location(latitude=50.8503, longitude=4.3517)
ANTWERP = Location(latitude=51.2194, longitude=4.4025)


def org(name: str = "Hamburg Aviation", country: str = "DE", **fields: Any) -> Organisation:
    fields.setdefault("kind", "cluster_organisation")
    return Organisation(name=name, country=country, **fields)


def visitor(**fields: Any) -> Organisation:
    fields.setdefault("name", "Pemas")
    fields.setdefault("country", "PT")
    fields.setdefault("pic", "999999999")
    return org(**fields)


def exchange(**fields: Any) -> Exchange:
    """An exchange that passes every rule of cxc2: two cluster organisations, two weeks."""
    fields.setdefault("host", org())
    fields.setdefault("visitor", visitor())
    fields.setdefault("start", MONDAY)
    fields.setdefault("end", FRIDAY_NEXT)
    return Exchange(**fields)


def only(verdict: Verdict) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in verdict.findings]


def message(verdict: Verdict, rule: str) -> str:
    return next(f.message for f in verdict.findings if f.rule == rule)


def test_the_base_exchange_passes_every_rule() -> None:
    verdict = check_exchange(exchange())
    assert verdict.eligible
    assert verdict.findings == ()
    assert verdict.generation == "cxc2"
    assert verdict.working_days == 10
    assert not verdict.working_days_overridden
    assert verdict.errors() == verdict.warnings() == verdict.infos() == ()


# --- country ---------------------------------------------------------------------------------


def test_country_not_participating_is_an_error() -> None:
    verdict = check_exchange(exchange(visitor=visitor(country="NO")))
    assert only(verdict) == [("country", "error")]
    finding = verdict.findings[0]
    assert "Norway (NO)" in finding.message
    assert "does not take part in cxc2" in finding.message
    assert (finding.field, finding.value) == ("countries", "NO")
    assert finding.provenance is not None
    assert "52021DC0685" in finding.provenance.source
    assert not verdict.eligible


@pytest.mark.parametrize(
    ("host", "guest"), [("XK", "GR"), ("EL", "XK"), ("UK", "DE"), ("TR", "UA")]
)
def test_country_participating_including_eu_codes_passes(host: str, guest: str) -> None:
    verdict = check_exchange(exchange(host=org(country=host), visitor=visitor(country=guest)))
    assert "country" not in verdict.rules()
    assert verdict.eligible


def test_country_that_had_not_joined_on_the_first_day_is_an_error(cxc2: Generation) -> None:
    late = Participation(
        country="XK", joined=dt.date(2023, 6, 1), provenance=cxc2.countries[0].provenance
    )
    countries = tuple(late if p.country == "XK" else p for p in cxc2.countries)
    custom = attrs.evolve(cxc2, id="late-kosovo", countries=countries)
    verdict = check_exchange(exchange(host=org(country="XK")), custom)
    assert only(verdict) == [("country", "error")]
    assert "joined the programme on 2023-06-01" in verdict.findings[0].message
    assert verdict.findings[0].value == "XK from 2023-06-01"
    after = exchange(host=org(country="XK"), start=dt.date(2023, 6, 5), end=dt.date(2023, 6, 9))
    assert check_exchange(after, custom).eligible


# --- cross_border ----------------------------------------------------------------------------


def test_cross_border_same_country_is_an_error() -> None:
    verdict = check_exchange(exchange(visitor=visitor(country="Germany")))
    assert only(verdict) == [("cross_border", "error")]
    assert "both in Germany (DE)" in verdict.findings[0].message


# --- duration_min ----------------------------------------------------------------------------


def test_duration_min_two_days_is_an_error() -> None:
    verdict = check_exchange(exchange(end=dt.date(2023, 3, 7)))
    assert only(verdict) == [("duration_min", "error")]
    assert verdict.findings[0].message == (
        "2 working days of activity (2023-03-06 to 2023-03-07); at least 3 are needed"
    )
    assert verdict.findings[0].field == "min_working_days"
    assert verdict.findings[0].value == "3"
    assert verdict.working_days == 2


def test_duration_min_three_days_passes_and_weekends_do_not_count() -> None:
    assert check_exchange(exchange(end=dt.date(2023, 3, 8))).eligible
    friday_to_tuesday = exchange(start=dt.date(2023, 3, 10), end=dt.date(2023, 3, 14))
    verdict = check_exchange(friday_to_tuesday)
    assert verdict.working_days == 3
    assert verdict.eligible


def test_duration_min_uses_the_recorded_working_days() -> None:
    verdict = check_exchange(exchange(working_days=2))
    assert only(verdict) == [("duration_min", "error")]
    assert verdict.findings[0].message == (
        "2 working days of activity (as recorded); at least 3 are needed"
    )
    assert verdict.working_days_overridden
    generous = check_exchange(exchange(end=dt.date(2023, 3, 7), working_days=4))
    assert generous.eligible
    assert (generous.working_days, generous.working_days_overridden) == (4, True)


def test_duration_min_one_day_reads_singular() -> None:
    verdict = check_exchange(exchange(end=MONDAY))
    assert verdict.findings[0].message.startswith("1 working day of activity")


def test_duration_without_dates_or_count_is_undecided() -> None:
    verdict = check_exchange(exchange(start=None, end=None), "cxc2")
    assert only(verdict) == [("duration_min", "undecided"), ("duration_max", "undecided")]
    assert verdict.findings[0].message == (
        "could not be decided: no first or last day of activity and no working days recorded "
        "(columns end, start, working_days); at least 3 working days are needed"
    )
    assert verdict.findings[0].missing == ("end", "start", "working_days")
    assert verdict.findings[1].missing == ("end", "start")
    assert verdict.working_days is None
    assert not verdict.eligible
    assert verdict.outcome == "undecided"
    assert verdict.missing() == ("end", "start", "working_days")
    # Working days recorded decide the minimum; the calendar span still needs both days.
    counted = check_exchange(exchange(start=None, end=None, working_days=5), "cxc2")
    assert only(counted) == [("duration_max", "undecided")]
    assert counted.missing() == ("end", "start")
    # A recorded count under the minimum is an error whatever the dates: not eligible.
    short = check_exchange(exchange(start=None, end=None, working_days=2), "cxc2")
    assert short.outcome == "not_eligible"
    assert short.missing() == ("end", "start")


def test_duration_min_subtracts_the_host_countrys_holidays() -> None:
    may = exchange(host=org(country="BE"), start=dt.date(2023, 5, 1), end=dt.date(2023, 5, 3))
    assert check_exchange(may).eligible
    holidays = {dt.date(2023, 5, 1)}
    verdict = check_exchange(may, calendar=holidays)
    assert only(verdict) == [("duration_min", "error")]
    assert verdict.working_days == 2
    by_country = check_exchange(may, calendar=lambda code: holidays if code == "BE" else None)
    assert by_country.working_days == 2
    elsewhere = check_exchange(may, calendar=lambda code: holidays if code == "FR" else None)
    assert elsewhere.working_days == 3


def test_duration_min_with_the_holidays_package() -> None:
    from clusterxchange.money.days import holiday_calendars

    may = exchange(host=org(country="BE"), start=dt.date(2023, 5, 1), end=dt.date(2023, 5, 3))
    assert check_exchange(may, calendar=holiday_calendars()).working_days == 2


# --- duration_max ----------------------------------------------------------------------------


def test_duration_max_forty_days_is_an_error() -> None:
    verdict = check_exchange(exchange(start=dt.date(2023, 3, 1), end=dt.date(2023, 4, 9)))
    assert only(verdict) == [("duration_max", "error")]
    assert verdict.findings[0].message == (
        "40 calendar days from 2023-03-01 to 2023-04-09; at most one calendar month "
        "(to 2023-03-31) or 30 days are allowed"
    )
    assert verdict.findings[0].field == "max_calendar_months"


def test_duration_max_thirty_days_passes() -> None:
    assert check_exchange(exchange(start=dt.date(2023, 3, 1), end=dt.date(2023, 3, 30))).eligible


def test_duration_max_one_calendar_month_passes() -> None:
    # Issue 17, item 1; clustercollaboration.eu/clusterxchange/about: "An exchange can last
    # from three constructive working days (excluding travel days) to one month." 1 to 31
    # March is one month, though 31 calendar days.
    march = check_exchange(exchange(start=dt.date(2023, 3, 1), end=dt.date(2023, 3, 31)))
    assert march.eligible
    assert "duration_max" not in march.rules()
    april = check_exchange(exchange(start=dt.date(2023, 3, 1), end=dt.date(2023, 4, 1)))
    assert "duration_max" in april.rules()
    assert "a calendar month from the first activity day" in (
        get_generation("cxc2").max_calendar_months.provenance.note
    )


@pytest.mark.parametrize(
    ("start", "end", "eligible"),
    [
        (dt.date(2023, 1, 31), dt.date(2023, 2, 28), True),  # the month runs to February's end
        (dt.date(2023, 1, 31), dt.date(2023, 3, 1), True),  # 30 days: the 30-day reading
        (dt.date(2023, 1, 31), dt.date(2023, 3, 2), False),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), True),  # leap year
        (dt.date(2024, 1, 30), dt.date(2024, 2, 29), True),  # 31 days, within the month
        (dt.date(2024, 1, 30), dt.date(2024, 3, 1), False),
        (dt.date(2023, 2, 1), dt.date(2023, 3, 2), True),  # 30 days from 1 February
        (dt.date(2023, 2, 1), dt.date(2023, 3, 3), False),
        (dt.date(2024, 2, 29), dt.date(2024, 3, 28), True),
        (dt.date(2023, 12, 15), dt.date(2024, 1, 14), True),  # over the new year
        (dt.date(2023, 12, 15), dt.date(2024, 1, 15), False),
    ],
)
def test_duration_max_reads_a_calendar_month(start: dt.date, end: dt.date, eligible: bool) -> None:
    verdict = check_exchange(exchange(start=start, end=end), "cxc2")
    assert ("duration_max" not in verdict.rules()) is eligible


# --- visitor_kind and host_kind --------------------------------------------------------------


def test_visitor_kind_contested_in_cxc2_is_a_warning() -> None:
    verdict = check_exchange(exchange(visitor=visitor(kind="large_company")))
    assert only(verdict) == [("visitor_kind", "warning")]
    assert verdict.eligible
    assert verdict.findings[0].field == "contested_visitor_kinds"
    assert verdict.findings[0].provenance is not None
    assert verdict.findings[0].provenance.confidence.value == "low"


def test_visitor_kind_not_allowed_is_an_error(cxc1: Generation) -> None:
    pilot = exchange(start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 5))
    verdict = check_exchange(attrs.evolve(pilot, visitor=visitor(kind="large_company")))
    assert verdict.generation == "cxc1"
    assert only(verdict) == [("visitor_kind", "error")]
    assert "may not visit in cxc1" in verdict.findings[0].message
    trainer = check_exchange(attrs.evolve(pilot, visitor=visitor(kind="training_provider")))
    assert only(trainer) == [("visitor_kind", "error")]


@pytest.mark.parametrize("kind", ["training_provider", "large_company", "public_authority"])
def test_cxc2_contested_visitor_kinds_are_alike_a_warning(kind: str) -> None:
    # Issue 17, item 5: the call COS-CLUSTER-2020-3-03 lists training providers (and
    # innovation agencies) beside large companies and public authorities: treat them alike.
    verdict = check_exchange(exchange(visitor=visitor(kind=kind)))
    assert verdict.eligible
    assert only(verdict) == [("visitor_kind", "warning")]
    assert verdict.findings[0].field == "contested_visitor_kinds"
    assert "training providers" in verdict.findings[0].provenance.note  # type: ignore[union-attr]


def test_cxc2_extra_host_kinds_must_be_in_a_cluster() -> None:
    # Issue 17, item 4; clustercollaboration.eu/clusterxchange/how-can-i-participate: training
    # providers, large companies and public authorities host when active in a cluster.
    for kind in ("training_provider", "large_company", "public_authority"):
        member = check_exchange(exchange(host=org(kind=kind, clusters=["Pemas"])))
        assert member.eligible
        assert "cluster_membership" not in member.rules()
        unknown = check_exchange(exchange(host=org(kind=kind)))
        assert unknown.eligible
        assert only(unknown) == [("cluster_membership", "warning")]
        assert unknown.findings[0].field == "host_member_kinds"
        assert "not recorded" in unknown.findings[0].message
        outside = check_exchange(exchange(host=org(kind=kind, clusters=[])))
        assert only(outside) == [("cluster_membership", "error")]
    # Cluster organisations host without a membership of their own.
    assert check_exchange(exchange(host=org())).findings == ()


def test_host_kind_per_generation() -> None:
    assert check_exchange(exchange(host=org(kind="large_company"))).eligible
    pilot = exchange(
        host=org(kind="large_company"), start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 5)
    )
    verdict = check_exchange(pilot)
    assert only(verdict) == [("host_kind", "error")]
    assert "may not host in cxc1" in verdict.findings[0].message


# --- cluster_membership ----------------------------------------------------------------------


def sme(**fields: Any) -> Organisation:
    fields.setdefault("clusters", [ClusterRef(name="Pemas", eccp_profiled=True)])
    return visitor(kind="sme", **fields)


def test_cluster_membership_recorded_and_profiled_passes() -> None:
    verdict = check_exchange(exchange(visitor=sme()))
    assert only(verdict) == [("sme", "info")]


def test_cluster_membership_not_recorded_is_taken_at_the_partnerships_word() -> None:
    verdict = check_exchange(exchange(visitor=sme(clusters=None)))
    assert ("cluster_membership", "info") in only(verdict)
    assert "taken at the partnership's word" in message(verdict, "cluster_membership")
    assert verdict.eligible


def test_cluster_membership_none_is_an_error() -> None:
    verdict = check_exchange(exchange(visitor=sme(clusters=[])))
    assert ("cluster_membership", "error") in only(verdict)
    suso = check_exchange(
        exchange(visitor=visitor(kind="scaling_up_support_organisation", clusters=[]))
    )
    assert only(suso) == [("cluster_membership", "error")]
    assert "not a member of any cluster" in suso.findings[0].message


def test_cluster_membership_of_an_sme_needs_an_eccp_profiled_cluster() -> None:
    unprofiled = [ClusterRef(name="Pemas", eccp_profiled=False)]
    verdict = check_exchange(exchange(visitor=sme(clusters=unprofiled)))
    assert ("cluster_membership", "error") in only(verdict)
    assert "European Cluster Collaboration Platform" in message(verdict, "cluster_membership")
    unknown = check_exchange(exchange(visitor=sme(clusters=["Pemas"])))
    assert ("cluster_membership", "info") in only(unknown)
    mixed = [ClusterRef(name="A", eccp_profiled=False), ClusterRef(name="B", eccp_profiled=True)]
    assert "cluster_membership" not in check_exchange(exchange(visitor=sme(clusters=mixed))).rules()
    # A scaling-up support organisation need not be in an ECCP-profiled cluster.
    suso = visitor(kind="scaling_up_support_organisation", clusters=unprofiled)
    assert check_exchange(exchange(visitor=suso)).findings == ()


def test_cluster_membership_applies_to_hosts_too() -> None:
    host = org(kind="sme", clusters=[])
    verdict = check_exchange(exchange(host=host))
    assert only(verdict) == [("cluster_membership", "error")]
    assert message(verdict, "cluster_membership").startswith("the host Hamburg Aviation")


PILOT = {"start": dt.date(2021, 3, 1), "end": dt.date(2021, 3, 5)}


def test_cxc1_non_member_sme_host_needs_prior_approval() -> None:
    host = org(kind="sme", clusters=[])
    verdict = check_exchange(exchange(host=host, **PILOT))
    assert only(verdict) == [("cluster_membership", "error")]
    assert "prior approval" in verdict.findings[0].message
    approved = check_exchange(exchange(host=host, prior_approval="EISMEA 2021/117", **PILOT))
    assert only(approved) == [("host_kind", "info")]
    assert "EISMEA 2021/117" in approved.findings[0].message
    assert approved.findings[0].field == "non_member_sme_host"
    assert approved.eligible


def test_cxc2_has_no_non_member_sme_host_exception() -> None:
    host = org(kind="sme", clusters=[])
    verdict = check_exchange(exchange(host=host, prior_approval="EISMEA 2023/1"))
    assert only(verdict) == [("cluster_membership", "error")]


def test_a_non_member_sme_never_visits_even_with_approval() -> None:
    verdict = check_exchange(exchange(visitor=sme(clusters=[]), prior_approval="x", **PILOT))
    assert ("cluster_membership", "error") in only(verdict)


# --- sme -------------------------------------------------------------------------------------

LARGE = AccountingPeriod(end=dt.date(2022, 12, 31), headcount=300, turnover=80_000_000)
SMALL = AccountingPeriod(end=dt.date(2022, 12, 31), headcount=30, turnover=5_000_000)


def test_sme_whose_figures_make_it_large_is_an_error() -> None:
    verdict = check_exchange(exchange(visitor=sme(figures=[LARGE])))
    assert only(verdict) == [("sme", "error")]
    assert "declared an SME, but its figures make it a large enterprise" in message(verdict, "sme")
    assert verdict.findings[0].value == "large"
    assert verdict.findings[0].provenance is not None
    assert "2014/651" in verdict.findings[0].provenance.source


def test_sme_with_sme_figures_passes_and_without_figures_is_taken_at_its_word() -> None:
    assert check_exchange(exchange(visitor=sme(figures=[SMALL]))).findings == ()
    verdict = check_exchange(exchange(visitor=sme()))
    assert only(verdict) == [("sme", "info")]
    assert "taken at its word" in verdict.findings[0].message


def test_sme_rule_is_about_visitors_declared_smes_only() -> None:
    assert check_exchange(exchange(visitor=visitor(figures=[LARGE]))).findings == ()


# --- distance --------------------------------------------------------------------------------


def test_distance_under_200_km_is_a_warning_in_cxc2() -> None:
    verdict = check_exchange(exchange(distance_km=150))
    assert only(verdict) == [("distance", "warning")]
    assert "150.0 km apart (as recorded), under 200 km" in verdict.findings[0].message
    assert verdict.findings[0].field == "distance_requisite"
    assert verdict.eligible


def test_distance_from_locations() -> None:
    near = exchange(
        host=org(country="BE", location=BRUSSELS), visitor=visitor(country="NL", location=ANTWERP)
    )
    verdict = check_exchange(near)
    assert only(verdict) == [("distance", "warning")]
    assert "between their locations" in verdict.findings[0].message
    far = attrs.evolve(near, visitor=visitor(location=Location(latitude=38.72, longitude=-9.14)))
    assert check_exchange(far).findings == ()


@pytest.mark.parametrize("km", [200, 200.0, 640.2])
def test_distance_of_200_km_or_more_passes(km: float) -> None:
    assert check_exchange(exchange(distance_km=km)).findings == ()


def test_distance_is_no_requisite_in_cxc1_nor_for_virtual_exchanges() -> None:
    assert check_exchange(exchange(distance_km=10, **PILOT)).findings == ()
    virtual = check_exchange(exchange(distance_km=10, mode="virtual"))
    assert "distance" not in virtual.rules()


# --- residence -------------------------------------------------------------------------------


def test_residence_of_a_non_national_representative() -> None:
    short = Representative(nationality="NO", residence_days=100, business_in_country=True)
    verdict = check_exchange(exchange(representative=short))
    assert only(verdict) == [("residence", "error")]
    assert "has lived 100 days in Portugal (PT); 183 are needed" in verdict.findings[0].message
    enough = Representative(nationality="NO", residence_days=183, business_in_country=True)
    assert check_exchange(exchange(representative=enough)).findings == ()
    no_business = Representative(nationality="NO", residence_days=400, business_in_country=False)
    assert only(check_exchange(exchange(representative=no_business))) == [("residence", "error")]


def test_residence_unknown_values_are_info() -> None:
    unknown = Representative(nationality="CH")
    verdict = check_exchange(exchange(representative=unknown))
    assert only(verdict) == [("residence", "info")]
    assert "the days of residence and a business there not recorded" in verdict.findings[0].message
    half = Representative(nationality="CH", residence_days=20)
    assert only(check_exchange(exchange(representative=half))) == [
        ("residence", "error"),
        ("residence", "info"),
    ]


def test_residence_of_a_national_of_a_participating_country_passes() -> None:
    assert check_exchange(exchange(representative=Representative(nationality="IT"))).findings == ()


# --- mode ------------------------------------------------------------------------------------


def test_mode_virtual_is_never_funded_and_a_warning_where_not_recognised() -> None:
    verdict = check_exchange(exchange(mode="virtual"))
    assert only(verdict) == [("mode", "warning"), ("mode", "info")]
    assert verdict.eligible
    pilot = check_exchange(exchange(mode="virtual", **PILOT))
    assert only(pilot) == [("mode", "info")]
    assert "never funded" in pilot.findings[0].message


def test_mode_the_pilot_enforces_no_end_of_virtual_exchanges() -> None:
    # Issue 17, item 8: "the end of virtual exchanges in the pilot (31 December 2020, later
    # extended: an open question)". No source gives the extended end: none is enforced.
    cxc1 = get_generation("cxc1")
    assert cxc1.virtual_until.value is None
    assert "31 December 2020" in cxc1.virtual_until.provenance.note
    late = exchange(mode="virtual", start=dt.date(2021, 9, 6), end=dt.date(2021, 9, 10))
    assert only(check_exchange(late, cxc1)) == [("mode", "info")]


def test_mode_a_virtual_exchange_after_a_set_end_is_a_warning_only() -> None:
    from clusterxchange.generations import parse_generation

    ours = parse_generation(
        {
            "id": "pilot-2020",
            "extends": "cxc1",
            "virtual_until": {"value": "2020-12-31", "source": "the pilot's first rules"},
        }
    )
    late = exchange(mode="virtual", start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 5))
    verdict = check_exchange(late, ours)
    assert verdict.eligible
    assert only(verdict) == [("mode", "info"), ("mode", "warning")]
    warning = verdict.warnings()[0]
    assert warning.field == "virtual_until"
    assert "2020-12-31" in warning.message
    on_time = exchange(mode="virtual", start=dt.date(2020, 12, 14), end=dt.date(2020, 12, 18))
    assert only(check_exchange(on_time, ours)) == [("mode", "info")]


def test_a_participant_country_follows_the_permanent_residence_rule() -> None:
    # clustercollaboration.eu/clusterxchange/how-can-i-participate: "If an organisation has
    # several registered establishments in different COSME participating countries, the
    # participant should choose the country where he/she is based".
    for generation in (get_generation("cxc1"), get_generation("cxc2")):
        rule = generation.permanent_residence
        assert "where the representative is based" in rule.value
        assert "several registered establishments" in rule.provenance.note


# --- threshold -------------------------------------------------------------------------------


def test_threshold_unknown_for_a_uk_host_is_a_warning() -> None:
    verdict = check_exchange(exchange(host=org(country="UK")))
    assert only(verdict) == [("threshold", "warning")]
    assert verdict.eligible
    assert verdict.findings[0].field == "ceilings.GB"
    assert "United Kingdom (GB)" in verdict.findings[0].message


def test_threshold_is_not_reported_for_non_participants_or_virtual_exchanges() -> None:
    assert only(check_exchange(exchange(host=org(country="NO")))) == [("country", "error")]
    assert (
        "threshold" not in check_exchange(exchange(host=org(country="GB"), mode="virtual")).rules()
    )


# --- it_tool_id ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ident", ["EG927FA8", None, "CXL-2023-DE-PT-BB1RV-NHMJT6", "cxl-local-7", "TIDEWAY-12", "17"]
)
def test_it_tool_id_fitting_or_not_a_tool_id_passes(ident: str | None) -> None:
    assert check_exchange(exchange(id=ident)).findings == ()


@pytest.mark.parametrize("ident", ["EG927F8", "eg927fa8", "EG-927-FA8", "EG927FB8"])
def test_it_tool_id_malformed_is_a_warning(ident: str) -> None:
    verdict = check_exchange(exchange(id=ident))
    assert only(verdict) == [("it_tool_id", "warning")]
    assert repr(ident) in verdict.findings[0].message
    assert verdict.findings[0].field == "it_tool_id_pattern"


# --- lifecycle -------------------------------------------------------------------------------


def test_lifecycle_of_a_spreadsheet_row_with_no_documents_passes() -> None:
    assert check_exchange(exchange(status="completed")).findings == ()


def test_lifecycle_says_nothing_of_a_paid_row_without_documents() -> None:
    # A table row has no payment or document columns: nothing to compare the status with.
    verdict = check_exchange(exchange(status="paid"))
    assert only(verdict) == []
    assert verdict.eligible


def test_lifecycle_payment_on_an_unpaid_exchange_is_a_warning() -> None:
    paid = Payment(date=dt.date(2023, 4, 3), amount=Decimal(830))
    verdict = check_exchange(exchange(status="completed", payment=paid))
    assert ("lifecycle", "warning") in only(verdict)


def test_lifecycle_completed_without_a_validated_final_report_is_a_warning() -> None:
    documents = Documents(commitment=CommitmentToQuality(goals="Learn"))
    verdict = check_exchange(exchange(status="completed", documents=documents))
    assert set(verdict.rules()) == {"lifecycle"}
    assert "Final Activity Report" in message(verdict, "lifecycle")


# --- generation ------------------------------------------------------------------------------


def test_generation_named_but_unknown_is_an_error() -> None:
    verdict = check_exchange(exchange(generation="cxc9"))
    assert only(verdict) == [("generation", "error")]
    assert verdict.generation is None
    assert "cxc9" in verdict.findings[0].message


def test_generation_named_is_used() -> None:
    verdict = check_exchange(exchange(generation="CXC2"))
    assert verdict.generation == "cxc2"
    assert verdict.findings == ()


def test_generation_uncovered_is_an_error_and_undated_is_undecided() -> None:
    verdict = check_exchange(exchange(start=dt.date(2019, 5, 6), end=dt.date(2019, 5, 10)))
    assert only(verdict) == [("generation", "error")]
    assert (
        "no generation covers the first day of activity 2019-05-06" in verdict.findings[0].message
    )
    undated = check_exchange(exchange(start=None, end=None))
    # One finding says it for every rule that depends on the generation.
    assert only(undated) == [("generation", "undecided")]
    assert undated.missing() == ("generation", "start")
    assert undated.generation is None
    assert undated.outcome == "undecided"


AMBIGUOUS = {"start": dt.date(2022, 3, 7), "end": dt.date(2022, 3, 11)}


def test_generation_ambiguous_but_eligible_under_each_is_a_warning() -> None:
    verdict = check_exchange(exchange(**AMBIGUOUS))
    assert only(verdict) == [("generation", "warning")]
    assert verdict.generation == "cxc2"
    assert "(cxc1, cxc2)" in verdict.findings[0].message
    assert verdict.eligible


def test_generation_ambiguous_and_not_eligible_under_one_is_an_error() -> None:
    verdict = check_exchange(exchange(visitor=visitor(kind="large_company"), **AMBIGUOUS))
    assert only(verdict) == [("generation", "error"), ("visitor_kind", "warning")]
    assert "not eligible under cxc1 (visitor_kind)" in verdict.findings[0].message
    assert verdict.generation == "cxc2"
    assert not verdict.eligible


def test_generation_given_explicitly_wins_with_warnings_where_the_row_disagrees() -> None:
    verdict = check_exchange(exchange(generation="cxc1", **AMBIGUOUS), "cxc2")
    assert only(verdict) == [("generation", "warning")]
    assert "names generation 'cxc1', but is checked under cxc2" in verdict.findings[0].message
    outside = check_exchange(exchange(), get_generation("cxc1"))
    assert only(outside) == [("generation", "warning")]
    assert "outside the period of cxc1" in outside.findings[0].message


def test_generation_custom_extending_the_named_one_does_not_warn(cxc2: Generation) -> None:
    custom = attrs.evolve(cxc2, id="hemp-2023", extends="cxc2")
    verdict = check_exchange(exchange(generation="cxc2"), custom)
    assert verdict.generation == "hemp-2023"
    assert verdict.findings == ()


# --- findings carry their evidence, ensure_eligible, misuse ----------------------------------


def test_every_generation_finding_cites_a_source() -> None:
    cases = [
        exchange(visitor=visitor(country="NO")),
        exchange(end=dt.date(2023, 3, 7)),
        exchange(start=dt.date(2023, 3, 1), end=dt.date(2023, 4, 9)),
        exchange(visitor=visitor(kind="training_provider")),
        exchange(distance_km=12),
        exchange(id="EG1"),
        exchange(host=org(country="GB")),
        exchange(mode="virtual"),
    ]
    for case in cases:
        for finding in check_exchange(case).findings:
            assert finding.provenance is not None, finding
            assert finding.field is not None, finding


def test_ensure_eligible_returns_or_raises_with_the_verdict() -> None:
    assert ensure_eligible(exchange()).eligible
    with pytest.raises(IneligibleExchangeError) as raised:
        ensure_eligible(exchange(id="EG123AA1", end=dt.date(2023, 3, 7)))
    assert isinstance(raised.value.verdict, Verdict)
    assert str(raised.value).startswith("exchange EG123AA1 is not eligible: duration_min: 2")
    with pytest.raises(IneligibleExchangeError, match=r"^the exchange is not eligible"):
        ensure_eligible(exchange(visitor=visitor(country="DE")))


@pytest.mark.parametrize("junk", [None, "exchange", 3, {"host": "x"}])
def test_check_exchange_rejects_what_is_not_an_exchange(junk: object) -> None:
    with pytest.raises(InvalidValueError, match="expected an Exchange"):
        check_exchange(junk)  # type: ignore[arg-type]


def test_check_exchange_rejects_an_unknown_generation_or_calendar() -> None:
    with pytest.raises(UnknownGenerationError):
        check_exchange(exchange(), "cxc9")
    with pytest.raises(UnknownGenerationError):
        check_exchange(exchange(), 2)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="calendar"):
        check_exchange(exchange(), calendar=5)  # type: ignore[arg-type]


def test_findings_are_ordered_and_severities_are_enums() -> None:
    bad = exchange(visitor=visitor(country="DE", kind="training_provider"), end=dt.date(2023, 3, 7))
    verdict = check_exchange(bad)
    assert verdict.rules() == ("cross_border", "duration_min", "visitor_kind")
    assert all(isinstance(f.severity, Severity) for f in verdict.findings)
    assert len(verdict.errors()) == 2


def test_a_first_day_in_the_overlap_is_never_assigned_silently() -> None:
    # Issue 17, item 3: "The cxc1 end date (2022-06-30) has no source ... An exchange whose
    # first day falls where the generations could overlap and whose row names no generation
    # gets the generation warning with both candidates, instead of being assigned silently."
    spring = exchange(start=dt.date(2022, 3, 7), end=dt.date(2022, 3, 11))
    verdict = check_exchange(spring)
    assert verdict.eligible
    assert verdict.generation == "cxc2"
    [note] = [f for f in verdict.findings if f.rule == "generation"]
    assert note.severity is Severity.WARNING
    assert "(cxc1, cxc2)" in note.message
    named = check_exchange(attrs.evolve(spring, generation="cxc1"))
    assert "generation" not in named.rules()
    cxc1 = get_generation("cxc1")
    assert cxc1.period.provenance.confidence.value == "low"
    assert "no source gives the end" in cxc1.period.provenance.note
    # A pilot exchange published later in 2022 names cxc1: checked under it, with a warning.
    autumn = check_exchange(
        exchange(start=dt.date(2022, 9, 5), end=dt.date(2022, 9, 9), generation="cxc1")
    )
    assert autumn.eligible
    assert autumn.generation == "cxc1"
    assert [(f.rule, f.severity.value) for f in autumn.findings] == [("generation", "warning")]
