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
    layers, activations, screened = shape
    net = FloatNet([[[0.0] * cols for _ in range(rows)] for rows, cols, _ in layers],
                   [[0.0] * rows if bias else None for rows, _, bias in layers], list(activations), None)
    scope = {"sum": sum, "abs": abs, "SNAP": KINK_SNAP, "softmax": softmax, "all": all}
    out = _Writer(net, (layers, activations, None), scope)
    lines = out.lines
    out.unpack()
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
    lines.append("    return None")
    source = "def screen(W, B, X, kink_distance, dead):\n" + "\n".join(lines) + "\n"
    exec(compile(source, "<symbp float screen>", "exec"), scope)  # noqa: S102 (our own generated code)
    return scope["screen"]
