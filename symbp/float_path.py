"""The independent float64 path: a spec -> every named quantity by plain float arithmetic.

Written from the textbook equations (forward pass, δ^L, δ^l = (W^T δ) ⊙ f'(z), ∂L/∂W = δ a^T,
SGD), with the activations' float twins (`core/floats.py`: math.exp, not SymPy) and the losses'
(`losses.py`), sharing no code with the exact engine's graph and chain rule.  Numerically stable
where float64 would otherwise refuse a valid network: the log-losses are computed from the
pre-activations (log-sigmoid, log-sum-exp) and δ^L of σ/softmax outputs with bce/cross-entropy in
closed form, so that an output rounded to exactly 0 or 1 (σ(37) is 1.0 in float64) is no log 0 or
division by 0.  Only a truly undefined value (the log of an output that is 0) is a ValueError.
The passes are a `FloatNet`'s (float_net.py); here every value of every step and sample is
recorded by name, and the updates are made.
"""

from __future__ import annotations

from functools import lru_cache
from operator import add

from . import names
from .core import identity as ids
from .float_net import KINK_SNAP, Backward, FloatNet, activation_function  # noqa: F401 (KINK_SNAP, activation_function: float_path's too)
from .float_optimizers import record_penalty, train_network

def _named(kind: str, layer, idx: tuple) -> str:
    if kind not in ("local", "sum"):
        return names.name(kind, layer, idx)
    a = ids.value(ids.ACTIVATION, layer, idx)
    if kind == "local":
        return names.name(ids.local(a, ids.value(ids.PRE_ACTIVATION, layer, idx)))
    return names.name(ids.gradient(ids.value(ids.LOSS), a))


_PROBE = 987_654_321  # an index no network has: its text, "{987654321}", occurs nowhere else in a name


@lru_cache(maxsize=1 << 10)
def _cut(kind: str, layer, arity: int) -> list | None:
    """The name of (kind, layer, indices) cut where the text of its indices goes (`indices_text`),
    read from a name with probe indices; None when the names of real indices (written together,
    and in braces) are not that text put back in, or there are no indices."""
    if not arity:
        return None
    probe = (_PROBE,) * arity
    parts = _named(kind, layer, probe).split(ids.indices_text(probe))
    for idx in ((0,) * arity, (1,) + (12,) * (arity - 1)):
        if ids.indices_text(idx).join(parts) != _named(kind, layer, idx):
            return None
    return parts


@lru_cache(maxsize=1 << 17)  # (every weight of 64 wide × 12 layers, three kinds: 150,000)
def bare_name(kind: str, layer, idx: tuple) -> str:
    """The name of a quantity at step 1 without a sample: `names.name(kind, layer, idx)`, and the
    kinds "local" (f'(z) = ∂a/∂z) and "sum" (∂L/∂a = (W^T δ)_j).  The names of a layer's
    quantities differ in the text of their indices alone: it is put into the layer's name, cut
    once (`_cut`) — 100,000 names through the core's scheme one by one took 0.6 s."""
    parts = _cut(kind, layer, len(idx))
    return ids.indices_text(idx).join(parts) if parts is not None else _named(kind, layer, idx)


@lru_cache(maxsize=1 << 12)
def _suffix(sample, step: int) -> str:
    return ids.suffix(sample, step)


def quantity_name(kind: str, layer, idx: tuple, sample, step: int) -> str:
    """`names.name(kind, layer, idx, sample, step)` (kinds as `bare_name`), read as the name at
    step 1 without a sample (made once per quantity) and the core's suffix of the sample and step
    (`core.identity.suffix`): the 100,000 names of a batch over many steps cost a concatenation
    each."""
    return bare_name(kind, layer, idx) + _suffix(sample, step)


@lru_cache(maxsize=1 << 9)
def _layer_bare(kind: str, layer, rows: int, cols: int | None) -> tuple:
    """`bare_name` of every quantity of a kind in a layer: per neuron j (cols None), or per
    weight (j, k) in row-major order."""
    if cols is None:
        return tuple(bare_name(kind, layer, (j,)) for j in range(rows))
    return tuple(bare_name(kind, layer, (j, k)) for j in range(rows) for k in range(cols))


def layer_names(kind: str, layer, rows: int, cols: int | None, sample, step: int):
    """The names `quantity_name` gives a layer's quantities of a kind (`_layer_bare`'s order),
    the suffix of the sample and step put on once per layer."""
    bare = _layer_bare(kind, layer, rows, cols)
    end = _suffix(sample, step)
    return [name + end for name in bare] if end else bare


def _record_between(values: dict, passed: Backward, smp, t: int) -> None:
    """f'(z) of every elementwise layer and the back-propagated sums of every hidden one, by name."""
    for l, (derivatives, sums) in enumerate(zip(passed.derivatives, passed.sums), start=1):
        width = len(passed.zs[l - 1])
        if derivatives is not None:
            values.update(zip(layer_names("local", l, width, None, smp, t), derivatives))
        if sums is not None:
            values.update(zip(layer_names("sum", l, width, None, smp, t), sums))


def _mean_gradients(values: dict, net: FloatNet, t: int) -> dict:
    """∂L/∂p at step t (the batch's mean) of every parameter, by the parameter's identity."""
    loss = ids.value(ids.LOSS, step=t)
    out = {}
    for l, (W, B) in enumerate(zip(net.W, net.B), start=1):
        for j, row in enumerate(W):
            parameters = [ids.value(ids.WEIGHT, l, (j, k), t) for k in range(len(row))]
            parameters += [ids.value(ids.BIAS, l, (j,), t)] if B is not None else []
            out.update({p: values[names.name(ids.gradient(loss, p))] for p in parameters})
    return out


def float_net(spec) -> FloatNet:
    return FloatNet(
        [[[float(w) for w in row] for row in layer.weights] for layer in spec.layers],
        [[float(b) for b in layer.biases] if layer.has_bias else None for layer in spec.layers],
        [(layer.activation, float(layer.negative_slope)) for layer in spec.layers],
        spec.loss,
    )


def _rows(flat: list, cols: int) -> list:
    """A row-major list of a layer's weights as rows of `cols`."""
    return [flat[i:i + cols] for i in range(0, len(flat), cols)]


def _shapes(net: FloatNet) -> list:
    """(rows, columns, bias) of every layer."""
    return [(len(W), len(W[0]), B is not None) for W, B in zip(net.W, net.B)]


def _anchored(net: FloatNet, anchor: dict, t: int) -> FloatNet:
    """The network of step t with the anchor's (the exact engine's) parameters of step t, as floats."""
    W, B = [], []
    for l, (rows, cols, bias) in enumerate(_shapes(net), start=1):
        W.append(_rows(list(map(float, map(anchor.__getitem__, layer_names("w", l, rows, cols, None, t)))), cols))
        B.append(list(map(float, map(anchor.__getitem__, layer_names("b", l, rows, None, None, t)))) if bias else None)
    return FloatNet(W, B, net.activations, net.loss)


def _updated(values: dict, old: list, names_of: tuple, sums: list, m: int, alpha: float, anchor: dict | None,
             steps: dict | None) -> list:
    """One layer's weights (or biases) at step t + 1 by plain SGD, recorded by name.  `names_of`:
    the names of their mean gradients at step t, of the parameters at t and at t + 1.

    Alone, p − α·Σg/m from the float path's own gradients summed over the batch; with an `anchor`
    (the exact engine's values by name), p − α·g from the anchor's mean gradients g, and `steps`
    receives each update's step α·g (what `float_optimizers.train_network` does with the "sgd"
    twin, by names made per layer: no identity per parameter, 50,000 in a 64 × 12 network)."""
    gradient_names, old_names, new_names = names_of
    if anchor is None:
        new = [p - alpha * g / m for p, g in zip(old, sums)]
    else:
        gradients = list(map(float, map(anchor.__getitem__, gradient_names)))
        new = [p - alpha * g for p, g in zip(old, gradients)]
        if steps is not None:
            steps.update(zip(new_names, zip(old_names, [alpha * g for g in gradients],
                                            [alpha * abs(g) for g in gradients])))
    values.update(zip(new_names, new))
    return new


def _program():
    """float_program.anchored_solution (imported at first use: it imports this module)."""
    global _ANCHORED
    if _ANCHORED is None:
        from .float_program import anchored_solution as _ANCHORED
    return _ANCHORED


_ANCHORED = None


def float_solution(spec, anchor: dict | None = None, steps: dict | None = None) -> tuple[dict, list]:
    """Every named quantity by plain float64 arithmetic; also the FloatNet of every step.

    Alone, one float64 run from the spec's numbers to the last step.  With an `anchor` (the
    exact engine's values by name), every step starts from the anchor's parameters of that step
    and the optimizer follows the anchor's gradients and states (`train_network`): each step is
    then recomputed independently from exact inputs, and the round-off of an earlier step (made
    large by an ill-conditioned update) never reaches a later one; every update is then the
    twin's (`float_optimizers.py`, plain SGD too), and `steps` receives each update's step.
    Plain SGD with an anchor, for a shape verified before: by its generated function (float_program.py)."""
    if anchor is not None:
        made = _program()(spec, anchor, steps)
        if made is not None:
            return made
    net = float_net(spec)
    X = [[float(v) for v in x] for x in spec.inputs]
    Y = [[float(v) for v in y] for y in spec.targets]
    alpha = float(spec.learning_rate)
    m = len(X)
    values: dict[str, float] = {}
    nets = []
    states: dict = {}  # the optimizer's state of each parameter, from step to step
    shapes = _shapes(net)
    plain = spec.training.plain

    def record_forward(net, t):
        """Every sample's forward pass at step t, recorded; the passes, for the backward ones."""
        total, passes = 0.0, []
        for s, (x, y) in enumerate(zip(X, Y), start=1):
            smp = s if spec.batch else None
            zs, acts = passed = net.forward(x)
            passes.append(passed)
            for l, (z, a) in enumerate(zip(zs, acts), start=1):
                values.update(zip(layer_names("z", l, len(z), None, smp, t), z))
                values.update(zip(layer_names("a", l, len(z), None, smp, t), a))
            loss = net.loss_of(zs, acts, y)
            values[quantity_name("L", None, (), smp, t)] = loss
            total += loss
        values[quantity_name("L", None, (), None, t)] = total / m
        return passes

    for t in range(1, spec.steps + 1):
        if anchor is not None and t > 1:
            net = _anchored(net, anchor, t)
        nets.append(net)
        passes = record_forward(net, t)
        sum_w = [[0.0] * (rows * cols) for rows, cols, _ in shapes]
        sum_b = [[0.0] * rows if bias else None for rows, _, bias in shapes]
        for s, (x, y, forward) in enumerate(zip(X, Y, passes), start=1):
            smp = s if spec.batch else None
            passed = net.backward(x, y, forward)
            _record_between(values, passed, smp, t)
            for l, (rows, cols, bias) in enumerate(shapes):
                values.update(zip(layer_names("delta", l + 1, rows, None, smp, t), passed.deltas[l]))
                flat = [g for row in passed.grads_w[l] for g in row]
                values.update(zip(layer_names("dw", l + 1, rows, cols, smp, t), flat))
                sum_w[l] = list(map(add, sum_w[l], flat))
                if bias:
                    values.update(zip(layer_names("db", l + 1, rows, None, smp, t), passed.grads_b[l]))
                    sum_b[l] = list(map(add, sum_b[l], passed.grads_b[l]))
        # plain SGD: from the exact gradients when anchored (as its twin); else from the float path's own
        followed = anchor if plain else None
        new_W, new_B = [], []
        for l, (rows, cols, bias) in enumerate(shapes):
            dw = layer_names("dw", l + 1, rows, cols, None, t)
            if spec.batch:
                values.update(zip(dw, [g / m for g in sum_w[l]]))
            old = [w for row in net.W[l] for w in row]
            named = (dw, layer_names("w", l + 1, rows, cols, None, t), layer_names("w", l + 1, rows, cols, None, t + 1))
            new_W.append(_rows(_updated(values, old, named, sum_w[l], m, alpha, followed, steps), cols))
            if bias:
                db = layer_names("db", l + 1, rows, None, None, t)
                if spec.batch:
                    values.update(zip(db, [g / m for g in sum_b[l]]))
                named = (db, layer_names("b", l + 1, rows, None, None, t), layer_names("b", l + 1, rows, None, None, t + 1))
                new_B.append(_updated(values, net.B[l], named, sum_b[l], m, alpha, followed, steps))
            else:
                new_B.append(None)
        if not plain:  # another optimizer, or regularization: its float twin
            record_penalty(spec, net, t, values)
            followed = _mean_gradients(values if anchor is None else anchor, net, t)
            new_W, new_B = train_network(spec, net, {p: float(g) for p, g in followed.items()}, t, states, values, anchor,
                                         steps)
        net = FloatNet(new_W, new_B, net.activations, net.loss)
    if anchor is not None:
        net = _anchored(net, anchor, spec.steps + 1)
    nets.append(net)
    record_forward(net, spec.steps + 1)
    record_penalty(spec, net, spec.steps + 1, values)
    return values, (nets, X, Y)
