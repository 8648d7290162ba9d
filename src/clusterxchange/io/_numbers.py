"""Reading numbers as people write them: decimal signs, thousands, approximations and units.

A number's reading can depend on its file's **decimal convention**. ``640,2`` and ``640.2`` are
640.2 whatever the convention, and so is ``1.234,5`` or ``1,234.5`` (the last sign is the
decimal one; the other must group digits in threes). Only one shape depends on it: one ``,`` or
``.`` followed by exactly three digits, after one to three digits (``1.050``, ``1,050``). With
the decimal comma (the ``;``-separated CSV of a German or French Excel), ``1.050`` is 1050 and
``1,050`` is 1.05; with the decimal point the other way round. Where the convention is not
known, such a number is *ambiguous*: it is read as the thousands (the larger reading), with a
warning giving both readings. For a distance, the larger reading is the one that never halves a
lump sum the other would not: halving money by a wrong guess is worse than a warning.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from clusterxchange.io._folding import unaccented
from clusterxchange.io._formats import APPROXIMATION_WORDS, DECIMAL_SIGNS, DISTANCE_UNITS
from clusterxchange.io._outcome import CellError, Noted, describe

__all__ = [
    "DecimalEvidence",
    "NumberTexts",
    "check_decimal",
    "decimal_convention",
    "decimal_evidence",
    "infer_decimal",
    "read_amount",
    "read_distance",
    "read_number",
    "reading",
    "reads_two_ways",
]

_GROUPING = MappingProxyType(str.maketrans("", "", " \u00a0\u202f\u2009'’"))
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d{1,4}")
_BODY = re.compile(r"([+-]?)(\d[\d.,]*|[.,]\d[\d.,]*)")
_GROUPED = MappingProxyType(
    {sep: re.compile(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+") for sep in DECIMAL_SIGNS}
)
_NAMES = MappingProxyType({",": "decimal comma", ".": "decimal point"})
_EXPECTED = "expected a number such as 640.2, 640,2 or 1 050"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(unaccented(w)) for w in sorted(words, key=len, reverse=True))


#: A number that reads one way in any convention: digits, with a decimal point not followed by
#: exactly three digits (``640.2``, ``1250``, ``0.25``): most numbers of a real table.
_PLAIN = re.compile(r"[0-9]+(?:\.(?:[0-9]{1,2}|[0-9]{4,}))?", re.ASCII)
_APPROXIMATE = re.compile(rf"(?:{_alternatives(APPROXIMATION_WORDS)})\.?\s*(?=[\d+\-.,])")
_UNIT = re.compile(rf"\s*(?:{_alternatives(DISTANCE_UNITS)})\.?$")


class Reading(NamedTuple):
    """How a number's text was read.

    Attributes:
        value: The number taken.
        other: The other reading, when the text reads two ways (``1.050``: 1050 or 1.05).
        by_convention: Whether *value* was chosen by the decimal convention given (else the
            text was ambiguous and the larger reading was taken, or it reads one way only).
        approximate: Whether the text said the number is approximate (``approx. 600``).
    """

    value: float
    other: float | None = None
    by_convention: bool = False
    approximate: bool = False


_new_reading = tuple.__new__  # a Reading from its four values, without NamedTuple's __new__


def _refuse(text: str, detail: str = "") -> CellError:
    return CellError(f"{detail or _EXPECTED}, found {text!r}")


def _body(text: str) -> tuple[str, bool]:
    """Return the number's characters without approximation, unit or grouping spaces."""
    plain = unaccented(text.strip())
    approximate = False
    if match := _APPROXIMATE.match(plain):
        approximate, plain = True, plain[match.end() :]
    if match := _UNIT.search(plain):
        plain = plain[: match.start()]
    return plain.translate(_GROUPING), approximate


def reading(text: str, decimal: str | None = None, *, grouping: bool = True) -> Reading:
    """Return how the number written in *text* reads, in the file's *decimal* convention.

    Args:
        text: The cell's text: a number with optional sign, spaces or apostrophes between
            thousands, a word of approximation before it (``approx.``, ``ca.``, ``~``) and
            ``km`` after it.
        decimal: The file's decimal sign (``","`` or ``"."``), ``None`` when not known.
        grouping: Whether thousands separators may occur (``False`` for coordinates: there a
            single ``,`` or ``.`` is always the decimal sign).

    Raises:
        CellError: The text is not a number.

    >>> reading("1.050", ","), reading("1.050", ".")
    (Reading(value=1050.0, other=1.05, by_convention=True, approximate=False), \
Reading(value=1.05, other=1050.0, by_convention=True, approximate=False))
    >>> reading("1,050").value, reading("1,050").other, reading("approx. 640,2 km")
    (1050.0, 1.05, Reading(value=640.2, other=None, by_convention=False, approximate=True))
    """
    if _PLAIN.fullmatch(text):  # what the steps below give it, in a fraction of the time
        return _new_reading(Reading, (float(text), None, False, False))
    return _reading(text, decimal, grouping=grouping)


def _reading(text: str, decimal: str | None = None, *, grouping: bool = True) -> Reading:
    """Return how *text* reads (:func:`reading`), without its shortcut for plain numbers."""
    body, approximate = _body(text)
    if "e" in body:
        if not _SCIENTIFIC.fullmatch(body):
            raise _refuse(text)
        return Reading(float(body), approximate=approximate)
    match = _BODY.fullmatch(body)
    if match is None:
        raise _refuse(text)
    sign, digits = -1.0 if match[1] == "-" else 1.0, match[2]
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        point = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if point == "," else ","
        whole, _, fraction = digits.rpartition(point)
        if not grouping or not _GROUPED[group].fullmatch(whole) or not fraction.isdigit():
            raise _refuse(text, "expected a number with thousands in threes (1.234,5 or 1,234.5)")
        return Reading(
            sign * float(f"{whole.replace(group, '')}.{fraction}"), approximate=approximate
        )
    if not commas and not dots:
        return Reading(sign * float(digits), approximate=approximate)
    sep = "," if commas else "."
    if commas + dots > 1:
        if grouping and _GROUPED[sep].fullmatch(digits):
            return Reading(sign * float(digits.replace(sep, "")), approximate=approximate)
        raise _refuse(text, "expected a number with thousands in threes (1.234.567)")
    head, _, tail = digits.partition(sep)
    if not tail and not head:
        raise _refuse(text)
    as_decimal = sign * float(f"{head or 0}.{tail or 0}")
    if not grouping or len(tail) != 3 or not head or len(head) > 3 or head.startswith("0"):
        return Reading(as_decimal, approximate=approximate)
    as_thousands = sign * float(head + tail)
    if decimal == sep:
        return Reading(as_decimal, as_thousands, True, approximate)
    if decimal is not None:
        return Reading(as_thousands, as_decimal, True, approximate)
    return Reading(as_thousands, as_decimal, False, approximate)


def read_number(
    value: object, *, unit: str = "", decimal: str | None = None, grouping: bool = True
) -> float:
    """Return the finite number in a non-blank cell, read as :func:`reading` reads it.

    An ambiguous text gives its larger reading; :func:`read_distance` also says so.

    >>> read_number("640,2"), read_number("1 200.5"), read_number(5), read_number("9 km")
    (640.2, 1200.5, 5.0, 9.0)
    >>> read_number("1.234,5"), read_number("1,050", decimal=","), read_number("~600")
    (1234.5, 1.05, 600.0)
    """
    del unit  # units are recognised whatever the caller names (the column is in km)
    return _number(value, decimal, grouping=grouping)[0].value


def _number(value: object, decimal: str | None, *, grouping: bool) -> tuple[Reading, str]:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an int past float's range (str() of it may even fail)
            raise CellError("expected a number of sensible size, found a huge number") from None
        except ValueError:  # a signalling NaN
            raise CellError(f"expected a finite number, found {value!r}") from None
        text = repr(value) if isinstance(value, float) else str(value)
        found = Reading(number)
    elif isinstance(value, str):
        text = value.strip()
        found = reading(text, decimal, grouping=grouping)
    else:
        raise CellError(f"expected a number, found {describe(value)}")
    if not math.isfinite(found.value) or (found.other is not None and math.isinf(found.other)):
        raise CellError(f"expected a finite number, found {text!r}")
    return found, text


@functools.cache
def _halving_limits() -> tuple[float, ...]:
    """The distances under which a shipped generation halves the lump sum (km)."""
    from clusterxchange.generations import all_generations

    return tuple(sorted({float(g.short_distance_km.value) for g in all_generations()}))


def read_distance(
    value: object, *, decimal: str | None = None, evidence: str | None = None
) -> float | Noted[float]:
    """Return a distance in km (>= 0), with a note when it was read one way of two.

    Args:
        value: The cell.
        decimal: The file's decimal sign, ``None`` when not known.
        evidence: Where the convention came from, when it was inferred from the table's own
            numbers (``"'640,2' on row 3"``); ``None`` when given or known from the file.

    A text that reads two ways gets a note giving both whenever the convention is not known
    or was inferred, and also under a known convention when the reading taken is under a
    distance that halves the lump sum and the other is not (money is never reduced without a
    word).

    >>> read_distance("640,2"), read_distance("1.050", decimal=",")
    (640.2, 1050.0)
    >>> print(read_distance("1,050", decimal=",").note)  # doctest: +NORMALIZE_WHITESPACE
    '1,050' read as 1.05 km by the decimal comma of the file; with ',' as a thousands
    separator it would be 1050 km (1.05 km is under 200 km, which halves the lump sum)
    >>> print(read_distance("1.050").note)  # doctest: +NORMALIZE_WHITESPACE
    '1.050' read as 1050 km, taking '.' as a thousands separator; as a decimal sign it would
    be 1.05 km (1.05 km is under 200 km, which halves the lump sum): give the file's decimal
    sign, or write 1050 or 1,05
    """
    found, text = _number(value, decimal, grouping=True)
    distance = found.value
    if distance < 0:
        raise CellError(f"expected a distance >= 0 km, found {distance:g}")
    notes: list[str] = []
    if found.approximate:
        notes.append(f"{text!r} read as {distance:g} km (an approximate distance)")
    if found.other is not None:
        low, high = sorted((distance, found.other))
        halving = [limit for limit in _halving_limits() if low < limit <= high]
        sep = "," if "," in text else "."
        as_thousands = distance > found.other
        role, other_role = ("a thousands separator", "a decimal sign")[:: 1 if as_thousands else -1]
        consequence = (
            f" ({low:g} km is under {halving[0]:g} km, which halves the lump sum)"
            if halving
            else ""
        )
        if not found.by_convention:
            notes.append(
                f"{text!r} read as {distance:g} km, taking {sep!r} as {role}; as {other_role} it "
                f"would be {found.other:g} km{consequence}: give the file's decimal sign, or "
                f"write {distance:g} or {_as_comma(found.other)}"
            )
        elif evidence is not None or (halving and not as_thousands):
            assert decimal is not None
            source = f"the table's numbers ({evidence})" if evidence else "the file"
            notes.append(
                f"{text!r} read as {distance:g} km by the {_NAMES[decimal]} of {source}; with "
                f"{sep!r} as {other_role} it would be {found.other:g} km{consequence}"
            )
    if not notes:
        return distance
    return Noted(distance, "; ".join(notes))


_CURRENCY = re.compile(r"^\s*(?:€|eur\b)\s*|\s*(?:€|eur)\s*$", re.IGNORECASE)
_CENTS = Decimal("0.01")
_EXPECTED_AMOUNT = "expected an amount in euros such as 830.00, 830,00 € or EUR 1.100,00"


def read_amount(
    value: object, *, decimal: str | None = None, evidence: str | None = None
) -> Decimal | Noted[Decimal]:
    """Return an amount of money in euros (>= 0, whole cents), with a note when read one way of two.

    A ``€`` or ``EUR`` before or after the number is allowed; decimal signs and thousands
    separators read as :func:`reading` reads them, in the file's *decimal* convention. A text
    that reads two ways (``1.100`` where the convention is not known, or was inferred as
    *evidence* says) is read as the thousands, with a note giving the other reading.

    >>> read_amount("830,00 €"), read_amount("EUR 1.100,50"), read_amount(415)
    (Decimal('830.00'), Decimal('1100.50'), Decimal('415.00'))
    >>> print(read_amount("1.100").note)  # doctest: +NORMALIZE_WHITESPACE
    '1.100' read as 1100.00 EUR, taking '.' as a thousands separator; as a decimal sign it
    would be 1.10 EUR: give the file's decimal sign, or write 1100 or 1,10
    >>> read_amount("-5")
    Traceback (most recent call last):
    ...
    clusterxchange.io._outcome.CellError: expected an amount >= 0 EUR, found -5
    """
    if isinstance(value, str):
        text = value.strip()
        body = _CURRENCY.sub("", text)
        if not body or _CURRENCY.search(body):
            raise _refuse(text, _EXPECTED_AMOUNT)
        try:
            found = reading(body, decimal)
        except CellError:
            raise _refuse(text, _EXPECTED_AMOUNT) from None
        if found.approximate or not math.isfinite(found.value):
            raise _refuse(text, _EXPECTED_AMOUNT)
    else:
        found, text = _number(value, decimal, grouping=True)
    amount = Decimal(repr(found.value))
    if amount < 0:
        raise CellError(f"expected an amount >= 0 EUR, found {found.value:g}")
    cents = amount.quantize(_CENTS)
    if cents != amount:
        raise CellError(f"expected an amount in whole cents, found {text!r}")
    if found.other is None or (found.by_convention and evidence is None):
        return cents
    other = Decimal(repr(found.other)).quantize(Decimal("0.000001")).normalize()
    sep = "," if "," in text else "."
    as_thousands = found.value > found.other
    role, other_role = ("a thousands separator", "a decimal sign")[:: 1 if as_thousands else -1]
    if found.by_convention:
        assert decimal is not None
        note = (
            f"{text!r} read as {cents} EUR by the {_NAMES[decimal]} of the table's numbers "
            f"({evidence}); with {sep!r} as {other_role} it would be {other:.2f} EUR"
        )
    else:
        comma = f"{other:.2f}".replace(".", ",")
        note = (
            f"{text!r} read as {cents} EUR, taking {sep!r} as {role}; as {other_role} it would "
            f"be {other:.2f} EUR: give the file's decimal sign, or write {found.value:g} or "
            f"{comma}"
        )
    return Noted(cents, note)


def _as_comma(number: float) -> str:
    return f"{number:g}".replace(".", ",")


class DecimalEvidence(NamedTuple):
    """The decimal sign a cell's text shows, with the text and its row."""

    sign: str
    text: str
    row: int


def decimal_evidence(value: object, *, coordinate: bool = False) -> str | None:
    """Return the decimal sign a number's text shows unambiguously, ``None`` when it shows none.

    ``640,2`` shows a decimal comma, ``1.234.567`` and ``1.234,5`` too; ``1.050`` and ``600``
    show nothing. In a coordinate (never grouped in thousands) any sign is the decimal one.

    >>> [decimal_evidence(t) for t in ("640,2", "1.234.567", "1,234.5", "1.050", "600", 6.5)]
    [',', ',', '.', None, None, None]
    >>> decimal_evidence("53.550", coordinate=True), decimal_evidence("approx. 1,050")
    ('.', None)
    """
    if not isinstance(value, str):
        return None
    if _PLAIN.fullmatch(value):  # reads one way: a point shows the decimal point
        return "." if "." in value else None
    digits = _body(value)[0]
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        return "," if digits.rfind(",") > digits.rfind(".") else "."
    if not commas and not dots:
        return None
    sep = "," if commas else "."
    other = "." if sep == "," else ","
    if coordinate:
        return sep if commas + dots == 1 else None
    if commas + dots > 1:
        return other if _GROUPED[sep].search(digits) else None
    try:
        found = reading(value)
    except CellError:
        return None
    return None if found.other is not None else sep


def infer_decimal(
    cells: Iterable[tuple[int, object, bool]],
) -> tuple[str | None, tuple[DecimalEvidence, ...]]:
    """Return the decimal sign a table's numbers show, and the first example of each sign seen.

    Args:
        cells: ``(row, cell, is a coordinate)`` for each number cell of the table.

    Returns:
        The sign, or ``None`` when the cells show none or show both (a mixed table, in which
        every ambiguous number is reported); and the examples, one per sign seen.

    >>> infer_decimal([(2, "1.050", False), (3, "640,2", False)])
    (',', (DecimalEvidence(sign=',', text='640,2', row=3),))
    >>> infer_decimal([(2, "640,2", False), (3, "12.5", False)])[0] is None
    True
    """
    seen: dict[str, DecimalEvidence] = {}
    known: dict[tuple[str, bool], str | None] = {}  # each distinct text is looked at once
    for row, cell, coordinate in cells:
        if type(cell) is str:
            sign = known.get((cell, coordinate), "")
            if sign == "":
                sign = known[cell, coordinate] = decimal_evidence(cell, coordinate=coordinate)
        else:
            sign = decimal_evidence(cell, coordinate=coordinate)
        if sign is not None and sign not in seen:
            seen[sign] = DecimalEvidence(sign, str(cell).strip(), row)
            if len(seen) == len(DECIMAL_SIGNS):
                break
    examples = tuple(seen.values())
    return (examples[0].sign if len(examples) == 1 else None), examples


#: The columns holding decimal numbers, and whether each is a coordinate.
_NUMBER_COLUMNS = (
    ("distance_km", False),
    ("paid_amount", False),
    ("host_lat", True),
    ("host_lon", True),
    ("visitor_lat", True),
    ("visitor_lon", True),
)


def check_decimal(decimal: object) -> str | None:
    """Return *decimal* if it is a decimal sign the readers know (or ``None``), else raise.

    Raises:
        InvalidValueError: *decimal* is neither ``","``, ``"."`` nor ``None``.

    >>> check_decimal(","), check_decimal(None)
    (',', None)
    """
    if decimal is None or (isinstance(decimal, str) and decimal in DECIMAL_SIGNS):
        return decimal
    from clusterxchange.model.errors import InvalidValueError

    raise InvalidValueError(
        f"unknown decimal sign {decimal!r:.40}: expected ',' (1.050,5) or '.' (1,050.5)"
    )


def decimal_convention(
    rows: Iterable[tuple[int, object, object]],
    presumed: str | None,
    fixed: bool,
    columns: Iterable[str],
) -> tuple[str | None, str | None, str | None]:
    """Return a table's decimal sign, where it was inferred from, and a warning if any.

    The table's own numbers decide when they show one sign only; else *presumed* (the sign the
    file's format implies) holds. When they show both signs, or contradict *presumed*, the
    convention is not known: every number that reads two ways is read as thousands and warned.

    Args:
        rows: The table's ``(row, cells, problems)``, cells keyed by canonical column.
        presumed: The sign implied by the file's format, if any.
        fixed: Whether *columns* is every column the rows may have.
        columns: The table's canonical columns.

    >>> rows = [(2, {"distance_km": "640,2"}, ()), (3, {"distance_km": "1.050"}, ())]
    >>> decimal_convention(rows, None, True, ["distance_km"])
    (',', "'640,2' on row 2", None)
    >>> decimal_convention(rows, ",", True, ["distance_km"])
    (',', None, None)
    """
    texts = NumberTexts(columns, fixed=fixed)
    if not texts.columns:
        return presumed, None, None
    for number, row, _ in rows:
        if isinstance(row, Mapping):
            texts.add(number, row)
    return texts.convention(presumed)


class NumberTexts:
    """The number cells of a table, gathered row by row, for its decimal convention.

    Each distinct text is kept once, with the row and column where it first appears: what
    :func:`decimal_convention` needs (the first example of each sign), without holding the
    rows. A reader can gather them while it reads the rows, and decide the convention after.

    >>> texts = NumberTexts(["distance_km"], fixed=True)
    >>> texts.add(2, {"distance_km": "1.050"}); texts.add(3, {"distance_km": "640,2"})
    >>> texts.convention(None), texts.two_ways
    ((',', "'640,2' on row 3", None), True)
    """

    def __init__(self, columns: Iterable[str], *, fixed: bool) -> None:
        present = set(columns)
        #: The number columns to look at: every one the rows may have.
        self.columns = tuple(
            (index, column, coordinate)
            for index, (column, coordinate) in enumerate(_NUMBER_COLUMNS)
            if not fixed or column in present
        )
        self.first: dict[tuple[str, bool], tuple[int, int]] = {}
        #: Whether a distance read so far reads two ways (1.050): its reading depends on the
        #: convention (a coordinate's never does).
        self.two_ways = False

    def add(self, number: int, cells: Mapping[str, object]) -> None:
        """Gather the number texts of row *number* (rows may come in any order)."""
        first = self.first
        for index, column, coordinate in self.columns:
            value = cells.get(column)
            if type(value) is str:
                known = first.get((value, coordinate))
                if known is None or (number, index) < known:
                    self._place(value, coordinate, (number, index))

    def add_columns(self, numbers: Sequence[int], cells: Mapping[str, Sequence[object]]) -> None:
        """Gather the number texts of the rows *numbers*, given as columns of their cells.

        The same as :meth:`add` for each row, in C passes: a column's first row of each of
        its texts is ``dict(zip(reversed(column), reversed(numbers)))``.

        >>> texts = NumberTexts(["distance_km"], fixed=True)
        >>> texts.add_columns([2, 3, 4], {"distance_km": ["640,2", "1.050", "640,2"]})
        >>> texts.first, texts.two_ways
        ({('640,2', False): (2, 0), ('1.050', False): (3, 0)}, True)
        """
        for index, column, coordinate in self.columns:
            values = cells.get(column)
            if values is None:
                continue
            firsts = dict(zip(reversed(values), reversed(numbers), strict=True))
            for value, number in firsts.items():
                if type(value) is str:
                    self._place(value, coordinate, (number, index))

    def _place(self, value: str, coordinate: bool, place: tuple[int, int]) -> None:
        """Keep the earliest place of a text (rows may be gathered out of order)."""
        first = self.first
        key = (value, coordinate)
        known = first.get(key)
        if known is None:
            first[key] = place
            if not coordinate and not self.two_ways:
                self.two_ways = reads_two_ways(value)
        elif place < known:
            first[key] = place

    def convention(self, presumed: str | None) -> tuple[str | None, str | None, str | None]:
        """Return the decimal sign, where it was inferred from, and a warning if any.

        The same answer as :func:`decimal_convention` on the rows gathered.
        """
        first = self.first.items()
        order = sorted((place, text, coordinate) for (text, coordinate), place in first)
        sign, examples = infer_decimal((place[0], text, coord) for place, text, coord in order)
        shown = " and ".join(f"a {_NAMES[e.sign]} ({e.text!r}, row {e.row})" for e in examples)
        consequence = "numbers such as 1.050 or 1,050 are read as thousands, each with a warning"
        if len(examples) > 1:
            return None, None, f"the table writes {shown}: {consequence}"
        if presumed is not None and sign is not None and sign != presumed:
            return (
                None,
                None,
                (
                    f"the file's format implies a {_NAMES[presumed]}, but its numbers use "
                    f"{shown}: {consequence}"
                ),
            )
        if sign is None or presumed is not None:
            return presumed, None, None
        return sign, f"{examples[0].text!r} on row {examples[0].row}", None


def reads_two_ways(value: object) -> bool:
    """Return whether a number cell's reading depends on the decimal sign (``1.050``).

    >>> [reads_two_ways(text) for text in ("1.050", "640,2", "1.050,5", 5)]
    [True, False, False, False]
    """
    if not isinstance(value, str):
        return False
    try:
        return reading(value.strip()).other is not None
    except CellError:
        return False
