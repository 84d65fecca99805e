"""The float64 screen of a draw written out per shape (screen_program.py) decides as the screen's
walk through FloatNet.forward decides (variant_constraints.float_screen, compiled=False): the same
rejection, or none, for every draw of several architectures and settings."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from fractions import Fraction

import pytest

from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.variant_constraints import float_screen
from symbp.variants import _drawn, settings_from_spec

LEAKY_DEEP = """
layers = [3, 3, 2, 2]
activation = "leaky_relu"
negative_slope = 0.2
loss = "mse"
learning_rate = 0.1
input = [1, 2, -1]
target = [0.5, -0.5]

[[layer]]
weights = [[0.2, -0.4, 0.1], [-0.3, 0.8, 0.5], [0.5, 0.7, -0.2]]
biases = [0.1, -0.2, -0.1]

[[layer]]
weights = [[-0.6, 0.9, -0.3], [0.4, 0.2, 0.1]]
bias = false

[[layer]]
weights = [[0.3, -0.2], [0.1, 0.6]]
biases = [0.05, 0.0]
activation = "relu"
"""


def _specs():
    for name in ("nn231", "softmax3", "batch3", "steps3", "nobias", "mazur"):
        yield name, load_spec(example_path(name))
    yield "leaky_deep", parse_spec(LEAKY_DEEP)


@pytest.mark.parametrize("name,spec", list(_specs()))
@pytest.mark.parametrize("kink_distance,allow_dead", [(Fraction(0), False), (Fraction(1, 10), False),
                                                      (Fraction(3, 10), True), (Fraction(1, 20), False)])
def test_the_written_screen_decides_as_the_walk(name, spec, kink_distance, allow_dead):
    settings = replace(settings_from_spec(spec), kink_distance=kink_distance, allow_dead_layers=allow_dead)
    rng = random.Random(name)
    verdicts = Counter()
    for _ in range(150):
        candidate, floats = _drawn(spec, settings, rng)
        walked = float_screen(candidate, settings, floats, compiled=False)
        assert float_screen(spec, settings, floats) == walked
        verdicts[walked] += 1
    if name in ("nn231", "leaky_deep") and kink_distance:  # the screen had something to decide
        assert verdicts["kink"] > 0
    if name == "nn231" and not allow_dead:
        assert verdicts["dead_layer"] > 0


def test_a_drawn_spec_is_what_replace_makes():
    """Spec.with_numbers (each draw's spec, made without dataclasses.replace's __init__) has every
    field replace gives it, equal and of the same types, and equal hashes."""
    spec = parse_spec(LEAKY_DEEP)
    settings = settings_from_spec(spec)
    drawn, _ = _drawn(spec, settings, random.Random(5))
    expected = replace(spec, layers=drawn.layers, inputs=drawn.inputs, targets=drawn.targets)
    assert drawn == expected and hash(drawn) == hash(expected) and type(drawn) is type(expected)
    assert drawn.__dict__ == expected.__dict__ and list(drawn.__dict__) == list(expected.__dict__)
    assert drawn.layers != spec.layers and drawn.variants is spec.variants


def test_one_written_function_screens_as_the_float_screen_then_the_dead_neurons_screen():
    """variant_constraints.draw_screens (the screen and the dead-neuron test in one generated function)
    gives the walked float screen's verdict, else dead_neurons_screen's: for every draw of each
    architecture, with none, at most 0 and at most 1 dead neurons a layer."""
    from symbp.variant_constraints import dead_neurons_screen, draw_screens

    verdicts = Counter()
    for name, spec in _specs():
        for most in (None, 0, 1):
            settings = replace(settings_from_spec(spec), max_dead_neurons=most)
            rng = random.Random(f"{name}/{most}")
            for _ in range(40):
                candidate, floats = _drawn(spec, settings, rng)
                expected = float_screen(candidate, settings, floats, compiled=False)
                if expected is None and most is not None:
                    expected = dead_neurons_screen(candidate, settings, floats)
                assert draw_screens(spec, settings, floats) == expected, (name, most)
                verdicts[expected] += 1
    assert verdicts["dead_neurons"] > 0 and verdicts["dead_layer"] > 0 and verdicts[None] > 0
