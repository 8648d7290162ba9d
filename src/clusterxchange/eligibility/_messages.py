"""Words for findings: organisation, country and kind names as a coordinator reads them.

Messages are English; country names come from CLDR through :func:`country_name`, looked up only
when a finding is made (a passing rule formats nothing).
"""

from __future__ import annotations

import functools
from types import MappingProxyType

from clusterxchange.model import Organisation, OrganisationKind
from clusterxchange.model.findings import Finding, Severity

__all__ = ["columns", "country_label", "kind_label", "party", "undecided"]

_KIND_LABELS = MappingProxyType({OrganisationKind.SME: "SME"})


@functools.lru_cache(maxsize=512)
def country_label(code: str) -> str:
    """Return ``Name (CODE)`` for a canonical country code (the code alone if unnamed).

    >>> country_label("NO"), country_label("XK")
    ('Norway (NO)', 'Kosovo (XK)')
    """
    from clusterxchange.model.countries import country_name
    from clusterxchange.model.errors import ClusterXchangeError

    try:
        return f"{country_name(code, 'en')} ({code})"
    except ClusterXchangeError:
        return code


def kind_label(kind: OrganisationKind) -> str:
    """Return the kind in words: ``SME``, ``large company``, ``cluster organisation``.

    >>> kind_label(OrganisationKind.LARGE_COMPANY), kind_label(OrganisationKind.SME)
    ('large company', 'SME')
    """
    return _KIND_LABELS.get(kind) or kind.value.replace("_", " ")


def party(role: str, organisation: Organisation) -> str:
    """Return ``the host Hamburg Aviation`` for *role* and *organisation*.

    >>> party("visitor", Organisation(name="Aero Lda", country="PT", kind="sme"))
    'the visitor Aero Lda'
    """
    return f"the {role} {organisation.name}"


def columns(missing: tuple[str, ...]) -> str:
    """Return ``column host_country`` or ``columns end, start`` for the columns *missing*.

    >>> columns(("host_country",)), columns(("end", "start"))
    ('column host_country', 'columns end, start')
    """
    return f"{'column' if len(missing) == 1 else 'columns'} {', '.join(missing)}"


def undecided(rule: str, what: str, missing: tuple[str, ...]) -> Finding:
    """Return the ``undecided`` finding of *rule*: *what* is not recorded in columns *missing*.

    >>> finding = undecided("country", "no country is recorded for the host Aero Lda",
    ...                     ("host_country",))
    >>> finding.severity.value, finding.missing
    ('undecided', ('host_country',))
    >>> finding.message
    'could not be decided: no country is recorded for the host Aero Lda (column host_country)'

    """
    return Finding(
        rule=rule,
        severity=Severity.UNDECIDED,
        message=f"could not be decided: {what} ({columns(missing)})",
        missing=missing,
    )
