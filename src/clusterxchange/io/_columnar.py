"""Reading a CSV table's plain rows column by column, for speed, with the row reader's answers.

The row reader (io/_row.py) spends its time on the interpreter's cost per row and per cell:
about twenty dictionary look-ups, calls and tests a row, even when every cell is a text its
column has read before. A CSV table's rows all have the header's columns, so a chunk of them
(:data:`CHUNK` rows, to keep memory bounded) can be read column by column instead, each step a
pass in C over a whole column:

1. the chunk is transposed (``zip(*records)``);
2. each column's *distinct* texts not seen before are read once, by the same readers the row
   reader uses and into the same cache (``_Column.answers``), so every value is the same;
3. each answer is classed once: a plain value (one read with a note too: its rows are
   recorded for the note's warning), or *odd* (a refusal, a blank where a default or an
   error applies, a cell that needs the row's other cells);
4. the values are mapped back with ``map(dict.get, column)``; a row is *special* when any of
   its cells is odd (``map(set.__contains__, column)``), when it is no exchange at first sight
   (no two names: a blank, totals or separator row), or when it ends before it starts;
5. the organisations of the plain rows are built from their values, once per distinct one:
   through the shared cache of the recent ones (``RowReader.organisations``), except the
   rows whose name is the only one in the chunk on a side where most are (the visitors),
   built without a look-up; the objects are built from the columns of their values, a field
   at a time for all of them (:func:`~clusterxchange.model._build.trusted_columns`);
6. each special row goes through the row reader, in row order between the plain rows, so
   each of its errors, warnings and notes is what the row reader alone gives, in the same
   order. The rows of a relabelled label, a note or an applied default are recorded for
   the plain rows in one step; the summary puts them in row order
   (``RowReader.summary_warnings``).

What it bought, on the benchmark's 100,000 rows (benchmarks/tables.py; CPU, each figure
measured beside its anchor): reading went from 5.9x to 3.4x the CPU of ``csv.DictReader``
alone, and ``clusterxchange kpis`` from 3.6x to 2.4x the pandas script. What is left is the
cost of building each object (an organisation for nine rows in ten, an exchange for every
row: about 1.5 us each), of reading each distinct PIC, date and distance, and of the
collector's first pass over the new objects. tests/test_io_columnar.py checks, on generated
messy sheets, that a table read this way gives exactly what the row reader gives:
exchanges, rows, errors and warnings.
"""

from __future__ import annotations

import collections
import itertools
import operator
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from clusterxchange.io._cells import MAX_TEXT
from clusterxchange.io._labels import EXCEL_ERRORS
from clusterxchange.io._numbers import NumberTexts
from clusterxchange.io._outcome import Noted
from clusterxchange.io._period import PERIOD, period_days
from clusterxchange.io._row import (
    _BLANK,
    _RECORD_COLUMNS,
    _SPECIAL,
    RowReader,
    _answer,
    _Column,
    _Party,
)
from clusterxchange.model import Exchange, Location, Organisation
from clusterxchange.model._build import trusted_columns

__all__ = ["CHUNK", "ColumnarReader", "RecordChunk"]

#: The most rows of a table read in one chunk: the rows held at once, besides the exchanges.
#: Smaller chunks cost no time that shows (100,000 rows read in 1.07 s of CPU by 5,000, 1.14 s
#: by 10,000, best of 3), and a check that streams holds one at a time: its peak memory on
#: 300,000 rows was 184 MB by 10,000 rows, 168 MB by 5,000 (one run each).
CHUNK = 5_000

_first_letter = operator.itemgetter(slice(0, 1))
_ORGANISATION_FIELDS = ("name", "country", "kind", "pic", "clusters", "location")
_new_organisations = trusted_columns(Organisation, _ORGANISATION_FIELDS)
_NO_ANSWER = object()


class RecordChunk:
    """Consecutive records of a CSV table, one line each, with one cell per header column.

    *first* is the first record's row; *header* the canonical column of each cell (``None``
    for an ignored one); *cells* turns one of them into the row reader's
    :data:`~clusterxchange.io._rows.RowCells`
    (what the table's rows would have given it), for the rows read one by one.
    """

    __slots__ = ("cells", "first", "header", "records")

    def __init__(
        self,
        first: int,
        records: list[list[str]],
        header: Sequence[str | None],
        cells: Callable[[int, list[str], int], tuple[int, object, Sequence[Any]]],
    ) -> None:
        self.first = first
        self.records = records
        self.header = header
        self.cells = cells


class _Classes:
    """One column's answers, classed: the plain values, and the texts that are odd."""

    __slots__ = ("noted", "odd", "plain", "relabelled")

    def __init__(self) -> None:
        self.plain: dict[str, object] = {}
        self.odd: set[str] = set()
        #: Label texts read as another id: plain, but each row is recorded for the warning.
        self.relabelled: set[str] = set()
        #: Texts read with a note (a two-digit year, a nation of the UK): their value is
        #: plain, and each row is recorded for the note's warning.
        self.noted: dict[str, Noted[Any]] = {}


class _Recorded:
    """What a chunk's plain rows add to the warnings, found column by column.

    Each entry is a column's name, the texts to record and the column's cells; the rows are
    recorded once the chunk's plain rows are known.
    """

    __slots__ = ("noted", "relabelled")

    def __init__(self) -> None:
        #: Label texts read as another id.
        self.relabelled: list[tuple[str, set[str], Sequence[str]]] = []
        #: Texts read with a note, and the note of each.
        self.noted: list[tuple[str, Mapping[str, Noted[Any]], Sequence[str]]] = []


class ColumnarReader:
    """Reads chunks of a CSV table's records through one :class:`RowReader`'s caches."""

    def __init__(self, reader: RowReader, header: Sequence[str | None]) -> None:
        """Read for *reader* the records under *header* (the canonical column of each cell)."""
        self.reader = reader
        self.position = {column: i for i, column in enumerate(header) if column is not None}
        self.header = header
        self.classes: dict[str, _Classes] = {}
        self.locations: dict[tuple[object, object], Location | None] = {}
        present = self.position
        self.texts = [c.name for c in reader.texts]
        self.scalars = [c for c in reader.scalars if c.name not in _RECORD_COLUMNS]
        self.records = [name for name in _RECORD_COLUMNS if name in present]
        fields = ["host", "visitor", *self.texts, *(c.name for c in self.scalars)]
        self.new_exchanges = trusted_columns(Exchange, fields)
        self.defaulted = [name for name in ("mode", "status") if name not in present]
        # A period column's days are read as two more columns of the chunk (io/_period.py).
        self.period = present.get(PERIOD)
        if self.period is not None:
            present["start"], present["end"] = len(header), len(header) + 1
        self.periods: dict[str, tuple[object, object] | str] = {}

    def read(
        self,
        chunk: RecordChunk,
        row: Callable[[int, object, Sequence[Any], bool], bool],
        exchanges: list[Exchange],
        numbers: list[int],
        texts: NumberTexts | None,
    ) -> int:
        """Read *chunk*; return the rows read (a data row, not blank nor skipped, counts).

        Plain rows' exchanges and numbers are appended to *exchanges* and *numbers*; each
        special row goes to *row* ``(number, cells, problems, texts gathered)``, which reads it
        as the row reader does (appending its exchange) and returns whether it counts as read.
        *texts* (a :class:`~clusterxchange.io._numbers.NumberTexts`, or ``None``) gathers the
        number texts of the rows that are exchanges at first sight.
        """
        records = chunk.records
        count = len(records)
        if not count:
            return 0
        columns = list(zip(*records, strict=True))
        position = self.position
        indices = range(count)
        special: set[int] = set()
        if self.period is not None:
            columns.extend(map(tuple, self.days(columns[self.period], special)))
        # No exchange at first sight (as io/_csv.py's table_rows sees it): blank, totals,
        # separator rows. They go to the row path whole, through the table's own reading.
        hosts = list(map(str.strip, columns[position["host"]]))
        visitors = list(map(str.strip, columns[position["visitor"]]))
        unnamed = set(itertools.compress(indices, map(operator.not_, hosts)))
        unnamed.update(itertools.compress(indices, map(operator.eq, hosts, visitors)))
        letters = map(str.isalpha, map(_first_letter, visitors))
        unnamed.update(itertools.compress(indices, map(operator.not_, letters)))
        first = chunk.first
        numbers_all = range(first, first + count)
        if texts is not None:
            named = _mask(count, unnamed)
            gathered = [c for _, c, _ in texts.columns if c in position]
            texts.add_columns(
                _kept(numbers_all, named),
                {c: _kept(columns[position[c]], named) for c in gathered},
            )
        special.update(unnamed)
        values: dict[str, list[Any]] = {}
        recorded = _Recorded()
        reader = self.reader
        for party, names in ((reader.host, hosts), (reader.visitor, visitors)):
            values[party.name.name] = self.names(names, special, stripped=True)
            self.party(party, columns, values, special, recorded)
        for name in self.texts:
            values[name] = self.names(columns[position[name]], special, blank=None)
        for column in self.scalars:
            cells = columns[position[column.name]]
            blank_odd = column.name in ("mode", "status")
            values[column.name] = self.column(column, cells, special, recorded, blank_odd=blank_odd)
        for name in self.records:  # a report or payment needs the row's other cells
            cells = columns[position[name]]
            odd = {text for text in set(cells) if text.strip()}
            if odd:
                special.update(itertools.compress(indices, map(odd.__contains__, cells)))
        starts, ends = values.get("start"), values.get("end")
        if starts is not None and ends is not None:
            spans = list(zip(starts, ends, strict=True))
            backwards = {(s, e) for s, e in set(spans) if s is not None and e is not None and e < s}
            if backwards:
                special.update(itertools.compress(indices, map(backwards.__contains__, spans)))
        plain = _mask(count, special)
        built = self.exchanges(values, plain)
        plain_numbers = _kept(numbers_all, plain)
        for name, texts_read, label_cells in recorded.relabelled:
            self.relabel(name, texts_read, _kept(label_cells, plain), plain_numbers)
        for name, noted, noted_cells in recorded.noted:
            self.note(name, noted, _kept(noted_cells, plain), plain_numbers)
        for name in self.defaulted if plain_numbers else ():
            reader.defaulted[name].extend(plain_numbers, len(plain_numbers))
        if not special:
            exchanges.extend(built)
            numbers.extend(numbers_all)
            return count
        read = 0
        done = 0  # plain rows appended so far
        header = self.header
        for k, i in enumerate(sorted(special)):
            plain_before = i - k  # the plain rows before row i: k special rows come before it
            exchanges.extend(built[done:plain_before])
            numbers.extend(plain_numbers[done:plain_before])
            done = plain_before
            record = records[i]
            if i in unnamed:
                read += row(*chunk.cells(first + i, record, 1), True)
            else:
                read += row(first + i, dict(zip(header, record, strict=True)), (), False)
        exchanges.extend(built[done:])
        numbers.extend(plain_numbers[done:])
        return len(built) + read

    def days(self, cells: Sequence[str], special: set[int]) -> tuple[list[str], list[str]]:
        """Return the start and end texts of a period column; mark the rows of odd ones special.

        A period that is no period, or that a row's start or end gives again, is the row
        reader's to report: its row is special, its days blank here.
        """
        periods = self.periods
        for text in set(cells).difference(periods):
            periods[text] = period_days(text)
        days = list(map(periods.__getitem__, cells))
        odd = [i for i, day in enumerate(days) if type(day) is str]
        special.update(odd)
        for i in odd:
            days[i] = ("", "")
        starts, ends = zip(*days, strict=True) if days else ((), ())
        return [d or "" for d in starts], [d or "" for d in ends]

    def relabel(
        self, name: str, texts: set[str], cells: Sequence[str], numbers: Sequence[int]
    ) -> None:
        """Count the rows of *cells* whose label (one of *texts*) was read as another id.

        The warning names the first few rows and counts the others (see
        :class:`~clusterxchange.io._row.RowTally`): a count and a short search per label.
        """
        relabelled = self.reader.relabelled
        for text in texts:
            count = cells.count(text)
            if not count:
                continue
            rows = itertools.compress(numbers, map(text.__eq__, cells))  # read only to the tenth
            relabelled[name, text.strip()].extend(rows, count)

    def note(
        self,
        name: str,
        noted: Mapping[str, Noted[Any]],
        cells: Sequence[str],
        numbers: Sequence[int],
    ) -> None:
        """Record the rows of *cells* read with a note (a text of *noted*) for its warning."""
        record = self.reader.note
        rows = zip(numbers, cells, strict=True)
        for number, text in itertools.compress(rows, map(noted.__contains__, cells)):
            record(name, noted[text], number)

    def names(
        self,
        cells: Sequence[str],
        special: set[int],
        blank: object = _NO_ANSWER,
        *,
        stripped: bool = False,
    ) -> list[Any]:
        """Return the stripped texts of a text column (a name); mark the odd ones special.

        A blank is odd for a name (*blank* not given), else *blank* is its value. *stripped*:
        the cells are stripped already.
        """
        stripped_cells = list(cells) if stripped else list(map(str.strip, cells))
        return self._texts(stripped_cells, special, blank)

    def _texts(self, stripped: list[str], special: set[int], blank: object) -> list[Any]:
        if blank is _NO_ANSWER:  # a name: the texts as they are, a blank one odd
            values: list[Any] = stripped
            distinct: Collection[str] = stripped
        else:
            # The free texts of an exchange (its event, partnerships, remarks) repeat down a
            # column, each cell its own copy: one object per distinct text of the chunk is kept
            # instead (9 MB less of 135 MB for 100,000 rows of benchmarks/tables.py), and a
            # blank cell is *blank*, all in one pass in C; the checks then read each distinct
            # text once.
            first: dict[str, Any] = {"": blank}
            values = list(map(first.setdefault, stripped, stripped))
            distinct = first.keys()
        odd = set(EXCEL_ERRORS.intersection(distinct))
        if blank is _NO_ANSWER and "" in stripped:
            odd.add("")
        if max(map(len, distinct), default=0) > MAX_TEXT:
            odd.update(text for text in distinct if len(text) > MAX_TEXT)
        if odd:
            rows = itertools.compress(range(len(stripped)), map(odd.__contains__, stripped))
            special.update(rows)
        return values

    def column(
        self,
        column: _Column,
        cells: Sequence[str],
        special: set[int],
        recorded: _Recorded,
        *,
        blank_odd: bool = False,
        labels: bool = False,
    ) -> list[Any]:
        """Return the values of a remembered column; mark the rows of odd cells special.

        *labels*: the column reads labels (as ``column.labels`` says for the scalars; an
        organisation's kind is one too).
        """
        classes = self.classes.get(column.name)
        if classes is None:
            classes = self.classes[column.name] = _Classes()
        if column.verbatim is None and not classes.noted:
            # Most chunks of a column with few distinct texts (a country, a kind, a status)
            # hold none that its plain values lack: one look-up per cell then says so (an odd
            # text is never a plain one), without a set of the chunk's texts first.
            try:
                known = list(map(classes.plain.__getitem__, cells))
            except KeyError:
                pass  # a text not read yet, or an odd one: the whole pass below
            else:
                if classes.relabelled:  # relabel() counts each, none if absent
                    recorded.relabelled.append((column.name, set(classes.relabelled), cells))
                return known
        # set.difference(dict) looks each element up in the dict; set - dict.keys() would go
        # through every key of the dict instead, which grows with the table.
        answers = column.answers
        assert answers is not None  # every column this reads remembers its answers
        distinct = set(cells)
        plain, odd_texts, read = classes.plain, classes.odd, column.read
        labels = labels or column.labels
        if column.verbatim is not None:
            # Texts that read as themselves (a PIC as most tables write it) are taken as they
            # are and never remembered: nearly every visitor has its own, and a cache of them
            # would grow with the table (529,000 entries on 1,000,000 rows) for few hits.
            verbatim = set(filter(column.verbatim.fullmatch, distinct))  # no call per text
            distinct -= verbatim
        new = distinct.difference(plain).difference(odd_texts)
        noted = classes.noted
        # In a verbatim column (the PICs), a text read with a note (949123456.0: a column of
        # numbers exported through pandas) is every visitor's own: kept for this chunk only,
        # like the verbatim texts, rather than remembered.
        chunk_noted: dict[str, Noted[Any]] = {}
        for text in new:
            found = answers.get(text)
            if found is None:
                found = _answer(read, text)
                if type(found) is not Noted or column.verbatim is None:
                    answers[text] = found
            kind = type(found)
            if kind is Noted and not labels:  # a plain value, whose rows the warning lists
                note: Noted[Any] = found  # type: ignore[assignment]
                if column.verbatim is None:
                    plain[text] = note.value
                    noted[text] = note
                else:
                    chunk_noted[text] = note
            elif kind not in _SPECIAL:
                if labels:
                    label: tuple[object, bool] = found  # type: ignore[assignment]
                    plain[text] = label[0]
                    if label[1]:
                        classes.relabelled.add(text)
                else:
                    plain[text] = found
            elif found is _BLANK and not blank_odd:
                plain[text] = None
            else:
                odd_texts.add(text)
        odd = classes.odd.intersection(distinct)
        if odd:
            special.update(itertools.compress(range(len(cells)), map(odd.__contains__, cells)))
        read_as_other = classes.relabelled.intersection(distinct)
        if read_as_other:
            recorded.relabelled.append((column.name, read_as_other, cells))
        if noted:
            chunk_noted.update((text, noted[text]) for text in distinct if text in noted)
        if chunk_noted:
            recorded.noted.append((column.name, chunk_noted, cells))
        if column.verbatim is not None:  # the other texts' answers; a verbatim one is itself
            answered = {text: plain[text] for text in distinct if text in plain}
            answered.update((text, note.value) for text, note in chunk_noted.items())
            return list(map(answered.get, cells, cells))
        return list(map(plain.get, cells))

    def party(
        self,
        party: _Party,
        columns: Sequence[Sequence[str]],
        values: dict[str, list[Any]],
        special: set[int],
        recorded: _Recorded,
    ) -> None:
        """Put the values of one side's cells in *values* (by column), and its locations."""
        position = self.position
        for column in (party.country, party.kind, party.pic, party.clusters):
            if column.name in position:
                cells = columns[position[column.name]]
                labels = column is party.kind
                values[column.name] = self.column(column, cells, special, recorded, labels=labels)
        if not party.has_location:
            return
        count = len(columns[0])
        none = itertools.repeat(None, count)
        lats = (
            self.column(party.lat, columns[position[party.lat.name]], special, recorded)
            if party.lat.name in position
            else none
        )
        lons = (
            self.column(party.lon, columns[position[party.lon.name]], special, recorded)
            if party.lon.name in position
            else none
        )
        pairs = list(zip(lats, lons, strict=True))
        locations = self.locations
        half = set()
        for lat, lon in set(pairs).difference(locations):
            if lat is None and lon is None:
                locations[lat, lon] = None
            elif lat is None or lon is None:
                half.add((lat, lon))  # an error on the row: the row path says which
            else:
                locations[lat, lon] = Location(latitude=lat, longitude=lon)
        if half:
            special.update(itertools.compress(range(count), map(half.__contains__, pairs)))
        values[f"{party.side}_location"] = list(map(locations.get, pairs))

    def organisations(
        self, party: _Party, values: Mapping[str, Sequence[Any]]
    ) -> list[Organisation]:
        """Return the organisation of each row of kept *values*, one object per distinct one.

        Where most rows of the chunk name an organisation of their own (the visitors of a real
        table: nine in ten are new), the rows whose name is the chunk's only one are built
        from their values, without a look-up: looking every row up by a tuple of its values
        costs twice as much as building it (0.23 s against 0.11 s for 100,000 visitors of
        benchmarks/tables.py), for few hits. The others (the rows of a repeated name, and on
        the side whose names repeat down the chunk, the hosts, every row) are built once per
        distinct one, through the reader's cache of the recent ones.
        """
        names = values[party.name.name]
        count = len(names)
        none = itertools.repeat(None)  # an infinite repeat: zip and compress stop at the names
        fields = [
            values.get(f"{party.side}_{field}", none) if field != "name" else names
            for field in _ORGANISATION_FIELDS
        ]
        counts = collections.Counter(names)
        if 2 * len(counts) <= count:  # names repeat down the chunk
            return self.cached(fields)
        built = _new_organisations(*fields)
        repeated = {name for name, times in counts.items() if times > 1}
        if repeated:
            mask = list(map(repeated.__contains__, names))
            shared = self.cached([itertools.compress(field, mask) for field in fields])
            for i, organisation in zip(itertools.compress(range(count), mask), shared, strict=True):
                built[i] = organisation
        return built

    def cached(self, fields: Sequence[Iterable[Any]]) -> list[Organisation]:
        """Return the organisation of each row of *fields*, from the reader's cache or new."""
        keys = list(zip(*fields, strict=False))
        cache = self.reader.organisations  # the recent ones (see RecentCache)
        fresh = list(cache.recall(set(keys)))
        if fresh:
            built = _new_organisations(*zip(*fresh, strict=True))
            cache.current.update(zip(fresh, built, strict=True))
        found = list(map(cache.current.__getitem__, keys))
        cache.trim()
        return found

    def exchanges(self, values: dict[str, list[Any]], plain: list[bool] | None) -> list[Exchange]:
        """Return the exchanges of the plain rows (all rows, when *plain* is ``None``)."""
        kept = {name: _kept(column, plain) for name, column in values.items()}
        reader = self.reader
        hosts = self.organisations(reader.host, kept)
        visitors = self.organisations(reader.visitor, kept)
        fields = [kept[name] for name in self.texts]
        fields.extend(kept[column.name] for column in self.scalars)
        return self.new_exchanges(hosts, visitors, *fields)


def _mask(count: int, left_out: set[int]) -> list[bool] | None:
    """Return which of *count* rows are kept (``None``: all of them) when *left_out* are not."""
    if not left_out:
        return None
    kept = [True] * count
    for i in left_out:
        kept[i] = False
    return kept


def _kept(column: Sequence[Any], plain: Iterable[bool] | None) -> Sequence[Any]:
    """Return the cells of *column* on the rows where *plain* is true (all, if ``None``)."""
    if plain is None:
        return column
    return list(itertools.compress(column, plain))
