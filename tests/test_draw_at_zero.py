"""A worksheet variant never puts a sigmoid, tanh or softplus neuron at exactly z = 0: its lines
there are constants, not worked out (tanh(0) = 0, tanh'(0) = 1 − 0² = 1, σ(0) = 1/2), and tanh's
a = 0 gives every weight it feeds a zero gradient (0·δ) — a third of a 2-3-1 sheet's update lines
"w − 0.1·0 = w".  ReLU's z = 0 was already refused (its kink); now these are too.  Draws made likely
to hit 0: small integer weights and inputs, no biases."""

from __future__ import annotations

from fractions import Fraction

import pytest
import symbp

SPEC = """
layers = [2, 2, 1]
activation = "{activation}"
loss = "half_sse"
learning_rate = 0.5
[[layer]]
bias = false
[[layer]]
activation = "identity"
[variants]
weights = {{ range = [-1, 1], decimals = 0 }}
inputs = {{ range = [-1, 1], decimals = 0 }}
targets = {{ range = [-1, 1], decimals = 1 }}
max_saturation = 1
require_loss_decrease = false
allow_dead_layers = true
"""


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "softplus"])
def test_no_smooth_neuron_is_drawn_at_zero(activation):
    spec = symbp.load(SPEC.format(activation=activation))
    sheet = symbp.worksheet(spec, variants=12, seed=3)
    hidden = [(name, value) for variant in sheet.answers()["variants"] for name, value in variant["exact"].items()
              if name.startswith("z_") and "^1" in name]
    assert hidden and all(Fraction(value) != 0 for _, value in hidden), [n for n, v in hidden if Fraction(v) == 0]
    assert sheet.rejections.get("at_zero", 0) > 0  # such draws were made, and refused


def test_an_identity_neuron_may_be_at_zero():
    """identity's f is never worked out (a = z): nothing to test at 0, nothing refused."""
    spec = symbp.load(SPEC.format(activation="identity"))
    assert symbp.worksheet(spec, variants=12, seed=3).rejections.get("at_zero", 0) == 0


GRAPH = """
kind = "graph"
inputs = {{ w = 1, x = 2, b = 1 }}
stages = ["s = w*x + b", "f = {activation}(s)"]
[variants]
inputs = {{ range = [-2, 2], decimals = 0, nonzero = true }}
max_saturation = 1
"""


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])  # a graph has no softplus function
def test_no_smooth_gate_of_a_graph_is_drawn_at_zero(activation):
    """A graph's sheet refuses the same draws as a network's: s = w·x + b is 0 for one draw in
    eight on this grid (w·x = −b), and no variant keeps one."""
    spec = symbp.load(GRAPH.format(activation=activation))
    sheet = symbp.worksheet(spec, variants=12, seed=1)
    arguments = [Fraction(variant["exact"]["s"]) for variant in sheet.answers()["variants"]]
    assert len(arguments) == 12 and 0 not in arguments, arguments
    assert sheet.rejections.get("at_zero", 0) > 0  # such draws were made, and refused
