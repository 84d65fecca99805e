"""A graph's fan-out sum written with 3 significant digits (the sheet asks 4, accepts 3) by a student who
rounds each product to 3 digits too is right, not wrong (graph tester, stop 67: −0.0219 + 0.0186 = −0.00330
for (−0.0438)·0.5 + 0.0233·0.8 was WRONG, "own numbers −0.00326").  The student's arithmetic is worked
here with Decimal, independently of symbp; numbers no such rounding gives stay wrong."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest

import symbp

SPEC = {"kind": "graph", "title": "three digits", "gates": "as_written", "inputs": {"a": 0.7, "b": -0.8, "x": 2},
        "stages": ["p = a*x", "q = b*x", "f = tanh(p) + sigmoid(q)"]}


def r3(value) -> Decimal:
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return d.quantize(Decimal(1).scaleb(d.adjusted() - 2), rounding=ROUND_HALF_UP)


def student() -> dict:
    """Every number written with 3 significant digits, each product of df/dx's sum rounded so too."""
    a, b, x = Decimal("0.7"), Decimal("-0.8"), Decimal(2)
    p, q = a * x, b * x
    sig = 1 / (1 + math.exp(-float(q)))
    f = r3(math.tanh(float(p)) + sig)
    dp, dq = r3(1 - math.tanh(float(p)) ** 2), r3(sig * (1 - sig))
    dx = r3(r3(dp * a) + r3(dq * b))
    return {"p": p, "q": q, "f": f, "df/dp": dp, "df/dq": dq, "df/da": r3(dp * x), "df/db": r3(dq * x), "df/dx": dx}


def _text(values: dict) -> dict:
    return {name: f"{value:.3g}" if abs(value) >= 1 else f"{value}" for name, value in values.items()}


def test_the_three_digit_route_is_right():
    values = student()
    own = values["df/dp"] * Decimal("0.7") + values["df/dq"] * Decimal("-0.8")  # the written numbers, exactly
    true = (1 - math.tanh(1.4) ** 2) * 0.7 + (1 / (1 + math.exp(1.6))) * (1 - 1 / (1 + math.exp(1.6))) * -0.8
    assert values["df/dx"] == Decimal("0.0390") and abs(own - values["df/dx"]) > Decimal("0.0001")  # > one unit
    assert r3(true) != values["df/dx"]
    report = symbp.check(symbp.spec_from_dict(SPEC), _text(values))
    assert set(report.statuses.values()) == {"correct"}, report.statuses


@pytest.mark.parametrize("written", ["0.0410", "-0.0390", "0.151", "0.0360"])
def test_what_no_three_digit_rounding_gives_stays_wrong(written):
    # 0.0410 and 0.0360: beyond each product's 3-digit rounding (±0.0005 each); −: the sign; 0.151: one branch
    answers = dict(_text(student()), **{"df/dx": written})
    assert symbp.check(symbp.spec_from_dict(SPEC), answers).statuses["df/dx"] == "wrong"
