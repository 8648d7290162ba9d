"""The engine skips a rule when its precondition fails; the rule says nothing there either.

``_under`` calls ``check_distance`` and ``check_lifecycle`` only when they may find
something. Called directly on the skipped cases, they must agree: no finding.
"""

from __future__ import annotations

import datetime as dt

from clusterxchange import Exchange, Location, Organisation, get_generation
from clusterxchange.eligibility import check_dataset
from clusterxchange.eligibility._rulebook import rulebook
from clusterxchange.eligibility._rules_exchange import check_distance, check_lifecycle
from clusterxchange.model.findings import Finding

HAMBURG = Location(latitude=53.55, longitude=9.99)
LISBON = Location(latitude=38.72, longitude=-9.14)


def _exchange(host_at: Location | None, visitor_at: Location | None, **fields: object) -> Exchange:
    host = Organisation(
        name="Hamburg Aviation", country="DE", kind="cluster_organisation", location=host_at
    )
    visitor = Organisation(
        name="Pemas", country="PT", kind="cluster_organisation", location=visitor_at
    )
    return Exchange(
        host=host,
        visitor=visitor,
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
        **fields,  # type: ignore[arg-type]
    )


def test_distance_says_nothing_without_both_locations_or_when_far() -> None:
    book = rulebook(get_generation("cxc2"))
    for case in (_exchange(HAMBURG, None), _exchange(None, LISBON), _exchange(HAMBURG, LISBON)):
        out: list[Finding] = []
        check_distance(case, book, out)
        assert out == []
        assert "distance" not in {f.rule for f in check_dataset([case]).verdicts[0].findings}


def test_lifecycle_says_nothing_on_a_bare_record() -> None:
    # A table has no payment or document columns: a paid row is not told what it cannot hold.
    for status in ("registered", "completed", "awaiting_final_report", "cancelled", "paid"):
        out: list[Finding] = []
        check_lifecycle(_exchange(None, None, status=status), out)
        assert out == []
