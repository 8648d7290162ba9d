"""The public API's types, checked by ``mypy --strict`` (``nox -s typing``) and run by pytest.

Each ``assert_type`` fails type checking when a public signature drifts; at run time it is a
no-op, so the same calls also run as ordinary tests.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Container
from decimal import Decimal
from pathlib import Path
from typing import Any, assert_type

import cattrs
from hypothesis.strategies import SearchStrategy

import clusterxchange as cx
from clusterxchange import eligibility, examples, generations, kpi, lifecycle, model, strategies
from clusterxchange import io as cxio
from clusterxchange.cli import main
from clusterxchange.eligibility import matching
from clusterxchange.generations import REGISTRY, parse_generation
from clusterxchange.io import migration
from clusterxchange.lifecycle import drafts, ids
from clusterxchange.model import countries, errors, serialization
from clusterxchange.model.formatting import format_country, format_date, format_money
from clusterxchange.money import days, distance, pricing
from clusterxchange.money.days import holiday_calendars, weekdays_between, working_days
from clusterxchange.reports import budgets


def test_countries() -> None:
    assert_type(cx.normalize_country("EL"), str)
    assert_type(countries.country_name("XK", "de"), str)
    assert_type(countries.country_name("XK"), str)


def test_generations() -> None:
    cxc2 = cx.get_generation("cxc2")
    assert_type(cxc2, cx.Generation)
    assert_type(cx.get_generation(cxc2), cx.Generation)
    assert_type(cx.all_generations(), tuple[cx.Generation, ...])
    assert_type(generations.generations_on(dt.date(2022, 3, 1)), tuple[cx.Generation, ...])
    assert_type(cx.generation_for(dt.date(2023, 5, 2)), cx.Generation)
    assert_type(cx.generation_for(dt.date(2023, 5, 2), [cxc2]), cx.Generation)
    assert_type(REGISTRY["cxc2"], str)


def test_generation_values() -> None:
    cxc2 = cx.get_generation("cxc2")
    assert_type(cxc2.id, str)
    assert_type(cxc2.extends, str | None)
    assert_type(cxc2.currency, str)
    assert_type(cxc2.ceiling("DK"), model.Ceiling | None)
    assert_type(cxc2.participation("XK"), model.Participation | None)
    assert_type(cxc2.covers(dt.date(2023, 1, 1)), bool)
    assert_type(cxc2.period, model.Sourced[model.Period])
    assert_type(cxc2.period.value.start, dt.date)
    assert_type(cxc2.cap.value, Decimal)
    assert_type(cxc2.cap.provenance, model.Provenance)
    assert_type(cxc2.cap.provenance.confidence, model.Confidence)
    assert_type(cxc2.min_working_days.value, int)
    assert_type(cxc2.distance_requisite.value, bool)
    assert_type(cxc2.visitor_kinds.value, frozenset[cx.OrganisationKind])
    assert_type(cxc2.it_tool_id_pattern.value, str)
    assert_type(cxc2.countries, tuple[model.Participation, ...])
    assert_type(cxc2.ceilings, tuple[model.Ceiling, ...])
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
        clusters=["Pemas", model.ClusterRef(name="Aero", eccp_profiled=True)],
        location=cx.Location(latitude=38.7, longitude=-9.1),
        figures=[
            model.AccountingPeriod(
                end=dt.date(2023, 12, 31),
                headcount=12,
                holdings=[model.Holding(name="VC", share="0.3", investor="venture_capital")],
            )
        ],
        availability=[model.Availability(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))],
        sectors=["aeronautics"],
    )
    assert_type(organisation.name, str)
    assert_type(organisation.country, str | None)
    assert_type(organisation.kind, cx.OrganisationKind | None)
    assert_type(organisation.pic, str | None)
    assert_type(organisation.clusters, tuple[model.ClusterRef, ...] | None)
    assert_type(organisation.location, cx.Location | None)
    assert_type(organisation.figures, tuple[model.AccountingPeriod, ...])
    assert_type(organisation.figures[0].headcount, Decimal)
    assert_type(organisation.figures[0].turnover, Decimal | None)
    assert_type(organisation.sectors, tuple[str, ...])
    assert_type(organisation.availability, tuple[model.Availability, ...])
    assert_type(organisation.is_cluster_member, bool | None)
    cluster = model.Cluster(name="Pemas", organisation=organisation, members=[organisation])
    assert_type(cluster.ref, model.ClusterRef)
    partnership = cx.Partnership(name="SKY", clusters=[cluster])
    assert_type(partnership.includes(organisation), bool)
    assert_type(partnership.clusters, tuple[model.Cluster, ...])


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
        documents=model.Documents(
            commitment=model.CommitmentToQuality(signed_by=["host", model.Party.VISITOR]),
            financial_agreement=model.FinancialAgreement(signed_by={"visitor"}),
            final_report=model.FinalReport(submitted=dt.date(2023, 3, 20)),
        ),
        payment=model.Payment(date=dt.date(2023, 4, 1), amount=Decimal("830.00")),
        representative=model.Representative(nationality="PT"),
    )
    assert_type(exchange.host, cx.Organisation)
    assert_type(exchange.visitor, cx.Organisation)
    assert_type(exchange.id, str | None)
    assert_type(exchange.start, dt.date | None)
    assert_type(exchange.end, dt.date | None)
    assert_type(exchange.working_days, int | None)
    assert_type(exchange.mode, cx.Mode)
    assert_type(exchange.status, cx.Status)
    assert_type(exchange.relation, model.Relation | None)
    assert_type(exchange.distance_km, float | None)
    assert_type(exchange.documents, model.Documents)
    assert_type(exchange.documents.final_report, model.FinalReport | None)
    assert_type(exchange.payment, model.Payment | None)
    assert_type(exchange.generation, str | None)
    assert_type(exchange.calendar_days, int | None)
    group = cx.GroupExchange(host=host, event="Aero days", visitors=[visitor])
    assert_type(group.exchanges(), tuple[cx.Exchange, ...])
    assert_type(group.visitors, tuple[cx.Organisation, ...])


def test_findings_and_errors() -> None:
    finding = cx.Finding(rule="distance", severity="warning", message="under 200 km")
    assert_type(finding.severity, cx.Severity)
    assert_type(finding.provenance, model.Provenance | None)
    error = errors.UnknownCountryError("XX", ["XK (Kosovo)"])
    assert_type(error.suggestions, tuple[str, ...])
    record = errors.InvalidRecordError([errors.Problem(message="bad", row=2, column="start")])
    assert_type(record.problems, tuple[errors.Problem, ...])
    assert_type(record.problems[0].location(), str)
    assert_type(errors.NoCeilingError("GB", "cxc2").country, str)
    assert_type(
        errors.AmbiguousGenerationError(dt.date(2022, 3, 1), ["cxc1"]).candidates, tuple[str, ...]
    )
    assert_type(errors.LifecycleError("no", ["report"]).missing, tuple[str, ...])
    assert_type(errors.UnpricedError("no host country", ["host_country"]).missing, tuple[str, ...])
    unknown = errors.UnknownGenerationError("cxc9", ["cxc2", "cxc1"])
    assert_type(unknown.generation_id, str | None)
    assert_type(unknown.known, tuple[str, ...])
    assert_type(
        cx.InvalidFileError([errors.Problem(message="bad", file="t.csv")]).problems,
        tuple[errors.Problem, ...],
    )
    assert_type(errors.InvalidGenerationError([]).problems, tuple[errors.Problem, ...])
    # Every library error is caught by one except clause, and by the builtin it refines.
    raised: tuple[cx.ClusterXchangeError, ...] = (
        cx.InvalidValueError("not a date"),
        errors.InvalidLocationError("latitude 95"),
        unknown,
        record,
    )
    assert all(isinstance(e, cx.ClusterXchangeError) for e in raised)
    assert isinstance(errors.InvalidLocationError("latitude 95"), ValueError)
    assert isinstance(unknown, LookupError)
    try:
        cx.get_generation("cxc9")
    except errors.UnknownGenerationError as error:
        assert_type(error.known, tuple[str, ...])
    holding = model.Holding(name="VC", share="0.3", investor=model.InvestorKind.VENTURE_CAPITAL)
    assert_type(holding.investor, model.InvestorKind)
    assert_type(holding.share, Decimal)


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


def _exchange(status: cx.Status | str = cx.Status.COMPLETED) -> cx.Exchange:
    """Return one small eligible-looking exchange: a Portuguese SME visiting a German cluster."""
    host = cx.Organisation(
        name="Hamburg Aviation",
        country="DE",
        kind="cluster_organisation",
        location=cx.Location(latitude=53.55, longitude=9.99),
    )
    visitor = cx.Organisation(
        name="Aero Lda",
        country="PT",
        kind="sme",
        clusters=["Pemas"],
        location=cx.Location(latitude=38.72, longitude=-9.14),
    )
    return cx.Exchange(
        host=host,
        visitor=visitor,
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 17),
        status=status,
        relation="outside",
        documents=model.Documents(
            final_report=model.FinalReport(
                submitted=dt.date(2023, 3, 20), validated=dt.date(2023, 3, 27)
            )
        ),
    )


def test_eligibility() -> None:
    exchange = _exchange()
    verdict = cx.check_exchange(exchange, "cxc2")
    assert_type(verdict, cx.Verdict)
    assert_type(cx.check_exchange(exchange), cx.Verdict)
    assert_type(cx.check_exchange(exchange, calendar={dt.date(2023, 3, 10)}), cx.Verdict)
    assert_type(verdict.eligible, bool)
    assert_type(verdict.decided, bool)
    assert_type(verdict.outcome, str)
    assert_type(verdict.missing(), tuple[str, ...])
    assert_type(verdict.undecided(), tuple[cx.Finding, ...])
    assert_type(verdict.exchange, cx.Exchange)
    assert_type(verdict.generation, str | None)
    assert_type(verdict.findings, tuple[cx.Finding, ...])
    assert_type(verdict.working_days, int | None)
    assert_type(verdict.working_days_overridden, bool)
    assert_type(verdict.errors(), tuple[cx.Finding, ...])
    assert_type(verdict.warnings(), tuple[cx.Finding, ...])
    assert_type(verdict.infos(), tuple[cx.Finding, ...])
    assert_type(verdict.rules(), tuple[str, ...])
    if verdict.eligible:
        assert_type(cx.ensure_eligible(exchange, "cxc2"), cx.Verdict)
    else:
        try:
            cx.ensure_eligible(exchange, "cxc2")
        except eligibility.IneligibleExchangeError as error:
            assert_type(error.verdict, cx.Verdict)
    dataset = cx.check_dataset([exchange, exchange], cx.get_generation("cxc2"))
    assert_type(dataset, cx.DatasetVerdict)
    assert_type(dataset.verdicts, tuple[cx.Verdict, ...])
    assert_type(dataset.findings, tuple[eligibility.DatasetFinding, ...])
    assert_type(dataset.eligible, bool)
    assert_type(dataset.ineligible(), tuple[int, ...])
    assert_type(dataset.undecided(), tuple[int, ...])
    for finding in dataset.findings:
        assert_type(finding.indices, tuple[int, ...])
    period = model.AccountingPeriod(end=dt.date(2023, 12, 31), headcount=12, turnover="1500000")
    enterprise = eligibility.classify_enterprise([period])
    assert_type(enterprise, eligibility.EnterpriseClass)
    assert_type(enterprise.size, eligibility.EnterpriseSize)
    assert_type(enterprise.is_sme, bool)
    assert_type(enterprise.reasons, tuple[str, ...])
    assert enterprise.size is eligibility.EnterpriseSize.SMALL


def test_money() -> None:
    exchange = _exchange()
    lump = cx.lump_sum(exchange, "cxc2")
    assert_type(lump, cx.LumpSum)
    assert_type(cx.lump_sum(exchange, cx.get_generation("cxc2"), calendar=frozenset()), cx.LumpSum)
    assert_type(lump.amount, Decimal)
    assert_type(lump.currency, str)
    assert_type(lump.threshold, Decimal)
    assert_type(lump.reductions, tuple[str, ...])
    assert_type(lump.working_days, int)
    assert_type(lump.mode, cx.Mode)
    assert_type(lump.generation, str)
    assert_type(lump.host_country, str)
    assert_type(lump.citations, tuple[pricing.Citation, ...])
    assert_type(lump.citations[0].provenance, model.Provenance)
    assert_type(lump.citations[0].field, str)
    assert_type(lump.as_dict(), dict[str, Any])
    quick = pricing.quick_lump_sum(
        host_country="DE", working_days=10, distance_km=2200, generation="cxc2"
    )
    assert_type(quick, cx.LumpSum)
    between = (
        cx.Location(latitude=53.55, longitude=9.99),
        cx.Location(latitude=53.0, longitude=9.0),
    )
    assert_type(
        pricing.quick_lump_sum(
            host_country="DE", working_days=5, between=between, mode="virtual", generation="cxc2"
        ),
        cx.LumpSum,
    )
    assert quick.amount == quick.amount.quantize(Decimal("0.01"))


def test_distance() -> None:
    exchange = _exchange()
    hamburg, lisbon = exchange.host.location, exchange.visitor.location
    assert hamburg is not None
    assert lisbon is not None
    assert_type(distance.distance_km(hamburg, lisbon), float)
    assert_type(distance.is_short_distance(hamburg, lisbon, 200), bool)
    assert_type(
        distance.decide_short_distances([(hamburg, lisbon)], Decimal(200)), tuple[bool, ...]
    )
    decision = distance.DistanceDecision(limit_km=Decimal(200))
    assert_type(decision.limit_km, Decimal)
    assert_type(decision.is_under(hamburg, lisbon), bool)
    assert_type(decision.exact(199.9), bool)
    assert_type(decision.decide([(hamburg, lisbon)]), tuple[bool, ...])
    used = distance.resolve_distance(exchange)
    assert_type(used, distance.DistanceUsed)
    assert_type(used.km, float | None)
    assert_type(used.is_under(Decimal(200)), bool)
    assert used.source == "computed"


def test_budget_and_payments() -> None:
    exchanges = [_exchange(), _exchange("registered")]
    result = cx.budget(exchanges, "cxc2")
    assert_type(result, cx.Budget)
    assert_type(cx.budget(exchanges, generations=cx.all_generations()), cx.Budget)
    assert_type(result.currency, str | None)
    assert_type(result.lines, tuple[budgets.BudgetLine, ...])
    assert_type(result.unpriced, tuple[budgets.SetAside, ...])
    assert_type(result.excluded, tuple[budgets.SetAside, ...])
    assert_type(result.totals, budgets.Totals)
    assert_type(result.totals.total, Decimal)
    assert_type(result.totals.add("paid", Decimal("1")), budgets.Totals)
    assert_type(result.by_host_country, dict[str | None, budgets.Totals])
    assert_type(result.by_visitor_partnership, dict[str | None, budgets.Totals])
    assert_type(result.rows(), tuple[dict[str, str], ...])
    for line in result.lines:
        assert_type(line.amount, Decimal)
        assert_type(line.lump_sum, cx.LumpSum | None)
    for set_aside in (*result.unpriced, *result.excluded):
        assert_type(set_aside.reason, str)
    assert_type(budgets.payment_due(exchanges[0], "cxc2"), dt.date | None)
    overdue = budgets.overdue_payments(exchanges, dt.date(2023, 12, 31), "cxc2")
    assert_type(overdue, tuple[budgets.OverduePayment, ...])
    for payment in overdue:
        assert_type(payment.due, dt.date)
        assert_type(payment.days_overdue, int)
        assert_type(payment.amount, Decimal | None)


def test_days() -> None:
    calendar = days.holiday_calendar("BE", years=[2023])
    assert_type(calendar, Container[dt.date])
    assert dt.date(2023, 5, 1) in calendar
    start, end = dt.date(2023, 5, 1), dt.date(2023, 5, 5)
    assert_type(days.working_days(start, end, calendar=calendar), int)
    assert days.working_days(start, end, calendar=calendar) == 4


def test_kpis_and_plan() -> None:
    table = examples.load_example()
    partnership = examples.example_partnership()
    targets = examples.example_targets()
    assert_type(table, cx.ExchangeTable)
    assert_type(partnership, cx.Partnership)
    assert_type(targets, cx.Targets)
    report = cx.kpis(table.exchanges, partnership=partnership, targets=targets)
    assert_type(report, cx.KpiReport)
    assert_type(cx.kpis(table.exchanges, partnership="TIDEWAY"), cx.KpiReport)
    assert_type(report.partnership, str | None)
    assert_type(report.completed, int)
    assert_type(report.counted, int)
    assert_type(report.statuses, tuple[kpi.TargetStatus, ...])
    assert_type(report.status("exchanges"), kpi.TargetStatus | None)
    assert_type(report.actual("exchanges"), tuple[int, int])
    assert_type(report.with_targets(None), cx.KpiReport)
    assert_type(report.as_dict(), dict[str, Any])
    assert_type(report.to_text("en"), str)
    assert_type(report.to_markdown(), str)
    status = report.statuses[0]
    assert_type(status.met, bool)
    assert_type(status.label, str)
    assert_type(status.progress, float)
    path = examples.example_path("tideway-targets.toml")
    assert_type(path, Path)
    assert_type(examples.EXAMPLE_FILES, tuple[str, ...])
    assert_type(cx.load_targets(path), cx.Targets)
    parsed = kpi.parse_targets({"exchanges": 30}, file="grant.toml")
    assert_type(parsed, cx.Targets)
    assert_type(parsed.get("exchanges"), int | None)
    assert_type(parsed.items(), tuple[tuple[str, int], ...])
    schedule = cx.plan(targets, generation="cxc2", host_countries=["DE"])
    assert_type(schedule, cx.Plan)
    assert_type(cx.plan(report, count_pending=True), cx.Plan)
    assert_type(schedule.exchanges, int)
    assert_type(schedule.items, tuple[kpi.PlanItem, ...])
    assert_type(schedule.budget, kpi.PlanBudget | None)
    assert_type(schedule.as_dict(), dict[str, Any])
    for item in schedule.items:
        assert_type(item.describe(), str)
        assert_type(item.count, int)
    if schedule.budget is not None:
        assert_type(schedule.budget.expected, Decimal)


def test_lifecycle_and_ids() -> None:
    registered = _exchange("registered")
    assert_type(lifecycle.allowed_transitions(registered.status), tuple[cx.Status, ...])
    assert_type(lifecycle.allowed_transitions("completed"), tuple[cx.Status, ...])
    assert_type(lifecycle.requirements(registered, cx.Status.PREPARED), tuple[str, ...])
    matched = lifecycle.advance(registered, "matched")
    assert_type(matched, cx.Exchange)
    assert matched.status is cx.Status.MATCHED
    assert_type(
        lifecycle.advance(registered, cx.Status.MATCHED, on=dt.date(2023, 1, 5)), cx.Exchange
    )
    assert_type(lifecycle.cancel(matched, "host withdrew"), cx.Exchange)
    assert_type(lifecycle.lifecycle_findings(matched), tuple[cx.Finding, ...])
    identifier = ids.local_id(registered)
    assert_type(identifier, str)
    assert_type(ids.is_local_id(identifier), bool)
    assert_type(ids.is_tool_id("CXC-123", cx.get_generation("cxc2")), bool)
    assert ids.is_local_id(identifier)
    assert_type(ids.with_local_ids([registered, matched]), tuple[cx.Exchange, ...])


def test_drafts() -> None:
    draft = drafts.GroupDraft(
        event="Aero week",
        host=drafts.OrganisationDraft(name="Hamburg Aviation", country="DE"),
    ).add_visitor(drafts.OrganisationDraft(name="Aero Lda"))
    assert_type(draft, drafts.GroupDraft)
    assert_type(draft.missing(), tuple[str, ...])
    assert_type(draft.visitors, tuple[drafts.OrganisationDraft, ...])
    assert_type(drafts.OrganisationDraft.of(_exchange().visitor), drafts.OrganisationDraft)
    out = io.StringIO()
    assert_type(drafts.save_draft(draft, out), None)
    loaded = drafts.load_draft(io.StringIO(out.getvalue()))
    assert_type(loaded, drafts.GroupDraft)
    assert loaded == draft
    complete = drafts.GroupDraft(
        event="Aero week",
        start=dt.date(2023, 3, 6),
        end=dt.date(2023, 3, 10),
        host=drafts.OrganisationDraft.of(_exchange().host),
        visitors=[drafts.OrganisationDraft.of(_exchange().visitor)],
    )
    assert_type(drafts.complete_draft(complete), cx.GroupExchange)


def test_migration(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Guest;Country;Kind;Host;Host country;Host kind\n"
        "Aero Lda;PT;sme;Hamburg Aviation;DE;cluster_organisation\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\nGuest = "visitor"\nCountry = "visitor_country"\nKind = "visitor_kind"\n'
        'Host = "host"\n"Host country" = "host_country"\n"Host kind" = "host_kind"\n',
        encoding="utf-8",
    )
    report = migration.migrate(export, mapping)
    assert_type(report, migration.MigrationReport)
    assert_type(migration.migrate(str(export), str(mapping)), migration.MigrationReport)
    assert_type(report.records_read, int)
    assert_type(report.warnings, tuple[errors.Problem, ...])
    assert_type(report.exchanges(), tuple[cx.Exchange, ...])
    assert_type(report.rows(), list[list[object]])
    assert_type(report.write(io.StringIO()), None)
    assert len(report.exchanges()) == 1


def test_matching() -> None:
    exchange = _exchange()
    found = matching.match(exchange.visitor, [exchange.host], "cxc2", keywords=["aeronautics"])
    assert_type(found, tuple[matching.MatchCandidate, ...])
    assert_type(
        matching.match(exchange.visitor, [], cx.get_generation("cxc2")),
        tuple[matching.MatchCandidate, ...],
    )
    for candidate in found:
        assert_type(candidate.host, cx.Organisation)
        assert_type(candidate.score, int)
        assert_type(candidate.tier, int)
        assert_type(candidate.full_lump_sum, bool | None)
        assert_type(candidate.distance_km, float | None)
        assert_type(candidate.findings, tuple[cx.Finding, ...])


def test_io(tmp_path: Path) -> None:
    table = cx.read_exchanges(examples.example_path())
    assert_type(table, cx.ExchangeTable)
    assert_type(cx.read_exchanges(str(examples.example_path()), format="csv"), cx.ExchangeTable)
    assert_type(table.exchanges, tuple[cx.Exchange, ...])
    assert_type(table.rows, tuple[int, ...])
    assert_type(table.errors, tuple[errors.Problem, ...])
    assert_type(table.rows_read, int)
    assert_type(table.file, str | None)
    assert_type(table.error_rows(), tuple[int, ...])
    from clusterxchange.io import fill_from_directory, load_partnership

    directory = load_partnership(examples.example_path("tideway-partnership.toml"))
    assert_type(directory, cx.Partnership)
    assert_type(fill_from_directory(table, directory), cx.ExchangeTable)
    assert_type(cx.read_exchanges(examples.example_path(), directory=directory), cx.ExchangeTable)
    assert_type(cxio.neutralise_cell("=1+1"), str)
    assert cxio.neutralise_cell("=1+1") != "=1+1"
    out = io.StringIO()
    assert_type(cxio.write_table(out, ["visitor", "sum"], [["Aero Lda", Decimal("830.00")]]), None)
    assert out.getvalue().startswith("visitor,sum")
    assert_type(cxio.write_table(tmp_path / "t.csv", ["a"], [[1]], bom=True), None)


def test_serialization() -> None:
    payment = model.Payment(date=dt.date(2023, 6, 1), amount=Decimal("830.00"))
    text = serialization.to_json(payment, indent=2)
    assert_type(text, str)
    assert_type(serialization.from_json(text, model.Payment), model.Payment)
    assert_type(serialization.from_json(text.encode(), model.Payment), model.Payment)
    assert serialization.from_json(text, model.Payment) == payment
    data = serialization.unstructure(payment)
    assert_type(data, Any)
    assert_type(serialization.structure(data, model.Payment), model.Payment)
    locations = serialization.structure([{"latitude": 50.85, "longitude": 4.35}], list[cx.Location])
    assert_type(locations, list[cx.Location])
    converter = serialization.make_converter()
    assert_type(converter, cattrs.Converter)
    assert converter.structure("830.00", Decimal) == Decimal("830.00")


def test_coordinator_report() -> None:
    report = cx.coordinator_report(
        examples.load_example(),
        partnership=examples.example_partnership(),
        targets=examples.example_targets(),
    )
    assert_type(report, cx.CoordinatorReport)
    assert_type(report.title, str)
    assert_type(report.table, cx.ExchangeTable)
    assert_type(report.verdict, cx.DatasetVerdict)
    assert_type(report.budget, cx.Budget)
    assert_type(report.kpis, cx.KpiReport)
    assert_type(report.eligible, int)
    assert_type(report.severity_counts(), dict[cx.Severity, int])
    assert_type(report.to_text("de"), str)
    assert_type(report.to_markdown(), str)
    assert report.title == "TIDEWAY"


def test_strategies() -> None:
    assert_type(strategies.exchanges("cxc2"), SearchStrategy[cx.Exchange])
    assert_type(strategies.eligible_exchanges("cxc2"), SearchStrategy[cx.Exchange])
    assert_type(strategies.eligible_datasets("cxc2", max_size=3), SearchStrategy[list[cx.Exchange]])
    assert_type(strategies.organisations(kinds=["sme"]), SearchStrategy[cx.Organisation])
    assert_type(strategies.countries(), SearchStrategy[str])
    assert_type(strategies.generations(), SearchStrategy[cx.Generation])
    assert_type(strategies.group_exchanges(), SearchStrategy[cx.GroupExchange])
    assert_type(strategies.locations(), SearchStrategy[cx.Location])
    assert_type(strategies.partnerships(), SearchStrategy[cx.Partnership])
    assert_type(strategies.clusters(), SearchStrategy[model.Cluster])
    assert_type(strategies.documents(), SearchStrategy[model.Documents])
    assert_type(strategies.findings(), SearchStrategy[cx.Finding])
    assert_type(strategies.problems(), SearchStrategy[errors.Problem])
    assert isinstance(strategies.locations(), SearchStrategy)
