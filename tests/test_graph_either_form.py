"""A careful calculator may work a local derivative from its gate's output (−f.4/c for ∂(f.3/c)/∂c) with the
values before it rounded each its own way — the rule says so — and the graph check's interval did not take that
form in a mixture (this stop's own adversarial search: −0.5005 for ∂f/∂c was wrong).  The mixtures are
enumerated here with `Decimal`, independently of symbp."""

from __future__ import annotations

import itertools
import math
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

import symbp

SPEC = {"kind": "graph", "title": "exp, sqrt, ln", "inputs": {"x": "0.7", "y": "1.2", "c": "2.1"},
        "expression": "f = exp(x) * sqrt(y) / c + ln(y)"}
C = Decimal("2.1")


def rounded(value: Decimal, digits: int | None) -> Decimal:
    if digits is None:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_EVEN)


def _reached() -> set[Decimal]:
    """∂f/∂c written to 4 digits, every number before it rounded to 4, 5, 6 digits or not at all, the local
    derivative −f.3/c² worked either from f.3 or from the gate's output f.4 (−f.4/c)."""
    e, root = Decimal(math.exp(0.7)), Decimal(1.2).sqrt()
    found = set()
    ways = [4, 5, 6, None]
    for d1, d2, d3, d4, d5 in itertools.product(ways, repeat=5):
        f3 = rounded(rounded(e, d1) * rounded(root, d2), d3)
        for local in (-f3 / C / C, -rounded(f3 / C, d4) / C):
            found.add(rounded(rounded(local, d5), 4))
    return found


def test_every_mixture_through_either_form_of_the_local_is_right_and_one_beyond_is_wrong():
    reached = _reached()
    assert Decimal("-0.5005") in reached  # e^0.7 ≈ 2.014, √1.2 ≈ 1.09545, f.3 ≈ 2.2062, f.4 ≈ 1.051, −1.051/2.1
    spec = symbp.spec_from_dict(SPEC)
    for value in sorted(reached):
        assert symbp.check(spec, {"df/dc": str(value)}).statuses["df/dc"] == "correct", value
    beyond = min(reached) - Decimal("0.0001")
    assert symbp.check(spec, {"df/dc": str(beyond)}).statuses["df/dc"] == "wrong"


@pytest.mark.parametrize("f4, written, status", [
    ("1.150", "-0.5476", "carried"),  # −f.4/c from a wrong f.4: carried from it (chains)
    ("1.150", "-0.5200", "wrong"),  # between the two forms' numbers: no calculator's (not joined)
    ("1.150", "-0.5005", "wrong"),  # the other form's rounding is not taken from a wrong f.4
])
def test_the_other_form_from_a_wrong_number_is_not_joined_to_the_right_one(f4, written, status):
    marks = symbp.check(symbp.spec_from_dict(SPEC), {"f.4": f4, "df/dc": written}).statuses
    assert (marks["f.4"], marks["df/dc"]) == ("wrong", status)


CHAIN = ["exp", "sqrt", "exp", "sqrt", "exp", "sqrt", "exp"]  # x = 0.9: f ≈ 19.886, df/dx ≈ 25.53


def _chain_gradient(choices) -> float:
    """df/dx of the chain worked by a calculator: each value, local derivative (from the gate's input or its
    output) and running gradient rounded as `choices` say (4, 5, 6 digits or None)."""
    def rounded4(value, digits):
        return value if digits is None else float(f"{value:.{digits}g}")

    n = len(CHAIN)
    values = [0.9]
    for i, op in enumerate(CHAIN):
        values.append(rounded4(math.exp(values[-1]) if op == "exp" else math.sqrt(values[-1]), choices[i]))
    gradient = 1.0
    for i in reversed(range(n)):
        by_output, digits = choices[n + i]
        u, out = values[i], values[i + 1]
        if CHAIN[i] == "exp":
            local = out if by_output else math.exp(u)
        else:
            local = 1 / (2 * out) if by_output else 1 / (2 * math.sqrt(u))
        gradient = rounded4(gradient * rounded4(local, digits), choices[2 * n + i])
    return gradient


def _chain_extremes() -> tuple[float, float]:
    """The least and greatest df/dx of any such calculator (hill-climbing over the choices from random starts)."""
    import random

    ways = [4, 5, 6, None]
    options = [ways] * len(CHAIN) + [[(f, d) for f in (False, True) for d in ways]] * len(CHAIN) + [ways] * len(CHAIN)
    rng, found = random.Random(0), []
    for sign in (1, -1):
        for _ in range(20):
            best = [rng.choice(o) for o in options]
            score, better = sign * _chain_gradient(best), True
            while better:
                better = False
                for i, option in enumerate(options):
                    for choice in option:
                        trial = best[:i] + [choice] + best[i + 1:]
                        if sign * _chain_gradient(trial) < score:
                            best, score, better = trial, sign * _chain_gradient(trial), True
            found.append(sign * score)
    return min(found), max(found)


def test_a_deep_chain_accepts_its_calculators_and_not_three_units_beyond():
    """(seven e^x and √ gates: the interval's 5 % first-order margin at each gate accepted 25.45, three units
    below the least any calculator reaches; the gates' intervals are now their corners' values)"""
    low, high = _chain_extremes()
    expression = "x"
    for op in CHAIN:
        expression = f"{op}({expression})"
    spec = symbp.spec_from_dict({"kind": "graph", "inputs": {"x": "0.9"}, "expression": f"f = {expression}"})
    status = lambda written: symbp.check(spec, {"df/dx": written}).statuses["df/dx"]  # noqa: E731
    reached = range(round(low * 100), round(high * 100) + 1)
    assert all(status(f"{n / 100:.2f}") == "correct" for n in reached)
    assert status(f"{(reached[0] - 3) / 100:.2f}") == status(f"{(reached[-1] + 3) / 100:.2f}") == "wrong"
