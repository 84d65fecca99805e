"""Python's cyclic garbage collector, paused while a large graph is built and evaluated.

A network's graph, its compiled closures and values are millions of small objects that live until
the command ends and form (almost) no reference cycles; the collector would scan them again and
again as they are made (1.3–2.5× the time of a wide or deep network).  `paused()` freezes what
exists (it is never scanned again) and turns the collector off for the block; what dies inside is
still freed at once by reference counting.

At the end of the block the collector is turned back on.  Had the block made many objects (more
than KEPT_UNSCANNED), they are frozen too before that: otherwise the first allocation after it
scans them all (2–3 s after a 64-sample × 50-step network); they are still freed by reference
counting when they die, only a reference cycle among them would stay (a derive makes none worth
the scan: measured in benchmarks/bench_collector.py).  A smaller block's objects are left to the
collector as usual (its scan costs milliseconds).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

KEPT_UNSCANNED = 200_000  # objects made in a block: beyond this they are frozen at its end


@contextmanager
def paused():
    """The collector off inside the block (nested blocks: the outermost turns it back on)."""
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > KEPT_UNSCANNED:
            gc.freeze()
        gc.enable()


_KEPT: list = []


def outlive(*objects) -> None:
    """Keep these objects past the interpreter's end.  Freeing a large network's millions of objects
    one by one when Python exits takes about a third of the time it took to make them; the
    operating system takes the memory back at once.  (A list that holds itself is never freed by
    reference counting, and frozen objects are never collected.)"""
    if not _KEPT:
        _KEPT.append(_KEPT)
    _KEPT.extend(objects)
    gc.freeze()
