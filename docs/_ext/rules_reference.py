"""Render the rules reference pages from the generation data, so the docs cannot drift.

As a Sphinx extension, it writes ``rules/<id>.md`` (one page per shipped generation),
``rules/index.md`` and ``open-questions.md`` (every value whose source is missing or contested:
a ``low`` confidence) into the source directory when the builder starts, before any page is
read.
A page is only rewritten when its text changed, so an unchanged rule set triggers no rebuild,
and the committed pages show a rule change as a reviewable diff.

The renderers are plain functions of a :class:`~clusterxchange.model.Generation`, so a test can
render an evolved generation (a changed ceiling) and see the page change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from _pages import write_if_changed

from clusterxchange.generations import all_generations
from clusterxchange.model import Generation, Provenance, Sourced
from clusterxchange.model.countries import country_name

__all__ = [
    "open_questions",
    "render_generation",
    "render_index",
    "render_open_questions",
    "setup",
    "write_open_questions",
    "write_pages",
]

_GENERATED = (
    "<!-- Generated from clusterxchange.generations by docs/_ext/rules_reference.py: "
    "do not edit; change the generation module instead. -->"
)

#: The scalar rules of a generation, in the order a reader meets them: (field, label, unit).
_LIMITS: tuple[tuple[str, str, str], ...] = (
    ("min_working_days", "Least working days of activity", "working days"),
    ("max_calendar_months", "Most calendar months from the first activity day", "months"),
    ("max_calendar_days", "Or most calendar days from first to last activity day", "days"),
    ("short_stay_days", "A stay under this is halved", "working days"),
    ("short_distance_km", "Organisations closer than this are halved", "km"),
    ("distance_requisite", "A short distance is also a warning", ""),
    ("reduction_factor", "Factor of a reduced lump sum (one halving at most)", ""),
    ("cap", "Absolute cap of any lump sum", "EUR"),
    ("virtual_allowed", "Virtual exchanges recognised (never funded)", ""),
    ("visits_per_visitor", "Physical visits per visitor in the generation", ""),
    ("visits_in_scheme", "Physical visits per visitor in the scheme (more warn)", ""),
    ("residence_days", "Residence a non-national representative needs", "days"),
    ("payment_days", "Lump sum paid within, after the validated final report", "days"),
    ("it_tool_id_pattern", "Shape of an IT-tool exchange ID (a mismatch is a warning)", ""),
    ("non_member_sme_host", "A non-member SME may host with prior approval", ""),
    ("virtual_until", "Last first day of a virtual exchange (a later one warns)", ""),
    ("permanent_residence", "A participant's country", "text"),
)

_KINDS: tuple[tuple[str, str], ...] = (
    ("visitor_kinds", "May visit"),
    ("host_kinds", "May host"),
    ("contested_visitor_kinds", "Visit contested (a warning, not an error)"),
    ("member_kinds", "Must be members of a cluster"),
    ("eccp_kinds", "Their cluster must be profiled on the ECCP"),
    ("host_member_kinds", "May host as cluster members or active in a cluster"),
)


class _Sources:
    """Numbers each distinct provenance once, for footnotes shared by the tables of a page."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._numbers: dict[Provenance, int] = {}

    def cite(self, provenance: Provenance) -> str:
        number = self._numbers.setdefault(provenance, len(self._numbers) + 1)
        return f"[^{self._prefix}{number}]"

    def footnotes(self) -> list[str]:
        return [
            f"[^{self._prefix}{number}]: {_cell(str(provenance))}"
            for provenance, number in self._numbers.items()
        ]


def _cell(text: str) -> str:
    """Return *text* safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _value(value: object, unit: str = "") -> str:
    if value is None:
        return "none known"
    if unit == "text":
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        text = f"{value:,.2f}" if unit == "EUR" else f"{value.normalize():f}"
    elif isinstance(value, str):
        text = f"`{value}`"
    else:
        text = str(value)
    return f"{text} {unit}".strip()


def _kinds(values: Iterable[Any]) -> str:
    names = sorted(str(kind) for kind in values)
    return ", ".join(f"`{name}`" for name in names) if names else "none"


def _joined(day: dt.date | None) -> str:
    return "from the programme's start" if day is None else day.isoformat()


def render_generation(generation: Generation) -> str:
    """Return the MyST Markdown rules page of *generation*: every value with its source."""
    sources = _Sources(generation.id + "-")
    period = generation.period.value
    lines = [
        _GENERATED,
        "",
        f"(rules-{generation.id})=",
        f"# `{generation.id}`: {generation.title}",
        "",
        f"- **Programme:** {_cell(generation.programme.value)} "
        f"{sources.cite(generation.programme.provenance)}",
        f"- **Period:** exchanges starting from {period.start.isoformat()} to "
        f"{period.end.isoformat()} {sources.cite(generation.period.provenance)}",
        f"- **Currency:** {generation.currency}",
    ]
    if generation.extends:
        lines.append(f"- **Extends:** `{generation.extends}`")
    lines += [
        "",
        "## Limits",
        "",
        "| rule | field | value | source |",
        "|---|---|---|---|",
    ]
    for field, label, unit in _LIMITS:
        sourced: Sourced[Any] = getattr(generation, field)
        lines.append(
            f"| {label} | `{field}` | {_cell(_value(sourced.value, unit))} | "
            f"{sources.cite(sourced.provenance)} |"
        )
    lines += ["", "## Participants", "", "| rule | field | kinds | source |", "|---|---|---|---|"]
    for field, label in _KINDS:
        kinds: Sourced[frozenset[Any]] = getattr(generation, field)
        lines.append(
            f"| {label} | `{field}` | {_kinds(kinds.value)} | {sources.cite(kinds.provenance)} |"
        )
    lines += [
        "",
        "## Participating countries",
        "",
        f"{len(generation.countries)} countries. A participant's country is where it is "
        "registered; a country takes part from the day it joined the programme.",
        "",
        "| code | country | joined | source |",
        "|---|---|---|---|",
    ]
    for participation in sorted(generation.countries, key=lambda p: p.country):
        name = country_name(participation.country, "en")
        lines.append(
            f"| `{participation.country}` | {_cell(name)} | {_joined(participation.joined)} | "
            f"{sources.cite(participation.provenance)} |"
        )
    lines += [
        "",
        "## Lump-sum ceilings",
        "",
        "The amount of a full exchange, per host country. A host country without a ceiling "
        "gives the `threshold` finding rather than a made-up amount.",
        "",
        "| code | host country | ceiling (EUR) | source |",
        "|---|---|---|---|",
    ]
    for ceiling in sorted(generation.ceilings, key=lambda c: c.country):
        lines.append(
            f"| `{ceiling.country}` | {_cell(country_name(ceiling.country, 'en'))} | "
            f"{ceiling.amount:,.2f} | {sources.cite(ceiling.provenance)} |"
        )
    uncovered = sorted(
        p.country for p in generation.countries if generation.ceiling(p.country) is None
    )
    if uncovered:
        names = ", ".join(f"{country_name(code, 'en')} (`{code}`)" for code in uncovered)
        lines += ["", f"No ceiling is known for: {names}."]
    lines += ["", "## Sources", "", *sources.footnotes(), ""]
    return "\n".join(lines)


def render_index(generations: Sequence[Generation]) -> str:
    """Return the MyST Markdown index of the rules pages, with a table of what differs."""
    lines = [
        _GENERATED,
        "",
        "(rules)=",
        "# Rules reference",
        "",
        "Every value on these pages is read from the generation data modules in "
        "`clusterxchange.generations` when the documentation is built, with the source and "
        "confidence the data cites. The pages cannot drift from the code.",
        "",
        "| id | title | period |",
        "|---|---|---|",
    ]
    for generation in generations:
        period = generation.period.value
        lines.append(
            f"| {{ref}}`{generation.id} <rules-{generation.id}>` | {_cell(generation.title)} | "
            f"{period.start.isoformat()} to {period.end.isoformat()} |"
        )
    differing = [
        (field, label, unit)
        for field, label, unit in (*_LIMITS, *((f, label, "") for f, label in _KINDS))
        if len({repr(getattr(g, field).value) for g in generations}) > 1
    ]
    if differing and len(generations) > 1:
        header = " | ".join(f"`{g.id}`" for g in generations)
        lines += [
            "",
            "## What differs between generations",
            "",
            f"| rule | {header} |",
            "|---" * (len(generations) + 1) + "|",
        ]
        for field, label, unit in differing:
            cells = []
            for generation in generations:
                value = getattr(generation, field).value
                cells.append(_kinds(value) if isinstance(value, frozenset) else _value(value, unit))
            lines.append(f"| {label} (`{field}`) | " + " | ".join(cells) + " |")
    lines += [
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        *(generation.id for generation in generations),
        "```",
        "",
    ]
    return "\n".join(lines)


#: The scalar and kind fields of a generation, with the label a reader knows them by.
_FIELDS: tuple[tuple[str, str], ...] = (
    ("programme", "Programme"),
    ("period", "Period"),
    *((field, label) for field, label, _ in _LIMITS),
    *_KINDS,
)


def open_questions(
    generations: Sequence[Generation],
) -> list[tuple[str, tuple[str, ...], Provenance]]:
    """Return every value whose source is missing or contested (``low`` confidence).

    Each entry is (what the value is, where it is: ``cxc2.cap`` or ``cxc1.ceilings.DK``, its
    provenance); values sharing a provenance and a label are one entry naming every place.
    """
    found: dict[tuple[str, Provenance], list[str]] = {}
    for generation in generations:
        for field, label in _FIELDS:
            sourced: Sourced[Any] = getattr(generation, field)
            if sourced.provenance.confidence.value == "low":
                found.setdefault((f"{label} (`{field}`)", sourced.provenance), []).append(
                    f"{generation.id}.{field}"
                )
        for ceiling in generation.ceilings:
            if ceiling.provenance.confidence.value == "low":
                found.setdefault(("Lump-sum ceilings (`ceilings`)", ceiling.provenance), []).append(
                    f"{generation.id}.ceilings.{ceiling.country}"
                )
        for participation in generation.countries:
            if participation.provenance.confidence.value == "low":
                found.setdefault(
                    ("Participating countries (`countries`)", participation.provenance), []
                ).append(f"{generation.id}.countries.{participation.country}")
    return [(label, tuple(places), provenance) for (label, provenance), places in found.items()]


def _places(places: Sequence[str]) -> str:
    """Return *places* briefly: ``cxc1, cxc2`` for one field, or the countries by generation."""
    by_generation: dict[str, list[str]] = {}
    for place in places:
        generation, _, rest = place.partition(".")
        by_generation.setdefault(generation, []).append(rest)
    keys = {
        generation: tuple(sorted(rest.partition(".")[2] for rest in rests if "." in rest))
        for generation, rests in by_generation.items()
    }
    names = ", ".join(f"`{generation}`" for generation in by_generation)
    shared = set(keys.values())
    if len(shared) == 1 and (only := shared.pop()):
        return f"{names}: {len(only)} countries ({', '.join(only)})"
    parts = [
        f"`{generation}` ({len(found)}: {', '.join(found)})" if found else f"`{generation}`"
        for generation, found in keys.items()
    ]
    return ", ".join(parts)


def render_open_questions(generations: Sequence[Generation]) -> str:
    """Return the MyST Markdown open-questions page: every ``low`` value, from the data."""
    lines = [
        _GENERATED,
        "",
        "(open-questions)=",
        "# Open questions",
        "",
        "The official sources are silent or disagree on a few points. Each value below carries a "
        "`low` confidence in the generation data, with a note saying what it rests on, so a "
        "verdict that uses it says so (the finding's `provenance`), and a partnership that "
        "reads its grant differently can override the value in a "
        "{doc}`custom generation <howto/custom-generation>`. This page is generated from "
        "that data: it lists every value whose source is missing or contested.",
        "",
        "| rule | where | what clusterxchange does, and why | source |",
        "|---|---|---|---|",
    ]
    for label, places, provenance in open_questions(generations):
        lines.append(
            f"| {_cell(label)} | {_cell(_places(places))} | {_cell(provenance.note)} | "
            f"{_cell(provenance.source)} |"
        )
    lines += [
        "",
        "## Questions the generation data does not hold",
        "",
        "- **Do working days exclude regional holidays?** Working days are Monday to Friday. "
        "Public holidays are subtracted only when you pass a holiday calendar "
        "(`clusterxchange.money.days.holiday_calendars`, optionally with regions); the "
        "`working_days` column overrides the count.",
        "- **How is a halved amount rounded?** Half-up to cents, once, at the end (`Decimal`, "
        "`ROUND_HALF_UP`).",
        "- **What is the United Kingdom's status?** Eligible under the Withdrawal Agreement "
        "clause of the 2014-2020 calls (medium confidence), but no ceiling is known: a UK host "
        "gives the `threshold` finding, never a made-up amount.",
        "",
        'The principle behind every decision: saying "not eligible" to an eligible exchange '
        "is worse than a warning on a doubtful one, so contested rules give warnings.",
        "",
        "The {ref}`rules reference <rules>` lists every value with its source and confidence.",
        "",
    ]
    return "\n".join(lines)


def write_open_questions(path: Path, generations: Sequence[Generation] | None = None) -> bool:
    """Write the open-questions page to *path*; return whether its text changed."""
    pool = tuple(all_generations() if generations is None else generations)
    return write_if_changed(path, render_open_questions(pool))


def write_pages(directory: Path, generations: Sequence[Generation] | None = None) -> list[Path]:
    """Write the rules pages into *directory*; return the pages whose text changed."""
    pool = tuple(all_generations() if generations is None else generations)
    directory.mkdir(parents=True, exist_ok=True)
    pages = {directory / "index.md": render_index(pool)}
    pages.update({directory / f"{g.id}.md": render_generation(g) for g in pool})
    return [path for path, text in pages.items() if write_if_changed(path, text)]


def _generate(app: Any) -> None:
    write_pages(Path(app.srcdir) / "rules")
    write_open_questions(Path(app.srcdir) / "open-questions.md")


def setup(app: Any) -> dict[str, Any]:
    """Register the page generation with Sphinx."""
    app.connect("builder-inited", _generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
