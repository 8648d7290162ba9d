"""The SME definition of Commission Recommendation 2003/361/EC, as data.

Sources:
    legislation.gov.uk/eur/2014/651/annex/I (Regulation (EU) No 651/2014, Annex I, which
    restates the Recommendation's definition: articles 2 (ceilings), 3 (autonomous, partner
    and linked enterprises; the investors who do not break autonomy; public bodies) and 4
    (two consecutive accounting periods)) ; iprhelpdesk.eu/node/504 ; the European
    Commission's "User guide to the SME definition".

The logic in :mod:`clusterxchange.eligibility._sme` reads every number from here.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from clusterxchange.model import Confidence, InvestorKind, Provenance

__all__ = ["SME_DEFINITION", "EnterpriseSize", "SizeCeiling", "SmeDefinition"]


class EnterpriseSize(enum.StrEnum):
    """The size classes of Recommendation 2003/361/EC, smallest first."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@attrs.frozen(kw_only=True)
class SizeCeiling:
    """The ceilings of one size class: staff *below* ``headcount``, money *at most* the amounts.

    An enterprise is of the class when its headcount is below the ceiling and its turnover or
    its balance-sheet total (either one) is within its ceiling (EUR).
    """

    size: EnterpriseSize
    headcount: Decimal
    turnover: Decimal
    balance_sheet: Decimal


@attrs.frozen(kw_only=True)
class SmeDefinition:
    """Every value of the SME test, with its provenance.

    Attributes:
        ceilings: Size classes from the smallest; an enterprise above the last is large.
        linked_above: A share above this links two enterprises (100 % of figures added).
        partner_from: A share from this (up to ``linked_above``) makes partners (pro rata).
        exempt_investors: Investors whose holding up to ``exempt_up_to`` keeps autonomy.
        exempt_up_to: The largest share such an investor may hold without breaking autonomy.
        business_angel_limit: A business angel is exempt only below this total investment.
        public_body_from: A public body holding this share or more disqualifies.
        consecutive_periods: Periods in a row over (or under) a ceiling before status changes.
        provenance: Where these values come from.
    """

    ceilings: tuple[SizeCeiling, ...]
    linked_above: Decimal
    partner_from: Decimal
    exempt_investors: frozenset[InvestorKind]
    exempt_up_to: Decimal
    business_angel_limit: Decimal
    public_body_from: Decimal
    consecutive_periods: int
    provenance: Provenance


#: Recommendation 2003/361/EC as restated in Annex I of Regulation (EU) No 651/2014.
SME_DEFINITION = SmeDefinition(
    ceilings=(
        SizeCeiling(
            size=EnterpriseSize.MICRO,
            headcount=Decimal(10),
            turnover=Decimal(2_000_000),
            balance_sheet=Decimal(2_000_000),
        ),
        SizeCeiling(
            size=EnterpriseSize.SMALL,
            headcount=Decimal(50),
            turnover=Decimal(10_000_000),
            balance_sheet=Decimal(10_000_000),
        ),
        SizeCeiling(
            size=EnterpriseSize.MEDIUM,
            headcount=Decimal(250),
            turnover=Decimal(50_000_000),
            balance_sheet=Decimal(43_000_000),
        ),
    ),
    linked_above=Decimal("0.5"),
    partner_from=Decimal("0.25"),
    exempt_investors=frozenset(
        {
            InvestorKind.PUBLIC_INVESTMENT_CORPORATION,
            InvestorKind.VENTURE_CAPITAL,
            InvestorKind.BUSINESS_ANGEL,
            InvestorKind.UNIVERSITY,
            InvestorKind.RESEARCH_CENTRE,
            InvestorKind.INSTITUTIONAL_INVESTOR,
            InvestorKind.LOCAL_AUTHORITY,
        }
    ),
    exempt_up_to=Decimal("0.5"),
    business_angel_limit=Decimal(1_250_000),
    public_body_from=Decimal("0.25"),
    consecutive_periods=2,
    provenance=Provenance(
        source="legislation.gov.uk/eur/2014/651/annex/I ; iprhelpdesk.eu/node/504 ; "
        'European Commission, "User guide to the SME definition"',
        confidence=Confidence.HIGH,
        note="Recommendation 2003/361/EC: articles 2 to 4 of its annex; local authorities are "
        "the small autonomous ones (budget under EUR 10 M, under 5,000 inhabitants)",
    ),
)
