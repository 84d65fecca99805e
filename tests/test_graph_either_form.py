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
