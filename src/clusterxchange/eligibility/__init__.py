"""Eligibility: every ClusterXchange rule as a pure, explained check of an exchange or a dataset.

:func:`check_exchange` returns a :class:`Verdict` listing every finding (rule id, severity,
message, and the generation value and source it relied on); :func:`ensure_eligible` is its
raising twin. :func:`check_dataset` adds the rules that need the whole dataset
(``visitor_once``). :func:`classify_enterprise` is the SME test of Recommendation
2003/361/EC.

Policy: saying "not eligible" to an eligible exchange is worse than a warning on a doubtful
one, so contested rules, inferred formats and values nobody recorded give warnings or
``info`` findings, never errors.

Layer: above the money and lifecycle packages; it may import those,
:mod:`clusterxchange.generations` and :mod:`clusterxchange.model`.
:mod:`~clusterxchange.eligibility.matching` (the hosts a visitor could go to) runs these
checks and lives here too.
"""

from clusterxchange.eligibility._dataset import check_dataset
from clusterxchange.eligibility._exchange import check_exchange, ensure_eligible
from clusterxchange.eligibility._ineligible import IneligibleExchangeError
from clusterxchange.eligibility._sme import EnterpriseClass, classify_enterprise
from clusterxchange.eligibility._sme_ceilings import (
    SME_DEFINITION,
    EnterpriseSize,
    SizeCeiling,
    SmeDefinition,
)
from clusterxchange.eligibility._verdict import DatasetFinding, DatasetVerdict, Verdict

__all__ = [
    "SME_DEFINITION",
    "DatasetFinding",
    "DatasetVerdict",
    "EnterpriseClass",
    "EnterpriseSize",
    "IneligibleExchangeError",
    "SizeCeiling",
    "SmeDefinition",
    "Verdict",
    "check_dataset",
    "check_exchange",
    "classify_enterprise",
    "ensure_eligible",
]
