"""Targets: the targets file, KPI ids and labels, and the status of a target."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange import InvalidFileError, InvalidValueError, OrganisationKind
from clusterxchange.kpi import (
    Targets,
    TargetStatus,
    kind_kpi,
    kpi_label,
    load_targets,
    parse_targets,
)
from clusterxchange.kpi._mapping import FrozenMap
from clusterxchange.kpi._targets import all_kpis, kpi_noun
from clusterxchange.model.errors import InvalidRecordError

DESIGN_EXAMPLE = """\
partnership = "EXAMPLE"        # optional
exchanges = 80
outside_partnership = 20
[visitor_kind]
cluster_organisation = 5
sme = 40
scaling_up_support_organisation = 10
large_company = 15
public_authority = 10
"""


def test_the_design_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    targets = load_targets(path)
    assert targets.partnership == "EXAMPLE"
    assert (targets.exchanges, targets.outside_partnership) == (80, 20)
    assert targets.visitor_kind[OrganisationKind.SME] == 40
    assert [kpi for kpi, _ in targets.items()] == [
        "exchanges",
        "outside_partnership",
        "visitor_kind.cluster_organisation",
        "visitor_kind.sme",
        "visitor_kind.scaling_up_support_organisation",
        "visitor_kind.large_company",
        "visitor_kind.public_authority",
    ]
    assert parse_targets(targets.as_dict()) == targets


def test_json_targets_too(tmp_path: Path) -> None:
    path = tmp_path / "targets.json"
    path.write_text('{"exchanges": 12, "visitor_kind": {"SME": 4}}', encoding="utf-8")
    assert load_targets(path) == Targets(exchanges=12, visitor_kind={"sme": 4})
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidFileError, match="expected a table of targets"):
        load_targets(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidFileError, match="not valid JSON"):
        load_targets(path)


def test_every_problem_names_the_file_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(
        "exchange = 80\noutside_partnership = -1\npartnership = 3\n"
        '[visitor_kind]\nsmee = 4\nsme = "forty"\nSME = 3\nlarge_company = 2.5\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidRecordError) as caught:
        load_targets(path)
    problems = caught.value.problems
    assert {p.file for p in problems} == {str(path)}
    assert [p.path for p in problems] == [
        "exchange",
        "outside_partnership",
        "partnership",
        "visitor_kind.smee",
        "visitor_kind.sme",
        "visitor_kind.SME",
        "visitor_kind.large_company",
    ]
    text = str(caught.value)
    assert f"{path}, exchange: unknown key" in text
    assert "from 1 to 1,000,000,000" in text
    assert "unknown visitor kind 'smee'" in str(problems[3])
    assert "given twice" in str(problems[5])


def test_visitor_kind_must_be_a_table() -> None:
    with pytest.raises(InvalidRecordError, match="visitor_kind: expected a table"):
        parse_targets({"visitor_kind": 5})
    with pytest.raises(InvalidRecordError, match=r"\$: expected a table of targets"):
        parse_targets([1])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"exchanges = = 3", "not valid TOML"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "targets.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidFileError, match=message) as caught:
        load_targets(path)
    assert caught.value.problems[0].file == str(path)


def test_a_directory_and_junk_paths(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="is a directory"):
        load_targets(tmp_path)
    with pytest.raises(InvalidValueError, match="expected a path"):
        load_targets(3)  # type: ignore[arg-type]


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(InvalidFileError, match="cannot read the file: Permission denied"):
        load_targets(tmp_path / "targets.toml")


def test_targets_from_python() -> None:
    targets = Targets(
        exchanges=80,
        visitor_kind={"Scaling-up support organisation": 10, OrganisationKind.SME: 40},
        partnership="  ",
    )
    # Kinds in the order of OrganisationKind; blank partnership is none.
    assert list(targets.visitor_kind) == [
        OrganisationKind.SME,
        OrganisationKind.SCALING_UP_SUPPORT_ORGANISATION,
    ]
    assert targets.partnership is None
    assert targets.get("visitor_kind.sme") == 40
    assert targets.get("outside_partnership") is None
    assert hash(targets) == hash(
        Targets(exchanges=80, visitor_kind={"sme": 40, "scaling_up_support_organisation": 10})
    )
    assert pickle.loads(pickle.dumps(targets)) == targets


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"exchanges": 0}, "leave a KPI out"),
        ({"exchanges": True}, "whole number"),
        ({"outside_partnership": 2.0}, "whole number"),
        ({"visitor_kind": {"robot": 3}}, "unknown visitor kind"),
        ({"visitor_kind": {"sme": 3, "SME": 4}}, "given twice"),
        ({"visitor_kind": [("sme", 3)]}, "expected a mapping"),
        ({"visitor_kind": {5: 3}}, "unknown visitor kind"),
        ({"partnership": 5}, "expected a name"),
    ],
)
def test_bad_python_targets(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        Targets(**kwargs)  # type: ignore[arg-type]


def test_kpi_ids_and_labels() -> None:
    assert kind_kpi("sme") == "visitor_kind.sme"
    assert list(all_kpis())[:3] == [
        "exchanges",
        "outside_partnership",
        "visitor_kind.cluster_organisation",
    ]
    assert (
        kpi_label("outside_partnership") == "Exchanges with visitors from outside the partnership"
    )
    assert kpi_noun("visitor_kind.public_authority") == "exchanges with public authority visitors"
    for bad in ("total", "visitor_kind.", "visitor_kind.robot", "kind.sme"):
        with pytest.raises(InvalidValueError, match="unknown KPI"):
            kpi_label(bad)
    with pytest.raises(InvalidValueError, match="unknown KPI"):
        Targets().get("total")


def test_target_status_design_example() -> None:
    status = TargetStatus(kpi="exchanges", target=80, actual=51, pending=3)
    assert status.as_dict() == {
        "kpi": "exchanges",
        "target": 80,
        "actual": 51,
        "pending": 3,
        "progress": 0.6375,
        "remaining": 29,
        "met": False,
    }
    assert status.sentence() == "80 exchanges: 51 reached, 3 pending"
    assert status.label == "Exchanges"


def test_progress_is_not_capped() -> None:
    status = TargetStatus(kpi="visitor_kind.sme", target=4, actual=5)
    assert (status.progress, status.remaining, status.met) == (1.25, 0, True)
    assert status.sentence(lambda n: f"<{n}>") == "<4> exchanges with SME visitors: <5> reached"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"kpi": "total", "target": 1, "actual": 0}, "unknown KPI"),
        ({"kpi": "exchanges", "target": 0, "actual": 0}, "leave a KPI out"),
        ({"kpi": "exchanges", "target": 1, "actual": -1}, "count >= 0"),
        ({"kpi": "exchanges", "target": 1, "actual": 0, "pending": True}, "count >= 0"),
    ],
)
def test_bad_target_status(kwargs: dict[str, object], error: str) -> None:
    with pytest.raises(InvalidValueError, match=error):
        TargetStatus(**kwargs)  # type: ignore[arg-type]


@given(st.integers(1, 10_000), st.integers(0, 20_000), st.integers(0, 100))
def test_status_arithmetic(target: int, actual: int, pending: int) -> None:
    status = TargetStatus(kpi="exchanges", target=target, actual=actual, pending=pending)
    assert status.remaining == max(0, target - actual)
    assert status.met == (status.remaining == 0)
    assert status.progress == actual / target


def test_frozen_map() -> None:
    counts = FrozenMap({"a": 1})
    assert counts == {"a": 1}
    assert counts != {"a": 2}
    assert counts != FrozenMap({"b": 1})
    assert counts.__eq__(3) is NotImplemented
    assert "a" in counts
    assert len(counts) == 1
    assert repr(counts) == "{'a': 1}"
    with pytest.raises(AttributeError, match="read-only"):
        counts._data = {}  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(counts)) == counts


def test_as_dict_has_only_the_targets_given() -> None:
    assert Targets(outside_partnership=3).as_dict() == {"outside_partnership": 3}
    assert Targets(partnership="P", visitor_kind={"sme": 2}).as_dict() == {
        "partnership": "P",
        "visitor_kind": {"sme": 2},
    }
