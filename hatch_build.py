"""Build hook: compile the message catalogues (``.po`` -> ``.mo``) into every build.

hatchling runs it for the wheel, the editable install and the sdist
(``[tool.hatch.build.hooks.custom]`` in pyproject.toml). Each
``src/clusterxchange/locales/<language>/LC_MESSAGES/clusterxchange.po`` is compiled with babel
next to itself; the ``.mo`` files are ignored by git, so they are declared as build artefacts
to be shipped. A catalogue that does not compile (a syntax error, a fuzzy header) fails the
build with its file named.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALES = Path("src", "clusterxchange", "locales")


def compile_catalogues(root: Path, locales: Path | None = None) -> list[Path]:
    """Compile every ``.po`` of *locales* (default: *root*'s); return the ``.mo`` files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((locales or root / LOCALES).glob("*/LC_MESSAGES/*.po")):
        language = po.parent.parent.name
        try:
            with po.open("rb") as stream:
                catalogue = read_po(stream, locale=language, abort_invalid=True)
        except Exception as error:
            raise RuntimeError(f"{po}: the catalogue does not compile: {error}") from error
        mo = po.with_suffix(".mo")
        with mo.open("wb") as stream:
            write_mo(stream, catalogue)
        written.append(mo)
    return written


class CataloguesHook(BuildHookInterface):  # type: ignore[misc]  # hatchling is untyped here
    """Compile the catalogues before hatchling collects the files of a build."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the catalogues and ship the ``.mo`` files, which git ignores."""
        root = Path(self.root)
        for mo in compile_catalogues(root):
            build_data["artifacts"].append("/" + mo.relative_to(root).as_posix())
