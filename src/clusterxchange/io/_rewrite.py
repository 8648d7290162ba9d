"""Rows rewritten before either reader sees them, the same way on both paths.

Some cells say what another column would: a name that carries its country (io/_bracketed.py),
a yes/no ``Virtual?`` column that is the mode (io/_virtual.py). A :class:`RowRewriter` turns
them into the cells the readers know, on the rows :func:`~clusterxchange.io._rows.read_rows`
reads: a row's cells (a dict) for the row reader, and a chunk of records (one cell per column)
for the columnar one, so both read the same values and give the same warnings. It counts the
rows it rewrote, for one warning per decision, as the readers' own summary warnings do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Set

from clusterxchange.io._columnar import RecordChunk

__all__ = ["RowCells", "RowRewriter"]

#: io/_rows.py's ``RowCells`` (a row's number, cells and problems), which imports this module.
RowCells = tuple[int, object, Sequence[tuple[str | None, str]]]

#: A chunk's reader of one of its records (:attr:`RecordChunk.cells`).
RecordCells = Callable[[int, list[str], int], RowCells]


class RowRewriter:
    """Rewrites the cells of the rows of a table; subclasses say how."""

    def columns(self, columns: Set[str]) -> set[str]:
        """Return the table's canonical columns once its rows are rewritten."""
        return set(columns)

    def rows_of(self, rows: Iterable[RowCells]) -> Iterator[RowCells]:
        """Yield *rows* rewritten (each row's cells a new object where one is)."""
        for number, cells, problems in rows:
            if type(cells) is RecordChunk:
                yield number, self.chunk(cells), problems
            elif type(cells) is dict:
                yield self.row(number, cells, problems)
            else:
                yield number, cells, problems

    def row(
        self,
        number: int,
        cells: dict[str | None, object],
        problems: Sequence[tuple[str | None, str]],
    ) -> RowCells:
        """Return one row of cells rewritten (counted for the warnings)."""
        raise NotImplementedError

    def chunk(self, chunk: RecordChunk) -> RecordChunk:
        """Return a chunk of records rewritten (counted for the warnings)."""
        raise NotImplementedError

    def warnings(self) -> Iterator[tuple[str, int | None, str]]:
        """Yield the warnings of the rows rewritten: ``(message, first row, column)``."""
        raise NotImplementedError


def named(host: object, visitor: object) -> bool:
    """Whether a row names a host and a visitor (else a rewriter leaves it as it is).

    A row without both is no exchange (a totals row, skipped) or an error of its own.
    """
    return type(host) is str and type(visitor) is str and bool(host.strip() and visitor.strip())
