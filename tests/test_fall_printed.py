"""The fall of the cost is the difference of the two printed costs, exactly (README, "Numbers on
the page"): "fell from 0.01445 to ≈ 1.043·10^−7 (by 0.0144498957)", not "(by ≈ 0.01445)".

The costs of the ReLU network are worked out here in Fractions (three steps of gradient descent
written in the test); the sentence is read back as a reader reads it.
"""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest

from linecheck_numbers import number, number_rounds, unit

from symbp.api import derive, spec_from_dict
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import build_worksheet

STEPS = {"title": "Three steps", "layers": [2, 2, 1], "activation": "relu", "loss": "half_sse",
         "learning_rate": 0.1, "steps": 3, "input": [1, 2], "target": [1.5],
         "layer": [{"weights": [[0.2, -0.4], [0.5, 0.7]], "biases": [0.1, -0.1]},
                   {"activation": "identity", "weights": [[-0.6, 0.9]], "biases": [0.05]}]}
SOFTPLUS = {"title": "softplus mse", "layers": [2, 3, 2], "activation": "softplus", "loss": "mse",
            "learning_rate": 0.25, "steps": 2, "input": [0.5, -1.5], "target": [1.0, 0.2],
            "layer": [{"weights": [[0.3, 0.1], [-0.2, 0.4], [0.6, -0.5]], "biases": [0.0, 0.1, -0.1]},
                      {"activation": "identity", "weights": [[0.2, -0.3, 0.5], [0.7, 0.1, -0.4]], "biases": [0.05, 0.0]}]}
SENTENCE = {
    "text": re.compile(r"The cost fell from (≈ )?(\S+) to (≈ )?(\S+) \(by (≈ )?([^;)]+)(?:; exact: [^)]+)?\)\."),
    "md": re.compile(r"The cost fell from \$(\\approx )?([^$]+)\$ to \$(\\approx )?([^$]+)\$ \(by \$(\\approx )?([^$]+)\$(?:; exact: \$[^$]+\$)?\)\."),
}


def _as_text(text: str) -> str:
    """A number as LaTeX prints it ("1.043 \\cdot 10^{-7}", "-0.5") as the text format does."""
    return text.replace(r" \cdot 10^{", "·10^").replace("}", "").replace("-", "−").strip()


def relu_costs(table: dict) -> list[F]:
    """The cost before each step and after the last, in exact arithmetic (ReLU, identity output)."""
    x = [F(str(v)) for v in table["input"]]
    y = F(str(table["target"][0]))
    rate = F(str(table["learning_rate"]))
    w1 = [[F(str(w)) for w in row] for row in table["layer"][0]["weights"]]
    b1 = [F(str(b)) for b in table["layer"][0]["biases"]]
    w2 = [F(str(w)) for w in table["layer"][1]["weights"][0]]
    b2 = F(str(table["layer"][1]["biases"][0]))
    costs = []
    for _ in range(table["steps"] + 1):
        z1 = [w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j] for j in range(2)]
        a1 = [max(z, F(0)) for z in z1]
        a2 = w2[0] * a1[0] + w2[1] * a1[1] + b2
        costs.append((y - a2) ** 2 / 2)
        d2 = a2 - y
        d1 = [w2[k] * d2 * (1 if z1[k] > 0 else 0) for k in range(2)]
        w2 = [w2[k] - rate * d2 * a1[k] for k in range(2)]
        b2 = b2 - rate * d2
        w1 = [[w1[j][k] - rate * d1[j] * x[k] for k in range(2)] for j in range(2)]
        b1 = [b1[j] - rate * d1[j] for j in range(2)]
    return costs


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_the_fall_is_the_exact_difference_of_the_printed_costs(fmt):
    costs = relu_costs(STEPS)
    out = derive(spec_from_dict(STEPS)).to(fmt)
    before, after, fall_sign, fall = (None if t is None else _as_text(t) for t in SENTENCE[fmt].search(out).group(2, 4, 5, 6))
    assert number_rounds(costs[0], before) and number_rounds(costs[-1], after)
    assert number(fall) == number(before) - number(after)  # was "by ≈ 0.01445"
    assert fall_sign is None  # "=": it holds exactly


def test_an_irrational_fall_is_still_the_difference_of_what_is_printed():
    out = derive(spec_from_dict(SOFTPLUS)).to("text")
    before, after, fall_sign, fall = SENTENCE["text"].search(out).group(2, 4, 5, 6)
    assert fall_sign is None and number(fall) == number(before) - number(after)  # was "by ≈ 0.06278"


KEY_SENTENCE = re.compile(r"The cost fell from \$(?:\\approx )?([^$]+)\$ to \$(?:\\approx )?([^$]+)\$ \(by \$([^$]+)\$[;)]")


def test_the_fall_keeps_the_decimal_places_both_printed_costs_have():
    """0.1394 − 0.1274 = 0.0120 as on paper, not 0.012 (which reads as a value of two digits); a fall
    with more places than the costs' coarser one keeps its exact digits (0.0392 − 0.008450 = 0.03075)."""
    key = build_worksheet(load_spec(example_path("mazur")), 30, 5).files["answer-key.tex"]
    sentences = KEY_SENTENCE.findall(key)
    assert len(sentences) == 30
    padded = 0
    for before, after, fall in (map(_as_text, found) for found in sentences):
        assert number(fall) == number(before) - number(after)
        assert unit(fall) <= max(unit(before), unit(after)), (before, after, fall)
        padded += fall.endswith("0")
    assert padded  # (this sheet has one: 0.1394 − 0.1274 = 0.0120)
