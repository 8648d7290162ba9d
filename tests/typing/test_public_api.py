"""The public API's types, checked by ``mypy --strict`` (``nox -s typing``) and run by pytest.

Each ``assert_type`` fails type checking when a public signature drifts; at run time it is a
no-op, so the same calls also run as ordinary tests.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import assert_type

import clusterxchange as cx
from clusterxchange.cli import main
from clusterxchange.days import holiday_calendars, weekdays_between, working_days
from clusterxchange.formatting import format_country, format_date, format_money
from clusterxchange.generations import REGISTRY, parse_generation


def test_countries() -> None:
    assert_type(cx.normalize_country("EL"), str)
    assert_type(cx.country_name("XK", "de"), str)
    assert_type(cx.country_name("XK"), str)


def test_generations() -> None:
    cxc2 = cx.get_generation("cxc2")
    assert_type(cxc2, cx.Generation)
    assert_type(cx.get_generation(cxc2), cx.Generation)
    assert_type(cx.all_generations(), tuple[cx.Generation, ...])
    assert_type(cx.generations_on(dt.date(2022, 3, 1)), tuple[cx.Generation, ...])
    assert_type(cx.generation_for(dt.date(2023, 5, 2)), cx.Generation)
    assert_type(cx.generation_for(dt.date(2023, 5, 2), [cxc2]), cx.Generation)
    assert_type(REGISTRY["cxc2"], str)


def test_generation_values() -> None:
    cxc2 = cx.get_generation("cxc2")
    assert_type(cxc2.id, str)
    assert_type(cxc2.extends, str | None)
    assert_type(cxc2.currency, str)
    assert_type(cxc2.ceiling("DK"), cx.Ceiling | None)
    assert_type(cxc2.participation("XK"), cx.Participation | None)
    assert_type(cxc2.covers(dt.date(2023, 1, 1)), bool)
    assert_type(cxc2.period, cx.Sourced[cx.Period])
    assert_type(cxc2.period.value.start, dt.date)
    assert_type(cxc2.cap.value, Decimal)
    assert_type(cxc2.cap.provenance, cx.Provenance)
    assert_type(cxc2.cap.provenance.confidence, cx.Confidence)
    assert_type(cxc2.min_working_days.value, int)
    assert_type(cxc2.distance_requisite.value, bool)
    assert_type(cxc2.visitor_kinds.value, frozenset[cx.OrganisationKind])
    assert_type(cxc2.it_tool_id_pattern.value, str)
    assert_type(cxc2.countries, tuple[cx.Participation, ...])
    assert_type(cxc2.ceilings, tuple[cx.Ceiling, ...])
    ceiling = cxc2.ceiling("DK")
    assert ceiling is not None
    assert_type(ceiling.amount, Decimal)
    assert_type(ceiling.country, str)
    participation = cxc2.participation("XK")
    assert participation is not None
    assert_type(participation.joined, dt.date | None)
    assert_type(participation.participates_on(dt.date(2018, 1, 1)), bool)


def test_custom_generations(tmp_path: Path) -> None:
    path = tmp_path / "grant.toml"
    path.write_text('id = "mine"\nextends = "cxc2"\n', encoding="utf-8")
    assert_type(cx.load_generation(path), cx.Generation)
    assert_type(cx.load_generation(str(path)), cx.Generation)
    assert_type(parse_generation({"id": "mine", "extends": "cxc2"}), cx.Generation)


def test_organisation() -> None:
    organisation = cx.Organisation(
        name="Aero Lda",
        country="PT",
        kind="sme",
        pic="123456789",
        clusters=["Pemas", cx.ClusterRef(name="Aero", eccp_profiled=True)],
        location=cx.Location(latitude=38.7, longitude=-9.1),
        figures=[
            cx.AccountingPeriod(
                end=dt.date(2023, 12, 31),
                headcount=12,
                holdings=[cx.Holding(name="VC", share="0.3", investor="venture_capital")],
            )
        ],
        availability=[cx.Availability(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))],
        sectors=["aeronautics"],
    )
    assert_type(organisation.name, str)
    assert_type(organisation.country, str)
    assert_type(organisation.kind, cx.OrganisationKind)
    assert_type(organisation.pic, str | None)
    assert_type(organisation.clusters, tuple[cx.ClusterRef, ...] | None)
    assert_type(organisation.location, cx.Location | None)
    assert_type(organisation.figures, tuple[cx.AccountingPeriod, ...])
    assert_type(organisation.figures[0].headcount, Decimal)
    assert_type(organisation.figures[0].turnover, Decimal | None)
    assert_type(organisation.sectors, tuple[str, ...])
    assert_type(organisation.availability, tuple[cx.Availability, ...])
    assert_type(organisation.is_cluster_member, bool | None)
    cluster = cx.Cluster(name="Pemas", organisation=organisation, members=[organisation])
    assert_type(cluster.ref, cx.ClusterRef)
    partnership = cx.Partnership(name="SKY", clusters=[cluster])
    assert_type(partnership.includes(organisation), bool)
    assert_type(partnership.clusters, tuple[cx.Cluster, ...])


def test_exchange() -> None:
    host = cx.Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
    visitor = cx.Organisation(name="Aero Lda", country="PT", kind=cx.OrganisationKind.SME)
    exchange = cx.Exchange(
        host=host,
        visitor=visitor,
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
        mode="physical",
        status=cx.Status.COMPLETED,
        relation="outside",
        distance_km=640.2,
        documents=cx.Documents(
            commitment=cx.CommitmentToQuality(signed_by=["host", cx.Party.VISITOR]),
            financial_agreement=cx.FinancialAgreement(signed_by={"visitor"}),
            final_report=cx.FinalReport(submitted=dt.date(2023, 3, 20)),
        ),
        payment=cx.Payment(date=dt.date(2023, 4, 1), amount=Decimal("830.00")),
        representative=cx.Representative(nationality="PT"),
    )
    assert_type(exchange.host, cx.Organisation)
    assert_type(exchange.visitor, cx.Organisation)
    assert_type(exchange.id, str | None)
    assert_type(exchange.start, dt.date | None)
    assert_type(exchange.end, dt.date | None)
    assert_type(exchange.working_days, int | None)
    assert_type(exchange.mode, cx.Mode)
    assert_type(exchange.status, cx.Status)
    assert_type(exchange.relation, cx.Relation | None)
    assert_type(exchange.distance_km, float | None)
    assert_type(exchange.documents, cx.Documents)
    assert_type(exchange.documents.final_report, cx.FinalReport | None)
    assert_type(exchange.payment, cx.Payment | None)
    assert_type(exchange.generation, str | None)
    assert_type(exchange.calendar_days, int | None)
    group = cx.GroupExchange(host=host, event="Aero days", visitors=[visitor])
    assert_type(group.exchanges(), tuple[cx.Exchange, ...])
    assert_type(group.visitors, tuple[cx.Organisation, ...])


def test_findings_and_errors() -> None:
    finding = cx.Finding(rule="distance", severity="warning", message="under 200 km")
    assert_type(finding.severity, cx.Severity)
    assert_type(finding.provenance, cx.Provenance | None)
    error = cx.UnknownCountryError("XX", ["XK (Kosovo)"])
    assert_type(error.suggestions, tuple[str, ...])
    record = cx.InvalidRecordError([cx.Problem(message="bad", row=2, column="start")])
    assert_type(record.problems, tuple[cx.Problem, ...])
    assert_type(record.problems[0].location(), str)
    assert_type(cx.NoCeilingError("GB", "cxc2").country, str)
    assert_type(
        cx.AmbiguousGenerationError(dt.date(2022, 3, 1), ["cxc1"]).candidates, tuple[str, ...]
    )
    assert_type(cx.LifecycleError("no", ["report"]).missing, tuple[str, ...])


def test_days_formatting_and_command_line() -> None:
    start, end = dt.date(2023, 5, 1), dt.date(2023, 5, 5)
    assert_type(working_days(start, end), int)
    assert_type(working_days(start, end, calendar={dt.date(2023, 5, 1)}), int)
    assert_type(working_days(start, end, country="BE", calendar=holiday_calendars()), int)
    assert_type(weekdays_between(start, end), int)
    assert_type(format_money(Decimal("830"), "EUR", "da"), str)
    assert_type(format_date(start, "de"), str)
    assert_type(format_country("XK", "en"), str)
    assert_type(main(["generations"], out=io.StringIO()), int)
    assert_type(cx.__version__, str)
