"""Strategies for the records: organisations, clusters, partnerships, exchanges and findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

from clusterxchange.generations import REGISTRY, get_generation
from clusterxchange.model import (
    Availability,
    Cluster,
    CommitmentToQuality,
    Documents,
    Exchange,
    FinalReport,
    FinancialAgreement,
    Generation,
    GroupExchange,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Partnership,
    Party,
    Payment,
    Relation,
    Representative,
    Status,
)
from clusterxchange.model.errors import Problem
from clusterxchange.model.findings import RULES, Finding, Severity
from clusterxchange.strategies._common import (
    DAYS,
    PICS,
    TEXT,
    TEXT_TUPLES,
    accounting_periods,
    amounts,
    memberships,
    optional,
    participating,
    provenances,
    sometimes_missing,
    spans,
    texts,
)

__all__ = [
    "clusters",
    "documents",
    "exchanges",
    "findings",
    "group_exchanges",
    "locations",
    "organisations",
    "partnerships",
    "problems",
]

#: Countries that are not COSME participants, so that organisations also come from outside.
_OUTSIDERS = ("NO", "CH", "LI", "US")
_GENERATION_IDS = st.sampled_from(sorted(REGISTRY))
#: Columns an undecided finding may name as missing.
_COLUMNS = (
    "host_country",
    "visitor_country",
    "host_kind",
    "visitor_kind",
    "start",
    "end",
    "working_days",
    "distance_km",
    "generation",
)


def locations() -> st.SearchStrategy[Location]:
    """Return a strategy for points on the globe (finite, in range, in decimal degrees).

    >>> isinstance(locations(), st.SearchStrategy)
    True
    """
    return st.builds(Location, latitude=st.floats(-90, 90), longitude=st.floats(-180, 180))


def _availability(span: tuple[dt.date, dt.date]) -> Availability:
    return Availability(start=span[0], end=span[1])


def organisations(
    kinds: Iterable[OrganisationKind | str] | None = None,
    countries: Iterable[str] | None = None,
    generation: Generation | str | None = None,
    cluster_member: bool | None = None,
    *,
    complete: bool = False,
) -> st.SearchStrategy[Organisation]:
    """Return a strategy for organisations, partial records among them.

    Args:
        kinds: The kinds to draw from (default: every kind, or not recorded: ``None``).
        countries: The country codes or names to draw from (default: *generation*'s
            participating countries or, without a generation, those of every shipped
            generation and a few non-participants such as Norway and Switzerland, or not
            recorded: ``None``).
        generation: The generation whose participating countries to draw from.
        cluster_member: ``True`` for at least one cluster membership, ``False`` for none
            (``()``), ``None`` for any, including not recorded (``None``).
        complete: Always record the country and the kind (no ``None`` by default).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None, derandomize=True, deadline=None)
    ... @given(organisations(kinds=["sme"], countries=["EL"], cluster_member=True))
    ... def test(organisation):
    ...     assert (organisation.kind, organisation.country) == ("sme", "GR")
    ...     assert organisation.is_cluster_member
    >>> test()
    """
    from clusterxchange.model.countries import normalize_country

    kind_pool = sorted(OrganisationKind if kinds is None else {OrganisationKind(k) for k in kinds})
    if countries is not None:
        codes = tuple(sorted({normalize_country(c) for c in countries}))
    elif generation is not None:
        codes = participating(generation)
    else:
        codes = (*participating(None), *_OUTSIDERS)
    country: st.SearchStrategy[str | None] = st.sampled_from(codes)
    if not complete and countries is None and generation is None:
        country = sometimes_missing(country)
    kind: st.SearchStrategy[OrganisationKind | None] = st.sampled_from(kind_pool)
    if not complete and kinds is None:
        kind = sometimes_missing(kind)
    return st.builds(
        Organisation,
        name=TEXT,
        country=country,
        kind=kind,
        pic=optional(PICS),
        clusters=memberships(cluster_member),
        location=optional(locations()),
        figures=st.lists(accounting_periods(), max_size=2).map(tuple),
        sectors=TEXT_TUPLES,
        keywords=TEXT_TUPLES,
        availability=st.lists(spans().map(_availability), max_size=2).map(tuple),
    )


def clusters() -> st.SearchStrategy[Cluster]:
    """Return a strategy for clusters: a cluster organisation and up to two members.

    >>> isinstance(clusters(), st.SearchStrategy)
    True
    """
    return st.builds(
        Cluster,
        name=TEXT,
        organisation=organisations(kinds=[OrganisationKind.CLUSTER_ORGANISATION]),
        eccp_profiled=st.booleans(),
        sectors=TEXT_TUPLES,
        members=st.lists(organisations(), max_size=2).map(tuple),
    )


def partnerships() -> st.SearchStrategy[Partnership]:
    """Return a strategy for partnerships of up to two clusters, naming a shipped generation.

    >>> isinstance(partnerships(), st.SearchStrategy)
    True
    """
    return st.builds(
        Partnership,
        name=TEXT,
        clusters=st.lists(clusters(), max_size=2).map(tuple),
        generation=optional(_GENERATION_IDS),
    )


def _final_report(submitted: dt.date | None, delay: int | None, evidence: Any) -> FinalReport:
    validated = None if submitted is None or delay is None else submitted + dt.timedelta(delay)
    return FinalReport(submitted=submitted, validated=validated, evidence=evidence)


def documents() -> st.SearchStrategy[Documents]:
    """Return a strategy for an exchange's documents, each present or not, signed by anyone.

    >>> isinstance(documents(), st.SearchStrategy)
    True
    """
    signed = st.frozensets(st.sampled_from(Party))
    return st.builds(
        Documents,
        commitment=optional(
            st.builds(
                CommitmentToQuality,
                goals=optional(TEXT),
                objectives=optional(TEXT),
                agenda=optional(TEXT),
                signed_by=signed,
            )
        ),
        financial_agreement=optional(st.builds(FinancialAgreement, signed_by=signed)),
        final_report=optional(
            st.builds(
                _final_report,
                submitted=optional(DAYS),
                delay=optional(st.integers(0, 60)),
                evidence=TEXT_TUPLES,
            )
        ),
    )


def _exchange(days: tuple[dt.date | None, dt.date | None], **fields: Any) -> Exchange:
    return Exchange(start=days[0], end=days[1], **fields)


def exchanges(
    generation: Generation | str | None = None, *, eligible: bool = False
) -> st.SearchStrategy[Exchange]:
    """Return a strategy for exchanges: any valid record, or only eligible ones.

    Args:
        generation: With it, both organisations come from its participating countries, the
            first day lies in its period, and the exchange names it. Without it, any
            countries, days and generation id.
        eligible: Build only exchanges that satisfy every rule (see
            :func:`~clusterxchange.strategies.eligible_exchanges`), of *generation* or of any
            shipped generation.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None, derandomize=True, deadline=None)
    ... @given(exchanges("cxc1"))
    ... def test(exchange):
    ...     assert exchange.generation == "cxc1"
    ...     assert get_generation("cxc1").covers(exchange.start)
    >>> test()
    """
    if eligible:
        from clusterxchange.generations import all_generations
        from clusterxchange.strategies._eligible import eligible_exchanges

        if generation is None:
            return st.sampled_from(all_generations()).flatmap(eligible_exchanges)
        return eligible_exchanges(generation)
    chosen = None if generation is None else get_generation(generation)
    if chosen is None:
        starts = DAYS
        days: st.SearchStrategy[tuple[dt.date | None, dt.date | None]] = st.just((None, None))
        names: st.SearchStrategy[str | None] = optional(_GENERATION_IDS)
    else:
        period = chosen.period.value
        starts = st.dates(min_value=period.start, max_value=period.end)
        days = st.nothing()
        names = st.just(chosen.id)
    days |= spans(starts) | starts.map(lambda start: (start, None))
    pattern = (chosen or get_generation("cxc2")).it_tool_id_pattern.value
    ids = st.from_regex(pattern, fullmatch=True) | texts(12).map(lambda text: f"CXL-{text}")
    parties = organisations(generation=chosen)
    return st.builds(
        _exchange,
        days=days,
        host=parties,
        visitor=parties,
        id=optional(ids),
        host_partnership=optional(TEXT),
        visitor_partnership=optional(TEXT),
        working_days=optional(st.integers(0, 40)),
        mode=st.sampled_from(Mode),
        status=st.sampled_from(Status),
        event=optional(TEXT),
        relation=optional(st.sampled_from(Relation)),
        distance_km=optional(st.floats(0, 5_000)),
        documents=documents(),
        payment=optional(st.builds(Payment, date=DAYS, amount=amounts(1_100))),
        representative=optional(
            st.builds(
                Representative,
                nationality=st.sampled_from(participating(chosen)),
                residence_days=optional(st.integers(0, 3_650)),
                business_in_country=optional(st.booleans()),
            )
        ),
        prior_approval=optional(TEXT),
        remarks=optional(TEXT),
        generation=names,
    )


def _group(days: tuple[dt.date, dt.date] | None, **fields: Any) -> GroupExchange:
    start, end = days or (None, None)
    return GroupExchange(start=start, end=end, **fields)


def group_exchanges() -> st.SearchStrategy[GroupExchange]:
    """Return a strategy for group exchanges of one to three visitors.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None, derandomize=True, deadline=None)
    ... @given(group_exchanges())
    ... def test(group):
    ...     assert len(group.exchanges()) == len(group.visitors) >= 1
    >>> test()
    """
    return st.builds(
        _group,
        days=optional(spans()),
        host=organisations(),
        event=TEXT,
        visitors=st.lists(organisations(), min_size=1, max_size=3).map(tuple),
        host_partnership=optional(TEXT),
        visitor_partnership=optional(TEXT),
        mode=st.sampled_from(Mode),
        status=st.sampled_from(Status),
        generation=optional(_GENERATION_IDS),
        remarks=optional(TEXT),
    )


def findings() -> st.SearchStrategy[Finding]:
    """Return a strategy for findings of any rule and severity.

    >>> isinstance(findings(), st.SearchStrategy)
    True
    """
    return st.builds(
        Finding,
        rule=st.sampled_from(RULES),
        severity=st.sampled_from(Severity),
        message=texts(60),
        field=optional(TEXT),
        value=optional(TEXT),
        provenance=optional(provenances()),
        missing=st.lists(st.sampled_from(_COLUMNS), max_size=3, unique=True).map(tuple),
    )


def problems() -> st.SearchStrategy[Problem]:
    """Return a strategy for located problems of malformed input.

    >>> isinstance(problems(), st.SearchStrategy)
    True
    """
    return st.builds(
        Problem,
        message=texts(60),
        path=optional(TEXT),
        file=optional(TEXT),
        row=optional(st.integers(1, 100_000)),
        column=optional(TEXT),
    )
