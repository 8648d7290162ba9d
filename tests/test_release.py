"""Release readiness: the metadata, and what the built wheel and sdist hold.

The full check (a fresh virtual environment installs the wheel and runs ``clusterxchange demo``)
needs the network for the dependencies, so it is the non-default ``nox -s release`` session.
These tests stay offline: they read pyproject.toml and, where ``build`` and hatchling are
installed (the dev environment), build both artefacts without isolation and look inside.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from clusterxchange.examples import EXAMPLE_FILES

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_classifiers_say_typed_and_licensed() -> None:
    classifiers = PYPROJECT["project"]["classifiers"]
    assert "Typing :: Typed" in classifiers
    assert (ROOT / "src" / "clusterxchange" / "py.typed").exists()
    assert PYPROJECT["project"]["license"] == "MIT"


def test_console_script_is_the_cli() -> None:
    assert PYPROJECT["project"]["scripts"] == {"clusterxchange": "clusterxchange.cli:main"}


def test_wheel_takes_the_whole_package_directory() -> None:
    # hatchling ships every file under the package directory that git does not ignore, so the
    # example data needs no separate package-data list; it must not be ignored, though.
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [
        "src/clusterxchange"
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", *(f"src/clusterxchange/examples/{n}" for n in EXAMPLE_FILES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout == ""


def test_readme_shows_install_python_and_command_line() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m pip install . && clusterxchange demo" in readme
    assert "```python" in readme
    assert "clusterxchange demo" in readme
    assert "docs" in readme


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    pytest.importorskip("hatch_vcs")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_wheel_holds_the_examples_and_the_typing_marker(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    for name in EXAMPLE_FILES:
        assert f"clusterxchange/examples/{name}" in names
    assert "clusterxchange/py.typed" in names
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert "clusterxchange demo" in (metadata.get_payload() or "")


def test_wheel_holds_the_compiled_catalogues(dist: Path) -> None:
    from clusterxchange.model.translations import LOCALES

    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for language in LOCALES:
        assert f"clusterxchange/locales/{language}/LC_MESSAGES/clusterxchange.mo" in names


def test_sdist_holds_tests_docs_and_changelog(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for expected in (
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "noxfile.py",
        "src/clusterxchange/examples/tideway.csv",
        "docs/_ext/rules_reference.py",
        "tests/test_release.py",
        "hatch_build.py",
        "babel.cfg",
        "src/clusterxchange/locales/messages.pot",
        "src/clusterxchange/locales/de/LC_MESSAGES/clusterxchange.po",
        "src/clusterxchange/locales/de/LC_MESSAGES/clusterxchange.mo",
    ):
        assert expected in names
    assert not any(name.startswith("docs/_build") for name in names)


def test_twine_check_passes(dist: Path) -> None:
    pytest.importorskip("twine")
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
