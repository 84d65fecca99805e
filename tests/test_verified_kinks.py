"""A network's footer says which gradients it did not compare with finite differences: those at a
kink, where the derivative is a convention (a reviewer: "6 gradients agree with central finite
differences" of 8, the other 2 passed over in silence).  The count is the test's own: a 1-1-1
leaky-ReLU net whose hidden pre-activation is exactly 0 at step 1 (z = 0.5·2 − 1), so that the
two parameters into that neuron, w_00^1 and b_0^1, have their gradient at the kink."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import symbp

CATALOGUE = tomllib.loads((Path(__file__).resolve().parent.parent / "templates" / "i18n" / "en.toml")
                          .read_text(encoding="utf-8"))["solution"]
KINK = {"title": "Leaky ReLU at its kink", "layers": [1, 1, 1], "activation": "leaky_relu", "negative_slope": 0.1,
        "loss": "half_sse", "learning_rate": 0.5, "steps": 2, "input": [2], "target": [1],
        "layer": [{"weights": [[0.5]], "biases": [-1]}, {"weights": [[0.8]], "biases": [0.3]}]}


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex"])
def test_gradients_at_a_kink_are_named_in_the_footer(fmt):
    solution = symbp.derive(symbp.spec_from_dict(KINK))
    text = {"text": solution.to_text, "markdown": solution.to_markdown, "latex": solution.to_latex}[fmt]()
    at_kink = 2  # ∂L/∂w_00^1 and ∂L/∂b_0^1 at step 1
    gradients = 4 * 2  # four parameters, two steps
    compared = int(re.search(r"(\d+) gradients agree with central finite differences", text).group(1))
    assert compared + at_kink == gradients
    assert CATALOGUE["verified_kinks"].replace("{n}", str(at_kink)) in text


def test_no_kink_no_word_of_it():
    assert "at a kink" not in symbp.derive(symbp.example("nn231")).to_text()
