"""``clusterxchange demo`` and the coordinator's report it prints (``reports.coordinator``)."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import ClusterXchangeError, Exchange, Organisation, Severity
from clusterxchange.cli import COMMANDS, main
from clusterxchange.eligibility import check_dataset
from clusterxchange.examples import (
    example_partnership,
    example_path,
    example_targets,
    load_example,
)
from clusterxchange.io import ExchangeTable, parse_exchange_rows, read_exchanges
from clusterxchange.kpi import Targets, kpis
from clusterxchange.reports.budgets import budget
from clusterxchange.reports.coordinator import CoordinatorReport, FindingLine, coordinator_report

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
TABLE = load_example()
REPORT = coordinator_report(TABLE, partnership=example_partnership(), targets=example_targets())


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["demo", *argv], out=out)
    return code, out.getvalue()


# --- the command ----------------------------------------------------------------------------


def test_demo_is_a_command() -> None:
    assert "clusterxchange.cli._demo" in COMMANDS


def test_demo_prints_the_four_sections_and_exits_0() -> None:
    code, text = run()
    assert code == 0
    assert text.startswith("TIDEWAY: the coordinator's report\n=====")
    for heading in (
        "Summary",
        "Findings: errors and warnings",
        "Money: lump sums of the eligible exchanges TIDEWAY pays",
        "Targets and status: completed eligible exchanges of TIDEWAY",
    ):
        assert f"\n{heading}\n" + "-" * len(heading) + "\n" in text
    assert str(example_path("tideway.csv")) in text
    assert re.search(r"Exchanges read +49, from Feb 17, 2020 to Mar 8, 2024\n", text)
    assert re.search(r"Eligible +44\nNot eligible +5\n", text)
    assert "Findings         5 errors, 18 warnings; 50 notes not listed" in text


def test_demo_lists_every_error_and_warning_by_row() -> None:
    _, text = run()
    findings = text.split("Findings: errors and warnings")[1].split("Money:")[0]
    for row, rule in [
        ("6", "duration_max"),
        ("7", "it_tool_id"),
        ("12", "cross_border"),
        ("21, 37", "visitor_once"),
        ("28", "distance"),
        ("35", "duration_min"),
        ("38", "country"),
    ]:
        assert re.search(rf"^{re.escape(row)} .*\b{rule}\b", findings, flags=re.MULTILINE), rule
    # The error once, naming both rows; visitors seen in both generations warn (issue 17).
    assert len(re.findall(r"error\s+visitor_once", findings)) == 1
    assert len(re.findall(r"warning\s+visitor_once", findings)) == 11
    assert " info " not in findings


def test_demo_money_and_targets() -> None:
    _, text = run()
    assert re.search(
        r"All host countries +40 +€3,110\.00 +€26,620\.00 +€390\.00 +€30,120\.00\n", text
    )
    assert re.search(r"Kosovo +1 +€0\.00 +€560\.00 +€0\.00 +€560\.00\n", text)
    assert "Not counted: 2 cancelled: nothing is owed." in text
    assert re.search(r"Exchanges +50 +36 +4 +72% +14 to go\n", text)
    assert re.search(r"Exchanges with cluster organisation visitors +6 +6 +0 +100% +met\n", text)


def test_demo_markdown() -> None:
    code, text = run("--format", "markdown")
    assert code == 0
    assert text.startswith("# TIDEWAY: the coordinator's report\n")
    assert "## Money: lump sums of the eligible exchanges TIDEWAY pays" in text
    assert "| host country | exchanges | committed | payable | paid | total |" in text
    assert "| --- | --: | --: | --: | --: | --: |" in text
    assert "| 21, 37 |  | error | visitor_once |" in text
    assert "| Exchanges | 50 | 36 | 4 | 72% | 14 to go |" in text


def test_demo_in_danish() -> None:
    code, text = run("--locale", "da")
    assert code == 0
    assert "Danmark" in text
    assert "Tyskland" in text
    assert "30.120,00\xa0€" in text
    assert "17. feb. 2020" in text
    assert "72\xa0%" in text


def test_demo_refuses_an_unknown_locale(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("--locale", "xx_NOPE")
    assert code == 2
    assert text == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown locale 'xx_NOPE'" in err


def test_demo_refuses_an_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--format", "json")[0] == 2
    assert "invalid choice" in capsys.readouterr().err


# --- the report agrees with the rule families it composes -------------------------------------


def test_the_report_agrees_with_check_budget_and_kpis() -> None:
    verdict = check_dataset(TABLE.exchanges)
    assert REPORT.verdict == verdict
    eligible = [v.exchange for v in verdict.verdicts if v.eligible]
    ours = [e for e in eligible if e.visitor_partnership == "TIDEWAY"]
    assert REPORT.budget == budget(ours)
    expected = kpis(eligible, partnership=example_partnership(), targets=example_targets())
    assert REPORT.kpis.as_dict() == expected.as_dict()
    assert REPORT.eligible == len(eligible) == 44


def test_severity_counts_are_the_findings_listed_counted(tmp_path: Path) -> None:
    # Counted without listing: on the example, and on a generated table with cell errors,
    # every rule and visitor_once across rows.
    sys.path.insert(0, str(BENCHMARKS))
    import tables

    path = tmp_path / "table.csv"
    tables.write_table(path, 2_000)
    with path.open("a", encoding="utf-8") as file:
        file.write("Hamburg Aviation,Atlantis,,Aero Lda,,,someday,,,,,,,\n")
    generated = coordinator_report(read_exchanges(path))
    assert generated.table.errors  # the last row's cells
    assert generated.verdict.findings  # visitor_once across rows
    for report in (REPORT, generated):
        listed = Counter(line.severity for line in report.findings(tuple(Severity)))
        assert report.severity_counts() == {s: listed.get(s, 0) for s in Severity}


def test_finding_lines_are_the_objects_the_class_builds() -> None:
    for line in REPORT.findings(tuple(Severity)):
        made = FindingLine(**attrs.asdict(line, recurse=False))
        assert type(line) is FindingLine
        assert (line, hash(line), repr(line)) == (made, hash(made), repr(made))
        assert attrs.evolve(line, rule="x").rule == "x"


def test_findings_are_sorted_and_cover_every_severity() -> None:
    everything = REPORT.findings(tuple(Severity))
    assert [f.rows[:1] for f in everything] == sorted(f.rows[:1] for f in everything)
    counts = REPORT.severity_counts()
    assert counts == {
        Severity.ERROR: 5,
        Severity.WARNING: 18,
        Severity.INFO: 50,
        Severity.UNDECIDED: 0,
    }
    assert sum(counts.values()) == len(everything)
    (once,) = [f for f in everything if f.rule == "visitor_once" and f.severity is Severity.ERROR]
    assert once == FindingLine(
        rows=(21, 37),
        id=None,
        rule="visitor_once",
        severity=Severity.ERROR,
        message=once.message,
    )


def _host(country: str = "DE") -> Organisation:
    return Organisation(name="Elbe Host", country=country, kind="cluster_organisation")


def _exchange(**changes: object) -> Exchange:
    visitor = Organisation(name="Visitor Oy", country="FI", kind="cluster_organisation")
    base = Exchange(
        host=_host(),
        visitor=visitor,
        id="EG100AA1",
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 10),
        status="completed",
        visitor_partnership="NORTH",
        relation="inside",
        distance_km=1000,
    )
    return attrs.evolve(base, **changes)


def _table(*exchanges: Exchange) -> ExchangeTable:
    return ExchangeTable(
        exchanges=exchanges,
        rows=tuple(range(2, 2 + len(exchanges))),
        rows_read=len(exchanges),
        file="north.csv",
    )


def test_a_clean_table_without_targets_or_partnership() -> None:
    report = coordinator_report(_table(_exchange()))
    assert report.title == "north.csv"
    text = report.to_text()
    assert "None: every exchange is eligible and nothing is doubtful." in text
    assert "Money: lump sums of the eligible exchanges to pay" in text
    assert "No targets given. Completed: 1, pending: 0." in text
    assert "Targets and status: completed eligible exchanges\n" in text
    assert "Not counted" not in text
    assert "notes not listed" not in text


def test_only_the_partnerships_visitors_are_paid() -> None:
    ours, theirs = _exchange(), _exchange(visitor_partnership="SOUTH", id="EG100AA2")
    theirs = attrs.evolve(theirs, visitor=attrs.evolve(theirs.visitor, name="Other Oy"))
    report = coordinator_report(_table(ours, theirs), partnership=" north ")
    assert report.title == " north "
    assert report.budget.totals.exchanges == 1
    assert report.kpis.other_partnerships == 1
    named = coordinator_report(_table(ours, theirs), targets=Targets(partnership="NORTH"))
    assert named.title == "NORTH"
    assert named.budget.totals.exchanges == 1


def test_an_unpriced_exchange_is_named_under_money() -> None:
    british = _exchange(host=_host("GB"))
    report = coordinator_report(_table(british), title="UK", note="one line\nand another")
    text = report.to_text()
    assert text.startswith("UK\n==\none line\nand another\n")
    assert "Not counted: " in text
    assert "GB" in text.split("Not counted: ")[1]
    markdown = report.to_markdown()
    assert "one line  \nand another  \n" in markdown


def test_cell_errors_are_findings_and_rows_not_loaded() -> None:
    table = parse_exchange_rows(
        [
            {
                "host": "Elbe Host",
                "host_country": "DE",
                "host_kind": "cluster organisation",
                "visitor": "Visitor Oy",
                "visitor_country": "FI",
                "visitor_kind": "cluster organisation",
                "start": "2023-03-06",
                "end": "2023-03-10",
            },
            {
                "host": "Elbe Host",
                "host_country": "Atlantis",
                "visitor": "Other Oy",
                "visitor_country": "FI",
                "visitor_kind": "sme",
            },
        ],
        file="bad.csv",
    )
    report = coordinator_report(table)
    cells = [f for f in report.findings() if f.rule == "cell"]
    assert len(cells) == len(table.errors) >= 1
    assert {cell.rows for cell in cells} == {(3,)}
    assert any(cell.message.startswith("host_country: ") for cell in cells)
    assert {cell.severity for cell in cells} == {Severity.ERROR}
    assert re.search(r"Rows not loaded +1\n", report.to_text())
    assert report.findings((Severity.WARNING,)) == ()


def test_a_file_level_problem_has_no_row() -> None:
    table = attrs.evolve(
        _table(_exchange()),
        errors=(attrs.evolve(TABLE.warnings[0], row=None, column=None, message="broken"),),
    )
    (line,) = [f for f in coordinator_report(table).findings() if f.rule == "cell"]
    assert line.rows == ()
    assert "| file |  | error | cell | broken |" in coordinator_report(table).to_markdown()


def test_markdown_cells_escape_pipes() -> None:
    odd = _exchange(id="EG|1", start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 7))
    markdown = coordinator_report(_table(odd)).to_markdown()
    assert "| 2 | EG\\|1 | error | duration_min |" in markdown


def test_an_empty_table() -> None:
    report = coordinator_report(_table())
    text = report.to_text("de")
    assert re.search(r"Gelesene Austausche +0\n", text)
    assert re.search(r"Alle Gastländer +0 +0,00\xa0€", text)
    english = report.to_text()
    assert re.search(r"Exchanges read +0\n", english)
    assert re.search(r"All host countries +0 +€0.00", english)


# --- junk in, a clean error out ------------------------------------------------------------

JUNK = [None, "", "€", 10**400, 1.5, b"x", [], {}, object()]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_table_is_refused(junk: object) -> None:
    with pytest.raises(ClusterXchangeError):
        coordinator_report(junk)  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", [j for j in JUNK if j is not None and not isinstance(j, str)])
@pytest.mark.parametrize("argument", ["partnership", "targets", "generation", "title", "note"])
def test_junk_arguments_are_refused(argument: str, junk: object) -> None:
    with pytest.raises(ClusterXchangeError):
        coordinator_report(_table(_exchange()), **{argument: junk})  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", [*JUNK, "xx_NOPE"])
def test_junk_locale_is_refused(junk: object) -> None:
    with pytest.raises(ClusterXchangeError):
        REPORT.to_text(junk)  # type: ignore[arg-type]
    with pytest.raises(ClusterXchangeError):
        REPORT.to_markdown(junk)  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_example_name_is_refused(junk: object) -> None:
    with pytest.raises(ClusterXchangeError):
        example_path(junk)  # type: ignore[arg-type]


# --- invariants -------------------------------------------------------------------------------

LOCALES = ("en", "da", "de", "fr", "nl", "es", "it", "pt", "hu", "tr")


@given(
    picks=st.lists(st.integers(0, len(TABLE.exchanges) - 1), max_size=12, unique=True),
    locale=st.sampled_from(LOCALES),
)
def test_any_part_of_the_example_reports_consistently(picks: list[int], locale: str) -> None:
    table = ExchangeTable(
        exchanges=tuple(TABLE.exchanges[i] for i in picks),
        rows=tuple(TABLE.rows[i] for i in picks),
        rows_read=len(picks),
    )
    report = coordinator_report(table, partnership="TIDEWAY")
    assert isinstance(report, CoordinatorReport)
    ineligible = set(report.verdict.ineligible())
    assert report.eligible + len(ineligible) == len(picks)
    # Nothing ineligible, nor another partnership's visitor, is paid or counted.
    paid = [line.exchange for line in report.budget.lines]
    set_aside = [a.exchange for a in (*report.budget.excluded, *report.budget.unpriced)]
    assert all(e.visitor_partnership == "TIDEWAY" for e in paid + set_aside)
    eligible = [
        report.verdict.verdicts[i].exchange for i in range(len(picks)) if i not in ineligible
    ]
    assert sorted(map(id, paid + set_aside)) == sorted(
        id(e) for e in eligible if e.visitor_partnership == "TIDEWAY"
    )
    assert report.kpis.exchanges_read == len(eligible)
    total = sum((line.amount for line in report.budget.lines), Decimal(0))
    assert report.budget.totals.total == total
    text, markdown = report.to_text(locale), report.to_markdown(locale)
    for finding in report.findings():
        assert finding.rule in text
        assert finding.rule in markdown
    assert text.endswith("\n")
    assert markdown.endswith("\n")
