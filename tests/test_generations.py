"""The shipped generations: every value of docs/domain.md, each with its provenance."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    Generation,
    InvalidValueError,
    OrganisationKind,
    all_generations,
    generation_for,
    get_generation,
)
from clusterxchange.generations import generations_on
from clusterxchange.model import Ceiling, Confidence, Participation, Period, Provenance, Sourced
from clusterxchange.model.errors import AmbiguousGenerationError, UnknownGenerationError

K = OrganisationKind

#: docs/domain.md, "Money": the ceiling per host country (EUR), written out in full.
CEILINGS = {
    "AL": 530, "AM": 610, "AT": 900, "BA": 560, "BE": 830, "BG": 560,
    "CY": 780, "CZ": 610, "DE": 830, "DK": 1100, "EE": 670, "ES": 830,
    "FI": 950, "FR": 900, "GR": 780, "HR": 720, "HU": 670, "IE": 1000,
    "IS": 900, "IT": 900, "LT": 560, "LU": 830, "LV": 610, "MD": 530,
    "ME": 560, "MK": 560, "MT": 720, "NL": 830, "PL": 610, "PT": 780,
    "RO": 560, "RS": 560, "SE": 950, "SI": 720, "SK": 610, "TR": 750,
    "UA": 530, "XK": 560,
}  # fmt: skip

EU_27 = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip

#: docs/domain.md, "Countries": associated countries and the day each joined (None: from the start).
ASSOCIATED = {
    "IS": None,
    "ME": dt.date(2014, 10, 29),
    "MK": dt.date(2015, 1, 16),
    "MD": dt.date(2015, 4, 7),
    "TR": dt.date(2014, 12, 22),
    "AL": dt.date(2015, 3, 3),
    "RS": dt.date(2015, 11, 5),
    "AM": dt.date(2016, 6, 1),
    "UA": dt.date(2016, 1, 1),
    "BA": dt.date(2016, 6, 2),
    "XK": dt.date(2017, 12, 19),
    "GB": None,
}

BASE_KINDS = {
    K.CLUSTER_ORGANISATION,
    K.BUSINESS_NETWORK_ORGANISATION,
    K.SME,
    K.SCALING_UP_SUPPORT_ORGANISATION,
}


@pytest.fixture(params=["cxc1", "cxc2"])
def generation(request: pytest.FixtureRequest) -> Generation:
    return get_generation(request.param)


def _sourced_fields(generation: Generation) -> dict[str, Sourced[object]]:
    return {
        field.name: getattr(generation, field.name)
        for field in attrs.fields(Generation)
        if isinstance(getattr(generation, field.name), Sourced)
    }


# ---------------------------------------------------------------------------------------------
# Ceilings and money


def test_every_ceiling_of_the_domain_table(generation: Generation) -> None:
    amounts = {c.country: c.amount for c in generation.ceilings}
    assert amounts == {code: Decimal(amount) for code, amount in CEILINGS.items()}
    for code, amount in CEILINGS.items():
        ceiling = generation.ceiling(code)
        assert ceiling is not None
        assert ceiling.amount == Decimal(amount)
        assert isinstance(ceiling.amount, Decimal)


def test_every_ceiling_cites_its_derivation(generation: Generation) -> None:
    # Issue 17, item 7: "The 37 ceilings other than Portugal come from the EYE table, with only
    # Portugal confirmed for ClusterXchange: say exactly that in their provenance".
    others = [c for c in generation.ceilings if c.country != "PT"]
    assert len(others) == 37
    for ceiling in others:
        assert ceiling.provenance.source == "open-eye.net/what-is-the-amount-of-funding/"
        assert "Erasmus for Young Entrepreneurs" in ceiling.provenance.note
        assert "only Portugal's is confirmed" in ceiling.provenance.note
        assert ceiling.provenance.confidence is Confidence.LOW


def test_portugal_is_the_one_ceiling_a_clusterxchange_source_states(
    generation: Generation,
) -> None:
    # clamtex.eu/faq-page: "a lump sum of 390€ (3 days) or 780€ (5 days)" for Portugal.
    portugal = generation.ceiling("PT")
    assert portugal is not None
    assert portugal.amount == Decimal(780)
    assert "clamtex.eu/faq-page" in portugal.provenance.source
    assert "780€ (5 days)" in portugal.provenance.note
    assert portugal.provenance.confidence is Confidence.MEDIUM


def test_the_cap_cites_the_partnership_page_that_states_it(generation: Generation) -> None:
    # clothproject.eu/clusterxchange/: "up to a maximum of EUR 1 100 per visiting organisation";
    # the about page only says the lump sum "must not exceed the threshold".
    provenance = generation.cap.provenance
    assert provenance.source == "clothproject.eu/clusterxchange/"
    assert "EUR 1 100" in provenance.note


def test_eccp_kinds_cite_the_faq_with_the_eccp_wording(generation: Generation) -> None:
    # clamtex.eu/faq-page: "A company (SME) is only eligible if it is a member of a cluster
    # organisation profiled on ECCP."
    provenance = generation.eccp_kinds.provenance
    assert provenance.source == "clamtex.eu/faq-page"
    assert "profiled on ECCP" in provenance.note


def test_uncited_wordings_are_low_confidence_and_say_so(cxc2: Generation) -> None:
    days = cxc2.max_calendar_days.provenance
    assert days.confidence is Confidence.LOW
    assert "do not contain" in days.note
    slide = cxc2.distance_requisite.provenance
    assert slide.confidence is Confidence.LOW
    assert "not found" in slide.note


def test_the_june_2024_eye_table_is_an_alternative_selected_by_file(cxc2: Generation) -> None:
    from clusterxchange import load_generation
    from clusterxchange.generations import ALTERNATIVES, alternative_file

    assert set(ALTERNATIVES) == {"eye-2024-06"}
    eye = load_generation(alternative_file("eye-2024-06"))
    assert eye.extends == "cxc2"
    assert eye.id not in {g.id for g in all_generations()}  # never a default
    read = {"AL": 600, "AM": 850, "AT": 1000, "BA": 650, "BE": 900, "BG": 650, "CY": 850,
            "HR": 800}  # fmt: skip
    for code, amount in read.items():
        ceiling = eye.ceiling(code)
        assert ceiling is not None
        assert ceiling.amount == Decimal(amount)
        assert "June 2024" in ceiling.provenance.note
        assert ceiling.provenance.confidence is Confidence.LOW
    # The amounts not read from the June-2024 table keep the cxc2 ceiling and its source.
    assert eye.ceiling("DK") == cxc2.ceiling("DK")
    assert eye.cap == cxc2.cap
    with pytest.raises(UnknownGenerationError):
        alternative_file("eye-2099")


def test_no_ceiling_is_known_for_the_united_kingdom(generation: Generation) -> None:
    assert generation.ceiling("GB") is None
    assert generation.participation("GB") is not None


def test_cap_halving_and_payment(generation: Generation) -> None:
    assert generation.cap.value == Decimal(1100)
    assert max(c.amount for c in generation.ceilings) == generation.cap.value
    assert generation.short_stay_days.value == 5
    assert generation.short_distance_km.value == Decimal(200)
    assert generation.reduction_factor.value == Decimal("0.5")
    assert generation.payment_days.value == 10
    assert generation.currency == "EUR"


# ---------------------------------------------------------------------------------------------
# Durations, participants, residence


def test_duration_limits(generation: Generation) -> None:
    assert generation.min_working_days.value == 3
    assert generation.max_calendar_days.value == 30
    assert generation.max_calendar_months.value == 1


def test_visits_and_residence(generation: Generation) -> None:
    assert generation.visits_per_visitor.value == 1
    assert generation.residence_days.value == 183


def test_member_and_eccp_kinds(generation: Generation) -> None:
    assert generation.member_kinds.value == {K.SME, K.SCALING_UP_SUPPORT_ORGANISATION}
    assert generation.eccp_kinds.value == {K.SME}


def test_cxc1_participants(cxc1: Generation) -> None:
    assert cxc1.visitor_kinds.value == BASE_KINDS
    assert cxc1.host_kinds.value == BASE_KINDS
    assert cxc1.contested_visitor_kinds.value == frozenset()
    assert cxc1.non_member_sme_host.value is True


def test_cxc2_participants(cxc2: Generation) -> None:
    assert cxc2.visitor_kinds.value == BASE_KINDS
    assert cxc2.host_kinds.value == BASE_KINDS | {
        K.TRAINING_PROVIDER,
        K.LARGE_COMPANY,
        K.PUBLIC_AUTHORITY,
    }
    assert cxc2.contested_visitor_kinds.value == {
        K.LARGE_COMPANY,
        K.PUBLIC_AUTHORITY,
        K.TRAINING_PROVIDER,
    }
    assert cxc2.contested_visitor_kinds.provenance.confidence is Confidence.LOW
    assert cxc2.non_member_sme_host.value is False


def test_virtual_and_distance_rules(cxc1: Generation, cxc2: Generation) -> None:
    assert cxc1.virtual_allowed.value is True
    assert cxc2.virtual_allowed.value is False
    assert cxc1.distance_requisite.value is False
    assert cxc2.distance_requisite.value is True


def test_it_tool_id_pattern_matches_observed_ids(generation: Generation) -> None:
    import re

    pattern = re.compile(generation.it_tool_id_pattern.value)
    assert pattern.fullmatch("EG927FA8")
    assert not pattern.fullmatch("EG92FA8")
    assert generation.it_tool_id_pattern.provenance.confidence is Confidence.LOW


# ---------------------------------------------------------------------------------------------
# Countries


def test_participating_countries(generation: Generation) -> None:
    codes = {p.country for p in generation.countries}
    assert codes == EU_27 | set(ASSOCIATED)
    assert not codes & {"NO", "LI", "CH"}


def test_each_country_joined_when_the_domain_says(generation: Generation) -> None:
    for code in EU_27:
        participation = generation.participation(code)
        assert participation is not None
        assert participation.joined is None
    for code, joined in ASSOCIATED.items():
        participation = generation.participation(code)
        assert participation is not None, code
        assert participation.joined == joined, code


def test_each_participation_has_provenance(generation: Generation) -> None:
    for participation in generation.countries:
        assert participation.provenance.source
        assert isinstance(participation.provenance.confidence, Confidence)


def test_united_kingdom_is_eligible_with_medium_confidence(generation: Generation) -> None:
    uk = generation.participation("GB")
    assert uk is not None
    assert uk.provenance.confidence is Confidence.MEDIUM
    assert "Withdrawal Agreement" in uk.provenance.note


def test_kosovo_joined_in_2017(generation: Generation) -> None:
    kosovo = generation.participation("XK")
    assert kosovo is not None
    assert not kosovo.participates_on(dt.date(2017, 12, 18))
    assert kosovo.participates_on(dt.date(2017, 12, 19))
    assert kosovo.participates_on(None)


def test_non_participants_have_no_participation(generation: Generation) -> None:
    for code in ("NO", "LI", "CH", "US"):
        assert generation.participation(code) is None
        assert generation.ceiling(code) is None


# ---------------------------------------------------------------------------------------------
# Provenance of every value


def test_every_rule_value_has_provenance(generation: Generation) -> None:
    fields = _sourced_fields(generation)
    assert len(fields) == 25
    for name, sourced in fields.items():
        assert isinstance(sourced.provenance, Provenance), name
        assert sourced.provenance.source.strip(), name
        assert isinstance(sourced.provenance.confidence, Confidence), name


def test_low_confidence_values_explain_themselves(generation: Generation) -> None:
    for name, sourced in _sourced_fields(generation).items():
        if sourced.provenance.confidence is Confidence.LOW:
            assert sourced.provenance.note, name


def test_provenance_text_names_source_and_confidence() -> None:
    provenance = Provenance(source="a ; b", confidence="high", note="why")
    assert str(provenance) == "a ; b (high confidence): why"
    assert str(Provenance(source="a", confidence="low")) == "a (low confidence)"


# ---------------------------------------------------------------------------------------------
# Periods, and the generation of a day


def test_periods_of_the_domain_table(cxc1: Generation, cxc2: Generation) -> None:
    assert cxc1.period.value == Period(start=dt.date(2020, 2, 3), end=dt.date(2022, 6, 30))
    assert cxc2.period.value == Period(start=dt.date(2022, 2, 1), end=dt.date(2024, 3, 31))
    assert "COS-CLUSTER-2018-3-02" in cxc1.programme.value
    assert "COS-CLUSTER-2020-3-03" in cxc2.programme.value


def test_generation_for_a_covered_day() -> None:
    assert generation_for(dt.date(2021, 6, 1)).id == "cxc1"
    assert generation_for(dt.date(2023, 5, 2)).id == "cxc2"
    assert generation_for(dt.date(2024, 3, 31)).id == "cxc2"
    assert generation_for(dt.date(2020, 2, 3)).id == "cxc1"


def test_generation_for_a_day_in_the_overlap_is_ambiguous() -> None:
    with pytest.raises(AmbiguousGenerationError) as caught:
        generation_for(dt.date(2022, 3, 1))
    error = caught.value
    assert error.candidates == ("cxc1", "cxc2")
    assert error.day == dt.date(2022, 3, 1)
    assert isinstance(error, UnknownGenerationError)
    assert isinstance(error, LookupError)
    assert str(error) == (
        "2022-03-01 lies in the periods of several generations (cxc1, cxc2): name the generation"
    )


@pytest.mark.parametrize("day", [dt.date(2019, 12, 31), dt.date(2020, 2, 2), dt.date(2024, 4, 1)])
def test_generation_for_an_uncovered_day(day: dt.date) -> None:
    with pytest.raises(UnknownGenerationError) as caught:
        generation_for(day)
    assert not isinstance(caught.value, AmbiguousGenerationError)
    assert caught.value.generation_id is None
    assert caught.value.known == ("cxc1", "cxc2")
    assert str(caught.value).startswith(f"no generation covers {day}: the periods are cxc1 ")


def test_generation_for_within_a_given_pool(cxc1: Generation) -> None:
    assert generation_for(dt.date(2022, 3, 1), [cxc1]) is cxc1
    assert generations_on(dt.date(2022, 3, 1), [cxc1]) == (cxc1,)
    with pytest.raises(UnknownGenerationError):
        generation_for(dt.date(2022, 3, 1), [])


def test_generations_on() -> None:
    assert [g.id for g in generations_on(dt.date(2022, 3, 1))] == ["cxc1", "cxc2"]
    assert [g.id for g in generations_on(dt.date(2021, 3, 1))] == ["cxc1"]
    assert generations_on(dt.date(2025, 1, 1)) == ()


@given(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_generation_for_agrees_with_generations_on(day: dt.date) -> None:
    found = generations_on(day)
    if len(found) == 1:
        assert generation_for(day) is found[0]
    else:
        expected = AmbiguousGenerationError if found else UnknownGenerationError
        with pytest.raises(expected):
            generation_for(day)
    for g in found:
        assert g.covers(day)
        assert g.period.value.start <= day <= g.period.value.end


# ---------------------------------------------------------------------------------------------
# Lookup by id


@pytest.mark.parametrize("value", ["cxc2", "CXC2", " cxc2 "])
def test_get_generation_by_id(value: str) -> None:
    assert get_generation(value).id == "cxc2"


def test_get_generation_passes_a_generation_through(cxc2: Generation) -> None:
    assert get_generation(cxc2) is cxc2


@pytest.mark.parametrize("value", ["cxc3", "", None, 2, "cxc"])
def test_unknown_generation_id(value: object) -> None:
    with pytest.raises(UnknownGenerationError) as caught:
        get_generation(value)  # type: ignore[arg-type]
    assert isinstance(caught.value, LookupError)
    assert caught.value.known == ("cxc1", "cxc2")
    assert "known generations are cxc1, cxc2" in str(caught.value)


def test_unknown_generation_error_pickles() -> None:
    with pytest.raises(UnknownGenerationError) as caught:
        get_generation("cxc9")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value)
    assert copy.known == caught.value.known


def test_all_generations_oldest_first() -> None:
    assert [g.id for g in all_generations()] == ["cxc1", "cxc2"]
    assert all_generations()[0] is get_generation("cxc1")


def test_generations_are_frozen(cxc2: Generation) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        cxc2.cap = cxc2.cap  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# Construction checks of a generation


def test_a_ceiling_above_the_cap_is_refused(cxc2: Generation) -> None:
    provenance = cxc2.cap.provenance
    too_high = Ceiling(country="DK", amount=Decimal(1200), provenance=provenance)
    others = tuple(c for c in cxc2.ceilings if c.country != "DK")
    with pytest.raises(InvalidValueError, match="above the cap"):
        attrs.evolve(cxc2, ceilings=(*others, too_high))


def test_a_country_listed_twice_is_refused(cxc2: Generation) -> None:
    twice = (*cxc2.countries, cxc2.countries[0])
    with pytest.raises(InvalidValueError, match="listed twice"):
        attrs.evolve(cxc2, countries=twice)


def test_a_ceiling_listed_twice_is_refused(cxc2: Generation) -> None:
    with pytest.raises(InvalidValueError, match="listed twice"):
        attrs.evolve(cxc2, ceilings=(*cxc2.ceilings, cxc2.ceilings[0]))


@pytest.mark.parametrize("amount", [Decimal(-1), Decimal("NaN"), Decimal("Infinity"), 830])
def test_a_ceiling_is_a_finite_decimal(amount: object, cxc2: Generation) -> None:
    with pytest.raises(InvalidValueError, match="a ceiling is a finite amount"):
        Ceiling(country="BE", amount=amount, provenance=cxc2.cap.provenance)  # type: ignore[arg-type]


def test_ceiling_and_participation_normalise_the_country(cxc2: Generation) -> None:
    provenance = cxc2.cap.provenance
    assert Ceiling(country="EL", amount=Decimal(1), provenance=provenance).country == "GR"
    assert Participation(country="Kosovo", provenance=provenance).country == "XK"
