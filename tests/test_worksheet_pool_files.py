"""How a worker's results reach the sheet's process (variant_crew.py): appended to one file per
worker, opened before the fork, read at the place each message names — and a result that cannot
be read whole is made by the sheet's process, as one the worker could not make.  The files are
those of one process either way."""

from __future__ import annotations

import os
import shutil

from symbp import variant_crew, variant_pool
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import build_worksheet

COUNT = 9


def _sheet(monkeypatch, workers: int, seed: int = 4):
    monkeypatch.setenv("SYMBP_WORKERS", str(workers))
    return build_worksheet(load_spec(example_path("nn231")), COUNT, seed)


def _worker_makes_all_but_the_first(monkeypatch):
    monkeypatch.setattr(variant_crew.Crew, "mine", lambda self, number: False)


def test_a_workers_results_are_one_file_of_the_spool(monkeypatch, tmp_path):
    serial = _sheet(monkeypatch, 1)
    _worker_makes_all_but_the_first(monkeypatch)
    monkeypatch.setattr(variant_pool, "_spool_parent", lambda: str(tmp_path))
    left, remove = [], shutil.rmtree
    monkeypatch.setattr(shutil, "rmtree", lambda path, **kw: left.append(sorted(os.listdir(path))) or remove(path, **kw))
    pooled = _sheet(monkeypatch, 2)
    assert pooled.files == serial.files
    assert left == [["worker-0"]]  # the worker's 8 results in its one file, not a file each
    assert os.listdir(tmp_path) == []  # removed with the spool


def test_a_result_cut_short_is_made_by_the_sheets_process(monkeypatch):
    serial = _sheet(monkeypatch, 1)
    _worker_makes_all_but_the_first(monkeypatch)
    here, made = [], variant_pool._serial_variant
    monkeypatch.setattr(variant_pool, "_serial_variant", lambda *args: here.append(args[3]) or made(*args))
    monkeypatch.setattr(variant_crew, "_read_at", lambda fd, buffer, offset: 0)  # (read here only: the worker writes)
    pooled = _sheet(monkeypatch, 2)
    assert pooled.files == serial.files
    assert here == list(range(1, COUNT + 1))  # every result the worker sent came short: each made here
