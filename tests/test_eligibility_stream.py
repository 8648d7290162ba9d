"""DatasetCheck: check_dataset in passes (count, settle, verdicts) gives check_dataset's answer.

The command line checks a large CSV file this way, reading it twice rather than holding it
(tests/test_cli_check_stream.py). Here the passes are given the dataset in batches of any
size, and compared with :func:`check_dataset` on the whole of it: the same verdicts, in the
same order, and the same dataset-wide findings.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterxchange import Exchange, Organisation
from clusterxchange.eligibility import DatasetVerdict, check_dataset
from clusterxchange.eligibility._dataset import DatasetCheck, TextsNeededError
from clusterxchange.model import Mode, Status
from clusterxchange.strategies import eligible_datasets, exchanges


def _batches(items: list[Exchange], sizes: list[int]) -> list[list[Exchange]]:
    batches, start = [], 0
    for size in sizes:
        batches.append(items[start : start + size])
        start += size
    batches.append(items[start:])
    return batches


def streamed(
    dataset: list[Exchange], sizes: list[int], generation: str | None = None
) -> tuple[DatasetVerdict, int]:
    """Check *dataset* in passes, in batches of *sizes*; also return the reads it took."""
    check = DatasetCheck(generation)
    check.count(dataset[:1])
    check.restart()  # a read that starts over forgets what it counted
    for batch in _batches(dataset, sizes):
        check.count(batch)
    reads = 2
    try:
        check.settle()
    except TextsNeededError as needed:
        reads += 1
        check.settle({p: repr(dataset[p]) for p in needed.positions})
    verdicts = [v for batch in _batches(dataset, sizes) for v in check.verdicts(batch)]
    return DatasetVerdict(verdicts=tuple(verdicts), findings=check.findings), reads


@st.composite
def datasets(draw: st.DrawFn) -> list[Exchange]:
    """Eligible datasets with visitors again: re-spelt, without PIC, the same days, cancelled."""
    generation = draw(st.sampled_from(["cxc1", "cxc2"]))
    dataset = draw(eligible_datasets(generation, min_size=1, max_size=4))
    for _ in range(draw(st.integers(0, 4))):
        source, template = draw(st.sampled_from(dataset)), draw(st.sampled_from(dataset))
        visitor = source.visitor
        if draw(st.booleans()):
            visitor = attrs.evolve(visitor, pic=None, name=visitor.name.upper())
        changes: dict[str, object] = {"visitor": visitor}
        if draw(st.booleans()):  # the same days, ID and host: a tie only the text breaks
            changes.update(start=source.start, end=source.end, id=source.id, host=source.host)
        changes["status"] = draw(st.sampled_from([template.status, Status.CANCELLED]))
        if draw(st.booleans()):
            changes["mode"] = Mode.VIRTUAL
        dataset.append(attrs.evolve(template, **changes))
    if draw(st.booleans()):
        dataset.append(draw(st.sampled_from(dataset)))  # a row written twice
    return dataset


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(datasets(), st.lists(st.integers(0, 4), max_size=4))
def test_the_passes_give_check_datasets_answer(dataset: list[Exchange], sizes: list[int]) -> None:
    held = check_dataset(dataset)
    result, _ = streamed(dataset, sizes)
    assert result.findings == held.findings
    assert result.verdicts == held.verdicts


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(exchanges(), max_size=6), st.lists(st.integers(0, 3), max_size=3))
def test_any_exchanges_under_any_generation(dataset: list[Exchange], sizes: list[int]) -> None:
    for generation in (None, "cxc2"):
        held = check_dataset(dataset, generation)
        result, _ = streamed(dataset, sizes, generation)
        assert result == held


HOST = Organisation(name="Hamburg Aviation", country="DE", kind="cluster_organisation")
AERO = Organisation(name="Aero Lda", country="PT", kind="cluster_organisation")


def _visit(**fields: object) -> Exchange:
    fields.setdefault("start", dt.date(2023, 3, 6))
    fields.setdefault("end", dt.date(2023, 3, 10))
    return Exchange(host=HOST, visitor=AERO, **fields)  # type: ignore[arg-type]


def test_visits_tied_but_for_their_text_need_a_third_read() -> None:
    dataset = [_visit(remarks="called back"), _visit(), _visit(start=dt.date(2023, 4, 3),
               end=dt.date(2023, 4, 7))]  # fmt: skip
    result, reads = streamed(dataset, [1, 1])
    assert reads == 3
    assert result == check_dataset(dataset)
    assert [v.eligible for v in result.verdicts].count(True) == 1


def test_a_row_written_twice_needs_no_third_read() -> None:
    dataset = [_visit(), _visit(), _visit()]
    result, reads = streamed(dataset, [2])
    assert reads == 2
    assert result == check_dataset(dataset)
    assert [v.eligible for v in result.verdicts] == [True, False, False]


def test_settle_says_which_texts_it_needs() -> None:
    check = DatasetCheck()
    check.count([_visit(), _visit(remarks="again"), _visit(start=dt.date(2023, 5, 8),
                 end=dt.date(2023, 5, 12))])  # fmt: skip
    with pytest.raises(TextsNeededError) as raised:
        check.settle()
    assert raised.value.positions == {0, 1}
