"""Hypothesis strategies for every model of clusterxchange (needs the ``strategies`` extra).

Install hypothesis with ``pip install 'clusterxchange[strategies]'``. Only this package
imports it, and ``import clusterxchange`` never imports this package.

The strategies build valid objects, as the model classes accept them, kept small so that
whole datasets stay fast. :func:`eligible_exchanges` goes further: every exchange it builds
satisfies every rule of its generation (its docstring lists each choice), and
:func:`eligible_datasets` builds lists of them with no visitor taking part twice.

>>> from hypothesis import given, settings
>>> from clusterxchange import Exchange
>>> from clusterxchange.model.serialization import from_json, to_json
>>> @settings(max_examples=10, database=None, derandomize=True, deadline=None)
... @given(exchanges())
... def test_round_trip(exchange):
...     assert from_json(to_json(exchange), Exchange) == exchange
>>> test_round_trip()

Layer: above the reports package, beside :mod:`clusterxchange.examples`;
it may import every package below it, never the command line.
"""

try:
    import hypothesis  # noqa: F401 - only to fail early, with the extra's name
except ImportError as error:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "clusterxchange.strategies needs hypothesis: pip install 'clusterxchange[strategies]'"
    ) from error

from clusterxchange.strategies._eligible import eligible_datasets, eligible_exchanges
from clusterxchange.strategies._generations import countries, generations
from clusterxchange.strategies._model import (
    clusters,
    documents,
    exchanges,
    findings,
    group_exchanges,
    locations,
    organisations,
    partnerships,
    problems,
)

__all__ = [
    "clusters",
    "countries",
    "documents",
    "eligible_datasets",
    "eligible_exchanges",
    "exchanges",
    "findings",
    "generations",
    "group_exchanges",
    "locations",
    "organisations",
    "partnerships",
    "problems",
]
