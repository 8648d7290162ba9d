"""Headers as people write them, the header row below titles, rows that are no exchange.

The sheets are written as coordinators write them: a mid-term report's annex (its own headers,
a title and a date above, a TOTAL row under), a coordinator's sheet with natural headers, and
sheets headed in German and French.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.io import (
    ALIAS_SOURCES,
    COLUMNS,
    EXTRA_COLUMNS,
    HEADER_ALIASES,
    TOTAL_LABELS,
    ExchangeTable,
    canonical_column,
    read_exchanges,
    read_exchanges_csv,
    read_exchanges_excel,
)
from clusterxchange.io._headers import COLUMN_ALIASES, SIDED_HEADERS, fold_header
from clusterxchange.io._rows import SKIPPED
from clusterxchange.io.migration import load_mapping
from clusterxchange.model import OrganisationKind, Relation, Status
from clusterxchange.model.errors import InvalidFileError, InvalidValueError

DOCS = Path(__file__).parent.parent / "docs"


def _extension(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DOCS / "_ext" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def csv_table(text: str) -> ExchangeTable:
    return read_exchanges_csv(io.StringIO(text), file="sheet.csv")


def messages(table: ExchangeTable) -> list[str]:
    return [p.message for p in table.warnings]


def skipped(table: ExchangeTable) -> dict[int | None, str]:
    return {p.row: p.message for p in table.warnings if p.message.endswith(SKIPPED)}


# --------------------------------------------------------------------------------------------
# The alias table
# --------------------------------------------------------------------------------------------


def test_every_alias_names_a_column_from_a_known_source_in_a_package_language() -> None:
    known = set(COLUMNS) | set(EXTRA_COLUMNS)
    # English and the languages the package localises its output to.
    languages = {"en", "da", "de", "fr", "nl", "es", "it", "pt", "hu", "tr"}
    for alias in HEADER_ALIASES:
        assert alias.source in ALIAS_SOURCES, alias
        assert alias.language in languages, alias
        if alias.column.startswith("{side}_"):
            for side in ("host", "visitor"):
                column = alias.column.replace("{side}", side)
                assert column in known, alias
                assert canonical_column(alias.header, side=side) == column
        else:
            assert alias.column in known, alias
            assert canonical_column(alias.header) == alias.column, alias
            assert canonical_column(alias.header.upper()) == alias.column, alias
    assert {a.language for a in HEADER_ALIASES} == languages


def test_no_alias_is_a_column_name_or_two_columns() -> None:
    known = set(COLUMNS) | set(EXTRA_COLUMNS)
    assert not (set(COLUMN_ALIASES) | set(SIDED_HEADERS)) & known
    assert not set(COLUMN_ALIASES) & set(SIDED_HEADERS)
    folded: dict[str, str] = {}
    for alias in HEADER_ALIASES:
        assert folded.setdefault(fold_header(alias.header), alias.column) == alias.column, alias


@pytest.mark.parametrize(
    ("header", "column"),
    [
        # A mid-term report's annex.
        ("Exchange no.", "id"), ("HO", "host"), ("VO", "visitor"),
        ("VO Type of entity", "visitor_kind"), ("Inside/outside partnership", "relation"),
        ("(Group) exchange", "event"), ("Status", "status"), ("Remarks", "remarks"),
        # A coordinator's sheet.
        ("Host organisation", "host"), ("Country of host", "host_country"),
        ("Type of entity (host)", "host_kind"), ("Visiting organisation", "visitor"),
        ("Visitor country", "visitor_country"), ("Type of entity", "visitor_kind"),
        ("Start date", "start"), ("End date", "end"), ("Distance (km)", "distance_km"),
        ("Distance [km]", "distance_km"), ("distance in KM", "distance_km"),
        ("Partnership", "visitor_partnership"), ("Comments", "remarks"),
        ("VOP", "visitor_partnership"), ("HOP", "host_partnership"),
        ("Number of visitors", "visitor_count"),
        # Other languages: accents and punctuation do not matter.
        ("Gastorganisation", "host"), ("Besuchende Organisation", "visitor"),
        ("Organisation d'accueil", "host"), ("Date de début", "start"),
        ("DATE DE DEBUT", "start"), ("Fecha de inicio", "start"), ("Látogató szervezet", "visitor"),
        ("Başlangıç tarihi", "start"), ("Værtsorganisation", "host"),
        ("Besucher", "visitor"), ("Land Gastgeber", "host_country"),
        ("Land (Besucher)", "visitor_country"), ("Typ Gastgeber", "host_kind"),
        ("PIC Besucher", "visitor_pic"), ("Besucher-PIC", "visitor_pic"),
        ("PIC der Gastorganisation", "host_pic"),
        ("Pays visiteur", "visitor_country"), ("Type du visiteur", "visitor_kind"),
        ("PIC visiteur", "visitor_pic"), ("Pays hôte", "host_country"),
        ("Type de l'hôte", "host_kind"), ("PIC d'accueil", "host_pic"),
        ("Organisation hôte", "host"), ("N° échange", "id"),
        ("País visitante", "visitor_country"), ("Tipo anfitrión", "host_kind"),
        ("PIC visitatore", "visitor_pic"), ("Paese ospitante", "host_country"),
    ],
)  # fmt: skip
def test_the_headers_of_real_sheets(header: str, column: str) -> None:
    assert canonical_column(header) == column


def test_ambiguous_headers_are_not_guessed() -> None:
    for header in ("No.", "Group", "Duration", "From", "Gast", "Hôte", "Stato", "Estado"):
        assert canonical_column(header) not in set(COLUMNS) | set(EXTRA_COLUMNS), header


def test_the_docs_list_every_alias_as_the_data_says() -> None:
    headers = _extension("column_headers")
    page = (DOCS / "command-line.md").read_text(encoding="utf-8")
    assert headers.update(page) == page, (
        "docs/command-line.md is stale: build the docs (nox -s docs) or run "
        "docs/_ext/column_headers.py's write_page, and commit the page"
    )
    listed = page.split(headers.BEGIN)[1].split(headers.END)[0]
    for alias in HEADER_ALIASES:
        assert f"`{alias.header}`" in listed, alias.header
    for key in ALIAS_SOURCES:
        assert ALIAS_SOURCES[key] in listed


def test_the_docs_generator_follows_the_data() -> None:
    headers = _extension("column_headers")
    fewer = headers.render(HEADER_ALIASES[1:])
    assert f"`{HEADER_ALIASES[0].header}`" not in fewer
    assert f"`{HEADER_ALIASES[0].header}`" in headers.render()


# --------------------------------------------------------------------------------------------
# Sides by position
# --------------------------------------------------------------------------------------------

COORDINATOR_HEADER = (
    "Host organisation,Country of host,Type of entity (host),Visiting organisation,"
    "Visitor country,Type of entity,Start date,End date,Distance (km),Partnership,Comments"
)
COORDINATOR_ROW = (
    "Hamburg Aviation,DE,Cluster organisation,Aero Lda,PT,SME,06/03/2023,17/03/2023,2300,"
    "TIDEWAY,first visit"
)


def test_a_coordinators_sheet_with_natural_headers() -> None:
    table = csv_table(f"{COORDINATOR_HEADER}\n{COORDINATOR_ROW}\n")
    assert table.errors == ()
    assert not [m for m in messages(table) if m.startswith("unknown column")]
    (exchange,) = table.exchanges
    assert (exchange.host.name, exchange.host.country) == ("Hamburg Aviation", "DE")
    assert exchange.host.kind is OrganisationKind.CLUSTER_ORGANISATION
    assert (exchange.visitor.country, exchange.visitor.kind) == ("PT", OrganisationKind.SME)
    assert (exchange.start, exchange.end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 17))
    assert exchange.distance_km == 2300
    assert (exchange.visitor_partnership, exchange.remarks) == ("TIDEWAY", "first visit")


def test_bare_headers_take_the_side_of_the_nearest_organisation_to_their_left() -> None:
    header = "HO,Country,Type of entity,PIC,VO,Land,Type d'entité,PIC"
    row = "Hamburg Aviation,DE,cluster,949123456,Aero Lda,PT,SME,949654321"
    (exchange,) = csv_table(f"{header}\n{row}\n").exchanges
    assert (exchange.host.country, exchange.host.kind) == (
        "DE",
        OrganisationKind.CLUSTER_ORGANISATION,
    )
    assert (exchange.host.pic, exchange.visitor.pic) == ("949123456", "949654321")
    assert (exchange.visitor.country, exchange.visitor.kind) == ("PT", OrganisationKind.SME)


def test_a_bare_header_with_no_organisation_to_its_left() -> None:
    header = "Type of entity,Country,HO,HO country,HO type of entity,VO,VO country"
    row = "SME,PT,Hamburg Aviation,DE,cluster,Aero Lda,PT"
    table = csv_table(f"{header}\n{row}\n")
    # Type of entity alone is the visitor's; a Country there is nobody's, and said so.
    assert table.exchanges[0].visitor.kind is OrganisationKind.SME
    (note,) = [p for p in table.warnings if p.column == "Country"]
    assert note.message.startswith("column 'Country' ignored: no host or visitor column stands")


def test_a_bare_header_on_a_side_that_has_it_already_is_a_column_named_twice() -> None:
    with pytest.raises(InvalidFileError, match="'Visitor country' and 'Country' are both"):
        csv_table("Host,Visitor,Visitor country,Country\nA,B,PT,PT\n")


# --------------------------------------------------------------------------------------------
# A mid-term report's annex: headers of its own, title rows, a totals row
# --------------------------------------------------------------------------------------------

ANNEX_TITLE = [["Mid-term report – Annex 2: exchanges"], [], ["Reporting date: 30/06/2023"]]
ANNEX_HEADER = [
    "Exchange no.", "HO", "VO", "VO Type of entity", "Inside/outside partnership",
    "(Group) exchange", "Status", "Remarks",
]  # fmt: skip
ANNEX_ROWS = [
    ["EG112KA1", "Elbmarsch Hydrogen Network", "Skovlund Wind Cluster", "Cluster organisation",
     "Inside", "", "Completed", ""],
    ["", "Flanders Make", "Wattwerk GmbH", "SME", "Outside", "Hydrogen days", "Completed",
     "Completed, but without the IT tool"],
    ["", "Flanders Make", "Nordlicht Fab Lab e.V.", "Scaling-up support organisation", "Inside",
     "Hydrogen days", "Waiting for Final Activity Report", ""],
]  # fmt: skip
ANNEX_TOTAL = ["TOTAL", "", "=SUM(C5:C7)", "", "", "", "", ""]
ANNEX_DATA_ROWS = {5, 6, 7}


def _annex_csv(rows: list[list[str]], header: list[str] = ANNEX_HEADER) -> str:
    lines = [*ANNEX_TITLE, header, *rows, ANNEX_TOTAL]
    return "".join(";".join(line) + "\n" for line in lines)


def _annex_xlsx(rows: list[list[str]], tmp_path: Path, header: list[str] = ANNEX_HEADER) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in [*ANNEX_TITLE, header, *rows, ANNEX_TOTAL]:
        sheet.append(line)  # "=SUM(...)" is a formula, saved without a value
    path = tmp_path / "annex.xlsx"
    book.save(path)
    return path


def _assert_annex_read(table: ExchangeTable) -> None:
    """What this reader does with the annex: headers mapped, title and totals rows skipped."""
    assert not [m for m in messages(table) if m.startswith("unknown column")]
    notes = messages(table)
    assert notes[0] == (
        "rows 1-3 above the header skipped ('Mid-term report – Annex 2: exchanges', "
        "'Reporting date: 30/06/2023')"
    )
    assert skipped(table) == {8: f"a totals row ('TOTAL'){SKIPPED}"}
    assert not [m for m in notes if "formula with no saved value" in m]
    assert table.rows_read == 3
    assert set(table.rows) | set(table.error_rows()) == ANNEX_DATA_ROWS
    # Every cell the annex has is read; only what it lacks may be missing.
    missing = {"host_country", "host_kind", "visitor_country"}
    assert {p.column for p in table.errors} <= missing


def test_the_annex_layout_as_csv() -> None:
    _assert_annex_read(csv_table(_annex_csv(ANNEX_ROWS)))


def test_the_annex_layout_as_xlsx(tmp_path: Path) -> None:
    _assert_annex_read(read_exchanges(_annex_xlsx(ANNEX_ROWS, tmp_path)))


#: The annex with the columns a check needs, as some partnerships add them.
FULL_HEADER = [*ANNEX_HEADER, "Country of host", "Type of entity (host)", "Visitor country"]


def _with_countries(rows: list[list[str]]) -> list[list[str]]:
    return [[*row, "BE", "Cluster organisation", "DK"] for row in rows]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_annex_with_countries_reads_every_exchange(kind: str, tmp_path: Path) -> None:
    rows = _with_countries(ANNEX_ROWS)
    if kind == "csv":
        table = csv_table(_annex_csv(rows, FULL_HEADER))
    else:
        table = read_exchanges(_annex_xlsx(rows, tmp_path, FULL_HEADER))
    assert table.errors == ()
    assert table.rows == (5, 6, 7)
    assert skipped(table) == {8: f"a totals row ('TOTAL'){SKIPPED}"}
    first, second, third = table.exchanges
    assert first.id == "EG112KA1"
    assert (second.id, second.event, second.relation) == (None, "Hydrogen days", Relation.OUTSIDE)
    assert (first.status, third.status) == (Status.COMPLETED, Status.AWAITING_FINAL_REPORT)
    assert second.remarks == "Completed, but without the IT tool"
    assert third.visitor.kind is OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION


def test_the_annex_through_kpis_reports_the_rows_it_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "annex.csv"
    path.write_text(_annex_csv(_with_countries(ANNEX_ROWS), FULL_HEADER), encoding="utf-8")
    out = io.StringIO()
    code = main(["kpis", str(path), "--format", "json"], out=out)
    err = capsys.readouterr().err.splitlines()
    payload = json.loads(out.getvalue())
    assert code == 0
    assert (payload["completed"], payload["pending"], payload["errors"]) == (2, 1, [])
    assert any("rows 1-3 above the header skipped" in line for line in err)
    assert any("a totals row ('TOTAL'), skipped" in line for line in err)


# --------------------------------------------------------------------------------------------
# Sheets headed in German and French
# --------------------------------------------------------------------------------------------


def test_a_sheet_headed_in_german() -> None:
    table = csv_table(
        "Gastorganisation;Land der Gastorganisation;Art der Gastorganisation;"
        "Besuchende Organisation;Land;Organisationstyp;Beginn;Ende;Entfernung (km);Bemerkungen\n"
        "Hamburg Aviation;DE;Cluster organisation;Aero Lda;PT;SME;06.03.2023;17.03.2023;2300;-\n"
    )
    assert table.errors == ()
    (exchange,) = table.exchanges
    assert (exchange.host.name, exchange.visitor.name) == ("Hamburg Aviation", "Aero Lda")
    assert (exchange.visitor.country, exchange.visitor.kind) == ("PT", OrganisationKind.SME)
    assert (exchange.start, exchange.end) == (dt.date(2023, 3, 6), dt.date(2023, 3, 17))
    assert exchange.distance_km == 2300


def test_a_german_sheet_with_short_headers() -> None:
    # A coordinator's own sheet: "Art" and "Typ" take their side from where they stand, a
    # bare "Nr." is a row counter as often as an exchange's number: ignored, with a warning.
    table = csv_table(
        "Nr.;Besucher;Land Besucher;Art;Gastgeber;Land Gastgeber;Typ;Beginn;Ende\n"
        "1;Aero Lda;Portugal;KMU;Hamburg Aviation;Deutschland;Clusterorganisation;06.03.2023;"
        "17.03.2023\n"
    )
    assert table.errors == ()
    (exchange,) = table.exchanges
    assert (exchange.id, exchange.host.name, exchange.visitor.name) == (
        None,
        "Hamburg Aviation",
        "Aero Lda",
    )
    assert (exchange.host.country, exchange.visitor.country) == ("DE", "PT")
    assert exchange.host.kind is OrganisationKind.CLUSTER_ORGANISATION
    assert exchange.visitor.kind is OrganisationKind.SME
    assert any("unknown column 'Nr.' ignored" in w.message for w in table.warnings)


def test_a_german_sheet_names_the_pics_of_both_sides() -> None:
    # As a coordinator writes it: each side's PIC in its own column, after the other side's,
    # so a bare "PIC" would take the wrong side; spaces and a blank in the cells.
    table = csv_table(
        "Gastgeber;PIC Gastgeber;Besucher;Land Besucher;PIC Besucher;Beginn;Ende\n"
        "Hamburg Aviation;999 888 777;Aero Lda;Portugal; 123456789;06.03.2023;17.03.2023\n"
        "Hamburg Aviation;999 888 777;Wattwerk GmbH;Österreich;;13.03.2023;17.03.2023\n"
    )
    assert table.errors == ()
    assert not any("unknown column" in w.message for w in table.warnings)
    first, second = table.exchanges
    assert (first.host.pic, first.visitor.pic, second.visitor.pic) == (
        "999888777",
        "123456789",
        None,
    )


def test_a_sheet_headed_in_french() -> None:
    table = csv_table(
        "N° d'échange;Organisation d'accueil;Pays d'accueil;Type de l'organisation d'accueil;"
        "Organisation visiteuse;Pays;Type d'entité;Date de début;Date de fin;Statut;Remarques\n"
        "EG112KA1;Flanders Make;BE;Cluster organisation;Wattwerk GmbH;DE;SME;08/05/2023;"
        "12/05/2023;Completed;\n"
    )
    assert table.errors == ()
    (exchange,) = table.exchanges
    assert (exchange.id, exchange.host.country, exchange.visitor.country) == (
        "EG112KA1",
        "BE",
        "DE",
    )
    assert exchange.visitor.kind is OrganisationKind.SME
    assert exchange.status is Status.COMPLETED


def test_a_french_sheet_with_short_headers() -> None:
    # A coordinator's own sheet as exported: a title row, short headers naming each side,
    # PICs a script wrote as decimal numbers, a decimal comma, a blank row and a totals row.
    table = csv_table(
        "Suivi des échanges 2023;;;;;;;;;;\n"
        "N° échange;Organisation hôte;Pays hôte;Type hôte;PIC hôte;Visiteur;Pays visiteur;"
        "Type visiteur;PIC visiteur;Date de début;Date de fin;Distance (km)\n"
        "EG112KA1;Aerospace Valley;France;Organisation de cluster;912345678.0;Aero Lda;Portugal;"
        "PME;949123456.0;06/03/2023;17/03/2023;1 234,5\n"
        ";;;;;;;;;;;\n"
        "Total;;;;;;;;;;;1 234,5\n"
    )
    assert table.errors == ()
    assert not any("unknown column" in w.message for w in table.warnings)
    (exchange,) = table.exchanges
    assert (exchange.id, exchange.host.country, exchange.visitor.country) == (
        "EG112KA1",
        "FR",
        "PT",
    )
    assert (exchange.host.pic, exchange.visitor.pic) == ("912345678", "949123456")
    assert exchange.host.kind is OrganisationKind.CLUSTER_ORGANISATION
    assert exchange.visitor.kind is OrganisationKind.SME
    assert exchange.distance_km == 1234.5
    assert table.rows == (3,)


# --------------------------------------------------------------------------------------------
# Property: the same rows whatever the headers are called, in whatever order and case
# --------------------------------------------------------------------------------------------

#: The cells of a few exchanges, by canonical column.
PROPERTY_ROWS = [
    {"id": "EG112KA1", "host": "Flanders Make", "host_country": "BE",
     "host_kind": "Cluster organisation", "visitor": "Wattwerk GmbH", "visitor_country": "DE",
     "visitor_kind": "SME", "start": "2023-05-08", "end": "2023-05-12", "status": "Completed",
     "distance_km": "640", "relation": "Outside", "remarks": "-", "visitor_partnership": "AERO"},
    {"id": "", "host": "Hamburg Aviation", "host_country": "DE", "host_kind": "cluster",
     "visitor": "Aero Lda", "visitor_country": "PT", "visitor_kind": "Large company",
     "start": "2023-03-06", "end": "2023-03-17", "status": "Waiting for final report",
     "distance_km": "2300", "relation": "inside", "remarks": "", "visitor_partnership": ""},
]  # fmt: skip

#: Each column's names: the canonical one and every alias of the column itself.
NAMES = {
    column: [column, *(a.header for a in HEADER_ALIASES if a.column == column)]
    for column in PROPERTY_ROWS[0]
}


def _case(data: st.DataObject, text: str) -> str:
    return data.draw(st.sampled_from([text, text.upper(), text.lower(), text.title(), f" {text} "]))


@given(st.data())
def test_rows_read_the_same_whatever_the_headers(data: st.DataObject) -> None:
    columns = data.draw(st.permutations(list(PROPERTY_ROWS[0])))
    headers = [_case(data, data.draw(st.sampled_from(NAMES[c]))) for c in columns]
    delimiter = data.draw(st.sampled_from([",", ";", "\t"]))
    text = (
        delimiter.join(headers)
        + "\n"
        + "".join(delimiter.join(row[c] for c in columns) + "\n" for row in PROPERTY_ROWS)
    )
    canonical = (
        ",".join(PROPERTY_ROWS[0])
        + "\n"
        + "".join(",".join(row.values()) + "\n" for row in PROPERTY_ROWS)
    )
    expected, table = csv_table(canonical), csv_table(text)
    assert table.errors == expected.errors == ()
    assert table.exchanges == expected.exchanges
    assert table.rows == expected.rows == (2, 3)


# --------------------------------------------------------------------------------------------
# Rows that are no exchange, and the header below title rows
# --------------------------------------------------------------------------------------------

HEADER = "Host,Host country,Host kind,Visitor,Visitor country,Visitor kind,Working days"
ROW = "Flanders Make,BE,cluster,Wattwerk GmbH,DE,SME,5"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("TOTAL,,,,,,=SUM(G2:G4)", "a totals row ('TOTAL')"),
        ("Summe,,,,,,15", "a totals row ('Summe')"),
        ("Totaal:,,,,,,15", "a totals row ('Totaal:')"),
        ("Összesen,,,,,,15", "a totals row ('Összesen')"),
        (",,,,,,15", "a totals row (numbers and formulas only, no host)"),
        (",,,,,3,=SUM(G2:G4)", "a totals row (numbers and formulas only, no host)"),
        ("---,---,---,---,---,---,---", "a separator row"),
        ("=====,,,,,,", "a separator row"),
        ("Completed exchanges,,,,,,", "a section label ('Completed exchanges')"),
    ],
)
def test_rows_that_are_no_exchange_are_skipped_with_their_row(line: str, reason: str) -> None:
    table = csv_table(f"{HEADER}\n{ROW}\n{line}\n{ROW}\n")
    assert table.rows == (2, 4)
    assert skipped(table) == {3: f"{reason}{SKIPPED}"}
    assert table.rows_read == 2 == len(table.rows) + len(table.error_rows())


@pytest.mark.parametrize(
    "line",
    [
        "Total,BE,cluster,Wattwerk GmbH,DE,SME,5",  # an organisation called Total hosts
        ",,,Wattwerk GmbH,DE,SME,5",  # a visitor without its host: an error, not a total
        ",,,,,SME,",  # a lone kind, not in the first cell
    ],
)
def test_rows_that_could_be_exchanges_are_read(line: str) -> None:
    table = csv_table(f"{HEADER}\n{line}\n")
    assert skipped(table) == {}
    assert table.rows_read == 1 == len(table.rows) + len(table.error_rows())


def test_a_csv_header_below_title_rows_keeps_the_files_row_numbers() -> None:
    table = csv_table(f"Exchanges 2023\n\nas of 30 June 2023,,\n{HEADER}\n{ROW}\n")
    assert table.rows == (5,)
    assert messages(table)[0] == (
        "rows 1-3 above the header skipped ('Exchanges 2023', 'as of 30 June 2023')"
    )
    assert table.warnings[0].row == 1


def test_the_header_is_searched_among_the_first_ten_filled_rows() -> None:
    titles = [f"note {i}\n" for i in range(10)]
    with pytest.raises(InvalidFileError, match="no host and no visitor column"):
        csv_table(f"{''.join(titles)}{HEADER}\n{ROW}\n")
    assert csv_table(f"{''.join(titles[:9])}{HEADER}\n{ROW}\n").rows == (11,)


def test_an_excel_section_label_merged_across_the_row(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["Completed exchanges"])
    sheet.merge_cells("A2:G2")
    sheet.append(ROW.split(","))
    sheet.append(["", "", "", "", "", "Total", "=SUM(G3:G3)"])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    table = read_exchanges_excel(path)
    assert table.rows == (3,)
    assert skipped(table) == {
        2: f"a section label ('Completed exchanges'){SKIPPED}",
        4: f"a totals row ('Total'){SKIPPED}",
    }
    assert {"total", "summe", "totaal", "sum"} <= TOTAL_LABELS


# --------------------------------------------------------------------------------------------
# columns=: a table's other headers
# --------------------------------------------------------------------------------------------

OWN_HEADER = "Nr.;Organisme hôte;Pays hôte;Genre hôte;Teilnehmer;Visitor country;Visitor kind"
OWN_ROW = "7;Flanders Make;BE;cluster;Wattwerk GmbH;DE;SME"
COLUMNS_FILE = (
    '[columns]\n"Nr." = "id"\n"Organisme hôte" = "host"\n"Pays hôte" = "host country"\n'
    '"Genre hôte" = "host_kind"\n"Teilnehmer" = "visitor"\n'
)


def test_columns_map_a_tables_other_headers(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text(f"{OWN_HEADER}\n{OWN_ROW}\n", encoding="utf-8")
    with pytest.raises(InvalidFileError, match="no host and no visitor column"):
        read_exchanges(path)
    columns = tmp_path / "columns.toml"
    columns.write_text(COLUMNS_FILE, encoding="utf-8")
    by_file = read_exchanges(path, columns=columns)
    mapping = {"NR": "id", "organisme hote": "host", "Pays hôte": "host_country",
               "Genre hôte": "host_kind", "Teilnehmer": "visitor"}  # fmt: skip
    by_mapping = read_exchanges(path, columns=mapping)
    assert by_file.errors == by_mapping.errors == ()
    assert by_file.exchanges == by_mapping.exchanges
    assert (by_file.exchanges[0].id, by_file.exchanges[0].visitor.name) == ("7", "Wattwerk GmbH")


def test_a_columns_file_is_a_migration_mapping(tmp_path: Path) -> None:
    columns = tmp_path / "columns.toml"
    columns.write_text(COLUMNS_FILE, encoding="utf-8")
    assert load_mapping(columns).columns["Teilnehmer"] == "visitor"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ('[columns]\n"Ort" = "town"\n', "$.columns.Ort",
         "'Ort' maps to 'town', which is not a column"),
        ('date_format = "%d.%m.%Y"\n[columns]\n"Gast" = "visitor"\n', "$.date_format",
         "belongs to a migration mapping"),
        ('[values]\n', "$.columns", "no [columns] table"),
    ],
)  # fmt: skip
def test_a_bad_columns_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    path = tmp_path / "own.csv"
    path.write_text(f"{OWN_HEADER}\n{OWN_ROW}\n", encoding="utf-8")
    columns = tmp_path / "columns.toml"
    columns.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFileError) as raised:
        read_exchanges(path, columns=columns)
    problem = next(p for p in raised.value.problems if p.path == where)
    assert problem.file == str(columns)
    assert words in problem.message


def test_columns_must_be_a_mapping_or_a_path(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="expected a mapping of header -> column"):
        read_exchanges(path, columns=3)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The command line: warnings also when the file fails, --columns
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "kpis"])
def test_the_warnings_that_explain_a_failure_come_before_it(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "own.csv"
    path.write_text(f"Report\n{OWN_HEADER}\n{OWN_ROW}\n", encoding="utf-8")
    out = io.StringIO()
    code = main([command, str(path)], out=out)
    err = capsys.readouterr().err.splitlines()
    assert (code, out.getvalue()) == (2, "")
    assert "Traceback" not in "\n".join(err)
    assert err[-1].startswith(f"clusterxchange: error: {path}: no host and no visitor column")
    assert "clusterxchange: warning: " + f"{path}, column Organisme hôte: unknown column " \
        "'Organisme hôte' ignored" in err  # fmt: skip


@pytest.mark.parametrize("command", ["check", "kpis"])
def test_the_columns_option(command: str, tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_text(f"{OWN_HEADER}\n{OWN_ROW}\n", encoding="utf-8")
    columns = tmp_path / "columns.toml"
    columns.write_text(COLUMNS_FILE, encoding="utf-8")
    out = io.StringIO()
    code = main([command, str(path), "--columns", str(columns), "--format", "json"], out=out)
    assert code in (0, 1)
    payload = json.loads(out.getvalue())
    assert payload["errors"] == []


def test_a_bad_columns_option_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "own.csv"
    path.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    columns = tmp_path / "columns.toml"
    columns.write_text('[columns]\n"Ort" = "town"\n', encoding="utf-8")
    assert main(["kpis", str(path), "--columns", str(columns)], out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{columns}, $.columns.Ort: 'Ort' maps to 'town'" in err


def test_kpis_with_some_unusable_rows_counts_the_others_and_reports_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        f"{HEADER},Status\n{ROW},Completed\n"
        "Flanders Make,BE,cluster,Aero Lda,Atlantis,SME,5,Completed\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    code = main(["kpis", str(path), "--format", "json"], out=out)
    err = capsys.readouterr().err.splitlines()
    payload = json.loads(out.getvalue())
    assert code == 0
    assert payload["completed"] == 1
    assert [(e["row"], e["column"]) for e in payload["errors"]] == [(3, "visitor_country")]
    (error,) = [line for line in err if line.startswith("clusterxchange: error: ")]
    assert error.startswith(f"clusterxchange: error: {path}, row 3, column visitor_country: ")
    assert "'Atlantis'" in error
    assert err[-1] == (
        "clusterxchange: warning: 1 of 2 rows left out as unusable (rows 3); the other 1 is read"
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("Start date (dd/mm/yyyy)", "End date (dd/mm/yyyy)"),
        ("Date de début (jj/mm/aaaa)", "Date de fin (jj/mm/aaaa)"),
        ("Beginn [TT.MM.JJJJ]", "Ende [TT.MM.JJ]"),
        ("Data di inizio (gg/mm/aaaa)", "Data di fine (format: gg/mm/aaaa)"),
        ("Start date (YYYY-MM-DD)", "End date (d.m.yyyy)"),
    ],
)
def test_a_template_header_with_its_date_format_is_the_date_column(start: str, end: str) -> None:
    table = csv_table(
        f"Host;Host country;Visitor;Visitor country;{start};{end}\n"
        "Flanders Make;BE;Wattwerk GmbH;DE;08/05/2023;12/05/2023\n"
    )
    assert table.errors == ()
    assert not [w for w in table.warnings if "unknown column" in w.message]
    (exchange,) = table.exchanges
    assert (exchange.start, exchange.end) == (dt.date(2023, 5, 8), dt.date(2023, 5, 12))


@pytest.mark.parametrize(
    ("start", "end", "declared"),
    [
        ("Start date (mm/dd/yyyy)", "End date (mm/dd/yyyy)", "Start date (mm/dd/yyyy)"),
        ("Start (MM/DD/YY)", "End", "Start (MM/DD/YY)"),
        ("Start", "End [mm/dd/yyyy]", "End [mm/dd/yyyy]"),
        ("Start date (YYYY-MM-DD)", "End date (mm/dd/yyyy)", "End date (mm/dd/yyyy)"),
    ],
)
def test_a_date_column_headed_month_first_reads_the_slashed_dates_month_first(
    start: str, end: str, declared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 05/08/2023 is 8 May to the sheet that says mm/dd/yyyy; every date of it reads both ways,
    # so only the header can say so. ISO dates stay as they are.
    path = tmp_path / "us.csv"
    path.write_text(
        f"Host,Host country,Visitor,Visitor country,{start},{end}\n"
        "Flanders Make,BE,Wattwerk GmbH,DE,05/08/2023,05/12/2023\n"
        "Flanders Make,BE,Aero Lda,PT,2023-06-05,06/09/2023\n"
    )
    table = read_exchanges(path)
    assert table.errors == ()
    assert [(e.start, e.end) for e in table.exchanges] == [
        (dt.date(2023, 5, 8), dt.date(2023, 5, 12)),
        (dt.date(2023, 6, 5), dt.date(2023, 6, 9)),
    ]
    assert table.warnings[0].message.startswith(
        f"slashed dates read month first, as the column {declared!r} says"
    )
    assert not [w for w in table.warnings if "unknown column" in w.message]
    assert main(["check", str(path), "--format", "json"]) in (0, 1)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "slashed dates read month first" in err


def test_a_date_that_reads_only_day_first_under_a_month_first_header_is_an_error() -> None:
    table = csv_table(
        "Host,Visitor,Start (mm/dd/yyyy),End (mm/dd/yyyy)\n"
        "Flanders Make,Wattwerk GmbH,17/03/2023,03/21/2023\n"
        "Flanders Make,Aero Lda,03/06/2023,03/10/2023\n"
    )
    assert [(p.row, p.column) for p in table.errors] == [(2, "start")]
    assert "'17/03/2023' is not a date that exists" in table.errors[0].message
    assert [(e.start, e.end) for e in table.exchanges] == [
        (dt.date(2023, 3, 6), dt.date(2023, 3, 10))
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("Start date (mm/dd/yyyy)", "End date (dd/mm/yyyy)"),
        ("Beginn (TT.MM.JJJJ)", "End (MM/DD/YY)"),
    ],
)
def test_date_columns_headed_in_both_orders_are_refused_not_misread(
    start: str, end: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(f"Host,Visitor,{start},{end}\nFlanders Make,Wattwerk GmbH,05/08/2023,x\n")
    assert main(["check", str(path)]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    month, day = (start, end) if "mm/dd" in start.casefold() else (end, start)
    assert error.startswith(f"clusterxchange: error: {path}: the column {month!r} says")
    assert f"and {day!r} says day first" in error


HINTS = "(name);(ISO code);(type);(name);(ISO code);(type);{start};{end}\n"
HINTED = "Host;Host country;Host type;Visitor;Visitor country;Visitor type;Start;End\n"


@pytest.mark.parametrize(
    ("start", "end", "dates"),
    [
        ("(dd/mm/yyyy)", "(dd/mm/yyyy)", (dt.date(2023, 8, 5), dt.date(2023, 12, 5))),
        ("(jj/mm/aaaa)", "", (dt.date(2023, 8, 5), dt.date(2023, 12, 5))),
        ("(mm/dd/yyyy)", "[MM/DD/YYYY]", (dt.date(2023, 5, 8), dt.date(2023, 5, 12))),
        ("(date)", "(date)", (dt.date(2023, 8, 5), dt.date(2023, 12, 5))),
    ],
)
def test_a_row_of_hints_under_the_header_is_part_of_it_not_an_exchange(
    start: str, end: str, dates: tuple[dt.date, dt.date]
) -> None:
    # Before, "(name)", "(ISO code)" under the names were read as a header over two rows:
    # "Host country / (ISO code)" named no column, and every country and kind was lost.
    table = csv_table(
        HINTED + HINTS.format(start=start, end=end)
        + "Hamburg Aviation;DE;Cluster organisation;Aero Lda;PT;SME;05/08/2023;05/12/2023\n"
    )  # fmt: skip
    assert table.errors == ()
    assert table.rows == (3,)
    (exchange,) = table.exchanges
    assert (exchange.host.country, exchange.visitor.country) == ("DE", "PT")
    assert exchange.visitor.kind == OrganisationKind.SME
    assert (exchange.start, exchange.end) == dates
    hint = next(p for p in table.warnings if "says what each column holds" in p.message)
    assert hint.row == 2
    assert hint.message.startswith("the row under the header says what each column holds ('(name)'")
    assert not [w for w in table.warnings if "unknown column" in w.message]


def test_a_row_of_hints_under_a_header_over_two_rows(tmp_path: Path) -> None:
    text = (
        "Host organisation,,Visiting organisation,,Dates,\n"
        "Name,Country,Name,Country,From,To\n"
        "(name),(ISO code),(name),(ISO code),(mm/dd/yyyy),(mm/dd/yyyy)\n"
        "Hamburg Aviation,DE,Aero Lda,PT,05/08/2023,05/12/2023\n"
    )
    table = csv_table(text)
    assert table.errors == ()
    assert table.rows == (4,)
    (exchange,) = table.exchanges
    assert (exchange.host.country, exchange.visitor.country) == ("DE", "PT")
    assert (exchange.start, exchange.end) == (dt.date(2023, 5, 8), dt.date(2023, 5, 12))
    hint = next(p for p in table.warnings if "says what each column holds" in p.message)
    assert hint.row == 3
    path = tmp_path / "t.csv"
    path.write_text(text)
    assert main(["ids", str(path), "--output", str(tmp_path / "out.csv")]) == 0
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[1] == "Name,Country,Name,Country,From,To,id"
    assert lines[2] == "(name),(ISO code),(name),(ISO code),(mm/dd/yyyy),(mm/dd/yyyy)"
    assert lines[3].startswith("Hamburg Aviation,DE,Aero Lda,PT,05/08/2023,05/12/2023,CXL-")


def test_hints_that_give_date_formats_in_both_orders_refuse_the_sheet() -> None:
    with pytest.raises(InvalidFileError, match=r"'End \(dd/mm/yyyy\)' says day first"):
        csv_table(
            HINTED + HINTS.format(start="(mm/dd/yyyy)", end="(dd/mm/yyyy)")
            + "Hamburg Aviation;DE;Cluster organisation;Aero Lda;PT;SME;05/08/2023;05/12/2023\n"
        )  # fmt: skip


def test_a_row_of_data_with_a_bracketed_cell_is_no_row_of_hints() -> None:
    table = csv_table(
        "Host;Host country;Visitor;Visitor country\nFraunhofer (IPK);(DE);Aero Lda;PT\n"
    )
    assert table.rows == (2,)
    assert not [w for w in table.warnings if "says what each column holds" in w.message]


def test_a_month_first_format_on_a_column_that_holds_no_dates_is_an_unknown_column() -> None:
    table = csv_table("Host,Visitor,Notes (mm/dd/yyyy)\nFlanders Make,Wattwerk GmbH,x\n")
    assert [w.message for w in table.warnings if "unknown" in w.message] == [
        "unknown column 'Notes (mm/dd/yyyy)' ignored"
    ]


def test_excels_sep_line_names_the_delimiter_and_is_no_row() -> None:
    # Excel writes and reads a first line "sep=;": the delimiter, whatever the header uses.
    # This header alone has as many commas as semicolons, and read with commas names no host.
    table = csv_table(
        "sep=;\r\nHost;Visitor;Notes, comments, other\r\n"
        "Flanders Make;Wattwerk GmbH;one, two, three\r\n"
    )
    assert table.errors == ()
    assert table.rows == (3,)
    assert [e.visitor.name for e in table.exchanges] == ["Wattwerk GmbH"]
    assert messages(table) == [
        "unknown column 'Notes, comments, other' ignored",
        "no mode column: every exchange taken as physical",
        "no status column: every exchange taken as registered",
    ]
