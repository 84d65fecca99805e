"""The slips of a computational-graph exercise (symbp/graph/slips.py): each typical slip, made by
hand here on a published example, is recognised; a right answer carried from a wrong one is not
a slip."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbp import graph
from symbp.core.identity_parse import parse
from symbp.core.numeric import same
from symbp.graph.slips import Case, carried, diagnose

from helpers import REPO


def _solution(example: str):
    return graph.solve(graph.load(REPO / "examples" / f"{example}.toml"))


def _diagnose(solution, quantity: str, written, answers: dict | None = None):
    answers = {parse(n): Fraction(v) for n, v in (answers or {}).items()}
    identity = parse(quantity)
    written = Fraction(written)
    env = carried(solution, answers)
    four_digits = lambda v: abs(float(v) - float(written)) <= 5e-5 * max(1.0, abs(float(written)))  # noqa: E731
    return diagnose(Case(identity, written, env, solution, four_digits))


@pytest.mark.parametrize("example, quantity, written, slip", [
    # fan-out: df/dx = df/da·∂a/∂x + df/db·∂b/∂x = 1·(−4) + 2·1; one branch only gives −4 or 2
    ("graph-fanout-max", "df/dx", -4, "fan_out_sum_forgotten"),
    ("graph-fanout-max", "df/dx", 2, "fan_out_sum_forgotten"),
    # the forward value a = −12 used instead of df/da = 1: df/dy = a·∂a/∂y = −12·3
    ("graph-fanout-max", "df/dy", -36, "forward_value_for_gradient"),
    # max(x, z) with x = 3 > z = 2: z gets 0; passing df/db = 2 to z as well is the slip
    ("graph-fanout-max", "df/dz", 2, "max_routed_to_both"),
    # the exp gate's local derivative taken as its input (−1) instead of exp(−1): (−0.5344)·(−1)
    ("graph-neuron", "df/df.1", "0.5344", "wrong_local_derivative"),
    # the 1/x gate's local derivative without its minus sign: 1·(1/1.368²) (named for the sign since stop 62)
    ("graph-neuron", "df/df.3", "0.5344", "local_sign_forgotten"),
    # CS231n's circuit: df/dx = −4 written as 4
    ("graph-circuit", "df/dx", 4, "sign_flipped"),
])
def test_slip_is_recognised(example, quantity, written, slip):
    diagnosis = _diagnose(_solution(example), quantity, written)
    assert diagnosis is not None and diagnosis.key == slip


def test_a_number_no_slip_explains_gets_no_diagnosis():
    assert _diagnose(_solution("graph-circuit"), "df/dx", 17) is None


def test_error_carried_forward():
    """A student whose df/df.1 is wrong (−5) and whose df/dx = −5 follows from it: the carried value
    of df/dx is −5, which is what they wrote."""
    solution = _solution("graph-circuit")
    env = carried(solution, {parse("df/df.1"): Fraction(-5)})
    assert (env[parse("df/dx")], env[parse("df/dy")], env[parse("df/dz")]) == (-5, -5, 3)
    assert same(solution.value("df/dx"), Fraction(-4))
