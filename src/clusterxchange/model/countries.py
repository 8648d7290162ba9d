"""Country codes and names: one normalising function for every way partnerships write a country.

Canonical codes are ISO 3166-1 alpha-2 (``GR``, ``GB``), plus ``XK`` for Kosovo, which ISO
3166 (and so pycountry) lacks. Accepted on input: alpha-2 and alpha-3 codes, the EU's own codes
(``EL`` for Greece, ``UK`` for the United Kingdom, ``XK`` for Kosovo), English names, and the
names used in the locales clusterxchange is tested in. pycountry's database is only read,
never extended; babel supplies localised names, always for an explicit locale.

pycountry and babel are imported on first use, so ``import clusterxchange`` stays light.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from clusterxchange.model.errors import InvalidValueError, UnknownCountryError

__all__ = [
    "COUNTRY_ALIASES",
    "EU_CODES",
    "NAME_LOCALES",
    "UK_NATIONS",
    "country_name",
    "normalize_country",
]

#: The EU's own country codes that differ from ISO 3166-1 alpha-2, mapped to the canonical code.
#: Source: ec.europa.eu/eurostat (Statistics Explained, "Glossary:Country codes").
EU_CODES: Mapping[str, str] = MappingProxyType({"EL": "GR", "UK": "GB", "XK": "XK"})

#: Locales whose country names :func:`normalize_country` also accepts.
NAME_LOCALES: tuple[str, ...] = (
    "en", "da", "de", "fr", "nl", "es", "it", "pt", "hu", "tr", "el", "pl", "sv", "fi", "cs",
    "sk", "sl", "hr", "ro", "bg", "et", "lv", "lt", "is", "mt", "ga", "sq", "sr", "mk", "uk",
)  # fmt: skip

_KOSOVO_KEYS = ("xk", "xkx", "kosovo", "kosova", "kosovo*")

#: The nations of the United Kingdom, read as ``GB`` (the scheme treats the UK as one
#: participant, eligible under the Withdrawal Agreement with a note): their folded names.
UK_NATIONS: frozenset[str] = frozenset(
    {
        "england", "scotland", "wales", "northern ireland",
        # The same in the package's locales: fr, de, es, it, pt, nl.
        "angleterre", "ecosse", "pays de galles", "irlande du nord",
        "schottland", "nordirland",
        "inglaterra", "escocia", "gales", "irlanda del norte",
        "inghilterra", "scozia", "galles", "irlanda del nord",
        "irlanda do norte",
        "engeland", "schotland", "noord ierland",
    }
)  # fmt: skip

#: Names in everyday use that neither ISO 3166 (pycountry) nor CLDR (babel, in
#: :data:`NAME_LOCALES`) gives, mapped to the canonical code; folded as :func:`normalize_country`
#: folds its input (a leading "the", hyphens and trailing punctuation are ignored anyway).
#: Sources: the names partnerships write in their sheets and reports (Turkey, Czech Republic,
#: Macedonia, FYROM, Holland, Bosnia, Great Britain); the EU's interinstitutional style guide
#: (publications.europa.eu/code/en/en-5000500.htm) for former official names ("former
#: Yugoslav Republic of Macedonia"); and the endonyms of the scheme's candidate countries that
#: CLDR does not list in these locales (Hellas/Ellada, Shqipëria, Hayastan). The former and
#: everyday names that CLDR replaced (Czech Republic, Macedonia, Great Britain, Holland) are
#: also given as written in the package's locales (République tchèque, Mazedonien, ...).
COUNTRY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "turkey": "TR",
        "turkiye": "TR",
        "turkiye cumhuriyeti": "TR",
        "republic of turkiye": "TR",
        "czech republic": "CZ",
        "czech rep": "CZ",
        "slovak rep": "SK",
        "moldova": "MD",
        "rep of moldova": "MD",
        "macedonia": "MK",
        "fyrom": "MK",
        "fyr macedonia": "MK",
        "former yugoslav republic of macedonia": "MK",
        "great britain": "GB",
        "britain": "GB",
        **dict.fromkeys(sorted(UK_NATIONS), "GB"),
        "bosnia": "BA",
        "bosnia herzegovina": "BA",
        "bosnien": "BA",  # de, short
        "bosnie": "BA",  # fr, short
        "holland": "NL",
        "hellas": "GR",
        "ellada": "GR",
        "shqiperia": "AL",
        "shqiperi": "AL",
        "hayastan": "AM",
        "kosovo under unscr 1244": "XK",
        "kosovo under unscr 1244/99": "XK",
        # The same former and everyday names in the package's locales (CLDR gives Tchéquie,
        # Tschechien, Chequia, Cechia...; sheets keep the older names).
        **dict.fromkeys(
            (
                "republique tcheque",
                "tschechische republik",
                "republica checa",
                "repubblica ceca",
                "tsjechische republiek",
                "tjekkiske republik",
                "den tjekkiske republik",
                "cseh koztarsasag",
                "cek cumhuriyeti",
                "republika czeska",
                "ceska republika",
            ),
            "CZ",
        ),
        **dict.fromkeys(
            (
                "republique slovaque",
                "slowakische republik",
                "republica eslovaca",
                "repubblica slovacca",
                "slowaakse republiek",
                "slovenska republika",
            ),
            "SK",
        ),
        **dict.fromkeys(("macedoine", "mazedonien", "macedonie", "makedonien"), "MK"),
        **dict.fromkeys(
            (
                "grande bretagne",
                "grossbritannien",
                "gran bretana",
                "gran bretagna",
                "gra bretanha",
                "groot brittannie",
                "storbritannien",
            ),
            "GB",
        ),
        **dict.fromkeys(("hollande", "olanda", "holanda"), "NL"),
        **dict.fromkeys(("bundesrepublik deutschland", "brd"), "DE"),
        "republique de moldavie": "MD",
        # Taiwan's official name: without it, "Republic of China" would read as China.
        "republic of china": "TW",
    }
)

_THE = ("the ", "republic of ", "rep of ")
_EDGE_PUNCTUATION = " .,;:!?-–—'\"()[]"
_CODE_AND_NAME = re.compile(r"(.+?)\s*\(([^()]+)\)|(.+?)\s+[-–—:/]\s+(.+)")


def _fold(text: str) -> str:
    """Fold *text* for matching: NFKC, casefold, one space, no dots, hyphens, brackets, accents.

    Brackets fold to spaces so that CLDR's "Myanmar (Burma)" matches however its edges were
    trimmed.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).casefold().replace(".", "")
    for separator in (",", "-", "(", ")"):
        text = text.replace(separator, " ")
    return " ".join(text.replace("&", " and ").split())


@functools.cache
def _iso_index() -> Mapping[str, str]:
    """Map folded ISO codes and English names to canonical codes (read from pycountry once)."""
    import pycountry

    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        index[_fold(code)] = code
        index[_fold(str(country.alpha_3))] = code
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                index.setdefault(_fold(str(name)), code)
    for eu_code, code in EU_CODES.items():
        index[_fold(eu_code)] = code
    for key in _KOSOVO_KEYS:
        index[key] = "XK"
    for name, code in COUNTRY_ALIASES.items():
        index.setdefault(_fold(name), code)
    return MappingProxyType(index)


@functools.cache
def _localised_index() -> Mapping[str, str]:
    """Map folded country names in :data:`NAME_LOCALES` to canonical codes (babel, once)."""
    from babel import Locale

    index: dict[str, str] = {}
    for locale in NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "ZZ", "QO"}:
                index.setdefault(_fold(name), code)
    return MappingProxyType(index)


def _lookup(text: str) -> str | None:
    """Return the code of a country written one way, or ``None``."""
    key = _fold(text.strip(_EDGE_PUNCTUATION))
    candidates = (key, *(key.removeprefix(p) for p in _THE if key.startswith(p)))
    for index in (_iso_index, _localised_index):  # babel only when ISO does not know the name
        for candidate in candidates:
            code = index().get(candidate)
            if code is not None:
                return code
    if key.startswith("the "):
        return _lookup(key.removeprefix("the "))
    return None


@functools.lru_cache(maxsize=4096)
def _normalize_text(text: str) -> str:
    code = _lookup(text)
    if code is not None:
        return code
    # "Germany (DE)", "DE - Germany": both halves must name the same country.
    if parts := _CODE_AND_NAME.fullmatch(text.strip()):
        first, second = (parts[1], parts[2]) if parts[1] else (parts[3], parts[4])
        code, other = _lookup(first), _lookup(second)
        if code is not None and code == other:
            return code
    key = _fold(text)
    iso, localised = _iso_index(), _localised_index()
    candidates = sorted({*iso, *localised})
    close = difflib.get_close_matches(key, candidates, n=3, cutoff=0.75)
    suggestions: list[str] = []
    for match in close:
        code = iso.get(match) or localised[match]
        label = f"{code} ({_english_name(code)})"
        if label not in suggestions:
            suggestions.append(label)
    raise UnknownCountryError(text, suggestions)


def _english_name(code: str) -> str:
    return country_name(code, "en")


def normalize_country(value: object) -> str:
    """Return the canonical code of a country written as a code or a name.

    Args:
        value: An ISO 3166-1 alpha-2 or alpha-3 code, an EU code (``EL``, ``UK``, ``XK``), or a
            country name in English or another supported locale, or an everyday name of
            :data:`COUNTRY_ALIASES`; case, accents, spacing, hyphens, a leading "the", edge
            punctuation and a code beside the name (``Germany (DE)``) do not matter.

    Returns:
        The ISO alpha-2 code, or ``XK`` for Kosovo.

    Raises:
        UnknownCountryError: The value is empty, not text, or not a known country; the message
            names the input and suggests close matches.

    >>> [normalize_country(v) for v in ("EL", "GR", "grc", "Greece")]
    ['GR', 'GR', 'GR', 'GR']
    >>> normalize_country("UK"), normalize_country("Kosovo")
    ('GB', 'XK')
    >>> normalize_country("Danmark")
    'DK'
    >>> [normalize_country(v) for v in ("The Netherlands", "Czech Rep.", "Germany (DE)", "Wales")]
    ['NL', 'CZ', 'DE', 'GB']
    """
    if not isinstance(value, str) or not value.strip():
        raise UnknownCountryError(value)
    if len(value) > 200:
        raise UnknownCountryError(value[:60] + "…")
    return _normalize_text(value.strip())


def country_name(code: str, locale: str = "en") -> str:
    """Return the name of the country with canonical *code* in *locale*.

    Args:
        code: A country code or name (normalised first with :func:`normalize_country`).
        locale: A CLDR locale identifier such as ``en``, ``de`` or ``da_DK``.

    Raises:
        UnknownCountryError: *code* is not a known country.
        InvalidValueError: *locale* is not a known locale.

    >>> country_name("XK", "en"), country_name("XK", "de"), country_name("EL", "da")
    ('Kosovo', 'Kosovo', 'Grækenland')
    """
    canonical = normalize_country(code)
    if not isinstance(locale, str):  # callers without type checking may pass anything
        raise InvalidValueError(f"unknown locale {locale!r}: expected a locale such as en, da")
    return _territory_name(canonical, locale)


@functools.lru_cache(maxsize=1024)
def _territory_name(code: str, locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as error:
        raise InvalidValueError(f"unknown locale {locale!r}: {error}") from None
    name = parsed.territories.get(code)
    if name is None:  # pragma: no cover - CLDR names every ISO country and XK
        import pycountry

        entry = pycountry.countries.get(alpha_2=code)
        name = str(entry.name) if entry is not None else code
    return str(name)
