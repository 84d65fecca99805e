"""Independent verification: the exact engine's numbers against paths that share none of its code.

1. A plain float64 forward/backward/update written here from the textbook equations, with its own
   activation and loss functions (math.exp, not SymPy), computing every named quantity.
2. Central finite differences of the float64 loss for every gradient of every step.
3. For small networks, SymPy differentiating the *whole* loss with respect to each parameter at
   step 1 (the slow, naive path), evaluated exactly.

`verify(solution)` raises VerificationError naming the first quantity that disagrees, and returns
a `Report` of what was checked otherwise.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field

from . import names
from .errors import VerificationError

REL_TOL = 1e-9
FD_STEP = 1e-6
FD_TOL = 1e-5
SYMBOLIC_LIMIT = 20  # parameters: up to this, also sympy.diff of the whole loss
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


# loss(a, y) and dL/da(a, y) per sample
FLOAT_LOSSES = {
    "half_sse": (lambda a, y: 0.5 * sum((yj - aj) ** 2 for aj, yj in zip(a, y)),
                 lambda a, y: [aj - yj for aj, yj in zip(a, y)]),
    "mse": (lambda a, y: sum((yj - aj) ** 2 for aj, yj in zip(a, y)) / len(a),
            lambda a, y: [2.0 * (aj - yj) / len(a) for aj, yj in zip(a, y)]),
    "bce": (lambda a, y: -sum(yj * math.log(aj) + (1 - yj) * math.log(1 - aj) for aj, yj in zip(a, y)) / len(a),
            lambda a, y: [(-yj / aj + (1 - yj) / (1 - aj)) / len(a) for aj, yj in zip(a, y)]),
    "cross_entropy": (lambda a, y: -sum(yj * math.log(aj) for aj, yj in zip(a, y) if yj != 0),
                      lambda a, y: [-yj / aj for aj, yj in zip(a, y)]),
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
        return FLOAT_LOSSES[self.loss][0](self.forward(x)[1][-1], y)

    def loss_and_kinks(self, x, y):
        """The sample's loss, and the side (-1, 0, 1) of the kink of every ReLU/leaky input."""
        zs, acts = self.forward(x)
        sides = tuple((z > 0) - (z < 0) for (act, _), layer in zip(self.activations, zs) if act in KINKED for z in layer)
        return FLOAT_LOSSES[self.loss][0](acts[-1], y), sides

    def backward(self, x, y):
        zs, acts = self.forward(x)
        depth = len(self.W)
        dL_da = FLOAT_LOSSES[self.loss][1](acts[-1], y)
        act, slope = self.activations[-1]
        if act == "softmax":
            a = acts[-1]
            delta = [sum(dL_da[i] * a[i] * ((1.0 if i == j else 0.0) - a[j]) for i in range(len(a))) for j in range(len(a))]
        else:
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


def _close(a: float, b: float, rel: float, abs_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


@dataclass
class Report:
    """What was verified, for the closing line of a worked solution."""

    quantities: int = 0
    finite_differences: int = 0
    kinks_skipped: int = 0
    symbolic: int = 0
    notes: list = field(default_factory=list)
    approximates_exact: bool = False  # the report is of the exact solution a rounded one approximates


def _finite_differences(spec, solution_values, nets, X, Y, report: Report) -> None:
    """Central differences of the batch loss for every gradient of every step.

    A ReLU/leaky-ReLU input at its kink, or crossing it within ±h, makes the loss not
    differentiable (or its difference quotient meaningless) in that parameter: such a gradient
    alone is skipped, and counted in `report.kinks_skipped`.  It is still checked against the
    float64 path, which applies ReLU'(0) = 0 as the engine does.
    """
    m = len(X)
    for t, net in enumerate(nets[:-1], start=1):
        def batch_loss():
            results = [net.loss_and_kinks(x, y) for x, y in zip(X, Y)]
            return sum(loss for loss, _ in results) / m, tuple(sides for _, sides in results)

        _, sides_here = batch_loss()
        for l in range(len(net.W)):
            params = [("w", (j, k), net.W[l][j], k) for j in range(len(net.W[l])) for k in range(len(net.W[l][j]))]
            if net.B[l] is not None:
                params += [("b", (j,), net.B[l], j) for j in range(len(net.B[l]))]
            for kind, idx, holder, pos in params:
                grad_name = names.name("d" + kind, l + 1, idx, None, t)
                original = holder[pos]
                h = FD_STEP * max(1.0, abs(original))
                holder[pos] = original + h
                up, sides_up = batch_loss()
                holder[pos] = original - h
                down, sides_down = batch_loss()
                holder[pos] = original
                if sides_up != sides_here or sides_down != sides_here:
                    report.kinks_skipped += 1
                    continue
                numeric = (up - down) / (2 * h)
                engine = float(solution_values[grad_name])
                # the difference quotient carries round-off of about eps·|L|/h: large losses need room
                roundoff = 64 * sys.float_info.epsilon * max(abs(up), abs(down)) / h
                if not _close(engine, numeric, FD_TOL, FD_TOL + roundoff):
                    raise VerificationError(
                        f"verification failed: {grad_name} = {engine!r}, but finite differences of L give {numeric!r}")
                report.finite_differences += 1


_WHOLE_LOSS_GRADIENTS: dict = {}


def _whole_loss_gradients(derivation) -> list:
    """[(gradient name, SymPy expression)]: sympy.diff of the whole step-1 loss, built by
    substituting the local definitions into each other, for every parameter.  Once per
    architecture; the expressions are in the givens only."""
    key = derivation.architecture
    if key not in _WHOLE_LOSS_GRADIENTS:
        import sympy

        sym = derivation.symbol
        full: dict = {}
        for q in derivation.quantities:
            if q.step == 1 and q.kind in ("pre_activation", "activation", "sample_loss", "loss"):
                full[sym(q.name)] = derivation.expr(q).xreplace(full)
        loss_expr = full[sym("L")]
        params = [n for n in derivation.givens if n.startswith(("w_", "b_"))]
        _WHOLE_LOSS_GRADIENTS[key] = [("dL/d" + p, sympy.diff(loss_expr, sym(p))) for p in params]
    return _WHOLE_LOSS_GRADIENTS[key]


_COMPILED_GRADIENTS: dict = {}


def _symbolic_gradients(solution, report: Report) -> None:
    """Every step-1 gradient against SymPy's derivative of the whole loss, evaluated at the
    spec's numbers (exactly, or at 50 digits)."""
    from .evaluate import _compile, _domain

    key = (solution.derivation.architecture, solution.exact)
    domain = _domain(solution.exact)
    if key not in _COMPILED_GRADIENTS:
        import sympy

        gradients = _whole_loss_gradients(solution.derivation)
        # common subexpressions once (the gradients share the whole forward pass), then each gradient
        shared, reduced = sympy.cse([expr for _, expr in gradients], symbols=sympy.numbered_symbols("cse_"))
        _COMPILED_GRADIENTS[key] = (
            [(symbol.name, _compile(expr, domain)) for symbol, expr in shared],
            [(name, _compile(expr, domain)) for (name, _), expr in zip(gradients, reduced)],
        )
    shared, compiled = _COMPILED_GRADIENTS[key]
    env = {n: domain.convert(v) for n, v in solution.givens.items()}
    for name, subexpression in shared:
        env[name] = subexpression(env)
    for grad_name, gradient in compiled:
        value = float(gradient(env))
        engine = float(solution.values[grad_name])
        if not _close(engine, value, REL_TOL, 1e-12):
            raise VerificationError(f"verification failed: {grad_name} = {engine!r}, but sympy.diff of the whole loss gives {value!r}")
        report.symbolic += 1


def verify(solution, symbolic: bool | None = None) -> Report:
    spec = solution.spec
    report = Report()
    try:
        floats, (nets, X, Y) = float_solution(spec)
    except (ValueError, ZeroDivisionError, OverflowError) as exc:
        raise VerificationError(
            f"cannot be verified: plain float64 arithmetic fails on these numbers ({exc}); "
            "use smaller weights or inputs") from None
    exact_run = solution.round_to is None
    for name, value in solution.values.items():
        if name not in floats:
            raise VerificationError(f"verification failed: the float path has no value for {name}")
        if exact_run and not _close(float(value), floats[name], REL_TOL, 1e-12):
            raise VerificationError(
                f"verification failed: {name} = {float(value)!r} exactly, but plain float64 arithmetic gives {floats[name]!r}")
        report.quantities += 1
    if exact_run:
        try:
            _finite_differences(spec, solution.values, nets, X, Y, report)
        except (ValueError, ZeroDivisionError, OverflowError) as exc:
            raise VerificationError(f"cannot be verified: finite differences in float64 fail on these numbers ({exc})") from None
        n_params = sum(1 for n in solution.givens if n.startswith(("w_", "b_")))
        if (symbolic if symbolic is not None else n_params <= SYMBOLIC_LIMIT):
            _symbolic_gradients(solution, report)
    return report
