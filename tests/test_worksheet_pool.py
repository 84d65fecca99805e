"""Worksheets made fast: on two cores (variant_pool.py) and each later variant printed in one pass
with the first variant's planned lines (render/worked.py).  Either way the files must be those of
one process printing every variant in two passes: each test compares the two ways, byte for byte,
and the draws and rejections they report."""

from __future__ import annotations

import pytest

from symbp.errors import SpecError
from symbp.render import worked
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import SheetOptions, build_worksheet

# A network with few possible numbers: its variants often repeat one another (the duplicate rule).
TINY = """
title = "Tiny"
layers = [1, 1, 1]
activation = "identity"
loss = "half_sse"
learning_rate = 0.1
input = [1]
target = [1]

[[layer]]
weights = [[1]]
biases = [0]

[[layer]]
weights = [[1]]
biases = [0]

[variants]
weights = { range = [1, 3], decimals = 0, nonzero = true }
biases = { range = [0, 1], decimals = 0 }
inputs = { range = [1, 2], decimals = 0, nonzero = true }
targets = { range = [0, 1], decimals = 0 }
"""


def _tiny(tmp_path, extra: str = ""):
    path = tmp_path / "tiny.toml"
    path.write_text(TINY + extra, encoding="utf-8")
    return load_spec(path)


def _built(monkeypatch, workers: int, spec, count: int, seed: int, options=None, shared: bool = False):
    """The sheet made by `workers` processes; unless `shared`, the workers make every variant
    but the first (the parent makes none of its own), so that every one is sent between them."""
    from symbp import variant_crew, variant_pool

    monkeypatch.setenv("SYMBP_WORKERS", str(workers))
    taken = []  # the variants received from worker processes
    received, mine = variant_pool._taken, variant_crew.Crew.mine
    monkeypatch.setattr(variant_pool, "_taken", lambda *args: taken.append(args[3]) or received(*args))
    if not shared:
        monkeypatch.setattr(variant_crew.Crew, "mine", lambda self, number: False)
    sheet = build_worksheet(spec, count, seed, options)
    monkeypatch.setattr(variant_pool, "_taken", received)
    monkeypatch.setattr(variant_crew.Crew, "mine", mine)
    pooled = workers > 1 and count >= variant_pool.POOL_MIN_VARIANTS
    if not shared:
        assert len(taken) == (count - 1 if pooled else 0)
    return sheet


def _same_sheets(one, other):
    assert one.files.keys() == other.files.keys()
    for name in one.files:
        assert one.files[name] == other.files[name], name
    assert (one.draws, dict(one.rejections)) == (other.draws, dict(other.rejections))
    assert [(v.id, v.seed, v.draws) for v in one.variants] == [(v.id, v.seed, v.draws) for v in other.variants]
    # the variants a worker sent (unpacked when read) are the ones this process makes
    for mine, sent in zip(one.variants, other.variants):
        assert (sent.spec, sent.report, sent.solution.values, sent.solution.mode) == \
            (mine.spec, mine.report, mine.solution.values, mine.solution.mode)
        # the architecture's, this process's (made when read), never a copy sent by a worker: the one
        # this process has for it now, or the one its own variant read earlier (derive's cache, bounded,
        # may have made the architecture's again in between: seen once in a full run under load)
        from symbp.derivation_later import derive

        ours = (derive(sent.spec.architecture()), mine.solution.derivation)
        assert any(sent.solution.derivation is made for made in ours)
        if mine.solution.carried is not None:
            assert sent.solution.carried.values == mine.solution.carried.values


@pytest.mark.parametrize("example, count, key", [("nn231", 9, "carried"), ("mazur", 8, "exact")])
def test_two_workers_write_the_files_of_one_process(monkeypatch, example, count, key):
    # nn231: exact Fractions; mazur: sigmoid, high-precision numbers sent between the processes
    spec = load_spec(example_path(example))
    options = SheetOptions(key=key)
    serial = _built(monkeypatch, 1, spec, count, 5, options)
    _same_sheets(serial, _built(monkeypatch, 2, spec, count, 5, options))
    _same_sheets(serial, _built(monkeypatch, 2, spec, count, 5, options, shared=True))


def test_the_parent_and_a_worker_share_the_variants_as_one_process_makes_them(monkeypatch):
    # The parent makes 2, 3, ... while the worker makes count, count - 1, ...: here the parent waits
    # in variant 2 until the worker has claimed the last one, so both make some, whatever the timing.
    import time

    from symbp import variant_crew, variant_pool

    spec = load_spec(example_path("nn231"))
    serial = _built(monkeypatch, 1, spec, 12, 9)
    crews, here = [], []
    mine, serial_variant = variant_crew.Crew.mine, variant_pool._serial_variant

    def recorded(self, number):
        crews.append(self)
        return mine(self, number)

    def made_here(*args):
        here.append(args[3])
        deadline = time.monotonic() + 60
        while args[3] == 2 and not crews[0].claims[12] and time.monotonic() < deadline:
            time.sleep(0.005)
        return serial_variant(*args)

    monkeypatch.setattr(variant_crew.Crew, "mine", recorded)
    monkeypatch.setattr(variant_pool, "_serial_variant", made_here)
    monkeypatch.setenv("SYMBP_WORKERS", "2")
    taken = []
    received = variant_pool._taken
    monkeypatch.setattr(variant_pool, "_taken", lambda *args: taken.append(args[3]) or received(*args))
    sheet = build_worksheet(spec, 12, 9)
    _same_sheets(serial, sheet)
    assert here[:2] == [1, 2] and 12 in taken  # each made its share
    assert sorted(here + taken) == list(range(1, 13))  # every variant once (none here was a duplicate)
    assert here == sorted(here) and taken == sorted(taken)  # in order


def test_variants_a_worker_drew_twice_are_drawn_again_as_one_process_does(monkeypatch, tmp_path):
    spec = _tiny(tmp_path)
    serial = _built(monkeypatch, 1, spec, 14, 1)
    assert serial.rejections["duplicate"] > 0  # the case under test happens
    _same_sheets(serial, _built(monkeypatch, 2, spec, 14, 1))
    _same_sheets(serial, _built(monkeypatch, 2, spec, 14, 1, shared=True))
    # the numbers of the variants are all different
    keys = {tuple(v.spec.inputs) + tuple(layer.weights for layer in v.spec.layers) + tuple(v.spec.targets)
            + tuple(layer.biases for layer in v.spec.layers) for v in serial.variants}
    assert len(keys) == 14


def test_too_few_distinct_variants_is_the_same_error_on_two_workers(monkeypatch, tmp_path):
    spec = _tiny(tmp_path, "max_draws = 30\n")
    messages = []
    for workers in (1, 2):
        with pytest.raises(SpecError) as error:
            _built(monkeypatch, workers, spec, 100, 1)
        messages.append(str(error.value))
    assert messages[0] == messages[1]
    assert "no acceptable variant in 30 draws" in messages[0]


@pytest.mark.parametrize("example, key, detail", [("nn231", "exact", "auto"), ("mazur", "carried", "matrix"),
                                                  ("steps3", "carried", "auto"), ("softmax3", "carried", "auto"),
                                                  ("softmax3", "exact", "matrix"), ("softmax3", "carried", "neuron")])
def test_variants_printed_in_one_pass_are_those_printed_in_two(monkeypatch, example, key, detail):
    spec = load_spec(example_path(example))
    options = SheetOptions(key=key, detail=detail)
    one_pass = _built(monkeypatch, 1, spec, 4, 2, options)
    monkeypatch.setattr(worked, "_structure_key", lambda *args: None)  # every variant in two passes
    _same_sheets(one_pass, _built(monkeypatch, 1, spec, 4, 2, options))


@pytest.mark.parametrize("key", ["carried", "exact"])
def test_a_softmax_networks_later_variants_are_printed_in_one_pass(monkeypatch, key):
    """Its first pass put e^z and their sum into the plan: put there first, its variants print the
    planned lines (none falls back to two passes)."""
    results = []
    replayed = worked._replayed

    def counted(*args):
        result = replayed(*args)
        results.append(result is not None)
        return result

    monkeypatch.setattr(worked, "_PLANNED_LINES", {})
    monkeypatch.setattr(worked, "_replayed", counted)
    _built(monkeypatch, 1, load_spec(example_path("softmax3")), 4, 3, SheetOptions(key=key))
    assert results and all(results)


def test_lines_other_than_the_planned_ones_are_printed_in_two_passes(monkeypatch):
    spec = load_spec(example_path("nn231"))
    options = SheetOptions(key="exact")
    monkeypatch.setattr(worked, "_structure_key", lambda *args: None)
    two_passes = _built(monkeypatch, 1, spec, 3, 4, options)
    monkeypatch.undo()
    # a wrong plan for every variant: no line planned, so each one's printed lines differ from it
    monkeypatch.setattr(worked, "_structure_key", lambda *args: ("wrong plan",))
    monkeypatch.setattr(worked, "_PLANNED_LINES", {})
    replays = []
    replayed = worked._replayed

    def wrong_plan(solution, report, digits, layout, fmt, planned, printed):
        worked._PLANNED_LINES[("wrong plan",)] = []
        result = replayed(solution, report, digits, layout, fmt, [], printed)
        replays.append(result)
        return result

    monkeypatch.setattr(worked, "_replayed", wrong_plan)
    _same_sheets(two_passes, _built(monkeypatch, 1, spec, 3, 4, options))
    assert replays and all(result is None for result in replays)  # each fell back to two passes


def test_verbose_reports_progress_without_a_terminal(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from symbp.cli import main

    monkeypatch.setenv("SYMBP_WORKERS", "1")
    result = CliRunner().invoke(
        main, ["worksheet", "--example", "nn231", "-n", "3", "--seed", "1", "--out", str(tmp_path), "-v",
               "--locale", "de"])
    assert result.exit_code == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("Variante ")]
    assert progress == ["Variante 1 von 3", "Variante 2 von 3", "Variante 3 von 3"]


def test_a_row_measured_on_from_its_first_part_is_as_wide_as_measured_whole():
    # rows.pack measures a row that grows piece by piece by continuing the scan of what it has
    # (measure.joined_math_em): it must give exactly the float of measuring the joined text anew
    import random

    from symbp.render import measure

    tokens = ["0", "1", ".", "-", "+", "=", " ", "{", "}", "^", "_", "(", ")", "&", "x", "\\frac", "\\tfrac",
              "\\begin{bmatrix}", "\\end{bmatrix}", "\\left(", "\\right)", "\\text", "\\cdot", "\\\\", " + ", " - ",
              "\\,", "w_{1}^{(2)}", "\\operatorname"]
    rng = random.Random(16)
    for _ in range(20_000):
        head = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 8)))
        tail = " " + "".join(rng.choice(tokens) for _ in range(rng.randint(0, 8)))
        assert measure.joined_math_em(head, None, tail) == measure.math_em(head + tail), (head, tail)
        assert measure.joined_math_em(head, measure.math_em(head), tail) == measure.math_em(head + tail)


def test_ctrl_c_stops_a_sheet_made_by_workers(tmp_path):
    # Ctrl-C while workers make variants: exit 130, no file, no worker left.  (A pipe full of
    # results once made stopping the pool hang; that depended on timing, this run may not hit it.)
    import os
    import signal
    import subprocess
    import sys

    out = tmp_path / "sheet"
    env = {**os.environ, "SYMBP_WORKERS": "2", "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.Popen([sys.executable, "-m", "symbp", "worksheet", "--example", "nn231", "-n", "1000", "--seed", "1",
                            "--out", str(out), "-v"], stderr=subprocess.PIPE, text=True, env=env,
                           start_new_session=True)
    try:
        seen = 0
        for line in run.stderr:  # "variant 200 of 1000": the workers are at work, results queue up
            seen += line.startswith("variant ")
            if seen == 2:
                break
        os.killpg(run.pid, signal.SIGINT)  # as Ctrl-C: to the whole process group
        assert run.wait(timeout=60) == 130
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert not out.exists()


def _children(pid: int) -> list[int]:
    """The running (not yet reaped, not zombie) child processes of `pid`, read from /proc."""
    import os

    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.append(int(entry))
    return found


@pytest.mark.parametrize("after", [0.0, 0.2, 0.6, 1.2])
def test_sigterm_to_the_group_stops_a_sheet_made_by_workers_at_once(tmp_path, after):
    # `kill -TERM -- -PGID` (a cancelled CI job, `timeout`) while workers make variants, at several
    # moments after they were forked: exit 143 at once, not after the time limit (a worker killed
    # while it held multiprocessing.Pool's task-queue lock once hung the run until then); no
    # process left in the group, no file, no temporary folder.  1000 variants (the most a sheet has):
    # 400 were once all made 1.2 s after the fork, and the signal came as the run was ending.
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "sheet"
    env = {**os.environ, "SYMBP_WORKERS": "2", "PYTHONPATH": os.pathsep.join(sys.path), "TMPDIR": str(tmp_path)}
    run = subprocess.Popen([sys.executable, "-m", "symbp", "worksheet", "--example", "nn231", "-n", "1000", "--seed", "1",
                            "--out", str(out), "--time-limit", "60"], stderr=subprocess.PIPE, text=True, env=env,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not _children(run.pid) and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _children(run.pid), "no worker was forked"
        time.sleep(after)
        assert run.poll() is None, "the run ended before the signal"
        os.killpg(run.pid, signal.SIGTERM)
        assert run.wait(timeout=10) == 143
        assert run.stderr.read().strip() == "symbp: stopped by SIGTERM"
        with pytest.raises(ProcessLookupError):  # every worker was reaped
            os.killpg(run.pid, 0)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert not out.exists()
    assert not list(tmp_path.glob("symbp-variants-*"))


def test_a_worker_killed_from_outside_leaves_its_variants_to_the_parent(monkeypatch):
    # A worker SIGKILLed by someone else (the OOM killer, a stray `kill -9`): the variants it did
    # not finish are made in the parent, as one process makes them; the files are the same.
    import os
    import signal

    from symbp import variant_crew, variant_pool

    spec = load_spec(example_path("nn231"))
    serial = _built(monkeypatch, 1, spec, 16, 3)
    killed, made_here = [], []
    outcome, serial_variant = variant_crew.Crew.outcome, variant_pool._serial_variant

    def awaited(self, number):
        if number == 2:  # the parent waits for its first variant from a worker: both are at work
            workers = _children(os.getpid())
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])
        return outcome(self, number)

    monkeypatch.setattr(variant_crew.Crew, "outcome", awaited)
    monkeypatch.setattr(variant_pool, "_serial_variant", lambda *args: made_here.append(args[3]) or serial_variant(*args))
    monkeypatch.setattr(variant_crew.Crew, "mine", lambda self, number: False)  # every variant the workers'
    monkeypatch.setenv("SYMBP_WORKERS", "3")  # this process and two workers
    sheet = build_worksheet(spec, 16, 3)
    assert killed and len(made_here) > 1  # variant 1, and at least one the killed worker left
    _same_sheets(serial, sheet)
    assert not _children(os.getpid())


@pytest.mark.parametrize("workers", [1, 2])
def test_the_collector_is_left_as_it_was(monkeypatch, tmp_path, workers):
    # The sheet pauses the cyclic collector and collects once a variant (variant_pool._collect):
    # afterwards it runs again and nothing stays frozen, also when drawing fails half-way.
    import gc

    from symbp import variant_crew, variant_pool

    collected = []
    collect = variant_pool._collect
    monkeypatch.setattr(variant_pool, "_collect", lambda: collected.append(gc.isenabled()) or collect())
    monkeypatch.setenv("SYMBP_WORKERS", str(workers))
    frozen = gc.get_freeze_count()  # by an earlier test in this process (a large derive's outlive): kept frozen
    build_worksheet(load_spec(example_path("nn231")), 9, 2)
    assert collected and not any(collected)  # paused while the variants are made, collected here
    assert gc.isenabled() and gc.get_freeze_count() <= frozen  # frozen objects may die, none is added
    with pytest.raises(SpecError):
        build_worksheet(_tiny(tmp_path, "max_draws = 30\n"), 100, 1)
    assert gc.isenabled() and gc.get_freeze_count() <= frozen
