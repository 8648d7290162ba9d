"""Formatting for people: always for an explicit locale, never from the environment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import InvalidValueError
from clusterxchange.model.formatting import (
    DEFAULT_LOCALE,
    format_country,
    format_date,
    format_money,
    format_number,
    format_percent,
    parse_locale,
)


def test_default_locale_is_english() -> None:
    assert DEFAULT_LOCALE == "en"
    assert format_money(Decimal("830")) == "€830.00"


@pytest.mark.parametrize(
    ("amount", "locale", "text"),
    [
        (Decimal("1100"), "da", "1.100,00\xa0€"),
        (Decimal("415.5"), "en", "€415.50"),
        (Decimal("830"), "de", "830,00\xa0€"),
        (Decimal("0"), "en", "€0.00"),
        (Decimal("1234567.891"), "en", "€1,234,567.89"),
    ],
)
def test_format_money(amount: Decimal, locale: str, text: str) -> None:
    assert format_money(amount, "EUR", locale) == text


def test_format_money_in_another_currency() -> None:
    assert format_money(Decimal("10"), "CHF", "de_CH") == "CHF\xa010.00"


@pytest.mark.parametrize(
    ("value", "locale", "text"),
    [(1234.5, "de", "1.234,5"), (1234.5, "en", "1,234.5"), (Decimal("640.2"), "da", "640,2")],
)
def test_format_number(value: float | Decimal, locale: str, text: str) -> None:
    assert format_number(value, locale) == text


@pytest.mark.parametrize(
    ("value", "locale", "text"), [(0.6375, "en", "64%"), (Decimal("0.5"), "de", "50\xa0%")]
)
def test_format_percent(value: float | Decimal, locale: str, text: str) -> None:
    assert format_percent(value, locale) == text


@pytest.mark.parametrize(
    ("locale", "text"), [("en", "Mar 6, 2023"), ("de", "06.03.2023"), ("da", "6. mar. 2023")]
)
def test_format_date(locale: str, text: str) -> None:
    assert format_date(dt.date(2023, 3, 6), locale) == text


@pytest.mark.parametrize(
    ("code", "locale", "text"),
    [("XK", "tr", "Kosova"), ("EL", "fr", "Grèce"), ("UK", "da", "Storbritannien")],
)
def test_format_country(code: str, locale: str, text: str) -> None:
    assert format_country(code, locale) == text


@pytest.mark.parametrize("locale", ["pt-BR", "pt_BR", " pt_BR "])
def test_parse_locale_accepts_dashes_and_spaces(locale: str) -> None:
    assert str(parse_locale(locale)) == "pt_BR"


@pytest.mark.parametrize("locale", ["xx", "", "  ", "not a locale", None, 3])
def test_unknown_locale(locale: object) -> None:
    with pytest.raises(InvalidValueError, match=r"unknown locale .*expected a locale such as en"):
        parse_locale(locale)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_money(Decimal(1), "EUR", "xx"),
        lambda: format_number(1, "xx"),
        lambda: format_percent(0.5, "xx"),
        lambda: format_date(dt.date(2023, 1, 1), "xx"),
        lambda: format_country("DE", "xx"),
    ],
)
def test_every_formatter_rejects_an_unknown_locale(call: object) -> None:
    with pytest.raises(InvalidValueError, match="unknown locale 'xx'"):
        call()  # type: ignore[operator]


def test_the_environment_locale_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANG", "LC_ALL", "LC_NUMERIC", "LC_MONETARY", "LANGUAGE"):
        monkeypatch.setenv(name, "de_DE.UTF-8")
    assert format_money(Decimal("1100"), "EUR", "en") == "€1,100.00"
    assert format_money(Decimal("1100")) == "€1,100.00"


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_money_keeps_every_cent(amount: Decimal) -> None:
    text = format_money(amount, "EUR", "en")
    assert Decimal(text.removeprefix("€").replace(",", "")) == amount
