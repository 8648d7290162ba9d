"""Reading one row of an exchange table into an :class:`~clusterxchange.model.Exchange`.

A :class:`RowReader` belongs to one read of one table: it records every problem with its row
and column, and keeps that read's caches, so readers running at the same time share nothing.

Real tables repeat themselves (a host receives many visitors, one status label fills a
column), so the reader remembers the answer for each raw cell text per column, and each
organisation per raw cells: 100,000 rows over 10,000 organisations build each organisation
once, and each distinct date or label is parsed once. The organisations are remembered for the
last rows only (:class:`RecentCache`): most visitors of a real table appear once, and a cache of
all of them would grow with the table.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Set
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from clusterxchange.io._cells import (
    MAX_TEXT,
    CellError,
    Noted,
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
    AMBIGUOUS_LABELS,
    EXCEL_ERRORS,
    KIND_LABELS,
    LABEL_NOTES,
    MODE_LABELS,
    NOT_RECORDED,
    RELATION_LABELS,
    STATUS_LABELS,
    WITHOUT_IT_TOOL_LABELS,
    fold_label,
)
from clusterxchange.io._numbers import read_amount
from clusterxchange.io._period import PERIOD, period_days
from clusterxchange.model import (
    Documents,
    Exchange,
    FinalReport,
    Location,
    Mode,
    Organisation,
    OrganisationKind,
    Payment,
    Relation,
    Status,
)
from clusterxchange.model._build import trusted_constructor
from clusterxchange.model.errors import Problem

__all__ = ["RowReader", "RowTally", "is_blank"]

_ROW_LIST_LIMIT = 10
#: A PIC as most tables write it, which :func:`read_pic` returns as it is.
_PLAIN_PIC = re.compile("[0-9]{9}")


class RowTally:
    """The rows one summary warning is about: how many, and the first few in row order.

    A warning names the first :data:`_ROW_LIST_LIMIT` rows and counts the rest ("on 95,933
    rows (2, 3, 4, ... and 95,923 more)"), so only those rows are kept, whatever the size of
    the table: a label read as another id on a million rows costs a count, not a list of a
    million row numbers. Rows may come in any order (the columnar reader records a chunk's
    plain rows before its odd ones).

    >>> tally = RowTally()
    >>> for row in (9, 3, 7):
    ...     tally.append(row)
    >>> tally.extend(range(20, 40), 20)
    >>> len(tally), tally.first()
    (23, [3, 7, 9, 20, 21, 22, 23, 24, 25, 26])
    """

    __slots__ = ("_count", "_first")

    def __init__(self) -> None:
        self._count = 0
        self._first: list[int] = []

    def __len__(self) -> int:
        return self._count

    def append(self, row: int) -> None:
        """Count *row*."""
        self._count += 1
        first = self._first
        first.append(row)
        if len(first) > 2 * _ROW_LIST_LIMIT:
            self._trim()

    def extend(self, rows: Iterable[int], count: int) -> None:
        """Count *count* rows: *rows*, in increasing order, of which only the first are read."""
        self._count += count
        self._first.extend(itertools.islice(rows, _ROW_LIST_LIMIT))
        self._trim()

    def first(self) -> list[int]:
        """Return the first rows counted (at most :data:`_ROW_LIST_LIMIT`), in row order."""
        self._trim()
        return self._first

    def _trim(self) -> None:
        self._first.sort()
        del self._first[_ROW_LIST_LIMIT:]


_K = TypeVar("_K")
_V = TypeVar("_V")

#: The entries a :class:`RecentCache` holds before it sets the older half aside.
RECENT = 20_000


class RecentCache(Generic[_K, _V]):
    """A cache of what the last rows named, bounded in size: two generations of entries.

    New entries go into the current generation; when it holds *limit* of them, it becomes
    the earlier one and the generation before is dropped. An entry found in the earlier
    generation moves back into the current one, so what keeps recurring (a table's hosts,
    its labels) stays, and what a table names once (most of its visitors) is let go after
    *limit* to *2 limit* new entries. A value the cache no longer holds is made again: equal
    to the one made before, not the same object.

    Why: the organisations of 300,000 rows of benchmarks/tables.py, all remembered, were
    264,878 entries and 34 MB (a tuple of cells as the key of each), growing with the table.

    >>> cache: RecentCache[str, int] = RecentCache(limit=2)
    >>> for key, value in (("a", 1), ("b", 2), ("c", 3)):
    ...     cache.put(key, value)
    >>> cache.get("a"), cache.get("c")  # "a" from the earlier generation, back in the current
    (1, 3)
    >>> cache.put("d", 4)  # the current one (c, a, d) full: set aside; the earlier (a, b) let go
    >>> cache.get("b"), cache.get("a"), cache.get("d")
    (None, 1, 4)
    """

    __slots__ = ("current", "earlier", "limit")

    def __init__(self, limit: int | None = None) -> None:
        """Hold up to *limit* new entries a generation (default :data:`RECENT`)."""
        self.limit = RECENT if limit is None else limit
        self.current: dict[_K, _V] = {}
        self.earlier: dict[_K, _V] = {}

    def get(self, key: _K) -> _V | None:
        """Return the value of *key*, or ``None`` when the cache no longer holds one."""
        found = self.current.get(key)
        if found is None:
            found = self.earlier.get(key)
            if found is not None:
                self.current[key] = found
        return found

    def recall(self, keys: set[_K]) -> set[_K]:
        """Move those of *keys* held in the earlier generation back; return the ones not held.

        What :meth:`get` does for one key, for a set of them (set operations, no call each).
        """
        new = keys.difference(self.current)
        if not new:
            return new
        earlier = self.earlier
        missing = new.difference(earlier)
        if len(missing) < len(new):
            self.current.update({key: earlier[key] for key in new - missing})
        return missing

    def put(self, key: _K, value: _V) -> None:
        """Remember *value* for *key*."""
        self.current[key] = value
        self.trim()

    def trim(self) -> None:
        """Set the current generation aside when it is full (after a caller filled it)."""
        if len(self.current) >= self.limit:
            self.earlier = self.current
            self.current = {}


def _expected(values: Iterable[str], examples: str) -> str:
    return f"expected one of {', '.join(values)}, or a label such as {examples}"


_EXPECTED_KIND = _expected(OrganisationKind, '"SME" or "research institute"')
_EXPECTED_RELATION = _expected(Relation, '"Outside the partnership"')
_EXPECTED_STATUS = _expected(Status, '"Completed" or "Waiting for Final Activity Report"')


_Note = tuple[str, str]  # (column, group of the note)


class _Noting:
    """The rows of one column's cells read by one decision, and the note of the first."""

    __slots__ = ("note", "row", "rows")

    def __init__(self, note: str, row: int) -> None:
        self.note = note
        self.row = row  # the first row counted so far, whose note is *note*
        self.rows = RowTally()


class _Refusal:
    """A cell's cached refusal: the message of the problem it gives."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_BLANK = object()
_REFUSED = object()

#: The columns that record the Final Activity Report's days and the payment, not fields of
#: the exchange itself: they build its ``documents.final_report`` and its ``payment``.
_RECORD_COLUMNS = ("report_submitted", "report_validated", "paid_on", "paid_amount")

# Every value the reader gives a field is already of the field's type and checked (each
# problem recorded with its row and column), so the objects are built without the model's
# converters and validators doing it all again (see model/_build.py for what that buys).
_new_exchange = trusted_constructor(Exchange)
_new_organisation = trusted_constructor(Organisation)
_new_report = trusted_constructor(FinalReport)
_new_documents = trusted_constructor(Documents)
_new_payment = trusted_constructor(Payment)
#: The types of the answers that are no plain value: a blank, a refusal, a value with a note.
_SPECIAL = frozenset({object, _Refusal, Noted})


class _Column:
    """One column's reader and, for columns whose texts repeat, its answers so far."""

    __slots__ = ("answers", "labels", "name", "read", "verbatim")

    def __init__(
        self,
        name: str,
        read: Callable[[object], object],
        *,
        remember: bool = True,
        labels: bool = False,
        verbatim: re.Pattern[str] | None = None,
    ) -> None:
        self.name = name
        self.read = read
        self.labels = labels  # read gives (id, whether the text was another label than the id)
        self.answers: dict[str, object] | None = {} if remember else None
        #: Texts that read as themselves when they match it whole (``read(text) == text``):
        #: the columnar reader takes them in one pass instead of a call of *read* each.
        self.verbatim = verbatim


def _answer(read: Callable[[object], object], raw: object) -> object:
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return _BLANK
        if text.casefold() in NOT_RECORDED:
            note = f"{text!r} read as not recorded, as a blank cell is"
            return Noted(None, note, group="not recorded")
    try:
        return read(raw)
    except CellError as problem:
        return _Refusal(str(problem))


class _Party:
    """The columns of one side of an exchange (``host`` or ``visitor``)."""

    def __init__(self, side: str) -> None:
        self.side = side
        self.name = _Column(side, read_text, remember=False)
        self.country = _Column(f"{side}_country", read_country)
        kinds = AMBIGUOUS_LABELS["organisation kind"]
        self.kind = _Column(
            f"{side}_kind", label_reader(KIND_LABELS, "organisation kind", _EXPECTED_KIND, kinds)
        )
        self.pic = _Column(f"{side}_pic", read_pic, verbatim=_PLAIN_PIC)
        self.clusters = _Column(f"{side}_clusters", read_clusters)
        self.lat = _Column(f"{side}_lat", read_latitude)
        self.lon = _Column(f"{side}_lon", read_longitude)
        self.columns = (
            self.name,
            self.country,
            self.kind,
            self.pic,
            self.clusters,
            self.lat,
            self.lon,
        )
        self.names = tuple(column.name for column in self.columns)
        # The raw cells that identify the organisation in a row, when the columns are fixed.
        self.key: Callable[[Mapping[str, object]], object] | None = None
        self.known: RecentCache[object, tuple[Organisation, str | None, tuple[_Note, ...]]]
        self.known = RecentCache()
        self.no_name = f"no {side}: expected the {side} organisation's name"
        # Whether the table may have cluster and coordinate cells (a fixed table without
        # the columns has none: no steps for them on any row).
        self.has_clusters = self.has_location = True


class RowReader:
    """One read's state: the problems found so far and the caches of repeated cells."""

    def __init__(
        self,
        file: str | None,
        columns: Set[str],
        *,
        fixed: bool,
        json_path: str | None,
        decimal: str | None = None,
        evidence: str | None = None,
        month_first: bool = False,
    ) -> None:
        """Start a read of a table with *columns* (all of them, if *fixed*: a CSV header).

        *decimal* is the table's decimal sign (``None``: not known); *evidence* says where it
        was inferred from, when it was (see :func:`~clusterxchange.io._numbers.read_distance`).
        *month_first*: the table's slashed dates are month first (see ``read_rows``).
        """
        self.file = file
        self.columns = columns
        self.json_path = json_path
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.row = 0
        self.row_failed = False
        self.host = _Party("host")
        self.visitor = _Party("visitor")
        texts = (
            "id",
            "host_partnership",
            "visitor_partnership",
            "event",
            "prior_approval",
            "remarks",
        )
        self.texts = tuple(
            _Column(name, read_text, remember=False)
            for name in texts
            if not fixed or name in columns
        )
        relation = label_reader(RELATION_LABELS, "relation", _EXPECTED_RELATION)
        expected_mode = _expected(Mode, '"in person" or "online"')
        mode = label_reader(MODE_LABELS, "mode", expected_mode, AMBIGUOUS_LABELS["mode"])
        status = label_reader(STATUS_LABELS, "status", _EXPECTED_STATUS, AMBIGUOUS_LABELS["status"])
        distance = functools.partial(read_distance, decimal=decimal, evidence=evidence)
        amount = functools.partial(read_amount, decimal=decimal, evidence=evidence)
        date = functools.partial(read_date, month_first=True) if month_first else read_date
        scalars = (
            _Column("generation", read_text),
            _Column("relation", relation, labels=True),
            _Column("start", date),
            _Column("end", date),
            _Column("working_days", read_whole_number),
            _Column("mode", mode, labels=True),
            _Column("status", status, labels=True),
            _Column("distance_km", distance),
            _Column("report_submitted", date),
            _Column("report_validated", date),
            _Column("paid_on", date),
            _Column("paid_amount", amount),
        )
        # A fixed table's absent columns are never looked at: fewer steps for every row. A
        # period column gives the start and end (io/_period.py).
        read = {*columns, "start", "end"} if PERIOD in columns else columns
        self.scalars = tuple(c for c in scalars if not fixed or c.name in read)
        layouts = set()
        if fixed:
            for party in (self.host, self.visitor):
                present = [n for n in party.names if n in columns]
                party.key = operator.itemgetter(*present)
                party.has_clusters = party.clusters.name in columns
                party.has_location = party.lat.name in columns or party.lon.name in columns
                layouts.add(tuple(n.removeprefix(party.side) for n in present))
        # Organisations by their raw cells (hosts and visitors share the cache when their
        # columns match: an organisation often hosts and visits), and by their values (two
        # spellings, one object).
        self.host.known = RecentCache()
        self.visitor.known = self.host.known if len(layouts) < 2 else RecentCache()
        self.organisations: RecentCache[tuple[object, ...], Organisation] = RecentCache()
        # (column, text) -> rows where a label was read as another id: one warning each.
        self.relabelled: defaultdict[tuple[str, str], RowTally] = defaultdict(RowTally)
        self.defaulted: defaultdict[str, RowTally] = defaultdict(RowTally)
        # (column, group) -> the first note and the rows of every cell read by that decision;
        # the notes recorded while reading the current organisation, to repeat on a cache hit.
        self.notes: dict[_Note, _Noting] = {}
        self.recent: list[_Note] = []
        # The order in which a row reads its columns: the notes' warnings come in the order
        # of their first rows and, on one row, in this order, however the rows were read.
        reading = [column.name for party in (self.host, self.visitor) for column in party.columns]
        reading += [column.name for column in (*self.texts, *self.scalars)]
        self.reading_order = {name: i for i, name in enumerate(reading)}

    def error(self, column: str | None, message: str) -> None:
        """Record a problem on the current row (which is then not loaded)."""
        self.row_failed = True
        path = None
        if self.json_path is not None:
            path = f"{self.json_path}[{self.row - 1}]" + (f".{column}" if column else "")
        self.errors.append(
            Problem(message=message, file=self.file, row=self.row, column=column, path=path)
        )

    def warn(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        """Record a warning."""
        self.warnings.append(Problem(message=message, file=self.file, row=row, column=column))

    def value(self, column: _Column, raw: object, missing: str = "") -> Any:
        """Return the cell's value: ``None`` when blank, ``_REFUSED`` when bad (recorded)."""
        answers = column.answers
        if answers is not None and type(raw) is str:
            found = answers.get(raw)
            if found is None:
                found = answers[raw] = _answer(column.read, raw)
            if type(found) not in _SPECIAL:  # the common case: a text read before
                return found
        elif raw is None:
            found = _BLANK
        else:
            found = _answer(column.read, raw)
        if found is _BLANK:
            if missing:
                self.error(column.name, missing)
            return None
        if type(found) is _Refusal:
            self.error(column.name, found.message)
            return _REFUSED
        if type(found) is Noted:
            self.recent.append(self.note(column.name, found, self.row))
            return found.value
        return found

    def note(self, column: str, found: Noted[Any], row: int) -> _Note:
        """Count *row*, whose cell of *column* was read as *found* says; return the note's key.

        Rows may come in any order (the columnar reader records a chunk's plain rows before
        its odd ones): the warning quotes the note of the first row.
        """
        key = (column, found.group)
        noted = self.notes.get(key)
        if noted is None:
            noted = self.notes[key] = _Noting(found.note, row)
        elif row < noted.row:
            noted.note, noted.row = found.note, row
        noted.rows.append(row)
        return key

    def party(self, cells: Mapping[str, object], party: _Party) -> Organisation | None:
        """Return the organisation on one side of the row, or ``None`` (problems recorded)."""
        key: object = None
        known: tuple[Organisation, str | None, tuple[_Note, ...]] | None = None
        try:
            key = party.key(cells) if party.key is not None else tuple(map(cells.get, party.names))
            known = party.known.get(key)
        except (KeyError, TypeError):  # a short row, or a JSON list of clusters: no key
            key = None
        if known is not None:
            if known[1] is not None:
                self.relabelled[(party.kind.name, known[1])].append(self.row)
            for note in known[2]:
                self.notes[note].rows.append(self.row)
            return known[0]
        before = len(self.errors)
        self.recent.clear()
        organisation, relabelled = self.organisation(cells.get, party)
        if organisation is not None and key is not None and len(self.errors) == before:
            party.known.put(key, (organisation, relabelled, tuple(self.recent)))
        return organisation

    def organisation(
        self, get: Callable[[str], object], party: _Party
    ) -> tuple[Organisation | None, str | None]:
        """Return the organisation from its cells, and its kind's text if not the kind's id."""
        raw = get(party.name.name)
        name = raw.strip() if type(raw) is str else None  # the common case inline, as for texts
        if not name or len(name) > MAX_TEXT or name in EXCEL_ERRORS:
            name = self.value(party.name, raw, party.no_name)
        # A blank country or kind is not recorded (None): the rules that need it are undecided.
        country = self.value(party.country, get(party.country.name))
        raw_kind = get(party.kind.name)
        kind = self.value(party.kind, raw_kind)
        relabelled = None
        if kind is not None and kind is not _REFUSED:
            kind, other_label = kind
            if other_label:
                relabelled = str(raw_kind).strip()
                self.relabelled[(party.kind.name, relabelled)].append(self.row)
        pic = self.value(party.pic, get(party.pic.name))
        clusters = location = None
        if party.has_clusters:
            clusters = self.value(party.clusters, get(party.clusters.name))
        if party.has_location:
            location = self.location(party, get(party.lat.name), get(party.lon.name))
        if self.row_failed or name is None:
            return None, None
        key = (name, country, kind, pic, clusters, location)
        organisation = self.organisations.get(key)
        if organisation is None:
            organisation = _new_organisation(
                name=name, country=country, kind=kind, pic=pic, clusters=clusters, location=location
            )
            self.organisations.put(key, organisation)
        return organisation, relabelled

    def location(self, party: _Party, raw_lat: object, raw_lon: object) -> Location | None:
        lat = self.value(party.lat, raw_lat)
        lon = self.value(party.lon, raw_lon)
        if lat is _REFUSED or lon is _REFUSED or (lat is None and lon is None):
            return None
        if lat is None or lon is None:
            missing, given = (party.lat, party.lon) if lat is None else (party.lon, party.lat)
            self.error(
                missing.name,
                f"{given.name} is given but {missing.name} is blank: give both or neither",
            )
            return None
        return Location(latitude=lat, longitude=lon)

    def period(self, cells: Mapping[str, object]) -> Mapping[str, object]:
        """Return *cells* with the start and end its period cell gives (an error if none)."""
        days = period_days(cells[PERIOD])
        if isinstance(days, str):
            self.error(PERIOD, days)
            return cells
        if days == (None, None):
            return cells
        given = [name for name in ("start", "end") if not is_blank(cells.get(name))]
        if given:
            self.error(
                PERIOD,
                f"the period gives the first and last days, and {' and '.join(given)} give "
                "them again: keep one or the other",
            )
            return cells
        return {**cells, "start": days[0], "end": days[1]}

    def exchange(
        self, number: int, cells: Mapping[str, object], problems: Iterable[tuple[str | None, str]]
    ) -> Exchange | None:
        """Return the row's exchange, or ``None`` when any cell is bad (each one recorded)."""
        self.row = number
        self.row_failed = False
        for where, message in problems:
            self.error(where, message)
        if PERIOD in cells:
            cells = self.period(cells)
        host = self.party(cells, self.host)
        visitor = self.party(cells, self.visitor)
        get = cells.get
        value = self.value
        # Column names are the Exchange's field names; a blank cell leaves the default.
        fields: dict[str, Any] = {}
        for column in self.texts:
            raw = get(column.name)
            if raw is None:
                continue
            if type(raw) is str:  # the common case inline, for speed on large tables
                text = raw.strip()
                if not text:
                    continue
                if len(text) <= MAX_TEXT and text not in EXCEL_ERRORS:
                    fields[column.name] = text
                    continue
            fields[column.name] = value(column, raw)
        for column in self.scalars:
            raw = get(column.name)
            if raw is None:
                continue
            # Inline for speed: a text this column has read before, with a plain answer.
            found: Any = column.answers.get(raw) if type(raw) is str else None  # type: ignore[union-attr]
            if found is None or type(found) in _SPECIAL:
                found = value(column, raw)
                if found is None or found is _REFUSED:
                    continue
            if column.labels:
                found, relabelled = found
                if relabelled:
                    self.relabelled[(column.name, str(raw).strip())].append(number)
            fields[column.name] = found
        start, end = fields.get("start"), fields.get("end")
        if start is not None and end is not None and end < start:
            self.error("end", f"the exchange ends ({end}) before it starts ({start})")
        records = [fields.pop(name, None) for name in _RECORD_COLUMNS]
        if any(value is not None for value in records):
            self.records(fields, *records)
        if self.row_failed or host is None or visitor is None:
            return None
        if "mode" not in fields:
            self.defaulted["mode"].append(number)
        if "status" not in fields:
            self.defaulted["status"].append(number)
        return _new_exchange(host=host, visitor=visitor, **fields)

    def records(
        self,
        fields: dict[str, Any],
        submitted: Any,
        validated: Any,
        paid_on: Any,
        paid_amount: Any,
    ) -> None:
        """Add the row's final report and payment to *fields* (problems recorded).

        A validated report with no submission day is taken as submitted on the day it was
        validated (a report is validated only once submitted; one warning lists the rows). A
        payment needs both its day and its amount.
        """
        refused = set()
        for problem in reversed(self.errors):
            if problem.row != self.row:
                break
            refused.add(problem.column)
        if validated is not None and submitted is None and not self.row_failed:
            self.defaulted["report_submitted"].append(self.row)
            submitted = validated
        if submitted is None:
            pass  # no report recorded, or its submission day is refused (the row fails)
        elif validated is not None and validated < submitted:
            self.error(
                "report_validated",
                f"the final report is validated ({validated}) before it was submitted "
                f"({submitted}): expected a day on or after report_submitted",
            )
        else:
            report = _new_report(submitted=submitted, validated=validated)
            fields["documents"] = _new_documents(final_report=report)
        if refused & {"paid_on", "paid_amount"}:
            return
        if (paid_on is None) != (paid_amount is None):
            missing, given = (
                ("paid_on", "paid_amount") if paid_on is None else ("paid_amount", "paid_on")
            )
            self.error(
                missing,
                f"{given} is given but {missing} is blank: a payment needs its day and its "
                "amount (EUR), give both or neither",
            )
        elif paid_on is not None:
            fields["payment"] = _new_payment(date=paid_on, amount=paid_amount)

    def summary_warnings(self) -> None:
        """Add one warning per label read as another id, and per default applied."""
        readers = {c.name: c.read for c in self.scalars if c.labels}
        for (column, text), rows in _in_row_order(self.relabelled, _RELABELLED_ORDER):
            read = readers.get(column, self.host.kind.read)
            canonical: object = read(text)[0]  # type: ignore[index]
            message = f"{text!r} read as {canonical} on {_rows_phrase(rows)}"
            if fold_label(text) in WITHOUT_IT_TOOL_LABELS:
                message += ": run outside the official IT tool, so it has no IT-tool ID"
            if (note := LABEL_NOTES.get(fold_label(text))) is not None:
                message += f": {note}"
            self.warn(message, row=rows.first()[0], column=column)
        tallies = {key: noted.rows for key, noted in self.notes.items()}
        for key, rows in _in_row_order(tallies, self.reading_order):
            note = self.notes[key].note
            self.warn(f"{note}, on {_rows_phrase(rows)}", row=rows.first()[0], column=key[0])
        for column, rows in _in_row_order(self.defaulted, _DEFAULTED_ORDER):
            if column == "report_submitted":
                message = (
                    f"no report_submitted on {_rows_phrase(rows)} with a validated final "
                    "report: taken as submitted on the day it was validated"
                )
                self.warn(message, row=rows.first()[0], column=column)
                continue
            default = Mode.PHYSICAL if column == "mode" else Status.REGISTERED
            if column in self.columns:
                message = f"no {column} on {_rows_phrase(rows)}: taken as {default}"
                self.warn(message, row=rows.first()[0], column=column)
            else:
                self.warn(f"no {column} column: every exchange taken as {default}", column=column)


#: The order in which a row records its relabelled labels, and its defaults.
_RELABELLED_ORDER = MappingProxyType(
    {"host_kind": 0, "visitor_kind": 1, "relation": 2, "mode": 3, "status": 4}
)
_DEFAULTED_ORDER = MappingProxyType({"report_submitted": 0, "mode": 1, "status": 2})


def _in_row_order(
    found: Mapping[Any, RowTally], order: Mapping[str, int]
) -> list[tuple[Any, RowTally]]:
    """Return *found* (key -> rows) as the row path records it: by first row, then column.

    The columnar reader (io/_columnar.py) records the rows of a whole chunk at once, after
    the rows it hands to the row path: each :class:`RowTally` keeps its first rows sorted,
    so the order is the same whatever came first.
    """
    last = len(order)  # a column read after the row's own (visitor_count, by io/_groups.py)

    def place(item: tuple[Any, RowTally]) -> tuple[int, int]:
        key = item[0]  # a column, or (column, text)
        column = str(key[0] if isinstance(key, tuple) else key)
        return item[1].first()[0], order.get(column, last)

    return sorted(found.items(), key=place)


def _rows_phrase(rows: RowTally) -> str:
    count = len(rows)
    shown = ", ".join(str(r) for r in rows.first())
    more = f" and {count - _ROW_LIST_LIMIT} more" if count > _ROW_LIST_LIMIT else ""
    return f"{count} row{'s' if count > 1 else ''} ({shown}{more})"


def is_blank(value: object) -> bool:
    """Return whether a cell is empty: ``None`` or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())
