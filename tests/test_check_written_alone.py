"""A right value written alone, everything before it left blank (this stop's careful-student simulation:
a worksheet that asks only for the second step's values meets this all the time).  ReLU + identity,
half_sse, two steps, worked exactly but for w_00^2@2 = 2.126225 rounded to the sheet's 4 digits and
carried on: δ_0^2@2 = ∂L/∂b_0^2@2 = 2.564381 (true 2.564605).  δ written alone was right, ∂L/∂b — the same
number — wrong: the bias gradient, a copy of δ, read δ's own values one level deeper than δ reads them,
and past two such levels the marking followed only the exact and the key's chain's values (the key's
w_00^2@2 is 2.127, from its rounded gradient).  The student's working is done here with Fractions,
independently of symbp."""

from __future__ import annotations

from fractions import Fraction as F

import symbp

SPEC = {"layers": [2, 2, 1], "activation": "relu", "loss": "half_sse", "learning_rate": 1, "steps": 2,
        "input": [-0.9, 0.7], "target": [0.5],
        "layer": [{"weights": [[-0.8, 0.5], [0.65, -0.9]], "biases": [0.7, -0.05]},
                  {"weights": [[-0.25, 0.6]], "biases": [-0.4], "activation": "identity"}]}


def step(W1, b1, W2, b2, x=(F("-0.9"), F("0.7")), y=F("0.5")):
    z1 = [W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j] for j in range(2)]
    a1 = [max(z, F(0)) for z in z1]
    d2 = W2[0] * a1[0] + W2[1] * a1[1] + b2 - y  # identity output, half_sse: δ = a − y
    d1 = [W2[j] * d2 * (1 if z1[j] > 0 else 0) for j in range(2)]
    return d2, ([[W1[j][k] - d1[j] * x[k] for k in range(2)] for j in range(2)], [b1[j] - d1[j] for j in range(2)],
                [W2[k] - d2 * a1[k] for k in range(2)], b2 - d2)


def four_digits(value: F) -> F:
    from decimal import ROUND_HALF_UP, Decimal

    d = Decimal(value.numerator) / Decimal(value.denominator)
    return F(d.quantize(Decimal(1).scaleb(d.adjusted() - 3), rounding=ROUND_HALF_UP))


def test_a_bias_gradient_written_alone_is_right_as_its_delta_is():
    W1, b1, W2, b2 = [[F("-0.8"), F("0.5")], [F("0.65"), F("-0.9")]], [F("0.7"), F("-0.05")], [F("-0.25"), F("0.6")], F("-0.4")
    _, (W1, b1, W2, b2) = step(W1, b1, W2, b2)
    true_delta, _ = step(W1, b1, W2, b2)
    assert W2[0] == F("2.126225") and four_digits(true_delta) == F("2.565")
    students, _ = step(W1, b1, [four_digits(W2[0]), W2[1]], b2)  # w_00^2@2 written 2.126 and carried on
    assert four_digits(students) == F("2.564")
    spec = symbp.spec_from_dict(SPEC)
    for name in ("delta_0^2@2", "dL/db_0^2@2"):
        assert symbp.check(spec, {name: "2.564"}).statuses[name] == "correct", name
        assert symbp.check(spec, {name: "2.561"}).statuses[name] == "wrong", name  # no route gives it


def test_a_copy_is_marked_as_its_source_and_no_wider():
    """This stop's second reviewer: taking an identity's a = z as a copy too let δ_0^1@2 = 5.450 written alone
    pass, which no careful working reaches (its simulation: 5.451–5.458; here the value the marking then
    accepted, 5.450, for the true 5.4529); a copy (∂L/∂b = δ) is marked exactly as its source."""
    spec = symbp.spec_from_dict(SPEC)
    assert symbp.check(spec, {"delta_0^1@2": "5.450"}).statuses["delta_0^1@2"] == "wrong"
    for written in ("5.450", "5.453", "5.455", "5.457"):
        assert symbp.check(spec, {"delta_0^1@2": written}).statuses["delta_0^1@2"] == \
            symbp.check(spec, {"dL/db_0^1@2": written}).statuses["dL/db_0^1@2"], written


def test_no_slip_of_numbers_written_where_none_is_written():
    """w_10^2@2 = 0.6117 written alone (a softmax network; a route through e^z rounded on the way gives it,
    two levels deeper than the marking follows): wrong, but its report said "likely slip: worked out from
    the earlier numbers rounded to fewer digits than they are written with" — no number before it was
    written.  That slip is of numbers written only."""
    import json

    spec = symbp.spec_from_dict({
        "layers": [2, 2, 3], "activation": "sigmoid", "loss": "cross_entropy", "learning_rate": 1,
        "input": [1.9, 1.3], "target": [1, 0, 0],
        "layer": [{"weights": [[-0.35, -0.55], [0.55, 0.2]], "biases": [0.05, 0.6]},
                  {"weights": [[-0.15, -0.3], [0.7, 0.7], [-0.35, 0.65]], "biases": [-0.1, -0.3, -0.1],
                   "activation": "softmax"}]})
    marked = json.loads(symbp.check(spec, {"w_10^2@2": "0.6117"}).to_json())["quantities"]["w_10^2@2"]
    assert marked["diagnosis_key"] != "inputs_rounded"
