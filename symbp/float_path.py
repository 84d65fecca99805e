"""The independent float64 path: a spec -> every named quantity by plain float arithmetic.

Written from the textbook equations with its own activation and loss functions (math.exp, not
SymPy), sharing no code with the exact engine.  Numerically stable where float64 would
otherwise refuse a valid network: the log-losses are computed from the pre-activations
(log-sigmoid, log-sum-exp) and δ^L of σ/softmax outputs with bce/cross-entropy in closed form, so
that an output rounded to exactly 0 or 1 (σ(37) is 1.0 in float64) is no log 0 or division by 0.
Only a truly undefined value (the log of an output that is 0) is a ValueError.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import names

KINKED = ("relu", "leaky_relu")  # not differentiable where their input is 0
KINK_SNAP = 1e-11  # |z| below this times Σ|w·a| + |b| is float rounding of an exact 0


def _fwd_relu(z, s): return z if z > 0 else 0.0
def _der_relu(z, s): return 1.0 if z > 0 else 0.0
def _fwd_leaky(z, s): return z if z > 0 else s * z
def _der_leaky(z, s): return 1.0 if z > 0 else s
def _fwd_sigmoid(z, s): return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
def _der_sigmoid(z, s): return _fwd_sigmoid(z, s) * (1.0 - _fwd_sigmoid(z, s))
def _der_tanh(z, s): return 1.0 - math.tanh(z) ** 2
def _fwd_softplus(z, s): return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


FLOAT_ACTIVATIONS = {
    "relu": (_fwd_relu, _der_relu),
    "leaky_relu": (_fwd_leaky, _der_leaky),
    "sigmoid": (_fwd_sigmoid, _der_sigmoid),
    "tanh": (lambda z, s: math.tanh(z), _der_tanh),
    "identity": (lambda z, s: z, lambda z, s: 1.0),
    "softplus": (_fwd_softplus, _fwd_sigmoid),
}


def _softmax(zs):
    top = max(zs)
    exps = [math.exp(z - top) for z in zs]
    total = sum(exps)
    return [e / total for e in exps]


def _softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def _logsumexp(zs):
    top = max(zs)
    return top + math.log(sum(math.exp(z - top) for z in zs))


def _log_outputs(activation: str, z, a):
    """(log a_j, log(1 − a_j)) for every output, from the pre-activations where the activation
    allows it — log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z), log-softmax by
    log-sum-exp — so that an output rounded to 0 or 1 in float64 never becomes log 0."""
    if activation == "sigmoid":
        return [-_softplus(-v) for v in z], [-_softplus(v) for v in z]
    if activation == "softmax":
        total = _logsumexp(z)
        rest = [_logsumexp(z[:j] + z[j + 1:]) if len(z) > 1 else -math.inf for j in range(len(z))]
        return [v - total for v in z], [r - total for r in rest]
    return [_log(v) for v in a], [_log(1.0 - v) for v in a]


def _log(v):
    return math.log(v) if v > 0 else -math.inf


def _bce(z, a, y, activation):
    log_a, log_not_a = _log_outputs(activation, z, a)
    # 0·log 0 = 0: a term whose weight y_j (or 1 − y_j) is 0 adds nothing, whatever a_j is
    terms = [(yj * la if yj else 0.0) + ((1 - yj) * ln if yj != 1 else 0.0) for la, ln, yj in zip(log_a, log_not_a, y)]
    return _finite(-sum(terms) / len(a))


def _cross_entropy(z, a, y, activation):
    log_a, _ = _log_outputs(activation, z, a)
    return _finite(-sum(yj * la for la, yj in zip(log_a, y) if yj))


def _finite(loss):
    if not math.isfinite(loss):
        raise ValueError("the loss is infinite (the log of an output that is 0)")
    return loss


# loss(z, a, y, output activation) per sample, and dL/da(a, y) for the chain rule through f'(z)
FLOAT_LOSSES = {
    "half_sse": (lambda z, a, y, act: 0.5 * sum((yj - aj) ** 2 for aj, yj in zip(a, y)),
                 lambda a, y: [aj - yj for aj, yj in zip(a, y)]),
    "mse": (lambda z, a, y, act: sum((yj - aj) ** 2 for aj, yj in zip(a, y)) / len(a),
            lambda a, y: [2.0 * (aj - yj) / len(a) for aj, yj in zip(a, y)]),
    "bce": (_bce, lambda a, y: [((-yj / aj if yj else 0.0) + ((1 - yj) / (1 - aj) if yj != 1 else 0.0)) / len(a)
                                for aj, yj in zip(a, y)]),
    "cross_entropy": (_cross_entropy, lambda a, y: [-yj / aj if yj else 0.0 for aj, yj in zip(a, y)]),
}


def _sigmoid_minus(z, y):
    """σ(z) − y without cancellation near σ(z) = 1: (1 − y) − σ(−z) there."""
    return (1 - y) - _fwd_sigmoid(-z, 0) if y > 0.5 else _fwd_sigmoid(z, 0) - y


def _softmax_bce_delta(z, a, y):
    """dL/dz_j of the mean bce of softmax outputs: −1/n Σ_i (δ_ij − a_j)(y_i − (1 − y_i)·a_i/(1 − a_i)),
    with a_i/(1 − a_i) = exp(z_i − logsumexp of the others)."""
    odds = [math.exp(z[i] - _logsumexp(z[:i] + z[i + 1:])) if y[i] != 1 else 0.0 for i in range(len(z))]
    weight = [y[i] - (1 - y[i]) * odds[i] for i in range(len(z))]
    return [-sum(((1.0 if i == j else 0.0) - a[j]) * weight[i] for i in range(len(z))) / len(z) for j in range(len(z))]


# δ^L = dL/dz^L in closed form for (output activation, loss) pairs where dL/da alone would divide
# by an output rounded to 0 or 1: the textbook results a − y (σ with bce), a·Σy − y (softmax with
# cross-entropy), −y(1 − a) (σ with cross-entropy).
OUTPUT_DELTAS = {
    ("sigmoid", "bce"): lambda z, a, y: [_sigmoid_minus(zj, yj) / len(a) for zj, yj in zip(z, y)],
    ("sigmoid", "cross_entropy"): lambda z, a, y: [-yj * _fwd_sigmoid(-zj, 0) for zj, yj in zip(z, y)],
    ("softmax", "cross_entropy"): lambda z, a, y: [aj * sum(y) - yj for aj, yj in zip(a, y)],
    ("softmax", "bce"): _softmax_bce_delta,
}


@dataclass
class FloatNet:
    """The network's parameters as plain floats: W[l][j][k], B[l][j] (None without bias)."""

    W: list
    B: list
    activations: list  # (name, slope) per layer
    loss: str

    def forward(self, x):
        a_prev, zs, acts = list(x), [], []
        for W, B, (act, slope) in zip(self.W, self.B, self.activations):
            z = [sum(w * a for w, a in zip(row, a_prev)) + (B[j] if B is not None else 0.0) for j, row in enumerate(W)]
            if act in KINKED:
                # a kink input that is 0 up to float rounding is 0 (where ReLU'(0) = 0 applies)
                scale = [sum(abs(w * a) for w, a in zip(row, a_prev)) + (abs(B[j]) if B is not None else 0.0)
                         for j, row in enumerate(W)]
                z = [0.0 if abs(zj) <= KINK_SNAP * sj else zj for zj, sj in zip(z, scale)]
            a = _softmax(z) if act == "softmax" else [FLOAT_ACTIVATIONS[act][0](zj, slope) for zj in z]
            zs.append(z)
            acts.append(a)
            a_prev = a
        return zs, acts

    def sample_loss(self, x, y):
        zs, acts = self.forward(x)
        return FLOAT_LOSSES[self.loss][0](zs[-1], acts[-1], y, self.activations[-1][0])

    def loss_and_kinks(self, x, y):
        """The sample's loss, and the side (-1, 0, 1) of the kink of every ReLU/leaky input."""
        zs, acts = self.forward(x)
        sides = tuple((z > 0) - (z < 0) for (act, _), layer in zip(self.activations, zs) if act in KINKED for z in layer)
        return FLOAT_LOSSES[self.loss][0](zs[-1], acts[-1], y, self.activations[-1][0]), sides

    def backward(self, x, y):
        zs, acts = self.forward(x)
        depth = len(self.W)
        act, slope = self.activations[-1]
        closed_form = OUTPUT_DELTAS.get((act, self.loss))
        if closed_form is not None:
            delta = closed_form(zs[-1], acts[-1], y)
        elif act == "softmax":
            a, dL_da = acts[-1], FLOAT_LOSSES[self.loss][1](acts[-1], y)
            delta = [sum(dL_da[i] * a[i] * ((1.0 if i == j else 0.0) - a[j]) for i in range(len(a))) for j in range(len(a))]
        else:
            dL_da = FLOAT_LOSSES[self.loss][1](acts[-1], y)
            delta = [g * FLOAT_ACTIVATIONS[act][1](z, slope) for g, z in zip(dL_da, zs[-1])]
        deltas = [None] * depth
        deltas[-1] = delta
        for l in range(depth - 2, -1, -1):
            act, slope = self.activations[l]
            W_next = self.W[l + 1]
            deltas[l] = [sum(W_next[j][k] * deltas[l + 1][j] for j in range(len(W_next))) * FLOAT_ACTIVATIONS[act][1](zs[l][k], slope)
                         for k in range(len(zs[l]))]
        grads_w, grads_b = [], []
        for l in range(depth):
            a_prev = x if l == 0 else acts[l - 1]
            grads_w.append([[d * a for a in a_prev] for d in deltas[l]])
            grads_b.append(list(deltas[l]) if self.B[l] is not None else None)
        return zs, acts, deltas, grads_w, grads_b


def float_net(spec) -> FloatNet:
    return FloatNet(
        [[[float(w) for w in row] for row in layer.weights] for layer in spec.layers],
        [[float(b) for b in layer.biases] if layer.has_bias else None for layer in spec.layers],
        [(layer.activation, float(layer.negative_slope)) for layer in spec.layers],
        spec.loss,
    )


def float_solution(spec) -> tuple[dict, list]:
    """Every named quantity by plain float64 arithmetic; also the FloatNet of every step."""
    net = float_net(spec)
    X = [[float(v) for v in x] for x in spec.inputs]
    Y = [[float(v) for v in y] for y in spec.targets]
    alpha = float(spec.learning_rate)
    m = len(X)
    values: dict[str, float] = {}
    nets = []

    def record_forward(net, t):
        total = 0.0
        for s, (x, y) in enumerate(zip(X, Y), start=1):
            smp = s if spec.batch else None
            zs, acts = net.forward(x)
            for l, (z, a) in enumerate(zip(zs, acts), start=1):
                for j in range(len(z)):
                    values[names.name("z", l, (j,), smp, t)] = z[j]
                    values[names.name("a", l, (j,), smp, t)] = a[j]
            loss = net.sample_loss(x, y)
            values[names.name("L", None, (), smp, t)] = loss
            total += loss
        values[names.name("L", None, (), None, t)] = total / m

    for t in range(1, spec.steps + 1):
        nets.append(net)
        record_forward(net, t)
        sum_w = [[[0.0] * len(row) for row in W] for W in net.W]
        sum_b = [[0.0] * len(W) if B is not None else None for W, B in zip(net.W, net.B)]
        for s, (x, y) in enumerate(zip(X, Y), start=1):
            smp = s if spec.batch else None
            _, _, deltas, gw, gb = net.backward(x, y)
            for l in range(len(net.W)):
                for j in range(len(net.W[l])):
                    values[names.name("delta", l + 1, (j,), smp, t)] = deltas[l][j]
                    for k in range(len(net.W[l][j])):
                        values[names.name("dw", l + 1, (j, k), smp, t)] = gw[l][j][k]
                        sum_w[l][j][k] += gw[l][j][k]
                    if gb[l] is not None:
                        values[names.name("db", l + 1, (j,), smp, t)] = gb[l][j]
                        sum_b[l][j] += gb[l][j]
        new_W, new_B = [], []
        for l in range(len(net.W)):
            new_W.append([[w - alpha * g / m for w, g in zip(row, grow)] for row, grow in zip(net.W[l], sum_w[l])])
            new_B.append([b - alpha * g / m for b, g in zip(net.B[l], sum_b[l])] if net.B[l] is not None else None)
            for j in range(len(net.W[l])):
                if spec.batch:
                    for k in range(len(net.W[l][j])):
                        values[names.name("dw", l + 1, (j, k), None, t)] = sum_w[l][j][k] / m
                    if net.B[l] is not None:
                        values[names.name("db", l + 1, (j,), None, t)] = sum_b[l][j] / m
                for k in range(len(net.W[l][j])):
                    values[names.name("w", l + 1, (j, k), None, t + 1)] = new_W[l][j][k]
                if net.B[l] is not None:
                    values[names.name("b", l + 1, (j,), None, t + 1)] = new_B[l][j]
        net = FloatNet(new_W, new_B, net.activations, net.loss)
    nets.append(net)
    record_forward(net, spec.steps + 1)
    return values, (nets, X, Y)
