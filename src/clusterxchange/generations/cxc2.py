"""``cxc2``: ClusterXchange in the European Cluster Partnerships for Excellence (2022-2024).

Sources:
    hempclubproject.com/news/15-new-european-cluster-partnerships-excellence/ ;
    black-sea-maritime-agenda.ec.europa.eu/node/510 ;
    clustercollaboration.eu/clusterxchange/how-can-i-participate ;
    clustercollaboration.eu/clusterxchange/about ; hempclubproject.com/clusterxchange/ ;
    clamtex.eu/faq-page ; and the COSME sources in ``_cosme``.
"""

from __future__ import annotations

import datetime as dt

from clusterxchange.generations import _cosme, _values
from clusterxchange.model import (
    Confidence,
    Generation,
    OrganisationKind,
    Period,
    Provenance,
    Sourced,
)

__all__ = ["GENERATION"]

_HEMPCLUB = "hempclubproject.com/news/15-new-european-cluster-partnerships-excellence/"
_PARTICIPATE = "clustercollaboration.eu/clusterxchange/how-can-i-participate"
K = OrganisationKind

GENERATION = Generation(
    id="cxc2",
    title="ClusterXchange in the European Cluster Partnerships for Excellence",
    programme=Sourced(
        value="COSME, call COS-CLUSTER-2020-3-03 (last COSME generation)",
        provenance=Provenance(
            source=f"{_HEMPCLUB} ; black-sea-maritime-agenda.ec.europa.eu/node/510",
            confidence=Confidence.HIGH,
        ),
    ),
    period=Sourced(
        value=Period(start=dt.date(2022, 2, 1), end=dt.date(2024, 3, 31)),
        provenance=Provenance(
            source=f"{_HEMPCLUB} ; black-sea-maritime-agenda.ec.europa.eu/node/510",
            confidence=Confidence.MEDIUM,
            note="the exact start and end are an open question",
        ),
    ),
    countries=_cosme.COUNTRIES,
    ceilings=_cosme.CEILINGS,
    cap=_values.CAP,
    visitor_kinds=Sourced(
        value=_values.BASE_KINDS,
        provenance=Provenance(source=_PARTICIPATE, confidence=Confidence.HIGH),
    ),
    host_kinds=Sourced(
        value=_values.BASE_KINDS | {K.TRAINING_PROVIDER, K.LARGE_COMPANY, K.PUBLIC_AUTHORITY},
        provenance=Provenance(
            source=f"{_PARTICIPATE} ; hempclubproject.com/clusterxchange/",
            confidence=Confidence.HIGH,
            note="training providers, large companies and public authorities active in a "
            "cluster may host",
        ),
    ),
    contested_visitor_kinds=Sourced(
        value=frozenset({K.LARGE_COMPANY, K.PUBLIC_AUTHORITY, K.TRAINING_PROVIDER}),
        provenance=Provenance(
            source=f"call COS-CLUSTER-2020-3-03 ; {_PARTICIPATE} ; partnership mid-term reports",
            confidence=Confidence.LOW,
            note="the 2020 call lists training providers (and innovation agencies, recorded "
            "as public authorities or scaling-up support organisations) beside large companies "
            "and public authorities, and real partnership reports count large companies and "
            "public authorities as visitors, with KPI targets; the official participant slide "
            "lists them as hosts only: a visitor of these kinds is a warning, not an error",
        ),
    ),
    member_kinds=_values.MEMBER_KINDS,
    eccp_kinds=_values.ECCP_KINDS,
    host_member_kinds=Sourced(
        value=frozenset({K.TRAINING_PROVIDER, K.LARGE_COMPANY, K.PUBLIC_AUTHORITY}),
        provenance=Provenance(
            source=f"{_PARTICIPATE} ; hempclubproject.com/clusterxchange/",
            confidence=Confidence.MEDIUM,
            note="training providers, large companies and public authorities may host when "
            "they are cluster members or active in a cluster: no recorded membership is a "
            "warning, a record of no cluster an error",
        ),
    ),
    non_member_sme_host=Sourced(
        value=False,
        provenance=Provenance(
            source=_PARTICIPATE,
            confidence=Confidence.MEDIUM,
            note="the pilot's exception for non-member SME hosts is not carried over",
        ),
    ),
    min_working_days=_values.MIN_WORKING_DAYS,
    max_calendar_days=_values.MAX_CALENDAR_DAYS,
    max_calendar_months=_values.MAX_CALENDAR_MONTHS,
    short_stay_days=_values.SHORT_STAY_DAYS,
    short_distance_km=_values.SHORT_DISTANCE_KM,
    distance_requisite=Sourced(
        value=True,
        provenance=Provenance(
            source=f"{_PARTICIPATE} (participant slide: '>= 200 km' listed as a requisite) ; "
            f"{_values.ABOUT}",
            confidence=Confidence.LOW,
            note="the participant slide listing '>= 200 km' as a requisite is cited but was not "
            "found again on the cited page, and the official text only halves the lump sum "
            "under 200 km; a distance under 200 km is reported as a warning in addition to "
            "halving, never an error",
        ),
    ),
    reduction_factor=_values.REDUCTION_FACTOR,
    virtual_allowed=Sourced(
        value=False,
        provenance=Provenance(
            source=_values.ABOUT,
            confidence=Confidence.MEDIUM,
            note="virtual exchanges belonged to the COVID-19 period of the pilot",
        ),
    ),
    visits_per_visitor=_values.VISITS_PER_VISITOR,
    visits_in_scheme=_values.VISITS_IN_SCHEME,
    residence_days=_values.RESIDENCE_DAYS,
    payment_days=_values.PAYMENT_DAYS,
    it_tool_id_pattern=_values.IT_TOOL_ID_PATTERN,
    virtual_until=Sourced(
        value=None,
        provenance=Provenance(
            source=_values.ABOUT,
            confidence=Confidence.MEDIUM,
            note="virtual exchanges are not recognised in this generation (virtual_allowed)",
        ),
    ),
    permanent_residence=_values.PERMANENT_RESIDENCE,
)
