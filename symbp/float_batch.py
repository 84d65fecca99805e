"""A small network's finite differences as one generated function per shape.

In:  a `FloatNet` (float_net.py) of at most MAX_PARAMETERS parameters, the batch's inputs X and
     targets Y, the relative step (verify.FD_STEP).
Out: `differences(net)(W, B, X, Y, step)`: per parameter, in `verify._layer_parameters`' order
     (layer by layer: the weights row by row, then the biases), (h, the batch loss at p + h, at
     p − h, whether every ReLU/leaky input kept its side (-1, 0, 1) in both) — bit for bit what
     `FloatNet.losses_from` gives for the moved parameter: the same float operations in the same
     order (Σ w·a as `sum` of the products adds them, + b, the kink snap, the same activation and loss
     functions), only the moved neuron and the layers above it recomputed from the unmoved pass.

`verify._finite_differences` walks a network neuron by neuron, a few dozen Python calls per
neuron and two passes per parameter.  Here every parameter's two passes are written out once per
shape (the layers' rows, columns and bias, activations and slopes, loss) as straight-line Python
and compiled (`compile`), for shapes a process has verified before (None on first sight: one
`derive` does not pay for a compilation).

Independence: the code is generated here from the textbook forward pass, as float_net.py writes
it; it shares nothing with the exact engine's generated programs (integer_code.py, straight.py:
they walk the graph's expression trees) nor with the printer.
"""

from __future__ import annotations

import sys
from typing import Callable

from .core.floats import softmax
from .float_net import KINK_SNAP, KINKED
from .losses import LOSSES

MAX_PARAMETERS = 64  # beyond, the source grows long (one pass per parameter): verify's own walk
UNROLLED_SAMPLES = 4  # a batch of up to this many samples: its passes written out sample by sample

_COMPILED: dict = {}  # shape -> the compiled function (None: seen once, not compiled yet)
_MAX = 32
_INLINE = {  # float_net._SCALAR_TWINS' forward functions written in place: the same expressions
    "relu": "{z} if {z} > 0 else 0.0",
    "identity": "{z}",
    "leaky_relu": "{z} if {z} > 0 else {slope!r} * {z}",
}
# losses.py's float twins of the squared losses written in place, the same expressions: (each
# term, the whole from `_sum` of the terms and the outputs' count); the others are called.
_INLINE_LOSSES = {
    "half_sse": ("({y} - {a}) ** 2", "0.5 * {total}"),
    "mse": ("({y} - {a}) ** 2", "{total} / {count}"),
}


def _shape(net) -> tuple:
    """What the generated code depends on: per layer (rows, columns, bias?), the activations with
    their slopes, the loss."""
    return (tuple((len(W), len(W[0]), B is not None) for W, B in zip(net.W, net.B)), tuple(net.activations), net.loss)


def differences(net, samples: int | None = None) -> Callable | None:
    """The compiled finite differences of `net`'s shape (see the module docstring); None beyond
    MAX_PARAMETERS or for a shape first seen.  `samples`: the batch's size, when the function is
    run for that many samples only: up to UNROLLED_SAMPLES, each sample's passes are then written
    out one after the other (no loop over the samples, no list of their losses)."""
    shape = _shape(net) + ((samples if samples is not None and samples <= UNROLLED_SAMPLES else None),)
    if sum(rows * cols + (rows if bias else 0) for rows, cols, bias in shape[0]) > MAX_PARAMETERS:
        return None
    if shape not in _COMPILED:
        if len(_COMPILED) >= _MAX:
            _COMPILED.clear()
        _COMPILED[shape] = None
        return None
    function = _COMPILED[shape]
    if function is None:
        function = _COMPILED[shape] = _compile(net, shape)
    return function


class _Writer:
    """The lines of the generated function, and the names of the values of a pass."""

    def __init__(self, net, shape: tuple, scope: dict):
        self.layers, self.activations, self.loss = shape[:3]
        self.net, self.scope, self.lines = net, scope, []

    def weight(self, l: int, j: int, k: int) -> str:
        return f"w{l}_{j}_{k}"

    def bias(self, l: int, j: int) -> str:
        return f"b{l}_{j}" if self.layers[l][2] else "0.0"

    def unpack(self) -> None:
        """Each layer's parameters from the function's W and B (rows, and biases) into their names."""
        for l, (rows, cols, bias) in enumerate(self.layers):
            self.lines.append(f"    W{l} = W[{l}]")
            for j in range(rows):
                self.lines.append(f"    {', '.join(self.weight(l, j, k) for k in range(cols))}, = W{l}[{j}]")
            if bias:
                self.lines.append(f"    {', '.join(self.bias(l, j) for j in range(rows))}, = B[{l}]")

    def neuron(self, indent: str, l: int, j: int, inputs: list, z: str, moved: dict) -> None:
        """z of neuron j of layer l (0-based) from `inputs`, as FloatNet.pre_activation computes it;
        `moved`: a parameter's name -> the name of its moved value."""
        products = [f"{moved.get(self.weight(l, j, k), self.weight(l, j, k))} * {a}" for k, a in enumerate(inputs)]
        bias = moved.get(self.bias(l, j), self.bias(l, j))
        self.lines.append(f"{indent}{z} = {_sum(products)} + {bias}")
        if self.activations[l][0] in KINKED:
            size = f"abs({bias})" if self.layers[l][2] else "0.0"
            self.lines.append(f"{indent}if abs({z}) <= SNAP * ({_sum([f'abs({p})' for p in products])} + {size}): {z} = 0.0")

    def activate(self, indent: str, l: int, zs: list, outs: list, which) -> None:
        """The outputs `outs` of layer l from its inputs `zs` (of the neurons `which`; softmax: all)."""
        activation, slope = self.activations[l]
        if activation == "softmax":
            self.lines.append(f"{indent}{', '.join(outs)}, = softmax([{', '.join(zs)}])")
            return
        for j in which:
            if activation in _INLINE:
                self.lines.append(f"{indent}{outs[j]} = " + _INLINE[activation].format(z=zs[j], slope=slope))
            else:
                self.scope[f"f{l}"] = self.net.functions(l)[0]
                self.lines.append(f"{indent}{outs[j]} = f{l}({zs[j]})")


def _sum(terms: list) -> str:
    """`sum` of the terms as FloatNet takes it (the builtin, from 0): before Python 3.12 that is
    0.0 + t0 + t1 + … in float64, written out; from 3.12 on `sum` adds floats compensated, so
    it is called."""
    if sys.version_info < (3, 12):
        return "(0.0 + " + " + ".join(terms) + ")"
    return f"sum(({', '.join(terms)},))"


def _loss(loss: str, zs: list, outs: list, y: str = "y") -> str:
    """A sample's loss from its output layer's z and a: the twin's expression written in place
    (`_INLINE_LOSSES`), else a call of the twin."""
    written = _INLINE_LOSSES.get(loss)
    if written is None:
        return f"loss([{', '.join(zs)}], [{', '.join(outs)}], {y}, output)"
    term, whole = written
    terms = [term.format(y=f"{y}[{j}]", a=a) for j, a in enumerate(outs)]
    return whole.format(total=_sum(terms), count=len(outs))


def _names(prefix: str, l: int, rows: int) -> list:
    return [f"{prefix}{l}_{j}" for j in range(rows)]


def _compile(net, shape: tuple) -> Callable:
    layers, activations, loss, samples = shape
    scope = {"sum": sum, "abs": abs, "max": max, "SNAP": KINK_SNAP, "softmax": softmax,
             "loss": LOSSES[loss].float_twin.loss, "output": activations[-1][0]}
    out = _Writer(net, shape, scope)
    lines = out.lines
    out.unpack()
    inputs = [f"x{k}" for k in range(layers[0][1])]
    unmoved = list(inputs)  # every value of the unmoved pass of a sample, kept in `base`
    lines.append("    base = []\n    for x, y in zip(X, Y):")
    lines.append(f"        {', '.join(inputs)}, = x")
    previous = inputs
    for l, (rows, _, _) in enumerate(layers):
        zs, outs = _names("z", l, rows), _names("a", l, rows)
        for j in range(rows):
            out.neuron("        ", l, j, previous, zs[j], {})
        out.activate("        ", l, zs, outs, range(rows))
        unmoved += zs + outs
        if activations[l][0] in KINKED:  # each kink input's side (-1, 0, 1), for the moved passes' `same`
            lines.extend(f"        s{l}_{j} = ({z} > 0) - ({z} < 0)" for j, z in enumerate(zs))
            unmoved += _names("s", l, rows)
        previous = outs
    unmoved.append("y")
    if samples and any(name == "relu" for name, _ in activations[:-1]):  # the unmoved loss of each sample (a
        # moved pass that leaves a hidden ReLU's output as it was has it: `_unrolled_passes`)
        lines.append(f"        lb = {_loss(loss, zs, outs)}")
        unmoved.append("lb")
    lines.append(f"        base.append(({', '.join(unmoved)},))")
    lines.append("    m = len(X)\n    out = []")
    for s in range(samples or 0):  # each sample's unmoved pass by names of its own (`_suffixed`)
        lines.append(f"    {', '.join(_suffixed(unmoved, s))}, = base[{s}]")
    for l, (rows, cols, bias) in enumerate(layers):
        moved_parameters = [(out.weight(l, j, k), j) for j in range(rows) for k in range(cols)]
        moved_parameters += [(out.bias(l, j), j) for j in range(rows)] if bias else []
        for parameter, j in moved_parameters:
            if samples is None:
                _moved_passes(out, l, j, parameter, unmoved, inputs)
            else:
                _unrolled_passes(out, l, j, parameter, inputs, samples)
    lines.append("    return out")
    source = "def run(W, B, X, Y, step):\n" + "\n".join(lines) + "\n"
    exec(compile(source, "<symbp finite differences>", "exec"), scope)  # noqa: S102 (our own generated code)
    return scope["run"]


def _moved_passes(out: _Writer, l: int, j: int, parameter: str, unmoved: list, inputs: list) -> None:
    """The two passes with `parameter` (of neuron j of layer l) moved by ±h: neuron j of layer l
    and every layer above recomputed (as Z, A), the rest read from the unmoved pass."""
    lines, layers = out.lines, out.layers
    lines.append(f"    h = step * max(1.0, abs({parameter}))\n    losses_of, same = [], True")
    lines.append(f"    for p in ({parameter} + h, {parameter} - h):\n        losses = []")
    lines.append(f"        for {', '.join(unmoved)}, in base:")
    indent = "            "
    previous = inputs if l == 0 else _names("a", l - 1, layers[l - 1][0])
    kinks = []  # (moved z, unmoved z) of the recomputed ReLU/leaky inputs
    for layer in range(l, len(layers)):
        rows = layers[layer][0]
        which = [j] if layer == l else range(rows)
        zs = [f"Z{layer}_{i}" if i in which else f"z{layer}_{i}" for i in range(rows)]
        for i in which:
            out.neuron(indent, layer, i, previous, zs[i], {parameter: "p"} if layer == l else {})
            if out.activations[layer][0] in KINKED:
                kinks.append((zs[i], f"s{layer}_{i}"))
        softmax = out.activations[layer][0] == "softmax"
        outs = [f"A{layer}_{i}" if softmax or i in which else f"a{layer}_{i}" for i in range(rows)]
        out.activate(indent, layer, zs, outs, which)
        previous = outs
    lines.append(f"{indent}losses.append({_loss(out.loss, zs, outs)})")
    if kinks:
        lines.append(f"{indent}same = same and {_kept(kinks)}")
    lines.append("        losses_of.append(sum(losses) / m)")
    lines.append("    out.append((h, losses_of[0], losses_of[1], same))")


def _kept(kinks: list) -> str:
    """Whether every moved kink input kept its unmoved side: [(its name, the name of the unmoved side)]
    (as `FloatNet.kink_sides` tells them: (z > 0) − (z < 0), NaN's 0)."""
    return " and ".join(f"({new} > 0) - ({new} < 0) == {side}" for new, side in kinks)


def _suffixed(names: list, s: int) -> list:
    """Sample s's names for a pass's values (x0 -> x0__0)."""
    return [f"{name}__{s}" for name in names]


def _unrolled_passes(out: _Writer, l: int, j: int, parameter: str, inputs: list, samples: int) -> None:
    """`_moved_passes` for a batch of `samples` samples written out: each sample's moved pass at
    p + h, then at p − h, by the same operations; the batch loss the same sum of the samples'
    losses over m, `same` the same conjunction of the kink inputs' sides."""
    lines, layers = out.lines, out.layers
    lines.append(f"    h = step * max(1.0, abs({parameter}))\n    same = True")
    for side, moved in (("up", f"{parameter} + h"), ("down", f"{parameter} - h")):
        lines.append(f"    p = {moved}")
        losses = []
        for s in range(samples):
            previous = _suffixed(inputs if l == 0 else _names("a", l - 1, layers[l - 1][0]), s)
            kinks, indent = [], "    "
            for layer in range(l, len(layers)):
                rows = layers[layer][0]
                which = [j] if layer == l else range(rows)
                zs = _suffixed([f"Z{layer}_{i}" if i in which else f"z{layer}_{i}" for i in range(rows)], s)
                for i in which:
                    out.neuron(indent, layer, i, previous, zs[i], {parameter: "p"} if layer == l else {})
                    if out.activations[layer][0] in KINKED:
                        kinks.append((zs[i], f"s{layer}_{i}__{s}"))
                softmax = out.activations[layer][0] == "softmax"
                outs = _suffixed([f"A{layer}_{i}" if softmax or i in which else f"a{layer}_{i}" for i in range(rows)], s)
                out.activate(indent, layer, zs, outs, which)
                previous = outs
                if layer == l < len(layers) - 1 and out.activations[layer][0] == "relu":
                    # the moved ReLU's output as it was (0.0 below its kink, or the same z): every layer above
                    # computes the unmoved pass's floats again, so the sample's loss is its unmoved loss and
                    # the sides of their kink inputs are kept
                    lines.append(f"    if {outs[j]} == a{layer}_{j}__{s}:\n        L__{s} = lb__{s}")
                    if kinks:
                        lines.append(f"        same = same and {_kept(kinks)}")
                    lines.append("    else:")
                    indent = "        "
            lines.append(f"{indent}L__{s} = {_loss(out.loss, zs, outs, f'y__{s}')}")
            losses.append(f"L__{s}")
            if kinks:
                lines.append(f"{indent}same = same and {_kept(kinks)}")
        lines.append(f"    {side} = {_sum(losses)} / m")
    lines.append("    out.append((h, up, down, same))")
