"""``clusterxchange report``: the coordinator's report as HTML, Markdown and text.

The figures the page shows are read back from it (its tables, by row key) and compared with
the JSON of ``kpis`` on the same file and with the library's budget and plan.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterxchange.cli import COMMANDS, main
from clusterxchange.eligibility import check_dataset
from clusterxchange.examples import example_path
from clusterxchange.io import read_exchanges
from clusterxchange.kpi import kpis, load_targets, plan
from clusterxchange.model import Documents, FinalReport
from clusterxchange.reports.budgets import budget
from clusterxchange.reports.coordinator import coordinator_report

EXAMPLE = str(example_path("tideway.csv"))
EXAMPLE_TARGETS = str(example_path("tideway-targets.toml"))

#: A coordinator's own sheet: natural headers, country names, written-out dates, labels.
SHEET = """\
Exchange ID,Host organisation,Host country,Host type,Visitor organisation,Visitor country,\
Visitor type,VOP,Inside/outside partnership,Start date,End date,Status,Distance (km)
EG301KA1,Elbmarsch Hydrogen Network,Germany,Cluster organisation,Ribe Offshore Lab,Denmark,\
SME,SEAWIND,Inside,6 March 2023,17 March 2023,Completed,420
EG302KA2,Skovlund Wind Cluster,Denmark,Cluster organisation,Wattwerk Elektrolyse GmbH,\
Germany,SME,SEAWIND,Inside,3 April 2023,14 April 2023,Paid,380
EG303KA3,Costa Serena Ocean Cluster,Portugal,Cluster organisation,Tisza Valley Energy Cluster,\
Hungary,Cluster organisation,SEAWIND,Outside,8 May 2023,12 May 2023,Completed,2480
EG304KA4,Tisza Valley Energy Cluster,Hungary,Cluster organisation,Maré Viva Robotics Lda,\
Portugal,SME,SEAWIND,Inside,5 June 2023,16 June 2023,Waiting for Final Activity Report,2480
EG305KA5,Körfez Marine Tech Cluster,Türkiye,Cluster organisation,Nordlicht Fab Lab e.V.,\
Germany,Scaling-up support organisation,SEAWIND,Outside,4 September 2023,15 September 2023,\
Matched,2100
EG306KA6,Elbmarsch Hydrogen Network,Germany,Cluster organisation,Costa Serena Lda,Portugal,\
SME,SEAWIND,Inside,2 October 2023,13 October 2023,Cancelled,2210
EG307KA7,Skovlund Wind Cluster,Denmark,Cluster organisation,Hansekreis Energy Agency,Germany,\
Public authority,SEAWIND,Inside,6 November 2023,10 November 2023,Completed,300
"""

TARGETS = """\
partnership = "SEAWIND"
exchanges = 12
outside_partnership = 4

[visitor_kind]
sme = 6
public_authority = 2
"""


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def sheet(tmp_path: Path) -> tuple[str, str]:
    table = tmp_path / "seawind exchanges.csv"
    table.write_text(SHEET, encoding="utf-8")
    targets = tmp_path / "seawind-targets.toml"
    targets.write_text(TARGETS, encoding="utf-8")
    return str(table), str(targets)


class _Page(HTMLParser):
    """The tables of a page (by class: rows of key and cell texts), its headings and figures."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[tuple[str, list[str]]]]] = []
        self.headings: list[str] = []
        self.figures: dict[str, str] = {}
        self.tags: list[str] = []
        self.text = ""
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._figure: str | None = None
        self._in_value = False
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "table":
            self.tables.append((found.get("class") or "", []))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.tables[-1][1].append((found.get("data-key") or "", []))
        elif tag in ("td", "th") and not self._in_head:
            self._cell = []
        elif tag == "h2":
            self._heading = []
        elif tag == "div" and "figure" in (found.get("class") or "").split():
            self._figure = found.get("data-key") or ""
        elif tag == "span" and found.get("class") == "value":
            self._in_value = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1][1].append("".join(self._cell))
            self._cell = None
        elif tag == "h2" and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None
        elif tag == "span":
            self._in_value = False

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._in_value and self._figure is not None:
            self.figures[self._figure] = data

    def table(self, name: str) -> dict[str, list[str]]:
        return next(dict(rows) for n, rows in self.tables if name in n)


def read_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def amount(text: str) -> Decimal:
    """The amount an English money cell shows (``€30,120.00``)."""
    return Decimal(text.replace("€", "").replace(",", ""))


def write_report(tmp_path: Path, *argv: str) -> tuple[int, str, _Page]:
    output = tmp_path / "report.html"
    code, said = run("report", *argv, "--output", str(output))
    # "Report written to ...", in the language of --locale.
    assert said.endswith(f" {output}\n")
    text = output.read_text(encoding="utf-8")
    return code, text, read_page(text)


def kpis_json(*argv: str) -> dict[str, object]:
    code, text = run("kpis", *argv, "--format", "json")
    assert code == 0
    data: dict[str, object] = json.loads(text)
    return data


# --- the command ----------------------------------------------------------------------------


def test_report_is_a_command_listed_after_kpis() -> None:
    assert COMMANDS.index("clusterxchange.cli._report") > COMMANDS.index("clusterxchange.cli._kpis")


def test_the_coordinators_sheet_figures_equal_kpis_budget_and_plan(
    sheet: tuple[str, str], tmp_path: Path
) -> None:
    table, targets = sheet
    code, _, page = write_report(
        tmp_path, table, "--targets", targets, "--host-countries", "DE,DK", "--on", "2024-01-15"
    )
    assert code == 0  # every exchange eligible, every row read
    assert page.headings[0] == "Summary"
    # Targets: the JSON of `kpis` on the same file (every exchange here is eligible).
    shown = page.table("targets")
    expected = kpis_json(table, "--targets", targets)["targets"]
    assert isinstance(expected, list)
    assert list(shown) == [t["kpi"] for t in expected]
    for status in expected:
        cells = shown[status["kpi"]]
        assert cells[1:4] == [str(status["target"]), str(status["actual"]), str(status["pending"])]
        assert cells[4] == f"{status['progress']:.0%}"
        assert cells[5] == ("met" if status["met"] else f"{status['remaining']} to go")
    # Money: the library's budget of the same exchanges.
    exchanges = read_exchanges(table).exchanges
    rows = {(r["scope"], r["key"]): r for r in budget(exchanges).rows()}
    money = page.table("money")
    for key, cells in money.items():
        row = rows[("total", "")] if key == "total" else rows[("host_country", key)]
        assert cells[1] == row["exchanges"]
        assert [amount(c) for c in cells[2:]] == [
            Decimal(row[c]) for c in ("committed", "payable", "paid", "total")
        ]
    assert set(money) == {"total", "DE", "DK", "HU", "PT", "TR"}
    assert amount(page.figures["money"]) == Decimal(rows[("total", "")]["total"])
    # The plan: the library's plan on the same KPIs, priced over the host countries given.
    expected_plan = plan(
        kpis(exchanges, targets=load_targets(targets)),
        host_countries=["DE", "DK"],
        generation="cxc2",
    ).as_dict()
    assert page.figures["further"] == str(expected_plan["exchanges"])
    items = [row for _, row in page.tables[[n for n, _ in page.tables].index("plan")][1]]
    assert [int(row[0]) for row in items] == [i["count"] for i in expected_plan["items"]]
    prices = page.table("plan-budget")
    per_exchange = expected_plan["budget"]["per_exchange"]
    assert {k: amount(v[2]) for k, v in prices.items()} == {
        k: Decimal(v) for k, v in per_exchange.items()
    }


def test_the_budget_line_of_the_plan_is_the_libraries(sheet: tuple[str, str]) -> None:
    table, targets = sheet
    code, text = run(
        "report", table, "--targets", targets, "--host-countries", "DE,DK", "--format", "markdown"
    )
    assert code == 0
    exchanges = read_exchanges(table).exchanges
    priced = plan(
        kpis(exchanges, targets=load_targets(targets)),
        host_countries=["DE", "DK"],
        generation="cxc2",
    )
    assert priced.budget is not None
    low, mid, high = (f"€{a:,.2f}" for a in (priced.budget.minimum, priced.budget.expected,
                                              priced.budget.maximum))  # fmt: skip
    assert f"Budget: {mid} expected, from {low} to {high}" in text
    assert f"{priced.exchanges} further completed exchanges meet every target" in text


def test_the_example_figures_are_the_eligible_exchanges_and_reconcile_with_kpis(
    tmp_path: Path,
) -> None:
    code, text, page = write_report(tmp_path, EXAMPLE, "--targets", EXAMPLE_TARGETS)
    assert code == 1  # five exchanges are not eligible: as `check` says
    table = read_exchanges(EXAMPLE)
    verdict = check_dataset(table.exchanges)
    eligible = [v.exchange for v in verdict.verdicts if v.eligible]
    targets = load_targets(EXAMPLE_TARGETS)
    counted = kpis(eligible, targets=targets)
    shown = page.table("targets")
    for status in counted.statuses:
        assert shown[status.kpi][1:4] == [str(status.target), str(status.actual),
                                          str(status.pending)]  # fmt: skip
    # What `kpis` counts before the check, said beside it.
    recorded = kpis_json(EXAMPLE, "--targets", EXAMPLE_TARGETS)
    assert (
        f"{recorded['completed']} completed and {recorded['pending']} pending; "
        "left out here as not eligible: "
        f"{recorded['completed'] - counted.completed} completed exchanges" in text  # type: ignore[operator]
    )
    funded = [e for e in eligible if e.visitor_partnership == "TIDEWAY"]
    money = budget(funded)
    assert amount(page.table("money")["total"][5]) == money.totals.total
    assert page.figures["not_eligible"] == "5"
    expected = plan(counted)
    assert page.figures["further"] == str(expected.exchanges) == "14"
    rules = {cells[3] for cells in page.table("findings").values()}
    assert {"duration_max", "visitor_once", "it_tool_id"} <= rules


def test_the_markdown_is_the_same_report(sheet: tuple[str, str], tmp_path: Path) -> None:
    table, targets = sheet
    _, _, page = write_report(tmp_path, table, "--targets", targets, "--on", "2024-01-15")
    code, text = run("report", table, "--targets", targets, "--on", "2024-01-15",
                     "--format", "markdown")  # fmt: skip
    assert code == 0
    assert text.startswith("# SEAWIND\n")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == page.headings
    # Every table, cell for cell (the HTML's head rows aside).
    assert markdown_tables(text) == page_tables(page)


def _markdown_cells(line: str) -> list[str]:
    """Split a Markdown table row on its unescaped pipes, and undo the escapes."""
    cells, cell, escaped = [], "", False
    for char in line.strip()[1:]:
        if escaped:
            cell, escaped = cell + char, False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += char
    return cells


def markdown_tables(text: str) -> list[list[list[str]]]:
    """The body rows of every table of a Markdown text (header and alignment rows left out)."""
    tables: list[list[list[str]]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])  # the header row
            elif not re.fullmatch(r"[|\s:-]+", line):
                tables[-1].append(_markdown_cells(line))
        previous = line
    return tables


def page_tables(page: _Page) -> list[list[list[str]]]:
    return [[[c.strip() for c in cells] for _, cells in rows] for _, rows in page.tables]


#: Every element the page may hold: no script, link, image, frame or form.
ELEMENTS = frozenset(
    {"html", "head", "meta", "title", "style", "body", "main", "header", "p", "h1", "h2", "dl",
     "dt", "dd", "div", "span", "section", "table", "thead", "tbody", "tr", "th", "td",
     "figure", "svg", "defs", "pattern", "rect", "line", "text", "code", "footer"}
)  # fmt: skip
TABLE = read_exchanges(EXAMPLE)
TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters="<>&|\\'\"`"),
    max_size=12,
)
#: Names with markup in them, as a careless or hostile sheet may hold.
NAMES = st.builds(
    lambda before, markup, after: f"{before}{markup}{after}".strip() or "x",
    TEXT,
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "</td></tr>",
            "<b>",
            "&amp;",
            "|",
            "\\",
            "`x`",
            "<!--",
            "]]>",
            "<style>",
        ]
    ),
    TEXT,
)


@settings(deadline=None, max_examples=30)
@given(
    picks=st.lists(st.integers(0, len(TABLE.exchanges) - 1), min_size=1, max_size=10, unique=True),
    names=st.lists(NAMES, min_size=1, max_size=10),
)
def test_any_names_are_escaped_and_both_forms_agree(picks: list[int], names: list[str]) -> None:
    exchanges = []
    for i, index in enumerate(picks):
        exchange = TABLE.exchanges[index]
        name = names[i % len(names)]
        exchanges.append(
            attrs.evolve(
                exchange,
                visitor=attrs.evolve(exchange.visitor, name=name),
                host=attrs.evolve(exchange.host, name=names[-1 - i % len(names)]),
            )
        )
    table = attrs.evolve(
        TABLE, exchanges=tuple(exchanges), rows=tuple(TABLE.rows[i] for i in picks),
        rows_read=len(picks),
    )  # fmt: skip
    report = coordinator_report(
        table, targets=load_targets(EXAMPLE_TARGETS), on=dt.date(2024, 6, 1), title=names[0]
    )
    page = read_page(report.to_html())
    assert set(page.tags) <= ELEMENTS
    assert names[0] in page.text
    markdown = report.to_markdown()
    assert not re.search(r"(?<!\\)<", markdown)
    assert markdown_tables(markdown) == page_tables(page)


def test_text_goes_to_stdout_or_to_the_output(sheet: tuple[str, str], tmp_path: Path) -> None:
    table, targets = sheet
    code, text = run("report", table, "--targets", targets, "--format", "text")
    assert code == 0
    assert text.startswith("SEAWIND\n=======\n")
    assert "\nPlan: the fewest further exchanges that meet every target\n" in text
    output = tmp_path / "report.md"
    code, said = run("report", table, "--format", "markdown", "--output", str(output))
    assert code == 0
    assert said == f"Report written to {output}\n"
    assert output.read_text(encoding="utf-8").startswith("# Exchanges in seawind exchanges.csv")


def test_html_to_stdout_with_a_dash(sheet: tuple[str, str]) -> None:
    code, text = run("report", sheet[0], "--output", "-")
    assert code == 0
    assert text.startswith("<!DOCTYPE html>")
    assert "<figure class='chart'>" not in text  # no targets, no chart
    assert "No targets given." in text


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    _, text, page = write_report(tmp_path, EXAMPLE, "--targets", EXAMPLE_TARGETS)
    assert "Content-Security-Policy" in text
    assert "default-src 'none'" in text
    assert not {"script", "link", "img", "iframe", "object", "embed", "base"} & set(page.tags)
    lowered = text.casefold()
    for reference in ("http:", "https:", "src=", "href=", "@import", "xlink"):
        assert reference not in lowered, reference
    assert set(re.findall(r"url\(([^)]*)\)", text)) == {"#cx-pending"}
    assert page.tags.count("svg") == 1
    assert text.count("<rect class='reached'") == 7  # one bar per target


def test_every_value_from_the_sheet_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert('x')</script>"
    # The public authority's name is in its finding (a contested visitor kind).
    rows = SHEET.replace("Hansekreis Energy Agency", evil).replace(
        "Elbmarsch Hydrogen Network", "Hub & <b>Co</b>"
    )
    rows = rows.replace("SEAWIND", "<img src=x onerror=alert(1)>")
    table = tmp_path / "evil.csv"
    table.write_text(rows, encoding="utf-8")
    targets = tmp_path / "targets.toml"
    targets.write_text("exchanges = 12\n", encoding="utf-8")
    _, text, page = write_report(tmp_path, str(table), "--targets", str(targets),
                                 "--partnership", "<img src=x onerror=alert(1)>")  # fmt: skip
    assert not {"script", "img", "b"} & set(page.tags)
    assert "&lt;img src=x onerror=alert(1)&gt;" in text  # the title and the headings
    assert "<script" not in text.casefold()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    code, markdown = run("report", str(table), "--targets", str(targets), "--partnership",
                         "<img src=x onerror=alert(1)>", "--format", "markdown")  # fmt: skip
    assert code == 0
    assert not re.search(r"(?<!\\)<", markdown)
    assert "# \\<img src=x onerror=alert(1)\\>\n" in markdown
    assert "\\<script\\>alert('x')\\</script\\>" in markdown


def test_overdue_payments_are_listed_as_of_the_day(sheet: tuple[str, str]) -> None:
    table = read_exchanges(sheet[0])
    report = FinalReport(submitted=dt.date(2023, 3, 20), validated=dt.date(2023, 3, 24))
    first = attrs.evolve(table.exchanges[0], documents=Documents(final_report=report))
    table = attrs.evolve(table, exchanges=(first, *table.exchanges[1:]))
    made = coordinator_report(table, on=dt.date(2023, 5, 1))
    assert [(p.exchange.id, p.days_overdue) for p in made.overdue] == [("EG301KA1", 28)]
    text = made.to_markdown()
    assert "Payments overdue on May 1, 2023" in text
    assert "| 2 | EG301KA1 | Apr 3, 2023 | 28 | €830.00 |" in text
    page = read_page(made.to_html())
    assert page.table("overdue")[""] == ["2", "EG301KA1", "Apr 3, 2023", "28", "€830.00"]
    # The other payable exchanges (rows 4 and 8) have no validation day: never said to be paid
    # on time.
    assert "cannot tell for 2 payable exchanges, whose final report has no validation" in text
    validated = tuple(
        attrs.evolve(e, documents=Documents(final_report=report)) for e in table.exchanges
    )
    later = coordinator_report(attrs.evolve(table, exchanges=validated), on=dt.date(2023, 1, 1))
    assert "No payment overdue on Jan 1, 2023." in later.to_text()
    assert "cannot tell" not in later.to_text()


def test_a_danish_page_writes_money_and_dates_in_danish(tmp_path: Path) -> None:
    _, text, page = write_report(tmp_path, EXAMPLE, "--targets", EXAMPLE_TARGETS,
                                 "--on", "2024-06-01", "--locale", "da")  # fmt: skip
    assert "<html lang='da'>" in text
    assert page.figures["money"] == "30.120,00\xa0€"
    assert "1.\xa0jun.\xa02024" in text or "1. jun. 2024" in text


# --- exit codes and unusable input ----------------------------------------------------------


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1, errors
    return errors[0]


def test_html_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("report", EXAMPLE) == (2, "")
    assert "--output FILE.html" in one_error_line(capsys)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["missing.csv"], "missing.csv"),
        ([EXAMPLE, "--on", "2024-13-01"], "--on '2024-13-01': '2024-13-01' is not a date"),
        ([EXAMPLE, "--host-countries", " , "], "--host-countries"),
        ([EXAMPLE, "--targets", EXAMPLE_TARGETS, "--host-countries", "ZZ"], "ZZ"),
        ([EXAMPLE, "--partnership", "NOPE"], "known: BLUEBRIDGE, TIDEWAY"),
        ([EXAMPLE, "--generation", "cxc9"], "cxc9"),
        ([EXAMPLE, "--locale", "xx_NOPE"], "xx_NOPE"),
    ],
)
def test_unusable_input_is_exit_2_with_one_line(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("report", *argv, "--format", "markdown") == (2, "")
    assert said in one_error_line(capsys)


def test_an_output_that_cannot_be_written_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no such folder" / "report.html"
    assert run("report", EXAMPLE, "--output", str(target)) == (2, "")
    assert "cannot write the report" in one_error_line(capsys)
    assert not target.exists()


def test_unusable_rows_are_left_out_and_exit_1(
    sheet: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "partly.csv"
    table.write_text(
        Path(sheet[0]).read_text(encoding="utf-8").replace("Türkiye", "Atlantis"),
        encoding="utf-8",
    )
    code, text = run("report", str(table), "--format", "markdown")
    assert code == 1
    assert "| Rows not loaded | 1 |" in text
    assert "| 6 |  | error | cell | host_country: unknown country 'Atlantis'" in text
    assert "row 6, column host_country" in capsys.readouterr().err


def test_a_table_with_no_usable_row_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("host,visitor,host_country\nA,B,Atlantis\n", encoding="utf-8")
    assert run("report", str(table), "--format", "markdown") == (2, "")
    assert "Atlantis" in one_error_line(capsys)


def _has(command: str) -> bool:
    return f"clusterxchange.cli._{command}" in COMMANDS


@pytest.mark.skipif(not (_has("budget") and _has("plan")), reason="no budget or plan command")
def test_the_sheet_figures_equal_the_json_of_budget_and_plan(
    sheet: tuple[str, str], tmp_path: Path
) -> None:
    table, targets = sheet
    code, _, page = write_report(tmp_path, table, "--targets", targets)
    assert code == 0
    code, text = run("budget", table, "--format", "json")
    money, spent = page.table("money"), json.loads(text)
    assert code == 0
    for key, totals in [
        ("total", spent["totals"]),
        *((entry["host_country"], entry) for entry in spent["by_host_country"]),
    ]:
        cells = money[key]
        assert cells[1] == str(totals["exchanges"])
        assert [amount(c) for c in cells[2:]] == [
            Decimal(totals[c]) for c in ("committed", "payable", "paid", "total")
        ]
    assert len(money) == 1 + len(spent["by_host_country"])
    code, text = run("plan", table, "--targets", targets, "--format", "json")
    planned = json.loads(text)
    assert code == 0
    assert page.figures["further"] == str(planned["exchanges"])
    items = next(rows for name, rows in page.tables if name == "plan")
    assert [int(cells[0]) for _, cells in items] == [i["count"] for i in planned["items"]]
    prices = page.table("plan-budget")
    assert {k: amount(v[2]) for k, v in prices.items()} == {
        k: Decimal(v) for k, v in planned["budget"]["per_exchange"].items()
    }
    low, mid, high = (f"€{Decimal(planned['budget'][k]):,.2f}" for k in ("minimum", "expected",
                                                                         "maximum"))  # fmt: skip
    assert f"Budget: {mid} expected, from {low} to {high}" in "".join(page.text.split("\n"))
