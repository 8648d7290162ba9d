"""The label tables: every label partnerships write reads as its canonical id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from clusterxchange.io import (
    COLUMNS,
    EXTRA_COLUMNS,
    KIND_LABELS,
    MODE_LABELS,
    RELATION_LABELS,
    STATUS_LABELS,
    ExchangeTable,
    canonical_column,
    parse_exchange_rows,
)
from clusterxchange.io._labels import (
    COLUMN_ALIASES,
    NO_CLUSTER_LABELS,
    NOT_RECORDED,
    WITHOUT_IT_TOOL_LABELS,
    fold_label,
)
from clusterxchange.model import Exchange, Mode, OrganisationKind, Relation, Status

BASE = {
    "host": "Hamburg Aviation", "host_country": "DE", "host_kind": "cluster_organisation",
    "visitor": "Aero Lda", "visitor_country": "PT", "visitor_kind": "sme",
}  # fmt: skip


def read(**cells: object) -> ExchangeTable:
    return parse_exchange_rows([{**BASE, **cells}], file="x.csv")


@pytest.mark.parametrize(("label", "kind"), sorted(KIND_LABELS.items()))
def test_every_kind_label(label: str, kind: OrganisationKind) -> None:
    table = read(visitor_kind=label.upper(), host_kind=f"  {label} ")
    assert table.errors == ()
    assert table.exchanges[0].visitor.kind is kind
    assert table.exchanges[0].host.kind is kind


@pytest.mark.parametrize(("label", "status"), sorted(STATUS_LABELS.items()))
def test_every_status_label(label: str, status: Status) -> None:
    assert read(status=label.title()).exchanges[0].status is status


@pytest.mark.parametrize(("label", "mode"), sorted(MODE_LABELS.items()))
def test_every_mode_label(label: str, mode: Mode) -> None:
    assert read(mode=label).exchanges[0].mode is mode


@pytest.mark.parametrize(("label", "relation"), sorted(RELATION_LABELS.items()))
def test_every_relation_label(label: str, relation: Relation) -> None:
    assert read(relation=label).exchanges[0].relation is relation


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Cluster Organisation", OrganisationKind.CLUSTER_ORGANISATION),
        ("business-network organisation", OrganisationKind.BUSINESS_NETWORK_ORGANISATION),
        ("SME", OrganisationKind.SME),
        ("Scaling-up support organisation", OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION),
        ("Digital Innovation Hub", OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION),
        ("Fab Lab", OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION),
        ("Incubator", OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION),
        ("Large Enterprise", OrganisationKind.LARGE_COMPANY),
        ("Public Authority", OrganisationKind.PUBLIC_AUTHORITY),
        ("training_provider", OrganisationKind.TRAINING_PROVIDER),
    ],
)
def test_kinds_as_reports_write_them(written: str, expected: OrganisationKind) -> None:
    assert read(visitor_kind=written).exchanges[0].visitor.kind is expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Completed", Status.COMPLETED),
        ("Completed, but without the IT tool", Status.COMPLETED),
        ("Waiting for Final Activity Report", Status.AWAITING_FINAL_REPORT),
        ("Cancelled", Status.CANCELLED),
        ("Canceled", Status.CANCELLED),
        ("Paid", Status.PAID),
        ("In progress", Status.IN_PROGRESS),
        ("in_progress", Status.IN_PROGRESS),
        ("Matched", Status.MATCHED),
        ("Registered", Status.REGISTERED),
        ("Draft", Status.DRAFT),
        ("Prepared", Status.PREPARED),
        ("Läuft", Status.IN_PROGRESS),
        ("in Durchführung", Status.IN_PROGRESS),
    ],
)
def test_statuses_as_reports_write_them(written: str, expected: Status) -> None:
    assert read(status=written).exchanges[0].status is expected


@pytest.mark.parametrize(
    ("column", "label"),
    [("visitor_kind", "university"), ("mode", "hybrid"), ("status", "pending"),
     ("relation", "partner"), ("host_kind", "company"), ("status", "In Bearbeitung"),
     ("status", "Offen"), ("visitor_kind", "Université"), ("visitor_kind", "Hochschule"),
     ("host_kind", "Entreprise"), ("mode", "Hybride"), ("mode", "híbrido"),
     ("status", "Réalisé"), ("status", "durchgeführt"), ("status", "Validé"),
     ("status", "en attente")],
)  # fmt: skip
def test_ambiguous_labels_are_refused_not_guessed(column: str, label: str) -> None:
    table = read(**{column: label})
    assert [(p.row, p.column) for p in table.errors] == [(2, column)]
    assert f"{label!r}" in table.errors[0].message
    assert "expected one of" in table.errors[0].message


@pytest.mark.parametrize(
    ("column", "written", "expected"),
    [
        ("visitor_kind", "SME (small and medium-sized enterprise)", OrganisationKind.SME),
        ("visitor_kind", "Large company (> 250 employees)", OrganisationKind.LARGE_COMPANY),
        ("host_kind", "Cluster organisation (CO)", OrganisationKind.CLUSTER_ORGANISATION),
        ("host_kind", "Public authority [region]", OrganisationKind.PUBLIC_AUTHORITY),
        ("status", "Completed (final report approved)", Status.COMPLETED),
        ("mode", "In person (physical)", Mode.PHYSICAL),
    ],
)
def test_a_drop_down_label_with_its_explanation_in_brackets(
    column: str, written: str, expected: object
) -> None:
    table = read(**{column: written})
    assert table.errors == ()
    exchange = table.exchanges[0]
    value = {
        "visitor_kind": exchange.visitor.kind,
        "host_kind": exchange.host.kind,
        "status": exchange.status,
        "mode": exchange.mode,
    }[column]
    assert value is expected
    assert [p.message for p in table.warnings if p.column == column] == [
        f"{written!r} read as {expected} on 1 row (2)"
    ]


@pytest.mark.parametrize(
    ("column", "written", "why"),
    [
        ("visitor_kind", "SME (large company)", "'SME' is sme and 'large company' is"),
        ("status", "Planned (cancelled)", "'Planned' is matched and 'cancelled' is cancelled"),
        ("host_kind", "Company (not SME)", "ambiguous organisation kind 'Company (not SME)'"),
        ("visitor_kind", "Robot (SME)", "unknown organisation kind 'Robot (SME)'"),
    ],
)
def test_brackets_that_name_another_label_are_refused(column: str, written: str, why: str) -> None:
    table = read(**{column: written})
    assert [(p.row, p.column) for p in table.errors] == [(2, column)]
    assert why in table.errors[0].message


def test_a_label_other_than_the_id_is_noted_once_with_its_rows() -> None:
    rows = [
        {
            **BASE,
            "visitor_kind": "Research institute",
            "status": "Waiting for Final Activity Report",
        }
    ] * 3
    table = parse_exchange_rows(rows)
    notes = {w.column: w for w in table.warnings if w.column in {"visitor_kind", "status"}}
    assert notes["visitor_kind"].message == (
        "'Research institute' read as scaling_up_support_organisation on 3 rows (2, 3, 4)"
    )
    assert notes["visitor_kind"].row == 2
    assert notes["status"].message.startswith("'Waiting for Final Activity Report' read as")


def test_a_case_change_of_the_id_is_not_noted() -> None:
    table = read(visitor_kind="SME", status="Completed", mode="PHYSICAL", relation="Inside")
    assert table.warnings == ()


def test_completed_without_the_it_tool_notes_the_missing_tool_id() -> None:
    assert fold_label("Completed, but without the IT tool") in WITHOUT_IT_TOOL_LABELS
    (note,) = [
        w
        for w in read(status="Completed, but without the IT tool").warnings
        if w.column == "status"
    ]
    assert note.message.endswith("run outside the official IT tool, so it has no IT-tool ID")


def test_label_tables_are_folded_and_point_to_members() -> None:
    for table in (KIND_LABELS, STATUS_LABELS, MODE_LABELS, RELATION_LABELS):
        assert all(fold_label(key) == key for key in table)
    assert set(KIND_LABELS.values()) == set(OrganisationKind)
    assert set(STATUS_LABELS.values()) == set(Status)
    assert set(MODE_LABELS.values()) == set(Mode)
    assert set(RELATION_LABELS.values()) == set(Relation)
    assert NO_CLUSTER_LABELS.isdisjoint(NOT_RECORDED)


def test_every_column_and_alias_is_canonical() -> None:
    assert len(set(COLUMNS) | set(EXTRA_COLUMNS)) == len(COLUMNS) + len(EXTRA_COLUMNS)
    assert all(canonical_column(column) == column for column in (*COLUMNS, *EXTRA_COLUMNS))
    assert set(COLUMN_ALIASES.values()) <= set(COLUMNS) | set(EXTRA_COLUMNS)
    for alias, column in COLUMN_ALIASES.items():
        assert canonical_column(alias.replace("_", " ").title()) == column


@pytest.mark.parametrize(
    ("header", "column"),
    [("Host country", "host_country"), ("HOST_COUNTRY", "host_country"),
     (" host - country ", "host_country"), ("\ufeffhost", "host"), ("Visitor PIC", "visitor_pic"),
     ("HOP", "host_partnership"), ("Last day", "end"), ("Comments", "remarks")],
)  # fmt: skip
def test_canonical_column(header: str, column: str) -> None:
    assert canonical_column(header) == column


def test_a_french_coordinators_words_read_as_the_english_ones() -> None:
    # The words of a French sheet: each reads as its English equivalent does, with the note
    # that a label was read as an id; the ambiguous ones are errors listing the readings.
    cases = [
        ({"host_kind": "Chambre de commerce"}, "host_kind",
         OrganisationKind.BUSINESS_NETWORK_ORGANISATION),
        ({"visitor_kind": "Centre de recherche"}, "visitor_kind",
         OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION),
        ({"visitor_kind": "ETI"}, "visitor_kind", OrganisationKind.LARGE_COMPANY),
        ({"mode": "Présentiel"}, "mode", Mode.PHYSICAL),
        ({"mode": "En ligne"}, "mode", Mode.VIRTUAL),
        ({"mode": "vor Ort"}, "mode", Mode.PHYSICAL),
        ({"status": "En attente du rapport final"}, "status", Status.AWAITING_FINAL_REPORT),
        ({"status": "Rapport final validé"}, "status", Status.COMPLETED),
    ]  # fmt: skip
    for cells, column, expected in cases:
        table = read(**cells)
        assert table.errors == (), cells
        (exchange,) = table.exchanges
        side, _, field = column.partition("_")
        value = getattr(getattr(exchange, side), field) if field else getattr(exchange, column)
        assert value is expected, cells
        assert any(w.column == column and "read as" in w.message for w in table.warnings), cells


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("visitor_pic", lambda e: e.visitor.pic),
        ("visitor_country", lambda e: e.visitor.country),
        ("host_kind", lambda e: e.host.kind),
        ("distance_km", lambda e: e.distance_km),
        ("start", lambda e: e.start),
        ("working_days", lambda e: e.working_days),
    ],
)
@pytest.mark.parametrize("marker", ["N/A", "n.a.", "-", "?", "unknown", "k.A.", "TBD"])
def test_a_not_recorded_marker_is_a_blank_cell_with_a_warning(
    column: str, field: Callable[[Exchange], object], marker: str
) -> None:
    table = read(**{column: marker})
    assert table.errors == ()
    assert field(table.exchanges[0]) is None
    assert [p.message for p in table.warnings if p.column == column] == [
        f"{marker!r} read as not recorded, as a blank cell is, on 1 row (2)"
    ]


def test_a_not_recorded_marker_is_never_a_name() -> None:
    # "N/A" as the visitor is what the sheet names it: the rules say what is missing.
    assert read(visitor="N/A").exchanges[0].visitor.name == "N/A"


@pytest.mark.parametrize(
    ("column", "written", "field", "expected"),
    [
        ("visitor_kind", "S.M.E.", lambda e: e.visitor.kind, OrganisationKind.SME),
        ("status", "Completed ✓", lambda e: e.status, Status.COMPLETED),
        ("status", "✅ Paid", lambda e: e.status, Status.PAID),
        ("visitor_pic", "PIC: 949123456", lambda e: e.visitor.pic, "949123456"),
        ("visitor_pic", "PIC 949 123 456", lambda e: e.visitor.pic, "949123456"),
        ("start", "06.03.2023.", lambda e: e.start, dt.date(2023, 3, 6)),
        ("start", "6. 3. 2023.", lambda e: e.start, dt.date(2023, 3, 6)),
    ],
)
def test_cells_as_sheets_decorate_them(
    column: str, written: str, field: Callable[[Exchange], object], expected: object
) -> None:
    table = read(**{column: written})
    assert table.errors == ()
    assert field(table.exchanges[0]) == expected
