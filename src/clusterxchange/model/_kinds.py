"""The closed vocabularies of the scheme, as string enums with canonical snake_case values."""

from __future__ import annotations

import enum

__all__ = ["Confidence", "InvestorKind", "Mode", "OrganisationKind", "Party", "Relation", "Status"]


class OrganisationKind(enum.StrEnum):
    """The kinds of participating organisation (docs/domain.md, "Participants")."""

    CLUSTER_ORGANISATION = "cluster_organisation"
    BUSINESS_NETWORK_ORGANISATION = "business_network_organisation"
    SME = "sme"
    SCALING_UP_SUPPORT_ORGANISATION = "scaling_up_support_organisation"
    LARGE_COMPANY = "large_company"
    PUBLIC_AUTHORITY = "public_authority"
    TRAINING_PROVIDER = "training_provider"


class Mode(enum.StrEnum):
    """Whether an exchange takes place in person or online."""

    PHYSICAL = "physical"
    VIRTUAL = "virtual"


class Status(enum.StrEnum):
    """Lifecycle status of an exchange (docs/design.md, "Lifecycle statuses")."""

    DRAFT = "draft"
    REGISTERED = "registered"
    MATCHED = "matched"
    PREPARED = "prepared"
    IN_PROGRESS = "in_progress"
    AWAITING_FINAL_REPORT = "awaiting_final_report"
    COMPLETED = "completed"
    PAID = "paid"
    CANCELLED = "cancelled"


class Relation(enum.StrEnum):
    """Whether the visitor is inside or outside its partnership's clusters."""

    INSIDE = "inside"
    OUTSIDE = "outside"


class Party(enum.StrEnum):
    """The four parties that sign an exchange's documents."""

    HOST = "host"
    HOST_PARTNERSHIP = "host_partnership"
    VISITOR = "visitor"
    VISITOR_PARTNERSHIP = "visitor_partnership"


class Confidence(enum.StrEnum):
    """How sure we are of a rule value, given its sources."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class InvestorKind(enum.StrEnum):
    """Who holds a share in an enterprise, for the autonomy test of Recommendation 2003/361/EC."""

    ENTERPRISE = "enterprise"
    PUBLIC_INVESTMENT_CORPORATION = "public_investment_corporation"
    VENTURE_CAPITAL = "venture_capital"
    BUSINESS_ANGEL = "business_angel"
    UNIVERSITY = "university"
    RESEARCH_CENTRE = "research_centre"
    INSTITUTIONAL_INVESTOR = "institutional_investor"
    LOCAL_AUTHORITY = "local_authority"
    PUBLIC_BODY = "public_body"
