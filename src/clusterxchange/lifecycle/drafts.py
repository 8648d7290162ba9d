"""Drafts of group exchanges: built bit by bit, saved and reloaded, then completed.

docs/domain.md, "An eligible exchange": a group exchange is one host, several visitors, the same
dates and event, and a draft group must be savable and reloadable. A draft may lack anything
(the visitors' countries, the dates, the host); what it holds is already checked, so a draft
is incomplete, never wrong. :meth:`GroupDraft.missing` says what is still needed and
:func:`complete_draft` turns a complete draft into a :class:`GroupExchange`.

The file is JSON, written with :mod:`clusterxchange.model.serialization`, inside a small envelope
that names the format and its version, so a later version can still read it::

    {"format": "clusterxchange.group-draft", "version": 1, "host": {...}, "visitors": [...]}

>>> draft = GroupDraft(event="Aero week", visitors=[OrganisationDraft(name="Aero Lda")])
>>> draft.missing()
('host', 'start', 'end', 'visitor 1 (Aero Lda): country', 'visitor 1 (Aero Lda): kind')
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, cast

import attrs

from clusterxchange.model import (
    ClusterRef,
    GroupExchange,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Status,
)
from clusterxchange.model._organisation import to_country, to_kind
from clusterxchange.model._validate import (
    check_date,
    check_instance,
    optional_text,
    to_text_tuple,
    to_tuple_of,
)
from clusterxchange.model.errors import (
    ClusterXchangeError,
    InvalidFileError,
    InvalidRecordError,
    InvalidValueError,
    Problem,
)

__all__ = [
    "DRAFT_FORMAT",
    "DRAFT_VERSION",
    "GroupDraft",
    "OrganisationDraft",
    "complete_draft",
    "load_draft",
    "save_draft",
]

#: The ``format`` of a draft file, and the version this library writes and reads.
DRAFT_FORMAT = "clusterxchange.group-draft"
DRAFT_VERSION = 1


def _optional_country(value: object) -> str | None:
    return None if optional_text(value) is None else to_country(value)


def _optional_kind(value: object) -> OrganisationKind | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_kind(value)


def _optional_clusters(
    values: Iterable[ClusterRef | str] | None,
) -> tuple[ClusterRef, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        raise InvalidValueError("clusters: expected a list of cluster names, got a single text")
    items = to_tuple_of(values, object, "clusters", "cluster names")
    return tuple(v if isinstance(v, ClusterRef) else ClusterRef(name=v) for v in items)


@attrs.frozen(kw_only=True)
class OrganisationDraft:
    """A host or visitor as far as it is known: every field may still be missing.

    ``clusters`` keeps ``None`` (not recorded yet) apart from ``()`` (no cluster); a cluster
    may be given by its name.

    >>> OrganisationDraft(name="Aero Lda", country="Portugal").missing()
    ('kind',)
    """

    name: str | None = attrs.field(default=None, converter=optional_text)
    country: str | None = attrs.field(default=None, converter=_optional_country)
    kind: OrganisationKind | None = attrs.field(default=None, converter=_optional_kind)
    pic: str | None = attrs.field(default=None, converter=optional_text)
    clusters: tuple[ClusterRef, ...] | None = attrs.field(
        default=None, converter=_optional_clusters
    )
    sectors: tuple[str, ...] = attrs.field(default=(), converter=to_text_tuple)
    keywords: tuple[str, ...] = attrs.field(default=(), converter=to_text_tuple)
    location: Location | None = attrs.field(default=None, validator=check_instance(Location))

    def missing(self) -> tuple[str, ...]:
        """Return the names of the fields an :class:`Organisation` needs and this lacks."""
        return tuple(name for name in ("name", "country", "kind") if getattr(self, name) is None)

    @classmethod
    def of(cls, organisation: Organisation) -> OrganisationDraft:
        """Return the draft of a complete *organisation* (for editing a group again).

        >>> OrganisationDraft.of(Organisation(name="Aero", country="PT", kind="sme")).missing()
        ()
        """
        return cls(
            name=organisation.name,
            country=organisation.country,
            kind=organisation.kind,
            pic=organisation.pic,
            clusters=organisation.clusters,
            sectors=organisation.sectors,
            keywords=organisation.keywords,
            location=organisation.location,
        )


def _to_visitors(values: Iterable[OrganisationDraft]) -> tuple[OrganisationDraft, ...]:
    return to_tuple_of(values, OrganisationDraft, "visitors")


def _to_mode(value: object) -> Mode:
    try:
        return Mode(cast("str", value))
    except ValueError:
        raise InvalidValueError(f"mode: expected physical or virtual, got {value!r:.80}") from None


def _to_status(value: object) -> Status:
    try:
        return Status(cast("str", value))
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise InvalidValueError(f"status: expected one of {known}, got {value!r:.80}") from None


@attrs.frozen(kw_only=True)
class GroupDraft:
    """A group exchange being built: one host, several visitors, the same dates and event.

    Every field may be missing; the dates, when both are given, are in order.

    >>> GroupDraft().missing()
    ('host', 'event', 'start', 'end', 'visitors')
    """

    host: OrganisationDraft | None = attrs.field(
        default=None, validator=check_instance(OrganisationDraft)
    )
    event: str | None = attrs.field(default=None, converter=optional_text)
    start: dt.date | None = attrs.field(default=None, validator=check_date)
    end: dt.date | None = attrs.field(default=None, validator=check_date)
    visitors: tuple[OrganisationDraft, ...] = attrs.field(default=(), converter=_to_visitors)
    host_partnership: str | None = attrs.field(default=None, converter=optional_text)
    visitor_partnership: str | None = attrs.field(default=None, converter=optional_text)
    mode: Mode = attrs.field(default=Mode.PHYSICAL, converter=_to_mode)
    status: Status = attrs.field(default=Status.DRAFT, converter=_to_status)
    generation: str | None = attrs.field(default=None, converter=optional_text)
    remarks: str | None = attrs.field(default=None, converter=optional_text)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise InvalidValueError(f"the group ends ({self.end}) before it starts ({self.start})")

    def _gaps(self) -> list[tuple[str, str]]:
        """Return (path, label) of each missing field, in the order a form shows them."""
        gaps: list[tuple[str, str]] = []
        if self.host is None:
            gaps.append(("$.host", "host"))
        else:
            gaps += [(f"$.host.{name}", f"host: {name}") for name in self.host.missing()]
        gaps += [
            (f"$.{name}", name) for name in ("event", "start", "end") if getattr(self, name) is None
        ]
        if not self.visitors:
            gaps.append(("$.visitors", "visitors"))
        for index, visitor in enumerate(self.visitors):
            who = f"visitor {index + 1}" + (f" ({visitor.name})" if visitor.name else "")
            gaps += [
                (f"$.visitors[{index}].{name}", f"{who}: {name}") for name in visitor.missing()
            ]
        return gaps

    def missing(self) -> tuple[str, ...]:
        """Return what the draft still needs to become a group exchange (empty when complete).

        >>> GroupDraft(visitors=[OrganisationDraft(), OrganisationDraft(name="B")]).missing()[-4:]
        ('visitor 1: country', 'visitor 1: kind', 'visitor 2 (B): country', 'visitor 2 (B): kind')
        """
        return tuple(label for _, label in self._gaps())

    def add_visitor(self, visitor: OrganisationDraft) -> GroupDraft:
        """Return the draft with *visitor* added at the end.

        >>> len(GroupDraft().add_visitor(OrganisationDraft(name="A")).visitors)
        1
        """
        return attrs.evolve(self, visitors=(*self.visitors, visitor))


def complete_draft(draft: GroupDraft) -> GroupExchange:
    """Return the group exchange of a complete *draft*.

    Raises:
        InvalidRecordError: The draft lacks something; one problem per missing field, each
            with its path (``$.visitors[2].country``), or a value the model refuses.

    >>> complete_draft(GroupDraft(event="Aero week"))
    Traceback (most recent call last):
    clusterxchange.model.errors.InvalidRecordError: $.host: missing host; $.start: missing start; ...
    """  # noqa: E501
    _check_draft(draft)
    gaps = draft._gaps()
    if gaps:
        raise InvalidRecordError(
            [Problem(message=f"missing {label}", path=path) for path, label in gaps]
        )
    assert draft.host is not None  # _gaps lists a missing host
    problems: list[Problem] = []
    host = _organisation(draft.host, "$.host", problems)
    visitors = [
        _organisation(visitor, f"$.visitors[{index}]", problems)
        for index, visitor in enumerate(draft.visitors)
    ]
    if problems:
        raise InvalidRecordError(problems)
    assert host is not None  # a problem is recorded for every organisation not built
    return GroupExchange(
        host=host,
        event=draft.event,
        visitors=[v for v in visitors if v is not None],
        start=draft.start,
        end=draft.end,
        host_partnership=draft.host_partnership,
        visitor_partnership=draft.visitor_partnership,
        mode=draft.mode,
        status=draft.status,
        generation=draft.generation,
        remarks=draft.remarks,
    )


def _organisation(
    draft: OrganisationDraft, path: str, problems: list[Problem]
) -> Organisation | None:
    try:
        return Organisation(
            name=draft.name,
            country=draft.country,
            kind=draft.kind,
            pic=draft.pic,
            clusters=draft.clusters,
            sectors=draft.sectors,
            keywords=draft.keywords,
            location=draft.location,
        )
    except ClusterXchangeError as error:
        problems.append(Problem(message=str(error), path=path))
        return None


PathOrStream = str | os.PathLike[str] | IO[str]


def save_draft(draft: GroupDraft, target: PathOrStream) -> None:
    """Write *draft* as JSON to a file path or a text stream.

    >>> import io
    >>> out = io.StringIO()
    >>> save_draft(GroupDraft(event="Aero week"), out)
    >>> out.getvalue().splitlines()[:3]
    ['{', '  "format": "clusterxchange.group-draft",', '  "version": 1,']
    """
    from clusterxchange.model.serialization import unstructure

    _check_draft(draft)
    _check_source(target, "target")
    document = {"format": DRAFT_FORMAT, "version": DRAFT_VERSION, **unstructure(draft)}
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if isinstance(target, str | os.PathLike):
        try:
            Path(target).write_text(text, encoding="utf-8")
        except (OSError, ValueError) as error:  # ValueError: a NUL or lone surrogate in the path
            reason = getattr(error, "strerror", None) or error
            message = f"cannot write: {reason}"
            raise InvalidFileError([Problem(message=message, file=_name(target))]) from None
    else:
        target.write(text)


def load_draft(source: PathOrStream) -> GroupDraft:
    """Return the draft read from a file path or a text stream written by :func:`save_draft`.

    Raises:
        InvalidFileError: The file cannot be read, is not JSON, or is not a group draft of a
            version this library reads; the problem names the file.
        InvalidRecordError: The draft is malformed; every problem has its path and the file.

    >>> import io
    >>> load_draft(io.StringIO('{"format": "clusterxchange.group-draft", "version": 1}'))
    GroupDraft(host=None, event=None, start=None, end=None, visitors=(), ...)
    """
    from clusterxchange.model.serialization import structure

    _check_source(source, "source")
    name = _name(source)
    text = _read(source, name)
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        raise InvalidFileError([Problem(message=message, file=name)]) from None
    except RecursionError:
        raise InvalidFileError(
            [Problem(message="not valid JSON: nested too deep", file=name)]
        ) from None
    if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
        raise InvalidFileError(
            [
                Problem(
                    message=f'not a group draft: expected "format": "{DRAFT_FORMAT}"',
                    file=name,
                    path="$.format",
                )
            ]
        )
    if data.get("version") != DRAFT_VERSION:
        raise InvalidFileError(
            [
                Problem(
                    message=f"group draft version {data.get('version')!r} is not supported: "
                    f"this library reads version {DRAFT_VERSION}",
                    file=name,
                    path="$.version",
                )
            ]
        )
    fields = {k: v for k, v in data.items() if k not in {"format", "version"}}
    try:
        return structure(fields, GroupDraft)
    except InvalidRecordError as error:
        raise InvalidRecordError([attrs.evolve(p, file=name) for p in error.problems]) from None


def _check_draft(draft: object) -> None:
    if not isinstance(draft, GroupDraft):
        raise InvalidValueError(f"expected a GroupDraft, got {type(draft).__name__}")


def _check_source(source: object, what: str) -> None:
    method = "write" if what == "target" else "read"
    if not isinstance(source, str | os.PathLike) and not callable(getattr(source, method, None)):
        raise InvalidValueError(
            f"{what}: expected a path or a text stream, got {type(source).__name__}"
        )


def _name(source: PathOrStream) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def _read(source: PathOrStream, name: str) -> str:
    if not isinstance(source, str | os.PathLike):
        return source.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidFileError([Problem(message="no such file", file=name)]) from None
    except UnicodeDecodeError as error:
        raise InvalidFileError(
            [Problem(message=f"not UTF-8 text: {error.reason} at byte {error.start}", file=name)]
        ) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL or lone surrogate in the path
        reason = getattr(error, "strerror", None) or error
        raise InvalidFileError([Problem(message=f"cannot read: {reason}", file=name)]) from None
