"""The formula walks leave no reference cycle behind.  The command line pauses Python's cyclic
collector (collector.py): a recursive inner function (a closure over itself) is a cycle per call,
never freed there — 64x12's worked solution kept ~2 million such objects (function, cells, the
walk's dict), some 200 MB of its peak.  Each walk is asked on the formulas of a real derivation and
the collector, off meanwhile, must find nothing unreachable."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from symbp import formula as F
from symbp.core import expr
from symbp.derivation import derive
from symbp.legacy import legacy
from symbp.render.readback import _order
from symbp.render.readback_minus import written_minus
from symbp.spec import load_spec

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "nn231.toml"


@pytest.fixture(scope="module")
def quantities():
    return derive(load_spec(EXAMPLE).architecture()).quantities


def _unreachable_after(work) -> int:
    """The objects the collector finds unreachable after `work` (the collector off meanwhile).  What
    was there before is frozen (gc.freeze: not looked at), so that the collector reads only what
    `work` made, not the whole heap of a worker that has run hundreds of tests (1.8 s a collection)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        gc.freeze()
        work()
        return gc.collect()
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


WALKS = {
    "core refs": lambda q: expr.refs(q._raw("formula")),
    "legacy": lambda q: legacy(q._raw("formula"), q._arch, chain=False),
    "formula refs": lambda q: F.refs(q.formula),
    # (the readback's walks keep their answer per formula object: a fresh copy of each is walked)
    "readback order": lambda q: _order(legacy(q._raw("formula"), q._arch)),
    "written minus": lambda q: written_minus(legacy(q._raw("formula"), q._arch)),
}


@pytest.mark.parametrize("walk", WALKS)
def test_a_walk_leaves_no_cycle(quantities, walk):
    for q in quantities:  # (the conversions made once first: what they keep is not garbage)
        q.formula
    assert _unreachable_after(lambda: [WALKS[walk](q) for q in quantities]) == 0
