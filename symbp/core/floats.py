"""Float twins of the operations: plain float64, written from the textbook, sharing no code with
`operations.py` (no SymPy).  Verification runs every graph through these.

Each `FloatTwin` gives the forward value and the partial derivative with respect to each argument
(with the registry's conventions at kinks: ReLU'(0) = 0, |x|'(0) = 0, max and min route the
gradient to the first of equal arguments), and a `branch` signature for the kinked ones, so that
finite differences can tell when a step of ±h crossed a kink.  One entry per operation of
`operations.OPERATIONS`, with the same names (a test checks it).

Also the numerically stable pieces a float path needs where float64 would refuse a valid number:
softplus, log-sum-exp, and the logs of sigmoid and softmax outputs from their inputs
(`log_outputs`), so that an output rounded to 0 or 1 is no log 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class FloatTwin:
    forward: Callable  # (args: list[float], param) -> float
    partials: Callable  # (args, param) -> list[float], one per argument
    branch: Callable | None = None  # (args, param) -> a hashable signature of the branch taken


def _product(values) -> float:
    result = 1.0
    for v in values:
        result *= v
    return result


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def tanh_derivative(x: float) -> float:
    """1 − tanh(x)² as 4e/(1 + e)² with e = e^−2|x|: no cancellation where tanh(x) is near ±1
    (σ' likewise as σ(x)·σ(−x)), so that a saturated unit's δ keeps its digits."""
    e = math.exp(-2.0 * abs(x))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


def _first_extreme(args, larger: bool) -> int:
    best = 0
    for i, v in enumerate(args):
        if (v > args[best]) if larger else (v < args[best]):
            best = i
    return best


def _routed(args, larger: bool) -> list[float]:
    best = _first_extreme(args, larger)
    return [1.0 if i == best else 0.0 for i in range(len(args))]


def softmax(args) -> list[float]:
    top = max(args)
    exps = [math.exp(a - top) for a in args]
    total = sum(exps)
    return [e / total for e in exps]


def softplus(x: float) -> float:
    """ln(1 + e^x) without overflow: max(x, 0) + ln(1 + e^−|x|)."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def logsumexp(values) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def _log(v: float) -> float:
    return math.log(v) if v > 0 else -math.inf


def log_outputs(activation: str, inputs: list, outputs: list) -> tuple[list, list]:
    """(ln a_j, ln(1 − a_j)) for every output a_j of a layer, from its inputs z where the
    activation allows it — ln σ(z) = −softplus(−z), ln(1 − σ(z)) = −softplus(z), log-softmax by
    log-sum-exp — so that an output rounded to 0 or 1 in float64 never becomes ln 0."""
    stable = _LOG_OUTPUTS.get(activation)
    if stable is not None:
        return stable(inputs)
    return [_log(v) for v in outputs], [_log(1.0 - v) for v in outputs]


def _log_softmax(z: list) -> tuple[list, list]:
    total = logsumexp(z)
    rest = [logsumexp(z[:j] + z[j + 1:]) if len(z) > 1 else -math.inf for j in range(len(z))]
    return [v - total for v in z], [r - total for r in rest]


def _log_sigmoid(z: list) -> tuple[list, list]:
    """(ln σ(z_j), ln(1 − σ(z_j))) = (−softplus(−z_j), −softplus(z_j)), bit for bit, with their
    common ln(1 + e^−|z_j|) computed once and max(±z, 0) as a comparison (they differ only in the
    sign of a zero, added to ln 2): half the time, for a loss that finite differences evaluate
    thousands of times."""
    common = [math.log1p(math.exp(-abs(v))) for v in z]
    return ([-((-v if v < 0.0 else 0.0) + c) for v, c in zip(z, common)],
            [-((v if v > 0.0 else 0.0) + c) for v, c in zip(z, common)])


_LOG_OUTPUTS = {
    "sigmoid": _log_sigmoid,
    "softmax": _log_softmax,
}


def _sign(x: float) -> float:
    return 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)


FLOAT_TWINS: dict[str, FloatTwin] = {
    "add": FloatTwin(lambda a, p: sum(a), lambda a, p: [1.0] * len(a)),
    "sub": FloatTwin(lambda a, p: a[0] - a[1], lambda a, p: [1.0, -1.0]),
    "mul": FloatTwin(lambda a, p: _product(a),
                     lambda a, p: [_product(a[:i] + a[i + 1:]) for i in range(len(a))]),
    "div": FloatTwin(lambda a, p: a[0] / a[1], lambda a, p: [1.0 / a[1], -a[0] / (a[1] * a[1])]),
    "neg": FloatTwin(lambda a, p: -a[0], lambda a, p: [-1.0]),
    "pow": FloatTwin(lambda a, p: a[0] ** p, lambda a, p: [p * a[0] ** (p - 1)]),
    "sqrt": FloatTwin(lambda a, p: math.sqrt(a[0]), lambda a, p: [0.5 / math.sqrt(a[0])]),
    "exp": FloatTwin(lambda a, p: math.exp(a[0]), lambda a, p: [math.exp(a[0])]),
    "ln": FloatTwin(lambda a, p: math.log(a[0]), lambda a, p: [1.0 / a[0]]),
    "abs": FloatTwin(lambda a, p: abs(a[0]), lambda a, p: [_sign(a[0])], lambda a, p: _sign(a[0])),
    "sign": FloatTwin(lambda a, p: _sign(a[0]), lambda a, p: [0.0], lambda a, p: _sign(a[0])),
    "max": FloatTwin(lambda a, p: max(a), lambda a, p: _routed(a, True), lambda a, p: _first_extreme(a, True)),
    "min": FloatTwin(lambda a, p: min(a), lambda a, p: _routed(a, False), lambda a, p: _first_extreme(a, False)),
    "sigmoid": FloatTwin(lambda a, p: sigmoid(a[0]), lambda a, p: [sigmoid(a[0]) * sigmoid(-a[0])]),
    "tanh": FloatTwin(lambda a, p: math.tanh(a[0]), lambda a, p: [tanh_derivative(a[0])]),
    "relu": FloatTwin(lambda a, p: a[0] if a[0] > 0 else 0.0, lambda a, p: [1.0 if a[0] > 0 else 0.0],
                      lambda a, p: a[0] > 0),
    "leaky_relu": FloatTwin(lambda a, p: a[0] if a[0] > 0 else float(p) * a[0],
                            lambda a, p: [1.0 if a[0] > 0 else float(p)], lambda a, p: a[0] > 0),
    "softplus": FloatTwin(lambda a, p: softplus(a[0]), lambda a, p: [sigmoid(a[0])]),
    "identity": FloatTwin(lambda a, p: a[0], lambda a, p: [1.0]),
    "softmax": FloatTwin(lambda a, p: softmax(a)[p],
                         lambda a, p: [softmax(a)[p] * ((1.0 if i == p else 0.0) - softmax(a)[i])
                                       for i in range(len(a))]),
}
