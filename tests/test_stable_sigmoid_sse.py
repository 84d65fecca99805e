"""A sigmoid output saturated to 1 with a squared error (half_sse, mse) is printed from its z.

Its a-form, L = c/2·Σ_j (y_j − a_j)² and δ_j = c·(a_j − y_j)·σ'(z_j), takes 1 − a_j from the printed
a_j: at a = σ(70) = 1 − 4·10^−31 and y = 1 no guard digits give it, and symbp ended in exit 3
("cannot print L …"; the learning_rate = 1000 batch of tests/test_exit3_message.py's history too).
Now a saturated output's a − y is written (1 − y) − 1/(1 + e^z) from the printed z
(symbp/stable_sse.sigmoid_formula).  The printed text is read back by tests/linecheck.py (its own
parser and arithmetic), and its L and δ against mpmath's a-form at 100 digits, from the spec's numbers.
"""

from __future__ import annotations

import re

import mpmath
import pytest

from linecheck import check_text
from test_stable_sse import _printed  # (a printed number and half a unit of its last digit)

# σ(70) = 1 − 4·10^−31 (mse over one output: c = 2/n = 2); σ(60), σ(−0.3) (half_sse: the first saturated)
MSE = {"layers": [1, 1], "loss": "mse", "learning_rate": "0.5", "input": ["1"], "target": ["1"],
       "layer": [{"weights": [["70"]], "activation": "sigmoid", "biases": ["0"]}]}
HALF_SSE = {"layers": [1, 2], "loss": "half_sse", "learning_rate": "0.5", "input": ["2"], "target": ["1", "0"],
            "layer": [{"weights": [["30"], ["-0.15"]], "activation": "sigmoid", "biases": ["0", "0"]}]}


def _expected(table: dict) -> dict:
    """L and each δ_j of step 1 by the a-form at 100 digits (σ of z = w·x + b; the chain rule)."""
    with mpmath.workdps(100):
        layer, x = table["layer"][0], mpmath.mpf(table["input"][0])
        z = [mpmath.mpf(w[0]) * x + mpmath.mpf(b) for w, b in zip(layer["weights"], layer["biases"])]
        a = [1 / (1 + mpmath.exp(-zj)) for zj in z]
        y = [mpmath.mpf(t) for t in table["target"]]
        c = mpmath.mpf(1) if table["loss"] == "half_sse" else mpmath.mpf(2) / len(a)
        values = {"L": c / 2 * sum((yj - aj) ** 2 for aj, yj in zip(a, y))}
        for j, (aj, yj, zj) in enumerate(zip(a, y, z)):
            values[f"δ_{j}^1"] = c * (aj - yj) * aj * (1 / (1 + mpmath.exp(zj)))  # σ' = a·(1 − a), 1 − a from z
        return values


@pytest.mark.parametrize("table, from_z", [(MSE, {"L", "δ_0^1"}), (HALF_SSE, {"δ_0^1"})])
def test_a_saturated_sigmoid_with_a_squared_error_is_printed_from_z(table, from_z):
    """(HALF_SSE's L, 0.09, follows from its printed a: its a-form is kept.)"""
    from symbp import api

    text = api.derive(api.spec_from_dict(table), 4).to("text")
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 8
    assert "1 − a = 1/(1 + e^z)" in text and "≈†" not in text
    lines = [line.strip() for line in text.split("⑥")[0].splitlines()]
    for name, expected in _expected(table).items():
        line = [line for line in lines if line.startswith(f"{name} = ") and re.search(r"[=≈] \S*\d$", line)][-1]
        assert ("e^(" in line) == (name in from_z), line
        printed, half_unit = _printed(line.rsplit(" ", 1)[1])
        assert abs(printed - expected) <= half_unit, (name, line, expected)


def test_the_sentence_is_written_in_every_format_and_locale():
    from symbp import api

    solution = api.derive(api.spec_from_dict(MSE), 4, locale="de")
    assert r"da $1 - a = \frac{1}{1 + e^{z}}$ gilt" in solution.to("md")
    assert r"$a - y = (1 - y) - \frac{1}{1 + e^{z}}$" in solution.to("tex")
    assert "comme 1 − a = 1/(1 + e^z)" in api.derive(api.spec_from_dict(HALF_SSE), 4, locale="fr").to("text")
