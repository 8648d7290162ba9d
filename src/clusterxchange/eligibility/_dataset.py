"""Checking a whole dataset: every exchange's verdict, and the rules that need them all.

``visitor_once``: a visitor takes part at most ``visits_per_visitor`` times per generation as
a physical visitor. Virtual exchanges do not use up the visit, and cancelled exchanges do not
count. The visitor is identified by its PIC where known, else by its normalised name and
country (:mod:`~clusterxchange.eligibility._identity`); a row without a country joins the
same name with the one country recorded for it, if there is exactly one; a row without a PIC
joins the PIC of the same name and country when exactly one PIC goes with that name.

The first visits, in the order of first day, last day, ID and host (then the exchange's own
text, then input position, so the choice does not depend on the order of the input), are
fine; each later one gets a ``visitor_once`` error in its own verdict, and one dataset
finding names them all. One pass with dictionaries: linear time, no pairwise comparison.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from clusterxchange.eligibility._exchange import Session, verdict_of
from clusterxchange.eligibility._identity import normalise_name
from clusterxchange.eligibility._messages import country_label
from clusterxchange.eligibility._rulebook import Rulebook
from clusterxchange.eligibility._verdict import DatasetFinding, DatasetVerdict
from clusterxchange.model import Exchange, Generation, Mode, Organisation, Status
from clusterxchange.model._collector import paused_collection
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.money.days import CalendarProvider, HolidayCalendar

__all__ = ["check_dataset"]

_PHYSICAL = Mode.PHYSICAL
_CANCELLED = Status.CANCELLED
_LAST = dt.date.max

NameKey = tuple[str, str | None]
#: The positions of the visits of each visitor, by (generation id, identity): one position,
#: or a list of them (most visitors visit once: no list made for them).
Groups = dict[tuple[str, object], int | list[int]]


def check_dataset(
    exchanges: Iterable[Exchange],
    generation: Generation | str | None = None,
    *,
    calendar: HolidayCalendar | CalendarProvider | None = None,
) -> DatasetVerdict:
    """Return the verdict on every exchange of a dataset, and the dataset-wide findings.

    Each exchange is checked as :func:`~clusterxchange.eligibility.check_exchange` would with
    the same arguments; then ``visitor_once`` is checked across the dataset. Verdicts come in
    input order and do not depend on it. Python's cyclic garbage collector is paused during
    the call (and restored after): what the check builds has no reference cycles, and on a
    large dataset the collector would spend a fifth of the time walking it to free nothing.

    ``visitor_once``: a visitor takes part at most ``visits_per_visitor`` times (once in the
    shipped generations) per generation as a *physical* visitor. Virtual exchanges do not use
    up the visit, cancelled exchanges do not count, and neither do exchanges whose generation
    cannot be determined; an exchange ineligible for another reason still counts (it is a
    visit on record). The visitor is its PIC where known, else its name (case, accents,
    punctuation and legal form such as "GmbH", "Ltd" or "S.A." aside) and country; a row
    without a country joins the one country recorded with that name (none is guessed among
    several), and a row without a PIC joins the one PIC recorded with that name and country.
    The earliest visits,
    by first day (then last day, ID, host and content, never input position), are fine; each
    later one gets a ``visitor_once`` error in its verdict, and one :class:`DatasetFinding`
    names all of them by position (``indices``).

    Args:
        exchanges: The exchanges, in any order.
        generation: The generation to check every exchange under (default: each one's own).
        calendar: Holidays to subtract from working days (see ``check_exchange``).

    Raises:
        InvalidValueError: *exchanges* is not an iterable of :class:`Exchange` (the message
            gives the 0-based position of the first bad item), or *calendar* is unusable.
        UnknownGenerationError: *generation* is an id no shipped generation has.

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> other = Organisation(name="Flanders Make", country="BE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero, Lda.", country="PT", kind="cluster_organisation")
    >>> again = Organisation(name="AERO LDA", country="PT", kind="cluster_organisation")
    >>> first = Exchange(host=host, visitor=visitor, start=dt.date(2023, 3, 6),
    ...                  end=dt.date(2023, 3, 10))
    >>> second = Exchange(host=other, visitor=again, start=dt.date(2023, 5, 8),
    ...                   end=dt.date(2023, 5, 12))
    >>> result = check_dataset([second, first])
    >>> [v.eligible for v in result.verdicts]
    [False, True]
    >>> [(f.rule, f.indices) for f in result.findings]
    [('visitor_once', (0, 1))]
    """
    _check_iterable(exchanges)
    # The verdicts, findings and groups made here form no reference cycles: the cyclic
    # collector would only walk them again and again as they accumulate (a fifth of the time
    # on 100,000 exchanges, benchmarks/RESULTS.md). Memory is freed as usual all the same.
    with paused_collection():
        return _check_all(exchanges, Session(generation, calendar))


def _check_all(exchanges: Iterable[Exchange], session: Session) -> DatasetVerdict:
    assess = session.assess
    items: list[Exchange] = []
    # What the verdicts are made of, in three lists rather than an Assessment per exchange: a
    # million live tuples would only give the garbage collector more to walk.
    books: list[Rulebook | None] = []
    found: list[tuple[Finding, ...]] = []
    days: list[int | None] = []
    # Each verdict keeps the tuple of findings its assessment made. The findings in it are
    # shared (made once per organisation, span and generation), but on a table of mostly
    # distinct visitors nine tuples in ten differ: a dictionary to share equal tuples costs
    # more memory than it saves (a check of 100,000 rows of benchmarks/tables.py peaks at
    # 243 MB with one, 223 MB without), and with the collector paused it saves no time.
    for index, exchange in enumerate(exchanges):
        try:
            book, findings, working_days = assess(exchange)
        except InvalidValueError as error:
            raise InvalidValueError(f"exchange {index}: {error}") from None
        items.append(exchange)
        books.append(book)
        found.append(findings)
        days.append(working_days)
    generations = [None if book is None else book.generation.id for book in books]
    # visitor_once adds its findings to the lists; each verdict is then built once. Both of
    # its passes (per generation, then across them) read the same groups of visits.
    groups = _group_visits(items, generations)
    dataset_findings = _visitor_once(items, groups, found, session.books())
    if len(set(generations) - {None}) > 1:  # visitor_once across generations: a warning
        dataset_findings += _once_in_scheme(items, generations, groups, found, session.books())
    verdicts = tuple(map(verdict_of, items, books, found, days))
    return DatasetVerdict(verdicts=verdicts, findings=dataset_findings)


def _check_iterable(exchanges: object) -> None:
    if isinstance(exchanges, str | bytes) or not isinstance(exchanges, Iterable):
        raise InvalidValueError(f"expected exchanges, got {type(exchanges).__name__}")


def _group_visits(items: list[Exchange], generations: list[str | None]) -> Groups:
    """Return the positions of the physical, not cancelled visits, by generation and visitor.

    A visitor is its PIC when known, else its (normalised name, country); a name group joins
    the PIC group of the one PIC seen with that name and country. Names are normalised once
    per distinct text, and only when some visitor lacks a PIC.
    """
    # First by visitor object (an int and a cached str hash per row), then the few distinct
    # objects by identity: rows name the same Organisation objects many times.
    by_object: dict[tuple[str, int], int | list[int]] = {}
    for index, (exchange, generation) in enumerate(zip(items, generations, strict=True)):
        if generation is None or exchange.mode is not _PHYSICAL or exchange.status is _CANCELLED:
            continue
        key = (generation, id(exchange.visitor))
        found = by_object.get(key)
        if found is None:
            by_object[key] = index
        elif found.__class__ is int:
            by_object[key] = [found, index]
        else:
            found.append(index)  # type: ignore[union-attr]
    groups: Groups = {}
    identities: dict[int, object] = {}
    with_pic: list[Organisation] = []
    names: dict[str, str] = {}
    for (generation, visitor_id), found in by_object.items():
        identity = identities.get(visitor_id)
        if identity is None:
            visitor = items[found if isinstance(found, int) else found[0]].visitor
            pic = visitor.pic
            if pic is not None:
                identity = pic
                with_pic.append(visitor)
            else:
                identity = (_folded(visitor.name, names), visitor.country)
            identities[visitor_id] = identity
        _merge_into(groups, (generation, identity), found)
    if any(isinstance(identity, tuple) and identity[1] is None for _, identity in groups):
        _join_countries(groups)
    if with_pic and any(isinstance(identity, tuple) for _, identity in groups):
        _join_pics(groups, with_pic, names)
    return groups


def _join_countries(groups: Groups) -> None:
    """Move each name group without a country into the group of the one country seen with it.

    A visitor recorded without its country is the visitor of the same name whose country is
    recorded, when exactly one country goes with that name in the generation; with several,
    nothing is guessed.
    """
    country_of: dict[tuple[str, str], str | None] = {}
    for generation, identity in groups:
        if isinstance(identity, tuple) and identity[1] is not None:
            name_key = (generation, identity[0])
            if country_of.setdefault(name_key, identity[1]) != identity[1]:
                country_of[name_key] = None  # several countries share the name: do not guess
    for generation, identity in list(groups):
        if not isinstance(identity, tuple) or identity[1] is not None:
            continue
        country = country_of.get((generation, identity[0]))
        if country is not None:
            _merge_into(
                groups, (generation, (identity[0], country)), groups.pop((generation, identity))
            )


def _folded(name: str, names: dict[str, str]) -> str:
    folded = names.get(name)
    if folded is None:
        folded = names[name] = normalise_name(name)
    return folded


def _join_pics(
    groups: Groups,
    with_pic: list[Organisation],
    names: dict[str, str],
) -> None:
    """Move each name group into the group of the one PIC seen with that name and country."""
    pic_of: dict[NameKey, str] = {}
    for organisation in with_pic:
        name_key = (_folded(organisation.name, names), organisation.country)
        pic = organisation.pic or ""
        if pic_of.setdefault(name_key, pic) != pic:
            pic_of[name_key] = ""  # several PICs share the name: do not guess
    for generation, identity in list(groups):
        if not isinstance(identity, tuple):
            continue
        joined = pic_of.get(identity)
        if not joined:
            continue
        _merge_into(groups, (generation, joined), groups.pop((generation, identity)))


def _merge_into(
    groups: Groups,
    key: tuple[str, object],
    found: int | list[int],
) -> None:
    """Add the positions *found* to the group *key*."""
    target = groups.get(key)
    if target is None:
        groups[key] = found
        return
    groups[key] = [
        *([target] if isinstance(target, int) else target),
        *([found] if isinstance(found, int) else found),
    ]


def _cheap_order(exchange: Exchange) -> tuple[object, ...]:
    host = exchange.host
    return (
        exchange.start or _LAST,
        exchange.end or _LAST,
        exchange.id or "",
        host.name,
        host.country or "",
    )


def _in_order(indices: list[int], items: list[Exchange]) -> list[int]:
    """Sort visits by first day, last day, ID and host; then, only on a tie, by text, position.

    The text (``repr``) makes the order independent of the input's order for any two visits
    that differ at all; it is computed only for the visits whose cheaper key ties (a row
    listed twice ties with itself).
    """
    keys = list(map(_cheap_order, map(items.__getitem__, indices)))
    order = sorted(range(len(indices)), key=keys.__getitem__)
    if len(set(keys)) == len(keys):
        return [indices[k] for k in order]
    tied: dict[tuple[object, ...], list[int]] = {}
    for k, key in enumerate(keys):
        tied.setdefault(key, []).append(k)
    texts = [""] * len(indices)
    for group in tied.values():
        # The same object listed twice has the same text: its rows keep their order.
        if len(group) > 1 and len({id(items[indices[k]]) for k in group}) > 1:
            for k in group:
                texts[k] = repr(items[indices[k]])
    order.sort(key=lambda k: (keys[k], texts[k], indices[k]))
    return [indices[k] for k in order]


def _visitor_once(
    items: list[Exchange],
    groups: Groups,
    found: list[tuple[Finding, ...]],
    books: dict[str, Rulebook],
) -> tuple[DatasetFinding, ...]:
    findings: list[DatasetFinding] = []
    for (generation, _), indices in groups.items():
        if isinstance(indices, int):
            continue
        book = books[generation]
        allowed = book.visits_per_visitor
        if len(indices) <= allowed:
            continue
        ordered = _in_order(indices, items)
        findings.append(_report(items, found, book, ordered[:allowed], ordered[allowed:]))
    findings.sort(key=lambda f: f.indices)
    return tuple(findings)


def _when(exchange: Exchange) -> str:
    start = exchange.start
    if start is None:
        return "on an unrecorded day"
    return _from_day(start)


@functools.lru_cache(maxsize=4096)
def _from_day(day: dt.date) -> str:
    return f"from {day.isoformat()}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _report(
    items: list[Exchange],
    found: list[tuple[Finding, ...]],
    book: Rulebook,
    first: list[int],
    later: list[int],
) -> DatasetFinding:
    g = book.generation
    provenance = g.visits_per_visitor.provenance
    visitor = items[first[0]].visitor
    country = visitor.country
    who = visitor.name if country is None else f"{visitor.name} from {country_label(country)}"
    allowed = _times(book.visits_per_visitor)
    earlier = ", ".join(map(_when, map(items.__getitem__, first)))
    # The same words for every later visit: one finding, shared (findings are immutable).
    finding = Finding(
        rule="visitor_once",
        severity=Severity.ERROR,
        message=f"{who} already takes part in {g.id} as a physical visitor ({earlier}); "
        f"a visitor may take part {allowed} per generation",
        field="visits_per_visitor",
        value=str(book.visits_per_visitor),
        provenance=provenance,
    )
    # Later visits with the same findings so far (one shared tuple, kept alive by the
    # dataset's table of tuples) get the same extended tuple.
    extended_of: dict[int, tuple[Finding, ...]] = {}
    for index in later:
        before = found[index]
        extended = extended_of.get(id(before))
        if extended is None:
            extended = extended_of[id(before)] = (*before, finding)
        found[index] = extended
    every = ", ".join(map(_when, map(items.__getitem__, (*first, *later))))
    return DatasetFinding(
        rule="visitor_once",
        severity=Severity.ERROR,
        message=f"{who} takes part {_times(len(first) + len(later))} in {g.id} as a physical "
        f"visitor ({every}); a visitor may take part {allowed} per generation",
        field="visits_per_visitor",
        value=str(book.visits_per_visitor),
        provenance=provenance,
        indices=tuple(sorted((*first, *later))),
    )


def _once_in_scheme(
    items: list[Exchange],
    generations: list[str | None],
    groups: Groups,
    found: list[tuple[Finding, ...]],
    books: dict[str, Rulebook],
) -> tuple[DatasetFinding, ...]:
    """``visitor_once`` across generations: visits beyond ``visits_in_scheme`` warn.

    Only the visits in another generation than the first ones do: within one generation the
    per-generation error (``visits_per_visitor``) applies.
    """
    by_identity: dict[object, list[int]] = {}
    for (_, identity), indices in groups.items():
        by_identity.setdefault(identity, []).extend(
            [indices] if isinstance(indices, int) else indices
        )
    findings: list[DatasetFinding] = []
    for indices in by_identity.values():
        if len({generations[i] for i in indices}) < 2:
            continue
        ordered = _in_order(indices, items)
        first_generation = generations[ordered[0]]
        assert first_generation is not None  # only visits with a generation are grouped
        allowed = books[first_generation].visits_in_scheme
        first = ordered[:allowed]
        seen = {generations[i] for i in first}
        later = [i for i in ordered[allowed:] if generations[i] not in seen]
        if later:
            findings.append(
                _scheme_report(
                    items, generations, found=found, books=books, first=first, later=later
                )
            )
    findings.sort(key=lambda f: f.indices)
    return tuple(findings)


def _scheme_report(
    items: list[Exchange],
    generations: list[str | None],
    *,
    found: list[tuple[Finding, ...]],
    books: dict[str, Rulebook],
    first: list[int],
    later: list[int],
) -> DatasetFinding:
    visitor = items[first[0]].visitor
    who = f"{visitor.name} from {country_label(visitor.country)}"

    def visits(indices: list[int]) -> str:
        return ", ".join(f"in {generations[i]} {_when(items[i])}" for i in indices)

    g = books[generations[later[0]] or ""].generation
    message = (
        f"{who} takes part as a physical visitor {visits(first)} and again {visits(later)}: "
        "once in the scheme by one reading of the sources, once per generation by another "
        "(the sources are quoted in the provenance of visits_in_scheme); where the readings "
        "disagree, a warning, not an error"
    )
    provenance = g.visits_in_scheme.provenance
    finding = Finding(
        rule="visitor_once",
        severity=Severity.WARNING,
        message=message,
        field="visits_in_scheme",
        value=str(g.visits_in_scheme.value),
        provenance=provenance,
    )
    for index in later:
        found[index] = (*found[index], finding)
    return DatasetFinding(
        rule="visitor_once",
        severity=Severity.WARNING,
        message=message,
        field="visits_in_scheme",
        value=str(g.visits_in_scheme.value),
        provenance=provenance,
        indices=tuple(sorted((*first, *later))),
    )
