"""Importing the records of an export, and the report of what happened to each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import attrs

from clusterxchange.io.migration._mapping import ColumnMapping, load_mapping
from clusterxchange.lifecycle.ids import with_local_ids
from clusterxchange.model import Exchange
from clusterxchange.model.errors import InvalidFileError, InvalidValueError, Problem

__all__ = ["ImportedRecord", "MigrationReport", "RefusedRecord", "migrate"]

_DATE_COLUMNS = ("start", "end")
_DELIMITERS = (",", ";", "\t")


@attrs.frozen(kw_only=True)
class ImportedRecord:
    """A record imported: its source row, the exchange, and each change made on the way.

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    >>> ImportedRecord(row=2, exchange=Exchange(host=host, visitor=visitor)).changes
    ()
    """

    row: int
    exchange: Exchange
    changes: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class RefusedRecord:
    """A record refused: its source row and every problem (each with row, column, reason).

    >>> refused = RefusedRecord(row=3, problems=[Problem(message="no visitor", row=3)])
    >>> str(refused.problems[0])
    'row 3: no visitor'
    """

    row: int
    problems: tuple[Problem, ...] = attrs.field(converter=tuple[Problem, ...])


@attrs.frozen(kw_only=True)
class MigrationReport:
    """What happened to every record of an export: imported, changed on the way, or refused.

    Attributes:
        source: The export's file name.
        imported: The records imported, in row order (those with changes included).
        refused: The records refused, in row order, each with every problem.
        warnings: What concerns the file rather than one record (columns left unmapped...).
        records_read: Data records read (blank rows are skipped with a warning).

    >>> report = MigrationReport(source="x.csv", imported=(), refused=(), records_read=0)
    >>> report.rows(), report.exchanges(), report.changed
    ([], (), ())
    """

    source: str
    imported: tuple[ImportedRecord, ...]
    refused: tuple[RefusedRecord, ...]
    warnings: tuple[Problem, ...] = ()
    records_read: int = 0

    @property
    def changed(self) -> tuple[ImportedRecord, ...]:
        """The imported records that were changed on the way."""
        return tuple(record for record in self.imported if record.changes)

    def exchanges(self) -> tuple[Exchange, ...]:
        """Return the exchanges imported, in row order."""
        return tuple(record.exchange for record in self.imported)

    def rows(self) -> list[list[object]]:
        """Return the report as table rows: row, outcome, id, column, message.

        One row per change or problem; an imported record without changes has one row.
        """
        lines: list[tuple[int, list[object]]] = []
        for record in self.imported:
            outcome = "changed" if record.changes else "imported"
            for change in record.changes or ("",):
                lines.append((record.row, [record.row, outcome, record.exchange.id, None, change]))
        for refused in self.refused:
            for problem in refused.problems:
                lines.append(
                    (refused.row, [refused.row, "refused", None, problem.column, problem.message])
                )
        return [line for _, line in sorted(lines, key=lambda item: item[0])]

    def write(self, target: str | os.PathLike[str] | IO[str]) -> None:
        r"""Write the report as a spreadsheet-safe CSV table (see :meth:`rows`).

        >>> import io
        >>> out = io.StringIO()
        >>> MigrationReport(source="x.csv", imported=(), refused=()).write(out)
        >>> out.getvalue()
        'row,outcome,id,column,message\r\n'
        """
        from clusterxchange.io._export import write_table

        write_table(target, ["row", "outcome", "id", "column", "message"], self.rows())


def _read_records(
    path: str | os.PathLike[str], mapping: ColumnMapping
) -> tuple[list[str], list[list[str]]]:
    name = os.fspath(path)
    try:
        text = Path(path).read_text(encoding=mapping.encoding)
    except FileNotFoundError:
        raise InvalidFileError([Problem(message="no such file", file=name)]) from None
    except UnicodeDecodeError as error:
        raise InvalidFileError(
            [
                Problem(
                    message=f"not {mapping.encoding} text ({error.reason}): "
                    "set the encoding in the mapping",
                    file=name,
                )
            ]
        ) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL or lone surrogate in the path
        reason = getattr(error, "strerror", None) or error
        raise InvalidFileError([Problem(message=f"cannot read: {reason}", file=name)]) from None
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = mapping.delimiter or max(_DELIMITERS, key=first_line.count)
    try:
        records = list(
            # strict: a quote never closed raises instead of swallowing the rest of the file.
            csv.reader(
                io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter, strict=True
            )
        )
    except csv.Error as error:
        raise InvalidFileError(
            [Problem(message=f"not a readable CSV table: {error}", file=name)]
        ) from None
    if not records:
        raise InvalidFileError(
            [Problem(message="the file is empty: expected a header row", file=name)]
        )
    return records[0], records[1:]


def _lookup(table: Mapping[str, str], value: str) -> str | None:
    key = value.strip()
    if key in table:
        return table[key]
    folded = key.casefold()
    for theirs, ours in table.items():
        if theirs.strip().casefold() == folded:
            return ours
    return None


def _canonical_values(exchange: Exchange) -> dict[str, str]:
    """The canonical text of each cell whose spelling the reader may have normalised."""
    values = {"status": exchange.status.value, "mode": exchange.mode.value}
    # A blank country or kind stays blank: nothing was normalised.
    for side, organisation in (("host", exchange.host), ("visitor", exchange.visitor)):
        if organisation.kind is not None:
            values[f"{side}_kind"] = organisation.kind.value
        if organisation.country is not None:
            values[f"{side}_country"] = organisation.country
    if exchange.relation is not None:
        values["relation"] = exchange.relation.value
    for column in _DATE_COLUMNS:
        day = getattr(exchange, column)
        if day is not None:
            values[column] = day.isoformat()
    return values


def _order(column: str | None) -> int:
    from clusterxchange.io._labels import COLUMNS

    return COLUMNS.index(column) if column in COLUMNS else len(COLUMNS)


def migrate(
    source: str | os.PathLike[str], mapping: str | os.PathLike[str] | ColumnMapping
) -> MigrationReport:
    r"""Return the report of importing another tool's CSV export with a column mapping.

    Args:
        source: The export: a CSV file with a header row.
        mapping: The mapping file (TOML, see the module documentation) or a parsed mapping.

    Raises:
        InvalidFileError: The export or the mapping cannot be used at all (missing, not
            decodable, a mapped host or visitor header absent from the export).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "export.csv").write_text(
    ...     "Gast;Land;Art;Gastgeber;Land GG;Art GG;Status\n"
    ...     "Aero Lda;PT;KMU;Hamburg Aviation;DE;Cluster;Abgeschlossen\n"
    ...     "Torino Avio;IT;KMU;Hamburg Aviation;DE;Cluster;In Klärung\n", encoding="utf-8")
    >>> _ = (folder / "mapping.toml").write_text(
    ...     '[columns]\nGast = "visitor"\nLand = "visitor_country"\nArt = "visitor_kind"\n'
    ...     'Gastgeber = "host"\n"Land GG" = "host_country"\n"Art GG" = "host_kind"\n'
    ...     'Status = "status"\n[values.visitor_kind]\nKMU = "sme"\n[values.status]\n'
    ...     'Abgeschlossen = "completed"\n', encoding="utf-8")
    >>> report = migrate(folder / "export.csv", folder / "mapping.toml")
    >>> report.records_read, [(r.row, r.exchange.status.value) for r in report.imported]
    (2, [(2, 'completed')])
    >>> [(r.row, p.column) for r in report.refused for p in r.problems]
    [(3, 'status')]
    >>> for change in report.imported[0].changes:
    ...     print(change)
    visitor_kind: value 'KMU' mapped to 'sme'
    status: value 'Abgeschlossen' mapped to 'completed'
    host_kind: 'Cluster' read as cluster_organisation
    local ID assigned: CXL-0000-DE-PT-...
    """
    from clusterxchange.io._rows import parse_exchange_rows

    if not isinstance(source, str | os.PathLike):
        raise InvalidValueError(f"expected a path to the export, got {type(source).__name__}")
    rules = mapping if isinstance(mapping, ColumnMapping) else load_mapping(mapping)
    name = os.fspath(source)
    header, records = _read_records(source, rules)
    used, warnings = _header_positions(header, rules, name)
    mapped = [
        _map_record(n, record, used, rules, name=name, width=len(header))
        for n, record in enumerate(records, 2)
    ]
    table = parse_exchange_rows([m.cells for m in mapped], file=name, first_row=2)
    errors: dict[int, list[Problem]] = {}
    for problem in table.errors:
        # The row reader locates every error on a row.
        errors.setdefault(problem.row or 0, []).append(problem)
    for row, record in enumerate(mapped, 2):
        if record.problems:
            # The mapping's problem with a cell replaces the reader's with the same cell.
            columns = {p.column for p in record.problems}
            found = [p for p in errors.get(row, []) if p.column not in columns]
            errors[row] = sorted([*found, *record.problems], key=lambda p: _order(p.column))
    warnings.extend(table.warnings)

    kept = [
        (row, e) for row, e in zip(table.rows, table.exchanges, strict=True) if row not in errors
    ]
    with_ids = with_local_ids(e for _, e in kept)
    imported: list[ImportedRecord] = []
    for (row, before), exchange in zip(kept, with_ids, strict=True):
        record = mapped[row - 2]
        notes = list(record.changes)
        for column, canonical in _canonical_values(exchange).items():
            written = record.written.get(column)
            if written and written != canonical:
                notes.append(f"{column}: {written!r} read as {canonical}")
        if before.id is None:
            notes.append(f"local ID assigned: {exchange.id}")
        imported.append(ImportedRecord(row=row, exchange=exchange, changes=tuple(notes)))
    return MigrationReport(
        source=name,
        imported=tuple(imported),
        refused=tuple(
            RefusedRecord(row=row, problems=tuple(problems))
            for row, problems in sorted(errors.items())
        ),
        warnings=tuple(warnings),
        records_read=table.rows_read,
    )


def _header_positions(
    header: list[str], rules: ColumnMapping, name: str
) -> tuple[dict[str, int], list[Problem]]:
    """Return the position of each of our columns in their header, and the warnings."""
    position = {cell.strip().casefold(): i for i, cell in reversed(list(enumerate(header)))}
    warnings: list[Problem] = []
    used: dict[str, int] = {}
    folded = [cell.strip().casefold() for cell in header]
    for theirs, ours in rules.columns.items():
        key = theirs.strip().casefold()
        if folded.count(key) > 1:
            raise InvalidFileError(
                [Problem(message=f"the header names {theirs!r} twice: keep one", file=name, row=1)]
            )
        if key in position:
            used[ours] = position[key]
            continue
        message = f"no column {theirs!r} (mapped to {ours}) in the header"
        if ours in {"host", "visitor"}:
            raise InvalidFileError([Problem(message=message, file=name, row=1)])
        warnings.append(Problem(message=f"{message}: nothing read for it", file=name, row=1))
    mapped = set(used.values())
    for i, cell in enumerate(header):
        if i not in mapped and cell.strip():
            warnings.append(
                Problem(
                    message=f"column {cell.strip()!r} is not mapped: ignored",
                    file=name,
                    column=cell.strip(),
                )
            )
    return used, warnings


@attrs.frozen(kw_only=True)
class _Mapped:
    """One record in our columns: its cells, the changes made, problems, and what was written."""

    cells: dict[str, object]
    changes: tuple[str, ...]
    problems: tuple[Problem, ...]
    written: dict[str, str]


def _map_record(
    number: int,
    record: list[str],
    used: Mapping[str, int],
    rules: ColumnMapping,
    *,
    name: str,
    width: int,
) -> _Mapped:
    cells: dict[str, object] = {}
    changes: list[str] = []
    problems: list[Problem] = []
    written: dict[str, str] = {}
    if len(record) > width and any(cell.strip() for cell in record[width:]):
        # A cell with an unquoted delimiter shifts every cell after it: refuse, never guess.
        problems.append(
            Problem(
                message=f"{len(record)} cells but the header names {width} columns: "
                "a cell with an unquoted delimiter?",
                file=name,
                row=number,
            )
        )
    for column, index in used.items():
        original = record[index].strip() if index < len(record) else ""
        value = original
        values = rules.values.get(column)
        mapped = _lookup(values, value) if values and value else None
        if mapped is not None:
            changes.append(f"{column}: value {original!r} mapped to {mapped!r}")
            value = mapped.strip()
        if column in _DATE_COLUMNS and rules.date_format and value:
            try:
                day = dt.datetime.strptime(value, rules.date_format).date()  # noqa: DTZ007
            except ValueError:
                problems.append(
                    Problem(
                        message=f"{value!r} does not match the mapping's date format "
                        f"{rules.date_format!r}",
                        file=name,
                        row=number,
                        column=column,
                    )
                )
            else:
                changes.append(f"{column}: {value!r} read as {day.isoformat()}")
                value = day.isoformat()
        cells[column] = value
        written[column] = value
    return _Mapped(cells=cells, changes=tuple(changes), problems=tuple(problems), written=written)
