"""A header written over two rows: group headers above the column names under them.

Coordinators' sheets often group their columns: ``Host organisation`` merged over three
columns, with ``Name``, ``Country`` and ``Type`` under it, then the same for the visitor, and
``Dates`` over ``From`` and ``To``. Saved as CSV, a merged cell keeps its text in its first
column and leaves the others blank; the readers of .xlsx copy it into every column it spans.
Read as one row, such a header names the host and the visitor (its group headers) and loses
every other column, and the row under it reads as an exchange from ``Name`` to ``Name``.

:func:`grouped_header` reads the two rows as one header: each column under a group is named
by the group and its own cell together, and a column whose lower cell is blank (or repeats the
upper one, as a merged cell read from .xlsx does) keeps its upper cell. It answers only when
the lower row is a row of column names: every cell of it under a group names a known column
there, or each host and visitor group has its organisation's column (``Name``) under it and the
other cells are words the package does not know (``Sector``: ignored with a warning, as an
unknown column of a one-row header is; a cell with a digit is data, never such a word). A row
of data under a header with blank cells is never taken for one: it has no ``Name`` under
``Host organisation``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from clusterxchange.io._headers import canonical_column, fold_header, is_hint_row
from clusterxchange.io._period import PERIOD
from clusterxchange.io._rows import KNOWN_COLUMNS

__all__ = ["GROUP_WORDS", "GroupedHeader", "grouped_header"]


def _folded(*headers: str) -> frozenset[str]:
    return frozenset(fold_header(header) for header in headers)


#: The words read under a group header, by what they name there (folded as headers are).
#: ``name``: the organisation itself, under a host or visitor group; ``kind``: its type;
#: ``partnership``: its partnership (a bare ``Partnership`` is the visitor's elsewhere);
#: ``span``: a group header over the first and last days (as are the period column's own
#: headers, io/_headers.py); ``start`` and ``end``: those days,
#: under a ``span`` group only (a bare ``From`` or ``To`` is not guessed anywhere else). In
#: English and the package's languages (de, fr, nl, es, it, pt, hu, tr, da), as the header
#: aliases are.
GROUP_WORDS: Mapping[str, frozenset[str]] = MappingProxyType({
    "name": _folded(
        "Name", "Organisation", "Organization", "Organisation name", "Organization name",
        "Name of organisation", "Name of the organisation", "Legal name", "Entity",
        "Bezeichnung", "Organisationsname", "Nom", "Organisme", "Raison sociale",
        "Naam", "Organisatie", "Nombre", "Entidad", "Organización", "Nome", "Ente",
        "Organizzazione", "Entidade", "Organização", "Név", "Szervezet", "Szervezet neve",
        "Ad", "Adı", "Kuruluş", "Kuruluş adı", "Navn",
    ),
    "kind": _folded(
        "Type", "Kind", "Category", "Typ", "Art", "Catégorie", "Soort", "Tipo", "Categoría",
        "Categoria", "Típus", "Tür", "Kategori",
    ),
    "partnership": _folded("Partnership", "ESCP", "Partnerschaft", "Partenariat", "Partnerschap"),
    # Besides every header of the period column (``Dates``, ``Zeitraum``, ``Période``...):
    # words that over ``From`` and ``To`` can only mean the exchange's days.
    "span": _folded(
        "Date", "Duration", "Datum", "Daten", "Dauer", "Durée", "Data", "Duración", "Durata",
        "Duração", "Dátum", "Időtartam", "Tarih", "Süre", "Dato", "Varighed",
    ),
    "start": _folded(
        "From", "Start", "Begin", "Beginning", "First day", "Von", "Ab", "Beginn", "Du", "De",
        "Début", "Van", "Vanaf", "Desde", "Inicio", "Da", "Dal", "Inizio", "Início",
        "Kezdet", "Kezdete", "Başlangıç", "Fra",
    ),
    "end": _folded(
        "To", "End", "Until", "Last day", "Bis", "Ende", "Au", "À", "Fin", "Tot", "Einde",
        "Hasta", "A", "Al", "Fine", "Até", "Fim", "Vége", "Bitiş", "Til", "Slut",
    ),
})  # fmt: skip

_PARTIES = ("host", "visitor")


class GroupedHeader(NamedTuple):
    """The header read from two rows: a text for each column, and the column it names."""

    #: Each column's header as the sheet shows it: ``Host organisation / Country``.
    texts: list[str]
    #: The column each names (``host_country``); ``None``: read from its text, as a one-row
    #: header's cell is.
    columns: list[str | None]


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _column(text: str, names: Mapping[str, str], side: str | None = None) -> str:
    return names.get(fold_header(text)) or canonical_column(text, side=side)


def _group(text: str, names: Mapping[str, str]) -> str | None:
    """Return what a group header stands for: ``host``, ``visitor``, ``span`` or ``None``."""
    column = _column(text, names)
    if column in _PARTIES:
        return column
    return "span" if column == PERIOD or fold_header(text) in GROUP_WORDS["span"] else None


def _under(group: str, kind: str | None, below: str, names: Mapping[str, str]) -> str | None:
    """Return the column *below* names under the group header *group* (``None``: none).

    *kind* is what the group stands for (:func:`_group`).
    """
    word = fold_header(below)
    if kind in _PARTIES:
        for field in ("name", "kind", "partnership"):
            if word in GROUP_WORDS[field]:
                return kind if field == "name" else f"{kind}_{field}"
        column = _column(below, names, side=kind)
    elif kind == "span" and word in GROUP_WORDS["start"]:
        return "start"
    elif kind == "span" and word in GROUP_WORDS["end"]:
        return "end"
    else:
        column = _column(below, names)
    return column if column in KNOWN_COLUMNS else None


def _word(text: str) -> bool:
    """Whether *text* could be a column's name: letters, no digits (``Sector``, not a date)."""
    return any(c.isalpha() for c in text) and not any(c.isdigit() for c in text)


def grouped_header(
    top: Sequence[object], below: Sequence[object], names: Mapping[str, str]
) -> GroupedHeader | None:
    """Return the header that *top* and *below* write together; ``None`` if they do not.

    *names* maps folded headers to columns (``--columns``), before the aliases. They write one
    header when a host, visitor or dates group of *top* (a filled cell, spread right over the
    blank cells after it, or repeated as .xlsx merges read) stands over cells of *below*, and
    every filled cell of *below* under a group names a known column there, or each host and
    visitor group has its organisation's column under it (the other cells, unknown, are
    named by the two texts, ``Host organisation / Sector``, which no column has). A title above a
    one-row header is no group: it stands for no party and no dates. A group may stand over
    one column only (``Host organisation`` over ``Name``).

    >>> top = ["Host organisation", "", "Visitor organisation", "", "Dates", "", "Mode"]
    >>> below = ["Name", "Country", "Name", "Type", "From", "To", ""]
    >>> header = grouped_header(top, below, {})
    >>> header.columns
    ['host', 'host_country', 'visitor', 'visitor_kind', 'start', 'end', None]
    >>> header.texts[1], header.texts[6]
    ('Host organisation / Country', 'Mode')
    >>> grouped_header(top, ["Aero Lda", "DE", "Pemas", "SME", "06/03/2023", "", ""], {})
    >>> grouped_header(top, ["Name", "Sector", "Name", "Type", "From", "To", ""], {}).columns
    ['host', None, 'visitor', 'visitor_kind', 'start', 'end', None]
    >>> grouped_header(["Exchanges 2023", ""], ["Host", "Visitor"], {})
    """
    if is_hint_row(below):  # "(name)", "(ISO code)": what the columns hold, not their names
        return None
    uppers, lowers = [_text(c) for c in top], [_text(c) for c in below]
    width = max(len(uppers), len(lowers))
    uppers += [""] * (width - len(uppers))
    lowers += [""] * (width - len(lowers))
    texts: list[str] = []
    columns: list[str | None] = []
    group, kind = "", None
    refined = False  # a cell under a host, visitor or dates group names one of its columns
    unknown = 0  # cells under a group that name no column there
    named: dict[str, bool] = {}  # party group -> whether a cell under it names the party
    for i, (upper, lower) in enumerate(zip(uppers, lowers, strict=True)):
        repeated = bool(upper) and i > 0 and upper == uppers[i - 1]
        if upper and not repeated:
            group, kind = upper, _group(upper, names)
        if not lower or lower == upper:  # the upper cell's own column (merged down, in .xlsx)
            texts.append("" if repeated else upper)
            columns.append(None)
            continue
        if not group:  # before the first group: the lower cell is the header
            texts.append(lower)
            columns.append(None)
            continue
        column = _under(group, kind, lower, names)
        if kind in _PARTIES:
            named[group] = named.get(group, False) or column == kind
        if column is None:
            if not _word(lower):
                return None  # a date, a number, a code: a row of data, not of names
            unknown += 1
        else:
            refined = refined or kind is not None
        texts.append(f"{group} / {lower}")
        columns.append(column)
    if not refined:
        return None
    # A row of column names may hold a word the package does not know (its column is then
    # ignored with a warning, as in a one-row header), when each side's group names its
    # organisation: a row of data never has "Name" under "Host organisation".
    if unknown and not (named and all(named.values())):
        return None
    return GroupedHeader(texts, columns)
