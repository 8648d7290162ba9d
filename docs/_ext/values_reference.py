"""Render the page of values the readers accept (``values.md``) from their data, so it cannot drift.

As a Sphinx extension it writes ``values.md`` into the source directory when the builder
starts, only when its text changed; the committed page is checked against :func:`render` by
the tests, so a label added to the data shows up as a reviewable diff of the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from _pages import write_if_changed

from clusterxchange.io import _formats as formats
from clusterxchange.io import _labels as labels
from clusterxchange.io._csv import DELIMITER_DECIMALS
from clusterxchange.io._dates import month_names
from clusterxchange.model.countries import COUNTRY_ALIASES, EU_CODES, NAME_LOCALES

__all__ = ["render", "setup", "write_page"]

PAGE = "values.md"

_GENERATED = (
    "<!-- Generated from clusterxchange.io._labels, clusterxchange.io._formats and "
    "clusterxchange.model.countries by docs/_ext/values_reference.py: do not edit; change the data "
    "instead. -->"
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{_cell(text)}`"


def _by_value(table: Mapping[str, object]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for label, value in table.items():
        grouped.setdefault(str(value), []).append(label)
    return grouped


def _label_table(title: str, table: Mapping[str, object], values: Iterable[object]) -> list[str]:
    grouped = _by_value(table)
    lines = [f"### {title}", "", "| value | labels read as it |", "|---|---|"]
    for value in values:
        shown = ", ".join(_code(label) for label in sorted(grouped.get(str(value), [])))
        lines.append(f"| `{value}` | {shown} |")
    return [*lines, ""]


def _month_names() -> dict[int, list[str]]:
    """Each month's CLDR names in the date locales, as CLDR writes them (without a final dot)."""
    from babel.dates import get_month_names

    months: dict[int, dict[str, None]] = {n: {} for n in range(1, 13)}
    for locale in formats.DATE_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    months[number][str(name).rstrip(".")] = None
    assert len(month_names()) >= len({n.casefold() for m in months.values() for n in m}) // 2
    return {n: sorted(names, key=str.casefold) for n, names in months.items()}


def render() -> str:
    """Return the text of the values page."""
    from clusterxchange.model import Mode, OrganisationKind, Relation, Status

    lines = [
        _GENERATED,
        "",
        "(values)=",
        "# Values in a table",
        "",
        "What the readers accept in each kind of cell, listed from the data they use. Labels",
        "are matched without case, accents or punctuation (`Terminé`, `termine` and",
        "`TERMINE.` are one label). A label with an explanation in brackets after it, as",
        "templates' drop-down lists write them (`SME (small and medium-sized enterprise)`,",
        "`Large company (> 250 employees)`), is the label before the brackets, unless the",
        "brackets hold another label (`SME (large company)` is refused as ambiguous). A label",
        "other than the canonical value is read with one warning naming it and its rows; so is",
        "every value read by a decision (a two-digit year, an approximate or ambiguous number,",
        "a nation of the United Kingdom). An abbreviation written with dots (`S.M.E.`) is one",
        "word, and a tick, star or emoji beside a label (`Completed ✓`) is not part of it.",
        "",
        "## Cells that say \"not recorded\"",
        "",
        "In any cell but a name or a free text, these are read as a blank cell is (the rules",
        "that need the value are undecided; a mode or a status takes its default), with one",
        "warning per column listing their rows: "
        + ", ".join(_code(marker) for marker in sorted(labels.NOT_RECORDED)) + ".",
        "",
        "## Labels",
        "",
        *_label_table("Organisation kinds (`host_kind`, `visitor_kind`)", labels.KIND_LABELS,
                      OrganisationKind),
        *_label_table("Statuses (`status`)", labels.STATUS_LABELS, Status),
        *_label_table("Modes (`mode`)", labels.MODE_LABELS, Mode),
        *_label_table("Relations (`relation`)", labels.RELATION_LABELS, Relation),
        "### Labels with several readings",
        "",
        "These are refused, never guessed: the error lists the readings to choose from.",
        "",
        "| cell | label | readings |",
        "|---|---|---|",
    ]  # fmt: skip
    for noun, table in labels.AMBIGUOUS_LABELS.items():
        for label, readings in table.items():
            lines.append(f"| {noun} | {_code(label)} | {_cell(readings)} |")
    lines += ["", "### Notes added to a label's warning", "", "| label | note |", "|---|---|"]
    lines += [f"| {_code(label)} | {_cell(note)} |" for label, note in labels.LABEL_NOTES.items()]
    lines += [
        "",
        "A status that says the exchange ran outside the IT tool also says it has no IT-tool",
        "ID: " + ", ".join(_code(label) for label in sorted(labels.WITHOUT_IT_TOOL_LABELS)) + ".",
        "",
        "## Countries",
        "",
        "ISO 3166 alpha-2 and alpha-3 codes, the EU's own codes ("
        + ", ".join(f"`{eu}` for `{iso}`" for eu, iso in EU_CODES.items())
        + "), the English names of ISO 3166, and the CLDR names in these locales: "
        + ", ".join(f"`{locale}`" for locale in NAME_LOCALES)
        + ". A leading \"the\" or \"republic of\", hyphens, accents, edge punctuation and a code",
        "beside the name (`Germany (DE)`, `DE - Germany`) do not matter. Everyday names that",
        "neither gives:",
        "",
        "| name | code |",
        "|---|---|",
        *(f"| {_code(name)} | `{code}` |" for name, code in COUNTRY_ALIASES.items()),
        "",
        "## Dates",
        "",
        "| example (6 March 2023) | what it covers |",
        "|---|---|",
        *(f"| {_code(example)} | {_cell(covers)} |" for example, covers in formats.DATE_EXAMPLES),
        "",
        f"Two-digit years are read as 20YY from {formats.TWO_DIGIT_YEARS[0]} to "
        f"{formats.TWO_DIGIT_YEARS[-1]}, the scheme's years; any other is refused. Excel day "
        f"numbers are read from {formats.EXCEL_SERIAL_YEARS[0]} to "
        f"{formats.EXCEL_SERIAL_YEARS[-1]} (day 0: {formats.EXCEL_EPOCH.isoformat()}). Words",
        "between the parts: " + ", ".join(_code(w) for w in sorted(formats.DATE_CONNECTORS))
        + "; ordinal endings: " + ", ".join(_code(s) for s in formats.ORDINAL_SUFFIXES) + ".",
        "",
        "Month names are the CLDR wide and abbreviated names (with or without their dot and",
        "accents) of the locales " + ", ".join(f"`{loc}`" for loc in formats.DATE_LOCALES) + ":",
        "",
        "| month | names |",
        "|---|---|",
    ]  # fmt: skip
    lines += [f"| {n} | {', '.join(names)} |" for n, names in _month_names().items()]
    signs = ", ".join(f"`{d}` implies `{s}`" for d, s in DELIMITER_DECIMALS.items())
    lines += [
        "",
        "## Numbers",
        "",
        "`640,2` and `640.2` are 640.2, and so are `1.234,5` and `1,234.5` (the last sign is the",
        "decimal one, the other groups digits in threes); spaces and apostrophes between",
        "thousands are ignored. Only one ``,`` or ``.`` followed by exactly three digits",
        "(`1.050`, `1,050`) depends on the file's decimal sign. In a CSV file the delimiter",
        f"tells it ({signs}), unless the table's own numbers show the other sign; in JSON, an",
        ".xlsx text cell or a tab-separated file the table's own numbers tell (`640,2` shows a",
        'decimal comma). The sign may be given: `read_exchanges(path, decimal=",")`. Where it',
        "is not known, such a number is read as thousands, the reading that never halves a",
        "lump sum the other would not, with a warning giving both readings; a reading that",
        "halves a lump sum the other would not is always reported. Coordinates are never",
        "grouped in thousands.",
        "",
        "Words of approximation before a number, read as the number with a warning: "
        + ", ".join(_code(w) for w in formats.APPROXIMATION_WORDS)
        + ". Units after a distance, ignored: "
        + ", ".join(_code(u) for u in dict.fromkeys(formats.DISTANCE_UNITS))
        + ".",
        "",
    ]
    return "\n".join(lines)


def write_page(directory: Path) -> bool:
    """Write the page into *directory*; return whether its text changed."""
    return write_if_changed(directory / PAGE, render())


def _generate(app: Any) -> None:
    write_page(Path(app.srcdir))


def setup(app: Any) -> dict[str, Any]:
    """Register the page generation with Sphinx."""
    app.connect("builder-inited", _generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
