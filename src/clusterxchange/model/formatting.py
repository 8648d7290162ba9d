"""Localised text for people: money, dates, numbers and country names, for an explicit locale.

babel is imported on first use. No function reads the locale from the environment.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
from decimal import Decimal
from typing import Any

from clusterxchange.model.countries import country_name
from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "DEFAULT_LOCALE",
    "format_country",
    "format_date",
    "format_km",
    "format_money",
    "format_number",
    "format_percent",
    "parse_locale",
]

DEFAULT_LOCALE = "en"

#: The most digits a number may need to be written out in full; beyond, it is refused.
_MAX_DIGITS = 10_000


def _digits_context(value: object) -> decimal.Context:
    """Return a decimal context precise enough for babel to write *value* out in full.

    babel rounds in the current context (28 digits by default), which fails for larger
    numbers; a local context keeps this thread-safe and leaves the caller's context alone.
    """
    try:
        exact = value if isinstance(value, Decimal) else Decimal(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, decimal.InvalidOperation):
        raise InvalidValueError(f"expected a number to write, got {value!r:.40}") from None
    if not exact.is_finite():
        return decimal.Context()
    digits = max(exact.adjusted(), 0) + 1 + max(-int(exact.as_tuple().exponent), 0) + 4
    if digits > _MAX_DIGITS:
        # Not the value itself: the repr of a huge int is refused past 4,300 digits.
        raise InvalidValueError(f"a number of {digits - 4} digits is too large to write out")
    return decimal.Context(prec=max(28, digits))


def parse_locale(locale: str) -> Any:
    """Return the babel ``Locale`` for identifier *locale* (``da``, ``de_AT``, ``pt-BR``).

    Raises:
        InvalidValueError: *locale* is not a known CLDR locale.

    >>> str(parse_locale("pt-BR"))
    'pt_BR'
    """
    text: object = locale  # callers without type checking may pass anything
    if not isinstance(text, str) or not text.strip():
        raise InvalidValueError(
            f"unknown locale {locale!r:.80}: expected a locale such as en, da, de_AT"
        )
    # Checked before the cache: an unhashable junk value would be a TypeError there.
    return _parse_locale(text)


@functools.lru_cache(maxsize=64)
def _parse_locale(text: str) -> Any:
    from babel import Locale, UnknownLocaleError

    locale = text
    try:
        return Locale.parse(text.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise InvalidValueError(
            f"unknown locale {locale!r}: expected a locale such as en, da, de_AT"
        ) from None


def format_money(amount: Decimal, currency: str = "EUR", locale: str = DEFAULT_LOCALE) -> str:
    r"""Return *amount* in *currency* written the way *locale* writes money.

    >>> format_money(Decimal("1100"), "EUR", "da")
    '1.100,00\xa0€'
    >>> format_money(Decimal("415.5"), "EUR", "en")
    '€415.50'
    """
    from babel.numbers import format_currency

    with decimal.localcontext(_digits_context(amount)):
        return str(format_currency(amount, currency, locale=parse_locale(locale)))


def format_number(
    value: int | float | Decimal, locale: str = DEFAULT_LOCALE, *, decimals: int | None = None
) -> str:
    """Return *value* with *locale*'s digit grouping and decimal sign.

    Args:
        value: The number.
        locale: The locale to write it for.
        decimals: Write exactly this many decimals (rounded half-even); default: as many as
            the value has, up to three.

    >>> format_number(1234.5, "de"), format_number(27, "en", decimals=1)
    ('1.234,5', '27.0')
    """
    from babel.numbers import format_decimal

    pattern = None
    if decimals is not None:
        pattern = "#,##0." + "0" * decimals if decimals > 0 else "#,##0"
    with decimal.localcontext(_digits_context(value)):
        return str(format_decimal(value, format=pattern, locale=parse_locale(locale)))


def format_km(km: float, locale: str = DEFAULT_LOCALE) -> str:
    """Return distance *km* as explanations write it: rounded *down* to 0.1 km, for *locale*.

    Rounded down, so the figure shown is on the same side of any whole-km limit as the exact
    distance a decision used (199.96 km shows as 199.9, not 200.0).

    >>> format_km(199.96), format_km(1700.25, "de")
    ('199.9 km', '1.700,2 km')
    """
    return format_number(math.floor(km * 10) / 10, locale, decimals=1) + " km"


def format_percent(value: float | Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """Return fraction *value* as a percentage in *locale* (0.6375 -> ``64%`` in English).

    >>> format_percent(0.6375, "en")
    '64%'
    """
    from babel.numbers import format_percent as _format_percent

    return str(_format_percent(value, locale=parse_locale(locale)))


def format_date(day: dt.date, locale: str = DEFAULT_LOCALE) -> str:
    """Return *day* in *locale*'s medium date format.

    >>> format_date(dt.date(2023, 3, 6), "en"), format_date(dt.date(2023, 3, 6), "de")
    ('Mar 6, 2023', '06.03.2023')
    """
    from babel.dates import format_date as _format_date

    return str(_format_date(day, format="medium", locale=parse_locale(locale)))


def format_country(code: str, locale: str = DEFAULT_LOCALE) -> str:
    """Return the name of country *code* in *locale* (Kosovo included).

    >>> format_country("XK", "tr"), format_country("EL", "fr")
    ('Kosova', 'Grèce')
    """
    parse_locale(locale)
    return country_name(code, locale)
