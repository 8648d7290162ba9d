"""Rows of a sheet that are not exchanges: totals, separators and section labels.

Coordinators add them to the table they keep, and a report annex ends with a totals row. The
CSV and Excel readers skip each with a warning naming its row (:func:`skipped_row` says why);
a skipped row is not counted in ``rows_read``, like a blank row. The words are data
(:data:`TOTAL_LABELS`); a row is skipped only when it cannot hold an exchange's host and
visitor, so an organisation called "Total" that hosts someone is still read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from decimal import Decimal

from clusterxchange.io._headers import fold_header

__all__ = ["SEPARATOR_CHARACTERS", "TOTAL_LABELS", "skipped_row"]

#: The words of a totals row, folded as headers are (:func:`~clusterxchange.io.canonical_column`
#: reads them the same way): English, and the package's languages (da, de, fr, nl, es, it, pt,
#: hu, tr). Source: the totals rows under the exchange tables of partnership mid-term report
#: annexes ("TOTAL") and coordinators' sheets in those languages.
TOTAL_LABELS: frozenset[str] = frozenset(
    fold_header(label)
    for label in (
        "Total", "Totals", "Total:", "Grand total", "Subtotal", "Sub-total", "Sum", "Sum total",
        "I alt", "Total i alt",  # da
        "Summe", "Gesamt", "Insgesamt", "Gesamtsumme", "Zwischensumme",  # de
        "Somme", "Total général", "Sous-total",  # fr
        "Totaal", "Subtotaal", "Som", "Eindtotaal",  # nl
        "Suma", "Total general",  # es
        "Totale", "Somma", "Subtotale",  # it
        "Soma", "Total geral",  # pt
        "Összesen", "Összeg", "Végösszeg",  # hu
        "Toplam", "Genel toplam", "Ara toplam",  # tr
    )
)  # fmt: skip

#: The characters of a separator row's cells (``---``, ``===``, ``***``).
SEPARATOR_CHARACTERS = "-=_*~#.+–—•·"

_NUMBER = re.compile(r"[+-]?[\d\s.,'’]*\d[\d\s.,'’]*\s*(?:%|€|EUR|km)?", re.IGNORECASE)
_SEPARATOR = re.compile(f"[{re.escape(SEPARATOR_CHARACTERS)}\\s]+")


def _aggregate(value: object) -> bool:
    """Whether a cell is what a totals row holds: a number or a formula."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return False
    text = str(value).strip()
    return text.startswith("=") or _NUMBER.fullmatch(text) is not None


def skipped_row(record: Sequence[object], host: int, formulas: Collection[int] = ()) -> str | None:
    """Return why a row that is not blank is no exchange, or ``None`` for a row to read.

    Args:
        record: The row's cells, in sheet order.
        host: The position of the host column.
        formulas: The positions of the row's formula cells (Excel; a formula in a CSV is text).

    A row is skipped when it is

    - a totals row: a cell says ``TOTAL`` (or :data:`TOTAL_LABELS`) and every other cell is a
      number or a formula, or every cell is a number or a formula and the host blank (or a
      formula);
    - a separator: every filled cell is made of ``-``, ``=``, ``*``... only;
    - a section label: one text in the row's first cell and nothing else on the row, or one
      text repeated by a cell merged across the row.

    >>> skipped_row(["TOTAL", "", "", 12, "=SUM(E2:E9)"], host=1)
    "a totals row ('TOTAL')"
    >>> skipped_row(["", "", "", 12, 4], host=1)
    'a totals row (numbers and formulas only, no host)'
    >>> skipped_row(["---", "---", ""], host=0), skipped_row(["Completed exchanges", ""], host=0)
    ('a separator row', "a section label ('Completed exchanges')")
    >>> skipped_row(["Total", "Aero Lda", "PT"], host=0), skipped_row(["", "Aero Lda"], host=0)
    (None, None)
    """
    filled = [
        (i, value)
        for i, value in enumerate(record)
        if i in formulas or not (value is None or (isinstance(value, str) and not value.strip()))
    ]
    if not filled:
        return None
    labels = [
        str(v).strip()
        for i, v in filled
        if isinstance(v, str) and i not in formulas and fold_header(v) in TOTAL_LABELS
    ]
    rest = [
        (i, v) for i, v in filled if not (isinstance(v, str) and fold_header(v) in TOTAL_LABELS)
    ]
    if labels and all(i in formulas or _aggregate(v) for i, v in rest):
        return f"a totals row ({labels[0]!r})"
    host_blank = host in formulas or all(i != host for i, _ in filled)
    if host_blank and all(i in formulas or _aggregate(v) for i, v in filled):
        return "a totals row (numbers and formulas only, no host)"
    texts = [v for i, v in filled if isinstance(v, str) and i not in formulas]
    if len(texts) == len(filled):
        if all(_SEPARATOR.fullmatch(t) for t in texts):
            return "a separator row"
        merged = len(texts) > 1  # a merged cell repeats its text across the row
        first = filled[0][0] == 0
        if len({t.strip() for t in texts}) == 1 and (first or merged) and fold_header(texts[0]):
            return f"a section label ({texts[0].strip()!r})"
    return None
