"""Resolve references to clusterxchange objects to where the API reference documents them.

The API reference documents every object once, with the public module that defines it
(``clusterxchange.model.Exchange``, ``clusterxchange.money.pricing.lump_sum``). Pages and
docstrings also write other names for the same objects: the short, importable ones
(``clusterxchange.Exchange``), a public module's name for an object defined in one of its
private modules (``clusterxchange.io.read_exchanges``), or a bare name in a docstring, which
means the name as the docstring's module sees it (``Exchange`` in
``clusterxchange.reports.budgets``).

When Sphinx finds no target for such a reference, this extension imports the object, and
links to its documented name: the public part of its ``__module__`` and its qualified name.
An attribute or constant without an entry of its own (attributes are described in their
class's "Attributes" section) links to the nearest documented place that describes it: its
class, else its module. A reference to anything that is not an object of clusterxchange stays
unresolved, so ``-n -W`` still fails on a broken reference.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

__all__ = ["candidates", "setup"]

_PACKAGE = "clusterxchange"


def _public(module_name: str) -> str:
    return ".".join(part for part in module_name.split(".") if not part.startswith("_"))


def _lookup(module: ModuleType, path: list[str]) -> str | None:
    """Return the documented name of the object at *path* under *module* (``None``: none)."""
    head: Any = None
    obj: Any = module
    for part in path:
        found = getattr(obj, part, None)
        if found is None and obj is module:
            # A submodule that is not imported yet (clusterxchange.generations.cxc2).
            try:
                found = importlib.import_module(f"{module.__name__}.{part}")
            except ImportError:
                found = None
        if found is None:
            return None
        head = found if head is None else head
        obj = found
    home = getattr(head, "__module__", None)
    if isinstance(head, ModuleType):
        home, qualified = head.__name__, ""
    elif isinstance(home, str) and home.startswith(_PACKAGE) and hasattr(head, "__qualname__"):
        qualified = head.__qualname__
    elif path[0] in getattr(module, "__all__", ()):
        # A constant or a type alias: described by the module that exports it.
        home, qualified = module.__name__, path[0]
    else:
        return None
    return ".".join(p for p in (_public(home), qualified, *path[1:]) if p)


def _public_modules() -> list[str]:
    import pkgutil

    package = importlib.import_module(_PACKAGE)
    return [
        f"{_PACKAGE}.{m.name}"
        for m in pkgutil.iter_modules(package.__path__)
        if not m.name.startswith("_") and m.name != "cli"
    ]


def _modules(target: str, context: str | None) -> Iterator[tuple[ModuleType, list[str]]]:
    """Yield (module, attribute path) pairs *target* may mean, most likely first."""
    parts = target.split(".")
    if target.startswith(_PACKAGE + "."):
        for cut in range(len(parts) - 1, 0, -1):
            try:
                module = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            yield module, parts[cut:]
        return
    # A bare name: as the docstring's module sees it, else as the package exports it, else
    # in the one public module that has it.
    private: list[str] = []
    if context and context.startswith(_PACKAGE):
        import pkgutil

        package = importlib.import_module(context)
        private = [
            f"{context}.{m.name}"
            for m in pkgutil.iter_modules(getattr(package, "__path__", []))
            if m.name.startswith("_")
        ]
    for name in (context, *private, _PACKAGE, *_public_modules()):
        if name and name.startswith(_PACKAGE):
            try:
                yield importlib.import_module(name), parts
            except ImportError:
                continue


def candidates(target: str, context: str | None = None) -> list[str]:
    """Return the names *target* may be documented under, best first (empty: not ours).

    *context* is the module whose docstring holds the reference, for bare names.

    >>> candidates("clusterxchange.Exchange")[0]
    'clusterxchange.model.Exchange'
    """
    for module, path in _modules(target, context):
        found = _lookup(module, path)
        if found is None:
            continue
        name = found
        names = [name]
        # Then the enclosing class and module, for attributes and constants without an entry.
        while "." in name:
            name = name.rpartition(".")[0]
            if name == _PACKAGE:
                break
            names.append(name)
        return [n for n in names if n != target]
    return []


def _resolve(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    target, module, cls = node.get("reftarget", ""), node.get("py:module"), node.get("py:class")
    # A bare attribute name in a class's docstring means the class's attribute.
    names = candidates(f"{cls}.{target}", module) if cls and "." not in target else []
    for name in names or candidates(target, module):
        for reftype in (node["reftype"], "obj", "mod"):
            found = domain.resolve_xref(
                env, node["refdoc"], app.builder, reftype, name, node, contnode
            )
            if found is not None:
                return found
    return None


def setup(app: Any) -> dict[str, Any]:
    """Register the resolver with Sphinx."""
    app.connect("missing-reference", _resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
