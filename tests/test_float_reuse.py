"""The float path's shortcuts weaken nothing.

The finite differences' perturbed passes start from the unperturbed pass of the step
(`FloatNet.loss_from`): they must give, bit for bit, what a whole forward pass of the perturbed
network gives, and a single wrong gradient of any layer, neuron, sample or step must still be
refused (per-gradient mode: small networks, batches over steps).  The float path's names, put
together from a layer's name cut at its indices and a suffix (`float_path.quantity_name`), are
those of the names module, for every kind, index form, sample and step."""

from __future__ import annotations

import random

import pytest

from symbp import names
from symbp import verify as V
from symbp.core import identity as ids
from symbp.errors import VerificationError
from symbp.evaluate import solve
from symbp.float_path import FloatNet, quantity_name
from symbp.spec import parse_spec

# (activations per layer, loss): every kind of layer, a kink snapped to 0, softmax above and below
NETWORKS = [
    ([("tanh", 0.0), ("leaky_relu", 0.01), ("relu", 0.0), ("softmax", 0.0)], "bce"),
    ([("relu", 0.0), ("relu", 0.0), ("relu", 0.0)], "half_sse"),
    ([("sigmoid", 0.0), ("leaky_relu", 0.2), ("identity", 0.0)], "mse"),
    ([("relu", 0.0), ("softmax", 0.0)], "cross_entropy"),
]


def _network(activations, loss, rng, widths):
    W = [[[rng.choice([0.0, 0.5, -0.25, rng.uniform(-1, 1)]) for _ in range(widths[l])] for _ in range(widths[l + 1])]
         for l in range(len(activations))]
    B = [None if l == 1 else [rng.uniform(-0.5, 0.5) for _ in range(widths[l + 1])] for l in range(len(activations))]
    return FloatNet(W, B, list(activations), loss)


@pytest.mark.parametrize("case", range(len(NETWORKS)))
def test_a_pass_from_a_layer_is_the_whole_pass_bit_for_bit(case):
    activations, loss = NETWORKS[case]
    rng = random.Random(case)
    widths = [3] + [4] * (len(activations) - 1) + [3]
    for _ in range(20):
        net = _network(activations, loss, rng, widths)
        x = [rng.choice([0.0, 1.0, rng.uniform(-2, 2)]) for _ in range(widths[0])]
        y = [0.0, 1.0, 0.0]
        zs, acts = net.forward(x)
        for l in range(len(net.W)):
            for j in [None, *range(len(net.W[l]))]:
                rows = range(len(net.W[l])) if j is None else [j]
                saved = [list(net.W[l][r]) for r in rows], list(net.B[l]) if net.B[l] is not None else None
                for r in rows:
                    net.W[l][r] = [w + rng.choice([1e-6, -1e-6, 0.3]) for w in net.W[l][r]]
                    if net.B[l] is not None:
                        net.B[l][r] -= 1e-6
                whole_loss, whole_sides = net.loss_and_kinks(x, y)
                loss_from, sides_from = net.loss_from(l, j, x, zs, acts, y)
                assert loss_from == whole_loss or (loss_from != loss_from and whole_loss != whole_loss)
                assert sides_from == whole_sides[len(net.kink_sides(zs[:l])):]
                for r, row in zip(rows, saved[0]):
                    net.W[l][r] = row
                if saved[1] is not None:
                    net.B[l][:] = saved[1]


BATCH = """layers = [2, 3, 2]
activation = "leaky_relu"
loss = "mse"
learning_rate = 0.3
steps = 3
inputs = [[0.5, -1], [1, 0.25], [-0.75, 2]]
targets = [[0.1, 0.9], [0.8, 0.2], [0.3, 0.4]]
[[layer]]
weights = [[0.4, 0.1], [-0.3, 0.2], [0.6, -0.5]]
biases = [0.15, -0.1, 0.2]
[[layer]]
weights = [[0.5, -0.5, 0.3], [0.3, 0.6, -0.2]]
biases = [0.05, 0]
activation = "sigmoid"
"""


@pytest.fixture(scope="module")
def batch():
    spec = parse_spec(BATCH)
    solution = solve(spec)
    _, (nets, X, Y) = V.float_solution(spec)
    report = V.Report()
    V._finite_differences(spec, dict(solution.values), nets, X, Y, report)  # the true gradients pass
    assert report.finite_differences == 17 * 3 and report.kinks_skipped == 0
    return spec, solution, nets, X, Y


@pytest.mark.parametrize("name", ["dL/dw_01^1", "dL/db_2^1@2", "dL/dw_21^1@3", "dL/dw_12^2@2", "dL/db_0^2@3"])
def test_a_single_wrong_gradient_of_a_batch_over_steps_is_refused(batch, name):
    spec, solution, nets, X, Y = batch
    for error in (1e-4, -1e-4):
        wrong = dict(solution.values)
        wrong[name] = float(wrong[name]) + error
        with pytest.raises(VerificationError, match="finite differences"):
            V._finite_differences(spec, wrong, nets, X, Y, V.Report())


def test_the_float_paths_names_are_the_names_modules():
    for sample in (None, 1, 3, 64):
        for step in (1, 2, 11, 51):
            for kind, layer, idx in [("z", 1, (0,)), ("a", 2, (11,)), ("delta", 12, (63,)), ("dw", 1, (1, 0)),
                                     ("dw", 2, (10, 3)), ("dw", 12, (63, 9)), ("db", 1, (4,)), ("L", None, ())]:
                assert quantity_name(kind, layer, idx, sample, step) == names.name(kind, layer, idx, sample, step)
            for layer, j in [(1, 0), (2, 12), (10, 5)]:
                a = ids.value(ids.ACTIVATION, layer, (j,), step, sample)
                z = ids.value(ids.PRE_ACTIVATION, layer, (j,), step, sample)
                assert quantity_name("local", layer, (j,), sample, step) == names.name(ids.local(a, z))
                loss = ids.value(ids.LOSS, step=step, sample=sample)
                assert quantity_name("sum", layer, (j,), sample, step) == names.name(ids.gradient(loss, a))
        for kind, layer, idx in [("w", 1, (0, 1)), ("b", 2, (3,)), ("w", 11, (40, 63))]:
            assert quantity_name(kind, layer, idx, None, 7) == names.name(kind, layer, idx, None, 7)


def test_the_scalar_activations_are_the_float_twins_value_for_value():
    """float_path's activations of one float (`_SCALAR_TWINS`) give, bit for bit, what the float
    twins (core/floats.py) give, at kinks, saturation and everywhere between."""
    from symbp.core.floats import FLOAT_TWINS
    from symbp.float_net import _SCALAR_TWINS, activation_function

    rng = random.Random(3)
    points = [0.0, -0.0, 1e-300, -1e-300, 0.5, -0.5, 1.0, 37.0, -37.0, 710.0, -745.0, 1e308, -1e308]
    points += [rng.uniform(-40, 40) for _ in range(300)]
    for name in _SCALAR_TWINS:
        twin = FLOAT_TWINS[name]
        for slope in (0.0, 0.01, 0.2):
            forward, derivative = activation_function(name, slope)
            for z in points:
                assert repr(forward(z)) == repr(twin.forward([z], slope)), (name, z)
                assert repr(derivative(z)) == repr(twin.partials([z], slope)[0]), (name, z)


def test_a_settled_layer_tells_a_kink_input_as_the_exact_test_does():
    """Above a moved layer, FloatNet.layer tells a ReLU input far from 0 by a bound of Σ|w·a|
    (`_far_from_kink`); wherever it does, the exact test of pre_activation keeps z as well, and the
    settled pass equals the plain one bit for bit — at 0, near the snap threshold and far from it."""
    from symbp.float_net import KINK_SNAP, _far_from_kink

    rng = random.Random(11)
    for _ in range(300):
        n = rng.randint(1, 64)
        row = [rng.choice([0.0, rng.uniform(-1, 1), rng.uniform(-1e3, 1e3), 1e-200]) for _ in range(n)]
        a = [rng.choice([0.0, rng.uniform(-2, 2), 1e-150]) for _ in range(n)]
        b = rng.choice([0.0, rng.uniform(-1, 1)])
        scale = sum(map(abs, map(lambda w, x: w * x, row, a))) + abs(b)
        bound = 2 * KINK_SNAP * max(map(abs, a))
        for z in (0.0, KINK_SNAP * scale, 3 * KINK_SNAP * scale, 1e-300, rng.uniform(-1, 1), 1e-9, -1e-9):
            if _far_from_kink(z, bound, sum(map(abs, row)), abs(b)):
                assert abs(z) > KINK_SNAP * scale
        net = FloatNet([[row, [-w for w in row]]], [[b, -b]], [("relu", 0.0)], "half_sse")
        assert net.layer(0, a, settled=True) == net.layer(0, a)


def test_the_logs_of_sigmoid_outputs_are_the_softplus_formulas_bit_for_bit():
    """ln σ(z) and ln(1 − σ(z)) share ln(1 + e^−|z|) and replace max(±z, 0) by a comparison
    (`floats._log_sigmoid`, the bce loss of every finite difference): the values of −softplus(−z)
    and −softplus(z) written plainly here, bit for bit, at zeros of either sign, ±inf, huge, tiny
    and subnormal inputs and random ones."""
    import math
    import struct

    from symbp.core.floats import log_outputs

    def softplus(x):
        return max(x, 0.0) + math.log1p(math.exp(-abs(x)))

    rng = random.Random(7)
    z = [0.0, -0.0, math.inf, -math.inf, 1e308, -1e308, 745.2, -745.2, 5e-324, -5e-324, 1e-300, 36.7, -36.7]
    z += [rng.uniform(-50, 50) for _ in range(300)] + [rng.gauss(0, 1e-8) for _ in range(50)]
    log_a, log_not_a = log_outputs("sigmoid", z, [None] * len(z))
    bits = lambda values: [struct.pack("<d", v) for v in values]  # noqa: E731
    assert bits(log_a) == bits([-softplus(-v) for v in z])
    assert bits(log_not_a) == bits([-softplus(v) for v in z])
