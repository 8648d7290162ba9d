"""The project's whole toolbox: ``nox`` runs tests, lint, typing and docs.

``nox -s tests -- tests/test_countries.py`` passes arguments on to pytest. Sessions that are
not run by default (fuzzing, benchmarks) are listed by ``nox --list``.
"""

from __future__ import annotations

import glob
import os
import shutil

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typing", "docs"]

PYTHON = "3.11"
PYPROJECT = nox.project.load_toml("pyproject.toml")


def _groups(*names: str) -> tuple[str, ...]:
    """Return the requirements of the named ``[dependency-groups]`` of pyproject.toml."""
    return nox.project.dependency_groups(PYPROJECT, *names)


def _hypothesis_env() -> dict[str, str]:
    """Return the hypothesis profile to use: the one named, else ``ci`` under CI, else default.

    tests/conftest.py registers the profiles and makes the same choice, so running pytest
    directly behaves alike; pytest's header names the profile loaded.
    """
    named = os.environ.get("HYPOTHESIS_PROFILE", "").strip()
    profile = named or ("ci" if os.environ.get("CI") else "default")
    return {"HYPOTHESIS_PROFILE": profile}


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite and the doctests with branch coverage (gate in pyproject.toml)."""
    # Editable, so the doctests collected from src/ and the imported package are one module,
    # and a reused environment never tests a stale build (uv caches local builds).
    session.install("-e", ".[all]", *_groups("tests"))
    # The coverage gate (fail_under in pyproject.toml) judges the whole suite; a run narrowed
    # by arguments (one file, -k) still reports coverage but is not failed by it.
    gate = ["--cov-fail-under=0"] if session.posargs else []
    session.run(
        "python",
        "-m",
        "pytest",
        "--cov",
        "--cov-branch",
        "--cov-report=term-missing",
        *gate,
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env=_hypothesis_env(),
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check the code with ruff: lint rules and formatting."""
    session.install(*_groups("lint"))
    session.run("ruff", "check", *session.posargs)
    session.run("ruff", "format", "--check", *session.posargs)


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """Type-check src and tests/typing with mypy --strict (files and options in pyproject.toml)."""
    session.install("-e", ".", *_groups("typing"))
    session.run("mypy", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML docs with every warning an error, then run the examples in them."""
    session.install("-e", ".", *_groups("docs"))
    build = os.path.join("docs", "_build")
    # Not nitpicky: with no network at build time there is no intersphinx, so references to
    # the standard library (datetime.date, decimal.Decimal) cannot resolve.
    common = ["-W", "--keep-going", "-d", os.path.join(build, "doctrees")]
    session.run("sphinx-build", *common, "-b", "html", "docs", os.path.join(build, "html"))
    session.run("sphinx-build", *common, "-b", "doctest", "docs", os.path.join(build, "doctest"))


@nox.session(python=PYTHON, default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzz every reader (tests/fuzz): 10,000 hypothesis examples per test; slow, not default.

    ``nox -s fuzz -- -k excel`` fuzzes one reader. The statistics printed at the end give the
    examples run and the time of each test.
    """
    session.install("-e", ".[all]", *_groups("tests"))
    session.run(
        "python",
        "-m",
        "pytest",
        "tests/fuzz",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
        "--durations=0",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "fuzz", "CLUSTERXCHANGE_FUZZ": "1"},
    )


@nox.session(python=PYTHON, default=False)
def release(session: nox.Session) -> None:
    """Build the sdist and wheel, check their metadata, then run the demo from a fresh venv."""
    session.install("build", "twine")
    dist = session.create_tmp()
    shutil.rmtree(dist)
    os.makedirs(dist)
    session.run("python", "-m", "build", "--outdir", dist)
    built = sorted(glob.glob(os.path.join(dist, "*")))
    session.run("twine", "check", "--strict", *built)
    # A venv of its own, holding nothing but the wheel and its dependencies, as a user's would.
    fresh = os.path.join(dist, "fresh-venv")
    session.run("python", "-m", "venv", "--clear", fresh)
    bin_dir = os.path.join(fresh, "Scripts" if os.name == "nt" else "bin")
    wheel = next(path for path in built if path.endswith(".whl"))
    session.run(os.path.join(bin_dir, "python"), "-m", "pip", "install", wheel, external=True)
    session.run(os.path.join(bin_dir, "clusterxchange"), "demo", external=True)
    # The compiled catalogues are in the wheel: the report in German, from the .mo files.
    session.run(os.path.join(bin_dir, "clusterxchange"), "demo", "--locale", "de", external=True)


#: The options of ``pybabel extract``: the keywords the code marks messages with, and the
#: template's header. tests/test_translations.py extracts with the same keywords.
EXTRACT = (
    "--no-default-keywords",
    "--keyword=_",
    "--keyword=gettext",
    "--keyword=ngettext:1,2",
    "--keyword=N_",
    "--add-comments=TRANSLATORS:",
    "--sort-by-file",
    "--add-location=file",
    "--project=clusterxchange",
    "--copyright-holder=The clusterxchange developers",
    "--mapping-file=babel.cfg",
)
LOCALE_DIR = os.path.join("src", "clusterxchange", "locales")


@nox.session(python=PYTHON, default=False)
def catalogues(session: nox.Session) -> None:
    """Extract the messages into messages.pot and update every locale's .po from it.

    ``nox -s catalogues -- init xx`` starts the catalogue of a new language ``xx`` instead
    (then add it to ``clusterxchange.model.translations.LOCALES``). docs/howto/translate.md has the
    translators' workflow.
    """
    session.install(*_groups("catalogues"))
    template = os.path.join(LOCALE_DIR, "messages.pot")
    session.run("pybabel", "extract", *EXTRACT, "--output-file", template, ".")
    if session.posargs[:1] == ["init"]:
        for language in session.posargs[1:]:
            session.run("pybabel", "init", "-D", "clusterxchange", "-i", template,
                        "-d", LOCALE_DIR, "-l", language)  # fmt: skip
        return
    session.run("pybabel", "update", "-D", "clusterxchange", "-i", template, "-d", LOCALE_DIR,
                "--no-fuzzy-matching", "--ignore-obsolete", "--update-header-comment")  # fmt: skip
    session.run("pybabel", "compile", "-D", "clusterxchange", "-d", LOCALE_DIR, "--statistics")


@nox.session(python=PYTHON, default=False)
def benchmarks(session: nox.Session) -> None:
    """Run the benchmarks beside their anchors and write benchmarks/RESULTS.md; not default.

    The commands as users run them (against pandas and polars scripts, ``csv.DictReader``),
    then the engine's own figures; the whole run takes 20 to 30 minutes on two cores.
    ``nox -s benchmarks -- --quick`` runs tables ten times smaller and writes nothing;
    ``-- --only commands`` or ``-- --only engine`` runs one half.
    """
    session.install("-e", ".", *_groups("benchmarks"))
    session.run("python", "benchmarks/run.py", *session.posargs)
