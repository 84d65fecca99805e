"""A graph worked by a calculator that rounds each number it does not write its own way (stop 60, a student
helper's HIGH): ∂f/∂c of f = tanh(a·x + b)·ln(c) − x/c is the fan-out sum df/df.4 · 1/c + df/df.6 · (−x/c²).
A careful student kept 1/c to five digits and −x/c² to four: −0.2913 · 0.47619 + 0.1134 = −0.02531, for a
true −0.02534 — marked WRONG ("own numbers ≈ −0.02534"), while −0.02530 and −0.02532 were right.

Every mixture is enumerated here with Python's Decimal, independently of symbp: the gradient written before
it (−0.2913) or the calculator's tanh(−0.3); each local derivative, the quotient inside −x/c² and each product
rounded to 4, 5 or 6 significant digits or kept whole.  Each such answer must be right; a number beyond all of
them by two units of its last digit stays wrong.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import symbp

SPEC = {"kind": "graph", "title": "Tanh, ln and a quotient", "inputs": {"a": "-0.8", "x": "0.5", "b": "0.1", "c": "2.1"},
        "expression": "f = tanh(a*x + b) * ln(c) - x / c"}
WAYS = (4, 5, 6, None)  # significant digits a number is rounded to (None: kept whole)


def rounded(value: Decimal, digits: int | None) -> Decimal:
    if digits is None or value == 0:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_EVEN)


def four(value: Decimal) -> str:
    return str(rounded(value, 4))


def _written() -> dict:
    """Every node value and every gradient but df/dc, worked exactly and written to 4 digits."""
    with localcontext() as context:
        context.prec = 40
        a, x, b, c = (Decimal(SPEC["inputs"][k]) for k in "axbc")
        f1, f2 = a * x, a * x + b
        f3 = ((2 * f2).exp() - 1) / ((2 * f2).exp() + 1)  # tanh(f.2)
        f4, f6 = c.ln(), x / c
        f5, f = f3 * f4, f3 * f4 - f6
        local3 = 1 - f3 * f3
        gradients = {"df/df.6": Decimal(-1), "df/df.5": Decimal(1), "df/df.4": f3, "df/df.3": f4, "df/df.2": f4 * local3,
                     "df/df.1": f4 * local3, "df/db": f4 * local3, "df/dx": f4 * local3 * a - 1 / c,
                     "df/da": f4 * local3 * x}
    values = {"f.1": f1, "f.2": f2, "f.3": f3, "f.4": f4, "f.5": f5, "f.6": f6, "f": f}
    written = {name: four(v) for name, v in (values | gradients).items()}
    written["df/df.6"], written["df/df.5"] = "-1", "1"
    return written, f3, x, c


def _mixtures() -> set:
    """df/dc as every mixture of roundings gives it, rounded to 4 digits as written."""
    written, f3, x, c = _written()
    found = set()
    with localcontext() as context:
        context.prec = 40
        for upstream, k1, kq, kp1, kp2 in itertools.product((Decimal(written["df/df.4"]), f3), WAYS, WAYS, WAYS, WAYS):
            local_c = rounded(1 / c, k1)  # ∂f.4/∂c = 1/c
            local_q = -rounded(x / (c * c), kq)  # ∂f.6/∂c = −x/c²
            term1, term2 = rounded(upstream * local_c, kp1), rounded(-1 * local_q, kp2)
            found.add(rounded(term1 + term2, 4))
    return found


def test_every_mixture_of_roundings_of_a_fan_out_sum_is_right():
    written, _, _, _ = _written()
    spec = symbp.spec_from_dict(SPEC)
    statuses = symbp.check(spec, written).statuses
    assert {statuses[name] for name in written} == {"correct"}, statuses  # (df/dc: not given)
    mixtures = _mixtures()
    assert Decimal("-0.02531") in mixtures and len(mixtures) > 3  # the helper's: 1/c to five digits, −x/c² to four
    for value in sorted(mixtures):
        report = symbp.check(spec, written | {"df/dc": str(value)})
        assert report.statuses["df/dc"] == "correct", (value, report.to_text())


def test_a_number_beyond_every_mixture_stays_wrong():
    written, _, _, _ = _written()
    spec = symbp.spec_from_dict(SPEC)
    mixtures = _mixtures()
    unit = Decimal("0.00001")
    for value in (min(mixtures) - 2 * unit, max(mixtures) + 2 * unit, -min(mixtures)):
        report = symbp.check(spec, written | {"df/dc": str(value)})
        assert report.statuses["df/dc"] == "wrong", (value, sorted(mixtures))


def test_the_rule_says_any_mixture():
    written, _, _, _ = _written()
    text = " ".join(symbp.check(symbp.spec_from_dict(SPEC), written).to_text().split())
    assert "or any mixture of those roundings: each number not on the page" in text


def test_the_interval_does_not_widen_through_gates_that_add_no_error():
    """(the stop's reviewer: a 5 % margin at every step, sums and ×1 included, ratcheted outwards — df/dw0 of a
    primitive-gate sigmoid neuron accepted 0.2354 and 0.2346 where every mixture of roundings, −f² for 1/b's
    local included, gives 0.2348 to 0.2352)"""
    spec = symbp.spec_from_dict({"kind": "graph", "output": "f", "gates": "primitive",
                                 "inputs": {"w0": "0.1", "w1": "-0.2", "w2": "0.3", "x0": 1, "x1": 1, "x2": 1, "b": "0.3"},
                                 "stages": ["s = w0*x0 + w1*x1 + w2*x2 + b", "f = 1/(1+exp(-s))"]})
    with localcontext() as context:
        context.prec = 40
        e = (-Decimal("0.5")).exp()  # s = 0.1 − 0.2 + 0.3 + 0.3 = 0.5; σ'(s) = e^−s/(1 + e^−s)²
        true = e / (1 + e) ** 2
    assert rounded(true, 4) == Decimal("0.2350")
    for name, written, status in (("df/ds", "0.2353", "wrong"), ("df/dw0", "0.2354", "wrong"), ("df/dw0", "0.2346", "wrong"),
                                  ("df/dw0", "0.2350", "correct")):
        assert symbp.check(spec, {name: written}).statuses[name] == status, (name, written)
