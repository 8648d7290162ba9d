"""The bundled example partnership, TIDEWAY: data to try the library and the command line on.

TIDEWAY is a fictional partnership of five clusters (Denmark, Germany, Portugal, Hungary and
Türkiye) that ran exchanges in both shipped generations. Its exchange table
(``tideway.csv``, 49 rows written the way partnerships write their reports) holds group
exchanges at events, every visitor kind, visitors from outside the partnership, pending and
cancelled exchanges, exchanges with and without IT-tool IDs, and a few that break a rule. Its
grant targets are in ``tideway-targets.toml`` and its clusters and members in
``tideway-partnership.toml``. Every name is invented.

>>> from clusterxchange.examples import example_partnership
>>> [c.organisation.country for c in example_partnership().clusters]
['DK', 'DE', 'PT', 'HU', 'TR']

Layer: above the reports package, beside :mod:`clusterxchange.strategies`;
it may import every package below it, never the command line.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from clusterxchange.model import Partnership
from clusterxchange.model.errors import InvalidValueError

if TYPE_CHECKING:
    from clusterxchange.io import ExchangeTable
    from clusterxchange.kpi import Targets

__all__ = [
    "EXAMPLE_FILES",
    "example_partnership",
    "example_path",
    "example_targets",
    "load_example",
]

#: The files bundled with the package, by name.
EXAMPLE_FILES: tuple[str, ...] = (
    "tideway.csv",
    "tideway-partnership.toml",
    "tideway-targets.toml",
)


def example_path(name: str = "tideway.csv") -> Path:
    """Return the path of the bundled example file *name* (one of :data:`EXAMPLE_FILES`).

    Raises:
        InvalidValueError: *name* is not a bundled example file.

    >>> example_path("tideway-targets.toml").name
    'tideway-targets.toml'
    """
    if name not in EXAMPLE_FILES:
        known = ", ".join(EXAMPLE_FILES)
        raise InvalidValueError(f"no example file {name!r}: expected one of {known}")
    # The wheel installs the package as plain files, so the resource is a real path.
    return Path(str(resources.files(__name__).joinpath(name)))


def load_example() -> ExchangeTable:
    """Return the example exchange table, read with :func:`clusterxchange.io.read_exchanges`.

    >>> table = load_example()
    >>> len(table.exchanges), len(table.errors)
    (49, 0)
    """
    from clusterxchange.io import read_exchanges

    return read_exchanges(example_path("tideway.csv"))


def example_targets() -> Targets:
    """Return the example partnership's grant targets (``tideway-targets.toml``).

    >>> example_targets().exchanges
    50
    """
    from clusterxchange.kpi import load_targets

    return load_targets(example_path("tideway-targets.toml"))


def example_partnership() -> Partnership:
    """Return the example partnership: its five clusters with their member organisations.

    >>> tideway = example_partnership()
    >>> tideway.name, len(tideway.clusters), sum(len(c.members) for c in tideway.clusters)
    ('TIDEWAY', 5, 20)
    """
    return _partnership()


@functools.cache
def _partnership() -> Partnership:
    # The reader of every partnership file (clusterxchange.io.load_partnership) reads this one.
    from clusterxchange.io import load_partnership

    return load_partnership(example_path("tideway-partnership.toml"))
