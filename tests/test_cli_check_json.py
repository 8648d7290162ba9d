"""The ``check`` JSON writer: each exchange's text parses to the object it stands for.

The writer encodes each finding's fixed members once per distinct set and splices in the
message (cli/_check.py, ``_ExchangeText``); :func:`_exchange_json` is the plain object of one
checked exchange. Whatever the exchanges and findings, the text must parse to that object.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterxchange.cli._check import _amounts, _exchange_json, _ExchangeText
from clusterxchange.eligibility import Verdict, check_dataset
from clusterxchange.io import read_exchanges
from clusterxchange.io._json import JSONText
from clusterxchange.model import Provenance
from clusterxchange.model.findings import Finding, Severity
from clusterxchange.strategies import exchanges

EXAMPLE = Path(__file__).parents[1] / "src" / "clusterxchange" / "examples" / "tideway.csv"


def plain(row: int, verdict: Verdict, amount: Decimal | None) -> object:
    """What the dictionary of one exchange reads as, once written as JSON."""
    return json.loads(json.dumps(_exchange_json(row, verdict, amount), ensure_ascii=False))


def encoded(row: int, verdict: Verdict, amount: Decimal | None) -> str:
    """The encoder's own text of the dictionary of one exchange (the document's line)."""
    return json.dumps(_exchange_json(row, verdict, amount), ensure_ascii=False)


def test_every_exchange_of_the_example_is_written_as_its_object() -> None:
    table = read_exchanges(EXAMPLE)
    result = check_dataset(table.exchanges)
    encode = _ExchangeText()
    sums = _amounts(result.verdicts)
    for row, verdict, amount in zip(table.rows, result.verdicts, sums, strict=True):
        text = encode(row, verdict, amount)
        assert type(text) is JSONText
        assert json.loads(text) == plain(row, verdict, amount)
        assert text == encoded(row, verdict, amount)  # character for character


@settings(max_examples=50)
@given(st.lists(exchanges(), min_size=1, max_size=8))
def test_generated_exchanges_are_written_as_their_objects(items: list[object]) -> None:
    result = check_dataset(items)  # type: ignore[arg-type]
    encode = _ExchangeText()  # one encoder for all: its fixed parts are shared
    for row, verdict, amount in zip(
        range(2, 2 + len(items)), result.verdicts, _amounts(result.verdicts), strict=True
    ):
        text = encode(row, verdict, amount)
        assert json.loads(text) == plain(row, verdict, amount)
        assert text == encoded(row, verdict, amount)


texts = st.text(st.characters(codec="utf-8"), max_size=20)


@given(
    st.lists(
        st.builds(
            Finding,
            rule=st.sampled_from(["country", "sme", "it_tool_id"]),
            severity=st.sampled_from(Severity),
            message=texts,
            field=st.none() | texts,
            value=st.none() | texts,
            provenance=st.none()
            | st.builds(Provenance, source=texts.filter(str.strip), confidence=st.just("high")),
            missing=st.lists(st.sampled_from(["start", "host_country"]), unique=True).map(tuple),
        ),
        max_size=6,
    )
)
def test_findings_with_quotes_and_any_text_are_written_exactly(findings: list[Finding]) -> None:
    table = read_exchanges(EXAMPLE)
    verdict = check_dataset(table.exchanges[:1]).verdicts[0]
    verdict = attrs.evolve(verdict, findings=tuple(findings))
    encode = _ExchangeText()
    for _ in range(2):  # the second time from the encoder's fixed parts
        assert json.loads(encode(2, verdict, None)) == plain(2, verdict, None)
        assert encode(2, verdict, None) == encoded(2, verdict, None)
