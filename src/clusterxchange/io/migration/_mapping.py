"""The column mapping of another tool's export: their headers and values to ours (TOML)."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from clusterxchange.model.errors import InvalidFileError, InvalidValueError, Problem

__all__ = ["ColumnMapping", "load_mapping", "parse_columns", "parse_mapping"]

_MAPPING_KEYS = frozenset({"columns", "values", "date_format", "delimiter", "encoding"})


@attrs.frozen(kw_only=True)
class ColumnMapping:
    """How another tool's export maps to the exchange table.

    Attributes:
        columns: Their header (as written) -> our column.
        values: Our column -> (their value -> our value).
        date_format: A :func:`~datetime.datetime.strptime` format of their dates, if fixed.
        delimiter: Their CSV delimiter (``None``: the most frequent of ``,`` ``;`` and tab in
            the header line).
        encoding: The text encoding of their file.

    Build one with :func:`parse_mapping` or :func:`load_mapping`, which check it.

    >>> ColumnMapping(columns={"Gast": "visitor", "Gastgeber": "host"}).encoding
    'utf-8-sig'
    """

    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    date_format: str | None = None
    delimiter: str | None = None
    encoding: str = "utf-8-sig"


def _mapping_error(file: str, message: str, path: str | None = None) -> Problem:
    return Problem(message=message, file=file, path=path)


def parse_mapping(document: Mapping[str, Any], *, file: str = "<mapping>") -> ColumnMapping:
    """Return the column mapping of a parsed TOML *document*.

    Raises:
        InvalidFileError: Every problem of the mapping: an unknown key or column of ours, a
            column of ours mapped twice, no host or visitor column, a value that is not text,
            a date format that formats nothing.

    >>> parse_mapping({"columns": {"Gast": "visitor", "Gastgeber": "Host"}}).columns
    {'Gast': 'visitor', 'Gastgeber': 'host'}
    """
    from clusterxchange.io._headers import canonical_column
    from clusterxchange.io._labels import COLUMNS, EXTRA_COLUMNS

    known = set(COLUMNS) | set(EXTRA_COLUMNS)
    problems: list[Problem] = []
    for key in sorted(set(document) - _MAPPING_KEYS):
        problems.append(
            _mapping_error(
                file,
                f"unknown key {key!r}: expected {', '.join(sorted(_MAPPING_KEYS))}",
                f"$.{key}",
            )
        )
    raw_columns = document.get("columns")
    if not isinstance(raw_columns, Mapping) or not raw_columns:
        problems.append(
            _mapping_error(file, "no [columns] table: map their headers to ours", "$.columns")
        )
        raw_columns = {}
    columns, column_problems = parse_columns(raw_columns, file=file)
    problems.extend(column_problems)
    targets = set(columns.values())
    for required in ("host", "visitor"):
        if raw_columns and required not in targets:
            problems.append(_mapping_error(file, f"no column maps to {required}", "$.columns"))
    values: dict[str, dict[str, str]] = {}
    raw_values = document.get("values", {})
    if not isinstance(raw_values, Mapping):
        problems.append(_mapping_error(file, "[values] must hold one table per column", "$.values"))
        raw_values = {}
    for column, table in raw_values.items():
        ours = canonical_column(column)
        if ours not in known or not isinstance(table, Mapping):
            problems.append(
                _mapping_error(
                    file,
                    f"[values.{column}] must be a table for a column of the exchange table",
                    f"$.values.{column}",
                )
            )
            continue
        for theirs, mapped in table.items():
            if not isinstance(mapped, str):
                problems.append(
                    _mapping_error(
                        file,
                        f"{theirs!r} maps to {mapped!r}: expected text",
                        f"$.values.{column}.{theirs}",
                    )
                )
        values[ours] = {k: v for k, v in table.items() if isinstance(v, str)}
    date_format = document.get("date_format")
    if date_format is not None and (
        not isinstance(date_format, str) or dt.date(2023, 3, 6).strftime(date_format) == date_format
    ):
        problems.append(
            _mapping_error(
                file,
                f"date_format {date_format!r} formats no date: expected e.g. '%d.%m.%Y'",
                "$.date_format",
            )
        )
        date_format = None
    delimiter = document.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        problems.append(
            _mapping_error(file, f"delimiter {delimiter!r}: expected one character", "$.delimiter")
        )
        delimiter = None
    encoding = document.get("encoding", "utf-8-sig")
    if not isinstance(encoding, str) or not _known_encoding(encoding):
        problems.append(_mapping_error(file, f"unknown encoding {encoding!r}", "$.encoding"))
        encoding = "utf-8-sig"
    if problems:
        raise InvalidFileError(problems)
    return ColumnMapping(
        columns=columns,
        values=values,
        date_format=date_format,
        delimiter=delimiter,
        encoding=encoding,
    )


def _known_encoding(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False
    return True


def load_mapping(path: str | os.PathLike[str]) -> ColumnMapping:
    r"""Return the column mapping in the TOML file at *path* (see :func:`parse_mapping`).

    Raises:
        InvalidFileError: The file is missing, not TOML, or not a valid mapping.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mapping.toml"
    >>> _ = path.write_text('[columns]\nGast = "visitor"\nGastgeber = "host"\n')
    >>> load_mapping(path).columns
    {'Gast': 'visitor', 'Gastgeber': 'host'}
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidValueError(f"expected a path to a mapping file, got {type(path).__name__}")
    name = os.fspath(path)
    try:
        with open(path, "rb") as stream:
            document = tomllib.load(stream)
    except FileNotFoundError:
        raise InvalidFileError([Problem(message="no such file", file=name)]) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidFileError([Problem(message=f"not valid TOML: {error}", file=name)]) from None
    except (OSError, ValueError) as error:  # ValueError: not UTF-8, or a NUL in the path
        raise InvalidFileError([Problem(message=f"cannot read: {error}", file=name)]) from None
    return parse_mapping(document, file=name)


def parse_columns(
    raw_columns: Mapping[str, object], *, file: str = "<mapping>"
) -> tuple[dict[str, str], list[Problem]]:
    """Return the ``[columns]`` table of a mapping (their header -> our column), and its problems.

    Our columns may be written as headers are (``"Host country"`` is ``host_country``). A
    problem names the file and the key: a target that is not a column of the exchange table,
    or a column of ours that two headers map to.

    >>> parse_columns({"Gast": "visitor", "Ort": "town"}, file="cols.toml")[1][0].path
    '$.columns.Ort'
    """
    from clusterxchange.io._headers import canonical_column
    from clusterxchange.io._labels import COLUMNS, EXTRA_COLUMNS

    known = set(COLUMNS) | set(EXTRA_COLUMNS)
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    targets: dict[str, str] = {}
    for theirs, ours in raw_columns.items():
        column = canonical_column(ours) if isinstance(ours, str) else None
        if column not in known:
            problems.append(
                _mapping_error(
                    file,
                    f"{theirs!r} maps to {ours!r}, which is not a column of the exchange table",
                    f"$.columns.{theirs}",
                )
            )
            continue
        assert column is not None
        if column in targets:
            problems.append(
                _mapping_error(
                    file,
                    f"{targets[column]!r} and {theirs!r} both map to {column}: keep one",
                    f"$.columns.{theirs}",
                )
            )
            continue
        targets[column] = theirs
        columns[theirs] = column
    return columns, problems
