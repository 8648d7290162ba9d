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

import array
import datetime as dt
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple, TypeVar

from clusterxchange.eligibility._exchange import Session, verdict_of
from clusterxchange.eligibility._identity import normalise_name
from clusterxchange.eligibility._messages import country_label
from clusterxchange.eligibility._rulebook import Rulebook
from clusterxchange.eligibility._verdict import DatasetFinding, DatasetVerdict, Verdict
from clusterxchange.model import Exchange, Generation, Mode, Organisation, Status
from clusterxchange.model._collector import paused_collection
from clusterxchange.model.errors import InvalidValueError
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.money.days import CalendarProvider, HolidayCalendar

__all__ = ["DatasetCheck", "Once", "TextsNeededError", "Visits", "check_dataset"]

_PHYSICAL = Mode.PHYSICAL
_CANCELLED = Status.CANCELLED
_LAST = dt.date.max
_MODE, _STATUS, _VISITOR, _HOST = map(operator.attrgetter, ("mode", "status", "visitor", "host"))
_START, _END, _ID = map(operator.attrgetter, ("start", "end", "id"))
_NAME, _COUNTRY, _PIC = map(operator.attrgetter, ("name", "country", "pic"))
_GENERATION_ID = operator.attrgetter("generation.id")

NameKey = tuple[str, str | None]
_T = TypeVar("_T")
#: The visits (numbers in :class:`Visits`) of each visitor, by (generation id, identity): one
#: number, or a list of them (most visitors visit once: no list made for them).
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
    visits = Visits()
    visits.extend(0, items, books)

    def texts(positions: list[int]) -> list[str]:
        # The same object listed twice has the same text: its rows keep their order.
        if len({id(items[i]) for i in positions}) == 1:
            return [""] * len(positions)
        return [repr(items[i]) for i in positions]

    once = visits.settle(session.books(), texts)
    _extend(found, once.added)
    verdicts = tuple(map(verdict_of, items, books, found, days))
    return DatasetVerdict(verdicts=verdicts, findings=once.findings)


def _extend(found: list[tuple[Finding, ...]], added: dict[int, list[Finding]]) -> None:
    """Add the dataset's findings to the findings of each exchange they are about.

    Exchanges whose findings were one shared tuple, given the same findings, share the
    extended tuple too (the dataset's table of tuples keeps each one alive).
    """
    extended_of: dict[tuple[int, ...], tuple[Finding, ...]] = {}
    for index, more in added.items():
        before = found[index]
        key = (id(before), *map(id, more))
        extended = extended_of.get(key)
        if extended is None:
            extended = extended_of[key] = (*before, *more)
        found[index] = extended


class Once(NamedTuple):
    """What ``visitor_once`` found in a dataset (:meth:`Visits.settle`)."""

    #: The dataset-wide findings, each naming its exchanges by position.
    findings: tuple[DatasetFinding, ...]
    #: The findings it adds to each exchange's own, by position.
    added: dict[int, list[Finding]]


class TextsNeededError(Exception):
    """:meth:`Visits.settle` needs the text (``repr``) of these exchanges to order them."""

    def __init__(self, positions: set[int]) -> None:
        super().__init__(f"the texts of {len(positions)} exchanges are needed")
        self.positions = positions


#: A function giving the texts (``repr``) of the exchanges at some positions, to order the
#: visits whose first day, last day, ID and host tie.
Texts = Callable[[list[int]], list[str]]


class Visits:
    """What ``visitor_once`` needs of each visit it counts, and nothing more.

    One entry per physical, not cancelled exchange whose generation is known, in parallel
    lists (no object per visit): its position in the dataset, generation, visitor's name,
    country and PIC, days, ID and host, and (for a check that does not hold the exchanges,
    ``content``) the exchange's hash, which says when two visits that tie on days, ID and
    host are the same exchange written twice. A check that holds the dataset fills it from
    its exchanges (:func:`check_dataset`); one that streams a table fills it from a first
    read and checks each exchange on a second (:class:`DatasetCheck`).
    """

    __slots__ = (
        "contents",
        "countries",
        "ends",
        "generations",
        "hosts",
        "ids",
        "names",
        "pics",
        "positions",
        "starts",
        "unhashable",
    )

    def __init__(self) -> None:
        # Numbers as machine words (8 bytes each, not an int object of 32 and a pointer).
        self.positions: array.array[int] = array.array("q")
        self.generations: list[str] = []
        self.names: list[str] = []
        self.countries: list[str | None] = []
        self.pics: list[str | None] = []
        self.starts: list[dt.date | None] = []
        self.ends: list[dt.date | None] = []
        self.ids: list[str | None] = []
        self.hosts: list[Organisation] = []
        #: The hash of each exchange (when kept: see :meth:`extend`), and the visits whose
        #: exchange has none.
        self.contents: array.array[int] = array.array("q")
        self.unhashable: set[int] = set()

    def extend(
        self,
        first: int,
        exchanges: Sequence[Exchange],
        books: Sequence[Rulebook | None],
        *,
        content: bool = False,
    ) -> None:
        """Count the visits among *exchanges* (at positions from *first* on; *books*: each one's).

        What :meth:`add` does for each, in passes over them: a call in C per exchange and
        list rather than a step of Python.
        """
        counted = list(
            map(
                operator.and_,
                map(operator.is_, map(_MODE, exchanges), itertools.repeat(_PHYSICAL)),
                map(
                    operator.and_,
                    map(operator.is_not, map(_STATUS, exchanges), itertools.repeat(_CANCELLED)),
                    map(operator.is_not, books, itertools.repeat(None)),
                ),
            )
        )
        chosen = list(itertools.compress(exchanges, counted))
        visitors = list(map(_VISITOR, chosen))
        self.positions.extend(itertools.compress(range(first, first + len(exchanges)), counted))
        self.generations.extend(map(_GENERATION_ID, itertools.compress(books, counted)))
        self.names.extend(map(_NAME, visitors))
        self.countries.extend(map(_COUNTRY, visitors))
        self.pics.extend(map(_PIC, visitors))
        self.starts.extend(map(_START, chosen))
        self.ends.extend(map(_END, chosen))
        self.ids.extend(map(_ID, chosen))
        self.hosts.extend(map(_HOST, chosen))
        if content:
            offset = len(self.contents)
            hashes = list(map(_content, chosen))
            self.unhashable.update(offset + k for k, h in enumerate(hashes) if h is None)
            self.contents.extend(0 if h is None else h for h in hashes)

    def settle(self, books: dict[str, Rulebook], texts: Texts) -> Once:
        """Return what ``visitor_once`` finds in the visits (see :func:`check_dataset`).

        *books*: the rulebook of every generation a visit names. *texts*: the texts of the
        exchanges at some positions (only asked for visits that tie on everything else).

        Raises:
            TextsNeededError: *texts* raised it: the visits' order needs the texts it names.
        """
        groups = self._groups()
        added: dict[int, list[Finding]] = {}
        needed: set[int] = set()

        def order(numbers: list[int]) -> list[int]:
            try:
                return self._in_order(numbers, texts)
            except TextsNeededError as missing:
                needed.update(missing.positions)
                return numbers

        findings = self._once(groups, books, order, added)
        if len(set(self.generations)) > 1:  # visitor_once across generations: a warning
            findings += self._once_in_scheme(groups, books, order, added)
        if needed:
            raise TextsNeededError(needed)
        return Once(findings, added)

    def _groups(self) -> Groups:
        """Return the visits (by number) of each visitor seen more than once, by identity.

        A visitor is its PIC when known, else its (normalised name, country); a name group
        joins the PIC group of the one PIC seen with that name and country (see
        :meth:`_candidates` for the visits that may share a group: the others are each alone
        in one, which says nothing, and are left out). Names are normalised once per distinct
        text, and only when some visitor lacks a PIC.
        """
        # First by the visitor's values as written (few calls a visit), then the distinct
        # ones by identity: the rows of a table name the same visitors many times.
        by_written: dict[tuple[str, str | None, str, str | None], int | list[int]] = {}
        generations, pics, names, countries = (
            self.generations,
            self.pics,
            self.names,
            self.countries,
        )
        for number in self._candidates():
            key = (generations[number], pics[number], names[number], countries[number])
            found = by_written.get(key)
            if found is None:
                by_written[key] = number
            elif found.__class__ is int:
                by_written[key] = [found, number]
            else:
                found.append(number)  # type: ignore[union-attr]
        groups: Groups = {}
        with_pic: list[tuple[str, str | None, str]] = []
        folded: dict[str, str] = {}
        for (generation, pic, name, country), found in by_written.items():
            identity: object
            if pic is not None:
                identity = pic
                with_pic.append((name, country, pic))
            else:
                identity = (_folded(name, folded), country)
            _merge_into(groups, (generation, identity), found)
        if any(isinstance(identity, tuple) and identity[1] is None for _, identity in groups):
            _join_countries(groups)
        if with_pic and any(isinstance(identity, tuple) for _, identity in groups):
            _join_pics(groups, with_pic, folded)
        return groups

    def _candidates(self) -> list[int]:
        """Return the visits that may share a visitor with another: the others are left out.

        Two visits share a visitor only if they share a PIC or a normalised name (a name
        group, a country joined, a PIC joined by name all need one). A visit whose PIC and
        name's hash no other visit has is alone, whatever the rest holds: on a real table
        nine visits in ten, whose groups, names and joins are then never built (on 300,000
        rows of benchmarks/tables.py, 68 MB fewer at the peak of ``check``). Grouping the
        others exactly, hash collisions included, gives their groups as grouping them all.
        """
        pics = self.pics
        shared_pics = _repeated([pic for pic in pics if pic is not None])
        if None not in pics:  # every visitor is its PIC
            return [n for n, pic in enumerate(pics) if pic in shared_pics]
        hashes = _name_hashes(self.names)
        shared_names = _repeated(hashes)
        return [
            n
            for n, (pic, name) in enumerate(zip(pics, hashes, strict=True))
            if name in shared_names or pic in shared_pics
        ]

    def _in_order(self, numbers: list[int], texts: Texts) -> list[int]:
        """Sort visits by first day, last day, ID and host; then, only on a tie, text, position.

        The text (``repr``) makes the order independent of the input's order for any two
        visits that differ at all; it is asked for only for visits whose cheaper key ties.
        """
        starts, ends, ids, hosts = self.starts, self.ends, self.ids, self.hosts
        keys = [
            (starts[n] or _LAST, ends[n] or _LAST, ids[n] or "", hosts[n].name,
             hosts[n].country or "")
            for n in numbers
        ]  # fmt: skip
        order = sorted(range(len(numbers)), key=keys.__getitem__)
        if len(set(keys)) == len(keys):
            return [numbers[k] for k in order]
        tied: dict[tuple[object, ...], list[int]] = {}
        for k, key in enumerate(keys):
            tied.setdefault(key, []).append(k)
        written = [""] * len(numbers)
        positions = self.positions
        missing: set[int] = set()
        for group in tied.values():
            if len(group) < 2:
                continue
            if self._same_exchange([numbers[k] for k in group]):
                continue  # the same exchange written twice: the same text
            try:
                found = texts([positions[numbers[k]] for k in group])
            except TextsNeededError as error:
                missing.update(error.positions)
                continue
            for k, text in zip(group, found, strict=True):
                written[k] = text
        if missing:
            raise TextsNeededError(missing)
        order.sort(key=lambda k: (keys[k], written[k], positions[numbers[k]]))
        return [numbers[k] for k in order]

    def _same_exchange(self, numbers: list[int]) -> bool:
        """Whether the visits *numbers* are one exchange written several times (by hash)."""
        if not self.contents or self.unhashable.intersection(numbers):
            return False  # no hashes kept: the texts tell
        contents = self.contents
        return len({contents[n] for n in numbers}) == 1

    def _once(
        self,
        groups: Groups,
        books: dict[str, Rulebook],
        order: Callable[[list[int]], list[int]],
        added: dict[int, list[Finding]],
    ) -> tuple[DatasetFinding, ...]:
        findings: list[DatasetFinding] = []
        for (generation, _), numbers in groups.items():
            if isinstance(numbers, int):
                continue
            book = books[generation]
            allowed = book.visits_per_visitor
            if len(numbers) <= allowed:
                continue
            ordered = order(numbers)
            findings.append(self._report(book, ordered[:allowed], ordered[allowed:], added))
        findings.sort(key=lambda f: f.indices)
        return tuple(findings)

    def _who(self, number: int, *, country_always: bool = False) -> str:
        name, country = self.names[number], self.countries[number]
        if country is None and not country_always:
            return name
        return f"{name} from {country_label(country)}"

    def _when(self, number: int) -> str:
        start = self.starts[number]
        return "on an unrecorded day" if start is None else _from_day(start)

    def _report(
        self,
        book: Rulebook,
        first: list[int],
        later: list[int],
        added: dict[int, list[Finding]],
    ) -> DatasetFinding:
        g = book.generation
        provenance = g.visits_per_visitor.provenance
        who = self._who(first[0])
        allowed = _times(book.visits_per_visitor)
        earlier = ", ".join(map(self._when, first))
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
        positions = self.positions
        for number in later:
            added.setdefault(positions[number], []).append(finding)
        every = ", ".join(map(self._when, (*first, *later)))
        return DatasetFinding(
            rule="visitor_once",
            severity=Severity.ERROR,
            message=f"{who} takes part {_times(len(first) + len(later))} in {g.id} as a "
            f"physical visitor ({every}); a visitor may take part {allowed} per generation",
            field="visits_per_visitor",
            value=str(book.visits_per_visitor),
            provenance=provenance,
            indices=tuple(sorted(positions[n] for n in (*first, *later))),
        )

    def _once_in_scheme(
        self,
        groups: Groups,
        books: dict[str, Rulebook],
        order: Callable[[list[int]], list[int]],
        added: dict[int, list[Finding]],
    ) -> tuple[DatasetFinding, ...]:
        """``visitor_once`` across generations: visits beyond ``visits_in_scheme`` warn.

        Only the visits in another generation than the first ones do: within one generation
        the per-generation error (``visits_per_visitor``) applies.
        """
        generations = self.generations
        by_identity: dict[object, list[int]] = {}
        for (_, identity), numbers in groups.items():
            by_identity.setdefault(identity, []).extend(
                [numbers] if isinstance(numbers, int) else numbers
            )
        findings: list[DatasetFinding] = []
        for numbers in by_identity.values():
            if len({generations[n] for n in numbers}) < 2:
                continue
            ordered = order(numbers)
            allowed = books[generations[ordered[0]]].visits_in_scheme
            first = ordered[:allowed]
            seen = {generations[n] for n in first}
            later = [n for n in ordered[allowed:] if generations[n] not in seen]
            if later:
                findings.append(self._scheme_report(books, first, later, added))
        findings.sort(key=lambda f: f.indices)
        return tuple(findings)

    def _scheme_report(
        self,
        books: dict[str, Rulebook],
        first: list[int],
        later: list[int],
        added: dict[int, list[Finding]],
    ) -> DatasetFinding:
        generations = self.generations
        who = self._who(first[0], country_always=True)

        def visits(numbers: list[int]) -> str:
            return ", ".join(f"in {generations[n]} {self._when(n)}" for n in numbers)

        g = books[generations[later[0]]].generation
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
        positions = self.positions
        for number in later:
            added.setdefault(positions[number], []).append(finding)
        return DatasetFinding(
            rule="visitor_once",
            severity=Severity.WARNING,
            message=message,
            field="visits_in_scheme",
            value=str(g.visits_in_scheme.value),
            provenance=provenance,
            indices=tuple(sorted(positions[n] for n in (*first, *later))),
        )


class DatasetCheck:
    """:func:`check_dataset` on a table read twice instead of held: memory for its visits only.

    ``clusterxchange check`` on a CSV file reads the table once to count the visits, and
    again to check each exchange and write its verdict, so that only ``visitor_once``'s
    keys and a batch of exchanges are held at a time, never every exchange and verdict:

    1. :meth:`count` each batch of the first read, in table order (:meth:`restart` when a
       read starts over);
    2. :meth:`settle`, once; when it raises :class:`TextsNeededError`, read again for the texts
       (``repr``) of the exchanges it names, and settle with them;
    3. :meth:`verdicts` of each batch of the last read, the same exchanges in the same order.

    The verdicts and :attr:`findings` are those :func:`check_dataset` gives on the whole
    dataset (tests/test_eligibility_stream.py compares them).

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero, Lda.", country="PT", kind="cluster_organisation")
    >>> visits = [Exchange(host=host, visitor=visitor, start=dt.date(2023, 3, 6 + 7 * k),
    ...                    end=dt.date(2023, 3, 10 + 7 * k)) for k in range(2)]
    >>> check = DatasetCheck()
    >>> check.count(visits[1:]); check.count(visits[:1])
    >>> [f.indices for f in check.settle()]
    [(0, 1)]
    >>> [v.eligible for v in check.verdicts(visits[1:]) + check.verdicts(visits[:1])]
    [False, True]
    """

    #: The visitors whose findings are kept for the next batches (see
    #: :meth:`Session.forget_parties`).
    KEEP = 20_000

    def __init__(
        self,
        generation: Generation | str | None = None,
        *,
        calendar: HolidayCalendar | CalendarProvider | None = None,
    ) -> None:
        """Check under *generation* (default: each exchange's own), with *calendar*'s holidays."""
        self._session = Session(generation, calendar)
        self._visits = Visits()
        self._counted = 0
        self._added: dict[int, list[Finding]] = {}
        self._checked = 0
        self.findings: tuple[DatasetFinding, ...] = ()

    def restart(self) -> None:
        """Forget what :meth:`count` was given: a read of the table starts over."""
        self._visits = Visits()
        self._counted = 0

    def count(self, exchanges: Sequence[Exchange]) -> None:
        """Count the visits among the next *exchanges* of the table."""
        books = list(map(self._session.rulebook_of, exchanges))
        self._visits.extend(self._counted, exchanges, books, content=True)
        self._counted += len(exchanges)

    def settle(self, texts: Mapping[int, str] | None = None) -> tuple[DatasetFinding, ...]:
        """Find what ``visitor_once`` finds; return the dataset-wide findings (:attr:`findings`).

        *texts*: the ``repr`` of the exchanges a :class:`TextsNeededError` named, by position.

        Raises:
            TextsNeededError: The order of some visits needs the texts of the exchanges it names.
        """
        given = texts or {}

        def lookup(positions: list[int]) -> list[str]:
            missing = set(positions).difference(given)
            if missing:
                raise TextsNeededError(missing)
            return [given[p] for p in positions]

        once = self._visits.settle(self._session.books(), lookup)
        self._visits = Visits()  # what is left to hold: the findings to add
        self.findings, self._added = once.findings, once.added
        return self.findings

    def verdicts(self, exchanges: Sequence[Exchange]) -> list[Verdict]:
        """Return the verdicts on the next *exchanges* of the table (after :meth:`settle`)."""
        session, added = self._session, self._added
        assess, position = session.assess, self._checked
        verdicts = []
        for exchange in exchanges:
            book, findings, days = assess(exchange)
            more = added.pop(position, None)
            if more is not None:
                findings = (*findings, *more)
            verdicts.append(verdict_of(exchange, book, findings, days))
            position += 1
        self._checked = position
        session.forget_parties(self.KEEP)
        return verdicts


#: The most normalised names :func:`_name_hashes` remembers at once.
_NAMES_HELD = 50_000


def _name_hashes(names: Sequence[str]) -> array.array[int]:
    """Return the hash of each name, normalised (:func:`normalise_name`): once per text.

    The texts are remembered up to :data:`_NAMES_HELD` at a time: a table whose visitors
    repeat normalises each once, one of distinct visitors holds no dictionary of them all.
    """
    hashes: array.array[int] = array.array("q")
    known: dict[str, int] = {}
    for name in names:
        found = known.get(name)
        if found is None:
            if len(known) >= _NAMES_HELD:
                known.clear()
            found = known[name] = hash(normalise_name(name))
        hashes.append(found)
    return hashes


def _repeated(values: Sequence[_T]) -> set[_T]:
    """Return the values that occur more than once in *values* (sorted, then compared in C)."""
    ordered = sorted(values)  # type: ignore[type-var]
    return set(itertools.compress(ordered, map(operator.eq, ordered, ordered[1:])))


def _content(exchange: Exchange) -> int | None:
    """Return the hash of *exchange*: equal exchanges have equal ones (``None``: unhashable)."""
    try:
        return hash(exchange)
    except TypeError:
        return None


def _check_iterable(exchanges: object) -> None:
    if isinstance(exchanges, str | bytes) or not isinstance(exchanges, Iterable):
        raise InvalidValueError(f"expected exchanges, got {type(exchanges).__name__}")


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
    with_pic: list[tuple[str, str | None, str]],
    names: dict[str, str],
) -> None:
    """Move each name group into the group of the one PIC seen with that name and country.

    *with_pic*: the name, country and PIC of each visitor with a PIC.
    """
    pic_of: dict[NameKey, str] = {}
    for name, country, pic in with_pic:
        name_key = (_folded(name, names), country)
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


@functools.lru_cache(maxsize=4096)
def _from_day(day: dt.date) -> str:
    return f"from {day.isoformat()}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
