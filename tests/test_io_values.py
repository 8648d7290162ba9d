"""Cell values as coordinators write them: labels, countries, dates, numbers and decimal signs.

Each worked example is a cell the way a partnership sheet has it; the properties check that a
date or a number written any supported way reads back the same, and that the same table written
by a German Excel (``;``, decimal comma, Windows-1252) and an English one (``,``, decimal point,
UTF-8) gives the same distances and lump sums.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from babel.dates import format_date, get_day_names, get_month_names
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import InvalidValueError
from clusterxchange.io import (
    ExchangeTable,
    parse_exchange_rows,
    read_exchanges,
    read_exchanges_csv,
    read_exchanges_excel,
    read_exchanges_json,
)
from clusterxchange.io._dates import month_names, read_date, weekday_names
from clusterxchange.io._folding import unaccented
from clusterxchange.io._formats import DATE_EXAMPLES, DATE_LOCALES
from clusterxchange.io._numbers import reading
from clusterxchange.io._outcome import CellError, Noted
from clusterxchange.model import OrganisationKind as Kind
from clusterxchange.model import Status
from clusterxchange.money.pricing import lump_sum

BASE = {
    "Host": "Hamburg Aviation", "Host country": "DE", "Host kind": "Cluster organisation",
    "Visitor": "Aero Lda", "Visitor country": "PT", "Visitor kind": "SME",
}  # fmt: skip


def read(**cells: object) -> ExchangeTable:
    return parse_exchange_rows([{**BASE, **cells}], file="sheet.csv")


def messages(table: ExchangeTable) -> list[str]:
    return [w.message for w in table.warnings]


# -- kinds and statuses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Research organisation", Kind.SCALING_UP_SUPPORT_ORGANISATION),
        ("Research Institute", Kind.SCALING_UP_SUPPORT_ORGANISATION),
        ("RTO", Kind.SCALING_UP_SUPPORT_ORGANISATION),
        ("Technology Centre", Kind.SCALING_UP_SUPPORT_ORGANISATION),
        ("Innovation agency", Kind.PUBLIC_AUTHORITY),
        ("Large enterprise", Kind.LARGE_COMPANY),
        ("Public body", Kind.PUBLIC_AUTHORITY),
        ("Municipality", Kind.PUBLIC_AUTHORITY),
        ("Chamber of Commerce", Kind.BUSINESS_NETWORK_ORGANISATION),
        ("KMU", Kind.SME),
        ("PME", Kind.SME),
        ("pyme", Kind.SME),
        ("KOBİ", Kind.SME),
        ("Kobi", Kind.SME),
        ("Großunternehmen", Kind.LARGE_COMPANY),
        ("Forschungsinstitut", Kind.SCALING_UP_SUPPORT_ORGANISATION),
        ("pôle de compétitivité", Kind.CLUSTER_ORGANISATION),
    ],
)
def test_kinds_as_coordinators_write_them(written: str, kind: Kind) -> None:
    table = read(**{"Visitor kind": written})
    assert table.errors == ()
    assert table.exchanges[0].visitor.kind is kind
    assert f"{written!r} read as {kind.value}" in " ".join(messages(table))


@pytest.mark.parametrize(
    ("written", "choices"),
    [
        ("Business support organisation", ["business_network_organisation",
                                           "scaling_up_support_organisation"]),
        ("University", ["scaling_up_support_organisation", "training_provider"]),
        ("Company", ["sme", "large_company"]),
    ],
)  # fmt: skip
def test_an_ambiguous_kind_is_an_error_listing_its_readings(
    written: str, choices: list[str]
) -> None:
    table = read(**{"Visitor kind": written})
    ((problem,),) = [table.errors]
    assert (problem.row, problem.column) == (2, "visitor_kind")
    assert problem.message.startswith(f"ambiguous organisation kind {written!r}")
    assert all(choice in problem.message for choice in choices)


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Approved", Status.MATCHED),
        ("Confirmed", Status.MATCHED),
        ("Planned", Status.MATCHED),
        ("Postponed", Status.MATCHED),
        ("Signed", Status.PREPARED),
        ("Ongoing", Status.IN_PROGRESS),
        ("In progress", Status.IN_PROGRESS),
        ("Final report pending", Status.AWAITING_FINAL_REPORT),
        ("Report submitted", Status.AWAITING_FINAL_REPORT),
        ("Finalised", Status.COMPLETED),
        ("Finalized", Status.COMPLETED),
        ("Done", Status.COMPLETED),
        ("Payment made", Status.PAID),
        ("Paid", Status.PAID),
        ("Cancelled", Status.CANCELLED),
        ("Canceled", Status.CANCELLED),
        ("Withdrawn", Status.CANCELLED),
        ("abgeschlossen", Status.COMPLETED),
        ("terminé", Status.COMPLETED),
        ("Termine", Status.COMPLETED),
        ("afgerond", Status.COMPLETED),
        ("finalizado", Status.COMPLETED),
        ("tamamlandı", Status.COMPLETED),
        ("befejezve", Status.COMPLETED),
        ("en cours", Status.IN_PROGRESS),
        ("storniert", Status.CANCELLED),
        ("annulé", Status.CANCELLED),
        ("bezahlt", Status.PAID),
    ],
)
def test_statuses_as_coordinators_write_them(written: str, status: Status) -> None:
    table = read(Status=written)
    assert table.errors == ()
    assert table.exchanges[0].status is status


def test_postponed_is_still_planned_and_a_warning_says_so() -> None:
    table = parse_exchange_rows([{**BASE, "Status": "Postponed"}] * 2)
    (warning,) = [w for w in table.warnings if w.column == "status"]
    assert warning.message.startswith("'Postponed' read as matched on 2 rows (2, 3)")
    assert "still planned, not cancelled" in warning.message
    assert all(e.status is not Status.CANCELLED for e in table.exchanges)


@pytest.mark.parametrize("written", ["Pending", "Closed", "Open"])
def test_an_ambiguous_status_is_an_error_listing_its_readings(written: str) -> None:
    table = read(Status=written)
    assert [(p.row, p.column) for p in table.errors] == [(2, "status")]
    assert "ambiguous status" in table.errors[0].message


# -- countries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("The Netherlands", "NL"), ("Holland", "NL"), ("Czechia", "CZ"),
        ("Czech Republic", "CZ"), ("the Czech Republic", "CZ"), ("Czech Rep.", "CZ"),
        ("Great Britain", "GB"), ("Great-Britain", "GB"), ("Britain", "GB"),
        ("The United Kingdom", "GB"), ("Turkey", "TR"), ("Türkiye", "TR"),
        ("Republic of Moldova", "MD"), ("North Macedonia", "MK"), ("North-Macedonia", "MK"),
        ("FYROM", "MK"), ("Macedonia", "MK"), ("former Yugoslav Republic of Macedonia", "MK"),
        ("Kosovo", "XK"), ("Republic of Kosovo", "XK"), ("Slovak Republic", "SK"),
        ("Slovak Rep.", "SK"), ("Bosnia", "BA"), ("Bosnia & Herzegovina", "BA"),
        ("Germany;", "DE"), ("Germany.", "DE"), ("Germany (DE)", "DE"), ("DE - Germany", "DE"),
        ("Niederlande", "NL"), ("Pays-Bas", "NL"), ("Hollanda", "NL"), ("Tschechien", "CZ"),
        ("Bosnien", "BA"), ("Hellas", "GR"), ("Shqipëria", "AL"),
    ],
)  # fmt: skip
def test_countries_as_coordinators_write_them(written: str, code: str) -> None:
    table = read(**{"Host country": written})
    assert table.errors == ()
    assert table.exchanges[0].host.country == code


@pytest.mark.parametrize("written", ["England", "Scotland", "Wales", "Northern Ireland"])
def test_a_nation_of_the_uk_is_gb_with_a_note(written: str) -> None:
    rows = [{**BASE, "Visitor": f"V{i}", "Host country": written} for i in range(3)]
    table = parse_exchange_rows(rows)
    assert [e.host.country for e in table.exchanges] == ["GB"] * 3
    (note,) = [w for w in table.warnings if w.column == "host_country"]
    assert note.message.startswith(f"{written!r} read as GB")
    assert note.message.endswith("on 3 rows (2, 3, 4)")


def test_a_name_and_a_code_that_disagree_are_refused() -> None:
    table = read(**{"Host country": "Germany (FR)"})
    assert [(p.row, p.column) for p in table.errors] == [(2, "host_country")]


# -- dates -------------------------------------------------------------------------------------

NOV_15 = dt.date(2022, 11, 15)


@pytest.mark.parametrize(
    "written",
    ["15 Nov 2022", "15 November 2022", "Nov 15, 2022", "November 15th, 2022", "15-Nov-2022",
     "15. November 2022", "15. Nov. 2022", "15 novembre 2022", "15 de noviembre de 2022",
     "15 de novembro de 2022", "15 november 2022", "2022. november 15.", "15 Kasım 2022",
     "15 kasim 2022", "Tuesday, 15 November 2022", "Di., 15. Nov. 2022", "2022-11-15 00:00:00",
     "15.11.2022 00:00", "2022/11/15", "15/11/2022", "Tue 15/11/2022", "Di., 15.11.2022",
     "mardi 15/11/2022", "terça-feira, 15/11/2022", "Tuesday 2022-11-15"],
)  # fmt: skip
def test_dates_as_coordinators_write_them(written: str) -> None:
    table = read(Start=written)
    assert table.errors == ()
    assert table.exchanges[0].start == NOV_15


@pytest.mark.parametrize(
    ("written", "date"),
    [("28.4.23", dt.date(2023, 4, 28)), ("15-Nov-22", NOV_15), ("6/3/23", dt.date(2023, 3, 6))],
)
def test_a_two_digit_year_is_read_as_20yy_with_one_warning_per_column(
    written: str, date: dt.date
) -> None:
    table = parse_exchange_rows(
        [{**BASE, "Visitor": "A", "Start": written, "End": written},
         {**BASE, "Visitor": "B", "Start": "1.1.23", "End": "2.1.23"}]
    )  # fmt: skip
    assert table.errors == ()
    assert table.exchanges[0].start == date
    notes = [w for w in table.warnings if "two-digit year" in w.message]
    assert [(w.column, w.row) for w in notes] == [("start", 2), ("end", 2)]
    assert notes[0].message.startswith(f"{written!r} read as {date.isoformat()}")
    assert notes[0].message.endswith("on 2 rows (2, 3)")


@pytest.mark.parametrize("written", ["6/3/05", "6/3/99", "15-Nov-45"])
def test_a_two_digit_year_outside_the_schemes_years_is_refused(written: str) -> None:
    table = read(Start=written)
    assert [(p.column, "write the year in full" in p.message) for p in table.errors] == [
        ("start", True)
    ]


def test_an_ambiguous_slashed_date_stays_day_first() -> None:
    assert read(Start="03/06/2023").exchanges[0].start == dt.date(2023, 6, 3)


def test_an_excel_day_number_is_read_with_a_warning() -> None:
    table = read(Start="44991", End=44995)
    assert (table.exchanges[0].start, table.exchanges[0].end) == (
        dt.date(2023, 3, 6),
        dt.date(2023, 3, 10),
    )
    assert sum("Excel day number" in m for m in messages(table)) == 2


def test_every_documented_date_example_reads_as_6_march_2023() -> None:
    for example, _ in DATE_EXAMPLES:
        found = read_date(example)
        assert (found.value if isinstance(found, Noted) else found) == dt.date(2023, 3, 6)


def test_every_cldr_month_name_reads_as_its_month() -> None:
    assert len(month_names()) > 100
    for locale in DATE_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    assert read_date(f"6 {name} 2023") == dt.date(2023, number, 6), (locale, name)


@given(
    st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(DATE_LOCALES),
    st.sampled_from(["short", "medium", "long", "full"]),
)
def test_a_date_in_any_locale_format_reads_back(date: dt.date, locale: str, format: str) -> None:
    text = format_date(date, format=format, locale=locale)
    if format == "short" and locale in ("en",):
        return  # en's short format is month first (3/6/23): the reader is day first
    found = read_date(text)
    assert (found.value if isinstance(found, Noted) else found) == date, text


@given(
    st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(DATE_LOCALES),
    st.sampled_from(["wide", "abbreviated"]),
    st.sampled_from(["{} {}", "{}, {}"]),
    st.integers(1, 6),
)
def test_a_weekday_before_a_numeric_date_must_be_its_weekday(
    date: dt.date, locale: str, width: str, layout: str, shift: int
) -> None:
    names = get_day_names(width, "format", locale)
    numeric = f"{date:%d/%m/%Y}"
    found = read_date(layout.format(names[date.weekday()], numeric))
    assert found == date
    other = names[(date.weekday() + shift) % 7]
    # An abbreviation two weekdays share (hu "Sz": szerda, szombat) is either of them.
    if date.weekday() not in weekday_names()[unaccented(other).rstrip(".")]:
        with pytest.raises(CellError, match="not the weekday written"):
            read_date(layout.format(other, numeric))


@given(st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31)))
def test_a_date_in_every_numeric_format_reads_back(date: dt.date) -> None:
    d, m, y = date.day, date.month, date.year
    for text in (date.isoformat(), f"{y}/{m:02}/{d:02}", f"{d:02}/{m:02}/{y}", f"{d}.{m}.{y}",
                 f"{d}-{m}-{y}", f"{d}.{m}.{y % 100:02}", f"{date:%d-%b-%y}", f"{date:%d %B %Y}",
                 f"{date:%b} {d}, {y}", str((date - dt.date(1899, 12, 30)).days)):  # fmt: skip
        found = read_date(text)
        assert (found.value if isinstance(found, Noted) else found) == date, text


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "km"),
    [("approx. 600", 600), ("ca. 600", 600), ("~600", 600), ("600 km", 600), ("600km", 600),
     ("ca. 600 km", 600), ("approx 640,2 km", 640.2), ("1 050", 1050), ("1.050,5", 1050.5),
     ("1,050.5", 1050.5), ("1.234.567", 1234567), ("0,050", 0.05), ("640.25", 640.25),
     ("etwa 600", 600), ("env. 600", 600), ("kb. 600", 600)],
)  # fmt: skip
def test_distances_as_coordinators_write_them(written: str, km: float) -> None:
    table = read(Distance_km=written)
    assert table.errors == ()
    assert table.exchanges[0].distance_km == pytest.approx(km)


def test_an_approximate_distance_is_noted() -> None:
    table = read(Distance_km="approx. 600")
    assert "'approx. 600' read as 600 km (an approximate distance), on 1 row (2)" in messages(table)


SHEET = ("Host;Host country;Host kind;Visitor;Visitor country;Visitor kind;Start;End;"
         "Distance_km\n")  # fmt: skip
ROW = "Hamburg Aviation;DE;Cluster;Aero Lda;PT;SME;06/03/2023;17/03/2023;{}\n"


def csv_table(*distances: str, delimiter: str = ";", **options: str) -> ExchangeTable:
    text = SHEET + "".join(ROW.format(d) for d in distances)
    if delimiter != ";":
        text = text.replace(";", delimiter)
    return read_exchanges_csv(io.StringIO(text), file="sheet.csv", **options)


def test_a_semicolon_file_has_the_decimal_comma() -> None:
    table = csv_table("1.050", "640,2", "1.234.567")
    assert [e.distance_km for e in table.exchanges] == [1050, 640.2, 1234567]
    assert not [w for w in table.warnings if w.column == "distance_km"]


def test_a_comma_file_has_the_decimal_point() -> None:
    table = csv_table('"1,050"', "640.2", delimiter=",")
    assert [e.distance_km for e in table.exchanges] == [1050, 640.2]
    assert not [w for w in table.warnings if w.column == "distance_km"]


def test_a_reading_that_halves_money_is_never_silent() -> None:
    table = csv_table("1,050")  # ; file: 1.05 km by its convention
    assert table.exchanges[0].distance_km == 1.05
    (warning,) = [w for w in table.warnings if w.column == "distance_km"]
    assert (warning.row, warning.file) == (2, "sheet.csv")
    assert "'1,050' read as 1.05 km" in warning.message
    assert "1050 km" in warning.message
    assert "halves the lump sum" in warning.message


def test_an_ambiguous_distance_is_read_as_thousands_and_reported_with_both_readings() -> None:
    cells = {**BASE, "distance_km": "1.050", "Start": "6 Mar 2023", "End": "17 Mar 2023"}
    table = parse_exchange_rows([cells], file="sheet.json")
    assert table.exchanges[0].distance_km == 1050
    (warning,) = [w for w in table.warnings if w.column == "distance_km"]
    assert warning.row == 2
    assert "'1.050' read as 1050 km" in warning.message
    assert "1.05 km" in warning.message
    assert "under 200 km, which halves the lump sum" in warning.message
    assert lump_sum(table.exchanges[0], "cxc2").reductions == ()


def test_the_convention_is_inferred_from_the_columns_own_numbers() -> None:
    rows = [{**BASE, "Visitor": "A", "distance_km": "1.050"},
            {**BASE, "Visitor": "B", "distance_km": "640,2"}]  # fmt: skip
    table = parse_exchange_rows(rows, file="sheet.json")
    assert [e.distance_km for e in table.exchanges] == [1050, 640.2]
    (warning,) = [w for w in table.warnings if w.column == "distance_km"]
    assert "decimal comma of the table's numbers ('640,2' on row 3)" in warning.message
    rows[1]["distance_km"] = "1.234.567"
    assert parse_exchange_rows(rows).exchanges[0].distance_km == 1050
    rows[1]["distance_km"] = "640.25"
    assert parse_exchange_rows(rows).exchanges[0].distance_km == 1.05


def test_a_table_mixing_both_signs_reports_it_and_reads_ambiguous_numbers_as_thousands() -> None:
    rows = [{**BASE, "Visitor": v, "distance_km": d}
            for v, d in (("A", "1.050"), ("B", "640,2"), ("C", "12.5"))]  # fmt: skip
    table = parse_exchange_rows(rows)
    assert [e.distance_km for e in table.exchanges] == [1050, 640.2, 12.5]
    assert any(m.startswith("the table writes a decimal comma ('640,2', row 3)") for m in
               messages(table))  # fmt: skip


def test_a_semicolon_file_whose_numbers_use_points_is_not_trusted() -> None:
    table = csv_table("1,050", "12.5")
    assert table.exchanges[0].distance_km == 1050
    assert any("the file's format implies a decimal comma" in m for m in messages(table))


def test_the_decimal_sign_may_be_given(tmp_path: Path) -> None:
    assert csv_table("1.050", decimal=".").exchanges[0].distance_km == 1.05
    path = tmp_path / "sheet.json"
    path.write_text(
        '[{"host": "A", "host_country": "DE", "host_kind": "sme", "visitor": "B", '
        '"visitor_country": "PT", "visitor_kind": "sme", "distance_km": "1.050"}]'
    )
    assert read_exchanges(path, decimal=",").exchanges[0].distance_km == 1050
    assert read_exchanges(path, decimal=".").exchanges[0].distance_km == 1.05
    assert read_exchanges_json(path).exchanges[0].distance_km == 1050
    rows = [{**BASE, "distance_km": "1,050"}]
    assert parse_exchange_rows(rows, decimal=",").exchanges[0].distance_km == 1.05
    with pytest.raises(InvalidValueError, match="unknown decimal sign"):
        parse_exchange_rows(rows, decimal=";")
    with pytest.raises(InvalidValueError, match="unknown decimal sign"):
        read_exchanges(path, decimal="comma")


def test_coordinates_are_never_grouped_in_thousands() -> None:
    cells = {**BASE, "host_lat": "53.550", "host_lon": "9,993", "visitor_lat": "41.15",
             "visitor_lon": "-8.61"}  # fmt: skip
    table = parse_exchange_rows([cells], decimal=",")
    assert table.errors == ()
    location = table.exchanges[0].host.location
    assert location is not None
    assert (location.latitude, location.longitude) == (53.55, 9.993)


def test_an_xlsx_text_cell_is_read_by_the_sheets_numbers() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Host", "Host country", "Host kind", "Visitor", "Visitor country",
                  "Visitor kind", "Start", "End", "Distance"])  # fmt: skip
    sheet.append(["H", "DE", "Cluster", "A", "PT", "SME", dt.datetime(2023, 3, 6),
                  "2023-03-17 00:00:00", "1.050"])  # fmt: skip
    sheet.append(["H", "DE", "Cluster", "B", "PT", "SME", 44991, "17 Mar 2023", 640.5])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    table = read_exchanges_excel(stream)
    assert table.errors == ()
    assert [e.distance_km for e in table.exchanges] == [1050, 640.5]
    assert {e.start for e in table.exchanges} == {dt.date(2023, 3, 6)}
    assert {e.end for e in table.exchanges} == {dt.date(2023, 3, 17)}
    assert any("'1.050' read as 1050 km" in m for m in messages(table))


def _written(number: Decimal, sign: str, group: bool) -> str:
    whole, _, fraction = f"{number:f}".partition(".")
    other = "." if sign == "," else ","
    if group:
        whole = f"{int(whole):,}".replace(",", other)
    return whole + (sign + fraction if fraction else "")


@given(
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    st.sampled_from([",", "."]),
    st.booleans(),
)
def test_a_number_written_in_its_own_convention_reads_back(
    number: Decimal, sign: str, group: bool
) -> None:
    text = _written(number, sign, group)
    assert reading(text, sign).value == pytest.approx(float(number)), text


# -- the same table from a German and an English Excel -----------------------------------------

NATURAL = [
    ("Host", "Host country", "Host kind", "Visiting organisation", "Visitor country",
     "Visitor kind", "Start date", "End date", "Distance", "Status"),
    ("Hamburg Aviation", "Deutschland", "Clusterorganisation", "Aero Lda", "Portugal", "KMU",
     "06.03.2023", "17.03.2023", "", "abgeschlossen"),
    ("Flanders Make", "Belgien", "Cluster", "Société Générale Aéro", "Frankreich", "PME",
     "6. März 2023", "10. März 2023", "", "Finalised"),
    ("Tallinn Robotics", "Estland", "Cluster", "Ålesund Maritime", "Dänemark", "SME",
     "15 Nov 2022", "28.11.22", "", "Done"),
    ("Pemas", "Spanien", "Cluster", "Lodz Textiles", "Polen", "SME", "2023-05-08",
     "2023-05-12", "", "Payment made"),
]  # fmt: skip
#: Each row's distance as a German Excel and as an English Excel writes it.
DISTANCES = [("2.210", "2,210"), ("ca. 1.050", "approx. 1,050"), ("1.050,5 km", "1,050.5 km"),
             ("180", "180")]  # fmt: skip


def test_a_german_and_an_english_excel_give_the_same_money(tmp_path: Path) -> None:
    german = [NATURAL[0]] + [
        (*r[:8], d, r[9]) for r, (d, _) in zip(NATURAL[1:], DISTANCES, strict=True)
    ]
    english = [NATURAL[0]] + [
        (*r[:8], d, r[9]) for r, (_, d) in zip(NATURAL[1:], DISTANCES, strict=True)
    ]
    (tmp_path / "de.csv").write_bytes(
        "".join(";".join(row) + "\r\n" for row in german).encode("cp1252")
    )
    (tmp_path / "en.csv").write_text(
        "".join(",".join(f'"{c}"' for c in row) + "\n" for row in english), encoding="utf-8"
    )
    de = read_exchanges(tmp_path / "de.csv")
    en = read_exchanges(tmp_path / "en.csv")
    assert de.errors == en.errors == ()
    assert [e.distance_km for e in de.exchanges] == [2210, 1050, 1050.5, 180]
    assert [e.distance_km for e in en.exchanges] == [e.distance_km for e in de.exchanges]
    de_money = [lump_sum(e, "cxc2") for e in de.exchanges]
    en_money = [lump_sum(e, "cxc2") for e in en.exchanges]
    assert [m.amount for m in de_money] == [m.amount for m in en_money]
    assert [m.reductions for m in de_money] == [(), (), (), ("short_distance",)]
    assert any("Windows-1252" in m for m in messages(de))
    assert not [w for w in (*de.warnings, *en.warnings) if w.column == "distance_km"
                and "1.05 " in w.message]  # fmt: skip
