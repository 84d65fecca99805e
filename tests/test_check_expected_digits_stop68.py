"""An expected value shown with more digits than the sheet's (beside a written number that agrees to them)
rounds, rounded again to the sheet's digits, as the true value does (stop 67's graph tester: "expected
≈ −0.53445" for −0.5344466 invited −0.5345).  True values from mpmath, independently of symbp."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import mpmath

import symbp

ANSWERS = {"s.1": "-2.000", "s.2": "6.000", "s.3": "4.000", "s": "1.000", "f.1": "-1.000", "f.2": "0.3679",
           "f.3": "1.368", "f": "0.7310", "local:df/df.3": "0.5344", "df/df.3": "0.5344"}  # the minus sign of ∂f/∂f.3 = −1/f.3² forgotten


def r(value, digits: int) -> Decimal:
    d = Decimal(str(value))
    return d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def test_expected_value_does_not_round_twice():
    spec = symbp.example("graph-neuron")
    text = symbp.check(spec, ANSWERS).to("text")
    shown = re.search(r"df/df\.3 = 0\.5344\n\s+expected ≈ (−?[\d.]+)", text).group(1).replace("−", "-")
    mpmath.mp.dps = 40
    s = mpmath.mpf(1)  # the example's s (its givens) as the answers write it: 1.000 exactly
    e = mpmath.exp(-s)
    true = -1 / (1 + e) ** 2  # ∂f/∂f.3 = −1/f.3², f.3 = 1 + e^(−s)
    assert len(shown.rstrip("0").split(".")[1]) > 4  # more digits than the sheet's (the written one agrees to 4)
    assert r(Decimal(shown), 4) == r(mpmath.nstr(true, 30), 4), (shown, true)
