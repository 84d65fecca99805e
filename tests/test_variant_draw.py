"""variant_draw.py: the lean draw takes from the stream what `variants._drawn` takes and makes the
same spec and floats of it (so that the variants and every file are those of `_drawn`), for
architectures with and without biases, batches, drawn hyperparameters and integer grids; it is not
used where `_drawn` redraws saturated neurons or draws one-hot targets."""

from __future__ import annotations

import random

import pytest

from symbp.spec import parse_spec
from symbp.variants import _drawn, _lean, _plan, settings_from_spec

HEAD = 'loss = "half_sse"\nlearning_rate = 0.1\n'
SPECS = {
    "relu": 'layers = [2, 3, 1]\nactivation = "relu"\n' + HEAD,
    "batch_no_bias": ('layers = [2, 2, 2]\nactivation = "leaky_relu"\n' + HEAD
                      + "inputs = [[1, 0], [0, 1], [1, 1]]\ntargets = [[0, 1], [1, 0], [1, 1]]\n[[layer]]\nbias = false\n[[layer]]\nactivation = \"identity\"\n"),
    "momentum": ('layers = [2, 2, 1]\nactivation = "relu"\n' + HEAD + 'steps = 2\n[optimizer]\nname = "momentum"\n'
                 "[[layer]]\n[[layer]]\n[variants]\ninputs = { range = [-3, 3] }\nhyperparameters = { beta = [0.5, 0.8, 0.9] }\n"),
}


@pytest.mark.parametrize("name", list(SPECS))
def test_the_lean_draw_is_the_draw(name):
    spec = parse_spec(SPECS[name], name="net", numbers_optional=True)
    settings = settings_from_spec(spec)
    lean = _lean(spec, settings)
    assert lean is not None
    ours, theirs = random.Random(4), random.Random(4)
    for _ in range(40):
        pairs, floats, training = lean.draw(ours)
        drawn, drawn_floats = _drawn(spec, settings, theirs)
        assert lean.spec(pairs, training) == drawn
        assert floats == drawn_floats
        assert ours.getrandbits(32) == theirs.getrandbits(32)  # (and the streams go on alike)


def test_not_where_neurons_are_redrawn():
    spec = parse_spec('layers = [2, 2, 1]\nactivation = "sigmoid"\n' + HEAD, name="net", numbers_optional=True)
    settings = settings_from_spec(spec)
    assert any(layer[3] is not None for layer in _plan(spec, settings).layers)  # (a limited saturation)
    assert _lean(spec, settings) is None
