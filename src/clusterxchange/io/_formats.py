"""The ways coordinators write dates and numbers in their sheets, as data.

The readers (:mod:`clusterxchange.io._dates`, :mod:`clusterxchange.io._numbers`) take their
vocabularies from here, and the documentation lists them from here, so the two cannot drift.
Words are matched after :func:`~clusterxchange.io._labels.fold_label` (case and accents
ignored). Month and weekday names are not listed here: they come from the Unicode CLDR (through
babel) for each locale in :data:`DATE_LOCALES`.
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "APPROXIMATION_WORDS",
    "DATE_CONNECTORS",
    "DATE_EXAMPLES",
    "DATE_LOCALES",
    "DECIMAL_SIGNS",
    "DISTANCE_UNITS",
    "EXCEL_EPOCH",
    "EXCEL_SERIAL_YEARS",
    "ORDINAL_SUFFIXES",
    "TWO_DIGIT_YEARS",
]

#: Locales whose month and weekday names (wide and abbreviated, from CLDR) are read in dates:
#: English and the locales the package formats its reports in.
DATE_LOCALES: tuple[str, ...] = ("en", "da", "de", "fr", "nl", "es", "it", "pt", "hu", "tr")

#: The years a two-digit year may mean, read as 20YY. The scheme's generations run from 2020 to
#: 2024, and a sheet may plan a year ahead or record a pilot a year before; a two-digit year
#: outside these (``05``, ``99``) is refused rather than guessed, since it cannot be an exchange
#: of the scheme in the 2000s and 1900s readings are absurd.
TWO_DIGIT_YEARS: range = range(2019, 2031)

#: Day zero of Excel's (Windows, "1900") date system: a serial number is days since then. A
#: date cell formatted as a number shows this serial (``44991`` is 2023-03-06), and so does a
#: CSV written from it. Source: Microsoft support, "Date systems in Excel".
EXCEL_EPOCH = dt.date(1899, 12, 30)

#: The years an Excel serial number in a date column may fall in to be read as a date (serials
#: 43466 to 47848); any other number in a date column is refused.
EXCEL_SERIAL_YEARS: range = TWO_DIGIT_YEARS

#: Words between the parts of a date: "15 de noviembre de 2022" (es, pt), "15th of November",
#: "mandag den 6. marts 2023" (da, CLDR's full format).
DATE_CONNECTORS: frozenset[str] = frozenset({"de", "del", "of", "the", "den"})

#: Ordinal endings after a day: "15th", "1st", "2nd", "3rd" (en), "1er" (fr), "1º" (es, pt, it).
ORDINAL_SUFFIXES: tuple[str, ...] = ("st", "nd", "rd", "th", "er", "º", "ª")

#: Words saying a number is approximate, read as the number with a warning: English and the
#: package's locales (de "ca.", "etwa", "rund"; fr "env.", "environ"; nl "ong.", "ongeveer";
#: es, pt "aprox."; it "circa"; hu "kb."; tr "yaklaşık"; da "ca.", "omkring").
APPROXIMATION_WORDS: tuple[str, ...] = (
    "approx", "approximately", "ca", "circa", "c", "about", "around", "roughly", "some", "~",
    "≈", "±", "+/-", "etwa", "ungefähr", "rund", "env", "environ", "ong", "ongeveer", "aprox",
    "aproximadamente", "cerca de", "kb", "körülbelül", "yaklaşık", "yakl", "omkring", "cirka",
)  # fmt: skip

#: Units written after a distance, ignored (the column is in kilometres).
DISTANCE_UNITS: tuple[str, ...] = (
    "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "kilómetros",
    "chilometri", "quilómetros", "quilômetros", "kilometer", "kilometri",
)  # fmt: skip

#: The decimal signs a reader may be told a file uses: ``,`` (German, French, ... Excel, whose
#: CSV files are ``;``-separated) or ``.`` (English Excel, ``,``-separated).
DECIMAL_SIGNS: tuple[str, ...] = (",", ".")

#: The date formats read, each with an example of 6 March 2023 and what it covers; the
#: documentation lists them and a test reads every example back.
DATE_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("2023-03-06", "ISO 8601, also with a time of day (2023-03-06 00:00:00, 2023-03-06T09:30)"),
    ("2023/03/06", "year first with / or ."),
    ("2023. 03. 06.", "year first, Hungarian style"),
    (
        "06/03/2023",
        "day first with / . or -: 03/06/2023 is 3 June, unless a date column's header "
        "says mm/dd/yyyy or the table's own slashed dates are month first (03/17/2023 "
        "and no 17/03/2023): then, with a warning, 6 March",
    ),
    ("6.3.2023", "day first without leading zeros, also with a time (06.03.2023 00:00)"),
    ("6.3.23", "a two-digit year, read as 20YY when 2019 to 2030 (a warning says so)"),
    ("6 Mar 2023", "day, month name, year: CLDR wide and abbreviated names of every locale"),
    ("6 March 2023", "also 6. März 2023, 6 mars 2023, 6 de marzo de 2023, 6 marzo 2023"),
    ("Mar 6, 2023", "month name first (English habit)"),
    ("6-Mar-23", "Excel's dd-mmm-yy"),
    ("Monday, 6 March 2023", "with a weekday, which must be the date's"),
    (
        "Mon 06/03/2023",
        "a weekday before a numeric date (a long date format saved as text: "
        "Montag, 06.03.2023; lun. 06/03/2023), which must be the date's",
    ),
    ("2023. március 6.", "year first with a month name (Hungarian)"),
    ("44991", "an Excel serial day number, 2019 to 2030 (a warning says so)"),
)
