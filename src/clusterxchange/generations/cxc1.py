"""``cxc1``: the ClusterXchange pilot run by the ESCP-4x partnerships (2020-2022).

Sources:
    clustercollaboration.eu/eu-cluster-partnerships/escp-4x ;
    clustercollaboration.eu/clusterxchange/faqs ; clustercollaboration.eu/clusterxchange/about ;
    clustercollaboration.eu/clusterxchange/how-can-i-participate ; clamtex.eu/faq-page ;
    epixproject.eu/clusterxchange/ ; and the COSME sources in ``_cosme``.
"""

from __future__ import annotations

import datetime as dt

from clusterxchange.generations import _cosme, _values
from clusterxchange.model import Confidence, Generation, Period, Provenance, Sourced

__all__ = ["GENERATION"]

_ESCP4X = "clustercollaboration.eu/eu-cluster-partnerships/escp-4x"

GENERATION = Generation(
    id="cxc1",
    title="ClusterXchange pilot (ESCP-4x partnerships)",
    programme=Sourced(
        value="COSME, call COS-CLUSTER-2018-3-02",
        provenance=Provenance(source=_ESCP4X, confidence=Confidence.HIGH),
    ),
    period=Sourced(
        value=Period(start=dt.date(2020, 2, 3), end=dt.date(2022, 6, 30)),
        provenance=Provenance(
            source=f"{_ESCP4X} ; clustercollaboration.eu/clusterxchange/faqs",
            confidence=Confidence.LOW,
            note="no source gives the end, 2022-06-30 is our reading, and partnerships published "
            "pilot exchanges later in 2022: a first day in the overlap with cxc2 on a row naming "
            "no generation gets the generation warning naming both candidates (never a silent "
            "choice), and a later pilot exchange should name cxc1",
        ),
    ),
    countries=_cosme.COUNTRIES,
    ceilings=_cosme.CEILINGS,
    cap=_values.CAP,
    visitor_kinds=Sourced(
        value=_values.BASE_KINDS,
        provenance=Provenance(
            source="clustercollaboration.eu/clusterxchange/how-can-i-participate",
            confidence=Confidence.HIGH,
        ),
    ),
    host_kinds=Sourced(
        value=_values.BASE_KINDS,
        provenance=Provenance(
            source="clustercollaboration.eu/clusterxchange/how-can-i-participate",
            confidence=Confidence.HIGH,
        ),
    ),
    contested_visitor_kinds=Sourced(
        value=frozenset(),
        provenance=Provenance(
            source="clustercollaboration.eu/clusterxchange/how-can-i-participate",
            confidence=Confidence.HIGH,
            note="no contested visitor kinds in the pilot",
        ),
    ),
    member_kinds=_values.MEMBER_KINDS,
    eccp_kinds=_values.ECCP_KINDS,
    host_member_kinds=Sourced(
        value=frozenset(),
        provenance=Provenance(
            source="clustercollaboration.eu/clusterxchange/how-can-i-participate",
            confidence=Confidence.HIGH,
            note="the pilot has no host kinds beyond the visitor kinds",
        ),
    ),
    non_member_sme_host=Sourced(
        value=True,
        provenance=Provenance(
            source="clamtex.eu/faq-page ; clustercollaboration.eu/clusterxchange/faqs",
            confidence=Confidence.MEDIUM,
            note="an SME that is not a cluster member may host (never visit) with the agency's "
            "prior approval, recorded on the exchange",
        ),
    ),
    min_working_days=_values.MIN_WORKING_DAYS,
    max_calendar_days=_values.MAX_CALENDAR_DAYS,
    max_calendar_months=_values.MAX_CALENDAR_MONTHS,
    short_stay_days=_values.SHORT_STAY_DAYS,
    short_distance_km=_values.SHORT_DISTANCE_KM,
    distance_requisite=Sourced(
        value=False,
        provenance=Provenance(
            source=_values.ABOUT,
            confidence=Confidence.HIGH,
            note="a short distance halves the lump sum but is not a requisite",
        ),
    ),
    reduction_factor=_values.REDUCTION_FACTOR,
    virtual_allowed=Sourced(
        value=True,
        provenance=Provenance(
            source="clustercollaboration.eu/clusterxchange/faqs",
            confidence=Confidence.HIGH,
            note="virtual exchanges were allowed during COVID-19; never funded, and they do not "
            "use up the visitor's physical visit",
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
            source="clustercollaboration.eu/clusterxchange/faqs",
            confidence=Confidence.LOW,
            note="virtual exchanges were first allowed until 31 December 2020, then the period "
            "was extended; no source gives the extended end (an open question), so none is "
            "enforced: a custom generation may set one, and a later virtual exchange warns",
        ),
    ),
    permanent_residence=_values.PERMANENT_RESIDENCE,
)
