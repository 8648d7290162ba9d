"""Each rule function on its own: it says nothing when its rule holds, whoever calls it.

The engine calls a rule only when a cheap precondition says it may have something to say; the
functions keep their own guards, so they stay correct when called directly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from clusterxchange import Exchange, Generation, Organisation, OrganisationKind, get_generation
from clusterxchange.eligibility import _rulebook, check_dataset, check_exchange
from clusterxchange.eligibility._identity import normalise_name
from clusterxchange.eligibility._messages import country_label
from clusterxchange.eligibility._rulebook import Rulebook, rulebook
from clusterxchange.eligibility._rules_exchange import (
    check_distance,
    check_duration_max,
    check_duration_min,
    check_it_tool_id,
    check_mode,
    check_threshold,
)
from clusterxchange.eligibility._rules_parties import (
    check_cluster_membership,
    check_cross_border,
    check_residence,
    check_sme,
)
from clusterxchange.model import AccountingPeriod, ClusterRef, Representative
from clusterxchange.model.findings import Finding


def org(name: str = "Hamburg Aviation", country: str = "DE", **fields: Any) -> Organisation:
    fields.setdefault("kind", "cluster_organisation")
    return Organisation(name=name, country=country, **fields)


def exchange(**fields: Any) -> Exchange:
    fields.setdefault("host", org())
    fields.setdefault("visitor", org("Pemas", "PT"))
    fields.setdefault("start", dt.date(2023, 3, 6))
    fields.setdefault("end", dt.date(2023, 3, 17))
    return Exchange(**fields)


@pytest.fixture
def book(cxc2: Generation) -> Rulebook:
    return rulebook(cxc2)


def test_passing_exchanges_give_nothing(book: Rulebook) -> None:
    e = exchange()
    out: list[Finding] = []
    check_cross_border(e, out)
    check_duration_max(e, book, out)
    check_mode(e, book, out)
    check_threshold(e, book, out)
    check_threshold(exchange(host=org(country="GB"), mode="virtual"), book, out)
    check_it_tool_id(e, book, out)
    check_it_tool_id(exchange(id="EG927FA8"), book, out)
    check_residence(e, book, out)
    check_cluster_membership(e, book, out)
    check_distance(exchange(distance_km=10, mode="virtual"), book, out)
    check_distance(exchange(distance_km=10), rulebook(get_generation("cxc1")), out)
    assert out == []


def test_cluster_membership_checks_both_parties(book: Rulebook) -> None:
    out: list[Finding] = []
    sme = org("Aero Lda", "PT", kind="sme", clusters=[])
    check_cluster_membership(exchange(host=org(kind="sme", clusters=[]), visitor=sme), book, out)
    assert [f.message.split(" is ")[0] for f in out] == [
        "the host Hamburg Aviation",
        "the visitor Aero Lda",
    ]


def test_eccp_kinds_need_not_be_member_kinds(cxc2: Generation) -> None:
    odd = attrs.evolve(
        cxc2,
        id="odd",
        eccp_kinds=attrs.evolve(
            cxc2.eccp_kinds, value=frozenset({OrganisationKind.CLUSTER_ORGANISATION})
        ),
    )
    unprofiled = [ClusterRef(name="Tallinn", eccp_profiled=False)]
    verdict = check_exchange(exchange(visitor=org("Pemas", "PT", clusters=unprofiled)), odd)
    assert [(f.rule, f.severity.value) for f in verdict.findings] == [
        ("cluster_membership", "error")
    ]
    assert check_exchange(exchange(), odd).findings == ()  # membership not recorded


def test_working_days_are_counted_once_per_span_and_country(book: Rulebook) -> None:
    counted: dict[tuple[object, ...], int] = {}
    short: dict[tuple[object, ...], Finding] = {}
    holidays = {dt.date(2023, 3, 6)}
    out: list[Finding] = []
    assert check_duration_min(exchange(), book, holidays, (counted, short), out) == 9
    assert check_duration_min(exchange(), book, holidays, (counted, short), out) == 9
    assert counted == {(dt.date(2023, 3, 6), dt.date(2023, 3, 17), "DE"): 9}
    assert out == []
    brief = exchange(end=dt.date(2023, 3, 7))
    check_duration_min(brief, book, None, (counted, short), out)
    check_duration_min(brief, book, None, (counted, short), out)
    assert len(short) == 1
    assert out[0] is out[1]  # one finding per span, shared
    assert out[0].message.startswith("2 working days of activity (2023-03-06 to 2023-03-07)")


def test_sme_classes_are_remembered_per_visitor() -> None:
    large = AccountingPeriod(end=dt.date(2021, 12, 31), headcount=900, turnover=Decimal(1))
    visitor = org("Aero Lda", "PT", kind="sme", clusters=[ClusterRef(name="P", eccp_profiled=True)])
    big = attrs.evolve(visitor, figures=(large,))
    enterprises: dict[int, Any] = {}
    out: list[Finding] = []
    check_sme(exchange(visitor=big), enterprises, out)
    check_sme(exchange(visitor=big), enterprises, out)
    assert [f.rule for f in out] == ["sme", "sme"]
    assert list(enterprises) == [id(big)]
    # An ambiguous date checks the same visitor under two generations.
    verdict = check_exchange(
        exchange(visitor=big, start=dt.date(2022, 3, 7), end=dt.date(2022, 3, 11))
    )
    assert verdict.rules() == ("generation", "sme")


def test_residence_of_a_national_of_a_country_that_joined_later(cxc2: Generation) -> None:
    verdict = check_exchange(exchange(representative=Representative(nationality="XK")))
    assert verdict.findings == ()


def test_a_visit_allowed_twice_is_no_finding(cxc2: Generation) -> None:
    twice = attrs.evolve(
        cxc2, id="twice", visits_per_visitor=attrs.evolve(cxc2.visits_per_visitor, value=2)
    )
    visitor = org("Pemas", "PT", pic="999999999")
    visits = [
        exchange(visitor=visitor),
        exchange(visitor=visitor, start=dt.date(2023, 4, 3), end=dt.date(2023, 4, 7)),
    ]
    assert check_dataset(visits, twice).findings == ()


def test_rulebooks_are_built_once_and_the_cache_stays_bounded(
    cxc2: Generation, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rulebook(cxc2) is rulebook(cxc2)
    monkeypatch.setattr(_rulebook, "_BOOKS_MAX", 1)
    other = attrs.evolve(cxc2, id="other")
    assert rulebook(other).generation is other
    assert rulebook(cxc2).generation is cxc2
    assert len(_rulebook._BOOKS) == 1


def test_a_country_without_a_name_is_shown_by_its_code() -> None:
    assert country_label("QQ") == "QQ"


@pytest.mark.parametrize(("name", "folded"), [("Bamboo Sti", "bamboo sti"), ("Zoo oo", "zoo oo")])
def test_a_last_word_shared_with_a_longer_legal_form(name: str, folded: str) -> None:
    assert normalise_name(name) == folded


@pytest.mark.parametrize("ident", ["CXL-2023-DE-PT-BB1RV-NHMJT6", "TIDEWAY-12"])
def test_ids_that_are_no_tool_ids_say_nothing(book: Rulebook, ident: str) -> None:
    out: list[Finding] = []
    check_it_tool_id(exchange(id=ident), book, out)
    assert out == []


def test_one_ambiguity_finding_per_day_and_case() -> None:
    day = {"start": dt.date(2022, 3, 7), "end": dt.date(2022, 3, 11)}
    a = exchange(visitor=org("Pemas", "PT", pic="999999999"), **day)
    b = exchange(visitor=org("Mesap", "IT", pic="123456789"), **day)
    result = check_dataset([a, b])
    first, second = (v.findings[0] for v in result)
    assert first.rule == "generation"
    assert first is second


def test_the_session_makes_the_findings_about_an_organisation_once(book: Rulebook) -> None:
    from clusterxchange.eligibility._exchange import Session

    session = Session(None, None)
    e = exchange()
    assert session.visitor(e, book) is session.visitor(e, book)
    assert session.host(e, book) is session.host(e, book)
