"""The rule table: every rule of one exchange under one generation, in docs/design.md's order.

Each :class:`Rule` names its rule id, the :class:`~clusterxchange.model.Generation` fields
it reads, a cheap precondition and the pure function that checks it
(:mod:`._rules_exchange`, :mod:`._rules_parties`). One loop (:func:`run_rules`) runs the
table: a rule is called only when its precondition says it may have something to say, since
most exchanges pass most rules and a dataset holds many of them. A precondition may let
through a case where the rule then finds nothing (the functions keep their own guards), but
never hold back a case where it would find something: ``tests/test_eligibility_rules.py``
checks both, and that each rule cites only the fields it declares.

The rules about one party (:attr:`Rule.party`) read nothing else of the exchange but, for
the host, its prior approval: the engine runs them once per organisation, generation and
approval, and shares their findings between the exchanges that name the same organisation
(:func:`party_findings`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import NamedTuple

from clusterxchange.eligibility._rulebook import Rulebook
from clusterxchange.eligibility._rules_exchange import (
    check_distance,
    check_duration_max,
    check_duration_min,
    check_it_tool_id,
    check_lifecycle,
    check_mode,
    check_threshold,
)
from clusterxchange.eligibility._rules_parties import (
    check_country,
    check_cross_border,
    check_host_in_cluster,
    check_host_kind,
    check_host_membership,
    check_residence,
    check_sme,
    check_visitor_kind,
    check_visitor_membership,
)
from clusterxchange.model import Exchange, Mode, Organisation, OrganisationKind
from clusterxchange.model.findings import Finding

__all__ = ["RULES", "ByRule", "Party", "Rule", "party_findings", "run_rules"]

_VIRTUAL = Mode.VIRTUAL
_SME = OrganisationKind.SME

#: A rule check: the exchange, the rulebook of its generation, its working days -> findings.
Check = Callable[[Exchange, Rulebook, "int | None"], Sequence[Finding]]
#: A precondition: whether the rule may have something to say (cheap; no message made).
Precondition = Callable[[Exchange, Rulebook, "int | None"], bool]


class Party(enum.Enum):
    """The one party a rule reads, when it reads only one (its findings are then shared)."""

    HOST = "host"
    VISITOR = "visitor"


class Rule(NamedTuple):
    """One row of the rule table.

    Attributes:
        id: The rule id its findings carry (docs/design.md).
        reads: The :class:`~clusterxchange.model.Generation` fields it reads.
        applies: The cheap precondition: ``False`` only where the rule surely finds nothing.
        check: The rule itself.
        party: The party it reads alone, or ``None`` when it reads the exchange.
    """

    id: str
    reads: tuple[str, ...]
    applies: Precondition
    check: Check
    party: Party | None = None


def _odd_visitor_kind(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    return exchange.visitor.kind not in book.visitor_kinds


def _odd_host_kind(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    # An approved host may be a non-member SME: an info finding says so.
    return exchange.host.kind not in book.host_kinds or exchange.prior_approval is not None


def _membership_matters(org: Organisation, book: Rulebook) -> bool:
    kind = org.kind
    if kind is None:  # undecided only where recorded memberships would fail some kind
        return org.clusters is not None
    return kind in book.member_kinds or kind in book.eccp_kinds


def _host_membership_matters(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    return _membership_matters(exchange.host, book)


def _visitor_membership_matters(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    return _membership_matters(exchange.visitor, book)


def _host_outside_clusters(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    host = exchange.host
    return host.kind in book.host_member_kinds and not host.clusters


def _declared_or_may_be_sme(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    visitor = exchange.visitor
    kind = visitor.kind
    return kind is _SME or (kind is None and bool(visitor.figures))


def _country_may_fail(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    # Both parties recorded in countries that took part from the start pass.
    from_start = book.from_start
    return exchange.host.country not in from_start or exchange.visitor.country not in from_start


def _same_or_unknown_countries(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    host, visitor = exchange.host.country, exchange.visitor.country
    return host == visitor or host is None or visitor is None


def _short_or_unknown(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    return days is None or days < book.min_working_days


def _long_or_undated(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    start, end = exchange.start, exchange.end
    return start is None or end is None or (end - start).days >= book.max_calendar_days


def _may_be_near(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    # Only a declared distance, or locations under the limit apart, can warn.
    if not book.distance_requisite or exchange.mode is _VIRTUAL:
        return False
    if exchange.distance_km is not None:
        return True
    a, b = exchange.host.location, exchange.visitor.location
    return a is not None and b is not None and book.short_distance.is_under(a, b)


def _has_representative(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    return exchange.representative is not None


def _virtual(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    return exchange.mode is _VIRTUAL


def _no_ceiling(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    return exchange.mode is not _VIRTUAL and exchange.host.country not in book.ceilings


def _odd_tool_id(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    # An ID that fits, or does not start like the tool's IDs (not an attempt at one), passes.
    ident = exchange.id
    return (
        ident is not None
        and book.it_tool_id.fullmatch(ident) is None
        and ident.casefold().startswith(book.it_tool_id_prefix)
    )


def _has_records(exchange: Exchange, book: Rulebook, days: int | None) -> bool:
    # A record with no payment and no document has nothing to compare.
    documents = exchange.documents
    return (
        exchange.payment is not None
        or documents.commitment is not None
        or documents.financial_agreement is not None
        or documents.final_report is not None
    )


_HOST, _VISITOR = Party.HOST, Party.VISITOR

#: Every rule of one exchange, in the order of docs/design.md's rule ids (``generation``
#: comes first, from the engine; ``visitor_once`` needs the whole dataset).
RULES: tuple[Rule, ...] = (
    Rule("country", ("countries",), _country_may_fail, check_country),
    Rule("cross_border", (), _same_or_unknown_countries, check_cross_border),
    Rule("duration_min", ("min_working_days",), _short_or_unknown, check_duration_min),
    Rule(
        "duration_max",
        ("max_calendar_days", "max_calendar_months"),
        _long_or_undated,
        check_duration_max,
    ),
    Rule(
        "visitor_kind",
        ("visitor_kinds", "contested_visitor_kinds"),
        _odd_visitor_kind,
        check_visitor_kind,
        _VISITOR,
    ),
    Rule(
        "host_kind",
        ("host_kinds", "member_kinds", "non_member_sme_host"),
        _odd_host_kind,
        check_host_kind,
        _HOST,
    ),
    Rule(
        "cluster_membership",
        ("member_kinds", "eccp_kinds", "non_member_sme_host"),
        _host_membership_matters,
        check_host_membership,
        _HOST,
    ),
    Rule(
        "cluster_membership",
        ("host_member_kinds",),
        _host_outside_clusters,
        check_host_in_cluster,
        _HOST,
    ),
    Rule(
        "cluster_membership",
        ("member_kinds", "eccp_kinds", "non_member_sme_host"),
        _visitor_membership_matters,
        check_visitor_membership,
        _VISITOR,
    ),
    Rule("sme", (), _declared_or_may_be_sme, check_sme, _VISITOR),
    Rule(
        "distance",
        ("distance_requisite", "short_distance_km"),
        _may_be_near,
        check_distance,
    ),
    Rule("residence", ("countries", "residence_days"), _has_representative, check_residence),
    Rule("mode", ("virtual_allowed", "virtual_until"), _virtual, check_mode),
    Rule("threshold", ("ceilings", "countries"), _no_ceiling, check_threshold),
    Rule("it_tool_id", ("it_tool_id_pattern",), _odd_tool_id, check_it_tool_id),
    Rule("lifecycle", (), _has_records, check_lifecycle),
)


class _Step(NamedTuple):
    """A step of :func:`run_rules`: a rule about the exchange, or a run of party rules."""

    applies: Precondition | None  # None: a run of the rules about one party
    check: Check | None
    party: Party | None
    run: int  # the run's position among the runs about its party


def _steps(rules: tuple[Rule, ...]) -> tuple[_Step, ...]:
    """Return the table as steps: consecutive rules about the same party make one run."""
    steps: list[_Step] = []
    runs = dict.fromkeys(Party, 0)
    for i, rule in enumerate(rules):
        if rule.party is None:
            steps.append(_Step(rule.applies, rule.check, None, 0))
        elif i == 0 or rules[i - 1].party is not rule.party:
            steps.append(_Step(None, None, rule.party, runs[rule.party]))
            runs[rule.party] += 1
    return tuple(steps)


def _runs(rules: tuple[Rule, ...], party: Party) -> tuple[tuple[Rule, ...], ...]:
    """Return the runs of consecutive rules about *party*, in table order."""
    runs: list[list[Rule]] = []
    for i, rule in enumerate(rules):
        if rule.party is party:
            if i == 0 or rules[i - 1].party is not party:
                runs.append([])
            runs[-1].append(rule)
    return tuple(map(tuple, runs))


_STEPS = _steps(RULES)
_RUNS = MappingProxyType({party: _runs(RULES, party) for party in Party})
# The same runs as (precondition, check) pairs: the loop over a party (once per distinct
# organisation, and most visitors take part once) then reads no Rule attribute and makes no
# generator per run.
_PAIRS = MappingProxyType(
    {
        party: tuple(tuple((rule.applies, rule.check) for rule in run) for run in runs)
        for party, runs in _RUNS.items()
    }
)

#: The findings of the rules about one party, one tuple per run of consecutive rules about
#: it in :data:`RULES` (the visitor has two: ``visitor_kind``, then its membership and SME).
ByRule = tuple[tuple[Finding, ...], ...]


def party_findings(party: Party, exchange: Exchange, book: Rulebook) -> ByRule:
    """Return the findings of the rules about *party* of *exchange*, one tuple per run.

    >>> from clusterxchange.eligibility._rulebook import rulebook
    >>> from clusterxchange.generations import get_generation
    >>> from clusterxchange.model import Organisation
    >>> host = Organisation(name="Hamburg Aviation", country="DE", kind="large_company")
    >>> visitor = Organisation(name="Aero Lda", country="PT", kind="sme")
    >>> found = party_findings(Party.HOST, Exchange(host=host, visitor=visitor),
    ...                        rulebook(get_generation("cxc2")))
    >>> [(f.rule, f.severity.value) for run in found for f in run]
    [('cluster_membership', 'warning')]
    """
    found: list[tuple[Finding, ...]] = []
    for run in _PAIRS[party]:
        out: list[Finding] = []
        for applies, check in run:
            if applies(exchange, book, None):
                out += check(exchange, book, None)
        found.append(tuple(out) if out else ())
    return tuple(found)


def run_rules(
    exchange: Exchange, book: Rulebook, days: int | None, host: ByRule, visitor: ByRule
) -> list[Finding]:
    """Return the findings of every rule of :data:`RULES` on *exchange*, in table order.

    *days* are its working days (``None``: unknown); *host* and *visitor* are the findings
    of the rules about each party (:func:`party_findings`), made once per organisation.
    """
    out: list[Finding] = []
    for applies, check, party, run in _STEPS:
        if applies is None:
            out += (host if party is _HOST else visitor)[run]
        elif applies(exchange, book, days):
            out += check(exchange, book, days)  # type: ignore[misc]
    return out
