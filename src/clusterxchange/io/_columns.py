"""A table's own headers mapped to the exchange table's columns (``--columns FILE.toml``).

A columns file is the ``[columns]`` table of a migration mapping (see
:func:`~clusterxchange.io.migration.load_mapping`), and nothing else: the same lines map the same
headers in both. Unlike a migration mapping, it need not name the host and visitor columns
(the headers the readers already know still count), and it cannot convert values or set a
date format or encoding (use :func:`~clusterxchange.io.migration.migrate` for those)::

    [columns]
    "Organisme hôte" = "host"
    "Pays hôte" = "host_country"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from types import MappingProxyType

from clusterxchange.io._headers import fold_header
from clusterxchange.model.errors import InvalidFileError, InvalidValueError, Problem

__all__ = ["ColumnNames", "HeaderColumns", "load_columns"]

#: What ``columns=`` accepts: a mapping of header -> column, or the path of a columns file.
ColumnNames = Mapping[str, str] | str | os.PathLike[str]

#: Folded header (:func:`~clusterxchange.io._headers.fold_header`) -> canonical column.
HeaderColumns = Mapping[str, str]


def _read_toml(path: str | os.PathLike[str]) -> tuple[str, Mapping[str, object]]:
    name = os.fspath(path) if isinstance(path, str) else os.fsdecode(path)
    try:
        with open(path, "rb") as stream:
            return name, tomllib.load(stream)
    except FileNotFoundError:
        raise InvalidFileError([Problem(message="no such file", file=name)]) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidFileError([Problem(message=f"not valid TOML: {error}", file=name)]) from None
    except (OSError, ValueError) as error:  # ValueError: not UTF-8, or a NUL in the path
        raise InvalidFileError([Problem(message=f"cannot read: {error}", file=name)]) from None


def load_columns(columns: ColumnNames | None) -> HeaderColumns:
    """Return the folded header -> canonical column of ``columns=`` (empty for ``None``).

    Raises:
        InvalidFileError: The file is missing or not TOML, or a header maps to something that
            is not a column of the exchange table (the problem names the file and the key).
        InvalidValueError: *columns* is neither a mapping nor a path.

    >>> load_columns({"Organisme hôte": "Host", "Pays hôte": "host_country"})["organisme_hote"]
    'host'
    >>> load_columns({"Ort": "town"})
    Traceback (most recent call last):
    ...
    clusterxchange.model.errors.InvalidFileError: <columns>, $.columns.Ort: 'Ort' maps to 'town', which is not a column of the exchange table
    """  # noqa: E501
    from clusterxchange.io.migration._mapping import parse_columns

    if columns is None:
        return MappingProxyType({})
    if isinstance(columns, Mapping):
        file, raw = "<columns>", columns
    elif isinstance(columns, str | os.PathLike):
        file, document = _read_toml(columns)
        problems = [
            Problem(
                message=f"{key!r} belongs to a migration mapping: a columns file has only a "
                "[columns] table (convert values with clusterxchange.io.migration.migrate)",
                file=file,
                path=f"$.{key}",
            )
            for key in document
            if key != "columns"
        ]
        table = document.get("columns")
        if not isinstance(table, Mapping):
            problems.append(
                Problem(
                    message="no [columns] table: map your headers to the table's columns",
                    file=file,
                    path="$.columns",
                )
            )
            table = {}
        if problems:
            raise InvalidFileError(problems)
        raw = table
    else:
        raise InvalidValueError(
            f"columns: expected a mapping of header -> column or a path to a TOML file, got "
            f"{type(columns).__name__}"
        )
    mapped, problems = parse_columns(raw, file=file)
    for theirs in mapped:
        if not fold_header(str(theirs)):
            problems.append(
                Problem(
                    message=f"{theirs!r} is not a header", file=file, path=f"$.columns.{theirs}"
                )
            )
    if problems:
        raise InvalidFileError(problems)
    return MappingProxyType({fold_header(str(theirs)): ours for theirs, ours in mapped.items()})
