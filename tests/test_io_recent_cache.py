"""The readers' bounded cache (io/_row.py ``RecentCache``): never a wrong answer, bounded size."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clusterxchange.io._row import RecentCache

_KEYS = st.integers(0, 40)
_OPS = st.lists(st.tuples(st.booleans(), _KEYS, st.integers()), max_size=200)


@given(_OPS, st.integers(1, 10))
def test_a_value_found_is_the_last_one_put_for_its_key(
    ops: list[tuple[bool, int, int]], limit: int
) -> None:
    cache: RecentCache[int, int] = RecentCache(limit)
    last: dict[int, int] = {}
    for put, key, value in ops:
        if put:
            cache.put(key, value)
            last[key] = value
            assert cache.get(key) == value  # what was just put is held
        else:
            found = cache.get(key)
            assert found is None or found == last[key]


@given(st.lists(st.integers(), max_size=300), st.integers(1, 10))
def test_entries_put_once_each_are_held_at_most_two_generations(
    keys: list[int], limit: int
) -> None:
    cache: RecentCache[int, int] = RecentCache(limit)
    for key in keys:
        cache.put(key, key)
        assert len(cache.current) < limit
        assert len(cache.earlier) <= limit


def test_an_entry_named_again_stays_while_others_come_and_go() -> None:
    cache: RecentCache[str, int] = RecentCache(3)
    cache.put("host", 0)
    for n in range(100):
        assert cache.get("host") == 0  # a table's host, on row after row
        cache.put(f"visitor {n}", n)
    assert cache.get("visitor 0") is None
    assert cache.get("visitor 99") == 99


def test_the_default_limit_is_the_module_constant() -> None:
    from clusterxchange.io import _row

    assert RecentCache().limit == _row.RECENT
    assert RecentCache(7).limit == 7


@given(_OPS, st.sets(_KEYS), st.integers(1, 10))
def test_recall_is_get_for_a_set_of_keys(
    ops: list[tuple[bool, int, int]], keys: set[int], limit: int
) -> None:
    one: RecentCache[int, int] = RecentCache(limit)
    many: RecentCache[int, int] = RecentCache(limit)
    for put, key, value in ops:
        if put:
            one.put(key, value)
            many.put(key, value)
    missing = many.recall(set(keys))
    assert missing == {key for key in keys if one.get(key) is None}
    assert all(many.current[key] == one.current[key] for key in keys - missing)
