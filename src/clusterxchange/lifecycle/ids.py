"""Exchange IDs: the official IT tool's IDs, and local IDs for exchanges set up outside it.

docs/domain.md, "Lifecycle and documents": exchanges set up outside the official IT tool have no
tool ID and must still be tracked. A **local ID** is derived from what identifies the
exchange, so the same record gets the same ID on any machine, in any run and in any order:

``CXL-2023-DE-PT-BB1RV-NHMJT6``: the prefix ``CXL``, the year of the first day of activity
(``0000`` when unknown), the host and visitor countries (``XX``, a code ISO 3166 leaves to
users and no country has, when not recorded), then ten characters of a BLAKE2b hash
of the exchange's identity in Crockford's base32 (no I, L, O or U to misread) and one check
character (Luhn mod 32) that catches any single mistyped character. Two records with the same
identity in one dataset are told apart by a suffix (``-2``, ``-3``) in a deterministic order.

The identity is the visitor and host (each by PIC where known, else by its folded name and
country), the first day of activity, the event and the mode: never the status, documents or
remarks, which change over the lifecycle. Its canonical text is versioned (``cxl1``) and never
changes within a version.

A local ID can never be taken for a tool ID: it starts with ``CXL-`` (the tool's start with
``EG``), and it has at most six letters and digits in a row where the tool's have eight.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable

import attrs

from clusterxchange.model import Exchange, Generation, Organisation
from clusterxchange.model._validate import to_tuple_of
from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "LOCAL_ID_PREFIX",
    "is_local_id",
    "is_tool_id",
    "local_id",
    "local_identity",
    "with_local_ids",
]

#: Every local ID starts with this; the eligibility checks skip the ``it_tool_id`` rule for it.
LOCAL_ID_PREFIX = "CXL-"

#: Crockford's base32 alphabet: digits and letters without I, L, O and U.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_HASH_CHARS = 10  # 50 bits per (year, host country, visitor country): collisions ~ n² / 2^51
_IDENTITY_VERSION = "cxl1"
_SYMBOL = f"[{_ALPHABET}]"
_LOCAL = re.compile(
    rf"CXL-(?:\d{{4}})-[A-Z]{{2}}-[A-Z]{{2}}-(?P<a>{_SYMBOL}{{5}})-(?P<b>{_SYMBOL}{{5}})"
    rf"(?P<check>{_SYMBOL})(?:-(?:[2-9]|[1-9]\d+))?"
)
_NOT_WORD = re.compile(r"[\W_]+")
#: The country part of a local ID when the country is not recorded (user-assigned in ISO 3166).
_NO_COUNTRY = "XX"


def is_tool_id(text: object, generation: Generation | None = None) -> bool:
    """Return whether *text* has the format of an ID issued by the official IT tool.

    The format is the generation's ``it_tool_id_pattern`` (inferred from observed IDs such as
    ``EG927FA8``); without a generation, the pattern of any shipped generation. A local ID is
    never a tool ID, whatever a custom pattern says.

    >>> is_tool_id("EG927FA8"), is_tool_id("EG927FB8"), is_tool_id("CXL-2023-DE-PT-7K3M9-QXR4TV")
    (True, False, False)

    Raises:
        InvalidValueError: *generation* is neither ``None`` nor a :class:`Generation`.
    """
    rules: object = generation  # callers without type checking may pass anything
    if rules is not None and not isinstance(rules, Generation):
        raise InvalidValueError(f"generation: expected a Generation, got {type(rules).__name__}")
    if not isinstance(text, str):
        return False
    candidate = text.strip()
    if candidate.upper().startswith(LOCAL_ID_PREFIX):
        return False
    if generation is not None:
        patterns = {generation.it_tool_id_pattern.value}
    else:
        from clusterxchange.generations import all_generations

        patterns = {g.it_tool_id_pattern.value for g in all_generations()}
    return any(re.fullmatch(pattern, candidate) for pattern in patterns)


def is_local_id(text: object) -> bool:
    """Return whether *text* is a well-formed local ID whose check character is right.

    >>> is_local_id(local_id(_example())), is_local_id("CXL-2023-DE-PT-7K3M9-QXR4TV")
    (True, False)
    """
    if not isinstance(text, str):
        return False
    found = _LOCAL.fullmatch(text.strip())
    return found is not None and _check_symbol(found["a"] + found["b"]) == found["check"]


def _fold(text: str) -> str:
    # Case, accents, punctuation and spacing do not change who an organisation is.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text).split()) or " ".join(text.split())


def _party(organisation: Organisation) -> str:
    if organisation.pic is not None:
        return f"pic:{organisation.pic}"
    return f"name:{_fold(organisation.name)}@{organisation.country or '-'}"


def local_identity(exchange: Exchange) -> str:
    """Return the canonical text of what identifies *exchange*, from which its local ID is made.

    >>> local_identity(_example()).split("|")
    ['cxl1', 'visitor=name:aero lda@PT', 'host=name:hamburg aviation@DE', 'start=2023-03-06',
     'event=-', 'mode=physical']

    Raises:
        InvalidValueError: *exchange* is not an :class:`Exchange`.
    """
    if not isinstance(exchange, Exchange):
        raise InvalidValueError(f"expected an Exchange, got {type(exchange).__name__}")
    start = exchange.start.isoformat() if exchange.start is not None else "-"
    event = _fold(exchange.event) if exchange.event is not None else "-"
    return "|".join(
        (
            _IDENTITY_VERSION,
            f"visitor={_party(exchange.visitor)}",
            f"host={_party(exchange.host)}",
            f"start={start}",
            f"event={event}",
            f"mode={exchange.mode.value}",
        )
    )


def _check_symbol(payload: str) -> str:
    """Return the Luhn mod 32 check character of *payload* (Crockford symbols)."""
    total = 0
    factor = 2
    for symbol in reversed(payload):
        addend = factor * _ALPHABET.index(symbol)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return _ALPHABET[-total % 32]


def local_id(exchange: Exchange) -> str:
    """Return the local ID of *exchange*: the same for the same identity, everywhere, always.

    >>> local_id(_example())
    'CXL-2023-DE-PT-BB1RV-NHMJT6'
    >>> later = attrs.evolve(_example(), status="completed", remarks="done")
    >>> local_id(later)
    'CXL-2023-DE-PT-BB1RV-NHMJT6'
    """
    digest = hashlib.blake2b(local_identity(exchange).encode("utf-8"), digest_size=16).digest()
    number = int.from_bytes(digest, "big") >> (128 - 5 * _HASH_CHARS)
    symbols = "".join(
        _ALPHABET[(number >> (5 * (_HASH_CHARS - 1 - i))) & 31] for i in range(_HASH_CHARS)
    )
    year = f"{exchange.start.year:04d}" if exchange.start is not None else "0000"
    half = _HASH_CHARS // 2
    host, visitor = exchange.host.country or _NO_COUNTRY, exchange.visitor.country or _NO_COUNTRY
    return (
        f"{LOCAL_ID_PREFIX}{year}-{host}-{visitor}-"
        f"{symbols[:half]}-{symbols[half:]}{_check_symbol(symbols)}"
    )


def _plain(value: object) -> object:
    """Return *value* as plain JSON data, with sets sorted, for a canonical text."""
    cls = type(value)
    if attrs.has(cls):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(cls) if f.init}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | decimal.Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, frozenset | set):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _record_text(exchange: Exchange) -> str:
    return json.dumps(_plain(exchange), sort_keys=True, ensure_ascii=False)


def with_local_ids(exchanges: Iterable[Exchange]) -> tuple[Exchange, ...]:
    """Return *exchanges*, in their order, each without an ID given its local ID.

    Exchanges that have an ID keep it. Exchanges sharing an identity (two identical rows, or,
    astronomically unlikely, two identities with the same hash) get the local ID, then
    ``-2``, ``-3``…, in the order of their full canonical record, so the result does not depend
    on the order of the input; a suffix already used by an ID in the dataset is skipped.

    >>> twice = with_local_ids([_example(), _example()])
    >>> twice[1].id == twice[0].id + "-2"
    True
    """
    items = to_tuple_of(exchanges, Exchange, "exchanges")
    taken = {e.id for e in items if e.id is not None}
    groups: dict[str, list[int]] = {}
    for index, exchange in enumerate(items):
        if exchange.id is None:
            groups.setdefault(local_id(exchange), []).append(index)
    assigned: dict[int, str] = {}
    for base, indices in groups.items():
        # The full canonical record only orders a shared identity; most identities are alone.
        if len(indices) > 1:
            indices.sort(key=lambda i: _record_text(items[i]))
        number = 1
        for index in indices:
            candidate = base if number == 1 else f"{base}-{number}"
            while candidate in taken:
                number += 1
                candidate = f"{base}-{number}"
            taken.add(candidate)
            assigned[index] = candidate
            number += 1
    return tuple(
        attrs.evolve(e, id=assigned[i]) if i in assigned else e for i, e in enumerate(items)
    )


def _example() -> Exchange:
    # The exchange the doctests use.
    return Exchange(
        host=Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation"),
        visitor=Organisation(name="Aero, Lda.", country="PT", kind="sme", clusters=["Pemas"]),
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
    )
