"""Reading one row of an exchange table into an :class:`~clusterxchange.model.Exchange`.

A :class:`RowReader` belongs to one read of one table: it records every problem with its row
and column, and keeps the caches of that read (organisations, countries, labels, dates), so
readers running at the same time share nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from typing import TypeVar

from clusterxchange.errors import ClusterXchangeError, Problem
from clusterxchange.io._cells import (
    CellError,
    Label,
    cached,
    label_reader,
    read_clusters,
    read_country,
    read_date,
    read_distance,
    read_latitude,
    read_longitude,
    read_pic,
    read_text,
    read_whole_number,
)
from clusterxchange.io._labels import (
    KIND_LABELS,
    MODE_LABELS,
    RELATION_LABELS,
    STATUS_LABELS,
    WITHOUT_IT_TOOL_LABELS,
    fold_label,
)
from clusterxchange.model import (
    Exchange,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Relation,
    Status,
)

__all__ = ["RowReader", "is_blank"]

_T = TypeVar("_T")
_ROW_LIST_LIMIT = 10
_NO_COUNTRY = "no country: expected an ISO code (DE), an EU code (EL, UK, XK) or an English name"


class _Party:
    """The column names of one side of an exchange (``host`` or ``visitor``)."""

    def __init__(self, side: str) -> None:
        self.side = side
        self.country = f"{side}_country"
        self.kind = f"{side}_kind"
        self.pic = f"{side}_pic"
        self.clusters = f"{side}_clusters"
        self.lat = f"{side}_lat"
        self.lon = f"{side}_lon"


_HOST = _Party("host")
_VISITOR = _Party("visitor")
_TEXT_COLUMNS = ("id", "host_partnership", "visitor_partnership", "event", "prior_approval",
                 "remarks", "generation")  # fmt: skip


class RowReader:
    """One call's reading state: the problems found and the caches of repeated lookups."""

    def __init__(self, file: str | None, columns: Set[str], *, json_path: str | None) -> None:
        self.file = file
        self.columns = columns
        self.json_path = json_path
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.row = 0
        self.row_failed = False
        self.organisations: dict[tuple[object, ...], Organisation] = {}
        # (column, text) -> rows where a label was read as a canonical id: one warning each.
        self.relabelled: dict[tuple[str, str], list[int]] = {}
        self.defaulted: dict[str, list[int]] = {}
        self.read_country = cached(read_country)
        self.read_date = cached(read_date)
        self.read_kind = cached(label_reader(KIND_LABELS, _EXPECTED_KIND))
        self.read_status = cached(label_reader(STATUS_LABELS, _EXPECTED_STATUS))
        self.read_mode = cached(label_reader(MODE_LABELS, _EXPECTED_MODE))
        self.read_relation = cached(label_reader(RELATION_LABELS, _EXPECTED_RELATION))

    def error(self, column: str | None, message: str) -> None:
        self.row_failed = True
        path = None
        if self.json_path is not None:
            path = f"{self.json_path}[{self.row - 1}]" + (f".{column}" if column else "")
        self.errors.append(
            Problem(message=message, file=self.file, row=self.row, column=column, path=path)
        )

    def warn(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        self.warnings.append(Problem(message=message, file=self.file, row=row, column=column))

    def cell(
        self,
        cells: Mapping[str, object],
        column: str,
        read: Callable[[object], _T],
        missing: str = "",
    ) -> _T | None:
        """Read a cell with *read*; ``None`` when blank or bad (an error when *missing* says so)."""
        value = cells.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            if missing:
                self.error(column, missing)
            return None
        try:
            return read(value)
        except CellError as problem:
            self.error(column, str(problem))
            return None

    def label(
        self,
        cells: Mapping[str, object],
        column: str,
        read: Callable[[object], Label[_T]],
        missing: str = "",
    ) -> _T | None:
        found = self.cell(cells, column, read, missing)
        if found is None:
            return None
        value, relabelled = found
        if relabelled:
            self.relabelled.setdefault((column, str(cells[column]).strip()), []).append(self.row)
        return value

    def location(self, cells: Mapping[str, object], party: _Party) -> Location | None:
        lat = self.cell(cells, party.lat, read_latitude)
        lon = self.cell(cells, party.lon, read_longitude)
        if lat is not None and lon is not None:
            return Location(latitude=lat, longitude=lon)
        if lat is None and lon is None:
            return None
        missing, given = (party.lat, party.lon) if lat is None else (party.lon, party.lat)
        if is_blank(cells.get(missing)):
            self.error(missing, f"{given} is given but {missing} is blank: give both or neither")
        return None

    def organisation(self, cells: Mapping[str, object], party: _Party) -> Organisation | None:
        side = party.side
        name = self.cell(
            cells, side, read_text, f"no {side}: expected the {side} organisation's name"
        )
        country = self.cell(cells, party.country, self.read_country, _NO_COUNTRY)
        kind = self.label(cells, party.kind, self.read_kind, f"no kind: {_EXPECTED_KIND}")
        pic = self.cell(cells, party.pic, read_pic)
        clusters = self.cell(cells, party.clusters, read_clusters)
        location = self.location(cells, party)
        if name is None or country is None or kind is None:
            return None
        key = (name, country, kind, pic, clusters, location)
        found = self.organisations.get(key)
        if found is None:
            found = Organisation(
                name=name, country=country, kind=kind, pic=pic, clusters=clusters, location=location
            )
            self.organisations[key] = found
        return found

    def exchange(
        self, number: int, cells: Mapping[str, object], problems: Iterable[tuple[str | None, str]]
    ) -> Exchange | None:
        self.row = number
        self.row_failed = False
        for column, message in problems:
            self.error(column, message)
        host = self.organisation(cells, _HOST)
        visitor = self.organisation(cells, _VISITOR)
        text = {column: self.cell(cells, column, read_text) for column in _TEXT_COLUMNS}
        relation = self.label(cells, "relation", self.read_relation)
        start = self.cell(cells, "start", self.read_date)
        end = self.cell(cells, "end", self.read_date)
        working_days = self.cell(cells, "working_days", read_whole_number)
        mode = self.label(cells, "mode", self.read_mode)
        status = self.label(cells, "status", self.read_status)
        distance = self.cell(cells, "distance_km", read_distance)
        if start is not None and end is not None and end < start:
            self.error("end", f"the exchange ends ({end}) before it starts ({start})")
        if self.row_failed or host is None or visitor is None:
            return None
        if mode is None:
            self.defaulted.setdefault("mode", []).append(number)
        if status is None:
            self.defaulted.setdefault("status", []).append(number)
        try:
            return Exchange(
                host=host,
                visitor=visitor,
                start=start,
                end=end,
                working_days=working_days,
                mode=mode or Mode.PHYSICAL,
                status=status or Status.REGISTERED,
                relation=relation,
                distance_km=distance,
                id=text["id"],
                host_partnership=text["host_partnership"],
                visitor_partnership=text["visitor_partnership"],
                event=text["event"],
                prior_approval=text["prior_approval"],
                remarks=text["remarks"],
                generation=text["generation"],
            )
        except ClusterXchangeError as problem:  # pragma: no cover - every cell is checked above
            self.error(None, str(problem))
            return None

    def summary_warnings(self) -> None:
        """Add one warning per label read as a canonical id, and per default applied."""
        for (column, text), rows in self.relabelled.items():
            read = {
                "status": self.read_status,
                "mode": self.read_mode,
                "relation": self.read_relation,
            }
            value, _ = read.get(column, self.read_kind)(text)
            message = f"{text!r} read as {value} on {_rows_phrase(rows)}"
            if fold_label(text) in WITHOUT_IT_TOOL_LABELS:
                message += ": run outside the official IT tool, so it has no IT-tool ID"
            self.warn(message, row=rows[0], column=column)
        for column, rows in self.defaulted.items():
            default = Mode.PHYSICAL if column == "mode" else Status.REGISTERED
            if column in self.columns:
                self.warn(
                    f"no {column} on {_rows_phrase(rows)}: taken as {default}",
                    row=rows[0],
                    column=column,
                )
            else:
                self.warn(f"no {column} column: every exchange taken as {default}", column=column)


def _rows_phrase(rows: Sequence[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_ROW_LIST_LIMIT])
    more = f" and {len(rows) - _ROW_LIST_LIMIT} more" if len(rows) > _ROW_LIST_LIMIT else ""
    return f"{len(rows)} row{'s' if len(rows) > 1 else ''} ({shown}{more})"


def _expected(what: str, table: Mapping[str, object], examples: str) -> str:
    ids = ", ".join(dict.fromkeys(str(v) for v in table.values()))
    return f"expected {what}: {ids}" + (f", or a label such as {examples}" if examples else "")


_EXPECTED_KIND = _expected(
    "a kind of organisation", {k: k for k in OrganisationKind}, '"SME" or "research institute"'
)
_EXPECTED_STATUS = _expected(
    "a status", {s: s for s in Status}, '"Completed" or "Waiting for Final Activity Report"'
)
_EXPECTED_MODE = _expected("a mode", {m: m for m in Mode}, '"in person" or "online"')
_EXPECTED_RELATION = _expected("a relation", {r: r for r in Relation}, '"Outside the partnership"')


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
