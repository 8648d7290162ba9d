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


#: The members of an organisation's object (the model's JSON: ``to_json``) and the column of
#: the table each one is, after the side (``host`` + ``_country``).
_ORGANISATION_MEMBERS = MappingProxyType(
    {"name": "", "country": "_country", "kind": "_kind", "pic": "_pic"}
)
#: The members of nested objects that are columns: (object, member) -> column.
_RECORD_MEMBERS = MappingProxyType(
    {
        ("final_report", "submitted"): "report_submitted",
        ("final_report", "validated"): "report_validated",
        ("payment", "date"): "paid_on",
        ("payment", "amount"): "paid_amount",
    }
)
#: Members of the model's JSON that no column holds, at their default: they say nothing.
_DEFAULTS = MappingProxyType({"representative": None, "lump_sum_used": True})


def _carries(value: object) -> bool:
    """Whether a member the table has no column for holds anything (not null, not empty)."""
    return value is not None and value not in ([], {}, "")


def _flattened(row: _Object, number: int, ignored: dict[str, int]) -> _Object:
    """Return *row* with the model's nested objects as the table's columns.

    The JSON of :func:`~clusterxchange.model.serialization.to_json` nests each organisation
    (``"host": {"name": ..., "country": ...}``), the final report (``documents``) and the
    payment; they become ``host``, ``host_country``, ..., ``report_submitted``, ``paid_on``.
    A nested member that no column holds and that holds something (an SME's ``figures``, a
    commitment) is recorded in *ignored* (its path -> the first object's number), for a
    warning; an empty one, or a default, says nothing. An organisation's object without a
    ``name`` stays as it is, an error of its cell.
    """
    if not any(isinstance(value, Mapping) for value in row.values()):
        return row
    flat = _Object()
    flat.duplicated_keys = row.duplicated_keys

    def put(column: str, value: object) -> None:
        flat.setdefault(column, value)

    for key, value in row.items():
        if key in ("host", "visitor") and isinstance(value, Mapping) and "name" in value:
            for member, inner in value.items():
                path = f"{key}.{member}"
                if member in _ORGANISATION_MEMBERS:
                    put(key + _ORGANISATION_MEMBERS[member], inner)
                elif member == "clusters" and isinstance(inner, list):
                    names = [c.get("name") if isinstance(c, Mapping) else c for c in inner]
                    put(f"{key}_clusters", names)
                    if any(isinstance(c, Mapping) and _carries(c.get("eccp_profiled"))
                           for c in inner):  # fmt: skip
                        ignored.setdefault(f"{path}.eccp_profiled", number)
                elif member == "location" and isinstance(inner, Mapping):
                    put(f"{key}_lat", inner.get("latitude"))
                    put(f"{key}_lon", inner.get("longitude"))
                elif _carries(inner):
                    ignored.setdefault(path, number)
        elif key in ("documents", "payment") and isinstance(value, Mapping):
            parts = value.get("final_report") if key == "documents" else value
            for member, inner in value.items():
                if key == "documents" and member != "final_report" and _carries(inner):
                    ignored.setdefault(f"documents.{member}", number)
            if isinstance(parts, Mapping):
                kind = "final_report" if key == "documents" else "payment"
                for member, inner in parts.items():
                    column = _RECORD_MEMBERS.get((kind, member))
                    if column is not None:
                        put(column, inner)
                    elif _carries(inner):
                        ignored.setdefault(f"{key}.{member}", number)
        elif (key in _DEFAULTS and value == _DEFAULTS[key]) or (
            key in ("documents", "payment") and value is None
        ):
            continue
        else:
            put(key, value)
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
