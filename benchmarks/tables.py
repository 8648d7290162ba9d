"""Seeded exchange tables written as partnerships write them, for the command benchmarks.

What a coordinator's sheet looks like, rather than a best case for the reader:

- headers as people write them (``Host organisation``, ``Type of visitor``, ``Start date``),
  comma-separated, UTF-8;
- a few hundred hosts (a partnership's members and the clusters they visit), each on many
  rows; visitors mostly distinct (nine rows in ten name a visitor seen nowhere else, the rest
  come back for a second or third visit);
- kinds, statuses and modes as labels (``SME``, ``Research institute``, ``Waiting for Final
  Activity Report``, ``In person``), countries as ISO codes or English names, dates day first
  (``06/03/2023``), a declared distance on some rows;
- some rows listed twice, as sheets merged from two sources are.

Every duplicate is an exact repeat of an earlier row, and every visitor keeps its name, country
and PIC on all its rows, so a notebook's ``drop_duplicates`` on visitor, host and first day
finds the same exchanges as the library's duplicate rule (``kpis_pandas.py``,
``kpis_polars.py``).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

__all__ = ["COUNTRY_CODES", "HEADER", "KIND_LABELS", "STATUS_LABELS", "write_table"]

SEED = 20261202

HEADER = (
    "Exchange no.", "Host organisation", "Host country", "Type of host", "Visitor organisation",
    "Visitor country", "Type of visitor", "Visitor PIC", "Visitor partnership", "Start date",
    "End date", "Mode", "Status", "Event", "Distance (km)",
)  # fmt: skip

#: The labels written, with what they mean (the benchmark scripts map them the same way).
KIND_LABELS = {
    "SME": "sme",
    "Start-up": "sme",
    "Cluster organisation": "cluster_organisation",
    "Research institute": "scaling_up_support_organisation",
    "Technology centre": "scaling_up_support_organisation",
    "Large company": "large_company",
    "Public authority": "public_authority",
    "Chamber of commerce": "business_network_organisation",
    "Training provider": "training_provider",
}
STATUS_LABELS = {
    "Completed": "completed",
    "Paid": "paid",
    "Waiting for Final Activity Report": "awaiting_final_report",
    "In progress": "in_progress",
    "Planned": "matched",
    "Cancelled": "cancelled",
}
_KIND_WEIGHTS = (40, 8, 14, 6, 4, 8, 8, 6, 6)
_HOST_KINDS = ("Cluster organisation", "Research institute", "SME", "Large company",
               "Public authority", "Chamber of commerce")  # fmt: skip
_STATUS_WEIGHTS = (50, 15, 15, 8, 6, 6)

#: Participating countries (code, English name, weight).
COUNTRIES = (
    ("DE", "Germany", 12), ("FR", "France", 11), ("IT", "Italy", 10), ("ES", "Spain", 9),
    ("PL", "Poland", 6), ("NL", "Netherlands", 6), ("BE", "Belgium", 5), ("PT", "Portugal", 4),
    ("AT", "Austria", 4), ("SE", "Sweden", 4), ("TR", "Turkey", 4), ("CZ", "Czechia", 3),
    ("DK", "Denmark", 3), ("GR", "Greece", 3), ("HU", "Hungary", 3), ("RO", "Romania", 3),
    ("FI", "Finland", 2), ("IE", "Ireland", 2), ("HR", "Croatia", 2), ("SI", "Slovenia", 2),
    ("SK", "Slovakia", 2), ("BG", "Bulgaria", 2), ("RS", "Serbia", 2), ("UA", "Ukraine", 2),
    ("EE", "Estonia", 1), ("LT", "Lithuania", 1), ("LV", "Latvia", 1), ("LU", "Luxembourg", 1),
    ("CY", "Cyprus", 1), ("MT", "Malta", 1), ("IS", "Iceland", 1), ("AL", "Albania", 1),
)  # fmt: skip

_WORDS = (
    "Aero", "Baltic", "Nordic", "Danube", "Alpine", "Green", "Blue", "Smart", "Digital", "Agri",
    "Bio", "Med", "Auto", "Photon", "Cyber", "Textile", "Wood", "Marine", "Solar", "Food",
)  # fmt: skip
_TRADES = ("Robotics", "Systems", "Labs", "Solutions", "Works", "Technik", "Foods", "Energy")
_FORMS = ("GmbH", "Ltd", "S.A.", "Lda.", "sp. z o.o.", "AB", "Oy", "B.V.", "S.r.l.", "")
_EVENTS = ("Mobility days", "Hydrogen week", "Agritech tour", "", "", "", "")
_PARTNERSHIPS = ("TIDEWAY", "AEROLINK", "FOODBRIDGE", "SPACEWAYS")
#: The country names written, with their codes (the benchmark scripts map them the same way).
COUNTRY_CODES = {name: code for code, name, _ in COUNTRIES}
_FIRST_DAY = dt.date(2022, 7, 1)  # cxc2 only: the second generation's period
_DAYS = 600


def _country(rng: random.Random) -> tuple[str, str]:
    code, name, _ = rng.choices(COUNTRIES, weights=[w for *_, w in COUNTRIES])[0]
    return code, (name if rng.random() < 0.25 else code)


def write_table(path: str | Path, rows: int, *, hosts: int = 300, seed: int = SEED) -> int:
    """Write a table of *rows* exchanges to *path*; return the number of rows listed twice.

    The same *rows* and *seed* write the same bytes on every machine.
    """
    rng = random.Random(seed)
    host_rows = []
    for i in range(hosts):
        code, written = _country(rng)
        name = f"{rng.choice(_WORDS)} {rng.choice(_TRADES)} Cluster {i:03d}"
        host_rows.append((name, code, written, rng.choice(_HOST_KINDS)))
    kinds = list(KIND_LABELS)
    statuses = list(STATUS_LABELS)
    visitors: list[tuple[str, str, str, str]] = []  # name, written country, kind, pic
    lines: list[list[str]] = []
    repeated = 0
    for i in range(rows):
        if lines and rng.random() < 0.02:  # listed twice: an exact copy of an earlier row
            lines.append(lines[rng.randrange(len(lines))])
            repeated += 1
            continue
        host, host_code, host_written, host_kind = host_rows[rng.randrange(hosts)]
        if visitors and rng.random() < 0.1:
            visitor = visitors[rng.randrange(len(visitors))]
        else:
            code, written = _country(rng)
            while code == host_code and rng.random() < 0.95:
                code, written = _country(rng)
            name = f"{rng.choice(_WORDS)} {rng.choice(_TRADES)} {i:07d} {rng.choice(_FORMS)}"
            pic = str(rng.randrange(10**8, 10**9)) if rng.random() < 0.6 else ""
            kind = rng.choices(kinds, weights=_KIND_WEIGHTS)[0]
            visitor = (name.strip(), written, kind, pic)
            visitors.append(visitor)
        start = _FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))
        roll = rng.random()
        length = 1 if roll < 0.03 else 40 if roll < 0.05 else 4 + rng.randrange(17)
        end = start + dt.timedelta(days=length)
        roll = rng.random()
        ident = f"EG{i:07d}" if roll < 0.5 else f"TW-{i:07d}" if roll < 0.8 else ""
        distance = f"{rng.uniform(80, 2500):.1f}" if rng.random() < 0.3 else ""
        lines.append([
            ident, host, host_written, host_kind, visitor[0], visitor[1], visitor[2], visitor[3],
            _PARTNERSHIPS[i % 4], start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y"),
            "Online" if rng.random() < 0.04 else "In person",
            rng.choices(statuses, weights=_STATUS_WEIGHTS)[0], _EVENTS[i % 7], distance,
        ])  # fmt: skip
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(lines)
    return repeated
