"""The slip line of |x|'s local derivative taken with its sign dropped shows the local's value between the bars,
1.000 · |−1| = 1, not the bars around its piecewise formula (stop 67's graph tester:
1.000 · |{−1 if −0.4000 < 0; 1 if −0.4000 > 0; 0 otherwise}| = 1); the line recomputes as a student reads it."""

from __future__ import annotations

import re
from fractions import Fraction

import symbp

SPEC = {"kind": "graph", "title": "Max, min, abs", "inputs": {"x": 1.5, "y": -0.7, "z": 0.3},
        "stages": ["a = max(x*y, z)", "b = min(x, abs(y))", "f = a*b + abs(a - b)"]}


def test_sign_dropped_slip_shows_the_value():
    a, b = max(Fraction("1.5") * Fraction("-0.7"), Fraction("0.3")), min(Fraction("1.5"), Fraction("0.7"))
    answers = {"a": str(a), "b": str(b), "f.2": str(a - b), "df/df.3": "1", "df/df.2": "1"}  # ∂|u|/∂u at u < 0: +1
    text = symbp.check(symbp.spec_from_dict(SPEC), answers).to("text")
    line = next(line for line in text.splitlines() if "likely slip" in line and "df" not in line.split(":")[0])
    assert "|{" not in line, line
    upstream, local, result = re.search(r": (\S+) · \|(−?\d+)\| = (\S+)$", line).groups()
    assert Fraction(upstream) * abs(Fraction(local.replace("−", "-"))) == Fraction(result)
    assert Fraction(local.replace("−", "-")) == (-1 if a - b < 0 else 1)
