"""The counting rules of kpis(): worked examples, and properties against a brute-force oracle."""

from __future__ import annotations

import datetime as dt
import pickle
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    Exchange,
    InvalidValueError,
    Organisation,
    OrganisationKind,
    Partnership,
    Status,
)
from clusterxchange.kpi import KpiReport, Targets, kpis, merge
from clusterxchange.model import Cluster, ClusterRef, Relation

DAY = dt.date(2023, 3, 6)

HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
SME = Organisation(name="Aero Lda", country="PT", kind="sme", pic="912300011")
LAB = Organisation(name="Nordlicht Fab Lab", country="DE", kind="scaling_up_support_organisation")
TOWN = Organisation(name="Ribe Kommune", country="DK", kind="public_authority", clusters=[])


def exchange(**changes: Any) -> Exchange:
    values: dict[str, Any] = {
        "host": HOST,
        "visitor": SME,
        "visitor_partnership": "TIDEWAY",
        "start": DAY,
        "status": "completed",
    }
    values.update(changes)
    return Exchange(**values)


# -- worked examples of each rule ---------------------------------------------------------------


def test_completed_and_paid_count_pending_beside_others_nowhere() -> None:
    rows = [
        exchange(id="A", status="completed"),
        exchange(id="B", status="paid", start=DAY.replace(day=7)),
        exchange(id="C", status="awaiting_final_report", start=DAY.replace(day=8)),
        exchange(id="D", status="cancelled", start=DAY.replace(day=9)),
        exchange(id="E", status="in_progress", start=DAY.replace(day=10)),
        exchange(id="F", status="draft", start=DAY.replace(day=13)),
    ]
    report = kpis(rows)
    assert (report.completed, report.pending, report.other, report.counted) == (2, 1, 3, 6)
    assert report.by_status[Status.CANCELLED] == 1
    assert report.by_status[Status.PAID] == 1
    assert report.by_visitor_kind[OrganisationKind.SME] == 2
    assert report.pending_by_visitor_kind[OrganisationKind.SME] == 1
    # Breakdowns are of completed exchanges only.
    assert dict(report.by_host_country) == {"DE": 2}
    assert dict(report.by_month) == {"2023-03": 2}


def test_only_the_visitor_partnership_counts() -> None:
    rows = [
        exchange(id="A", visitor_partnership="TIDEWAY"),
        exchange(id="B", visitor_partnership="  tide way ", start=DAY.replace(day=7)),
        # Hosted by TIDEWAY, but the visitor's partnership is another one: not ours.
        exchange(id="C", visitor_partnership="OTHER", start=DAY.replace(day=8)),
        exchange(id="D", visitor_partnership=None, start=DAY.replace(day=9)),
    ]
    report = kpis(rows, partnership="Tideway")
    assert report.completed == 2
    assert (report.other_partnerships, report.without_partnership) == (1, 1)
    assert report.exchanges_read == 4
    assert report.partnership == "Tideway"
    # Without a partnership, every exchange counts.
    assert kpis(rows).completed == 4


def test_the_targets_partnership_is_used_and_must_agree() -> None:
    rows = [exchange(id="A"), exchange(id="B", visitor_partnership="OTHER", start=DAY)]
    targets = Targets(exchanges=10, partnership="TIDEWAY")
    assert kpis(rows, targets=targets).completed == 1
    assert kpis(rows, partnership="tideway", targets=targets).completed == 1
    with pytest.raises(InvalidValueError, match="partnership 'TIDEWAY', not of 'OTHER'"):
        kpis(rows, partnership="OTHER", targets=targets)


def test_duplicates_by_id_count_once_and_are_listed() -> None:
    first = exchange(id="EG927FA8")
    again = exchange(id="EG927FA8", start=DAY.replace(day=20))
    report = kpis([first, exchange(id="X", visitor=LAB), again])
    assert report.completed == 2
    [duplicate] = report.duplicates
    assert (duplicate.index, duplicate.id, duplicate.duplicate_of) == (2, "EG927FA8", 0)


def test_duplicates_by_visitor_host_and_first_day() -> None:
    # One row from the IT tool, one typed by hand without the ID, the name cased differently.
    tool = exchange(id="EG112KA1", visitor=LAB)
    by_hand = exchange(
        id=None,
        visitor=attrs.evolve(LAB, name=" NORDLICHT  fab lab "),
        host=attrs.evolve(HOST, name="hamburg aviation"),
    )
    report = kpis([tool, by_hand])
    assert report.completed == 1
    assert [(d.index, d.duplicate_of) for d in report.duplicates] == [(1, 0)]


def test_a_pic_identifies_an_organisation_whatever_its_name() -> None:
    renamed = attrs.evolve(SME, name="Aero, Lda.")
    assert kpis([exchange(), exchange(visitor=renamed)]).completed == 1
    # Same name, no PIC, another country: another visitor.
    lab_elsewhere = attrs.evolve(LAB, country="AT")
    assert kpis([exchange(visitor=LAB), exchange(visitor=lab_elsewhere)]).completed == 2


def test_same_visitor_and_day_at_another_host_is_another_exchange() -> None:
    other_host = Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
    rows = [exchange(), exchange(host=other_host), exchange(host=other_host)]
    report = kpis(rows)
    assert report.completed == 2
    assert [(d.index, d.duplicate_of) for d in report.duplicates] == [(2, 1)]


def test_without_a_first_day_only_the_id_identifies() -> None:
    rows = [exchange(start=None), exchange(start=None), exchange(id="Z", start=None)]
    report = kpis(rows)
    assert report.completed == 3
    assert report.by_month == {}


def test_sameness_is_transitive() -> None:
    # A and B share an ID; B and C share visitor, host and day: one exchange.
    a = exchange(id="K1", start=DAY.replace(day=1))
    b = exchange(id="K1")
    c = exchange(id="K2")
    report = kpis([a, b, c])
    assert report.completed == 1
    assert len(report.duplicates) == 2


def test_the_furthest_in_the_lifecycle_represents_a_duplicate() -> None:
    waiting = exchange(id="EG1", status="awaiting_final_report")
    done = exchange(id="EG1", status="completed")
    cancelled = exchange(id="EG1", status="cancelled")
    for rows in ([waiting, done, cancelled], [cancelled, done, waiting], [done, waiting]):
        report = kpis(rows)
        assert (report.completed, report.pending, report.counted) == (1, 0, 1)
        kept = {d.duplicate_of for d in report.duplicates}
        assert kept == {rows.index(done)}


def test_relation_explicit_wins_over_derived() -> None:
    cluster = Cluster(name="Elbmarsch Hydrogen Network", organisation=HOST)
    tideway = Partnership(name="TIDEWAY", clusters=[cluster])
    member = attrs.evolve(LAB, clusters=[ClusterRef(name="elbmarsch hydrogen network")])
    outsider = attrs.evolve(SME, clusters=[ClusterRef(name="Pemas")])
    unknown = Organisation(name="Nobody Knows", country="FI", kind="sme")  # clusters not recorded
    rows = [
        exchange(id="1", visitor=member),  # derived: inside
        exchange(id="2", visitor=outsider, start=DAY.replace(day=7)),  # derived: outside
        exchange(id="3", visitor=member, relation="outside", start=DAY.replace(day=8)),
        exchange(id="4", visitor=unknown, start=DAY.replace(day=9)),  # unknown
        exchange(id="5", visitor=TOWN, start=DAY.replace(day=10)),  # no cluster at all: outside
        exchange(
            id="6", visitor=outsider, status="awaiting_final_report", start=DAY.replace(day=13)
        ),
    ]
    derived = kpis(rows, partnership=tideway)
    assert (derived.outside_partnership, derived.unknown_relation) == (3, 1)
    assert derived.outside_pending == 1
    # With only a name nothing is derived: only the explicit relation counts.
    named = kpis(rows, partnership="TIDEWAY")
    assert (named.outside_partnership, named.unknown_relation) == (1, 4)
    assert named.outside_pending == 0


def test_a_listed_member_is_inside() -> None:
    cluster = Cluster(name="Skovlund Wind Cluster", organisation=HOST, members=[TOWN])
    report = kpis([exchange(visitor=TOWN)], partnership=Partnership(name="T", clusters=[cluster]))
    assert (report.outside_partnership, report.unknown_relation) == (0, 0)


def test_events_and_countries() -> None:
    rows = [
        exchange(id="1", event="Hydrogen Valley Summit"),
        exchange(id="2", event="Hydrogen Valley Summit", visitor=LAB),
        exchange(id="3", visitor=TOWN, start=dt.date(2023, 4, 3)),
    ]
    report = kpis(rows)
    assert dict(report.by_event) == {"Hydrogen Valley Summit": 2}
    assert dict(report.by_visitor_country) == {"DE": 1, "DK": 1, "PT": 1}
    assert dict(report.by_month) == {"2023-03": 2, "2023-04": 1}


def test_bad_input_is_a_clear_error() -> None:
    with pytest.raises(InvalidValueError, match="item 1: expected an Exchange, got str"):
        kpis([exchange(), "not an exchange"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="expected a sequence of exchanges"):
        kpis(exchange())  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="expected a sequence of exchanges"):
        kpis(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="partnership: expected a Partnership or a name"):
        kpis([], partnership=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="blank"):
        kpis([], partnership="  ")
    with pytest.raises(InvalidValueError, match="targets: expected Targets"):
        kpis([], targets={"exchanges": 3})  # type: ignore[arg-type]


def test_empty_input_and_generators() -> None:
    empty = kpis([])
    assert (empty.completed, empty.counted, empty.exchanges_read, empty.duplicates) == (0, 0, 0, ())
    assert kpis(e for e in [exchange(), exchange()]).completed == 1


def test_reports_are_immutable_hashable_and_pickle() -> None:
    report = kpis([exchange(), exchange(id="B", visitor=LAB)], targets=Targets(exchanges=4))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.completed = 3  # type: ignore[misc]
    with pytest.raises((TypeError, AttributeError)):
        report.by_visitor_kind[OrganisationKind.SME] = 9  # type: ignore[index]
    assert hash(report) == hash(
        kpis([exchange(), exchange(id="B", visitor=LAB)], targets=Targets(exchanges=4))
    )
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    # The unpickled report still merges exactly.
    assert again + report == merge(report, report)


def test_merge_rules() -> None:
    ours = kpis([exchange()], partnership="TIDEWAY")
    theirs = kpis([exchange()], partnership="OTHER")
    with pytest.raises(InvalidValueError, match="cannot merge the KPIs of partnership"):
        merge(ours, theirs)
    derived = kpis([exchange()], partnership=Partnership(name="TIDEWAY"))
    with pytest.raises(InvalidValueError, match="different partnership definitions"):
        merge(ours, derived)
    with pytest.raises(InvalidValueError, match="different targets"):
        merge(kpis([], targets=Targets(exchanges=1)), kpis([], targets=Targets(exchanges=2)))
    with pytest.raises(InvalidValueError, match="expected a KpiReport"):
        merge(ours, 3)  # type: ignore[arg-type]
    assert ours.__add__(3) is NotImplemented
    with pytest.raises(TypeError):
        _ = 1 + ours  # type: ignore[operator]
    # Targets carry over from either side; sum() works from 0.
    with_targets = merge(kpis([]), kpis([exchange()], targets=Targets(exchanges=2)))
    assert with_targets.statuses[0].actual == 1
    assert sum([ours, ours, ours]).completed == 1  # type: ignore[union-attr]


def test_with_targets_measures_again() -> None:
    report = kpis([exchange()])
    assert report.statuses == ()
    measured = report.with_targets(Targets(exchanges=2, visitor_kind={"sme": 1}))
    assert [(s.kpi, s.actual, s.met) for s in measured.statuses] == [
        ("exchanges", 1, False),
        ("visitor_kind.sme", 1, True),
    ]
    assert measured.status("outside_partnership") is None
    assert measured.actual("visitor_kind.sme") == (1, 0)
    with pytest.raises(InvalidValueError, match="unknown KPI"):
        measured.actual("visitor_kind.robot")
    with pytest.raises(InvalidValueError, match="unknown KPI"):
        measured.actual("total")


# -- properties -----------------------------------------------------------------------------------

_ORGS = [
    SME,
    attrs.evolve(SME, name="AERO LDA"),  # same PIC: the same visitor
    LAB,
    attrs.evolve(LAB, name="nordlicht fab  lab"),  # same name folded: the same organisation
    TOWN,
    attrs.evolve(LAB, clusters=["Elbmarsch Hydrogen Network"], pic="912200022"),
    attrs.evolve(TOWN, clusters=None),
]
_HOSTS = [HOST, attrs.evolve(HOST, name="HAMBURG AVIATION"), LAB]
_DAYS = [None, dt.date(2023, 3, 6), dt.date(2023, 3, 7), dt.date(2023, 4, 3)]

exchanges_st = st.builds(
    Exchange,
    host=st.sampled_from(_HOSTS),
    visitor=st.sampled_from(_ORGS),
    id=st.sampled_from([None, None, "EG1", "EG2", "EG3"]),
    visitor_partnership=st.sampled_from(["TIDEWAY", "tideway", "OTHER", None]),
    start=st.sampled_from(_DAYS),
    status=st.sampled_from(Status),
    relation=st.sampled_from([None, None, Relation.INSIDE, Relation.OUTSIDE]),
    event=st.sampled_from([None, "Summit"]),
)
partnerships_st = st.sampled_from(
    [
        None,
        "TIDEWAY",
        Partnership(
            name="TIDEWAY", clusters=[Cluster(name="Elbmarsch Hydrogen Network", organisation=HOST)]
        ),
    ]
)


def counts(report: KpiReport) -> dict[str, Any]:
    """Everything a report says except positions (which depend on the order)."""
    shape = report.as_dict()
    shape["duplicates"] = len(shape["duplicates"])
    return shape


def _identity(organisation: Organisation) -> object:
    if organisation.pic is not None:
        return organisation.pic
    return (" ".join(organisation.name.casefold().split()), organisation.country)


def oracle(rows: list[Exchange], partnership: Partnership | str | None) -> dict[str, Any]:
    """The counting rules applied naively: every pair compared, classes by union-find."""
    name = partnership.name if isinstance(partnership, Partnership) else partnership
    fold = lambda text: "".join(text.casefold().split())  # noqa: E731
    kept = [
        i
        for i, e in enumerate(rows)
        if name is None
        or (e.visitor_partnership is not None and fold(e.visitor_partnership) == fold(name))
    ]
    parent = {i: i for i in kept}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a in kept:
        for b in kept:
            ea, eb = rows[a], rows[b]
            same_id = ea.id is not None and ea.id == eb.id
            same_visit = (
                ea.start is not None
                and ea.start == eb.start
                and _identity(ea.visitor) == _identity(eb.visitor)
                and _identity(ea.host) == _identity(eb.host)
            )
            if same_id or same_visit:
                parent[find(a)] = find(b)

    rank = {
        s: n
        for n, s in enumerate(
            [
                "cancelled",
                "draft",
                "registered",
                "matched",
                "prepared",
                "in_progress",
                "awaiting_final_report",
                "completed",
                "paid",
            ]
        )
    }

    def relation(e: Exchange) -> Relation | None:
        if e.relation is not None:
            return e.relation
        if isinstance(partnership, Partnership):
            if partnership.includes(e.visitor):
                return Relation.INSIDE
            return None if e.visitor.clusters is None else Relation.OUTSIDE
        return None

    def values(e: Exchange) -> tuple[Any, ...]:
        done = e.status in (Status.COMPLETED, Status.PAID)
        detail = (e.host.country, e.visitor.country, e.event, e.start) if done else ()
        return (e.status, e.visitor.kind, relation(e), *detail)

    def order(i: int) -> tuple[Any, ...]:
        e = rows[i]
        sortable = tuple((v is not None, "" if v is None else str(v)) for v in values(e))
        return (-rank[e.status.value], sortable, i)

    classes: dict[int, list[int]] = {}
    for i in kept:
        classes.setdefault(find(i), []).append(i)
    representatives = [min(members, key=order) for members in classes.values()]
    chosen = [values(rows[i]) for i in representatives]
    done = [v for v in chosen if v[0] in (Status.COMPLETED, Status.PAID)]
    return {
        "completed": len(done),
        "pending": sum(v[0] is Status.AWAITING_FINAL_REPORT for v in chosen),
        "outside_partnership": sum(v[2] is Relation.OUTSIDE for v in done),
        "unknown_relation": sum(v[2] is None for v in done),
        "by_visitor_kind": dict(Counter(v[1].value for v in done)),
        "by_host_country": dict(Counter(v[3] for v in done)),
        "by_month": dict(Counter(v[6].strftime("%Y-%m") for v in done if v[6] is not None)),
        "duplicates": sorted(set(kept) - set(representatives)),
    }


@given(st.lists(exchanges_st, max_size=12), partnerships_st)
def test_counts_agree_with_the_naive_oracle(rows: list[Exchange], partnership: Any) -> None:
    report = kpis(rows, partnership=partnership)
    expected = oracle(rows, partnership)
    assert report.completed == expected["completed"]
    assert report.pending == expected["pending"]
    assert report.outside_partnership == expected["outside_partnership"]
    assert report.unknown_relation == expected["unknown_relation"]
    assert {k.value: n for k, n in report.by_visitor_kind.items() if n} == expected[
        "by_visitor_kind"
    ]
    assert dict(report.by_host_country) == expected["by_host_country"]
    assert dict(report.by_month) == expected["by_month"]
    assert [d.index for d in report.duplicates] == expected["duplicates"]


@given(st.lists(exchanges_st, max_size=12), st.data(), partnerships_st)
def test_kpis_of_a_concatenation_equal_the_merge_of_the_parts(
    rows: list[Exchange], data: st.DataObject, partnership: Any
) -> None:
    cut = data.draw(st.integers(0, len(rows)))
    whole = kpis(rows, partnership=partnership)
    merged = kpis(rows[:cut], partnership=partnership) + kpis(rows[cut:], partnership=partnership)
    assert merged == whole
    assert merged.as_dict() == whole.as_dict()


@given(st.lists(exchanges_st, max_size=10), st.data())
def test_merge_is_associative_over_three_parts(rows: list[Exchange], data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(rows)))
    b = data.draw(st.integers(a, len(rows)))
    parts = [kpis(rows[:a]), kpis(rows[a:b]), kpis(rows[b:])]
    assert (parts[0] + parts[1]) + parts[2] == parts[0] + (parts[1] + parts[2]) == kpis(rows)


@given(st.lists(exchanges_st, max_size=12), st.randoms(use_true_random=False), partnerships_st)
def test_order_never_matters(rows: list[Exchange], random: Any, partnership: Any) -> None:
    shuffled = list(rows)
    random.shuffle(shuffled)
    assert counts(kpis(shuffled, partnership=partnership)) == counts(
        kpis(rows, partnership=partnership)
    )


def test_an_unexpected_failure_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    from clusterxchange.kpi._count import Tally

    def broken(*_args: object) -> None:
        raise AttributeError("a bug, not bad input")

    monkeypatch.setattr(Tally, "_count", broken)
    with pytest.raises(AttributeError, match="a bug"):
        kpis([exchange()])


def test_merge_links_a_second_host_on_the_same_day() -> None:
    other_host = Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
    x = exchange(host=HOST)
    y = exchange(host=other_host, status="awaiting_final_report")
    merged = kpis([y]) + kpis([x, y])
    assert merged == kpis([y, x, y])
    assert (merged.completed, merged.pending) == (1, 1)
    assert [(d.index, d.duplicate_of) for d in merged.duplicates] == [(2, 0)]
