"""Training steps of a small dense network in plain Python floats, written from the textbook
equations and torch.optim's documentation, independently of symbp (for the export tests).

In:  a network spec as answers.json stores each variant's (layers of weights, biases and
     activation; input, target, loss, learning_rate, steps, optimizer, weight_decay, l1,
     regularize_biases) — one sample.
Out: symbp's quantity name -> float for every value a worksheet asks: z, a, L, R, J, δ, ∂L/∂w,
     ∂L/∂b, ∂J/∂p, the optimizer's state (v, m, v, m̂, v̂, s) and the updated parameters, at every
     step (`@t` for t > 1, as symbp names them).

Covered: activations relu, identity, sigmoid, tanh, softmax (with cross-entropy only); losses
half_sse, mse, cross_entropy; optimizers sgd, momentum (not Nesterov), adagrad, rmsprop, adam;
L2 (λ/2 Σw², gradient + λw), L1 (λ₁ Σ|w|, gradient + λ₁ sign w, sign 0 = 0).
"""

from __future__ import annotations

import math

ACTIVATIONS = {
    "relu": (lambda z: max(z, 0.0), lambda z, a: 1.0 if z > 0 else 0.0),
    "identity": (lambda z: z, lambda z, a: 1.0),
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z, a: a * (1 - a)),
    "tanh": (math.tanh, lambda z, a: 1 - a * a),
}


def _suffix(t: int) -> str:
    return f"@{t}" if t > 1 else ""


def _sign(x: float) -> float:
    return (x > 0) - (x < 0)


def _forward(W, B, acts, x):
    zs, as_ = [], [x]
    for Wl, Bl, act in zip(W, B, acts):
        z = [sum(w * a for w, a in zip(row, as_[-1])) + b for row, b in zip(Wl, Bl)]
        if act == "softmax":
            top = max(z)
            e = [math.exp(v - top) for v in z]
            a = [v / sum(e) for v in e]
        else:
            a = [ACTIVATIONS[act][0](v) for v in z]
        zs.append(z)
        as_.append(a)
    return zs, as_


def _loss(kind: str, a, y) -> float:
    if kind == "half_sse":
        return sum((yj - aj) ** 2 for aj, yj in zip(a, y)) / 2
    if kind == "mse":
        return sum((yj - aj) ** 2 for aj, yj in zip(a, y)) / len(y)
    assert kind == "cross_entropy", kind
    return -sum(yj * math.log(aj) for aj, yj in zip(a, y) if yj)


def _output_delta(kind: str, act: str, z, a, y):
    if act == "softmax":
        assert kind == "cross_entropy", "softmax is covered with cross-entropy only"
        return [aj * sum(y) - yj for aj, yj in zip(a, y)]
    if kind == "cross_entropy":
        dlda = [-yj / aj if yj else 0.0 for aj, yj in zip(a, y)]
    else:
        scale = 1.0 if kind == "half_sse" else 2 / len(y)
        dlda = [scale * (aj - yj) for aj, yj in zip(a, y)]
    return [d * ACTIVATIONS[act][1](zj, aj) for d, zj, aj in zip(dlda, z, a)]


def train(spec: dict) -> dict[str, float]:
    layers = spec["layer"]
    acts = [layer.get("activation", spec.get("activation")) for layer in layers]
    W = [[[float(w) for w in row] for row in layer["weights"]] for layer in layers]
    B = [[float(b) for b in layer.get("biases", [0.0] * len(layer["weights"]))] for layer in layers]
    x, y = [float(v) for v in spec["input"]], [float(v) for v in spec["target"]]
    loss, alpha, steps = spec["loss"], float(spec["learning_rate"]), int(spec.get("steps", 1))
    optimizer = dict(spec.get("optimizer") or {"name": "sgd"})
    kind = optimizer.pop("name")
    h = {key: float(value) for key, value in optimizer.items()}
    wd, l1 = float(spec.get("weight_decay") or 0), float(spec.get("l1") or 0)
    regularized = "weight_decay" in spec or "l1" in spec
    out: dict[str, float] = {}
    state: dict[tuple, dict] = {}

    def record(t):
        zs, as_ = _forward(W, B, acts, x)
        s = _suffix(t)
        for l, (z, a) in enumerate(zip(zs, as_[1:]), start=1):
            for j, (zj, aj) in enumerate(zip(z, a)):
                out[f"z_{j}^{l}{s}"], out[f"a_{j}^{l}{s}"] = zj, aj
        out[f"L{s}"] = _loss(loss, as_[-1], y)
        if regularized:
            params = [w for Wl in W for row in Wl for w in row]
            if spec.get("regularize_biases"):
                params += [b for Bl in B for b in Bl]
            out[f"R{s}"] = wd / 2 * sum(p * p for p in params) + l1 * sum(abs(p) for p in params)
            out[f"J{s}"] = out[f"L{s}"] + out[f"R{s}"]
        return zs, as_

    for t in range(1, steps + 1):
        s = _suffix(t)
        zs, as_ = record(t)
        delta = _output_delta(loss, acts[-1], zs[-1], as_[-1], y)
        grads = {}
        for l in range(len(W), 0, -1):
            for j, d in enumerate(delta):
                out[f"delta_{j}^{l}{s}"] = d
                for k, a in enumerate(as_[l - 1]):
                    grads[("w", l, f"{j}{k}")] = out[f"dL/dw_{j}{k}^{l}{s}"] = d * a
                grads[("b", l, f"{j}")] = out[f"dL/db_{j}^{l}{s}"] = d
            if l > 1:
                back = [sum(W[l - 1][j][k] * delta[j] for j in range(len(delta))) for k in range(len(as_[l - 1]))]
                delta = [bk * ACTIVATIONS[acts[l - 2]][1](zk, ak) for bk, zk, ak in zip(back, zs[l - 2], as_[l - 1])]
        for (p_kind, l, idx), g in grads.items():
            holder, pos = (W[l - 1][int(idx[0])], int(idx[1])) if p_kind == "w" else (B[l - 1], int(idx))
            p = holder[pos]
            name = f"{p_kind}_{idx}^{l}"
            if regularized and (p_kind == "w" or spec.get("regularize_biases")):
                g = g + wd * p + l1 * _sign(p)
                out[f"dJ/d{name}{s}"] = g
            st = state.setdefault((p_kind, l, idx), {})
            if kind == "sgd":
                new = p - alpha * g
            elif kind == "momentum":
                assert not h.get("nesterov"), "Nesterov is not covered here"
                st["v"] = g if t == 1 else h["beta"] * st["v"] + g
                new = p - alpha * st["v"]
            elif kind == "adagrad":
                st["s"] = st.get("s", 0.0) + g * g
                new = p - alpha * g / (math.sqrt(st["s"]) + h["eps"])
            elif kind == "rmsprop":
                st["v"] = h["rho"] * st.get("v", 0.0) + (1 - h["rho"]) * g * g
                new = p - alpha * g / (math.sqrt(st["v"]) + h["eps"])
            else:
                assert kind == "adam", kind
                st["m"] = h["beta1"] * st.get("m", 0.0) + (1 - h["beta1"]) * g
                st["v"] = h["beta2"] * st.get("v", 0.0) + (1 - h["beta2"]) * g * g
                st["mhat"] = st["m"] / (1 - h["beta1"] ** t)
                st["vhat"] = st["v"] / (1 - h["beta2"] ** t)
                new = p - alpha * st["mhat"] / (math.sqrt(st["vhat"]) + h["eps"])
            for state_kind, value in st.items():
                out[f"{state_kind}_{name}{s}"] = value
            out[f"{name}@{t + 1}"] = new
            holder[pos] = new
    record(steps + 1)
    return out
