"""plan_moves.likely_culprits: the guard-digit culprit of a line, found in one pass, is the one
`DisplayPlan._culprit` finds by evaluating the line once per rounded input (its answer before
the one-pass step), on lines of a wide layer with rational and with irrational true values."""

import random
from fractions import Fraction

import mpmath
import pytest

from symbp import formula as F
from symbp.formula_values import evaluate_formula
from symbp.numbers import as_fraction
from symbp.render.plan_moves import likely_culprits


def _evaluated_culprit(formula, printed, true, candidates):
    """The culprit as `_culprit` chose it before: each input's true value in turn, the largest move first."""
    base = as_fraction(evaluate_formula(formula, printed, exact=False))
    best, worst = None, Fraction(-1)
    for name in candidates:
        moved = as_fraction(evaluate_formula(formula, {**printed, name: true[name]}, exact=False))
        if abs(moved - base) > worst:
            best, worst = name, abs(moved - base)
    return best


def _z_line(width, rng, irrational):
    """z = Σ w_k·a_k + b with the a's printed to 4 digits; their true values rational or 50-digit."""
    formula = F.Add(tuple(F.Mul((F.Ref(f"w{k}"), F.Ref(f"a{k}"))) for k in range(width)) + (F.Ref("b"),))
    printed, true = {"b": Fraction(rng.randint(-5, 5), 10)}, {}
    for k in range(width):
        printed[f"w{k}"] = Fraction(rng.choice([-3, -2, -1, 1, 2, 3]), 10)
        with mpmath.workdps(50):
            sigmoid = mpmath.mpf(1) / (1 + mpmath.exp(-mpmath.mpf(rng.choice([-1, 1]) * rng.randint(1, 90)) / 37))
        true[f"a{k}"] = sigmoid if irrational else Fraction(rng.randint(1, 10**9), 10**9)
        printed[f"a{k}"] = Fraction(round(as_fraction(true[f"a{k}"]) * 10**4), 10**4)
    return formula, printed, true, [f"a{k}" for k in range(width)]


@pytest.mark.parametrize("irrational", [False, True])
def test_the_one_pass_keeps_the_evaluated_culprit(irrational):
    rng = random.Random(3)
    decided = 0
    for _ in range(40):
        formula, printed, true, candidates = _z_line(24, rng, irrational=irrational)
        likely = likely_culprits(formula, printed, true, candidates)
        if likely is not None:  # (None: a partial sum near 0, left to the evaluation)
            decided += 1
            assert _evaluated_culprit(formula, printed, true, likely) == _evaluated_culprit(formula, printed, true, candidates)
    assert decided


def test_an_exact_tie_is_left_to_the_evaluation():
    # two inputs whose moves are equal: the evaluation (the first of them) must decide
    formula = F.Add((F.Mul((F.Ref("w0"), F.Ref("a0"))), F.Mul((F.Ref("w1"), F.Ref("a1"))), F.Ref("a2")))
    printed = {"w0": Fraction(1, 10), "w1": Fraction(1, 10), "a0": Fraction(1, 2), "a1": Fraction(1, 4), "a2": Fraction(3)}
    true = {"a0": Fraction(50001, 100000), "a1": Fraction(25001, 100000), "a2": Fraction(30000001, 10000000)}
    assert likely_culprits(formula, printed, true, ["a0", "a1", "a2"]) == ["a0", "a1"]


def test_an_input_met_twice_is_left_to_the_evaluation():
    formula = F.Add((F.Mul((F.Ref("a0"), F.Ref("a0"))), F.Ref("a1"), F.Ref("a2")))
    printed = {"a0": Fraction(1, 2), "a1": Fraction(1, 4), "a2": Fraction(1, 8)}
    true = {"a0": Fraction(50001, 100000), "a1": Fraction(25001, 100000), "a2": Fraction(12501, 100000)}
    assert likely_culprits(formula, printed, true, ["a0", "a1", "a2"]) is None


def test_a_move_beyond_float64_is_left_to_the_evaluation():
    """A printed value 10^310 away from its true one (e^z of a softmax after RMSprop's steps, z = 730):
    no float move (None, left to `_culprit`), not an OverflowError (it ended a worked solution in exit 70)."""
    from symbp.render.plan_moves import input_change

    true = Fraction(10**310) + Fraction(1, 3)
    assert input_change(true, Fraction(0)) is None
    assert input_change(true, true - Fraction(1, 2**20)) == 2.0**-20  # (a move in range, as before)
