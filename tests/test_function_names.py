"""The natural logarithm and the exponential are printed as the header and the README name them:
ln and e^… in text, \\ln and e^{…} in Markdown and LaTeX — in the cost lines, the formulas and the
sheets' givens alike (a new user found `log(0.6345)` and `softplus(z) = log(exp(z) + 1)` below a
header saying `ln(1 + e^z)`)."""

from __future__ import annotations

import math

from symbp.pipeline import derive_solution
from symbp.render.worked import render_latex, render_markdown, render_text
from symbp.spec import parse_spec

SIGMOID_BCE = """layers = [2, 2, 1]
activation = "sigmoid"
loss = "bce"
learning_rate = 0.5
input = [0.7, -1.3]
target = [1]
[[layer]]
weights = [[0.25, -0.6], [0.9, 0.15]]
biases = [0.05, -0.3]
[[layer]]
weights = [[1.2, -0.8]]
biases = [0.1]
"""

SOFTPLUS = """layers = [2, 1]
activation = "softplus"
loss = "mse"
learning_rate = 0.3
input = [0.5, 2]
target = [2]
[[layer]]
weights = [[0.5, -0.25]]
biases = [0]
"""


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _outputs(text: str) -> tuple[str, str, str]:
    solution, report = derive_solution(parse_spec(text))
    return render_text(solution, report), render_markdown(solution, report), render_latex(solution, report)


def test_a_bce_cost_line_writes_ln_as_its_header_does():
    hidden = [_sigmoid(0.25 * 0.7 - 0.6 * -1.3 + 0.05), _sigmoid(0.9 * 0.7 + 0.15 * -1.3 - 0.3)]
    a = _sigmoid(1.2 * hidden[0] - 0.8 * hidden[1] + 0.1)  # 0.63448…, computed here
    text, md, tex = _outputs(SIGMOID_BCE)
    line = (f"    L = −(y_0·ln(a_0^2) + (1 − y_0)·ln(1 − a_0^2)) = −(1·ln({a:.4f}) + (1 − 1)·ln(1 − {a:.4f}))"
            f" ≈ {-math.log(a):.4f}\n")
    assert line in text
    assert "log(" not in text and "exp(" not in text and " log " not in text
    assert "L = −1/n · Σ_j [y_j ln a_j^L + (1 − y_j) ln(1 − a_j^L)] (ln: the natural logarithm)" in text
    assert "    σ(z) = 1/(1 + e^(−z))\n" in text and "    σ'(z) = e^(−z)/(1 + e^(−z))² = σ(z)·(1 − σ(z))\n" in text
    for typeset in (md, tex):
        assert rf"\ln({a:.4f})" in typeset and r"\log" not in typeset and r"\exp{" not in typeset and r"\exp(" not in typeset


def test_the_softplus_formulas_write_ln_and_e_as_the_header_does():
    text, md, tex = _outputs(SOFTPLUS)
    assert "softplus(z) = ln(1 + e^z)." in text  # the header, as before
    assert "    softplus(z) = ln(e^z + 1)\n    softplus'(z) = e^z/(e^z + 1)\n" in text
    assert "log" not in text.replace("logistic", "") and "exp(" not in text
    for typeset in (md, tex):
        assert r"\operatorname{softplus}(z) &= \ln{\left(e^{z} + 1 \right)}" in typeset and r"\log" not in typeset
