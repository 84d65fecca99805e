"""plan_sums.LineSum: a line's value updated by the inputs that changed is exactly what evaluating the
whole line gives (evaluate_formula, in Fractions), on random sums of products (z, δ, ∂L/∂w shapes,
repeated inputs, Sub and Neg) whose inputs get guard digits one at a time, in random order; and
`nearest_moves` (the exact moves of plan_moves' likely culprits) keeps `_culprit`'s evaluated choice."""

import random
from fractions import Fraction

import pytest

from symbp import formula as F
from symbp.formula_values import evaluate_formula
from symbp.render.plan_moves import exact_value, sized_culprits
from symbp.render.plan_sums import line_sum, nearest_moves
from test_plan_moves import _evaluated_culprit
from test_plan_moves import _z_line as _z_line_moves


def _random_formula(rng, names, depth=0):
    """A random tree of Ref, Const, Add, Sub, Mul and Neg over `names` (an input may appear twice)."""
    roll = rng.random()
    if depth >= 3 or roll < 0.3:
        if rng.random() < 0.15:
            return F.Const(Fraction(rng.randint(-9, 9), rng.randint(1, 4)))
        return F.Ref(rng.choice(names))
    children = [_random_formula(rng, names, depth + 1) for _ in range(rng.randint(2, 5))]
    if roll < 0.6:
        return F.Add(tuple(children))
    if roll < 0.8:
        return F.Mul(tuple(children[:3]))
    if roll < 0.9:
        return F.Sub(children[0], children[1])
    return F.Neg(children[0])


def _z_line(width):
    """z = Σ w_k·a_k + b, and δ = (Σ w_k·δ_k)·f' (a sum inside a product)."""
    z = F.Add(tuple(F.Mul((F.Ref(f"w{k}"), F.Ref(f"a{k}"))) for k in range(width)) + (F.Ref("b"),))
    delta = F.Mul((F.Add(tuple(F.Mul((F.Ref(f"w{k}"), F.Ref(f"a{k}"))) for k in range(width))), F.Ref("b")))
    return z, delta


def _printed(true: Fraction, digits: int) -> Fraction:
    """`true` to `digits` decimals (a printed value with more digits each time)."""
    return Fraction(round(true * 10**digits), 10**digits)


@pytest.mark.parametrize("seed", range(12))
def test_updated_line_is_the_whole_line_evaluated(seed):
    rng = random.Random(seed)
    names = [f"a{k}" for k in range(rng.randint(1, 12))] + [f"w{k}" for k in range(4)] + ["b"]
    formulas = [_random_formula(rng, names), *_z_line(len(names) - 5 if len(names) > 5 else 1)]
    for formula in formulas:
        used = F.refs(formula)
        true = {name: Fraction(rng.randint(-10**9, 10**9), rng.randint(1, 10**6)) for name in used}
        digits = {name: 2 for name in used}
        env = {name: _printed(true[name], 2) for name in used}
        kept = line_sum(formula, env)
        assert kept.value == evaluate_formula(formula, env, exact=True)
        for _ in range(3 * len(used)):  # guard digits, one input at a time, in random order
            name = rng.choice(used)
            digits[name] += 1
            env[name] = _printed(true[name], digits[name])
            kept.update(name, env[name])
            assert kept.value == evaluate_formula(formula, env, exact=True)


def test_formula_with_a_function_or_division_is_left_whole():
    x = F.Ref("x")
    assert line_sum(F.Div(x, F.Const(Fraction(2))), {"x": Fraction(1)}) is None
    assert line_sum(F.Apply(F.LOG, (x,)), {"x": Fraction(1)}) is None


def _guarded(line, rng, digits):
    """A z line (test_plan_moves) whose rounded activations are printed with `digits` decimals (guard
    digits); its rational true values with 30 decimals."""
    formula, printed, true, candidates = line
    for name in candidates:
        if type(true[name]) is Fraction:
            true[name] = Fraction(rng.randint(1, 10**30), 10**30)
        printed[name] = Fraction(round(exact_value(true[name]) * 10**digits), 10**digits)
    return formula, printed, true, candidates


@pytest.mark.parametrize("irrational", [False, True])
def test_exact_moves_keep_the_evaluated_culprit(irrational):
    # inputs with a dozen guard digits: float64 hands back (nearly) all of them, the exact moves one
    rng = random.Random(5)
    narrowed = 0
    for digits in (4, 9, 16, 17):
        for _ in range(10):
            formula, printed, true, candidates = _guarded(_z_line_moves(24, rng, irrational=irrational), rng, digits)
            found = sized_culprits(formula, printed, true, candidates)
            if found is None:
                continue
            likely, size = found
            nearest = nearest_moves(line_sum(formula, printed), likely, true, size)
            narrowed += len(nearest) < len(likely)
            assert _evaluated_culprit(formula, printed, true, nearest) == _evaluated_culprit(formula, printed, true, candidates)
    assert narrowed

