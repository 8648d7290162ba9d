"""The KPI counts of an exchange table as a notebook user would get them with polars.

``python benchmarks/kpis_polars.py FILE`` prints the same counts as ``kpis_pandas.py``, as
JSON: ``read_csv``, the labels mapped with dicts, ``unique`` on the visitor, host and first day
(and on the ID where there is one), ``value_counts``.
"""

from __future__ import annotations

import json
import sys

import polars as pl
from tables import COUNTRY_CODES, KIND_LABELS, STATUS_LABELS


def _counts(frame: pl.DataFrame, column: str) -> dict[str, int]:
    return {row[0]: row[1] for row in frame[column].value_counts().iter_rows()}


def counts(path: str) -> dict[str, object]:
    """Return the counts of the table at *path* (see the module's documentation)."""
    df = pl.read_csv(path, infer_schema=False, empty_string_is_null=False)
    df = df.with_columns(
        pl.col("Status").replace_strict(STATUS_LABELS).alias("status"),
        pl.col("Type of visitor").replace_strict(KIND_LABELS).alias("kind"),
        pl.col("Host country").replace(COUNTRY_CODES).alias("host_country"),
        pl.col("Start date").str.to_date("%d/%m/%Y").alias("start"),
        # A visitor is its PIC, else its name (case aside) and country.
        pl.when(pl.col("Visitor PIC") != "")
        .then(pl.col("Visitor PIC"))
        .otherwise(
            pl.col("Visitor organisation").str.to_lowercase()
            + "|"
            + pl.col("Visitor country").replace(COUNTRY_CODES)
        )
        .alias("visitor_key"),
    )
    unique = df.unique(subset=["visitor_key", "Host organisation", "start"], keep="first",
                       maintain_order=True)  # fmt: skip
    unique = unique.filter(
        (pl.col("Exchange no.") == "") | pl.col("Exchange no.").is_first_distinct()
    )
    completed = unique.filter(pl.col("status").is_in(["completed", "paid"]))
    pending = unique.filter(pl.col("status") == "awaiting_final_report")
    return {
        "exchanges_read": df.height,
        "duplicates": df.height - unique.height,
        "completed": completed.height,
        "pending": pending.height,
        "by_status": _counts(unique, "status"),
        "by_visitor_kind": _counts(completed, "kind"),
        "pending_by_visitor_kind": _counts(pending, "kind"),
        "by_host_country": _counts(completed, "host_country"),
    }


if __name__ == "__main__":
    json.dump(counts(sys.argv[1]), sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
