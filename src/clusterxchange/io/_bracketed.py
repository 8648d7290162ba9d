"""A country written in brackets after an organisation's name, in a table without its column.

Report appendices and coordinators' lists often name each organisation with its country,
``Hamburg Aviation (DE)`` or ``Aero Lda [Portugal]``, and have no country column. Read as it
stands, every such row has no country: the country, cross-border and ceiling rules are all
undecided. Where a table (with a header: CSV, Excel) has a host or visitor column but no
country column for that side, a name ending in brackets that hold a country (a code or a
name the country reader knows: ``DE``, ``DEU``, ``Germany``, ``Deutschland``) is read as the
name before the brackets and that country; the brackets' text is then read as the side's
country cell, so a nation of the UK (``Scotland``) is ``GB`` with its note, as in a country
column. Brackets that hold no country (``Fraunhofer (IPK)``) leave the name as it is. One
warning per side says which rows were read this way, with an example.

A table with a country column is never read this way, even on a row whose country cell is
blank: the table has said where its countries are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence, Set

from clusterxchange.io._columnar import RecordChunk
from clusterxchange.io._rewrite import RecordCells, RowCells, RowRewriter, named
from clusterxchange.io._row import RowTally, _rows_phrase
from clusterxchange.model.countries import normalize_country
from clusterxchange.model.errors import ClusterXchangeError

__all__ = ["BracketedCountries", "bracketed_sides", "split_name"]

#: A name, then a bracketed text at the end (round or square brackets).
_BRACKETED = re.compile(r"(?P<name>.*?[^\s(\[])\s*[(\[]\s*(?P<country>[^()\[\]]+?)\s*[)\]]\s*")

#: The longest bracketed text looked up as a country (the longest country names are shorter).
_LONGEST = 60


def bracketed_sides(columns: Set[str]) -> tuple[str, ...]:
    """Return the sides (``host``, ``visitor``) whose names may hold their country.

    >>> bracketed_sides({"host", "host_country", "visitor"})
    ('visitor',)
    """
    return tuple(
        side for side in ("host", "visitor") if side in columns and f"{side}_country" not in columns
    )


@functools.lru_cache(maxsize=4096)
def split_name(text: str) -> tuple[str, str] | None:
    """Return the name and the country text of ``Name (Country)``; ``None`` if it is not one.

    >>> split_name("Hamburg Aviation (DE)"), split_name("Aero Lda [Portugal]")
    (('Hamburg Aviation', 'DE'), ('Aero Lda', 'Portugal'))
    >>> split_name("Fraunhofer (IPK)") is None, split_name("(DE)") is None
    (True, True)
    """
    match = _BRACKETED.fullmatch(text.strip())
    if match is None:
        return None
    country = match["country"]
    if len(country) > _LONGEST:
        return None
    try:
        normalize_country(country)
    except ClusterXchangeError:
        return None
    return match["name"], country


class BracketedCountries(RowRewriter):
    """Splits the names of *sides* as rows are read; remembers the rows, for one warning each."""

    def __init__(self, sides: Sequence[str]) -> None:
        self.sides = tuple(sides)
        #: For each side, the rows read this way and the first name split.
        self.rows = {side: RowTally() for side in self.sides}
        self.example: dict[str, tuple[str, str, str]] = {}

    def columns(self, columns: Set[str]) -> set[str]:
        """Return *columns* with the country columns the names give."""
        return {*columns, *(f"{side}_country" for side in self.sides)}

    def _split(self, side: str, number: int, text: object) -> tuple[str, str] | None:
        if type(text) is not str:
            return None
        found = split_name(text)
        if found is not None:
            self.rows[side].append(number)
            self.example.setdefault(side, (text.strip(), *found))
        return found

    def row(
        self,
        number: int,
        cells: dict[str | None, object],
        problems: Sequence[tuple[str | None, str]],
    ) -> RowCells:
        """Return the row with its names split."""
        if not named(cells.get("host"), cells.get("visitor")):
            return number, cells, problems
        out = dict(cells)
        for side in self.sides:
            found = self._split(side, number, out.get(side))
            if found is not None:
                out[side], out[f"{side}_country"] = found
        return number, out, problems

    def chunk(self, chunk: RecordChunk) -> RecordChunk:
        """Return the chunk with its names split, and a country cell per side after the rest."""
        header = list(chunk.header)
        width = len(header)
        positions = [header.index(side) for side in self.sides]
        host, visitor = header.index("host"), header.index("visitor")
        header.extend(f"{side}_country" for side in self.sides)
        records = []
        blank = [""] * len(self.sides)
        for offset, cells in enumerate(chunk.records):
            if not named(cells[host], cells[visitor]):
                records.append([*cells, *blank])
                continue
            record = list(cells)
            countries = []
            for side, position in zip(self.sides, positions, strict=True):
                found = self._split(side, chunk.first + offset, record[position])
                if found is None:
                    countries.append("")
                else:
                    record[position], country = found
                    countries.append(country)
            records.append([*record, *countries])
        return RecordChunk(chunk.first, records, header, self._record_cells(chunk.cells, width))

    def _record_cells(self, cells: RecordCells, width: int) -> RecordCells:
        """The chunk's reader of one record, for a record of the split chunk.

        The record's cells past *width* are the countries its names gave (blank for none).
        """
        countries = [f"{side}_country" for side in self.sides]

        def read(number: int, record: list[str], lines: int) -> RowCells:
            number, found, problems = cells(number, record[:width], lines)
            if type(found) is dict:
                given = zip(countries, record[width:], strict=True)
                found = {**found, **{column: text for column, text in given if text}}
            return number, found, problems

        return read

    def warnings(self) -> Iterator[tuple[str, int | None, str]]:
        """Yield each side's warning: ``(message, first row, column)``."""
        for side in self.sides:
            rows = self.rows[side]
            if not len(rows):
                continue
            text, name, country = self.example[side]
            yield (
                f"no {side}_country column: the {side}'s country read from the brackets after "
                f"its name on {_rows_phrase(rows)} ({text!r}: {name!r} in {country!r})",
                rows.first()[0],
                side,
            )
