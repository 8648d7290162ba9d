"""Every public name of clusterxchange has its types checked in tests/typing/test_public_api.py.

That file is checked by ``mypy --strict`` with ``typing.assert_type``; a public name it never
mentions (as ``cx.<name>``) could drift in its signature without any check noticing.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from pathlib import Path

import clusterxchange as cx

TYPED_API = Path(__file__).parent / "typing" / "test_public_api.py"

#: Public names that need no type check, each with the reason. Only exception classes, enums
#: and constants belong here; a function or result class always gets its ``assert_type``.
#: Empty today: every public name, errors and enums included, is checked.
EXEMPT: dict[str, str] = {}


def _unchecked(names: Iterable[str], text: str) -> list[str]:
    """Return the names of *names* that *text* never mentions as ``cx.<name>``, sorted."""
    mentioned = set(re.findall(r"\bcx\.(\w+)", text))
    return sorted(set(names) - mentioned)


def test_every_public_name_is_type_checked() -> None:
    text = TYPED_API.read_text(encoding="utf-8")
    missing = [n for n in _unchecked(cx.__all__, text) if n not in EXEMPT]
    assert not missing, f"add assert_type checks to {TYPED_API.name} for: {', '.join(missing)}"


def test_unchecked_matches_whole_names_only() -> None:
    text = "assert_type(cx.budget(lines), cx.Budget)\nassert_type(cx.lump_sums, str)"
    assert _unchecked(["budget", "Budget", "lump_sum", "plan"], text) == ["lump_sum", "plan"]


def test_exemptions_are_current_and_not_functions() -> None:
    text = TYPED_API.read_text(encoding="utf-8")
    unchecked = set(_unchecked(cx.__all__, text))
    for name, reason in EXEMPT.items():
        assert name in unchecked, f"{name}: exempt but checked or no longer public"
        assert reason.strip(), f"{name}: give the reason for the exemption"
        value = getattr(cx, name)
        kind_ok = isinstance(value, type) and issubclass(value, BaseException | enum.Enum)
        assert kind_ok or not callable(value), f"{name}: only errors, enums and constants"
