"""Spec.architecture is made once per spec (architecture.py): the same object on every call, equal to
the plain tuple and hashed as it is, pickled as that tuple; a spec made with other numbers (and
other layers) makes its own."""

from __future__ import annotations

import pickle
from dataclasses import replace
from fractions import Fraction

from symbp.resources import example_path
from symbp.spec import load_spec


def test_the_architecture_is_kept_and_is_the_plain_tuple():
    spec = load_spec(example_path("nn231"))
    made = spec.architecture()
    assert spec.architecture() is made
    plain = (spec.widths, tuple((l.activation, l.has_bias, l.negative_slope) for l in spec.layers), spec.loss,
             spec.samples, spec.batch, spec.steps)
    assert made == plain and hash(made) == hash(plain) and {plain: 1}[made] == 1
    again = pickle.loads(pickle.dumps(made))
    assert "_hash" not in vars(again)  # (worked out anew where it is read)
    assert again == plain and hash(again) == hash(plain)
    assert replace(spec) == spec and "_architecture" not in vars(replace(spec))  # (not a field)


def test_a_spec_with_other_layers_makes_its_own():
    spec = load_spec(example_path("nn231"))
    spec.architecture()
    layers = [replace(layer, activation="leaky_relu", negative_slope=Fraction(1, 10)) for layer in spec.layers]
    other = spec.with_numbers(layers, spec.inputs, spec.targets)
    assert other.architecture() != spec.architecture()
    assert other.architecture()[1] == tuple(("leaky_relu", l.has_bias, Fraction(1, 10)) for l in spec.layers)


def test_a_drawn_spec_keeps_the_sheets_architecture_equal_to_its_own():
    """Each draw's spec (Spec.with_numbers, same_architecture) keeps the sheet's architecture, which is
    what its own layers and samples make (`replace`: made anew), by the whole draw and the lean one."""
    import random
    from collections import Counter

    from symbp.variants import draw_numbers, draw_variant, settings_from_spec

    spec = load_spec(example_path("nn231"))
    settings = settings_from_spec(spec)
    made = spec.architecture()
    whole = draw_numbers(spec, settings, random.Random(1))
    lean, _, _ = draw_variant(spec, settings, random.Random(2), set(), Counter())
    for drawn in (whole, lean):
        assert drawn.layers != spec.layers and drawn.architecture() is made
        assert replace(drawn).architecture() == made
