"""The float path of a plain-SGD network as one generated function per shape (float_path.py's `float_solution`).

In:  a spec trained by plain SGD (no optimizer state, no regularization), the exact engine's values
     by name (the anchor: each step starts from its parameters and follows its mean gradients).
Out: `anchored_solution(spec, anchor, steps)`: what `float_solution(spec, anchor, steps)` gives —
     every named quantity in float64 (in the same order), the FloatNet of every step, X and Y —
     or None for a shape this module does not write out (then float_path's own walk runs).

`float_solution` walks the network layer by layer and names each value through the naming
scheme at every call (a few hundred calls a variant).  Here the forward pass, the loss and the
backward pass of every sample and step are written out as straight-line Python once per shape
(rows, columns and bias of each layer, activations with their slopes, the loss, the samples, the
steps) and compiled (`compile`) for shapes a process has verified before (None on first sight:
one `derive` does not pay for a compilation); the names are a constant tuple the values are
zipped with.  Every value is computed by the same float operations in the same order as
`FloatNet.forward`/`backward` and `float_solution` compute it (Σ w·a as `sum` adds it, + b, the
kink snap, the same activation, loss and δ^L functions), so the values are bit for bit theirs.

Independence: generated here from the textbook equations as float_net.py writes them (the
forward pass by float_batch.py's writer of those equations); nothing is shared with the exact
engine's generated programs (integer_code.py, straight.py) nor with the printer.
"""

from __future__ import annotations

from fractions import Fraction

from .core.floats import softmax
from .float_batch import _loss, _names, _sum, _Writer
from .float_net import KINK_SNAP, FloatNet
from .float_path import layer_names, quantity_name
from .losses import LOSSES

MAX_UNITS = 400  # neurons × samples × steps: beyond, the source grows long (float_path's own walk)

_COMPILED: dict = {}  # shape -> (function, names, steps' names), or None: seen once, not compiled yet
_MAX = 32


def _shape(spec) -> tuple:
    """What the generated code depends on: per layer (rows, columns, bias?), the activations with
    their slopes (as floats), the loss, the samples, the steps and whether the names carry samples
    (all of it the spec's architecture's: worked out once for it, `_SHAPES`)."""
    architecture = spec.architecture()
    known = _SHAPES.get(architecture)
    if known is not None:
        return known
    if len(_SHAPES) >= _MAX:
        _SHAPES.clear()
    widths = spec.widths
    layers = tuple((widths[l], widths[l - 1], layer.has_bias) for l, layer in enumerate(spec.layers, start=1))
    activations = tuple((layer.activation, float(layer.negative_slope)) for layer in spec.layers)
    made = _SHAPES[architecture] = layers, activations, spec.loss, spec.samples, spec.steps, bool(spec.batch)
    return made


_SHAPES: dict = {}  # architecture -> its _shape


def anchored_solution(spec, anchor: dict, steps: dict | None):
    """`float_path.float_solution(spec, anchor, steps)` by the shape's generated function, or None."""
    if not spec.training.plain:
        return None
    shape = _shape(spec)
    found = _COMPILED.get(shape, False)
    if found is False:
        layers, activations, _, samples, count, _ = shape
        hidden_softmax = any(name == "softmax" for name, _ in activations[:-1])
        small = sum(rows for rows, _, _ in layers) * samples * (count + 1) <= MAX_UNITS
        if len(_COMPILED) >= _MAX:
            _COMPILED.clear()
        _COMPILED[shape] = None if small and not hidden_softmax else (None, None, None)
        return None
    if found is None:
        found = _COMPILED[shape] = _compile(spec, shape)
    run, value_names, step_names = found
    if run is None:
        return None
    X = [list(map(_float, x)) for x in spec.inputs]
    Y = [list(map(_float, y)) for y in spec.targets]
    layers = spec.layers
    values, parameters, made, sizes = run(
        [_float(w) for layer in layers for row in layer.weights for w in row],
        [_float(b) for layer in layers if layer.has_bias for b in layer.biases],
        X, Y, _float(spec.learning_rate), anchor.__getitem__)
    if steps is not None:
        steps.update(zip(step_names[0], zip(step_names[1], made, sizes)))
    activations = list(shape[1])  # (each layer's activation and its slope as a float)
    nets = [FloatNet(W, B, activations, spec.loss) for W, B in parameters]
    return dict(zip(value_names, values)), (nets, X, Y)


def _float(value) -> float:
    """float(value); a Fraction's as Fraction.__float__ divides its integers, without its method call."""
    return value._numerator / value._denominator if type(value) is Fraction else float(value)  # (the slots)


class _Program(_Writer):
    """The lines of the generated function, the names of its recorded values (`record`: the
    expressions appended to `out` in the same order) and of its steps."""

    def __init__(self, net, shape: tuple, scope: dict):
        super().__init__(net, shape[:3], scope)
        self.value_names: list = []
        self.new_names: list = []
        self.old_names: list = []
        self.constants = 0

    def constant(self, value) -> str:
        """A name in the generated code for a value (a tuple of names): bound in the scope, never written in the source."""
        self.constants += 1
        name = f"K{self.constants}"
        self.scope[name] = value
        return name

    def record(self, indent: str, names, expressions: list) -> None:
        names = tuple(names)
        assert len(names) == len(expressions)
        self.value_names.extend(names)
        if expressions:
            self.lines.append(f"{indent}out.extend(({', '.join(expressions)},))")


def _compile(spec, shape: tuple):
    layers, activations, loss, samples, count, batch = shape
    twin = LOSSES[loss].float_twin
    output = activations[-1][0]
    net = FloatNet([[[0.0] * cols for _ in range(rows)] for rows, cols, _ in layers],
                   [[0.0] * rows if bias else None for rows, _, bias in layers], list(activations), loss)
    scope = {"sum": sum, "abs": abs, "max": max, "SNAP": KINK_SNAP, "softmax": softmax, "loss": twin.loss,
             "output": output, "float": float, "map": map, "list": list, "zip": zip, "len": len,
             "closed": twin.output_deltas.get(output), "gradient": twin.gradient}
    for l in range(len(layers)):
        functions = net.functions(l)
        if functions is not None:
            scope[f"D{l}"] = functions[1]
    p = _Program(net, shape, scope)
    lines = p.lines
    depth = len(layers)
    lines.append("    out, made, sizes, nets = [], [], [], []")
    lines.append("    W, B = first_W, first_B")
    for t in range(1, count + 2):
        if t > 1:  # the anchor's parameters of step t, as floats
            w_names = [name for l, (rows, cols, _) in enumerate(layers, start=1)
                       for name in layer_names("w", l, rows, cols, None, t)]
            b_names = [name for l, (rows, _, bias) in enumerate(layers, start=1) if bias
                       for name in layer_names("b", l, rows, None, None, t)]
            lines.append(f"    W = list(map(float, map(get, {p.constant(tuple(w_names))})))")
            lines.append(f"    B = list(map(float, map(get, {p.constant(tuple(b_names))})))")
        _unpack(p, layers)
        lines.append("    nets.append(([" + ", ".join(
            "[" + ", ".join("[" + ", ".join(p.weight(l, j, k) for k in range(cols)) + "]" for j in range(rows)) + "]"
            for l, (rows, cols, _) in enumerate(layers)) + "], [" + ", ".join(
            ("[" + ", ".join(p.bias(l, j) for j in range(rows)) + "]") if bias else "None"
            for l, (rows, _, bias) in enumerate(layers)) + "]))")
        for s in range(samples):
            smp = s + 1 if batch else None
            inputs = [f"x{s}_{k}" for k in range(layers[0][1])]
            if t == 1:  # (the same inputs and targets at every step)
                lines.append(f"    {', '.join(inputs)}, = X[{s}]\n    y{s} = Y[{s}]")
            previous = inputs
            for l, (rows, _, _) in enumerate(layers):
                zs, outs = _names(f"z{s}_", l, rows), _names(f"a{s}_", l, rows)
                for j in range(rows):
                    p.neuron("    ", l, j, previous, zs[j], {})
                p.activate("    ", l, zs, outs, range(rows))
                p.record("    ", layer_names("z", l + 1, rows, None, smp, t), zs)
                p.record("    ", layer_names("a", l + 1, rows, None, smp, t), outs)
                previous = outs
            last = len(layers) - 1
            lines.append(f"    L{s} = {_loss(loss, _names(f'z{s}_', last, layers[-1][0]), _names(f'a{s}_', last, layers[-1][0]), f'y{s}')}")
            p.record("    ", (quantity_name("L", None, (), smp, t),), [f"L{s}"])
        total = "(" + " + ".join(["0.0"] + [f"L{s}" for s in range(samples)]) + ")"
        p.record("    ", (quantity_name("L", None, (), None, t),), [f"{total} / {samples}"])
        if t > count:
            break
        for s in range(samples):
            _backward(p, s, layers, activations, batch, t, depth)
        _update(p, layers, samples, batch, t)
    lines.append("    return out, nets, made, sizes")
    source = "def run(first_W, first_B, X, Y, alpha, get):\n" + "\n".join(lines) + "\n"
    exec(compile(source, "<symbp float path>", "exec"), scope)  # noqa: S102 (our own generated code)
    return scope["run"], tuple(p.value_names), (tuple(p.new_names), tuple(p.old_names))


def _unpack(p: _Program, layers) -> None:
    """The step's parameters from the flat lists W and B into the writer's names."""
    weights = [p.weight(l, j, k) for l, (rows, cols, _) in enumerate(layers) for j in range(rows) for k in range(cols)]
    biases = [p.bias(l, j) for l, (rows, _, bias) in enumerate(layers) if bias for j in range(rows)]
    p.lines.append(f"    {', '.join(weights)}, = W")
    if biases:
        p.lines.append(f"    {', '.join(biases)}, = B")


def _backward(p: _Program, s: int, layers, activations, batch: bool, t: int, depth: int) -> None:
    """One sample's backward pass, as FloatNet.backward computes it, recorded as float_path does."""
    lines = p.lines
    smp = s + 1 if batch else None
    z = [_names(f"z{s}_", l, rows) for l, (rows, _, _) in enumerate(layers)]
    a = [_names(f"a{s}_", l, rows) for l, (rows, _, _) in enumerate(layers)]
    d = [_names(f"d{s}_", l, rows) for l, (rows, _, _) in enumerate(layers)]
    f = [_names(f"f{s}_", l, rows) if activations[l][0] != "softmax" else None for l, (rows, _, _) in enumerate(layers)]
    out_rows, output = layers[-1][0], activations[-1][0]
    if p.scope["closed"] is not None:
        lines.append(f"    {', '.join(d[-1])}, = closed([{', '.join(z[-1])}], [{', '.join(a[-1])}], y{s})")
    elif output == "softmax":
        g = _names(f"g{s}_", depth - 1, out_rows)
        lines.append(f"    {', '.join(g)}, = gradient([{', '.join(a[-1])}], y{s})")
        for j in range(out_rows):
            terms = [f"{g[i]} * {a[-1][i]} * ({'1.0' if i == j else '0.0'} - {a[-1][j]})" for i in range(out_rows)]
            lines.append(f"    {d[-1][j]} = {_sum(terms)}")
    else:
        g = _names(f"g{s}_", depth - 1, out_rows)
        lines.append(f"    {', '.join(g)}, = gradient([{', '.join(a[-1])}], y{s})")
        for j in range(out_rows):
            lines.append(f"    {d[-1][j]} = {g[j]} * D{depth - 1}({z[-1][j]})")
    for l in range(depth):
        if f[l] is not None:
            for j in range(layers[l][0]):
                lines.append(f"    {f[l][j]} = D{l}({z[l][j]})")
    sums = [None] * depth
    for l in range(depth - 2, -1, -1):
        rows_next = layers[l + 1][0]
        sums[l] = _names(f"S{s}_", l, layers[l][0])
        for k in range(layers[l][0]):
            lines.append(f"    {sums[l][k]} = {_sum([f'{p.weight(l + 1, j, k)} * {d[l + 1][j]}' for j in range(rows_next)])}")
            lines.append(f"    {d[l][k]} = {sums[l][k]} * {f[l][k]}")
    for l, (rows, _, _) in enumerate(layers, start=1):  # float_path._record_between
        if f[l - 1] is not None:
            p.record("    ", layer_names("local", l, rows, None, smp, t), f[l - 1])
        if sums[l - 1] is not None:
            p.record("    ", layer_names("sum", l, rows, None, smp, t), sums[l - 1])
    for l, (rows, cols, bias) in enumerate(layers):
        previous = [f"x{s}_{k}" for k in range(cols)] if l == 0 else a[l - 1]
        p.record("    ", layer_names("delta", l + 1, rows, None, smp, t), d[l])
        grads = [f"G{s}_{l}_{j}_{k}" for j in range(rows) for k in range(cols)]
        lines.append(f"    {', '.join(grads)}, = {', '.join(f'{d[l][j]} * {previous[k]}' for j in range(rows) for k in range(cols))},")
        p.record("    ", layer_names("dw", l + 1, rows, cols, smp, t), grads)
        if bias:
            p.record("    ", layer_names("db", l + 1, rows, None, smp, t), d[l])


def _update(p: _Program, layers, samples: int, batch: bool, t: int) -> None:
    """The batch's mean gradients (recorded with a batch) and plain SGD from the anchor's mean
    gradients: p − α·g, each step α·g and α·|g| (float_path._updated with an anchor)."""
    lines = p.lines
    for l, (rows, cols, bias) in enumerate(layers):
        kinds = [("w", "dw", cols, [p.weight(l, j, k) for j in range(rows) for k in range(cols)],
                  [[f"G{s}_{l}_{j}_{k}" for j in range(rows) for k in range(cols)] for s in range(samples)])]
        if bias:
            kinds.append(("b", "db", None, [p.bias(l, j) for j in range(rows)],
                          [_names(f"d{s}_", l, rows) for s in range(samples)]))
        for kind, gradient, columns, old, per_sample in kinds:
            gradient_names = layer_names(gradient, l + 1, rows, columns, None, t)
            if batch:  # (0.0 + g1 + g2 + …) / m, as float_solution sums the samples' gradients
                means = ["(" + " + ".join(["0.0"] + [grads[i] for grads in per_sample]) + f") / {samples}"
                         for i in range(len(old))]
                p.record("    ", gradient_names, means)
            followed = p.constant(tuple(gradient_names))
            lines.append(f"    g = list(map(float, map(get, {followed})))")
            new = [f"U{l}{kind}{i}" for i in range(len(old))]
            lines.append(f"    {', '.join(new)}, = " + ", ".join(f"{w} - alpha * g[{i}]" for i, w in enumerate(old)) + ",")
            p.record("    ", layer_names(kind, l + 1, rows, columns, None, t + 1), new)
            lines.append("    made += [alpha * v for v in g]\n    sizes += [alpha * abs(v) for v in g]")
            p.new_names.extend(layer_names(kind, l + 1, rows, columns, None, t + 1))
            p.old_names.extend(layer_names(kind, l + 1, rows, columns, None, t))
