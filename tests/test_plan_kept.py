"""What plan.py keeps from one guard digit to the next is what working it out anew gives: a line's
value with its rounded inputs printed to the cap (`_within_reach`), kept while no input is printed
beyond the cap, against the line evaluated whole in Fractions at those printed numbers; and the culprit
(`_culprit`: each input's move kept while it is printed alike, a rational input's move read from the
line's kept sum) against the line evaluated once per rounded input — on random z lines whose inputs
get guard digits one at a time, in random order, under two caps."""

import random
from fractions import Fraction

import mpmath
import pytest

from symbp import formula as F
from symbp.formula_values import evaluate_formula
from symbp.numbers import as_fraction, format_decimal
from symbp.render.plan import DisplayPlan
from test_plan_moves import _evaluated_culprit

DIGITS = 4


def _plan(rng, width, irrational):
    """A plan of one z line = Σ w_k·a_k + b: w and b on a 0.1 grid, the a's rational with 30 digits or
    50-digit σ values (some alike, as inputs of equal size give)."""
    formula = F.Add(tuple(F.Mul((F.Ref(f"w{k}"), F.Ref(f"a{k}"))) for k in range(width)) + (F.Ref("b"),))
    values = {"b": Fraction(rng.randint(-5, 5), 10)}
    for k in range(width):
        values[f"w{k}"] = Fraction(rng.choice([-3, -2, -1, 1, 2, 3]), 10)
        if irrational:
            with mpmath.workdps(50):
                values[f"a{k}"] = mpmath.mpf(1) / (1 + mpmath.exp(-mpmath.mpf(rng.randint(-9, 9)) / 7))
        else:
            values[f"a{k}"] = Fraction(rng.randint(1, 10**30), 10**30)
    values["z"] = as_fraction(evaluate_formula(formula, values, exact=False))
    plan = DisplayPlan(values, DIGITS)
    return plan, plan.relate("z", formula)


def _value_printed_to(plan, relation, cap):
    """The line in Fractions with each input printed to the larger of its digits and `cap`."""
    env = {name: format_decimal(plan.values[name], max(cap, plan.precision.get(name, DIGITS))).value
           for name in relation.inputs}
    return evaluate_formula(relation.formula, env, exact=True)


@pytest.mark.parametrize("irrational", [False, True])
def test_kept_values_are_those_worked_out_anew(irrational):
    rng = random.Random(7)
    for _ in range(3):
        plan, relation = _plan(rng, 12, irrational)
        rounded = [name for name in relation.inputs if plan.shown(name).rounded]
        for step in range(40):
            cap = DIGITS + rng.choice([2, 12])
            plan._within_reach(relation, cap)
            assert plan._at_cap[relation][1] == _value_printed_to(plan, relation, cap)
            printed = {name: plan.shown(name).value for name in relation.inputs}
            candidates = [name for name in rounded if plan.precision.get(name, DIGITS) < cap]
            if candidates:
                assert plan._culprit(relation, cap) == _evaluated_culprit(relation.formula, printed, plan.values, candidates)
            name = rng.choice(rounded)  # a guard digit, as _grow gives one
            plan.precision[name] = plan.precision.get(name, DIGITS) + 1
            plan._shown.pop(name, None)
