"""The values page lists every label, country alias and date format, and is generated from them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from clusterxchange.io import KIND_LABELS, MODE_LABELS, RELATION_LABELS, STATUS_LABELS
from clusterxchange.io._formats import APPROXIMATION_WORDS, DATE_EXAMPLES, DISTANCE_UNITS
from clusterxchange.io._labels import AMBIGUOUS_LABELS, LABEL_NOTES
from clusterxchange.model.countries import COUNTRY_ALIASES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "values_reference", DOCS / "_ext" / "values_reference.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VALUES = _extension()
PAGE = VALUES.render()


def test_the_committed_page_matches_the_data() -> None:
    committed = (DOCS / "values.md").read_text(encoding="utf-8")
    assert committed == PAGE, "docs/values.md is stale: build the docs and commit the page"


@pytest.mark.parametrize(
    "table", [KIND_LABELS, STATUS_LABELS, MODE_LABELS, RELATION_LABELS],
    ids=["kinds", "statuses", "modes", "relations"],
)  # fmt: skip
def test_every_label_is_on_the_page_beside_its_value(table: dict[str, object]) -> None:
    rows = {line.split(" | ")[0].strip("| `"): line for line in PAGE.splitlines()}
    for label, value in table.items():
        assert f"`{label}`" in rows[str(value)], (label, value)


def test_every_ambiguous_label_note_country_and_word_is_on_the_page() -> None:
    for table in AMBIGUOUS_LABELS.values():
        for label, readings in table.items():
            assert f"`{label}` | {readings} |" in PAGE
    for label in LABEL_NOTES:
        assert f"| `{label}` |" in PAGE
    for name, code in COUNTRY_ALIASES.items():
        assert f"| `{name}` | `{code}` |" in PAGE
    for word in (*APPROXIMATION_WORDS, *DISTANCE_UNITS):
        assert f"`{word}`" in PAGE


def test_every_date_format_is_on_the_page() -> None:
    for example, covers in DATE_EXAMPLES:
        assert f"| `{example}` | {covers} |" in PAGE
    assert "| 11 | " in PAGE
    assert "Kasım" in PAGE


def test_the_page_is_rewritten_only_when_it_changed(tmp_path: Path) -> None:
    assert VALUES.write_page(tmp_path)
    assert not VALUES.write_page(tmp_path)
    (tmp_path / "values.md").write_text("old", encoding="utf-8")
    assert VALUES.write_page(tmp_path)


def test_the_command_line_page_links_the_values_page() -> None:
    assert "{doc}`values`" in (DOCS / "command-line.md").read_text(encoding="utf-8")
