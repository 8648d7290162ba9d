"""The organisation directory: a partnership file fills what a sparse sheet leaves blank."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.eligibility import check_dataset
from clusterxchange.examples import example_partnership, example_path
from clusterxchange.io import (
    ExchangeTable,
    fill_from_directory,
    load_partnership,
    parse_exchange_rows,
    parse_partnership,
    read_exchanges,
    read_exchanges_csv,
)
from clusterxchange.kpi import kpis
from clusterxchange.model import (
    ClusterRef,
    Exchange,
    Location,
    Organisation,
    OrganisationKind,
    Partnership,
)
from clusterxchange.model.errors import InvalidFileError, InvalidRecordError, InvalidValueError
from clusterxchange.reports.budgets import budget

# A partnership file as a coordinator keeps it: two clusters, their members, PICs and places.
DIRECTORY = """\
name = "NORDSEA"
generation = "cxc2"

[[clusters]]
name = "Skovlund Wind Cluster"
country = "DK"
pic = "911000101"
eccp_profiled = true
location = { latitude = 55.4765, longitude = 8.4594 }
members = [
  { name = "Vestkyst Blade Service ApS", country = "DK", kind = "sme", pic = "912100011", \
location = { latitude = 55.51, longitude = 8.58 } },
  { name = "Ribe Offshore Lab", country = "DK", kind = "Research institute", \
location = { latitude = 55.328, longitude = 8.761 } },
]

[[clusters]]
name = "Costa Serena Ocean Cluster"
country = "PT"
pic = "911000303"
eccp_profiled = true
location = { latitude = 38.7223, longitude = -9.1393 }
members = [
  { name = "Maré Viva Robotics Lda", country = "PT", kind = "sme", pic = "912300011", \
location = { latitude = 38.74, longitude = -9.15 } },
  { name = "Vestkyst Blade Service ApS", country = "DK", kind = "sme", pic = "912100011" },
]
"""

# The sheet names hosts and visitors, and the dates: nothing else.
SPARSE = """\
Host organisation,Visiting organisation,Start date,End date,Status
Skovlund Wind Cluster,MARÉ VIVA ROBOTICS,2023-05-08,2023-05-12,completed
Costa Serena Ocean Cluster,"Vestkyst Blade Service, ApS.",2023-06-05,2023-06-09,completed
Skovlund Wind Cluster,Maré Viva Robotics Lda,2023-09-04,2023-09-08,completed
"""


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    path = tmp_path / "nordsea.toml"
    path.write_text(DIRECTORY, encoding="utf-8")
    return path


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "ours.csv"
    path.write_text(SPARSE, encoding="utf-8")
    return path


def csv(text: str) -> ExchangeTable:
    return read_exchanges_csv(io.StringIO(text), file="ours.csv")


# -- worked examples ----------------------------------------------------------------------------


def test_a_sparse_sheet_is_filled_and_decided(sheet: Path, directory: Path) -> None:
    table = read_exchanges(sheet, directory=directory)
    first = table.exchanges[0]
    assert first.visitor.name == "MARÉ VIVA ROBOTICS"  # the sheet's name, as written
    assert (first.visitor.country, first.visitor.kind, first.visitor.pic) == (
        "PT",
        OrganisationKind.SME,
        "912300011",
    )
    assert first.visitor.clusters == (
        ClusterRef(name="Costa Serena Ocean Cluster", eccp_profiled=True),
    )
    assert first.visitor.location == Location(latitude=38.74, longitude=-9.15)
    assert first.host.kind is OrganisationKind.CLUSTER_ORGANISATION
    # Listed under both clusters: a member of both.
    assert [ref.name for ref in table.exchanges[1].visitor.clusters or ()] == [
        "Skovlund Wind Cluster",
        "Costa Serena Ocean Cluster",
    ]
    verdict = check_dataset(table.exchanges)
    # Maré Viva visits twice in cxc2: the directory told its PIC, so visitor_once sees it.
    assert [f.rule for f in verdict.findings] == ["visitor_once"]
    assert [v.eligible for v in verdict.verdicts] == [True, True, False]
    # The distance comes from the directory's locations: over 200 km, the full lump sum of
    # each host country (Denmark €1,100.00, Portugal €780.00).
    lines = budget(table.exchanges[:2], "cxc2").lines
    assert [line.amount for line in lines] == [Decimal("1100.00"), Decimal("780.00")]
    assert [line.lump_sum.distance_source for line in lines if line.lump_sum] == ["computed"] * 2
    assert kpis(table.exchanges).completed == 3


def test_what_the_directory_filled_is_reported(sheet: Path, directory: Path) -> None:
    table = read_exchanges(sheet, directory=directory)
    messages = [p.message for p in table.warnings if p.message.startswith("directory:")]
    assert messages == [
        "directory: filled country, kind, PIC, clusters and location of 5 organisations on 3 rows",
        "directory: Skovlund Wind Cluster: filled country DK, kind cluster_organisation, PIC "
        "911000101, clusters Skovlund Wind Cluster, location 55.4765, 8.4594 (rows 2, 4)",
        "directory: MARÉ VIVA ROBOTICS: filled country PT, kind sme, PIC 912300011, clusters "
        "Costa Serena Ocean Cluster, location 38.74, -9.15 (row 2)",
        "directory: Costa Serena Ocean Cluster: filled country PT, kind cluster_organisation, "
        "PIC 911000303, clusters Costa Serena Ocean Cluster, location 38.7223, -9.1393 (row 3)",
        "directory: Vestkyst Blade Service, ApS.: filled country DK, kind sme, PIC 912100011, "
        "clusters Skovlund Wind Cluster; Costa Serena Ocean Cluster, location 55.51, 8.58 "
        "(row 3)",
        "directory: Maré Viva Robotics Lda: filled country PT, kind sme, PIC 912300011, clusters "
        "Costa Serena Ocean Cluster, location 38.74, -9.15 (row 4)",
    ]
    assert [p.row for p in table.warnings if p.message.startswith("directory:")] == [
        None, 2, 2, 3, 3, 4,
    ]  # fmt: skip


def test_a_pic_matches_whatever_the_name() -> None:
    table = csv(
        "host,visitor,visitor_pic\nSkovlund Wind Cluster,Robotics company (Lisbon),912300011\n"
    )
    visitor = fill_from_directory(table, parse_partnership_text()).exchanges[0].visitor
    assert (visitor.name, visitor.country, visitor.kind) == (
        "Robotics company (Lisbon)",
        "PT",
        OrganisationKind.SME,
    )


def test_a_value_the_sheet_gives_is_kept_and_a_disagreement_named() -> None:
    table = csv(
        "host,visitor,visitor_country,visitor_kind,visitor_pic\n"
        "Skovlund Wind Cluster,Vestkyst Blade Service ApS,DE,large company,912100011\n"
    )
    filled = fill_from_directory(table, parse_partnership_text())
    visitor = filled.exchanges[0].visitor
    assert (visitor.country, visitor.kind) == ("DE", OrganisationKind.LARGE_COMPANY)
    assert visitor.location == Location(latitude=55.51, longitude=8.58)  # the blank is filled
    assert [str(p) for p in filled.warnings if "the sheet gives" in p.message] == [
        "ours.csv, row 2: directory: Vestkyst Blade Service ApS: the sheet gives country DE, the "
        "directory DK; the sheet's value is kept (row 2)",
        "ours.csv, row 2: directory: Vestkyst Blade Service ApS: the sheet gives kind "
        "large_company, the directory sme; the sheet's value is kept (row 2)",
    ]


def test_a_name_known_in_another_country_is_not_filled() -> None:
    table = csv("host,visitor,visitor_country\nSkovlund Wind Cluster,Ribe Offshore Lab,DE\n")
    filled = fill_from_directory(table, parse_partnership_text())
    assert filled.exchanges[0].visitor.kind is None
    assert [p.message for p in filled.warnings if "Ribe" in p.message] == [
        "directory: Ribe Offshore Lab: not filled: the sheet says DE, the directory knows it in "
        "DK (row 2)"
    ]


def test_a_name_with_another_pic_is_not_filled() -> None:
    table = csv("host,visitor,visitor_pic\nSkovlund Wind Cluster,Maré Viva Robotics,949000000\n")
    filled = fill_from_directory(table, parse_partnership_text())
    assert filled.exchanges[0].visitor.country is None
    assert (
        "directory: Maré Viva Robotics: not filled: the directory gives that name the PIC "
        "912300011, the sheet 949000000 (row 2)"
    ) in [p.message for p in filled.warnings]


def test_no_cluster_on_the_sheet_is_kept() -> None:
    table = csv("host,visitor,visitor_clusters\nSkovlund Wind Cluster,Ribe Offshore Lab,none\n")
    visitor = fill_from_directory(table, parse_partnership_text()).exchanges[0].visitor
    assert visitor.clusters == ()
    assert visitor.kind is OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION


def test_names_the_directory_does_not_know_are_listed_once() -> None:
    table = csv(
        "host,visitor,visitor_country,visitor_kind\n"
        "Skovlund Wind Cluster,Aero Lda,PT,SME\n"
        "Skovlund Wind Cluster,Aero Lda,PT,SME\n"
        "Lyon Urban Truck,Ribe Offshore Lab,,\n"
    )
    filled = fill_from_directory(table, parse_partnership_text())
    unknown = [p.message for p in filled.warnings if "not in the directory" in p.message]
    assert unknown == [
        "directory: 2 organisations not in the directory, left as written: Aero Lda (rows 2, 3); "
        "Lyon Urban Truck (row 4)"
    ]
    assert filled.exchanges[0].visitor.clusters is None


def test_entries_that_disagree_fill_only_what_they_agree_on() -> None:
    partnership = parse_partnership(
        {
            "name": "TWO",
            "clusters": [
                {"name": "A", "members": [{"name": "Nordic Sensors AB", "country": "SE",
                                           "kind": "sme"}]},
                {"name": "B", "members": [{"name": "Nordic Sensors Oy", "country": "FI",
                                           "kind": "sme"}]},
            ],
        }
    )  # fmt: skip
    table = csv("host,visitor\nSkovlund Wind Cluster,Nordic Sensors\n")
    filled = fill_from_directory(table, partnership)
    visitor = filled.exchanges[0].visitor
    assert (visitor.country, visitor.kind) == (None, OrganisationKind.SME)
    assert (
        "directory: Nordic Sensors: partly filled: the directory lists it more than once, with "
        "different country (row 2)"
    ) in [p.message for p in filled.warnings]


def test_the_unnamed_visitors_of_a_group_row_are_filled_like_the_named_one() -> None:
    table = csv(
        "host,visitor,Number of visitors,start,end\n"
        "Skovlund Wind Cluster,Maré Viva Robotics,3,2023-05-08,2023-05-12\n"
    )
    filled = fill_from_directory(table, parse_partnership_text())
    visitors = [e.visitor for e in filled.exchanges]
    assert [(v.country, v.kind, v.pic) for v in visitors] == [
        ("PT", OrganisationKind.SME, "912300011"),
        ("PT", OrganisationKind.SME, None),
        ("PT", OrganisationKind.SME, None),
    ]
    assert [v.name for v in visitors][1:] == [
        "Maré Viva Robotics (visitor 2 of 3, row 2)",
        "Maré Viva Robotics (visitor 3 of 3, row 2)",
    ]
    assert check_dataset(filled.exchanges).findings == ()
    assert kpis(filled.exchanges).completed + kpis(filled.exchanges).other == 3


def test_the_example_partnership_is_read_by_the_same_loader() -> None:
    assert load_partnership(example_path("tideway-partnership.toml")) == example_partnership()


# -- the partnership file: problems -------------------------------------------------------------


def parse_partnership_text(text: str = DIRECTORY) -> Partnership:
    import tomllib

    return parse_partnership(tomllib.loads(text), file="nordsea.toml")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"clusters": []}, ["nordsea.toml, name: expected the partnership's name"]),
        (
            {"name": "X", "clusters": [{"name": "C", "members": [{"name": "M", "kind": "uni"}]}]},
            ["nordsea.toml, clusters[0].members[0].kind: unknown organisation kind 'uni'"],
        ),
        (
            {"name": "X", "clusters": [{"name": "C", "members": [{"name": "M", "pic": "12"}]}]},
            ["nordsea.toml, clusters[0].members[0]: a PIC is 9 digits, got '12'"],
        ),
        (
            {"name": "X", "clusters": [{"name": "C", "members": [{"country": "DK"}]}]},
            ["nordsea.toml, clusters[0].members[0].name: every organisation needs a name"],
        ),
        (
            {"name": "X", "clusters": [{"name": "C", "members": [{"name": "M", "email": "@"}]}]},
            ["nordsea.toml, clusters[0].members[0].email: unknown key: expected one of country"],
        ),
        (
            {"name": "X", "clusters": [{"name": "C", "eccp_profiled": "yes"}]},
            ["nordsea.toml, clusters[0].eccp_profiled: expected true or false, found 'yes'"],
        ),
        (
            {"name": "X", "clusters": [{"name": "C", "location": {"latitude": 95}}]},
            ["nordsea.toml, clusters[0].location: expected both latitude and longitude"],
        ),
        ({"name": "X", "clusters": {"name": "C"}}, ["nordsea.toml, clusters: expected a list"]),
    ],
)
def test_every_problem_of_the_file_names_where_it_is(
    document: dict[str, object], expected: list[str]
) -> None:
    with pytest.raises(InvalidRecordError) as caught:
        parse_partnership(document, file="nordsea.toml")
    found = [str(p) for p in caught.value.problems]
    assert len(found) == len(expected)
    assert all(f.startswith(e) for f, e in zip(found, expected, strict=True)), found


def test_a_file_that_cannot_be_read_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match=r"missing\.toml: no such file"):
        load_partnership(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(InvalidFileError, match=r"bad\.toml: not valid TOML"):
        load_partnership(bad)
    bad.write_bytes(b'name = "\xff"\n')
    with pytest.raises(InvalidFileError, match=r"bad\.toml: not UTF-8 text"):
        load_partnership(bad)
    with pytest.raises(InvalidValueError, match="expected a path to a partnership file"):
        load_partnership(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="expected an ExchangeTable"):
        fill_from_directory([], example_partnership())  # type: ignore[arg-type]


# -- the command line ---------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_check_and_kpis_take_a_directory(
    sheet: Path, directory: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run("check", str(sheet), "--directory", str(directory))
    assert code == 1  # Maré Viva visits twice
    assert "MARÉ VIVA ROBOTICS (Portugal) -> Skovlund Wind Cluster (Denmark)" in text
    err = capsys.readouterr().err
    assert "directory: filled country, kind, PIC, clusters and location of 5 organisations" in err
    code, text = run("kpis", str(sheet), "--directory", str(directory), "--format", "json")
    assert code == 0
    assert '"completed": 3' in text


@pytest.mark.parametrize("command", ["check", "kpis"])
def test_a_directory_that_cannot_be_read_is_exit_2_naming_it(
    command: str, sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "dir.toml"
    bad.write_text('name = "X"\n[[clusters]]\nname = "C"\ncontry = "DK"\n', encoding="utf-8")
    for path, message in [
        (tmp_path / "nope.toml", "nope.toml: no such file"),
        (bad, "dir.toml, clusters[0].contry: unknown key"),
    ]:
        code, out = run(command, str(sheet), "--directory", str(path))
        err = capsys.readouterr().err
        assert (code, out) == (2, "")
        assert err.count("\n") == 1
        assert message in err


# -- properties ---------------------------------------------------------------------------------

NAMES = ["Vestkyst Blade Service", "vestkyst blade service aps", "Ribe Offshore Lab",
         "Maré Viva Robotics Lda", "Aero Lda", "Skovlund Wind Cluster"]  # fmt: skip
COUNTRIES = [None, "DK", "PT", "DE"]
KINDS = [None, "sme", "large_company", "cluster_organisation"]
PICS = [None, "912100011", "912300011", "949000000"]
CLUSTERS = [None, (), ("Some Cluster",)]


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    return Organisation(
        name=draw(st.sampled_from(NAMES)),
        country=draw(st.sampled_from(COUNTRIES)),
        kind=draw(st.sampled_from(KINDS)),
        pic=draw(st.sampled_from(PICS)),
        clusters=draw(st.sampled_from(CLUSTERS)),
        location=draw(st.sampled_from([None, Location(latitude=1, longitude=2)])),
    )


FIELDS = ("name", "country", "kind", "pic", "clusters", "location")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(organisations(), organisations()), min_size=1, max_size=8))
def test_filling_never_changes_a_value_the_sheet_gave(
    pairs: list[tuple[Organisation, Organisation]],
) -> None:
    exchanges = tuple(Exchange(host=host, visitor=visitor) for host, visitor in pairs)
    table = ExchangeTable(
        exchanges=exchanges, rows=tuple(range(2, 2 + len(pairs))), rows_read=len(pairs)
    )
    filled = fill_from_directory(table, parse_partnership_text())
    assert filled.rows == table.rows
    assert filled.errors == table.errors
    for before, after in zip(table.exchanges, filled.exchanges, strict=True):
        assert attrs.evolve(after, host=before.host, visitor=before.visitor) == before
        for side in ("host", "visitor"):
            was, now = getattr(before, side), getattr(after, side)
            for field in FIELDS:
                if getattr(was, field) is not None:
                    assert getattr(now, field) == getattr(was, field), (side, field)


def test_parse_exchange_rows_then_fill_is_read_exchanges_with_a_directory(
    sheet: Path, directory: Path
) -> None:
    rows = [
        dict(zip(["Host organisation", "Visiting organisation", "Start date", "End date",
                  "Status"], line.split(","), strict=False))
        for line in SPARSE.splitlines()[1:2]
    ]  # fmt: skip
    by_hand = fill_from_directory(parse_exchange_rows(rows, file=str(sheet)), directory)
    assert by_hand.exchanges[0] == read_exchanges(sheet, directory=directory).exchanges[0]
