"""The finite differences written out per shape (float_batch.py) are the walked ones, bit for bit.

Each parameter's two moved passes must give the batch losses and kink sides that
`FloatNet.losses_from` gives (what verify.py's walk compares), for every kind of layer, with and
without biases, one sample and a batch; a shape is compiled only when seen again, and each
shape's function is its own (two shapes in one process)."""

from __future__ import annotations

import math
import random

import pytest

from symbp import float_batch
from symbp import verify as V
from symbp.errors import VerificationError
from symbp.evaluate import solve
from symbp.float_net import FloatNet
from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec

SHAPES = [  # (widths, activations, loss)
    ([2, 3, 1], [("relu", 0.0), ("relu", 0.0)], "half_sse"),
    ([2, 4, 3, 2], [("leaky_relu", 0.1), ("leaky_relu", 0.1), ("identity", 0.0)], "mse"),
    ([3, 2, 2], [("sigmoid", 0.0), ("sigmoid", 0.0)], "bce"),
    ([2, 3, 3], [("tanh", 0.0), ("softmax", 0.0)], "cross_entropy"),
    ([2, 2, 1], [("softplus", 0.0), ("identity", 0.0)], "half_sse"),
    ([1, 2, 2, 1], [("relu", 0.0), ("tanh", 0.0), ("relu", 0.0)], "half_sse"),
]


def _walked(net, X, Y) -> list:
    """(h, up, down, sides kept) per parameter, as verify.py's walk computes them."""
    out, m = [], len(X)
    for l in range(len(net.W)):
        samples = [(x, y, net.forward(x)) for x, y in zip(X, Y)]
        here = tuple(net.kink_sides(zs[l:], l) for _, _, (zs, _) in samples)
        for _, holder, pos, j in V._layer_parameters(net, l, 1):
            original = holder[pos]
            h = V.FD_STEP * max(1.0, abs(original))
            holder[pos] = original + h
            losses, up_sides = net.losses_from(l, j, samples)
            up = sum(losses) / m
            holder[pos] = original - h
            losses, down_sides = net.losses_from(l, j, samples)
            down = sum(losses) / m
            holder[pos] = original
            out.append((h, up, down, up_sides == here and down_sides == here))
    return out


@pytest.mark.parametrize("unrolled", [False, True])
@pytest.mark.parametrize("case", range(len(SHAPES)))
def test_the_written_out_passes_are_the_walked_ones_bit_for_bit(case, unrolled):
    """With the loop over the samples, and with each sample's passes written out (`differences`
    told the batch's size)."""
    widths, activations, loss = SHAPES[case]
    rng = random.Random(case)
    kinks = 0
    for bias in (True, False):
        for _ in range(12):
            W = [[[rng.choice([rng.uniform(-1, 1), 0.0, 0.5, 1e-7]) for _ in range(widths[l])] for _ in range(widths[l + 1])]
                 for l in range(len(widths) - 1)]
            B = [[rng.choice([rng.uniform(-1, 1), 0.0]) for _ in range(widths[l + 1])] if bias else None
                 for l in range(len(widths) - 1)]
            net = FloatNet(W, B, activations, loss)
            X = [[rng.choice([0.0, 1.0, rng.uniform(-2, 2)]) for _ in range(widths[0])] for _ in range(rng.choice([1, 3]))]
            if loss == "cross_entropy":
                Y = [[1.0, 0.0, 0.0] for _ in X]
            elif loss == "bce":
                Y = [[rng.choice([0.0, 1.0]) for _ in range(widths[-1])] for _ in X]
            else:
                Y = [[rng.uniform(-1, 1) for _ in range(widths[-1])] for _ in X]
            samples = len(X) if unrolled else None
            compiled = float_batch.differences(net, samples) or float_batch.differences(net, samples)
            got, want = compiled(net.W, net.B, X, Y, V.FD_STEP), _walked(net, X, Y)
            assert len(got) == len(want)
            for g, w in zip(got, want):
                assert g == w and [math.copysign(1, v) for v in g[:3]] == [math.copysign(1, v) for v in w[:3]]
                kinks += not g[3]
    if any(a in float_batch.KINKED for a, _ in activations):
        assert kinks  # (zeros among the weights and inputs put some inputs at their kinks)


SIGMOID = """layers = [2, 2, 2]
activation = "sigmoid"
loss = "mse"
learning_rate = 0.5
steps = 2
inputs = [[0.5, -1], [1, 0.25]]
targets = [[0.1, 0.9], [0.8, 0.2]]
[[layer]]
weights = [[0.4, 0.1], [-0.3, 0.2]]
biases = [0.15, -0.1]
[[layer]]
weights = [[0.5, -0.5], [0.3, 0.6]]
biases = [0.05, 0]
"""


def test_two_shapes_in_one_process_each_checked_by_its_own_function_and_a_wrong_gradient_refused():
    cases = []
    for spec in (load_spec(example_path("nn231")), parse_spec(SIGMOID)):
        solution = solve(spec)
        _, (nets, X, Y) = V.float_solution(spec)
        cases.append((spec, solution, nets, X, Y))
    reports = {}
    for rounds in range(3):  # first sight walks, later ones run the compiled functions: the same reports
        for k, (spec, solution, nets, X, Y) in enumerate(cases):
            report = V.Report()
            V._finite_differences(spec, dict(solution.values), nets, X, Y, report)
            reports.setdefault(k, []).append((report.finite_differences, report.kinks_skipped))
    first, second = (float_batch.differences(nets[0], len(X)) for _, _, nets, X, _ in cases)  # (as verify asks)
    assert first is not None and second is not None and first is not second
    assert reports[0] == [(13, 0)] * 3 and reports[1] == [(24, 0)] * 3  # (two steps)
    for spec, solution, nets, X, Y in cases:
        for name in [n for n in solution.values if n.startswith(("dL/dw", "dL/db")) and "[" not in n][:6]:
            for error in (1e-4, -1e-4):
                wrong = dict(solution.values)
                wrong[name] = float(wrong[name]) + error
                with pytest.raises(VerificationError, match="finite differences"):
                    V._finite_differences(spec, wrong, nets, X, Y, V.Report())


@pytest.mark.parametrize("loss", sorted(float_batch._INLINE_LOSSES))
def test_a_loss_written_in_place_is_its_float_twin_bit_for_bit(loss):
    """The squared losses the generated code writes in place (float_batch._INLINE_LOSSES) give
    the float twin's value (losses.py) exactly, for outputs of 1 to 4 neurons."""
    from symbp.losses import LOSSES

    twin = LOSSES[loss].float_twin.loss
    rng = random.Random(loss)
    for width in range(1, 5):
        outs = [f"a{j}" for j in range(width)]
        code = compile(float_batch._loss(loss, [f"z{j}" for j in range(width)], outs), "<loss>", "eval")
        for _ in range(200):
            a = [rng.uniform(-3, 3) * 10 ** rng.randint(-8, 8) for _ in range(width)]
            y = [rng.choice((0.0, 1.0, rng.uniform(-2, 2))) for _ in range(width)]
            written = eval(code, {"sum": sum, "y": y, **dict(zip(outs, a))})  # noqa: S307 (our own expression)
            assert written == twin([0.0] * width, a, y, "identity") and type(written) is float
