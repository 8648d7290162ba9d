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

import os

import pytest
from hypothesis import settings

from clusterxchange import Generation, get_generation

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
