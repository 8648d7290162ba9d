"""Pausing Python's cyclic garbage collector while a table is read or checked.

Reading a table allocates a few objects per row and keeps most of them (exchanges,
organisations, dates): none of them form reference cycles, so the collector, which runs every
few hundred allocations and periodically walks every object still alive, finds nothing to free
but still takes a quarter to a third of the time on large tables (measured on 100,000 rows:
see benchmarks/RESULTS.md). Memory is still freed as usual: objects without cycles are freed
by reference counting the moment they are dropped, with or without the collector.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_collection"]


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block; restore its state after.

    Nested blocks keep it off until the outermost one ends; a collector already disabled by
    the caller stays disabled.

    >>> import gc
    >>> with paused_collection():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _promote()
            gc.enable()


def _promote() -> None:
    """Move every object the collector tracks to its oldest generation, without a pass over them.

    The collector counts allocations even while it is disabled: re-enabled after a block that
    built a table, its next allocation starts a collection of the youngest generation, which
    is every object the block built (200,000 for 100,000 rows read: 0.05 s, 6% of the read).
    Those objects are long-lived, which is what the oldest generation is for. ``gc.freeze()``
    then ``gc.unfreeze()`` moves every tracked object there in constant time and resets the
    young counts. Nothing is lost: a cycle that becomes garbage later is freed by the next
    full collection, as any long-lived object's. A program that froze objects itself (a
    server before it forks) keeps them frozen: then nothing is moved.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
