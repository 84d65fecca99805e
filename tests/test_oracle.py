"""Oracle tests: random networks against an independent mpmath implementation written here.

The oracle below shares no code with symbp: it runs the textbook forward pass, backward pass and
SGD update at 60 significant digits, and its gradients are themselves checked against central
finite differences of its own loss.  Hypothesis draws architectures, activations (softmax on the
output layer only), losses, batches, steps and bias-free layers; every z, a, L, δ, ∂L/∂w, ∂L/∂b and
updated parameter of every step (and the forward pass after the last update, `@N+1`) must agree
with the engine to 1e-9 relative, and so must f'(z) and the back-propagated sums (W^T δ)_k.

Also here: the symbolic facts the engine relies on (softmax + cross-entropy δ = a − y, the softmax
Jacobian, σ' and tanh' written through a, ReLU'(0) = 0), networks with a ReLU input exactly at its
kink, and the calculator mode (`round_to`) against an independent calculator.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symbp.activations import ACTIVATIONS, derivative_rule
from symbp.derivation import derive
from symbp.evaluate import solve
from symbp.formula import Add, Neg, Ref, Sub, to_sympy
from symbp.pipeline import derive_solution
from symbp.spec import spec_from_dict

MP = mpmath.mp.clone()
MP.dps = 60
REL = mpmath.mpf("1e-9")
FD_H = MP.mpf("1e-20")

settings.register_profile(
    "oracle", derandomize=True, max_examples=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ---- the independent implementation ---------------------------------------------------------------

def mp(x):
    return MP.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else MP.mpf(x)


def activation(name, z, slope):
    if name == "relu":
        return z if z > 0 else MP.mpf(0)
    if name == "leaky_relu":
        return z if z > 0 else slope * z
    if name == "sigmoid":
        return 1 / (1 + MP.exp(-z))
    if name == "tanh":
        return MP.tanh(z)
    if name == "identity":
        return z
    if name == "softplus":
        return MP.log(1 + MP.exp(z))
    raise KeyError(name)


def activation_slope(name, z, slope):
    """f'(z) by the textbook rules, with ReLU'(0) = 0 and LReLU'(0) = slope."""
    if name == "relu":
        return MP.mpf(1) if z > 0 else MP.mpf(0)
    if name == "leaky_relu":
        return MP.mpf(1) if z > 0 else slope
    if name == "sigmoid":
        s = 1 / (1 + MP.exp(-z))
        return s * (1 - s)
    if name == "tanh":
        return 1 - MP.tanh(z) ** 2
    if name == "identity":
        return MP.mpf(1)
    if name == "softplus":
        return MP.exp(z) / (1 + MP.exp(z))
    raise KeyError(name)


def loss(name, a, y):
    n = len(a)
    if name == "half_sse":
        return sum((yj - aj) ** 2 for aj, yj in zip(a, y)) / 2
    if name == "mse":
        return sum((yj - aj) ** 2 for aj, yj in zip(a, y)) / n
    if name == "bce":
        return -sum(yj * MP.log(aj) + (1 - yj) * MP.log(1 - aj) for aj, yj in zip(a, y)) / n
    if name == "cross_entropy":
        return -sum(yj * MP.log(aj) for aj, yj in zip(a, y))
    raise KeyError(name)


def loss_gradient(name, a, y):
    """∂L/∂a_j of one sample."""
    n = len(a)
    if name == "half_sse":
        return [aj - yj for aj, yj in zip(a, y)]
    if name == "mse":
        return [2 * (aj - yj) / n for aj, yj in zip(a, y)]
    if name == "bce":
        return [(-yj / aj + (1 - yj) / (1 - aj)) / n for aj, yj in zip(a, y)]
    if name == "cross_entropy":
        return [-yj / aj for aj, yj in zip(a, y)]
    raise KeyError(name)


def at_kink(z, scale):
    """An mpf that is 0 up to the binary rounding of exact decimals is 0."""
    return abs(z) <= MP.mpf("1e-45") * (1 + scale)


class Oracle:
    """Parameters W[l][j][k], B[l][j] (None without bias), activations [(name, slope)], loss."""

    def __init__(self, W, B, acts, loss_name):
        self.W, self.B, self.acts, self.loss = W, B, acts, loss_name

    def forward(self, x):
        zs, as_ = [], []
        prev = x
        for W, B, (act, slope) in zip(self.W, self.B, self.acts):
            z = []
            for j, row in enumerate(W):
                value = sum((w * a for w, a in zip(row, prev)), MP.mpf(0)) + (B[j] if B is not None else 0)
                scale = sum((abs(w * a) for w, a in zip(row, prev)), MP.mpf(0)) + (abs(B[j]) if B is not None else 0)
                z.append(MP.mpf(0) if act in ("relu", "leaky_relu") and at_kink(value, scale) else value)
            if act == "softmax":
                exps = [MP.exp(v) for v in z]
                a = [e / sum(exps) for e in exps]
            else:
                a = [activation(act, v, slope) for v in z]
            zs.append(z)
            as_.append(a)
            prev = a
        return zs, as_

    def kink_sides(self, x):
        zs, _ = self.forward(x)
        return tuple((v > 0) - (v < 0) for (act, _), z in zip(self.acts, zs) if act in ("relu", "leaky_relu") for v in z)

    def backward(self, x, y):
        zs, as_ = self.forward(x)
        depth = len(self.W)
        g = loss_gradient(self.loss, as_[-1], y)
        act, slope = self.acts[-1]
        if act == "softmax":
            a = as_[-1]
            jacobian = [[a[i] * ((1 if i == j else 0) - a[j]) for j in range(len(a))] for i in range(len(a))]
            delta = [sum(g[i] * jacobian[i][j] for i in range(len(a))) for j in range(len(a))]
        else:
            delta = [gj * activation_slope(act, zj, slope) for gj, zj in zip(g, zs[-1])]
        deltas, sums = [None] * depth, [None] * depth
        deltas[-1] = delta
        slopes = [[activation_slope(act, v, slope) for v in zs[l]] if act != "softmax" else None
                  for l, (act, slope) in enumerate(self.acts)]
        for l in range(depth - 2, -1, -1):
            nxt = self.W[l + 1]
            sums[l] = [sum(nxt[j][k] * deltas[l + 1][j] for j in range(len(nxt))) for k in range(len(zs[l]))]
            deltas[l] = [total * f_prime for total, f_prime in zip(sums[l], slopes[l])]
        dW = [[[d * a for a in (x if l == 0 else as_[l - 1])] for d in deltas[l]] for l in range(depth)]
        dB = [list(deltas[l]) if self.B[l] is not None else None for l in range(depth)]
        return zs, as_, deltas, dW, dB, slopes, sums


def idx(*i):
    return "".join(map(str, i)) if all(v < 10 for v in i) else "{" + ",".join(map(str, i)) + "}"


def oracle_values(spec_dict):
    """Every named quantity of the spec, by the oracle; and the oracle nets of every step."""
    widths = spec_dict["layers"]
    batch = "inputs" in spec_dict and len(spec_dict["inputs"]) > 1  # a batch of one sample is that sample
    X = [[mp(Fraction(v)) for v in row] for row in spec_dict.get("inputs", [spec_dict.get("input")])]
    Y = [[mp(Fraction(v)) for v in row] for row in spec_dict.get("targets", [spec_dict.get("target")])]
    alpha = mp(Fraction(spec_dict["learning_rate"]))
    steps = spec_dict.get("steps", 1)
    tables = spec_dict["layer"]
    W = [[[mp(Fraction(v)) for v in row] for row in t["weights"]] for t in tables]
    B = [[mp(Fraction(v)) for v in t["biases"]] if t.get("bias", True) else None for t in tables]
    acts = [(t.get("activation", spec_dict.get("activation", "relu")),
             mp(Fraction(t.get("negative_slope", spec_dict.get("negative_slope", "0.01"))))) for t in tables]
    net = Oracle(W, B, acts, spec_dict["loss"])
    m = len(X)
    values, nets = {}, []

    def at(t):
        return f"@{t}" if t >= 2 else ""

    def smp(s):
        return f"[{s}]" if batch else ""

    def forward_all(net, t):
        total = 0
        for s, (x, y) in enumerate(zip(X, Y), start=1):
            zs, as_ = net.forward(x)
            for l in range(len(zs)):
                for j in range(len(zs[l])):
                    values[f"z_{idx(j)}^{l + 1}{smp(s)}{at(t)}"] = zs[l][j]
                    values[f"a_{idx(j)}^{l + 1}{smp(s)}{at(t)}"] = as_[l][j]
            sample_loss = loss(net.loss, as_[-1], y)
            if batch:
                values[f"L[{s}]{at(t)}"] = sample_loss
            total += sample_loss
        values[f"L{at(t)}"] = total / m

    for t in range(1, steps + 1):
        nets.append(net)
        forward_all(net, t)
        mean_w = [[[0] * len(row) for row in Wl] for Wl in net.W]
        mean_b = [[0] * len(Wl) for Wl in net.W]
        for s, (x, y) in enumerate(zip(X, Y), start=1):
            _, _, deltas, dW, dB, slopes, sums = net.backward(x, y)
            for l in range(len(net.W)):
                for j in range(len(net.W[l])):
                    values[f"delta_{idx(j)}^{l + 1}{smp(s)}{at(t)}"] = deltas[l][j]
                    if slopes[l] is not None:  # f'(z) = ∂a/∂z, and (W^T δ)_j = ∂L/∂a of a hidden layer
                        values[f"local:da_{idx(j)}^{l + 1}/dz_{idx(j)}^{l + 1}{smp(s)}{at(t)}"] = slopes[l][j]
                    if sums[l] is not None:
                        values[f"dL/da_{idx(j)}^{l + 1}{smp(s)}{at(t)}"] = sums[l][j]
                    for k in range(len(net.W[l][j])):
                        if batch:
                            values[f"dL/dw_{idx(j, k)}^{l + 1}{smp(s)}{at(t)}"] = dW[l][j][k]
                        mean_w[l][j][k] += dW[l][j][k] / m
                    if dB[l] is not None:
                        if batch:
                            values[f"dL/db_{idx(j)}^{l + 1}{smp(s)}{at(t)}"] = dB[l][j]
                        mean_b[l][j] += dB[l][j] / m
        new_W, new_B = [], []
        for l in range(len(net.W)):
            new_W.append([[w - alpha * g for w, g in zip(row, grow)] for row, grow in zip(net.W[l], mean_w[l])])
            new_B.append([b - alpha * g for b, g in zip(net.B[l], mean_b[l])] if net.B[l] is not None else None)
            for j in range(len(net.W[l])):
                for k in range(len(net.W[l][j])):
                    values[f"dL/dw_{idx(j, k)}^{l + 1}{at(t)}"] = mean_w[l][j][k]
                    values[f"w_{idx(j, k)}^{l + 1}@{t + 1}"] = new_W[l][j][k]
                if net.B[l] is not None:
                    values[f"dL/db_{idx(j)}^{l + 1}{at(t)}"] = mean_b[l][j]
                    values[f"b_{idx(j)}^{l + 1}@{t + 1}"] = new_B[l][j]
        net = Oracle(new_W, new_B, acts, net.loss)
    forward_all(net, steps + 1)
    return values, nets, X, Y


def finite_difference_checks(values, nets, X, Y):
    """Central differences of the oracle's batch loss for every gradient; returns how many agreed."""
    checked = 0
    for t, net in enumerate(nets, start=1):
        def batch_loss():
            return sum(loss(net.loss, net.forward(x)[1][-1], y) for x, y in zip(X, Y)) / len(X)

        def sides():
            return tuple(net.kink_sides(x) for x in X)

        here = sides()
        for l in range(len(net.W)):
            holders = [(f"dL/dw_{idx(j, k)}^{l + 1}", net.W[l][j], k) for j in range(len(net.W[l])) for k in range(len(net.W[l][j]))]
            if net.B[l] is not None:
                holders += [(f"dL/db_{idx(j)}^{l + 1}", net.B[l], j) for j in range(len(net.B[l]))]
            for name, holder, pos in holders:
                original = holder[pos]
                holder[pos] = original + FD_H
                up, up_sides = batch_loss(), sides()
                holder[pos] = original - FD_H
                down, down_sides = batch_loss(), sides()
                holder[pos] = original
                if up_sides != here or down_sides != here:
                    continue  # a ReLU input at (or within h of) its kink: L is not differentiable there
                numeric = (up - down) / (2 * FD_H)
                key = name + (f"@{t}" if t >= 2 else "")
                assert close(values[key], numeric), f"oracle {key} = {values[key]} but finite differences give {numeric}"
                checked += 1
    return checked


def close(a, b, rel=REL):
    a, b = mp(a), mp(b)
    return abs(a - b) <= rel * max(abs(a), abs(b)) + MP.mpf("1e-30")


# ---- random specs -----------------------------------------------------------------------------

HIDDEN = ["relu", "leaky_relu", "sigmoid", "tanh", "identity", "softplus"]
OUTPUT = {
    "half_sse": HIDDEN + ["softmax"],
    "mse": HIDDEN + ["softmax"],
    "bce": ["sigmoid", "softmax"],
    "cross_entropy": ["softmax", "sigmoid"],
}


def decimal(draw, low=-15, high=15, scale=10):
    return str(Fraction(draw(st.integers(low, high)), scale))


@st.composite
def specs(draw):
    loss_name = draw(st.sampled_from(sorted(OUTPUT)))
    depth = draw(st.integers(1, 3))
    widths = [draw(st.integers(1, 3)) for _ in range(depth + 1)]
    out_act = draw(st.sampled_from(OUTPUT[loss_name]))
    if out_act == "softmax" and widths[-1] < 2:
        widths[-1] = 2
    if loss_name == "cross_entropy" and out_act == "sigmoid" and widths[-1] < 1:
        widths[-1] = 1
    samples = draw(st.integers(1, 3))
    batch = samples > 1 or draw(st.booleans())
    steps = draw(st.integers(1, 3))

    def target_row():
        n = widths[-1]
        if loss_name == "bce":
            return [decimal(draw, 0, 10) for _ in range(n)]
        if loss_name == "cross_entropy":
            if draw(st.booleans()):
                hot = draw(st.integers(0, n - 1))
                return [1 if j == hot else 0 for j in range(n)]
            parts = [draw(st.integers(0, 4)) for _ in range(n - 1)]
            parts.append(10 - sum(parts))
            return [str(Fraction(p, 10)) for p in parts]
        return [decimal(draw) for _ in range(n)]

    inputs = [[decimal(draw, -20, 20) for _ in range(widths[0])] for _ in range(samples)]
    targets = [target_row() for _ in range(samples)]
    layers = []
    for l in range(1, depth + 1):
        act = out_act if l == depth else draw(st.sampled_from(HIDDEN))
        table = {"weights": [[decimal(draw) for _ in range(widths[l - 1])] for _ in range(widths[l])], "activation": act}
        if draw(st.integers(0, 3)) == 0:
            table["bias"] = False
        else:
            table["biases"] = [decimal(draw) for _ in range(widths[l])]
        if act == "leaky_relu":
            table["negative_slope"] = draw(st.sampled_from(["0.01", "0.1", "1/3"]))
        layers.append(table)
    data = {"layers": widths, "loss": loss_name, "learning_rate": draw(st.sampled_from(["0.1", "0.5", "1/4"])),
            "steps": steps, "layer": layers}
    if batch:
        data["inputs"], data["targets"] = inputs, targets
    else:
        data["input"], data["target"] = inputs[0], targets[0]
    return data


@settings(settings.get_profile("oracle"))
@given(specs())
def test_engine_agrees_with_independent_oracle_everywhere(spec_dict):
    spec = spec_from_dict(spec_dict)
    engine = solve(spec).values
    expected, nets, X, Y = oracle_values(spec_dict)
    assert set(engine) == set(expected), f"names differ: {sorted(set(engine) ^ set(expected))}"
    for name, value in engine.items():
        assert close(value, expected[name]), f"{name}: engine {mp(value)} vs oracle {expected[name]}"
    finite_difference_checks(expected, nets, X, Y)


@settings(settings.get_profile("oracle"), max_examples=12)
@given(specs())
def test_engine_verifier_accepts_random_networks(spec_dict):
    """The engine's own verification (float64, finite differences) raises no false alarm."""
    derive_solution(spec_from_dict(spec_dict), symbolic=False)


def test_oracle_finite_differences_really_run():
    """The oracle's finite-difference check is not vacuous on a smooth network."""
    spec_dict = {"layers": [2, 2, 2], "loss": "bce", "learning_rate": "0.5", "steps": 2, "input": ["0.3", "-0.7"],
                 "target": ["0.2", "1"], "layer": [
                     {"weights": [["0.1", "0.4"], ["-0.3", "0.2"]], "biases": ["0.1", "0"], "activation": "tanh"},
                     {"weights": [["0.5", "-0.6"], ["0.7", "0.1"]], "bias": False, "activation": "sigmoid"}]}
    values, nets, X, Y = oracle_values(spec_dict)
    assert finite_difference_checks(values, nets, X, Y) == 2 * (6 + 4)


# ---- a ReLU input exactly at its kink -------------------------------------------------------------

KINK_SPEC = {
    "layers": [2, 2, 1], "loss": "half_sse", "learning_rate": "0.1", "steps": 2, "input": [1, 1], "target": ["0.5"],
    "layer": [
        # z_0^1 = 0.1·1 + 0.2·1 + (−0.3) = 0 exactly (5.6e-17 in binary floating point)
        {"weights": [["0.1", "0.2"], ["0.5", "-0.25"]], "biases": ["-0.3", "0.1"], "activation": "relu"},
        {"weights": [["0.7", "-0.4"]], "biases": ["0.2"], "activation": "relu"},
    ],
}


def test_network_with_a_pre_activation_exactly_zero_verifies():
    spec = spec_from_dict(KINK_SPEC)
    solution, report = derive_solution(spec)
    assert solution["z_0^1"] == 0
    assert solution["delta_0^1"] == 0  # ReLU'(0) = 0
    expected, *_ = oracle_values(KINK_SPEC)
    for name, value in solution.values.items():
        assert close(value, expected[name]), name


def test_kink_skips_only_the_gradients_it_touches():
    _, report = derive_solution(spec_from_dict(KINK_SPEC))
    # z_0^1 = 0 moves with w_00^1, w_01^1, b_0^1 only; δ_0^1 = 0 keeps it at 0 in step 2 as well
    assert report.kinks_skipped == 2 * 3
    assert report.finite_differences == 2 * 9 - 2 * 3


def test_relu_derivative_at_zero_is_zero():
    for name, expected in (("relu", 0), ("leaky_relu", sympy.Rational(1, 100))):
        z, derivative = derivative_rule(name, Fraction(1, 100))
        assert derivative.subs(z, 0) == expected
        assert derivative.subs(z, sympy.Rational(1, 10**9)) == 1


# ---- symbolic facts the worked solution states ----------------------------------------------------

@pytest.mark.parametrize("classes", [2, 3, 4])
def test_softmax_cross_entropy_delta_is_a_minus_y(classes):
    arch = ((2, classes), (("softmax", True, Fraction(1, 100)),), "cross_entropy", 1, False, 1)
    derivation = derive(arch)
    for j in range(classes):
        formula = derivation.by_name[f"delta_{j}^1"].formula
        assert formula in (Sub(Ref(f"a_{j}^1"), Ref(f"y_{j}")), Add((Ref(f"a_{j}^1"), Neg(Ref(f"y_{j}")))))


@pytest.mark.parametrize("classes", [2, 3])
def test_softmax_cross_entropy_delta_in_a_batch(classes):
    arch = ((2, classes), (("softmax", True, Fraction(1, 100)),), "cross_entropy", 2, True, 1)
    derivation = derive(arch)
    for s in (1, 2):
        for j in range(classes):
            expr = to_sympy(derivation.by_name[f"delta_{j}^1[{s}]"].formula, lambda n: sympy.Symbol(n, real=True))
            assert expr == sympy.Symbol(f"a_{j}^1[{s}]", real=True) - sympy.Symbol(f"y_{j}[{s}]", real=True)


def test_softmax_jacobian_in_terms_of_outputs():
    n = 3
    zs = sympy.symbols("z0:3", real=True)
    softmax = [ACTIVATIONS["softmax"].rule(zs, i) for i in range(n)]
    for i in range(n):
        for j in range(n):
            through_outputs = softmax[i] * ((1 if i == j else 0) - softmax[j])
            assert sympy.simplify(sympy.diff(softmax[i], zs[j]) - through_outputs) == 0


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_derivative_written_through_the_output_equals_diff(name):
    act = ACTIVATIONS[name]
    z = sympy.Symbol("z", real=True)
    a = act.rule(z, Fraction(1, 100))
    assert sympy.simplify(sympy.diff(a, z) - act.output_form(a)) == 0


# ---- the calculator mode ----------------------------------------------------------------------------

def calculator_mazur(digits: int) -> dict:
    """Mazur's 2-2-2 sigmoid network worked with a calculator (15-digit decimal arithmetic, as a
    pocket calculator does), each value rounded to `digits` significant digits, half up, as soon
    as it is written down and carried on rounded."""
    from decimal import localcontext

    with localcontext() as ctx:
        ctx.prec = 15

        def r(value: Decimal) -> Decimal:
            if value == 0:
                return value
            return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP)

        def sig(z: Decimal) -> Decimal:
            return 1 / (1 + (-z).exp())

        D = Decimal
        x, y, alpha = [D("0.05"), D("0.10")], [D("0.01"), D("0.99")], D("0.5")
        w1, b1 = [[D("0.15"), D("0.20")], [D("0.25"), D("0.30")]], [D("0.35"), D("0.35")]
        w2, b2 = [[D("0.40"), D("0.45")], [D("0.50"), D("0.55")]], [D("0.60"), D("0.60")]
        v = {}
        z1 = [r(w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]) for j in range(2)]
        a1 = [r(sig(z)) for z in z1]
        z2 = [r(w2[j][0] * a1[0] + w2[j][1] * a1[1] + b2[j]) for j in range(2)]
        a2 = [r(sig(z)) for z in z2]
        v["L"] = r(D("0.5") * ((y[0] - a2[0]) ** 2 + (y[1] - a2[1]) ** 2))
        # the worked solution shows σ'(z) = a(1 − a) from the written (rounded) a; the student
        # writes that down rounded too, and multiplies with the written value
        s2 = [r(a2[j] * (1 - a2[j])) for j in range(2)]
        s1 = [r(a1[k] * (1 - a1[k])) for k in range(2)]
        d2 = [r((a2[j] - y[j]) * s2[j]) for j in range(2)]
        g2 = [[r(d2[j] * a1[k]) for k in range(2)] for j in range(2)]
        d1 = [r((w2[0][k] * d2[0] + w2[1][k] * d2[1]) * s1[k]) for k in range(2)]
        g1 = [[r(d1[j] * x[k]) for k in range(2)] for j in range(2)]
        for j in range(2):
            v[f"z_{j}^1"], v[f"a_{j}^1"], v[f"z_{j}^2"], v[f"a_{j}^2"] = z1[j], a1[j], z2[j], a2[j]
            v[f"delta_{j}^2"], v[f"delta_{j}^1"] = d2[j], d1[j]
            for k in range(2):
                v[f"dL/dw_{j}{k}^2"], v[f"dL/dw_{j}{k}^1"] = g2[j][k], g1[j][k]
                v[f"w_{j}{k}^2@2"] = r(w2[j][k] - alpha * g2[j][k])
                v[f"w_{j}{k}^1@2"] = r(w1[j][k] - alpha * g1[j][k])
    return {name: float(value) for name, value in v.items()}


MAZUR = {
    "layers": [2, 2, 2], "activation": "sigmoid", "loss": "half_sse", "learning_rate": "0.5",
    "input": ["0.05", "0.10"], "target": ["0.01", "0.99"],
    "layer": [{"weights": [["0.15", "0.20"], ["0.25", "0.30"]], "biases": ["0.35", "0.35"]},
              {"weights": [["0.40", "0.45"], ["0.50", "0.55"]], "biases": ["0.60", "0.60"]}],
}


@pytest.mark.parametrize("digits", [3, 4, 6])
def test_round_intermediate_matches_a_calculator(digits):
    solution, _ = derive_solution(spec_from_dict(MAZUR), round_to=digits)
    for name, expected in calculator_mazur(digits).items():
        assert float(solution.carried[name]) == pytest.approx(expected, rel=1e-12, abs=1e-15), name


def test_round_intermediate_carries_rounded_values_and_differs_from_exact():
    rounded = solve(spec_from_dict(MAZUR), round_to=3)
    exact = solve(spec_from_dict(MAZUR))
    assert float(rounded["a_0^1"]) == 0.593  # σ(0.3775) = 0.59327…
    assert rounded["L"] != exact["L"]


def test_round_intermediate_ties_go_up_like_a_calculator():
    # w_00^2@2 = 0.35 − 0.5·0.1237 = 0.28815 exactly: a calculator shows 0.2882 (4 digits)
    spec = spec_from_dict({
        "layers": [1, 1], "activation": "sigmoid", "loss": "half_sse", "learning_rate": "0.5", "input": [1],
        "target": [0], "layer": [{"weights": [["0.35"]], "bias": False}]})
    from symbp.core.numeric import Domain
    from symbp.numbers import round_significant

    domain = Domain()
    tie = domain.lift(Fraction(35, 100)) - domain.lift(Fraction(1, 2)) * domain.lift(Fraction(1237, 10000))
    assert round_significant(tie, 4) == Fraction("0.2882")
    assert spec.layers[0].activation == "sigmoid"


def test_round_intermediate_is_guarded_by_verifying_the_exact_solution(monkeypatch):
    """In the calculator mode the exact solution it approximates is verified first."""
    import symbp.verify as verify_module
    from symbp.errors import VerificationError

    real = verify_module.float_solution

    def corrupted(spec, *args):
        values, rest = real(spec, *args)
        values["dL/dw_00^2"] += 1e-3
        return values, rest

    monkeypatch.setattr(verify_module, "float_solution", corrupted)
    with pytest.raises(VerificationError, match="dL/dw_00\\^2"):
        derive_solution(spec_from_dict(MAZUR), round_to=4)


def test_high_precision_json_key_has_full_float_precision():
    import json

    from symbp.render import render

    solution, report = derive_solution(spec_from_dict(MAZUR))
    key = json.loads(render("json", solution, report))
    expected, *_ = oracle_values(MAZUR)
    for name, value in key["values"].items():
        assert value == float(expected[name]), name  # correctly rounded double, no intermediate rounding
