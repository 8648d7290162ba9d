"""The targets file (docs/design.md, "The targets file"): reading it and checking every value."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from typing import Any

from clusterxchange.kpi._targets import (
    EXCHANGES,
    OUTSIDE_PARTNERSHIP,
    VISITOR_KIND,
    Targets,
    kind_key,
    optional_name,
    target_value,
)
from clusterxchange.model import OrganisationKind
from clusterxchange.model.errors import (
    InvalidFileError,
    InvalidRecordError,
    InvalidValueError,
    Problem,
)

__all__ = ["load_targets", "parse_targets"]

_KEYS = ("partnership", EXCHANGES, OUTSIDE_PARTNERSHIP, VISITOR_KIND)


def parse_targets(document: Mapping[str, Any], *, file: str | None = None) -> Targets:
    """Return the targets in *document*, a mapping shaped like the targets file of docs/design.md.

    Every problem is collected before raising, each naming the file and the key.

    Raises:
        InvalidRecordError: A key is unknown, a target is not a whole number >= 1, or a visitor
            kind is not known.

    >>> parse_targets({"exchanges": 80, "visitor_kind": {"SME": 40}}).visitor_kind
    {<OrganisationKind.SME: 'sme'>: 40}
    >>> parse_targets({"exchange": 80}, file="t.toml")
    Traceback (most recent call last):
    ...
    clusterxchange.model.errors.InvalidRecordError: t.toml, exchange: unknown key: expected partnership,
    exchanges, outside_partnership or visitor_kind
    """  # noqa: E501
    if not isinstance(document, Mapping):
        raise InvalidRecordError(
            [Problem(message="expected a table of targets", file=file, path="$")]
        )
    problems: list[Problem] = []

    def problem(path: str, message: str) -> None:
        problems.append(Problem(message=message, file=file, path=path))

    values: dict[str, Any] = {}
    for key, value in document.items():
        name = str(key)
        if name not in _KEYS:
            problem(
                name,
                "unknown key: expected partnership, exchanges, outside_partnership or visitor_kind",
            )
        elif name == "partnership":
            try:
                values["partnership"] = optional_name(value)
            except InvalidValueError as error:
                problem(name, str(error).partition(": ")[2])
        elif name == VISITOR_KIND:
            values[VISITOR_KIND] = _kind_targets(value, problem)
        else:
            try:
                values[name] = target_value(value, name)
            except InvalidValueError as error:
                problem(name, str(error).partition(": ")[2])
    if problems:
        raise InvalidRecordError(problems)
    return Targets(**values)


def _kind_targets(value: object, problem: Any) -> dict[OrganisationKind, int]:
    if not isinstance(value, Mapping):
        problem(
            VISITOR_KIND,
            "expected a table of visitor kinds and their targets "
            "([visitor_kind] with lines such as sme = 40)",
        )
        return {}
    found: dict[OrganisationKind, int] = {}
    seen: set[OrganisationKind] = set()
    for key, target in value.items():
        path = f"{VISITOR_KIND}.{key}"
        try:
            kind = kind_key(key)
        except InvalidValueError as error:
            problem(path, str(error))
            continue
        if kind in seen:
            problem(path, f"the target of {kind.value} is given twice")
            continue
        seen.add(kind)
        try:
            found[kind] = target_value(target, path)
        except InvalidValueError as error:
            problem(path, str(error).partition(": ")[2])
    return found


def load_targets(path: str | os.PathLike[str]) -> Targets:
    r"""Return the targets in the TOML file at *path* (a ``.json`` file is read as JSON).

    Raises:
        InvalidFileError: The file is missing, unreadable, or not valid TOML (or JSON).
        InvalidRecordError: A key or a value is wrong; each problem names the file and key.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "targets.toml"
    >>> _ = path.write_text('partnership = "EXAMPLE"\nexchanges = 80\n'
    ...                     '[visitor_kind]\nsme = 40\n')
    >>> load_targets(path)
    Targets(exchanges=80, outside_partnership=None,
            visitor_kind={<OrganisationKind.SME: 'sme'>: 40}, partnership='EXAMPLE')
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidValueError(f"expected a path to a targets file, got {type(path).__name__}")
    name = os.fsdecode(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        raise _unusable(name, "no such file") from None
    except IsADirectoryError:
        raise _unusable(name, "is a directory, not a targets file") from None
    except OSError as error:
        raise _unusable(name, f"cannot read the file: {error.strerror or error}") from None
    except ValueError as error:  # a NUL or a lone surrogate in the path
        raise _unusable(name, f"cannot read the file: {error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unusable(name, "not UTF-8 text") from None
    document: object
    if name.casefold().endswith(".json"):
        try:
            document = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            raise _unusable(name, f"not valid JSON: {error}") from None
    else:
        try:
            document = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as error:
            raise _unusable(name, f"not valid TOML: {error}") from None
    if not isinstance(document, Mapping):
        raise _unusable(name, "expected a table of targets (exchanges = 80, ...)")
    return parse_targets(document, file=name)


def _unusable(file: str, message: str) -> InvalidFileError:
    return InvalidFileError([Problem(message=message, file=file)])
