"""Shared test configuration: the hypothesis profiles, registered once, and common fixtures.

Profiles (pick one with ``HYPOTHESIS_PROFILE=name``):

- ``default``: 100 examples per property, no deadline.
- ``ci``: derandomised so a CI run is reproducible, 60 examples, failing blobs printed; chosen
  automatically when the ``CI`` environment variable is set and no profile is named.
- ``dev``: 20 examples, for a quick loop while editing.
- ``fuzz``: 10,000 examples, for the long fuzzing session.

Tests never set ``max_examples`` themselves. A test that is slow by nature (a whole dataset
per example) suppresses ``HealthCheck.too_slow`` in its own ``@settings``, nowhere else.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from clusterxchange import Generation, get_generation

# The tests' own helper modules (messy_sheets.py) import by name, as the tests import them.
sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", derandomize=True, max_examples=60, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=20)
settings.register_profile("fuzz", max_examples=10_000, deadline=None)


def _profile() -> str:
    """Return the profile to load: the one named, else ``ci`` under CI, else ``default``."""
    named = os.environ.get("HYPOTHESIS_PROFILE", "").strip()
    if named:
        return named
    return "ci" if os.environ.get("CI") else "default"


settings.load_profile(_profile())

#: The fuzz tests (tests/fuzz) run only in ``nox -s fuzz``, which sets CLUSTERXCHANGE_FUZZ=1.
collect_ignore = [] if os.environ.get("CLUSTERXCHANGE_FUZZ") else ["fuzz"]


@pytest.fixture(scope="session")
def cxc1() -> Generation:
    """The pilot generation."""
    return get_generation("cxc1")


@pytest.fixture(scope="session")
def cxc2() -> Generation:
    """The 2022-2024 generation."""
    return get_generation("cxc2")


class CollectorProbe:
    """A holiday calendar provider that records whether the collector runs when it is asked.

    Pricing asks it while it counts working days, so :attr:`seen` tells whether the work was
    done with the cyclic garbage collector paused. :meth:`start` sets the collector's state
    before the call under test; the fixture enables it again after the test.
    """

    def __init__(self) -> None:
        self.seen: list[bool] = []

    def __call__(self, country: str) -> frozenset[dt.date]:
        self.seen.append(gc.isenabled())
        return frozenset()

    @staticmethod
    def start(enabled: bool) -> None:
        (gc.enable if enabled else gc.disable)()

    @property
    def always_paused(self) -> bool:
        """Whether the provider was asked at least once, never with the collector running."""
        return bool(self.seen) and not any(self.seen)


@pytest.fixture
def collector_probe() -> Iterator[CollectorProbe]:
    """A :class:`CollectorProbe`; the collector is enabled again after the test."""
    try:
        yield CollectorProbe()
    finally:
        gc.enable()
