"""Checking one exchange: the generation it falls under, then every rule, into one verdict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container

from clusterxchange.eligibility._ineligible import IneligibleExchangeError
from clusterxchange.eligibility._rulebook import Rulebook, rulebook
from clusterxchange.eligibility._rules_exchange import (
    ShortStayCache,
    WorkingDaysCache,
    check_distance,
    check_duration_max,
    check_duration_min,
    check_it_tool_id,
    check_lifecycle,
    check_mode,
    check_threshold,
)
from clusterxchange.eligibility._rules_parties import (
    EnterpriseCache,
    check_country,
    check_cross_border,
    check_host_in_cluster,
    check_host_kind,
    check_membership,
    check_residence,
    check_sme,
    check_visitor_kind,
)
from clusterxchange.eligibility._verdict import Verdict
from clusterxchange.model import Exchange, Generation, Mode, Organisation
from clusterxchange.model.errors import (
    InvalidValueError,
    UnknownGenerationError,
)
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.money.days import CalendarProvider, HolidayCalendar

__all__ = ["Parts", "Session", "check_exchange", "ensure_eligible"]

_ERROR, _WARNING, _UNDECIDED = Severity.ERROR, Severity.WARNING, Severity.UNDECIDED
_VIRTUAL = Mode.VIRTUAL

Calendar = HolidayCalendar | CalendarProvider | None

#: A verdict before it is built: the generation id, the findings, the working days used.
Parts = tuple[str | None, tuple[Finding, ...], int | None]

#: The findings about one organisation under one rulebook, with the organisation (kept alive
#: so that its ``id`` is not reused while the entry exists): for a visitor, its
#: ``visitor_kind`` findings, then its membership and SME ones; for a host, its ``host_kind``
#: and membership ones. Last, whether its country needs checking against the first day (it
#: does not take part, or joined the programme later than it began).
_Party = tuple[Organisation, tuple[Finding, ...], tuple[Finding, ...], bool]


def _check_calendar(calendar: object) -> Calendar:
    if calendar is None or isinstance(calendar, Container) or callable(calendar):
        return calendar
    raise InvalidValueError(
        "calendar: expected a holiday calendar (a set of dates or a holidays object) or a "
        f"provider of one per country, got {type(calendar).__name__}"
    )


class Session:
    """What one check call looks up once: rulebooks per generation and date, SME classes.

    Also the findings about each organisation: they depend on the organisation and the
    rulebook alone, and a dataset names the same organisations in many exchanges, so they are
    made once per organisation and shared (findings are immutable).

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
        "enterprises",
        "explicit",
        "short",
    )

    def __init__(self, generation: Generation | str | None, calendar: object) -> None:
        from clusterxchange.generations import get_generation

        self.calendar = _check_calendar(calendar)
        self.explicit = None if generation is None else rulebook(get_generation(generation))
        self.enterprises: EnterpriseCache = {}
        self.counted: WorkingDaysCache = {}
        self.ambiguous: dict[tuple[object, ...], Finding] = {}
        self.short: ShortStayCache = {}
        self._named: dict[str, Rulebook | None] = {}
        self._on: dict[dt.date, tuple[Rulebook, ...]] = {}
        self._visitors: dict[tuple[int, int], _Party] = {}
        self._hosts: dict[tuple[int, int, str | None], _Party] = {}

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

    def visitor(self, exchange: Exchange, book: Rulebook) -> _Party:
        """Return the findings about the visitor (see :data:`_Party`)."""
        visitor = exchange.visitor
        key = (id(visitor), id(book))
        known = self._visitors.get(key)
        if known is None:
            kind: list[Finding] = []
            check_visitor_kind(exchange, book, kind)
            rest: list[Finding] = []
            check_membership("visitor", visitor, exchange, book, rest)
            check_sme(exchange, self.enterprises, rest)
            unsure = _country_unsure(visitor, book)
            known = self._visitors[key] = (visitor, tuple(kind), tuple(rest), unsure)
        return known

    def host(self, exchange: Exchange, book: Rulebook) -> _Party:
        """Return the findings about the host (see :data:`_Party`); they read prior approval."""
        host = exchange.host
        key = (id(host), id(book), exchange.prior_approval)
        known = self._hosts.get(key)
        if known is None:
            kind: list[Finding] = []
            check_host_kind(exchange, book, kind)
            check_membership("host", host, exchange, book, kind)
            check_host_in_cluster(exchange, book, kind)
            known = self._hosts[key] = (host, tuple(kind), (), _country_unsure(host, book))
        return known

    def check(self, exchange: Exchange) -> Verdict:
        """Return the verdict on *exchange*.

        Raises:
            InvalidValueError: *exchange* is not an :class:`Exchange`.
        """
        return _verdict(exchange, self.parts(exchange))

    def parts(self, exchange: Exchange) -> Parts:
        """Return what the verdict on *exchange* is made of (see :meth:`check`)."""
        if not isinstance(exchange, Exchange):
            raise InvalidValueError(f"expected an Exchange, got {type(exchange).__name__}")
        explicit = self.explicit
        if explicit is not None:
            return _under(exchange, explicit, self, _notes(exchange, explicit, explicit=True))
        named = exchange.generation
        if named is not None:
            book = self.named(named)
            if book is None:
                return None, (_unknown(named),), None
            return _under(exchange, book, self, _notes(exchange, book, explicit=False))
        start = exchange.start
        if start is None:
            return None, (_no_start(),), None
        books = self.on(start)
        if len(books) == 1:
            return _under(exchange, books[0], self, ())
        if not books:
            return None, (_uncovered(start),), None
        return _ambiguous(exchange, books, self)


def _country_unsure(org: Organisation, book: Rulebook) -> bool:
    country = org.country
    if country is None:
        return True  # not recorded: check_country says it cannot be decided
    participation = book.countries.get(country)
    return participation is None or participation.joined is not None


def _under(
    exchange: Exchange, book: Rulebook, session: Session, notes: tuple[Finding, ...]
) -> Parts:
    """Run every rule of *book* on *exchange*, in the order of docs/design.md's rule ids.

    A rule is called only when its cheap precondition says it may have something to say:
    most exchanges pass most rules, and a dataset holds many of them.
    """
    out: list[Finding] = list(notes)
    host, visitor = exchange.host, exchange.visitor
    # visitor_kind, host_kind, cluster_membership and sme depend on the organisations alone
    # (and the host's prior approval): the session makes them once per organisation. The
    # look-ups are written out here, the hottest path of a dataset check.
    _, host_kind, _, host_country_unsure = session._hosts.get(
        (id(host), id(book), exchange.prior_approval)
    ) or session.host(exchange, book)
    _, visitor_kind, visitor_rest, visitor_country_unsure = session._visitors.get(
        (id(visitor), id(book))
    ) or session.visitor(exchange, book)
    if host_country_unsure or visitor_country_unsure:
        check_country(exchange, book, out)
    host_country, visitor_country = host.country, visitor.country
    if host_country == visitor_country or host_country is None or visitor_country is None:
        check_cross_border(exchange, out)
    start, end = exchange.start, exchange.end
    # duration_min: a span counted before, long enough, needs no call.
    days = None
    if (
        exchange.working_days is None
        and session.calendar is None
        and start is not None
        and end is not None
    ):
        days = session.counted.get((start, end))
    if days is None or days < book.min_working_days:
        days = check_duration_min(
            exchange, book, session.calendar, (session.counted, session.short), out
        )
    if start is None or end is None or (end - start).days >= book.max_calendar_days:
        check_duration_max(exchange, book, out)
    out += visitor_kind
    out += host_kind
    out += visitor_rest
    virtual = exchange.mode is _VIRTUAL
    if book.distance_requisite and not virtual:
        # distance: only a declared distance, or locations under the limit apart, can warn.
        a, b = host.location, visitor.location
        if exchange.distance_km is not None or (
            a is not None and b is not None and book.short_distance.is_under(a, b)
        ):
            check_distance(exchange, book, out)
    if exchange.representative is not None:
        check_residence(exchange, book, out)
    if virtual:
        check_mode(exchange, book, out)
    elif host_country not in book.ceilings:
        check_threshold(exchange, book, out)
    ident = exchange.id
    if (
        ident is not None
        and book.it_tool_id.fullmatch(ident) is None
        and ident.casefold().startswith(book.it_tool_id_prefix)  # else not a tool ID attempt
    ):
        check_it_tool_id(exchange, book, out)
    # lifecycle: a record with no payment and no document has nothing to compare.
    documents = exchange.documents
    if (
        exchange.payment is not None
        or documents.commitment is not None
        or documents.financial_agreement is not None
        or documents.final_report is not None
    ):
        check_lifecycle(exchange, out)
    return book.generation.id, tuple(out), days


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


def _no_start() -> Finding:
    return _NO_START


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


def _ambiguous(exchange: Exchange, books: tuple[Rulebook, ...], session: Session) -> Parts:
    """Check under every candidate; keep the newest's verdict, with a ``generation`` finding.

    Eligible under every candidate: a warning (the answer does not depend on the guess).
    Otherwise an error naming the candidates under which it fails.
    """
    results = [_under(exchange, book, session, ()) for book in books]
    order = sorted(range(len(books)), key=lambda i: books[i].generation.period.value.start)
    newest = order[-1]
    _, found, days = results[newest]
    failing = tuple(
        f"{b.generation.id} ({', '.join(f.rule for f in result[1] if f.severity is _ERROR)})"
        for b, result in zip(books, results, strict=True)
        if any(f.severity is _ERROR for f in result[1])
    )
    unsure = any(f.severity is _UNDECIDED for result in results for f in result[1])
    # The finding depends on the day and the failures alone: one per case, shared.
    key = (exchange.start, newest, failing, unsure)
    finding = session.ambiguous.get(key)
    if finding is None:
        finding = session.ambiguous[key] = _ambiguity(
            exchange, books, books[newest], failing, unsure=unsure
        )
    return books[newest].generation.id, (finding, *found), days


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


def _verdict(exchange: Exchange, parts: Parts) -> Verdict:
    generation, findings, days = parts
    return Verdict(exchange=exchange, generation=generation, findings=findings, working_days=days)


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
