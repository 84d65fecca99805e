"""The float path written out per shape (float_program.py) is float_path's walk, bit for bit.

For plain SGD with the exact engine's values as the anchor, the generated function must give the
same named values in the same order, the same networks of every step and the same update steps
as `float_path.float_solution`'s layer-by-layer walk — for every kind of layer, with and without
biases, one sample and a batch, over several steps; a shape is compiled only when seen again;
each shape's function is its own (shapes and learning rates alternating in one process); and a
wrong value of the exact engine is still refused by the verification it feeds."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from symbp import float_path, float_program
from symbp.errors import VerificationError
from symbp.evaluate import solve
from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.verify import _as_floats, verify

EXAMPLES = ["nn231", "mazur", "softmax3", "batch3", "nobias", "steps3"]


def _spec(widths, activations, loss, samples=1, steps=1, bias=True, rate="0.1"):
    """A spec of these widths with simple distinct numbers (weights k/10 − j/7 …)."""
    lines = [f'layers = {widths}\nloss = "{loss}"\nlearning_rate = {rate}\nsteps = {steps}']
    xs = [[round(0.3 + 0.2 * s - 0.15 * k, 2) for k in range(widths[0])] for s in range(samples)]
    if loss in ("cross_entropy",):
        ys = [[1.0 if j == s % widths[-1] else 0.0 for j in range(widths[-1])] for s in range(samples)]
    elif loss == "bce":
        ys = [[float((s + j) % 2) for j in range(widths[-1])] for s in range(samples)]
    else:
        ys = [[round(0.5 - 0.25 * j + 0.1 * s, 2) for j in range(widths[-1])] for s in range(samples)]
    key = "inputs" if samples > 1 else "input"
    tkey = "targets" if samples > 1 else "target"
    lines.append(f"{key} = {xs if samples > 1 else xs[0]}\n{tkey} = {ys if samples > 1 else ys[0]}")
    for l in range(1, len(widths)):
        act, slope = activations[l - 1]
        W = [[round(0.1 * (k + 1) - 0.07 * (j + 1) + 0.05 * l, 2) or 0.13 for k in range(widths[l - 1])]
             for j in range(widths[l])]
        lines.append(f"[[layer]]\nactivation = \"{act}\"\nweights = {W}")
        if slope:
            lines.append(f"negative_slope = {slope}")
        if bias:
            lines.append(f"biases = {[round(0.05 * (j + 1) - 0.1, 2) for j in range(widths[l])]}")
        else:
            lines.append("bias = false")
    return parse_spec("\n".join(lines))


SHAPES = [
    ([2, 3, 1], [("relu", 0), ("relu", 0)], "half_sse", 1, 1, True),
    ([2, 4, 3, 2], [("leaky_relu", 0.1), ("leaky_relu", 0.1), ("identity", 0)], "mse", 3, 2, True),
    ([3, 2, 2], [("sigmoid", 0), ("sigmoid", 0)], "bce", 2, 1, False),
    ([2, 3, 3], [("tanh", 0), ("softmax", 0)], "cross_entropy", 2, 2, True),
    ([2, 2, 1], [("softplus", 0), ("identity", 0)], "half_sse", 1, 3, True),
    ([1, 2, 2, 1], [("relu", 0), ("tanh", 0), ("relu", 0)], "half_sse", 2, 1, False),
]


def _both(spec):
    """(walked, written): float_solution's walk and the generated function's (values, nets, X, Y, steps)."""
    solution = solve(spec)
    anchor = _as_floats(solution)
    float_program._COMPILED.clear()
    walked_steps: dict = {}
    values, (nets, X, Y) = float_path.float_solution(spec, anchor, walked_steps)  # first sight: the walk
    assert float_program.anchored_solution(spec, anchor, {}) is not None or float_program._COMPILED  # (compiled now)
    written_steps: dict = {}
    made = float_program.anchored_solution(spec, anchor, written_steps)
    assert made is not None, "a plain-SGD shape seen before is written out"
    return (values, nets, X, Y, walked_steps), (*made[0:1], *made[1], written_steps)


def _bits(value):
    return value.hex() if isinstance(value, float) else value


def _same(walked, written):
    values, nets, X, Y, steps = walked
    values2, nets2, X2, Y2, steps2 = written
    assert list(values) == list(values2)  # the same names in the same order
    assert [_bits(v) for v in values.values()] == [_bits(v) for v in values2.values()]
    assert [(n.W, n.B, n.activations, n.loss) for n in nets] == [(n.W, n.B, n.activations, n.loss) for n in nets2]
    assert (X, Y) == (X2, Y2)
    assert list(steps) == list(steps2)
    assert [(a, _bits(b), _bits(c)) for a, b, c in steps.values()] == [(a, _bits(b), _bits(c)) for a, b, c in steps2.values()]


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_written_out_float_path_is_the_walked_one_for_the_examples(example):
    _same(*_both(load_spec(example_path(example))))


@pytest.mark.parametrize("case", range(len(SHAPES)))
def test_the_written_out_float_path_is_the_walked_one_for_every_kind_of_layer(case):
    widths, activations, loss, samples, steps, bias = SHAPES[case]
    _same(*_both(_spec(widths, activations, loss, samples, steps, bias)))


def test_a_shape_is_compiled_when_seen_again_and_each_shape_keeps_its_own():
    float_program._COMPILED.clear()
    a = load_spec(example_path("nn231"))
    b = _spec([2, 3, 1], [("relu", 0), ("relu", 0)], "half_sse", 1, 1, False)  # nn231's widths without biases
    c = _spec([2, 3, 1], [("relu", 0), ("relu", 0)], "half_sse", 1, 1, True, rate="0.5")  # another learning rate
    anchors = {spec: _as_floats(solve(spec)) for spec in (a, b, c)}
    assert float_program.anchored_solution(a, anchors[a], None) is None  # first sight: the walk
    for _ in range(2):
        for spec in (a, b, c, a):
            walked_steps, written_steps = {}, {}
            made = float_program.anchored_solution(spec, anchors[spec], written_steps)
            if made is None:
                continue
            float_program_values = made[0]
            saved = dict(float_program._COMPILED)
            float_program._COMPILED.clear()  # the walk, for comparison
            values, _ = float_path.float_solution(spec, anchors[spec], walked_steps)
            float_program._COMPILED.update(saved)
            assert [(k, _bits(v)) for k, v in values.items()] == [(k, _bits(v)) for k, v in float_program_values.items()]
            assert walked_steps == written_steps
    assert len([f for f in float_program._COMPILED.values() if f is not None]) == 2  # nn231's shape (also c's), b's


def test_an_optimizer_or_a_penalty_keeps_the_walk():
    adam = load_spec(example_path("adam1"))
    anchor = _as_floats(solve(adam))
    float_program._COMPILED.clear()
    assert float_program.anchored_solution(adam, anchor, None) is None
    assert float_program.anchored_solution(adam, anchor, None) is None


def test_a_wrong_exact_value_is_still_refused():
    spec = load_spec(example_path("nn231"))
    solve(spec), verify(solve(spec))  # the shape seen: written out from now on
    solution = solve(spec)
    verify(solution)
    for name in ("delta_0^1", "a_0^2", "w_00^1@2"):
        wrong = solve(spec)
        wrong.values[name] += Fraction(1, 1000)
        with pytest.raises(VerificationError, match=re.escape(name)):
            verify(wrong)
