"""Lump sums: the ceilings, the halving, virtual exchanges, rounding and the explanation."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    Exchange,
    Generation,
    InvalidValueError,
    Location,
    LumpSum,
    Mode,
    Organisation,
    all_generations,
    get_generation,
    load_generation,
    lump_sum,
)
from clusterxchange.generations import parse_generation
from clusterxchange.model.errors import (
    InvalidLocationError,
    NoCeilingError,
    UnknownCountryError,
    UnknownGenerationError,
)
from clusterxchange.money.distance import distance_km
from clusterxchange.money.pricing import REDUCTIONS, lump_sums, quick_lump_sum, threshold_finding

#: docs/domain.md, "Money": the ceiling per host country (EUR) for a full exchange.
DOMAIN_CEILINGS = {
    "AL": 530, "AM": 610, "AT": 900, "BA": 560, "BE": 830, "BG": 560,
    "CY": 780, "CZ": 610, "DE": 830, "DK": 1100, "EE": 670, "ES": 830,
    "FI": 950, "FR": 900, "GR": 780, "HR": 720, "HU": 670, "IE": 1000,
    "IS": 900, "IT": 900, "LT": 560, "LU": 830, "LV": 610, "MD": 530,
    "ME": 560, "MK": 560, "MT": 720, "NL": 830, "PL": 610, "PT": 780,
    "RO": 560, "RS": 560, "SE": 950, "SI": 720, "SK": 610, "TR": 750,
    "UA": 530, "XK": 560,
}  # fmt: skip

CENT = Decimal("0.01")
BRUSSELS = Location(latitude=50.8503, longitude=4.3517)
ANTWERP = Location(latitude=51.2194, longitude=4.4025)
LISBON = Location(latitude=38.7223, longitude=-9.1393)


def _half(amount: int | Decimal) -> Decimal:
    return (Decimal(amount) * Decimal("0.5")).quantize(CENT, rounding=ROUND_HALF_UP)


def _exchange(host_country: str = "BE", **changes: Any) -> Exchange:
    host = Organisation(
        name="Flanders Make", country=host_country, kind="cluster_organisation", location=BRUSSELS
    )
    visitor = Organisation(
        name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"], location=LISBON
    )
    fields: dict[str, Any] = {"start": dt.date(2023, 3, 6), "end": dt.date(2023, 3, 17)}
    fields.update(changes)
    return Exchange(host=host, visitor=visitor, **fields)


# -- every ceiling of docs/domain.md ---------------------------------------------------------


@pytest.mark.parametrize("generation", ["cxc1", "cxc2"])
@pytest.mark.parametrize(("country", "ceiling"), sorted(DOMAIN_CEILINGS.items()))
def test_a_full_far_stay_gets_the_host_ceiling(generation: str, country: str, ceiling: int) -> None:
    result = quick_lump_sum(
        host_country=country, working_days=10, distance_km=800, generation=generation
    )
    assert result.amount == Decimal(ceiling).quantize(CENT)
    assert result.threshold == result.amount
    assert result.reductions == ()
    assert result.host_country == country


def test_the_shipped_tables_hold_exactly_the_domain_ceilings() -> None:
    for generation in all_generations():
        table = {c.country: int(c.amount) for c in generation.ceilings}
        assert table == DOMAIN_CEILINGS


# -- worked examples ----------------------------------------------------------------------------


def test_the_design_example_a_four_day_stay_in_belgium() -> None:
    result = quick_lump_sum(host_country="BE", working_days=4, distance_km=640.2, generation="cxc2")
    assert result.as_dict() | {"explanation": "", "sources": []} == {
        "amount": "415.00",
        "currency": "EUR",
        "threshold": "830.00",
        "reductions": ["short_stay"],
        "generation": "cxc2",
        "host_country": "BE",
        "distance_km": 640.2,
        "distance_source": "declared",
        "working_days": 4,
        "mode": "physical",
        "explanation": "",
        "sources": [],
    }


@pytest.mark.parametrize("days", [0, 1, 3, 4])
def test_a_stay_under_five_working_days_is_halved(days: int) -> None:
    result = quick_lump_sum(
        host_country="FI", working_days=days, distance_km=1500, generation="cxc2"
    )
    assert result.amount == Decimal("475.00")
    assert result.reductions == ("short_stay",)


def test_five_working_days_is_not_a_short_stay() -> None:
    result = quick_lump_sum(host_country="FI", working_days=5, distance_km=1500, generation="cxc2")
    assert result.amount == Decimal("950.00")


@pytest.mark.parametrize(("km", "amount"), [(0, "415.00"), (150, "415.00"), (199.9, "415.00")])
def test_a_distance_under_200_km_is_halved(km: float, amount: str) -> None:
    result = quick_lump_sum(host_country="BE", working_days=10, distance_km=km, generation="cxc2")
    assert result.amount == Decimal(amount)
    assert result.reductions == ("short_distance",)


def test_200_km_exactly_is_not_a_short_distance() -> None:
    result = quick_lump_sum(
        host_country="BE", working_days=10, distance_km=200.0, generation="cxc2"
    )
    assert result.amount == Decimal("830.00")
    assert result.reductions == ()


def test_a_short_stay_at_a_short_distance_is_halved_once() -> None:
    result = quick_lump_sum(host_country="DK", working_days=3, distance_km=120, generation="cxc2")
    assert result.amount == Decimal("550.00")
    assert result.reductions == ("short_stay", "short_distance")
    assert "only once" in result.explanation


@pytest.mark.parametrize("generation", ["cxc1", "cxc2"])
def test_a_virtual_exchange_is_zero(generation: str) -> None:
    result = quick_lump_sum(
        host_country="IT", working_days=10, distance_km=900, mode="virtual", generation=generation
    )
    assert result.amount == Decimal("0.00")
    assert result.reductions == ("virtual",)
    assert result.threshold == Decimal("900.00")
    assert "never funded" in result.explanation


def test_a_short_virtual_exchange_lists_every_reduction_in_order() -> None:
    result = quick_lump_sum(
        host_country="IT", working_days=3, distance_km=10, mode=Mode.VIRTUAL, generation="cxc1"
    )
    assert result.reductions == REDUCTIONS
    assert result.amount == Decimal("0.00")


@pytest.mark.parametrize("country", ["GB", "UK", "NO", "CH"])
def test_a_host_without_a_ceiling_is_a_threshold_error(country: str) -> None:
    with pytest.raises(NoCeilingError) as caught:
        quick_lump_sum(host_country=country, working_days=10, generation="cxc2")
    finding = threshold_finding(caught.value)
    assert finding.rule == "threshold"
    assert finding.severity == "error"
    assert caught.value.country in finding.message


def test_an_unknown_distance_gets_no_reduction_and_says_so() -> None:
    result = quick_lump_sum(host_country="BE", working_days=10, generation="cxc2")
    assert result.amount == Decimal("830.00")
    assert result.distance_km is None
    assert result.distance_source is None
    assert "distance is unknown" in result.explanation
    assert "at least 200 km" in result.explanation


def test_a_distance_computed_from_two_locations() -> None:
    result = quick_lump_sum(
        host_country="BE", working_days=10, between=(BRUSSELS, ANTWERP), generation="cxc2"
    )
    assert result.distance_source == "computed"
    assert result.distance_km == distance_km(BRUSSELS, ANTWERP)
    assert result.reductions == ("short_distance",)
    assert "WGS84 ellipsoid" in result.explanation


def test_the_shown_distance_is_rounded_down_to_stay_on_the_side_of_the_decision() -> None:
    result = quick_lump_sum(
        host_country="BE", working_days=10, distance_km=199.96, generation="cxc2"
    )
    assert "Distance 199.9 km" in result.explanation
    assert "is under 200 km" in result.explanation


def test_the_explanation_cites_the_generation_values_and_their_sources() -> None:
    generation = get_generation("cxc2")
    result = quick_lump_sum(host_country="BE", working_days=4, distance_km=640.2, generation="cxc2")
    ceiling = generation.ceiling("BE")
    assert ceiling is not None
    assert "Belgium (BE)" in result.explanation
    assert "ceiling €830.00" in result.explanation
    assert ceiling.provenance.source in result.explanation
    assert "only Portugal's is confirmed" in result.explanation
    assert "4 working days is under 5" in result.explanation
    assert generation.short_stay_days.provenance.source in result.explanation
    assert "Lump sum: €415.00." in result.explanation
    fields = [c.field for c in result.citations]
    assert fields == [
        "ceilings.BE",
        "cap",
        "short_stay_days",
        "short_distance_km",
        "reduction_factor",
    ]


# -- lump_sum on an exchange --------------------------------------------------------------------


def test_working_days_are_counted_from_the_dates() -> None:
    result = lump_sum(_exchange(end=dt.date(2023, 3, 9)), "cxc2")  # Monday to Thursday
    assert result.working_days == 4
    assert result.amount == Decimal("415.00")


def test_declared_working_days_override_the_dates() -> None:
    result = lump_sum(_exchange(end=dt.date(2023, 3, 9), working_days=5), "cxc2")
    assert result.working_days == 5
    assert result.amount == Decimal("830.00")


def test_a_holiday_calendar_removes_a_working_day() -> None:
    week = _exchange(start=dt.date(2023, 5, 1), end=dt.date(2023, 5, 5))
    assert lump_sum(week, "cxc2").amount == Decimal("830.00")
    labour_day = {dt.date(2023, 5, 1)}
    assert lump_sum(week, "cxc2", calendar=labour_day).amount == Decimal("415.00")

    def provider(country: str) -> set[dt.date] | None:
        return labour_day if country == "BE" else None

    assert lump_sum(week, "cxc2", calendar=provider).working_days == 4
    assert (
        lump_sum(
            _exchange("DE", start=week.start, end=week.end), "cxc2", calendar=provider
        ).working_days
        == 5
    )


def test_without_dates_or_working_days_the_amount_cannot_be_computed() -> None:
    with pytest.raises(InvalidValueError, match="exchange EG927FA8: the working days are unknown"):
        lump_sum(_exchange(start=None, end=None, id="EG927FA8"), "cxc2")
    with pytest.raises(InvalidValueError, match="the exchange: the working days are unknown"):
        lump_sum(_exchange(end=None), "cxc2")


def test_the_distance_of_an_exchange_is_declared_or_computed() -> None:
    far = lump_sum(_exchange(), "cxc2")
    assert far.distance_source == "computed"
    assert far.distance_km == distance_km(BRUSSELS, LISBON)
    near = lump_sum(_exchange(distance_km=199.9), "cxc2")
    assert (near.distance_source, near.reductions) == ("declared", ("short_distance",))


def test_a_virtual_exchange_on_the_exchange_is_zero() -> None:
    assert lump_sum(_exchange(mode="virtual"), "cxc1").amount == Decimal("0.00")


def test_lump_sum_takes_a_generation_or_its_id() -> None:
    exchange = _exchange()
    assert lump_sum(exchange, get_generation("cxc1")) == lump_sum(exchange, "cxc1")
    with pytest.raises(UnknownGenerationError):
        lump_sum(exchange, "cxc9")


def test_lump_sum_rejects_anything_but_an_exchange() -> None:
    with pytest.raises(InvalidValueError, match="expected an Exchange"):
        lump_sum({"host": "BE"}, "cxc2")  # type: ignore[arg-type]


def test_a_host_without_a_ceiling_on_an_exchange() -> None:
    with pytest.raises(NoCeilingError, match="host country GB"):
        lump_sum(_exchange("UK"), "cxc2")


# -- custom generations -------------------------------------------------------------------------


def _custom(**overrides: Any) -> Generation:
    document: dict[str, Any] = {"id": "hemp-2023", "extends": "cxc2"}
    document.update(overrides)
    return parse_generation(document)


def test_a_custom_generation_pays_by_its_own_table_and_cites_its_own_source() -> None:
    generation = _custom(
        ceilings={"DK": {"value": "1000", "source": "Grant agreement 101074444, annex 1"}}
    )
    result = quick_lump_sum(host_country="DK", working_days=10, generation=generation)
    assert result.amount == Decimal("1000.00")
    assert result.generation == "hemp-2023"
    assert "Grant agreement 101074444, annex 1" in result.explanation
    untouched = quick_lump_sum(host_country="BE", working_days=10, generation=generation)
    assert untouched.amount == Decimal("830.00")


def test_a_custom_generation_may_add_a_ceiling_for_the_uk(tmp_path: Path) -> None:
    path = tmp_path / "uk.toml"
    path.write_text(
        'id = "uk-grant"\nextends = "cxc1"\n[ceilings.UK]\nvalue = "900"\n'
        'source = "Our grant, annex 2"\nconfidence = "high"\n',
        encoding="utf-8",
    )
    result = quick_lump_sum(host_country="GB", working_days=4, generation=load_generation(path))
    assert result.amount == Decimal("450.00")
    assert "Our grant, annex 2" in result.explanation


def test_custom_limits_and_factor_are_read_from_the_generation() -> None:
    generation = _custom(
        short_stay_days={"value": 8, "source": "grant"},
        short_distance_km={"value": "500", "source": "grant"},
        reduction_factor={"value": "0.3", "source": "grant"},
    )
    stay = quick_lump_sum(host_country="BE", working_days=7, distance_km=600, generation=generation)
    assert stay.amount == Decimal("249.00")
    near = quick_lump_sum(host_country="BE", working_days=8, distance_km=499, generation=generation)
    assert near.reductions == ("short_distance",)
    assert "7 working days is under 8" in stay.explanation


def test_a_declared_distance_is_compared_as_written() -> None:
    # 2.3 is stored as the float 2.2999...; written as 2.3, it is not under a 2.3 km limit.
    generation = _custom(short_distance_km={"value": "2.3", "source": "grant"})
    one = quick_lump_sum(host_country="BE", working_days=8, distance_km=2.3, generation=generation)
    assert one.reductions == ()
    rows = [_exchange(distance_km=2.3), _exchange(distance_km=2.2)]
    assert [s.reductions for s in lump_sums(rows, generation)] == [(), ("short_distance",)]
    assert lump_sum(rows[0], generation).reductions == ()


def test_rounding_is_half_up_to_cents_once_at_the_end() -> None:
    generation = _custom(ceilings={"BE": {"value": "833.33", "source": "grant"}})
    result = quick_lump_sum(host_country="BE", working_days=3, generation=generation)
    assert result.amount == Decimal("416.67")  # 416.665: half-even would give 416.66
    assert result.threshold == Decimal("833.33")


def test_a_custom_currency_is_carried_through() -> None:
    generation = _custom(currency="CHF")
    result = quick_lump_sum(host_country="BE", working_days=10, generation=generation)
    assert result.currency == "CHF"
    assert "Lump sum: CHF830.00." in result.explanation  # as CLDR writes francs in English


# -- input validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("days", [-1, True, 3.5, "4", None, 10**400 * -1])
def test_bad_working_days_are_rejected(days: object) -> None:
    with pytest.raises(InvalidValueError, match="working_days"):
        quick_lump_sum(host_country="BE", working_days=days, generation="cxc2")  # type: ignore[arg-type]


@pytest.mark.parametrize("km", [-0.1, float("nan"), float("inf"), "200", True, Decimal("-1")])
def test_bad_distances_are_rejected(km: object) -> None:
    with pytest.raises(InvalidValueError, match="distance_km"):
        quick_lump_sum(host_country="BE", working_days=5, distance_km=km, generation="cxc2")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["hybrid", "", None, 1])
def test_bad_modes_are_rejected(mode: object) -> None:
    with pytest.raises(InvalidValueError, match="mode"):
        quick_lump_sum(host_country="BE", working_days=5, mode=mode, generation="cxc2")  # type: ignore[arg-type]


def test_a_mode_is_read_case_insensitively() -> None:
    result = quick_lump_sum(host_country="BE", working_days=5, mode=" Virtual ", generation="cxc2")
    assert result.mode is Mode.VIRTUAL


@pytest.mark.parametrize("country", ["", None, "€", "Atlantis", 42])
def test_unknown_host_countries_are_rejected(country: object) -> None:
    with pytest.raises(UnknownCountryError):
        quick_lump_sum(host_country=country, working_days=5, generation="cxc2")  # type: ignore[arg-type]


def test_a_distance_and_two_locations_are_not_both_accepted() -> None:
    with pytest.raises(InvalidValueError, match="not both"):
        quick_lump_sum(
            host_country="BE",
            working_days=5,
            distance_km=10,
            between=(BRUSSELS, ANTWERP),
            generation="cxc2",
        )


@pytest.mark.parametrize("between", [(BRUSSELS,), "abc", 3])
def test_between_needs_two_locations(between: object) -> None:
    with pytest.raises(InvalidValueError, match="two locations"):
        quick_lump_sum(host_country="BE", working_days=5, between=between, generation="cxc2")  # type: ignore[arg-type]


def test_between_rejects_anything_but_locations() -> None:
    between: Any = (BRUSSELS, (1, 2))
    with pytest.raises(InvalidLocationError):
        quick_lump_sum(host_country="BE", working_days=5, between=between, generation="cxc2")


# -- properties ---------------------------------------------------------------------------------

generations = st.sampled_from(all_generations())
countries = st.sampled_from(sorted(DOMAIN_CEILINGS))
days = st.integers(min_value=0, max_value=40)
distances = st.one_of(st.none(), st.floats(min_value=0, max_value=5000))
modes = st.sampled_from(list(Mode))


def _quick(
    generation: Generation, country: str, working_days: int, km: float | None, mode: Mode
) -> LumpSum:
    return quick_lump_sum(
        host_country=country,
        working_days=working_days,
        distance_km=km,
        mode=mode,
        generation=generation,
    )


@given(generations, countries, days, distances, modes)
def test_the_amount_lies_between_zero_and_the_ceiling_and_the_cap(
    generation: Generation, country: str, working_days: int, km: float | None, mode: Mode
) -> None:
    result = _quick(generation, country, working_days, km, mode)
    assert Decimal(0) <= result.amount <= result.threshold <= generation.cap.value
    assert result.amount == result.amount.quantize(CENT)
    assert list(result.reductions) == [r for r in REDUCTIONS if r in result.reductions]


@given(generations, countries, days, distances)
def test_a_reduced_amount_is_half_the_ceiling_to_the_cent(
    generation: Generation, country: str, working_days: int, km: float | None
) -> None:
    result = _quick(generation, country, working_days, km, Mode.PHYSICAL)
    if result.reductions:
        assert result.amount == _half(result.threshold)
    else:
        assert result.amount == result.threshold


@given(generations, countries, days, days, distances, distances, modes)
def test_the_amount_never_decreases_when_days_or_distance_grow(
    generation: Generation,
    country: str,
    days_a: int,
    days_b: int,
    km_a: float | None,
    km_b: float | None,
    mode: Mode,
) -> None:
    fewer, more = sorted((days_a, days_b))
    nearer, farther = sorted((km_a or 0.0, km_b or 0.0))
    base = _quick(generation, country, fewer, nearer, mode).amount
    assert _quick(generation, country, more, nearer, mode).amount >= base
    assert _quick(generation, country, fewer, farther, mode).amount >= base
    assert _quick(generation, country, more, farther, mode).amount >= base
