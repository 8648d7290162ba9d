"""``--locale`` on every command: country names (Kosovo included), money, dates and numbers.

Each command runs on the example partnership in ten locales. The expected texts are written
out below as CLDR (through babel) writes them, no-break spaces included, so a change in how a
locale is written shows up here rather than in a coordinator's report. JSON and CSV outputs are
for machines: they must not change with the locale.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest

from clusterxchange.cli import COMMANDS, main
from clusterxchange.examples import example_path
from clusterxchange.generations import all_generations
from clusterxchange.model.formatting import format_date, format_money, format_number

NBSP, NNBSP = "\xa0", "\u202f"  # no-break space, narrow no-break space
N, M = NBSP, NNBSP

#: locale -> (EUR 1,100.00, EUR 560.00, Kosovo, Denmark, 17 February 2020, 72 %)
EXPECTED: dict[str, tuple[str, str, str, str, str, str]] = {
    "en": ("€1,100.00", "€560.00", "Kosovo", "Denmark", "Feb 17, 2020", "72%"),
    "da": (f"1.100,00{N}€", f"560,00{N}€", "Kosovo", "Danmark", "17. feb. 2020", f"72{N}%"),
    "de": (f"1.100,00{N}€", f"560,00{N}€", "Kosovo", "Dänemark", "17.02.2020", f"72{N}%"),
    "fr": (f"1{M}100,00{N}€", f"560,00{N}€", "Kosovo", "Danemark", "17 févr. 2020", f"72{N}%"),
    "nl": (f"€{N}1.100,00", f"€{N}560,00", "Kosovo", "Denemarken", "17 feb 2020", "72%"),
    "es": (f"1.100,00{N}€", f"560,00{N}€", "Kosovo", "Dinamarca", "17 feb 2020", f"72{N}%"),
    "it": (f"1.100,00{N}€", f"560,00{N}€", "Kosovo", "Danimarca", "17 feb 2020", "72%"),
    "pt": (f"€{N}1.100,00", f"€{N}560,00", "Kosovo", "Dinamarca", "17 de fev. de 2020", "72%"),
    "hu": (f"1{N}100,00{N}EUR", f"560,00{N}EUR", "Koszovó", "Dánia", "2020. febr. 17.", "72%"),
    "tr": ("€1.100,00", "€560,00", "Kosova", "Danimarka", "17 Şub 2020", "%72"),
}  # fmt: skip
LOCALES = tuple(EXPECTED)
CSV = str(example_path("tideway.csv"))
TARGETS = str(example_path("tideway-targets.toml"))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_danish_money_as_the_issue_states_it() -> None:
    assert EXPECTED["da"][0] == "1.100,00\xa0€"
    code, text = run("lump-sum", "--host-country", "DK", "--working-days", "10", "--locale", "da")
    assert code == 0
    assert "1.100,00\xa0€" in text


def test_every_command_is_tested_here() -> None:
    names = {module.rsplit("._", 1)[1].replace("_", "-") for module in COMMANDS}
    # ids and migrate take no --locale: their outputs are the table and the migration report.
    assert names <= {
        "generations", "lump-sum", "check", "kpis", "plan", "budget", "report", "ids",
        "migrate", "match", "demo",
    }  # fmt: skip


@pytest.mark.parametrize("locale", LOCALES)
def test_generations(locale: str) -> None:
    code, text = run("generations", "--locale", locale)
    assert code == 0
    for generation in all_generations():
        assert format_date(generation.period.value.start, locale) in text
        assert format_date(generation.period.value.end, locale) in text


@pytest.mark.parametrize("locale", LOCALES)
def test_lump_sum_in_denmark_and_kosovo(locale: str) -> None:
    money, kosovo_money, kosovo, denmark, *_ = EXPECTED[locale]
    code, text = run("lump-sum", "--host-country", "DK", "--working-days", "10", "--locale", locale)
    assert code == 0
    assert money in text
    assert denmark in text
    code, text = run(
        "lump-sum", "--host-country", "Kosovo", "--working-days", "10", "--locale", locale
    )
    assert code == 0
    assert kosovo_money in text
    assert kosovo in text


@pytest.mark.parametrize("locale", LOCALES)
def test_kpis(locale: str) -> None:
    _, _, kosovo, denmark, _, _ = EXPECTED[locale]
    code, text = run("kpis", CSV, "--targets", TARGETS, "--locale", locale)
    assert code == 0
    assert kosovo in text
    assert denmark in text
    assert "82" in text  # 41 of 50 exchanges


@pytest.mark.parametrize("locale", LOCALES)
def test_check(locale: str) -> None:
    money, kosovo_money, *_ = EXPECTED[locale]
    code, text = run("check", CSV, "--locale", locale)
    assert code == 1  # five exchanges break a rule
    assert money in text  # a full exchange in Denmark
    assert kosovo_money in text  # the exchange hosted in Kosovo


@pytest.mark.parametrize("locale", LOCALES)
def test_plan(locale: str) -> None:
    money, kosovo_money, kosovo, denmark, *_ = EXPECTED[locale]
    code, text = run(
        "plan", CSV, "--targets", TARGETS, "--host-countries", "DK,XK", "--locale", locale
    )
    assert code == 0
    assert f"{denmark} {money}" in text  # one exchange hosted in Denmark, at its ceiling
    assert f"{kosovo} {kosovo_money}" in text
    assert format_money(Decimal("9900.00"), "EUR", locale) in text  # 9 exchanges in Denmark


@pytest.mark.parametrize("locale", LOCALES)
def test_budget(locale: str) -> None:
    _, kosovo_money, kosovo, denmark, *_ = EXPECTED[locale]
    code, text = run("budget", CSV, "--on", "2024-06-30", "--locale", locale)
    assert code == 0
    assert kosovo in text
    assert denmark in text
    assert kosovo_money in text  # payable for the one exchange hosted in Kosovo


@pytest.mark.parametrize("locale", LOCALES)
def test_match(locale: str) -> None:
    _, _, kosovo, denmark, *_ = EXPECTED[locale]
    code, text = run("match", CSV, "--visitor", "Wattwerk Elektrolyse GmbH", "--locale", locale)
    assert code == 0
    assert f"({denmark}, " in text
    assert f"({kosovo}, " in text


@pytest.mark.parametrize("locale", LOCALES)
def test_demo(locale: str) -> None:
    _, kosovo_money, kosovo, denmark, first_day, percent = EXPECTED[locale]
    code, text = run("demo", "--locale", locale)
    assert code == 0
    assert kosovo in text
    assert denmark in text
    assert kosovo_money in text
    assert first_day in text
    assert percent in text
    assert format_money(Decimal("30120.00"), "EUR", locale) in text
    markdown = run("demo", "--locale", locale, "--format", "markdown")[1]
    assert f"| {kosovo} | 1 |" in markdown


@pytest.mark.parametrize("locale", LOCALES)
def test_report(locale: str) -> None:
    _, kosovo_money, kosovo, denmark, first_day, percent = EXPECTED[locale]
    argv = ("report", CSV, "--targets", TARGETS, "--on", "2024-06-01", "--locale", locale)
    code, page = run(*argv, "--output", "-")
    assert code == 1  # five exchanges break a rule
    assert f"<html lang='{locale}'>" in page
    code, markdown = run(*argv, "--format", "markdown")
    assert code == 1
    for text in (page, markdown):
        assert kosovo in text
        assert denmark in text
        assert kosovo_money in text
        assert first_day in text
        assert percent in text
        assert format_money(Decimal("30120.00"), "EUR", locale) in text


@pytest.mark.parametrize("locale", ["fr", "hu"])
def test_large_numbers_are_grouped(locale: str) -> None:
    # The demo's totals are the only numbers above 1,000: grouped as the locale groups.
    text = run("demo", "--locale", locale)[1]
    assert format_number(26620, locale)[:2] + (NNBSP if locale == "fr" else NBSP) in text


@pytest.mark.parametrize(
    "argv",
    [
        ("generations", "--format", "json"),
        ("lump-sum", "--host-country", "DK", "--working-days", "4", "--format", "json"),
        ("kpis", CSV, "--targets", TARGETS, "--format", "json"),
        ("check", CSV, "--format", "json"),
        ("plan", CSV, "--targets", TARGETS, "--format", "json"),
        ("budget", CSV, "--on", "2024-06-30", "--format", "json"),
        ("match", CSV, "--visitor", "Wattwerk Elektrolyse GmbH", "--format", "json"),
    ],
    ids=lambda argv: argv[0] if isinstance(argv, tuple) else str(argv),
)
def test_json_does_not_change_with_the_locale(argv: tuple[str, ...]) -> None:
    outputs = {json.dumps(json.loads(run(*argv, "--locale", locale)[1])) for locale in LOCALES}
    assert len(outputs) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ("generations",),
        ("lump-sum", "--host-country", "DK", "--working-days", "4"),
        ("kpis", CSV),
        ("check", CSV),
        ("demo",),
    ],
    ids=lambda argv: argv[0] if isinstance(argv, tuple) else str(argv),
)
@pytest.mark.parametrize("locale", ["xx", "", "de_XX_YY", "€"])
def test_an_unknown_locale_is_one_line_and_exit_2(
    argv: tuple[str, ...], locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run(*argv, "--locale", locale)
    assert code == 2
    assert text == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "locale" in err


@pytest.mark.parametrize("locale", ["da_DK", "de-AT", "pt_BR", "fr_CA"])
def test_regional_locales(locale: str) -> None:
    code, text = run("demo", "--locale", locale)
    assert code == 0
    assert format_money(Decimal("560.00"), "EUR", locale) in text
