"""Building model objects from values a reader has already checked, without checking them again.

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
same values (tests/test_io_build.py checks it on the readers' output).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

__all__ = ["trusted_constructor"]

_T = TypeVar("_T")


def trusted_constructor(cls: type[_T], positional: Sequence[str] = ()) -> Callable[..., _T]:
    """Return a keyword-only constructor of *cls* that sets each field to the value given.

    *cls* is a frozen attrs class with slots, as the model's are. Fields not given take their
    default. Values must already be what the class's converters would return and pass its
    validators: nothing is converted or checked.

    With *positional* (field names), the constructor takes exactly those fields, by position
    and in that order, and gives every other field its default: what ``map`` over columns of
    values needs (the columnar reader, io/_columnar.py).

    >>> from clusterxchange.model import Organisation
    >>> make = trusted_constructor(Organisation)
    >>> make(name="Aero Lda", country="PT") == Organisation(name="Aero Lda", country="PT")
    True
    >>> trusted_constructor(Organisation, ("name", "country"))("Aero Lda", "PT") == make(
    ...     name="Aero Lda", country="PT")
    True
    """
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    parameters: list[str] = []
    body: list[str] = []
    fields = attrs.fields(cls)  # type: ignore[arg-type]  # an attrs class, as documented
    unknown = set(positional) - {field.name for field in fields}
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    for field in fields:
        name = field.name
        namespace[f"_set_{name}"] = getattr(cls, name).__set__  # the slot's own setter
        required = field.default is attrs.NOTHING
        if not required:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                raise TypeError(f"{cls.__name__}.{name}: a default factory is not supported")
            namespace[f"_default_{name}"] = field.default
        if positional and name not in positional:
            if required:
                raise TypeError(f"{cls.__name__}.{name}: a field without a default")
            body.append(f"    _set_{name}(self, _default_{name})")
            continue
        parameters.append(name if required or positional else f"{name}=_default_{name}")
        body.append(f"    _set_{name}(self, {name})")
    cached_hash = getattr(cls, "_attrs_cached_hash", None)  # the slot of cache_hash=True
    if cached_hash is not None:  # attrs' __init__ clears it: its __hash__ fills it on first use
        namespace["_set_cached_hash"] = cached_hash.__set__
        body.append("    _set_cached_hash(self, None)")
    if positional:  # in the order asked for; the setters as locals, a little faster
        names = [name for name in namespace if name.startswith(("_set_", "_default_"))]
        bound = ", ".join(f"{name}={name}" for name in ["_new", "_cls", *names])
        head = f"def make({', '.join(positional)}, *, {bound}):"
    else:
        head = f"def make(*, {', '.join(parameters)}):"
    source = "\n".join([head, "    self = _new(_cls)", *body, "    return self"])
    # Generated like attrs' own __init__: one function with the fields as parameters is what
    # makes it fast (a loop over the fields costs twice as much).
    exec(source, namespace)  # noqa: S102 - the source is built above from the class's fields
    make: Callable[..., _T] = namespace["make"]
    make.__doc__ = f"Build a {cls.__name__} from values already checked (no conversion)."
    return make
