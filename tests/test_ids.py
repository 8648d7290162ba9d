"""IT-tool IDs and local IDs: worked examples and the properties of a stable, readable ID."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import (
    Exchange,
    InvalidValueError,
    Organisation,
    all_generations,
    get_generation,
)
from clusterxchange.lifecycle import ids
from clusterxchange.lifecycle.ids import is_local_id, is_tool_id, local_id, with_local_ids
from clusterxchange.model import Documents, FinalReport, FinancialAgreement, Party, Payment
from clusterxchange.model.serialization import from_json, to_json

HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
VISITOR = Organisation(name="Aero, Lda.", country="PT", kind="sme", clusters=["Pemas"])
GOLDEN = "CXL-2023-DE-PT-BB1RV-NHMJT6"


def example(**changes: object) -> Exchange:
    e = Exchange(host=HOST, visitor=VISITOR, start=dt.date(2023, 3, 6), end=dt.date(2023, 3, 17))
    return attrs.evolve(e, **changes)


# --- tool IDs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EG927FA8", True),
        (" EG927FA8 ", True),
        ("EG123ZA0", True),
        ("eg927fa8", False),
        ("EG927FB8", False),
        ("EG92FA8", False),
        ("EG927FA88", False),
        ("XEG927FA8", False),
        ("", False),
        ("€", False),
        (None, False),
        (927, False),
        (GOLDEN, False),
    ],
)
def test_is_tool_id(text: object, expected: bool) -> None:
    assert is_tool_id(text) is expected


def test_is_tool_id_reads_the_generation_pattern() -> None:
    custom = attrs.evolve(
        get_generation("cxc2"),
        it_tool_id_pattern=attrs.evolve(get_generation("cxc2").it_tool_id_pattern, value=r"X\d+"),
    )
    assert is_tool_id("X42", custom)
    assert not is_tool_id("EG927FA8", custom)
    assert is_tool_id("EG927FA8", get_generation("cxc1"))


def test_a_local_id_is_never_a_tool_id_even_for_a_pattern_matching_anything() -> None:
    anything = attrs.evolve(
        get_generation("cxc2"),
        it_tool_id_pattern=attrs.evolve(get_generation("cxc2").it_tool_id_pattern, value=".*"),
    )
    assert is_tool_id("anything", anything)
    assert not is_tool_id(GOLDEN, anything)
    assert not is_tool_id(GOLDEN.lower(), anything)


# --- local IDs: worked examples ----------------------------------------------------------------


def test_the_golden_local_id_never_changes() -> None:
    # A change here breaks every local ID partnerships have stored: bump the identity version.
    assert local_id(example()) == GOLDEN
    assert ids.local_identity(example()) == (
        "cxl1|visitor=name:aero lda@PT|host=name:hamburg aviation@DE|start=2023-03-06"
        "|event=-|mode=physical"
    )


def test_the_local_id_is_the_same_in_another_process_with_another_hash_seed() -> None:
    code = (
        "import datetime as dt\n"
        "from clusterxchange import Exchange, Organisation\n"
        "from clusterxchange.lifecycle.ids import local_id\n"
        "h = Organisation(name='Hamburg Aviation', country='DE', kind='cluster_organisation')\n"
        "v = Organisation(name='Aero, Lda.', country='PT', kind='sme', clusters=['Pemas'])\n"
        "print(local_id(Exchange(host=h, visitor=v, start=dt.date(2023, 3, 6))))\n"
    )
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        assert out.stdout.strip() == GOLDEN


def test_the_local_id_reads_year_host_and_visitor_countries() -> None:
    assert local_id(example()).startswith("CXL-2023-DE-PT-")
    assert local_id(example(start=None, end=None)).startswith("CXL-0000-DE-PT-")
    assert is_local_id(local_id(example(start=None, end=None)))


def test_lifecycle_fields_do_not_change_the_local_id() -> None:
    later = example(
        status="paid",
        remarks="paid on time",
        documents=Documents(final_report=FinalReport(submitted=dt.date(2023, 3, 20))),
        payment=Payment(date=dt.date(2023, 4, 1), amount="830"),
        end=dt.date(2023, 3, 20),
        working_days=9,
        id="EG927FA8",
        distance_km=1800,
        host_partnership="AEROSPACE",
    )
    assert local_id(later) == GOLDEN


def test_spelling_of_a_name_does_not_change_the_local_id() -> None:
    for name in ("AERO LDA", "aero  lda", "Aero Lda"):
        assert local_id(example(visitor=attrs.evolve(VISITOR, name=name))) == GOLDEN


@pytest.mark.parametrize(
    "changes",
    [
        {"start": dt.date(2023, 3, 7)},
        {"event": "Aerospace week"},
        {"mode": "virtual"},
        {"visitor": attrs.evolve(VISITOR, name="Aero Two")},
        {"visitor": attrs.evolve(VISITOR, country="ES")},
        {"host": attrs.evolve(HOST, name="Hamburg Aviation II")},
        {"visitor": attrs.evolve(VISITOR, pic="999999999")},
    ],
)
def test_identity_fields_change_the_local_id(changes: dict[str, object]) -> None:
    assert local_id(example(**changes)) != GOLDEN


def test_a_pic_identifies_an_organisation_whatever_its_name() -> None:
    a = example(visitor=attrs.evolve(VISITOR, pic="123456789"))
    b = example(visitor=attrs.evolve(VISITOR, pic="123456789", name="Aero Portugal"))
    assert local_id(a) == local_id(b)


def test_a_name_of_punctuation_only_still_identifies() -> None:
    odd = example(visitor=attrs.evolve(VISITOR, name="***"))
    assert ids.local_identity(odd).split("|")[1] == "visitor=name:***@PT"


def test_the_check_character_catches_every_single_mistyped_character() -> None:
    assert is_local_id(GOLDEN)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for position, char in enumerate(GOLDEN):
        if position < 15 or char == "-":
            continue  # year and countries are read by eye; the hash part is checked
        for other in alphabet.replace(char, ""):
            assert not is_local_id(GOLDEN[:position] + other + GOLDEN[position + 1 :])


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "CXL-2023-DE-PT-BB1RV-NHMJT",
        "CXL-2023-DE-PT-BB1RV-NHMJTI",
        "CXL-23-DE-PT-BB1RV-NHMJT6",
        GOLDEN + "-1",
        GOLDEN + "-02",
        GOLDEN.lower(),
    ],
)
def test_malformed_local_ids(text: object) -> None:
    assert not is_local_id(text)


def test_suffixed_local_ids_are_local_ids() -> None:
    assert is_local_id(GOLDEN + "-2")
    assert is_local_id(GOLDEN + "-17")
    assert is_local_id(f" {GOLDEN} ")


# --- with_local_ids ----------------------------------------------------------------------------


def test_exchanges_with_an_id_keep_it() -> None:
    tool = example(id="EG927FA8")
    assert with_local_ids([tool, example()]) == (tool, example(id=GOLDEN))


def test_identical_rows_are_numbered() -> None:
    assert [e.id for e in with_local_ids([example()] * 3)] == [GOLDEN, GOLDEN + "-2", GOLDEN + "-3"]


def test_rows_sharing_an_identity_are_numbered_by_their_full_record_in_any_order() -> None:
    first, second = example(remarks="a"), example(remarks="b")
    assert with_local_ids([second, first]) == (
        attrs.evolve(second, id=GOLDEN + "-2"),
        attrs.evolve(first, id=GOLDEN),
    )


def test_a_suffix_already_in_the_dataset_is_skipped() -> None:
    stored = example(id=GOLDEN)
    again = with_local_ids([example(remarks="new"), stored, example(id=GOLDEN + "-2")])
    assert again[0].id == GOLDEN + "-3"


def test_a_hash_collision_is_resolved_in_a_deterministic_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Force every identity onto one ID, as an astronomically unlikely collision would.
    monkeypatch.setattr(ids, "local_id", lambda _exchange: GOLDEN)
    a, b = example(), example(event="Other")
    forward = with_local_ids([a, b])
    backward = with_local_ids([b, a])
    assert {e.id for e in forward} == {GOLDEN, GOLDEN + "-2"}
    assert sorted(forward, key=lambda e: str(e.id)) == sorted(backward, key=lambda e: str(e.id))


# Small pools, so that datasets often hold the same identity twice (the interesting case);
# organisations are built once, since building one normalises its country.
ORGANISATIONS = [
    Organisation(name=name, country=country, kind=kind, pic=pic)
    for name, country, kind, pic in [
        ("Aero, Lda.", "PT", "sme", None),
        ("AERO LDA", "PT", "sme", None),
        ("Aero Lda", "ES", "sme", None),
        ("Hamburg Aviation", "DE", "cluster_organisation", "123456789"),
        ("Hamburg Aviation e.V.", "DE", "cluster_organisation", "123456789"),
        ("Baltic Robotics", "EE", "sme", None),
        ("Øresund Food", "DK", "cluster_organisation", "987654321"),
        ("Çukurova Tekstil", "TR", "sme", None),
    ]
]
records = st.builds(
    Exchange,
    host=st.sampled_from(ORGANISATIONS),
    visitor=st.sampled_from(ORGANISATIONS),
    id=st.none() | st.sampled_from(["EG927FA8", "PARTNER-7", GOLDEN]),
    start=st.none() | st.sampled_from([dt.date(2022, 12, 31), dt.date(2023, 3, 6)]),
    event=st.none() | st.sampled_from(["Aero week", "AERO  WEEK", "Food fair"]),
    mode=st.sampled_from(["physical", "virtual"]),
    status=st.sampled_from(["registered", "completed", "paid"]),
    remarks=st.none() | st.sampled_from(["by e-mail", "phone"]),
    documents=st.sampled_from(
        [
            Documents(),
            Documents(final_report=FinalReport(submitted=dt.date(2023, 4, 1))),
            Documents(financial_agreement=FinancialAgreement(signed_by=set(Party))),
        ]
    ),
    payment=st.none() | st.just(Payment(date=dt.date(2023, 4, 1), amount="830.00")),
    distance_km=st.none() | st.sampled_from([150.5, 1800.0]),
)
datasets = st.lists(records, max_size=8)


@given(datasets, st.randoms(use_true_random=False))
def test_local_ids_are_stable_under_reordering(exchanges: list[Exchange], rnd: object) -> None:
    shuffled = list(exchanges)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    key = ids._record_text
    assert sorted(with_local_ids(exchanges), key=key) == sorted(with_local_ids(shuffled), key=key)


@given(datasets)
def test_local_ids_are_unique_and_never_tool_ids(exchanges: list[Exchange]) -> None:
    given_ids = with_local_ids(exchanges)
    new = [e.id for e, before in zip(given_ids, exchanges, strict=True) if before.id is None]
    assert len(set(new)) == len(new)
    assert not set(new) & {e.id for e in exchanges}
    patterns = {g.it_tool_id_pattern.value for g in all_generations()}
    for ident in new:
        assert is_local_id(ident)
        assert not is_tool_id(ident)
        assert all(re.search(pattern, str(ident)) is None for pattern in patterns)


@given(datasets)
def test_assigning_twice_and_json_round_trips_change_nothing(exchanges: list[Exchange]) -> None:
    once = with_local_ids(exchanges)
    assert with_local_ids(once) == once
    reloaded = tuple(from_json(to_json(e), Exchange) for e in once)
    assert reloaded == once
    stripped = [attrs.evolve(e, id=None) for e in reloaded]
    assert [local_id(e) for e in stripped] == [local_id(e) for e in once]


@given(st.lists(records, min_size=2, max_size=8, unique_by=ids.local_identity))
def test_distinct_identities_get_distinct_ids(exchanges: list[Exchange]) -> None:
    fresh = [attrs.evolve(e, id=None) for e in exchanges]
    assert len({e.id for e in with_local_ids(fresh)}) == len(fresh)
    assert len({local_id(e) for e in fresh}) == len(fresh)


def test_junk_arguments_are_refused_cleanly() -> None:
    with pytest.raises(InvalidValueError, match="generation: expected a Generation"):
        is_tool_id("EG927FA8", "cxc2")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="expected an Exchange"):
        local_id("exchange")  # type: ignore[arg-type]
