"""KPI reports written out: JSON, text, Markdown, HTML, CSV, data frames and the chart."""

from __future__ import annotations

import csv
import io
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from clusterxchange import Exchange, InvalidFileError, InvalidValueError, Organisation
from clusterxchange.io import read_exchanges
from clusterxchange.kpi import KpiReport, Targets, kpis, load_targets
from clusterxchange.kpi._frames import MissingExtraError

DATA = Path(__file__).parent / "data"
TABLE = DATA / "kpi_partnership.csv"
TARGETS = DATA / "kpi_targets.toml"


@pytest.fixture(scope="module")
def report() -> KpiReport:
    table = read_exchanges(TABLE)
    assert table.errors == ()
    return kpis(table.exchanges, targets=load_targets(TARGETS))


def test_a_table_written_the_way_reports_write_it(report: KpiReport) -> None:
    """Done when: human labels, rows without tool IDs, pending rows, duplicates."""
    data = report.as_dict()
    # 10 rows: one of another partnership, two duplicates (typed twice; listed again once paid).
    assert data["exchanges_read"] == 10
    assert data["other_partnerships"] == 1
    assert (data["completed"], data["pending"], data["other"]) == (4, 2, 1)
    assert (data["outside_partnership"], data["outside_pending"]) == (1, 1)
    assert data["unknown_relation"] == 1
    assert {k: n for k, n in data["by_visitor_kind"].items() if n} == {
        "cluster_organisation": 1,
        "sme": 3,
    }
    assert {k: n for k, n in data["pending_by_visitor_kind"].items() if n} == {
        "scaling_up_support_organisation": 1,
        "public_authority": 1,
    }
    assert data["targets"][0] == {
        "kpi": "exchanges",
        "target": 10,
        "actual": 4,
        "pending": 2,
        "progress": 0.4,
        "remaining": 6,
        "met": False,
    }
    # The row listed again once paid represents the exchange; the earlier row is the duplicate.
    assert [(d["index"], d["duplicate_of"], d["id"]) for d in data["duplicates"]] == [
        (2, 9, "EG118MA3"),
        (7, 1, None),
    ]


def test_the_markdown_table_matches_the_json(report: KpiReport) -> None:
    markdown = report.to_markdown()
    lines = markdown.splitlines()
    assert lines[0] == "| KPI | Target | Reached | Pending | Progress |"
    assert lines[1] == "|:--|--:|--:|--:|--:|"
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:7]]
    expected = report.as_dict()["targets"]
    assert len(rows) == len(expected)
    for row, status in zip(rows, expected, strict=True):
        assert row[1:4] == [str(status["target"]), str(status["actual"]), str(status["pending"])]
        assert row[4] == f"{round(status['progress'] * 100)}%"
    assert rows[0][0] == "Exchanges"
    assert rows[3][0] == "Exchanges with SME visitors"
    assert "not recorded for 1 completed exchange." in markdown  # unknown relation said out loud


def test_markdown_without_targets_lists_the_kpis_with_exchanges() -> None:
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    markdown = kpis(
        [Exchange(host=host, visitor=visitor, status="completed", relation="inside")]
    ).to_markdown()
    assert "| Exchanges | – | 1 | 0 | – |" in markdown
    assert "| Exchanges with SME visitors | – | 1 | 0 | – |" in markdown
    assert "large company" not in markdown
    assert "not recorded" not in markdown


def test_text_is_localised(report: KpiReport) -> None:
    english = report.to_text()
    assert "KPIs of partnership TIDEWAY" in english
    assert "By host country: Hungary 2" in english
    assert "#2 repeats #9 (EG118MA3)" in english
    german = report.to_text("de", rows=[2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    assert "Ungarn 2" in german
    assert "40\xa0%" in german
    assert "Zeile 4 wiederholt Zeile 11 (EG118MA3)" in german
    assert "Zeile 9 wiederholt Zeile 3\n" in german
    with pytest.raises(InvalidValueError, match="unknown locale"):
        report.to_text("xx-not-a-locale")


def test_big_numbers_follow_the_locale() -> None:
    status_text = kpis([], targets=Targets(exchanges=12_000)).to_markdown("de")
    assert "| Austausche | 12.000 | 0 | 0 | 0\xa0% |" in status_text


def test_html_escapes_every_text() -> None:
    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    rows = [
        Exchange(
            host=host,
            visitor=visitor,
            id="<b>x</b>",
            status="completed",
            visitor_partnership="<i>P</i>",
        ),
        Exchange(
            host=host,
            visitor=visitor,
            id="<b>x</b>",
            status="completed",
            visitor_partnership="<i>P</i>",
        ),
    ]
    html = kpis(rows, partnership="<i>P</i>", targets=Targets(exchanges=2))._repr_html_()
    assert "<i>P</i>" not in html
    assert "&lt;i&gt;P&lt;/i&gt;" in html
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<td>Exchanges</td><td>2</td><td>1</td><td>0</td><td>50%</td>" in html
    # Well-formed: it parses as XML.
    ET.fromstring(html)


def test_html_of_the_table(report: KpiReport) -> None:
    html = report._repr_html_()
    assert "1 with inside/outside unknown" in html
    assert "<td>Exchanges with SME visitors</td><td>5</td><td>3</td><td>0</td><td>60%</td>" in html


def test_csv_one_row_per_kpi_is_spreadsheet_safe(report: KpiReport, tmp_path: Path) -> None:
    path = tmp_path / "kpis.csv"
    report.to_csv(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert [r["kpi"] for r in rows][:3] == [
        "exchanges",
        "outside_partnership",
        "visitor_kind.cluster_organisation",
    ]
    assert len(rows) == 9
    first = rows[0]
    assert (first["target"], first["actual"], first["pending"], first["remaining"]) == (
        "10",
        "4",
        "2",
        "6",
    )
    assert first["progress"] == "0.4"
    large = next(r for r in rows if r["kpi"] == "visitor_kind.large_company")
    assert (large["target"], large["progress"], large["remaining"]) == ("", "", "")
    stream = io.StringIO()
    report.to_csv(stream)
    assert stream.getvalue().splitlines()[0] == "kpi,label,target,actual,pending,progress,remaining"


def test_frames(report: KpiReport) -> None:
    frame = report.to_pandas()
    assert list(frame.columns) == [
        "kpi",
        "label",
        "target",
        "actual",
        "pending",
        "progress",
        "remaining",
    ]
    assert frame.loc[frame.kpi == "exchanges", "actual"].item() == 4
    assert str(frame["target"].dtype) == "Int64"
    kinds = report.to_pandas("visitor_kind")
    assert kinds.loc[kinds.visitor_kind == "sme", "completed"].item() == 3
    assert report.to_pandas("status").set_index("status").loc["paid", "exchanges"] == 1
    polars_frame = report.to_polars()
    assert polars_frame.filter(polars_frame["kpi"] == "exchanges")["pending"].to_list() == [2]
    assert report.to_polars("host_country").to_dicts()[0] == {"host_country": "HU", "completed": 2}
    assert report.to_polars("month").height == 4
    with pytest.raises(InvalidValueError, match="unknown breakdown 'nothing'"):
        report.to_pandas("nothing")


@pytest.mark.parametrize(("library", "method"), [("pandas", "to_pandas"), ("polars", "to_polars")])
def test_frames_say_which_extra_is_missing(
    report: KpiReport, monkeypatch: pytest.MonkeyPatch, library: str, method: str
) -> None:
    monkeypatch.setitem(sys.modules, library, None)
    with pytest.raises(
        MissingExtraError, match=rf"pip install 'clusterxchange\[{library}\]'"
    ) as caught:
        getattr(report, method)()
    assert isinstance(caught.value, ImportError)


def test_the_chart_as_png_and_svg(report: KpiReport, tmp_path: Path) -> None:
    png = tmp_path / "progress.png"
    report.plot(png)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = tmp_path / "progress.SVG"
    report.plot(svg)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Exchanges with SME visitors" in svg.read_text(encoding="utf-8")
    # The same chart twice is the same file.
    again = tmp_path / "again.svg"
    report.plot(again)
    assert again.read_bytes() == svg.read_bytes()


def test_a_chart_without_targets(tmp_path: Path) -> None:
    path = tmp_path / "counts.png"
    kpis([]).plot(path)
    assert path.stat().st_size > 0


def test_chart_errors(report: KpiReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidValueError, match=r"saved as \.png or \.svg"):
        report.plot(tmp_path / "progress.pdf")
    with pytest.raises(InvalidValueError, match="expected a path"):
        report.plot(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidFileError, match="cannot write the chart"):
        report.plot(tmp_path / "missing" / "progress.png")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"clusterxchange\[plot\]"):
        report.plot(tmp_path / "progress.png")


def test_the_repr_names_the_counts(report: KpiReport) -> None:
    text = repr(report)
    assert re.search(r"completed=4, pending=2", text)
    assert "Tally" not in text


def test_text_of_a_plain_report() -> None:
    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    rows = [
        Exchange(host=host, visitor=visitor, status="completed", visitor_partnership="P"),
        Exchange(host=host, visitor=visitor, status="completed"),
    ]
    text = kpis(rows, partnership="P").to_text()
    assert (
        "2 exchanges read, 1 counted once each (left out: 1 without a visitor partnership)" in text
    )
    assert "By event" not in text
    assert "Duplicates" not in text
    assert "By month: –" in text
    assert "Target" not in text
    assert kpis([]).to_text().splitlines()[1] == "0 exchanges read, 0 counted once each"


def test_counts_of_one_are_singular() -> None:
    host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    once = Exchange(host=host, visitor=visitor, status="completed", id="EG100AA1")
    assert kpis([once]).to_text().splitlines()[1] == "1 exchange read, 1 counted once each"
    twice = kpis([once, once])
    assert "2 exchanges read, 1 counted once each (left out: 1 duplicate)" in twice.to_text()
    assert "; 1 duplicate left out.</p>" in twice._repr_html_()
    assert "not recorded for 1 completed exchange." in kpis([once]).to_markdown()


def test_html_without_duplicates_or_targets() -> None:
    html = kpis([])._repr_html_()
    assert "Duplicates" not in html
    assert "<td>Exchanges</td><td></td><td>0</td><td>0</td><td></td>" in html
    ET.fromstring(html)
