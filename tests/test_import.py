"""``import clusterxchange`` stays light: heavy and optional packages load only when needed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import clusterxchange

#: Packages that only the functions needing them may import.
HEAVY = (
    "babel",
    "pycountry",
    "geographiclib",
    "holidays",
    "pandas",
    "polars",
    "matplotlib",
    "openpyxl",
    "hypothesis",
)


def _modules_after(code: str) -> set[str]:
    """Return the top-level packages loaded by a fresh interpreter after running *code*."""
    report = "import json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    script = f"{code}\n{report}"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_import_loads_no_heavy_package() -> None:
    loaded = _modules_after("import clusterxchange")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_the_public_names_load_no_heavy_package() -> None:
    loaded = _modules_after(
        "import clusterxchange\n"
        "for name in clusterxchange.__all__:\n"
        "    getattr(clusterxchange, name)\n"
    )
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_the_command_line_module_loads_no_heavy_package() -> None:
    loaded = _modules_after("import clusterxchange.cli")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_a_generation_loads_without_babel() -> None:
    loaded = _modules_after(
        "import clusterxchange as cx\nassert cx.get_generation('cxc2').ceiling('DK') is not None"
    )
    assert loaded.isdisjoint({"babel", "pandas", "polars", "matplotlib", "hypothesis"})


def test_normalising_a_code_loads_pycountry_only_then() -> None:
    loaded = _modules_after("import clusterxchange as cx\ncx.normalize_country('EL')")
    assert "pycountry" in loaded
    assert loaded.isdisjoint({"pandas", "polars", "matplotlib", "hypothesis", "openpyxl"})


@pytest.mark.parametrize("name", clusterxchange.__all__)
def test_every_public_name_is_importable(name: str) -> None:
    assert getattr(clusterxchange, name) is not None


def test_all_is_sorted_and_unique() -> None:
    names = list(clusterxchange.__all__)
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_version_is_text() -> None:
    assert isinstance(clusterxchange.__version__, str)
    assert clusterxchange.__version__[0].isdigit()
