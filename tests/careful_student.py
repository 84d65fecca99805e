"""A careful student, written independently of symbp's engine: the textbook equations in plain
Decimal arithmetic (50 digits), every written value rounded to 4 significant digits and carried on.

    z_j^l = Σ_k w_jk^l a_k^(l−1) + b_j^l          a_j^l = σ(z), tanh(z) or softmax(z)_j
    L = ½Σ(y − a)², (1/n)Σ(y − a)², −Σ y log a, or −(1/n)Σ[y log a + (1 − y) log(1 − a)]
    δ_j^L = ∂L/∂a · f'(z), with σ' = a(1 − a) and tanh' = 1 − a² from the written a;
            a − y for softmax + cross-entropy and for sigmoid + bce
    δ_k^l = (Σ_j w_jk^(l+1) δ_j^(l+1)) · f'(z_k^l)      ∂L/∂w_jk^l = δ_j^l a_k^(l−1)     ∂L/∂b_j^l = δ_j^l
    (f'(z) and the sums Σ_j w_jk^(l+1) δ_j^(l+1) are written down too, as local:da/dz and dL/da)
    w ← w − α ∂L/∂w,  b ← b − α ∂L/∂b, then the forward pass and the cost again

Only single-sample, one-step networks with layers below 10 neurons (names as in symbp's scheme).
With `round_derivatives`, f'(z) is rounded to 4 digits before it is multiplied, as the worked
solution shows it.  A `slip` (a function of the quantity name and the correct written value's computation) can plant
one mistake; everything after it is computed from the slipped number, as a student would.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

PRECISION = 50


def written(value: Decimal, digits: int = 4) -> Decimal:
    """`value` as the student writes it: rounded to `digits` significant digits (0 stays 0)."""
    if value == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def _sigmoid(z: Decimal) -> Decimal:
    return 1 / (1 + (-z).exp())


def _tanh(z: Decimal) -> Decimal:
    e = (2 * z).exp()
    return (e - 1) / (e + 1)


ACTIVATION = {"sigmoid": _sigmoid, "tanh": _tanh}
DERIVATIVE_FROM_OUTPUT = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a * a}


def dec(x) -> Decimal:
    return Decimal(str(x))


class CarefulStudent:
    """Works a spec table (the TOML schema: layers, loss, learning_rate, input, target, layer[])."""

    def __init__(self, table: dict, digits: int = 4, slip=None, round_derivatives: bool = False,
                 on_the_way: bool = True):
        self.table, self.digits, self.round_derivatives = table, digits, round_derivatives
        self.on_the_way = on_the_way  # also write f'(z) and the sums Σ_j w_jk δ_j (a sheet does not ask them)
        self.slip = slip or (lambda name, value, context: value)
        self.answers: dict[str, Decimal] = {}

    def write(self, name: str, value: Decimal, **context) -> Decimal:
        value = self.slip(name, written(value, self.digits), dict(context, digits=self.digits))
        self.answers[name] = value
        return value

    def write_on_the_way(self, name: str, value: Decimal) -> None:
        if self.on_the_way:
            self.write(name, value)

    def forward(self, weights, biases, suffix: str) -> list[list[Decimal]]:
        activations = [[dec(x) for x in self.table["input"]]]
        for l, layer in enumerate(self.table["layer"], start=1):
            zs = []
            for j, row in enumerate(weights[l - 1]):
                terms = [w * a for w, a in zip(row, activations[-1])]
                z = sum(terms, Decimal(0)) + biases[l - 1][j]
                zs.append(self.write(f"z_{j}^{l}{suffix}", z, terms=terms, bias=biases[l - 1][j]))
            act = layer["activation"]
            if act == "softmax":
                exps = [z.exp() for z in zs]
                outputs = [e / sum(exps, Decimal(0)) for e in exps]
            else:
                outputs = [ACTIVATION[act](z) for z in zs]
            activations.append([self.write(f"a_{j}^{l}{suffix}", a) for j, a in enumerate(outputs)])
        return activations

    def loss(self, outputs: list[Decimal]) -> Decimal:
        targets = [dec(y) for y in self.table["target"]]
        n = len(outputs)
        kind = self.table["loss"]
        if kind == "half_sse":
            return sum(((y - a) ** 2 for y, a in zip(targets, outputs)), Decimal(0)) / 2
        if kind == "mse":
            return sum(((y - a) ** 2 for y, a in zip(targets, outputs)), Decimal(0)) / n
        if kind == "cross_entropy":
            return -sum((y * a.ln() for y, a in zip(targets, outputs) if y), Decimal(0))
        return -sum((y * a.ln() + (1 - y) * (1 - a).ln() for y, a in zip(targets, outputs)), Decimal(0)) / n

    def output_deltas(self, outputs: list[Decimal]) -> list[Decimal]:
        targets = [dec(y) for y in self.table["target"]]
        act, kind, n = self.table["layer"][-1]["activation"], self.table["loss"], len(outputs)
        if (act, kind) in (("softmax", "cross_entropy"), ("sigmoid", "bce")):
            return [a - y for a, y in zip(outputs, targets)]
        scale = {"half_sse": Decimal(1), "mse": Decimal(2) / n}[kind]
        return [scale * (a - y) * self.derivative(act, a) for a, y in zip(outputs, targets)]

    def derivative(self, activation: str, a: Decimal) -> Decimal:
        """f'(z) from the written a; rounded as the worked solution shows it, if asked to."""
        value = DERIVATIVE_FROM_OUTPUT[activation](a)
        return written(value, self.digits) if self.round_derivatives else value

    def write_derivatives(self, l: int, outputs: list[Decimal]) -> None:
        """f'(z_j^l) of a sigmoid or tanh layer from the written a (none for softmax)."""
        activation = self.table["layer"][l - 1]["activation"]
        if activation in DERIVATIVE_FROM_OUTPUT:
            for j, a in enumerate(outputs):
                self.write_on_the_way(f"local:da_{j}^{l}/dz_{j}^{l}", DERIVATIVE_FROM_OUTPUT[activation](a))

    def work(self) -> dict[str, Decimal]:
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return self._work()

    def _work(self) -> dict[str, Decimal]:
        layers = self.table["layer"]
        weights = [[[dec(w) for w in row] for row in layer["weights"]] for layer in layers]
        biases = [[dec(b) for b in layer["biases"]] for layer in layers]
        alpha = dec(self.table["learning_rate"])
        acts = self.forward(weights, biases, "")
        self.write("L", self.loss(acts[-1]))
        depth = len(layers)
        self.write_derivatives(depth, acts[depth])
        deltas = {depth: [self.write(f"delta_{j}^{depth}", d) for j, d in enumerate(self.output_deltas(acts[-1]))]}
        gradients = {}
        for l in range(depth, 0, -1):
            if l < depth:
                act = layers[l - 1]["activation"]
                self.write_derivatives(l, acts[l])
                totals = [sum((weights[l][j][k] * deltas[l + 1][j] for j in range(len(deltas[l + 1]))), Decimal(0))
                          for k in range(len(acts[l]))]
                for k, total in enumerate(totals):
                    self.write_on_the_way(f"dL/da_{k}^{l}", total)
                deltas[l] = [self.write(f"delta_{k}^{l}", total * self.derivative(act, a))
                             for k, (total, a) in enumerate(zip(totals, acts[l]))]
            gradients[l] = (
                [[self.write(f"dL/dw_{j}{k}^{l}", d * a) for k, a in enumerate(acts[l - 1])] for j, d in enumerate(deltas[l])],
                [self.write(f"dL/db_{j}^{l}", d) for j, d in enumerate(deltas[l])],
            )
        new_weights, new_biases = [], []
        for l in range(1, depth + 1):
            dw, db = gradients[l]
            rows, bs = [], []
            for j, row in enumerate(weights[l - 1]):
                rows.append([self.write(f"w_{j}{k}^{l}@2", w - alpha * dw[j][k], parameter=w, alpha=alpha, gradient=dw[j][k])
                             for k, w in enumerate(row)])
                b = biases[l - 1][j]
                bs.append(self.write(f"b_{j}^{l}@2", b - alpha * db[j], parameter=b, alpha=alpha, gradient=db[j]))
            new_weights.append(rows)
            new_biases.append(bs)
        acts = self.forward(new_weights, new_biases, "@2")
        self.write("L@2", self.loss(acts[-1]))
        return self.answers


def as_text(value: Decimal) -> str:
    """The written number as the student writes it, trailing zeros kept (−0.03810, 0.5000)."""
    return "0" if value == 0 else format(value, "f")
