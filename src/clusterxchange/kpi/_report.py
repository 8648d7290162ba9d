"""The KPI report: :func:`kpis`, :class:`KpiReport` and :func:`merge`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from clusterxchange.kpi._count import COMPLETED, PENDING, Tally, partnership_key
from clusterxchange.kpi._mapping import FrozenMap
from clusterxchange.kpi._merge import merge_tallies
from clusterxchange.kpi._targets import (
    EXCHANGES,
    OUTSIDE_PARTNERSHIP,
    UNKNOWN_KIND,
    Targets,
    TargetStatus,
    _kind_of,
    kind_kpi,
    target_statuses,
)
from clusterxchange.model import Exchange, OrganisationKind, Partnership, Relation, Status
from clusterxchange.model.errors import InvalidValueError

if TYPE_CHECKING:
    import pandas
    import polars

__all__ = ["Duplicate", "KpiReport", "kpis", "merge"]


@attrs.frozen(kw_only=True)
class Duplicate:
    """A row that repeats an exchange already counted, and the row counted for it.

    Attributes:
        index: The row's 0-based position in the exchanges given to :func:`kpis` (after a
            merge: in the concatenation of the parts).
        id: The row's exchange id, if it has one.
        duplicate_of: The position of the row counted for the exchange.
        duplicate_of_id: That row's exchange id, if it has one.
    """

    index: int
    id: str | None
    duplicate_of: int
    duplicate_of_id: str | None


def _sorted_by_count(counts: Mapping[Any, int]) -> FrozenMap[Any, int]:
    return FrozenMap(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))


@attrs.frozen(kw_only=True)
class KpiReport:
    """The KPIs of a set of exchanges: counts, breakdowns, duplicates and target status.

    Every count is of *completed* exchanges (status ``completed`` or ``paid``), each counted
    once and only for its visitor's partnership; ``pending`` counts the exchanges waiting for
    their final report (``awaiting_final_report``), shown beside the official counts and never
    in them. Other statuses (``cancelled``, ``draft``, ... ``in_progress``) count for no KPI but
    are kept in :attr:`by_status`, so no row is lost. Reports merge exactly: ``a + b`` (or
    :func:`merge`) equals the report of the two inputs concatenated, duplicates across the
    parts included. Reports are immutable.

    Attributes:
        partnership: The partnership counted for (only exchanges whose
            ``visitor_partnership`` it is), or ``None`` for every exchange given.
        completed: Completed exchanges.
        pending: Exchanges waiting for their final report.
        outside_partnership: Completed exchanges whose visitor is outside the partnership
            (the exchange's ``relation``, else derived from the partnership's clusters when a
            :class:`~clusterxchange.model.Partnership` was given).
        outside_pending: Pending exchanges whose visitor is outside the partnership.
        unknown_relation: Completed exchanges whose relation is unknown: counted in no
            ``outside_partnership`` total; record it to count them.
        by_visitor_kind: Completed exchanges per visitor kind (every kind, zeros included),
            and under ``"unknown"`` (:data:`~clusterxchange.kpi.UNKNOWN_KIND`) those whose
            visitor kind is not recorded, when there are any (completed or pending): the
            values add up to :attr:`completed`.
        pending_by_visitor_kind: Pending exchanges per visitor kind (the same keys).
        by_status: Every exchange counted once, per status, whatever the status.
        by_host_country: Completed exchanges per host country (most first); exchanges
            without a recorded host country are not listed.
        by_visitor_country: Completed exchanges per visitor country (most first); exchanges
            without a recorded visitor country are not listed.
        by_event: Completed exchanges per event label; exchanges without one are not listed.
        by_month: Completed exchanges per month of the first day (``YYYY-MM``, in order);
            exchanges without a first day are not listed.
        duplicates: The rows that repeat an exchange, in row order.
        other_partnerships: Rows of other visitor partnerships, not counted.
        without_partnership: Rows without a visitor partnership, not counted when a
            partnership is given.
        exchanges_read: Every row given.
        targets: The targets, if any.
        statuses: The status of each target, in the targets' order.
    """

    partnership: str | None
    completed: int
    pending: int
    outside_partnership: int
    outside_pending: int
    unknown_relation: int
    by_visitor_kind: FrozenMap[OrganisationKind | str, int]
    pending_by_visitor_kind: FrozenMap[OrganisationKind | str, int]
    by_status: FrozenMap[Status, int]
    by_host_country: FrozenMap[str, int]
    by_visitor_country: FrozenMap[str, int]
    by_event: FrozenMap[str, int]
    by_month: FrozenMap[str, int]
    duplicates: tuple[Duplicate, ...]
    other_partnerships: int
    without_partnership: int
    exchanges_read: int
    targets: Targets | None
    statuses: tuple[TargetStatus, ...]
    _tally: Tally = attrs.field(eq=False, repr=False, alias="_tally")

    @classmethod
    def _build(cls, tally: Tally, targets: Targets | None) -> KpiReport:
        kinds: dict[OrganisationKind | str, int] = dict.fromkeys(OrganisationKind, 0)
        pending_kinds: dict[OrganisationKind | str, int] = dict.fromkeys(OrganisationKind, 0)
        statuses = dict.fromkeys(Status, 0)
        completed = pending = outside = outside_pending = unknown = 0
        for (status, recorded, relation), count in tally.core.items():
            statuses[status] += count
            kind: OrganisationKind | str = UNKNOWN_KIND if recorded is None else recorded
            if status in COMPLETED:
                completed += count
                kinds[kind] = kinds.get(kind, 0) + count
                if relation is Relation.OUTSIDE:
                    outside += count
                elif relation is None:
                    unknown += count
            elif status is PENDING:
                pending += count
                pending_kinds[kind] = pending_kinds.get(kind, 0) + count
                if relation is Relation.OUTSIDE:
                    outside_pending += count
        if UNKNOWN_KIND in kinds or UNKNOWN_KIND in pending_kinds:
            kinds.setdefault(UNKNOWN_KIND, 0)
            pending_kinds.setdefault(UNKNOWN_KIND, 0)
        hosts: dict[str, int] = {}
        visitors: dict[str, int] = {}
        for (host, visitor), count in tally.places.items():
            if host is not None:
                hosts[host] = hosts.get(host, 0) + count
            if visitor is not None:
                visitors[visitor] = visitors.get(visitor, 0) + count
        events: dict[str, int] = {}
        months: dict[str, int] = {}
        for (event, day), count in tally.times.items():
            if event is not None:
                events[event] = events.get(event, 0) + count
            if day is not None:
                month = f"{day.year:04d}-{day.month:02d}"
                months[month] = months.get(month, 0) + count
        counts = {
            EXCHANGES: (completed, pending),
            OUTSIDE_PARTNERSHIP: (outside, outside_pending),
            **{kind_kpi(k): (kinds[k], pending_kinds[k]) for k in OrganisationKind},
        }
        rows = tally.exchanges
        return cls(
            partnership=tally.partnership_name,
            completed=completed,
            pending=pending,
            outside_partnership=outside,
            outside_pending=outside_pending,
            unknown_relation=unknown,
            by_visitor_kind=FrozenMap(kinds),
            pending_by_visitor_kind=FrozenMap(pending_kinds),
            by_status=FrozenMap(statuses),
            by_host_country=_sorted_by_count(hosts),
            by_visitor_country=_sorted_by_count(visitors),
            by_event=_sorted_by_count(events),
            by_month=FrozenMap(sorted(months.items())),
            duplicates=tuple(
                Duplicate(index=i, id=rows[i].id, duplicate_of=j, duplicate_of_id=rows[j].id)
                for i, j in tally.duplicates()
            ),
            other_partnerships=tally.skipped_other,
            without_partnership=tally.skipped_unassigned,
            exchanges_read=len(rows),
            targets=targets,
            statuses=target_statuses(targets, counts),
            _tally=tally,
        )

    @property
    def counted(self) -> int:
        """Exchanges counted once each, whatever their status (duplicates left out)."""
        return sum(self.by_status.values())

    @property
    def other(self) -> int:
        """Counted exchanges neither completed nor pending (cancelled, or not yet done)."""
        return self.counted - self.completed - self.pending

    def status(self, kpi: str) -> TargetStatus | None:
        """Return the status of the target of KPI *kpi*, or ``None`` when it has no target."""
        return next((s for s in self.statuses if s.kpi == kpi), None)

    def actual(self, kpi: str) -> tuple[int, int]:
        """Return ``(completed, pending)`` for KPI *kpi*, target or not.

        Raises:
            InvalidValueError: *kpi* is not a KPI id.
        """
        if kpi == EXCHANGES:
            return self.completed, self.pending
        if kpi == OUTSIDE_PARTNERSHIP:
            return self.outside_partnership, self.outside_pending
        given: object = kpi  # callers without type checking may pass anything
        if not isinstance(given, str):
            raise InvalidValueError(f"unknown KPI {kpi!r:.80}: expected a KPI id such as exchanges")
        chosen = _kind_of(kpi)
        if chosen is None:
            raise InvalidValueError(
                f"unknown KPI {kpi!r}: expected exchanges, outside_partnership or "
                "visitor_kind.<kind>"
            )
        return self.by_visitor_kind[chosen], self.pending_by_visitor_kind[chosen]

    def with_targets(self, targets: Targets | None) -> KpiReport:
        """Return this report measured against *targets* instead."""
        _check_targets(targets)
        return KpiReport._build(self._tally, targets)

    def __add__(self, other: object) -> KpiReport:
        if not isinstance(other, KpiReport):
            return NotImplemented
        return merge(self, other)

    def __radd__(self, other: object) -> KpiReport:
        # ``sum(reports)`` starts from 0.
        if other == 0:
            return self
        return NotImplemented

    # -- outputs (see clusterxchange.kpi._render, _frames and _chart) ---------------------------

    def as_dict(self, rows: Sequence[int] | None = None) -> dict[str, Any]:
        """Return the JSON shape of docs/design.md (``completed``, ``pending``, ... ``targets``).

        Args:
            rows: The source row of each exchange given (``ExchangeTable.rows``), to name
                duplicates by row as well as by position.
        """
        from clusterxchange.kpi._render import report_dict

        return report_dict(self, rows)

    def to_text(self, locale: str = "en", rows: Sequence[int] | None = None) -> str:
        """Return a plain-text report for people, numbers and countries written for *locale*."""
        from clusterxchange.kpi._render import report_text

        return report_text(self, locale, rows)

    def to_markdown(self, locale: str = "en") -> str:
        """Return the "targets and status" table in Markdown, ready to paste into a report."""
        from clusterxchange.kpi._render import report_markdown

        return report_markdown(self, locale)

    def to_csv(self, target: str | os.PathLike[str] | IO[str]) -> None:
        """Write one row per KPI (``kpi``, ``label``, ``target``, ``actual``, ... ) as CSV."""
        from clusterxchange.kpi._render import write_csv

        write_csv(self, target)

    def _repr_html_(self) -> str:
        from clusterxchange.kpi._render import report_html

        return report_html(self)

    def to_pandas(self, breakdown: str | None = None) -> pandas.DataFrame:
        """Return one row per KPI (or per value of *breakdown*) as a pandas DataFrame."""
        from clusterxchange.kpi._frames import to_pandas

        return to_pandas(self, breakdown)

    def to_polars(self, breakdown: str | None = None) -> polars.DataFrame:
        """Return one row per KPI (or per value of *breakdown*) as a polars DataFrame."""
        from clusterxchange.kpi._frames import to_polars

        return to_polars(self, breakdown)

    def plot(self, path: str | os.PathLike[str]) -> None:
        """Save a chart of progress against targets to *path* (``.png`` or ``.svg``)."""
        from clusterxchange.kpi._chart import plot_progress

        plot_progress(self, path)


def _check_targets(targets: object) -> None:
    if targets is not None and not isinstance(targets, Targets):
        raise InvalidValueError(f"targets: expected Targets, got {type(targets).__name__}")


def kpis(
    exchanges: Iterable[Exchange],
    *,
    partnership: Partnership | str | None = None,
    targets: Targets | None = None,
) -> KpiReport:
    """Return the KPIs of *exchanges*, against *targets* when given.

    Args:
        exchanges: The exchanges, in any order (positions in it name duplicates).
        partnership: Count only the exchanges whose ``visitor_partnership`` is this
            partnership (names compared ignoring case and spaces). A
            :class:`~clusterxchange.model.Partnership` also decides inside or outside for
            exchanges without a ``relation``, from its clusters and members. Without it, the
            partnership of *targets* when it names one, else every exchange counts.
        targets: The grant-agreement targets to measure progress against.

    Raises:
        InvalidValueError: An item is not an exchange, or *partnership* and the partnership of
            *targets* differ.

    >>> import datetime as dt
    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> sme = Organisation(name="Aero Lda", country="PT", kind="sme")
    >>> done = Exchange(host=host, visitor=sme, id="EG927FA8", visitor_partnership="P",
    ...                 start=dt.date(2023, 3, 6), status="completed", relation="outside")
    >>> waiting = attrs.evolve(done, id=None, start=dt.date(2023, 5, 8),
    ...                        status="awaiting_final_report")
    >>> report = kpis([done, waiting, done], partnership="P", targets=Targets(exchanges=4))
    >>> report.completed, report.pending, report.outside_partnership, len(report.duplicates)
    (1, 1, 1, 1)
    >>> report.statuses[0].sentence()
    '4 exchanges: 1 reached, 1 pending'
    """
    _check_targets(targets)
    if partnership is not None and not isinstance(partnership, Partnership | str):
        raise InvalidValueError(
            f"partnership: expected a Partnership or a name, got {type(partnership).__name__}"
        )
    if isinstance(partnership, str):
        partnership = partnership.strip()
        if not partnership:
            raise InvalidValueError("partnership: expected a name, got blank text")
    chosen: Partnership | str | None = partnership
    if targets is not None and targets.partnership is not None:
        if chosen is None:
            chosen = targets.partnership
        else:
            name = chosen.name if isinstance(chosen, Partnership) else chosen
            if partnership_key(name) != partnership_key(targets.partnership):
                raise InvalidValueError(
                    f"the targets are those of partnership {targets.partnership!r}, not of {name!r}"
                )
    tally = Tally(chosen)
    tally.feed(exchanges)
    return KpiReport._build(tally, targets)


def merge(first: KpiReport, second: KpiReport) -> KpiReport:
    """Return the report of *first*'s exchanges followed by *second*'s (also ``first + second``).

    Duplicates across the two count once, exactly as if the exchanges had been counted
    together; positions in *second* follow those of *first*.

    Raises:
        InvalidValueError: The reports count for different partnerships, derive relations
            from different partnerships, or have different targets.

    >>> import datetime as dt
    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> sme = Organisation(name="Aero Lda", country="PT", kind="sme")
    >>> e = Exchange(host=host, visitor=sme, id="EG927FA8", status="completed")
    >>> both = kpis([e]) + kpis([e])
    >>> both == kpis([e, e]), both.completed, both.duplicates[0].index
    (True, 1, 1)
    """
    for report in (first, second):
        if not isinstance(report, KpiReport):
            raise InvalidValueError(f"expected a KpiReport, got {type(report).__name__}")
    a, b = first._tally, second._tally
    key_a = None if a.partnership_name is None else partnership_key(a.partnership_name)
    key_b = None if b.partnership_name is None else partnership_key(b.partnership_name)
    if key_a != key_b:
        raise InvalidValueError(
            f"cannot merge the KPIs of partnership {first.partnership!r} with those of "
            f"{second.partnership!r}"
        )
    if a.partnership != b.partnership:
        raise InvalidValueError(
            "cannot merge reports whose inside/outside relations come from different "
            "partnership definitions"
        )
    if first.targets is not None and second.targets is not None and first.targets != second.targets:
        raise InvalidValueError("cannot merge reports measured against different targets")
    targets = first.targets if first.targets is not None else second.targets
    return KpiReport._build(merge_tallies(a, b), targets)
