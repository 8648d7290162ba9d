"""Who a visitor is, across the rows of a dataset: by PIC where known, else by name and country.

Partnerships write the same organisation in many ways ("Aero, Lda.", "AERO LDA"). A name is
compared after Unicode NFKC normalisation, case folding, removal of accents and punctuation,
and removal of legal-form suffixes ("GmbH", "Ltd", "S.A.", "sp. z o.o."), which are data here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["LEGAL_FORMS", "normalise_name"]

#: Legal-form suffixes, written as the words left once dots are dropped and other punctuation
#: becomes a space ("S.A." -> "sa", "sp. z o.o." -> "sp z oo"). Sources: the legal forms of
#: the EU and COSME countries as written in partnership reports and company registers.
LEGAL_FORMS: frozenset[tuple[str, ...]] = frozenset(
    tuple(form.split())
    for form in (
        # German-speaking countries
        "gmbh", "ag", "kg", "ohg", "ug", "ev", "eg", "gbr", "kgaa", "co", "cie", "mbh",
        # English-speaking countries
        "ltd", "limited", "plc", "llp", "inc", "llc", "corp", "company", "clg", "dac",
        # Romance-language countries
        "sa", "sas", "sarl", "sasu", "eurl", "sca", "scs", "snc", "srl", "spa", "sapa", "sl",
        "slu", "scl", "lda", "unipessoal", "sgps", "scrl", "sprl", "asbl", "aisbl",
        # Benelux
        "bv", "nv", "bvba", "vof", "cv", "vzw", "cvba", "srl", "sc",
        # Nordic countries
        "ab", "publ", "oy", "oyj", "as", "asa", "aps", "ans", "is", "ehf", "hf", "ry",
        # Central and eastern Europe, the Balkans, Turkey
        "sro", "spol", "sp z oo", "sp j", "sa", "kft", "zrt", "nyrt", "bt", "doo", "dd",
        "ad", "ead", "ood", "eood", "ou", "uab", "sia", "as", "ltd sti", "as", "sh pk",
        "shpk", "tov", "pp", "srl", "se",
    )
)  # fmt: skip

#: One-word legal forms, and the longer ones by their last word.
_ONE_WORD: frozenset[str] = frozenset(form[0] for form in LEGAL_FORMS if len(form) == 1)
_by_last_word: dict[str, tuple[tuple[str, ...], ...]] = {}
for _form in sorted(LEGAL_FORMS, key=len, reverse=True):
    if len(_form) > 1:
        _by_last_word[_form[-1]] = (*_by_last_word.get(_form[-1], ()), _form)
_BY_LAST_WORD: Mapping[str, tuple[tuple[str, ...], ...]] = MappingProxyType(_by_last_word)
del _form, _by_last_word

_NOT_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Return *name* folded for comparison: case, accents, punctuation and legal form dropped.

    A name that is nothing but a legal form keeps it, rather than becoming empty.

    >>> normalise_name("Aero, Lda."), normalise_name("AERO LDA"), normalise_name("Äero")
    ('aero', 'aero', 'aero')
    >>> normalise_name("Müller Technik GmbH & Co. KG"), normalise_name("Baltic Robotics S. A.")
    ('muller technik', 'baltic robotics')
    >>> normalise_name("Plan B"), normalise_name("GmbH"), normalise_name("ＡＥＲＯ sp. z o.o.")
    ('plan b', 'gmbh', 'aero')
    """
    if name.isascii():
        # The common case, without Unicode normalisation: same result, a fraction of the cost.
        text = name.lower().replace(".", "")
        if not text.replace(" ", "").isalnum():
            text = _NOT_WORD.sub(" ", text)
        words = text.split()
    else:
        text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace(".", "")
        words = _NOT_WORD.sub(" ", text).split()
    if not words:
        return " ".join(name.casefold().split())
    kept = _strip_legal_forms(words)
    return " ".join(kept or words)


def _strip_legal_forms(words: list[str]) -> list[str]:
    """Return *words* without the legal forms at their end, dropped repeatedly ("gmbh co kg")."""
    kept = list(words)
    while kept:
        last = kept[-1]
        if last in _ONE_WORD:
            kept.pop()
            continue
        forms = _BY_LAST_WORD.get(last)
        if forms is not None and _drop_form(kept, forms):
            continue
        if len(last) == 1:
            # "S. A." written with spaces: single letters at the end read as one word.
            run = 1
            while run < len(kept) and len(kept[-1 - run]) == 1:
                run += 1
            if run >= 2 and ("".join(kept[-run:]),) in LEGAL_FORMS:
                del kept[-run:]
                continue
        return kept
    return kept


def _drop_form(words: list[str], forms: tuple[tuple[str, ...], ...]) -> bool:
    """Drop the first of *forms* (longest first) that *words* end with; say whether one was."""
    for form in forms:
        size = len(form)
        if size <= len(words) and tuple(words[-size:]) == form:
            del words[-size:]
            return True
    return False
