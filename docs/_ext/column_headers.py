"""Render the command-line page's list of column headers from the reader's alias table.

The page ``command-line.md`` is written by hand, except the part between the two markers
below, which is :func:`render` of :data:`clusterxchange.io.HEADER_ALIASES`. As a Sphinx
extension, it rewrites that part when the builder starts (only when its text changed, so the
committed page shows a change of aliases as a reviewable diff); a test checks the committed
page against the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _pages import write_if_changed

from clusterxchange.io import ALIAS_SOURCES, HEADER_ALIASES, HeaderAlias

__all__ = ["BEGIN", "END", "render", "setup", "update", "write_page"]

BEGIN = (
    "<!-- begin column headers: generated from clusterxchange.io.HEADER_ALIASES by "
    "docs/_ext/column_headers.py; do not edit -->"
)
END = "<!-- end column headers -->"

PAGE = "command-line.md"

_SOURCE_NAMES = {
    "it-tool": "IT tool",
    "report": "report annex",
    "coordinator": "coordinators",
    "translation": "translation",
}


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"``{text}``"


def _column(alias: HeaderAlias) -> str:
    if alias.column.startswith("{side}_"):
        field = alias.column.removeprefix("{side}_")
        return f"`host_{field}` or `visitor_{field}` (by position)"
    return f"`{alias.column}`"


def render(aliases: Sequence[HeaderAlias] = HEADER_ALIASES) -> str:
    """Return the Markdown of the header list: one row per column, English then other languages."""
    by_column: dict[str, list[HeaderAlias]] = {}
    for alias in aliases:
        by_column.setdefault(_column(alias), []).append(alias)
    lines = [
        BEGIN,
        "",
        "| column | English headers (source) | in other languages |",
        "|---|---|---|",
    ]
    for column, found in by_column.items():
        english: dict[str, list[str]] = {}
        for alias in found:
            if alias.language == "en":
                english.setdefault(_SOURCE_NAMES[alias.source], []).append(_code(alias.header))
        english_cell = "; ".join(f"{', '.join(h)} ({s})" for s, h in english.items())
        others = ", ".join(f"{_code(a.header)} ({a.language})" for a in found if a.language != "en")
        lines.append(f"| {column} | {english_cell or '-'} | {others or '-'} |")
    lines.append("")
    lines.append(
        "Sources: "
        + "; ".join(f"{_SOURCE_NAMES[key]}: {text}" for key, text in ALIAS_SOURCES.items())
        + "."
    )
    lines.append("")
    lines.append(END)
    return "\n".join(lines)


def update(text: str) -> str:
    """Return the page *text* with its header list replaced by :func:`render`'s."""
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + render() + tail


def write_page(docs: Path) -> bool:
    """Rewrite the page's header list in *docs* when it changed; return whether it did."""
    page = docs / PAGE
    return write_if_changed(page, update(page.read_text(encoding="utf-8")))


def _on_builder_inited(app: Any) -> None:
    write_page(Path(app.srcdir))


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
