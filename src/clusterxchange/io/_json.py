"""Exchange tables in JSON, and large JSON documents written one item at a time.

Reading (:func:`read_exchanges_json`): the CSV's fields, one object per exchange, or the
model's own JSON (:func:`~clusterxchange.model.serialization.to_json` of each exchange), whose
nested organisations, final report and payment are read as those fields.

The document is an array of objects, or an object whose ``exchanges`` member is that array
(its other members are reported as warnings and ignored). Values may be typed: numbers for
``working_days`` and coordinates, a list of names for ``host_clusters``/``visitor_clusters``.
A row is the 1-based position of the object in the array, and each problem also carries its
JSON path (``$[2].start``, 0-based, as JSON tools count).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import IO

import attrs

from clusterxchange.io._columns import ColumnNames, load_columns
from clusterxchange.io._labels import REQUIRED_COLUMNS
from clusterxchange.io._numbers import check_decimal
from clusterxchange.io._rows import Columns, ExchangeTable, read_rows
from clusterxchange.io._text import Source, file_name, read_text_source, unusable
from clusterxchange.model.errors import Problem

__all__ = ["JSONText", "read_exchanges_json", "write_json_document"]


class _Object(dict[str, object]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicated_keys: tuple[str, ...] = ()


def _object(pairs: Sequence[tuple[str, object]]) -> _Object:
    result = _Object(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicated: list[str] = []
        for key, _ in pairs:
            if key in seen:
                duplicated.append(key)
            seen.add(key)
        result.duplicated_keys = tuple(duplicated)
    return result


def _nested_columns() -> dict[tuple[str, ...], str]:
    columns = {
        ("documents", "final_report", "submitted"): "report_submitted",
        ("documents", "final_report", "validated"): "report_validated",
        ("payment", "date"): "paid_on",
        ("payment", "amount"): "paid_amount",
    }
    for side in ("host", "visitor"):
        for member, suffix in (("name", ""), ("country", "_country"), ("kind", "_kind"),
                               ("pic", "_pic"), ("clusters", "_clusters")):  # fmt: skip
            columns[side, member] = side + suffix
        columns[side, "location", "latitude"] = f"{side}_lat"
        columns[side, "location", "longitude"] = f"{side}_lon"
    return columns


#: The members of the model's JSON (:func:`~clusterxchange.model.serialization.to_json`)
#: nested in an object that are columns of the table: path -> column.
_NESTED_COLUMNS = MappingProxyType(_nested_columns())
#: The objects on the way to a nested column (``("host",)``, ``("documents", "final_report")``).
_NESTED_OBJECTS = frozenset(path[:end] for path in _NESTED_COLUMNS for end in range(1, len(path)))
#: Members of the model's JSON that no column holds, at their default or null: they say nothing.
_DEFAULTS = MappingProxyType(
    {"representative": None, "lump_sum_used": True, "documents": None, "payment": None}
)


def _carries(value: object) -> bool:
    """Whether a member the table has no column for holds anything (not null, not empty)."""
    return value is not None and value not in ([], {}, "")


def _flattened(row: _Object, number: int, ignored: dict[str, int]) -> _Object:
    """Return *row* with the model's nested objects as the table's columns.

    The JSON of :func:`~clusterxchange.model.serialization.to_json` nests each organisation
    (``"host": {"name": ..., "country": ...}``), the final report (``documents``) and the
    payment; they become ``host``, ``host_country``, ..., ``report_submitted``, ``paid_on``
    (:data:`_NESTED_COLUMNS`). A nested member that no column holds and that holds something
    (an SME's ``figures``, a commitment) is recorded in *ignored* (its path -> the first
    object's number), for a warning; an empty one, or a default, says nothing. An
    organisation's object without a ``name`` stays as it is, an error of its cell.
    """
    if not any(isinstance(value, Mapping) for value in row.values()):
        return row
    flat = _Object()
    flat.duplicated_keys = row.duplicated_keys

    def walk(path: tuple[str, ...], value: Mapping[str, object]) -> None:
        for member, inner in value.items():
            inside = (*path, member)
            column = _NESTED_COLUMNS.get(inside)
            if column is not None and column.endswith("_clusters") and isinstance(inner, list):
                # The model's cluster references, as their names (the table's cells).
                refs = [c for c in inner if isinstance(c, Mapping)]
                if any(_carries(ref.get("eccp_profiled")) for ref in refs):
                    ignored.setdefault(".".join((*inside, "eccp_profiled")), number)
                names = [c.get("name") if isinstance(c, Mapping) else c for c in inner]
                flat.setdefault(column, names)
            elif column is not None:
                flat.setdefault(column, inner)
            elif inside in _NESTED_OBJECTS and isinstance(inner, Mapping):
                walk(inside, inner)
            elif _carries(inner):
                ignored.setdefault(".".join(inside), number)

    for key, value in row.items():
        organisation = key in ("host", "visitor")
        if (
            isinstance(value, Mapping)
            and (key,) in _NESTED_OBJECTS
            and (not organisation or "name" in value)
        ):
            walk((key,), value)
        elif key not in _DEFAULTS or value != _DEFAULTS[key]:
            flat.setdefault(key, value)
    return flat


def _constant(name: str) -> object:
    # NaN and Infinity are not JSON; Python's parser accepts them, so keep them as text and
    # let the cell readers refuse them with a located problem.
    return name


def read_exchanges_json(
    source: Source,
    *,
    file: str | None = None,
    columns: ColumnNames | None = None,
    decimal: str | None = None,
) -> ExchangeTable:
    """Return the exchanges in a JSON document, with every problem found.

    Args:
        source: A path, or a text stream.
        file: The name to put in problems (default: the path, or the stream's name).
        decimal: The decimal sign of numbers written as strings (``","`` or ``"."``); by
            default read from the document's own numbers (JSON numbers need none).
        columns: Member names mapped to the exchange table's columns (a mapping, or the path
            of a columns file: see :func:`~clusterxchange.io.read_exchanges`).

    Raises:
        InvalidFileError: The file cannot be used: missing, unreadable, not UTF-8, not JSON,
            not an array of objects, or no object names a host or a visitor.

    >>> import io
    >>> doc = '''[{"host": "Hamburg Aviation", "host_country": "DE",
    ...   "host_kind": "cluster_organisation", "visitor": "Aero Lda", "visitor_country": "PT",
    ...   "visitor_kind": "sme", "working_days": 5}]'''
    >>> table = read_exchanges_json(io.StringIO(doc))
    >>> table.rows, table.exchanges[0].working_days
    ((1,), 5)
    """
    name = file_name(source, file)
    decimal = check_decimal(decimal)
    names = load_columns(columns)
    text, warnings = read_text_source(source, name)
    if not text.strip():
        raise unusable(name, "the file is empty: expected a JSON array of exchanges")
    try:
        document = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise unusable(
            name, f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    except RecursionError:
        raise unusable(name, "not usable JSON: nested too deeply") from None
    path = "$"
    extra: list[Problem] = []
    if isinstance(document, dict) and isinstance(document.get("exchanges"), list):
        path = "$.exchanges"
        extra = [
            Problem(
                message=f"member {key!r} ignored: only 'exchanges' is read",
                file=name,
                path=f"$.{key}",
            )
            for key in document
            if key != "exchanges"
        ]
        document = document["exchanges"]
    if not isinstance(document, list):
        found = (
            "an object without an 'exchanges' array"
            if isinstance(document, dict)
            else type(document).__name__
        )
        raise unusable(
            name,
            f'expected an array of exchange objects (or {{"exchanges": [...]}}), found {found}',
        )
    keys = Columns(name, names)
    ignored: dict[str, int] = {}
    document = [
        _flattened(row, number, ignored) if isinstance(row, _Object) else row
        for number, row in enumerate(document, 1)
    ]
    extra += [
        Problem(
            message=f"member {member!r} ignored (first in object {number}): no column of the "
            "exchange table holds it",
            file=name,
            row=number,
            path=f"{path}[{number - 1}].{member}",
        )
        for member, number in ignored.items()
    ]
    objects = [row for row in document if isinstance(row, dict)]
    present = {keys.canonical(key) for row in objects for key in row}
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if objects and missing:
        raise unusable(
            name, f"no object has a {' or a '.join(missing)}: each exchange needs host and visitor"
        )
    if not document:
        extra.append(Problem(message="the array is empty: no exchanges", file=name, path=path))
    table = read_rows(
        keys.rows(document, 1), file=name, columns=keys.seen, json_path=path, decimal=decimal
    )
    return attrs.evolve(table, warnings=(*warnings, *extra, *keys.warnings, *table.warnings))


#: Encodes one value with the C encoder (``json.dumps`` with ``indent`` uses the pure-Python
#: one, seven times slower), text kept as it is (not as ``\u`` escapes).
_encode = json.JSONEncoder(ensure_ascii=False).encode


class JSONText(str):
    """Text that is JSON already: :func:`write_json_document` writes such an item as it is.

    A writer that encodes the repeated parts of its items once (io/_json.py's caller, the
    ``check`` command, does it for findings) hands the item's text over in one of these.
    """

    __slots__ = ()


def write_json_document(out: IO[str], document: Mapping[str, object]) -> None:
    """Write a JSON object whose long arrays are written one item per line, as they come.

    *document*'s values are JSON values, or iterators: an iterator is written as an array,
    each item encoded and written as soon as it is produced, on a line of its own, so that
    the document is never held in memory as objects or as text. The text parses to the same
    value as ``json.dumps(document, indent=2, ensure_ascii=False)`` with the iterators as
    lists; only the line breaks differ (each item on one line, not one line per member). An
    item that is a :class:`JSONText` is written as it is, without being encoded again.

    >>> import io, sys
    >>> rows = iter([{"row": 2}, JSONText('{"row": 3}')])  # encoded already
    >>> write_json_document(sys.stdout, {"total": 2, "rows": rows, "errors": iter([])})
    {
      "total": 2,
      "rows": [
        {"row": 2},
        {"row": 3}
      ],
      "errors": []
    }
    """
    out.write("{")
    separator = "\n"
    for key, value in document.items():
        out.write(f"{separator}  {_encode(key)}: ")
        separator = ",\n"
        if not isinstance(value, Iterator):
            out.write(_encode(value))
            continue
        opening = "[\n    "
        for item in value:
            out.write(opening + (item if type(item) is JSONText else _encode(item)))
            opening = ",\n    "
        out.write("[]" if opening == "[\n    " else "\n  ]")
    out.write("\n}\n")
