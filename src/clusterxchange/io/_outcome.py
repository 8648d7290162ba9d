"""What reading one cell gives besides its value: a refusal, or a note for the warnings."""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["CellError", "Noted", "describe"]

_T = TypeVar("_T")


class CellError(Exception):
    """A cell cannot be read; the message says what was found and what was expected."""


class Noted(Generic[_T]):
    """A cell's value with what the reader decided to read it (one warning per *group*).

    Args:
        value: The value read.
        note: What was decided, with the cell's text: ``"'28.4.23' read as 2023-04-28"``.
        group: Notes of one column with the same group make one warning, listing their rows
            and quoting the first note; by default each distinct note is its own warning.

    >>> noted = Noted(1050.0, "'1.050' read as 1050 km")
    >>> noted.value, noted.group
    (1050.0, "'1.050' read as 1050 km")
    """

    __slots__ = ("group", "note", "value")

    def __init__(self, value: _T, note: str, group: str | None = None) -> None:
        self.value = value
        self.note = note
        self.group = note if group is None else group

    def __repr__(self) -> str:
        return f"Noted({self.value!r}, {self.note!r})"


def describe(value: object) -> str:
    """Return what kind of value a cell holds, for messages (``"a list"``, ``"float"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__
