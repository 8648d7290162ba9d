"""Rule values that both shipped generations state the same way, with their sources.

Each generation module picks these up explicitly, so a generation's module remains the one
place to read all of its rules, and a change in one generation is a change in its own module.
"""

from __future__ import annotations

from decimal import Decimal

from clusterxchange.model import Confidence, OrganisationKind, Provenance, Sourced

__all__ = [
    "ABOUT",
    "BASE_KINDS",
    "CAP",
    "ECCP_KINDS",
    "IT_TOOL_ID_PATTERN",
    "MAX_CALENDAR_DAYS",
    "MAX_CALENDAR_MONTHS",
    "MEMBER_KINDS",
    "MIN_WORKING_DAYS",
    "PAYMENT_DAYS",
    "PERMANENT_RESIDENCE",
    "REDUCTION_FACTOR",
    "RESIDENCE_DAYS",
    "SHORT_DISTANCE_KM",
    "SHORT_STAY_DAYS",
    "VISITS_IN_SCHEME",
    "VISITS_PER_VISITOR",
]

ABOUT = "clustercollaboration.eu/clusterxchange/about"
_PARTICIPATE = "clustercollaboration.eu/clusterxchange/how-can-i-participate"
_FAQS = "clustercollaboration.eu/clusterxchange/faqs"
_CLAMTEX = "clamtex.eu/faq-page"
_EPIX = "epixproject.eu/clusterxchange/"
_CLOTH = "clothproject.eu/clusterxchange/"

K = OrganisationKind

#: The kinds that may visit and host in every generation.
BASE_KINDS: frozenset[OrganisationKind] = frozenset(
    {
        K.CLUSTER_ORGANISATION,
        K.BUSINESS_NETWORK_ORGANISATION,
        K.SME,
        K.SCALING_UP_SUPPORT_ORGANISATION,
    }
)

MEMBER_KINDS = Sourced(
    value=frozenset({K.SME, K.SCALING_UP_SUPPORT_ORGANISATION}),
    provenance=Provenance(
        source=f"{_PARTICIPATE} ; {_EPIX}",
        confidence=Confidence.HIGH,
        note="SMEs and scaling-up support organisations take part as members of a cluster",
    ),
)

ECCP_KINDS = Sourced(
    value=frozenset({K.SME}),
    provenance=Provenance(
        source=_CLAMTEX,
        confidence=Confidence.MEDIUM,
        note="a partnership FAQ: 'A company (SME) is only eligible if it is a member of a "
        "cluster organisation profiled on ECCP'; the official participation page asks for "
        "cluster membership without naming the ECCP",
    ),
)

MIN_WORKING_DAYS = Sourced(
    value=3,
    provenance=Provenance(
        source=f"{ABOUT} ; {_EPIX}",
        confidence=Confidence.HIGH,
        note="at least three working days of activity, travel days excluded",
    ),
)

MAX_CALENDAR_DAYS = Sourced(
    value=30,
    provenance=Provenance(
        source=f"{ABOUT} ; spi.pt/en.noticias.g/not/991",
        confidence=Confidence.LOW,
        note="'up to one month' was first read as at most 30 calendar days, after a '3 to 30 "
        "days' wording that the cited pages do not contain; kept so that no stay accepted "
        "before is refused (30 days from 1 February run past the calendar month): a stay is "
        "eligible when it ends within one calendar month or within 30 days",
    ),
)

MAX_CALENDAR_MONTHS = Sourced(
    value=1,
    provenance=Provenance(
        source=f"{ABOUT} ; {_FAQS}",
        confidence=Confidence.HIGH,
        note="'from three constructive working days (excluding travel days) to one month', "
        "read as a calendar month from the first activity day: 1 to 31 March is one month, "
        "and from 31 January the month runs to the last day of February",
    ),
)

SHORT_STAY_DAYS = Sourced(
    value=5,
    provenance=Provenance(
        source=f"{ABOUT} ; {_CLAMTEX}",
        confidence=Confidence.HIGH,
        note="a stay of under five working days is paid half the lump sum",
    ),
)

SHORT_DISTANCE_KM = Sourced(
    value=Decimal(200),
    provenance=Provenance(
        source=ABOUT,
        confidence=Confidence.HIGH,
        note="organisations under 200 km apart are paid half the lump sum",
    ),
)

REDUCTION_FACTOR = Sourced(
    value=Decimal("0.5"),
    provenance=Provenance(
        source=f"{ABOUT} ; {_CLAMTEX}",
        confidence=Confidence.MEDIUM,
        note="halved once, even when the stay is short and the distance short",
    ),
)

CAP = Sourced(
    value=Decimal(1100),
    provenance=Provenance(
        source=_CLOTH,
        confidence=Confidence.MEDIUM,
        note="a partnership page: 'up to a maximum of EUR 1 100 per visiting organisation'; "
        "the official about page says only that the lump sum 'must not exceed the threshold "
        "defined per host country'",
    ),
)

VISITS_PER_VISITOR = Sourced(
    value=1,
    provenance=Provenance(
        source=f"{_FAQS} ; {_CLAMTEX}",
        confidence=Confidence.MEDIUM,
        note="a visitor takes part once: a second physical visit in the same generation is "
        "an error; for a visit in another generation see visits_in_scheme",
    ),
)

VISITS_IN_SCHEME = Sourced(
    value=1,
    provenance=Provenance(
        source=f"{ABOUT} ; {_CLAMTEX}",
        confidence=Confidence.LOW,
        note="the about page: visitors 'can only visit organisations in the scheme once'; a "
        "partnership FAQ: 'only once in the ClusterXChange mobility scheme'; the generations "
        "are run as separate programmes, read once per generation: where the readings "
        "disagree, a second physical visit in another generation is a warning, never an error",
    ),
)

RESIDENCE_DAYS = Sourced(
    value=183,
    provenance=Provenance(
        source=f"{_PARTICIPATE} ; {_CLAMTEX}",
        confidence=Confidence.HIGH,
        note="a representative who is not a national of a participating country needs 183 "
        "days of residence and a started or intended business there",
    ),
)

PAYMENT_DAYS = Sourced(
    value=10,
    provenance=Provenance(
        source=f"{_CLAMTEX} ; clamtex.eu/clusterxchange",
        confidence=Confidence.HIGH,
        note="one instalment within 10 days after the validated final report and evidence",
    ),
)

IT_TOOL_ID_PATTERN = Sourced(
    value=r"EG[0-9]{3}[A-Z]A[0-9]",
    provenance=Provenance(
        source="partnership mid-term reports (observed IDs such as EG927FA8)",
        confidence=Confidence.LOW,
        note="inferred from observation, not documented: an ID that does not fit is a warning",
    ),
)

PERMANENT_RESIDENCE = Sourced(
    value="where the organisation is registered; for several registered establishments in "
    "participating countries, the country where the representative is based",
    provenance=Provenance(
        source=_PARTICIPATE,
        confidence=Confidence.HIGH,
        note="'If an organisation has several registered establishments in different COSME "
        "participating countries, the participant should choose the country where he/she is "
        "based': record that country as the organisation's country; the library cannot check "
        "establishments it is not told of",
    ),
)
