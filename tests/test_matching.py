"""Matching visitors to hosts: only eligible pairs, full lump sum first, then shared interests."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import Exchange, InvalidValueError, Location, Organisation, get_generation
from clusterxchange.eligibility import check_exchange
from clusterxchange.eligibility.matching import MatchCandidate, match
from clusterxchange.model import Availability, ClusterRef

PEMAS = ClusterRef(name="Pemas", eccp_profiled=True)
START, END = dt.date(2023, 3, 6), dt.date(2023, 3, 10)
LISBON = Location(latitude=38.72, longitude=-9.14)
SEVILLE = Location(latitude=37.39, longitude=-5.98)
BADAJOZ = Location(latitude=38.88, longitude=-6.97)  # about 160 km from Lisbon
HAMBURG = Location(latitude=53.55, longitude=9.99)
TURIN = Location(latitude=45.07, longitude=7.69)

VISITOR = Organisation(
    name="Aero Lda",
    country="PT",
    kind="sme",
    pic="123456789",
    clusters=[PEMAS],
    sectors=["Aerospace", "Composites"],
    keywords=["repair"],
    location=LISBON,
)


def host(name: str, country: str, location: Location | None = None, **more: object) -> Organisation:
    return Organisation(
        name=name, country=country, kind="cluster_organisation", location=location, **more
    )


def names(found: tuple[MatchCandidate, ...]) -> list[str]:
    return [c.host.name for c in found]


def test_full_lump_sum_first_then_unknown_distance_then_halved() -> None:
    hosts = [
        host("Badajoz Aero", "ES", BADAJOZ),
        host("Nowhere Cluster", "FR"),
        host("Hamburg Aviation", "DE", HAMBURG),
    ]
    found = match(VISITOR, hosts, "cxc2", start=START, end=END)
    assert names(found) == ["Hamburg Aviation", "Nowhere Cluster", "Badajoz Aero"]
    assert [c.full_lump_sum for c in found] == [True, None, False]
    assert [c.tier for c in found] == [0, 1, 2]
    near = found[2]
    assert near.distance_km is not None
    assert near.distance_km < 200
    assert any("under 200 km: the lump sum is halved" in r for r in near.reasons)
    # cxc2 also warns under 200 km (the distance requisite): the warning is among the reasons.
    assert any(r.startswith("warning (distance)") for r in near.reasons)
    assert any(f.rule == "distance" for f in near.findings)
    assert found[1].reasons[1] == (
        "distance unknown (a location is missing): the lump sum may be halved"
    )


def test_only_eligible_hosts_are_returned() -> None:
    same_country = host("Lisbon Aero", "PT", LISBON)
    not_participating = host("Oslo Aero", "NO", HAMBURG)
    training = attrs.evolve(host("Turin Academy", "IT", TURIN), kind="training_provider")
    ok = host("Turin Aero", "IT", TURIN)
    assert names(match(VISITOR, [same_country, not_participating, training, ok], "cxc1")) == [
        "Turin Aero"
    ]
    # A training provider may host in cxc2.
    assert "Turin Academy" in names(match(VISITOR, [training, ok], "cxc2"))


def test_a_visitor_that_may_not_visit_gets_no_host() -> None:
    outsider = attrs.evolve(VISITOR, clusters=())  # an SME in no cluster
    assert match(outsider, [host("Hamburg Aviation", "DE", HAMBURG)], "cxc2") == ()


def test_a_stay_too_short_matches_nobody() -> None:
    hosts = [host("Hamburg Aviation", "DE", HAMBURG)]
    assert match(VISITOR, hosts, "cxc2", start=START, end=START) == ()


def test_shared_sectors_and_keywords_rank_within_a_tier() -> None:
    plain = host("A Plain Cluster", "DE", HAMBURG)
    sectors = host("B Sector Cluster", "IT", TURIN, sectors=["aerospace", "COMPOSITES"])
    keywords = host("C Keyword Cluster", "FR", HAMBURG, keywords=["Repair", "Testing"])
    found = match(VISITOR, [plain, keywords, sectors], "cxc2", keywords=["testing"])
    assert names(found) == ["B Sector Cluster", "C Keyword Cluster", "A Plain Cluster"]
    assert [c.score for c in found] == [2, 2, 0]
    assert "shared sectors: aerospace, COMPOSITES" in found[0].reasons
    assert "matching keywords: Repair, Testing" in found[1].reasons


def test_a_shared_sector_is_not_counted_again_as_a_keyword() -> None:
    both = host("Hamburg Aviation", "DE", HAMBURG, sectors=["Aerospace"])
    (candidate,) = match(VISITOR, [both], "cxc2", keywords=["aerospace"])
    assert candidate.score == 1
    assert not any(r.startswith("matching keywords") for r in candidate.reasons)


def test_ties_are_broken_by_host_name_then_country() -> None:
    hosts = [
        host("beta", "DE", HAMBURG),
        host("Alpha", "IT", TURIN),
        host("Alpha", "DE", HAMBURG),
    ]
    found = match(VISITOR, hosts, "cxc2")
    assert [(c.host.name, c.host.country) for c in found] == [
        ("Alpha", "DE"),
        ("Alpha", "IT"),
        ("beta", "DE"),
    ]
    assert match(VISITOR, list(reversed(hosts)), "cxc2") == found


def test_availability_for_the_stay() -> None:
    whole = host("Whole", "DE", HAMBURG, availability=[Availability(start=START, end=END)])
    part = host(
        "Part",
        "DE",
        HAMBURG,
        availability=[Availability(start=dt.date(2023, 3, 8), end=dt.date(2023, 4, 1))],
    )
    never = host(
        "Never",
        "DE",
        HAMBURG,
        availability=[Availability(start=dt.date(2023, 5, 1), end=dt.date(2023, 5, 31))],
    )
    found = match(VISITOR, [never, part, whole], "cxc2", start=START, end=END)
    assert names(found) == ["Part", "Whole", "Never"]
    assert [c.score for c in found] == [1, 1, 0]
    assert "available for part of the stay (2023-03-08 to 2023-03-10)" in found[0].reasons
    assert "available for the whole stay (2023-03-06 to 2023-03-10)" in found[1].reasons


def test_availability_of_both_without_dates() -> None:
    visitor = attrs.evolve(
        VISITOR, availability=[Availability(start=dt.date(2023, 6, 1), end=dt.date(2023, 6, 30))]
    )
    june = host(
        "June",
        "DE",
        HAMBURG,
        availability=[
            Availability(start=dt.date(2023, 1, 1), end=dt.date(2023, 1, 31)),
            Availability(start=dt.date(2023, 6, 20), end=dt.date(2023, 7, 10)),
        ],
    )
    (candidate,) = match(visitor, [june], "cxc2")
    assert candidate.score == 1
    assert "host and visitor both available from 2023-06-20 to 2023-06-30" in candidate.reasons
    (alone,) = match(VISITOR, [june], "cxc2")
    assert alone.score == 0


def test_a_generation_object_and_no_hosts() -> None:
    cxc2 = get_generation("cxc2")
    assert match(VISITOR, [], cxc2) == ()
    (candidate,) = match(VISITOR, [host("Hamburg Aviation", "DE", HAMBURG)], cxc2)
    assert candidate.reasons[:3] == (
        "eligible under cxc2",
        f"full lump sum: {candidate.distance_km:.0f} km apart, at least 200 km",
        "ceiling in DE: €830.00",
    )


def test_a_host_without_a_known_ceiling_is_matched_with_the_threshold_warning() -> None:
    uk = host("London Aero", "GB", Location(latitude=51.5, longitude=-0.12))
    (candidate,) = match(VISITOR, [uk], "cxc2")
    assert not any(r.startswith("ceiling in GB") for r in candidate.reasons)
    assert any(r.startswith("warning (threshold)") for r in candidate.reasons)


# --- property: only eligible hosts, in a deterministic order -------------------------------------

POOL = [
    host("Hamburg Aviation", "DE", HAMBURG, sectors=["Aerospace"]),
    host("Turin Aero", "IT", TURIN, keywords=["repair"]),
    host("Badajoz Aero", "ES", BADAJOZ),
    host("Lisbon Aero", "PT", LISBON),
    host("Seville Aero", "ES", SEVILLE, availability=[Availability(start=START, end=END)]),
    host("Nowhere", "FR"),
    host("Oslo Aero", "NO", HAMBURG),
    attrs.evolve(host("Turin Academy", "IT", TURIN), kind="training_provider"),
    attrs.evolve(host("Big Aero", "FR", HAMBURG), kind="large_company"),
    Organisation(name="Small Supplier", country="DE", kind="sme", clusters=[]),
]
VISITORS = [
    VISITOR,
    attrs.evolve(VISITOR, kind="cluster_organisation", clusters=None),
    attrs.evolve(VISITOR, country="DE", location=HAMBURG),
    attrs.evolve(VISITOR, clusters=()),
]


@given(
    st.sampled_from(VISITORS),
    st.lists(st.sampled_from(POOL), max_size=6),
    st.sampled_from(["cxc1", "cxc2"]),
    st.sampled_from([(None, None), (START, END), (START, START)]),
    st.randoms(use_true_random=False),
)
def test_matching_returns_exactly_the_eligible_hosts_in_a_stable_order(
    visitor: Organisation,
    hosts: list[Organisation],
    generation: str,
    dates: tuple[dt.date | None, dt.date | None],
    rnd: object,
) -> None:
    start, end = dates
    found = match(visitor, hosts, generation, start=start, end=end)
    verdicts = {
        id(h): check_exchange(
            Exchange(host=h, visitor=visitor, start=start, end=end, generation=generation),
            generation,
        )
        for h in hosts
    }
    # Without dates the duration rules are undecided, which rules no host out.
    eligible = [
        h
        for h in hosts
        if verdicts[id(h)].eligible
        or (
            start is None
            and not verdicts[id(h)].errors()
            and set(verdicts[id(h)].missing()) <= {"start", "end", "working_days"}
        )
    ]
    assert sorted(names(found)) == sorted(h.name for h in eligible)
    keys = [(c.tier, -c.score, c.host.name.casefold()) for c in found]
    assert keys == sorted(keys)
    shuffled = list(hosts)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert match(visitor, shuffled, generation, start=start, end=end) == found


def test_junk_arguments_are_refused_cleanly() -> None:
    with pytest.raises(InvalidValueError, match="visitor: expected an Organisation"):
        match("Aero Lda", [], "cxc2")  # type: ignore[arg-type]
