"""The project stands on its own: no shipped file points to a document the repository lacks."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("src", "docs", "tests", "benchmarks")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".csv", ".txt", ".ipynb", ".json"}
#: Briefs that live outside the repository: naming them would send a reader nowhere.
OUTSIDE = re.compile(r"\b(?:DESIGN|DOMAIN|STYLE)\.md\b|\.\./shared\b")
#: A path to a page of this repository's docs, as code and docs cite them.
DOCS_PATH = re.compile(r"\bdocs/[\w/-]+\.md\b")


def _shipped_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "noxfile.py"]
    for folder in SHIPPED:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in TEXT_SUFFIXES and "_build" not in path.parts and path.is_file():
                files.append(path)
    return [f for f in files if f.resolve() != Path(__file__).resolve()]


def test_no_file_cites_a_document_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _shipped_files()
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        )
        if OUTSIDE.search(line)
    ]
    assert not offenders, "\n".join(offenders)


def test_every_docs_page_cited_exists() -> None:
    missing = sorted(
        f"{path.relative_to(ROOT)}: {cited}"
        for path in _shipped_files()
        for cited in DOCS_PATH.findall(path.read_text(encoding="utf-8", errors="replace"))
        if not (ROOT / cited).is_file()
    )
    assert not missing, "\n".join(missing)


def test_the_checks_catch_what_they_look_for() -> None:
    assert OUTSIDE.search("see DOMAIN.md, 'Money'")
    assert OUTSIDE.search("../shared/notes")
    assert not OUTSIDE.search("see docs/domain.md, 'Money'")
    assert DOCS_PATH.findall("(docs/domain.md, 'Money')") == ["docs/domain.md"]
