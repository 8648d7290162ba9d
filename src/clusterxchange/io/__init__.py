"""Reading and writing exchange tables: CSV, JSON and Excel in, spreadsheet-safe CSV and Excel out.

Reading (:func:`read_exchanges`, or one reader per format) never raises for a bad cell: each
is an error in the returned :class:`ExchangeTable`, naming its row and column and saying what
was found and what was expected, and the row is not loaded. Only a file that cannot be used at
all (missing, unreadable, not text, empty, no header naming ``host`` and ``visitor``, a column
named twice, invalid JSON, not a workbook) raises
:class:`~clusterxchange.model.errors.InvalidFileError`. No row is dropped without a word:
``rows_read == len(set(rows)) + len(error_rows())``, and a fully blank row is skipped with a
warning.

What a cell may hold:

- Columns: docs/design.md's (:data:`COLUMNS`) and this library's additions (:data:`EXTRA_COLUMNS`:
  ``host_pic``, ``host_clusters``, ``visitor_clusters``, ``prior_approval``,
  ``visitor_count``). Header names ignore case, accents, punctuation and a distance unit
  (``Distance (km)``), and the names partnerships, the IT tool and report annexes use are
  aliases, in English and the package's languages (:data:`HEADER_ALIASES`: ``HO``, ``VO``,
  ``Visiting organisation``, ``Type of entity``, ``Date de début``...). A bare
  ``Type of entity``, ``Country`` or ``PIC`` is the side of the nearest host or visitor column
  to its left. ``columns=`` maps any other header. Unknown columns are reported once and
  ignored.
- Rows: the header is the first row naming a host and a visitor column (title rows above it
  are skipped with one warning); totals rows (``TOTAL``, ``=SUM(...)``), separators
  (``---``) and section labels are skipped, each with a warning naming its row.
- Kinds, statuses, modes and relations: the canonical ids and the labels of reports and of
  partnership sheets in the package's locales, matched without case or accents
  (:data:`KIND_LABELS`, :data:`STATUS_LABELS`, :data:`MODE_LABELS`, :data:`RELATION_LABELS`).
  A label other than the id is read with one warning per label. Labels with two meanings
  (``university``, ``business support organisation``, ``hybrid``, ``pending``) are errors
  listing their readings, not guesses.
- Countries: anything :func:`~clusterxchange.model.countries.normalize_country` reads (ISO and EU
  codes, English and localised names, everyday names such as ``The Netherlands``).
- Dates: ISO ``2023-03-06``, ``2023/03/06``, **day first** ``06/03/2023``, ``6.3.2023`` or
  ``06-03-2023`` (``03/06/2023`` is 3 June), month names in English and the package's locales
  (``6 Mar 2023``, ``Mar 6, 2023``, ``6. März 2023``), two-digit years from 2019 to 2030 and
  Excel day numbers (each with a warning).
- Numbers: ``working_days`` a whole number >= 0; ``distance_km`` and coordinates accept a
  decimal comma or point, thousands separators read by the file's decimal sign (the
  ``decimal`` parameter of the readers, else the CSV delimiter or the table's own numbers),
  ``approx.`` and ``km``. An ambiguous number (``1.050`` where the sign is not known) is read
  as thousands with a warning giving both readings.
- Clusters: names separated by ``;``; a blank cell (or ``unknown``) means "not recorded", and
  ``none`` means "member of no cluster". Without the column, memberships are not recorded.
- A missing ``mode`` or ``status`` is taken as ``physical`` or ``registered``, with a warning.
- Group rows: a ``visitor_count`` of N (a whole number from 1) makes the row N exchanges,
  one per visitor, sharing the row's number; the visitor cell names the first visitor (the
  others are distinct unnamed visitors of the same country and kind) or lists all N names,
  separated by ``;``. Each group row gives one warning.
- An organisation directory (:func:`fill_from_directory`, or ``read_exchanges(...,
  directory=...)``): a partnership file fills the country, kind, PIC, clusters and location of
  the organisations a sheet names without them, never overriding what the sheet gives, and
  every fill is reported as a warning.

Writing (:func:`write_table`, :func:`write_exchanges`) puts a ``'`` in front of every text cell
a spreadsheet would run as a formula (:func:`neutralise_cell`) and writes every other cell as
given; numbers given as numbers are written as numbers.

Layer: above :mod:`clusterxchange.eligibility`; it may import every package below it
(eligibility, money, lifecycle, generations, model), never kpi, reports or the command
line. :mod:`~clusterxchange.io.migration` reads other tools' exports.
"""

from clusterxchange.io._csv import read_exchanges_csv
from clusterxchange.io._directory import fill_from_directory, load_partnership, parse_partnership
from clusterxchange.io._excel import read_exchanges_excel
from clusterxchange.io._export import (
    EXCHANGE_COLUMNS,
    FORMULA_TRIGGERS,
    cell_text,
    exchange_row,
    neutralise_cell,
    write_exchanges,
    write_table,
)
from clusterxchange.io._headers import ALIAS_SOURCES, HEADER_ALIASES, HeaderAlias
from clusterxchange.io._json import read_exchanges_json
from clusterxchange.io._labels import (
    COLUMNS,
    EXTRA_COLUMNS,
    KIND_LABELS,
    MODE_LABELS,
    RELATION_LABELS,
    REQUIRED_COLUMNS,
    STATUS_LABELS,
    canonical_column,
)
from clusterxchange.io._read import read_exchanges
from clusterxchange.io._rows import ExchangeTable, parse_exchange_rows
from clusterxchange.io._skipped import TOTAL_LABELS

__all__ = [
    "ALIAS_SOURCES",
    "COLUMNS",
    "EXCHANGE_COLUMNS",
    "EXTRA_COLUMNS",
    "FORMULA_TRIGGERS",
    "HEADER_ALIASES",
    "KIND_LABELS",
    "MODE_LABELS",
    "RELATION_LABELS",
    "REQUIRED_COLUMNS",
    "STATUS_LABELS",
    "TOTAL_LABELS",
    "ExchangeTable",
    "HeaderAlias",
    "canonical_column",
    "cell_text",
    "exchange_row",
    "fill_from_directory",
    "load_partnership",
    "neutralise_cell",
    "parse_exchange_rows",
    "parse_partnership",
    "read_exchanges",
    "read_exchanges_csv",
    "read_exchanges_excel",
    "read_exchanges_json",
    "write_exchanges",
    "write_table",
]
