"""A yes/no column that says whether an exchange was virtual (``Virtual?``, ``En ligne``).

Many sheets record the mode as a tick column rather than as ``In person``/``Online``: a
``Virtual?`` header over ``Yes`` and ``No`` (``Oui``/``Non``, ``Ja``/``Nein``, ``x``, a
workbook's TRUE and FALSE). Read as an unknown column, it is dropped, every exchange is taken
as physical, and a virtual one is priced at the physical lump sum. The column ``virtual``
(read only, like ``period``) is the mode: yes is ``virtual``, no is ``physical``, a mode's own
label (``online``, ``in person``) is read as in the mode column, a blank is not recorded (the
default applies, with its warning), and anything else is an error of the row, as in the mode
column. One warning per yes/no text says how it was read and on which rows. A table with both
a mode and a virtual column is refused (io/_csv.py): it would say the mode twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set

from clusterxchange.io._columnar import RecordChunk
from clusterxchange.io._labels import fold_label
from clusterxchange.io._rewrite import RecordCells, RowCells, RowRewriter, named
from clusterxchange.io._row import RowTally, _rows_phrase, is_blank
from clusterxchange.model import Mode

__all__ = ["NO", "TICKS", "VIRTUAL", "YES", "VirtualColumn", "mode_text"]

#: The column, read as the mode.
VIRTUAL = "virtual"

#: Yes and no as sheets write them in a tick column, folded as labels are (en, de, fr, nl, es,
#: it, pt, hu, tr, da).
YES = frozenset(
    fold_label(text)
    for text in ("yes", "y", "x", "true", "1", "ja", "oui", "sí", "si", "sì", "sim", "igen",
                 "evet")
)  # fmt: skip
#: Ticks, which fold to nothing as labels: looked up as written.
TICKS = frozenset({"✓", "✔", "☑", "✅"})
NO = frozenset(
    fold_label(text)
    for text in ("no", "n", "false", "0", "nein", "non", "nee", "não", "nao", "nem", "hayır",
                 "hayir", "nej")
)  # fmt: skip


def mode_text(value: object) -> object:
    """Return the mode cell that a virtual cell stands for (a mode's label; other cells as is).

    >>> mode_text("Oui"), mode_text("no"), mode_text(True), mode_text("online"), mode_text("?")
    ('virtual', 'physical', 'virtual', 'online', '?')
    >>> mode_text("✓"), mode_text(" ")
    ('virtual', ' ')
    """
    if type(value) is bool or (type(value) in (int, float) and value in (0, 1)):
        return (Mode.VIRTUAL if value else Mode.PHYSICAL).value
    if type(value) is not str:
        return value
    folded = fold_label(value)
    if folded in YES or (not folded and value.strip() in TICKS):
        return Mode.VIRTUAL.value
    if folded in NO:
        return Mode.PHYSICAL.value
    return value


class VirtualColumn(RowRewriter):
    """Reads a ``virtual`` column as the mode; counts the rows of each yes/no text."""

    def __init__(self, seen: set[str] | None = None) -> None:
        """*seen*: a table's columns as its rows show them (JSON), to add the mode to."""
        #: Each yes/no text (stripped) -> the mode it was read as and its rows.
        self.read: dict[str, tuple[str, RowTally]] = {}
        self.seen = seen

    def columns(self, columns: Set[str]) -> set[str]:
        """Return a header's *columns* with the mode column for the virtual one."""
        return {*(c for c in columns if c != VIRTUAL), "mode"}

    def _mode(self, number: int, value: object, *, count: bool) -> object:
        mode = mode_text(value)
        if count and mode is not value and not is_blank(value):
            text = str(value).strip()
            found = self.read.get(text)
            if found is None:
                found = self.read[text] = (str(mode), RowTally())
            found[1].append(number)
        return mode

    def row(
        self,
        number: int,
        cells: dict[str | None, object],
        problems: Sequence[tuple[str | None, str]],
    ) -> RowCells:
        """Return the row with its virtual cell read as its mode cell."""
        if VIRTUAL not in cells:
            return number, cells, problems
        out = dict(cells)
        value = out.pop(VIRTUAL)
        if self.seen is not None:
            self.seen.add("mode")
        if not is_blank(out.get("mode")) and not is_blank(value):
            # A JSON object with both (a table's header with both is refused).
            message = "mode and virtual both say the mode: keep one or the other"
            return number, out, [*problems, (VIRTUAL, message)]
        out["mode"] = self._mode(number, value, count=named(out.get("host"), out.get("visitor")))
        return number, out, problems

    def chunk(self, chunk: RecordChunk) -> RecordChunk:
        """Return the chunk with its virtual column read as the mode column."""
        header = list(chunk.header)
        position = header.index(VIRTUAL)
        header[position] = "mode"
        host, visitor = header.index("host"), header.index("visitor")
        records = []
        for offset, cells in enumerate(chunk.records):
            if not named(cells[host], cells[visitor]):
                # No exchange at first sight (a totals row, a section label): read whole by the
                # row path as written, as the row reader reads it ("No" is the label, not
                # "physical"); its virtual cell is read there (see _record_cells).
                records.append(cells)
                continue
            record = list(cells)
            record[position] = str(self._mode(chunk.first + offset, record[position], count=True))
            records.append(record)
        return RecordChunk(chunk.first, records, header, self._record_cells(chunk.cells))

    def _record_cells(self, cells: RecordCells) -> RecordCells:
        """The chunk's reader of one record, for a record of the rewritten chunk."""

        def read(number: int, record: list[str], lines: int) -> RowCells:
            number, found, problems = cells(number, record, lines)
            if type(found) is dict and VIRTUAL in found:
                found = {**found}
                found["mode"] = mode_text(found.pop(VIRTUAL))  # counted with the chunk
            return number, found, problems

        return read

    def warnings(self) -> Iterator[tuple[str, int | None, str]]:
        """Yield one warning per yes/no text read, in the order of their first rows."""
        by_row = sorted(self.read.items(), key=lambda item: item[1][1].first()[0])
        for text, (mode, rows) in by_row:
            yield (
                f"{text!r} in the virtual column read as {mode} on {_rows_phrase(rows)}",
                rows.first()[0],
                VIRTUAL,
            )
