"""The optimizers' and the regularization's float twins: plain float64, written from torch.optim's
documented equations, sharing no code with `optimizers.py` (no graph, no trees).

In:  a parameter's value p and the gradient g it follows at step t, its state of step t − 1 (empty
     at step 1: torch starts every buffer at zero), the hyperparameters as floats.
Out: its state of step t (by kind) and the direction d of the step, p@t+1 = p − α·d.  One entry
     per entry of `optimizers.OPTIMIZERS`, with the same names (a test checks it).
     `train_network` applies them (and λ) to a float network and records every quantity by name
     for `verify` (and, asked, each step α·d with the α·d that the magnitudes of its inputs give).
"""

from __future__ import annotations

import math

from . import names
from .core import identity as ids


def _sgd(p, g, old, t, h, flags):
    return {}, g


def _momentum(p, g, old, t, h, flags):
    buf = g if t == 1 else h["beta"] * old["v"] + g  # torch: buf = g at first, then μ·buf + (1 − dampening)·g
    return {"v": buf}, (g + h["beta"] * buf) if flags.get("nesterov") else buf


def _adagrad(p, g, old, t, h, flags):
    total = old.get("s", 0.0) + g * g
    return {"s": total}, g / (math.sqrt(total) + h["eps"])


def _rmsprop(p, g, old, t, h, flags):
    square_avg = h["rho"] * old.get("v", 0.0) + (1.0 - h["rho"]) * g * g
    return {"v": square_avg}, g / (math.sqrt(square_avg) + h["eps"])


def _adam(p, g, old, t, h, flags):
    m = h["beta1"] * old.get("m", 0.0) + (1.0 - h["beta1"]) * g
    v = h["beta2"] * old.get("v", 0.0) + (1.0 - h["beta2"]) * g * g
    m_hat = m / (1.0 - h["beta1"] ** t)
    v_hat = v / (1.0 - h["beta2"] ** t)
    return {"m": m, "v": v, "mhat": m_hat, "vhat": v_hat}, m_hat / (math.sqrt(v_hat) + h["eps"])


FLOAT_OPTIMIZERS = {"sgd": _sgd, "momentum": _momentum, "adagrad": _adagrad, "rmsprop": _rmsprop, "adam": _adam}


def _sign(x: float) -> float:
    return 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)


def _parameters(net, t: int):
    """(identity, holder list, position, layer index) of every parameter of a FloatNet at step t."""
    for l, (W, B) in enumerate(zip(net.W, net.B)):
        for j, row in enumerate(W):
            for k in range(len(row)):
                yield ids.value(ids.WEIGHT, l + 1, (j, k), t), row, k, l
            if B is not None:
                yield ids.value(ids.BIAS, l + 1, (j,), t), B, j, l


def _is_regularized(training, identity) -> bool:
    return (training.weight_decay is not None or training.l1 is not None) and (
        identity.kind == ids.WEIGHT or training.regularize_biases)


def float_penalty(spec, net, t: int = 1) -> float:
    """R = (λ/2)·Σ w² + λ1·Σ |w| over the regularized parameters of a float network."""
    training = spec.training
    chosen = [holder[pos] for identity, holder, pos, _ in _parameters(net, t) if _is_regularized(training, identity)]
    penalty = 0.0
    if training.weight_decay is not None:
        penalty += 0.5 * float(training.weight_decay) * sum(w * w for w in chosen)
    if training.l1 is not None:
        penalty += float(training.l1) * sum(abs(w) for w in chosen)
    return penalty


def record_penalty(spec, net, t: int, values: dict) -> None:
    """R@t and J@t = L@t + R@t, with regularization."""
    if spec.training.weight_decay is None and spec.training.l1 is None:
        return
    penalty = float_penalty(spec, net, t)
    values[ids.name(ids.Identity(ids.PENALTY, step=t))] = penalty
    values[ids.name(ids.Identity(ids.REGULARIZED, step=t))] = values[names.name("L", None, (), None, t)] + penalty


def train_network(spec, net, gradients: dict, t: int, states: dict, values: dict, anchor: dict | None = None,
                  steps: dict | None = None):
    """(W, B) at step t + 1 from the mean gradients ∂L/∂p (identity at step t -> float) by the spec's
    optimizer; records ∂J/∂p, the states and the new parameters in `values`; `states` carries
    each parameter's state (by its step-1 identity) from step to step.

    With an `anchor` (the exact engine's values by name) the optimizer follows the anchor's ∂J/∂p
    and carries the anchor's states to the next step (as floats): each update is then the twin's
    formula applied to the exact inputs, whose float64 result is known to ~1e-16 even where the
    update itself is ill-conditioned (Adam's m̂/(√v̂ + ε) at g ≈ 0 turns round-off into a step).
    `steps` receives, by the name of p@t+1: (the name of p@t, the step α·d, the step from the
    magnitudes of the inputs, |g| and |state| — a bound of what round-off and cancellation in d
    can amount to)."""
    training = spec.training
    h = {"alpha": float(spec.learning_rate), **{k: float(v) for k, v in training.values}}
    flags = dict(training.flags)
    twin = FLOAT_OPTIMIZERS[training.optimizer]
    new_W = [[list(row) for row in W] for W in net.W]
    new_B = [list(B) if B is not None else None for B in net.B]
    for identity, holder, pos, l in _parameters(net, t):
        p, g = holder[pos], gradients[identity]
        if _is_regularized(training, identity):
            if training.weight_decay is not None:
                g += float(training.weight_decay) * p
            if training.l1 is not None:
                g += float(training.l1) * _sign(p)
            used = ids.name(ids.gradient(ids.Identity(ids.REGULARIZED, step=t), identity))
            values[used] = g
            if anchor is not None:
                g = float(anchor[used])
        first = ids.value(identity.kind, identity.layer, identity.indices)
        old = states.get(first, {})
        state, direction = twin(p, g, old, t, h, flags)
        updated = p - h["alpha"] * direction
        new = ids.name(ids.value(identity.kind, identity.layer, identity.indices, t + 1))
        if steps is not None:
            _, magnitude = twin(p, abs(g), {kind: abs(x) for kind, x in old.items()}, t, h, flags)
            steps[new] = (ids.name(identity), h["alpha"] * direction, h["alpha"] * magnitude)
        named = {kind: ids.name(ids.state(kind, identity, t)) for kind in state}
        for kind, value in state.items():
            values[named[kind]] = value
        if anchor is not None:
            state = {kind: float(anchor[name]) for kind, name in named.items()}
        states[first] = state
        values[new] = updated
        target = new_W[l][identity.indices[0]] if identity.kind == ids.WEIGHT else new_B[l]
        target[identity.indices[-1]] = updated
    return new_W, new_B
