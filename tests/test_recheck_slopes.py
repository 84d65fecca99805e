"""The recheck's table of the spec's activations (kept per layers' activations and slopes) gives each
spec its own leaky ReLU slope: a layer's value is the textbook slope·z for z < 0, whichever spec's
table was made before."""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbp.activations import forward_function
from symbp.formula import Apply, Ref
from symbp.render.recheck import Evaluator
from symbp.spec import parse_spec


def _spec(slope: str):
    return parse_spec(f"""layers = [1, 1]
activation = "leaky_relu"
negative_slope = {slope}
loss = "half_sse"
learning_rate = 0.1
input = [1]
target = [1]
[[layer]]
weights = [[0.5]]
biases = [0]
""")


@pytest.mark.parametrize("order", [("0.1", "0.2", "0.1"), ("0.2", "0.1", "0.2")])
def test_each_spec_its_own_slope(order):
    z = Fraction(-3, 2)
    for text in order:
        spec = _spec(text)
        slope = Fraction(text)
        node = Apply(forward_function("leaky_relu", spec.layers[0].negative_slope), (Ref("z"),))
        assert Evaluator(spec).value(node, {"z": z}).exact == slope * z
