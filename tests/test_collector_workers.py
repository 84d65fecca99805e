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


def test_objects_left_frozen_by_a_command_are_not_counted_again(monkeypatch):
    """After `outlive` (the command line's end; tests run it in their own process) a later paused
    block and a later fork know that objects are frozen without walking them all: they are left
    frozen, and the collector is on again after each block."""
    done = []
    monkeypatch.setattr(collector, "_OURS", [])
    monkeypatch.setattr(collector, "_LEFT", [])
    monkeypatch.setattr(collector, "_KEPT", [])
    monkeypatch.setattr(gc, "get_freeze_count", lambda: done.append("count") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: done.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: done.append("unfreeze"))
    collector.outlive(object())
    assert done == ["freeze"]
    with collector.paused():
        assert not gc.isenabled()
        with collector.frozen_for_workers():
            done.append("fork")
    assert gc.isenabled() and done == ["freeze", "fork"]


def test_what_a_commands_small_block_froze_on_entry_is_not_counted_again(monkeypatch):
    """The command line's block (`final`) leaves what it froze on entry frozen, even when it made few
    objects: a later block in the same process does not walk them (with the command line run in the
    test process, every later derivation did: a sixth of the suite's time)."""
    done = []
    monkeypatch.setattr(collector, "_OURS", [])
    monkeypatch.setattr(collector, "_LEFT", [])
    monkeypatch.setattr(gc, "get_freeze_count", lambda: done.append("count") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: done.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: done.append("unfreeze"))
    monkeypatch.setattr(gc, "get_count", lambda: (10, 0, 0))
    with collector.paused(final=True):
        pass
    assert done == ["count", "freeze"] and gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert done == ["count", "freeze"] and gc.isenabled()
