"""The records of a CSV text: taken in plain batches or one by one, the same records.

``CsvRecords.plain_batch`` lets the csv module read many records in one call; it must take
them only when each is plain (one line, the header's width) and otherwise leave every one of
them to be read one by one, so that row numbers, line counts and errors stay exact.
"""

from __future__ import annotations

import io
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.io import _csv
from clusterxchange.io._csv import CsvRecords, read_csv_table
from clusterxchange.model.errors import InvalidFileError

#: Pieces of lines as sheets have them: plain cells, quoted ones with delimiters or line
#: breaks inside, line ends of every platform, a stray NUL (which the csv module refuses)
#: and a quote opened and never closed.
_PIECES = ["a", "Aero Lda", ",", ",", '"x,y"', '"two\nlines"', '"cr\r\nlf"', "\n", "\n",
           "\r\n", "\r", "", "\x00", '"open', " "]  # fmt: skip

texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def one_by_one(text: str) -> tuple[list[tuple[int, list[str], int]], str | None]:
    """Every record of *text*, read one at a time, and the error that ends them, if any."""
    found = []
    try:
        for record in CsvRecords(text, ",", "sheet.csv"):
            found.append(record)
    except InvalidFileError as error:
        return found, str(error)
    return found, None


def in_batches(
    text: str, sizes: list[int], width: int
) -> tuple[list[tuple[int, list[str], int]], str | None]:
    """The records of *text*, taken in plain batches of *sizes* where they can be."""
    records = CsvRecords(text, ",", "sheet.csv")
    found: list[tuple[int, list[str], int]] = []
    try:
        for size in [*sizes, 1_000]:
            first = records.number + 1
            batch = records.plain_batch(size, width)
            if batch == []:
                return found, None
            if batch is None:
                for _ in range(size):
                    record = next(records, None)
                    if record is None:
                        return found, None
                    found.append(record)
            else:
                assert 0 < len(batch) <= size
                assert {len(cells) for cells in batch} == {width}
                found.extend((first + i, cells, 1) for i, cells in enumerate(batch))
        found.extend(records)
    except InvalidFileError as error:
        return found, str(error)
    return found, None


@given(texts, st.lists(st.integers(1, 5), max_size=10), st.integers(1, 3))
def test_batches_give_the_records_reading_one_by_one_gives(
    text: str, sizes: list[int], width: int
) -> None:
    assert in_batches(text, sizes, width) == one_by_one(text)


@given(texts, st.lists(st.integers(1, 5), max_size=10), st.integers(1, 3), st.integers(1, 12))
def test_the_text_given_a_window_at_a_time_reads_as_given_whole(
    text: str, sizes: list[int], width: int, window: int
) -> None:
    # Windows of a few characters: records quoted over line ends, line ends of every kind
    # and rewinds of a batch cross their edges. Whole: one window (the text is short).
    whole = one_by_one(text)
    with mock.patch.object(_csv, "WINDOW", window):
        assert one_by_one(text) == whole
        assert in_batches(text, sizes, width) == whole


def test_a_window_holds_part_of_the_text_and_the_lines_are_all_of_it() -> None:
    text = "".join(f"Host {i},Visitor {i}\n" for i in range(120_000))
    assert len(text) > 2 * _csv.WINDOW
    lines = _csv._Lines(text, 0)
    first = next(lines)
    window = lines._window.getvalue()
    assert _csv.WINDOW <= len(window) < _csv.WINDOW + 30  # up to the next line end
    assert window.endswith("\n")
    assert first + "".join(lines) == text
    assert lines.tell() == len(text)


def test_a_batch_stops_short_of_nothing_and_takes_only_plain_records() -> None:
    records = CsvRecords('h,v\n1,2\n3,"4\n5"\n6,7\n', ",", None)
    assert records.plain_batch(2, 2) == [["h", "v"], ["1", "2"]]
    assert records.plain_batch(2, 2) is None  # the second record spans two lines
    assert next(records) == (3, ["3", "4\n5"], 2)
    assert records.plain_batch(5, 2) == [["6", "7"]]
    assert records.plain_batch(5, 2) == []


def test_a_quote_never_closed_is_an_error_in_a_batch_too() -> None:
    records = CsvRecords('h,v\n1,"2\n', ",", "sheet.csv")
    assert records.plain_batch(10, 2) == [["h", "v"], ["1", "2\n"]]
    with pytest.raises(InvalidFileError, match=r"row 2.*never closed"):
        records.plain_batch(10, 2)  # [] at the end: the last record is checked then


def test_a_table_with_line_breaks_in_cells_reads_by_chunks_as_by_rows() -> None:
    lines = [f"Host {i % 3},Visitor {i} Ltd" for i in range(30)]
    lines[7] = 'Host 1,"Visitor\n7 Ltd"'
    lines[21] = "Host 2,Visitor 21 Ltd,stray"
    text = "Host,Visitor\r\n" + "\r\n".join(lines) + "\r\n"
    with mock.patch.object(_csv, "CHUNK", 4):
        chunked = read_csv_table(io.StringIO(text), file="sheet.csv")
    assert chunked == read_csv_table(io.StringIO(text), file="sheet.csv", chunks=False)
    assert len(chunked.exchanges) == 29  # the row with a cell past the header is an error
    assert [p.row for p in chunked.errors] == [23]
