"""Messages for people in their own language: the gettext catalogues of the package.

Headings, labels and messages of the human outputs (the command line's text and Markdown, the
coordinator's report, a lump sum's explanation) are English message ids, translated through
the catalogues under ``clusterxchange/locales/<language>/LC_MESSAGES/clusterxchange.po``
(one per language of :data:`LOCALES`; the template is ``messages.pot`` beside them). A built
package (wheel, sdist, editable install) holds the compiled ``.mo`` files next to them; a
source checkout that has none compiles the ``.po`` in memory on first use, so it works as
it is. English needs no catalogue: its messages are the ids.

Machine outputs (JSON, CSV) are never translated. See docs/howto/translate.md for the
translators' workflow.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from clusterxchange.model.formatting import parse_locale

__all__ = ["DOMAIN", "LOCALES", "N_", "and_list", "catalogue_file", "term", "translation"]

#: The gettext domain: the name of every catalogue file.
DOMAIN = "clusterxchange"

#: The languages a catalogue ships for (English is the message ids themselves).
LOCALES: tuple[str, ...] = ("da", "de", "fr", "nl", "es", "it", "pt", "hu", "tr")

_DIRECTORY = Path(__file__).resolve().parent.parent / "locales"


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Return *message* as it is, marked for extraction: it is translated where it is shown.

    >>> N_("paid")
    'paid'
    """
    return message


#: The values the human outputs show as words (statuses, severities, outcomes, confidences,
#: modes, budget categories), each translated where it is written; ids stay English in JSON.
_TERMS: Mapping[str, str] = MappingProxyType(
    {
        value: value
        for value in (
            # lifecycle statuses
            N_("draft"),
            N_("registered"),
            N_("matched"),
            N_("prepared"),
            N_("in_progress"),
            N_("awaiting_final_report"),
            N_("completed"),
            N_("paid"),
            N_("cancelled"),
            # severities of a finding
            N_("error"),
            N_("warning"),
            N_("undecided"),
            N_("info"),
            # confidence of a source
            N_("high"),
            N_("medium"),
            N_("low"),
            # mode of an exchange, and how a distance is known
            N_("physical"),
            N_("virtual"),
            N_("declared"),
            N_("computed"),
            # budget categories
            N_("committed"),
            N_("payable"),
        )
    }
)


def catalogue_file(language: str, suffix: str = ".po") -> Path:
    """Return the path of *language*'s catalogue (``.po``, or the compiled ``.mo``).

    >>> catalogue_file("de").parts[-3:]
    ('de', 'LC_MESSAGES', 'clusterxchange.po')
    """
    return _DIRECTORY / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def translation(locale: str) -> gettext.NullTranslations:
    """Return the messages of *locale*: its language's catalogue, else English.

    A regional locale (``de_AT``, ``pt_BR``) takes its language's catalogue; a language with
    no catalogue (``en``, ``sv``) gets the English messages.

    Raises:
        InvalidValueError: *locale* is not a known CLDR locale.

    >>> translation("de").gettext("Summary")
    'Zusammenfassung'
    >>> translation("en_GB").gettext("Summary")
    'Summary'
    >>> translation("de").gettext("")  # a blank cell stays blank
    ''
    """
    language = str(parse_locale(locale).language)
    return _catalogue(language) if language in LOCALES else gettext.NullTranslations()


class _Catalogue(gettext.GNUTranslations):
    """A compiled catalogue whose empty message stays empty (gettext's would be the header)."""

    def gettext(self, message: str) -> str:
        return super().gettext(message) if message else message


@functools.lru_cache(maxsize=len(LOCALES))
def _catalogue(language: str) -> gettext.NullTranslations:
    """Return *language*'s compiled catalogue; compile the ``.po`` when no fresh ``.mo`` exists."""
    po, mo = catalogue_file(language), catalogue_file(language, ".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as stream:
            return _Catalogue(stream)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as stream:
        catalogue = read_po(stream, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return _Catalogue(compiled)


def term(value: str, locale: str) -> str:
    """Return the word for value *value* (a status, severity, confidence...) in *locale*.

    A value the package does not know (a custom one) is returned as it is.

    >>> term("paid", "de"), term("paid", "en"), term("custom", "fr")
    ('bezahlt', 'paid', 'custom')
    """
    known = _TERMS.get(value)
    if known is None:
        return value
    return translation(locale).gettext(known)


def and_list(items: Sequence[str], locale: str) -> str:
    """Return *items* as a list in words: ``a, b and c`` in *locale*.

    >>> and_list(["the exchanges target", "the per-kind targets together"], "en")
    'the exchanges target and the per-kind targets together'
    >>> and_list(["a", "b", "c"], "de"), and_list(["a"], "fr"), and_list([], "fr")
    ('a, b und c', 'a', '')
    """
    if len(items) < 2:
        return "".join(items)
    return (
        translation(locale)
        .gettext("{first} and {second}")
        .format(first=", ".join(items[:-1]), second=items[-1])
    )
