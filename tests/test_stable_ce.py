"""A saturated output after RMSprop's first steps (each ±α/√(1 − ρ), whatever the gradient) is printed
without exit 3.

rev33's sweep found valid RMSprop specs refused ("cannot print δ_0^1@2 …", exit 3): a softmax output
a_k = 1 − 2.2·10^−15 (or 1 − 3·10^−118) is printed 1.000…, so no guard digits make −ln a_k or
a_k − y_k follow, and a sigmoid/bce loss line whose ln(1 − a) of a printed 1.000 asked the other a
of its line for ever more digits had its refusal reported on that a (which has no stable form).
Now the softmax/cross-entropy loss and δ have a stable form (symbp/stable_ce.py) and a refused
line hands the refusal to the line after it that asked for the digits.  Read back here as a
student reads the text (tests/linecheck.py: its own parser and arithmetic, ln(1 + u) by log1p).
"""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
from linecheck import check_text

# rev33-scratch/s30138.json: a 3-2 softmax layer, 3 RMSprop steps, --digits 2 (exit 3 on main)
SOFTMAX = {"layers": [3, 2], "loss": "cross_entropy", "steps": 3, "learning_rate": "1",
           "input": ["0.1", "0.2", "0.5"], "target": [1, 0], "optimizer": {"name": "rmsprop"},
           "layer": [{"weights": [["0.7", "-1.0", "-0.1"], ["0.4", "0.6", "0.0"]], "activation": "softmax",
                      "biases": ["-0.9", "1.0"]}]}
# rev33-scratch/s30198.json: sigmoid with bce, a_0 = 1 − 10^−50 after one RMSprop step, --digits 3
SIGMOID = {"layers": [3, 7, 2], "loss": "bce", "steps": 1, "learning_rate": "0.25",
           "input": ["-0.4", "-1.5", "-1.1"], "target": ["1", "0.2"], "optimizer": {"name": "rmsprop"},
           "layer": [{"weights": [["0.2", "0.2", "0.3"], ["0.9", "0.0", "0.5"], ["0.3", "-0.8", "-0.2"],
                                  ["0.7", "-0.9", "0.5"], ["0.2", "0.1", "-0.2"], ["-0.8", "0.9", "-0.9"],
                                  ["-0.1", "0.4", "0.8"]],
                      "activation": "relu", "biases": ["0.3", "0.3", "0.6", "1.0", "0.4", "0.3", "0.6"]},
                     {"weights": [["-0.5", "-0.0", "0.2", "1.0", "0.6", "0.5", "0.4"],
                                  ["-0.4", "-0.5", "0.1", "-0.7", "0.2", "-0.2", "-0.3"]],
                      "activation": "sigmoid", "bias": False}]}

# the sweep's seed 40010: a sigmoid output with cross-entropy, both a = 1 − 10^−34.., --digits 6
SIGMOID_CE = {"layers": [3, 2, 2], "loss": "cross_entropy", "steps": 1, "learning_rate": "1",
              "input": ["-1.9", "-1.9", "-1.0"], "target": ["3/7", "4/7"], "optimizer": {"name": "rmsprop"},
              "layer": [{"weights": [["-0.9", "-0.3", "0.1"], ["0.7", "-0.0", "0.9"]], "activation": "identity",
                         "biases": ["0.9", "0.1"]},
                        {"weights": [["-0.5", "-0.4"], ["-0.4", "0.1"]], "activation": "sigmoid", "biases": ["-0.5", "0.0"]}]}


def _text(table: dict, digits: int, detail: str = "neuron") -> str:
    from symbp import api

    return api.derive(api.spec_from_dict(table), digits, detail=detail).to("text")


def _every_line_follows(text: str) -> None:
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 50
    assert "≈†" not in text and "numerically stable form" in text


def test_a_saturated_sigmoid_output_after_rmsprop_is_printed_and_every_line_follows():
    _every_line_follows(_text(SIGMOID, 3))


def test_a_saturated_sigmoid_output_with_cross_entropy_has_its_loss_from_z():
    text = _text(SIGMOID_CE, 6)
    _every_line_follows(text)
    assert "L@2 = y_0·ln(1 + e^(−z_0^2@2)) + y_1·ln(1 + e^(−z_1^2@2)) = " in text


def test_a_saturated_softmax_output_after_rmsprop_is_printed_and_its_loss_gives_its_tiny_value():
    """Every line follows; L@2 = ln(1 + e^(z_1 − z_0)) − y_1·(z_1 − z_0) from the printed z, worked out
    here with mpmath's log1p from the z printed in ⑦ (the a-form gives ln(1.0) = 0)."""
    text = _text(SOFTMAX, 2)
    _every_line_follows(text)
    lines = [line.strip() for line in text.splitlines()]
    z = {m[1]: Fraction(m[2].replace("−", "-")) for m in map(re.compile(r"(z_[01]\^1@2) = .* [=≈] (\S+)$").match, lines) if m}
    loss = next(line for line in lines if line.startswith("L@2 = ln(1 + e^(z_1^1@2 − z_0^1@2))"))
    ctx = mpmath.mp.clone()  # (not the shared context's precision)
    ctx.dps = 40
    difference = z["z_1^1@2"] - z["z_0^1@2"]
    expected = ctx.log1p(ctx.exp(ctx.mpf(difference.numerator) / difference.denominator))
    mantissa, exponent = loss.rsplit(" ", 1)[1].split("·10^")
    printed = ctx.mpf(mantissa) * ctx.mpf(10) ** int(exponent.replace("−", "-"))
    assert expected < ctx.mpf("1e-12") and abs(printed - expected) <= ctx.mpf("0.05e-15")


def test_the_stable_forms_give_the_solution_s_own_loss_and_delta():
    """The identities of stable_ce.py, evaluated at the exact values of an unsaturated network
    (a 2-3 softmax, one-hot and soft targets) against the loss and δ its graph computes."""
    from symbp import api
    from symbp import derivation_quantities as D
    from symbp.formula_values import evaluate_formula
    from symbp.stable_ce import softmax_formula

    for target in ([0, 1, 0], ["0.25", "0.25", "0.5"]):
        table = {"layers": [2, 3], "loss": "cross_entropy", "learning_rate": "0.5", "input": ["0.5", "-1"], "target": target,
                 "layer": [{"weights": [["0.3", "-0.2"], ["0.1", "0.4"], ["-0.5", "0.2"]], "activation": "softmax",
                            "biases": ["0.1", "0", "-0.1"]}]}
        solution = api.derive(api.spec_from_dict(table), 4)._internal
        values = {**solution.givens, **solution.values}
        for q in solution.derivation.quantities:
            if q.kind in (D.LOSS, D.OUTPUT_DELTA) and q.step == 1:
                formula = softmax_formula(solution.spec, q, values.__getitem__)
                assert abs(evaluate_formula(formula, values, exact=False) - values[q.name]) < 1e-40, q.name
