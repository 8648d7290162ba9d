"""The first property of every model: a lossless round trip, as data and as JSON text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange import (
    Exchange,
    Finding,
    Generation,
    GroupExchange,
    Location,
    Organisation,
    Partnership,
    all_generations,
)
from clusterxchange.model import Cluster, Documents
from clusterxchange.model.errors import Problem
from clusterxchange.model.serialization import from_json, structure, to_json, unstructure
from clusterxchange.strategies import (
    clusters,
    documents,
    exchanges,
    findings,
    generations,
    group_exchanges,
    locations,
    organisations,
    partnerships,
    problems,
)

#: Larger records per example: generation is slower by nature, not by a fault.
slow = settings(suppress_health_check=[HealthCheck.too_slow])

JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def assert_round_trips(value: Any, cls: Any) -> None:
    """Assert that *value* survives as data and as JSON text, and that the JSON is stable."""
    data = unstructure(value)
    assert structure(data, cls) == value
    text = to_json(value)
    back = from_json(text, cls)
    assert back == value
    assert to_json(back) == text
    assert json.loads(text) == data


def assert_plain(data: Any) -> None:
    """Assert that *data* holds JSON types only (no enums, tuples, dates or decimals)."""
    assert type(data) in JSON_TYPES
    if isinstance(data, dict):
        for key, item in data.items():
            assert type(key) is str
            assert_plain(item)
    elif isinstance(data, list):
        for item in data:
            assert_plain(item)


@given(organisations())
def test_organisations_round_trip(organisation: Organisation) -> None:
    assert_round_trips(organisation, Organisation)


@given(locations())
def test_locations_round_trip(location: Location) -> None:
    assert_round_trips(location, Location)


@slow
@given(clusters())
def test_clusters_round_trip(cluster: Cluster) -> None:
    assert_round_trips(cluster, Cluster)


@slow
@given(partnerships())
def test_partnerships_round_trip(partnership: Partnership) -> None:
    assert_round_trips(partnership, Partnership)


@given(documents())
def test_documents_round_trip(value: Documents) -> None:
    assert_round_trips(value, Documents)


@slow
@given(exchanges())
def test_exchanges_round_trip(exchange: Exchange) -> None:
    assert_round_trips(exchange, Exchange)
    assert_plain(unstructure(exchange))


@slow
@given(group_exchanges())
def test_group_exchanges_round_trip(group: GroupExchange) -> None:
    assert_round_trips(group, GroupExchange)


@slow
@given(generations())
def test_generations_round_trip(generation: Generation) -> None:
    assert_round_trips(generation, Generation)
    loaded = structure(unstructure(generation), Generation)
    for ceiling in generation.ceilings:
        assert loaded.ceiling(ceiling.country) == ceiling
    for participation in generation.countries:
        assert loaded.participation(participation.country) == participation


@pytest.mark.parametrize("generation", all_generations(), ids=lambda g: g.id)
def test_shipped_generations_round_trip(generation: Generation) -> None:
    assert_round_trips(generation, Generation)
    assert_plain(unstructure(generation))


@given(findings())
def test_findings_round_trip(finding: Finding) -> None:
    assert_round_trips(finding, Finding)


@given(problems())
def test_problems_round_trip(problem: Problem) -> None:
    assert_round_trips(problem, Problem)


@slow
@given(st.lists(exchanges(), min_size=1, max_size=2))
def test_lists_of_exchanges_round_trip(values: list[Exchange]) -> None:
    assert_round_trips(values, list[Exchange])
