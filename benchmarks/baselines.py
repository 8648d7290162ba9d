"""The baselines the library is measured against: plain code doing the same core work.

Each baseline is what a competent engineer would write by hand for the same job, without the
library's explanations: it is the floor the library's figures are compared with, measured in
the same run on the same objects.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter
from typing import Any

import attrs

from clusterxchange.generations import all_generations
from clusterxchange.kpi._count import _LIFECYCLE_RANK
from clusterxchange.model import Exchange, Mode, Status

__all__ = [
    "CORE_RULES",
    "PlainRow",
    "check_core",
    "count_kpis_by_hand",
    "count_visitor_kinds",
    "index_duplicate_keys",
    "lump_sums_haversine",
    "lump_sums_on_ellipsoid",
    "plain_converter",
    "read_plain_rows",
    "visit_keys",
]

#: The rules the hand-written check loop does: the core of eligibility.
CORE_RULES = (
    "country",
    "cross_border",
    "duration_min",
    "duration_max",
    "visitor_kind",
    "host_kind",
    "visitor_once",
)

_MISSING = dt.date.max
_PHYSICAL = Mode.PHYSICAL
_CANCELLED = Status.CANCELLED


def _books() -> list[tuple[str, dt.date, dt.date, dict[str, Any], Any, Any, int, int]]:
    books = []
    for g in all_generations():
        period = g.period.value
        books.append(
            (
                g.id,
                period.start,
                period.end,
                {p.country: p.joined for p in g.countries},
                g.visitor_kinds.value | g.contested_visitor_kinds.value,  # contested: a warning
                g.host_kinds.value,
                g.min_working_days.value,
                g.max_calendar_days.value,
            )
        )
    # Newest first: a day in two periods is checked under the newest, as the library does.
    books.sort(key=lambda book: book[1], reverse=True)
    return books


def check_core(exchanges: Sequence[Exchange]) -> list[tuple[str, ...]]:
    """Return, for each exchange, the core rules it breaks (see :data:`CORE_RULES`).

    A minimal loop: the generation named or whose period holds the first day (the newest when
    several do), country participation with the date each country joined, cross-border,
    visitor and host kinds, working days (Monday to Friday), calendar days, and the visitor
    once per generation (by PIC, else case-folded name and country; the earliest visit is
    fine, in the order of first day, last day, ID and host).
    """
    books = _books()
    by_id = {book[0]: book for book in books}
    errors: list[list[str]] = []
    visits: dict[tuple[str, object], list[int]] = {}
    for index, e in enumerate(exchanges):
        found: list[str] = []
        errors.append(found)
        start, end = e.start, e.end
        if e.generation is not None:
            book = by_id[e.generation]
        else:
            book = next(b for b in books if b[1] <= start <= b[2])  # type: ignore[operator]
        gid, _, _, countries, visitor_kinds, host_kinds, min_days, max_days = book
        host, visitor = e.host, e.visitor
        for org in (host, visitor):
            joined = countries.get(org.country, _MISSING)
            if joined is _MISSING or (joined is not None and start < joined):
                found.append("country")
        if host.country == visitor.country:
            found.append("cross_border")
        days = e.working_days
        if days is None:
            weeks, rest = divmod((end - start).days + 1, 7)
            first = start.weekday()
            days = weeks * 5 + sum(1 for o in range(rest) if (first + o) % 7 < 5)
        if days < min_days:
            found.append("duration_min")
        if (end - start).days + 1 > max_days:
            found.append("duration_max")
        if visitor.kind not in visitor_kinds:
            found.append("visitor_kind")
        if host.kind not in host_kinds:
            found.append("host_kind")
        if e.mode is _PHYSICAL and e.status is not _CANCELLED:
            who = visitor.pic or (visitor.name.casefold(), visitor.country)
            visits.setdefault((gid, who), []).append(index)
    for indices in visits.values():
        if len(indices) > 1:
            indices.sort(key=lambda i: _order(exchanges[i]))
            for later in indices[1:]:
                errors[later].append("visitor_once")
    return [tuple(dict.fromkeys(found)) for found in errors]


def _order(e: Exchange) -> tuple[object, ...]:
    return (e.start, e.end, e.id or "", e.host.name, e.host.country)


def count_visitor_kinds(exchanges: Iterable[Exchange]) -> Counter[Any]:
    """Return a plain ``Counter`` of the visitor kinds: the KPI baseline."""
    return Counter(e.visitor.kind for e in exchanges)


_ID = attrgetter("id")


def _identity(organisation: Any) -> object:
    return organisation.pic or (organisation.name.casefold(), organisation.country)


def visit_keys(exchanges: Iterable[Exchange]) -> list[str]:
    """Return each exchange's visit (visitor, host, first day) as one string, ready to index.

    With the ID, the key by which any exact implementation of the duplicate rule (docs/domain.md:
    the same ID, or the same visitor, host and first day) has to look every row up; a string
    is the cheapest key to index, as Python computes its hash once.
    """
    return [
        "\x1f".join(map(str, (_identity(e.visitor), _identity(e.host), e.start))) for e in exchanges
    ]


def index_duplicate_keys(exchanges: Sequence[Exchange], visits: list[str]) -> int:
    """Read every exchange's ID and index it, then the prepared visits; count distinct keys.

    The floor of exact duplicate detection in Python: the one attribute read per row that no
    implementation can skip, done in C (``attrgetter``), and one hash-set insertion per row and
    key. The visits were prepared beforehand (:func:`visit_keys`), untimed.
    """
    return len(set(map(_ID, exchanges))) + len(set(visits))


def count_kpis_by_hand(exchanges: Iterable[Exchange]) -> dict[str, Counter[Any]]:
    """Count the KPIs by hand: a plain loop a competent engineer would write.

    The same counts as :func:`clusterxchange.kpis` without a partnership. A first pass keeps
    one row per exchange: a row repeating the ID or the visit (visitor, host and first day) of
    a kept row replaces it when it is further in the lifecycle, and is dropped otherwise (the
    library also joins classes transitively and breaks ties by the rows' values, which the
    benchmark's data never needs). A second pass counts the kept rows by status, by visitor
    kind (completed and pending apart), and completed ones by host country, visitor country,
    event and month.
    """
    rank = _LIFECYCLE_RANK
    kept: dict[int, Exchange] = {}
    by_id: dict[object, int] = {}
    by_visit: dict[object, int] = {}
    replaced: dict[int, int] = {}  # a row no longer kept -> the row that replaced it
    for i, e in enumerate(exchanges):
        eid, start = e.id, e.start
        visit = (_identity(e.visitor), _identity(e.host), start) if start is not None else None
        prior = by_id.get(eid) if eid is not None else None
        if prior is None and visit is not None:
            prior = by_visit.get(visit)
        if prior is not None:
            while prior in replaced:
                prior = replaced[prior]
            if rank[e.status] <= rank[kept[prior].status]:
                continue
            del kept[prior]  # rare: a further row replaces the kept one
            replaced[prior] = i
        kept[i] = e
        if eid is not None:
            by_id[eid] = i
        if visit is not None:
            by_visit[visit] = i
    statuses: Counter[Any] = Counter()
    kinds: Counter[Any] = Counter()
    pending_kinds: Counter[Any] = Counter()
    hosts: Counter[Any] = Counter()
    visitors: Counter[Any] = Counter()
    events: Counter[Any] = Counter()
    months: Counter[Any] = Counter()
    completed, paid, awaiting = Status.COMPLETED, Status.PAID, Status.AWAITING_FINAL_REPORT
    for e in kept.values():
        status, visitor, start = e.status, e.visitor, e.start
        statuses[status] += 1
        if status is completed or status is paid:
            kinds[visitor.kind] += 1
            hosts[e.host.country] += 1
            visitors[visitor.country] += 1
            if e.event is not None:
                events[e.event] += 1
            if start is not None:
                months[f"{start.year:04d}-{start.month:02d}"] += 1
        elif status is awaiting:
            pending_kinds[visitor.kind] += 1
    return {
        "by_status": statuses,
        "by_visitor_kind": kinds,
        "pending_by_visitor_kind": pending_kinds,
        "by_host_country": hosts,
        "by_visitor_country": visitors,
        "by_event": events,
        "by_month": months,
    }


def lump_sums_haversine(exchanges: Sequence[Exchange], generation_id: str) -> list[Decimal]:
    """Return each exchange's lump sum with every distance on a sphere (the haversine formula).

    What a user would write by hand: the ceiling of the host country, halved once when the
    stay is short or the great-circle distance (or the declared one) is under the limit, zero
    when virtual, rounded half-up to cents. Near the limit the sphere can disagree with the
    ellipsoid the rules use (within 0.5 %), which the library settles on the ellipsoid.
    """
    from clusterxchange.generations import get_generation

    g = get_generation(generation_id)
    ceilings = {c.country: c.amount for c in g.ceilings}
    stay, near = g.short_stay_days.value, float(g.short_distance_km.value)
    factor, cap = g.reduction_factor.value, g.cap.value
    cent = Decimal("0.01")
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    amounts: list[Decimal] = []
    for e in exchanges:
        days = e.working_days
        if days is None:
            weeks, rest = divmod((e.end - e.start).days + 1, 7)  # type: ignore[operator]
            first = e.start.weekday()  # type: ignore[union-attr]
            days = weeks * 5 + sum(1 for o in range(rest) if (first + o) % 7 < 5)
        km = e.distance_km
        if km is None:
            a, b = e.host.location, e.visitor.location
            if a is not None and b is not None:
                lat1, lat2 = radians(a.latitude), radians(b.latitude)
                h = (
                    sin((lat2 - lat1) / 2) ** 2
                    + cos(lat1) * cos(lat2) * sin(radians(b.longitude - a.longitude) / 2) ** 2
                )
                km = 2 * 6371.0088 * asin(sqrt(h))
        amount = min(ceilings[e.host.country], cap)
        if days < stay or (km is not None and km < near):
            amount *= factor
        if e.mode is Mode.VIRTUAL:
            amount = Decimal(0)
        amounts.append(amount.quantize(cent, rounding=ROUND_HALF_UP))
    return amounts


def lump_sums_on_ellipsoid(exchanges: Sequence[Exchange], generation_id: str) -> list[Decimal]:
    """Return each exchange's lump sum, with every distance computed on the WGS84 ellipsoid.

    The straightforward computation: the ceiling of the host country, halved once when the
    stay is under the short-stay limit or the geodesic distance (or the declared one) under
    the short-distance limit, zero when virtual, rounded half-up to cents.
    """
    from geographiclib.geodesic import Geodesic

    from clusterxchange.generations import get_generation

    g = get_generation(generation_id)
    geodesic = Geodesic.WGS84
    ceilings = {c.country: c.amount for c in g.ceilings}
    stay, near = g.short_stay_days.value, g.short_distance_km.value
    factor, cap = g.reduction_factor.value, g.cap.value
    cent = Decimal("0.01")
    amounts: list[Decimal] = []
    for e in exchanges:
        days = e.working_days
        if days is None:
            weeks, rest = divmod((e.end - e.start).days + 1, 7)  # type: ignore[operator]
            first = e.start.weekday()  # type: ignore[union-attr]
            days = weeks * 5 + sum(1 for o in range(rest) if (first + o) % 7 < 5)
        km = e.distance_km
        if km is None:
            a, b = e.host.location, e.visitor.location
            if a is not None and b is not None:
                s12 = geodesic.Inverse(
                    a.latitude, a.longitude, b.latitude, b.longitude, geodesic.DISTANCE
                )["s12"]
                km = float(s12) / 1000
        amount = min(ceilings[e.host.country], cap)
        if days < stay or (km is not None and Decimal(km) < near):
            amount *= factor
        if e.mode is Mode.VIRTUAL:
            amount = Decimal(0)
        amounts.append(amount.quantize(cent, rounding=ROUND_HALF_UP))
    return amounts


@attrs.frozen(kw_only=True)
class PlainRow:
    """A row of the exchange table as a plain attrs class, for the reading baseline."""

    id: str | None
    host: str
    host_country: str | None
    host_kind: str | None
    host_partnership: str | None
    visitor: str
    visitor_country: str | None
    visitor_kind: str | None
    visitor_partnership: str | None
    visitor_pic: str | None
    relation: str | None
    event: str | None
    start: dt.date | None
    end: dt.date | None
    working_days: int | None
    mode: str | None
    status: str | None
    distance_km: float | None
    host_lat: float | None
    host_lon: float | None
    visitor_lat: float | None
    visitor_lon: float | None
    generation: str | None
    remarks: str | None
    host_pic: str | None
    host_clusters: str | None
    visitor_clusters: str | None
    prior_approval: str | None


def plain_converter() -> Any:
    """Return a cattrs converter for :class:`PlainRow`: blank cells are ``None``, ISO dates."""
    import cattrs

    converter = cattrs.Converter()
    converter.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
    for kind in (str, int, float, dt.date):
        structure = converter.get_structure_hook(kind)

        def optional(value: Any, _: Any, structure: Any = structure, kind: Any = kind) -> Any:
            return None if value == "" or value is None else structure(value, kind)

        converter.register_structure_hook(kind | None, optional)
    return converter


def read_plain_rows(path: str, converter: Any) -> list[PlainRow]:
    """Return the rows of a CSV file as :class:`PlainRow`: ``csv.DictReader`` and cattrs."""
    with open(path, newline="", encoding="utf-8") as stream:
        return [converter.structure(row, PlainRow) for row in csv.DictReader(stream)]
