"""Many lump sums at once (``money.pricing.lump_sums``); the geodesic computed only when read."""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    Exchange,
    InvalidValueError,
    Location,
    Organisation,
    get_generation,
    lump_sum,
)
from clusterxchange.model.errors import NoCeilingError, UnknownGenerationError
from clusterxchange.money.distance import distance_km
from clusterxchange.money.pricing import LumpSum, lump_sums
from clusterxchange.strategies import eligible_exchanges

BRUSSELS = Location(latitude=50.8503, longitude=4.3517)
ANTWERP = Location(latitude=51.2194, longitude=4.4025)
LISBON = Location(latitude=38.7223, longitude=-9.1393)


def _exchange(**changes: Any) -> Exchange:
    host = Organisation(
        name="Flanders Make", country="BE", kind="cluster_organisation", location=BRUSSELS
    )
    visitor = Organisation(
        name="Aero Lda", country="PT", kind="sme", clusters=["Pemas"], location=LISBON
    )
    exchange = Exchange(
        host=host, visitor=visitor, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 17)
    )
    return attrs.evolve(exchange, **changes)


def _near() -> Exchange:
    near = attrs.evolve(_exchange().visitor, location=ANTWERP)
    return _exchange(visitor=near)


def _cases() -> list[Exchange]:
    unknown = attrs.evolve(_exchange().visitor, location=None)
    return [
        _exchange(),  # far, full stay: the ceiling
        _near(),  # under 200 km: halved
        _exchange(end=dt.date(2023, 3, 8)),  # three working days: halved
        _exchange(distance_km=150.0),  # declared, under 200 km
        _exchange(distance_km=200.0),  # declared, not under
        _exchange(mode="virtual"),  # never funded
        _exchange(visitor=unknown, end=dt.date(2023, 3, 8)),  # distance unknown, short stay
        _exchange(working_days=4, start=None, end=None),  # days recorded
        _near(),  # a span and a case seen before
    ]


def test_the_batch_gives_what_one_lump_sum_at_a_time_gives() -> None:
    cases = _cases()
    batch = lump_sums(cases, "cxc2")
    alone = [lump_sum(e, "cxc2") for e in cases]
    assert list(batch) == alone
    assert [s.explanation for s in batch] == [s.explanation for s in alone]
    assert [s.distance_km for s in batch] == [s.distance_km for s in alone]
    assert [s.amount for s in batch] == [
        Decimal("830.00"),
        Decimal("415.00"),
        Decimal("415.00"),
        Decimal("415.00"),
        Decimal("830.00"),
        Decimal("0.00"),
        Decimal("415.00"),
        Decimal("415.00"),
        Decimal("415.00"),
    ]


def test_lump_sums_are_the_objects_the_class_builds() -> None:
    # Lump sums are built without LumpSum's own __init__: the objects must not differ from
    # the ones the class builds from the same values.
    cases = _cases()
    for made in [*lump_sums(cases, "cxc2"), *(lump_sum(e, "cxc2") for e in cases)]:
        fields = attrs.asdict(made, recurse=False)
        by_class = LumpSum(**{name.lstrip("_"): value for name, value in fields.items()})
        assert type(made) is LumpSum
        assert made == by_class
        assert hash(made) == hash(by_class)
        assert repr(made) == repr(by_class)
        assert (made.explanation, made.distance_km) == (by_class.explanation, by_class.distance_km)
        assert attrs.evolve(made, amount=Decimal(1)) == attrs.evolve(by_class, amount=Decimal(1))


def test_the_geodesic_is_the_distance_read_and_it_decides_exactly() -> None:
    far, near = lump_sums([_exchange(), _near()], get_generation("cxc2"))
    assert far.distance_source == near.distance_source == "computed"
    assert far.distance_km == distance_km(BRUSSELS, LISBON)
    assert near.distance_km == distance_km(BRUSSELS, ANTWERP)
    assert "short_distance" in near.reductions
    assert "short_distance" not in far.reductions
    assert f"Distance {near.distance_km:.1f}"[:14] in near.explanation


def test_a_calendar_removes_the_host_countrys_holidays() -> None:
    holiday = {dt.date(2023, 3, 6), dt.date(2023, 3, 7)}
    cases = [_exchange(end=dt.date(2023, 3, 10)), _exchange(end=dt.date(2023, 3, 10))]
    batch = lump_sums(cases, "cxc2", calendar=holiday)
    assert [s.working_days for s in batch] == [3, 3]
    assert batch[0] == lump_sum(cases[0], "cxc2", calendar=holiday)
    provider = lump_sums(cases, "cxc2", calendar=lambda code: holiday if code == "BE" else None)
    assert list(provider) == list(batch)


def test_an_empty_batch_is_empty() -> None:
    assert lump_sums([], "cxc1") == ()
    assert lump_sums(iter([]), "cxc2") == ()


def test_a_host_without_a_ceiling_raises_as_one_lump_sum_does() -> None:
    british = attrs.evolve(_exchange().host, country="GB")
    with pytest.raises(NoCeilingError):
        lump_sums([_exchange(), _exchange(host=british)], "cxc2")


def test_unknown_working_days_name_the_position() -> None:
    dateless = _exchange(start=None, end=None)
    with pytest.raises(InvalidValueError, match=r"^exchange 1: the exchange: the working days"):
        lump_sums([_exchange(), dateless], "cxc2")


@pytest.mark.parametrize("junk", ["exchanges", b"rows", 42, None])
def test_junk_instead_of_exchanges_is_refused(junk: object) -> None:
    with pytest.raises(InvalidValueError, match="expected exchanges"):
        lump_sums(junk, "cxc2")  # type: ignore[arg-type]


def test_junk_among_the_exchanges_names_its_position() -> None:
    with pytest.raises(InvalidValueError, match=r"^exchange 1: expected an Exchange, got str"):
        lump_sums([_exchange(), "row"], "cxc2")  # type: ignore[list-item]


def test_an_unknown_generation_is_refused() -> None:
    with pytest.raises(UnknownGenerationError):
        lump_sums([_exchange()], "cxc9")


@given(st.lists(eligible_exchanges("cxc2"), max_size=6))
def test_the_batch_always_agrees_with_one_at_a_time(exchanges: list[Exchange]) -> None:
    g = get_generation("cxc2")
    priced = [e for e in exchanges if g.ceiling(e.host.country) is not None]
    batch = lump_sums(priced, g)
    assert list(batch) == [lump_sum(e, g) for e in priced]
    assert [s.distance_km for s in batch] == [lump_sum(e, g).distance_km for e in priced]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_pricing_and_restored_after(
    enabled: bool,
    collector_probe: Any,  # conftest.CollectorProbe
) -> None:
    collector_probe.start(enabled)
    sums = lump_sums([_exchange(), _exchange(distance_km=150)], "cxc2", calendar=collector_probe)
    assert gc.isenabled() is enabled
    with pytest.raises(NoCeilingError):  # raised inside the pause: the state is restored
        lump_sums([_exchange(host=Organisation(name="X", country="US"))], "cxc2")
    assert gc.isenabled() is enabled
    assert collector_probe.always_paused
    assert [s.amount for s in sums] == [Decimal("830.00"), Decimal("415.00")]
