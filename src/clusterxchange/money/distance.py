"""Distances between organisations, and exact, fast decisions on "under the limit?".

The distance that counts is the shortest path on the WGS84 ellipsoid (the geodesic),
computed with geographiclib. A lump sum is halved when the organisations are closer than the
generation's ``short_distance_km``; that decision is exact: 199.9 km is under 200 km, 200.0 km
is not.

Most pairs are nowhere near the limit, so :class:`DistanceDecision` first asks a sphere, which
costs a few floating-point operations, and computes the geodesic only when the sphere's answer
could be wrong.

Why the sphere's error is bounded (:data:`RELATIVE_ERROR_BOUND`):
    Map each point of the ellipsoid to the point of a sphere of radius *R* with the same
    latitude and longitude. Along the ellipsoid, a small step has length
    ``ds² = M² dφ² + N² cos²φ dλ²`` (*M* the meridian radius of curvature, *N* the
    prime-vertical one, both at geodetic latitude φ); on the sphere it is
    ``R² dφ² + R² cos²φ dλ²``. Their ratio, in any direction, lies between ``M/R`` and ``N/R``
    (``M <= N`` everywhere). Over the whole ellipsoid *M* is least at the equator, ``b²/a``,
    and *N* greatest at the poles, ``a²/b`` (*a*, *b* the semi-axes). So every path, and
    therefore the shortest one on either surface, has lengths whose ratio lies in
    ``[b²/(aR), a²/(bR)]``. With ``R = sqrt(a·b)`` the interval is
    ``[(b/a)^1.5, (a/b)^1.5]`` = [0.99497, 1.00505]: the great-circle distance on that sphere
    differs from the geodesic by at most 0.506 %, anywhere on Earth (poles and antipodes
    included, since the argument is about path lengths, not about any formula).

    :data:`SAFETY_MARGIN` (1 %) is about twice that bound, which also absorbs floating-point
    rounding of the spherical estimate (relative errors near 1e-15) many times over. The
    sphere decides only when its distance is more than the margin away from the limit;
    otherwise the geodesic decides. The tests check the decisions against the ellipsoid over
    the whole globe, with many pairs close to the limit.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

import attrs

from clusterxchange.model import Exchange, Location
from clusterxchange.model.errors import InvalidLocationError, InvalidValueError

__all__ = [
    "RELATIVE_ERROR_BOUND",
    "SAFETY_MARGIN",
    "SPHERE_RADIUS_KM",
    "DistanceDecision",
    "DistanceSource",
    "DistanceUsed",
    "as_written",
    "decide_short_distances",
    "distance_km",
    "is_short_distance",
    "resolve_distance",
    "spherical_distance_km",
]

#: WGS84 semi-major axis and flattening (km), as geographiclib uses them.
_WGS84_A_KM = 6378.137
_WGS84_F = 1 / 298.257223563
_WGS84_B_KM = _WGS84_A_KM * (1 - _WGS84_F)

#: Radius of the comparison sphere: the geometric mean of the semi-axes (see the module doc).
SPHERE_RADIUS_KM = math.sqrt(_WGS84_A_KM * _WGS84_B_KM)

#: Proven bound of ``abs(sphere / geodesic - 1)`` over the whole ellipsoid:
#: ``(a/b)**1.5 - 1``, about 0.00505.
RELATIVE_ERROR_BOUND = (_WGS84_A_KM / _WGS84_B_KM) ** 1.5 - 1

#: The relative margin the fast path keeps from the limit: about twice the proven bound.
SAFETY_MARGIN = 0.01

_RADIANS = math.pi / 180
_HALF_RADIANS = math.pi / 360

DistanceSource = Literal["declared", "computed"]


def _check_location(value: object, name: str) -> Location:
    if not isinstance(value, Location):
        raise InvalidLocationError(
            f"{name}: expected a Location (latitude, longitude in degrees), "
            f"got {type(value).__name__}"
        )
    return value


@functools.cache
def _geodesic() -> Any:
    """Return geographiclib's WGS84 geodesic, imported on first use."""
    from geographiclib.geodesic import Geodesic

    return Geodesic.WGS84


def distance_km(a: Location, b: Location) -> float:
    """Return the distance in km from *a* to *b* along the WGS84 ellipsoid (the geodesic).

    Raises:
        InvalidLocationError: *a* or *b* is not a :class:`Location`.

    >>> brussels = Location(latitude=50.8503, longitude=4.3517)
    >>> paris = Location(latitude=48.8566, longitude=2.3522)
    >>> round(distance_km(brussels, paris), 1)
    264.3
    """
    a = _check_location(a, "a")
    b = _check_location(b, "b")
    geodesic = _geodesic()
    result = geodesic.Inverse(a.latitude, a.longitude, b.latitude, b.longitude, geodesic.DISTANCE)
    return float(result["s12"]) / 1000


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the haversine of the central angle: sin²(θ/2), from 0 (same point) to 1."""
    s_lat = math.sin((lat2 - lat1) * _HALF_RADIANS)
    s_lon = math.sin((lon2 - lon1) * _HALF_RADIANS)
    return s_lat * s_lat + math.cos(lat1 * _RADIANS) * math.cos(lat2 * _RADIANS) * s_lon * s_lon


def spherical_distance_km(a: Location, b: Location) -> float:
    """Return the great-circle distance in km on the sphere of radius :data:`SPHERE_RADIUS_KM`.

    An estimate of :func:`distance_km`, within :data:`RELATIVE_ERROR_BOUND` of it.

    >>> brussels = Location(latitude=50.8503, longitude=4.3517)
    >>> paris = Location(latitude=48.8566, longitude=2.3522)
    >>> round(spherical_distance_km(brussels, paris), 1)
    263.8
    """
    a = _check_location(a, "a")
    b = _check_location(b, "b")
    h = min(1.0, _haversine(a.latitude, a.longitude, b.latitude, b.longitude))
    return 2 * SPHERE_RADIUS_KM * math.asin(math.sqrt(h))


def _to_limit(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidValueError(f"limit_km: expected a number of km, got {value!r}")
    limit = Decimal(value) if not isinstance(value, Decimal) else value
    if not limit.is_finite() or limit < 0:
        raise InvalidValueError(f"limit_km: expected a finite distance >= 0, got {value!r}")
    return limit


def _haversine_of(distance: float) -> float:
    """Return the haversine of a spherical *distance*'s central angle (inf past half a turn)."""
    angle = distance / (2 * SPHERE_RADIUS_KM)
    if angle >= math.pi / 2:
        return math.inf
    return math.sin(angle) ** 2


@attrs.frozen(kw_only=True)
class DistanceDecision:
    """Decides whether two locations are under a distance limit, exactly as the ellipsoid does.

    The spherical estimate decides when it is further from the limit than
    :data:`SAFETY_MARGIN`; otherwise the geodesic is computed. Comparisons are made in
    haversine space (no square root or arcsine per pair).

    Attributes:
        limit_km: The limit; a distance strictly below it is "under".

    >>> decide = DistanceDecision(limit_km=Decimal(200))
    >>> brussels = Location(latitude=50.8503, longitude=4.3517)
    >>> decide.is_under(brussels, Location(latitude=48.8566, longitude=2.3522))  # Paris
    False
    >>> decide.is_under(brussels, Location(latitude=51.2194, longitude=4.4025))  # Antwerp
    True
    """

    limit_km: Decimal = attrs.field(converter=_to_limit)
    #: Below this haversine, the pair is surely under the limit.
    _sure_under: float = attrs.field(init=False, eq=False, repr=False)
    #: Above this haversine, the pair is surely not under the limit.
    _sure_over: float = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        limit = float(self.limit_km)
        object.__setattr__(self, "_sure_under", _haversine_of(limit / (1 + SAFETY_MARGIN)))
        object.__setattr__(self, "_sure_over", _haversine_of(limit * (1 + SAFETY_MARGIN)))

    def exact(self, km: float) -> bool:
        """Return whether distance *km* is under the limit, compared exactly (no rounding).

        >>> DistanceDecision(limit_km=200).exact(199.9), DistanceDecision(limit_km=200).exact(200.0)
        (True, False)
        """
        given: object = km  # callers without type checking may pass anything
        if isinstance(given, bool) or not isinstance(given, int | float | Decimal):
            raise InvalidValueError(f"km: expected a number of km, got {given!r:.80}")
        exact = Decimal(given)
        if not exact.is_finite():
            raise InvalidValueError(f"km: expected a finite distance, got {given!r}")
        return exact < self.limit_km

    def declared_under(self, declared_km: float) -> bool:
        """Return whether a declared distance is under the limit, read as it was written.

        The one decision for a recorded ``distance_km``, for the ``distance`` rule and the
        lump sum alike (see :func:`as_written`: 2.3 km is not under a 2.3 km limit).

        Raises:
            InvalidValueError: *declared_km* is not a finite number.

        >>> DistanceDecision(limit_km=Decimal("2.3")).declared_under(2.3)
        False
        """
        given: object = declared_km  # callers without type checking may pass anything
        if isinstance(given, bool) or not isinstance(given, int | float):
            raise InvalidValueError(f"declared_km: expected a number of km, got {given!r:.80}")
        if not math.isfinite(given):
            raise InvalidValueError(f"declared_km: expected a finite distance, got {given!r}")
        return as_written(declared_km) < self.limit_km

    def is_under(self, a: Location, b: Location) -> bool:
        """Return whether *a* and *b* are under the limit apart on the WGS84 ellipsoid.

        Raises:
            InvalidLocationError: *a* or *b* is not a :class:`Location`.
        """
        a = _check_location(a, "a")
        b = _check_location(b, "b")
        h = _haversine(a.latitude, a.longitude, b.latitude, b.longitude)
        if h < self._sure_under:
            return True
        if h > self._sure_over:
            return False
        return self.exact(distance_km(a, b))

    def decide(self, pairs: Iterable[tuple[Location, Location]]) -> tuple[bool, ...]:
        """Return :meth:`is_under` for each pair of locations, in order.

        One loop with the thresholds in local variables: the common case costs a handful of
        floating-point operations per pair.

        Raises:
            InvalidLocationError: A pair does not hold two :class:`Location` objects.
        """
        items: Iterable[object] = pairs
        if isinstance(items, str | bytes) or not isinstance(items, Iterable):
            raise InvalidLocationError(
                f"expected pairs of Location objects, got {type(items).__name__}"
            )
        checked: list[tuple[Location, Location]] = []
        for index, pair in enumerate(items):
            if not (
                isinstance(pair, tuple | list)
                and len(pair) == 2
                and isinstance(pair[0], Location)
                and isinstance(pair[1], Location)
            ):
                raise InvalidLocationError(
                    f"pair {index}: expected two Location objects, got {pair!r:.80}"
                )
            checked.append((pair[0], pair[1]))
        return self._decide_trusted(checked)

    def _decide_trusted(self, pairs: Iterable[tuple[Location, Location]]) -> tuple[bool, ...]:
        """Return :meth:`decide` for pairs known to hold two :class:`Location` objects each.

        For callers whose pairs come from the model's own fields (the locations of exchanges'
        organisations, validated when they were built): :meth:`decide`'s loop without its
        check of each pair's types.

        >>> decide = DistanceDecision(limit_km=200)
        >>> brussels = Location(latitude=50.8503, longitude=4.3517)
        >>> decide._decide_trusted([(brussels, Location(latitude=51.2194, longitude=4.4025))])
        (True,)
        """
        sure_under, sure_over = self._sure_under, self._sure_over
        sin, cos = math.sin, math.cos
        half, rad = _HALF_RADIANS, _RADIANS
        decisions: list[bool] = []
        append = decisions.append
        for a, b in pairs:
            lat1, lon1, lat2, lon2 = a.latitude, a.longitude, b.latitude, b.longitude
            s_lat = sin((lat2 - lat1) * half)
            s_lon = sin((lon2 - lon1) * half)
            h = s_lat * s_lat + cos(lat1 * rad) * cos(lat2 * rad) * s_lon * s_lon
            if h < sure_under:
                append(True)
            elif h > sure_over:
                append(False)
            else:
                append(self.is_under(a, b))
        return tuple(decisions)


def is_short_distance(a: Location, b: Location, limit_km: Decimal | float | int) -> bool:
    """Return whether *a* and *b* are strictly under *limit_km* apart on the WGS84 ellipsoid.

    Raises:
        InvalidLocationError: *a* or *b* is not a :class:`Location`.
        InvalidValueError: *limit_km* is not a finite number >= 0.

    >>> brussels = Location(latitude=50.8503, longitude=4.3517)
    >>> is_short_distance(brussels, Location(latitude=48.8566, longitude=2.3522), 200)
    False
    """
    return DistanceDecision(limit_km=limit_km).is_under(a, b)


def decide_short_distances(
    pairs: Iterable[tuple[Location, Location]], limit_km: Decimal | float | int
) -> tuple[bool, ...]:
    """Return, for each pair of locations, whether it is strictly under *limit_km* apart.

    The batch form of :func:`is_short_distance`, with the same exact decisions.

    Raises:
        InvalidLocationError: A pair does not hold two :class:`Location` objects.
        InvalidValueError: *limit_km* is not a finite number >= 0.

    >>> brussels = Location(latitude=50.8503, longitude=4.3517)
    >>> antwerp = Location(latitude=51.2194, longitude=4.4025)
    >>> paris = Location(latitude=48.8566, longitude=2.3522)
    >>> decide_short_distances([(brussels, antwerp), (brussels, paris)], 200)
    (True, False)
    """
    return DistanceDecision(limit_km=limit_km).decide(pairs)


@attrs.frozen(kw_only=True)
class DistanceUsed:
    """The distance between an exchange's organisations, and where it came from.

    Attributes:
        km: The distance, or ``None`` when neither declared nor computable.
        source: ``declared`` (the exchange's own ``distance_km``), ``computed`` (the geodesic
            between the two organisations' locations) or ``None`` (unknown).
    """

    km: float | None
    source: DistanceSource | None

    def is_under(self, limit_km: Decimal) -> bool:
        """Return whether the distance is known and strictly under *limit_km* (exactly).

        >>> DistanceUsed(km=199.9, source="declared").is_under(Decimal(200))
        True
        >>> DistanceUsed(km=None, source=None).is_under(Decimal(200))
        False
        >>> DistanceUsed(km=2.3, source="declared").is_under(Decimal("2.3"))
        False
        """
        if self.km is None:
            return False
        km = as_written(self.km) if self.source == "declared" else Decimal(self.km)
        return km < _to_limit(limit_km)


def as_written(declared_km: float) -> Decimal:
    """Return a declared distance as the decimal it was written as, to compare with a limit.

    A declared distance was written as a decimal number: the float is read back as the
    shortest decimal that round-trips (2.3, not 2.2999...), so that 2.3 km is not under a
    2.3 km limit. A computed distance is exact as it is (``Decimal(km)``).

    >>> as_written(2.3) < Decimal("2.3"), Decimal(2.3) < Decimal("2.3")
    (False, True)
    """
    return Decimal(repr(declared_km))


def resolve_distance(exchange: Exchange) -> DistanceUsed:
    """Return the distance to use for *exchange*: declared if given, else computed, else unknown.

    A declared ``distance_km`` overrides the organisations' locations (a partnership may have
    measured the actual journey); without one, the geodesic between the host's and the
    visitor's locations is computed when both are known.

    Raises:
        InvalidValueError: *exchange* is not an :class:`Exchange`.

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="H", country="BE", kind="sme",
    ...                     location=Location(latitude=50.8503, longitude=4.3517))
    >>> visitor = Organisation(name="V", country="FR", kind="sme",
    ...                        location=Location(latitude=48.8566, longitude=2.3522))
    >>> used = resolve_distance(Exchange(host=host, visitor=visitor))
    >>> round(used.km, 1), used.source
    (264.3, 'computed')
    >>> resolve_distance(Exchange(host=host, visitor=visitor, distance_km=250)).source
    'declared'
    """
    if not isinstance(exchange, Exchange):
        raise InvalidValueError(f"expected an Exchange, got {type(exchange).__name__}")
    if exchange.distance_km is not None:
        return DistanceUsed(km=exchange.distance_km, source="declared")
    host, visitor = exchange.host.location, exchange.visitor.location
    if host is None or visitor is None:
        return DistanceUsed(km=None, source=None)
    return DistanceUsed(km=distance_km(host, visitor), source="computed")
