"""Migration from another tool's export: every record imported, changed or refused; none lost."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange import InvalidFileError, InvalidValueError, Status
from clusterxchange.io.migration import (
    ColumnMapping,
    MigrationReport,
    load_mapping,
    migrate,
    parse_mapping,
)
from clusterxchange.lifecycle.ids import is_local_id

MAPPING = """\
date_format = "%d.%m.%Y"

[columns]
Gastorganisation = "visitor"
"Land Gast" = "visitor_country"
"Art Gast" = "visitor_kind"
Gastgeber = "host"
"Land Gastgeber" = "host_country"
"Art Gastgeber" = "host_kind"
Beginn = "start"
Ende = "end"
Status = "status"
"EU-ID" = "id"
Notiz = "remarks"

[values.visitor_kind]
KMU = "SME"

[values.host_kind]
Clusterorganisation = "cluster_organisation"

[values.status]
Abgeschlossen = "completed"
offen = "registered"
Storniert = "cancelled"
"Warten auf Abschlussbericht" = "Waiting for Final Activity Report"
"""

HEADER = (
    "Nr;Gastorganisation;Land Gast;Art Gast;Gastgeber;Land Gastgeber;Art Gastgeber;Beginn;Ende;"
    "Status;EU-ID;Notiz"
)
ROWS = [
    "1;Aero Lda;Portugal;KMU;Hamburg Aviation;DE;Clusterorganisation;06.03.2023;17.03.2023;"
    "Abgeschlossen;;",
    "2;Baltic Robotics;EE;KMU;Hamburg Aviation;DE;Clusterorganisation;2023-03-06;10.03.2023;"
    "Abgeschlossen;;",
    "3;;PT;KMU;Hamburg Aviation;DE;Clusterorganisation;06.03.2023;10.03.2023;OFFEN;;no visitor",
    ";;;;;;;;;;;",
    "4;Torino Avio;IT;sme;Hamburg Aviation;Atlantis;Clusterorganisation;06.03.2023;10.03.2023;"
    "Storniert;;",
    "5;Torino Avio;IT;sme;Hamburg Aviation;DE;cluster_organisation;06.03.2023;10.03.2023;"
    "Warten auf Abschlussbericht;EG927FA8;",
    "6;Lyon Truck;FR;sme;Hamburg Aviation;DE;Clusterorganisation;06.03.2023;10.03.2023;"
    "completed;;a;b;c",
]
EXPORT = "\n".join([HEADER, *ROWS]) + "\n"


def files(tmp_path: Path, export: str = EXPORT, mapping: str = MAPPING) -> tuple[Path, Path]:
    source, rules = tmp_path / "export.csv", tmp_path / "mapping.toml"
    source.write_text(export, encoding="utf-8")
    rules.write_text(mapping, encoding="utf-8")
    return source, rules


@pytest.fixture
def report(tmp_path: Path) -> MigrationReport:
    return migrate(*files(tmp_path))


# --- the worked example ------------------------------------------------------------------------


def test_none_lost(report: MigrationReport) -> None:
    assert report.records_read == 6  # the blank row is skipped with a warning
    assert [r.row for r in report.imported] == [2, 7]
    assert [r.row for r in report.refused] == [3, 4, 6, 8]
    assert len(report.imported) + len(report.refused) == report.records_read


def test_each_bad_row_is_reported_with_its_column_and_reason(report: MigrationReport) -> None:
    found = [(r.row, [(p.row, p.column, p.message) for p in r.problems]) for r in report.refused]
    assert found[0] == (
        3,
        [(3, "start", "'2023-03-06' does not match the mapping's date format '%d.%m.%Y'")],
    )
    assert found[1][1][0][:2] == (4, "visitor")
    assert found[2][1][0][:2] == (6, "host_country")
    assert "Atlantis" in found[2][1][0][2]
    assert found[3] == (
        8,
        [(8, None, "14 cells but the header names 12 columns: a cell with an unquoted delimiter?")],
    )
    assert all(p.file and p.file.endswith("export.csv") for r in report.refused for p in r.problems)


def test_changes_are_listed_per_record(report: MigrationReport) -> None:
    first, second = report.imported
    assert first.exchange.visitor.country == "PT"
    assert first.exchange.status is Status.COMPLETED
    assert first.exchange.start == dt.date(2023, 3, 6)
    assert first.changes == (
        "visitor_kind: value 'KMU' mapped to 'SME'",
        "host_kind: value 'Clusterorganisation' mapped to 'cluster_organisation'",
        "start: '06.03.2023' read as 2023-03-06",
        "end: '17.03.2023' read as 2023-03-17",
        "status: value 'Abgeschlossen' mapped to 'completed'",
        "visitor_kind: 'SME' read as sme",
        "visitor_country: 'Portugal' read as PT",
        f"local ID assigned: {first.exchange.id}",
    )
    assert is_local_id(first.exchange.id)
    assert second.exchange.id == "EG927FA8"
    assert second.exchange.status is Status.AWAITING_FINAL_REPORT
    assert not any(c.startswith("local ID") for c in second.changes)
    assert report.changed == report.imported
    assert report.exchanges() == (first.exchange, second.exchange)


def test_file_level_warnings(report: MigrationReport) -> None:
    messages = [w.message for w in report.warnings]
    assert "column 'Nr' is not mapped: ignored" in messages
    assert "blank row skipped" in messages


def test_the_report_as_a_table(report: MigrationReport) -> None:
    rows = report.rows()
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    assert {row[1] for row in rows} == {"changed", "refused"}
    out = io.StringIO()
    report.write(out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "row,outcome,id,column,message"
    assert len(lines) == 1 + len(rows)


def test_an_unchanged_record_is_imported_with_one_report_row(tmp_path: Path) -> None:
    export = "host;host_country;host_kind;visitor;visitor_country;visitor_kind;id\n"
    export += "Hamburg Aviation;DE;cluster_organisation;Aero;PT;sme;EG927FA8\n"
    mapping = "[columns]\n" + "".join(f'{c} = "{c}"\n' for c in export.splitlines()[0].split(";"))
    result = migrate(*files(tmp_path, export, mapping))
    assert result.imported[0].changes == ()
    assert result.rows() == [[2, "imported", "EG927FA8", None, ""]]


def test_the_report_is_spreadsheet_safe(tmp_path: Path) -> None:
    export = "Host;HC;HK;Visitor;VC;VK\n=cmd|' /C calc'!A0;DE;cluster_organisation;V;PT;sme\n"
    mapping = (
        '[columns]\nHost = "host"\nHC = "host_country"\nHK = "host_kind"\n'
        'Visitor = "visitor"\nVC = "visitor_country"\nVK = "visitor_kind"\n'
        '[values.host]\n"=cmd|\' /C calc\'!A0" = "=HYPERLINK(1)"\n'
    )
    result = migrate(*files(tmp_path, export, mapping))
    out = io.StringIO()
    result.write(out)
    for line in out.getvalue().splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@"))


def test_a_mapping_given_as_an_object_and_other_delimiters(tmp_path: Path) -> None:
    rules = ColumnMapping(
        columns={"H": "host", "HC": "host_country", "HK": "host_kind", "V": "visitor",
                 "VC": "visitor_country", "VK": "visitor_kind"},
        delimiter="|",
    )  # fmt: skip
    source = tmp_path / "pipe.csv"
    source.write_text("H|HC|HK|V|VC|VK\nHost|DE|cluster|Aero|PT|SME\n", encoding="utf-8")
    assert len(migrate(source, rules).imported) == 1
    source.write_text("H\tHC\tHK\tV\tVC\tVK\nHost\tDE\tcluster\tAero\tPT\tSME\n", encoding="utf-8")
    assert len(migrate(source, ColumnMapping(columns=rules.columns)).imported) == 1


def test_an_encoding_named_in_the_mapping(tmp_path: Path) -> None:
    source, rules = files(
        tmp_path,
        "H;HC;HK;V;VC;VK\nMünchen Cluster;DE;cluster;Açores Lda;PT;SME\n",
        'encoding = "cp1252"\n[columns]\nH = "host"\nHC = "host_country"\nHK = "host_kind"\n'
        'V = "visitor"\nVC = "visitor_country"\nVK = "visitor_kind"\n',
    )
    source.write_bytes(source.read_text(encoding="utf-8").encode("cp1252"))
    (record,) = migrate(source, rules).imported
    assert record.exchange.visitor.name == "Açores Lda"
    with pytest.raises(InvalidFileError, match="set the encoding in the mapping"):
        migrate(source, ColumnMapping(columns=load_mapping(rules).columns))


def test_a_mapped_optional_column_missing_from_the_export_is_a_warning(tmp_path: Path) -> None:
    mapping = MAPPING + '\n[values.mode]\nvirtuell = "virtual"\n'
    mapping = mapping.replace('Notiz = "remarks"', 'Notiz = "remarks"\nModus = "mode"')
    result = migrate(*files(tmp_path, mapping=mapping))
    assert "no column 'Modus' (mapped to mode) in the header: nothing read for it" in [
        w.message for w in result.warnings
    ]


def test_short_rows_read_their_missing_cells_as_blank(tmp_path: Path) -> None:
    export = "H;HC;HK;V;VC;VK;Rel;R\nHost;DE;cluster;Aero;PT;SME;Outside\n"
    mapping = (
        '[columns]\nH = "host"\nHC = "host_country"\nHK = "host_kind"\nV = "visitor"\n'
        'VC = "visitor_country"\nVK = "visitor_kind"\nR = "remarks"\nRel = "relation"\n'
    )
    (record,) = migrate(*files(tmp_path, export, mapping)).imported
    assert record.exchange.remarks is None
    assert "relation: 'Outside' read as outside" in record.changes


# --- unusable files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("colour = 1\n[columns]\nH = 'host'\nV = 'visitor'\n", "unknown key 'colour'"),
        ("date_format = '%d.%m.%Y'\n", "no [columns] table"),
        ("[columns]\nH = 'host'\nV = 'guest'\n", "'V' maps to 'guest', which is not a column"),
        (
            "[columns]\nH = 'host'\nV = 'visitor'\nW = 'Visitor'\n",
            "'V' and 'W' both map to visitor",
        ),
        ("[columns]\nH = 'host'\n", "no column maps to visitor"),
        ("values = 1\n[columns]\nH = 'host'\nV = 'visitor'\n", "[values] must hold one table"),
        ("[columns]\nH = 'host'\nV = 'visitor'\n[values]\nguest = {a = 'b'}\n", "[values.guest]"),
        ("[columns]\nH = 'host'\nV = 'visitor'\n[values.status]\na = 1\n", "'a' maps to 1"),
        ("date_format = 'dd.mm'\n[columns]\nH = 'host'\nV = 'visitor'\n", "formats no date"),
        ("delimiter = ';;'\n[columns]\nH = 'host'\nV = 'visitor'\n", "expected one character"),
        ("encoding = 'klingon'\n[columns]\nH = 'host'\nV = 'visitor'\n", "unknown encoding"),
        ("[columns\n", "not valid TOML"),
    ],
)
def test_malformed_mappings(tmp_path: Path, mapping: str, message: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(mapping, encoding="utf-8")
    with pytest.raises(InvalidFileError) as info:
        load_mapping(path)
    assert any(message in p.message for p in info.value.problems), info.value.problems
    assert all(p.file == str(path) for p in info.value.problems)


def test_every_problem_of_a_mapping_is_listed() -> None:
    with pytest.raises(InvalidFileError) as info:
        parse_mapping({"colour": 1, "columns": {"V": "guest"}, "delimiter": 5})
    assert len(info.value.problems) == 5  # key, target, no host, no visitor, delimiter


def test_missing_or_unreadable_files(tmp_path: Path) -> None:
    source, rules = files(tmp_path)
    with pytest.raises(InvalidFileError, match="no such file"):
        load_mapping(tmp_path / "none.toml")
    with pytest.raises(InvalidFileError, match="cannot read"):
        load_mapping(tmp_path)
    with pytest.raises(InvalidFileError, match="no such file"):
        migrate(tmp_path / "none.csv", rules)
    with pytest.raises(InvalidFileError, match="cannot read"):
        migrate(tmp_path, rules)
    source.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InvalidFileError, match="not utf-8-sig text"):
        migrate(source, rules)
    source.write_text("", encoding="utf-8")
    with pytest.raises(InvalidFileError, match="empty"):
        migrate(source, rules)
    source.write_text('host,visitor\nH,"V\n', encoding="utf-8")
    with pytest.raises(InvalidFileError, match="not a readable CSV table"):
        migrate(source, ColumnMapping(columns={"host": "host", "visitor": "visitor"}))


def test_an_export_without_the_mapped_host_column(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError) as info:
        migrate(*files(tmp_path, EXPORT.replace("Gastgeber;", "Host;", 1)))
    (problem,) = info.value.problems
    assert problem.row == 1
    assert problem.message == "no column 'Gastgeber' (mapped to host) in the header"


def test_an_export_naming_a_mapped_column_twice(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="names 'Beginn' twice"):
        migrate(*files(tmp_path, EXPORT.replace("Ende", "Beginn", 1)))


# --- property: a table with some bad rows loses none ---------------------------------------------

GOOD = ["Hamburg Aviation", "DE", "cluster", "Aero Lda", "PT", "SME", "06.03.2023", "10.03.2023"]
BREAKAGES = {
    "country": (4, "Atlantis"),
    "kind": (5, "startup-ish"),
    "date": (6, "2023-03-06"),
    "host": (0, ""),
    "end": (7, "31.02.2023"),
}
SIMPLE_MAPPING = (
    'date_format = "%d.%m.%Y"\n[columns]\nH = "host"\nHC = "host_country"\nHK = "host_kind"\n'
    'V = "visitor"\nVC = "visitor_country"\nVK = "visitor_kind"\nS = "start"\nE = "end"\n'
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.none() | st.sampled_from(sorted(BREAKAGES)), min_size=1, max_size=12))
def test_bad_rows_are_reported_one_by_one_and_none_is_lost(
    tmp_path: Path, plan: list[str | None]
) -> None:
    lines = ["H;HC;HK;V;VC;VK;S;E"]
    for index, breakage in enumerate(plan):
        cells = list(GOOD)
        cells[3] = f"Visitor {index}"
        if breakage is not None:
            position, value = BREAKAGES[breakage]
            cells[position] = value
        lines.append(";".join(cells))
    result = migrate(*files(tmp_path, "\n".join(lines) + "\n", SIMPLE_MAPPING))
    assert result.records_read == len(plan)
    assert len(result.imported) + len(result.refused) == len(plan)
    assert [r.row for r in result.refused] == [i + 2 for i, b in enumerate(plan) if b is not None]
    assert [r.row for r in result.imported] == [i + 2 for i, b in enumerate(plan) if b is None]
    for refused in result.refused:
        assert refused.problems
        assert all(p.row == refused.row and p.column for p in refused.problems)
    assert len({r.exchange.id for r in result.imported}) == len(result.imported)


def test_junk_paths_are_refused_cleanly(tmp_path: Path) -> None:
    _, rules = files(tmp_path)
    with pytest.raises(InvalidValueError, match="expected a path to the export"):
        migrate(None, rules)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="expected a path to a mapping file"):
        load_mapping(42)  # type: ignore[arg-type]
