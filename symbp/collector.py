"""Python's cyclic garbage collector, paused while a large graph is built and evaluated.

A network's graph, its compiled closures and values are millions of small objects that live until
the command ends and form (almost) no reference cycles; the collector would scan them again and
again as they are made (1.3–2.5× the time of a wide or deep network).  `paused()` freezes what
exists (it is not scanned again) and turns the collector off for the block; what dies inside is
still freed at once by reference counting.

At the end of the block the collector must not scan what it made at the first allocation after it
(2–3 s after a 64-sample × 50-step network):
- `paused(final=True)` (the command line: the process ends soon) leaves what it froze on entry
  frozen, and freezes a large block's objects (more than KEPT_UNSCANNED) too.  They are still freed
  by reference counting when they die; a reference cycle among them is never freed (the engine's
  compilation of a new architecture leaves some: 12.5 MB for 64×2).  A smaller block's objects are
  scanned as usual (milliseconds).  Later blocks in the same process know that objects are frozen
  without counting them (`_LEFT`; should the process unfreeze them after all, later blocks only
  lose the freeze at their start: their objects are scanned as usual).
- `paused()` (the API: a Jupyter session, a service, a worksheet's variants) moves everything,
  what the block froze on entry too, into the oldest generation unscanned: no freeze outlives the
  block, and Python's next full collection, at its own pace, frees the cycles.  Memory stays flat
  over many derives (benchmarks/bench_collector.py).

A host program's own collector state is left as it was: disabled, it stays so (nothing is
frozen); objects it froze (`gc.freeze()`) stay frozen — the block then only turns the collector
off and on again, since what it froze cannot be told from what the block would freeze
(`frozen_for_workers` leaves them alone too); thresholds are never touched.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

KEPT_UNSCANNED = 200_000  # objects made in a block: beyond this they are not scanned at its end


@contextmanager
def paused(final: bool = False):
    """The collector off inside the block (nested blocks: the outermost turns it back on)."""
    if not gc.isenabled():
        yield
        return
    if _LEFT or gc.get_freeze_count():  # frozen objects kept (a host's or ours): unfreezing ours would unfreeze them
        gc.disable()
        try:
            yield
        finally:
            gc.enable()
        return
    gc.freeze()
    gc.disable()
    _OURS.append(True)
    try:
        yield
    finally:
        _OURS.pop()
        if not final:
            gc.freeze()
            gc.unfreeze()  # everything into the oldest generation: no scan now, no freeze kept
        else:  # what existed on entry stays frozen; a large block's own objects too
            _leave_frozen(gc.get_count()[0] > KEPT_UNSCANNED)
        gc.enable()


_OURS: list = []  # non-empty while a paused block holds the only frozen objects (its own)
_LEFT: list = []  # non-empty once this process left objects frozen for good (the process ends soon)


def _leave_frozen(freeze: bool = True) -> None:
    """Leave frozen objects for the rest of the process (freezing what exists now, if `freeze`), and
    remember it: gc.get_freeze_count walks every frozen object (~15 ns each), so a later block (the
    command line run again in the same process, as tests do) need not count them to know."""
    if freeze:
        gc.freeze()
    _LEFT.append(True)


@contextmanager
def frozen_for_workers():
    """Everything frozen while worker processes are forked (their collections do not copy the
    pages), and unfrozen after — unless a host program froze objects of its own: left as they are.
    Inside `paused` the frozen objects are its own, not counted: gc.get_freeze_count walks them
    all (a sheet's millions, 10-20 ms before each fork, growing with the process's caches)."""
    if not _OURS and (_LEFT or gc.get_freeze_count()):
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


_KEPT: list = []


def outlive(*objects) -> None:
    """Keep these objects past the interpreter's end.  Freeing a large network's millions of objects
    one by one when Python exits takes about a third of the time it took to make them; the
    operating system takes the memory back at once.  (A list that holds itself is never freed by
    reference counting, and frozen objects are never collected.)"""
    if not _KEPT:
        _KEPT.append(_KEPT)
    _KEPT.extend(objects)
    _leave_frozen()
