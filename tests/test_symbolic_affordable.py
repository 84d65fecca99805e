"""SymPy's derivative of the whole loss runs where it is affordable (verify_symbolic.affordable):
kinks nested in kinks make SymPy's folded Piecewise grow with the product of the kinked inputs'
branches (a 3-1-4-1 leaky/leaky/ReLU net of 3 samples took ~14 s of a student's first derive).
There the verification sentence does not claim SymPy, and finite differences still check every
gradient; a small net keeps its SymPy check."""

from __future__ import annotations

import re

import symbp
from symbp.verify_symbolic import SYMBOLIC_BRANCHES, branches

DEEP_KINKS = """
layers = [3, 1, 4, 1]
loss = "mse"
learning_rate = "0.25"
inputs = [["-0.8", "0.0", "-1.2"], ["1.1", "0.4", "-0.7"], ["1.5", "1.8", "1.7"]]
targets = [["0.8"], ["1.2"], ["-0.8"]]
[[layer]]
weights = [["0.9", "-0.1", "0.3"]]
biases = ["0.8"]
activation = "leaky_relu"
negative_slope = "0.01"
[[layer]]
weights = [["-0.1"], ["0.6"], ["1.0"], ["-0.3"]]
biases = ["-0.2", "-0.7", "-0.4", "1.0"]
activation = "leaky_relu"
negative_slope = "0.01"
[[layer]]
weights = [["0.1", "0.1", "0.5", "-0.2"]]
biases = ["0.6"]
activation = "relu"
"""


def _verified(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Verified:"))


def _architecture(widths, activations):
    return (widths, tuple((a, True, None) for a in activations), "half_sse", 1, False, 1, None)


def test_the_estimate_follows_the_nesting_of_kinks():
    """Counted by hand: a kinked neuron has 2 × the product of its inputs' branches; summed over
    kinked neurons; smooth layers fold nothing."""
    assert branches(_architecture((2, 3, 1), ("relu", "identity"))) == 3 * 2
    assert branches(_architecture((2, 4, 1), ("relu", "relu"))) == 4 * 2 + 2 * 2 ** 4
    assert branches(_architecture((3, 1, 4, 1), ("relu", "relu", "relu"))) == 2 + 4 * 4 + 2 * 4 ** 4
    assert branches(_architecture((2, 2, 2, 1), ("sigmoid", "tanh", "sigmoid"))) == 0
    assert branches(_architecture((2, 3, 3, 1), ("relu",) * 3)) > SYMBOLIC_BRANCHES  # 8,246 uncapped


def test_deeply_kinked_net_is_checked_without_claiming_sympy(tmp_path):
    spec = tmp_path / "deep.toml"
    spec.write_text(DEEP_KINKS)
    sentence = _verified(symbp.derive(symbp.load(spec)).to("text"))
    assert "SymPy" not in sentence
    gradients = 4 + 8 + 5
    assert re.search(rf"{gradients} gradients agree with central finite differences", sentence), sentence


def test_small_net_keeps_its_sympy_check():
    sentence = _verified(symbp.derive(symbp.example("nn231")).to("text"))
    assert re.search(r"(\d+) with SymPy differentiating the whole cost", sentence), sentence


def test_the_estimate_knows_every_kinked_activation():
    from symbp.activations import ACTIVATIONS
    from symbp.float_net import KINKED

    assert {name for name, activation in ACTIVATIONS.items() if activation.kink} <= KINKED
