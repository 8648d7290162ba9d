"""Facts shared by the COSME generations: participating countries and host-country ceilings.

Sources:
    Participating countries: eur-lex CELEX 52021DC0685 (COSME participants, with the dates of
    the association agreements); single-market-economy.ec.europa.eu (Kosovo joins COSME);
    gov.uk "EU-funded programmes under the Withdrawal Agreement" (United Kingdom).
    Ceilings: the Erasmus for Young Entrepreneurs monthly ceilings per host country in force
    2020-2024 (open-eye.net/what-is-the-amount-of-funding/). No official ClusterXchange table
    is public; only Portugal's amount is confirmed for ClusterXchange (clamtex.eu/faq-page),
    so the 37 others have low confidence. The June-2024 EYE table is shipped as an
    alternative generation file (``alternatives/eye-2024-06.toml``), never as a default.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import MappingProxyType

from clusterxchange.model import Ceiling, Confidence, Participation, Provenance

__all__ = ["CEILINGS", "COUNTRIES", "EU_MEMBERS"]

_COSME = "eur-lex CELEX 52021DC0685 (COSME participating countries)"

EU_MEMBERS = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

_EU = Provenance(source=_COSME, confidence=Confidence.HIGH, note="EU member state")

#: (country, day the association agreement took effect or was signed, confidence, note)
_ASSOCIATED: tuple[tuple[str, dt.date | None, Confidence, str, str], ...] = (
    ("IS", None, Confidence.HIGH, "EEA country taking part in COSME", _COSME),
    ("ME", dt.date(2014, 10, 29), Confidence.HIGH, "association agreement in force", _COSME),
    ("TR", dt.date(2014, 12, 22), Confidence.HIGH, "association agreement in force", _COSME),
    ("MK", dt.date(2015, 1, 16), Confidence.HIGH, "association agreement in force", _COSME),
    ("AL", dt.date(2015, 3, 3), Confidence.MEDIUM, "date of signature", _COSME),
    ("MD", dt.date(2015, 4, 7), Confidence.HIGH, "association agreement in force", _COSME),
    ("RS", dt.date(2015, 11, 5), Confidence.MEDIUM, "date of signature", _COSME),
    (
        "UA",
        dt.date(2016, 1, 1),
        Confidence.MEDIUM,
        "sources say 'in 2016' without a day; the first day of 2016 is our reading",
        _COSME,
    ),
    (
        "AM",
        dt.date(2016, 6, 1),
        Confidence.MEDIUM,
        "sources say 'by June 2016' without a day; the first day of June 2016 is our reading",
        _COSME,
    ),
    ("BA", dt.date(2016, 6, 2), Confidence.MEDIUM, "date of signature", _COSME),
    (
        "XK",
        dt.date(2017, 12, 19),
        Confidence.HIGH,
        "date of signature",
        "single-market-economy.ec.europa.eu (Kosovo joins COSME)",
    ),
    (
        "GB",
        None,
        Confidence.MEDIUM,
        "the calls carried the standard clause that UK entities remain eligible under the "
        "Withdrawal Agreement for 2014-2020 programmes; no ceiling is known for UK hosts",
        'gov.uk "EU-funded programmes under the Withdrawal Agreement"',
    ),
)

COUNTRIES: tuple[Participation, ...] = (
    *(Participation(country=code, provenance=_EU) for code in EU_MEMBERS),
    *(
        Participation(
            country=code,
            joined=joined,
            provenance=Provenance(source=source, confidence=confidence, note=note),
        )
        for code, joined, confidence, note, source in _ASSOCIATED
    ),
)

_EYE_2020 = "open-eye.net/what-is-the-amount-of-funding/"

_CEILING_PROVENANCE = Provenance(
    source=_EYE_2020,
    confidence=Confidence.LOW,
    note=(
        "the Erasmus for Young Entrepreneurs monthly ceiling for this host country (the table "
        "in force 2020-2024), not a ClusterXchange source: no official ClusterXchange table is "
        "public, and of these amounts only Portugal's is confirmed for ClusterXchange"
    ),
)

#: The one ceiling a ClusterXchange source states: a partnership FAQ pays 780 EUR for a
#: five-day exchange in Portugal (half, 390 EUR, for three days).
_CONFIRMED = MappingProxyType(
    {
        "PT": Provenance(
            source=f"clamtex.eu/faq-page ; {_EYE_2020}",
            confidence=Confidence.MEDIUM,
            note="a partnership FAQ: 'a lump sum of 390€ (3 days) or 780€ (5 days)' for a "
            "mission to Portugal, the Erasmus for Young Entrepreneurs amount for Portugal",
        )
    }
)

_AMOUNTS = MappingProxyType({
    "AL": 530, "AM": 610, "AT": 900, "BA": 560, "BE": 830, "BG": 560,
    "CY": 780, "CZ": 610, "DE": 830, "DK": 1100, "EE": 670, "ES": 830,
    "FI": 950, "FR": 900, "GR": 780, "HR": 720, "HU": 670, "IE": 1000,
    "IS": 900, "IT": 900, "LT": 560, "LU": 830, "LV": 610, "MD": 530,
    "ME": 560, "MK": 560, "MT": 720, "NL": 830, "PL": 610, "PT": 780,
    "RO": 560, "RS": 560, "SE": 950, "SI": 720, "SK": 610, "TR": 750,
    "UA": 530, "XK": 560,
})  # fmt: skip

CEILINGS: tuple[Ceiling, ...] = tuple(
    Ceiling(
        country=code,
        amount=Decimal(amount),
        provenance=_CONFIRMED.get(code, _CEILING_PROVENANCE),
    )
    for code, amount in _AMOUNTS.items()
)
