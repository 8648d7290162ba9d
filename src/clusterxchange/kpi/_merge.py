"""Merging two counts exactly: the KPIs of a concatenation are the merge of the parts' KPIs."""

from __future__ import annotations

from clusterxchange.kpi._count import Tally, bump

__all__ = ["merge_tallies"]


def merge_tallies(first: Tally, second: Tally) -> Tally:
    """Return the tally of *first*'s exchanges followed by *second*'s (neither changes).

    The counters add up. Then every key of *second* (exchange ids; visits: visitor and first
    day) is looked up in *first*: a key both share joins the two classes, whose better
    representative stays counted while the other's counts come back out, exactly as if the
    rows had been counted together. Positions in *second* follow those of *first*.
    """
    merged = Tally(first.partnership or first.partnership_name)
    offset = len(first.exchanges)
    merged.exchanges = [*first.exchanges, *second.exchanges]
    merged.ids = dict(first.ids)
    merged.visits = dict(first.visits)
    merged.exact = dict(first.exact)
    merged.parent = dict(first.parent)
    merged.parent.update((i + offset, j + offset) for i, j in second.parent.items())
    merged.core = dict(first.core)
    for core_key, count in second.core.items():
        bump(merged.core, core_key, count)
    merged.places = dict(first.places)
    for place, count in second.places.items():
        bump(merged.places, place, count)
    merged.times = dict(first.times)
    for time, count in second.times.items():
        bump(merged.times, time, count)
    merged.skipped_other = first.skipped_other + second.skipped_other
    merged.skipped_unassigned = first.skipped_unassigned + second.skipped_unassigned
    links: list[tuple[int, int]] = []
    for eid, j in second.ids.items():
        k = merged.ids.setdefault(eid, j + offset)
        if k != j + offset:
            links.append((k, j + offset))
    for visit, j in second.visits.items():
        linked: list[int] = []
        merged.link_visit(visit, j + offset, linked)
        links.extend((k, j + offset) for k in linked)
    for (identity, _host, day), j in second.exact.items():
        linked = []
        merged.link_visit((identity, day), j + offset, linked)
        links.extend((k, j + offset) for k in linked)
    for a, b in links:
        merged.union(merged.find(a), merged.find(b))
    return merged
