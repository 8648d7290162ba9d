"""The literal registry matches the generation modules present and the table in the docs."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import clusterxchange.generations as generations_package
from clusterxchange import Generation, all_generations, get_generation
from clusterxchange.generations import REGISTRY

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _generation_modules() -> set[str]:
    """Return the public modules under generations/: one per generation."""
    return {
        f"{generations_package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(generations_package.__path__)
        if not info.name.startswith("_")
    }


def test_registry_lists_every_generation_module() -> None:
    assert set(REGISTRY.values()) == _generation_modules()


def test_each_module_holds_the_generation_of_its_id() -> None:
    for generation_id, module_name in REGISTRY.items():
        module = importlib.import_module(module_name)
        assert module_name.rsplit(".", 1)[1] == generation_id
        assert isinstance(module.GENERATION, Generation)
        assert module.GENERATION.id == generation_id
        assert module.__all__ == ["GENERATION"]
        assert get_generation(generation_id) is module.GENERATION


def test_each_module_opens_with_its_sources() -> None:
    for module_name in REGISTRY.values():
        doc = importlib.import_module(module_name).__doc__ or ""
        assert "Sources:" in doc, module_name


def test_registry_is_oldest_first() -> None:
    starts = [g.period.value.start for g in all_generations()]
    assert starts == sorted(starts)
    assert list(REGISTRY) == [g.id for g in all_generations()]


def test_registry_is_read_only() -> None:
    assert not hasattr(REGISTRY, "__setitem__")


def _docs_generations_table() -> dict[str, tuple[str, str]]:
    """Return id -> (start, end) from the generations table of docs/index.md."""
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    section = text.split("## Generations", 1)[1]
    rows = re.findall(
        r"^\| `(?P<id>[^`]+)` \| (?P<start>\d{4}-\d{2}-\d{2}) \.\. (?P<end>\d{4}-\d{2}-\d{2}) \|",
        section,
        flags=re.MULTILINE,
    )
    return {generation_id: (start, end) for generation_id, start, end in rows}


def test_docs_table_lists_every_generation_with_its_period() -> None:
    table = _docs_generations_table()
    assert list(table) == list(REGISTRY)
    for generation in all_generations():
        period = generation.period.value
        assert table[generation.id] == (period.start.isoformat(), period.end.isoformat())


def test_docs_table_names_each_programme_call() -> None:
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    for generation in all_generations():
        call = re.search(r"COS-CLUSTER-\d{4}-\d-\d{2}", generation.programme.value)
        assert call is not None
        assert f"`{generation.id}` |" in text
        row = next(line for line in text.splitlines() if line.startswith(f"| `{generation.id}`"))
        assert call.group(0) in row
