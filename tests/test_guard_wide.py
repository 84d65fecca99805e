"""A line out of reach at GUARD_DIGITS: the saturated softmax of a user's Adam net is written in its stable
form (symbp/stable_sse.py); where a line is out of reach still, solve's last try gives WIDE_GUARD_DIGITS
to that line and the chain of lines its digits come from only (render/plan_grow.py).

A user's 1-3-2 network (identity hidden layer, softmax output with half_sse, Adam, learning rate 1,
3 steps) saturates its softmax: a_0^2@3 = 1 − 8.3·10⁻¹⁴, so δ_0^2@3 = Σ (a_j − y_j)·a_j·(δ_0j − a_0)
takes 1 − a_0 from a_0 printed to 17 digits or more — beyond --digits + 12.  It ended in exit 3; then
(exit34) the last try printed it with every line of the derivation allowed 20 guard digits (step 1's
δ line with a 24-digit a).  Now δ_0^2@3 = a_0·a_1·((a_0 − y_0) − (a_1 − y_1)) from the printed a.
A random RMSprop net (benchmarks/survey_softmax_mse.py, seed 34) still needs the last try.
Read here as a student reads the text (tests/linecheck.py): every line follows from its printed
numbers, to half a unit, or to one where it is marked "≈†".
"""

from __future__ import annotations

import re

from linecheck import check_text
from test_guard_rule import exact_text

SATURATED_ADAM = {"layers": [1, 3, 2], "loss": "half_sse", "steps": 3, "learning_rate": "1",
                  "input": ["1.9"], "target": ["0.8", "0.1"], "optimizer": {"name": "adam"},
                  "layer": [{"weights": [["0.6"], ["-0.2"], ["0.8"]], "activation": "identity", "bias": False},
                            {"weights": [["-0.1", "0.5", "0.7"], ["-0.8", "0.3", "0.2"]], "activation": "softmax",
                             "biases": ["-0.3", "-0.4"]}]}
# the survey's seed 34: δ_3^2@2 of a 1-3-4 softmax (a = 0.45, 0.55 and two of 10^−17) out of reach at --digits 3
RMSPROP = {"layers": [1, 3, 4], "loss": "half_sse", "steps": 2, "learning_rate": "2", "input": ["-0.7"],
           "target": [0, 1, 0, 0], "optimizer": {"name": "rmsprop"},
           "layer": [{"weights": [["0.7"], ["0.8"], ["0.8"]], "activation": "relu", "bias": False},
                     {"weights": [["-0.9", "0.9", "-0.3"], ["0.2", "0.6", "-0.8"], ["-0.3", "-1.0", "-0.7"], ["0.0", "0.6", "-0.3"]],
                      "activation": "softmax", "biases": ["0.4", "-0.9", "-0.2", "-0.7"]}]}


def _wide_numbers(text: str, digits: int) -> int:
    """The numbers printed with more than --digits + 12 significant digits (GUARD_DIGITS, the normal cap)."""
    numbers = re.findall(r"(?<![\w^_@.])\d+\.\d+", text)
    return sum([len(n.replace(".", "").lstrip("0")) > digits + 12 for n in numbers])


def _marked(text: str) -> int:
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 50
    return sum(["≈† " in line for line in text.splitlines()])


def test_a_saturated_softmax_with_adam_is_written_in_its_stable_form():
    text = exact_text(SATURATED_ADAM, "neuron", 4)
    assert _marked(text) == 0 and "δ_0^2@3 = a_0^2@3·a_1^2@3·(" in text
    assert _wide_numbers(text, 4) == 0


def test_a_line_out_of_reach_still_prints_in_the_last_try(monkeypatch):
    """The RMSprop net goes through solve's last try (its δ has no saturated output: no stable form)
    and every line follows; the numbers beyond --digits + 12 are the last try's."""
    from symbp.render import plan_grow

    tries = []
    pin = plan_grow.pin_out_of_reach
    monkeypatch.setattr(plan_grow, "pin_out_of_reach", lambda plan, *rest: tries.append(plan.refused) or pin(plan, *rest))
    text = exact_text(RMSPROP, "auto", 3)
    assert tries and _marked(text) >= 0 and _wide_numbers(text, 3) > 0
