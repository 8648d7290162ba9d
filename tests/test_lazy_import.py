"""The package imports each public name's module on first use; the table of homes is right."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import clusterxchange

INIT = Path(clusterxchange.__file__)


def _typing_imports() -> dict[str, str]:
    """Return name -> module of the imports under ``if TYPE_CHECKING:`` in __init__.py."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                assert statement.module is not None
                for alias in statement.names:
                    found[alias.asname or alias.name] = statement.module
    return found


def test_the_table_of_homes_matches_the_typing_imports_and_all() -> None:
    homes = clusterxchange._HOME_OF
    assert homes == _typing_imports()
    assert set(clusterxchange.__all__) == {*homes, "__version__"}


@pytest.mark.parametrize("name", sorted(clusterxchange._HOME_OF))
def test_every_public_name_is_its_home_modules_object(name: str) -> None:
    home = importlib.import_module(clusterxchange._HOME_OF[name])
    assert getattr(clusterxchange, name) is getattr(home, name)


def test_no_submodule_is_named_like_a_public_name() -> None:
    # Importing a submodule binds it in the package under its own name, which would hide a
    # public name spelled the same (`import clusterxchange.budget` once gave the function).
    package = Path(clusterxchange.__file__).parent
    submodules = {info.name for info in pkgutil.iter_modules([str(package)])}
    assert submodules, package
    assert not submodules & set(clusterxchange.__all__)


def test_importing_a_submodule_keeps_the_public_names() -> None:
    code = (
        "import types, clusterxchange, clusterxchange.reports.budgets, clusterxchange.reports\n"
        "assert callable(clusterxchange.budget), clusterxchange.budget\n"
        "assert isinstance(clusterxchange.reports.budgets, types.ModuleType)\n"
        "assert clusterxchange.budget is clusterxchange.reports.budgets.budget\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_importing_the_package_imports_no_public_module() -> None:
    code = (
        "import sys, clusterxchange\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('clusterxchange.'))\n"
        "assert loaded == ['clusterxchange._version', 'clusterxchange._version_info'] or "
        "loaded == ['clusterxchange._version_info'], loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = clusterxchange.no_such_name  # type: ignore[attr-defined]
    assert not hasattr(clusterxchange, "no_such_name")


def test_dir_lists_every_public_name() -> None:
    assert set(clusterxchange.__all__) <= set(dir(clusterxchange))


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from clusterxchange import *", namespace)
    assert set(clusterxchange.__all__) <= set(namespace)
