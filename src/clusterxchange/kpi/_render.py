"""A KPI report written out: JSON shape, text, Markdown, HTML and CSV."""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any

from clusterxchange.kpi._targets import (
    EXCHANGES,
    OUTSIDE_PARTNERSHIP,
    UNKNOWN_KIND,
    all_kpis,
    kpi_label,
)
from clusterxchange.model import OrganisationKind
from clusterxchange.model.translations import N_, translation

if TYPE_CHECKING:
    from clusterxchange.kpi._report import Duplicate, KpiReport

__all__ = [
    "CSV_COLUMNS",
    "kind_key",
    "kind_name",
    "kpi_rows",
    "kpi_title",
    "reached_note",
    "report_dict",
    "report_html",
    "report_markdown",
    "report_text",
    "write_csv",
]

#: The columns of ``kpis --format csv`` and of :meth:`KpiReport.to_pandas`: one row per KPI.
CSV_COLUMNS: tuple[str, ...] = (
    "kpi", "label", "target", "actual", "pending", "progress", "remaining",
)  # fmt: skip

_NO_VALUE = "–"

#: The heading of each KPI's row in the human outputs, translated where it is written (the
#: English of :func:`~clusterxchange.kpi.kpi_label`, which JSON and CSV keep).
_KPI_TITLES: Mapping[str, str] = MappingProxyType(
    {
        EXCHANGES: N_("Exchanges"),
        OUTSIDE_PARTNERSHIP: N_("Exchanges with visitors from outside the partnership"),
        "visitor_kind.cluster_organisation": N_("Exchanges with cluster organisation visitors"),
        "visitor_kind.business_network_organisation": N_(
            "Exchanges with business network organisation visitors"
        ),
        "visitor_kind.sme": N_("Exchanges with SME visitors"),
        "visitor_kind.scaling_up_support_organisation": N_(
            "Exchanges with scaling-up support organisation visitors"
        ),
        "visitor_kind.large_company": N_("Exchanges with large company visitors"),
        "visitor_kind.public_authority": N_("Exchanges with public authority visitors"),
        "visitor_kind.training_provider": N_("Exchanges with training provider visitors"),
    }
)

#: Each visitor kind as a plan or a match names it (singular, as :data:`KIND_NAMES` does),
#: translated where it is written.
_KIND_NAMES: Mapping[OrganisationKind, str] = MappingProxyType(
    {
        OrganisationKind.CLUSTER_ORGANISATION: N_("cluster organisation"),
        OrganisationKind.BUSINESS_NETWORK_ORGANISATION: N_("business network organisation"),
        OrganisationKind.SME: N_("SME"),
        OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION: N_("scaling-up support organisation"),
        OrganisationKind.LARGE_COMPANY: N_("large company"),
        OrganisationKind.PUBLIC_AUTHORITY: N_("public authority"),
        OrganisationKind.TRAINING_PROVIDER: N_("training provider"),
    }
)

#: Each visitor kind as the text report lists it (plural), translated where it is written.
_KIND_TITLES: Mapping[OrganisationKind, str] = MappingProxyType(
    {
        OrganisationKind.CLUSTER_ORGANISATION: N_("cluster organisations"),
        OrganisationKind.BUSINESS_NETWORK_ORGANISATION: N_("business network organisations"),
        OrganisationKind.SME: N_("SMEs"),
        OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION: N_("scaling-up support organisations"),
        OrganisationKind.LARGE_COMPANY: N_("large companies"),
        OrganisationKind.PUBLIC_AUTHORITY: N_("public authorities"),
        OrganisationKind.TRAINING_PROVIDER: N_("training providers"),
    }
)


def kind_name(kind: OrganisationKind, locale: str = "en", *, plural: bool = False) -> str:
    """Return the name of organisation kind *kind* in *locale* (:data:`KIND_NAMES` in English).

    >>> kind_name(OrganisationKind.SME, "da"), kind_name(OrganisationKind.SME, plural=True)
    ('SMV', 'SMEs')
    """
    names = _KIND_TITLES if plural else _KIND_NAMES
    return translation(locale).gettext(names[kind])


def kpi_title(kpi: str, locale: str = "en") -> str:
    """Return the heading of KPI *kpi*'s row in *locale* (:func:`kpi_label` in English).

    >>> kpi_title("visitor_kind.sme"), kpi_title("visitor_kind.sme", "de")
    ('Exchanges with SME visitors', 'Austausche mit KMU als Besuchern')
    """
    english = _KPI_TITLES.get(kpi)
    return kpi_label(kpi) if english is None else translation(locale).gettext(english)


def kpi_rows(
    report: KpiReport,
) -> list[tuple[str, str, int | None, int, int, float | None, int | None]]:
    """Return one row per KPI (every KPI, with or without a target), as :data:`CSV_COLUMNS`."""
    rows = []
    for kpi in all_kpis():
        actual, pending = report.actual(kpi)
        status = report.status(kpi)
        rows.append(
            (
                kpi,
                kpi_label(kpi),
                None if status is None else status.target,
                actual,
                pending,
                None if status is None else status.progress,
                None if status is None else status.remaining,
            )
        )
    return rows


def _duplicate_dict(duplicate: Duplicate, rows: Sequence[int] | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "index": duplicate.index,
        "id": duplicate.id,
        "duplicate_of": duplicate.duplicate_of,
        "duplicate_of_id": duplicate.duplicate_of_id,
    }
    if rows is not None:
        entry["row"] = rows[duplicate.index]
        entry["duplicate_of_row"] = rows[duplicate.duplicate_of]
    return entry


def kind_key(kind: OrganisationKind | str) -> str:
    """Return the text key of a ``by_visitor_kind`` key: the kind's value, or ``unknown``.

    >>> kind_key(OrganisationKind.SME), kind_key(UNKNOWN_KIND)
    ('sme', 'unknown')
    """
    return kind.value if isinstance(kind, OrganisationKind) else kind


def _unknown_kinds(report: KpiReport) -> tuple[int, int]:
    """Return the completed and pending exchanges whose visitor kind is not recorded."""
    return (
        report.by_visitor_kind.get(UNKNOWN_KIND, 0),
        report.pending_by_visitor_kind.get(UNKNOWN_KIND, 0),
    )


def report_dict(report: KpiReport, rows: Sequence[int] | None = None) -> dict[str, Any]:
    """Return the JSON shape of docs/design.md, with added keys (never renamed ones)."""
    return {
        "partnership": report.partnership,
        "completed": report.completed,
        "pending": report.pending,
        "other": report.other,
        "outside_partnership": report.outside_partnership,
        "outside_pending": report.outside_pending,
        "unknown_relation": report.unknown_relation,
        "by_visitor_kind": {kind_key(k): n for k, n in report.by_visitor_kind.items()},
        "pending_by_visitor_kind": {
            kind_key(k): n for k, n in report.pending_by_visitor_kind.items()
        },
        "by_status": {s.value: n for s, n in report.by_status.items()},
        "by_host_country": dict(report.by_host_country),
        "by_visitor_country": dict(report.by_visitor_country),
        "by_event": dict(report.by_event),
        "by_month": dict(report.by_month),
        "duplicates": [_duplicate_dict(d, rows) for d in report.duplicates],
        "other_partnerships": report.other_partnerships,
        "without_partnership": report.without_partnership,
        "exchanges_read": report.exchanges_read,
        "targets": [status.as_dict() for status in report.statuses],
    }


def _formatters(locale: str) -> tuple[Callable[[int], str], Callable[[float], str]]:
    from clusterxchange.model.formatting import format_number, format_percent, parse_locale

    parse_locale(locale)
    return (
        lambda value: format_number(value, locale),
        lambda value: format_percent(value, locale),
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int) -> list[str]:
    widths = [max(len(r[c]) for r in (header, *rows)) for c in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [
            cell.rjust(width) if c >= numeric_from else cell.ljust(width)
            for c, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _where(duplicate_index: int, rows: Sequence[int] | None, locale: str = "en") -> str:
    if rows is None:
        return f"#{duplicate_index}"
    return translation(locale).gettext("row {row}").format(row=rows[duplicate_index])


def _listing(
    counts: Mapping[Any, int], name: Callable[[Any], str], number: Callable[[int], str]
) -> str:
    return ", ".join(f"{name(key)} {number(count)}" for key, count in counts.items()) or _NO_VALUE


def _counted(count: int, noun: str, number: Callable[[int], str]) -> str:
    """Return *count* formatted, then *noun* in the singular for one and the plural otherwise.

    >>> _counted(1, "duplicate", str), _counted(2, "completed exchange", str)
    ('1 duplicate', '2 completed exchanges')
    """
    return f"{number(count)} {noun}" + ("" if count == 1 else "s")


def report_text(report: KpiReport, locale: str = "en", rows: Sequence[int] | None = None) -> str:
    """Return the report as plain text for people, written for *locale*."""
    from clusterxchange.model.formatting import format_country
    from clusterxchange.model.translations import term

    number, percent = _formatters(locale)
    t = translation(locale)
    _ = t.gettext
    lines: list[str] = []
    if report.partnership is None:
        lines.append(_("KPIs"))
    else:
        lines.append(_("KPIs of partnership {partnership}").format(partnership=report.partnership))
    read = t.ngettext(
        "{count} exchange read, {counted} counted once each",
        "{count} exchanges read, {counted} counted once each",
        report.exchanges_read,
    ).format(count=number(report.exchanges_read), counted=number(report.counted))
    notes = []
    if report.duplicates:
        n = len(report.duplicates)
        notes.append(
            t.ngettext("{count} duplicate", "{count} duplicates", n).format(count=number(n))
        )
    if report.other_partnerships:
        notes.append(
            _("{count} of other partnerships").format(count=number(report.other_partnerships))
        )
    if report.without_partnership:
        notes.append(
            _("{count} without a visitor partnership").format(
                count=number(report.without_partnership)
            )
        )
    if notes:
        read += " " + _("(left out: {notes})").format(notes=", ".join(notes))
    lines.append(read)
    lines.append(
        _(
            "Completed: {completed}   pending (waiting for the final activity report): "
            "{pending}   other statuses: {other}"
        ).format(
            completed=number(report.completed),
            pending=number(report.pending),
            other=number(report.other),
        )
    )
    outside = _("Outside the partnership: {completed} completed, {pending} pending").format(
        completed=number(report.outside_partnership), pending=number(report.outside_pending)
    )
    if report.unknown_relation:
        outside += "; " + _(
            "inside or outside unknown for {count} completed (counted in no outside total)"
        ).format(count=number(report.unknown_relation))
    lines.append(outside)
    if report.statuses:
        lines.append("")
        header = (_("Target"), _("target"), _("reached"), _("pending"), _("progress"))
        body = [
            (
                kpi_title(s.kpi, locale),
                number(s.target),
                number(s.actual),
                number(s.pending),
                percent(s.progress),
            )
            for s in report.statuses
        ]
        lines.extend(_table(header, body, numeric_from=1))
    lines.append("")
    lines.append(_("Completed (pending) by visitor kind:"))
    for kind in OrganisationKind:
        done, waiting = report.by_visitor_kind[kind], report.pending_by_visitor_kind[kind]
        if done or waiting:
            lines.append(
                f"  {kind_name(kind, locale, plural=True)}: {number(done)} ({number(waiting)})"
            )
    done, waiting = _unknown_kinds(report)
    if done or waiting:
        unrecorded = _("kind not recorded")
        lines.append(f"  {unrecorded}: {number(done)} ({number(waiting)})")
    statuses = {s: n for s, n in report.by_status.items() if n}

    def country(code: str) -> str:
        return format_country(code, locale)

    listings: list[tuple[str, Mapping[Any, int] | None, Callable[[Any], str]]] = [
        (_("By status:"), statuses, lambda s: term(s.value, locale)),
        (_("By host country:"), report.by_host_country, country),
        (_("By visitor country:"), report.by_visitor_country, country),
        (_("By event:"), report.by_event if report.by_event else None, str),
        (_("By month:"), report.by_month, str),
    ]
    lines.extend(
        f"{label} {_listing(counts, name, number)}"
        for label, counts, name in listings
        if counts is not None
    )
    if report.duplicates:
        lines.append(_("Duplicates (counted once):"))
        for d in report.duplicates:
            same = _("{row} repeats {original}").format(
                row=_where(d.index, rows, locale), original=_where(d.duplicate_of, rows, locale)
            )
            known = d.id or d.duplicate_of_id
            lines.append(f"  {same}" + (f" ({known})" if known else ""))
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def report_markdown(report: KpiReport, locale: str = "en") -> str:
    """Return the "targets and status" table in Markdown, one row per target.

    Without targets, every KPI with an exchange is listed with no target. Reached counts are
    completed exchanges; pending ones wait for their final activity report.
    """
    number, percent = _formatters(locale)
    t = translation(locale)
    _ = t.gettext
    header = (_("KPI"), _("Target"), _("Reached"), _("Pending"), _("Progress"))
    lines = ["| " + " | ".join(header) + " |", "|:--|--:|--:|--:|--:|"]
    if report.statuses:
        for s in report.statuses:
            cells = (
                kpi_title(s.kpi, locale),
                number(s.target),
                number(s.actual),
                number(s.pending),
                percent(s.progress),
            )
            lines.append("| " + " | ".join(_markdown_cell(c) for c in cells) + " |")
    else:
        for kpi in all_kpis():
            actual, pending = report.actual(kpi)
            if kpi in (EXCHANGES, OUTSIDE_PARTNERSHIP) or actual or pending:
                cells = (
                    kpi_title(kpi, locale),
                    _NO_VALUE,
                    number(actual),
                    number(pending),
                    _NO_VALUE,
                )
                lines.append("| " + " | ".join(_markdown_cell(c) for c in cells) + " |")
    notes = [reached_note(locale)]
    if report.unknown_relation:
        n = report.unknown_relation
        notes.append(
            t.ngettext(
                "Inside or outside the partnership is not recorded for {count} completed exchange.",
                "Inside or outside the partnership is not recorded for {count} completed "
                "exchanges.",
                n,
            ).format(count=number(n))
        )
    done, waiting = _unknown_kinds(report)
    if done or waiting:
        notes.append(
            t.ngettext(
                "The visitor kind is not recorded for {count} completed exchange ({pending} "
                "pending): counted in the totals, in no kind's row.",
                "The visitor kind is not recorded for {count} completed exchanges ({pending} "
                "pending): counted in the totals, in no kind's row.",
                done,
            ).format(count=number(done), pending=number(waiting))
        )
    return "\n".join(lines) + "\n\n" + " ".join(notes) + "\n"


def reached_note(locale: str = "en") -> str:
    """Return the note under a targets table: what *reached* and *pending* count, in *locale*.

    >>> reached_note("fr").split(" ; ")[1]
    "en attente : en attente du rapport final d'activité."
    """
    return translation(locale).gettext(
        "Reached: completed exchanges, each counted once, for the visitor's partnership; "
        "pending: waiting for the Final Activity Report."
    )


def report_html(report: KpiReport) -> str:
    """Return the report as an HTML fragment for notebooks (every text escaped)."""
    esc = html.escape
    title = "KPIs" if report.partnership is None else f"KPIs of partnership {report.partnership}"
    parts = [
        "<div class='clusterxchange-kpis'>",
        f"<p><strong>{esc(title)}</strong>: {report.completed} completed, "
        f"{report.pending} pending, {report.outside_partnership} outside the partnership"
        + (
            f", {report.unknown_relation} with inside/outside unknown"
            if report.unknown_relation
            else ""
        )
        + (
            f", {sum(_unknown_kinds(report))} with the visitor kind not recorded"
            if any(_unknown_kinds(report))
            else ""
        )
        + f"; {_counted(len(report.duplicates), 'duplicate', str)} left out.</p>",
        "<table><thead><tr><th>KPI</th><th>Target</th><th>Reached</th><th>Pending</th>"
        "<th>Progress</th></tr></thead><tbody>",
    ]
    for kpi, label, target, actual, pending, progress, _ in kpi_rows(report):
        if (
            target is None
            and not (actual or pending)
            and kpi not in (EXCHANGES, OUTSIDE_PARTNERSHIP)
        ):
            continue
        shown = "" if progress is None else f"{progress:.0%}"
        parts.append(
            f"<tr><td>{esc(label)}</td><td>{'' if target is None else target}</td>"
            f"<td>{actual}</td><td>{pending}</td><td>{esc(shown)}</td></tr>"
        )
    parts.append("</tbody></table>")
    if report.duplicates:
        listed = ", ".join(
            esc(f"#{d.index} repeats #{d.duplicate_of}" + (f" ({d.id})" if d.id else ""))
            for d in report.duplicates
        )
        parts.append(f"<p>Duplicates: {listed}</p>")
    parts.append("</div>")
    return "".join(parts)


def write_csv(report: KpiReport, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write one row per KPI as spreadsheet-safe CSV (:data:`CSV_COLUMNS`)."""
    from clusterxchange.io import write_table

    write_table(target, CSV_COLUMNS, kpi_rows(report))
