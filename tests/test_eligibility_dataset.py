"""check_dataset: every verdict, and visitor_once across the dataset."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import attrs
import pytest

from clusterxchange import Exchange, Generation, InvalidValueError, Organisation
from clusterxchange.eligibility import (
    DatasetFinding,
    DatasetVerdict,
    check_dataset,
    check_exchange,
)
from clusterxchange.eligibility._identity import normalise_name
from clusterxchange.model.findings import Finding


def org(name: str, country: str, **fields: Any) -> Organisation:
    fields.setdefault("kind", "cluster_organisation")
    return Organisation(name=name, country=country, **fields)


HOST = org("Hamburg Aviation", "DE")
OTHER_HOST = org("Flanders Make", "BE")


def visit(visitor: Organisation, day: int, **fields: Any) -> Exchange:
    """A one-week visit starting on the Monday *day* weeks after 2023-01-02."""
    start = dt.date(2023, 1, 2) + dt.timedelta(weeks=day)
    fields.setdefault("host", HOST)
    return Exchange(visitor=visitor, start=start, end=start + dt.timedelta(days=4), **fields)


AERO = org("Aero, Lda.", "PT", pic="999999999")


def once(result: DatasetVerdict) -> list[tuple[int, ...]]:
    return [f.indices for f in result.findings if f.rule == "visitor_once"]


def test_a_visitor_twice_in_one_generation() -> None:
    first, second = visit(AERO, 1), visit(AERO, 8, host=OTHER_HOST)
    result = check_dataset([second, first])
    assert [v.eligible for v in result] == [False, True]
    assert once(result) == [(0, 1)]
    finding = result.findings[0]
    assert isinstance(finding, DatasetFinding)
    assert isinstance(finding, Finding)
    assert finding.severity.value == "error"
    assert finding.field == "visits_per_visitor"
    assert finding.message == (
        "Aero, Lda. from Portugal (PT) takes part twice in cxc2 as a physical visitor (from "
        "2023-01-09, from 2023-02-27); a visitor may take part once per generation"
    )
    later = result[0].errors()[0]
    assert later.rule == "visitor_once"
    assert "already takes part in cxc2 as a physical visitor (from 2023-01-09)" in later.message
    assert result[1].findings == ()
    assert not result.eligible
    assert result.ineligible() == (0,)
    assert len(result) == 2


def test_three_visits_give_two_errors_and_one_dataset_finding() -> None:
    result = check_dataset([visit(AERO, n) for n in (5, 1, 3)])
    assert [v.eligible for v in result] == [False, True, False]
    assert once(result) == [(0, 1, 2)]
    assert "takes part 3 times" in result.findings[0].message


def test_identity_by_normalised_name_and_country() -> None:
    a = org("Aero, Lda.", "PT")
    b = org("AERO LDA", "PT")
    c = org("Aero Lda", "ES")  # another country: another organisation
    result = check_dataset([visit(a, 1), visit(b, 2), visit(c, 3)])
    assert once(result) == [(0, 1)]
    assert result[2].eligible


def test_identity_by_pic_wins_over_names() -> None:
    renamed = org("Aero Portugal", "PT", pic="999999999")
    other = org("Aero, Lda.", "PT", pic="111111111")
    result = check_dataset([visit(AERO, 1), visit(renamed, 2), visit(other, 3)])
    assert once(result) == [(0, 1)]
    assert result[2].eligible


def test_a_row_without_pic_joins_the_pic_of_its_name() -> None:
    unnamed = org("AERO LDA", "PT")
    result = check_dataset([visit(unnamed, 2), visit(AERO, 1), visit(unnamed, 3)])
    assert once(result) == [(0, 1, 2)]
    assert [v.eligible for v in result] == [False, True, False]


def test_a_name_shared_by_two_pics_is_not_guessed() -> None:
    twin = org("Aero, Lda.", "PT", pic="111111111")
    unnamed = org("aero lda", "PT")
    result = check_dataset([visit(AERO, 1), visit(twin, 2), visit(unnamed, 3)])
    assert result.findings == ()


def test_virtual_and_cancelled_exchanges_do_not_use_up_the_visit() -> None:
    pilot = dt.date(2021, 3, 1)
    virtual = Exchange(
        host=HOST, visitor=AERO, start=pilot, end=pilot + dt.timedelta(days=4), mode="virtual"
    )
    physical = attrs.evolve(
        virtual,
        mode="physical",
        start=pilot + dt.timedelta(weeks=3),
        end=pilot + dt.timedelta(weeks=3, days=4),
    )
    cancelled = attrs.evolve(
        physical,
        status="cancelled",
        start=pilot - dt.timedelta(weeks=4),
        end=pilot - dt.timedelta(weeks=4, days=-4),
    )
    result = check_dataset([virtual, physical, cancelled])
    assert result.findings == ()
    assert all(v.eligible for v in result)


def test_once_per_generation() -> None:
    pilot = dt.date(2021, 3, 1)
    earlier = Exchange(host=HOST, visitor=AERO, start=pilot, end=pilot + dt.timedelta(days=4))
    result = check_dataset([earlier, visit(AERO, 1)])
    assert [v.generation for v in result] == ["cxc1", "cxc2"]
    assert result.eligible  # another generation: a warning (once in the scheme), no error
    assert [(f.rule, f.severity.value) for f in result.findings] == [("visitor_once", "warning")]


def test_exchanges_without_a_generation_are_not_counted() -> None:
    undated = Exchange(host=HOST, visitor=AERO)
    result = check_dataset([undated, undated, visit(AERO, 1)])
    assert result.findings == ()


def test_a_generation_allowing_two_visits(cxc2: Generation) -> None:
    two = attrs.evolve(
        cxc2, id="two-visits", visits_per_visitor=attrs.evolve(cxc2.visits_per_visitor, value=2)
    )
    result = check_dataset([visit(AERO, n) for n in (1, 2, 3)], two)
    assert [v.eligible for v in result] == [True, True, False]
    assert "a visitor may take part twice per generation" in result.findings[0].message


def test_the_first_visit_is_chosen_by_date_then_content_not_position() -> None:
    same_day = [visit(AERO, 1, id="EG100AA1"), visit(AERO, 1, id="EG100AA2")]
    forward = check_dataset(same_day)
    backward = check_dataset(list(reversed(same_day)))
    assert [v.eligible for v in forward] == [True, False]
    assert [v.eligible for v in backward] == [False, True]
    # Identical records: whichever comes first is fine, and the verdicts are the same.
    twins = check_dataset([visit(AERO, 1), visit(AERO, 1)])
    assert [v.eligible for v in twins] == [True, False]


def test_undated_visits_sort_last() -> None:
    dated = visit(AERO, 3)
    undated = Exchange(host=HOST, visitor=AERO, generation="cxc2")
    result = check_dataset([undated, dated])
    assert [v.eligible for v in result] == [False, True]
    assert "on an unrecorded day" in result.findings[0].message


def test_one_exchange_agrees_with_check_exchange() -> None:
    e = visit(AERO, 1)
    result = check_dataset([e])
    assert result.verdicts == (check_exchange(e),)
    assert result.findings == ()


def test_generators_and_empty_datasets() -> None:
    assert check_dataset(visit(AERO, n) for n in (1,)).eligible
    empty = check_dataset([])
    assert empty.verdicts == ()
    assert empty.findings == ()
    assert empty.eligible


def test_generation_and_calendar_apply_to_every_exchange() -> None:
    holiday = dt.date(2023, 1, 9)
    result = check_dataset([visit(AERO, 1)], "cxc2", calendar={holiday})
    assert result[0].working_days == 4


@pytest.mark.parametrize("junk", [None, 5, "exchanges", b"x"])
def test_junk_instead_of_a_dataset(junk: Any) -> None:
    with pytest.raises(InvalidValueError, match="expected exchanges"):
        check_dataset(junk)


def test_junk_inside_a_dataset_names_its_position() -> None:
    with pytest.raises(InvalidValueError, match=r"^exchange 1: expected an Exchange"):
        check_dataset([visit(AERO, 1), "row"])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Aero, Lda.", "aero"),
        ("Müller Technik GmbH & Co. KG", "muller technik"),
        ("BALTIC ROBOTICS S.A.", "baltic robotics"),
        ("Baltic Robotics S. A.", "baltic robotics"),
        ("Kraków Tech sp. z o.o.", "krakow tech"),
        ("Nordic_AI Oy", "nordic ai"),
        ("  Plan   B ", "plan b"),
        ("GmbH", "gmbh"),
        ("...", "..."),
        ("Ａｅｒｏ", "aero"),
        ("Smart Ltd Ltd", "smart"),
    ],
)
def test_names_are_normalised(written: str, normalised: str) -> None:
    assert normalise_name(written) == normalised


# --- visitor_once across generations (issue 17, item 2) ----------------------------------------


def test_a_second_visit_in_another_generation_is_a_warning_citing_both_readings() -> None:
    # clustercollaboration.eu/clusterxchange/about: visitors "can only visit organisations in
    # the scheme once"; a partnership FAQ: "only once in the ClusterXChange mobility scheme".
    from clusterxchange import Exchange, Organisation
    from clusterxchange.eligibility import check_dataset

    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    pilot_visitor = Organisation(
        name="Aero, Lda.", country="PT", kind="cluster_organisation", pic="123456789"
    )
    pilot = Exchange(
        host=host, visitor=pilot_visitor, start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 5)
    )
    again = Exchange(
        host=host, visitor=pilot_visitor, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 10)
    )
    result = check_dataset([again, pilot])
    assert [v.generation for v in result.verdicts] == ["cxc2", "cxc1"]
    assert [v.eligible for v in result.verdicts] == [True, True]
    [finding] = result.findings
    assert (finding.rule, finding.severity.value, finding.indices) == (
        "visitor_once",
        "warning",
        (0, 1),
    )
    assert "in cxc1 from 2021-03-01" in finding.message
    assert "again in cxc2 from 2023-03-06" in finding.message
    assert "once in the scheme" in finding.message
    assert "once per generation" in finding.message
    assert finding.field == "visits_in_scheme"
    assert "only once in the ClusterXChange mobility scheme" in finding.provenance.note  # type: ignore[union-attr]
    assert [f.rule for f in result.verdicts[0].warnings()] == ["visitor_once"]
    assert result.verdicts[1].warnings() == ()


def test_a_second_visit_within_one_generation_stays_an_error() -> None:
    from clusterxchange import Exchange, Organisation
    from clusterxchange.eligibility import check_dataset

    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    guest = Organisation(name="Aero Lda", country="PT", kind="cluster_organisation")
    first = Exchange(host=host, visitor=guest, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 10))
    second = Exchange(host=host, visitor=guest, start=dt.date(2023, 5, 8), end=dt.date(2023, 5, 12))
    result = check_dataset([first, second])
    assert [(f.rule, f.severity.value) for f in result.findings] == [("visitor_once", "error")]
    assert [v.eligible for v in result.verdicts] == [True, False]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_during_the_check_and_restored_after(
    enabled: bool,
    collector_probe: Any,  # conftest.CollectorProbe
) -> None:
    collector_probe.start(enabled)
    result = check_dataset([visit(AERO, 1), visit(AERO, 2)], calendar=collector_probe)
    assert gc.isenabled() is enabled
    assert collector_probe.always_paused  # asked while the working days are counted
    assert [v.working_days for v in result.verdicts] == [5, 5]


def test_the_collector_is_restored_when_the_check_raises() -> None:
    assert gc.isenabled()
    with pytest.raises(InvalidValueError, match="exchange 1"):
        check_dataset([visit(AERO, 1), "not an exchange"])  # type: ignore[list-item]
    assert gc.isenabled()
