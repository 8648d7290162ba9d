"""Custom generations: a TOML or JSON file that extends a shipped generation.

A file names its own ``id``, the generation it ``extends``, and overrides any value; every
override carries its own ``source`` (and optionally ``confidence`` and ``note``), so an
explanation built on a custom value cites the partnership's own grant, not ours::

    id = "hemp-2023"
    extends = "cxc2"
    title = "HEMP partnership grant 101074444"

    [ceilings.DK]
    value = "1000.00"
    source = "Grant agreement 101074444, annex 1"
    confidence = "high"

    [cap]
    value = "1000"
    source = "Grant agreement 101074444, annex 1"

Scalar values (``cap``, ``min_working_days``, ...) take ``value`` (``virtual_until`` a date,
or ``"none"`` for no known end); ``period`` takes ``start``
and ``end``; kinds take a list; ``ceilings.CC`` and ``countries.CC`` take one table per
country (``remove = true`` drops the country). Unknown keys are errors, not silently ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from collections.abc import Callable, Mapping, Set
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from clusterxchange.model import (
    Ceiling,
    Confidence,
    Generation,
    OrganisationKind,
    Participation,
    Period,
    Provenance,
    Sourced,
)
from clusterxchange.model._validate import to_decimal
from clusterxchange.model.errors import (
    ClusterXchangeError,
    InvalidFileError,
    InvalidGenerationError,
    InvalidValueError,
    Problem,
)

__all__ = ["load_generation", "parse_generation"]


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    if value < 0:
        raise ValueError(f"expected a number >= 0, got {value}")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, got {value!r}")
    return value.strip()


def _amount(value: object) -> Decimal:
    if isinstance(value, float):
        raise ValueError(f'write amounts as text or whole numbers ("{value}"), not floats')
    amount = to_decimal(value)
    if amount < 0:
        raise ValueError(f"expected an amount >= 0, got {value!r}")
    return amount


def _kinds(value: object) -> frozenset[OrganisationKind]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of organisation kinds, got {value!r}")
    try:
        return frozenset(OrganisationKind(item) for item in value)
    except ValueError:
        known = ", ".join(k.value for k in OrganisationKind)
        raise ValueError(f"expected organisation kinds among {known}, got {value!r}") from None


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date, got a date and time {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected an ISO date (2023-01-31), got {value!r}")


def _date_or_none(value: object) -> dt.date | None:
    if value is None or (isinstance(value, str) and value.strip().lower() == "none"):
        return None
    return _date(value)


def _factor(value: object) -> Decimal:
    factor = _amount(value)
    if factor > 1:
        raise ValueError(f"a reduction factor is from 0 to 1, got {value!r}")
    return factor


def _pattern(value: object) -> str:
    import re

    text = _text(value)
    try:
        re.compile(text)
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from None
    return text


#: Scalar overrides: key -> parser of the ``value``.
_SCALARS: Mapping[str, Callable[[object], Any]] = MappingProxyType(
    {
        "programme": _text,
        "cap": _amount,
        "visitor_kinds": _kinds,
        "host_kinds": _kinds,
        "contested_visitor_kinds": _kinds,
        "member_kinds": _kinds,
        "eccp_kinds": _kinds,
        "host_member_kinds": _kinds,
        "non_member_sme_host": _bool,
        "min_working_days": _int,
        "max_calendar_days": _int,
        "max_calendar_months": _int,
        "short_stay_days": _int,
        "short_distance_km": _amount,
        "distance_requisite": _bool,
        "reduction_factor": _factor,
        "virtual_allowed": _bool,
        "visits_per_visitor": _int,
        "visits_in_scheme": _int,
        "residence_days": _int,
        "payment_days": _int,
        "it_tool_id_pattern": _pattern,
        "virtual_until": _date_or_none,
        "permanent_residence": _text,
    }
)
_Entry = TypeVar("_Entry", Ceiling, Participation)
_Value = TypeVar("_Value")

_TOP = frozenset(
    {"id", "extends", "title", "currency", "period", "ceilings", "countries", *_SCALARS}
)
_PROVENANCE_KEYS = frozenset({"source", "confidence", "note"})


class _Collector:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(message=message, path=path, file=self.file))


def _provenance(table: Mapping[str, Any], path: str, out: _Collector) -> Provenance | None:
    if "source" not in table:
        out.add(f"{path}.source", "every override needs its own source")
        return None
    try:
        return Provenance(
            source=_text(table["source"]),
            confidence=Confidence(table.get("confidence", "medium")),
            note=str(table.get("note", "")),
        )
    except (ValueError, ClusterXchangeError):
        out.add(path, "source must be non-empty text and confidence one of high, medium, low")
        return None


def _table(value: object, path: str, out: _Collector) -> Mapping[str, Any] | None:
    if not isinstance(value, Mapping):
        out.add(path, f"expected a table with value and source, got {value!r}")
        return None
    return value


def _extra_keys(table: Mapping[str, Any], allowed: Set[str], path: str, out: _Collector) -> None:
    for key in sorted(set(table) - allowed):
        out.add(
            f"{path}.{key}", f"unknown key {key!r}: expected one of {', '.join(sorted(allowed))}"
        )


def _scalar(name: str, raw: object, out: _Collector) -> Sourced[Any] | None:
    path = f"$.{name}"
    table = _table(raw, path, out)
    if table is None:
        return None
    _extra_keys(table, {"value", *_PROVENANCE_KEYS}, path, out)
    provenance = _provenance(table, path, out)
    if "value" not in table:
        out.add(f"{path}.value", "missing value")
        return None
    try:
        value = _SCALARS[name](table["value"])
    except (ValueError, ClusterXchangeError) as error:
        out.add(f"{path}.value", str(error))
        return None
    return None if provenance is None else Sourced(value=value, provenance=provenance)


def _period(raw: object, out: _Collector) -> Sourced[Period] | None:
    table = _table(raw, "$.period", out)
    if table is None:
        return None
    _extra_keys(table, {"start", "end", *_PROVENANCE_KEYS}, "$.period", out)
    provenance = _provenance(table, "$.period", out)
    try:
        period = Period(start=_date(table.get("start")), end=_date(table.get("end")))
    except (ValueError, ClusterXchangeError) as error:
        out.add("$.period", str(error))
        return None
    return None if provenance is None else Sourced(value=period, provenance=provenance)


def _per_country(
    raw: object,
    *,
    section: str,
    field: str,
    current: dict[str, _Entry],
    parse: Callable[[Mapping[str, Any]], _Value],
    make: Callable[[str, _Value, Provenance], _Entry],
    out: _Collector,
) -> tuple[_Entry, ...]:
    """Apply the per-country tables of *section* (``ceilings.DK``) to *current*, by code.

    Each table either removes its country (``remove = true``) or gives *field*, parsed with
    *parse*, and its own source; *make* builds the entry.
    """
    from clusterxchange.model.countries import normalize_country

    table = _table(raw, f"$.{section}", out)
    for key, entry in (table or {}).items():
        path = f"$.{section}.{key}"
        try:
            code = normalize_country(key)
        except ClusterXchangeError as error:
            out.add(path, str(error))
            continue
        item = _table(entry, path, out)
        if item is None:
            continue
        _extra_keys(item, {field, "remove", *_PROVENANCE_KEYS}, path, out)
        provenance = _provenance(item, path, out)
        if item.get("remove") is True:
            current.pop(code, None)
            continue
        try:
            value = parse(item)
        except (ValueError, ClusterXchangeError) as error:
            out.add(f"{path}.{field}", str(error))
            continue
        if provenance is not None:
            current[code] = make(code, value, provenance)
    return tuple(current.values())


def _ceilings(raw: object, base: Generation, out: _Collector) -> tuple[Ceiling, ...]:
    return _per_country(
        raw,
        section="ceilings",
        field="value",
        current={c.country: c for c in base.ceilings},
        parse=lambda item: _amount(item.get("value")),
        make=lambda code, amount, provenance: Ceiling(
            country=code, amount=amount, provenance=provenance
        ),
        out=out,
    )


def _countries(raw: object, base: Generation, out: _Collector) -> tuple[Participation, ...]:
    return _per_country(
        raw,
        section="countries",
        field="joined",
        current={p.country: p for p in base.countries},
        parse=lambda item: _date(item["joined"]) if "joined" in item else None,
        make=lambda code, joined, provenance: Participation(
            country=code, joined=joined, provenance=provenance
        ),
        out=out,
    )


def _bases(bases: object) -> dict[str, Generation] | None:
    """Return the generations that may be extended, by id, checked (``None``: the shipped)."""
    if bases is None:
        return None
    if not isinstance(bases, Mapping) or not all(
        isinstance(key, str) and isinstance(value, Generation) for key, value in bases.items()
    ):
        raise InvalidValueError("bases: expected a mapping of generation ids to generations")
    return dict(bases)


def parse_generation(
    document: Mapping[str, Any],
    *,
    file: str | None = None,
    bases: Mapping[str, Generation] | None = None,
) -> Generation:
    """Build a custom generation from a parsed TOML or JSON document.

    Args:
        document: The parsed file: ``id``, ``extends`` and the overrides.
        file: The file name, for error messages.
        bases: The generations that may be extended (default: the shipped ones).

    Raises:
        InvalidGenerationError: With every problem found, each with its path (``$.cap.source``).

    >>> g = parse_generation({"id": "mine", "extends": "cxc2",
    ...     "ceilings": {"DK": {"value": "1000", "source": "our grant"}}})
    >>> g.ceiling("DK").amount, g.ceiling("BE").amount, g.extends
    (Decimal('1000'), Decimal('830'), 'cxc2')
    """
    from clusterxchange.generations import REGISTRY, get_generation

    out = _Collector(file)
    if not isinstance(document, Mapping):
        raise InvalidGenerationError(
            [Problem(message="expected a table at the top", path="$", file=file)]
        )
    _extra_keys(document, _TOP, "$", out)
    generation_id = document.get("id")
    if not isinstance(generation_id, str) or not generation_id.strip():
        out.add("$.id", "a custom generation needs a non-empty id")
        generation_id = "custom"
    extends = document.get("extends")
    pool = _bases(bases)
    if not isinstance(extends, str):
        known = ", ".join(pool or REGISTRY)
        raise InvalidGenerationError(
            [
                *out.problems,
                Problem(
                    message=f"extends must name a generation ({known})", path="$.extends", file=file
                ),
            ]
        )
    try:
        base = pool[extends] if pool is not None else get_generation(extends)
    except (KeyError, ClusterXchangeError):
        known = ", ".join(pool or REGISTRY)
        raise InvalidGenerationError(
            [
                *out.problems,
                Problem(
                    message=f"unknown generation {extends!r} (known: {known})",
                    path="$.extends",
                    file=file,
                ),
            ]
        ) from None
    changes: dict[str, Any] = {}
    for name in _SCALARS:
        if name in document:
            sourced = _scalar(name, document[name], out)
            if sourced is not None:
                changes[name] = sourced
    if "period" in document:
        period = _period(document["period"], out)
        if period is not None:
            changes["period"] = period
    if "ceilings" in document:
        changes["ceilings"] = _ceilings(document["ceilings"], base, out)
    if "countries" in document:
        changes["countries"] = _countries(document["countries"], base, out)
    title = document.get("title", f"{generation_id} (extends {base.id})")
    if not isinstance(title, str):
        out.add("$.title", "expected text")
        title = generation_id
    currency = document.get("currency", base.currency)
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        out.add("$.currency", f"expected an ISO 4217 currency code, got {currency!r}")
        currency = base.currency
    if out.problems:
        raise InvalidGenerationError(out.problems)
    try:
        return attrs.evolve(
            base,
            id=generation_id,
            title=title,
            extends=base.id,
            currency=currency.upper(),
            **changes,
        )
    except (ValueError, ClusterXchangeError) as error:
        raise InvalidGenerationError([Problem(message=str(error), path="$", file=file)]) from None


def load_generation(
    path: str | Path, *, bases: Mapping[str, Generation] | None = None
) -> Generation:
    """Load a custom generation from a ``.toml`` or ``.json`` file.

    Raises:
        InvalidFileError: The file is missing, unreadable, or not valid TOML or JSON.
        InvalidGenerationError: The document is malformed; every problem is listed.
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidValueError(f"expected a path to a generation file, got {type(path).__name__}")
    file = Path(path)
    try:
        raw = file.read_bytes()
    except (OSError, ValueError) as error:  # ValueError: a NUL or lone surrogate in the path
        raise InvalidFileError(
            [
                Problem(
                    message=f"cannot read the file: {getattr(error, 'strerror', None) or error}",
                    file=str(file),
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
        document: Any = json.loads(text) if file.suffix.lower() == ".json" else tomllib.loads(text)
    except UnicodeDecodeError:
        raise InvalidFileError([Problem(message="not UTF-8 text", file=str(file))]) from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError) as error:
        kind = "JSON" if file.suffix.lower() == ".json" else "TOML"
        raise InvalidFileError(
            [Problem(message=f"not valid {kind}: {error}", file=str(file))]
        ) from None
    return parse_generation(document, file=str(file), bases=bases)
