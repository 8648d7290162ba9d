"""The one folding every reader's matching starts from: case and accents do not count."""

from __future__ import annotations

import unicodedata

__all__ = ["unaccented"]


def unaccented(text: str) -> str:
    """Return *text* case-folded, without accents, and with the Turkish dotless ``ı`` as ``i``.

    A coordinator's keyboard does not always have the accents a word is spelt with, so
    ``Terminé`` and ``termine``, ``KOBİ`` and ``kobi``, are one word to the readers. Letters
    that are not an accented Latin letter (``ø``, ``æ``) stay as they are.

    >>> unaccented("Terminé"), unaccented("TARIHI"), unaccented("Tamamlandı"), unaccented("Ørsted")
    ('termine', 'tarihi', 'tamamlandi', 'ørsted')
    """
    if text.isascii():  # the common case: nothing to decompose, and casefold() is lower()
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))
