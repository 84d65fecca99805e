"""A slip made with the digits the calculator kept (an instructor's LOW, stop 54): δ with an extra factor
a(1 − a) worked from the a the calculator shows (0.731059) is −0.05288, from the a written (0.7311)
−0.05286; only the second was named "likely slip: an extra factor a(1 − a)", though the README lets a
written number stand for the value a calculator holds.  Now both are named, and the report's slip line
shows the kept digits, so that it can be recomputed from what it prints.  Worked out here with
Decimal, never by symbp."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, getcontext

import symbp

getcontext().prec = 40

SPEC = {"layers": [2, 2], "activation": "softmax", "loss": "cross_entropy", "learning_rate": 0.1,
        "input": [1, 2], "target": [1, 0], "layer": [{"weights": [["0.3", "0.3"], [0.2, -0.1]], "biases": [0.1, 0]}]}


def r(x: Decimal, digits: int = 4) -> Decimal:
    return x.quantize(Decimal(1).scaleb(x.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def _answers(kept: bool) -> dict:
    z0, z1 = Decimal("0.3") + Decimal("0.6") + Decimal("0.1"), Decimal("0.2") - Decimal("0.2")
    a0 = z0.exp() / (z0.exp() + z1.exp())
    a = a0 if kept else r(a0)
    slipped = (a - 1) * a * (1 - a)  # the extra factor a(1 − a)
    return {"z_0^1": str(r(z0)), "z_1^1": "0", "a_0^1": str(r(a0)), "a_1^1": str(r(1 - a0)),
            "delta_0^1": str(r(slipped))}


def test_the_slip_is_named_with_the_digits_kept_or_written():
    kept, written = _answers(True), _answers(False)
    assert kept["delta_0^1"] != written["delta_0^1"]  # two units of the 4th digit apart: not one number
    spec = symbp.spec_from_dict(SPEC)
    for answers in (kept, written):
        report = symbp.check(spec, answers)
        assert report.statuses["delta_0^1"] == "wrong"
        text = report.to_text()
        slip = next(line for line in text.splitlines() if "likely slip" in line and "a(1 − a)" in line)
        numbers = re.findall(r"−?\d+\.\d+", slip.split(":", 2)[2].replace("−", "-").replace("-", "−"))
        assert numbers, slip
        a = Decimal(numbers[0].replace("−", "-"))
        result = Decimal(numbers[-1].replace("−", "-"))
        worked = (a - 1) * a * (1 - a)  # the line recomputed from what it prints
        places = -result.as_tuple().exponent
        assert abs(worked - result) <= Decimal(1).scaleb(-places) / 2, (slip, worked)
