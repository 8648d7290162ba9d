"""The model: every class validates at construction, so pure functions can trust their input."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    ClusterXchangeError,
    Exchange,
    Finding,
    GroupExchange,
    InvalidValueError,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Partnership,
    Severity,
    Status,
)
from clusterxchange.model import (
    AccountingPeriod,
    Availability,
    Ceiling,
    Cluster,
    ClusterRef,
    CommitmentToQuality,
    Confidence,
    Documents,
    FinalReport,
    FinancialAgreement,
    Holding,
    InvestorKind,
    Participation,
    Party,
    Payment,
    Period,
    Provenance,
    Relation,
    Representative,
    Sourced,
)
from clusterxchange.model._validate import (
    optional_text,
    required_text,
    to_decimal,
    to_optional_decimal,
    to_optional_float,
    to_text_tuple,
)
from clusterxchange.model.errors import InvalidLocationError, UnknownCountryError
from clusterxchange.model.findings import RULES

D = dt.date
PROVENANCE = Provenance(source="clustercollaboration.eu/clusterxchange/about", confidence="high")


def host(**changes: Any) -> Organisation:
    fields: dict[str, Any] = {
        "name": "Hamburg Aviation",
        "country": "DE",
        "kind": "cluster_organisation",
    }
    return Organisation(**(fields | changes))


def visitor(**changes: Any) -> Organisation:
    fields: dict[str, Any] = {
        "name": "Aero Lda",
        "country": "PT",
        "kind": "sme",
        "clusters": ["Pemas"],
    }
    return Organisation(**(fields | changes))


def exchange(**changes: Any) -> Exchange:
    fields: dict[str, Any] = {
        "host": host(),
        "visitor": visitor(),
        "start": D(2023, 3, 6),
        "end": D(2023, 3, 17),
    }
    return Exchange(**(fields | changes))


def _raises(error: type[Exception], match: str, build: Any, **kwargs: Any) -> None:
    with pytest.raises(error, match=match) as caught:
        build(**kwargs)
    assert isinstance(caught.value, ClusterXchangeError)
    assert isinstance(caught.value, ValueError | LookupError)


# ---------------------------------------------------------------------------------------------
# Organisation


def test_organisation_normalises_its_fields() -> None:
    org = Organisation(
        name="  Baltic Robotics ",
        country="Estonia",
        kind=" SME ",
        pic="123 456 789",
        clusters=["Tallinn Robotics", ClusterRef(name="Digital Baltic", eccp_profiled=True)],
        sectors=["robotics", " robotics ", "AI"],
        keywords=("automation",),
    )
    assert org.name == "Baltic Robotics"
    assert org.country == "EE"
    assert org.kind is OrganisationKind.SME
    assert org.pic == "123456789"
    assert org.clusters == (
        ClusterRef(name="Tallinn Robotics"),
        ClusterRef(name="Digital Baltic", eccp_profiled=True),
    )
    assert org.sectors == ("robotics", "AI")
    assert org.keywords == ("automation",)
    assert org.location is None
    assert org.figures == ()
    assert org.availability == ()


def test_organisation_cluster_membership() -> None:
    assert visitor().is_cluster_member is True
    assert visitor(clusters=[]).is_cluster_member is False
    assert visitor(clusters=None).is_cluster_member is None
    assert visitor(clusters=None).clusters is None
    assert visitor(clusters=()).clusters == ()


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"name": ""}, InvalidValueError, "expected non-empty text"),
        ({"name": "   "}, InvalidValueError, "expected non-empty text"),
        ({"name": None}, InvalidValueError, "expected text, got NoneType"),
        ({"name": "x" * 10_001}, InvalidValueError, "longer than"),
        ({"country": "XX"}, UnknownCountryError, "unknown country 'XX'"),
        ({"kind": "startup"}, InvalidValueError, "unknown organisation kind 'startup'"),
        ({"kind": 3}, InvalidValueError, "unknown organisation kind 3"),
        ({"pic": "12345"}, InvalidValueError, "a PIC is 9 digits"),
        ({"pic": "ABCDEFGHI"}, InvalidValueError, "a PIC is 9 digits"),
        ({"pic": 123456789}, InvalidValueError, "expected text or nothing"),
        ({"clusters": "Pemas"}, InvalidValueError, "expected a sequence of cluster memberships"),
        ({"clusters": 3}, InvalidValueError, "expected a sequence of cluster memberships"),
        ({"clusters": [3]}, InvalidValueError, "expected a cluster name, got 3"),
        ({"clusters": [""]}, InvalidValueError, "expected non-empty text"),
        ({"sectors": "robotics"}, InvalidValueError, "got a single text"),
        ({"sectors": 3}, InvalidValueError, "expected a sequence of texts"),
        ({"keywords": [None]}, InvalidValueError, "expected text"),
    ],
)
def test_organisation_rejects(changes: dict[str, Any], error: type[Exception], match: str) -> None:
    _raises(error, match, visitor, **changes)


def test_organisation_blank_pic_is_none() -> None:
    assert visitor(pic="  ").pic is None
    assert visitor(pic=None).pic is None


def test_organisation_kind_accepts_the_enum() -> None:
    assert visitor(kind=OrganisationKind.LARGE_COMPANY).kind is OrganisationKind.LARGE_COMPANY


def test_organisation_is_frozen_and_keyword_only() -> None:
    org = visitor()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        org.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Organisation("Aero", "PT", "sme")  # type: ignore[misc]
    assert attrs.evolve(org, country="ES").country == "ES"
    with pytest.raises(UnknownCountryError):
        attrs.evolve(org, country="Atlantis")


# ---------------------------------------------------------------------------------------------
# Location


def test_location() -> None:
    assert Location(latitude=50, longitude=4.35) == Location(latitude=50.0, longitude=4.35)
    here = Location(latitude=Decimal("-90"), longitude=180)
    assert (here.latitude, here.longitude) == (-90.0, 180.0)
    assert isinstance(here.latitude, float)


@pytest.mark.parametrize(
    ("latitude", "longitude", "match"),
    [
        (90.5, 0, r"latitude 90.5 is outside \[-90, 90\]"),
        (0, -180.1, r"longitude -180.1 is outside \[-180, 180\]"),
        (math.nan, 0, "finite number of degrees"),
        (0, math.inf, "finite number of degrees"),
        ("north", 0, "expected a number of degrees"),
        (True, 0, "expected a number of degrees"),
        (None, 0, "expected a number of degrees"),
    ],
)
def test_location_rejects(latitude: object, longitude: object, match: str) -> None:
    _raises(InvalidLocationError, match, Location, latitude=latitude, longitude=longitude)


def test_location_error_is_an_invalid_value() -> None:
    assert issubclass(InvalidLocationError, InvalidValueError)


# ---------------------------------------------------------------------------------------------
# SME figures


def test_accounting_period_and_holdings() -> None:
    partner = Holding(
        name="Nordic VC",
        share="0.30",
        investor="venture_capital",
        headcount=12,
        turnover="2500000",
        balance_sheet=1.5e6,
        invested="1000000",
    )
    period = AccountingPeriod(
        end=D(2023, 12, 31),
        headcount="42.5",
        turnover=9_000_000,
        balance_sheet=None,
        holdings=[partner],
    )
    assert period.headcount == Decimal("42.5")
    assert period.turnover == Decimal(9_000_000)
    assert period.balance_sheet is None
    assert period.holdings == (partner,)
    assert partner.share == Decimal("0.30")
    assert partner.investor is InvestorKind.VENTURE_CAPITAL
    assert partner.balance_sheet == Decimal("1500000.0")
    assert Holding(name="Parent", share=1).investor is InvestorKind.ENTERPRISE
    org = visitor(figures=[period])
    assert org.figures == (period,)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"share": "1.2"}, "share: a share is a fraction from 0 to 1"),
        ({"share": -0.1}, "share: a share is a fraction from 0 to 1"),
        ({"share": "half"}, "expected a number"),
        ({"investor": "bank"}, "investor: expected one of enterprise"),
        ({"headcount": -1}, "headcount: expected an amount >= 0"),
        ({"turnover": "-5"}, "turnover: expected an amount >= 0"),
        ({"invested": math.inf}, "expected a finite number"),
        ({"name": ""}, "expected non-empty text"),
    ],
)
def test_holding_rejects(changes: dict[str, Any], match: str) -> None:
    _raises(InvalidValueError, match, Holding, **({"name": "P", "share": "0.3"} | changes))


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"headcount": -1}, "headcount: expected an amount >= 0"),
        ({"headcount": None}, "expected a number, got None"),
        ({"balance_sheet": "-1"}, "balance_sheet: expected an amount >= 0"),
        ({"end": dt.datetime(2023, 12, 31)}, "end: expected a date, got datetime"),
        ({"end": "2023-12-31"}, "end: expected a date, got str"),
        ({"end": None}, "end: expected a date, got nothing"),
    ],
)
def test_accounting_period_rejects(changes: dict[str, Any], match: str) -> None:
    fields = {"end": D(2023, 12, 31), "headcount": 10} | changes
    _raises(InvalidValueError, match, AccountingPeriod, **fields)


# ---------------------------------------------------------------------------------------------
# Availability, clusters, partnerships


def test_availability() -> None:
    window = Availability(start=D(2023, 1, 1), end=D(2023, 1, 1))
    assert visitor(availability=[window]).availability == (window,)
    _raises(
        InvalidValueError,
        r"availability ends \(2022-12-31\) before it starts \(2023-01-01\)",
        Availability,
        start=D(2023, 1, 1),
        end=D(2022, 12, 31),
    )
    _raises(
        InvalidValueError,
        "start: expected a date, got nothing",
        Availability,
        start=None,
        end=D(2022, 12, 31),
    )


def test_cluster_and_partnership() -> None:
    pemas_org = Organisation(name="Pemas", country="PT", kind="cluster_organisation")
    member = visitor()
    pemas = Cluster(
        name="Pemas", organisation=pemas_org, eccp_profiled=True, sectors=["aero"], members=[member]
    )
    assert pemas.members == (member,)
    assert pemas.ref == ClusterRef(name="Pemas", eccp_profiled=True)
    partnership = Partnership(name=" SKY ", clusters=[pemas], generation="cxc2")
    assert partnership.name == "SKY"
    assert partnership.clusters == (pemas,)
    assert partnership.cluster_names() == {"pemas"}
    assert partnership.includes(member)
    assert partnership.includes(pemas_org)
    assert partnership.includes(visitor(clusters=["PEMAS"]))
    assert not partnership.includes(visitor(clusters=["Other"]))
    assert not partnership.includes(visitor(clusters=None))
    assert not partnership.includes(host())
    listed_only = Cluster(name="Aero Cluster", organisation=host(), members=[visitor(clusters=[])])
    assert Partnership(name="P", clusters=[listed_only]).includes(visitor(clusters=[]))
    assert Partnership(name="P").generation is None


def test_cluster_and_partnership_reject_blank_names() -> None:
    _raises(InvalidValueError, "expected non-empty text", Cluster, name=" ", organisation=host())
    _raises(InvalidValueError, "expected non-empty text", Partnership, name="")
    _raises(InvalidValueError, "expected non-empty text", ClusterRef, name="")


# ---------------------------------------------------------------------------------------------
# Exchange


def test_exchange_defaults() -> None:
    e = exchange()
    assert e.status is Status.REGISTERED
    assert e.mode is Mode.PHYSICAL
    assert e.documents == Documents()
    assert e.calendar_days == 12
    assert (e.id, e.relation, e.distance_km, e.payment, e.generation) == (None,) * 5


def test_exchange_converts_its_fields() -> None:
    e = exchange(
        id=" EG927FA8 ",
        host_partnership="SKY",
        visitor_partnership=" ",
        working_days=9,
        mode="virtual",
        status="awaiting_final_report",
        event="Aero days",
        relation="outside",
        distance_km="2150.5",
        prior_approval="EISMEA letter 2021-04-01",
        remarks="  ",
        generation="cxc2",
    )
    assert e.id == "EG927FA8"
    assert e.visitor_partnership is None
    assert e.remarks is None
    assert e.mode is Mode.VIRTUAL
    assert e.status is Status.AWAITING_FINAL_REPORT
    assert e.relation is Relation.OUTSIDE
    assert e.distance_km == 2150.5
    assert exchange(relation=None).relation is None
    assert exchange(distance_km=Decimal(10)).distance_km == 10.0


def test_exchange_without_dates() -> None:
    e = exchange(start=None, end=None)
    assert e.calendar_days is None
    assert exchange(end=None).calendar_days is None


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"end": D(2023, 3, 5)}, r"the exchange ends \(2023-03-05\) before it starts"),
        ({"start": dt.datetime(2023, 3, 6)}, "start: expected a date, got datetime"),
        ({"end": "2023-03-17"}, "end: expected a date, got str"),
        ({"working_days": -1}, "working_days: expected a number >= 0"),
        ({"working_days": 2.5}, "working_days: expected a whole number"),
        ({"working_days": True}, "working_days: expected a whole number"),
        ({"mode": "hybrid"}, "mode: expected physical or virtual, got 'hybrid'"),
        ({"mode": []}, "mode: expected physical or virtual"),
        ({"status": "done"}, "status: expected one of draft, registered"),
        ({"relation": "abroad"}, "relation: expected inside or outside, got 'abroad'"),
        ({"distance_km": -1}, "distance_km: expected a distance >= 0"),
        ({"distance_km": "far"}, "expected a number, got 'far'"),
        ({"distance_km": math.nan}, "expected a finite number"),
        ({"distance_km": "1e999"}, "expected a finite number"),
        ({"distance_km": True}, "expected a number, got bool"),
        ({"distance_km": [1]}, "expected a number, got list"),
        ({"host": "Hamburg Aviation"}, "host: expected an Organisation, got str"),
        ({"visitor": None}, "visitor: expected an Organisation, got NoneType"),
        ({"id": 42}, "expected text or nothing, got int"),
        ({"remarks": "x" * 10_001}, "longer than"),
    ],
)
def test_exchange_rejects(changes: dict[str, Any], match: str) -> None:
    _raises(InvalidValueError, match, exchange, **changes)


def test_exchange_one_day() -> None:
    assert exchange(end=D(2023, 3, 6)).calendar_days == 1


# ---------------------------------------------------------------------------------------------
# Documents, payment, representative


def test_documents() -> None:
    commitment = CommitmentToQuality(
        goals="Learn composite repair",
        objectives=" ",
        agenda="Day 1: lab",
        signed_by=["host", Party.VISITOR, "host_partnership", "visitor_partnership"],
    )
    assert commitment.objectives is None
    assert commitment.signed_by == frozenset(Party)
    agreement = FinancialAgreement(signed_by={"visitor", "visitor_partnership"})
    report = FinalReport(
        submitted=D(2023, 3, 20),
        validated=D(2023, 3, 22),
        evidence=["boarding pass", "invoice"],
    )
    documents = Documents(commitment=commitment, financial_agreement=agreement, final_report=report)
    e = exchange(documents=documents, status="completed")
    assert e.documents.final_report == report
    assert FinancialAgreement().signed_by == frozenset()
    assert FinalReport(submitted=D(2023, 3, 20)).validated is None
    assert FinalReport(submitted=D(2023, 3, 20), validated=D(2023, 3, 20)).evidence == ()


@pytest.mark.parametrize(
    ("build", "kwargs", "match"),
    [
        (CommitmentToQuality, {"signed_by": "host"}, "got a single text"),
        (CommitmentToQuality, {"signed_by": ["host", "agency"]}, "expected parties among host"),
        (CommitmentToQuality, {"signed_by": [None]}, "expected parties among"),
        (FinancialAgreement, {"signed_by": 3}, "expected parties among"),
        (FinalReport, {"validated": D(2023, 1, 2)}, "cannot be validated before it is submitted"),
        (
            FinalReport,
            {"submitted": D(2023, 1, 2), "validated": D(2023, 1, 1)},
            r"validated \(2023-01-01\) before it was submitted \(2023-01-02\)",
        ),
        (FinalReport, {"evidence": "invoice"}, "got a single text"),
        (FinalReport, {"submitted": "2023-01-02"}, "submitted: expected a date"),
    ],
)
def test_documents_reject(build: Any, kwargs: dict[str, Any], match: str) -> None:
    _raises(InvalidValueError, match, build, **kwargs)


def test_payment() -> None:
    payment = Payment(date=D(2023, 4, 1), amount="415.00")
    assert payment.amount == Decimal("415.00")
    assert exchange(payment=payment, status="paid").payment == payment
    _raises(
        InvalidValueError, "a payment cannot be negative", Payment, date=D(2023, 4, 1), amount=-1
    )
    _raises(InvalidValueError, "expected a number", Payment, date=D(2023, 4, 1), amount="lots")
    _raises(InvalidValueError, "date: expected a date", Payment, date=None, amount=1)


def test_representative() -> None:
    person = Representative(nationality="Brazil", residence_days=200, business_in_country=True)
    assert person.nationality == "BR"
    assert Representative(nationality="EL").residence_days is None
    assert exchange(representative=person).representative == person
    _raises(UnknownCountryError, "unknown country", Representative, nationality="Atlantis")
    _raises(
        InvalidValueError,
        "residence_days: expected a number >= 0",
        Representative,
        nationality="BR",
        residence_days=-1,
    )


# ---------------------------------------------------------------------------------------------
# Group exchanges


def test_group_exchange_expands_to_one_exchange_per_visitor() -> None:
    visitors = [visitor(name=name) for name in ("A", "B", "C")]
    group = GroupExchange(
        host=host(),
        event=" Mobility days ",
        visitors=visitors,
        start=D(2023, 5, 8),
        end=D(2023, 5, 12),
        host_partnership="SKY",
        visitor_partnership="MOVE",
        mode="physical",
        status="matched",
        generation="cxc2",
        remarks="bus from the airport",
    )
    exchanges = group.exchanges()
    assert [e.visitor.name for e in exchanges] == ["A", "B", "C"]
    for e in exchanges:
        assert e.host == group.host
        assert (e.start, e.end) == (group.start, group.end)
        assert e.event == "Mobility days"
        assert e.status is Status.MATCHED
        assert (e.host_partnership, e.visitor_partnership) == ("SKY", "MOVE")
        assert (e.generation, e.remarks) == ("cxc2", "bus from the airport")
    assert GroupExchange(host=host(), event="E", visitors=visitors[:1]).exchanges()[0].start is None


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"visitors": []}, "a group exchange needs at least one visitor"),
        ({"visitors": ["A"]}, "visitors: expected organisations, got str"),
        ({"event": ""}, "expected non-empty text"),
        ({"end": D(2023, 5, 1)}, r"the group exchange ends \(2023-05-01\) before it starts"),
        ({"host": None}, "host: expected an Organisation"),
        ({"mode": "online"}, "mode: expected physical or virtual"),
    ],
)
def test_group_exchange_rejects(changes: dict[str, Any], match: str) -> None:
    fields = {
        "host": host(),
        "event": "Mobility days",
        "visitors": [visitor()],
        "start": D(2023, 5, 8),
        "end": D(2023, 5, 12),
    }
    _raises(InvalidValueError, match, GroupExchange, **(fields | changes))


# ---------------------------------------------------------------------------------------------
# Generation building blocks


def test_provenance() -> None:
    provenance = Provenance(source=" a ; b ", confidence=Confidence.LOW, note="why")
    assert provenance.source == "a ; b"
    assert Provenance(source="a", confidence="medium").confidence is Confidence.MEDIUM
    _raises(
        InvalidValueError,
        "confidence: expected high, medium or low",
        Provenance,
        source="a",
        confidence="sure",
    )
    _raises(InvalidValueError, "expected non-empty text", Provenance, source=" ", confidence="high")


def test_sourced_is_generic_data() -> None:
    cap = Sourced(value=Decimal(1100), provenance=PROVENANCE)
    assert cap.value == Decimal(1100)
    assert cap == Sourced(value=Decimal(1100), provenance=PROVENANCE)


def test_period() -> None:
    period = Period(start=D(2022, 2, 1), end=D(2024, 3, 31))
    assert D(2022, 2, 1) in period
    assert D(2024, 3, 31) in period
    assert D(2022, 1, 31) not in period
    assert "2022-02-01" not in period
    assert str(period) == "2022-02-01 .. 2024-03-31"
    assert D(2022, 2, 1) in Period(start=D(2022, 2, 1), end=D(2022, 2, 1))
    _raises(
        InvalidValueError,
        r"a period cannot end \(2022-01-01\) before it starts \(2022-02-01\)",
        Period,
        start=D(2022, 2, 1),
        end=D(2022, 1, 1),
    )
    _raises(InvalidValueError, "start: expected a date", Period, start=None, end=D(2022, 1, 1))


def test_participation() -> None:
    joined = Participation(country="Kosovo", joined=D(2017, 12, 19), provenance=PROVENANCE)
    assert joined.country == "XK"
    assert joined.participates_on(D(2018, 1, 1))
    assert not joined.participates_on(D(2017, 1, 1))
    always = Participation(country="DE", provenance=PROVENANCE)
    assert always.participates_on(D(1990, 1, 1))
    _raises(
        UnknownCountryError, "unknown country", Participation, country="XX", provenance=PROVENANCE
    )


def test_ceiling() -> None:
    ceiling = Ceiling(country="EL", amount=Decimal(780), provenance=PROVENANCE)
    assert ceiling.country == "GR"


# ---------------------------------------------------------------------------------------------
# Findings


def test_finding() -> None:
    finding = Finding(
        rule="duration_min",
        severity="error",
        message="2 working days, under the minimum of 3",
        field="min_working_days",
        value="3",
        provenance=PROVENANCE,
    )
    assert finding.severity is Severity.ERROR
    assert Finding(rule="distance", severity=Severity.WARNING, message="m").provenance is None
    _raises(
        InvalidValueError,
        "severity: expected one of error, warning, info, undecided",
        Finding,
        rule="x",
        severity="fatal",
        message="m",
    )


def test_rule_ids_of_the_design() -> None:
    design = {
        "country",
        "cross_border",
        "duration_min",
        "duration_max",
        "visitor_kind",
        "host_kind",
        "cluster_membership",
        "sme",
        "visitor_once",
        "distance",
        "generation",
        "threshold",
        "it_tool_id",
        "lifecycle",
    }
    assert design <= set(RULES)
    assert len(RULES) == len(set(RULES))


def test_vocabularies_use_canonical_snake_case_ids() -> None:
    assert {k.value for k in OrganisationKind} == {
        "cluster_organisation",
        "business_network_organisation",
        "sme",
        "scaling_up_support_organisation",
        "large_company",
        "public_authority",
        "training_provider",
    }
    assert [s.value for s in Status] == [
        "draft",
        "registered",
        "matched",
        "prepared",
        "in_progress",
        "awaiting_final_report",
        "completed",
        "paid",
        "cancelled",
    ]
    assert {m.value for m in Mode} == {"physical", "virtual"}
    assert {r.value for r in Relation} == {"inside", "outside"}
    assert {c.value for c in Confidence} == {"high", "medium", "low"}
    assert OrganisationKind.SME == "sme"


# ---------------------------------------------------------------------------------------------
# Converters


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("415.50", Decimal("415.50")),
        (" 1 100,00 ".replace(",", "."), Decimal("1100.00")),
        ("1\u00a0100", Decimal(1100)),
        (3, Decimal(3)),
        (0.1, Decimal("0.1")),
        (Decimal("2.5"), Decimal("2.5")),
    ],
)
def test_to_decimal(value: object, expected: Decimal) -> None:
    assert to_decimal(value) == expected


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (True, "got a boolean"),
        ("abc", "expected a number, got 'abc'"),
        ("", "expected a number"),
        (Decimal("NaN"), "expected a finite number"),
        ("Infinity", "expected a finite number"),
        (math.inf, "expected a finite number"),
        (None, "expected a number, got None"),
        ([1], r"expected a number, got \[1\]"),
    ],
)
def test_to_decimal_rejects(value: object, match: str) -> None:
    with pytest.raises(InvalidValueError, match=match):
        to_decimal(value)


def test_optional_converters() -> None:
    assert to_optional_decimal(None) is None
    assert to_optional_decimal("1") == Decimal(1)
    assert to_optional_float(None) is None
    assert to_optional_float("2.5") == 2.5
    assert optional_text(None) is None
    assert optional_text(" a ") == "a"
    assert required_text(" a ") == "a"
    assert to_text_tuple(iter(["b", "a", "b"])) == ("b", "a")


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_to_decimal_keeps_every_finite_decimal(value: Decimal) -> None:
    assert to_decimal(value) == value
    assert to_decimal(str(value)) == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_to_decimal_reads_floats_through_their_shortest_repr(value: float) -> None:
    assert to_decimal(value) == Decimal(repr(value))
    assert float(to_decimal(value)) == value


@given(st.lists(st.text(max_size=5)))
def test_to_text_tuple_strips_and_deduplicates(values: list[str]) -> None:
    try:
        result = to_text_tuple(values)
    except InvalidValueError:
        assert any(not v.strip() for v in values)
        return
    assert result == tuple(dict.fromkeys(v.strip() for v in values))


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=0, max_value=60),
)
def test_calendar_days_counts_both_ends(start: dt.date, length: int) -> None:
    e = exchange(start=start, end=start + dt.timedelta(days=length))
    assert e.calendar_days == length + 1
