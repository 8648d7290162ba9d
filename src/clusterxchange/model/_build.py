"""Building model objects from values already checked, without checking them again.

The model's classes convert and validate every field on construction, which is what a caller
building an :class:`~clusterxchange.model.Exchange` by hand needs. A reader has already turned
each cell into the field's own type (stripped text, a date, an enum member, a float), found
every problem with its row and column, and checked what ``__attrs_post_init__`` checks (an end
before the start is an error on the row). For it the model's checks are the same work done a
second time, on every row: :func:`trusted_constructor` gives a constructor that only sets the
fields.

What it buys: building an ``Exchange`` costs less than half as much (about 6 us instead of
15 us on the benchmark machine), the largest single step of reading a row. The objects are
the same: equal, with equal hashes, to the ones the class's own constructor builds from the
same values (tests/test_io_build.py checks it on the readers' output). The batch of lump sums
(money/pricing.py) builds its results the same way, from the values it computed.

:func:`trusted_columns` builds many objects at once, from columns of values (the columnar
reader's, io/_columnar.py): each field is set on every object in one ``map`` of the slot's own
setter, a pass in C, instead of one call of Python per object. Measured on the 100,000 rows of
benchmarks/tables.py: 0.12 s instead of 0.17 s for the exchanges, 0.075 s instead of 0.10 s
for the visitors, about 7% of reading the table.
"""

from __future__ import annotations

import collections
import itertools
from collections.abc import Callable, Iterable, Sequence, Sized
from typing import Any, TypeVar

import attrs

__all__ = ["trusted_columns", "trusted_constructor"]

_T = TypeVar("_T")


def trusted_constructor(cls: type[_T]) -> Callable[..., _T]:
    """Return a keyword-only constructor of *cls* that sets each field to the value given.

    *cls* is a frozen attrs class with slots, as the model's are. Fields not given take their
    default. Values must already be what the class's converters would return and pass its
    validators: nothing is converted or checked.

    >>> from clusterxchange.model import Organisation
    >>> make = trusted_constructor(Organisation)
    >>> make(name="Aero Lda", country="PT") == Organisation(name="Aero Lda", country="PT")
    True
    """
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    parameters: list[str] = []
    body: list[str] = []
    for field in _fields(cls):
        name = field.name
        namespace[f"_set_{name}"] = getattr(cls, name).__set__  # the slot's own setter
        if field.default is attrs.NOTHING:
            parameters.append(name)
        else:
            namespace[f"_default_{name}"] = field.default
            parameters.append(f"{name}=_default_{name}")
        body.append(f"    _set_{name}(self, {name})")
    cached_hash = _cached_hash(cls)
    if cached_hash is not None:  # attrs' __init__ clears it: its __hash__ fills it on first use
        namespace["_set_cached_hash"] = cached_hash.__set__
        body.append("    _set_cached_hash(self, None)")
    head = f"def make(*, {', '.join(parameters)}):"
    source = "\n".join([head, "    self = _new(_cls)", *body, "    return self"])
    # Generated like attrs' own __init__: one function with the fields as parameters is what
    # makes it fast (a loop over the fields costs twice as much).
    exec(source, namespace)  # noqa: S102 - the source is built above from the class's fields
    make: Callable[..., _T] = namespace["make"]
    make.__doc__ = f"Build a {cls.__name__} from values already checked (no conversion)."
    return make


def trusted_columns(cls: type[_T], positional: Sequence[str]) -> Callable[..., list[_T]]:
    """Return a builder of many *cls* at once, from one column of values per field named.

    ``build(*columns)`` takes a column (an iterable) for each field of *positional*, in that
    order, and returns one object per value of the first column: the *i*-th object's fields
    are the *i*-th values of the columns, every other field its default. Every column has as
    many values, except an ``itertools.repeat`` (one value for every object). As with
    :func:`trusted_constructor`, values must already be what the class's converters would
    return: nothing is converted or checked.

    >>> from clusterxchange.model import Organisation
    >>> build = trusted_columns(Organisation, ("name", "country"))
    >>> made = build(["Aero Lda", "Blue SAS"], ["PT", "FR"])
    >>> made[1] == Organisation(name="Blue SAS", country="FR")
    True
    """
    fields = _fields(cls)
    known = {field.name for field in fields}
    unknown = [name for name in positional if name not in known]
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {', '.join(unknown)}")
    given = [getattr(cls, name).__set__ for name in positional]
    defaults: list[tuple[Callable[[Any, Any], None], object]] = []
    for field in fields:
        if field.name in positional:
            continue
        if field.default is attrs.NOTHING:
            raise TypeError(f"{cls.__name__}.{field.name}: a field without a default")
        defaults.append((getattr(cls, field.name).__set__, field.default))
    cached_hash = _cached_hash(cls)
    if cached_hash is not None:
        defaults.append((cached_hash.__set__, None))
    new = object.__new__
    drain = collections.deque[None](maxlen=0).extend  # runs a map to its end, keeping nothing

    def build(*columns: Iterable[Any]) -> list[_T]:
        values = [_sized(column) for column in columns]
        if not isinstance(values[0], Sized):
            raise TypeError("the first column cannot be a repeat: it gives the count")
        count = len(values[0])
        for column in values:
            if isinstance(column, Sized) and len(column) != count:
                raise ValueError(f"columns of {count} and {len(column)} values")
        made: list[_T] = list(map(new, itertools.repeat(cls, count)))
        for setter, column in zip(given, values, strict=True):
            drain(map(setter, made, column))
        for setter, default in defaults:
            drain(map(setter, made, itertools.repeat(default)))
        return made

    build.__doc__ = f"Build {cls.__name__} objects from columns of values already checked."
    return build


def _sized(column: Iterable[Any]) -> Iterable[Any]:
    """Return *column* with a length (a list of an iterator's values), or a repeat as it is."""
    if isinstance(column, Sized | itertools.repeat):
        return column
    return list(column)


def _fields(cls: type[Any]) -> tuple[attrs.Attribute[Any], ...]:
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(cls)
    for field in fields:
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{field.name}: a default factory is not supported")
    return fields


def _cached_hash(cls: type[Any]) -> Any:
    """Return the slot of attrs' ``cache_hash=True`` (``None`` without one)."""
    return getattr(cls, "_attrs_cached_hash", None)
