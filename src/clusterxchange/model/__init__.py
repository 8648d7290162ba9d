"""The domain model: plain, immutable, validated data (attrs, frozen, keyword-only).

Layer: the lowest. Besides the model classes, the package holds what every layer
uses with them: :mod:`~clusterxchange.model.countries` (codes and names),
:mod:`~clusterxchange.model.errors` (the exceptions), :mod:`~clusterxchange.model.findings`
(what a rule check says), :mod:`~clusterxchange.model.serialization` (JSON),
:mod:`~clusterxchange.model.formatting` (text for a locale) and
:mod:`~clusterxchange.model.translations` (the messages of the human outputs, from the
catalogues in ``clusterxchange/locales``). It imports no other package of clusterxchange.
"""

from clusterxchange.model._exchange import (
    CommitmentToQuality,
    Documents,
    Exchange,
    FinalReport,
    FinancialAgreement,
    GroupExchange,
    Payment,
    Representative,
)
from clusterxchange.model._generation import (
    Ceiling,
    Generation,
    Participation,
    Period,
    Provenance,
    Sourced,
)
from clusterxchange.model._kinds import (
    Confidence,
    InvestorKind,
    Mode,
    OrganisationKind,
    Party,
    Relation,
    Status,
)
from clusterxchange.model._organisation import (
    AccountingPeriod,
    Availability,
    Cluster,
    ClusterRef,
    Holding,
    Location,
    Organisation,
    Partnership,
)

__all__ = [
    "AccountingPeriod",
    "Availability",
    "Ceiling",
    "Cluster",
    "ClusterRef",
    "CommitmentToQuality",
    "Confidence",
    "Documents",
    "Exchange",
    "FinalReport",
    "FinancialAgreement",
    "Generation",
    "GroupExchange",
    "Holding",
    "InvestorKind",
    "Location",
    "Mode",
    "Organisation",
    "OrganisationKind",
    "Participation",
    "Partnership",
    "Party",
    "Payment",
    "Period",
    "Provenance",
    "Relation",
    "Representative",
    "Sourced",
    "Status",
]
