"""Matching: the hosts a visitor could go to, best first, each with its reasons.

docs/domain.md, "An eligible exchange" and "Money": only a pair that passes every rule can be
matched; a host 200 km or more away (the generation's ``short_distance_km``) earns the visitor
the full lump sum, a nearer one halves it. Among hosts alike in that, those sharing more
sectors and keywords with the visitor, and available when the visitor is, come first.

Order, deterministic: hosts known to earn the full lump sum, then those whose distance is
unknown (a location is missing), then those under the distance; within each, the higher
score (one point per shared sector, per matched keyword, and for overlapping availability);
ties by host name, then country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from clusterxchange.model import Availability, Exchange, Generation, Organisation
from clusterxchange.model._validate import to_text_tuple, to_tuple_of
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.model.formatting import format_money

__all__ = ["MatchCandidate", "match"]


#: The columns a match may lack: the dates of a stay not yet planned.
_DATES = frozenset({"start", "end", "working_days"})
#: The findings a candidate keeps (its reasons): neither errors nor undecided rules.
_KEPT = frozenset({Severity.WARNING, Severity.INFO})


@attrs.frozen(kw_only=True)
class MatchCandidate:
    """A host a visitor may go to, with why it ranks where it does.

    Attributes:
        host: The host organisation.
        score: Shared sectors + matched keywords + 1 for overlapping availability.
        full_lump_sum: Whether the host is far enough for the full lump sum (``None``: the
            distance is unknown).
        distance_km: The distance between the organisations, when known.
        reasons: Each reason, in words, including the checks' warnings.
        findings: The warnings and notes of the eligibility check of the pair (no errors).

    >>> host = Organisation(name="H", country="DE", kind="cluster_organisation")
    >>> MatchCandidate(host=host, score=0, full_lump_sum=None).reasons
    ()
    """

    host: Organisation
    score: int
    full_lump_sum: bool | None
    distance_km: float | None = None
    reasons: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def tier(self) -> int:
        """0: full lump sum, 1: distance unknown, 2: reduced by distance."""
        return {True: 0, None: 1, False: 2}[self.full_lump_sum]


def _folded(values: Iterable[str]) -> dict[str, str]:
    """Map each value, case-folded, to its first spelling."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(" ".join(value.casefold().split()), value)
    return seen


def _overlap(a: Availability, b_start: dt.date, b_end: dt.date) -> tuple[dt.date, dt.date] | None:
    first, last = max(a.start, b_start), min(a.end, b_end)
    return (first, last) if first <= last else None


def _availability(
    host: Organisation, visitor: Organisation, start: dt.date | None, end: dt.date | None
) -> str | None:
    """Return why host and visitor are available together, or ``None``."""
    if start is not None and end is not None:
        for period in host.availability:
            if period.start <= start and end <= period.end:
                return f"available for the whole stay ({period.start} to {period.end})"
        for period in host.availability:
            both = _overlap(period, start, end)
            if both is not None:
                return f"available for part of the stay ({both[0]} to {both[1]})"
        return None
    for period in host.availability:
        for wanted in visitor.availability:
            both = _overlap(period, wanted.start, wanted.end)
            if both is not None:
                return f"host and visitor both available from {both[0]} to {both[1]}"
    return None


def _candidate(
    visitor: Organisation,
    host: Organisation,
    generation: Generation,
    *,
    start: dt.date | None,
    end: dt.date | None,
    keywords: dict[str, str],
) -> MatchCandidate | None:
    from clusterxchange.eligibility import check_exchange
    from clusterxchange.money.distance import resolve_distance

    probe = Exchange(host=host, visitor=visitor, start=start, end=end, generation=generation.id)
    verdict = check_exchange(probe, generation)
    if verdict.errors() or any(not _DATES.issuperset(f.missing) for f in verdict.undecided()):
        return None
    # Without dates the duration rules are undecided: that is no reason against the pair.
    findings = tuple(f for f in verdict.findings if f.severity in _KEPT)
    reasons = [f"eligible under {generation.id}"]
    # docs/domain.md "Money": under short_distance_km the lump sum is halved (rule id distance).
    limit = generation.short_distance_km.value
    used = resolve_distance(probe)
    full: bool | None = None
    if used.km is None:
        reasons.append("distance unknown (a location is missing): the lump sum may be halved")
    elif used.is_under(limit):
        full = False
        reasons.append(f"{used.km:.0f} km apart, under {limit} km: the lump sum is halved")
    else:
        full = True
        reasons.append(f"full lump sum: {used.km:.0f} km apart, at least {limit} km")
    ceiling = None if host.country is None else generation.ceiling(host.country)
    if ceiling is not None:
        # Money as every human output writes it (babel, English here: reasons are English).
        amount = format_money(ceiling.amount, generation.currency, "en")
        reasons.append(f"ceiling in {host.country}: {amount}")
    host_sectors = _folded(host.sectors)
    shared = [host_sectors[k] for k in _folded(visitor.sectors) if k in host_sectors]
    if shared:
        reasons.append("shared sectors: " + ", ".join(shared))
    host_terms = _folded((*host.keywords, *host.sectors))
    for sector in shared:
        host_terms.pop(" ".join(sector.casefold().split()), None)
    matched = [host_terms[k] for k in keywords if k in host_terms]
    if matched:
        reasons.append("matching keywords: " + ", ".join(matched))
    available = _availability(host, visitor, start, end)
    if available is not None:
        reasons.append(available)
    reasons += [
        f"{f.severity.value} ({f.rule}): {f.message}"
        for f in findings
        if f.severity is Severity.WARNING
    ]
    return MatchCandidate(
        host=host,
        score=len(shared) + len(matched) + (available is not None),
        full_lump_sum=full,
        distance_km=used.km,
        reasons=tuple(reasons),
        findings=findings,
    )


def match(
    visitor: Organisation,
    hosts: Iterable[Organisation],
    generation: Generation | str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    keywords: Iterable[str] = (),
) -> tuple[MatchCandidate, ...]:
    """Return the hosts *visitor* may go to, best first, each with its reasons.

    Only pairs that pass every rule of *generation* (no error finding of
    :func:`clusterxchange.eligibility.check_exchange` on the exchange they would make) are
    returned. Without *start* and *end* the duration rules cannot be decided, which rules
    out no pair; a pair that another rule cannot decide (a country or kind not recorded) is
    not returned. See the module documentation for the order.

    Args:
        visitor: The visiting organisation.
        hosts: The organisations that could host it.
        generation: A generation or a shipped generation's id.
        start: The first day of activity, if known (checks duration and availability).
        end: The last day of activity, if known.
        keywords: What the visitor looks for, matched case-insensitively against the hosts'
            sectors and keywords (in addition to the visitor's own keywords).

    Raises:
        InvalidValueError: *visitor*, *hosts* or *keywords* is not what it should be.
        UnknownGenerationError: *generation* is not a known id.

    >>> from clusterxchange.model import ClusterRef, Location
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", pic="123456789",
    ...     clusters=[ClusterRef(name="Pemas", eccp_profiled=True)], sectors=["Aerospace"],
    ...     location=Location(latitude=38.72, longitude=-9.14))
    >>> hamburg = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation",
    ...     sectors=["aerospace"], location=Location(latitude=53.55, longitude=9.99))
    >>> lisbon = Organisation(name="Lisbon Aero", country="PT", kind="cluster_organisation")
    >>> seville = Organisation(name="Andalucía Aerospace", country="ES",
    ...     kind="cluster_organisation", location=Location(latitude=37.39, longitude=-5.98))
    >>> found = match(visitor, [lisbon, seville, hamburg], "cxc2",
    ...               start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 10))
    >>> [(c.host.name, c.full_lump_sum, c.score) for c in found]
    [('Hamburg Aviation', True, 1), ('Andalucía Aerospace', True, 0)]
    >>> found[0].reasons[1:3]
    ('full lump sum: 2200 km apart, at least 200 km', 'ceiling in DE: €830.00')
    """
    from clusterxchange.generations import get_generation

    if not isinstance(visitor, Organisation):
        raise InvalidValueError(f"visitor: expected an Organisation, got {type(visitor).__name__}")
    pool = to_tuple_of(hosts, Organisation, "hosts")
    rules = get_generation(generation)
    wanted = _folded((*visitor.keywords, *to_text_tuple(keywords)))
    candidates = [
        candidate
        for host in pool
        if (candidate := _candidate(visitor, host, rules, start=start, end=end, keywords=wanted))
        is not None
    ]
    return tuple(
        sorted(
            candidates,
            key=lambda c: (
                c.tier,
                -c.score,
                c.host.name.casefold(),
                c.host.name,
                c.host.country or "",
            ),
        )
    )
