"""A line out of reach at GUARD_DIGITS is solved with more (render/plan_grow.py, WIDE_GUARD_DIGITS).

A user's 1-3-2 network (identity hidden layer, softmax output with half_sse, Adam, learning rate 1,
3 steps) saturates its softmax: a_0^2@3 = 1 − 8.3·10⁻¹⁴, so δ_0^2@3 = Σ (a_j − y_j)·a_j·(δ_0j − a_0)
takes 1 − a_0 from a_0 printed to 17 digits or more — beyond --digits + 12, the cap of its inputs
(softmax with an mse loss has no stable form).  It ended in exit 3 at every --digits (3-6) and
--detail.  Read here as a student reads the text (tests/linecheck.py): every line follows from its
printed numbers, to half a unit, or to one where it is marked "≈†".
"""

from __future__ import annotations

import pytest

from linecheck import check_text
from test_guard_rule import exact_text

SATURATED_ADAM = {"layers": [1, 3, 2], "loss": "half_sse", "steps": 3, "learning_rate": "1",
                  "input": ["1.9"], "target": ["0.8", "0.1"], "optimizer": {"name": "adam"},
                  "layer": [{"weights": [["0.6"], ["-0.2"], ["0.8"]], "activation": "identity", "bias": False},
                            {"weights": [["-0.1", "0.5", "0.7"], ["-0.8", "0.3", "0.2"]], "activation": "softmax",
                             "biases": ["-0.3", "-0.4"]}]}


@pytest.mark.parametrize("digits, detail", [(3, "auto"), (4, "neuron")])
def test_a_saturated_softmax_with_adam_prints_and_every_line_follows(digits, detail):
    text = exact_text(SATURATED_ADAM, detail, digits)
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 50
    assert "δ_0^2@3" in text
