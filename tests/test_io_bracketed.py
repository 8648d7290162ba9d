"""A country in brackets after a name (``Hamburg Aviation (DE)``) in a table without its column."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.io import read_exchanges, read_exchanges_csv, read_exchanges_json
from clusterxchange.io._bracketed import split_name
from clusterxchange.model.countries import normalize_country

#: A report's appendix: each organisation with its country, no country column.
APPENDIX = """\
Visiting organisation,Host organisation,Start date,End date,Visitor type,Host type
Aero Lda (PT),Hamburg Aviation (DE),06/03/2023,17/03/2023,SME,Cluster organisation
Blue Tech SAS [France],Flanders Make ( Belgium ),08/05/2023,12/05/2023,SME,cluster
Fraunhofer (IPK),Tech Hub (Scotland),08/05/2023,12/05/2023,SME,cluster
Total (DE),,,,,
"""


def _sides(text: str) -> list[tuple[object, ...]]:
    table = read_exchanges_csv(io.StringIO(text), file="appendix.csv")
    assert table.errors == ()
    return [
        (e.visitor.name, e.visitor.country, e.host.name, e.host.country) for e in table.exchanges
    ]


def _warnings(text: str) -> list[str]:
    table = read_exchanges_csv(io.StringIO(text), file="appendix.csv")
    return [w.message for w in table.warnings]


def test_names_with_a_bracketed_country_give_the_country_when_no_column_does() -> None:
    assert _sides(APPENDIX) == [
        ("Aero Lda", "PT", "Hamburg Aviation", "DE"),
        ("Blue Tech SAS", "FR", "Flanders Make", "BE"),
        ("Fraunhofer (IPK)", None, "Tech Hub", "GB"),  # IPK is no country: the name as written
    ]


def test_one_warning_per_side_names_the_rows_and_an_example() -> None:
    warnings = _warnings(APPENDIX)
    assert (
        "no host_country column: the host's country read from the brackets after its name on "
        "3 rows (2, 3, 4) ('Hamburg Aviation (DE)': 'Hamburg Aviation' in 'DE')"
    ) in warnings
    # The totals row (5) is skipped, not counted; Fraunhofer (IPK), row 4, is not read this way.
    assert (
        "no visitor_country column: the visitor's country read from the brackets after its "
        "name on 2 rows (2, 3) ('Aero Lda (PT)': 'Aero Lda' in 'PT')"
    ) in warnings
    # A nation of the UK is GB with the note a country column would give.
    assert any(w.startswith("'Scotland' read as GB") for w in warnings)


def test_a_table_with_a_country_column_keeps_its_names_as_written() -> None:
    text = (
        "Visitor,Visitor country,Host\n"
        "Aero Lda (PT),,Hamburg Aviation (DE)\n"  # the visitor's country cell left blank
    )
    assert _sides(text) == [("Aero Lda (PT)", None, "Hamburg Aviation", "DE")]
    assert not any("visitor_country column" in w for w in _warnings(text))


def test_a_json_table_names_its_fields_and_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "exchanges.json"
    path.write_text(json.dumps([{"host": "Hamburg Aviation (DE)", "visitor": "Aero Lda"}]))
    table = read_exchanges_json(path)
    assert table.exchanges[0].host.name == "Hamburg Aviation (DE)"
    assert table.exchanges[0].host.country is None


def test_a_workbook_reads_as_its_csv(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in APPENDIX.splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "appendix.xlsx"
    book.save(path)
    csv_table = read_exchanges_csv(io.StringIO(APPENDIX), file="appendix.csv")
    table = read_exchanges(path)
    assert table.exchanges == csv_table.exchanges
    assert [w.message for w in table.warnings] == [w.message for w in csv_table.warnings]


def test_every_rule_is_decided_on_the_appendix(tmp_path: Path) -> None:
    path = tmp_path / "appendix.csv"
    path.write_text(APPENDIX, encoding="utf-8")
    out = io.StringIO()
    main(["check", str(path), "--format", "json"], out=out)
    document = json.loads(out.getvalue())
    outcomes = [e["outcome"] for e in document["exchanges"]]
    assert outcomes[:2] == ["eligible", "eligible"]
    assert [e["lump_sum"] for e in document["exchanges"][:2]] == ["830.00", "830.00"]


def test_ids_written_back_keep_the_names_as_written(tmp_path: Path) -> None:
    path = tmp_path / "appendix.csv"
    path.write_text(APPENDIX, encoding="utf-8")
    assert main(["ids", str(path), "--output", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "Aero Lda (PT)" in text
    assert "Hamburg Aviation (DE)" in text
    assert "host_country" not in text.splitlines()[0]
    assert _sides(text) == _sides(APPENDIX)


@pytest.mark.parametrize(
    "text",
    ["Fraunhofer (IPK)", "(DE)", "Hamburg Aviation", "Hamburg (DE) Aviation", "Lab ()",
     "Aero Lda (PT", "Aero Lda PT)", "Aero (PT) (DE)x"],
)  # fmt: skip
def test_what_is_no_name_and_bracketed_country_is_none(text: str) -> None:
    assert split_name(text) is None


_NAMES = (
    st.text(
        st.characters(codec="utf-8", categories=["L", "N", "Zs"], exclude_characters="()[]"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@given(_NAMES, st.sampled_from(["DE", "PT", "EL", "Germany", "Portugal", "Deutschland"]),
       st.sampled_from(["({})", "[{}]", " ( {} ) "]))  # fmt: skip
def test_a_name_then_a_country_in_brackets_splits_into_the_two(
    name: str, country: str, brackets: str
) -> None:
    split = split_name(name + " " + brackets.format(country))
    assert split == (name, country)
    assert normalize_country(split[1]) in {"DE", "PT", "GR"}
