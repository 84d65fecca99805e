"""What a worked solution lets go of before it is printed gives the same bytes (branch mem36).

The recheck keeps no compiled closures of a formula printed once (a derivation prints each once);
one printed again is kept, and both give the same verdicts.  A solved plan lets go of each line's
sum of products (plan_sums.LineSum): the printing pass after it prints what it printed with them."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from symbp.errors import VerificationError
from symbp.numbers import Shown
from symbp.pipeline import derive_solution
from symbp.render import plan as P
from symbp.render import recheck as R
from symbp.render import worked
from symbp.spec import parse_spec
from symbp.variants import draw_numbers, settings_from_spec

NET = """layers = [3, 4, 2]
activation = "{activation}"
loss = "{loss}"
learning_rate = 0.1
steps = {steps}
[[layer]]
[[layer]]
activation = "{out}"
"""
CASES = [("sigmoid", "bce", "sigmoid", 1, 5), ("relu", "half_sse", "identity", 2, 11), ("tanh", "mse", "identity", 1, 17)]


def _solution(activation, loss, out, steps, seed):
    spec = parse_spec(NET.format(activation=activation, loss=loss, out=out, steps=steps), numbers_optional=True)
    spec = draw_numbers(spec, settings_from_spec(spec), random.Random(seed))
    return spec, *derive_solution(spec)


def _lines(spec, solution, report, monkeypatch) -> list:
    captured = []
    real = worked.recheck
    monkeypatch.setattr(worked, "recheck", lambda lines, spec: captured.append(list(lines)) or real(lines, spec))
    worked._PLANNED_LINES.clear()  # (two passes, not a replay of an earlier test's lines)
    worked.solution_context(solution, report, fmt="text")
    return captured[-1]


@pytest.mark.parametrize("case", CASES)
def test_a_formula_printed_once_keeps_no_closures_and_printed_again_the_same_verdicts(case, monkeypatch):
    spec, solution, report = _solution(*case)
    lines = _lines(spec, solution, report, monkeypatch)
    R._COMPILED.clear()
    assert R.recheck(lines, spec) == len(lines)
    kept = [entry for node, entry in R._COMPILED.values()]
    assert kept and all(entry is R._SEEN for entry in kept)  # noted only: nothing compiled is kept
    assert R.recheck(lines, spec) == len(lines)  # printed again: compiled and kept
    assert all(type(entry) is list for node, entry in R._COMPILED.values())
    assert R.recheck(lines, spec) == len(lines)  # read from what is kept
    for k in range(0, len(lines), 9):  # a line that does not follow: refused on every use of its formula
        wrong = Shown(str(Decimal(lines[k].shown.text) + 1), False)
        tampered = lines[:k] + [lines[k]._replace(shown=wrong)] + lines[k + 1:]
        R._COMPILED.clear()
        for _ in range(3):
            with pytest.raises(VerificationError, match="does not follow"):
                R.recheck(tampered, spec)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", ["text", "tex"])
def test_a_solved_plan_lets_its_sums_go_and_prints_the_same(case, fmt, monkeypatch):
    spec, solution, report = _solution(*case)
    solved = P.DisplayPlan.solved
    plans = []
    monkeypatch.setattr(P.DisplayPlan, "solved", lambda plan: plans.append(plan) or solved(plan))
    worked._PLANNED_LINES.clear()
    released = worked.render_text(solution, report) if fmt == "text" else worked.render_latex(solution, report)
    assert plans and all(kept_sum is None for plan in plans for _, _, kept_sum in plan._line_values.values())
    monkeypatch.setattr(P.DisplayPlan, "solved", lambda plan: None)  # the sums kept to the end, as before
    worked._PLANNED_LINES.clear()
    kept = worked.render_text(solution, report) if fmt == "text" else worked.render_latex(solution, report)
    assert released == kept
