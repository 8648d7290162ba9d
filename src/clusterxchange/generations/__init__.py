"""The shipped generations, the registry, and custom generations loaded from files.

One data module per generation (:mod:`~clusterxchange.generations.cxc1`,
:mod:`~clusterxchange.generations.cxc2`), each opening with its sources. :data:`REGISTRY` is
the literal list of them; modules load on first use, so ``import clusterxchange`` stays light.

Layer: above :mod:`clusterxchange.model`, the only package it may import.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from clusterxchange.generations._custom import load_generation, parse_generation
from clusterxchange.model import Generation
from clusterxchange.model._validate import to_tuple_of
from clusterxchange.model.errors import AmbiguousGenerationError, UnknownGenerationError

__all__ = [
    "ALTERNATIVES",
    "REGISTRY",
    "all_generations",
    "alternative_file",
    "generation_for",
    "generations_on",
    "get_generation",
    "load_generation",
    "parse_generation",
]

#: Generation id -> the module holding its ``GENERATION``, oldest first.
REGISTRY: Mapping[str, str] = MappingProxyType(
    {
        "cxc1": "clusterxchange.generations.cxc1",
        "cxc2": "clusterxchange.generations.cxc2",
    }
)


#: Alternative generation files shipped with the package, by name -> what each one changes.
#: None is a default: a partnership selects one by file (:func:`alternative_file`).
ALTERNATIVES: Mapping[str, str] = MappingProxyType(
    {
        "eye-2024-06": "cxc2 with the Erasmus for Young Entrepreneurs amounts of June 2024 "
        "that could be read (the other host countries keep their cxc2 ceilings)",
    }
)


def alternative_file(name: str) -> Path:
    """Return the path of the shipped alternative generation file *name*, for ``load_generation``.

    Raises:
        UnknownGenerationError: No alternative file has that name.

    >>> from clusterxchange.generations import load_generation
    >>> eye = load_generation(alternative_file("eye-2024-06"))
    >>> eye.id, eye.extends, eye.ceiling("AT").amount, eye.ceiling("DK").amount
    ('cxc2-eye-2024-06', 'cxc2', Decimal('1000'), Decimal('1100'))
    """
    requested: object = name  # callers without type checking may pass anything
    if not isinstance(requested, str) or requested not in ALTERNATIVES:
        raise UnknownGenerationError(
            requested if isinstance(requested, str) else repr(requested), ALTERNATIVES
        )
    return Path(__file__).parent / "alternatives" / f"{requested}.toml"


@functools.cache
def _load(generation_id: str) -> Generation:
    module = importlib.import_module(REGISTRY[generation_id])
    generation: Generation = module.GENERATION
    return generation


def get_generation(generation_id: str | Generation) -> Generation:
    """Return the shipped generation with id *generation_id* (a Generation passes through).

    Raises:
        UnknownGenerationError: No shipped generation has that id.

    >>> get_generation("cxc2").period.value.start
    datetime.date(2022, 2, 1)
    """
    requested: object = generation_id  # callers without type checking may pass anything
    if isinstance(requested, Generation):
        return requested
    if not isinstance(requested, str) or requested.strip().lower() not in REGISTRY:
        raise UnknownGenerationError(
            requested if isinstance(requested, str) else repr(requested), REGISTRY
        )
    return _load(requested.strip().lower())


def all_generations() -> tuple[Generation, ...]:
    """Return every shipped generation, oldest first.

    >>> [g.id for g in all_generations()]
    ['cxc1', 'cxc2']
    """
    return tuple(_load(generation_id) for generation_id in REGISTRY)


def _pool(generations: Iterable[Generation] | None) -> tuple[Generation, ...]:
    """Return the generations to choose among: the shipped ones, or those given (checked)."""
    if generations is None:
        return all_generations()
    return to_tuple_of(generations, Generation, "generations")


def generations_on(
    day: dt.date, generations: Iterable[Generation] | None = None
) -> tuple[Generation, ...]:
    """Return the generations whose period contains *day* (none, one, or several).

    >>> [g.id for g in generations_on(dt.date(2022, 3, 1))]
    ['cxc1', 'cxc2']
    """
    pool = _pool(generations)
    return tuple(g for g in pool if g.covers(day))


def generation_for(day: dt.date, generations: Iterable[Generation] | None = None) -> Generation:
    """Return the one generation whose period contains *day*; never guess.

    Raises:
        AmbiguousGenerationError: Several generations' periods contain *day*.
        UnknownGenerationError: No generation's period contains *day*.

    >>> generation_for(dt.date(2023, 5, 2)).id
    'cxc2'
    >>> generation_for(dt.date(2022, 3, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    clusterxchange.model.errors.AmbiguousGenerationError: 2022-03-01 lies in ... (cxc1, cxc2): ...
    """
    pool = _pool(generations)
    found = generations_on(day, pool)
    if len(found) > 1:
        raise AmbiguousGenerationError(day, [g.id for g in found])
    if not found:
        periods = "; ".join(f"{g.id} {g.period.value}" for g in pool)
        raise UnknownGenerationError(
            None, [g.id for g in pool], f"no generation covers {day}: the periods are {periods}"
        )
    return found[0]
