"""A read-only, hashable, picklable mapping for the counts and targets of KPI results."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Generic, TypeVar

__all__ = ["FrozenMap"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A mapping that cannot change after it is built, in the order it was given.

    Results are frozen attrs classes; their mappings must be frozen too, or ``report.completed``
    and ``report.by_visitor_kind`` could disagree after someone edits the latter. Unlike
    ``types.MappingProxyType`` it hashes and pickles, so a report can be cached or sent to
    another process.

    >>> counts = FrozenMap({"sme": 30, "cluster_organisation": 9})
    >>> counts["sme"], list(counts), counts == {"sme": 30, "cluster_organisation": 9}
    (30, ['sme', 'cluster_organisation'], True)
    >>> hash(counts) == hash(FrozenMap({"cluster_organisation": 9, "sme": 30}))
    True
    """

    __slots__ = ("_data",)
    _data: dict[K, V]

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        object.__setattr__(self, "_data", dict(items))

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))
