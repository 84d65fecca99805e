"""The float64 screen of a drawn variant (variant_constraints.float_screen) as one generated function per shape.

In:  a draw's parameters and inputs as floats (W per layer as rows, B per layer or None, the samples'
     inputs), as `variants._drawn` makes them; what the screen asks (the kinked layers' distance,
     the dead-layer test).
Out: `screen(W, B, X, kink_distance, dead)` (dead: the bound all of a ReLU layer's first pre-activations
     lie below when it is dead, None: no such test): "kink", "dead_layer" or None — what the screen's walk
     through `FloatNet.forward` decides: each sample's forward pass by the same float operations
     (float_batch's writer of FloatNet's equations: Σ w·a as `sum` adds it, + b, the kink snap, the
     same activations), every layer of every sample computed as the walk computes it, the same tests
     in the same order; without a FloatNet and its lists per draw.
"""

from __future__ import annotations

import math

from .core.floats import softmax
from .float_batch import _names, _Writer
from .float_net import KINK_SNAP, FloatNet

_COMPILED: dict = {}  # shape -> the compiled screen
_MAX = 32


def screen_function(shape: tuple):
    """The compiled screen of a shape: ((rows, columns, bias?) per layer, (activation, slope) per layer,
    whether the screen keeps each layer's pre-activations off 0)."""
    function = _COMPILED.get(shape)
    if function is None:
        if len(_COMPILED) >= _MAX:
            _COMPILED.clear()
        function = _COMPILED[shape] = _compile(shape)
    return function


def _compile(shape: tuple):
    layers, activations, screened, *tests = shape
    forward, dead_neurons = tests or (True, False)
    net = FloatNet([[[0.0] * cols for _ in range(rows)] for rows, cols, _ in layers],
                   [[0.0] * rows if bias else None for rows, _, bias in layers], list(activations), None)
    scope = {"sum": sum, "abs": abs, "SNAP": KINK_SNAP, "softmax": softmax, "all": all, "fsum": math.fsum, "max": max}
    out = _Writer(net, (layers, activations, None), scope)
    lines = out.lines
    out.unpack()
    if forward:
        _forward(out, layers, activations, screened)
    if dead_neurons:
        _dead_neurons(out, layers, activations)
    lines.append("    return None")
    source = "def screen(W, B, X, kink_distance, dead, most=None, below=None):\n" + "\n".join(lines) + "\n"
    exec(compile(source, "<symbp float screen>", "exec"), scope)  # noqa: S102 (our own generated code)
    return scope["screen"]


def _forward(out: _Writer, layers: tuple, activations: tuple, screened: tuple) -> None:
    """The float screen's tests (kink, dead_layer) on each sample's forward pass."""
    lines = out.lines
    inputs = [f"x{k}" for k in range(layers[0][1])]
    zs = [_names("z", l, rows) for l, (rows, _, _) in enumerate(layers)]
    kinked = [z for kink, z in zip(screened, zs) if kink]
    relu = [z for (name, _), z in zip(activations, zs) if name == "relu"]
    lines.append("    first = None\n    for x in X:")
    lines.append(f"        {', '.join(inputs)}, = x")
    previous = inputs
    for l, (rows, _, _) in enumerate(layers):
        outs = _names("a", l, rows)
        for j in range(rows):
            out.neuron("        ", l, j, previous, zs[l][j], {})
        out.activate("        ", l, zs[l], outs, range(rows))
        previous = outs
    if relu:  # the first sample's pre-activations of the ReLU layers, for the dead-layer test
        lines.append("        if first is None: first = (" + "".join(f"({', '.join(z)},), " for z in relu) + ")")
    if kinked:
        near = " or ".join(f"abs({v}) < kink_distance" for z in kinked for v in z)
        lines.append(f"        if kink_distance > 0 and ({near}): return 'kink'")
    if relu:
        lines.append("    if dead is not None:")
        for i in range(len(relu)):
            lines.append(f"        if all(v < dead for v in first[{i}]): return 'dead_layer'")


def _dead_neurons(out: _Writer, layers: tuple, activations: tuple) -> None:
    """variant_constraints.dead_neurons_screen's test (`most`: max_dead_neurons): layer by layer,
    up to the first that is not ReLU, each sample's z = fsum of the products + b (+ 0.0 without
    bias) from the signals max(z, 0.0) of the layer before; "dead_neurons" where more than `most`
    neurons of a layer have z < `below` for every sample — the same floats, tests and order."""
    lines = out.lines
    relu = 0
    while relu < len(layers) and activations[relu][0] == "relu":
        relu += 1
    lines.append("    S = X")
    for l in range(relu):
        rows, cols, bias = layers[l]
        passed_on = l + 1 < relu
        signals, dead = [f"c{k}" for k in range(cols)], [f"e{j}" for j in range(rows)]
        lines.append(f"    {' = '.join(dead)} = True" + ("\n    T = []" if passed_on else ""))
        lines.append(f"    for {', '.join(signals)}, in S:")
        for j in range(rows):
            products = ", ".join(f"{out.weight(l, j, k)} * {c}" for k, c in enumerate(signals))
            lines.append(f"        y{j} = fsum(({products},)) + {out.bias(l, j)}")
            lines.append(f"        e{j} = e{j} and y{j} < below")
        if passed_on:
            lines.append("        T.append((" + "".join(f"max(y{j}, 0.0), " for j in range(rows)) + "))")
        lines.append(f"    if {' + '.join(dead)} > most: return 'dead_neurons'" + ("\n    S = T" if passed_on else ""))
