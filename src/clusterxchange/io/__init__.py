"""Reading and writing exchange tables: CSV, JSON and Excel in, spreadsheet-safe CSV and Excel out.

The columns and labels read are those of DESIGN.md's exchange table, plus ``host_pic``,
``host_clusters``, ``visitor_clusters`` and ``prior_approval``; see :mod:`clusterxchange.io._labels`
for every accepted label. Readers never raise for a bad cell: each is an error in the returned
:class:`ExchangeTable`, with its row and column. Only a file that cannot be used at all raises
:class:`~clusterxchange.errors.InvalidFileError`.
"""

from clusterxchange.io._csv import read_exchanges_csv
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

__all__ = [
    "COLUMNS",
    "EXCHANGE_COLUMNS",
    "EXTRA_COLUMNS",
    "FORMULA_TRIGGERS",
    "KIND_LABELS",
    "MODE_LABELS",
    "RELATION_LABELS",
    "REQUIRED_COLUMNS",
    "STATUS_LABELS",
    "ExchangeTable",
    "canonical_column",
    "cell_text",
    "exchange_row",
    "neutralise_cell",
    "parse_exchange_rows",
    "read_exchanges",
    "read_exchanges_csv",
    "read_exchanges_excel",
    "read_exchanges_json",
    "write_exchanges",
    "write_table",
]
