"""`small_pages()`: numpy's transparent huge pages off while a replication runs.

NumPy asks the kernel for 2 MB pages on every array of 4 MB or more. A replication allocates a few hundred
such arrays once and fills them; where the kernel compacts memory to find a huge page at the first touch
(the default `defrag=madvise` setting) or where that touch also faults in a hypervisor, each one costs far
more than the 4 KB pages it replaces, and a replication spends its time in the kernel instead of the desk
(`python -m benchmarks.compare` shows the difference on a given machine). The setting is process-wide, so
`sim.engine.run` alone switches it, off for as long as any replication runs in the process and back to what
it was after the last one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

_lock = threading.Lock()
_running = 0
_before = True


def _setter() -> Callable[[bool], bool] | None:
    """NumPy's switch (private, under `numpy._core` from 2.0 and `numpy.core` before), None if absent."""
    for name in ("_core", "core"):
        multiarray = getattr(getattr(np, name, None), "multiarray", None)
        setter = getattr(multiarray, "_set_madvise_hugepage", None)
        if setter is not None:
            return setter
    return None


@contextmanager
def small_pages() -> Iterator[None]:
    """Run the block with numpy's huge pages off (a no-op where numpy has no such switch)."""
    global _running, _before
    setter = _setter()
    if setter is None:
        yield
        return
    with _lock:
        if _running == 0:
            _before = setter(False)
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                setter(_before)
