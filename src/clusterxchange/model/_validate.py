"""Small named converters and validators shared by the model classes."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, cast

from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "check_date",
    "check_instance",
    "check_non_negative_int",
    "check_required_date",
    "optional_text",
    "required_text",
    "to_decimal",
    "to_member",
    "to_optional_decimal",
    "to_optional_float",
    "to_text_tuple",
    "to_tuple_of",
]

_MAX_TEXT = 10_000

#: Any field type: the validators below check at run time what the annotations promise, and
#: a type variable lets the attrs mypy plugin take the field type from its annotation.
_Field = TypeVar("_Field")
_Item = TypeVar("_Item")
_Member = TypeVar("_Member", bound=enum.Enum)


def required_text(value: object) -> str:
    """Return *value* stripped; raise if it is not a non-empty string."""
    if not isinstance(value, str):
        raise InvalidValueError(f"expected text, got {type(value).__name__}")
    text = value.strip()
    if not text:
        raise InvalidValueError("expected non-empty text")
    if len(text) > _MAX_TEXT:
        raise InvalidValueError(f"text longer than {_MAX_TEXT} characters")
    return text


def optional_text(value: object) -> str | None:
    """Return *value* stripped, ``None`` for ``None`` or blank text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValueError(f"expected text or nothing, got {type(value).__name__}")
    text = value.strip()
    if len(text) > _MAX_TEXT:
        raise InvalidValueError(f"text longer than {_MAX_TEXT} characters")
    return text or None


def to_text_tuple(values: Iterable[str] | str) -> tuple[str, ...]:
    """Return a tuple of stripped, non-empty, de-duplicated texts in their first order."""
    if isinstance(values, str):
        raise InvalidValueError("expected a sequence of texts, got a single text")
    try:
        items = list(values)
    except TypeError:
        raise InvalidValueError(
            f"expected a sequence of texts, got {type(values).__name__}"
        ) from None
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(required_text(item), None)
    return tuple(seen)


def to_tuple_of(
    values: object, kind: type[_Item], field: str, what: str | None = None
) -> tuple[_Item, ...]:
    """Return *values* as a tuple of *kind* instances (*what*, in messages); raise otherwise."""
    what = what or kind.__name__
    try:
        items: tuple[object, ...] = tuple(cast("Iterable[object]", values))
    except TypeError:
        raise InvalidValueError(
            f"{field}: expected a sequence of {what}, got {type(values).__name__}"
        ) from None
    for item in items:
        if not isinstance(item, kind):
            raise InvalidValueError(f"{field}: expected {what}, got {type(item).__name__}")
    return cast("tuple[_Item, ...]", items)


def to_member(kind: type[_Member], value: object, field: str) -> _Member:
    """Return *value* as a member of *kind*; raise naming *field* and every allowed value.

    The allowed values read ``a or b`` and ``a, b or c`` for short enumerations, ``one of a,
    b, ...`` for longer ones. Converters test ``type(value) is kind`` before calling this, so
    the common case costs no further call.
    """
    try:
        return kind(value)
    except ValueError:
        values = [str(member.value) for member in kind]
        expected = (
            f"one of {', '.join(values)}"
            if len(values) > 3
            else f"{', '.join(values[:-1])} or {values[-1]}"
        )
        raise InvalidValueError(f"{field}: expected {expected}, got {value!r}") from None


def to_decimal(value: object) -> Decimal:
    """Return *value* as a finite :class:`~decimal.Decimal` (floats go through ``str``)."""
    if isinstance(value, bool):
        raise InvalidValueError("expected a number, got a boolean")
    try:
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, int):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value))
        elif isinstance(value, str):
            result = Decimal(value.strip().replace(" ", "").replace("\u00a0", ""))
        else:
            raise InvalidValueError(f"expected a number, got {type(value).__name__}")
    except (InvalidOperation, ValueError):
        raise InvalidValueError(f"expected a number, got {value!r}") from None
    if not result.is_finite():
        raise InvalidValueError(f"expected a finite number, got {value!r}")
    return result


def to_optional_decimal(value: object) -> Decimal | None:
    """Return *value* as a Decimal, or ``None`` for ``None``."""
    return None if value is None else to_decimal(value)


def to_optional_float(value: object) -> float | None:
    """Return *value* as a finite float, or ``None`` for ``None``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise InvalidValueError(f"expected a number, got {type(value).__name__}")
    try:
        result = float(value)
    except (ValueError, OverflowError):
        raise InvalidValueError(f"expected a number, got {value!r}") from None
    if not math.isfinite(result):
        raise InvalidValueError(f"expected a finite number, got {value!r}")
    return result


def check_date(_instance: object, attribute: Any, value: _Field) -> None:
    """Validate that *value* is a :class:`datetime.date` (not a datetime) or ``None``."""
    if value is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidValueError(f"{attribute.name}: expected a date, got {type(value).__name__}")


def check_required_date(_instance: object, attribute: Any, value: _Field) -> None:
    """Validate that *value* is a :class:`datetime.date` (not a datetime, not ``None``)."""
    if value is None:
        raise InvalidValueError(f"{attribute.name}: expected a date, got nothing")
    check_date(_instance, attribute, value)


def check_instance(kind: type, *, optional: bool = True) -> Any:
    """Return a validator that *value* is a *kind* (or ``None`` when *optional*)."""

    def check(_instance: object, attribute: Any, value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kind):
            raise InvalidValueError(
                f"{attribute.name}: expected {kind.__name__}, got {type(value).__name__}"
            )

    return check


def check_non_negative_int(_instance: object, attribute: Any, value: _Field) -> None:
    """Validate that *value* is an ``int`` (not a bool) >= 0, or ``None``."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"{attribute.name}: expected a whole number, got {value!r}")
    if value < 0:
        raise InvalidValueError(f"{attribute.name}: expected a number >= 0, got {value}")
