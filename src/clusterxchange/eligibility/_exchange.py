"""Checking one exchange: the generation it falls under, then every rule, into one verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from typing import NamedTuple

from clusterxchange.eligibility._ineligible import IneligibleExchangeError
from clusterxchange.eligibility._rulebook import Rulebook, rulebook
from clusterxchange.eligibility._rules import ByRule, Party, party_findings, run_rules
from clusterxchange.eligibility._rules_exchange import WorkingDaysCache, count_working_days
from clusterxchange.eligibility._verdict import Verdict
from clusterxchange.model import Exchange, Generation, Organisation
from clusterxchange.model.errors import (
    InvalidValueError,
    UnknownGenerationError,
)
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.money.days import CalendarProvider, HolidayCalendar

__all__ = ["Assessment", "Session", "check_exchange", "ensure_eligible"]

_ERROR, _WARNING, _UNDECIDED = Severity.ERROR, Severity.WARNING, Severity.UNDECIDED
_HOST, _VISITOR = Party.HOST, Party.VISITOR

Calendar = HolidayCalendar | CalendarProvider | None


class Assessment(NamedTuple):
    """What a verdict is made of, before it is built (:meth:`Session.assess`).

    Attributes:
        book: The rulebook of the generation the exchange was checked under (``None``: none
            could be determined, and a ``generation`` finding says why).
        findings: Every finding, in rule order.
        working_days: The working days of activity the duration rules used (``None``: unknown).
    """

    book: Rulebook | None
    findings: tuple[Finding, ...]
    working_days: int | None


def _check_calendar(calendar: object) -> Calendar:
    if calendar is None or isinstance(calendar, Container) or callable(calendar):
        return calendar
    raise InvalidValueError(
        "calendar: expected a holiday calendar (a set of dates or a holidays object) or a "
        f"provider of one per country, got {type(calendar).__name__}"
    )


class Session:
    """What one check call looks up once: rulebooks per generation and date, working days.

    Also the findings of the rules about each party (:data:`~._rules.RULES`): they depend on
    the organisation, the generation (and the host's prior approval) alone, and a dataset
    names the same organisations in many exchanges, so they are made once per organisation
    and shared (findings are immutable). Every cache is keyed by values.

    Not part of the public API: :func:`check_exchange` and
    :func:`~clusterxchange.eligibility.check_dataset` make one per call.
    """

    __slots__ = (
        "_hosts",
        "_named",
        "_on",
        "_visitors",
        "ambiguous",
        "calendar",
        "counted",
        "explicit",
    )

    def __init__(self, generation: Generation | str | None, calendar: object) -> None:
        from clusterxchange.generations import get_generation

        self.calendar = _check_calendar(calendar)
        self.explicit = None if generation is None else rulebook(get_generation(generation))
        self.counted: WorkingDaysCache = {}
        self.ambiguous: dict[tuple[object, ...], Finding] = {}
        self._named: dict[str, Rulebook | None] = {}
        self._on: dict[dt.date, tuple[Rulebook, ...]] = {}
        # By generation id, then organisation [and prior approval]: within one session a
        # generation id names one rulebook (the one asked for, else the shipped ones). Two
        # levels rather than one tuple key: no key tuple is made and hashed per exchange.
        self._visitors: dict[str, dict[Organisation, ByRule]] = {}
        self._hosts: dict[str, dict[tuple[Organisation, str | None], ByRule]] = {}

    def named(self, generation_id: str) -> Rulebook | None:
        """Return the rulebook of the shipped generation *generation_id*, or ``None``."""
        try:
            return self._named[generation_id]
        except KeyError:
            pass
        from clusterxchange.generations import get_generation

        try:
            book: Rulebook | None = rulebook(get_generation(generation_id))
        except UnknownGenerationError:
            book = None
        self._named[generation_id] = book
        return book

    def on(self, day: dt.date) -> tuple[Rulebook, ...]:
        """Return the rulebooks of the shipped generations whose period contains *day*."""
        try:
            return self._on[day]
        except KeyError:
            pass
        from clusterxchange.generations import generations_on

        books = tuple(rulebook(g) for g in generations_on(day))
        self._on[day] = books
        return books

    def books(self) -> dict[str, Rulebook]:
        """Return every rulebook this session has used, by generation id."""
        found: dict[str, Rulebook] = {}
        for book in (self.explicit, *self._named.values()):
            if book is not None:
                found[book.generation.id] = book
        for books in self._on.values():
            for book in books:
                found[book.generation.id] = book
        return found

    def rulebook_of(self, exchange: Exchange) -> Rulebook | None:
        """Return the rulebook :meth:`assess` checks *exchange* under, without its rules.

        ``None`` where no generation can be determined (an unknown one named, no first day,
        a first day no generation covers).
        """
        if self.explicit is not None:
            return self.explicit
        named = exchange.generation
        if named is not None:
            return self.named(named)
        start = exchange.start
        if start is None:
            return None
        books = self.on(start)
        if len(books) == 1:
            return books[0]
        return books[_newest(books)] if books else None

    def forget_parties(self, keep: int) -> None:
        """Forget the findings made about the visitors when more than *keep* are held.

        A check that streams a table (cli/_check.py) calls it after each batch, so that
        memory does not grow with the distinct visitors (nine in ten of a real table's rows
        name one of their own); the findings are made again for a visitor seen again.
        """
        for by_org in self._visitors.values():
            if len(by_org) > keep:
                by_org.clear()

    def visitor(self, exchange: Exchange, book: Rulebook) -> ByRule:
        """Return the findings of the rules about the visitor, by rule (made once)."""
        by_org = self._visitors.get(book.generation.id)
        if by_org is None:
            by_org = self._visitors[book.generation.id] = {}
        visitor = exchange.visitor
        known = by_org.get(visitor)
        if known is None:
            known = by_org[visitor] = party_findings(_VISITOR, exchange, book)
        return known

    def host(self, exchange: Exchange, book: Rulebook) -> ByRule:
        """Return the findings of the rules about the host, by rule; they read prior approval."""
        by_org = self._hosts.get(book.generation.id)
        if by_org is None:
            by_org = self._hosts[book.generation.id] = {}
        key = (exchange.host, exchange.prior_approval)
        known = by_org.get(key)
        if known is None:
            known = by_org[key] = party_findings(_HOST, exchange, book)
        return known

    def check(self, exchange: Exchange) -> Verdict:
        """Return the verdict on *exchange*.

        Raises:
            InvalidValueError: *exchange* is not an :class:`Exchange`.
        """
        book, findings, days = self.assess(exchange)
        return verdict_of(exchange, book, findings, days)

    def assess(self, exchange: Exchange) -> Assessment:
        """Return what the verdict on *exchange* is made of (see :meth:`check`)."""
        if not isinstance(exchange, Exchange):
            raise InvalidValueError(f"expected an Exchange, got {type(exchange).__name__}")
        explicit = self.explicit
        days = count_working_days(exchange, self.calendar, self.counted)
        if explicit is not None:
            notes = _notes(exchange, explicit, explicit=True)
            return _under(exchange, explicit, days, self, notes)
        named = exchange.generation
        if named is not None:
            book = self.named(named)
            if book is None:
                return Assessment(None, (_unknown(named),), None)
            return _under(exchange, book, days, self, _notes(exchange, book, explicit=False))
        start = exchange.start
        if start is None:
            return Assessment(None, (_NO_START,), None)
        books = self.on(start)
        if len(books) == 1:
            return _under(exchange, books[0], days, self, ())
        if not books:
            return Assessment(None, (_uncovered(start),), None)
        return _ambiguous(exchange, books, days, self)


def verdict_of(
    exchange: Exchange, book: Rulebook | None, findings: tuple[Finding, ...], days: int | None
) -> Verdict:
    """Return the verdict of an assessment of *exchange* (see :class:`Assessment`)."""
    if book is None:
        return Verdict(exchange=exchange, generation=None, findings=findings, working_days=days)
    g = book.generation
    return Verdict(
        exchange=exchange, generation=g.id, findings=findings, working_days=days, rules=g
    )


def _under(
    exchange: Exchange,
    book: Rulebook,
    days: int | None,
    session: Session,
    notes: tuple[Finding, ...],
) -> Assessment:
    """Run the rule table under *book* on *exchange* (:func:`~._rules.run_rules`)."""
    found = run_rules(
        exchange, book, days, session.host(exchange, book), session.visitor(exchange, book)
    )
    return Assessment(book, (*notes, *found) if notes else tuple(found), days)


def _notes(exchange: Exchange, book: Rulebook, *, explicit: bool) -> tuple[Finding, ...]:
    """Return ``generation`` warnings: a different generation named, a start outside the period."""
    g = book.generation
    notes: list[Finding] = []
    named = exchange.generation
    if explicit and named is not None:
        own = {g.id.casefold(), (g.extends or g.id).casefold()}
        if named.casefold() not in own:
            notes.append(
                Finding(
                    rule="generation",
                    severity=_WARNING,
                    message=f"the exchange names generation {named!r}, but is checked under "
                    f"{g.id} as asked",
                    field="id",
                    value=g.id,
                )
            )
    start = exchange.start
    period = g.period.value
    if start is not None and not period.start <= start <= period.end:
        notes.append(
            Finding(
                rule="generation",
                severity=_WARNING,
                message=f"the exchange starts on {start.isoformat()}, outside the period of "
                f"{g.id} ({period})",
                field="period",
                value=str(period),
                provenance=g.period.provenance,
            )
        )
    return tuple(notes)


def _known() -> str:
    from clusterxchange.generations import REGISTRY

    return ", ".join(REGISTRY)


def _unknown(named: str) -> Finding:
    return Finding(
        rule="generation",
        severity=_ERROR,
        message=f"the exchange names generation {named!r}, which is not known (known "
        f"generations: {_known()})",
        field="id",
        value=named,
    )


#: The one finding of an exchange whose generation cannot be determined: every other rule
#: depends on the generation, so this one says it for all of them.
_NO_START = Finding(
    rule="generation",
    severity=Severity.UNDECIDED,
    message="could not be decided: no generation is named (column generation) and no first "
    "day of activity is recorded (column start), so the generation and every rule that "
    "depends on it cannot be determined",
    missing=("generation", "start"),
)


def _uncovered(start: dt.date) -> Finding:
    from clusterxchange.generations import all_generations

    periods = "; ".join(f"{g.id} {g.period.value}" for g in all_generations())
    return Finding(
        rule="generation",
        severity=_ERROR,
        message=f"no generation covers the first day of activity {start.isoformat()} (the "
        f"periods are {periods}): name the generation",
        field="period",
        value=periods,
    )


def _newest(books: tuple[Rulebook, ...]) -> int:
    """Return the position of the newest of *books* (the last to start; the last listed)."""
    order = sorted(range(len(books)), key=lambda i: books[i].generation.period.value.start)
    return order[-1]


def _ambiguous(
    exchange: Exchange, books: tuple[Rulebook, ...], days: int | None, session: Session
) -> Assessment:
    """Check under every candidate; keep the newest's verdict, with a ``generation`` finding.

    Eligible under every candidate: a warning (the answer does not depend on the guess).
    Otherwise an error naming the candidates under which it fails.
    """
    results = [_under(exchange, book, days, session, ()) for book in books]
    newest = _newest(books)
    found = results[newest].findings
    failing = tuple(
        f"{b.generation.id} ({', '.join(f.rule for f in result.findings if f.severity is _ERROR)})"
        for b, result in zip(books, results, strict=True)
        if any(f.severity is _ERROR for f in result.findings)
    )
    unsure = any(f.severity is _UNDECIDED for result in results for f in result.findings)
    # The finding depends on the day and the failures alone: one per case, shared.
    key = (exchange.start, newest, failing, unsure)
    finding = session.ambiguous.get(key)
    if finding is None:
        finding = session.ambiguous[key] = _ambiguity(
            exchange, books, books[newest], failing, unsure=unsure
        )
    return Assessment(books[newest], (finding, *found), days)


def _ambiguity(
    exchange: Exchange,
    books: tuple[Rulebook, ...],
    book: Rulebook,
    failing: tuple[str, ...],
    *,
    unsure: bool,
) -> Finding:
    g = book.generation
    ids = ", ".join(b.generation.id for b in books)
    day = exchange.start.isoformat() if exchange.start else "?"
    if not failing:
        return Finding(
            rule="generation",
            severity=_WARNING,
            message=f"{day} lies in the periods of several generations ({ids}); "
            f"{'not ineligible' if unsure else 'eligible'} under each, checked under {g.id}, "
            "the newest: name the generation to be sure",
            field="period",
            value=str(g.period.value),
            provenance=g.period.provenance,
        )
    return Finding(
        rule="generation",
        severity=_ERROR,
        message=f"{day} lies in the periods of several generations ({ids}) and the exchange "
        f"is not eligible under {', '.join(failing)}: name the generation",
        field="period",
        value=str(g.period.value),
        provenance=g.period.provenance,
    )


def check_exchange(
    exchange: Exchange,
    generation: Generation | str | None = None,
    *,
    calendar: HolidayCalendar | CalendarProvider | None = None,
) -> Verdict:
    """Return the verdict on *exchange*: every finding of every rule, and whether it is eligible.

    The generation is *generation* when given (a :class:`Generation` or a shipped id), else
    the one the exchange names, else the one whose period contains its first day. A day in
    the periods of several generations is checked under each: eligible under all gives a
    ``generation`` warning and the newest's verdict; otherwise a ``generation`` error names
    where it fails. ``visitor_once`` needs the whole dataset: see ``check_dataset``.

    Args:
        exchange: The exchange to check.
        generation: The generation to check it under (default: as described above).
        calendar: Holidays to subtract from working days: a calendar, or a provider of the
            host country's calendar (see :func:`clusterxchange.money.days.holiday_calendars`).

    Raises:
        InvalidValueError: *exchange* is not an :class:`Exchange`, or *calendar* is neither a
            calendar nor a provider.
        UnknownGenerationError: *generation* is an id no shipped generation has.

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme",
    ...                        clusters=["Pemas"], pic="999999999")
    >>> short = Exchange(host=host, visitor=visitor, start=dt.date(2023, 3, 6),
    ...                  end=dt.date(2023, 3, 7))
    >>> verdict = check_exchange(short)
    >>> verdict.eligible, verdict.generation, verdict.working_days
    (False, 'cxc2', 2)
    >>> [(f.rule, f.severity.value) for f in verdict.findings]  # doctest: +NORMALIZE_WHITESPACE
    [('duration_min', 'error'), ('cluster_membership', 'info'), ('sme', 'info')]
    >>> verdict.errors()[0].message
    '2 working days of activity (2023-03-06 to 2023-03-07); at least 3 are needed'
    """
    session = Session(generation, calendar)
    return session.check(exchange)


def ensure_eligible(
    exchange: Exchange,
    generation: Generation | str | None = None,
    *,
    calendar: HolidayCalendar | CalendarProvider | None = None,
) -> Verdict:
    """Return the verdict on *exchange* if it is eligible; raise otherwise.

    The raising twin of :func:`check_exchange`, with the same arguments.

    Raises:
        IneligibleExchangeError: The verdict has an error, or some rule could not be decided
            (a value is missing); the exception carries the verdict (``error.verdict``), and
            its message lists every error and every undecided rule with the missing columns.

    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    >>> guest = Organisation(name="Oslo Cleantech", country="NO", kind="cluster_organisation")
    >>> try:
    ...     ensure_eligible(Exchange(host=host, visitor=guest, start=dt.date(2023, 3, 6),
    ...                              end=dt.date(2023, 3, 10)))
    ... except IneligibleExchangeError as error:
    ...     print(error.verdict.rules(), str(error)[:39])
    ('country',) the exchange is not eligible: country:
    >>> try:
    ...     ensure_eligible(Exchange(host=host, visitor=Organisation(name="Oslo Cleantech"),
    ...                              start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 10)))
    ... except IneligibleExchangeError as error:
    ...     print(error.verdict.outcome, error.verdict.missing())
    undecided ('visitor_country', 'visitor_kind')
    """
    verdict = check_exchange(exchange, generation, calendar=calendar)
    if not verdict.eligible:
        name = f"exchange {exchange.id}" if exchange.id else "the exchange"
        reasons = "; ".join(f"{f.rule}: {f.message}" for f in verdict.errors())
        undecided = "; ".join(f"{f.rule}: {f.message}" for f in verdict.undecided())
        missing = ", ".join(verdict.missing())
        if verdict.outcome == "not_eligible":
            message = f"{name} is not eligible: {reasons}"
            if undecided:
                message += f" (also undecided, missing {missing}: {undecided})"
        else:
            message = f"{name} could not be decided, missing {missing}: {undecided}"
        raise IneligibleExchangeError(verdict, message)
    return verdict
