"""What the docs extensions share: writing a generated page only when its text changed.

A page rewritten with the same text would still look modified to Sphinx and to git; writing
only on change keeps incremental builds incremental and the working tree clean.
"""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, text: str) -> bool:
    """Write *text* to *path* unless it already holds it; return whether it wrote."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
