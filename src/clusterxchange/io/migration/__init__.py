"""Migration: exchange records from another tool's CSV export, with a report that loses none.

Partnerships moving from the old IT tool (or their own spreadsheets) to this library map the
other tool's columns and values to docs/design.md's exchange table in a small TOML file::

    date_format = "%d.%m.%Y"        # optional: how their start and end dates are written
    delimiter = ";"                 # optional: else the most frequent of , ; and tab
    encoding = "cp1252"             # optional: else UTF-8 (with or without a byte-order mark)

    [columns]                       # their header = our column
    "Gastorganisation" = "visitor"
    "Land Gast" = "visitor_country"
    "Gastgeber" = "host"

    [values.status]                 # optional: their value = ours, per column of ours
    "Abgeschlossen" = "completed"

Every record read is either imported (with the changes made to it listed: a value mapped, a
date or label read as its canonical value, a local ID assigned) or refused (with each problem:
row, column, reason); ``len(imported) + len(refused) == records_read`` always holds. The
records go through :func:`clusterxchange.io.parse_exchange_rows`, so a cell means what it
means in any exchange table.

Layer: part of :mod:`clusterxchange.io`; it imports io's own modules and the packages
below io.
"""

from clusterxchange.io.migration._mapping import ColumnMapping, load_mapping, parse_mapping
from clusterxchange.io.migration._migrate import (
    ImportedRecord,
    MigrationReport,
    RefusedRecord,
    migrate,
)

__all__ = [
    "ColumnMapping",
    "ImportedRecord",
    "MigrationReport",
    "RefusedRecord",
    "load_mapping",
    "migrate",
    "parse_mapping",
]
