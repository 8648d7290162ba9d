"""The error ``ensure_eligible`` raises: defined here, with the verdict it carries."""

from __future__ import annotations

from clusterxchange.eligibility._verdict import Verdict
from clusterxchange.model.errors import ClusterXchangeError

__all__ = ["IneligibleExchangeError"]


class IneligibleExchangeError(ClusterXchangeError, ValueError):
    """Raised by ``ensure_eligible`` when a verdict has errors.

    Attributes:
        verdict: The full verdict, with every finding.
    """

    def __init__(self, verdict: Verdict, message: str) -> None:
        self.verdict = verdict
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.verdict, str(self)))
