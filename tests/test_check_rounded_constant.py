"""A constant no decimal writes, typed rounded (this stop's careful-student simulation of a 3-output
binary cross-entropy): L = −1/3·(ln(1 − a_0) + ln a_1 + ln(1 − a_2)) worked as 0.3333 · 2.614, each
logarithm (the last to 5) and partial sum rounded to 4 digits, gives 0.8712 where the exact value is 0.8716 — every
step a calculator's, and it was marked wrong.  The student's working is done here with Python's
Decimal, independently of symbp."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext

import symbp

SPEC = {"layers": [3, 4, 3], "activation": "sigmoid", "loss": "bce", "learning_rate": 0.5,
        "input": [-0.1, 0.5, 0.2], "target": [0, 1, 0],
        "layer": [{"weights": [[0.2, -0.7, 0.8], [-0.1, 0.2, 0.2], [0.8, -0.1, 0.1], [-0.6, 0.4, 0.1]],
                   "biases": [0.3, 0.3, -0.2, 0.1]},
                  {"weights": [[0.1, -0.2, 0.7, -0.5], [-0.7, 0.9, -0.2, -1.0], [0.6, -0.7, 0.9, -0.9]],
                   "biases": [0.4, -0.1, 0.3]}]}


def rounded(value: Decimal, digits: int = 4) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def student(keep=rounded) -> tuple[dict, list]:
    """The forward pass with every z and a rounded to 4 digits and carried on (`keep`); the output a's."""
    getcontext().prec = 40
    D = Decimal
    a = [D(str(v)) for v in SPEC["input"]]
    written = {}
    for number, layer in enumerate(SPEC["layer"], start=1):
        following = []
        for j, (row, bias) in enumerate(zip(layer["weights"], layer["biases"])):
            z = keep(sum(D(str(w)) * x for w, x in zip(row, a)) + D(str(bias)))
            value = keep(1 / (1 + (-z).exp()))
            written[f"z_{j}^{number}"], written[f"a_{j}^{number}"] = str(z), str(value)
            following.append(value)
        a = following
    return written, a


def with_loss(route: str) -> dict:
    written, a = student()
    y = SPEC["target"]
    terms = [rounded((a[j] if y[j] else 1 - a[j]).ln(), digits) for j, digits in enumerate((4, 4, 5))]
    total = rounded(rounded(terms[0] + terms[1]) + terms[2])
    loss = -total * rounded(Decimal(1) / 3) if route == "0.3333" else -total / 3
    return {**written, "L": str(rounded(loss))}


def test_a_third_typed_as_0_3333_is_a_rounding_on_the_way():
    spec = symbp.spec_from_dict(SPEC)
    a, y = student(keep=lambda v: v)[1], SPEC["target"]
    exact = -sum((a[j] if y[j] else 1 - a[j]).ln() for j in range(3)) / 3
    answers = with_loss("0.3333")
    assert answers["L"] == "0.8712" and abs(Decimal(answers["L"]) - exact) > Decimal("0.0003")
    report = symbp.check(spec, answers)
    assert {report.statuses[name] for name in answers} == {"correct"}, report.to_text()[:1200]


def test_a_loss_beyond_every_rounding_stays_wrong():
    answers = {**with_loss("0.3333"), "L": "0.8709"}  # 3 units below the 0.3333 route, 7 below the exact value
    assert symbp.check(symbp.spec_from_dict(SPEC), answers).statuses["L"] == "wrong"


def test_a_constant_is_typed_with_four_digits_however_few_the_sheet_asks_for():
    """This stop's reviewer: with constants rounded to the sheet's own digits, a 2-digit sheet's mean of seven
    losses of 0.81 accepted 0.78 (1/7 typed 0.14), below every value it averages."""
    spec = symbp.spec_from_dict({"layers": [1, 1], "activation": "identity", "loss": "mse", "learning_rate": 0.1,
                                 "inputs": [[1]] * 7, "targets": [[0.2]] * 7,
                                 "layer": [{"weights": [[1.1]], "bias": False}]})
    losses = {f"L[{i}]": "0.81" for i in range(1, 8)}  # (1.1 − 0.2)² each
    assert symbp.check(spec, {**losses, "L": "0.78"}, digits=2).statuses["L"] == "wrong"
    assert symbp.check(spec, {**losses, "L": "0.81"}, digits=2).statuses["L"] == "correct"
