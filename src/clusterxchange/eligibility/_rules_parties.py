"""The rules about who takes part: countries, kinds, cluster membership, SME size, residence.

One function per rule id (docs/design.md). Each appends its findings to *out* and formats a message
only when it has something to say; each reads its values from a
:class:`~clusterxchange.eligibility._rulebook.Rulebook` and cites the generation field.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from clusterxchange.eligibility._messages import country_label, kind_label, party, undecided
from clusterxchange.eligibility._rulebook import Rulebook
from clusterxchange.eligibility._sme import EnterpriseClass, classify_enterprise
from clusterxchange.eligibility._sme_ceilings import SME_DEFINITION
from clusterxchange.model import Exchange, Organisation, OrganisationKind
from clusterxchange.model.findings import Finding, Severity

__all__ = [
    "check_cluster_membership",
    "check_country",
    "check_cross_border",
    "check_host_in_cluster",
    "check_host_kind",
    "check_membership",
    "check_residence",
    "check_sme",
    "check_visitor_kind",
]

_ERROR, _WARNING, _INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_SME = OrganisationKind.SME


#: Per check call: id(organisation) -> its size class.
EnterpriseCache = MutableMapping[int, EnterpriseClass]


def _country_of(
    role: str, org: Organisation, exchange: Exchange, book: Rulebook, out: list[Finding]
) -> None:
    country = org.country
    if country is None:
        out.append(
            undecided(
                "country",
                f"no country is recorded for {party(role, org)}",
                (f"{role}_country",),
            )
        )
        return
    participation = book.countries.get(country)
    if participation is None:
        out.append(
            Finding(
                rule="country",
                severity=_ERROR,
                message=f"{party(role, org)} is registered in {country_label(country)}, "
                f"which does not take part in {book.generation.id}",
                field="countries",
                value=country,
                provenance=book.countries_provenance,
            )
        )
        return
    joined, start = participation.joined, exchange.start
    if joined is not None and start is None:
        out.append(
            undecided(
                "country",
                f"{party(role, org)} is registered in {country_label(country)}, which joined "
                f"the programme on {joined.isoformat()}, and no first day of activity is "
                "recorded",
                ("start",),
            )
        )
    elif joined is not None and start is not None and start < joined:
        out.append(
            Finding(
                rule="country",
                severity=_ERROR,
                message=f"{party(role, org)} is registered in {country_label(country)}, "
                f"which joined the programme on {joined.isoformat()}, after the exchange's "
                f"first day ({start.isoformat()})",
                field="countries",
                value=f"{country} from {joined.isoformat()}",
                provenance=participation.provenance,
            )
        )


def check_country(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``country``: host and visitor are registered in countries taking part on the first day."""
    countries = book.countries
    host, visitor = exchange.host, exchange.visitor
    at_host = None if host.country is None else countries.get(host.country)
    at_visitor = None if visitor.country is None else countries.get(visitor.country)
    # Most countries took part from the start: only the others need a closer look.
    if at_host is None or at_host.joined is not None:
        _country_of("host", host, exchange, book, out)
    if at_visitor is None or at_visitor.joined is not None:
        _country_of("visitor", visitor, exchange, book, out)


def check_cross_border(exchange: Exchange, out: list[Finding]) -> None:
    """``cross_border``: host and visitor are registered in different countries.

    Undecided when either country is not recorded.
    """
    host, visitor = exchange.host, exchange.visitor
    if host.country is None or visitor.country is None:
        missing = tuple(
            f"{role}_country"
            for role, org in (("host", host), ("visitor", visitor))
            if org.country is None
        )
        whose = " and ".join(
            party(role, org)
            for role, org in (("host", host), ("visitor", visitor))
            if org.country is None
        )
        out.append(undecided("cross_border", f"no country is recorded for {whose}", missing))
        return
    if host.country == visitor.country:
        out.append(
            Finding(
                rule="cross_border",
                severity=_ERROR,
                message=f"{party('host', host)} and {party('visitor', visitor)} are both in "
                f"{country_label(host.country)}: an exchange must cross a border",
            )
        )


def check_visitor_kind(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``visitor_kind``: the visitor is of a kind that may visit (contested kinds warn)."""
    visitor = exchange.visitor
    kind = visitor.kind
    if kind in book.visitor_kinds:
        return
    if kind is None:
        out.append(
            undecided(
                "visitor_kind",
                f"no kind of organisation is recorded for {party('visitor', visitor)}",
                ("visitor_kind",),
            )
        )
        return
    g = book.generation
    if kind in book.contested_visitor_kinds:
        out.append(
            Finding(
                rule="visitor_kind",
                severity=_WARNING,
                message=f"{party('visitor', visitor)} is a {kind_label(kind)}: a contested "
                f"visitor kind in {g.id}, reported as a warning, not an error",
                field="contested_visitor_kinds",
                value=kind.value,
                provenance=g.contested_visitor_kinds.provenance,
            )
        )
        return
    allowed = ", ".join(sorted(kind_label(k) for k in book.visitor_kinds))
    out.append(
        Finding(
            rule="visitor_kind",
            severity=_ERROR,
            message=f"{party('visitor', visitor)} is a {kind_label(kind)}, which may not visit "
            f"in {g.id} (visitors: {allowed})",
            field="visitor_kinds",
            value=kind.value,
            provenance=g.visitor_kinds.provenance,
        )
    )


def check_host_kind(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``host_kind``: the host is of a kind that may host.

    Also says (``info``) when a non-member SME hosts with the agency's prior approval, where
    the generation allows it (``non_member_sme_host``).
    """
    host = exchange.host
    kind = host.kind
    g = book.generation
    if kind is None:
        out.append(
            undecided(
                "host_kind",
                f"no kind of organisation is recorded for {party('host', host)}",
                ("host_kind",),
            )
        )
        return
    if kind not in book.host_kinds:
        allowed = ", ".join(sorted(kind_label(k) for k in book.host_kinds))
        out.append(
            Finding(
                rule="host_kind",
                severity=_ERROR,
                message=f"{party('host', host)} is a {kind_label(kind)}, which may not host "
                f"in {g.id} (hosts: {allowed})",
                field="host_kinds",
                value=kind.value,
                provenance=g.host_kinds.provenance,
            )
        )
        return
    if (
        kind is _SME
        and host.clusters == ()
        and book.non_member_sme_host
        and exchange.prior_approval is not None
        and kind in book.member_kinds
    ):
        out.append(
            Finding(
                rule="host_kind",
                severity=_INFO,
                message=f"{party('host', host)} is an SME outside any cluster, hosting with "
                f"the agency's prior approval ({exchange.prior_approval})",
                field="non_member_sme_host",
                value="true",
                provenance=g.non_member_sme_host.provenance,
            )
        )


def check_host_in_cluster(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``cluster_membership``: a host of ``host_member_kinds`` is in a cluster.

    In a cluster means a member of it or active in it. Membership not recorded (``clusters is
    None``) is a warning; a record of no cluster an error.
    """
    host = exchange.host
    kind = host.kind
    if kind not in book.host_member_kinds or host.clusters:
        return
    g = book.generation
    unknown = host.clusters is None
    out.append(
        Finding(
            rule="cluster_membership",
            severity=_WARNING if unknown else _ERROR,
            message=f"{party('host', host)} is a {kind_label(kind)}: in {g.id} it may host as a "
            "member of, or active in, a cluster, and "
            + ("its cluster membership is not recorded" if unknown else "it is in no cluster"),
            field="host_member_kinds",
            value=kind.value,
            provenance=g.host_member_kinds.provenance,
        )
    )


def _membership_of(
    role: str, org: Organisation, exchange: Exchange, book: Rulebook, out: list[Finding]
) -> None:
    kind = org.kind
    clusters = org.clusters
    g = book.generation
    if kind in book.member_kinds:
        if clusters is None:
            out.append(
                Finding(
                    rule="cluster_membership",
                    severity=_INFO,
                    message=f"{party(role, org)}'s cluster membership is not recorded: taken "
                    "at the partnership's word",
                    field="member_kinds",
                    value=kind.value,
                    provenance=g.member_kinds.provenance,
                )
            )
            return
        if not clusters:
            if role == "host" and kind is _SME and book.non_member_sme_host:
                if exchange.prior_approval is None:
                    out.append(
                        Finding(
                            rule="cluster_membership",
                            severity=_ERROR,
                            message=f"{party(role, org)} is an SME outside any cluster: in "
                            f"{g.id} it may host only with the agency's prior approval, and "
                            "none is recorded",
                            field="non_member_sme_host",
                            value="true",
                            provenance=g.non_member_sme_host.provenance,
                        )
                    )
                return  # approved: check_host_kind says so
            out.append(
                Finding(
                    rule="cluster_membership",
                    severity=_ERROR,
                    message=f"{party(role, org)} is a {kind_label(kind)} that is not a member "
                    f"of any cluster; in {g.id} a {kind_label(kind)} takes part as a cluster "
                    "member",
                    field="member_kinds",
                    value=kind.value,
                    provenance=g.member_kinds.provenance,
                )
            )
            return
    if kind not in book.eccp_kinds or not clusters:
        return
    profiled = [ref.eccp_profiled for ref in clusters]
    if True in profiled:
        return
    if None in profiled:
        out.append(
            Finding(
                rule="cluster_membership",
                severity=_INFO,
                message=f"whether {party(role, org)}'s cluster is profiled on the European "
                "Cluster Collaboration Platform is not recorded: taken at the partnership's word",
                field="eccp_kinds",
                value=kind.value,
                provenance=g.eccp_kinds.provenance,
            )
        )
        return
    names = ", ".join(ref.name for ref in clusters)
    out.append(
        Finding(
            rule="cluster_membership",
            severity=_ERROR,
            message=f"{party(role, org)} is a {kind_label(kind)} whose clusters ({names}) are "
            "not profiled on the European Cluster Collaboration Platform",
            field="eccp_kinds",
            value=kind.value,
            provenance=g.eccp_kinds.provenance,
        )
    )


def check_cluster_membership(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``cluster_membership``: the kinds that must be cluster members are (ECCP where needed).

    Membership not recorded (``clusters is None``) is taken at the partnership's word, with
    an ``info`` finding; an empty membership is an error.
    """
    check_membership("host", exchange.host, exchange, book, out)
    check_membership("visitor", exchange.visitor, exchange, book, out)


def check_membership(
    role: str, org: Organisation, exchange: Exchange, book: Rulebook, out: list[Finding]
) -> None:
    """``cluster_membership`` for one party: *org*, the exchange's host or visitor (*role*).

    Reads the exchange's ``prior_approval`` only for the host. When the kind is not
    recorded, the rule is undecided only where the recorded memberships would fail for some
    kind (no cluster at all, or none profiled on the platform); memberships that satisfy
    every kind, or none recorded (taken at the partnership's word), say nothing.
    """
    kind = org.kind
    if kind is None:
        clusters = org.clusters
        if clusters is None:
            return
        if clusters:
            if not book.eccp_kinds or any(ref.eccp_profiled is not False for ref in clusters):
                return
            what = f"{party(role, org)}'s clusters are not profiled on the platform"
        elif not book.member_kinds:
            return
        else:
            what = f"{party(role, org)} is not a member of any cluster"
        out.append(
            undecided(
                "cluster_membership",
                f"{what}, which matters for some kinds of organisation, and no kind is recorded",
                (f"{role}_kind",),
            )
        )
        return
    if kind in book.member_kinds or kind in book.eccp_kinds:
        _membership_of(role, org, exchange, book, out)


def check_sme(exchange: Exchange, enterprises: EnterpriseCache, out: list[Finding]) -> None:
    """``sme``: a visitor declared an SME is one by Recommendation 2003/361/EC.

    Without figures the declaration is taken at its word (an ``info`` finding says so).
    """
    visitor = exchange.visitor
    kind = visitor.kind
    if kind is None:
        # Not declared an SME; figures that make it large would matter if it were one.
        if visitor.figures:
            result = enterprises.get(id(visitor))
            if result is None:
                result = enterprises[id(visitor)] = classify_enterprise(visitor.figures)
            if not result.is_sme:
                out.append(
                    undecided(
                        "sme",
                        f"{party('visitor', visitor)}'s figures make it a large enterprise, "
                        "which matters if it takes part as an SME, and no kind is recorded",
                        ("visitor_kind",),
                    )
                )
        return
    if kind is not _SME:
        return
    provenance = SME_DEFINITION.provenance
    if not visitor.figures:
        out.append(
            Finding(
                rule="sme",
                severity=_INFO,
                message=f"{party('visitor', visitor)} is declared an SME and no figures are "
                "recorded: taken at its word",
                provenance=provenance,
            )
        )
        return
    key = id(visitor)
    result = enterprises.get(key)
    if result is None:
        result = enterprises[key] = classify_enterprise(visitor.figures)
    if not result.is_sme:
        out.append(
            Finding(
                rule="sme",
                severity=_ERROR,
                message=f"{party('visitor', visitor)} is declared an SME, but its figures make "
                f"it a large enterprise: {'; '.join(result.reasons[-3:])}",
                value=result.size.value,
                provenance=provenance,
            )
        )


def check_residence(exchange: Exchange, book: Rulebook, out: list[Finding]) -> None:
    """``residence``: a representative from outside the participating countries lives here.

    Needs ``residence_days`` of residence in the visitor's country and a started or intended
    business there; unknown values are an ``info`` finding.
    """
    representative = exchange.representative
    if representative is None:
        return
    nationality = representative.nationality
    participation = book.countries.get(nationality)
    if participation is not None and participation.participates_on(exchange.start):
        return
    g = book.generation
    needed = book.residence_days
    visitor_country = exchange.visitor.country
    where = "the visitor's country" if visitor_country is None else country_label(visitor_country)
    who = (
        f"the visitor's representative, a national of {country_label(nationality)} (not a "
        "participating country),"
    )
    days, business = representative.residence_days, representative.business_in_country
    if days is not None and days < needed:
        out.append(
            Finding(
                rule="residence",
                severity=_ERROR,
                message=f"{who} has lived {days} days in {where}; {needed} are needed",
                field="residence_days",
                value=str(needed),
                provenance=g.residence_days.provenance,
            )
        )
    if business is False:
        out.append(
            Finding(
                rule="residence",
                severity=_ERROR,
                message=f"{who} has no started or intended business in {where}",
                field="residence_days",
                value=str(needed),
                provenance=g.residence_days.provenance,
            )
        )
    if days is None or business is None:
        unknown = " and ".join(
            text
            for text, missing in (
                ("the days of residence", days is None),
                ("a business there", business is None),
            )
            if missing
        )
        out.append(
            Finding(
                rule="residence",
                severity=_INFO,
                message=f"{who} needs {needed} days of residence in {where} and a started or "
                f"intended business there; {unknown} not recorded",
                field="residence_days",
                value=str(needed),
                provenance=g.residence_days.provenance,
            )
        )
