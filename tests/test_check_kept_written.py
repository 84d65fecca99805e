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


def test_a_number_no_calculator_gives_after_them_stays_wrong():
    written = {"delta_0^2": "4.846", "dL/da_1^1": "4.119", "z_1^1@2": "-0.09785"}  # 12 units of its last digit off
    report = symbp.check(symbp.spec_from_dict(SPEC), written)
    assert report.statuses["z_1^1@2"] == "wrong"
