"""The layers of the package: every import points down, and no import closes a cycle.

Read from every module's source (its syntax tree), so imports inside functions and under
``if TYPE_CHECKING:`` count like the others: a type-only import still ties two modules
together for a reader. docs/design.md, "Layers", draws the same order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import clusterxchange

PACKAGE = "clusterxchange"
SOURCE = Path(clusterxchange.__file__).parent

#: The subpackages, lowest layer first. A module may import its own package, and the packages
#: of lower layers; never a package of its own layer or of a higher one.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"model"}),
    frozenset({"generations"}),
    frozenset({"money", "lifecycle"}),
    frozenset({"eligibility"}),
    frozenset({"io"}),
    frozenset({"kpi"}),
    frozenset({"reports"}),
    frozenset({"examples", "strategies"}),
    frozenset({"cli"}),
)

#: Top-level modules outside the layers: the front door and ``python -m`` may import any
#: package; the version modules import none and every module may import them.
#: Cycles inside one package that are known and kept, each with the reason; any other cycle,
#: and any between packages, fails. Kept short: a new entry needs a reason as good.
KNOWN_CYCLES: dict[tuple[str, ...], str] = {
    (
        "clusterxchange.kpi._chart",
        "clusterxchange.kpi._frames",
        "clusterxchange.kpi._render",
        "clusterxchange.kpi._report",
    ): "KpiReport's methods hand it to its writers, which name its type (type-only imports)",
    (
        "clusterxchange.generations",
        "clusterxchange.generations._custom",
    ): "a custom generation extends a registered one; the registry is the package's own",
}

FRONT = frozenset({PACKAGE, f"{PACKAGE}.__main__"})
BASE = frozenset({f"{PACKAGE}._version_info", f"{PACKAGE}._version"})


def module_name(path: Path, root: Path) -> str:
    """Return the dotted name of the module at *path*, *root* being the package's folder.

    >>> module_name(Path("pkg/io/_csv.py"), Path("pkg"))
    'clusterxchange.io._csv'
    >>> module_name(Path("pkg/io/__init__.py"), Path("pkg"))
    'clusterxchange.io'
    """
    parts = [PACKAGE, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(module: str, source: str, is_package: bool, known: Iterable[str]) -> set[str]:
    """Return the modules of the package that *source* (module *module*) imports.

    ``from a import b`` imports the module ``a.b`` when there is one, else ``a``.

    >>> sorted(imports("clusterxchange.io._csv", "from . import _text\\nimport os", False,
    ...                {"clusterxchange.io._text"}))
    ['clusterxchange.io._text']
    """
    known = set(known)
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
    return {name for name in found if name == PACKAGE or name.startswith(PACKAGE + ".")}


def import_graph(root: Path = SOURCE) -> dict[str, set[str]]:
    """Return each module of the package under *root* with the package modules it imports."""
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    return {
        name: imports(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", paths)
        for name, path in paths.items()
    }


def layer_of(module: str, layers: tuple[frozenset[str], ...] = LAYERS) -> int | None:
    """Return the index in *layers* of *module*'s subpackage (``None``: outside the layers).

    >>> layer_of("clusterxchange.money.days"), layer_of("clusterxchange.cli._check")
    (2, 8)
    """
    parts = module.split(".")
    for index, layer in enumerate(layers):
        if len(parts) > 1 and parts[1] in layer:
            return index
    return None


def violations(
    graph: Mapping[str, Iterable[str]], layers: tuple[frozenset[str], ...] = LAYERS
) -> list[str]:
    """Return every import of *graph* that breaks the layer order, in words, sorted."""
    found = []
    for module, targets in graph.items():
        if module in FRONT:
            continue
        here = layer_of(module, layers)
        if here is None and module not in BASE:
            found.append(f"{module}: in no layer (add its package to LAYERS)")
            continue
        for target in targets:
            there = layer_of(target, layers)
            if target in BASE or module.split(".")[:2] == target.split(".")[:2]:
                continue
            if module in BASE or there is None or here is None or there >= here:
                found.append(f"{module} imports {target}")
    return sorted(found)


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Return the import cycles of *graph*: each group of modules that import each other.

    >>> cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    [['a', 'b', 'c']]
    >>> cycles({"a": {"a"}})
    [['a']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


GRAPH = import_graph()


def test_every_import_points_down() -> None:
    assert violations(GRAPH) == []


def test_no_import_cycle_but_the_known_ones() -> None:
    assert [tuple(c) for c in cycles(GRAPH)] == sorted(KNOWN_CYCLES)


def test_the_known_cycles_stay_inside_one_package() -> None:
    for cycle in KNOWN_CYCLES:
        assert len({m.split(".")[1] for m in cycle}) == 1, cycle


def test_every_subpackage_has_a_layer() -> None:
    subpackages = {p.name for p in SOURCE.iterdir() if (p / "__init__.py").exists()}
    assert subpackages == set().union(*LAYERS)


def test_the_graph_sees_every_kind_of_import() -> None:
    # A function-level import, a type-only import and a relative import all count.
    assert "clusterxchange.reports._render" in GRAPH["clusterxchange.reports.coordinator"]
    assert "clusterxchange.model.errors" in GRAPH["clusterxchange.model.countries"]
    assert "clusterxchange.io" in GRAPH["clusterxchange.kpi._render"]


def _write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_lower_layer_importing_a_higher_one_is_found(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "__init__.py": "",
            "model/__init__.py": "",
            "model/errors.py": "from clusterxchange.model import _kinds\n",
            "model/_kinds.py": "",
            "money/__init__.py": "",
            "money/days.py": (
                "from typing import TYPE_CHECKING\n"
                "from clusterxchange.model.errors import X\n"
                "if TYPE_CHECKING:\n"
                "    from clusterxchange.eligibility import Verdict\n"
            ),
            "eligibility/__init__.py": "from clusterxchange.money import days\n",
        },
    )
    graph = import_graph(root)
    assert violations(graph) == ["clusterxchange.money.days imports clusterxchange.eligibility"]
    assert cycles(graph) == [["clusterxchange.eligibility", "clusterxchange.money.days"]]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "lifecycle/__init__.py": "def f():\n    from clusterxchange.money import days\n",
                "money/__init__.py": "",
                "money/days.py": "",
            },
            ["clusterxchange.lifecycle imports clusterxchange.money.days"],
            id="peers of a layer",
        ),
        pytest.param(
            {"loose.py": "", "model/__init__.py": ""},
            ["clusterxchange.loose: in no layer (add its package to LAYERS)"],
            id="a module outside the layers",
        ),
    ],
)
def test_other_violations_are_found(
    tmp_path: Path, files: dict[str, str], expected: list[str]
) -> None:
    assert violations(import_graph(_write(tmp_path, {"__init__.py": "", **files}))) == expected


@pytest.mark.parametrize("source", ["from .. import errors", "from ..errors import X"])
def test_relative_imports_resolve_to_their_module(source: str) -> None:
    known = {"clusterxchange.model.errors"}
    found = imports("clusterxchange.model.sub._x", source, False, known)
    assert found == {"clusterxchange.model.errors"}
