"""The counting pass behind :func:`clusterxchange.kpis`: one lean loop over the exchanges.

What is counted (docs/domain.md, "KPIs"): each exchange once, for its visitor's partnership. Two
rows are the same exchange when they share a non-empty ``id``, or the same visitor, host and
first day, where an organisation is known by its PIC, else by its case-folded name and country.
"The same" is transitive: rows linked by any chain of shared keys form one *class*, counted
once, through its *representative*: the row furthest in the lifecycle (a completed row beats a
pending one, which beats a cancelled one), ties broken by the row's counted values (the least
first: the earliest first day, for one) and then by position, so that the counts depend on the
rows alone, never on their order. Every other row of a class is a duplicate.

How (the hot path of ``kpis``, measured on a million rows): one Python loop, one pass. Per row
it reads a few attributes and probes two dicts keyed by objects whose hash is cached: the id
string, and the visit (visitor identity, first day), each mapped to the position of its first
row. A row that repeats a key takes the slow path (union-find over positions, moving counts
between representatives). Every other row adds one to three small counters: *core* by (status,
visitor kind, relation) for every counted row; *places* by (host country, visitor country) and
*times* by (event, first day) for completed ones. Months are summed from days when the report
is built.

The counters merge by addition; :mod:`clusterxchange.kpi._merge` adds them, joins the classes
two counts share and takes the losing representatives' counts back out, so the KPIs of a
concatenation equal the merge of the parts' KPIs exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from clusterxchange.model import (
    Exchange,
    Organisation,
    OrganisationKind,
    Partnership,
    Relation,
    Status,
)
from clusterxchange.model.errors import InvalidValueError

__all__ = [
    "COMPLETED",
    "PENDING",
    "CoreKey",
    "PlaceKey",
    "Tally",
    "TimeKey",
    "bump",
    "partnership_key",
]

#: Statuses counted as completed exchanges (docs/design.md, "Lifecycle statuses").
COMPLETED: frozenset[Status] = frozenset({Status.COMPLETED, Status.PAID})
#: The status shown as pending, beside (never in) the official counts.
PENDING = Status.AWAITING_FINAL_REPORT

#: (status, visitor kind or None when not recorded, relation or None when unknown)
CoreKey = tuple[Status, OrganisationKind | None, Relation | None]
#: (host country, visitor country), each None when not recorded
PlaceKey = tuple[str | None, str | None]
#: (event or None, first day or None)
TimeKey = tuple[str | None, dt.date | None]
_Contribution = tuple[CoreKey, tuple[PlaceKey, TimeKey] | None]

# Which representative wins within a class: further in the lifecycle first.
_LIFECYCLE_RANK: Mapping[Status, int] = MappingProxyType(
    {
        Status.CANCELLED: 0,
        Status.DRAFT: 1,
        Status.REGISTERED: 2,
        Status.MATCHED: 3,
        Status.PREPARED: 4,
        Status.IN_PROGRESS: 5,
        Status.AWAITING_FINAL_REPORT: 6,
        Status.COMPLETED: 7,
        Status.PAID: 8,
    }
)

_UNSEEN = object()


def partnership_key(name: str) -> str:
    """Return *name* folded for comparing partnership names (case and spaces do not matter).

    >>> partnership_key(" Tide Way ") == partnership_key("TIDEWAY")
    True
    """
    return "".join(name.casefold().split())


def _sortable(contribution: _Contribution) -> tuple[tuple[bool, str], ...]:
    core, detail = contribution
    values = (*core, *(() if detail is None else (*detail[0], *detail[1])))
    return tuple((value is not None, "" if value is None else str(value)) for value in values)


def bump(counter: dict[Any, int], key: Any, amount: int) -> None:
    """Add *amount* to *counter*'s count of *key*, dropping a count that falls to zero."""
    count = counter.get(key, 0) + amount
    if count:
        counter[key] = count
    else:
        del counter[key]


class Tally:
    """The mutable state of one count: positions, keys, classes and the counters.

    Private to :mod:`clusterxchange.kpi`; a :class:`~clusterxchange.kpi.KpiReport` holds one
    and never changes it after it is built.
    """

    __slots__ = (
        "_alive",
        "_names",
        "_relations",
        "core",
        "exact",
        "exchanges",
        "ids",
        "parent",
        "partnership",
        "partnership_name",
        "places",
        "skipped_other",
        "skipped_unassigned",
        "times",
        "visits",
    )

    def __init__(self, partnership: Partnership | str | None = None) -> None:
        self.partnership: Partnership | None = (
            partnership if isinstance(partnership, Partnership) else None
        )
        name = partnership.name if isinstance(partnership, Partnership) else partnership
        self.partnership_name: str | None = name
        self.exchanges: list[Exchange] = []
        #: exchange id -> position of the first row with it
        self.ids: dict[str, int] = {}
        #: (visitor identity, first day) -> position of the first row of that visit
        self.visits: dict[tuple[Hashable, dt.date], int] = {}
        #: (visitor, host, day) -> position, for a second host on the same visitor and day
        self.exact: dict[tuple[Hashable, Hashable, dt.date], int] = {}
        #: duplicate position -> a position of its class (union-find)
        self.parent: dict[int, int] = {}
        self.core: dict[CoreKey, int] = {}
        #: (host country, visitor country) -> completed exchanges
        self.places: dict[PlaceKey, int] = {}
        #: (event, first day) -> completed exchanges (months are summed from days at the end:
        #: a table has a few hundred distinct days, and a date's hash is cached)
        self.times: dict[TimeKey, int] = {}
        self.skipped_other = 0
        self.skipped_unassigned = 0
        self._reset_caches()

    def _reset_caches(self) -> None:
        self._names: dict[str, str] = {}
        self._relations: dict[int, Relation | None] = {}
        self._alive: list[Organisation] = []

    def __getstate__(self) -> dict[str, Any]:
        # The caches are keyed by id(), which means nothing in another process.
        return {name: getattr(self, name) for name in self.__slots__ if not name.startswith("_")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self._reset_caches()

    # -- facts per organisation ----------------------------------------------------------------

    def _name(self, name: str) -> str:
        folded = self._names[name] = " ".join(name.casefold().split())
        return folded

    def _identity(self, organisation: Organisation) -> Hashable:
        if organisation.pic is not None:
            return organisation.pic
        folded = self._names.get(organisation.name) or self._name(organisation.name)
        return (folded, organisation.country)

    def _relation(self, visitor: Organisation) -> Relation | None:
        """Return the relation derived from the partnership's clusters (once per object)."""
        known = self._relations.get(id(visitor), _UNSEEN)
        if known is not _UNSEEN:
            return known  # type: ignore[return-value]
        relation = None
        if self.partnership is not None:
            if self.partnership.includes(visitor):
                relation = Relation.INSIDE
            elif visitor.clusters is not None:
                # Memberships recorded and none of the partnership's: outside. Not recorded:
                # unknown, counted apart (a guess would move the outside KPI silently).
                relation = Relation.OUTSIDE
        self._relations[id(visitor)] = relation
        self._alive.append(visitor)  # keeps id(visitor) from being reused during the count
        return relation

    def _matches(self, name: str | None) -> bool:
        assert self.partnership_name is not None
        return name is not None and partnership_key(name) == partnership_key(self.partnership_name)

    # -- the counting pass ---------------------------------------------------------------------

    def feed(self, exchanges: Iterable[Exchange]) -> None:
        """Count *exchanges*, after those already counted.

        Raises:
            InvalidValueError: An item is not an :class:`~clusterxchange.model.Exchange`.
        """
        if isinstance(exchanges, str | bytes | Exchange) or not isinstance(exchanges, Iterable):
            raise InvalidValueError(
                f"expected a sequence of exchanges, got {type(exchanges).__name__}"
            )
        batch = exchanges if isinstance(exchanges, list | tuple) else list(exchanges)
        first = len(self.exchanges)
        self.exchanges.extend(batch)
        try:
            self._count(batch, first)
        except (AttributeError, TypeError):
            # Checked here rather than per row: the loop stays lean for well-formed input.
            for position, item in enumerate(batch):
                if not isinstance(item, Exchange):
                    raise InvalidValueError(
                        f"item {position}: expected an Exchange, got {type(item).__name__}"
                    ) from None
            raise

    def _count(self, batch: Sequence[Exchange], first: int) -> None:
        """Count every row of *batch* (at positions from *first*) once, in one pass."""
        # The hot loop of `kpis`. Measured on a million rows, the costs are dict probes and
        # touching each row's objects, so: local names only; keys whose hash is cached (the id
        # string, the first day, enumeration members); `setdefault(key, i) is not i` registers
        # and checks a key in one probe (positions are distinct ints, so identity is equality);
        # the two counter keys are small tuples that die at once. Attribute reads in bytecode
        # beat operator.attrgetter here. Rows that repeat a key go to the slow path.
        ids_setdefault = self.ids.setdefault
        visits_setdefault = self.visits.setdefault
        names_get = self._names.get
        name_of = self._name
        core = self.core
        core_get = core.get
        places = self.places
        places_get = places.get
        times = self.times
        times_get = times.get
        relation_of = self._relation
        collide = self._collide
        completed = Status.COMPLETED
        paid = Status.PAID
        derive = self.partnership is not None
        filtering = self.partnership_name is not None
        matched: dict[str | None, bool] = {}
        for i, e in enumerate(batch, first):
            if filtering:
                vp = e.visitor_partnership
                ok = matched.get(vp)
                if ok is None:
                    ok = matched[vp] = self._matches(vp)
                if not ok:
                    if vp is None:
                        self.skipped_unassigned += 1
                    else:
                        self.skipped_other += 1
                    continue
            eid = e.id
            if eid is not None and ids_setdefault(eid, i) is not i:
                collide(i, e)
                continue
            v = e.visitor
            s = e.start
            if s is not None:
                vk: Hashable = v.pic
                if vk is None:
                    vk = (names_get(v.name) or name_of(v.name), v.country)
                # One flat index: measured cheaper than a dict of days per visitor, although
                # it keeps a small tuple per row.
                if visits_setdefault((vk, s), i) is not i:
                    collide(i, e)
                    continue
            st = e.status
            rel = e.relation
            if rel is None and derive:
                rel = relation_of(v)
            ck = (st, v.kind, rel)
            core[ck] = core_get(ck, 0) + 1
            if st is completed or st is paid:
                pk = (e.host.country, v.country)
                places[pk] = places_get(pk, 0) + 1
                tk = (e.event, s)
                times[tk] = times_get(tk, 0) + 1

    # -- the slow path: rows that share a key --------------------------------------------------

    def contribution(self, i: int) -> _Contribution:
        """Return what exchange *i* adds to the counters when it represents its class."""
        e = self.exchanges[i]
        relation = e.relation if e.relation is not None else self._relation(e.visitor)
        core: CoreKey = (e.status, e.visitor.kind, relation)
        if e.status not in COMPLETED:
            return core, None
        return core, ((e.host.country, e.visitor.country), (e.event, e.start))

    def _add(self, i: int, sign: int) -> None:
        core_key, detail = self.contribution(i)
        bump(self.core, core_key, sign)
        if detail is not None:
            bump(self.places, detail[0], sign)
            bump(self.times, detail[1], sign)

    def _order(self, i: int) -> tuple[int, tuple[tuple[bool, str], ...], int]:
        """Return the key by which the least row of a class represents it.

        Furthest in the lifecycle first; then the least counted values (the earliest first
        day, for one), which makes the choice independent of the rows' order; then the first.
        """
        contribution = self.contribution(i)
        return (-_LIFECYCLE_RANK[contribution[0][0]], _sortable(contribution), i)

    def _precedes(self, a: int, b: int) -> bool:
        """Return whether row *a* rather than row *b* represents their class."""
        ea, eb = self.exchanges[a], self.exchanges[b]
        if ea is eb or ea == eb:
            return a < b  # the same row listed twice (the common duplicate): the first stays
        return self._order(a) < self._order(b)

    def find(self, i: int) -> int:
        """Return the representative of exchange *i*'s class."""
        parent = self.parent
        while i in parent:
            up = parent[i]
            if up in parent:  # path halving keeps later look-ups short
                parent[i] = parent[up]
            i = up
        return i

    def union(self, a: int, b: int) -> int:
        """Join the classes of representatives *a* and *b*; return the new representative."""
        if a == b:
            return a
        winner, loser = (a, b) if self._precedes(a, b) else (b, a)
        self.parent[loser] = winner
        self._add(loser, -1)
        return winner

    def _same_host(self, i: int, j: int) -> bool:
        return self._identity(self.exchanges[i].host) == self._identity(self.exchanges[j].host)

    def _collide(self, i: int, e: Exchange) -> None:
        linked: list[int] = []
        if e.id is not None:
            j = self.ids.setdefault(e.id, i)
            if j != i:
                linked.append(j)
        if e.start is not None:
            self.link_visit((self._identity(e.visitor), e.start), i, linked)
        roots = list(dict.fromkeys(self.find(j) for j in linked))
        if len(roots) == 1 and self._precedes(roots[0], i):
            # A plain repeat of a counted row: nothing to count or move.
            self.parent[i] = roots[0]
            return
        self._add(i, +1)
        representative = i
        for root in roots:
            representative = self.union(representative, self.find(root))

    def link_visit(self, visit: tuple[Hashable, dt.date], j: int, linked: list[int]) -> None:
        """Record row *j*'s *visit* (visitor, first day); add to *linked* the row it repeats."""
        k = self.visits.setdefault(visit, j)
        if k == j:
            return
        if self._same_host(k, j):
            linked.append(k)
            return
        # Same visitor and day, another host: keyed exactly, apart from the fast index.
        identity, day = visit
        key = (identity, self._identity(self.exchanges[j].host), day)
        k = self.exact.setdefault(key, j)
        if k != j:
            linked.append(k)

    def duplicates(self) -> list[tuple[int, int]]:
        """Return ``(position, position of its representative)`` for every duplicate row.

        Reads the classes without shortening their paths, so a built report's state stays as
        it was.
        """
        parent = self.parent
        found = []
        for i in sorted(parent):
            j = parent[i]
            while j in parent:
                j = parent[j]
            found.append((i, j))
        return found
