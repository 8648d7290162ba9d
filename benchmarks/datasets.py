"""Seeded synthetic datasets for the benchmarks: organisations and exchanges as partnerships have.

The same seed gives the same dataset on every machine. The mix is meant to look like the real
thing rather than like a best case:

- 10,000 organisations in the 39 participating countries and a few that do not take part,
  weighted towards the larger countries; about half SMEs (some with figures, a few large by
  their figures), cluster organisations, scaling-up support organisations, large companies,
  public authorities, business networks and training providers; most with a PIC, all with a
  location near their country's capital; cluster memberships recorded, empty or missing.
- Exchanges over both generations (cxc1 from February 2020, cxc2 to March 2024, including the
  months where the periods overlap), most of them eligible, some with the usual faults: the
  same country on both sides, two-day and forty-day stays, a visitor appearing twice,
  ineligible kinds, non-participating countries, malformed IDs; a few virtual, some with a
  declared distance, some naming their generation, some listed twice.

A few hundred organisations host (each many exchanges, the same ``Organisation`` object, as a
table read from a file gives), and nine visitors in ten take part once (an organisation of
their own, its name and PIC unique), the rest being the organisations of the pool coming back:
real tables are mostly distinct visitors, so that the engine's per-organisation caches miss.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import attrs

from clusterxchange.model import (
    AccountingPeriod,
    ClusterRef,
    Exchange,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Relation,
    Status,
)
from clusterxchange.model._build import trusted_constructor

__all__ = ["SEED", "exchanges", "organisations"]

SEED = 20260421

#: Participating countries, each with an approximate capital (latitude, longitude) and a
#: weight (roughly the number of organisations a partnership meets there).
COUNTRIES: dict[str, tuple[float, float, int]] = {
    "AL": (41.33, 19.82, 1), "AM": (40.18, 44.51, 1), "AT": (48.21, 16.37, 4),
    "BA": (43.86, 18.41, 1), "BE": (50.85, 4.35, 5), "BG": (42.70, 23.32, 2),
    "CY": (35.17, 33.36, 1), "CZ": (50.08, 14.44, 3), "DE": (52.52, 13.40, 12),
    "DK": (55.68, 12.57, 3), "EE": (59.44, 24.75, 1), "ES": (40.42, -3.70, 9),
    "FI": (60.17, 24.94, 2), "FR": (48.86, 2.35, 11), "GB": (51.51, -0.13, 2),
    "GR": (37.98, 23.73, 3), "HR": (45.81, 15.98, 2), "HU": (47.50, 19.04, 3),
    "IE": (53.35, -6.26, 2), "IS": (64.15, -21.94, 1), "IT": (41.90, 12.50, 10),
    "LT": (54.69, 25.28, 1), "LU": (49.61, 6.13, 1), "LV": (56.95, 24.11, 1),
    "MD": (47.01, 28.86, 1), "ME": (42.44, 19.26, 1), "MK": (41.99, 21.43, 1),
    "MT": (35.90, 14.51, 1), "NL": (52.37, 4.90, 6), "PL": (52.23, 21.01, 6),
    "PT": (38.72, -9.14, 4), "RO": (44.43, 26.10, 3), "RS": (44.79, 20.45, 2),
    "SE": (59.33, 18.07, 4), "SI": (46.06, 14.51, 2), "SK": (48.15, 17.11, 2),
    "TR": (39.93, 32.86, 4), "UA": (50.45, 30.52, 2), "XK": (42.66, 21.17, 1),
}  # fmt: skip

#: Countries that do not take part: their organisations make the ``country`` rule fail.
OUTSIDERS: dict[str, tuple[float, float, int]] = {
    "CH": (46.95, 7.45, 1),
    "NO": (59.91, 10.75, 1),
    "US": (38.90, -77.04, 1),
}

KINDS: tuple[tuple[OrganisationKind, int], ...] = (
    (OrganisationKind.SME, 50),
    (OrganisationKind.CLUSTER_ORGANISATION, 15),
    (OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION, 8),
    (OrganisationKind.LARGE_COMPANY, 8),
    (OrganisationKind.PUBLIC_AUTHORITY, 8),
    (OrganisationKind.BUSINESS_NETWORK_ORGANISATION, 5),
    (OrganisationKind.TRAINING_PROVIDER, 6),
)

STATUSES: tuple[tuple[Status, int], ...] = (
    (Status.COMPLETED, 45),
    (Status.PAID, 20),
    (Status.AWAITING_FINAL_REPORT, 10),
    (Status.IN_PROGRESS, 5),
    (Status.PREPARED, 5),
    (Status.MATCHED, 4),
    (Status.REGISTERED, 5),
    (Status.CANCELLED, 5),
    (Status.DRAFT, 1),
)

_WORDS = (
    "Aero", "Baltic", "Nordic", "Danube", "Alpine", "Green", "Blue", "Smart", "Digital", "Agri",
    "Bio", "Med", "Auto", "Photon", "Cyber", "Textile", "Wood", "Marine", "Solar", "Food",
)  # fmt: skip
_TRADES = ("Robotics", "Systems", "Labs", "Solutions", "Works", "Technik", "Foods", "Energy")
_FORMS = ("GmbH", "Ltd", "S.A.", "Lda.", "sp. z o.o.", "AB", "Oy", "B.V.", "S.r.l.", "", "", "")
_EVENTS = ("Mobility days", "Hydrogen week", "Agritech tour", "Space camp", None, None, None)

#: The two generations' periods, end to end (they overlap from February to June 2022).
_FIRST_DAY = dt.date(2020, 2, 3)
_LAST_DAY = dt.date(2024, 3, 31)


def _weighted(rng: random.Random, table: Sequence[tuple[object, int]], n: int) -> list[object]:
    values = [value for value, _ in table]
    weights = [weight for _, weight in table]
    return rng.choices(values, weights=weights, k=n)


def organisations(n: int = 10_000, *, seed: int = SEED) -> list[Organisation]:
    """Return *n* seeded organisations (see the module documentation for the mix)."""
    rng = random.Random(seed)
    places = {**COUNTRIES, **OUTSIDERS}
    codes = list(places)
    weights = [places[c][2] if c in COUNTRIES else 0.15 for c in codes]
    countries = rng.choices(codes, weights=weights, k=n)
    kinds = _weighted(rng, KINDS, n)
    clusters = [f"{w} {t} cluster" for w in _WORDS for t in _TRADES]
    result: list[Organisation] = []
    for i in range(n):
        country = countries[i]
        kind = kinds[i]
        lat, lon, _ = places[country]
        name = f"{rng.choice(_WORDS)} {rng.choice(_TRADES)} {i:05d} {rng.choice(_FORMS)}"
        roll = rng.random()
        if kind is OrganisationKind.CLUSTER_ORGANISATION:
            memberships: list[ClusterRef] | None = None
        elif roll < 0.75:
            memberships = [ClusterRef(name=rng.choice(clusters), eccp_profiled=rng.random() < 0.9)]
        elif roll < 0.97:
            memberships = None  # not recorded: taken at the partnership's word
        else:
            memberships = []  # recorded as no cluster
        figures: list[AccountingPeriod] = []
        if kind is OrganisationKind.SME and rng.random() < 0.3:
            large = rng.random() < 0.05
            figures.append(
                AccountingPeriod(
                    end=dt.date(2021, 12, 31),
                    headcount=rng.randint(300, 900) if large else rng.randint(2, 200),
                    turnover=rng.randint(100_000, 40_000_000),
                    balance_sheet=rng.randint(100_000, 30_000_000),
                )
            )
        location = Location(
            latitude=lat + rng.uniform(-1.5, 1.5), longitude=lon + rng.uniform(-2.0, 2.0)
        )
        result.append(
            Organisation(
                name=name,
                country=country,
                kind=kind,
                pic=f"{rng.randrange(10**8, 10**9)}" if rng.random() < 0.7 else None,
                clusters=memberships,
                location=location,
                figures=figures,
            )
        )
    return result


def _it_tool_id(rng: random.Random, i: int) -> str | None:
    """Return a unique ID for exchange *i*: a tool ID, a partnership's own, a malformed one."""
    roll = rng.random()
    if roll < 0.2 and i < 260_000:
        # EG, three digits, a letter, A, a digit: 260,000 distinct tool IDs.
        digits, rest = divmod(i, 260)
        letter, last = divmod(rest, 10)
        return f"EG{digits:03d}{chr(65 + letter)}A{last}"
    if roll < 0.22:
        return f"EG-{i}"  # malformed: an it_tool_id warning
    if roll < 0.6:
        return f"TW-{i:07d}"  # a partnership's own numbering
    return None


#: How many organisations host, and the share of exchanges whose visitor takes part once.
HOSTS = 300
ONCE = 0.9


def exchanges(n: int, orgs: Sequence[Organisation], *, seed: int = SEED) -> list[Exchange]:
    """Return *n* seeded exchanges between *orgs* (see the module documentation for the mix)."""
    rng = random.Random(seed + n)
    hosts = [o for o in orgs if o.kind is not OrganisationKind.TRAINING_PROVIDER][:HOSTS]
    span = (_LAST_DAY - _FIRST_DAY).days - 45
    # Dates are shared between exchanges, as a reader's would be once de-duplicated: a table
    # has a few hundred distinct days, not one object per cell.
    days = [_FIRST_DAY + dt.timedelta(days=d) for d in range(span + 46)]
    statuses = _weighted(rng, STATUSES, n)
    partnerships = ("TIDEWAY", "AEROLINK", "FOODBRIDGE", "SPACEWAYS", None)
    events = _EVENTS
    result: list[Exchange] = []
    append = result.append
    randrange, random_ = rng.randrange, rng.random
    n_hosts, n_orgs = len(hosts), len(orgs)
    new_organisation = trusted_constructor(Organisation)
    names = [field.name for field in attrs.fields(Organisation)]

    def fields_of(organisation: Organisation) -> dict[str, object]:
        return {name: getattr(organisation, name) for name in names}

    for i in range(n):
        host = hosts[randrange(n_hosts)]
        visitor = orgs[randrange(n_orgs)]
        roll = random_()
        if roll < 0.95 and visitor.country == host.country:
            visitor = orgs[randrange(n_orgs)]  # mostly cross-border; some same-country remain
        if random_() < ONCE:  # a visitor of its own, seen on no other row
            pic = None if visitor.pic is None else f"{randrange(10**8, 10**9)}"
            fields = {**fields_of(visitor), "name": f"{visitor.name} {i:07d}", "pic": pic}
            visitor = new_organisation(**fields)  # values of a valid one: nothing to check
        first = randrange(span)
        roll = random_()
        if roll < 0.04:
            length = 1  # two days: under the 3 working days
        elif roll < 0.06:
            length = 39  # forty days: over the 30 calendar days
        else:
            length = 2 + randrange(19)
        start, end = days[first], days[first + length]
        roll = random_()
        named = None if roll < 0.7 else ("cxc1" if start < dt.date(2022, 2, 1) else "cxc2")
        append(
            Exchange(
                host=host,
                visitor=visitor,
                id=_it_tool_id(rng, i),
                visitor_partnership=partnerships[i % 5],
                start=start,
                end=end,
                mode=Mode.VIRTUAL if random_() < 0.04 else Mode.PHYSICAL,
                status=statuses[i],
                event=events[i % 7],
                relation=(Relation.INSIDE, Relation.OUTSIDE, None)[i % 3],
                distance_km=round(rng.uniform(80, 2500), 1) if random_() < 0.1 else None,
                generation=named,
            )
        )
    # Some rows listed twice, as tables merged from two sources are.
    for i in range(0, n, 97):
        result[(i * 7919) % n] = result[i]
    return result
