"""``clusterxchange lump-sum``: text and JSON, declared or computed distances, bad input."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clusterxchange import Location
from clusterxchange.cli import COMMANDS, main
from clusterxchange.money.distance import distance_km

#: docs/domain.md, "Money": the ceiling per host country (EUR) for a full exchange.
DOMAIN_CEILINGS = {
    "AL": 530, "AM": 610, "AT": 900, "BA": 560, "BE": 830, "BG": 560,
    "CY": 780, "CZ": 610, "DE": 830, "DK": 1100, "EE": 670, "ES": 830,
    "FI": 950, "FR": 900, "GR": 780, "HR": 720, "HU": 670, "IE": 1000,
    "IS": 900, "IT": 900, "LT": 560, "LU": 830, "LV": 610, "MD": 530,
    "ME": 560, "MK": 560, "MT": 720, "NL": 830, "PL": 610, "PT": 780,
    "RO": 560, "RS": 560, "SE": 950, "SI": 720, "SK": 610, "TR": 750,
    "UA": 530, "XK": 560,
}  # fmt: skip


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["lump-sum", *argv], out=out)
    return code, out.getvalue()


def _json(*argv: str) -> dict[str, Any]:
    code, text = _run(*argv, "--format", "json")
    assert code == 0
    payload: dict[str, Any] = json.loads(text)
    return payload


def _one_error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    code, text = _run(*argv)
    err = capsys.readouterr().err
    assert code == 2
    assert text == ""
    assert err.count("\n") == 1
    assert "Traceback" not in err
    return err


def test_the_command_is_registered() -> None:
    assert "clusterxchange.cli._lump_sum" in COMMANDS


def test_the_design_contract_for_denmark() -> None:
    payload = _json("--host-country", "DK", "--working-days", "10", "--distance-km", "800")
    assert payload["amount"] == "1100.00"
    assert {
        key: payload[key]
        for key in ("currency", "threshold", "reductions", "generation", "host_country")
    } == {
        "currency": "EUR",
        "threshold": "1100.00",
        "reductions": [],
        "generation": "cxc2",
        "host_country": "DK",
    }
    assert payload["distance_km"] == 800.0
    assert payload["distance_source"] == "declared"


@pytest.mark.parametrize(("country", "ceiling"), sorted(DOMAIN_CEILINGS.items()))
def test_every_ceiling_comes_out_for_a_full_stay(country: str, ceiling: int) -> None:
    payload = _json("--host-country", country, "--working-days", "10", "--distance-km", "800")
    assert Decimal(payload["amount"]) == ceiling
    assert payload["amount"] == f"{ceiling}.00"


def test_the_design_example_for_belgium() -> None:
    payload = _json("--host-country", "BE", "--working-days", "4", "--distance-km", "640.2")
    assert payload["amount"] == "415.00"
    assert payload["threshold"] == "830.00"
    assert payload["reductions"] == ["short_stay"]
    assert payload["distance_km"] == 640.2
    assert "4 working days is under 5" in payload["explanation"]
    assert payload["sources"][0]["field"] == "ceilings.BE"


def test_a_distance_computed_from_two_locations() -> None:
    payload = _json(
        "--host-country", "BE", "--working-days", "10", "--from", "51.2194,4.4025",
        "--to", "50.8503,4.3517",
    )  # fmt: skip
    antwerp = Location(latitude=51.2194, longitude=4.4025)
    brussels = Location(latitude=50.8503, longitude=4.3517)
    assert payload["distance_km"] == distance_km(antwerp, brussels)
    assert payload["distance_source"] == "computed"
    assert payload["reductions"] == ["short_distance"]
    assert payload["amount"] == "415.00"


def test_a_negative_latitude_can_be_written_with_an_equals_sign() -> None:
    payload = _json(
        "--host-country", "PT", "--working-days", "10", "--from=-33.9,18.4", "--to=38.7,-9.1"
    )  # fmt: skip
    assert payload["reductions"] == []


def test_virtual_mode_is_zero() -> None:
    payload = _json("--host-country", "IT", "--working-days", "10", "--mode", "virtual")
    assert payload["amount"] == "0.00"
    assert payload["reductions"] == ["virtual"]


def test_an_older_generation_by_id() -> None:
    payload = _json("--host-country", "IT", "--working-days", "3", "--generation", "cxc1")
    assert payload["generation"] == "cxc1"
    assert payload["amount"] == "450.00"


def test_an_unknown_distance_is_null_in_json() -> None:
    payload = _json("--host-country", "IT", "--working-days", "10")
    assert payload["distance_km"] is None
    assert payload["distance_source"] is None


def test_a_custom_generation_file_pays_by_its_own_table(tmp_path: Path) -> None:
    path = tmp_path / "grant.toml"
    path.write_text(
        'id = "hemp-2023"\nextends = "cxc2"\n[ceilings.DK]\nvalue = "1000.00"\n'
        'source = "Grant agreement 101074444, annex 1"\nconfidence = "high"\n',
        encoding="utf-8",
    )
    payload = _json("--host-country", "DK", "--working-days", "10", "--generation", str(path))
    assert payload["amount"] == "1000.00"
    assert payload["generation"] == "hemp-2023"
    assert payload["sources"][0]["source"] == "Grant agreement 101074444, annex 1"
    assert "Grant agreement 101074444, annex 1" in payload["explanation"]


# -- text ---------------------------------------------------------------------------------------


def test_text_in_danish() -> None:
    code, text = _run(
        "--host-country", "DK", "--working-days", "10", "--distance-km", "800", "--locale", "da"
    )  # fmt: skip
    assert code == 0
    assert "1.100,00\xa0€" in text
    assert "Danmark" in text
    assert "Afstand: 800,0 km (angivet)" in text
    assert "Nedsættelser: ingen" in text
    assert "Engangsbeløb: 1.100,00\xa0€." in text  # the explanation's money, as the table's


def test_text_gives_the_reasons_and_the_sources() -> None:
    code, text = _run("--host-country", "BE", "--working-days", "3", "--distance-km", "150")
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "Lump sum: €415.00 (host country Belgium, generation cxc2)"
    assert "Reductions: short stay, short distance" in lines
    assert any(line.startswith("Why: Host country Belgium (BE)") for line in lines)
    assert "Sources:" in lines
    assert any(line.startswith("  ceilings.BE = 830: open-eye.net") for line in lines)


def test_text_with_an_unknown_distance_or_a_virtual_exchange() -> None:
    code, text = _run("--host-country", "BE", "--working-days", "5", "--mode", "virtual")
    assert code == 0
    assert "Distance: unknown (assumed not short)" in text
    assert "virtual exchange (never funded)" in text
    assert "Lump sum: €0.00" in text


def test_the_distance_shown_is_rounded_down() -> None:
    code, text = _run("--host-country", "BE", "--working-days", "5", "--distance-km", "199.96")
    assert code == 0
    assert "Distance: 199.9 km (declared)" in text


# -- errors: one line on stderr, exit 2 ---------------------------------------------------------


def test_a_host_without_a_ceiling_prints_the_threshold_finding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (
        ["--host-country", "GB", "--working-days", "10"],
        ["--host-country", "UK", "--working-days", "10", "--format", "json"],
    ):
        err = _one_error_line(capsys, argv)
        assert "threshold:" in err
        assert "host country GB" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--working-days", "-1"], "working_days"),
        (["--working-days", "four"], "invalid int value"),
        (["--working-days", "4", "--host-country", "Atlantis"], "unknown country 'Atlantis'"),
        (["--working-days", "4", "--from", "95,4.3", "--to", "50,4"], "latitude 95.0"),
        (["--working-days", "4", "--from", "50,4", "--to", "50,181"], "--to '50,181': longitude"),
        (["--working-days", "4", "--from", "50;4", "--to", "50,4"], "expected LAT,LON"),
        (["--working-days", "4", "--from", "1,2,3", "--to", "50,4"], "expected LAT,LON"),
        (["--working-days", "4", "--from", "nan,4", "--to", "50,4"], "finite"),
        (["--working-days", "4", "--from", "50,4"], "--from and --to go together"),
        (["--working-days", "4", "--to", "50,4"], "--from and --to go together"),
        (["--working-days", "4", "--distance-km", "10", "--to", "50,4"], "go together"),
        (["--working-days", "4", "--distance-km", "10", "--from", "50,4"], "not allowed with"),
        (["--working-days", "4", "--distance-km", "-3"], "--distance-km '-3'"),
        (["--working-days", "4", "--distance-km", "inf"], "--distance-km 'inf'"),
        (["--working-days", "4", "--distance-km", "far"], "--distance-km 'far'"),
        (["--working-days", "4", "--mode", "hybrid"], "invalid choice"),
        (["--working-days", "4", "--generation", "cxc9"], "unknown generation 'cxc9'"),
        (["--working-days", "4", "--generation", "missing.toml"], "cannot read the file"),
        (["--working-days", "4", "--locale", "xx_YY"], "unknown locale"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    if "--host-country" not in argv:
        argv = ["--host-country", "BE", *argv]
    err = _one_error_line(capsys, argv)
    assert message in err


def test_the_host_country_and_working_days_are_required(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "--working-days" in _one_error_line(capsys, ["--host-country", "BE"])
    assert "--host-country" in _one_error_line(capsys, ["--working-days", "5"])
