"""The KPI counts of an exchange table as a notebook user would get them with pandas.

``python benchmarks/kpis_pandas.py FILE`` prints the counts as JSON, for the benchmark to
compare with ``clusterxchange kpis FILE --format json`` (they must be equal) and to time.
Written the plain way: ``read_csv``, the labels mapped with dicts, ``drop_duplicates`` on the
visitor, host and first day (and on the ID where there is one), ``value_counts``.
"""

from __future__ import annotations

import json
import sys

import pandas as pd
from tables import COUNTRY_CODES, KIND_LABELS, STATUS_LABELS


def counts(path: str) -> dict[str, object]:
    """Return the counts of the table at *path* (see the module's documentation)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["status"] = df["Status"].map(STATUS_LABELS)
    df["kind"] = df["Type of visitor"].map(KIND_LABELS)
    df["host_country"] = df["Host country"].replace(COUNTRY_CODES)
    visitor_country = df["Visitor country"].replace(COUNTRY_CODES)
    df["start"] = pd.to_datetime(df["Start date"], format="%d/%m/%Y")
    # A visitor is its PIC, else its name (case aside) and country.
    named = df["Visitor organisation"].str.casefold() + "|" + visitor_country
    df["visitor_key"] = df["Visitor PIC"].where(df["Visitor PIC"] != "", named)
    unique = df.drop_duplicates(subset=["visitor_key", "Host organisation", "start"])
    unique = unique[(unique["Exchange no."] == "") | ~unique.duplicated("Exchange no.")]
    completed = unique[unique["status"].isin(["completed", "paid"])]
    pending = unique[unique["status"] == "awaiting_final_report"]
    return {
        "exchanges_read": len(df),
        "duplicates": len(df) - len(unique),
        "completed": len(completed),
        "pending": len(pending),
        "by_status": unique["status"].value_counts().to_dict(),
        "by_visitor_kind": completed["kind"].value_counts().to_dict(),
        "pending_by_visitor_kind": pending["kind"].value_counts().to_dict(),
        "by_host_country": completed["host_country"].value_counts().to_dict(),
    }


if __name__ == "__main__":
    json.dump(counts(sys.argv[1]), sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
