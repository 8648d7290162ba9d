"""The documentation cannot drift: generated rules pages, executed examples, executed notebook.

- The rules pages under ``docs/rules`` are generated from the generation data; the committed
  pages must equal what the generator renders now, and a changed value changes the page.
- Every ``{doctest}`` block of every page runs here, page by page, with the globals of
  ``doctest_global_setup`` in ``docs/conf.py`` (``nox -s docs`` also runs them with Sphinx).
- Every ``$ clusterxchange ...`` line of a ``console`` block runs through the real command
  line in a folder holding the example files, and its output must match the page.
- ``docs/progress.ipynb`` is executed with nbclient.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
import io
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from clusterxchange import Generation, all_generations, get_generation
from clusterxchange.cli import main
from clusterxchange.examples import EXAMPLE_FILES, example_path
from clusterxchange.model import Ceiling

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
# The flags sphinx.ext.doctest uses by default, so a page passes here exactly when it passes there.
FLAGS = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1


def _extension(name: str) -> ModuleType:
    """Import a Sphinx extension of docs/_ext by path (docs is not a package)."""
    spec = importlib.util.spec_from_file_location(name, DOCS / "_ext" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RULES = _extension("rules_reference")
ALIASES = _extension("api_aliases")


# --- rules reference -------------------------------------------------------------------------


@pytest.mark.parametrize("generation", all_generations(), ids=lambda g: g.id)
def test_committed_rules_page_matches_the_data(generation: Generation) -> None:
    page = DOCS / "rules" / f"{generation.id}.md"
    assert page.read_text(encoding="utf-8") == RULES.render_generation(generation), (
        f"{page} is stale: build the docs (nox -s docs) and commit the regenerated page"
    )


def test_committed_rules_index_matches_the_data() -> None:
    index = DOCS / "rules" / "index.md"
    assert index.read_text(encoding="utf-8") == RULES.render_index(all_generations())


def _with_ceiling(generation: Generation, country: str, amount: str) -> Generation:
    ceilings = tuple(
        attrs.evolve(c, amount=Decimal(amount)) if c.country == country else c
        for c in generation.ceilings
    )
    return attrs.evolve(generation, ceilings=ceilings)


def test_a_changed_ceiling_changes_the_page(cxc2: Generation) -> None:
    before = RULES.render_generation(cxc2)
    assert "| `DK` | Denmark | 1,100.00 |" in before
    after = RULES.render_generation(_with_ceiling(cxc2, "DK", "999.50"))
    assert "| `DK` | Denmark | 999.50 |" in after
    assert "1,100.00 |" not in after.split("## Lump-sum ceilings")[1].split("## Sources")[0]
    assert before != after


def test_every_value_on_the_page_cites_a_source(cxc2: Generation) -> None:
    page = RULES.render_generation(cxc2)
    cited = set(re.findall(r"\[\^(cxc2-\d+)\](?!:)", page))
    defined = set(re.findall(r"^\[\^(cxc2-\d+)\]:", page, flags=re.MULTILINE))
    assert cited == defined
    for line in page.splitlines():
        if line.startswith(("| `", "| A", "| M")):
            assert "[^cxc2-" in line, line
    for ceiling in cxc2.ceilings:
        assert f"| `{ceiling.country}` |" in page
    for participation in cxc2.countries:
        joined = participation.joined.isoformat() if participation.joined else "programme's start"
        assert any(
            line.startswith(f"| `{participation.country}` |") and joined in line
            for line in page.splitlines()
        )


def test_a_country_without_ceiling_is_listed(cxc2: Generation) -> None:
    page = RULES.render_generation(cxc2)
    assert "No ceiling is known for: United Kingdom (`GB`)." in page
    added = attrs.evolve(
        cxc2,
        ceilings=(
            *cxc2.ceilings,
            Ceiling(country="GB", amount=Decimal(900), provenance=cxc2.cap.provenance),
        ),
    )
    assert "No ceiling is known" not in RULES.render_generation(added)


def test_the_index_shows_what_differs_and_links_every_page(cxc1: Generation) -> None:
    index = RULES.render_index(all_generations())
    assert "| Virtual exchanges recognised (never funded) (`virtual_allowed`) | yes | no |" in index
    for generation in all_generations():
        assert f"\n{generation.id}\n" in index
    assert "What differs" not in RULES.render_index([cxc1])


def test_write_pages_rewrites_only_what_changed(tmp_path: Path, cxc2: Generation) -> None:
    first = RULES.write_pages(tmp_path, [cxc2])
    assert sorted(p.name for p in first) == ["cxc2.md", "index.md"]
    assert RULES.write_pages(tmp_path, [cxc2]) == []
    changed = RULES.write_pages(tmp_path, [_with_ceiling(cxc2, "BE", "800")])
    assert [p.name for p in changed] == ["cxc2.md"]
    assert "800.00" in (tmp_path / "cxc2.md").read_text(encoding="utf-8")


def test_a_value_with_a_pipe_stays_in_its_cell(cxc2: Generation) -> None:
    odd = attrs.evolve(
        cxc2,
        it_tool_id_pattern=attrs.evolve(cxc2.it_tool_id_pattern, value="EG|XG[0-9]{3}"),
        extends="cxc2",
    )
    page = RULES.render_generation(odd)
    assert "`EG\\|XG[0-9]{3}`" in page
    assert "- **Extends:** `cxc2`" in page


def test_the_sphinx_extension_registers_its_hook(tmp_path: Path) -> None:
    calls: list[tuple[str, object]] = []

    class App:
        srcdir = str(tmp_path)

        def connect(self, event: str, handler: object) -> None:
            calls.append((event, handler))

    metadata = RULES.setup(App())
    assert metadata["parallel_read_safe"] is True
    ((event, handler),) = calls
    assert event == "builder-inited"
    handler(App())  # type: ignore[operator]
    assert (tmp_path / "rules" / "cxc2.md").exists()


# --- examples in the pages ------------------------------------------------------------------


def _blocks(page: Path, kinds: tuple[str, ...]) -> Iterator[tuple[str, int, str]]:
    """Yield (kind, line, text) of each fenced block of one of *kinds*, in page order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = re.match(r"^(`{3,}|:{3,})\s*(\{[\w-]+\}|[\w-]+)?\s*(.*)$", lines[index])
        if not match or not match.group(2):
            index += 1
            continue
        fence, kind = match.group(1), match.group(2).strip("{}")
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].strip() != fence:
            body.append(lines[index])
            index += 1
        index += 1
        if kind in kinds:
            text = [line for line in body if not re.match(r"^:[\w-]+:", line)]
            yield kind, start + 1, "\n".join(text) + "\n"


def _global_setup() -> str:
    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "doctest_global_setup" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, str)
            return value
    return ""


DOCTEST_PAGES = [p for p in PAGES if any(_blocks(p, ("doctest",)))]
CONSOLE_PAGES = [
    p for p in PAGES if any("$ clusterxchange" in text for _, _, text in _blocks(p, ("console",)))
]


def test_the_pages_hold_examples() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in DOCTEST_PAGES}
    assert {"tutorial.md", "howto/check-a-spreadsheet.md", "howto/lump-sums.md"} <= names
    assert {"howto/custom-generation.md", "howto/strategies.md", "howto/migrate.md"} <= names
    consoles = {p.relative_to(DOCS).as_posix() for p in CONSOLE_PAGES}
    assert {"tutorial.md", "command-line.md", "howto/lump-sums.md"} <= consoles


@pytest.mark.parametrize("page", DOCTEST_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_doctest_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Sphinx runs a page's blocks in order in one namespace (the default group), after the
    # page's testsetup blocks; so do we. The working directory is the repository root, as
    # under nox.
    monkeypatch.chdir(ROOT)
    globs: dict[str, object] = {"__name__": "docs"}
    exec(_global_setup(), globs)
    for _, _, setup in _blocks(page, ("testsetup",)):
        exec(setup, globs)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    try:
        for _, line, text in _blocks(page, ("doctest",)):
            test = parser.get_doctest(text, globs, page.name, str(page), line)
            runner.run(test, out=lambda s: pytest.fail(f"{page.name}:\n{s}"), clear_globs=False)
            globs = test.globs  # a DocTest works on a copy: carry its names to the next block
    finally:
        for _, _, cleanup in _blocks(page, ("testcleanup",)):
            exec(cleanup, globs)
    assert runner.failures == 0


@pytest.fixture
def example_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding the example files, as a reader who copied them has."""
    for name in EXAMPLE_FILES:
        shutil.copy(example_path(name), tmp_path / name)
    for extra in (*(DOCS / "howto").glob("*.toml"), *(DOCS / "howto").glob("*.csv")):
        shutil.copy(extra, tmp_path / extra.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _console_examples(page: Path) -> Iterator[tuple[int, list[str], str]]:
    for _, line, text in _blocks(page, ("console",)):
        command: list[str] | None = None
        output: list[str] = []
        for row in [*text.splitlines(), "$ end"]:
            if row.startswith("$ "):
                if command and command[0] == "clusterxchange":
                    yield line, command[1:], "\n".join(output)
                command, output = shlex.split(row[2:].split("  #")[0]), []
            elif command is not None:
                output.append(row)


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_console_examples_run(
    page: Path, example_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checker = doctest.OutputChecker()
    for line, argv, shown in _console_examples(page):
        capsys.readouterr()
        out = io.StringIO()
        code = main(argv, out=out)
        # An example of unusable input shows the one line on stderr; the others show stdout.
        got = out.getvalue() if code in (0, 1) else capsys.readouterr().err
        # babel writes a no-break space where locales want one (`1.100,00\xa0€`); the pages
        # show a plain space.
        got = got.replace("\xa0", " ")
        where = f"{page.name}:{line}: clusterxchange {shlex.join(argv)}"
        assert code in (0, 1) or shown.startswith("clusterxchange: error:"), f"{where} -> {code}"
        if shown.strip():
            assert checker.check_output(shown + "\n", got, FLAGS), (
                where
                + "\n"
                + (checker.output_difference(doctest.Example("", shown + "\n"), got, FLAGS))
            )


# --- the notebook ---------------------------------------------------------------------------


def test_progress_notebook_runs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(DOCS / "progress.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "commit the notebook without outputs: the docs and this test execute it"
    )
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(DOCS)}},
    )
    env = {"MPLBACKEND": "Agg"}
    old = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        client.execute()
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<table" in h for h in html), "the progress table is shown as HTML"
    assert any("image/png" in o.get("data", {}) for o in outputs), "the chart is shown"


def test_get_generation_is_what_the_pages_render() -> None:
    # The Sphinx hook renders the shipped generations, not a cached copy.
    assert RULES.render_generation(get_generation("cxc1")).startswith("<!-- Generated")


# --- reference pages --------------------------------------------------------------------------


def _public_modules() -> list[str]:
    """Return the subpackages, and the public modules inside them (generations' data aside).

    A package that re-exports nothing (``money``, ``reports``) is documented by its modules.
    """
    import importlib
    import pkgutil

    import clusterxchange

    found = []
    for package in pkgutil.iter_modules(clusterxchange.__path__):
        if package.name.startswith("_") or package.name == "cli":
            continue
        name = f"clusterxchange.{package.name}"
        module = importlib.import_module(name)
        if hasattr(module, "__all__"):
            found.append(name)
        if package.ispkg and package.name != "generations":
            found += [
                f"{name}.{m.name}"
                for m in pkgutil.iter_modules(module.__path__)
                if not m.name.startswith("_")
            ]
    return sorted(found)


def test_the_api_reference_documents_every_public_module() -> None:
    page = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. automodule:: ([\w.]+)$", page, flags=re.MULTILINE))
    assert set(_public_modules()) <= documented
    assert "clusterxchange" in documented


def test_the_exchange_table_page_lists_every_column() -> None:
    from clusterxchange.io import COLUMNS, EXTRA_COLUMNS

    page = (DOCS / "command-line.md").read_text(encoding="utf-8")
    table = page.split("(exchange-table)=")[1].split("(targets-file)=")[0]
    for column in (*COLUMNS, *EXTRA_COLUMNS):
        assert f"`{column}`" in table, column


def test_every_howto_and_the_tutorial_are_in_the_index() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in [*DOCS.glob("howto/*.md"), DOCS / "tutorial.md", DOCS / "progress.ipynb"]:
        name = page.relative_to(DOCS).with_suffix("").as_posix()
        assert f"\n{name}\n" in index, name


@pytest.mark.parametrize(
    ("target", "context", "expected"),
    [
        ("clusterxchange.Exchange", None, "clusterxchange.model.Exchange"),
        ("clusterxchange.lump_sum", None, "clusterxchange.money.pricing.lump_sum"),
        ("Exchange", "clusterxchange.reports.budgets", "clusterxchange.model.Exchange"),
        (
            "normalize_country",
            "clusterxchange.model",
            "clusterxchange.model.countries.normalize_country",
        ),
        (
            "Budget.unpriced",
            "clusterxchange.reports.budgets",
            "clusterxchange.reports.budgets.Budget.unpriced",
        ),
        ("FORMATS", "clusterxchange.io", "clusterxchange.io.FORMATS"),
        ("clusterxchange.generations.cxc2", None, "clusterxchange.generations"),
        ("clusterxchange.io._labels", None, "clusterxchange.io"),
    ],
)
def test_aliases_resolve_to_the_documented_name(
    target: str, context: str | None, expected: str
) -> None:
    assert ALIASES.candidates(target, context)[0] == expected


@pytest.mark.parametrize(
    ("target", "context"),
    [
        ("int", "clusterxchange.io"),
        ("Decimal", "clusterxchange.money.pricing"),
        ("The table", "clusterxchange.io"),
        ("clusterxchange.nothing_here", None),
        ("clusterxchange.io.nothing_here", None),
        ("elsewhere.Exchange", None),
    ],
)
def test_aliases_leave_other_names_unresolved(target: str, context: str | None) -> None:
    assert ALIASES.candidates(target, context) == []


def test_the_alias_resolver_asks_the_python_domain() -> None:
    asked: list[tuple[str, str]] = []

    class Domain:
        def resolve_xref(self, env, doc, builder, reftype, name, node, contnode):  # type: ignore[no-untyped-def]
            asked.append((reftype, name))
            return "link" if reftype == "obj" else None

    class Env:
        def get_domain(self, name: str) -> Domain:
            return Domain()

    class App:
        builder = None

        def connect(self, event: str, handler: object) -> None:
            assert event == "missing-reference"

    node = {"refdomain": "py", "reftarget": "clusterxchange.Exchange", "reftype": "class",
            "refdoc": "api"}  # fmt: skip
    assert ALIASES._resolve(App(), Env(), node, None) == "link"
    assert asked == [
        ("class", "clusterxchange.model.Exchange"),
        ("obj", "clusterxchange.model.Exchange"),
    ]
    assert ALIASES._resolve(App(), Env(), {"refdomain": "std"}, None) is None
    attribute = {**node, "reftarget": "visitors", "py:module": "clusterxchange.model",
                 "py:class": "GroupExchange", "reftype": "attr"}  # fmt: skip
    asked.clear()
    ALIASES._resolve(App(), Env(), attribute, None)
    assert asked[0] == ("attr", "clusterxchange.model.GroupExchange.visitors")
    assert ALIASES.setup(App())["parallel_read_safe"] is True


# --- open questions --------------------------------------------------------------------------


def test_committed_open_questions_page_matches_the_data() -> None:
    page = DOCS / "open-questions.md"
    assert page.read_text(encoding="utf-8") == RULES.render_open_questions(all_generations()), (
        f"{page} is stale: build the docs (nox -s docs) and commit the regenerated page"
    )


def test_every_low_confidence_value_is_an_open_question() -> None:
    # Issue 17: "The open-questions page lists every value whose source is missing or
    # contested, generated from the provenance data."
    page = RULES.render_open_questions(all_generations())
    seen = 0
    for generation in all_generations():
        for field in attrs.fields(Generation):
            sourced = getattr(generation, field.name)
            if not hasattr(sourced, "provenance"):
                continue
            if sourced.provenance.confidence.value == "low":
                seen += 1
                assert f"(`{field.name}`)" in page, field.name
                assert _flat(sourced.provenance.note) in _flat(page), field.name
        for entry in (*generation.ceilings, *generation.countries):
            if entry.provenance.confidence.value == "low":
                seen += 1
                assert f"{entry.country}" in page
                assert _flat(entry.provenance.note) in _flat(page)
    assert seen > 37


def test_a_new_low_value_appears_on_the_open_questions_page(cxc2: Generation) -> None:
    from clusterxchange.model import Confidence, Provenance

    doubtful = Provenance(source="a grant", confidence=Confidence.LOW, note="nobody knows")
    changed = attrs.evolve(cxc2, payment_days=attrs.evolve(cxc2.payment_days, provenance=doubtful))
    assert "(`payment_days`)" not in RULES.render_open_questions([cxc2])
    page = RULES.render_open_questions([changed])
    assert "(`payment_days`)" in page
    assert "nobody knows" in page


def _flat(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
