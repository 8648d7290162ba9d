"""The reader's fast paths give what the slow ones gave.

- Exchanges and organisations built without the model's checks (``trusted_constructor``, and
  ``trusted_columns`` for many at once) equal those the model's own constructor builds from
  the same values.
- A CSV table read in one pass, its decimal sign decided from the numbers gathered on the way
  (and read again only when a number reads two ways), gives the table the reader gave when it
  held every row to look at the numbers first.
- The garbage collector is paused while a table is read, and restored after.
"""

from __future__ import annotations

import gc
import io
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.io import read_exchanges
from clusterxchange.io._csv import read_exchanges_csv, read_table_csv, table_rows
from clusterxchange.io._rows import read_rows
from clusterxchange.model import Exchange, Organisation
from clusterxchange.model._build import trusted_columns, trusted_constructor
from clusterxchange.model._collector import paused_collection
from clusterxchange.strategies import eligible_exchanges

DATA = Path(__file__).parent / "data"


def _rebuilt(exchange: Exchange) -> Exchange:
    """The same exchange through the model's own constructors, converters and validators."""
    parties = {
        side: Organisation(**attrs.asdict(getattr(exchange, side), recurse=False))
        for side in ("host", "visitor")
    }
    return Exchange(**{**attrs.asdict(exchange, recurse=False), **parties})


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.csv")))
def test_exchanges_read_equal_the_model_s_own(name: str) -> None:
    table = read_exchanges(DATA / name)
    assert table.exchanges
    for exchange in table.exchanges:
        again = _rebuilt(exchange)
        assert again == exchange
        assert hash(again) == hash(exchange)
        assert attrs.astuple(again) == attrs.astuple(exchange)


@given(eligible_exchanges("cxc2"))
def test_trusted_constructor_equals_the_constructor(exchange: Exchange) -> None:
    make = trusted_constructor(Exchange)
    fields = attrs.asdict(exchange, recurse=False)
    assert make(**fields) == Exchange(**fields) == exchange
    make_org = trusted_constructor(Organisation)
    visitor = attrs.asdict(exchange.visitor, recurse=False)
    assert make_org(**visitor) == exchange.visitor


def test_trusted_constructor_takes_defaults_and_refuses_factories() -> None:
    made = trusted_constructor(Organisation)(name="Aero Lda")
    assert made == Organisation(name="Aero Lda")

    @attrs.frozen
    class WithFactory:
        items: list[int] = attrs.field(factory=list)

    with pytest.raises(TypeError, match="default factory"):
        trusted_constructor(WithFactory)


@given(st.lists(eligible_exchanges("cxc2"), max_size=6))
def test_trusted_columns_build_what_the_constructor_builds(exchanges: list[Exchange]) -> None:
    names = [field.name for field in attrs.fields(Exchange)]
    build = trusted_columns(Exchange, names)
    columns = [[getattr(e, name) for e in exchanges] for name in names]
    built = build(*columns)
    assert built == exchanges
    assert [hash(e) for e in built] == [hash(e) for e in exchanges]
    visitors = [e.visitor for e in exchanges]
    build_org = trusted_columns(Organisation, ("name", "country", "kind"))
    made = build_org(
        (v.name for v in visitors), [v.country for v in visitors], [v.kind for v in visitors]
    )
    assert made == [Organisation(name=v.name, country=v.country, kind=v.kind) for v in visitors]
    assert [hash(o) for o in made] == [hash(o) for o in made]  # the cached hash slot is set


def test_trusted_columns_set_defaults_repeats_and_refuse_what_does_not_fit() -> None:
    import itertools

    build = trusted_columns(Organisation, ("name", "country"))
    made = build(["Aero Lda", "Blue SAS"], itertools.repeat("PT"))
    assert made == [Organisation(name="Aero Lda", country="PT"),
                    Organisation(name="Blue SAS", country="PT")]  # fmt: skip
    assert made[0].kind is None
    assert made[0].figures == ()
    assert build([], []) == []
    with pytest.raises(ValueError, match="columns of 2 and 1 values"):
        build(["Aero Lda", "Blue SAS"], ["PT"])
    with pytest.raises(ValueError, match="columns of 1 and 2 values"):
        build(iter(["Aero Lda"]), iter(["PT", "FR"]))
    with pytest.raises(TypeError, match="cannot be a repeat"):
        build(itertools.repeat("Aero Lda"), ["PT"])
    with pytest.raises(TypeError, match="no field colour"):
        trusted_columns(Organisation, ("name", "colour"))
    with pytest.raises(TypeError, match=r"Exchange\.visitor: a field without a default"):
        trusted_columns(Exchange, ("host",))


DISTANCES = ("1.050", "1,050", "640,2", "12.5", "600", "approx. 1,050", "1.234.567", "1.234,5",
             "", "-1,050", "2 500", "ca. 12,5 km")  # fmt: skip


def _csv(distances: list[str], delimiter: str) -> str:
    lines = [delimiter.join(["host", "host_country", "visitor", "visitor_country", "distance_km"])]
    for i, distance in enumerate(distances):
        cell = f'"{distance}"' if delimiter in distance else distance
        lines.append(delimiter.join([f"Host {i % 3}", "DE", f"Visitor {i}", "FR", cell]))
    return "\n".join(lines) + "\n"


def _holding_every_row(text: str, decimal: str | None) -> object:
    """The table as the reader read it before: every row held, the numbers looked at first."""
    header, _, columns, records, notes = read_table_csv(io.StringIO(text), file="t.csv")
    rows, row_warnings = table_rows(records, columns, header, "t.csv")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    table = read_rows(
        list(rows),
        file="t.csv",
        columns={c for c in columns if c is not None},
        fixed=False,  # the path that holds the rows: every column may hold numbers
        decimal=decimal,
        presumed_decimal={";": ",", ",": "."}[delimiter],
    )
    return attrs.evolve(table, warnings=(*notes, *table.warnings, *row_warnings))


@given(
    st.lists(st.sampled_from(DISTANCES), min_size=1, max_size=8),
    st.sampled_from([",", ";"]),
    st.sampled_from([None, ",", "."]),
)
def test_one_pass_reads_as_holding_every_row(
    distances: list[str], delimiter: str, decimal: str | None
) -> None:
    text = _csv(distances, delimiter)
    streamed = read_exchanges_csv(io.StringIO(text), file="t.csv", decimal=decimal)
    assert streamed == _holding_every_row(text, decimal)


def test_a_number_read_two_ways_is_read_again_under_the_table_s_sign() -> None:
    # A ,-separated file implies the decimal point, which 12.5 (row 3) confirms: 1,050 is
    # 1050 km by the file's sign, not a guess to warn about.
    table = read_exchanges_csv(io.StringIO(_csv(["1,050", "12.5"], ",")), file="t.csv")
    assert [e.distance_km for e in table.exchanges] == [1050.0, 12.5]
    assert not any("give the file's decimal sign" in p.message for p in table.warnings)
    # A ;-separated file implies the decimal comma, which 640,2 confirms: 1.050 is 1050 km.
    table = read_exchanges_csv(io.StringIO(_csv(["1.050", "12", "640,2"], ";")), file="t.csv")
    assert [e.distance_km for e in table.exchanges] == [1050.0, 12.0, 640.2]


def test_collection_is_paused_while_reading_and_restored() -> None:
    seen: list[bool] = []

    class Rows:
        def __iter__(self):  # type: ignore[no-untyped-def]
            seen.append(gc.isenabled())
            yield 2, {"host": "A", "visitor": "B"}, ()

    assert gc.isenabled()
    read_rows(Rows(), file=None, columns={"host", "visitor"}, decimal=".")
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collection():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_after_a_pause_what_was_built_is_in_the_oldest_generation() -> None:
    """Re-enabled, the collector does not start by walking everything the block built."""
    import gc

    assert gc.isenabled()
    with paused_collection():
        kept = [[i] for i in range(5_000)]  # tracked containers, built while paused
        assert gc.get_count()[0] >= 5_000
    assert gc.isenabled()
    assert gc.get_count()[0] < 100  # the young generation was emptied without a pass
    assert all(gc.is_tracked(item) for item in kept[:10])  # still tracked: nothing leaks
    garbage = []
    garbage.append(garbage)  # a cycle made after the block is still freed by a collection
    del garbage
    assert gc.collect() >= 1


def test_a_program_that_froze_objects_keeps_them_frozen() -> None:
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_collection():
            _ = [[i] for i in range(100)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
