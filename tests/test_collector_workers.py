"""collector.frozen_for_workers inside a paused block (a sheet's workers are forked there): the
frozen objects are the block's own, frozen and unfrozen around the fork without being counted —
gc.get_freeze_count walks every frozen object (millions in a sheet's process)."""

from __future__ import annotations

import gc

from symbp import collector


def test_workers_forked_in_a_paused_block_do_not_count_its_frozen_objects(monkeypatch):
    done = []
    monkeypatch.setattr(collector, "_OURS", [True])  # a paused block holds the only frozen objects
    monkeypatch.setattr(gc, "get_freeze_count", lambda: done.append("count") or 1)
    monkeypatch.setattr(gc, "freeze", lambda: done.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: done.append("unfreeze"))
    with collector.frozen_for_workers():
        done.append("fork")
    assert done == ["freeze", "fork", "unfreeze"]


def test_a_host_programs_frozen_objects_are_left_frozen(monkeypatch):
    done = []
    monkeypatch.setattr(collector, "_OURS", [])  # not in a paused block: frozen objects are the host's
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 5)
    monkeypatch.setattr(gc, "freeze", lambda: done.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: done.append("unfreeze"))
    with collector.frozen_for_workers():
        done.append("fork")
    assert done == ["fork"]
