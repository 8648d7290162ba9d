"""Distances on the WGS84 ellipsoid, and the fast short-distance decision."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from typing import Any

import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import Exchange, InvalidValueError, Location, Organisation
from clusterxchange.model.errors import InvalidLocationError
from clusterxchange.money.distance import (
    RELATIVE_ERROR_BOUND,
    SAFETY_MARGIN,
    SPHERE_RADIUS_KM,
    DistanceDecision,
    DistanceUsed,
    decide_short_distances,
    distance_km,
    is_short_distance,
    resolve_distance,
    spherical_distance_km,
)

WGS84 = Geodesic.WGS84
BRUSSELS = Location(latitude=50.8503, longitude=4.3517)
ANTWERP = Location(latitude=51.2194, longitude=4.4025)
PARIS = Location(latitude=48.8566, longitude=2.3522)


def _direct(origin: Location, azimuth: float, km: float) -> Location:
    """The point *km* from *origin* along *azimuth* on the ellipsoid."""
    result = WGS84.Direct(origin.latitude, origin.longitude, azimuth, km * 1000)
    longitude = math.remainder(result["lon2"], 360.0)
    return Location(latitude=max(-90.0, min(90.0, result["lat2"])), longitude=longitude)


def _ellipsoid_says(a: Location, b: Location, limit: Decimal) -> bool:
    """The reference decision: every distance computed on the ellipsoid."""
    return Decimal(distance_km(a, b)) < limit


# -- strategies ---------------------------------------------------------------------------------

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
anywhere = st.builds(Location, latitude=latitudes, longitude=longitudes)
polar = st.builds(
    Location,
    latitude=st.one_of(
        st.floats(min_value=85, max_value=90), st.floats(min_value=-90, max_value=-85)
    ),
    longitude=longitudes,
)
europe = st.builds(
    Location,
    latitude=st.floats(min_value=34, max_value=71),
    longitude=st.floats(min_value=-25, max_value=45),
)
azimuths = st.floats(min_value=-180, max_value=180, allow_nan=False)


@st.composite
def near_limit(draw: st.DrawFn, limit: float = 200.0) -> tuple[Location, Location]:
    """A pair within 3 % of *limit* apart: where the fast path must defer to the ellipsoid."""
    origin = draw(st.one_of(europe, anywhere, polar))
    km = draw(st.floats(min_value=limit * 0.97, max_value=limit * 1.03))
    return origin, _direct(origin, draw(azimuths), km)


@st.composite
def near_antipodal(draw: st.DrawFn) -> tuple[Location, Location]:
    """A pair of almost opposite points."""
    a = draw(anywhere)
    dlat = draw(st.floats(min_value=-0.5, max_value=0.5))
    dlon = draw(st.floats(min_value=-0.5, max_value=0.5))
    latitude = max(-90.0, min(90.0, -a.latitude + dlat))
    longitude = math.remainder(a.longitude + 180 + dlon, 360.0)
    return a, Location(latitude=latitude, longitude=longitude)


pairs = st.one_of(
    st.tuples(anywhere, anywhere),
    st.tuples(europe, europe),
    st.tuples(polar, anywhere),
    st.tuples(polar, polar),
    near_antipodal(),
    near_limit(),
)


# -- distance_km --------------------------------------------------------------------------------


def test_a_degree_of_longitude_on_the_equator_is_the_semi_major_axis_times_pi_over_180() -> None:
    got = distance_km(Location(latitude=0, longitude=0), Location(latitude=0, longitude=1))
    assert got == pytest.approx(6378.137 * math.pi / 180, abs=1e-6)


def test_a_degree_of_latitude_at_the_equator_is_shorter_than_on_the_sphere() -> None:
    got = distance_km(Location(latitude=0, longitude=0), Location(latitude=1, longitude=0))
    assert got == pytest.approx(110.574, abs=0.001)


def test_brussels_paris_and_brussels_antwerp() -> None:
    assert distance_km(BRUSSELS, PARIS) == pytest.approx(264.3, abs=0.1)
    assert distance_km(BRUSSELS, ANTWERP) == pytest.approx(41.2, abs=0.1)


def test_pole_to_pole_is_twice_the_meridian_quadrant() -> None:
    north, south = Location(latitude=90, longitude=0), Location(latitude=-90, longitude=0)
    assert distance_km(north, south) == pytest.approx(2 * 10001.965729, abs=1e-5)


def test_the_same_point_is_zero_km_away() -> None:
    assert distance_km(PARIS, PARIS) == 0.0


@given(anywhere, anywhere)
def test_distance_is_symmetric_and_never_negative(a: Location, b: Location) -> None:
    forward, backward = distance_km(a, b), distance_km(b, a)
    assert forward >= 0
    assert forward == pytest.approx(backward, abs=1e-6)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(90.5, 0), (-91, 0), (0, 180.01), (0, -181), (math.nan, 0), (0, math.inf), (-math.inf, 0)],
)
def test_out_of_range_or_non_finite_coordinates_are_rejected(
    latitude: float, longitude: float
) -> None:
    with pytest.raises(InvalidLocationError):
        Location(latitude=latitude, longitude=longitude)


JUNK = [None, "", "€", (50.8, 4.3), 10**400, {"latitude": 1}]


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("measure", [distance_km, spherical_distance_km])
def test_anything_but_a_location_is_rejected_clearly(junk: Any, measure: Any) -> None:
    with pytest.raises(InvalidLocationError, match="expected a Location"):
        measure(PARIS, junk)


@pytest.mark.parametrize("junk", JUNK)
def test_the_decision_rejects_anything_but_a_location(junk: Any) -> None:
    with pytest.raises(InvalidLocationError, match="expected a Location"):
        is_short_distance(junk, PARIS, 200)


# -- the bound of the spherical estimate --------------------------------------------------------


def test_the_sphere_radius_and_bound_follow_from_the_semi_axes() -> None:
    a, b = 6378.137, 6378.137 * (1 - 1 / 298.257223563)
    assert math.isclose(SPHERE_RADIUS_KM, math.sqrt(a * b))
    assert abs(RELATIVE_ERROR_BOUND - 0.00505) < 0.00001
    assert SAFETY_MARGIN > RELATIVE_ERROR_BOUND


@given(pairs)
def test_the_sphere_is_within_the_proven_bound_of_the_ellipsoid(
    pair: tuple[Location, Location],
) -> None:
    a, b = pair
    ellipsoid, sphere = distance_km(a, b), spherical_distance_km(a, b)
    # The bound is exact mathematics; allow for floating-point rounding only (1 mm + 1e-9).
    slack = 1e-6 + 1e-9 * ellipsoid
    low = (1 + RELATIVE_ERROR_BOUND) ** -1
    assert low * sphere - slack <= ellipsoid <= (1 + RELATIVE_ERROR_BOUND) * sphere + slack


# -- the fast decision --------------------------------------------------------------------------


@given(pairs)
def test_the_fast_path_decides_as_the_ellipsoid_at_200_km(pair: tuple[Location, Location]) -> None:
    a, b = pair
    assert is_short_distance(a, b, 200) is _ellipsoid_says(a, b, Decimal(200))


@given(near_limit())
def test_pairs_close_to_200_km_are_decided_as_the_ellipsoid(
    pair: tuple[Location, Location],
) -> None:
    a, b = pair
    assert is_short_distance(a, b, Decimal(200)) is _ellipsoid_says(a, b, Decimal(200))


def test_two_thousand_seeded_pairs_within_2_5_percent_of_200_km() -> None:
    rng = random.Random(2026)
    batch = []
    for _ in range(2000):
        origin = Location(latitude=rng.uniform(34, 71), longitude=rng.uniform(-25, 45))
        batch.append((origin, _direct(origin, rng.uniform(-180, 180), rng.uniform(195, 205))))
    expected = tuple(_ellipsoid_says(a, b, Decimal(200)) for a, b in batch)
    assert decide_short_distances(batch, 200) == expected
    assert 0 < sum(expected) < len(expected)


@given(
    st.floats(min_value=0.5, max_value=19_000).flatmap(
        lambda limit: st.tuples(st.just(limit), near_limit(limit))
    )
)
def test_the_fast_path_decides_as_the_ellipsoid_near_any_limit(
    case: tuple[float, tuple[Location, Location]],
) -> None:
    limit, (a, b) = case
    assert is_short_distance(a, b, limit) is _ellipsoid_says(a, b, Decimal(limit))


@given(st.lists(pairs, max_size=20), st.sampled_from([0, 50, 200, Decimal("199.9"), 20_000]))
def test_the_batch_decides_as_the_ellipsoid(
    batch: list[tuple[Location, Location]], limit: Decimal | int
) -> None:
    expected = tuple(_ellipsoid_says(a, b, Decimal(limit)) for a, b in batch)
    assert decide_short_distances(batch, limit) == expected


def test_the_limit_itself_is_not_under_and_just_below_is() -> None:
    b = _direct(BRUSSELS, 37.0, 200.0)
    exact = Decimal(distance_km(BRUSSELS, b))
    assert is_short_distance(BRUSSELS, b, exact) is False
    assert is_short_distance(BRUSSELS, b, exact + Decimal("1e-9")) is True
    assert is_short_distance(BRUSSELS, _direct(BRUSSELS, 37.0, 199.9), 200) is True
    assert is_short_distance(BRUSSELS, _direct(BRUSSELS, 37.0, 200.1), 200) is False


def test_exact_decisions_on_declared_figures() -> None:
    decide = DistanceDecision(limit_km=Decimal(200))
    assert decide.exact(199.9) is True
    assert decide.exact(199.99999999999997) is True
    assert decide.exact(200.0) is False
    assert decide.exact(200.00000000000003) is False


def test_a_zero_limit_has_nothing_under_it() -> None:
    assert is_short_distance(PARIS, PARIS, 0) is False
    assert decide_short_distances([(PARIS, PARIS), (PARIS, BRUSSELS)], 0) == (False, False)


def test_a_limit_past_half_the_globe_has_everything_under_it() -> None:
    north, south = Location(latitude=90, longitude=0), Location(latitude=-90, longitude=0)
    assert is_short_distance(north, south, 25_000) is True
    assert is_short_distance(north, south, 20_000) is False
    assert decide_short_distances([(north, south), (PARIS, BRUSSELS)], 25_000) == (True, True)


@pytest.mark.parametrize("limit", [-1, math.nan, math.inf, Decimal("NaN"), "200", None, True])
def test_a_bad_limit_is_rejected(limit: object) -> None:
    with pytest.raises(InvalidValueError, match="limit_km"):
        DistanceDecision(limit_km=limit)


@pytest.mark.parametrize(
    "junk",
    [[(PARIS,)], [(PARIS, PARIS, PARIS)], [(PARIS, None)], [None], ["ab"], [(PARIS, (1.0, 2.0))]],
)
def test_a_batch_with_a_bad_pair_names_it(junk: list[object]) -> None:
    with pytest.raises(InvalidLocationError, match="pair 0"):
        decide_short_distances(junk, 200)  # type: ignore[arg-type]


def test_a_batch_accepts_lists_as_pairs_and_any_iterable() -> None:
    generator = ((a, b) for a, b in [(BRUSSELS, ANTWERP), (BRUSSELS, PARIS)])
    assert decide_short_distances(generator, 200) == (True, False)
    assert decide_short_distances([[BRUSSELS, ANTWERP]], 200) == (True,)  # type: ignore[list-item]


# -- resolve_distance ---------------------------------------------------------------------------


def _exchange(**changes: object) -> Exchange:
    host = Organisation(name="Host", country="BE", kind="cluster_organisation", location=BRUSSELS)
    visitor = Organisation(name="Visitor", country="FR", kind="sme", location=PARIS)
    return Exchange(host=host, visitor=visitor, **changes)  # type: ignore[arg-type]


def test_a_declared_distance_overrides_the_locations() -> None:
    assert resolve_distance(_exchange(distance_km=199.9)) == DistanceUsed(
        km=199.9, source="declared"
    )


def test_without_a_declared_distance_the_geodesic_is_computed() -> None:
    used = resolve_distance(_exchange())
    assert used.source == "computed"
    assert used.km == distance_km(BRUSSELS, PARIS)


def test_without_both_locations_the_distance_is_unknown() -> None:
    host = Organisation(name="Host", country="BE", kind="cluster_organisation")
    visitor = Organisation(name="Visitor", country="FR", kind="sme", location=PARIS)
    used = resolve_distance(Exchange(host=host, visitor=visitor))
    assert used == DistanceUsed(km=None, source=None)
    assert used.is_under(Decimal(200)) is False


def test_resolve_distance_rejects_anything_but_an_exchange() -> None:
    with pytest.raises(InvalidValueError, match="expected an Exchange"):
        resolve_distance("EG927FA8")  # type: ignore[arg-type]


@pytest.mark.parametrize(("km", "under"), [(199.9, True), (200.0, False), (0.0, True)])
def test_a_declared_distance_is_compared_exactly(km: float, under: bool) -> None:
    assert DistanceUsed(km=km, source="declared").is_under(Decimal(200)) is under
