"""Words for findings: organisation, country and kind names as a coordinator reads them.

Messages are English; country names come from CLDR through :func:`country_name`, looked up only
when a finding is made (a passing rule formats nothing).
"""

from __future__ import annotations

import functools
from types import MappingProxyType

from clusterxchange.model import Organisation, OrganisationKind

__all__ = ["country_label", "kind_label", "party"]

_KIND_LABELS = MappingProxyType({OrganisationKind.SME: "SME"})


@functools.lru_cache(maxsize=512)
def country_label(code: str) -> str:
    """Return ``Name (CODE)`` for a canonical country code (the code alone if unnamed).

    >>> country_label("NO"), country_label("XK")
    ('Norway (NO)', 'Kosovo (XK)')
    """
    from clusterxchange.countries import country_name
    from clusterxchange.errors import ClusterXchangeError

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
