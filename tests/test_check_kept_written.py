"""A student whose calculator keeps 5 digits and who writes 4 (stop 48, a careful-student simulation):
writing a right number down must not make a right later number wrong.  The calculator's working is
done here with Python's Decimal, independently of symbp."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext

import symbp

SPEC = {"layers": [2, 3, 1], "activation": "relu", "loss": "half_sse", "learning_rate": 0.1,
        "input": [-1.89, 1.58], "target": [-1.1],
        "layer": [{"weights": [[-0.3, 0.2], [-0.6, 1.0], [0.9, 0.9]], "biases": [0.5, 0.1, 0.2]},
                  {"weights": [[0.69, 0.85, 0.63]], "biases": [0.4], "activation": "identity"}]}


def rounded(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def five_digit_student() -> dict:
    """Every value rounded to 5 significant digits as the calculator carries it on."""
    getcontext().prec = 40
    R = lambda v: rounded(v, 5)  # noqa: E731
    D = Decimal
    x = [D("-1.89"), D("1.58")]
    W1, b1 = [[D("-0.3"), D("0.2")], [D("-0.6"), D("1.0")], [D("0.9"), D("0.9")]], [D("0.5"), D("0.1"), D("0.2")]
    W2, b2 = [D("0.69"), D("0.85"), D("0.63")], D("0.4")
    z1 = [R(W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j]) for j in range(3)]
    a1 = [max(z, D(0)) for z in z1]
    z2 = R(sum(W2[j] * a1[j] for j in range(3)) + b2)
    delta2 = R(z2 - D("-1.1"))  # half_sse, identity output: δ = a − y
    da1 = R(W2[1] * delta2)  # dL/da_1^1
    delta1 = da1 if z1[1] > 0 else D(0)
    dw10, dw11, db1 = R(delta1 * x[0]), R(delta1 * x[1]), delta1
    w10, w11, b1new = R(W1[1][0] - D("0.1") * dw10), R(W1[1][1] - D("0.1") * dw11), R(b1[1] - D("0.1") * db1)
    z11_2 = w10 * x[0] + w11 * x[1] + b1new
    return {"delta_0^2": delta2, "dL/da_1^1": da1, "z_1^1@2": z11_2}


def test_writing_a_right_delta_does_not_make_a_right_later_value_wrong():
    """δ_0^2 = 4.8462 written 4.846, dL/da_1^1 = 0.85 · 4.8462 = 4.1193 written 4.119, and z_1^1@2 =
    −0.0977325 written −0.09773: right without δ written, wrong with it — the calculator chain that keeps
    5 digits took the written 4.119 for itself, not for 4.1193 (which rounds to it and follows from the
    4.8462 the chain kept for 4.846), so the values after it were worked from 4.119."""
    student = five_digit_student()
    assert (student["delta_0^2"], student["dL/da_1^1"]) == (Decimal("4.8462"), Decimal("4.1193"))
    written = {name: str(rounded(value, 4)) for name, value in student.items()}
    assert written == {"delta_0^2": "4.846", "dL/da_1^1": "4.119", "z_1^1@2": "-0.09773"}
    spec = symbp.spec_from_dict(SPEC)
    for answers in (written, {k: v for k, v in written.items() if k != "delta_0^2"}):
        report = symbp.check(spec, answers)
        assert {report.statuses[n] for n in answers} == {"correct"}, report.to_text()[:800]


def careful_route_after_the_written_sum() -> dict:
    """A careful student whose z^2 is 3.7463 (0.85·a_1^1 rounded to 4 digits, z^2 to 5) keeps δ = 4.8463 (written
    4.846) and 0.85·δ = 4.1194 (to 5 digits; written 4.119), rounds ∂L/∂w_10^1 to 4 digits, ∂L/∂w_11^1 to 6,
    w_11^1@2 and the products of z_1^1@2 to 5, and keeps the rest."""
    getcontext().prec = 40
    D = Decimal
    x = [D("-1.89"), D("1.58")]
    W1, b1 = [[D("-0.3"), D("0.2")], [D("-0.6"), D("1.0")], [D("0.9"), D("0.9")]], [D("0.5"), D("0.1"), D("0.2")]
    W2, b2 = [D("0.69"), D("0.85"), D("0.63")], D("0.4")
    a1 = [max(W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j], D(0)) for j in range(3)]
    z2 = rounded(W2[0] * a1[0] + rounded(W2[1] * a1[1], 4) + W2[2] * a1[2] + b2, 5)
    delta2 = z2 - D("-1.1")
    da1 = rounded(W2[1] * delta2, 5)  # dL/da_1^1 (z_1^1 = 2.814 > 0: δ_1^1 the same)
    w10 = W1[1][0] - D("0.1") * rounded(da1 * x[0], 4)
    w11 = rounded(W1[1][1] - D("0.1") * rounded(da1 * x[1], 6), 5)
    z11_2 = rounded(w10 * x[0], 5) + rounded(w11 * x[1], 5) + (b1[1] - D("0.1") * da1)
    return {"delta_0^2": delta2, "dL/da_1^1": da1, "z_1^1@2": z11_2}


def test_a_number_a_careful_route_gives_after_them_is_right_and_one_beyond_every_route_wrong():
    """z_1^1@2 = −0.09785 after δ_0^2 = 4.846 and dL/da_1^1 = 4.119 written was taken for "a number no calculator
    gives" (12 units of its last digit from the 5-digit student's −0.09773): a careful route gives it
    (careful_route_after_the_written_sum, the route route_search.py finds).  Every careful route from the
    written dL/da_1^1 — any value that rounds to 4.119, each value after it rounded to 4 or more digits or
    kept — lies in [−0.09952, −0.09551] (an outer bound worked out apart from symbp, with affine arithmetic,
    room left for δ_1^1 = dL/da_1^1·ReLU'(z) rounded twice): −0.09960 and −0.09540 lie beyond it."""
    student = careful_route_after_the_written_sum()
    written = {name: str(rounded(value, 4)) for name, value in student.items()}
    assert written == {"delta_0^2": "4.846", "dL/da_1^1": "4.119", "z_1^1@2": "-0.09785"}
    spec = symbp.spec_from_dict(SPEC)
    assert symbp.check(spec, written).statuses["z_1^1@2"] == "correct"
    for slip in ("-0.09960", "-0.09540"):
        assert symbp.check(spec, written | {"z_1^1@2": slip}).statuses["z_1^1@2"] == "wrong", slip
