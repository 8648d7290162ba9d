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
            gc.enable()
