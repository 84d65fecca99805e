"""render/plan_replay.py and measure_text._em's plain path: the numbers a replayed variant's plan is given at
once are the ones `DisplayPlan.shown` and `DisplayPlan.note` work out key by key, and a plain text's width
added in C is the one the scan adds (a brace adds nothing: the scan's value of the same characters)."""

from __future__ import annotations

from symbp.pipeline import derive_solution
from symbp.render.measure_text import _em
from symbp.render.plan_replay import prefill
from symbp.render.worked import _display_plan
from symbp.resources import example_path
from symbp.spec import load_spec


def _plans(round_intermediate: bool, digits: int = 3):
    solution, _ = derive_solution(load_spec(example_path("nn231")), round_to=digits if round_intermediate else None)
    return [_display_plan(solution, digits) for _ in range(2)]


def test_prefilled_numbers_are_the_plans_own():
    for carried in (True, False):
        lazy, filled = _plans(carried)
        for plan in (lazy, filled):
            plan.solve()
        keys = tuple(lazy.values)
        assert filled.carried == carried and keys
        lazy.shown(keys[0])  # (a key worked out before: left as it is)
        filled.shown(keys[0])
        prefill(filled, keys, keys)
        assert [filled._shown[key] for key in keys] == [lazy.shown(key) for key in keys]
        if carried:
            assert [filled._notes[key] for key in keys] == [lazy.note(key) for key in keys]
            assert any(note is None for note in filled._notes.values())


def test_a_plain_texts_width_is_the_scans():
    for text in ("0.1234", "-0.5", "−1.25", "(−0.0381)", "12 345,5", "x y", "·≈"):
        assert _em(text) == _em("{" + text + "}")  # (the brace takes the scan: the same additions in order)
