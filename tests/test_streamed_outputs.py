"""The outputs written one item at a time give the documents the whole-document code gave.

``check --format json`` used to build one dict of the whole result and ``json.dumps`` it with
``indent=2``; it now writes each exchange as it goes (``write_json_document``). The reference
below is that earlier code, kept here to compare against: the streamed text must parse to the
same document, on sample tables with eligible, ineligible, undecided, duplicated and unusable
rows.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.cli import main
from clusterxchange.cli._check import (
    _finding,
    _generation_id,
    _lump_sums,
    _money,
    _unpriced,
)
from clusterxchange.cli._common import problem_json
from clusterxchange.eligibility import check_dataset
from clusterxchange.io import read_exchanges
from clusterxchange.io._json import write_json_document

DATA = Path(__file__).parent / "data"
HEADER = "host,host_country,host_kind,visitor,visitor_country,visitor_kind,start,end,status\n"


def _previous_document(path: Path) -> dict[str, Any]:
    """The JSON document as the whole-document code built it (before streaming)."""
    table = read_exchanges(path)
    result = check_dataset(table.exchanges)
    sums = _lump_sums(result.verdicts, None)
    rows, errors, verdicts = table.rows, table.errors, result.verdicts
    payload = {
        "generation": _generation_id(verdicts, None),
        "generations": sorted({v.generation for v in verdicts if v.generation is not None}),
        "eligible": result.eligible and not errors,
        "exchanges": [
            {
                "row": row,
                "id": verdict.exchange.id,
                "status": verdict.exchange.status.value,
                "eligible": verdict.eligible,
                "outcome": verdict.outcome,
                "missing": list(verdict.missing()),
                "lump_sum": _money(amount),
                "lump_sum_note": _unpriced(verdict, amount),
                "generation": verdict.generation,
                "working_days": verdict.working_days,
                "findings": [_finding(f) for f in verdict.findings],
            }
            for row, verdict, amount in zip(rows, verdicts, sums, strict=True)
        ],
        "findings": [
            {**_finding(f), "rows": [rows[i] for i in f.indices]} for f in result.findings
        ],
        "errors": [problem_json(p) for p in errors],
    }
    previous: dict[str, Any] = json.loads(json.dumps(payload, indent=2, ensure_ascii=False))
    return previous


def _streamed(path: Path) -> str:
    out = io.StringIO()
    main(["check", "--format", "json", str(path)], out=out)
    return out.getvalue()


@pytest.fixture
def awkward_table(tmp_path: Path) -> Path:
    """Rows of every kind: eligible, a visitor twice, a bad date, accents, a blank kind."""
    path = tmp_path / "awkward.csv"
    path.write_text(
        HEADER
        + "Hamburg Aviation,DE,Cluster organisation,Pemas,PT,SME,06/03/2023,17/03/2023,Completed\n"
        + "Hamburg Aviation,DE,Cluster organisation,Pemas,PT,SME,06/03/2023,17/03/2023,Completed\n"
        + "Pôle Véhicule du Futur,FR,cluster,Řízení s.r.o.,CZ,SME,2023-05-08,2023-05-19,Paid\n"
        + "Mesap,IT,cluster,Aero Lda,PT,,2023-05-08,2023-05-19,Completed\n"
        + "Mesap,IT,cluster,Baltic Labs,EE,SME,32/13/2023,2023-05-19,Completed\n"
        + "Mesap,IT,cluster,Nordic Works,SE,SME,2023-05-08,2023-05-09,Cancelled\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("name", ["check_mixed.csv", "check_eligible.csv", "check_bad_date.csv"])
def test_streamed_json_equals_the_previous_document(name: str) -> None:
    path = DATA / name
    assert json.loads(_streamed(path)) == _previous_document(path)


def test_streamed_json_of_awkward_rows(awkward_table: Path) -> None:
    text = _streamed(awkward_table)
    document = json.loads(text)
    assert document == _previous_document(awkward_table)
    assert document["errors"]
    assert document["findings"]
    # One exchange per line, text kept as written (not \u escapes).
    lines = [line for line in text.splitlines() if '"outcome": ' in line]
    assert len(lines) == len(document["exchanges"])
    assert "Řízení" in text


def test_the_streamed_csv_keeps_row_order_with_rows_left_out(awkward_table: Path) -> None:
    out = io.StringIO()
    main(["check", "--format", "csv", str(awkward_table)], out=out)
    rows = [line.split(",", 1)[0] for line in out.getvalue().splitlines()[1:]]
    assert rows == ["2", "3", "4", "5", "6", "7"]


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.decimals(allow_nan=False).map(str),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(
    st.dictionaries(
        st.text(),
        st.tuples(st.booleans(), st.lists(_values, max_size=4)) | _values,
        max_size=4,
    )
)
def test_write_json_document_parses_like_json_dumps(document: dict[str, Any]) -> None:
    # A (True, items) value is given as an iterator: an array written item by item.
    given_ = {
        key: (iter(value[1]) if value[0] else value[1]) if isinstance(value, tuple) else value
        for key, value in document.items()
    }
    expected = {
        key: value[1] if isinstance(value, tuple) else value for key, value in document.items()
    }
    out = io.StringIO()
    write_json_document(out, given_)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(expected, indent=2))
    assert out.getvalue().endswith("}\n")


def test_text_output_writes_each_lump_sum_in_the_locale(tmp_path: Path) -> None:
    out = io.StringIO()
    main(["check", "--locale", "de", str(DATA / "check_eligible.csv")], out=out)
    amounts = [line for line in out.getvalue().splitlines() if "€" in line]
    assert amounts
    assert all("," in line for line in amounts)


def test_the_csv_is_in_row_order_whatever_order_the_rows_came_in() -> None:
    from clusterxchange.cli._check import _write_csv

    table = read_exchanges(DATA / "check_mixed.csv")
    result = check_dataset(table.exchanges)
    sums = _lump_sums(result.verdicts, None)
    backwards = list(reversed(table.rows))  # as if the table listed its rows last to first
    out = io.StringIO()
    _write_csv(out, result, sums, backwards)
    written = [int(line.split(",", 1)[0]) for line in out.getvalue().splitlines()[1:]]
    assert written == sorted(table.rows)
