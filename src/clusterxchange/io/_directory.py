"""An organisation directory: the partnership file fills what a sheet leaves blank.

A partnership file (TOML, the format of the bundled ``tideway-partnership.toml``) lists the
partnership's clusters, each with its cluster organisation and its members: name, country,
kind, PIC and location. Sheets often name an organisation and nothing else.
:func:`fill_from_directory` looks each organisation of a table up in the directory and fills
the country, kind, PIC, cluster memberships and location the sheet left blank:

- An organisation is matched by its PIC when the sheet and the directory both have one, else
  by its name compared folded (case, accents, punctuation and a trailing legal form such as
  "GmbH", "ApS" or "Lda" do not matter, as for ``visitor_once``), and by its country when the
  sheet gives one. The sheet's name stays as written.
- Only blank values are filled; a value the sheet gives is never changed. A sheet value that
  disagrees with the directory (the sheet says DE, the directory DK) is a warning naming both.
- Every fill is reported: one warning per organisation filled, naming what was filled and on
  which rows, and a summary. The organisations the directory does not know, and that lack a
  country, kind or clusters, are listed once. Several directory entries that match one name
  and disagree fill nothing they disagree on, with a warning.

File format::

    name = "TIDEWAY"                  # required
    generation = "cxc2"               # optional
    [[clusters]]
    name = "Skovlund Wind Cluster"    # required: the cluster and its cluster organisation
    country = "DK"                    # the cluster organisation's; optional, as below
    pic = "911000101"
    eccp_profiled = true              # optional, default false
    sectors = ["offshore wind"]
    location = { latitude = 55.4765, longitude = 8.4594 }
    members = [
      { name = "Vestkyst Blade Service ApS", country = "DK", kind = "sme", pic = "912100011",
        location = { latitude = 55.51, longitude = 8.58 } },
    ]

A member's ``country``, ``kind``, ``pic`` and ``location`` are optional (only a name is
required); kinds are the canonical ids or the labels :data:`KIND_LABELS` lists. The cluster
organisation is of kind ``cluster_organisation``; each organisation is a member of its
cluster (an organisation listed under two clusters is a member of both).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from clusterxchange.eligibility._identity import normalise_name
from clusterxchange.io._labels import KIND_LABELS, fold_label
from clusterxchange.io._rows import ExchangeTable
from clusterxchange.io._text import read_bytes, unusable
from clusterxchange.model import (
    Cluster,
    ClusterRef,
    Exchange,
    Location,
    Organisation,
    OrganisationKind,
    Partnership,
)
from clusterxchange.model.errors import (
    ClusterXchangeError,
    InvalidRecordError,
    InvalidValueError,
    Problem,
)

__all__ = ["DIRECTORY_FIELDS", "fill_from_directory", "load_partnership", "parse_partnership"]

#: The organisation fields a directory fills, in the order its warnings name them.
DIRECTORY_FIELDS: tuple[str, ...] = ("country", "kind", "pic", "clusters", "location")

#: Fields whose disagreement between sheet and directory is worth a warning (clusters: a sheet
#: naming fewer clusters than the directory does not contradict it; locations: decimals).
_COMPARED = ("country", "kind", "pic")
#: Fields whose absence leaves a rule undecided: an unknown organisation without one is listed.
_DECIDING = ("country", "kind", "clusters")
_LIST_LIMIT = 10

_TOP_KEYS = frozenset({"name", "generation", "clusters"})
_CLUSTER_KEYS = frozenset(
    {"name", "country", "pic", "eccp_profiled", "sectors", "location", "members"}
)
_MEMBER_KEYS = frozenset({"name", "country", "kind", "pic", "location"})
_LOCATION_KEYS = frozenset({"latitude", "longitude"})


# --------------------------------------------------------------------------------------------
# Reading the partnership file
# --------------------------------------------------------------------------------------------


class _Problems:
    """The problems of one document, each located by its path in the document."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.found.append(Problem(message=message, file=self.file, path=path))

    def keys(self, entry: Mapping[str, Any], known: frozenset[str], path: str) -> None:
        for key in entry:
            if key not in known:
                expected = ", ".join(sorted(known))
                self.add(f"{path}.{key}", f"unknown key: expected one of {expected}")

    def table(self, value: object, path: str, what: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(path, f"expected {what}, found {type(value).__name__}")
        return None

    def convert(self, path: str, build: Callable[[], Any]) -> Any:
        """Return ``build()``, or ``None`` with a problem when the model refuses the value."""
        try:
            return build()
        except ClusterXchangeError as error:
            self.add(path, str(error))
        except (TypeError, ValueError) as error:  # pragma: no cover - the model raises its own
            self.add(path, str(error))
        return None


def _kind(value: object) -> OrganisationKind | None:
    if value is None or isinstance(value, OrganisationKind):
        return value
    if isinstance(value, str):
        found = KIND_LABELS.get(fold_label(value))
        if found is not None:
            return found
    known = ", ".join(kind.value for kind in OrganisationKind)
    raise InvalidValueError(f"unknown organisation kind {value!r}: expected one of {known}")


def _location(entry: Mapping[str, Any], path: str, problems: _Problems) -> Location | None:
    point = entry.get("location")
    if point is None:
        return None
    table = problems.table(point, f"{path}.location", "{ latitude = ..., longitude = ... }")
    if table is None:
        return None
    problems.keys(table, _LOCATION_KEYS, f"{path}.location")
    if "latitude" not in table or "longitude" not in table:
        problems.add(f"{path}.location", "expected both latitude and longitude")
        return None
    location: Location | None = problems.convert(
        f"{path}.location",
        lambda: Location(latitude=table["latitude"], longitude=table["longitude"]),
    )
    return location


def _organisation(
    entry: Mapping[str, Any],
    path: str,
    problems: _Problems,
    *,
    ref: ClusterRef | None,
    kind: OrganisationKind | None = None,
    sectors: tuple[str, ...] = (),
) -> Organisation | None:
    if "name" not in entry:
        problems.add(f"{path}.name", "every organisation needs a name")
        return None
    before = len(problems.found)
    if kind is None:
        kind = problems.convert(f"{path}.kind", lambda: _kind(entry.get("kind")))
    location = _location(entry, path, problems)
    organisation: Organisation | None = problems.convert(
        path,
        lambda: Organisation(
            name=entry["name"],
            country=entry.get("country"),
            kind=kind,
            pic=entry.get("pic"),
            clusters=None if ref is None else [ref],
            location=location,
            sectors=sectors,
        ),
    )
    return organisation if len(problems.found) == before else None


def _cluster(entry: Mapping[str, Any], path: str, problems: _Problems) -> Cluster | None:
    problems.keys(entry, _CLUSTER_KEYS, path)
    eccp = entry.get("eccp_profiled", False)
    if not isinstance(eccp, bool):
        problems.add(f"{path}.eccp_profiled", f"expected true or false, found {eccp!r}")
        eccp = False
    if "name" not in entry:
        problems.add(f"{path}.name", "every cluster needs a name")
        return None
    ref: ClusterRef | None = problems.convert(
        f"{path}.name", lambda: ClusterRef(name=entry["name"], eccp_profiled=eccp)
    )
    sectors = entry.get("sectors", [])
    if not isinstance(sectors, list) or not all(isinstance(s, str) for s in sectors):
        problems.add(f"{path}.sectors", 'expected a list of sectors (["offshore wind", ...])')
        sectors = []
    organisation = _organisation(
        entry,
        path,
        problems,
        ref=ref,
        kind=OrganisationKind.CLUSTER_ORGANISATION,
        sectors=tuple(sectors),
    )
    members: list[Organisation] = []
    listed = entry.get("members", [])
    if not isinstance(listed, list):
        problems.add(
            f"{path}.members", f"expected a list of members, found {type(listed).__name__}"
        )
        listed = []
    for k, member in enumerate(listed):
        where = f"{path}.members[{k}]"
        table = problems.table(member, where, "a member { name = ..., kind = ... }")
        if table is None:
            continue
        problems.keys(table, _MEMBER_KEYS, where)
        found = _organisation(table, where, problems, ref=ref)
        if found is not None:
            members.append(found)
    if organisation is None or ref is None:
        return None
    cluster: Cluster | None = problems.convert(
        path,
        lambda: Cluster(
            name=entry["name"],
            organisation=organisation,
            eccp_profiled=eccp,
            sectors=sectors,
            members=members,
        ),
    )
    return cluster


def parse_partnership(document: Mapping[str, Any], *, file: str | None = None) -> Partnership:
    """Return the partnership in *document*, a mapping shaped like the partnership file.

    Every problem is collected before raising, each naming the file and where in it.

    Raises:
        InvalidRecordError: A key is unknown or a value is wrong (a country, a kind, a PIC...).

    >>> tideway = parse_partnership({"name": "TIDEWAY", "clusters": [{"name": "Skovlund Wind",
    ...     "country": "DK", "members": [{"name": "Vestkyst ApS", "kind": "SME"}]}]})
    >>> member = tideway.clusters[0].members[0]
    >>> member.name, member.kind, member.country, member.clusters
    ('Vestkyst ApS', <OrganisationKind.SME: 'sme'>, None, (ClusterRef(name='Skovlund Wind', eccp_profiled=False),))
    >>> parse_partnership({"name": "X", "clusters": [{"name": "C", "contry": "DK"}]}, file="p.toml")
    Traceback (most recent call last):
    ...
    clusterxchange.model.errors.InvalidRecordError: p.toml, clusters[0].contry: unknown key: expected one of country, eccp_profiled, location, members, name, pic, sectors
    """  # noqa: E501
    if not isinstance(document, Mapping):
        raise InvalidRecordError(
            [Problem(message="expected a table of the partnership", file=file, path="$")]
        )
    problems = _Problems(file)
    problems.keys(document, _TOP_KEYS, "$")
    name = document.get("name")
    if name is None:
        problems.add("name", 'expected the partnership\'s name (name = "TIDEWAY")')
    generation = document.get("generation")
    if generation is not None and not isinstance(generation, str):
        problems.add("generation", f"expected a generation id such as cxc2, found {generation!r}")
    clusters: list[Cluster] = []
    listed = document.get("clusters", [])
    if not isinstance(listed, list):
        problems.add("clusters", "expected a list of clusters ([[clusters]] tables)")
        listed = []
    for k, entry in enumerate(listed):
        table = problems.table(entry, f"clusters[{k}]", "a cluster table")
        if table is not None:
            found = _cluster(table, f"clusters[{k}]", problems)
            if found is not None:
                clusters.append(found)
    partnership: Partnership | None = None
    if not problems.found:
        partnership = problems.convert(
            "name", lambda: Partnership(name=name, generation=generation, clusters=clusters)
        )
    if problems.found or partnership is None:
        raise InvalidRecordError(problems.found)
    return partnership


def load_partnership(path: str | os.PathLike[str]) -> Partnership:
    r"""Return the partnership in the TOML file at *path* (the partnership file format).

    Raises:
        InvalidFileError: The file is missing, unreadable, or not valid TOML (UTF-8).
        InvalidRecordError: A key or a value is wrong; each problem names the file and where.

    >>> from clusterxchange.examples import example_path
    >>> tideway = load_partnership(example_path("tideway-partnership.toml"))
    >>> tideway.name, [c.organisation.country for c in tideway.clusters]
    ('TIDEWAY', ['DK', 'DE', 'PT', 'HU', 'TR'])
    """
    if not isinstance(path, str | os.PathLike):
        raise InvalidValueError(f"expected a path to a partnership file, got {type(path).__name__}")
    name = os.fsdecode(path)
    data = read_bytes(path, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise unusable(name, "not UTF-8 text: save the partnership file as UTF-8") from None
    try:
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        raise unusable(name, f"not valid TOML: {error}") from None
    return parse_partnership(document, file=name)


# --------------------------------------------------------------------------------------------
# Looking organisations up, and filling them
# --------------------------------------------------------------------------------------------


def _listed(partnership: Partnership) -> Iterable[Organisation]:
    for cluster in partnership.clusters:
        yield cluster.organisation
        yield from cluster.members


def _value(organisation: Organisation, field: str) -> object:
    value: object = getattr(organisation, field)
    return value


def _merge(candidates: Sequence[Organisation]) -> tuple[dict[str, object], tuple[str, ...]]:
    """Return the values the candidates give (the first of each), and the fields they dispute.

    Cluster memberships are joined: an organisation listed under two clusters is in both.
    """
    values: dict[str, object] = {}
    disputed: list[str] = []
    for field in DIRECTORY_FIELDS:
        if field == "clusters":
            refs: dict[str, ClusterRef] = {}
            for candidate in candidates:
                for ref in candidate.clusters or ():
                    refs.setdefault(ref.name.casefold(), ref)
            if refs:
                values[field] = tuple(refs.values())
            continue
        seen = [v for v in (_value(c, field) for c in candidates) if v is not None]
        if not seen:
            continue
        if any(v != seen[0] for v in seen[1:]):
            disputed.append(field)
            continue
        values[field] = seen[0]
    return values, tuple(disputed)


def _shown(field: str, value: object) -> str:
    if field == "clusters" and isinstance(value, tuple):
        return "; ".join(ref.name for ref in value if isinstance(ref, ClusterRef)) or "none"
    if field == "kind" and isinstance(value, OrganisationKind):
        return value.value
    if field == "location" and isinstance(value, Location):
        return f"{value.latitude}, {value.longitude}"
    return str(value)


def _rows(rows: Sequence[int]) -> str:
    shown = ", ".join(map(str, rows[:_LIST_LIMIT]))
    more = f" and {len(rows) - _LIST_LIMIT} more" if len(rows) > _LIST_LIMIT else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@attrs.define
class _Outcome:
    """What the directory did for one organisation of the sheet."""

    organisation: Organisation
    filled: tuple[str, ...] = ()
    disagreements: tuple[tuple[str, object], ...] = ()  # (field, the directory's value)
    note: str | None = None  # why nothing was filled from a matching name
    known: bool = False
    source: tuple[int, ...] = ()  # the directory entries it was filled from, by identity
    rows: list[int] = attrs.Factory(list)


class _Directory:
    """The directory's organisations by PIC and by folded name, and the outcome of each look-up."""

    def __init__(self, partnership: Partnership) -> None:
        self.by_pic: dict[str, list[Organisation]] = {}
        self.by_name: dict[str, list[Organisation]] = {}
        for organisation in _listed(partnership):
            if organisation.pic is not None:
                self.by_pic.setdefault(organisation.pic, []).append(organisation)
            self.by_name.setdefault(normalise_name(organisation.name), []).append(organisation)
        self.outcomes: dict[Organisation, _Outcome] = {}

    def candidates(self, sheet: Organisation) -> tuple[list[Organisation], str | None]:
        """Return the entries that are *sheet*'s organisation, or none and the reason."""
        if sheet.pic is not None and sheet.pic in self.by_pic:
            return self.by_pic[sheet.pic], None
        named = self.by_name.get(normalise_name(sheet.name), [])
        if sheet.pic is not None:
            other_pic = [c for c in named if c.pic is not None and c.pic != sheet.pic]
            named = [c for c in named if c.pic is None]
            if other_pic and not named:
                pics = ", ".join(sorted({str(c.pic) for c in other_pic}))
                return [], f"the directory gives that name the PIC {pics}, the sheet {sheet.pic}"
        if sheet.country is not None:
            elsewhere = [c for c in named if c.country is not None and c.country != sheet.country]
            named = [c for c in named if c.country is None or c.country == sheet.country]
            if elsewhere and not named:
                countries = ", ".join(sorted({str(c.country) for c in elsewhere}))
                return [], f"the sheet says {sheet.country}, the directory knows it in {countries}"
        return named, None

    def look_up(self, sheet: Organisation, row: int) -> Organisation:
        """Return *sheet* with its blanks filled from the directory (the outcome recorded)."""
        outcome = self.outcomes.get(sheet)
        if outcome is None:
            outcome = self.outcomes[sheet] = self._fill(sheet)
        if not outcome.rows or outcome.rows[-1] != row:  # a group row's exchanges share it
            outcome.rows.append(row)
        return outcome.organisation

    def _fill(self, sheet: Organisation) -> _Outcome:
        candidates, note = self.candidates(sheet)
        if not candidates:
            return _Outcome(organisation=sheet, note=note)
        values, disputed = _merge(candidates)
        changes: dict[str, Any] = {}
        disagreements: list[tuple[str, object]] = []
        for field, value in values.items():
            given = _value(sheet, field)
            if given is None:
                changes[field] = value
            elif field in _COMPARED and given != value:
                disagreements.append((field, value))
        note = None
        if disputed:
            note = f"the directory lists it more than once, with different {_and(disputed)}"
        filled = attrs.evolve(sheet, **changes) if changes else sheet
        return _Outcome(
            organisation=filled,
            filled=tuple(changes),
            disagreements=tuple(disagreements),
            note=note,
            known=True,
            source=tuple(map(id, candidates)),
        )


def _unnamed_of(first: Organisation, other: Organisation) -> bool:
    """Whether *other* is one of the unnamed visitors a group row made from *first*."""
    return (
        other.pic is None
        and other.name.startswith(f"{first.name} (visitor ")
        and attrs.evolve(other, name=first.name, pic=first.pic) == first
    )


def fill_from_directory(
    table: ExchangeTable, directory: Partnership | str | os.PathLike[str]
) -> ExchangeTable:
    """Return *table* with the blanks of its organisations filled from *directory*.

    An organisation is matched by its PIC when the table and the directory both have one, else
    by its name compared folded (case, accents, punctuation and a trailing legal form such as
    "GmbH" or "Lda" aside) and by its country when the table gives one. Only what the table
    left blank is filled (country, kind, PIC, cluster memberships, location); a value it gives
    is never changed, and one that disagrees with the directory is a warning naming both. The
    unnamed visitors of a group row are filled like its named visitor, without its PIC.

    The table's rows, errors and order do not change. Its warnings gain a summary, one line
    per organisation filled (what, and on which rows), each disagreement, and one line listing
    the organisations the directory does not know that lack a country, kind or clusters.

    Args:
        table: An exchange table as read (:func:`read_exchanges` or another reader).
        directory: A :class:`~clusterxchange.model.Partnership`, or the path of a partnership
            file (see :func:`load_partnership`).

    Raises:
        InvalidFileError: The partnership file cannot be read.
        InvalidRecordError: The partnership file has a wrong key or value.

    >>> from clusterxchange.examples import example_partnership
    >>> from clusterxchange.io import parse_exchange_rows
    >>> sheet = parse_exchange_rows([{"host": "Skovlund Wind Cluster",
    ...     "visitor": "Wattwerk Elektrolyse", "visitor_country": "DE"}], file="sheet.csv")
    >>> filled = fill_from_directory(sheet, example_partnership())
    >>> visitor = filled.exchanges[0].visitor
    >>> visitor.name, visitor.country, visitor.kind, visitor.pic
    ('Wattwerk Elektrolyse', 'DE', <OrganisationKind.SME: 'sme'>, '912200011')
    >>> print(filled.warnings[-1])
    sheet.csv, row 2: directory: Wattwerk Elektrolyse: filled kind sme, PIC 912200011, clusters Elbmarsch Hydrogen Network, location 53.54, 10.02 (row 2)
    """  # noqa: E501
    partnership = directory if isinstance(directory, Partnership) else load_partnership(directory)
    if not isinstance(table, ExchangeTable):
        raise InvalidValueError(f"expected an ExchangeTable, got {type(table).__name__}")
    book = _Directory(partnership)
    exchanges: list[Exchange] = []
    first_of_row: dict[int, tuple[Organisation, Organisation]] = {}
    for row, exchange in zip(table.rows, table.exchanges, strict=True):
        host = book.look_up(exchange.host, row)
        sheet_visitor = exchange.visitor
        group = first_of_row.get(row)
        if group is not None and _unnamed_of(group[0], sheet_visitor):
            # An unnamed visitor of a group row: the first visitor's fills, but not its PIC.
            first, filled_first = group
            visitor = sheet_visitor
            if filled_first is not first:
                visitor = attrs.evolve(filled_first, name=sheet_visitor.name, pic=None)
        else:
            visitor = book.look_up(sheet_visitor, row)
            first_of_row.setdefault(row, (sheet_visitor, visitor))
        if host is not exchange.host or visitor is not sheet_visitor:
            exchanges.append(attrs.evolve(exchange, host=host, visitor=visitor))
        else:
            exchanges.append(exchange)
    warnings = _report(book, table.file)
    return attrs.evolve(table, exchanges=tuple(exchanges), warnings=(*table.warnings, *warnings))


def _report(book: _Directory, file: str | None) -> list[Problem]:
    """Return the warnings of a fill: a summary, then one line per organisation and matter.

    The sheet may write one organisation with different cells on different rows (a PIC on
    some rows only): each is looked up on its own, and the lines join them by name.
    """
    # A line's text (without its rows) -> its rows; the filled values of each organisation.
    lines: dict[str, set[int]] = {}
    filled: dict[tuple[str, tuple[int, ...]], tuple[dict[str, object], set[int]]] = {}
    unknown: dict[str, set[int]] = {}
    for outcome in book.outcomes.values():
        organisation = outcome.organisation
        name = organisation.name
        if outcome.filled:
            values, rows = filled.setdefault((name, outcome.source), ({}, set()))
            values.update((f, _value(organisation, f)) for f in outcome.filled)
            rows.update(outcome.rows)
        for field, value in outcome.disagreements:
            given = _shown(field, _value(organisation, field))
            text = (
                f"{name}: the sheet gives {_field_label(field)} {given}, the directory "
                f"{_shown(field, value)}; the sheet's value is kept"
            )
            lines.setdefault(text, set()).update(outcome.rows)
        if outcome.note is not None:
            text = f"{name}: {'partly' if outcome.filled else 'not'} filled: {outcome.note}"
            lines.setdefault(text, set()).update(outcome.rows)
        deciding_blank = any(getattr(organisation, f) is None for f in _DECIDING)
        if not outcome.known and outcome.note is None and deciding_blank:
            unknown.setdefault(name, set()).update(outcome.rows)
    for (name, _), (values, rows) in filled.items():
        what = ", ".join(
            f"{_field_label(f)} {_shown(f, values[f])}" for f in DIRECTORY_FIELDS if f in values
        )
        lines.setdefault(f"{name}: filled {what}", set()).update(rows)
    warnings: list[Problem] = []
    if filled:
        fields = {field for values, _ in filled.values() for field in values}
        listed = [_field_label(f) for f in DIRECTORY_FIELDS if f in fields]
        filled_rows = {row for _, rows in filled.values() for row in rows}
        summary = (
            f"filled {_and(listed)} of {_count(len(filled), 'organisation')} "
            f"on {_count(len(filled_rows), 'row')}"
        )
        warnings.append(Problem(message=f"directory: {summary}", file=file))
    for text, row_set in sorted(lines.items(), key=lambda item: min(item[1])):
        rows_in_order = sorted(row_set)
        message = f"directory: {text} ({_rows(rows_in_order)})"
        warnings.append(Problem(message=message, file=file, row=rows_in_order[0]))
    if unknown:
        names = [f"{name} ({_rows(sorted(rows))})" for name, rows in unknown.items()]
        more = f" and {len(names) - _LIST_LIMIT} more" if len(names) > _LIST_LIMIT else ""
        text = (
            f"{_count(len(names), 'organisation')} not in the directory, left as written: "
            f"{'; '.join(names[:_LIST_LIMIT])}{more}"
        )
        warnings.append(Problem(message=f"directory: {text}", file=file))
    return warnings


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _field_label(field: str) -> str:
    return "PIC" if field == "pic" else field
