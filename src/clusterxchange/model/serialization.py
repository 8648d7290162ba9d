"""JSON for every model: a cattrs converter factory, and helpers that report every problem.

The wire format is plain JSON that a coordinator can read and another tool can write:

- amounts (:class:`~decimal.Decimal`) are strings, so ``"830.00"`` stays ``"830.00"``;
  structuring accepts a string or a whole number, never a float (a float cannot hold money
  exactly) and never ``NaN`` or infinity;
- dates are ISO strings (``"2023-03-06"``); a date with a time, or an impossible date such as
  ``"2023-02-30"``, is rejected;
- enums are their canonical values; sets of enums are sorted lists; tuples are lists;
- ``Organisation.clusters`` keeps ``null`` (not recorded) apart from ``[]`` (no cluster);
- a :class:`~clusterxchange.model.Generation` is written without its private indexes, which
  are rebuilt on loading.

Structuring is strict: text is not a number, a number is not text, and an unknown key is an
error rather than a silent drop. Malformed input raises
:class:`~clusterxchange.model.errors.InvalidRecordError` with every problem found, each located by
a path such as ``$[3].visitor.country``, including the problems the model classes find in
their own converters and validators.

cattrs is imported on first use, and the converter is built once, so ``import clusterxchange``
stays light and repeated calls are cheap. cattrs' global converter is never touched.

>>> import datetime as dt
>>> from clusterxchange.model import Payment
>>> to_json(Payment(date=dt.date(2023, 6, 1), amount="830.00"))
'{"date": "2023-06-01", "amount": "830.00"}'
>>> from_json('{"date": "2023-06-01", "amount": 830.5}', Payment)
Traceback (most recent call last):
clusterxchange.model.errors.InvalidRecordError: $.amount: write amounts as text ("830.5"), not as a ...
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin

import attrs

from clusterxchange.model.errors import (
    ClusterXchangeError,
    InvalidRecordError,
    InvalidValueError,
    Problem,
)

if TYPE_CHECKING:
    import cattrs

__all__ = ["from_json", "make_converter", "structure", "to_json", "unstructure"]

T = TypeVar("T")

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NON_FINITE = frozenset({"nan", "snan", "inf", "infinity"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEQUENCES = (list, tuple, frozenset, set)
_MAX_INDENT = 32


def _describe(value: object) -> str:
    """Name *value* the way a reader of the JSON sees it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    return f"a {type(value).__name__}"


def _structure_text(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(f"expected text, got {_describe(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(f"expected a whole number, got {_describe(value)}")
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(f"expected a number, got {_describe(value)}")
    return float(value)


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError(f"expected true or false, got {_describe(value)}")
    return value


def _structure_decimal(value: object, _: object) -> Decimal:
    """Read an amount from text or a whole number; a float would have lost cents already."""
    if isinstance(value, float):
        raise InvalidValueError(
            f'write amounts as text ("{value}"), not as a JSON number: '
            "a float cannot hold money exactly"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        result = Decimal(value.strip())
    elif isinstance(value, str) and value.strip().lstrip("+-").lower() in _NON_FINITE:
        raise InvalidValueError(f"expected a finite amount, got {value!r}")
    else:
        shown = repr(value) if isinstance(value, str) else _describe(value)
        raise InvalidValueError(f'expected a decimal number as text such as "830.00", got {shown}')
    if not result.is_finite():
        raise InvalidValueError(f"expected a finite amount, got {value!r}")
    return result


def _structure_date(value: object, _: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise InvalidValueError(f"expected a date without a time, got {value.isoformat()!r}")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InvalidValueError(f"expected an ISO date (YYYY-MM-DD), got {_describe(value)}")
    text = value.strip()
    if _ISO_DATE.match(text) and len(text) > 10:
        raise InvalidValueError(f"expected a date without a time, got {value!r}")
    if not _ISO_DATE.fullmatch(text):
        raise InvalidValueError(f"expected an ISO date (YYYY-MM-DD), got {value!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise InvalidValueError(f"impossible date {value!r}: {error}") from None


def _structure_enum(value: object, cl: type[enum.Enum]) -> enum.Enum:
    """Structure an enum from its canonical value, naming every allowed value on failure."""
    if isinstance(value, cl):
        return value
    try:
        return cl(value)
    except ValueError:
        label = re.sub(r"(?<!^)(?=[A-Z])", " ", cl.__name__).lower()
        known = ", ".join(str(member.value) for member in cl)
        if isinstance(value, str):
            raise InvalidValueError(f"unknown {label} {value!r}: expected one of {known}") from None
        raise InvalidValueError(
            f"expected {label} as one of {known}, got {_describe(value)}"
        ) from None


def _unstructure_enum(member: enum.Enum) -> Any:
    return member.value


def _sequence_parts(cl: Any) -> tuple[type, Any] | None:
    """Return the container and element type of a homogeneous sequence or set type."""
    origin = get_origin(cl) or cl
    if origin not in _SEQUENCES:
        return None
    args = get_args(cl)
    if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        return None  # a fixed-length tuple keeps cattrs' own handling
    return origin, (args[0] if args else Any)


def _sequence_hook(converter: cattrs.Converter, cl: Any) -> Callable[[object, object], object]:
    """Structure a list, tuple or set from a JSON list, locating every bad element."""
    from cattrs.errors import IterableValidationError, IterableValidationNote

    parts = _sequence_parts(cl)
    assert parts is not None
    container, element = parts
    element_hook = converter.get_structure_hook(element)

    def structure_sequence(value: object, _: object) -> object:
        # Text and objects are iterable too: reject them rather than structure their letters.
        if not isinstance(value, _SEQUENCES):
            raise InvalidValueError(f"expected a list, got {_describe(value)}")
        items: list[object] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(element_hook(item, element))
            except Exception as error:
                note = IterableValidationNote(f"Structuring {cl!r} @ index {index}", index, element)
                error.__notes__ = [*getattr(error, "__notes__", []), note]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cl!r}", errors, cl)
        return container(items)

    return structure_sequence


def _unstructure_sequence(converter: cattrs.Converter, cl: Any) -> Callable[[Any], list[Any]]:
    """Unstructure tuples to lists, and sets to sorted lists so the JSON is stable."""
    parts = _sequence_parts(cl)
    container, element = parts if parts is not None else (tuple, Any)

    def unstructure_sequence(values: Any) -> list[Any]:
        items = [converter.unstructure(v, unstructure_as=element) for v in values]
        if container in (set, frozenset):
            items.sort(key=lambda item: json.dumps(item, sort_keys=True))
        return items

    return unstructure_sequence


def _is_attrs(cl: Any) -> bool:
    return attrs.has(get_origin(cl) or cl)


def _field_name(error: BaseException) -> str | None:
    """Return the attribute a cattrs note on *error* names, if any."""
    from cattrs.errors import AttributeValidationNote

    notes = getattr(error, "__notes__", ())
    return next((n.name for n in notes if isinstance(n, AttributeValidationNote)), None)


def _check_fields(
    converter: cattrs.Converter, cl: Any, data: Mapping[str, Any], skip: set[str]
) -> list[Exception]:
    """Run each field's own converter and validator alone, collecting what each raises.

    The model classes convert and validate in ``__init__``, so cattrs sees only the class fail,
    or never calls it when another field failed to structure. Checking each field alone names
    every field at fault (``$.visitor.country``).
    """
    from cattrs.errors import AttributeValidationNote

    origin = get_origin(cl) or cl
    attrs.resolve_types(origin)
    typevars = dict(zip(getattr(origin, "__parameters__", ()), get_args(cl), strict=False))
    errors: list[Exception] = []
    for field in attrs.fields(origin):
        convert = field.converter
        if not field.init or field.name in skip or field.name not in data:
            continue
        if convert is None and field.validator is None:
            continue
        field_type = typevars.get(field.type, field.type)
        try:
            value = converter.structure(data[field.name], field_type)
            if callable(convert):
                value = convert(value)
            if field.validator is not None:
                field.validator(None, field, value)
        except Exception as error:
            note = AttributeValidationNote(f"Structuring {origin.__name__}", field.name, field_type)
            error.__notes__ = [*getattr(error, "__notes__", []), note]
            errors.append(error)
    return errors


def _attrs_hook(converter: cattrs.Converter, cl: Any) -> Callable[[object, object], object]:
    """Structure an attrs class strictly, locating errors its own ``__init__`` raises."""
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
    from cattrs.gen import make_dict_structure_fn

    base = make_dict_structure_fn(
        cl, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    origin = get_origin(cl) or cl
    order = {field.name: index for index, field in enumerate(attrs.fields(origin))}

    def structure_attrs(value: object, _: object) -> object:
        if not isinstance(value, Mapping):
            raise InvalidValueError(
                f"expected an object with the fields of {origin.__name__}, got {_describe(value)}"
            )
        try:
            return base(value, cl)
        except ClassValidationError as error:
            located = [e for e in error.exceptions if _field_name(e) is not None]
            extra = [e for e in error.exceptions if isinstance(e, ForbiddenExtraKeysError)]
            # Anything else was raised by the class itself, once every field had structured.
            construction = [e for e in error.exceptions if e not in located and e not in extra]
            skip = {name for e in located if (name := _field_name(e)) is not None}
            located += _check_fields(converter, cl, value, skip)
            located.sort(key=lambda e: order.get(_field_name(e) or "", len(order)))
            problems = located + extra or construction
            raise ClassValidationError(
                f"While structuring {origin.__name__}", problems, cl
            ) from None

    return structure_attrs


def make_converter() -> cattrs.Converter:
    """Return a new JSON converter for every model of clusterxchange.

    Built on ``cattrs.preconf.json.make_converter``; each call returns a fresh converter,
    so callers may add hooks of their own without affecting anyone else.

    >>> from decimal import Decimal
    >>> converter = make_converter()
    >>> converter.unstructure(Decimal("830.00")), converter.structure("830.00", Decimal)
    ('830.00', Decimal('830.00'))
    """
    from cattrs.preconf.json import make_converter as make_json_converter

    converter = make_json_converter(detailed_validation=True, forbid_extra_keys=True)
    converter.register_structure_hook(str, _structure_text)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    # String and integer enums are also str and int: register them ahead of those in the MRO.
    for base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        converter.register_structure_hook(base, _structure_enum)
        converter.register_unstructure_hook(base, _unstructure_enum)
    converter.register_structure_hook_factory(
        lambda cl: _sequence_parts(cl) is not None, lambda cl: _sequence_hook(converter, cl)
    )
    converter.register_unstructure_hook_factory(
        lambda cl: _sequence_parts(cl) is not None, lambda cl: _unstructure_sequence(converter, cl)
    )
    converter.register_structure_hook_factory(_is_attrs, lambda cl: _attrs_hook(converter, cl))
    return converter


@functools.cache
def _converter() -> cattrs.Converter:
    """Return the converter the helpers share, built on first use."""
    return make_converter()


def _message(error: BaseException, expected: Any) -> str:
    """Word one structuring problem for a coordinator."""
    from cattrs.errors import ForbiddenExtraKeysError

    if isinstance(error, ClusterXchangeError):
        return str(error)
    if isinstance(error, ForbiddenExtraKeysError):
        allowed = ", ".join(f.name for f in attrs.fields(error.cl) if f.init)
        unknown = ", ".join(repr(k) for k in sorted(error.extra_fields))
        return f"unknown field {unknown}: expected only {allowed}"
    if isinstance(error, KeyError):
        return "missing required field"
    name = getattr(expected, "__name__", None) or (repr(expected) if expected else "")
    return f"expected {name}: {error}" if name else f"invalid value: {error}"


def _problems(error: Exception) -> list[Problem]:
    """Flatten a cattrs error into one problem per location (``$[3].visitor.country``)."""
    from cattrs import transform_error

    problems: list[Problem] = []
    for line in transform_error(error, path="$", format_exception=_message):
        message, _, path = line.rpartition(" @ ")
        problems.append(Problem(message=message, path=path))
    return problems


def unstructure(obj: Any) -> Any:
    """Return *obj* as JSON-ready data: dicts, lists, strings, numbers, booleans and ``None``.

    >>> from clusterxchange.model import Organisation
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme", clusters=[])
    >>> unstructure(visitor)["clusters"], unstructure(visitor)["country"]
    ([], 'PT')
    """
    return _converter().unstructure(obj)


def structure(data: Any, cls: type[T]) -> T:
    """Return an instance of *cls* built from JSON-ready *data*.

    Raises:
        InvalidRecordError: With every problem found, each with its path.

    >>> from clusterxchange.model import Location
    >>> structure({"latitude": 50.85, "longitude": 4.35}, Location)
    Location(latitude=50.85, longitude=4.35)
    >>> structure([{"latitude": 95, "longitude": "east"}], list[Location])
    Traceback (most recent call last):
    clusterxchange.model.errors.InvalidRecordError: $[0].latitude: latitude 95.0 is outside [-90, 90]; ...
    """  # noqa: E501
    from cattrs.errors import BaseValidationError, StructureHandlerNotFoundError

    try:
        return _converter().structure(data, cls)
    except StructureHandlerNotFoundError:  # *cls* is no class the converter knows
        raise InvalidValueError(f"cls: cannot build {cls!r:.80} from JSON data") from None
    except (BaseValidationError, ClusterXchangeError, ValueError, TypeError, KeyError) as error:
        raise InvalidRecordError(_problems(error)) from None


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """Return *obj* as JSON text (UTF-8 characters are kept, not escaped).

    >>> from clusterxchange.model import ClusterRef
    >>> to_json(ClusterRef(name="Pôle Véhicule du Futur", eccp_profiled=True))
    '{"name": "Pôle Véhicule du Futur", "eccp_profiled": true}'
    """
    spaces: object = indent  # callers without type checking may pass anything
    if spaces is not None and (
        isinstance(spaces, bool) or not isinstance(spaces, int) or not 0 <= spaces <= _MAX_INDENT
    ):
        raise InvalidValueError(f"indent: expected None or 0 to {_MAX_INDENT}, got {indent!r:.80}")
    try:
        return json.dumps(unstructure(obj), indent=indent, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:  # an object JSON cannot hold, NaN, a cycle
        raise InvalidValueError(f"cannot write {type(obj).__name__} as JSON: {error}") from None


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Return an instance of *cls* read from JSON *text*.

    Raises:
        InvalidRecordError: The text is not JSON (path ``$``), or the data is malformed;
            every problem is listed with its path.

    >>> from clusterxchange.model import ClusterRef
    >>> from_json('{"name": "Pemas"}', ClusterRef)
    ClusterRef(name='Pemas', eccp_profiled=None)
    >>> from_json('{"name": ', ClusterRef)
    Traceback (most recent call last):
    clusterxchange.model.errors.InvalidRecordError: $: not valid JSON: Expecting value at line 1, ...
    """  # noqa: E501
    if not isinstance(text, str | bytes | bytearray):  # callers without type checking
        raise InvalidValueError(f"text: expected JSON text, got {type(text).__name__}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        raise InvalidRecordError([Problem(message=message, path="$")]) from None
    except (UnicodeDecodeError, RecursionError) as error:
        raise InvalidRecordError([Problem(message=f"not valid JSON: {error}", path="$")]) from None
    return structure(data, cls)
